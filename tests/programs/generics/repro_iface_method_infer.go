// Needs Go 1.20/1.21 (see infer_go121.go); expected output derived by hand from the Go 1.22 spec.
package main

import "fmt"

type Getter[T any] interface{ Get() T }

type one struct{}

func (one) Get() int { return 1 }

func Call[T any](g Getter[T]) T { return g.Get() }

func main() { fmt.Println(Call(one{})) }

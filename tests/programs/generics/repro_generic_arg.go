// Needs Go 1.20/1.21 (see infer_go121.go); expected output derived by hand from the Go 1.22 spec.
package main

import "fmt"

func Identity[T any](x T) T { return x }

func Apply[T any](x T, f func(T) T) T { return f(x) }

func main() { fmt.Println(Apply(1, Identity)) }

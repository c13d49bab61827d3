package main

import "fmt"

type Getter[T any] interface{ Get() T }

type one struct{}

func (one) Get() int { return 1 }

func Call[T any](g Getter[T]) T { return g.Get() }

func main() { fmt.Println(Call[int](one{})) }

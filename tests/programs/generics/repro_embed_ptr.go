package main

import "fmt"

type Counter[T any] struct{ n T }

type Named struct {
	*Counter[int]
}

func main() {
	n := Named{&Counter[int]{5}}
	fmt.Println(n.n)
}

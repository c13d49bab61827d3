package main

import "fmt"

type A[T any] struct{ a T }

type S struct {
	A[int]
}

func main() {
	s := S{A: A[int]{1}}
	fmt.Println(s.a, s.A)
}

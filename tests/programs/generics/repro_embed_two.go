package main

import "fmt"

type A[T any] struct{ a T }
type B[T any] struct{ b T }

type S struct {
	A[int]
	B[string]
}

func main() {
	s := S{A[int]{1}, B[string]{"x"}}
	fmt.Println(s.a, s.b)
}

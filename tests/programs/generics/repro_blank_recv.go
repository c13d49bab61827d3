package main

import "fmt"

type Stack[T any] struct{ items []T }

func (s Stack[_]) Len() int { return len(s.items) }

func main() { fmt.Println(Stack[int]{[]int{1, 2}}.Len()) }

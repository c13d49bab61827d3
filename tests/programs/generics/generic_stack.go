package main

import "fmt"

type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func (s Stack[T]) Len() int { return len(s.items) }

func (s Stack[_]) Empty() bool { return len(s.items) == 0 }

func (s Stack[E]) Peek() E { return s.items[len(s.items)-1] }

func NewStack[T any](vs ...T) *Stack[T] {
	s := &Stack[T]{}
	for _, v := range vs {
		s.Push(v)
	}
	return s
}

func main() {
	var s Stack[int]
	s.Push(1)
	s.Push(2)
	push := s.Push
	push(3)
	fmt.Println(s.Len(), s.Peek(), s.Empty())
	pop := (*Stack[int]).Pop
	v, ok := pop(&s)
	fmt.Println(v, ok)
	length := Stack[int].Len
	fmt.Println(length(s))
	peek := s.Peek
	s.Push(100)
	fmt.Println(peek(), s.Peek())
	ss := NewStack("a", "b", "c")
	for !ss.Empty() {
		x, _ := ss.Pop()
		fmt.Print(x, " ")
	}
	fmt.Println()
	_, ok = ss.Pop()
	fmt.Println(ok)
	ps := NewStack[*int]()
	n := 5
	ps.Push(&n)
	p, _ := ps.Pop()
	*p = 6
	fmt.Println(n)
	stacks := map[string]*Stack[float64]{"a": NewStack(1.5), "b": NewStack(2.5, 3.5)}
	fmt.Println(stacks["a"].Len(), stacks["b"].Len(), stacks["b"].Peek())
	var empty Stack[string]
	ev, eok := empty.Pop()
	fmt.Printf("%q %v\n", ev, eok)
}

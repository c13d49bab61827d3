package main

import (
	"fmt"
	"sort"
)

type Pred[T any] func(T) bool

func (p Pred[T]) And(q Pred[T]) Pred[T] { return func(x T) bool { return p(x) && q(x) } }
func (p Pred[T]) Not() Pred[T]          { return func(x T) bool { return !p(x) } }

type Set[T comparable] map[T]struct{}

func SetOf[T comparable](xs ...T) Set[T] {
	s := Set[T]{}
	for _, x := range xs {
		s[x] = struct{}{}
	}
	return s
}

func (s Set[T]) Union(o Set[T]) Set[T] {
	out := Set[T]{}
	for k := range s {
		out[k] = struct{}{}
	}
	for k := range o {
		out[k] = struct{}{}
	}
	return out
}

func (s Set[T]) Len() int { return len(s) }

type Vec[T int | float64] []T

func (v Vec[T]) Sum() T {
	var s T
	for _, x := range v {
		s += x
	}
	return s
}

func (v Vec[T]) Scale(k T) Vec[T] {
	out := make(Vec[T], len(v))
	for i := range v {
		out[i] = v[i] * k
	}
	return out
}

func (v *Vec[T]) Push(x T) { *v = append(*v, x) }

type Matrix[T int | float64] []Vec[T]

func (m Matrix[T]) Total() T {
	var t T
	for _, r := range m {
		t += r.Sum()
	}
	return t
}

type Ch[T any] chan T

func (c Ch[T]) SendAll(xs ...T) {
	for _, x := range xs {
		c <- x
	}
}

func main() {
	pos := Pred[int](func(x int) bool { return x > 0 })
	even := Pred[int](func(x int) bool { return x%2 == 0 })
	pe := pos.And(even)
	fmt.Println(pe(4), pe(3), pe(-2), pos.Not()(-1))
	u := SetOf(1, 2, 3).Union(SetOf(3, 4))
	keys := []int{}
	for k := range u {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	fmt.Println(u.Len(), keys)
	v := Vec[float64]{1, 2.5}
	v.Push(3)
	fmt.Println(v, v.Sum(), v.Scale(2), len(v))
	m := Matrix[int]{{1, 2}, {3}, Vec[int]{4}.Scale(10)}
	fmt.Println(m.Total(), m)
	c := make(Ch[string], 3)
	c.SendAll("a", "b")
	close(c)
	for s := range c {
		fmt.Print(s)
	}
	fmt.Println()
	fmt.Printf("%T %T\n", pe, u)
}

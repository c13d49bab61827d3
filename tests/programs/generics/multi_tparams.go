package main

import (
	"fmt"
	"strconv"
	"strings"
)

type Pair[A, B any] struct {
	First  A
	Second B
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Reduce[T, Acc any](xs []T, init Acc, f func(Acc, T) Acc) Acc {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func Zip[A, B any](as []A, bs []B) []Pair[A, B] {
	n := len(as)
	if len(bs) < n {
		n = len(bs)
	}
	out := make([]Pair[A, B], n)
	for i := 0; i < n; i++ {
		out[i] = Pair[A, B]{as[i], bs[i]}
	}
	return out
}

func Convert[To, From any](x From, f func(From) To) To { return f(x) }

func Swap[A, B any](p Pair[A, B]) Pair[B, A] { return Pair[B, A]{p.Second, p.First} }

func main() {
	xs := []int{1, 2, 3, 4}
	fmt.Println(Map(xs, strconv.Itoa))
	fmt.Println(Map[int, string](xs, func(i int) string { return strings.Repeat("*", i) }))
	fmt.Println(Map[int](xs, func(i int) float64 { return float64(i) / 2 }))
	fmt.Println(Reduce(xs, "", func(acc string, x int) string { return acc + strconv.Itoa(x) }))
	fmt.Println(Reduce(xs, 0.5, func(acc float64, x int) float64 { return acc * float64(x) }))
	z := Zip([]string{"a", "b", "c"}, []bool{true, false})
	fmt.Println(z, len(z))
	fmt.Printf("%v %+v\n", z[0], z[1])
	fmt.Println(Convert[string](42, strconv.Itoa))
	n := Convert[int]("17", func(s string) int { v, _ := strconv.Atoi(s); return v })
	fmt.Println(n + 1)
	s := Swap(Pair[int, string]{1, "one"})
	fmt.Printf("%v %T\n", s, s)
	fmt.Println(Swap(Swap(s)).First)
}

package main

import (
	"fmt"
	"strings"
)

type Ordered interface {
	~int | ~float64 | ~string
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func Filter[T any](xs []T, f func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if f(x) {
			out = append(out, x)
		}
	}
	return out
}

func MergeSort[T Ordered](xs []T) []T {
	if len(xs) <= 1 {
		return xs
	}
	mid := len(xs) / 2
	a, b := MergeSort(xs[:mid]), MergeSort(xs[mid:])
	out := make([]T, 0, len(xs))
	for len(a) > 0 && len(b) > 0 {
		if a[0] <= b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

type Seq[T Ordered] struct{ items []T }

func (s Seq[T]) Sorted() Seq[T]              { return Seq[T]{MergeSort(append([]T(nil), s.items...))} }
func (s Seq[T]) Where(f func(T) bool) Seq[T] { return Seq[T]{Filter(s.items, f)} }
func (s Seq[T]) Strings() []string           { return Map(s.items, func(x T) string { return fmt.Sprint(x) }) }
func (s Seq[T]) Lens() Seq[int] {
	return Seq[int]{Map(s.Strings(), func(x string) int { return len(x) })}
}
func (s Seq[T]) Max() T { return s.Sorted().items[len(s.items)-1] }

func Even[T ~int](n T) bool {
	if n == 0 {
		return true
	}
	return Odd(n - 1)
}

func Odd[T ~int](n T) bool {
	if n == 0 {
		return false
	}
	return Even(n - 1)
}

func main() {
	s := Seq[int]{[]int{5, 2, 9, 1, 7}}
	fmt.Println(s.Sorted().items, s.items)
	fmt.Println(s.Where(func(x int) bool { return x > 3 }).Sorted().items)
	fmt.Println(strings.Join(s.Strings(), "+"))
	w := Seq[string]{[]string{"pear", "fig", "banana"}}
	fmt.Println(w.Sorted().items, w.Lens().items, w.Lens().Max(), w.Max())
	fmt.Println(MergeSort([]float64{3.5, -1, 2}))
	fmt.Println(Even(10), Odd(7), Even(3))
}

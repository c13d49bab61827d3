// Needs Go 1.20+ (interface types satisfy comparable); expected output derived by hand
// from the Go spec: comparing two interface values with identical uncomparable dynamic
// types panics, different dynamic types compare unequal, hashing panics.
package main

import "fmt"

func Index[T comparable](xs []T, x T) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

type Set[T comparable] map[T]struct{}

func (s Set[T]) Add(v T)      { s[v] = struct{}{} }
func (s Set[T]) Has(v T) bool { _, ok := s[v]; return ok }

func Equal[T comparable](a, b T) bool { return a == b }

func try(name string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println(name, "panic:", r)
		}
	}()
	f()
	fmt.Println(name, "ok")
}

type Point struct{ X, Y int }

func main() {
	fmt.Println(Index([]any{1, "a", 2.5}, any("a")))
	fmt.Println(Index([]any{1, "a", 2.5}, any(2.5)))
	fmt.Println(Index([]Point{{1, 2}, {3, 4}}, Point{3, 4}))
	var e1, e2 error
	fmt.Println(Equal(e1, e2))
	fmt.Println(Equal[any](1, 1), Equal[any](1, int64(1)), Equal[any](nil, nil))
	fmt.Println(Equal[fmt.Stringer](nil, nil))
	fmt.Println(Equal([2]int{1, 2}, [2]int{1, 2}))
	s := Set[any]{}
	s.Add(1)
	s.Add("x")
	s.Add(Point{1, 1})
	fmt.Println(len(s), s.Has(1), s.Has(Point{1, 1}), s.Has(2))
	try("equal slices", func() { fmt.Println(Equal[any]([]int{1}, []int{1})) })
	try("equal diff types", func() { fmt.Println(Equal[any]([]int{1}, 1)) })
	try("index", func() { fmt.Println(Index([]any{1, map[string]int{}}, any(map[string]int{}))) })
	try("set add", func() { s.Add([]string{"a"}) })
	try("set has func", func() { fmt.Println(s.Has(func() {})) })
	fmt.Println(len(s))
}

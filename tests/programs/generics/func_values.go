package main

import (
	"fmt"
	"strconv"
)

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

func Apply[T any](xs []T, f func(T) T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func Identity[T any](x T) T { return x }

type Scaler struct{ k int }

func (s Scaler) Scale(x int) int { return x * s.k }

func Compose[A, B, C any](f func(A) B, g func(B) C) func(A) C {
	return func(a A) C { return g(f(a)) }
}

func main() {
	f := Sum[int]
	g := Sum[float64]
	fmt.Println(f([]int{1, 2, 3}), g([]float64{0.5, 0.25}))
	fmt.Printf("%T\n", f)
	var h func([]int64) int64 = Sum[int64]
	fmt.Println(h([]int64{10, 20}))
	fs := []func([]int) int{Sum[int], func(xs []int) int { return len(xs) }}
	for _, fn := range fs {
		fmt.Println(fn([]int{4, 5, 6}))
	}
	sc := Scaler{3}
	fmt.Println(Apply([]int{1, 2, 3}, sc.Scale))
	fmt.Println(Apply([]int{1, 2, 3}, Identity[int]))
	fmt.Println(Apply([]string{"a", "b"}, Identity[string]))
	fmt.Println(Apply([]int{1, 2}, func(x int) int { return Scaler.Scale(Scaler{10}, x) }))
	itoa := Compose(strconv.Itoa, func(s string) int { return len(s) })
	fmt.Println(itoa(12345), itoa(7))
	c2 := Compose(Identity[float64], func(x float64) string { return fmt.Sprint(x * 2) })
	fmt.Println(c2(1.25))
	id := Identity[[]int]
	fmt.Println(id([]int{9}))
}

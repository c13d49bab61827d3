package main

import "fmt"

type Pair[A, B any] struct {
	A A
	B B
}

func Zero[T any]() T {
	var z T
	return z
}

func NewZero[T any]() T { return *new(T) }

func IsZero[T comparable](x T) bool {
	var z T
	return x == z
}

func OrDefault[T comparable](x, def T) T {
	if x == *new(T) {
		return def
	}
	return x
}

func PtrTo[T any](v T) *T { return &v }

func main() {
	fmt.Printf("%v %q %v %v\n", Zero[int](), Zero[string](), Zero[float64](), Zero[bool]())
	fmt.Println(Zero[*int]() == nil, Zero[[]int]() == nil, Zero[map[string]int]() == nil, Zero[error]() == nil)
	fmt.Println(Zero[func()]() == nil, Zero[chan int]() == nil, Zero[any]() == nil)
	fmt.Printf("%+v\n", Zero[Pair[int, string]]())
	fmt.Printf("%+v\n", NewZero[Pair[*int, []string]]())
	fmt.Println(NewZero[[3]int](), len(NewZero[[]int]()))
	fmt.Println(IsZero(0), IsZero(1), IsZero(""), IsZero(Pair[int, string]{}), IsZero(Pair[int, string]{1, ""}))
	var ip *int
	fmt.Println(IsZero(ip), IsZero(""), IsZero(0.0))
	fmt.Println(OrDefault("", "dflt"), OrDefault("set", "dflt"), OrDefault(0, 42))
	p := PtrTo(5)
	q := PtrTo(5)
	*p++
	fmt.Println(*p, *q, p != q)
	m := Zero[map[string]int]()
	fmt.Println(m["missing"], len(m))
	var z Pair[Pair[int, bool], []byte]
	fmt.Printf("%v %v\n", z, z.B == nil)
}

package main

import (
	"errors"
	"fmt"
)

func SafeCall[T any](f func() T) (res T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return f(), nil
}

func MustGet[K comparable, V any](m map[K]V, k K) V {
	v, ok := m[k]
	if !ok {
		panic(fmt.Sprintf("missing key %v", k))
	}
	return v
}

type Boxed[T any] struct{ V T }

func PanicWith[T any](v T) {
	panic(Boxed[T]{v})
}

func Catch[T any](f func()) (got T, ok bool) {
	defer func() {
		r := recover()
		if b, isBox := r.(Boxed[T]); isBox {
			got, ok = b.V, true
		} else if r != nil {
			panic(r)
		}
	}()
	f()
	return
}

func DeferOrder[T any](xs ...T) {
	for _, x := range xs {
		defer fmt.Print(x, " ")
	}
	fmt.Print("start ")
}

func Cleanup[T any](v T, log *[]string) (out T) {
	defer func() { *log = append(*log, fmt.Sprint("cleanup ", out)) }()
	out = v
	return
}

func main() {
	v, err := SafeCall(func() int { return 42 })
	fmt.Println(v, err)
	s, err := SafeCall(func() string { var xs []string; return xs[3] })
	fmt.Printf("%q %v\n", s, err)
	p, err := SafeCall(func() *int { panic(errors.New("custom")) })
	fmt.Println(p, err)
	m := map[string]int{"a": 1}
	_, err = SafeCall(func() int { return MustGet(m, "b") })
	fmt.Println(err)
	n, ok := Catch[int](func() { PanicWith(7) })
	fmt.Println(n, ok)
	_, err = SafeCall(func() bool {
		_, _ = Catch[int](func() { PanicWith("str") })
		return true
	})
	fmt.Println(err)
	DeferOrder(1, 2, 3)
	fmt.Println()
	var log []string
	Cleanup(3.5, &log)
	Cleanup("x", &log)
	fmt.Println(log)
	_, err = SafeCall(func() float64 { a, b := 1, 0; return float64(a / b) })
	fmt.Println(err)
}

package main

import (
	"fmt"
	"sort"
)

type Number interface{ ~int | ~float64 }

func Accumulator[T Number](start T) func(T) T {
	total := start
	return func(x T) T {
		total += x
		return total
	}
}

func Memoize[K comparable, V any](f func(K) V) (func(K) V, *int) {
	cache := map[K]V{}
	misses := 0
	return func(k K) V {
		if v, ok := cache[k]; ok {
			return v
		}
		misses++
		v := f(k)
		cache[k] = v
		return v
	}, &misses
}

func Counter[T comparable]() (func(T), func() map[T]int) {
	counts := make(map[T]int)
	return func(x T) { counts[x]++ }, func() map[T]int { return counts }
}

func Generators[T any](vals []T) []func() T {
	var fs []func() T
	for i := range vals {
		v := vals[i]
		fs = append(fs, func() T { return v })
	}
	return fs
}

func Curry[A, B, C any](f func(A, B) C) func(A) func(B) C {
	return func(a A) func(B) C {
		return func(b B) C { return f(a, b) }
	}
}

func main() {
	acc := Accumulator(10)
	acc(1)
	fmt.Println(acc(2))
	facc := Accumulator(0.5)
	facc(0.25)
	fmt.Println(facc(0.25))
	sq, misses := Memoize(func(n int) int { return n * n })
	fmt.Println(sq(3), sq(4), sq(3), *misses)
	add, get := Counter[string]()
	for _, w := range []string{"a", "b", "a", "c", "a"} {
		add(w)
	}
	m := get()
	keys := make([]string, 0)
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Print(k, m[k], " ")
	}
	fmt.Println()
	for _, g := range Generators([]string{"x", "y", "z"}) {
		fmt.Print(g())
	}
	fmt.Println()
	cat := Curry(func(s string, n int) string { return fmt.Sprint(s, n) })
	fmt.Println(cat("n=")(5), cat("m=")(6))
	pow := Curry(func(b float64, e int) float64 {
		r := 1.0
		for i := 0; i < e; i++ {
			r *= b
		}
		return r
	})
	fmt.Println(pow(2)(10))
}

package main

import "fmt"

type Ints []int
type Names map[string]int
type Celsius float64

func Filter[S ~[]E, E any](s S, keep func(E) bool) S {
	var out S
	for _, v := range s {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

func Keys[M ~map[K]V, K comparable, V any](m M) int {
	n := 0
	for range m {
		n++
	}
	return n
}

func SumVals[M ~map[K]V, K comparable, V int | float64](m M) V {
	var s V
	for _, v := range m {
		s += v
	}
	return s
}

func Set[T any](p *T, v T) { *p = v }

func Deref[T any](p *T) T { return *p }

func Drain[T any](c <-chan T) []T {
	var out []T
	for v := range c {
		out = append(out, v)
	}
	return out
}

func Send[T any](c chan<- T, vs ...T) {
	for _, v := range vs {
		c <- v
	}
	close(c)
}

func Double[T ~float64](x T) T { return x * 2 }

func main() {
	evens := Filter(Ints{1, 2, 3, 4, 5, 6}, func(x int) bool { return x%2 == 0 })
	fmt.Printf("%T %v\n", evens, evens)
	plain := Filter([]string{"a", "", "b"}, func(s string) bool { return s != "" })
	fmt.Printf("%T %v\n", plain, plain)
	m := Names{"a": 1, "b": 2, "c": 3}
	fmt.Println(Keys(m), SumVals(m))
	fmt.Println(SumVals(map[int]float64{1: 0.5, 2: 0.25}))
	var c Celsius = 21.5
	d := Double(c)
	fmt.Printf("%T %v\n", d, d)
	x := 3
	Set(&x, 10)
	fmt.Println(x, Deref(&x))
	var s string
	Set(&s, "hello")
	fmt.Println(s)
	ch := make(chan int, 5)
	Send(ch, 1, 2, 3)
	fmt.Println(Drain(ch))
	sc := make(chan string, 2)
	go Send(sc, "x", "y")
	fmt.Println(Drain(sc))
}

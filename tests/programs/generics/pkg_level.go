package main

import "fmt"

type Pair[K comparable, V any] struct {
	K K
	V V
}

func (p Pair[X, Y]) Swap() Pair[string, X] { return Pair[string, X]{fmt.Sprint(p.V), p.K} }
func (q Pair[A, B]) Key() A                { return q.K }

type Registry struct {
	entries []Pair[string, int]
}

func (r *Registry) Add(k string, v int) { r.entries = append(r.entries, Pair[string, int]{k, v}) }

var global = Pair[int, string]{7, "seven"}
var counts = map[Pair[int, int]]string{{1, 2}: "a", {3, 4}: "b"}
var reg Registry
var zeroF = Zero[float64]()
var mapped = Map([]int{1, 2}, func(x int) Pair[int, bool] { return Pair[int, bool]{x, x > 1} })

func Zero[T any]() T { var z T; return z }

func Map[T, U any](xs []T, f func(T) U) []U {
	var out []U
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func init() {
	reg.Add("init", 1)
}

func F[int any](x int) int { return x }

type string2 = string

func G[string any, T ~string2](s T, x string) (T, string) { return s + "!", x }

func Of[T any](xs ...T) []T { return xs }

func main() {
	fmt.Println(global, global.Swap(), global.Swap().Swap(), global.Key())
	fmt.Println(counts[Pair[int, int]{3, 4}], len(counts))
	fmt.Println(reg.entries, zeroF, mapped)
	fmt.Println(F(1.5), F("x"))
	a, b := G("hi", 3)
	fmt.Println(a, b)
	fmt.Println(Pair[int, string]{1, "a"} == Pair[int, string]{1, "a"}, global == Pair[int, string]{})
	fmt.Println(any(Pair[int, int]{}) == any(Pair[int, int]{}), any(Pair[int, int]{}) == any(Pair[int, int64]{}))
	fmt.Println(len(Of[int]()), Of(global.Swap().V, 1), Of([]int{4, 5}...))
	xs := []string{"p", "q"}
	fmt.Println(Of(xs...), Of[any](1, "a", nil))
	switch any(global.Swap()).(type) {
	case Pair[string, string]:
		fmt.Println("string,string")
	case Pair[string, int]:
		fmt.Println("string,int")
	}
}

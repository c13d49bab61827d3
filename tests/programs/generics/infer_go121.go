// Needs Go 1.21 type inference (untyped constants of mixed kinds, generic functions as
// arguments and in assignments, methods of interface parameters) and Go 1.20 local types
// in generic functions. Expected output derived by hand from the Go 1.22 spec.
package main

import "fmt"

func Max[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func Identity[T any](x T) T { return x }

func Apply[T any](xs []T, f func(T) T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func Double[T int | float64](x T) T { return 2 * x }

type Getter[T any] interface{ Get() T }

type one struct{}

func (one) Get() int { return 1 }

func Call[T any](g Getter[T]) T { return g.Get() }

func Pairs[T any](xs ...T) []string {
	type pair struct {
		a, b T
	}
	var ps []pair
	for i := 0; i+1 < len(xs); i += 2 {
		ps = append(ps, pair{xs[i], xs[i+1]})
	}
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%+v", p))
	}
	return out
}

func getDouble() func(int) int { return Double }

func main() {
	m := Max(1, 2.5)
	fmt.Printf("%T %v\n", m, m) // float64 2.5
	n := Max(3, 2)
	fmt.Printf("%T %v\n", n, n) // int 3
	var g func(string) string = Identity
	fmt.Println(g("id"))                        // id
	fmt.Println(Apply([]int{1, 2}, Double))     // [2 4]
	fmt.Println(Apply([]float64{1.25}, Double)) // [2.5]
	fmt.Println(Apply([]string{"s"}, Identity)) // [s]
	fmt.Println(getDouble()(21))                // 42
	fmt.Println(Call(one{}))                    // 1
	fmt.Println(Pairs(1, 2, 3, 4))              // [{a:1 b:2} {a:3 b:4}]
	fmt.Println(Pairs("x", "y"))                // [{a:x b:y}]
}

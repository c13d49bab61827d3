// Sums a million ints 50 times, through a generic function ("generic") or a plain
// one: with monomorphised instances both run the same instructions.
package main

import (
	"fmt"
	"os"
)

type Number interface{ ~int | ~float64 }

func SumGeneric[T Number](xs []T) T {
	var t T
	for _, x := range xs {
		t += x
	}
	return t
}

func SumInt(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func MapGeneric[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func main() {
	xs := make([]int, 1000000)
	for i := range xs {
		xs[i] = i
	}
	total := 0
	generic := len(os.Args) > 1 && os.Args[1] == "generic"
	for r := 0; r < 50; r++ {
		if generic {
			total += SumGeneric(xs)
		} else {
			total += SumInt(xs)
		}
	}
	fmt.Println(total)
}

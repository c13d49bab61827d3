// Needs Go 1.20/1.21 (see infer_go121.go); expected output derived by hand from the Go 1.22 spec.
package main

import "fmt"

func Max[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func main() {
	m := Max(1, 2.5)
	fmt.Printf("%T %v\n", m, m)
}

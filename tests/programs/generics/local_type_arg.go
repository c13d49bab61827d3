package main

import "fmt"

type Box[T any] struct{ V T }

func Show[T any](x T) string { return fmt.Sprintf("%T %v", x, x) }

func main() {
	type local struct{ A int }
	b := Box[local]{local{1}}
	fmt.Printf("%T %v %+v\n", b, b, b)
	fmt.Println(Show(b))
	fmt.Println(Show(local{2}))
	type ints []int
	fmt.Println(Show(Box[ints]{ints{1}}))
}

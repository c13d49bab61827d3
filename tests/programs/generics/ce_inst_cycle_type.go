package main

import "fmt"

type Opt[T any] struct {
	val  T
	next *Opt[[]T]
}

func main() {
	o := Opt[int]{val: 3}
	fmt.Println(o.val, o.next == nil)
}

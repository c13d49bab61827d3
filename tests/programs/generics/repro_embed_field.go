package main

import "fmt"

type Base[T any] struct{ val T }

type Derived[T any] struct {
	Base[T]
	extra int
}

func main() {
	d := Derived[int]{Base[int]{1}, 2}
	fmt.Println(d.Base.val, d.val)
}

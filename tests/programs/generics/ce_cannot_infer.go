package main

import "fmt"

func Zero[T any]() T {
	var z T
	return z
}

func main() {
	fmt.Println(Zero[int]())
	x := Zero()
	fmt.Println(x)
}

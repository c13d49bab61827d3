package main

import "fmt"

type Named interface {
	Name() string
}

func Show[T Named](x T) string {
	return x.Name() + x.String()
}

func main() {
	fmt.Println("x")
}

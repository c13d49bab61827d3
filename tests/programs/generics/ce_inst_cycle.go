package main

import "fmt"

func Depth[T any](x T, n int) string {
	if n == 0 {
		return fmt.Sprintf("%T", x)
	}
	return Depth([]T{x}, n-1)
}

func main() {
	fmt.Println(Depth(1, 3))
}

package main

import "fmt"

func Mid[S ~[]E | ~string, E any](s S) S {
	return s[1:2]
}

func main() {
	fmt.Println(Mid([]int{1, 2, 3}))
}

package main

import "fmt"

// The length of an array type is a constant: ranging over a nil pointer to one for its
// indexes reads nothing, so it runs its iterations without a nil dereference.
func main() {
	var p *[10]int
	n := 0
	for i := range p {
		n += i
	}
	fmt.Println(n)
	n = 0
	for i, _ := range p {
		n += i
	}
	fmt.Println(n)
	for range p {
		n++
	}
	fmt.Println(n, len(p), cap(p))
}

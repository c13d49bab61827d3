package main

import "fmt"

func nilArray() *[3]int {
	fmt.Println("called: a range expression with a call is evaluated")
	return nil
}

func array() [2]string {
	fmt.Println("called too")
	return [2]string{"a", "b"}
}

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
	for i := range nilArray() {
		n += i
	}
	for i := range array() {
		n += i
	}
	fmt.Println(n)
}

// A panic in the Error method of a value being printed as a panic ends the program with
// Go's fatal error.
package main

import "fmt"

type E struct{}

func (E) Error() string { panic("inner") }

func main() {
	fmt.Println("start")
	panic(E{})
}

// A type that holds itself has no size: Go rejects it (once the front end's walks over
// it overflowed the stack).
package main

type Tree struct {
	kids [2]Tree
}

func main() {
	var t Tree
	_ = t == t
}

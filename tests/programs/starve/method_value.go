// A goroutine recursing through a method value, with no loop anywhere, must not keep
// main from waking.
package main

import (
	"fmt"
	"time"
)

type tree struct{ depth int }

func (t *tree) walk(n int) int {
	if n == 0 {
		return t.depth
	}
	f := t.walk
	return f(n-1) + f(n-1)
}

func main() {
	go (&tree{1}).walk(62)
	time.Sleep(20 * time.Millisecond)
	fmt.Println("main is done")
}

// A goroutine recursing through an interface method, with no loop anywhere, must not
// keep main from waking.
package main

import (
	"fmt"
	"time"
)

type Walker interface{ Walk(n int) int }

type tree struct{}

func (t tree) Walk(n int) int {
	if n == 0 {
		return 1
	}
	var w Walker = t
	return w.Walk(n-1) + w.Walk(n-1)
}

func main() {
	go tree{}.Walk(62)
	time.Sleep(20 * time.Millisecond)
	fmt.Println("main is done")
}

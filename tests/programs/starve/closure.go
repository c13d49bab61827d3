// A goroutine recursing through a closure, with no loop anywhere, must not keep main
// from waking: every function entry is a safepoint.
package main

import (
	"fmt"
	"time"
)

func main() {
	var f func(n int) int
	f = func(n int) int {
		if n == 0 {
			return 1
		}
		return f(n-1) + f(n-1)
	}
	go f(62)
	time.Sleep(20 * time.Millisecond)
	fmt.Println("main is done")
}

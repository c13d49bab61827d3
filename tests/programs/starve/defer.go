// A goroutine recursing through deferred calls, with no loop anywhere and no call of
// its own, must not keep main from waking.
package main

import (
	"fmt"
	"time"
)

func fan(n int) {
	if n == 0 {
		return
	}
	defer fan(n - 1)
	defer fan(n - 1)
}

func main() {
	go fan(62)
	time.Sleep(20 * time.Millisecond)
	fmt.Println("main is done")
}

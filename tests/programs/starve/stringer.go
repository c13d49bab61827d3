// A goroutine looping inside a String method that fmt calls must not keep main from
// waking: the method runs as ordinary Go code of its goroutine.
package main

import (
	"fmt"
	"time"
)

type looper struct{}

func (looper) String() string {
	n := 0
	for {
		n++
	}
}

func main() {
	go fmt.Println(looper{})
	time.Sleep(20 * time.Millisecond)
	fmt.Println("main is done")
}

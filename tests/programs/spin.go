// A goroutine that spins forever without calls must not keep main from running: main
// sleeps, so the spinner has the processor, and only preemption gives it back.
package main

import (
	"fmt"
	"time"
)

func main() {
	started := make(chan bool)
	go func() {
		started <- true
		n := 0
		for {
			n++
		}
	}()
	<-started
	time.Sleep(20 * time.Millisecond)
	fmt.Println("main is done")
}

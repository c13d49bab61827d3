// Many handoffs between a select and a plain channel operation on two threads: a select
// must never park without seeing a partner that arrived while it was polling.
package main

import "fmt"

func main() {
	c := make(chan int)
	quit := make(chan struct{})
	back := make(chan int)
	done := make(chan int)
	go func() {
		sum := 0
		for {
			select {
			case v := <-back:
				sum += v
			case c <- sum:
			case <-quit:
				done <- sum
				return
			}
		}
	}()
	total := 0
	for i := 0; i < 20000; i++ {
		total += <-c
		back <- 1
	}
	close(quit)
	fmt.Println(total, <-done)
}

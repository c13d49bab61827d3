// Racing on a slice: one goroutine assigns slices of different lengths while others
// index, range over, append to and copy it.
package main

import (
	"fmt"
	"sync/atomic"
)

var s []int

// The reader's iterations: enough for the writer to run beside it for a while.
const rounds = 1000000

func main() {
	short := make([]int, 2)
	long := make([]int, 1000)
	var stop atomic.Bool
	started := make(chan bool)
	go func() {
		started <- true
		for i := 0; !stop.Load(); i++ {
			if i%2 == 0 {
				s = short
			} else {
				s = long
			}
		}
	}()
	<-started
	n := 0
	buf := make([]int, 8)
	for round := 0; round < rounds; round++ {
		t := s
		if len(t) > 500 {
			n += t[500]
			t[499] = n
		}
		for _, v := range t {
			n += v
		}
		n += copy(buf, t)
		t = append(t, 1)
		n += len(t)
	}
	stop.Store(true)
	fmt.Println("done")
}

// Racing on a string: one goroutine assigns strings of different lengths (and the empty
// string) while others read, slice, compare, concatenate and print it. A racy Go program
// may see torn values and compute garbage; it must not bring govm down.
package main

import (
	"fmt"
	"strings"
	"sync/atomic"
)

var s string

// The reader's iterations: enough for the writer to run beside it for a while.
const rounds = 1000000

func main() {
	var stop atomic.Bool
	started := make(chan bool)
	go func() {
		started <- true
		for i := 0; !stop.Load(); i++ {
			switch i % 3 {
			case 0:
				s = ""
			case 1:
				s = "a short one"
			default:
				s = strings.Repeat("long ", 40)
			}
		}
	}()
	<-started
	n := 0
	for round := 0; round < rounds; round++ {
		t := s
		n += len(t)
		if len(t) > 3 {
			n += int(t[3]) + len(t[1:3])
		}
		if t == "a short one" {
			n++
		}
		u := t + "!"
		n += len(u) + strings.Index(t, "one")
		if n%1000 == 0 {
			_ = fmt.Sprint(t)
		}
	}
	stop.Store(true)
	fmt.Println("done")
}

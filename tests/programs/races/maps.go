// Racing on a map and on the variable holding it: concurrent writes are Go's fatal
// error; swapping the map variable while others use it is a plain race.
package main

import (
	"fmt"
	"sync/atomic"
)

var m = map[string]int{}

// The reader's iterations: enough for the writer to run beside it for a while.
const rounds = 1000000

func main() {
	var stop atomic.Bool
	started := make(chan bool)
	go func() {
		started <- true
		for i := 0; !stop.Load(); i++ {
			if i%100 == 0 {
				m = map[string]int{"fresh": i}
			}
			m[fmt.Sprint(i%50)] = i
		}
	}()
	<-started
	n := 0
	for round := 0; round < rounds; round++ {
		n += m["7"] + len(m)
		for k, v := range m {
			n += len(k) + v
			break
		}
	}
	stop.Store(true)
	fmt.Println("done")
}

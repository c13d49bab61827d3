// Racing on interfaces: one goroutine stores values of different types (one-word and
// multi-word) in an interface while others switch on its type and use what they find.
package main

import (
	"fmt"
	"sync/atomic"
)

type pair struct{ a, b string }

var x interface{}

// The reader's iterations: enough for the writer to run beside it for a while.
const rounds = 1000000

func main() {
	var stop atomic.Bool
	started := make(chan bool)
	go func() {
		started <- true
		for i := 0; !stop.Load(); i++ {
			switch i % 4 {
			case 0:
				x = 42
			case 1:
				x = "a string value"
			case 2:
				x = pair{"left", "right"}
			default:
				x = []int{1, 2, 3}
			}
		}
	}()
	<-started
	n := 0
	for round := 0; round < rounds; round++ {
		switch v := x.(type) {
		case int:
			n += v
		case string:
			n += len(v)
			if len(v) > 0 {
				n += int(v[0])
			}
		case pair:
			n += len(v.a) + len(v.b)
		case []int:
			for _, e := range v {
				n += e
			}
		}
		if n%1000 == 0 {
			_ = fmt.Sprint(x)
		}
	}
	stop.Store(true)
	fmt.Println("done")
}

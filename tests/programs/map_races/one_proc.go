// Goroutines share one map with nothing to order them: a race, which Go may report even
// with one GOMAXPROCS, as it preempts goroutines anywhere. govm switches goroutines only
// at safepoints and no map operation spans one, so with GOMAXPROCS=1 they never meet:
// the program runs to its end (with more, it would end in Go's fatal error).
package main

import (
	"fmt"
	"runtime"
)

func main() {
	m := map[int]int{}
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			for r := 0; r < 100; r++ {
				for i := 0; i < 500; i++ {
					m[g*1000+i] = r
					m[i] += m[g*1000+i]
				}
				// A range loop that others write into while it yields.
				for k, v := range m {
					if (k+v)%97 == 0 {
						runtime.Gosched()
					}
				}
				_ = fmt.Sprint(m)
				for i := 0; i < 500; i += 2 {
					delete(m, g*1000+i)
				}
				if r%25 == 24 {
					clear(m)
				}
			}
			done <- true
		}()
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	fmt.Println("done")
}

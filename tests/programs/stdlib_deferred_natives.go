// Functions implemented in Rust (time.Sleep, sync/atomic, strings) called by defer and
// go: during a panic they must run, park and panic as Go code does.
package main

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var n int64

// A deferred Sleep parks the panicking goroutine; the panic goes on after it.
func sleepThenRecover() (r int) {
	defer func() {
		if e := recover(); e != nil {
			fmt.Println("recovered:", e, "n =", atomic.LoadInt64(&n))
			r = 7
		}
	}()
	defer atomic.AddInt64(&n, 1)
	defer time.Sleep(time.Millisecond)
	defer strings.ToUpper("ignored")
	panic("first")
}

// A deferred Rust function that panics while another panic unwinds replaces it.
func rustFnPanicsDuringPanic() (msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	var p *int64
	defer atomic.AddInt64(p, 1)
	defer time.Sleep(time.Millisecond)
	panic("replaced")
}

// Deferred Rust functions on a normal return, parking too.
func normalReturn() int {
	defer atomic.AddInt64(&n, 10)
	defer time.Sleep(time.Millisecond)
	return int(atomic.LoadInt64(&n))
}

// A goroutine whose function is a Rust function, and one that panics and recovers while
// a deferred Done parks nothing but must still run.
func goroutines() {
	var wg sync.WaitGroup
	wg.Add(2)
	go time.Sleep(time.Millisecond)
	go func() {
		defer wg.Done()
		defer func() { fmt.Println("goroutine recovered:", recover()) }()
		defer time.Sleep(time.Millisecond)
		var m map[string]int
		m["x"] = 1
	}()
	go func() {
		defer wg.Done()
		defer atomic.AddInt64(&n, 100)
		time.Sleep(2 * time.Millisecond)
	}()
	wg.Wait()
	fmt.Println("n =", atomic.LoadInt64(&n))
}

func main() {
	fmt.Println(sleepThenRecover())
	fmt.Println(rustFnPanicsDuringPanic())
	fmt.Println(normalReturn(), atomic.LoadInt64(&n))
	goroutines()
	for i := 0; i < 3; i++ {
		fmt.Println(sleepThenRecover())
	}
}

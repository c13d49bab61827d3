// Methods that fmt calls are ordinary Go code of the formatting goroutine: they may park
// on channels and mutexes, and a String method blocked for good is a deadlock that Go
// reports as such.
package main

import (
	"fmt"
	"sync"
)

type waiter struct{ ch chan string }

func (w waiter) String() string { return <-w.ch }

type locked struct{ mu *sync.Mutex }

func (l locked) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return "unlocked"
}

type stuck struct{}

func (stuck) String() string {
	select {}
}

func main() {
	w := waiter{make(chan string)}
	go func() { w.ch <- "sent" }()
	fmt.Println(w)
	mu := &sync.Mutex{}
	mu.Lock()
	done := make(chan bool)
	go func() {
		fmt.Println(locked{mu})
		done <- true
	}()
	mu.Unlock()
	<-done
	fmt.Printf("%v and %s\n", w.String == nil, fmt.Sprint(stuck{}))
}

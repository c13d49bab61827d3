// gc_api: runtime.GC, ReadMemStats and runtime/debug settings, checked against Go.
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

type node struct {
	next *node
	buf  [4]int
}

func main() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	before := m.NumGC
	var keep *node
	for i := 0; i < 100000; i++ {
		n := &node{next: keep}
		if i%1000 == 0 {
			keep = n
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	fmt.Println(m.NumGC > before, m.NumForcedGC, m.Mallocs >= 100000, m.Frees > 90000, m.HeapAlloc < 1<<20, m.TotalAlloc >= 100000*48)
	old := debug.SetGCPercent(50)
	fmt.Println(old, debug.SetGCPercent(old))
	fmt.Println(debug.SetMemoryLimit(-1) == 1<<63-1)
	n := 0
	for p := keep; p != nil; p = p.next {
		n++
	}
	fmt.Println(n)
}

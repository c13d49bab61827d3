// Library functions written in Rust, called from loops that run as machine code with
// GOVM_JIT=all: one that computes, one that yields, one that collects while pointers are
// live in the frame, and one that ends the program.
package main

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"strings"
)

func norm(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x * x
	}
	return math.Sqrt(s)
}

func spin(n int, done chan bool) {
	for i := 0; i < n; i++ {
		runtime.Gosched()
	}
	done <- true
}

func collect(n int) int {
	p := &[4]int{1, 2, 3, 4}
	t := 0
	for i := 0; i < n; i++ {
		runtime.GC()
		t += p[i%4]
	}
	return t
}

func count(s, sub string, n int) int {
	t := 0
	for i := 0; i < n; i++ {
		t += strings.Index(s, sub) + i
	}
	return t
}

func main() {
	fmt.Println(norm([]float64{3, 4}))
	done := make(chan bool)
	go spin(100, done)
	for i := 0; i < 100; i++ {
		runtime.Gosched()
	}
	<-done
	fmt.Println(collect(10), count("chicken", "ken", 5))
	defer fmt.Println("not printed: os.Exit runs no deferred call")
	for i := 0; ; i++ {
		if i == 3 {
			os.Exit(3)
		}
	}
}

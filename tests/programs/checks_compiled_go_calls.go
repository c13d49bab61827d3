// Calls between compiled functions (GOVM_JIT=all): recursion deeper than machine code
// nests, growing the goroutine's stack as it goes, mutual recursion, results of
// several slots, recursion stopped by preemption on two threads, and a panic deep in
// compiled calls, recovered, then one that ends the program with its trace; closures
// calling closures, a method value, a Rust function as a func value, and a nil one.
package main

import (
	"fmt"
	"runtime"
	"strings"
)

type pair struct{ lo, hi int }

func sum(n int) int {
	if n == 0 {
		return 0
	}
	a, b, c := n, n%7, n%11
	return a + sum(n-1) + b - c + c - b
}

func even(n int) bool {
	if n == 0 {
		return true
	}
	return odd(n - 1)
}

func odd(n int) bool {
	if n == 0 {
		return false
	}
	return even(n - 1)
}

func split(n int) (pair, string) {
	if n < 2 {
		return pair{n, n}, "leaf"
	}
	p, _ := split(n / 2)
	return pair{p.lo, p.hi + n}, "node"
}

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

// elem is small enough to be compiled into its callers.
func elem(xs []int, i int) int {
	return xs[i] + 0*i
}

func dive(n int, at int) int {
	if n == at {
		var xs []int
		return elem(xs, n)
	}
	return dive(n+1, at) + 1
}

func norm(x, y float64) float64 {
	return x*x + y*y
}

func safeDive(at int) (r int) {
	defer func() {
		if e := recover(); e != nil {
			fmt.Println("recovered:", e)
			r = -1
		}
	}()
	return dive(0, at)
}

type counter struct{ n int }

func (c *counter) add(k int) int { c.n += k; return c.n }

func compose(f, g func(int) int) func(int) int {
	return func(x int) int { return g(f(x)) }
}

func callNil(f func(int) int) (r int) {
	defer func() { fmt.Println("recovered:", recover()) }()
	return f(1)
}

func closures() {
	c := &counter{}
	k := 10
	add := func(x int) int { return x + k }
	f := compose(add, compose(c.add, fn(strings.ToUpper)))
	t := 0
	for i := 0; i < 1000; i++ {
		t += f(i)
	}
	fmt.Println(t, c.n, callNil(nil))
}

func fn(f func(string) string) func(int) int {
	return func(x int) int { return x + len(f("ab")) }
}

func main() {
	closures()
	fmt.Println(sum(100000), even(100001), odd(7))
	p, s := split(1000)
	fmt.Println(p, s)
	runtime.GOMAXPROCS(2)
	done := make(chan int)
	for k := 0; k < 4; k++ {
		go func(k int) { done <- fib(20 + k) }(k)
	}
	t := 0
	for k := 0; k < 4; k++ {
		t += <-done
	}
	fmt.Println(t)
	sq := 0.0
	for i := 0; i < 100; i++ {
		sq += norm(float64(i), 0.5)
	}
	fmt.Println(safeDive(10), safeDive(5000), sq)
	fmt.Println(dive(0, 3))
}

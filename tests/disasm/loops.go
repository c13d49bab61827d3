// Integer loops and conditions: compare-and-branch, narrow integers, shifts, division.
package main

func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func bytes(n int8, u uint16, s uint) (int8, uint16, int) {
	n *= 3
	u += 7
	return n / 2, u >> s, int(n) % 5
}

func count(limit int) (n int) {
	for i := 0; i < limit; i++ {
		if i%3 == 0 || i >= 100 {
			continue
		}
		n++
	}
	return
}

func main() {
	println(fib(10), sum([]int{1, 2, 3}), count(10))
	a, b, c := bytes(100, 65535, 2)
	println(a, b, c)
}

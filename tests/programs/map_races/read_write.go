// One goroutine reads a map while another writes it, with nothing to order them: Go's
// fatal error `concurrent map read and map write`, whichever of them notices. A run
// that never meets it ends after a generous bound, and says so, which the test counts
// as a failure.
package main

const bound = 20_000_000

func main() {
	m := map[int]int{}
	for i := 0; i < 1<<12; i++ {
		m[i] = i
	}
	done := make(chan int)
	go func() {
		// New keys: the map grows (and frees its storage) as it is read.
		for i := 0; i < bound; i++ {
			m[i&0xffff] = i
		}
		done <- 0
	}()
	go func() {
		sum := 0
		for i := 0; i < bound; i++ {
			sum += m[i&0xffff]
		}
		done <- sum
	}()
	sum := <-done + <-done
	println("no race in", bound, "reads and writes", sum)
}

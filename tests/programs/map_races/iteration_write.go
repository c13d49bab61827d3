// One goroutine ranges over a map while another writes it, with nothing to order them:
// Go's fatal error `concurrent map iteration and map write`, whichever of them notices.
// A run that never meets it ends after a generous bound, and says so, which the test
// counts as a failure.
package main

const bound = 20_000_000

func main() {
	m := map[int]int{}
	for i := 0; i < 1<<8; i++ {
		m[i] = i
	}
	done := make(chan int)
	go func() {
		for i := 0; i < bound; i++ {
			m[i&0xfff] = i
		}
		done <- 0
	}()
	go func() {
		sum := 0
		for r := 0; r < bound>>8; r++ {
			for k, v := range m {
				sum += k ^ v
			}
		}
		done <- sum
	}()
	sum := <-done + <-done
	println("no race in", bound, "iteration steps and writes", sum)
}

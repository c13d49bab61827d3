// Goroutines, channels and select.
package main

func produce(ch chan<- int, n int) {
	for i := 0; i < n; i++ {
		ch <- i
	}
	close(ch)
}

func main() {
	ch := make(chan int, 2)
	done := make(chan bool)
	go produce(ch, 5)
	go func() {
		t := 0
		for v := range ch {
			t += v
		}
		println(t, len(ch), cap(ch))
		done <- true
	}()
	never := make(chan int)
	select {
	case ok := <-done:
		println(ok)
	case never <- 1:
	}
}

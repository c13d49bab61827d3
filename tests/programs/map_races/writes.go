// Two goroutines write one map with nothing to order them. They write until the runtime
// stops them with Go's fatal error, `concurrent map writes`; a run that never meets it
// ends after a generous bound, and says so, which the test counts as a failure.
package main

const bound = 20_000_000

func main() {
	m := map[int]int{}
	done := make(chan bool)
	for g := 0; g < 2; g++ {
		go func() {
			// Keys past the map's size make it grow (and free its storage) at first.
			for i := 0; i < bound; i++ {
				m[i&0xffff] = i + g
			}
			done <- true
		}()
	}
	<-done
	<-done
	println("no race in", bound, "writes each")
}

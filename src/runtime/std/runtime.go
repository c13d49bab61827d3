// Package runtime holds what the VM itself needs from Go: the type of run-time panics.
package runtime

// Error is the value of a run-time panic, such as an index out of range. Its message
// starts with "runtime error: ".
type Error string

func (e Error) Error() string { return string(e) }

// Gosched yields the processor, letting other goroutines run.
func Gosched()

// NumGoroutine returns the number of goroutines that currently exist.
func NumGoroutine() int

// GOMAXPROCS returns the number of OS threads running goroutines. The count is fixed
// when the program starts (from $GOMAXPROCS or the CPU count); a positive n does not
// change it.
func GOMAXPROCS(n int) int

// NumCPU returns the number of logical CPUs usable by the current process.
func NumCPU() int

// closechan is close(c) as a function, for `defer close(c)` and `go close(c)`: every
// channel is one word, whatever its element type.
func closechan(c chan struct{}) { close(c) }

// Package runtime holds what the VM itself needs from Go: the type of run-time panics.
package runtime

// Error is what the values of run-time panics, such as an index out of range, have in
// common.
type Error interface {
	error
	// RuntimeError marks the error as a run-time panic's.
	RuntimeError()
}

// errorString is the type of every run-time panic's value (the VM makes them); its
// message starts with "runtime error: ".
type errorString string

func (e errorString) Error() string { return string(e) }

func (e errorString) RuntimeError() {}

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

// GC runs a garbage collection and blocks the caller until it is complete.
func GC()

// MemStats records statistics about the memory allocator. govm fills in the fields
// below; Go's others (per-size-class tables, off-heap spans) have no counterpart here.
type MemStats struct {
	// Bytes of allocated heap objects (the same as HeapAlloc).
	Alloc uint64
	// Cumulative bytes allocated for heap objects.
	TotalAlloc uint64
	// Bytes of memory obtained from the OS for the heap.
	Sys uint64
	// Cumulative count of heap objects allocated, and freed.
	Mallocs uint64
	Frees   uint64
	// Bytes of allocated heap objects, and of heap memory obtained from the OS.
	HeapAlloc uint64
	HeapSys   uint64
	// Number of allocated heap objects.
	HeapObjects uint64
	// The heap size at which the next collection starts.
	NextGC uint64
	// Cumulative nanoseconds in stop-the-world pauses.
	PauseTotalNs uint64
	// Number of completed GC cycles, and of those forced by a call to GC.
	NumGC       uint32
	NumForcedGC uint32
	// Whether GC is enabled (always, as in Go).
	EnableGC bool
}

// ReadMemStats populates m with memory allocator statistics.
func ReadMemStats(m *MemStats) {
	heapAlloc, heapSys, totalAlloc, mallocs, frees, numGC, pauseTotal, nextGC, forced := readMemStats()
	m.Alloc = heapAlloc
	m.TotalAlloc = totalAlloc
	m.Sys = heapSys
	m.Mallocs = mallocs
	m.Frees = frees
	m.HeapAlloc = heapAlloc
	m.HeapSys = heapSys
	m.HeapObjects = mallocs - frees
	m.NextGC = nextGC
	m.PauseTotalNs = pauseTotal
	m.NumGC = uint32(numGC)
	m.NumForcedGC = uint32(forced)
	m.EnableGC = true
}

func readMemStats() (heapAlloc, heapSys, totalAlloc, mallocs, frees, numGC, pauseTotal, nextGC, forced uint64)

// panicTexts gives what Go prints for the values of a panic that ends a goroutine, as
// Go's preprintpanics does: for an error the text of its Error method, for a Stringer
// that of String (with kinds[i] saying which: panicError, panicStringer); the VM prints
// other values itself. The VM calls it as the goroutine's last call, and a panic in it
// is Go's fatal error "panic while printing panic value".
func panicTexts(vs []any) (texts []string, kinds []int) {
	texts, kinds = make([]string, len(vs)), make([]int, len(vs))
	for i, v := range vs {
		switch v := v.(type) {
		case error:
			texts[i], kinds[i] = v.Error(), panicError
		case stringer:
			texts[i], kinds[i] = v.String(), panicStringer
		}
	}
	return texts, kinds
}

// The kinds of panicTexts.
const (
	panicPlain = iota
	panicError
	panicStringer
)

type stringer interface{ String() string }

// errorText is how an embedding Rust program reads a Go error: the VM calls it.
func errorText(e error) string { return e.Error() }

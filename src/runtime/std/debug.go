// Package debug holds the runtime settings a program may change while it runs.
package debug

// SetGCPercent sets the garbage collection target percentage (GOGC): a collection
// starts when the heap has grown by this percentage over what the last one left live. A
// negative percentage turns collection off. It returns the previous setting.
func SetGCPercent(percent int) int

// SetMemoryLimit sets a soft limit on the heap, in bytes: collections come more often
// to stay under it. A negative limit only reads the setting. It returns the previous
// limit.
func SetMemoryLimit(limit int64) int64

// FreeOSMemory forces a garbage collection.
func FreeOSMemory()

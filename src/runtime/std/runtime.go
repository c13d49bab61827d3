// Package runtime holds what the VM itself needs from Go: the type of run-time panics.
package runtime

// Error is the value of a run-time panic, such as an index out of range. Its message
// starts with "runtime error: ".
type Error string

func (e Error) Error() string { return string(e) }

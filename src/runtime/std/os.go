// Package os: the process's arguments, exit and standard streams.
package os

// File is an open file; only the standard streams exist for now.
type File struct {
	fd int
}

var (
	Stdin  = &File{0}
	Stdout = &File{1}
	Stderr = &File{2}
)

var Args = runtimeArgs()

func runtimeArgs() []string

// Exit ends the program at once with the given status; deferred calls do not run.
func Exit(code int)

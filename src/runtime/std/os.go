// Package os: the process's arguments, exit and standard streams.
package os

import "errors"

// Errors of file operations, for errors.Is.
var (
	ErrNotExist   = errors.New("file does not exist")
	ErrExist      = errors.New("file already exists")
	ErrPermission = errors.New("permission denied")
)

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

func writeFd(fd int, s string)

// Write writes p to the file.
func (f *File) Write(p []byte) (n int, err error) {
	writeFd(f.fd, string(p))
	return len(p), nil
}

// WriteString writes s to the file.
func (f *File) WriteString(s string) (n int, err error) {
	writeFd(f.fd, s)
	return len(s), nil
}

// Getenv returns the value of an environment variable, or "".
func Getenv(key string) string

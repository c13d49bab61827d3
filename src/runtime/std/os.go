// Package os: the process's arguments, environment and exit, files and the standard
// streams. A File is an operating system file descriptor; errors are Go's PathErrors
// around the system's error numbers.
package os

import (
	"errors"
	"io"
)

// Errors of file operations, for errors.Is.
var (
	ErrInvalid    = errors.New("invalid argument")
	ErrPermission = errors.New("permission denied")
	ErrExist      = errors.New("file already exists")
	ErrNotExist   = errors.New("file does not exist")
	ErrClosed     = errors.New("file already closed")
)

// PathError records an error and the operation and file path that caused it.
type PathError struct {
	Op   string
	Path string
	Err  error
}

func (e *PathError) Error() string { return e.Op + " " + e.Path + ": " + e.Err.Error() }

func (e *PathError) Unwrap() error { return e.Err }

// errno is a system error number (Go's syscall.Errno).
type errno int

func errnoText(e int) string

// errnoKind classifies an error number: 1 for "does not exist", 2 for "exists", 3 for
// "permission denied", else 0.
func errnoKind(e int) int

func (e errno) Error() string { return errnoText(int(e)) }

func (e errno) Is(target error) bool {
	switch errnoKind(int(e)) {
	case 1:
		return target == ErrNotExist
	case 2:
		return target == ErrExist
	case 3:
		return target == ErrPermission
	}
	return false
}

// IsNotExist reports whether err says that a file does not exist.
func IsNotExist(err error) bool { return errors.Is(err, ErrNotExist) }

// IsExist reports whether err says that a file already exists.
func IsExist(err error) bool { return errors.Is(err, ErrExist) }

// IsPermission reports whether err says that permission is denied.
func IsPermission(err error) bool { return errors.Is(err, ErrPermission) }

// FileMode holds a file's permission bits.
type FileMode uint32

// Flags to OpenFile (Go's values for Linux).
const (
	O_RDONLY int = 0x0
	O_WRONLY int = 0x1
	O_RDWR   int = 0x2
	O_CREATE int = 0x40
	O_EXCL   int = 0x80
	O_TRUNC  int = 0x200
	O_APPEND int = 0x400
	O_SYNC   int = 0x101000
)

// File is an open file descriptor.
type File struct {
	fd     int
	name   string
	closed bool
}

var (
	Stdin  = NewFile(0, "/dev/stdin")
	Stdout = NewFile(1, "/dev/stdout")
	Stderr = NewFile(2, "/dev/stderr")
)

var Args = runtimeArgs()

func runtimeArgs() []string

// Exit ends the program at once with the given status; deferred calls do not run.
func Exit(code int)

// The system calls, returning an error number (0 for success).
func read(fd int, p []byte) (n int, e int)
func write(fd int, p []byte) (n int, e int)
func writeString(fd int, s string) (n int, e int)
func open(name string, flag int, perm int) (fd int, e int)
func closeFd(fd int) int
func remove(name string) int
func lookupEnv(key string) (string, bool)

// NewFile returns a File for an open file descriptor.
func NewFile(fd uintptr, name string) *File { return &File{fd: int(fd), name: name} }

func (f *File) Name() string { return f.name }

func (f *File) Fd() uintptr {
	if f == nil {
		return ^uintptr(0)
	}
	return uintptr(f.fd)
}

// check returns the error of an operation on f before trying it: on a nil or closed file.
func (f *File) check(op string) error {
	if f == nil {
		return ErrInvalid
	}
	if f.closed {
		return &PathError{op, f.name, ErrClosed}
	}
	return nil
}

// wrap returns the error for the error number e of operation op on f.
func (f *File) wrap(op string, e int) error {
	if e == 0 {
		return nil
	}
	return &PathError{op, f.name, errno(e)}
}

// Read reads up to len(p) bytes into p; at end of file it returns 0, io.EOF.
func (f *File) Read(p []byte) (n int, err error) {
	if err := f.check("read"); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	n, e := read(f.fd, p)
	if e != 0 {
		return 0, f.wrap("read", e)
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// Write writes p to the file.
func (f *File) Write(p []byte) (n int, err error) {
	if err := f.check("write"); err != nil {
		return 0, err
	}
	n, e := write(f.fd, p)
	return n, f.wrap("write", e)
}

// WriteString writes s to the file.
func (f *File) WriteString(s string) (n int, err error) {
	if err := f.check("write"); err != nil {
		return 0, err
	}
	n, e := writeString(f.fd, s)
	return n, f.wrap("write", e)
}

// Close closes the file; closing it again is an error.
func (f *File) Close() error {
	if err := f.check("close"); err != nil {
		return err
	}
	f.closed = true
	return f.wrap("close", closeFd(f.fd))
}

// OpenFile opens the named file with the given flags (O_RDONLY etc.), creating it with
// permissions perm if O_CREATE is given and it does not exist.
func OpenFile(name string, flag int, perm FileMode) (*File, error) {
	fd, e := open(name, flag, int(perm))
	if e != 0 {
		return nil, &PathError{"open", name, errno(e)}
	}
	return NewFile(uintptr(fd), name), nil
}

// Open opens the named file for reading.
func Open(name string) (*File, error) { return OpenFile(name, O_RDONLY, 0) }

// Create creates or truncates the named file, for reading and writing.
func Create(name string) (*File, error) {
	return OpenFile(name, O_RDWR|O_CREATE|O_TRUNC, 0666)
}

// ReadFile returns the contents of the named file.
func ReadFile(name string) ([]byte, error) {
	f, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data := make([]byte, 0, 512)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return data, err
		}
	}
}

// WriteFile writes data to the named file, creating it with permissions perm if needed
// and truncating it otherwise.
func WriteFile(name string, data []byte, perm FileMode) error {
	f, err := OpenFile(name, O_WRONLY|O_CREATE|O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err1 := f.Close(); err1 != nil && err == nil {
		err = err1
	}
	return err
}

// Remove removes the named file or empty directory.
func Remove(name string) error {
	if e := remove(name); e != 0 {
		return &PathError{"remove", name, errno(e)}
	}
	return nil
}

// Getenv returns the value of an environment variable, or "".
func Getenv(key string) string {
	v, _ := lookupEnv(key)
	return v
}

// Getpid returns the process id.
func Getpid() int

// TempDir returns the directory for temporary files: $TMPDIR, else /tmp.
func TempDir() string {
	if dir := Getenv("TMPDIR"); dir != "" {
		return dir
	}
	return "/tmp"
}

// LookupEnv returns the value of an environment variable and whether it is set.
func LookupEnv(key string) (string, bool) { return lookupEnv(key) }

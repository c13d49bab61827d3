// Package fmt implements formatted I/O. The formatting engine is native (the runtime's
// fmt module); this file holds the interfaces and the functions built on it.
package fmt

import (
	"errors"
	"io"
)

// Stringer is implemented by any value that has a String method, which defines the
// value's native format (%v, and %s, %q, %x, %X).
type Stringer interface {
	String() string
}

// GoStringer is implemented by any value that has a GoString method, which defines the
// Go syntax (%#v) for the value.
type GoStringer interface {
	GoString() string
}

// State is what a Formatter's Format method writes to, and where it reads the verb's
// width, precision and flags.
type State interface {
	Write(b []byte) (n int, err error)
	Width() (wid int, ok bool)
	Precision() (prec int, ok bool)
	Flag(c int) bool
}

// Formatter is implemented by any value with a Format method, which then controls how
// every verb prints the value.
type Formatter interface {
	Format(f State, verb rune)
}

// Sprintf formats according to a format specifier and returns the resulting string.
func Sprintf(format string, a ...any) string

// Sprint formats its operands with %v, adding spaces between operands when neither is a
// string.
func Sprint(a ...any) string

// Sprintln formats its operands with %v, always adding spaces between them and a newline.
func Sprintln(a ...any) string

// errorf formats like Sprintf with %w allowed, and reports the indexes of the operands of
// the %w verbs, ascending and without repeats.
func errorf(format string, a []any) (msg string, wrapped []int)

// writeStdout writes s to the program's standard output.
func writeStdout(s string)

func Print(a ...any) (n int, err error) {
	s := Sprint(a...)
	writeStdout(s)
	return len(s), nil
}

func Println(a ...any) (n int, err error) {
	s := Sprintln(a...)
	writeStdout(s)
	return len(s), nil
}

func Printf(format string, a ...any) (n int, err error) {
	s := Sprintf(format, a...)
	writeStdout(s)
	return len(s), nil
}

func Fprint(w io.Writer, a ...any) (n int, err error) {
	return w.Write([]byte(Sprint(a...)))
}

func Fprintln(w io.Writer, a ...any) (n int, err error) {
	return w.Write([]byte(Sprintln(a...)))
}

func Fprintf(w io.Writer, format string, a ...any) (n int, err error) {
	return w.Write([]byte(Sprintf(format, a...)))
}

func Append(b []byte, a ...any) []byte {
	return append(b, []byte(Sprint(a...))...)
}

func Appendln(b []byte, a ...any) []byte {
	return append(b, []byte(Sprintln(a...))...)
}

func Appendf(b []byte, format string, a ...any) []byte {
	return append(b, []byte(Sprintf(format, a...))...)
}

// Errorf formats according to a format specifier and returns the string as an error.
// The error wraps the operands of %w verbs: Unwrap() error for one, Unwrap() []error for
// several.
func Errorf(format string, a ...any) error {
	msg, wrapped := errorf(format, a)
	switch len(wrapped) {
	case 0:
		return errors.New(msg)
	case 1:
		w := &wrapError{msg: msg}
		w.err, _ = a[wrapped[0]].(error)
		return w
	}
	var errs []error
	for _, i := range wrapped {
		if e, ok := a[i].(error); ok {
			errs = append(errs, e)
		}
	}
	return &wrapErrors{msg, errs}
}

type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

type wrapErrors struct {
	msg  string
	errs []error
}

func (e *wrapErrors) Error() string   { return e.msg }
func (e *wrapErrors) Unwrap() []error { return e.errs }

// formatState is the State a Format method gets: it collects what Format writes.
type formatState struct {
	buf     []byte
	wid     int
	prec    int
	hasWid  bool
	hasPrec bool
	flags   string
}

func (s *formatState) Write(b []byte) (n int, err error) {
	s.buf = append(s.buf, b...)
	return len(b), nil
}

func (s *formatState) WriteString(str string) (n int, err error) {
	s.buf = append(s.buf, []byte(str)...)
	return len(str), nil
}

func (s *formatState) Width() (wid int, ok bool) { return s.wid, s.hasWid }

func (s *formatState) Precision() (prec int, ok bool) { return s.prec, s.hasPrec }

func (s *formatState) Flag(c int) bool {
	for i := 0; i < len(s.flags); i++ {
		if int(s.flags[i]) == c {
			return true
		}
	}
	return false
}

// runFormat is how the native engine calls a Format method (FmtHost::call_format): it
// runs f.Format with a State reporting the given width, precision and flags (a string
// of the set ones among "+-# 0") and returns what Format wrote.
func runFormat(f Formatter, verb rune, wid, prec int, hasWid, hasPrec bool, flags string) string {
	s := &formatState{wid: wid, prec: prec, hasWid: hasWid, hasPrec: hasPrec, flags: flags}
	f.Format(s, verb)
	return string(s.buf)
}

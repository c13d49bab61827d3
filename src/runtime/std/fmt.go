// Package fmt formats values; the formatting engine is native (runtime/fmt.rs).
package fmt

import "io"

// Stringer is implemented by values with their own text form.
type Stringer interface {
	String() string
}

func Sprintf(format string, a ...any) string
func Sprint(a ...any) string
func Sprintln(a ...any) string

func writeOut(s string)

func Println(a ...any) (n int, err error) {
	s := Sprintln(a...)
	writeOut(s)
	return len(s), nil
}

func Printf(format string, a ...any) (n int, err error) {
	s := Sprintf(format, a...)
	writeOut(s)
	return len(s), nil
}

func Print(a ...any) (n int, err error) {
	s := Sprint(a...)
	writeOut(s)
	return len(s), nil
}

func Fprintln(w io.Writer, a ...any) (n int, err error) {
	return io.WriteString(w, Sprintln(a...))
}

func Fprintf(w io.Writer, format string, a ...any) (n int, err error) {
	return io.WriteString(w, Sprintf(format, a...))
}

func Fprint(w io.Writer, a ...any) (n int, err error) {
	return io.WriteString(w, Sprint(a...))
}

type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

type plainError struct {
	msg string
}

func (e *plainError) Error() string { return e.msg }

// Errorf formats an error; a %w verb's operand becomes the error's Unwrap.
func Errorf(format string, a ...any) error {
	msg := Sprintf(hideW(format), a...)
	for i, verbIndex := 0, 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			i++
			continue
		}
		j := i + 1
		for j < len(format) && (format[j] == '+' || format[j] == '-' || format[j] == '#' || format[j] == ' ' || format[j] == '0' || (format[j] >= '1' && format[j] <= '9') || format[j] == '.') {
			j++
		}
		if j < len(format) && format[j] == 'w' && verbIndex < len(a) {
			if e, ok := a[verbIndex].(error); ok {
				return &wrapError{msg, e}
			}
		}
		verbIndex++
	}
	return &plainError{msg}
}

// hideW turns %w into %v for the formatting engine.
func hideW(format string) string {
	b := []byte(format)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '%' {
			if b[i+1] == '%' {
				i++
				continue
			}
			j := i + 1
			for j < len(b) && (b[j] == '+' || b[j] == '-' || b[j] == '#' || b[j] == ' ' || b[j] == '0' || (b[j] >= '1' && b[j] <= '9') || b[j] == '.') {
				j++
			}
			if j < len(b) && b[j] == 'w' {
				b[j] = 'v'
			}
		}
	}
	return string(b)
}

// Defer, panic and recover in a small task runner: tasks that panic with errors,
// strings and runtime errors are recovered and reported; deferred calls run in
// LIFO order and can change named results; finally an unrecovered index out of
// range ends the program with exit status 2 after the pending defers have run.
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

type TaskError struct {
	Task  string
	Cause any
}

func (e *TaskError) Error() string { return fmt.Sprintf("task %s panicked: %v", e.Task, e.Cause) }

var ErrBadInput = errors.New("bad input")

// safely runs f, turning a panic into an error and recording the defer order.
func safely(name string, trace *[]string, f func() int) (result int, err error) {
	defer func() {
		if r := recover(); r != nil {
			*trace = append(*trace, "recovered")
			err = &TaskError{name, r}
			result = -1
		}
	}()
	defer func() { *trace = append(*trace, "cleanup") }()
	*trace = append(*trace, "start")
	return f(), nil
}

func parsePositive(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(fmt.Errorf("parse %q: %w", s, ErrBadInput))
	}
	if n <= 0 {
		panic("not positive: " + s)
	}
	return n
}

func divide(a, b int) int { return a / b }

type Stack struct{ data []int }

func (s *Stack) Pop() int {
	v := s.data[len(s.data)-1]
	s.data = s.data[:len(s.data)-1]
	return v
}

// counter shows that deferred closures see later changes and that arguments to
// deferred calls are evaluated when the defer statement runs.
func counter() (n int) {
	for i := 0; i < 3; i++ {
		defer fmt.Printf("  deferred arg i=%d, n now %d\n", i, n)
		defer func() { n += 10 }()
	}
	return 1
}

func nested() (out string) {
	defer func() {
		r := recover()
		out = fmt.Sprintf("outer recovered %v", r)
	}()
	func() {
		defer func() {
			r := recover()
			panic(fmt.Sprint("re-panic after ", r))
		}()
		panic("first")
	}()
	return "unreachable"
}

func main() {
	var m map[string]int
	var ip *int
	tasks := []struct {
		name string
		f    func() int
	}{
		{"ok", func() int { return parsePositive("42") }},
		{"atoi", func() int { return parsePositive("4x2") }},
		{"negative", func() int { return parsePositive("-3") }},
		{"divzero", func() int { return divide(7, len(m)) }},
		{"nilmap", func() int { m["k"] = 1; return 0 }},
		{"nilptr", func() int { return *ip }},
		{"pop", func() int { return (&Stack{}).Pop() }},
		{"slice", func() int { s := []int{1, 2, 3}; i := 5; return len(s[1:i]) }},
		{"assert", func() int { var x any = "str"; return x.(int) }},
		{"custom", func() int { panic(&TaskError{"inner", 99}) }},
	}
	for _, t := range tasks {
		var trace []string
		res, err := safely(t.name, &trace, t.f)
		fmt.Printf("%-8s result=%-3d trace=%s\n", t.name, res, strings.Join(trace, ","))
		if err != nil {
			var te *TaskError
			errors.As(err, &te)
			cause := te.Cause
			if e, ok := cause.(error); ok {
				fmt.Printf("         error: %v | bad input: %t | runtime: %t\n", e, errors.Is(e, ErrBadInput), isRuntime(e))
			} else {
				fmt.Printf("         value: %v (%T)\n", cause, cause)
			}
		}
	}

	fmt.Println("counter returned", counter())
	fmt.Println(nested())

	defer fmt.Println("main: deferred print runs before the crash report")
	defer func() {
		fmt.Println("main: second defer sees no panic value to recover here:", len(os.Args) > 0)
	}()
	data := []int{10, 20, 30}
	idx := 0
	for _, v := range data {
		idx += v / 10 // 1, 3, 6: ends past the end
		fmt.Println("reading index", idx)
		fmt.Println("value", data[idx])
	}
	fmt.Println("not reached")
}

func isRuntime(e error) bool {
	// runtime.Error is an interface with a RuntimeError method.
	_, ok := e.(interface{ RuntimeError() })
	return ok
}

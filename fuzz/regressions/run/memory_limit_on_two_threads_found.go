package main

import (
	"errors"
	"fmt"
)

func safe(f func()) (v interface{}) {
	defer func() {
		v = recover()
	}()
	fmt.Printf("%T\n", safe(func() { panic(fmt.Sprintf("%d-%s", 7, "x")) }))
	f()
	return "no panic"
}

func helper() interface{} { return recover() }

func indirect() (v interface{}) {
	defer func() {
		// recover called from a nested function does not stop the panic.
		v = helper()
		if v == nil {
			v = recover()
		}
	}()
	panic("indirect")
}

func main() {
	fmt.Println(safe(func() {}))
	fmt.Println(safe(func() { panic("boom") }))
	fmt.Println(safe(func() { panic(42) }))
	v := safe(func() { panic(errors.New("an error")) })
	err, isErr := v.(error)
	fmt.Println(err, isErr)

	// recover outside of a panic returns nil.
	fmt.Println(recover())
	func() {
		defer func() { fmt.Println("no panic, recover =", recover()) }()
	}()

	fmt.Println(indirect())

	// Code after the panicking call does not run; deferred calls do.
	steps := []string{}
	func() {
		defer func() {
			recover()
			steps = append(steps, "recovered")
		}()
		defer func() { steps = append(steps, "deferred") }()
		steps = append(steps, "before")
		panic("stop")
	}()
	fmt.Println(steps)

	// Recovering returns normally to the caller of the panicking function.
	fmt.Println(divide(10, 2), divide(1, 0))
}

func divide(a, b int) (q int) {
	defer func() {
		if r := recover(); r != nil {
			q = -999
		}
	}()
	q = a / b
	return q
}

// An unrecovered panic prints its values' Error and String methods' texts, which Go
// code makes (runtime.panicTexts) as the dying goroutine's last call: here with fmt
// inside the methods, and the earlier panic a deferred call replaced.
package main

import "fmt"

type S struct{}

func (S) String() string { return "stringer!" }

type E struct{ n int }

func (e E) Error() string { return fmt.Sprint("err ", e.n) }

func main() {
	fmt.Println("start")
	defer func() { panic(E{2}) }()
	panic(S{})
}

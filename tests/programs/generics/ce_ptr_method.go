package main

import "fmt"

type Setter interface{ Set(int) }

type T struct{ v int }

func (t *T) Set(v int) { t.v = v }

func Apply[S Setter](s S) { s.Set(1) }

func main() {
	var t T
	Apply(&t)
	Apply(t)
	fmt.Println(t)
}

package main

import (
	"fmt"
	"time"
)

type Box[T any] struct{ V T }

type Two[A, B any] struct{}

type Trie[T any] struct {
	children map[rune]*Trie[T]
	val      *T
}

func (t *Trie[T]) Put(key string, v T) {
	n := t
	for _, r := range key {
		if n.children == nil {
			n.children = map[rune]*Trie[T]{}
		}
		c, ok := n.children[r]
		if !ok {
			c = &Trie[T]{}
			n.children[r] = c
		}
		n = c
	}
	n.val = &v
}

func (t *Trie[T]) Get(key string) (T, bool) {
	n := t
	for _, r := range key {
		n = n.children[r]
		if n == nil {
			var z T
			return z, false
		}
	}
	if n.val == nil {
		var z T
		return z, false
	}
	return *n.val, true
}

func main() {
	fmt.Printf("%T\n", Box[[]map[string]*int]{})
	fmt.Printf("%T\n", Box[func(int) (string, error)]{})
	fmt.Printf("%T\n", Box[interface{}]{})
	fmt.Printf("%T\n", Box[any]{})
	fmt.Printf("%T\n", Box[struct{ X int }]{})
	fmt.Printf("%T\n", Box[error]{})
	fmt.Printf("%T\n", Box[fmt.Stringer]{})
	fmt.Printf("%T\n", Box[time.Duration]{})
	fmt.Printf("%T\n", Box[<-chan int]{})
	fmt.Printf("%T\n", Box[[3]byte]{})
	fmt.Printf("%T\n", Box[rune]{})
	fmt.Printf("%T\n", Two[Box[int], *Box[string]]{})
	fmt.Printf("%T\n", &Box[uint8]{})
	fmt.Printf("%T\n", []*Box[float32]{})
	fmt.Printf("%v %+v\n", &Box[int]{3}, &Box[string]{"s"})
	fmt.Printf("%#v\n", Box[[]int]{[]int{1}})
	fmt.Printf("%#v\n", Box[*int]{})
	fmt.Printf("%#v\n", Two[int, int]{})
	fmt.Printf("%#v\n", []Box[int]{{1}, {2}})
	fmt.Printf("%#v\n", map[string]Box[bool]{"k": {true}})
	var t Trie[int]
	t.Put("ab", 1)
	t.Put("abc", 2)
	t.Put("x", 3)
	for _, k := range []string{"a", "ab", "abc", "x", "y"} {
		v, ok := t.Get(k)
		fmt.Print(k, ":", v, ok, " ")
	}
	fmt.Println()
	fmt.Println(Box[time.Duration]{1500 * time.Millisecond})
}

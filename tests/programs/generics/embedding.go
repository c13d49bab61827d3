package main

import "fmt"

type Base[T any] struct {
	val T
}

func (b Base[T]) Get() T           { return b.val }
func (b *Base[T]) Set(v T)         { b.val = v }
func (b Base[T]) Describe() string { return fmt.Sprintf("Base(%v)", b.val) }

type Derived[T any] struct {
	Base[T]
	extra int
}

func (d Derived[T]) Describe() string { return fmt.Sprintf("Derived(%v,%d)", d.val, d.extra) }

type Named struct {
	Base[string]
	*Counter[int]
}

type Counter[T int | float64] struct {
	n T
}

func (c *Counter[T]) Inc() T { c.n++; return c.n }

type Getter[T any] interface {
	Get() T
}

type Wrapper[T any] struct {
	Getter[T]
}

func main() {
	d := Derived[int]{Base[int]{1}, 2}
	fmt.Println(d.Get(), d.Describe(), d.Base.Describe())
	d.Set(42)
	fmt.Println(d.val, d.Get())
	n := Named{Base[string]{"x"}, &Counter[int]{}}
	n.Inc()
	n.Inc()
	fmt.Println(n.Get(), n.n, n.Inc())
	var g Getter[int] = d
	fmt.Println(g.Get())
	var gp Getter[string] = &n
	fmt.Println(gp.Get())
	w := Wrapper[int]{g}
	fmt.Println(w.Get())
	f := d.Get
	d.Set(7)
	fmt.Println(f(), d.Get())
	fmt.Printf("%+v\n", d)
	fmt.Printf("%v\n", n.Base)
}

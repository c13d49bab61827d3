package main

import "fmt"

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type List[T any] []T

type Dict[K comparable, V any] map[K]V

type Box[T any] struct{ inner *T }

type Fn[T any] func(T) T

type Opt[T any] struct {
	v   T
	set bool
}

func main() {
	p := Pair[int, string]{1, "a"}
	fmt.Printf("%T|%v|%+v|%#v\n", p, p, p, p)
	pp := Pair[string, Pair[int, bool]]{"k", Pair[int, bool]{2, true}}
	fmt.Printf("%T|%v|%+v\n", pp, pp, pp)
	fmt.Printf("%#v\n", pp)
	l := List[string]{"x", "y"}
	fmt.Printf("%T|%v|%#v\n", l, l, l)
	d := Dict[string, int]{"a": 1}
	fmt.Printf("%T|%v|%#v\n", d, d, d)
	n := 3
	b := Box[int]{&n}
	fmt.Printf("%T %T %v\n", b, &b, *b.inner)
	var f Fn[float64] = func(x float64) float64 { return x }
	fmt.Printf("%T %v\n", f, f(2))
	o := Opt[[]string]{[]string{"q"}, true}
	fmt.Printf("%T %+v\n", o, o)
	fmt.Printf("%T\n", Opt[map[string][]int]{})
	fmt.Printf("%T\n", []Pair[int, *float64]{})
	fmt.Printf("%T\n", map[Pair[int, int]]List[bool]{})
	fmt.Printf("%T\n", Pair[string, error]{})
	fmt.Printf("%T\n", Pair[struct{}, [2]int]{})
	fmt.Printf("%T\n", Pair[chan int, func(int) string]{})
	fmt.Printf("%v\n", []any{p, l, Pair[float64, uint8]{1.5, 2}})
	fmt.Println(p, pp, l, d)
}

package main

import (
	"fmt"
	"strconv"
	"strings"
)

type Shape interface {
	Area() float64
	Name() string
}

type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }
func (r Rect) Name() string  { return "rect" }

type Circle struct{ R float64 }

func (c *Circle) Area() float64 { return 3 * c.R * c.R }
func (c *Circle) Name() string  { return "circle" }

func TotalArea[S Shape](shapes []S) float64 {
	t := 0.0
	for _, s := range shapes {
		t += s.Area()
	}
	return t
}

type StringableInt interface {
	~int
	String() string
}

type Code int

func (c Code) String() string { return "C" + strconv.Itoa(int(c)) }

func Join[T StringableInt](xs []T) string {
	parts := []string{}
	sum := 0
	for _, x := range xs {
		parts = append(parts, x.String())
		sum += int(x)
	}
	return strings.Join(parts, ",") + " sum=" + strconv.Itoa(sum)
}

type Setter[T any] interface {
	*T
	Set(string)
}

type Config struct{ v string }

func (c *Config) Set(s string) { c.v = "cfg:" + s }

type Num struct{ n int }

func (n *Num) Set(s string) { n.n, _ = strconv.Atoi(s) }

func FromStrings[T any, PT Setter[T]](ss []string) []T {
	out := make([]T, len(ss))
	for i, s := range ss {
		PT(&out[i]).Set(s)
	}
	return out
}

type Lesser[T any] interface {
	Less(T) bool
}

type Age int

func (a Age) Less(b Age) bool { return a < b }

func MinOf[T Lesser[T]](xs ...T) T {
	m := xs[0]
	for _, x := range xs[1:] {
		if x.Less(m) {
			m = x
		}
	}
	return m
}

func main() {
	fmt.Println(TotalArea([]Rect{{1, 2}, {3, 4}}))
	fmt.Println(TotalArea([]*Circle{{1}, {2}}))
	fmt.Println(TotalArea([]Shape{Rect{1, 1}, &Circle{1}}))
	fmt.Println(Join([]Code{1, 2, 30}))
	fmt.Println(FromStrings[Config]([]string{"a", "b"}))
	fmt.Println(FromStrings[Num]([]string{"4", "5"}))
	fmt.Println(MinOf[Age](30, 12, 45))
	fmt.Println(MinOf(Age(3), Age(1)))
}

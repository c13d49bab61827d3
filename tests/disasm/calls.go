// Methods, interfaces, closures, defer and recover, generics.
package main

type Shape interface{ Area() float64 }

type Rect struct{ W, H float64 }

func (r Rect) Area() float64 { return r.W * r.H }

func (r *Rect) Scale(k float64) { r.W *= k; r.H *= k }

func total(shapes []Shape) (t float64) {
	for _, s := range shapes {
		if r, ok := s.(Rect); ok {
			t += r.W
		}
		t += s.Area()
	}
	return
}

func counter() func() int {
	n := 0
	return func() int { n++; return n }
}

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = r.(error)
		}
	}()
	return a / b, nil
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func main() {
	r := &Rect{2, 3}
	r.Scale(2)
	println(total([]Shape{*r, Rect{1, 1}}))
	c := counter()
	c()
	println(c())
	_, err := safeDiv(1, 0)
	println(err.Error())
	println(len(Map([]int{1, 2}, func(i int) string { return "x" })))
}

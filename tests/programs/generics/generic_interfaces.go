package main

import "fmt"

type Container[T any] interface {
	Put(T)
	Get() (T, bool)
	Len() int
}

type Queue[T any] struct{ items []T }

func (q *Queue[T]) Put(v T) { q.items = append(q.items, v) }
func (q *Queue[T]) Get() (T, bool) {
	var z T
	if len(q.items) == 0 {
		return z, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}
func (q *Queue[T]) Len() int { return len(q.items) }

type LIFO[T any] struct{ items []T }

func (q *LIFO[T]) Put(v T) { q.items = append(q.items, v) }
func (q *LIFO[T]) Get() (T, bool) {
	var z T
	if len(q.items) == 0 {
		return z, false
	}
	v := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return v, true
}
func (q *LIFO[T]) Len() int { return len(q.items) }

func Fill[T any](c Container[T], xs ...T) Container[T] {
	for _, x := range xs {
		c.Put(x)
	}
	return c
}

func DrainAll[T any](c Container[T]) []T {
	var out []T
	for c.Len() > 0 {
		v, _ := c.Get()
		out = append(out, v)
	}
	return out
}

type Iterator[T any] interface {
	Next() (T, bool)
}

type rangeIter struct{ i, n int }

func (r *rangeIter) Next() (int, bool) {
	if r.i >= r.n {
		return 0, false
	}
	r.i++
	return r.i - 1, true
}

func ToSlice[T any](it Iterator[T]) []T {
	var out []T
	for v, ok := it.Next(); ok; v, ok = it.Next() {
		out = append(out, v)
	}
	return out
}

func main() {
	cs := []Container[string]{&Queue[string]{}, &LIFO[string]{}}
	for _, c := range cs {
		fmt.Println(DrainAll(Fill(c, "a", "b", "c")))
	}
	var c Container[int] = &Queue[int]{}
	c.Put(5)
	if q, ok := c.(*Queue[int]); ok {
		fmt.Println("queue", q.items)
	}
	_, isLifo := c.(*LIFO[int])
	fmt.Println(isLifo)
	var anyC any = c
	_, ok1 := anyC.(Container[int])
	_, ok2 := anyC.(Container[string])
	fmt.Println(ok1, ok2)
	fmt.Println(ToSlice[int](&rangeIter{0, 4}))
	fmt.Printf("%T\n", c)
	switch x := anyC.(type) {
	case Container[string]:
		fmt.Println("string container")
	case Container[int]:
		fmt.Println("int container", x.Len())
	}
}

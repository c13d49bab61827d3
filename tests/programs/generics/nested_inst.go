package main

import (
	"fmt"
	"sort"
)

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

type List[T any] struct {
	items []T
}

func (l *List[T]) Add(v T) *List[T] { l.items = append(l.items, v); return l }
func (l *List[T]) Len() int         { return len(l.items) }
func (l *List[T]) Each(f func(int, T)) {
	for i, v := range l.items {
		f(i, v)
	}
}

type OrderedMap[K comparable, V any] struct {
	keys List[K]
	m    map[K]V
}

func NewOrderedMap[K comparable, V any]() *OrderedMap[K, V] {
	return &OrderedMap[K, V]{m: make(map[K]V)}
}

func (o *OrderedMap[K, V]) Set(k K, v V) {
	if _, ok := o.m[k]; !ok {
		o.keys.Add(k)
	}
	o.m[k] = v
}

func (o *OrderedMap[K, V]) Entries() *List[Pair[K, V]] {
	out := &List[Pair[K, V]]{}
	o.keys.Each(func(_ int, k K) { out.Add(Pair[K, V]{k, o.m[k]}) })
	return out
}

func main() {
	om := NewOrderedMap[string, int]()
	om.Set("z", 26)
	om.Set("a", 1)
	om.Set("m", 13)
	om.Set("a", 100)
	es := om.Entries()
	fmt.Println(es.Len())
	es.Each(func(i int, p Pair[string, int]) { fmt.Println(i, p) })
	var ll List[List[int]]
	ll.Add(List[int]{items: []int{1, 2}}).Add(List[int]{})
	fmt.Println(ll.Len(), ll.items[0].Len(), ll.items)
	pp := Pair[Pair[int, int], []string]{Pair[int, int]{1, 2}, []string{"x"}}
	fmt.Println(pp)
	fmt.Println(pp.Key.Key + pp.Key.Val)
	lp := List[Pair[string, float64]]{}
	lp.Add(Pair[string, float64]{"pi", 3.14}).Add(Pair[string, float64]{"e", 2.72})
	sort.Slice(lp.items, func(i, j int) bool { return lp.items[i].Key < lp.items[j].Key })
	fmt.Println(lp.items)
	fmt.Printf("%v\n", lp.items[0])
	fmt.Printf("%s\n", lp.items[1])
}

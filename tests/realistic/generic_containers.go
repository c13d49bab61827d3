// A small generic container library: Stack, Queue, Set, a binary search tree
// ordered by a comparison function, Pair, and Map/Filter/Reduce helpers.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type Number interface {
	~int | ~int64 | ~float64
}

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }
func (s *Stack[T]) Len() int { return len(s.items) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

type Queue[T any] struct {
	items []T
	head  int
}

func (q *Queue[T]) Enqueue(v T) { q.items = append(q.items, v) }
func (q *Queue[T]) Len() int    { return len(q.items) - q.head }

func (q *Queue[T]) Dequeue() (T, bool) {
	var zero T
	if q.Len() == 0 {
		return zero, false
	}
	v := q.items[q.head]
	q.head++
	return v, true
}

type Set[T comparable] struct{ m map[T]struct{} }

func NewSet[T comparable](items ...T) Set[T] {
	s := Set[T]{m: make(map[T]struct{})}
	for _, v := range items {
		s.Add(v)
	}
	return s
}

func (s Set[T]) Add(v T)      { s.m[v] = struct{}{} }
func (s Set[T]) Has(v T) bool { _, ok := s.m[v]; return ok }
func (s Set[T]) Len() int     { return len(s.m) }
func (s Set[T]) Union(o Set[T]) Set[T] {
	r := NewSet[T]()
	for k := range s.m {
		r.Add(k)
	}
	for k := range o.m {
		r.Add(k)
	}
	return r
}

func (s Set[T]) Intersect(o Set[T]) Set[T] {
	r := NewSet[T]()
	for k := range s.m {
		if o.Has(k) {
			r.Add(k)
		}
	}
	return r
}

// Sorted returns the elements ordered by less, so printing is deterministic.
func (s Set[T]) Sorted(less func(a, b T) bool) []T {
	out := Keys(s.m)
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

func Keys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("(%v, %v)", p.Key, p.Val) }

type treeNode[T any] struct {
	val         T
	left, right *treeNode[T]
}

type Tree[T any] struct {
	root *treeNode[T]
	cmp  func(a, b T) int
	size int
}

func NewTree[T any](cmp func(a, b T) int) *Tree[T] { return &Tree[T]{cmp: cmp} }

func (t *Tree[T]) Insert(v T) bool {
	p := &t.root
	for *p != nil {
		c := t.cmp(v, (*p).val)
		if c == 0 {
			return false
		}
		if c < 0 {
			p = &(*p).left
		} else {
			p = &(*p).right
		}
	}
	*p = &treeNode[T]{val: v}
	t.size++
	return true
}

func (t *Tree[T]) Walk(visit func(T)) { walk(t.root, visit) }

func walk[T any](n *treeNode[T], visit func(T)) {
	if n != nil {
		walk(n.left, visit)
		visit(n.val)
		walk(n.right, visit)
	}
}

func (t *Tree[T]) Height() int { return height(t.root) }

func height[T any](n *treeNode[T]) int {
	if n == nil {
		return 0
	}
	l, r := height(n.left), height(n.right)
	if l > r {
		return l + 1
	}
	return r + 1
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

func Sum[T Number](xs []T) T {
	return Reduce(xs, T(0), func(a T, x T) T { return a + x })
}

type Celsius float64

func main() {
	var st Stack[string]
	for _, w := range strings.Fields("to be or not") {
		st.Push(w)
	}
	for st.Len() > 0 {
		w, _ := st.Pop()
		fmt.Print(w, " ")
	}
	_, ok := st.Pop()
	fmt.Println("| empty pop ok:", ok)

	var q Queue[Pair[string, int]]
	q.Enqueue(Pair[string, int]{"a", 1})
	q.Enqueue(Pair[string, int]{"b", 2})
	first, _ := q.Dequeue()
	fmt.Println("dequeued", first, "left", q.Len())

	odd := NewSet(1, 3, 5, 7, 9)
	prime := NewSet(2, 3, 5, 7)
	intLess := func(a, b int) bool { return a < b }
	fmt.Println("union", odd.Union(prime).Sorted(intLess), "inter", odd.Intersect(prime).Sorted(intLess))
	fmt.Println("has 9:", odd.Has(9), "prime has 9:", prime.Has(9), "len", prime.Len())

	words := NewTree(func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	for _, w := range strings.Fields("pear Apple fig banana apple Cherry date fig") {
		if !words.Insert(w) {
			fmt.Println("duplicate:", w)
		}
	}
	var inorder []string
	words.Walk(func(s string) { inorder = append(inorder, s) })
	fmt.Println(inorder, "size", words.size, "height", words.Height())

	byLen := NewTree(func(a, b Pair[string, int]) int { return a.Val - b.Val })
	for _, w := range inorder {
		byLen.Insert(Pair[string, int]{w, len(w)})
	}
	byLen.Walk(func(p Pair[string, int]) { fmt.Print(p, " ") })
	fmt.Println()

	nums := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	squares := Map(nums, func(n int) int { return n * n })
	even := Filter(squares, func(n int) bool { return n%2 == 0 })
	fmt.Println(squares, even, Sum(even))
	labels := Map(even, func(n int) string { return fmt.Sprintf("<%d>", n) })
	fmt.Println(strings.Join(labels, ""), Reduce(labels, 0, func(a int, s string) int { return a + len(s) }))
	temps := []Celsius{21.5, 19.0, 23.25}
	fmt.Printf("%.2f %T\n", Sum(temps), Sum(temps))
	fmt.Println(Sum([]float64{0.5, 0.25}), len(Keys(map[string]bool{"x": true, "y": false})))
}

package main

import "fmt"

type Ordered interface {
	~int | ~int64 | ~float64 | ~string
}

type Tree[T Ordered] struct {
	Left, Right *Tree[T]
	Val         T
}

func (t *Tree[T]) Insert(v T) *Tree[T] {
	if t == nil {
		return &Tree[T]{Val: v}
	}
	if v < t.Val {
		t.Left = t.Left.Insert(v)
	} else {
		t.Right = t.Right.Insert(v)
	}
	return t
}

func (t *Tree[T]) Walk(f func(T)) {
	if t == nil {
		return
	}
	t.Left.Walk(f)
	f(t.Val)
	t.Right.Walk(f)
}

func (t *Tree[T]) Height() int {
	if t == nil {
		return 0
	}
	l, r := t.Left.Height(), t.Right.Height()
	if l > r {
		return l + 1
	}
	return r + 1
}

type Node[T any] struct {
	val  T
	next *Node[T]
}

type LinkedList[T any] struct {
	head *Node[T]
	size int
}

func (l *LinkedList[T]) Prepend(v T) { l.head = &Node[T]{v, l.head}; l.size++ }

func (l *LinkedList[T]) Reverse() {
	var prev *Node[T]
	for cur := l.head; cur != nil; {
		next := cur.next
		cur.next = prev
		prev, cur = cur, next
	}
	l.head = prev
}

func (l LinkedList[T]) String() string {
	s := "["
	for n := l.head; n != nil; n = n.next {
		if n != l.head {
			s += " -> "
		}
		s += fmt.Sprint(n.val)
	}
	return s + "]"
}

type Expr[T any] interface {
	Eval() T
}

type Lit[T any] struct{ v T }

func (l Lit[T]) Eval() T { return l.v }

type Add[T int | float64] struct{ a, b Expr[T] }

func (a Add[T]) Eval() T { return a.a.Eval() + a.b.Eval() }

func main() {
	var t *Tree[int]
	for _, v := range []int{5, 3, 8, 1, 4, 9, 7} {
		t = t.Insert(v)
	}
	t.Walk(func(v int) { fmt.Print(v, " ") })
	fmt.Println("h=", t.Height())
	var ts *Tree[string]
	for _, w := range []string{"pear", "apple", "fig"} {
		ts = ts.Insert(w)
	}
	ts.Walk(func(s string) { fmt.Print(s, ";") })
	fmt.Println()
	var l LinkedList[string]
	l.Prepend("c")
	l.Prepend("b")
	l.Prepend("a")
	fmt.Println(l, l.size)
	l.Reverse()
	fmt.Println(l)
	fmt.Printf("%v|%s\n", l, &l)
	var e Expr[float64] = Add[float64]{Lit[float64]{1.5}, Add[float64]{Lit[float64]{2}, Lit[float64]{0.25}}}
	fmt.Println(e.Eval())
	ie := Add[int]{Lit[int]{1}, Lit[int]{2}}
	fmt.Println(ie.Eval())
}

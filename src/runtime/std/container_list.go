// Package list is a doubly linked list, written for govm.
//
// A List records its first and last elements and its length; the links between
// elements end in nil on both sides, so the zero List is an empty list ready to
// use. Every element remembers the list holding it: operations handed an element
// of another list (or a removed one) leave the list unchanged, as documented.
package list

// Element is one value stored in a List.
type Element struct {
	Value any

	owner      *List
	prev, next *Element
}

// Next returns the element after e, or nil at the end (or when e is detached).
func (e *Element) Next() *Element {
	if e.owner == nil {
		return nil
	}
	return e.next
}

// Prev returns the element before e, or nil at the start (or when e is detached).
func (e *Element) Prev() *Element {
	if e.owner == nil {
		return nil
	}
	return e.prev
}

// List is a doubly linked list; the zero value is empty.
type List struct {
	head, tail *Element
	len        int
}

// New returns an empty list.
func New() *List { return new(List) }

// Init empties l and returns it.
func (l *List) Init() *List {
	l.head, l.tail, l.len = nil, nil, 0
	return l
}

// Len is the number of elements, in constant time.
func (l *List) Len() int { return l.len }

// Front returns the first element or nil.
func (l *List) Front() *Element { return l.head }

// Back returns the last element or nil.
func (l *List) Back() *Element { return l.tail }

// link places e in l just after at, or first when at is nil, and returns e.
func (l *List) link(e, at *Element) *Element {
	e.owner = l
	e.prev = at
	if at == nil {
		e.next, l.head = l.head, e
	} else {
		e.next, at.next = at.next, e
	}
	if e.next == nil {
		l.tail = e
	} else {
		e.next.prev = e
	}
	l.len++
	return e
}

// unlink takes e out of l's chain, leaving it detached.
func (l *List) unlink(e *Element) {
	if e.prev == nil {
		l.head = e.next
	} else {
		e.prev.next = e.next
	}
	if e.next == nil {
		l.tail = e.prev
	} else {
		e.next.prev = e.prev
	}
	e.prev, e.next, e.owner = nil, nil, nil
	l.len--
}

// Remove takes e out of l if it belongs to l, and returns its value either way.
func (l *List) Remove(e *Element) any {
	if e.owner == l {
		l.unlink(e)
	}
	return e.Value
}

// PushFront inserts v at the front and returns its element.
func (l *List) PushFront(v any) *Element { return l.link(&Element{Value: v}, nil) }

// PushBack inserts v at the back and returns its element.
func (l *List) PushBack(v any) *Element { return l.link(&Element{Value: v}, l.tail) }

// InsertBefore inserts v just before mark; nil if mark is not in l.
func (l *List) InsertBefore(v any, mark *Element) *Element {
	if mark.owner != l {
		return nil
	}
	return l.link(&Element{Value: v}, mark.prev)
}

// InsertAfter inserts v just after mark; nil if mark is not in l.
func (l *List) InsertAfter(v any, mark *Element) *Element {
	if mark.owner != l {
		return nil
	}
	return l.link(&Element{Value: v}, mark)
}

// The moves below unlink e first and only then read the anchor (l.tail,
// mark.prev), so the anchor is never e itself.

// MoveToFront makes e the first element, if e is in l.
func (l *List) MoveToFront(e *Element) {
	if e.owner == l && l.head != e {
		l.unlink(e)
		l.link(e, nil)
	}
}

// MoveToBack makes e the last element, if e is in l.
func (l *List) MoveToBack(e *Element) {
	if e.owner == l && l.tail != e {
		l.unlink(e)
		l.link(e, l.tail)
	}
}

// MoveBefore moves e just before mark, if both are distinct elements of l.
func (l *List) MoveBefore(e, mark *Element) {
	if e.owner == l && mark.owner == l && e != mark {
		l.unlink(e)
		l.link(e, mark.prev)
	}
}

// MoveAfter moves e just after mark, if both are distinct elements of l.
func (l *List) MoveAfter(e, mark *Element) {
	if e.owner == l && mark.owner == l && e != mark {
		l.unlink(e)
		l.link(e, mark)
	}
}

// PushBackList appends copies of other's values. The count is taken first so that
// appending a list to itself doubles it rather than looping forever.
func (l *List) PushBackList(other *List) {
	e := other.head
	for n := other.len; n > 0; n-- {
		l.PushBack(e.Value)
		e = e.next
	}
}

// PushFrontList prepends copies of other's values, keeping their order.
func (l *List) PushFrontList(other *List) {
	e := other.tail
	for n := other.len; n > 0; n-- {
		l.PushFront(e.Value)
		e = e.prev
	}
}

// Package heap keeps a binary min-heap inside any collection implementing
// Interface, written for govm.
//
// The heap is the implicit tree of a slice: the children of index i sit at 2i+1
// and 2i+2, and no child is Less than its parent, so index 0 holds the minimum.
// The order in which elements are compared and swapped is observable by user
// Swap methods (and by the final layout), so it follows the textbook algorithm:
// sift down choosing the lesser child (the left one on ties), sift up while the
// child is Less than its parent.
package heap

import "sort"

// Interface is a sort.Interface with Push and Pop acting at index Len()-1.
type Interface interface {
	sort.Interface
	Push(x any) // add x as element Len()
	Pop() any   // remove and return element Len() - 1.
}

// Init orders h into a heap, in O(n), by sifting down every inner node from the
// last one back to the root.
func Init(h Interface) {
	n := h.Len()
	for i := n/2 - 1; i >= 0; i-- {
		siftDown(h, i, n)
	}
}

// Push adds x and restores the heap.
func Push(h Interface, x any) {
	h.Push(x)
	siftUp(h, h.Len()-1)
}

// Pop removes and returns the minimum: it is swapped to the end, the heap is
// repaired over the rest, and the user's Pop takes it off.
func Pop(h Interface) any {
	last := h.Len() - 1
	h.Swap(0, last)
	siftDown(h, 0, last)
	return h.Pop()
}

// Remove removes and returns element i, the same way Pop does for the root.
func Remove(h Interface, i int) any {
	last := h.Len() - 1
	if i != last {
		h.Swap(i, last)
		settle(h, i, last)
	}
	return h.Pop()
}

// Fix restores the heap after element i's value changed.
func Fix(h Interface, i int) {
	settle(h, i, h.Len())
}

// settle moves element i down, or if it cannot go down, up.
func settle(h Interface, i, n int) {
	if !siftDown(h, i, n) {
		siftUp(h, i)
	}
}

func siftUp(h Interface, i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !h.Less(i, parent) {
			return
		}
		h.Swap(i, parent)
		i = parent
	}
}

// siftDown moves element i down within the first n elements; it reports
// whether the element moved.
func siftDown(h Interface, i, n int) bool {
	start := i
	for {
		child := 2*i + 1
		if child >= n || child < 0 { // child < 0: int overflow
			break
		}
		if right := child + 1; right < n && h.Less(right, child) {
			child = right
		}
		if !h.Less(child, i) {
			break
		}
		h.Swap(i, child)
		i = child
	}
	return i > start
}

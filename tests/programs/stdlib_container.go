package main

import (
	"container/heap"
	"container/list"
	"fmt"
	"strings"
)

func dump(l *list.List) string {
	var parts []string
	for e := l.Front(); e != nil; e = e.Next() {
		parts = append(parts, fmt.Sprint(e.Value))
	}
	var back []string
	for e := l.Back(); e != nil; e = e.Prev() {
		back = append(back, fmt.Sprint(e.Value))
	}
	return fmt.Sprintf("[%s] back [%s] len %d", strings.Join(parts, " "), strings.Join(back, " "), l.Len())
}

// An IntHeap is a min-heap of ints.
type IntHeap []int

func (h IntHeap) Len() int           { return len(h) }
func (h IntHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h IntHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *IntHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *IntHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[0 : n-1]
	return x
}

type Item struct {
	value    string
	priority int
	index    int
}

type PriorityQueue []*Item

func (pq PriorityQueue) Len() int { return len(pq) }
func (pq PriorityQueue) Less(i, j int) bool {
	return pq[i].priority > pq[j].priority
}
func (pq PriorityQueue) Swap(i, j int) {
	pq[i], pq[j] = pq[j], pq[i]
	pq[i].index = i
	pq[j].index = j
}
func (pq *PriorityQueue) Push(x any) {
	item := x.(*Item)
	item.index = len(*pq)
	*pq = append(*pq, item)
}
func (pq *PriorityQueue) Pop() any {
	old := *pq
	n := len(old)
	item := old[n-1]
	old[n-1] = nil
	item.index = -1
	*pq = old[0 : n-1]
	return item
}

func main() {
	l := list.New()
	e4 := l.PushBack(4)
	e1 := l.PushFront(1)
	l.InsertBefore(3, e4)
	l.InsertAfter(2, e1)
	fmt.Println(dump(l))
	l.MoveToFront(e4)
	fmt.Println(dump(l))
	l.MoveToBack(e4)
	l.MoveBefore(e4, e1)
	fmt.Println(dump(l))
	l.MoveAfter(e4, l.Back())
	fmt.Println(dump(l))
	fmt.Println(l.Remove(e1), dump(l))
	fmt.Println(l.Remove(e1), dump(l))
	other := list.New()
	other.PushBack("a")
	other.PushBack("b")
	l.PushBackList(other)
	l.PushFrontList(other)
	fmt.Println(dump(l))
	fmt.Println(l.Front().Value, l.Back().Value, l.Front().Prev() == nil, l.Back().Next() == nil)
	var zero list.List
	zero.PushBack("lazy")
	fmt.Println(dump(&zero))
	l.Init()
	fmt.Println(dump(l), l.Front() == nil)
	// Removing while iterating.
	l2 := list.New()
	for i := 0; i < 10; i++ {
		l2.PushBack(i)
	}
	for e := l2.Front(); e != nil; {
		next := e.Next()
		if e.Value.(int)%3 == 0 {
			l2.Remove(e)
		}
		e = next
	}
	fmt.Println(dump(l2))
	// Foreign element: no change.
	fmt.Println(l2.Remove(other.Front()), dump(l2))
	l2.MoveToFront(other.Front())
	fmt.Println(l2.InsertBefore(1, other.Front()) == nil)

	h := &IntHeap{5, 2, 8}
	heap.Init(h)
	heap.Push(h, 3)
	fmt.Printf("minimum: %d\n", (*h)[0])
	for h.Len() > 0 {
		fmt.Printf("%d ", heap.Pop(h))
	}
	fmt.Println()
	h = &IntHeap{9, 1, 7, 3, 5, 2}
	heap.Init(h)
	(*h)[2] = 0
	heap.Fix(h, 2)
	fmt.Println(heap.Remove(h, 1), *h)

	items := map[string]int{"banana": 3, "apple": 2, "pear": 4}
	pq := make(PriorityQueue, 0)
	for _, name := range []string{"banana", "apple", "pear"} {
		heap.Push(&pq, &Item{value: name, priority: items[name]})
	}
	item := &Item{value: "orange", priority: 1}
	heap.Push(&pq, item)
	item.priority = 5
	heap.Fix(&pq, item.index)
	for pq.Len() > 0 {
		it := heap.Pop(&pq).(*Item)
		fmt.Printf("%.2d:%s ", it.priority, it.value)
	}
	fmt.Println()
}

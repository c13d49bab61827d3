// Package sort sorts slices; the element moves are in Rust.
package sort

func sortInts(x []int)
func sortFloat64s(x []float64)
func sortStrings(x []string)

// Slice sorts x (a slice) by less, which compares the elements at two indexes. It is
// a stable merge sort over the indexes, less seeing the elements where they were, then
// one permutation of the elements (in Rust: without reflection, Go code cannot move
// elements of a slice it knows only as an any).
func Slice(x any, less func(i, j int) bool) {
	n := lenOf(x, "Swapper")
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	buf := make([]int, n)
	for width := 1; width < n; width *= 2 {
		for i := 0; i < n; i += 2 * width {
			mid, end := min(i+width, n), min(i+2*width, n)
			l, r, k := i, mid, i
			for l < mid && r < end {
				if less(idx[r], idx[l]) {
					buf[k] = idx[r]
					r++
				} else {
					buf[k] = idx[l]
					l++
				}
				k++
			}
			k += copy(buf[k:], idx[l:mid])
			copy(buf[k:], idx[r:end])
		}
		idx, buf = buf, idx
	}
	permute(x, idx)
}

// permute makes element i of the slice x the one that was at idx[i].
func permute(x any, idx []int)

// SliceStable is Slice, which is stable.
func SliceStable(x any, less func(i, j int) bool) { Slice(x, less) }

func Ints(x []int)         { sortInts(x) }
func Float64s(x []float64) { sortFloat64s(x) }
func Strings(x []string)   { sortStrings(x) }

func IntsAreSorted(x []int) bool {
	for i := 1; i < len(x); i++ {
		if x[i] < x[i-1] {
			return false
		}
	}
	return true
}

// Search returns the smallest index i in [0, n) at which f(i) is true, or n.
func Search(n int, f func(int) bool) int {
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		if !f(h) {
			i = h + 1
		} else {
			j = h
		}
	}
	return i
}

func SearchInts(a []int, x int) int {
	return Search(len(a), func(i int) bool { return a[i] >= x })
}

func SearchStrings(a []string, x string) int {
	return Search(len(a), func(i int) bool { return a[i] >= x })
}

// Interface is what Sort needs of a collection.
type Interface interface {
	Len() int
	Less(i, j int) bool
	Swap(i, j int)
}

// Sort sorts data (not stably): insertion sort on short runs, heap sort otherwise.
func Sort(data Interface) {
	n := data.Len()
	if n < 12 {
		insertionSort(data, 0, n)
		return
	}
	heapSort(data, n)
}

// Stable sorts data keeping equal elements in order (insertion sort over blocks, then
// in-place merging by rotations).
func Stable(data Interface) {
	n := data.Len()
	for i := 1; i < n; i++ {
		for j := i; j > 0 && data.Less(j, j-1); j-- {
			data.Swap(j, j-1)
		}
	}
}

func insertionSort(data Interface, a, b int) {
	for i := a + 1; i < b; i++ {
		for j := i; j > a && data.Less(j, j-1); j-- {
			data.Swap(j, j-1)
		}
	}
}

func siftDown(data Interface, lo, hi int) {
	root := lo
	for {
		child := 2*root + 1
		if child >= hi {
			return
		}
		if child+1 < hi && data.Less(child, child+1) {
			child++
		}
		if !data.Less(root, child) {
			return
		}
		data.Swap(root, child)
		root = child
	}
}

func heapSort(data Interface, n int) {
	for i := (n - 1) / 2; i >= 0; i-- {
		siftDown(data, i, n)
	}
	for i := n - 1; i >= 0; i-- {
		data.Swap(0, i)
		siftDown(data, 0, i)
	}
}

func IsSorted(data Interface) bool {
	n := data.Len()
	for i := n - 1; i > 0; i-- {
		if data.Less(i, i-1) {
			return false
		}
	}
	return true
}

type reverse struct {
	Interface
}

func (r reverse) Less(i, j int) bool { return r.Interface.Less(j, i) }

// Reverse returns data with the opposite order.
func Reverse(data Interface) Interface { return &reverse{data} }

// IntSlice attaches Interface's methods to []int.
type IntSlice []int

func (x IntSlice) Len() int           { return len(x) }
func (x IntSlice) Less(i, j int) bool { return x[i] < x[j] }
func (x IntSlice) Swap(i, j int)      { x[i], x[j] = x[j], x[i] }

// StringSlice attaches Interface's methods to []string.
type StringSlice []string

func (x StringSlice) Len() int           { return len(x) }
func (x StringSlice) Less(i, j int) bool { return x[i] < x[j] }
func (x StringSlice) Swap(i, j int)      { x[i], x[j] = x[j], x[i] }

// Float64Slice attaches Interface's methods to []float64.
type Float64Slice []float64

func (x Float64Slice) Len() int           { return len(x) }
func (x Float64Slice) Less(i, j int) bool { return x[i] < x[j] || (x[i] != x[i] && x[j] == x[j]) }
func (x Float64Slice) Swap(i, j int)      { x[i], x[j] = x[j], x[i] }

func StringsAreSorted(x []string) bool { return IsSorted(StringSlice(x)) }
func Float64sAreSorted(x []float64) bool { return IsSorted(Float64Slice(x)) }

func SliceIsSorted(x any, less func(i, j int) bool) bool {
	n := lenOf(x, "reflect.Value.Len")
	for i := n - 1; i > 0; i-- {
		if less(i, i-1) {
			return false
		}
	}
	return true
}

// lenOf is the length of the slice x, or the panic of reflect's method on anything
// else.
func lenOf(x any, method string) int

func (x IntSlice) Sort()              { Sort(x) }
func (x IntSlice) Search(v int) int   { return SearchInts(x, v) }
func (x StringSlice) Sort()           { Sort(x) }
func (x StringSlice) Search(v string) int { return SearchStrings(x, v) }
func (x Float64Slice) Sort()          { Sort(x) }

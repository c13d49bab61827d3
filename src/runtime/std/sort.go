// Package sort sorts slices; the element moves are native.
package sort

func sortInts(x []int)
func sortFloat64s(x []float64)
func sortStrings(x []string)

// Slice sorts x (a slice) by less, which compares the elements at two indexes.
func Slice(x any, less func(i, j int) bool)

// SliceStable is Slice; the native sort is stable.
func SliceStable(x any, less func(i, j int) bool)

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

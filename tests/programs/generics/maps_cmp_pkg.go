// Expected output derived by hand from the Go 1.22 documentation of packages maps and
// cmp (Go 1.19, the reference compiler here, has neither).
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

type Version struct {
	Major, Minor int
}

func CompareVersion(a, b Version) int {
	return cmp.Or(cmp.Compare(a.Major, b.Major), cmp.Compare(a.Minor, b.Minor))
}

func MaxOf[T cmp.Ordered](xs ...T) T {
	m := xs[0]
	for _, x := range xs[1:] {
		if cmp.Less(m, x) {
			m = x
		}
	}
	return m
}

type Scores map[string]int

func main() {
	fmt.Println(cmp.Compare(1, 2), cmp.Compare("b", "a"), cmp.Compare(2.5, 2.5)) // -1 1 0
	fmt.Println(cmp.Less("a", "b"), cmp.Less(3, 3))                              // true false
	fmt.Println(MaxOf(3, 9, 2), MaxOf("x", "yy", "b"), MaxOf(1.5, -2.0))         // 9 yy 1.5
	vs := []Version{{1, 10}, {1, 2}, {0, 99}}
	slices.SortFunc(vs, CompareVersion)
	fmt.Println(vs)                                                          // [{0 99} {1 2} {1 10}]
	fmt.Println(cmp.Or("", "default"), cmp.Or(0, 0, 7, 8), cmp.Or[string]()) // default 7 (empty)

	m := map[string]int{"a": 1, "b": 2, "c": 3}
	c := maps.Clone(m)
	c["d"] = 4
	fmt.Println(len(m), len(c), maps.Equal(m, c)) // 3 4 false
	delete(c, "d")
	fmt.Println(maps.Equal(m, c)) // true
	maps.DeleteFunc(c, func(k string, v int) bool { return v%2 == 1 })
	fmt.Println(c) // map[b:2]
	dst := Scores{"z": 26}
	maps.Copy(dst, m)
	fmt.Printf("%T %v\n", dst, dst) // main.Scores map[a:1 b:2 c:3 z:26]
	sc := maps.Clone(dst)
	fmt.Printf("%T %d\n", sc, len(sc)) // main.Scores 4
	eq := maps.EqualFunc(map[int]string{1: "A"}, map[int]string{1: "a"}, func(x, y string) bool { return strings.EqualFold(x, y) })
	fmt.Println(eq) // true
	var nilMap map[string]int
	fmt.Println(maps.Clone(nilMap) == nil) // true
	keys := make([]string, 0)
	for k := range dst {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fmt.Println(keys) // [a b c z]
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(b, a) })
	fmt.Println(keys) // [z c b a]
}

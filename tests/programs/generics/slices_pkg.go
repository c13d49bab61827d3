// Expected output derived by hand from the Go 1.22 documentation of package slices
// (Go 1.19, the reference compiler here, has no package slices).
package main

import (
	"fmt"
	"slices"
	"strings"
)

type Person struct {
	Name string
	Age  int
}

func main() {
	xs := []int{5, 2, 8, 2, 9, 1}
	s := slices.Clone(xs)
	slices.Sort(s)
	fmt.Println(s, xs)                                   // [1 2 2 5 8 9] [5 2 8 2 9 1]
	fmt.Println(slices.IsSorted(s), slices.IsSorted(xs)) // true false
	i, found := slices.BinarySearch(s, 5)
	fmt.Println(i, found) // 3 true
	i, found = slices.BinarySearch(s, 6)
	fmt.Println(i, found)                                                         // 4 false
	fmt.Println(slices.Contains(xs, 8), slices.Index(xs, 2), slices.Index(xs, 7)) // true 1 -1
	fmt.Println(slices.Max(xs), slices.Min(xs))                                   // 9 1
	s = slices.Compact(s)
	fmt.Println(s, len(s)) // [1 2 5 8 9] 5
	s = slices.Insert(s, 1, 100, 101)
	fmt.Println(s) // [1 100 101 2 5 8 9]
	s = slices.Delete(s, 1, 3)
	fmt.Println(s) // [1 2 5 8 9]
	slices.Reverse(s)
	fmt.Println(s)                                                                                                                               // [9 8 5 2 1]
	fmt.Println(slices.Equal(s, []int{9, 8, 5, 2, 1}), slices.Equal(s, nil))                                                                     // true false
	fmt.Println(slices.Compare([]int{1, 2}, []int{1, 3}), slices.Compare([]int{1, 2}, []int{1, 2}), slices.Compare([]int{1, 2, 0}, []int{1, 2})) // -1 0 1
	fmt.Println(slices.IndexFunc(s, func(x int) bool { return x < 5 }))                                                                          // 3
	fmt.Println(slices.ContainsFunc(s, func(x int) bool { return x > 100 }))                                                                     // false
	s = slices.DeleteFunc(s, func(x int) bool { return x%2 == 0 })
	fmt.Println(s) // [9 5 1]

	people := []Person{{"Alice", 30}, {"Bob", 25}, {"Carol", 30}, {"Dan", 25}}
	slices.SortStableFunc(people, func(a, b Person) int { return a.Age - b.Age })
	fmt.Println(people) // [{Bob 25} {Dan 25} {Alice 30} {Carol 30}]
	slices.SortFunc(people, func(a, b Person) int { return strings.Compare(b.Name, a.Name) })
	fmt.Println(people) // [{Dan 25} {Carol 30} {Bob 25} {Alice 30}]
	oldest := slices.MaxFunc(people, func(a, b Person) int { return a.Age - b.Age })
	fmt.Println(oldest) // {Carol 30}  (MaxFunc returns the first maximal element)
	youngest := slices.MinFunc(people, func(a, b Person) int { return a.Age - b.Age })
	fmt.Println(youngest) // {Dan 25}  (MinFunc returns the first minimal element)
	j, ok := slices.BinarySearchFunc([]Person{{"A", 1}, {"B", 5}, {"C", 9}}, 5, func(p Person, t int) int { return p.Age - t })
	fmt.Println(j, ok) // 1 true

	words := []string{"b", "a", "b", "b", "c", "a"}
	words = slices.CompactFunc(words, func(a, b string) bool { return a == b })
	fmt.Println(words)                                               // [b a b c a]
	fmt.Println(slices.Concat([]int{1}, []int{2, 3}, nil, []int{4})) // [1 2 3 4]
	r := slices.Replace([]int{0, 1, 2, 3}, 1, 3, 7, 8, 9)
	fmt.Println(r) // [0 7 8 9 3]
	g := slices.Grow([]int{1}, 10)
	fmt.Println(len(g), cap(g) >= 11) // 1 true
	c := slices.Clip(make([]int, 2, 10))
	fmt.Println(len(c), cap(c))                                                                                              // 2 2
	fmt.Println(slices.EqualFunc([]int{1, 2}, []string{"1", "2"}, func(a int, b string) bool { return fmt.Sprint(a) == b })) // true
	type Names []string
	ns := Names{"z", "y"}
	slices.Sort(ns)
	fmt.Printf("%T %v\n", ns, ns) // main.Names [y z]
	ns2 := slices.Clone(ns)
	fmt.Printf("%T\n", ns2)                             // main.Names
	fmt.Println(slices.Index([]float64{1.5, 2.5}, 2.5)) // 1
}

// Needs Go 1.21 inference (a generic function as an argument); expected output derived by hand.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

func main() {
	xs := []int{3, 1, 2}
	slices.SortFunc(xs, cmp.Compare)
	fmt.Println(xs)
}

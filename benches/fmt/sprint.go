// Formats N values with fmt.Sprint and fmt.Sprintf, either a struct with a String
// method among them ("stringer") or integers only ("plain"): what fmt costs, and
// what calling a Go method from fmt adds.
package main

import (
	"fmt"
	"os"
	"strconv"
)

type P struct{ x, y int }

func (p P) String() string { return "(" + strconv.Itoa(p.x) + "," + strconv.Itoa(p.y) + ")" }

func main() {
	n, _ := strconv.Atoi(os.Args[1])
	stringer := os.Args[2] == "stringer"
	total := 0
	for i := 0; i < n; i++ {
		if stringer {
			total += len(fmt.Sprint(P{i, i}, i, "x"))
		} else {
			total += len(fmt.Sprint(i, i, "x"))
		}
		total += len(fmt.Sprintf("%d %s", i, "y"))
	}
	fmt.Println(total)
}

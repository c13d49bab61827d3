// ops: map[int]int assignments, lookups, deletions and range loops and little else, to
// time what each map operation costs (its claim included, see runtime/map.rs). The
// size is os.Args[1] (default 500000); it prints the map's length and a checksum.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	n := 500000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	m := make(map[int]int)
	sum := 0
	for r := 0; r < 4; r++ {
		for i := 0; i < n; i++ {
			m[i*7%n] += i
		}
		for i := 0; i < n; i++ {
			if v, ok := m[i]; ok {
				sum += v & 1023
			}
		}
		for i := 0; i < n; i += 3 {
			delete(m, i)
		}
		for k, v := range m {
			sum += (k ^ v) & 7
		}
	}
	fmt.Println(len(m), sum)
}

// churn: allocates the given number of MiB in short-lived objects (cyclic pairs, byte
// buffers, maps of slices), keeping only a small window alive; prints a checksum.
package main

import (
	"fmt"
	"os"
	"strconv"
)

type pair struct {
	other *pair
	data  []byte
	id    int
}

func main() {
	mib := 1024
	if len(os.Args) > 1 {
		mib, _ = strconv.Atoi(os.Args[1])
	}
	var window [64]*pair
	sum := 0
	allocated := 0
	for i := 0; allocated < mib<<20; i++ {
		a := &pair{id: i}
		b := &pair{other: a, id: -i}
		a.other = b
		a.data = make([]byte, 1000+i%3000)
		a.data[0], a.data[len(a.data)-1] = byte(i), byte(i>>8)
		allocated += len(a.data) + 80
		if i%100 == 0 {
			m := map[int][]int{}
			for k := 0; k < 10; k++ {
				m[k] = make([]int, 10)
				allocated += 80 + 48
			}
			sum += len(m)
		}
		window[i%64] = a
		sum += window[(i+1)%64].checkIDs()
	}
	fmt.Println(sum)
}

func (p *pair) checkIDs() int {
	if p == nil {
		return 0
	}
	return p.id + p.other.id + len(p.data)%7 + int(p.data[0]^p.data[len(p.data)-1])
}

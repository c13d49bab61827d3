// fmt prints a copy of a map's entries, as Go does: the String methods it calls may
// change the map meanwhile (grow it, so that its storage moves; delete entries and
// collect, so that only the copy keeps their values alive) without changing what is
// printed.
package main

import (
	"fmt"
	"runtime"
	"strings"
)

type Key int

var m = map[Key]string{}

func (k Key) String() string {
	for i := 0; i < 2000; i++ {
		m[Key(1000*(int(k)+1)+i)] = "grown"
	}
	for other := range m {
		if other < 100 && other != k {
			delete(m, other)
		}
	}
	runtime.GC()
	// Fresh strings of the values' sizes, which take the memory of those just deleted
	// unless something still holds them.
	for i := 0; i < 5000; i++ {
		fresh = append(fresh, strings.Repeat("z", 3+i%5))
	}
	return fmt.Sprintf("k%d", int(k))
}

var fresh []string

func main() {
	for i := 0; i < 5; i++ {
		m[Key(i)] = strings.Repeat(string(rune('a'+i)), 3+i)
	}
	fmt.Println(m)
	fmt.Println(len(m))
}

// Run with GOVM_TEST_CRASH (tests/internal_errors.rs): a machine panics on purpose at the
// go statement, or sysmon at its first tick, as a bug of govm's would.
package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("before")
	// Starts sysmon.
	time.Sleep(time.Millisecond)
	go fmt.Println("in a goroutine")
	time.Sleep(time.Millisecond)
	fmt.Println("after")
}

// Needs Go 1.20/1.21 (see infer_go121.go); expected output derived by hand from the Go 1.22 spec.
package main

import "fmt"

func Identity[T any](x T) T { return x }

func main() {
	var g func(string) string = Identity
	fmt.Println(g("id"))
}

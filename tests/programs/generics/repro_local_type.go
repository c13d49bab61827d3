// Needs Go 1.20/1.21 (see infer_go121.go); expected output derived by hand from the Go 1.22 spec.
package main

import "fmt"

func Wrap[T any](x T) string {
	type box struct{ v T }
	return fmt.Sprintf("%+v", box{x})
}

func main() { fmt.Println(Wrap(1), Wrap("s")) }

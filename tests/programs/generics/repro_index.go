package main

import "fmt"

func First[T ~string | ~[]byte](x T) byte { return x[0] }

func main() { fmt.Println(First("abc"), First([]byte{7})) }

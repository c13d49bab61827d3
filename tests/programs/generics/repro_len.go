package main

import "fmt"

func Len[T ~string | ~[]byte](x T) int { return len(x) }

func main() { fmt.Println(Len("abc"), Len([]byte{1})) }

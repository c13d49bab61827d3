package main

import "fmt"

func Len[T ~[]int | ~map[string]int](x T) int { return len(x) }

func main() { fmt.Println(Len([]int{1, 2}), Len(map[string]int{"a": 1})) }

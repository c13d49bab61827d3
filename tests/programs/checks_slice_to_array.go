package main

import "fmt"

func convert(s []int) (a [8]int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	return [8]int(s)
}

func main() {
	s := []int{1, 2, 3, 4, 5}
	fmt.Println(convert(s))
	fmt.Println(convert(append(s, 6, 7, 8, 9)))
	b := []byte("a slice of bytes")
	last := [1]byte(b[15:])
	fmt.Println([5]byte(b[2:]), string(last[:]))
	var nilSlice []int
	fmt.Println([0]int(nilSlice))
	// Not recovered: the program ends with Go's report.
	arr := [8]int(s)
	fmt.Println(arr)
}

package main

import "fmt"

type empty struct{}

type pair struct {
	a struct{}
	b [0]int
}

func main() {
	a := make([]struct{}, 5)
	b := make([]struct{}, 3)
	fmt.Println(copy(a, b), copy(b, a), copy(a[1:], a))
	c := make([]pair, 4)
	fmt.Println(copy(c, make([]pair, 9)), c)
	d := make([][0]string, 2)
	clear(d)
	fmt.Println(copy(d, [][0]string{{}}), d)
	e := append([]empty{}, make([]empty, 7)...)
	clear(e)
	fmt.Println(len(e), e[6])
}

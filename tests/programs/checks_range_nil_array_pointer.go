package main

import "fmt"

func main() {
	defer func() { fmt.Println("recovered:", recover()) }()
	var p *[10]int
	for i, v := range p {
		fmt.Println(i, v)
	}
}

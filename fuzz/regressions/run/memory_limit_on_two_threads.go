package main

var keep [][]byte

func main() {
	for {
		keep = append(keep, make([]byte, 1<<20))
	}
}

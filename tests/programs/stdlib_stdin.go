package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func main() {
	// The first line through a bufio.Reader, the rest through a Scanner on the same
	// reader (so nothing the Reader buffered is lost).
	in := bufio.NewReader(os.Stdin)
	fmt.Print("name? ")
	name, err := in.ReadString('\n')
	fmt.Printf("hello %q %v\n", strings.TrimSpace(name), err)
	sc := bufio.NewScanner(in)
	sum, lines, words := 0, 0, 0
	for sc.Scan() {
		lines++
		for _, f := range strings.Fields(sc.Text()) {
			words++
			if n, err := strconv.Atoi(f); err == nil {
				sum += n
			}
		}
	}
	fmt.Println(lines, words, sum, sc.Err())
	n, err := os.Stdin.Read(make([]byte, 10))
	fmt.Println(n, err == io.EOF)
}

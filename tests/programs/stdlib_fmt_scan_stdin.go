package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	var n int
	fmt.Print("how many? ")
	if _, err := fmt.Scan(&n); err != nil {
		fmt.Println("error:", err)
		return
	}
	total := 0.0
	for i := 0; i < n; i++ {
		var name string
		var price float64
		c, err := fmt.Scanln(&name, &price)
		fmt.Println(c, err, name, price)
		total += price
	}
	fmt.Printf("total %.2f\n", total)
	var a, b int
	c, err := fmt.Scanf("%d-%d\n", &a, &b)
	fmt.Println(c, err, a, b)
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		fmt.Printf("rest: %q\n", sc.Text())
	}
	c, err = fmt.Scan(&a)
	fmt.Println(c, err)
}

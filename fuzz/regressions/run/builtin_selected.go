package main

import "fmt"

// The print and println builtins write to standard error, not standard output.
// Floats use the runtime's own format (+1.500000e+000), not fmt's.
func main() {
	fmt.Println("stdout line 1")
	var f float64 = 1.5
	var i8 int8 = -7
	var u uint64 = 1 << 63
	var p *int
	println("println:", 42, i8, u, f, true, 'a', p == nil)
	print("print:", 1, 2, "x", 3.0, false, "\n")
	println()
	print.Println("stdout line 2")
}

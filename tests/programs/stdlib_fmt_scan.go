package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

type point struct{ x, y int }

func (p *point) Scan(st fmt.ScanState, verb rune) error {
	_, err := fmt.Fscanf(st, "(%d,%d)", &p.x, &p.y)
	return err
}

type word string

func (w *word) Scan(st fmt.ScanState, verb rune) error {
	tok, err := st.Token(true, func(r rune) bool { return r >= 'a' && r <= 'z' })
	*w = word(strings.ToUpper(string(tok)))
	return err
}

func main() {
	var (
		i   int
		i8  int8
		i64 int64
		u   uint
		u8  uint8
		f   float64
		f32 float32
		s   string
		b   bool
		r   rune
		bs  []byte
	)
	n, err := fmt.Sscan("42 -7 9000000000 17 255 3.25 1.5 hello true", &i, &i8, &i64, &u, &u8, &f, &f32, &s, &b)
	fmt.Println(n, err, i, i8, i64, u, u8, f, f32, s, b)
	n, err = fmt.Sscan("1\n\n2", &i, &i64)
	fmt.Println(n, err, i, i64)
	n, err = fmt.Sscan("", &i)
	fmt.Println(n, err)
	n, err = fmt.Sscan("   ", &i)
	fmt.Println(n, err)
	n, err = fmt.Sscan("abc", &i)
	fmt.Println(n, err)
	n, err = fmt.Sscan("12 x", &i, &i64)
	fmt.Println(n, err, i)
	n, err = fmt.Sscan("300", &i8)
	fmt.Println(n, err)
	n, err = fmt.Sscan("99999999999999999999", &i)
	fmt.Println(n, err)
	n, err = fmt.Sscan("-5", &u)
	fmt.Println(n, err)
	n, err = fmt.Sscan("0x1F 0b101 0o17 017 1_000", &i, &i64, &u, &u8, &f)
	fmt.Println(n, err, i, i64, u, u8, f)
	n, err = fmt.Sscan("maybe", &b)
	fmt.Println(n, err)
	n, err = fmt.Sscan("F T 0 1 false TRUE", &b, &b, &b, &b, &b, &b)
	fmt.Println(n, err, b)
	n, err = fmt.Sscan("1e3 -inf NaN 0x1p-2 2p3", &f, &f, &f, &f, &f)
	fmt.Println(n, err, f)
	n, err = fmt.Sscan("1.5.5", &f)
	fmt.Println(n, err, f)
	n, err = fmt.Sscan("x", &f)
	fmt.Println(n, err)

	// Sscanln.
	n, err = fmt.Sscanln("1 2\n3", &i, &i64)
	fmt.Println(n, err, i, i64)
	n, err = fmt.Sscanln("1\n2", &i, &i64)
	fmt.Println(n, err)
	n, err = fmt.Sscanln("1 2 3", &i, &i64)
	fmt.Println(n, err)
	n, err = fmt.Sscanln("5 6   \n", &i, &i64)
	fmt.Println(n, err, i, i64)
	n, err = fmt.Sscanln("", &i)
	fmt.Println(n, err)
	n, err = fmt.Sscanln("\n", &i)
	fmt.Println(n, err)

	// Sscanf.
	n, err = fmt.Sscanf("age: 30, name: bob", "age: %d, name: %s", &i, &s)
	fmt.Println(n, err, i, s)
	n, err = fmt.Sscanf("10-20", "%d-%d", &i, &i64)
	fmt.Println(n, err, i, i64)
	n, err = fmt.Sscanf("ff 0x1f 777 101", "%x %v %o %b", &i, &i64, &u, &u8)
	fmt.Println(n, err, i, i64, u, u8)
	n, err = fmt.Sscanf(`"quoted \"str\"" rest`, "%q %s", &s, &bs)
	fmt.Println(n, err, s, string(bs))
	n, err = fmt.Sscanf("`raw str`", "%q", &s)
	fmt.Println(n, err, s)
	n, err = fmt.Sscanf("68656c6c6f", "%x", &s)
	fmt.Println(n, err, s)
	n, err = fmt.Sscanf("héllo", "%c%c%c", &r, &i, &u8)
	fmt.Println(n, err, string(r), i, u8)
	n, err = fmt.Sscanf("12345", "%2d%3d", &i, &i64)
	fmt.Println(n, err, i, i64)
	n, err = fmt.Sscanf("abcdef", "%3s%s", &s, &bs)
	fmt.Println(n, err, s, string(bs))
	n, err = fmt.Sscanf("3.5 2.25e1", "%f %g", &f, &f32)
	fmt.Println(n, err, f, f32)
	n, err = fmt.Sscanf("100%", "%d%%", &i)
	fmt.Println(n, err, i)
	n, err = fmt.Sscanf("1 2", "%d %d %d", &i, &i64, &u)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("1 2", "%d", &i, &i64)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("1 2", "%d %d", &i)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("1,2", "%d %d", &i, &i64)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("1\n2", "%d %d", &i, &i64)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("1\n2", "%d\n%d", &i, &i64)
	fmt.Println(n, err, i, i64)
	n, err = fmt.Sscanf("x=1", "y=%d", &i)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("5", "%s", &i)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("5", "%d", &s)
	fmt.Println(n, err)
	n, err = fmt.Sscanf("true", "%t", &b)
	fmt.Println(n, err, b)
	n, err = fmt.Sscanf("U+1F600", "%U", &r)
	fmt.Println(n, err, string(r))
	n, err = fmt.Sscanf("7", "%d%", &i)
	fmt.Println(n, err)

	// Scanner implementations and unsupported targets.
	var p point
	n, err = fmt.Sscan("(3,4)", &p)
	fmt.Println(n, err, p)
	var w word
	n, err = fmt.Sscan("  hello123", &w)
	fmt.Println(n, err, w)
	n, err = fmt.Sscan("5", i)
	fmt.Println(n, err)

	// Fscan over readers: a bufio.Reader keeps the rest; a plain reader loses nothing
	// either (reads are one byte at a time).
	rd := bufio.NewReader(strings.NewReader("1 2 3\n4 5\nrest of line\n"))
	sum := 0
	for {
		var v int
		_, err := fmt.Fscan(rd, &v)
		if err != nil {
			fmt.Println("stop:", err, errors.Is(err, io.EOF))
			break
		}
		sum += v
	}
	fmt.Println(sum)
	sr := strings.NewReader("10 20\n30\n")
	for {
		var a, b int
		n, err := fmt.Fscanln(sr, &a, &b)
		fmt.Println(n, err, a, b)
		if err == io.EOF {
			break
		}
	}
	var lr io.Reader = io.LimitReader(strings.NewReader("7 8 tail"), 100)
	n, err = fmt.Fscanf(lr, "%d %d", &i, &i64)
	rest, _ := io.ReadAll(lr)
	fmt.Println(n, err, i, i64, string(rest))
}

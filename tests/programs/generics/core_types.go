package main

import (
	"fmt"
	"strings"
)

type Bytes interface{ ~string | ~[]byte }

func Len[T Bytes](x T) int { return len(x) }

func FirstByte[T Bytes](x T) byte { return x[0] }

func Concat[T ~string](xs ...T) T {
	var out T
	for _, x := range xs {
		out += x
	}
	return out
}

func Grow[S ~[]E, E any](s S, n int) S {
	out := make(S, len(s), len(s)+n)
	copy(out, s)
	return out
}

func Reverse[S ~[]E, E any](s S) S {
	out := append(S(nil), s...)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func CountKeys[M ~map[K]V, K comparable, V any](m M, pred func(K) bool) int {
	n := 0
	for k := range m {
		if pred(k) {
			n++
		}
	}
	return n
}

func Cap[C ~chan E, E any](c C) int { return cap(c) }

func Last[A ~[4]E, E any](a A) E { return a[len(a)-1] }

func Upper[T ~string](s T) T { return T(strings.ToUpper(string(s))) }

type Path string
type Words []string
type Quad [4]int

const big = 1 << 40

func Small[T ~int8 | ~int16]() T {
	const c = 100
	return c
}

func Big[T ~int64 | ~uint64]() T { return big }

func main() {
	fmt.Println(Len("héllo"), Len([]byte{1, 2}), Len(Path("/a/b")))
	fmt.Println(FirstByte("abc"), FirstByte([]byte("xyz")))
	p := Concat(Path("/usr"), Path("/bin"))
	fmt.Printf("%T %v\n", p, p)
	w := Grow(Words{"a", "b"}, 10)
	fmt.Printf("%T %v %d %d\n", w, w, len(w), cap(w))
	fmt.Println(Reverse(Words{"x", "y", "z"}), Reverse([]int{1, 2, 3, 4}))
	fmt.Println(CountKeys(map[string]bool{"ab": true, "b": false, "ac": true}, func(k string) bool { return strings.HasPrefix(k, "a") }))
	fmt.Println(Cap(make(chan int, 7)))
	fmt.Println(Last(Quad{1, 2, 3, 4}), Last([4]string{"", "", "", "last"}))
	fmt.Printf("%T %v\n", Upper(Path("abc")), Upper("def"))
	fmt.Println(Small[int8](), Small[int16](), Big[int64](), Big[uint64]())
}

package main

import "fmt"

type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

func Shl[T, U Integer](x T, n U) T { return x << n }
func Shr[T, U Integer](x T, n U) T { return x >> n }
func Not[T Integer](x T) T         { return ^x }
func AndNot[T Integer](a, b T) T   { return a &^ b }
func Mod[T Integer](a, b T) T      { return a % b }

func Div[T Integer | ~float64](a, b T) (res T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return a / b, nil
}

func ToS[T ~string](b []byte) T    { return T(b) }
func Bytes[T ~string](s T) []byte  { return []byte(s) }
func Runes[T ~string](s T) []rune  { return []rune(s) }
func RuneStr[T ~int32](r T) string { return string(r) }
func CountRunes[S ~string](s S) (n int) {
	for range s {
		n++
	}
	return
}

type Name string

func Inc[T Integer](p *T) { *p++ }

func Clamp[T ~int | ~float64 | ~string](x, lo, hi T) T {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

func MinMax[T ~int | ~float64](xs ...T) (lo, hi T) {
	lo, hi = xs[0], xs[0]
	for _, x := range xs {
		if x < lo {
			lo = x
		}
		if x > hi {
			hi = x
		}
	}
	return
}

func main() {
	fmt.Println(Shl(int8(1), uint(7)), Shl(uint8(3), 7), Shr(int16(-64), int64(3)), Shl(1, uint8(62)))
	fmt.Println(Shr(uint32(1)<<31, 31), Shl(int64(1), 64))
	fmt.Println(Not(uint8(0)), Not(0), Not(int8(5)), AndNot(0xff, 0x0f))
	fmt.Println(Mod(-7, 3), Mod(uint(7), 3), Mod(int8(-128), -1))
	fmt.Println(Div(7, 2))
	fmt.Println(Div(7.0, 2.0))
	fmt.Println(Div(1, 0))
	fmt.Println(Div(1.0, 0.0))
	fmt.Println(Div(int8(-128), -1))
	n := ToS[Name]([]byte("bob"))
	fmt.Printf("%T %v %v %v\n", n, n, Bytes(n), Runes(Name("hé")))
	fmt.Println(RuneStr('x'), RuneStr(rune(0x4e16)), CountRunes("héllo"), CountRunes(Name("ab")))
	x := uint8(255)
	Inc(&x)
	y := 41
	Inc(&y)
	fmt.Println(x, y)
	fmt.Println(Clamp(15, 0, 10), Clamp(-1.5, 0.0, 1.0), Clamp("m", "a", "k"), Clamp(Name("b"), "a", "c"))
	fmt.Println(MinMax(3, 1, 4, 1, 5))
	fmt.Println(MinMax(2.5, -0.5))
}

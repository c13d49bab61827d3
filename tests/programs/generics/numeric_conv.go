package main

import "fmt"

type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

type Float interface{ ~float32 | ~float64 }

type Number interface{ Integer | Float }

func Convert[To, From Number](x From) To { return To(x) }

func Avg[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s / T(len(xs))
}

func Shift[T Integer](x T, n uint) T { return x << n }

func Half[T Number](x T) T { return x / 2 }

func Neg[T Integer](x T) T { return -x }

func Bits[T Integer](x T) int {
	n := 0
	for x != 0 {
		x &= x - 1
		n++
	}
	return n
}

type MyInt int8

func Scale[T Number](x T) T {
	const k = 10
	return x * k
}

func main() {
	fmt.Println(Convert[int](3.99), Convert[int8](300), Convert[uint8](-1), Convert[float64](7))
	fmt.Println(Convert[int32](int64(1)<<40+5), Convert[uint16](7000.5))
	fmt.Println(Avg(1, 2, 4), Avg[float64](1, 2, 4), Avg[float32](1, 2))
	fmt.Println(Shift(1, 10), Shift(int8(1), 7), Shift(uint8(255), 1), Shift(MyInt(3), 2))
	fmt.Println(Half(7), Half(7.0), Half(int8(-7)), Half(uint(7)))
	fmt.Println(Neg(5), Neg(int8(-128)), Neg(uint8(1)))
	fmt.Println(Bits(255), Bits(uint64(1<<63)), Bits(int8(-1)))
	m := Scale(MyInt(13))
	fmt.Printf("%T %v\n", m, m)
	fmt.Println(Scale(1.5), Scale(uint8(30)))
	var f32 float32 = Convert[float32](0.1)
	fmt.Println(f32, Convert[float64](f32) == 0.1)
}

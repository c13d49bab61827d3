package main

import (
	"fmt"
	"strconv"
)

func Describe[T any](x T) string {
	switch v := any(x).(type) {
	case nil:
		return "nil"
	case int:
		return "int " + strconv.Itoa(v)
	case string:
		return "string " + strconv.Quote(v)
	case []T:
		return "slice of T"
	case fmt.Stringer:
		return "stringer " + v.String()
	case error:
		return "error " + v.Error()
	default:
		return fmt.Sprintf("other %T", v)
	}
}

type ID int

func (i ID) String() string { return "ID#" + strconv.Itoa(int(i)) }

func IsT[T any](x any) bool {
	_, ok := x.(T)
	return ok
}

func Classify[T any](xs ...any) (n int) {
	for _, x := range xs {
		switch x.(type) {
		case T:
			n++
		case *T:
			n += 10
		}
	}
	return
}

func SizeOf[T int8 | int16 | int32 | int64](x T) int {
	switch any(x).(type) {
	case int8:
		return 1
	case int16:
		return 2
	case int32:
		return 4
	}
	return 8
}

func main() {
	fmt.Println(Describe(5))
	fmt.Println(Describe("hi"))
	fmt.Println(Describe(ID(7)))
	fmt.Println(Describe(fmt.Errorf("boom")))
	fmt.Println(Describe(3.5))
	fmt.Println(Describe[any](nil))
	fmt.Println(Describe([]int{1}))
	fmt.Println(Describe[any]([]any{1}))
	fmt.Println(IsT[int](3), IsT[int]("3"), IsT[fmt.Stringer](ID(1)), IsT[error](ID(1)))
	x := 1
	fmt.Println(Classify[int](1, 2, "a", &x, 3.0))
	fmt.Println(Classify[string]("a", "b"))
	fmt.Println(SizeOf(int8(1)), SizeOf(int16(1)), SizeOf(int32(1)), SizeOf(int64(1)))
}

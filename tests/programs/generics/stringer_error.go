package main

import (
	"errors"
	"fmt"
)

type Pair[K comparable, V any] struct {
	K K
	V V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("<%v:%v>", p.K, p.V) }

type NotFound[K comparable] struct{ Key K }

func (e *NotFound[K]) Error() string { return fmt.Sprintf("key %v not found", e.Key) }

type Store[K comparable, V any] struct{ m map[K]V }

func (s Store[K, V]) Get(k K) (V, error) {
	v, ok := s.m[k]
	if !ok {
		return v, &NotFound[K]{k}
	}
	return v, nil
}

type Result[T any] struct {
	Val T
	Err error
}

func (r Result[T]) String() string {
	if r.Err != nil {
		return "err: " + r.Err.Error()
	}
	return fmt.Sprint("ok: ", r.Val)
}

func Stringify[T fmt.Stringer](xs []T) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, x.String())
	}
	return out
}

func main() {
	p := Pair[string, int]{"a", 1}
	fmt.Println(p)
	fmt.Printf("%v %s %d\n", p, p, p.V)
	var s fmt.Stringer = p
	fmt.Println(s.String())
	fmt.Println(Stringify([]Pair[int, bool]{{1, true}, {2, false}}))
	st := Store[string, int]{map[string]int{"x": 1}}
	_, err := st.Get("y")
	fmt.Println(err)
	var nf *NotFound[string]
	fmt.Println(errors.As(err, &nf), nf.Key)
	var nfi *NotFound[int]
	fmt.Println(errors.As(err, &nfi))
	wrapped := fmt.Errorf("wrap: %w", err)
	fmt.Println(wrapped)
	fmt.Println(Result[int]{Val: 3}, Result[string]{Err: err})
	rs := []Result[float64]{{Val: 1.5}, {Err: errors.New("bad")}}
	fmt.Println(rs)
	_, isStr := any(p).(fmt.Stringer)
	_, isErr := any(&NotFound[int]{}).(error)
	_, notErr := any(NotFound[int]{}).(error)
	fmt.Println(isStr, isErr, notErr)
}

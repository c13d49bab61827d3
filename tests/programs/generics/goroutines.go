package main

import (
	"fmt"
	"sync"
)

func ParallelMap[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Add(1)
		go func(i int, x T) {
			defer wg.Done()
			out[i] = f(x)
		}(i, x)
	}
	wg.Wait()
	return out
}

func Generate[T any](vs ...T) <-chan T {
	c := make(chan T)
	go func() {
		defer close(c)
		for _, v := range vs {
			c <- v
		}
	}()
	return c
}

func Pipe[T, U any](in <-chan T, f func(T) U) <-chan U {
	out := make(chan U)
	go func() {
		for v := range in {
			out <- f(v)
		}
		close(out)
	}()
	return out
}

func Collect[T any](c <-chan T) []T {
	var out []T
	for v := range c {
		out = append(out, v)
	}
	return out
}

type Future[T any] struct {
	done chan struct{}
	val  T
}

func Async[T any](f func() T) *Future[T] {
	fu := &Future[T]{done: make(chan struct{})}
	go func() {
		fu.val = f()
		close(fu.done)
	}()
	return fu
}

func (f *Future[T]) Await() T { <-f.done; return f.val }

type SafeMap[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

func (s *SafeMap[K, V]) Update(k K, f func(V) V) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = f(s.m[k])
}

func main() {
	fmt.Println(ParallelMap([]int{1, 2, 3, 4}, func(x int) string { return fmt.Sprint(x * x) }))
	sq := Pipe(Generate(1, 2, 3), func(x int) float64 { return float64(x) / 4 })
	fmt.Println(Collect(Pipe(sq, func(f float64) string { return fmt.Sprintf("%.2f", f) })))
	a := Async(func() string { return "hello" })
	b := Async(func() []int { return []int{1, 2} })
	fmt.Println(a.Await(), b.Await(), a.Await())
	sm := SafeMap[string, int]{m: map[string]int{}}
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sm.Update("n", func(v int) int { return v + 1 })
		}()
	}
	wg.Wait()
	fmt.Println(sm.m["n"])
	results := make(chan Future[int], 1)
	results <- Future[int]{val: 9}
	fmt.Println((<-results).val)
}

package main

import (
	"fmt"
	"sync"
)

func Worker[T any, R any](id int, jobs <-chan T, results chan<- R, f func(T) R, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- f(j)
	}
}

func FirstOf[T any](a, b <-chan T) (T, string) {
	select {
	case v := <-a:
		return v, "a"
	case v := <-b:
		return v, "b"
	}
}

func Report[T any](label string, v T, done chan<- string) {
	done <- fmt.Sprintf("%s=%v", label, v)
}

type Event[T any] struct {
	Name    string
	Payload T
}

func Broadcast[T any](subs []chan Event[T], e Event[T]) {
	for _, s := range subs {
		s <- e
	}
}

func main() {
	jobs := make(chan int, 10)
	results := make(chan string, 10)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go Worker(i, jobs, results, func(x int) string { return fmt.Sprint(x * 10) }, &wg)
	}
	for i := 1; i <= 5; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += len(r)
	}
	fmt.Println(sum)
	a := make(chan float64, 1)
	b := make(chan float64)
	a <- 1.5
	fmt.Println(FirstOf(a, b))
	done := make(chan string)
	go Report("x", 42, done)
	fmt.Println(<-done)
	go Report[[]string]("y", nil, done)
	fmt.Println(<-done)
	subs := []chan Event[[]int]{make(chan Event[[]int], 1), make(chan Event[[]int], 1)}
	Broadcast(subs, Event[[]int]{"ev", []int{1, 2}})
	for _, s := range subs {
		e := <-s
		fmt.Printf("%+v\n", e)
	}
	var once sync.Once
	init := func() { fmt.Println("once") }
	for i := 0; i < 3; i++ {
		defer once.Do(init)
	}
	defer fmt.Println(Of(1, 2))
}

func Of[T any](xs ...T) []T { return xs }

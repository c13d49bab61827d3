// A concurrent pipeline: a generator, a pool of workers that factor numbers, a
// stage that aggregates results under a mutex, and a fan-in collector. Goroutines
// finish in any order, so results are collected and sorted before printing.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

type Job struct {
	ID int
	N  int
}

type Result struct {
	Job     Job
	Factors []int
	Worker  int
}

func factor(n int) []int {
	var fs []int
	for p := 2; p*p <= n; p++ {
		for n%p == 0 {
			fs = append(fs, p)
			n /= p
		}
	}
	if n > 1 {
		fs = append(fs, n)
	}
	return fs
}

func generate(nums []int) <-chan Job {
	out := make(chan Job)
	go func() {
		defer close(out)
		for i, n := range nums {
			out <- Job{ID: i, N: n}
		}
	}()
	return out
}

func worker(id int, jobs <-chan Job, out chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		out <- Result{Job: j, Factors: factor(j.N), Worker: id}
	}
}

type Tally struct {
	mu      sync.Mutex
	primes  map[int]int
	perWork map[int]int
}

func (t *Tally) Add(r Result) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range r.Factors {
		t.primes[p]++
	}
	t.perWork[r.Worker]++
}

func run(nums []int, workers int) ([]Result, *Tally) {
	jobs := generate(nums)
	results := make(chan Result, 4)
	var wg sync.WaitGroup
	for w := 1; w <= workers; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	tally := &Tally{primes: map[int]int{}, perWork: map[int]int{}}
	var collected []Result
	var tallyWG sync.WaitGroup
	for r := range results {
		collected = append(collected, r)
		tallyWG.Add(1)
		go func(r Result) {
			defer tallyWG.Done()
			tally.Add(r)
		}(r)
	}
	tallyWG.Wait()
	sort.Slice(collected, func(i, j int) bool { return collected[i].Job.ID < collected[j].Job.ID })
	return collected, tally
}

// boundedSum adds numbers from several producers through a semaphore channel.
func boundedSum(producers, each int) int64 {
	sem := make(chan struct{}, 2)
	var mu sync.Mutex
	var total int64
	var wg sync.WaitGroup
	for p := 0; p < producers; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var local int64
			for i := 1; i <= each; i++ {
				local += int64(p*each + i)
			}
			mu.Lock()
			total += local
			mu.Unlock()
		}(p)
	}
	wg.Wait()
	return total
}

func main() {
	nums := []int{360, 97, 1001, 65536, 999983, 123456, 2 * 3 * 5 * 7 * 11 * 13, 600851475, 1, 4096 * 3, 77777, 1 << 31}
	results, tally := run(nums, 3)
	for _, r := range results {
		strs := make([]string, len(r.Factors))
		for i, f := range r.Factors {
			strs[i] = fmt.Sprint(f)
		}
		kind := "composite"
		switch {
		case r.Job.N == 1:
			kind = "unit"
		case len(r.Factors) == 1:
			kind = "prime"
		}
		fmt.Printf("job %2d: %10d = %-28s %s\n", r.Job.ID, r.Job.N, strings.Join(strs, "*"), kind)
	}

	primes := make([]int, 0, len(tally.primes))
	for p := range tally.primes {
		primes = append(primes, p)
	}
	sort.Ints(primes)
	var parts []string
	for _, p := range primes {
		parts = append(parts, fmt.Sprintf("%d^%d", p, tally.primes[p]))
	}
	fmt.Println("prime tally:", strings.Join(parts, " "))
	jobsDone := 0
	for w := 1; w <= 3; w++ {
		jobsDone += tally.perWork[w]
	}
	fmt.Println("jobs done by all workers:", jobsDone, "workers used <= 3:", len(tally.perWork) <= 3)

	fmt.Println("bounded sum:", boundedSum(8, 1000), "want", 8000*8001/2)

	// A ticker-free timeout pattern: the result wins the select.
	done := make(chan string, 1)
	go func() { done <- "finished" }()
	select {
	case msg := <-done:
		fmt.Println("select:", msg)
	case <-time.After(5 * time.Second):
		fmt.Println("select: timed out")
	}

	// Ordered fan-in: each stage forwards to the next through unbuffered channels.
	const stages = 5
	first := make(chan int)
	in := first
	for s := 0; s < stages; s++ {
		out := make(chan int)
		go func(s int, in <-chan int, out chan<- int) {
			for v := range in {
				out <- v*2 + s
			}
			close(out)
		}(s, in, out)
		in = out
	}
	go func() {
		for i := 0; i < 4; i++ {
			first <- i
		}
		close(first)
	}()
	var chain []int
	for v := range in {
		chain = append(chain, v)
	}
	fmt.Println("chain:", chain, "timeout was", 5*time.Second)
}

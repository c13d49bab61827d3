package main

import (
	"fmt"
	"sort"
	"sync"
)

type Job struct {
	ID int
	N  int
}

type Result struct {
	JobID  int
	Worker int
	Value  int
}

func collatz(n int) int {
	steps := 0
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}

func worker(id int, jobs <-chan Job, results chan<- Result, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- Result{j.ID, id, collatz(j.N)}
	}
}

func main() {
	jobs := make(chan Job, 100)
	results := make(chan Result, 100)
	var wg sync.WaitGroup
	for w := 1; w <= 4; w++ {
		wg.Add(1)
		go worker(w, jobs, results, &wg)
	}
	for i := 1; i <= 20; i++ {
		jobs <- Job{i, i * 7}
	}
	fmt(jobs)
	go func() {
		wg.Wait()
		close(results)
	}()
	var all []Result
	workersUsed := map[int]bool{}
	for r := range results {
		all = append(all, r)
		workersUsed[r.Worker] = true
	}
	sort.Slice(all, func(i, j int) bool { return all[i].JobID < all[j].JobID })
	total := 0
	for _, r := range all {
		fmt.Printf("job %2d -> %d\n", r.JobID, r.Value)
		total += r.Value
	}
	fmt.Println("results:", len(all), "total steps:", total, "some workers used:", len(workersUsed) >= 1)
}

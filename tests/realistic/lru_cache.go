// An LRU cache built by hand from a map and a doubly linked list, driven by a
// fixed access trace; prints hits, misses and evictions and the final order.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

type node struct {
	key        string
	value      int
	prev, next *node
}

type Stats struct {
	Hits, Misses, Evictions, Updates int
}

type LRU struct {
	capacity   int
	items      map[string]*node
	head, tail *node // sentinels: head.next is most recent, tail.prev least recent
	stats      Stats
	onEvict    func(key string, value int)
}

func NewLRU(capacity int, onEvict func(string, int)) *LRU {
	head, tail := &node{key: "<head>"}, &node{key: "<tail>"}
	head.next, tail.prev = tail, head
	return &LRU{capacity: capacity, items: make(map[string]*node), head: head, tail: tail, onEvict: onEvict}
}

func (c *LRU) unlink(n *node) {
	n.prev.next = n.next
	n.next.prev = n.prev
	n.prev, n.next = nil, nil
}

func (c *LRU) pushFront(n *node) {
	n.prev, n.next = c.head, c.head.next
	c.head.next.prev = n
	c.head.next = n
}

func (c *LRU) Get(key string) (int, bool) {
	n, ok := c.items[key]
	if !ok {
		c.stats.Misses++
		return 0, false
	}
	c.stats.Hits++
	c.unlink(n)
	c.pushFront(n)
	return n.value, true
}

func (c *LRU) Put(key string, value int) {
	if n, ok := c.items[key]; ok {
		c.stats.Updates++
		n.value = value
		c.unlink(n)
		c.pushFront(n)
		return
	}
	if len(c.items) == c.capacity {
		victim := c.tail.prev
		c.unlink(victim)
		delete(c.items, victim.key)
		c.stats.Evictions++
		if c.onEvict != nil {
			c.onEvict(victim.key, victim.value)
		}
	}
	n := &node{key: key, value: value}
	c.items[key] = n
	c.pushFront(n)
}

func (c *LRU) Remove(key string) bool {
	n, ok := c.items[key]
	if ok {
		c.unlink(n)
		delete(c.items, key)
	}
	return ok
}

func (c *LRU) Len() int { return len(c.items) }

// Keys lists the keys from most to least recently used.
func (c *LRU) Keys() []string {
	keys := make([]string, 0, len(c.items))
	for n := c.head.next; n != c.tail; n = n.next {
		keys = append(keys, n.key)
	}
	return keys
}

// check verifies that the list links agree in both directions and with the map.
func (c *LRU) check() error {
	count := 0
	for n := c.head.next; n != c.tail; n = n.next {
		if n.next.prev != n {
			return fmt.Errorf("broken back link at %s", n.key)
		}
		if c.items[n.key] != n {
			return fmt.Errorf("map disagrees at %s", n.key)
		}
		count++
	}
	if count != len(c.items) {
		return fmt.Errorf("list has %d nodes, map %d", count, len(c.items))
	}
	return nil
}

func (c *LRU) String() string {
	var b strings.Builder
	b.WriteString("[")
	for n := c.head.next; n != c.tail; n = n.next {
		if n != c.head.next {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s:%d", n.key, n.value)
	}
	b.WriteString("]")
	return b.String()
}

// fib computes Fibonacci numbers, memoised through a deliberately small cache.
func fib(c *LRU, n int) int {
	if n < 2 {
		return n
	}
	key := fmt.Sprint("fib", n)
	if v, ok := c.Get(key); ok {
		return v
	}
	v := fib(c, n-1) + fib(c, n-2)
	c.Put(key, v)
	return v
}

func main() {
	var evicted []string
	cache := NewLRU(3, func(k string, v int) {
		evicted = append(evicted, fmt.Sprintf("%s=%d", k, v))
	})
	trace := []string{
		"put a 1", "put b 2", "get a", "put c 3", "put d 4", "get b", "get c",
		"put a 10", "put e 5", "get d", "get a", "del c", "put f 6", "get e", "get zz",
		"put g 7", "put h 8", "get f",
	}
	for step, cmd := range trace {
		fields := strings.Fields(cmd)
		op, key, val := fields[0], fields[1], 0
		if len(fields) > 2 {
			val, _ = strconv.Atoi(fields[2])
		}
		var result string
		switch op {
		case "put":
			cache.Put(key, val)
			result = "ok"
		case "get":
			if v, ok := cache.Get(key); ok {
				result = fmt.Sprintf("hit %d", v)
			} else {
				result = "miss"
			}
		case "del":
			result = fmt.Sprint("removed=", cache.Remove(key))
		}
		if err := cache.check(); err != nil {
			fmt.Println("INVARIANT:", err)
		}
		fmt.Printf("%2d %-9s -> %-8s %v\n", step+1, cmd, result, cache)
	}
	fmt.Printf("stats: %+v\n", cache.stats)
	fmt.Println("evicted:", strings.Join(evicted, ", "))
	fmt.Println("keys:", cache.Keys(), "len", cache.Len())

	memo := NewLRU(4, nil)
	for _, n := range []int{10, 20, 30, 25} {
		fmt.Printf("fib(%d) = %d\n", n, fib(memo, n))
	}
	fmt.Printf("memo stats: %+v keys=%q\n", memo.stats, memo.Keys())
}

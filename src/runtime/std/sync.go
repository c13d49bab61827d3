// Package sync: mutual exclusion and waiting. Everything here is Go on two runtime
// primitives: atomic operations on words and semaphores that park goroutines
// (runtime_Semacquire / runtime_Semrelease, as in Go's own sync package).
package sync

import "sync/atomic"

// runtime_Semacquire waits until *s > 0 and then decrements it; runtime_Semrelease
// increments it or hands the unit to a waiting goroutine.
func runtime_Semacquire(s *uint32)
func runtime_Semrelease(s *uint32)

// fatal ends the program with "fatal error: " and the message, like Go's throw: a
// misused lock cannot be recovered from.
func fatal(s string)

// A Locker represents an object that can be locked and unlocked.
type Locker interface {
	Lock()
	Unlock()
}

const (
	mutexLocked = 1
	// Each goroutine waiting on the semaphore adds mutexWaiter to the state.
	mutexWaiter = 2
)

// Mutex is a mutual exclusion lock. A goroutine that finds it locked counts itself as a
// waiter and sleeps; Unlock wakes one waiter, which competes for the lock again (a
// running goroutine may take it first, which keeps a busy lock moving).
type Mutex struct {
	state int32
	sema  uint32
}

func (m *Mutex) Lock() {
	if atomic.CompareAndSwapInt32(&m.state, 0, mutexLocked) {
		return
	}
	m.lockSlow()
}

func (m *Mutex) lockSlow() {
	for {
		old := atomic.LoadInt32(&m.state)
		if old&mutexLocked == 0 {
			if atomic.CompareAndSwapInt32(&m.state, old, old|mutexLocked) {
				return
			}
			continue
		}
		if atomic.CompareAndSwapInt32(&m.state, old, old+mutexWaiter) {
			runtime_Semacquire(&m.sema)
		}
	}
}

func (m *Mutex) TryLock() bool {
	old := atomic.LoadInt32(&m.state)
	return old&mutexLocked == 0 && atomic.CompareAndSwapInt32(&m.state, old, old|mutexLocked)
}

func (m *Mutex) Unlock() {
	state := atomic.AddInt32(&m.state, -mutexLocked)
	if state == 0 {
		return
	}
	if (state+mutexLocked)&mutexLocked == 0 {
		fatal("sync: unlock of unlocked mutex")
	}
	for {
		// Wake a waiter, unless none is left or another goroutine already holds the
		// lock (its Unlock will do it).
		if state < mutexWaiter || state&mutexLocked != 0 {
			return
		}
		if atomic.CompareAndSwapInt32(&m.state, state, state-mutexWaiter) {
			runtime_Semrelease(&m.sema)
			return
		}
		state = atomic.LoadInt32(&m.state)
	}
}

const rwmutexMaxReaders = 1 << 30

// RWMutex is a reader/writer mutual exclusion lock. A waiting writer subtracts
// rwmutexMaxReaders from readerCount, which makes new readers wait behind it.
type RWMutex struct {
	w           Mutex
	writerSem   uint32
	readerSem   uint32
	readerCount int32
	readerWait  int32
}

func (rw *RWMutex) RLock() {
	if atomic.AddInt32(&rw.readerCount, 1) < 0 {
		runtime_Semacquire(&rw.readerSem)
	}
}

func (rw *RWMutex) TryRLock() bool {
	for {
		c := atomic.LoadInt32(&rw.readerCount)
		if c < 0 {
			return false
		}
		if atomic.CompareAndSwapInt32(&rw.readerCount, c, c+1) {
			return true
		}
	}
}

func (rw *RWMutex) RUnlock() {
	if r := atomic.AddInt32(&rw.readerCount, -1); r < 0 {
		if r+1 == 0 || r+1 == -rwmutexMaxReaders {
			fatal("sync: RUnlock of unlocked RWMutex")
		}
		// The last reader a writer waits for wakes it.
		if atomic.AddInt32(&rw.readerWait, -1) == 0 {
			runtime_Semrelease(&rw.writerSem)
		}
	}
}

func (rw *RWMutex) Lock() {
	rw.w.Lock()
	r := atomic.AddInt32(&rw.readerCount, -rwmutexMaxReaders) + rwmutexMaxReaders
	if r != 0 && atomic.AddInt32(&rw.readerWait, r) != 0 {
		runtime_Semacquire(&rw.writerSem)
	}
}

func (rw *RWMutex) TryLock() bool {
	if !rw.w.TryLock() {
		return false
	}
	if !atomic.CompareAndSwapInt32(&rw.readerCount, 0, -rwmutexMaxReaders) {
		rw.w.Unlock()
		return false
	}
	return true
}

func (rw *RWMutex) Unlock() {
	r := atomic.AddInt32(&rw.readerCount, rwmutexMaxReaders)
	if r >= rwmutexMaxReaders {
		fatal("sync: Unlock of unlocked RWMutex")
	}
	for i := 0; i < int(r); i++ {
		runtime_Semrelease(&rw.readerSem)
	}
	rw.w.Unlock()
}

type rlocker RWMutex

func (r *rlocker) Lock()   { (*RWMutex)(r).RLock() }
func (r *rlocker) Unlock() { (*RWMutex)(r).RUnlock() }

// RLocker returns a Locker that read-locks rw.
func (rw *RWMutex) RLocker() Locker { return (*rlocker)(rw) }

// WaitGroup waits for a collection of goroutines to finish. The counter (high 32 bits)
// and the number of waiters (low 32 bits) share one word so that the last Done and a
// new Wait cannot miss each other.
type WaitGroup struct {
	state int64
	sema  uint32
}

func (wg *WaitGroup) Add(delta int) {
	state := atomic.AddInt64(&wg.state, int64(delta)<<32)
	v := int32(state >> 32)
	w := uint32(state)
	if v < 0 {
		panic("sync: negative WaitGroup counter")
	}
	if v > 0 || w == 0 {
		return
	}
	atomic.StoreInt64(&wg.state, 0)
	for ; w != 0; w-- {
		runtime_Semrelease(&wg.sema)
	}
}

func (wg *WaitGroup) Done() { wg.Add(-1) }

func (wg *WaitGroup) Wait() {
	for {
		state := atomic.LoadInt64(&wg.state)
		if int32(state>>32) == 0 {
			return
		}
		if atomic.CompareAndSwapInt64(&wg.state, state, state+1) {
			runtime_Semacquire(&wg.sema)
			return
		}
	}
}

// Once performs exactly one action.
type Once struct {
	done uint32
	m    Mutex
}

func (o *Once) Do(f func()) {
	if atomic.LoadUint32(&o.done) == 0 {
		o.doSlow(f)
	}
}

func (o *Once) doSlow(f func()) {
	o.m.Lock()
	defer o.m.Unlock()
	if o.done == 0 {
		defer atomic.StoreUint32(&o.done, 1)
		f()
	}
}

// Cond is a condition variable: each waiter sleeps on a semaphore of its own, queued in
// arrival order.
type Cond struct {
	L       Locker
	mu      Mutex
	waiters []*uint32
}

func NewCond(l Locker) *Cond { return &Cond{L: l} }

func (c *Cond) Wait() {
	s := new(uint32)
	c.mu.Lock()
	c.waiters = append(c.waiters, s)
	c.mu.Unlock()
	c.L.Unlock()
	runtime_Semacquire(s)
	c.L.Lock()
}

func (c *Cond) Signal() {
	c.mu.Lock()
	if len(c.waiters) == 0 {
		c.mu.Unlock()
		return
	}
	s := c.waiters[0]
	c.waiters = c.waiters[1:]
	c.mu.Unlock()
	runtime_Semrelease(s)
}

func (c *Cond) Broadcast() {
	c.mu.Lock()
	ws := c.waiters
	c.waiters = nil
	c.mu.Unlock()
	for _, s := range ws {
		runtime_Semrelease(s)
	}
}

// Map is a map safe for concurrent use, here a plain map under a lock.
type Map struct {
	mu Mutex
	m  map[any]any
}

func (m *Map) Load(key any) (value any, ok bool) {
	m.mu.Lock()
	value, ok = m.m[key]
	m.mu.Unlock()
	return
}

func (m *Map) Store(key, value any) {
	m.mu.Lock()
	if m.m == nil {
		m.m = make(map[any]any)
	}
	m.m[key] = value
	m.mu.Unlock()
}

func (m *Map) LoadOrStore(key, value any) (actual any, loaded bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[key]; ok {
		return v, true
	}
	if m.m == nil {
		m.m = make(map[any]any)
	}
	m.m[key] = value
	return value, false
}

func (m *Map) LoadAndDelete(key any) (value any, loaded bool) {
	m.mu.Lock()
	value, loaded = m.m[key]
	delete(m.m, key)
	m.mu.Unlock()
	return
}

func (m *Map) Delete(key any) { m.LoadAndDelete(key) }

// Range calls f for each entry of a snapshot, stopping when f returns false.
func (m *Map) Range(f func(key, value any) bool) {
	m.mu.Lock()
	keys := make([]any, 0, len(m.m))
	vals := make([]any, 0, len(m.m))
	for k, v := range m.m {
		keys = append(keys, k)
		vals = append(vals, v)
	}
	m.mu.Unlock()
	for i := range keys {
		if !f(keys[i], vals[i]) {
			return
		}
	}
}

// Pool caches allocated but unused items for later reuse.
type Pool struct {
	mu    Mutex
	items []any
	New   func() any
}

func (p *Pool) Get() any {
	p.mu.Lock()
	if n := len(p.items); n > 0 {
		x := p.items[n-1]
		p.items = p.items[:n-1]
		p.mu.Unlock()
		return x
	}
	p.mu.Unlock()
	if p.New != nil {
		return p.New()
	}
	return nil
}

func (p *Pool) Put(x any) {
	if x == nil {
		return
	}
	p.mu.Lock()
	p.items = append(p.items, x)
	p.mu.Unlock()
}

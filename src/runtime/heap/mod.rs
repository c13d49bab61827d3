//! The heap: every Go object lives here, zeroed, 8-byte aligned, with its size and pointer
//! layout known, and is freed by a precise-where-it-can, mark-and-sweep collector.
//!
//! # Shape
//!
//! Memory comes from the OS in arenas of 8 KiB pages (`arena`). A *span* is a run of pages
//! holding objects of one size class (Go's classes, up to 32 KiB) or one large object
//! (`span`). Each machine allocates through its own [`Cache`], which holds one span per
//! class and takes objects from it without a lock; only getting a new span, a large
//! object or a Rust-backed value takes the heap's lock. The page table maps any address
//! to its span, so an interior pointer (a slice into an array, a field's address) finds
//! its object.
//!
//! Rust values that Go code holds by address (maps, channels, map iterators) are
//! *boxed*: registered with a tracer and a destructor, marked like objects, and dropped
//! when unreachable.
//!
//! # Collection
//!
//! [`Heap::collect`] runs with the world stopped: the VM marks
//! its roots (goroutine stacks, package variables, timers...) through a [`Marker`], the
//! marker follows objects by their layouts, then every span is swept into a bitmap of
//! free objects, empty spans give their pages back, and unreachable boxed values are
//! dropped. A collection is due when the bytes allocated since the last one reach the
//! goal `live × (1 + GOGC/100)` (at least 4 MiB), or, in stress mode, after every N
//! allocations; the cache that notices raises the flag its owner gave it, so the running
//! goroutine stops at its next safepoint.

mod arena;
pub mod class;
mod collect;
mod span;

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hashbrown::HashMap;
use parking_lot::Mutex;

use crate::bytecode::rtype::{RType, TypeIdx};
use arena::Pages;
pub use collect::Marker;
use span::{LARGE, Span, SpanTable};

/// Which slots of an object may hold pointers, recorded for the collector.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PtrLayout {
    /// Nothing to trace: bytes, numbers, runes.
    NoPointers,
    /// Consecutive values of a type filling the object: one value, an array, or a slice's
    /// backing store.
    Values(TypeIdx),
    /// Any slot may hold a pointer, with no type recorded (closure captures, package
    /// variables).
    Untyped,
}

/// A Rust value that Go code holds by address: reports the words it keeps alive.
pub trait Trace {
    fn trace(&self, m: &mut Marker<'_>);

    /// The bytes it holds, buffers included, counted as live heap by collections.
    fn footprint(&self) -> usize {
        std::mem::size_of_val(self)
    }
}

/// A registered Rust-backed value (keyed by its address).
struct Boxed {
    free: unsafe fn(*mut ()),
    trace: unsafe fn(*const (), &mut Marker<'_>),
    footprint: unsafe fn(*const ()) -> usize,
    marked: bool,
}

/// Drops a boxed `T`.
///
/// # Safety
/// `p` must come from `Box::<T>::into_raw` and be freed once.
unsafe fn free_box<T>(p: *mut ()) {
    // SAFETY: per the contract.
    drop(unsafe { Box::from_raw(p as *mut T) });
}

/// Traces a boxed `T`.
///
/// # Safety
/// `p` must point to a live `T` from `Cache::boxed`.
unsafe fn trace_box<T: Trace>(p: *const (), m: &mut Marker<'_>) {
    // SAFETY: per the contract.
    unsafe { &*(p as *const T) }.trace(m)
}

/// The footprint of a boxed `T`.
///
/// # Safety
/// As for [`trace_box`].
unsafe fn footprint_box<T: Trace>(p: *const ()) -> usize {
    // SAFETY: per the contract.
    unsafe { &*(p as *const T) }.footprint()
}

/// The payload an allocation unwinds with when it cannot be had: the heap would pass
/// [`GcConfig::max`], or the OS has no memory left. No instruction expects its allocation
/// to fail, so the only way out is up, to the machine's boundary, which ends the run with
/// Go's fatal error (as Lua's allocator failing longjmps to its protected call). The run's
/// goroutines are then only ever freed, never resumed, so the half-done instruction is
/// never seen.
pub struct OutOfMemory;

/// Go's report of [`OutOfMemory`].
pub const OUT_OF_MEMORY: &str = "fatal error: runtime: out of memory";

/// The smallest collection goal: below it a collection frees too little to pay.
const MIN_GOAL: usize = 4 << 20;

/// What the VM chooses about collection (Go's `GOGC`, `GOMEMLIMIT` and a stress mode).
#[derive(Clone, Copy, Debug)]
pub struct GcConfig {
    /// Growth allowed over the live heap before collecting, in percent; negative: off.
    pub percent: i64,
    /// A soft limit on the heap: collections come sooner to stay under it.
    pub limit: usize,
    /// Collect after every this many allocations (0: never for this reason).
    pub stress: u64,
    /// A hard limit on the heap (Rust-held buffers of maps, channels and goroutine stacks
    /// included): one allocation larger than it fails at once, and a collection that
    /// finds more live ends the run (see [`Heap::over_max`]).
    pub max: usize,
}

impl Default for GcConfig {
    fn default() -> GcConfig {
        GcConfig {
            percent: 100,
            limit: usize::MAX,
            stress: 0,
            max: usize::MAX,
        }
    }
}

/// What `runtime.ReadMemStats` reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemStats {
    pub heap_alloc: u64,
    pub heap_sys: u64,
    pub total_alloc: u64,
    pub mallocs: u64,
    pub frees: u64,
    pub num_gc: u64,
    pub pause_total_ns: u64,
    /// The heap size at which the next collection is due.
    pub next_gc: u64,
}

/// What one collection did, for `GODEBUG=gctrace=1`.
#[derive(Clone, Copy, Debug)]
pub struct Collection {
    pub number: u64,
    /// Heap bytes when it started, and found live.
    pub before: usize,
    pub after: usize,
    /// The goal for the next one.
    pub goal: usize,
    pub pause: Duration,
}

struct Inner {
    pages: Pages,
    spans: SpanTable,
    /// Spans of each class with free objects, not held by a cache.
    partial: Vec<Vec<u32>>,
    boxed: HashMap<u64, Boxed>,
}

impl Inner {
    /// A new span for `npages` pages, its id.
    fn new_span(&mut self, npages: usize, size: usize, nelems: usize, class: u8) -> u32 {
        let id = self.spans.reserve();
        let Some((start, fresh)) = self.pages.alloc(npages, id) else {
            self.spans.unreserve(id);
            out_of_memory()
        };
        self.spans
            .insert(id, Span::new(start, npages, size, nelems, class, !fresh));
        id
    }

    fn span(&mut self, id: u32) -> &mut Span {
        self.spans.get(id).expect("a live span id")
    }
}

/// No memory for an allocation: unwinds to the machine (see [`OutOfMemory`]).
/// `resume_unwind` rather than `panic!`: this is no bug, so no panic hook reports it.
fn out_of_memory() -> ! {
    std::panic::resume_unwind(Box::new(OutOfMemory))
}

/// The heap of one VM, shared by its machines.
pub struct Heap {
    inner: Mutex<Inner>,
    /// Bytes found live by the last collection.
    live: AtomicUsize,
    /// Bytes allocated since then, as caches have reported them.
    since_gc: AtomicUsize,
    goal: AtomicUsize,
    wanted: AtomicBool,
    percent: AtomicI64,
    limit: AtomicUsize,
    stress: u64,
    max: usize,
    mallocs: AtomicU64,
    frees: AtomicU64,
    total_alloc: AtomicU64,
    num_gc: AtomicU64,
    forced: AtomicU64,
    pause_ns: AtomicU64,
}

// SAFETY: the spans the raw pointers of `Inner` reach are owned by the heap; all access to
// `Inner` is under its mutex, and a span is touched outside it only by the one cache that
// holds it (see `Cache`).
unsafe impl Send for Heap {}
// SAFETY: as above.
unsafe impl Sync for Heap {}

impl Default for Heap {
    fn default() -> Heap {
        Heap::new(GcConfig::default())
    }
}

/// A distinct non-nil address for zero-size objects (Go's zerobase).
static ZERO_BASE: u64 = 0;

impl Heap {
    pub fn new(config: GcConfig) -> Heap {
        let heap = Heap {
            inner: Mutex::new(Inner {
                pages: Pages::default(),
                spans: SpanTable::default(),
                partial: vec![Vec::new(); class::COUNT],
                boxed: HashMap::new(),
            }),
            live: AtomicUsize::new(0),
            since_gc: AtomicUsize::new(0),
            goal: AtomicUsize::new(MIN_GOAL),
            wanted: AtomicBool::new(false),
            percent: AtomicI64::new(config.percent),
            limit: AtomicUsize::new(config.limit),
            stress: config.stress,
            max: config.max,
            mallocs: AtomicU64::new(0),
            frees: AtomicU64::new(0),
            total_alloc: AtomicU64::new(0),
            num_gc: AtomicU64::new(0),
            forced: AtomicU64::new(0),
            pause_ns: AtomicU64::new(0),
        };
        heap.set_goal(0);
        heap
    }

    /// A cache to allocate through. `notify` is raised when a collection becomes due.
    pub fn cache<'h>(&'h self, notify: Option<&'h AtomicBool>) -> Cache<'h> {
        Cache {
            heap: self,
            spans: [std::ptr::null_mut(); class::COUNT],
            mallocs: 0,
            bytes: 0,
            stress_left: if self.stress > 0 { self.stress } else { u64::MAX },
            notify,
        }
    }

    /// Whether a collection is due.
    pub fn wanted(&self) -> bool {
        self.wanted.load(Ordering::Relaxed)
    }

    /// Asks for a collection (`runtime.GC`).
    pub fn request(&self) {
        self.wanted.store(true, Ordering::Relaxed);
    }

    /// Asks for a collection on the program's behalf (`runtime.GC`), which Go counts.
    pub fn force(&self) {
        self.forced.fetch_add(1, Ordering::Relaxed);
        self.request();
    }

    /// Collections the program asked for.
    pub fn forced(&self) -> u64 {
        self.forced.load(Ordering::Relaxed)
    }

    /// Sets `GOGC` (negative: off); gives the old value (`debug.SetGCPercent`).
    pub fn set_percent(&self, percent: i64) -> i64 {
        let old = self.percent.swap(percent, Ordering::Relaxed);
        self.set_goal(self.live.load(Ordering::Relaxed));
        old
    }

    /// Sets the soft memory limit (`debug.SetMemoryLimit`); gives the old one.
    pub fn set_limit(&self, limit: usize) -> usize {
        let old = self.limit.swap(limit, Ordering::Relaxed);
        self.set_goal(self.live.load(Ordering::Relaxed));
        old
    }

    pub fn limit(&self) -> usize {
        self.limit.load(Ordering::Relaxed)
    }

    /// The hard limit, when the last collection found more live than it allows: the live
    /// bytes then (the run must end).
    pub fn over_max(&self) -> Option<usize> {
        let live = self.live.load(Ordering::Relaxed);
        (live > self.max).then_some(live)
    }

    pub fn max(&self) -> usize {
        self.max
    }

    /// Fails an allocation of `bytes` that no collection could make room for.
    #[inline]
    fn claim(&self, bytes: usize) {
        if bytes > self.max {
            out_of_memory()
        }
    }

    fn set_goal(&self, live: usize) {
        let percent = self.percent.load(Ordering::Relaxed);
        let mut goal = if percent < 0 {
            usize::MAX
        } else {
            (live as u128 * (100 + percent as u128) / 100).min(usize::MAX as u128) as usize
        };
        goal = goal.max(MIN_GOAL);
        // Under a memory limit, collect before reaching it (but never demand a
        // collection for every allocation).
        let limit = self.limit.load(Ordering::Relaxed);
        if goal > limit {
            goal = limit.max(live + live / 16).max(MIN_GOAL);
        }
        // Passing the hard limit always calls for a collection, which decides whether the
        // run may go on.
        self.goal.store(goal.min(self.max), Ordering::Relaxed);
    }

    /// Records a cache's allocations; true if that makes a collection due.
    fn report(&self, mallocs: u64, bytes: u64) -> bool {
        self.mallocs.fetch_add(mallocs, Ordering::Relaxed);
        self.total_alloc.fetch_add(bytes, Ordering::Relaxed);
        let since = self.since_gc.fetch_add(bytes as usize, Ordering::Relaxed) + bytes as usize;
        if self.live.load(Ordering::Relaxed) + since >= self.goal.load(Ordering::Relaxed) {
            self.wanted.store(true, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// Collects garbage. `roots` marks every root. No cache may allocate meanwhile (the
    /// world is stopped); spans they hold are swept in place and stay theirs.
    pub fn collect(&self, types: &[RType], roots: impl FnOnce(&mut Marker<'_>)) -> Collection {
        let started = Instant::now();
        let mut inner = self.inner.lock();
        let inner = &mut *inner;
        let before = self.live.load(Ordering::Relaxed) + self.since_gc.load(Ordering::Relaxed);
        let mut m = Marker::new(&inner.pages, &mut inner.spans, &mut inner.boxed, types);
        roots(&mut m);
        m.drain();
        let marked = m.marked;
        // Sweep.
        let mut freed = 0u64;
        for p in &mut inner.partial {
            p.clear();
        }
        for id in inner.spans.ids() {
            let Some(s) = inner.spans.get(id) else { continue };
            let (live, dead) = s.sweep();
            freed += dead as u64;
            if s.cached {
                // Its cache allocates on from what is free now.
                continue;
            }
            if live == 0 {
                let (start, npages) = (s.start, s.npages);
                inner.spans.remove(id);
                inner.pages.free(start, npages);
            } else if s.class != LARGE && s.has_free() {
                inner.partial[s.class as usize].push(id);
            }
        }
        inner.pages.rebuild_free();
        inner.boxed.retain(|&ptr, b| {
            if std::mem::take(&mut b.marked) {
                return true;
            }
            freed += 1;
            // SAFETY: `free` was registered with this pointer by `boxed`, and the value is
            // unreachable, so nothing will use it again; it is freed once, as the entry
            // goes.
            unsafe { (b.free)(ptr as *mut ()) };
            false
        });
        let after = marked;
        self.live.store(after, Ordering::Relaxed);
        self.since_gc.store(0, Ordering::Relaxed);
        self.set_goal(after);
        self.wanted.store(false, Ordering::Relaxed);
        self.frees.fetch_add(freed, Ordering::Relaxed);
        let number = self.num_gc.fetch_add(1, Ordering::Relaxed) + 1;
        let pause = started.elapsed();
        self.pause_ns.fetch_add(pause.as_nanos() as u64, Ordering::Relaxed);
        Collection {
            number,
            before,
            after,
            goal: self.goal.load(Ordering::Relaxed),
            pause,
        }
    }

    pub fn stats(&self) -> MemStats {
        MemStats {
            heap_alloc: (self.live.load(Ordering::Relaxed) + self.since_gc.load(Ordering::Relaxed)) as u64,
            heap_sys: self.inner.lock().pages.mapped() as u64,
            total_alloc: self.total_alloc.load(Ordering::Relaxed),
            mallocs: self.mallocs.load(Ordering::Relaxed),
            frees: self.frees.load(Ordering::Relaxed),
            num_gc: self.num_gc.load(Ordering::Relaxed),
            pause_total_ns: self.pause_ns.load(Ordering::Relaxed),
            next_gc: self.goal.load(Ordering::Relaxed) as u64,
        }
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        for (ptr, b) in self.inner.get_mut().boxed.drain() {
            // SAFETY: registered by `boxed` with this pointer; the heap is going, and with
            // it every Go value that could refer to the value.
            unsafe { (b.free)(ptr as *mut ()) };
        }
    }
}

/// A machine's allocation cache: one span per size class, owned exclusively while held,
/// so small allocations take no lock.
pub struct Cache<'h> {
    heap: &'h Heap,
    /// The span held for each class (null: none). Each is owned by `heap` and marked
    /// `cached`, which gives this cache alone the right to allocate from it.
    spans: [*mut Span; class::COUNT],
    /// Allocations not yet reported to the heap.
    mallocs: u64,
    bytes: u64,
    stress_left: u64,
    notify: Option<&'h AtomicBool>,
}

// SAFETY: a cache's spans are its own (marked `cached`, no other cache allocates from
// them, and a collection frees objects in them only while every machine is stopped), and
// the heap it points to is shared by design; nothing in it belongs to a thread.
unsafe impl Send for Cache<'_> {}

impl<'h> Cache<'h> {
    /// The heap this cache allocates from.
    pub fn heap(&self) -> &'h Heap {
        self.heap
    }

    /// The one allocation primitive: a zeroed, 8-byte aligned object of `slots` 64-bit
    /// words with the given pointer layout; its address as a Go pointer.
    #[inline]
    pub fn alloc(&mut self, slots: usize, layout: PtrLayout) -> u64 {
        if slots == 0 {
            return std::ptr::addr_of!(ZERO_BASE) as u64;
        }
        self.stress_left -= 1;
        if self.stress_left == 0 {
            self.stress_left = self.heap.stress;
            self.due();
        }
        if slots > class::MAX_SMALL / 8 {
            return self.alloc_large(slots, layout);
        }
        let c = class::of_slots(slots);
        let s = self.spans[c];
        if !s.is_null() {
            // SAFETY: a non-null entry is a span this cache holds (see the field's docs):
            // alive, and touched by no one else until released.
            if let Some(a) = unsafe { (*s).take(layout) } {
                self.mallocs += 1;
                self.bytes += class::size(c) as u64;
                return a as u64;
            }
        }
        self.refill(c, layout)
    }

    /// Replaces the exhausted span of class `c` and allocates from the new one.
    #[cold]
    fn refill(&mut self, c: usize, layout: PtrLayout) -> u64 {
        let mut inner = self.heap.inner.lock();
        if !self.spans[c].is_null() {
            // SAFETY: as in `alloc`; the heap's lock is held to give the span back.
            unsafe { (*self.spans[c]).cached = false };
        }
        let id = loop {
            match inner.partial[c].pop() {
                Some(id) if inner.span(id).has_free() => break id,
                Some(_) => continue,
                None => {
                    let size = class::size(c);
                    let npages = class::span_pages(c);
                    break inner.new_span(npages, size, npages * class::PAGE / size, c as u8);
                }
            }
        };
        let span = inner.span(id);
        span.cached = true;
        let addr = span.take(layout).expect("a span with free objects");
        self.spans[c] = inner.spans.ptr(id);
        drop(inner);
        self.mallocs += 1;
        self.bytes += class::size(c) as u64;
        self.flush();
        addr as u64
    }

    fn alloc_large(&mut self, slots: usize, layout: PtrLayout) -> u64 {
        let size = slots * 8;
        self.heap.claim(size);
        let mut inner = self.heap.inner.lock();
        let id = inner.new_span(size.div_ceil(class::PAGE), size, 1, LARGE);
        let addr = inner.span(id).take(layout).expect("a new span is free");
        drop(inner);
        self.mallocs += 1;
        self.bytes += size as u64;
        self.flush();
        addr as u64
    }

    /// Counts `bytes` of Rust-held memory grown for Go values (a map's table, a channel's
    /// buffer, a goroutine's stack) as allocated.
    pub fn account(&mut self, bytes: usize) {
        self.heap.claim(bytes);
        self.bytes += bytes as u64;
        self.flush();
    }

    /// Reports allocations to the heap, raising the flag if a collection is due.
    pub fn flush(&mut self) {
        let due = self
            .heap
            .report(std::mem::take(&mut self.mallocs), std::mem::take(&mut self.bytes));
        if due {
            self.due();
        }
    }

    fn due(&mut self) {
        self.heap.request();
        if let Some(n) = self.notify {
            n.store(true, Ordering::Relaxed);
        }
    }

    /// Gives every held span back to the heap (before a collection, or when the machine
    /// stops).
    pub fn release(&mut self) {
        let mut inner = self.heap.inner.lock();
        for (c, s) in self.spans.iter_mut().enumerate() {
            let s = std::mem::replace(s, std::ptr::null_mut());
            if s.is_null() {
                continue;
            }
            // SAFETY: as in `alloc`; the heap's lock is held to give the span back.
            let span = unsafe { &mut *s };
            span.cached = false;
            if span.has_free() {
                let id = inner.pages.span_at(span.start).expect("a span's pages are mapped");
                inner.partial[c].push(id);
            }
        }
        drop(inner);
        self.flush();
    }

    /// Moves `value` to a stable address that Go code can hold; it is traced while
    /// reachable and dropped when not. Its whole footprint counts as allocated.
    pub fn boxed<T: Trace + Send + 'static>(&mut self, value: T) -> u64 {
        self.mallocs += 1;
        self.account(value.footprint());
        // The Box becomes a raw pointer at once: Go code uses the address.
        let ptr = Box::into_raw(Box::new(value)) as u64;
        self.heap.inner.lock().boxed.insert(
            ptr,
            Boxed {
                free: free_box::<T>,
                trace: trace_box::<T>,
                footprint: footprint_box::<T>,
                marked: false,
            },
        );
        ptr
    }

    /// A zeroed byte buffer of `len` bytes.
    pub fn alloc_bytes(&mut self, len: usize) -> u64 {
        self.alloc(len.div_ceil(8), PtrLayout::NoPointers)
    }

    /// Zeroed storage for `len` values of type `elem` as an array or slice lays them out
    /// (the byte kinds packed one per byte).
    pub fn alloc_array(&mut self, types: &[RType], elem: TypeIdx, len: usize) -> u64 {
        let et = &types[elem.0 as usize];
        if et.kind.is_byte_kind() {
            self.alloc_bytes(len)
        } else {
            self.alloc(len * et.slots as usize, PtrLayout::Values(elem))
        }
    }

    /// A copy of `bytes` on the heap; its address (non-nil even when empty).
    pub fn bytes(&mut self, bytes: &[u8]) -> u64 {
        let p = self.alloc_bytes(bytes.len());
        if !bytes.is_empty() {
            // SAFETY: `p` was just allocated with at least `bytes.len()` bytes and does not
            // overlap `bytes`.
            unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), p as *mut u8, bytes.len()) };
        }
        p
    }

    /// A Go string holding a copy of `bytes`: its (address, length) slots; the empty
    /// string allocates nothing.
    pub fn string(&mut self, bytes: &[u8]) -> (u64, u64) {
        if bytes.is_empty() {
            return (0, 0);
        }
        (self.bytes(bytes), bytes.len() as u64)
    }
}

impl Drop for Cache<'_> {
    fn drop(&mut self) {
        self.release();
    }
}

/// Reads `len` bytes at a Go address.
///
/// The VM only ever forms (address, length) pairs that lie inside one live heap object, a
/// program string constant or a register-backed buffer, which the `Heap` keeps alive; this
/// is the one place raw byte views are made.
pub fn bytes_at<'h>(ptr: u64, len: u64) -> &'h [u8] {
    if len == 0 || ptr == 0 {
        return &[];
    }
    // SAFETY: see the function docs: (ptr, len) always denotes live, initialised memory
    // owned by the heap or the program for the VM's lifetime.
    unsafe { std::slice::from_raw_parts(ptr as *const u8, len as usize) }
}

/// Reads the 64-bit word at a Go address (non-nil, 8-byte aligned, inside an object).
pub fn load(addr: u64) -> u64 {
    // SAFETY: the interpreter checks for nil before calling, and compiled code only forms
    // addresses inside live objects.
    unsafe { *(addr as *const u64) }
}

/// Writes the 64-bit word at a Go address.
pub fn store(addr: u64, v: u64) {
    // SAFETY: as for `load`.
    unsafe { *(addr as *mut u64) = v }
}

pub fn load_byte(addr: u64) -> u8 {
    // SAFETY: as for `load`; bytes need no alignment.
    unsafe { *(addr as *const u8) }
}

pub fn store_byte(addr: u64, v: u8) {
    // SAFETY: as for `load`.
    unsafe { *(addr as *mut u8) = v }
}

/// Copies `n` bytes between Go addresses (the ranges may overlap).
pub fn copy_bytes(dst: u64, src: u64, n: usize) {
    if n == 0 {
        return;
    }
    // SAFETY: both ranges lie in live objects (bounds were checked by the caller against
    // slice lengths); `copy` handles overlap.
    unsafe { std::ptr::copy(src as *const u8, dst as *mut u8, n) }
}

/// Zeroes `n` bytes at a Go address.
pub fn zero_bytes(dst: u64, n: usize) {
    if n == 0 {
        return;
    }
    // SAFETY: the range lies in a live object (checked by the caller).
    unsafe { std::ptr::write_bytes(dst as *mut u8, 0, n) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::rtype::Kind;

    /// Type 0: a struct { int; *T }, pointer in slot 1.
    fn types() -> Vec<RType> {
        vec![RType {
            named: true,
            ptr_mask: 0b10,
            ..RType::plain(Kind::Struct, "main.T", 2, 16)
        }]
    }

    /// Holds a word, and a count that shows when it is dropped.
    struct Holder(u64, #[allow(dead_code)] std::sync::Arc<()>);

    impl Trace for Holder {
        fn trace(&self, m: &mut Marker<'_>) {
            m.word(self.0);
        }
    }

    #[test]
    fn allocations_are_zeroed_and_usable() {
        let h = Heap::default();
        let mut c = h.cache(None);
        let p = c.alloc(3, PtrLayout::NoPointers);
        assert_eq!(load(p + 16), 0);
        store(p + 8, 42);
        assert_eq!(load(p + 8), 42);
        let s = c.bytes(b"hello");
        assert_eq!(bytes_at(s, 5), b"hello");
        copy_bytes(s + 1, s, 4);
        assert_eq!(bytes_at(s, 5), b"hhell");
        assert_ne!(c.alloc(0, PtrLayout::NoPointers), 0);
        let big = c.alloc(10_000, PtrLayout::NoPointers);
        assert_eq!(load(big + 79_992), 0);
    }

    #[test]
    fn collection_keeps_what_is_reachable_and_reuses_the_rest() {
        let types = types();
        let h = Heap::default();
        let mut c = h.cache(None);
        // A chain root -> a -> b through typed slots, plus garbage.
        let b = c.alloc(2, PtrLayout::Values(TypeIdx(0)));
        let a = c.alloc(2, PtrLayout::Values(TypeIdx(0)));
        store(a + 8, b + 8); // an interior pointer keeps `b` alive
        store(a, b); // slot 0 is an int: not followed
        let garbage: Vec<u64> = (0..1000).map(|_| c.alloc(2, PtrLayout::Untyped)).collect();
        let root = c.alloc(1, PtrLayout::Untyped);
        store(root, a);
        let big_garbage = c.alloc(100_000, PtrLayout::NoPointers);
        let keep = std::sync::Arc::new(());
        let boxed_live = c.boxed(Holder(root, keep.clone()));
        let boxed_dead = c.boxed(Holder(garbage[0], keep.clone()));
        assert_eq!(std::sync::Arc::strong_count(&keep), 3);
        c.release();
        let before = h.stats();
        let r = h.collect(&types, |m| m.word(boxed_live));
        assert_eq!(r.after, 2 * 16 + 8 + std::mem::size_of::<Holder>());
        let after = h.stats();
        assert_eq!(after.frees - before.frees, 1000 + 1 + 1);
        assert_eq!(
            std::sync::Arc::strong_count(&keep),
            2,
            "the unreachable box was dropped"
        );
        let _ = boxed_dead;
        assert_eq!(load(root), a);
        // Freed objects come back, zeroed; live ones are not handed out again.
        store(garbage[5], 77);
        let mut c = h.cache(None);
        let reused: Vec<u64> = (0..1000).map(|_| c.alloc(2, PtrLayout::NoPointers)).collect();
        assert!(reused.contains(&garbage[5]));
        assert!(!reused.contains(&a) && !reused.contains(&b));
        for &p in &reused {
            assert_eq!(load(p), 0);
        }
        let _ = big_garbage;
        // Nothing reachable: everything goes, the last box too.
        c.release();
        h.collect(&types, |_| {});
        assert_eq!(std::sync::Arc::strong_count(&keep), 1);
        assert_eq!(h.stats().heap_alloc, 0);
    }

    #[test]
    fn a_span_held_by_a_cache_is_swept_in_place() {
        let h = Heap::default();
        let mut c = h.cache(None);
        let objs: Vec<u64> = (0..100).map(|_| c.alloc(4, PtrLayout::NoPointers)).collect();
        let root = c.alloc(1, PtrLayout::Untyped);
        store(root, objs[50]);
        h.collect(&[], |m| m.word(root));
        let again: Vec<u64> = (0..99).map(|_| c.alloc(4, PtrLayout::NoPointers)).collect();
        assert!(!again.contains(&objs[50]));
        assert!(again.contains(&objs[0]) && again.contains(&objs[99]));
    }

    #[test]
    fn stress_mode_and_the_goal_raise_the_flag() {
        let h = Heap::new(GcConfig {
            stress: 3,
            ..GcConfig::default()
        });
        let flag = AtomicBool::new(false);
        let mut c = h.cache(Some(&flag));
        c.alloc(1, PtrLayout::NoPointers);
        c.alloc(1, PtrLayout::NoPointers);
        assert!(!flag.load(Ordering::Relaxed));
        c.alloc(1, PtrLayout::NoPointers);
        assert!(flag.load(Ordering::Relaxed) && h.wanted());
        let h = Heap::default();
        let flag = AtomicBool::new(false);
        let mut c = h.cache(Some(&flag));
        // Caches report at each new span: one span past the goal.
        for _ in 0..(MIN_GOAL / 4096 + 8) {
            c.alloc(512, PtrLayout::NoPointers);
        }
        assert!(flag.load(Ordering::Relaxed) && h.wanted());
    }
}

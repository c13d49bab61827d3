//! Spans: runs of pages cut into objects of one size class (or holding one large
//! object), with an allocation bit, a mark bit and a pointer layout per object.

use super::PtrLayout;

/// `class` of a span holding one large object.
pub const LARGE: u8 = u8::MAX;

pub struct Span {
    pub start: usize,
    pub npages: usize,
    /// Bytes per object (for a large object, its size).
    pub size: usize,
    pub nelems: usize,
    pub class: u8,
    alloc: Vec<u64>,
    mark: Vec<u64>,
    /// Each object's pointer layout, encoded by `encode`.
    layout: Vec<u32>,
    /// Where the search for a free object resumes.
    next: usize,
    /// Objects not allocated.
    free: usize,
    /// Some free object may hold old data, so allocation must clear it.
    pub needzero: bool,
    /// Held by a machine's cache, which alone allocates from it.
    pub cached: bool,
}

fn encode(l: PtrLayout) -> u32 {
    match l {
        PtrLayout::NoPointers => 0,
        PtrLayout::Untyped => 1,
        PtrLayout::Values(t) => t.0 + 2,
    }
}

fn decode(v: u32) -> PtrLayout {
    match v {
        0 => PtrLayout::NoPointers,
        1 => PtrLayout::Untyped,
        t => PtrLayout::Values(crate::bytecode::rtype::TypeIdx(t - 2)),
    }
}

impl Span {
    pub fn new(start: usize, npages: usize, size: usize, nelems: usize, class: u8, needzero: bool) -> Span {
        let words = nelems.div_ceil(64);
        Span {
            start,
            npages,
            size,
            nelems,
            class,
            alloc: vec![0; words],
            mark: vec![0; words],
            layout: vec![0; nelems],
            next: 0,
            free: nelems,
            needzero,
            cached: false,
        }
    }

    /// Allocates a free object with `layout`: its zeroed memory's address.
    #[inline]
    pub fn take(&mut self, layout: PtrLayout) -> Option<usize> {
        if self.free == 0 {
            return None;
        }
        let mut i = self.next;
        while i < self.nelems {
            let w = i / 64;
            let free = !self.alloc[w] & (u64::MAX << (i % 64));
            if free == 0 {
                i = (w + 1) * 64;
                continue;
            }
            let j = w * 64 + free.trailing_zeros() as usize;
            if j >= self.nelems {
                break;
            }
            self.alloc[w] |= 1 << (j % 64);
            self.layout[j] = encode(layout);
            self.next = j + 1;
            self.free -= 1;
            let addr = self.start + j * self.size;
            if self.needzero {
                let p = addr as *mut u64;
                // SAFETY: object `j` lies inside this span's pages (whole 8-byte words),
                // was free until now (nothing reachable points to it) and is this span's
                // owner's to write.
                unsafe {
                    // Small objects are the common case, where a call to memset costs more
                    // than the stores.
                    if self.size <= 64 {
                        for k in 0..self.size / 8 {
                            p.add(k).write(0);
                        }
                    } else {
                        std::ptr::write_bytes(p, 0, self.size / 8);
                    }
                }
            }
            return Some(addr);
        }
        None
    }

    /// The allocated object containing `addr`, if any.
    #[inline]
    pub fn object_at(&self, addr: usize) -> Option<usize> {
        let off = addr.checked_sub(self.start)?;
        let i = off / self.size;
        (i < self.nelems && self.alloc[i / 64] & (1 << (i % 64)) != 0).then_some(i)
    }

    /// Marks object `i`; false if it was marked already.
    #[inline]
    pub fn mark(&mut self, i: usize) -> bool {
        let (w, bit) = (i / 64, 1u64 << (i % 64));
        let fresh = self.mark[w] & bit == 0;
        self.mark[w] |= bit;
        fresh
    }

    pub fn layout(&self, i: usize) -> PtrLayout {
        decode(self.layout[i])
    }

    /// Frees every unmarked object and clears the marks: (objects live, objects freed).
    pub fn sweep(&mut self) -> (usize, usize) {
        let (mut live, mut freed) = (0, 0);
        for (a, m) in self.alloc.iter_mut().zip(&mut self.mark) {
            live += m.count_ones() as usize;
            freed += (*a & !*m).count_ones() as usize;
            *a = std::mem::take(m);
        }
        if freed > 0 {
            self.needzero = true;
        }
        self.next = 0;
        self.free = self.nelems - live;
        (live, freed)
    }

    /// Whether `take` may still find a free object.
    pub fn has_free(&self) -> bool {
        self.free > 0
    }
}

/// Every span of a heap by id (id 0 is never used: a free page's owner).
///
/// Spans are kept as raw pointers from `Box::into_raw`, not as Boxes: a cache holds a
/// copy of its span's pointer and allocates through it without the heap's lock, and a
/// Box would claim the unique access that rules out such a copy.
pub struct SpanTable {
    spans: Vec<*mut Span>,
    free_ids: Vec<u32>,
}

impl Default for SpanTable {
    fn default() -> SpanTable {
        SpanTable {
            spans: vec![std::ptr::null_mut()],
            free_ids: Vec::new(),
        }
    }
}

impl SpanTable {
    /// An id for a span about to be made (its pages are allocated under this id).
    pub fn reserve(&mut self) -> u32 {
        self.free_ids.pop().unwrap_or_else(|| {
            self.spans.push(std::ptr::null_mut());
            (self.spans.len() - 1) as u32
        })
    }

    /// Returns an unused reserved id.
    pub fn unreserve(&mut self, id: u32) {
        self.free_ids.push(id);
    }

    pub fn insert(&mut self, id: u32, span: Span) {
        debug_assert!(self.spans[id as usize].is_null());
        self.spans[id as usize] = Box::into_raw(Box::new(span));
    }

    /// The span, if `id` names one. Its cache, if any, must not be allocating meanwhile
    /// (the caller holds the heap's lock, or the world is stopped).
    #[inline]
    pub fn get(&mut self, id: u32) -> Option<&mut Span> {
        let p = *self.spans.get(id as usize)?;
        // SAFETY: a non-null entry came from `Box::into_raw` and is freed only by
        // `remove`; `&mut self` and the documented rule about caches make this the only
        // access while the reference lives.
        (!p.is_null()).then(|| unsafe { &mut *p })
    }

    /// The pointer a cache keeps to allocate from span `id` without the lock.
    pub fn ptr(&self, id: u32) -> *mut Span {
        self.spans[id as usize]
    }

    /// Frees span `id`, which no cache may hold.
    pub fn remove(&mut self, id: u32) {
        let p = std::mem::replace(&mut self.spans[id as usize], std::ptr::null_mut());
        if !p.is_null() {
            // SAFETY: from `Box::into_raw` in `insert`, freed once (the entry is cleared).
            drop(unsafe { Box::from_raw(p) });
            self.free_ids.push(id);
        }
    }

    /// Every id that may name a span.
    pub fn ids(&self) -> std::ops::Range<u32> {
        1..self.spans.len() as u32
    }
}

impl Drop for SpanTable {
    fn drop(&mut self) {
        for id in self.ids() {
            self.remove(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_taken_found_and_swept() {
        let mut mem = vec![0u64; 100 * 2];
        let start = mem.as_mut_ptr() as usize;
        let mut s = Span::new(start, 1, 16, 100, 1, false);
        let addrs: Vec<usize> = (0..100).map(|_| s.take(PtrLayout::NoPointers).unwrap()).collect();
        assert_eq!(addrs[3], start + 48);
        assert!(s.take(PtrLayout::NoPointers).is_none());
        assert_eq!(s.object_at(start + 48 + 9), Some(3));
        assert_eq!(s.object_at(start + 1600), None);
        assert!(s.mark(3));
        assert!(!s.mark(3));
        assert!(s.mark(70));
        assert_eq!(s.sweep(), (2, 98));
        assert_eq!(s.object_at(start + 16), None);
        assert_eq!(s.object_at(start + 70 * 16), Some(70));
        // Freed objects are reused, zeroed.
        // SAFETY: object 0 lies in `mem`.
        unsafe { *(start as *mut u64) = 9 };
        assert_eq!(s.take(PtrLayout::Untyped), Some(start));
        assert_eq!(mem[0], 0);
        assert_eq!(s.layout(0), PtrLayout::Untyped);
    }
}

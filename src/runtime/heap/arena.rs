//! Address space: arenas of 8 KiB pages mapped from the OS, which span owns each page,
//! and finding the span of any address (what lets the collector follow interior
//! pointers).

use super::class::PAGE;

/// Address space reserved at a time. Pages are only backed by memory once touched, so a
/// large reservation costs nothing until it is used. (Miri, which backs every byte,
/// gets small ones.)
const ARENA_BYTES: usize = if cfg!(miri) { 1 << 20 } else { 64 << 20 };

/// Below this many pages a freed run keeps its memory for reuse; from it up the memory
/// goes back to the OS at once (large objects).
const RELEASE_PAGES: usize = 16;

struct Arena {
    base: usize,
    /// Span id owning each page (0: free).
    owner: Vec<u32>,
    /// Pages from here on have never been used: untouched, and so zero.
    high: usize,
    /// Runs of free pages below `high`, (first page, count), rebuilt by `rebuild_free`.
    free: Vec<(usize, usize)>,
}

impl Arena {
    fn map(npages: usize) -> Option<Arena> {
        Some(Arena {
            base: os::map(npages * PAGE)?,
            owner: vec![0; npages],
            high: 0,
            free: Vec::new(),
        })
    }

    fn end(&self) -> usize {
        self.base + self.owner.len() * PAGE
    }

    /// `n` free pages for span `id`: their first page and whether they were never used.
    fn take(&mut self, n: usize, id: u32) -> Option<(usize, bool)> {
        let (first, fresh) = if let Some(k) = self.free.iter().position(|&(_, len)| len >= n) {
            let (first, len) = self.free[k];
            if len == n {
                self.free.swap_remove(k);
            } else {
                self.free[k] = (first + n, len - n);
            }
            (first, false)
        } else if self.high + n <= self.owner.len() {
            self.high += n;
            (self.high - n, true)
        } else {
            return None;
        };
        self.owner[first..first + n].fill(id);
        Some((first, fresh))
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        // SAFETY: the mapping was made by `os::map` with exactly this length, and
        // nothing reaches it once the heap that owns the arena is gone.
        unsafe { os::unmap(self.base, self.owner.len() * PAGE) };
    }
}

/// Memory from the OS: anonymous mappings, or (under Miri, which has no `mmap`) the
/// global allocator.
mod os {
    #[cfg(miri)]
    use super::PAGE;

    /// Zeroed, page-aligned memory of `bytes` bytes, or None.
    #[cfg(not(miri))]
    pub fn map(bytes: usize) -> Option<usize> {
        // SAFETY: an anonymous private mapping at an address of the kernel's choosing
        // aliases nothing; MAP_NORESERVE leaves pages unbacked until touched.
        let p = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                bytes,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        (p != libc::MAP_FAILED).then_some(p as usize)
    }

    /// # Safety
    /// `addr` and `bytes` must be those of one `map`, unmapped once, unused afterwards.
    #[cfg(not(miri))]
    pub unsafe fn unmap(addr: usize, bytes: usize) {
        // SAFETY: per the contract.
        unsafe { libc::munmap(addr as *mut libc::c_void, bytes) };
    }

    /// Gives the pages' memory back; they read as zero afterwards.
    ///
    /// # Safety
    /// The range must be whole pages of one mapping, holding nothing anyone uses.
    #[cfg(not(miri))]
    pub unsafe fn release(addr: usize, bytes: usize) {
        // SAFETY: per the contract; MADV_DONTNEED on private anonymous memory reads
        // back as zero.
        unsafe { libc::madvise(addr as *mut libc::c_void, bytes, libc::MADV_DONTNEED) };
    }

    #[cfg(miri)]
    fn layout(bytes: usize) -> std::alloc::Layout {
        std::alloc::Layout::from_size_align(bytes, PAGE).expect("a page-aligned layout")
    }

    #[cfg(miri)]
    pub fn map(bytes: usize) -> Option<usize> {
        // SAFETY: the layout has a non-zero size.
        let p = unsafe { std::alloc::alloc_zeroed(layout(bytes)) };
        (!p.is_null()).then_some(p as usize)
    }

    #[cfg(miri)]
    pub unsafe fn unmap(addr: usize, bytes: usize) {
        // SAFETY: per the contract, `addr` came from `alloc_zeroed` with this layout.
        unsafe { std::alloc::dealloc(addr as *mut u8, layout(bytes)) };
    }

    #[cfg(miri)]
    pub unsafe fn release(addr: usize, bytes: usize) {
        // SAFETY: per the contract.
        unsafe { std::ptr::write_bytes(addr as *mut u8, 0, bytes) };
    }
}

/// Every arena of one heap, sorted by address.
#[derive(Default)]
pub struct Pages {
    arenas: Vec<Arena>,
}

impl Pages {
    /// `n` contiguous pages owned by span `id`: their address and whether the memory is
    /// known to be zero. `None` when the OS refuses more memory.
    pub fn alloc(&mut self, n: usize, id: u32) -> Option<(usize, bool)> {
        for a in &mut self.arenas {
            if let Some((first, fresh)) = a.take(n, id) {
                return Some((a.base + first * PAGE, fresh));
            }
        }
        let mut a = Arena::map(n.max(ARENA_BYTES / PAGE))?;
        let (first, fresh) = a.take(n, id).expect("a new arena holds the request");
        let addr = a.base + first * PAGE;
        let at = self.arenas.partition_point(|x| x.base < a.base);
        self.arenas.insert(at, a);
        Some((addr, fresh))
    }

    /// Gives back the `n` pages at `addr`; large runs return their memory to the OS. The
    /// pages become reusable after the next `rebuild_free`.
    pub fn free(&mut self, addr: usize, n: usize) {
        let a = self.arena_mut(addr).expect("freed pages belong to an arena");
        let first = (addr - a.base) / PAGE;
        a.owner[first..first + n].fill(0);
        if n >= RELEASE_PAGES {
            // SAFETY: the range is whole pages of this arena's mapping, and no object
            // lives there any more.
            unsafe { os::release(addr, n * PAGE) };
        }
    }

    /// Recomputes the runs of free pages (after a sweep freed spans).
    pub fn rebuild_free(&mut self) {
        for a in &mut self.arenas {
            a.free.clear();
            let mut p = 0;
            while p < a.high {
                if a.owner[p] != 0 {
                    p += 1;
                    continue;
                }
                let start = p;
                while p < a.high && a.owner[p] == 0 {
                    p += 1;
                }
                a.free.push((start, p - start));
            }
        }
    }

    fn arena_mut(&mut self, addr: usize) -> Option<&mut Arena> {
        let i = self.arenas.partition_point(|a| a.base <= addr).checked_sub(1)?;
        let a = &mut self.arenas[i];
        (addr < a.end()).then_some(a)
    }

    /// The span owning the page of `addr`: `None` outside every arena, `Some(0)` for a free
    /// page.
    #[inline]
    pub fn span_at(&self, addr: usize) -> Option<u32> {
        let i = self.arenas.partition_point(|a| a.base <= addr).checked_sub(1)?;
        let a = &self.arenas[i];
        a.owner.get((addr - a.base) / PAGE).copied()
    }

    /// Bytes of address space mapped (Go's `HeapSys`).
    pub fn mapped(&self) -> usize {
        self.arenas.iter().map(|a| a.owner.len() * PAGE).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_found_reused_and_zeroed() {
        let mut p = Pages::default();
        let (a, fresh) = p.alloc(1, 7).unwrap();
        assert!(fresh);
        let (b, _) = p.alloc(20, 8).unwrap();
        assert_eq!(p.span_at(a + 100), Some(7));
        assert_eq!(p.span_at(b + 19 * PAGE), Some(8));
        assert_eq!(p.span_at(b + 20 * PAGE), Some(0));
        assert_eq!(p.span_at(8), None);
        // SAFETY: the pages were just mapped for this test.
        unsafe { *(b as *mut u64) = 5 };
        p.free(b, 20);
        p.rebuild_free();
        let (c, fresh) = p.alloc(20, 9).unwrap();
        assert_eq!(c, b);
        assert!(!fresh);
        // Released to the OS: the page reads back as zero.
        // SAFETY: as above.
        assert_eq!(unsafe { *(c as *const u64) }, 0);
        let (big, _) = p.alloc(ARENA_BYTES / PAGE + 1, 10).unwrap();
        assert_eq!(p.span_at(big + ARENA_BYTES), Some(10));
    }
}

//! Semaphores on Go words, the waiting primitive under `sync` (as Go's `sema.go`).
//!
//! A semaphore is a 64-bit slot in Go memory holding its count. Acquire takes a unit
//! without locking when the count is positive; otherwise the goroutine parks in the
//! table's queue for that address. Release hands its unit straight to the oldest waiter
//! if there is one (so a woken goroutine owns the unit without competing for it), and
//! only otherwise increments the count. The count changes under the address's bucket
//! lock whenever a waiter could be involved, so no wake-up is lost.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;

use super::goroutine::{GPtr, WaitReason};
use super::{Machine, Trap};

const BUCKETS: usize = 61;

pub struct Table {
    buckets: Vec<Mutex<HashMap<u64, VecDeque<GPtr>>>>,
}

impl Default for Table {
    fn default() -> Table {
        Table {
            buckets: (0..BUCKETS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl Table {
    fn bucket(&self, addr: u64) -> &Mutex<HashMap<u64, VecDeque<GPtr>>> {
        &self.buckets[(addr >> 3) as usize % BUCKETS]
    }
}

/// The count at a semaphore's address.
fn count<'a>(addr: u64) -> &'a AtomicU64 {
    // SAFETY: the address is a non-nil, 8-aligned slot of a live Go object (the sync
    // package passes the address of a field), and Go code touches semaphore words only
    // through these functions.
    unsafe { AtomicU64::from_ptr(addr as *mut u64) }
}

/// Takes a unit if the count is positive.
fn try_acquire(addr: u64) -> bool {
    let c = count(addr);
    let mut v = c.load(Ordering::Acquire);
    while v > 0 {
        match c.compare_exchange_weak(v, v - 1, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => return true,
            Err(now) => v = now,
        }
    }
    false
}

impl Machine<'_> {
    /// Go's `runtime_Semacquire`: waits until the semaphore at `addr` is positive and
    /// decrements it. The goroutine resumes after the call owning the unit.
    pub(crate) fn semacquire(&mut self, addr: u64) -> Result<(), Trap> {
        if addr == 0 || !addr.is_multiple_of(8) {
            return Err(self.trap_runtime("invalid memory address or nil pointer dereference"));
        }
        if try_acquire(addr) {
            return Ok(());
        }
        let mut b = self.sh.sema.bucket(addr).lock();
        if try_acquire(addr) {
            return Ok(());
        }
        let g = self.park(WaitReason::Semacquire);
        b.entry(addr).or_default().push_back(g);
        Err(Trap::Park)
    }

    /// Go's `runtime_Semrelease`: wakes the oldest waiter, or increments the count.
    pub(crate) fn semrelease(&mut self, addr: u64) -> Result<(), Trap> {
        if addr == 0 || !addr.is_multiple_of(8) {
            return Err(self.trap_runtime("invalid memory address or nil pointer dereference"));
        }
        let mut b = self.sh.sema.bucket(addr).lock();
        let waiter = match b.get_mut(&addr) {
            Some(q) => {
                let g = q.pop_front();
                if q.is_empty() {
                    b.remove(&addr);
                }
                g
            }
            None => None,
        };
        match waiter {
            Some(g) => {
                drop(b);
                // SAFETY: the goroutine was parked in this queue and just removed from it
                // under the bucket lock: this is its one owner.
                let g = unsafe { g.take() };
                self.ready(g);
            }
            None => {
                count(addr).fetch_add(1, Ordering::AcqRel);
            }
        }
        Ok(())
    }
}

//! The heap: every Go object is allocated here, zeroed and 8-byte aligned.
//!
//! There is no collector yet (issue 4 brings a precise one): objects live until the heap
//! is dropped. Each allocation records its size in slots so the collector can later walk
//! it with the type's pointer layout.

use std::ptr::NonNull;

use crate::bytecode::rtype::{RType, TypeIdx};

/// Which slots of an object may hold pointers, recorded for the collector.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum PtrLayout {
    /// Nothing to trace: bytes, numbers, runes.
    NoPointers,
    /// Consecutive values of a type filling the object: one value, an array, or a slice's
    /// backing store.
    Values(TypeIdx),
    /// Any slot may hold a pointer, with no type recorded (closure captures, package
    /// variables): the collector must check that a word points into the heap before
    /// following it.
    Untyped,
}

/// One allocation, owned through its raw pointer until the heap is dropped.
struct Object {
    ptr: NonNull<u64>,
    slots: usize,
    /// Unread until the collector arrives (issue 4).
    #[allow(dead_code)]
    layout: PtrLayout,
}

/// A Rust value owned through the raw pointer Go code holds, with the function that
/// frees it.
struct Boxed {
    ptr: *mut (),
    free: unsafe fn(*mut ()),
}

/// Frees a `Boxed` of type `T`.
///
/// # Safety
/// `p` must come from `Box::<T>::into_raw` and be freed once.
unsafe fn free_box<T>(p: *mut ()) {
    // SAFETY: per the contract.
    drop(unsafe { Box::from_raw(p as *mut T) });
}

/// Owner of Go objects. Each machine (OS thread) of a VM allocates from its own heap, so
/// allocation takes no lock; when a machine stops, the VM absorbs its heap, and every
/// object lives until the VM is dropped.
#[derive(Default)]
pub struct Heap {
    objects: Vec<Object>,
    /// Objects with Rust state (maps, map iterators, channels), freed with the heap.
    boxed: Vec<Boxed>,
    /// Bytes allocated so far.
    pub allocated: usize,
}

// SAFETY: the heap owns its objects exclusively through the raw pointers; moving the
// owner to another thread moves nothing. Go code on several threads reads and writes the
// objects themselves as the Go memory model allows, which the heap does not mediate.
unsafe impl Send for Heap {}

/// A distinct non-nil address for zero-size objects (Go's zerobase).
static ZERO_BASE: u64 = 0;

impl Heap {
    /// The one allocation primitive: a zeroed, 8-byte aligned object of `slots` 64-bit
    /// words with the given pointer layout; its address as a Go pointer.
    pub fn alloc(&mut self, slots: usize, layout: PtrLayout) -> u64 {
        if slots == 0 {
            return std::ptr::addr_of!(ZERO_BASE) as u64;
        }
        // The box is turned into a raw pointer at once and never used as a Box again
        // until `drop`: Go code reads and writes the object through addresses derived from
        // this pointer, which moving a Box around would invalidate.
        let raw = Box::into_raw(vec![0u64; slots].into_boxed_slice());
        let ptr = NonNull::new(raw as *mut u64).expect("Box::into_raw is never null");
        self.allocated += slots * 8;
        self.objects.push(Object { ptr, slots, layout });
        ptr.as_ptr() as u64
    }

    /// Moves `value` to a stable address that lives as long as the heap; gives the address.
    pub fn boxed<T: Send + 'static>(&mut self, value: T) -> u64 {
        // As in `alloc`, the Box becomes a raw pointer at once: Go code uses the address.
        let ptr = Box::into_raw(Box::new(value)) as *mut ();
        self.boxed.push(Boxed {
            ptr,
            free: free_box::<T>,
        });
        ptr as u64
    }

    /// Takes over every object of `other`.
    pub fn absorb(&mut self, mut other: Heap) {
        self.objects.append(&mut other.objects);
        self.boxed.append(&mut other.boxed);
        self.allocated += other.allocated;
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
}

impl Drop for Heap {
    fn drop(&mut self) {
        for o in self.objects.drain(..) {
            let slice = std::ptr::slice_from_raw_parts_mut(o.ptr.as_ptr(), o.slots);
            // SAFETY: `ptr` and `slots` come from `Box::into_raw` of a boxed slice of
            // exactly `slots` words in `alloc`, and each object is freed once, here.
            drop(unsafe { Box::from_raw(slice) });
        }
        for b in self.boxed.drain(..) {
            // SAFETY: `free` is `free_box` of the type `boxed` made `ptr` from, once.
            unsafe { (b.free)(b.ptr) };
        }
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

    #[test]
    fn allocations_are_zeroed_and_usable() {
        let mut h = Heap::default();
        let p = h.alloc(3, PtrLayout::NoPointers);
        assert_eq!(load(p + 16), 0);
        store(p + 8, 42);
        assert_eq!(load(p + 8), 42);
        let s = h.bytes(b"hello");
        assert_eq!(bytes_at(s, 5), b"hello");
        copy_bytes(s + 1, s, 4);
        assert_eq!(bytes_at(s, 5), b"hhell");
        assert_ne!(h.alloc(0, PtrLayout::NoPointers), 0);
    }
}

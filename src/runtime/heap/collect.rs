//! Marking: from the roots the VM names, every reachable object and Rust-backed value.
//!
//! Words are checked before they are followed: a word is a pointer only if it falls in an
//! allocated object (anywhere inside it, so interior pointers keep their object alive) or
//! is the address of a live Rust-backed value. That is what lets the VM pass whole
//! goroutine stacks and untyped objects (closures, package variables) as roots without a
//! pointer map per instruction: a stale or non-pointer word can at worst keep garbage
//! alive until it is overwritten, never free something in use.

use hashbrown::HashMap;

use super::arena::Pages;
use super::span::SpanTable;
use super::{Boxed, PtrLayout, load};
use crate::bytecode::rtype::{Kind, RType, TypeIdx};

enum Gray {
    Object {
        span: u32,
        index: usize,
    },
    Boxed {
        ptr: u64,
        trace: unsafe fn(*const (), &mut Marker<'_>),
    },
}

/// The collector's view of the heap during marking; handed to the VM's root scan and to
/// every Rust-backed value's [`Trace`](super::Trace).
pub struct Marker<'a> {
    pub(super) pages: &'a Pages,
    pub(super) spans: &'a mut SpanTable,
    pub(super) boxed: &'a mut HashMap<u64, Boxed>,
    pub(super) types: &'a [RType],
    gray: Vec<Gray>,
    /// Bytes of the objects and Rust-backed values marked, and of what [`Marker::count`]
    /// counted.
    pub(super) marked: usize,
}

impl<'a> Marker<'a> {
    pub(super) fn new(
        pages: &'a Pages,
        spans: &'a mut SpanTable,
        boxed: &'a mut HashMap<u64, Boxed>,
        types: &'a [RType],
    ) -> Marker<'a> {
        Marker {
            pages,
            spans,
            boxed,
            types,
            gray: Vec::new(),
            marked: 0,
        }
    }

    /// Keeps alive what `w` points to, if it is a pointer.
    #[inline]
    pub fn word(&mut self, w: u64) {
        if w < 4096 {
            return;
        }
        match self.pages.span_at(w as usize) {
            Some(0) => {}
            Some(id) => {
                let span = self.spans.get(id).expect("pages belong to a live span");
                if let Some(i) = span.object_at(w as usize)
                    && span.mark(i)
                {
                    self.marked += span.size;
                    self.gray.push(Gray::Object { span: id, index: i });
                }
            }
            None => {
                if w.is_multiple_of(8)
                    && let Some(b) = self.boxed.get_mut(&w)
                    && !b.marked
                {
                    b.marked = true;
                    // SAFETY: registered by `Cache::boxed` for the live value at `w`.
                    self.marked += unsafe { (b.footprint)(w as *const ()) };
                    self.gray.push(Gray::Boxed { ptr: w, trace: b.trace });
                }
            }
        }
    }

    /// Counts `bytes` held outside the heap for the roots (goroutine stacks) as live.
    pub fn count(&mut self, bytes: usize) {
        self.marked += bytes;
    }

    pub fn words(&mut self, ws: &[u64]) {
        for &w in ws {
            self.word(w);
        }
    }

    /// Follows everything reachable from what has been marked so far.
    pub(super) fn drain(&mut self) {
        while let Some(g) = self.gray.pop() {
            match g {
                Gray::Object { span, index } => {
                    let s = self.spans.get(span).expect("marked objects sit in live spans");
                    let (addr, size, layout) = (s.start + index * s.size, s.size, s.layout(index));
                    self.scan(addr, size / 8, layout);
                }
                // SAFETY: `trace` is the tracer `Cache::boxed` registered for the value at
                // `ptr`, which stays alive at least until the sweep that follows marking.
                Gray::Boxed { ptr, trace } => unsafe { trace(ptr as *const (), self) },
            }
        }
    }

    fn scan(&mut self, addr: usize, slots: usize, layout: PtrLayout) {
        match layout {
            PtrLayout::NoPointers => {}
            PtrLayout::Untyped => {
                for k in 0..slots {
                    self.word(load((addr + 8 * k) as u64));
                }
            }
            PtrLayout::Values(t) => {
                let per = self.types[t.0 as usize].slots as usize;
                if per == 0 {
                    return;
                }
                for k in 0..slots / per {
                    self.scan_value(t, addr + 8 * per * k);
                }
            }
        }
    }

    /// Follows the pointers of one value of type `t` at `addr`.
    fn scan_value(&mut self, t: TypeIdx, addr: usize) {
        let types = self.types;
        let ty = &types[t.0 as usize];
        if ty.slots <= 64 {
            let mut m = ty.ptr_mask;
            while m != 0 {
                self.word(load((addr + 8 * m.trailing_zeros() as usize) as u64));
                m &= m - 1;
            }
            return;
        }
        match ty.kind {
            Kind::Array => {
                let e = ty.elem.expect("arrays have an element type");
                let et = &types[e.0 as usize];
                if et.kind.is_byte_kind() || et.ptr_mask == 0 && et.slots <= 64 {
                    return;
                }
                for k in 0..ty.len as usize {
                    self.scan_value(e, addr + 8 * et.slots as usize * k);
                }
            }
            Kind::Struct => {
                for f in &ty.fields {
                    self.scan_value(f.ty, addr + 8 * f.offset as usize);
                }
            }
            _ => {}
        }
    }
}

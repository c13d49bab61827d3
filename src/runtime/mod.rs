//! The runtime shared by the interpreter and native code: the heap, maps, strings, value
//! equality and hashing, formatting, and the standard library's Go sources.

// Raw memory is this module's business: every unsafe operation sits in its own block
// with the reason it is sound.
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

pub mod clock;
pub mod float;
pub mod fmt;
pub mod heap;
pub mod map;
pub mod math;
pub mod print;
pub mod slice;
mod stdlib;
pub mod strconv;
pub mod strings;
pub mod unicode;
pub mod value;

#[cfg(test)]
pub use stdlib::PACKAGES as STD_PACKAGES;
pub use stdlib::source as std_source;

/// Runs `f`, first moving to a new stack segment if this one runs low. Rust code whose
/// recursion depth a Go program decides (values nested in interfaces, calls from natives
/// back into Go) goes through here: it may run on an embedder's thread, whose stack size
/// is unknown, and must meet Go's limits rather than overflow it.
pub fn deep<R>(f: impl FnOnce() -> R) -> R {
    // Room for a level of the interpreter's loop or a formatting step, with some to spare.
    const RED_ZONE: usize = 256 * 1024;
    const NEW_SEGMENT: usize = 4 << 20;
    stacker::maybe_grow(RED_ZONE, NEW_SEGMENT, f)
}

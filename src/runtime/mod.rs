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

pub(crate) use crate::deep;

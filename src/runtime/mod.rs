//! The runtime shared by the interpreter and native code: the heap, maps, strings, value
//! equality and hashing, formatting, and the standard library's Go sources.

pub mod float;
pub mod fmt;
pub mod heap;
pub mod map;
pub mod print;
pub mod slice;
mod stdlib;
pub mod strings;
pub mod value;

pub use stdlib::source as std_source;

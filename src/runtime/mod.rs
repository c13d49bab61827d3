//! The runtime shared by the interpreter and native code.

mod stdlib;

pub use stdlib::source as std_source;

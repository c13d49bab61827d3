//! govm runs Go programs without the Go toolchain, and Go scripts inside Rust programs
//! (see [`embed`]: [`Engine`], [`Program`], [`Instance`]).
//!
//! Source is checked by `front`, compiled to typed register bytecode (`bytecode`) and run
//! by the VM (`vm`) on top of the `runtime`; `load` ties the stages together. Those layers
//! are the crate's own: its public surface is the embedding API and the command
//! ([`cli`]).

pub mod cli;
pub mod embed;

pub(crate) mod bytecode;
pub(crate) mod front;
pub(crate) mod load;
pub(crate) mod runtime;
pub(crate) mod vm;

pub use embed::{CancelHandle, Engine, Error, Func, Instance, Program, Serde};

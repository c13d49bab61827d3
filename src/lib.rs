//! govm runs Go programs without the Go toolchain, and Go scripts inside Rust programs
//! (see [`embed`]: [`Engine`], [`Program`], [`Instance`]).
//!
//! Source is checked by `front`, compiled to typed register bytecode (`bytecode`) and run
//! by the VM (`vm`) on top of the `runtime`; `load` ties the stages together. Those layers
//! are the crate's own: its public surface is the embedding API and the command
//! ([`cli`]).

pub mod cli;
pub mod embed;

pub(crate) mod aot;
pub(crate) mod bytecode;
pub(crate) mod front;
pub(crate) mod load;
pub(crate) mod runtime;
pub(crate) mod vm;

pub use aot::Jit;
pub use embed::{CancelHandle, Engine, Error, Func, Instance, Program, Serde};

/// Runs `f`, first moving to a new stack segment if this one runs low. Rust code whose
/// recursion depth the Go source decides goes through here: checking and compiling an
/// expression chain as long as the file (`a + b + ...`, `x.f.g...`, declarations each
/// naming the next), and at run time values nested in interfaces (printing them, comparing
/// them). It may run on an embedder's thread, whose stack size is unknown, and must meet
/// Go's limits rather than overflow it.
pub(crate) fn deep<R>(f: impl FnOnce() -> R) -> R {
    // Room for a level of the interpreter's loop, a formatting step or a checker's
    // recursion, with some to spare.
    const RED_ZONE: usize = 256 * 1024;
    const NEW_SEGMENT: usize = 4 << 20;
    stacker::maybe_grow(RED_ZONE, NEW_SEGMENT, f)
}

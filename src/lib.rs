//! govm runs Go programs without the Go toolchain, and Go scripts inside Rust programs
//! (see [`embed`]: [`Engine`], [`Program`], [`Instance`]).
//!
//! Source is checked by [`front`], compiled to typed register bytecode ([`bytecode`]) and run
//! by the VM ([`vm`]) on top of the [`runtime`]. [`load`] ties the stages together.

pub mod bytecode;
pub mod embed;
pub mod front;
pub mod load;
pub mod runtime;
pub mod vm;

pub use embed::{CancelHandle, Engine, Error, Func, Instance, Program, Serde};

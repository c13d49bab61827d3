//! govm runs Go programs without the Go toolchain.
//!
//! Source is checked by [`front`], compiled to typed register bytecode ([`bytecode`]) and run
//! by the VM ([`vm`]) on top of the [`runtime`].

pub mod bytecode;
pub mod front;

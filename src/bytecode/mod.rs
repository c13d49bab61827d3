//! Typed register bytecode: the instruction table, runtime type descriptors, the compiled
//! program that the VM runs, and the compiler that produces it.

pub mod compile;
pub mod disasm;
pub mod op;
pub mod program;
pub mod rtype;

pub use program::{Func, Program};
pub use rtype::{Kind, RType, TypeIdx};

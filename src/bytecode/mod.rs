//! Typed register bytecode: the instruction table, runtime type descriptors and the
//! compiled program that the VM runs.

pub mod op;
pub mod program;
pub mod rtype;

pub use op::{Insn, Op};
pub use program::{Func, Program};
pub use rtype::{Kind, RType, TypeIdx};

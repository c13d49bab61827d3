//! A compiled program: functions, types and constants, ready for the VM.
//!
//! # Calling convention
//!
//! A goroutine's registers live on one growable slot stack. `Call a, f` starts the callee's
//! frame at the caller's `R[a]`: the caller has already put the arguments there, so the
//! callee finds its parameters in `R[0..params]`. Its `Ret r, n` copies `R[r..+n]` to
//! `R[0..n]`, which the caller reads back at its `R[a..+n]`. Methods take the receiver as
//! their first parameter. A function value is a pointer to a closure object
//! `[func index, captures...]`; while a closure runs, the frame remembers that pointer for
//! `LoadCapture`.
//!
//! A method reached through an interface always receives the interface's one data word as
//! its receiver, so the functions listed in [`RType::methods`] take that word: for a
//! pointer receiver it is the pointer; for a value receiver of a one-slot type, the value;
//! for a larger value receiver the compiler emits a wrapper that loads the value from the
//! box the data word points to.
//!
//! # Panics and defers
//!
//! `Defer` records a closure and its argument slots on the goroutine's defer list, tagged
//! with the frame. `RunDefers` and `Ret` run the frame's pending deferred calls, newest
//! first, as ordinary calls inside the interpreter loop. A panic runs deferred calls frame by
//! frame from the top. If one of them recovers, the frame that deferred it resumes at its
//! [`Func::recover_pc`], where the compiler has placed code that returns the current values of
//! the named results (zero values when the results are unnamed).

use super::op::Insn;
use super::rtype::{RType, TypeIdx};

#[derive(Debug, Default)]
pub struct Program {
    pub funcs: Vec<Func>,
    pub types: Vec<RType>,
    /// 64-bit constants for `LoadK`.
    pub consts: Vec<u64>,
    /// String constants for `LoadStr`. The VM hands out pointers into these, so they are
    /// never mutated or moved while the program runs.
    pub strings: Vec<Box<[u8]>>,
    /// Method names for `CallIface`, indexed by its `M` operand.
    pub method_names: Vec<String>,
    /// Source file names, indexed by [`Func::file`], for tracebacks.
    pub files: Vec<String>,
    /// Slots of package-level variables, addressed by `GlobalAddr`.
    pub global_slots: u32,
    /// The function that initialises the package variables and runs every `init`.
    pub init: u32,
    /// The function that calls `init` and then `main.main`; the program ends when it
    /// returns.
    pub entry: u32,
    /// Types the runtime itself needs to build values of.
    pub well_known: WellKnown,
}

/// Types the runtime creates values of on its own.
#[derive(Debug, Default, Clone, Copy)]
pub struct WellKnown {
    /// The type of the values of run-time panics (`runtime.errorString`, a `runtime.Error` whose data is a
    /// string message such as `runtime error: index out of range [5] with length 3`).
    pub runtime_error: TypeIdx,
    /// `string`, for `panic("...")` values made by Rust functions.
    pub string: TypeIdx,
    /// `error`, the interface.
    pub error: TypeIdx,
    /// `runtime.panicTexts`, which gives the texts of the values of a panic that ends a
    /// goroutine.
    pub panic_texts: Option<u32>,
}

#[derive(Debug, Default)]
pub struct Func {
    /// As Go's tracebacks print it: `main.f`, `main.(*T).M`, `main.main.func1`.
    pub name: String,
    pub code: Vec<Insn>,
    /// Frame size in slots.
    pub nregs: u32,
    /// Slots taken by the parameters (receiver first) and by the results.
    pub param_slots: u32,
    pub result_slots: u32,
    /// Bitmap of registers that may hold pointers (bit i of word i / 64).
    pub ptr_map: Vec<u64>,
    /// Source line of every instruction, parallel to `code`.
    pub lines: Vec<u32>,
    /// Index into [`Program::files`].
    pub file: u32,
    /// Where the frame resumes after a deferred call of it recovered a panic.
    pub recover_pc: Option<u32>,
    /// For each `AssertType` that can fail, by pc: the static type of the interface it
    /// asserts on, which Go's panic names (`interface conversion: error is nil, ...`).
    pub asserted: Vec<(u32, TypeIdx)>,
    /// For a Go function declared without a body, the qualified name of the Rust function
    /// that implements it (`strings.Index`). Its code is a stub that calls the Rust
    /// function in place, run only where it needs a frame (a deferred call, a goroutine's
    /// function); calls go to the Rust function directly.
    pub rust: Option<String>,
    /// The parameters' and results' types, so Rust functions can read their arguments.
    pub params: Vec<TypeIdx>,
    pub results: Vec<TypeIdx>,
    /// The last parameter is `...T`, passed as a slice.
    pub variadic: bool,
}

impl Program {
    pub fn ty(&self, t: TypeIdx) -> &RType {
        &self.types[t.0 as usize]
    }
}

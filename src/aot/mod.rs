//! The native tier: bytecode compiled to amd64 machine code (`x64`), installed in memory
//! that is never writable and executable at once, and run on the interpreter's frames.
//!
//! Native code shares the interpreter's frames (design decision 9): a Go value lives in
//! the same slot whichever tier runs the function, so control passes between the tiers
//! at any instruction boundary with nothing to convert. The interpreter enters a
//! function's code where it starts or resumes running a frame (a call, a return to it,
//! a loop's back edge), and the code returns the pc at which the interpreter goes on
//! (see `x64` for what it compiles and where it exits).
//!
//! This is the first step of the tier: functions are compiled when the program is
//! linked, all of them or none (`GOVM_JIT=all|off`), a template at a time. Hot-function
//! tiering, values kept in machine registers, calls between compiled functions and the
//! runtime helpers that let allocating ops run natively come next.

mod x64;

use std::ffi::c_void;
use std::sync::atomic::AtomicBool;

use dynasmrt::mmap::{ExecutableBuffer, MutableBuffer};

use crate::bytecode::{Func, Program};

/// Which functions are compiled to machine code.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub enum Jit {
    /// None: the interpreter runs everything.
    #[default]
    Off,
    /// Every function, when the program is linked (for testing the back end on whole
    /// programs).
    All,
}

impl Jit {
    /// The mode `GOVM_JIT` names, off when unset.
    pub fn from_env() -> Result<Jit, String> {
        match std::env::var("GOVM_JIT") {
            Err(_) => Ok(Jit::Off),
            Ok(mode) => Jit::parse(&mode).map_err(|e| format!("GOVM_JIT={mode}: {e}")),
        }
    }

    /// The mode named `off` or `all`.
    pub fn parse(mode: &str) -> Result<Jit, String> {
        match mode {
            "off" => Ok(Jit::Off),
            "all" => Ok(Jit::All),
            _ => Err("the modes are off and all".into()),
        }
    }
}

/// Each function of `prog` compiled as `jit` asks (those implemented in Rust have no
/// code to compile), by function index. With `GOVM_JITTRACE=1`, says on standard error
/// what was compiled, its size and how long it took.
pub fn compile_all(prog: &Program, jit: Jit) -> Vec<Option<Code>> {
    let trace = std::env::var("GOVM_JITTRACE").is_ok_and(|v| v == "1");
    let start = std::time::Instant::now();
    let (mut insns, mut bytes, mut compiled) = (0, 0, 0);
    let code: Vec<Option<Code>> = prog
        .funcs
        .iter()
        .map(|f| {
            if jit == Jit::Off || f.rust.is_some() {
                return None;
            }
            let t = std::time::Instant::now();
            let code = Code::compile(prog, f)?;
            if trace {
                let size = code.buf.len();
                eprintln!(
                    "jit: {}: {} instructions, {size} bytes, {:?}",
                    f.name,
                    f.code.len(),
                    t.elapsed()
                );
                (insns, bytes, compiled) = (insns + f.code.len(), bytes + size, compiled + 1);
            }
            Some(code)
        })
        .collect();
    if trace {
        eprintln!(
            "jit: {compiled} of {} functions, {insns} instructions, {bytes} bytes of code, in {:?}",
            prog.funcs.len(),
            start.elapsed()
        );
    }
    code
}

/// What compiled code calls in the runtime, reached through a pinned register so that
/// no address is baked into the code. Each helper takes the machine running the code
/// (opaque here), follows the SysV ABI and never unwinds: it returns a status, keeping
/// the details of a trap in the machine for the interpreter to take on.
#[repr(C)]
pub struct Runtime {
    /// Calls function `f`, implemented in Rust, with its frame `a` slots above the
    /// calling frame, which resumes at `pc` (after the call): gives the calling frame's
    /// first slot, where the stack is now, or 0 if the call trapped (a panic, a park).
    pub call_rust: extern "sysv64" fn(machine: *mut c_void, f: u32, a: u32, pc: u32) -> u64,
}

/// What compiled code returns besides a pc: the run ended with a trap the runtime keeps
/// (see [`Runtime`]).
pub const EXIT_TRAP: u64 = u64::MAX;

/// The signature of compiled code (see `x64`): frame, pc, fuel, preempt flag, machine,
/// runtime; the exit.
type Entry = extern "sysv64" fn(*mut u64, u64, *mut i64, *const AtomicBool, *mut c_void, *const Runtime) -> u64;

/// One function's machine code, read-only and executable.
pub struct Code {
    buf: ExecutableBuffer,
    /// The function's length in instructions, each an entry.
    len: usize,
}

impl Code {
    /// Compiles function `func` of `prog`, which the verifier has accepted; None if
    /// there is nothing to gain (every instruction would exit) or the executable memory
    /// could not be had.
    pub fn compile(prog: &Program, func: &Func) -> Option<Code> {
        let bytes = x64::compile(prog, func)?;
        let mut buf = MutableBuffer::new(bytes.len()).ok()?;
        buf.set_len(bytes.len());
        buf.copy_from_slice(&bytes);
        Some(Code {
            buf: buf.make_exec().ok()?,
            len: func.code.len(),
        })
    }

    /// Runs the code on `frame`, the function's frame from its first slot, from
    /// instruction `pc`; gives the pc at which the interpreter goes on, or
    /// [`EXIT_TRAP`]. Back edges pay `fuel` and stop at `preempt` as the interpreter's
    /// do; `machine` is handed to the `runtime`'s helpers.
    ///
    /// # Safety
    ///
    /// `frame` points to the slots of a frame of this function (its registers and the
    /// verifier's slack, `SLACK`) as the
    /// interpreter would run it at `pc`: its slots hold what the program put there, so
    /// that every pointer the code follows (after its nil and bounds checks, as the
    /// interpreter does) is one the program made, into memory that is live. `fuel` and
    /// `preempt` are valid for the call, and `machine` is what `runtime`'s helpers
    /// expect, with nothing else using it meanwhile.
    pub unsafe fn run(
        &self,
        frame: *mut u64,
        pc: usize,
        fuel: *mut i64,
        preempt: &AtomicBool,
        machine: *mut c_void,
        runtime: &Runtime,
    ) -> u64 {
        assert!(pc < self.len, "an entry past the function's code");
        // SAFETY: the buffer holds code of that signature at its start (`x64::compile`),
        // mapped executable, living as long as `self`. It reads and writes only the
        // frame's registers and slack (its operands were verified), `fuel` and
        // `preempt`, and the memory behind the frame's pointers (the caller's promise);
        // calls only `runtime`'s helpers, restores the callee-saved registers it uses,
        // and returns.
        unsafe {
            let entry = std::mem::transmute::<*const u8, Entry>(self.buf.as_ptr());
            entry(frame, pc as u64, fuel, preempt, machine, runtime)
        }
    }
}

#[cfg(test)]
mod tests;

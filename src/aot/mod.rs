//! The native tier: bytecode compiled to amd64 machine code (`x64`), installed in memory
//! that is never writable and executable at once, and run on the interpreter's frames.
//!
//! Native code shares the interpreter's frames (design decision 9): a Go value lives in
//! the same slot whichever tier runs the function, so control passes between the tiers
//! at any instruction boundary with nothing to convert. The interpreter enters a
//! function's code at its first instruction, and the code returns the pc at which the
//! interpreter goes on (see `x64` for what it compiles and where it exits).
//!
//! This is the first step of the tier: functions are compiled when the program is
//! linked, all of them or none (`GOVM_JIT=all|off`), a template at a time. Hot-function
//! tiering, values kept in machine registers, calls between compiled functions and
//! on-stack replacement at loop headers come next.

mod x64;

use dynasmrt::mmap::{ExecutableBuffer, MutableBuffer};

use crate::bytecode::{Func, Program};
use crate::vm::verify::SLACK;

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
    /// The mode `GOVM_JIT` names (`off` or `all`), off when unset.
    pub fn from_env() -> Result<Jit, String> {
        match std::env::var("GOVM_JIT").as_deref() {
            Err(_) | Ok("off") => Ok(Jit::Off),
            Ok("all") => Ok(Jit::All),
            Ok(other) => Err(format!("GOVM_JIT={other}: the modes are off and all")),
        }
    }
}

/// One function's machine code, read-only and executable.
pub struct Code {
    buf: ExecutableBuffer,
    /// The slots of a frame the code may touch: the function's registers and the
    /// verifier's slack.
    frame_slots: usize,
}

impl Code {
    /// Compiles function `func` of `prog`, which the verifier has accepted; None if
    /// there is nothing to gain (its first instruction would exit at once) or the
    /// executable memory could not be had.
    pub fn compile(prog: &Program, func: &Func) -> Option<Code> {
        let bytes = x64::compile(prog, func)?;
        let mut buf = MutableBuffer::new(bytes.len()).ok()?;
        buf.set_len(bytes.len());
        buf.copy_from_slice(&bytes);
        Some(Code {
            buf: buf.make_exec().ok()?,
            frame_slots: func.nregs as usize + SLACK,
        })
    }

    /// Runs the code on `frame`, the function's frame from its first slot, from the
    /// function's first instruction; gives the pc at which the interpreter goes on.
    pub fn run(&self, frame: &mut [u64]) -> usize {
        assert!(frame.len() >= self.frame_slots, "a frame smaller than its function's");
        // SAFETY: the code was generated from a verified function: it reads and writes
        // only slots of the function's registers (each operand, with the span it
        // touches, within `nregs + SLACK`, which `frame` holds), follows the SysV ABI
        // (restoring the callee-saved register it uses), calls nothing, and returns. The
        // buffer is mapped executable and lives as long as `self`.
        let exit = unsafe {
            let entry: extern "sysv64" fn(*mut u64) -> u64 = std::mem::transmute(self.buf.as_ptr());
            entry(frame.as_mut_ptr())
        };
        exit as usize
    }
}

#[cfg(test)]
mod tests;

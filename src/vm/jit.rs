//! The VM's side of machine code (`aot`): running a frame's code from the interpreter,
//! and the runtime helpers the code calls. A helper never unwinds into machine code: a
//! trap or a Rust panic is kept in the machine, the code ends its run, and the
//! interpreter takes it on where it called the code.

use std::any::Any;
use std::ffi::c_void;
use std::panic::AssertUnwindSafe;

use super::{Machine, Trap};
use crate::aot::{Code, EXIT_TRAP, Runtime};

/// The helpers compiled code calls.
static RUNTIME: Runtime = Runtime { call_rust };

/// How a helper's call ended, when not as the code expects.
pub(super) enum Fault {
    /// A trap (a panic of the program, a park, a fatal error), for the interpreter.
    Trap(Trap),
    /// A Rust panic, a bug of govm's, to resume unwinding outside machine code.
    Panic(Box<dyn Any + Send>),
}

impl Machine<'_> {
    /// Runs `code`, the running function's, on its frame at `frame` from instruction
    /// `pc`; gives the pc at which the interpreter goes on. The stack may have moved.
    ///
    /// # Safety
    ///
    /// `frame` is the top frame's first slot, entered with room for its registers and
    /// the slack, holding what the function put there up to `pc`, with nothing else
    /// referring to it while the code runs.
    pub(super) unsafe fn run_native(&mut self, code: &Code, frame: *mut u64, pc: usize) -> Result<usize, Trap> {
        let preempt = self.p.preempt_flag();
        let m: *mut Machine<'_> = self;
        // SAFETY: the caller's promise for the frame; `fuel` and the machine are this
        // machine's, which the helpers alone use while the code runs.
        let exit = unsafe {
            let fuel = &raw mut (*m).fuel;
            code.run(frame, pc, fuel, preempt, m.cast::<c_void>(), &RUNTIME)
        };
        if exit == EXIT_TRAP {
            return Err(match self.fault.take().expect("a helper kept its fault") {
                Fault::Trap(trap) => trap,
                Fault::Panic(p) => std::panic::resume_unwind(p),
            });
        }
        Ok(exit as usize)
    }
}

/// Runs `done` on the machine compiled code handed a helper, keeping a trap or a panic
/// in it; gives `done`'s result, or 0 for compiled code to end its run.
fn helper(m: *mut c_void, done: impl FnOnce(&mut Machine<'_>) -> Result<u64, Trap>) -> u64 {
    // SAFETY: compiled code passes on the machine `run_native` gave it, which nothing
    // else uses while the code runs.
    let m = unsafe { &mut *m.cast::<Machine<'_>>() };
    match std::panic::catch_unwind(AssertUnwindSafe(|| done(&mut *m))) {
        Ok(Ok(v)) => v,
        Ok(Err(trap)) => {
            m.fault = Some(Fault::Trap(trap));
            0
        }
        Err(p) => {
            m.fault = Some(Fault::Panic(p));
            0
        }
    }
}

/// `Runtime::call_rust`.
extern "sysv64" fn call_rust(m: *mut c_void, f: u32, a: u32, pc: u32) -> u64 {
    helper(m, |m| {
        let caller = m.g.frames.last_mut().expect("compiled code runs a frame");
        caller.pc = pc as usize;
        let base = caller.base;
        m.call(f, 0, base + a as usize)?;
        Ok(m.g.frame_ptr(base) as u64)
    })
}

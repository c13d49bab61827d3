//! The VM's side of machine code (`aot`): running a frame's code from the interpreter,
//! and the runtime helpers the code calls. A helper never unwinds into machine code: a
//! trap or a Rust panic is kept in the machine, the code ends its run, and the
//! interpreter takes it on where it called the code.

use std::any::Any;
use std::ffi::c_void;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{FrameKind, Machine, Trap};
use crate::aot::{Code, Ctx, NATIVE_STACK, NOT_CACHED, Runtime, status};
use crate::bytecode::op::Op;

/// The helpers compiled code calls.
static RUNTIME: Runtime = Runtime {
    call_rust,
    enter_go,
    exec,
    method,
};

/// How a helper's call ended, when not as the code expects.
pub(super) enum Fault {
    /// A trap (a panic of the program, a park, a fatal error), for the interpreter.
    Trap(Trap),
    /// A Rust panic, a bug of govm's, to resume unwinding outside machine code.
    Panic(Box<dyn Any + Send>),
}

/// How many instructions of compiled functions ran as machine code, and how many of
/// each op in the interpreter (`GOVM_JITSTATS=1`: the code counts them, and so does the
/// interpreter).
pub(crate) struct Coverage {
    native: AtomicU64,
    interpreted: Box<[AtomicU64]>,
}

impl Default for Coverage {
    fn default() -> Coverage {
        Coverage {
            native: AtomicU64::new(0),
            interpreted: Op::ALL.iter().map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

impl Coverage {
    /// Counts an instruction of a compiled function run by the interpreter.
    pub(super) fn interpreted(&self, op: Op) {
        self.interpreted[op as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// The line `GOVM_JITSTATS=1` prints at the end of a run: the share, and the ops
    /// the interpreter ran most.
    pub(super) fn report(&self) -> String {
        let native = self.native.load(Ordering::Relaxed);
        let mut ops: Vec<(u64, Op)> = Op::ALL
            .iter()
            .map(|&op| (self.interpreted[op as usize].load(Ordering::Relaxed), op))
            .filter(|&(n, _)| n > 0)
            .collect();
        let all = native + ops.iter().map(|&(n, _)| n).sum::<u64>();
        ops.sort_by_key(|&(n, _)| std::cmp::Reverse(n));
        let most: Vec<String> = ops
            .iter()
            .take(5)
            .map(|(n, op)| format!(" {} {n}", op.name()))
            .collect();
        format!(
            "jit: {all} instructions run in compiled functions, {:.2}% as machine code; interpreted most:{}\n",
            100.0 * native as f64 / all.max(1) as f64,
            most.join(",")
        )
    }
}

impl Machine<'_> {
    /// Runs `code`, the innermost frame's function's, on that frame at `frame` from
    /// instruction `pc`. The code may call, return and leave in another frame: gives
    /// whether the frame it was entered in returned (its caller then goes on at the pc
    /// in its record), else the innermost frame goes on at the pc in its record. The
    /// stack may have moved.
    ///
    /// # Safety
    ///
    /// `frame` is the innermost frame's first slot, entered with room for its registers
    /// and the slack, holding what the function put there up to `pc`, with nothing else
    /// referring to the goroutine's slots or records while the code runs.
    pub(super) unsafe fn run_native(&mut self, code: &Code, frame: *mut u64, pc: usize) -> Result<bool, Trap> {
        let preempt = self.p.preempt_flag();
        let m: *mut Machine<'_> = self;
        let mut ctx = Ctx {
            machine: m.cast::<c_void>(),
            frames: std::ptr::null_mut(),
            depth: 0,
            frames_cap: 0,
            stack: std::ptr::null_mut(),
            stack_len: 0,
            callees: self.sh.native.callees(),
            globals: self.sh.globals,
            strings: self.sh.native.strings(),
            func_closures: self.sh.func_closures.as_ptr(),
            methods: self.sh.native.methods(),
            rsp_floor: 0,
            ran: 0,
        };
        ctx.rsp_floor = (&raw const ctx as usize).saturating_sub(NATIVE_STACK);
        // SAFETY: `ctx` describes the goroutine as it is (`share_goroutine`), and the
        // program's callees; the caller's promise for the frame; `fuel` and the machine
        // are this machine's, which the helpers alone use while the code runs; afterwards
        // the records the code pushed are taken back (`take_goroutine`).
        let status = unsafe {
            (*m).share_goroutine(&mut ctx);
            let fuel = &raw mut (*m).fuel;
            let status = code.run(&mut ctx, frame, pc, fuel, preempt, &RUNTIME);
            (*m).take_goroutine(&ctx);
            status
        };
        if let Some(c) = &self.sh.coverage {
            c.native.fetch_add(ctx.ran, Ordering::Relaxed);
        }
        match status {
            status::RETURNED => Ok(true),
            status::EXITED => Ok(false),
            _ => Err(match self.fault.take().expect("a helper kept its fault") {
                Fault::Trap(trap) => trap,
                Fault::Panic(p) => std::panic::resume_unwind(p),
            }),
        }
    }

    /// Lays the goroutine's frame records and slot stack out in `ctx` for machine code.
    fn share_goroutine(&mut self, ctx: &mut Ctx) {
        ctx.frames = self.g.frames.as_mut_ptr();
        ctx.depth = self.g.frames.len();
        ctx.frames_cap = self.g.frames.capacity();
        ctx.stack = self.g.stack.as_mut_ptr();
        ctx.stack_len = self.g.stack.len();
    }

    /// Takes back the frame records as machine code left them in `ctx`.
    ///
    /// # Safety
    ///
    /// `ctx` is as `share_goroutine` made it, but for records the code pushed and popped
    /// within the buffer's capacity, each pushed one written whole.
    unsafe fn take_goroutine(&mut self, ctx: &Ctx) {
        debug_assert!(ctx.frames == self.g.frames.as_mut_ptr() && ctx.depth <= ctx.frames_cap);
        // SAFETY: the records up to `depth` are initialised: the ones there before, and
        // the ones machine code wrote whole (the caller's promise), all within capacity.
        unsafe { self.g.frames.set_len(ctx.depth) };
    }
}

/// Runs `done` on the machine of compiled code's `ctx`, keeping a trap or a panic in
/// it; gives `done`'s result, or 0 for compiled code to end its run. The goroutine is
/// taken back from the code for `done` and laid out anew after it.
fn helper(ctx: *mut Ctx, done: impl FnOnce(&mut Machine<'_>) -> Result<u64, Trap>) -> u64 {
    // SAFETY: compiled code passes on the context `run_native` gave it, for the machine
    // that nothing else uses while the code runs, in the state `take_goroutine` wants.
    let (ctx, m) = unsafe {
        let (ctx, m) = (&mut *ctx, &mut *(*ctx).machine.cast::<Machine<'_>>());
        m.take_goroutine(ctx);
        (ctx, m)
    };
    let v = match std::panic::catch_unwind(AssertUnwindSafe(|| done(&mut *m))) {
        Ok(Ok(v)) => v,
        Ok(Err(trap)) => {
            m.fault = Some(Fault::Trap(trap));
            0
        }
        Err(p) => {
            m.fault = Some(Fault::Panic(p));
            0
        }
    };
    m.share_goroutine(ctx);
    v
}

/// `Runtime::call_rust`.
extern "sysv64" fn call_rust(ctx: *mut Ctx, f: u32, a: u32, pc: u32) -> u64 {
    helper(ctx, |m| {
        let caller = m.g.frames.last_mut().expect("compiled code runs a frame");
        caller.pc = pc as usize;
        let base = caller.base;
        m.call(f, 0, base + a as usize)?;
        Ok(m.g.frame_ptr(base) as u64)
    })
}

/// `Runtime::enter_go`.
extern "sysv64" fn enter_go(ctx: *mut Ctx, f: u32, a: u32, pc: u32) -> u64 {
    helper(ctx, |m| {
        let caller = m.g.frames.last_mut().expect("compiled code runs a frame");
        caller.pc = pc as usize;
        let base = caller.base + a as usize;
        let prog = m.prog;
        m.enter(f, &prog.funcs[f as usize], 0, base, FrameKind::Call)?;
        Ok(m.g.frame_ptr(base) as u64)
    })
}

/// `Runtime::exec`.
extern "sysv64" fn exec(ctx: *mut Ctx, pc: u32) -> u64 {
    helper(ctx, |m| {
        let fr = m.g.frames.last_mut().expect("compiled code runs a frame");
        fr.pc = pc as usize + 1;
        let (f, base) = (fr.func, fr.base);
        let i = m.prog.funcs[f as usize].code[pc as usize];
        let regs = m.g.frame_ptr(base);
        // SAFETY: the innermost frame's, entered for its function, whose code is running
        // it; the code refers to none of it while the helper runs.
        unsafe { m.exec(i, regs)? };
        Ok(m.g.frame_ptr(base) as u64)
    })
}

/// `Runtime::method`.
extern "sysv64" fn method(ctx: *mut Ctx, tw: u64, name: u32, site: u32) -> u64 {
    helper(ctx, |m| {
        let prog = m.prog;
        let name = &prog.method_names[name as usize];
        let found = prog.types[tw as usize - 1].method(name).map(|m| m.func);
        let Some(f) = found.filter(|&f| m.sh.rust_fn(f).is_none()) else {
            return Ok(NOT_CACHED);
        };
        m.func_closure(f);
        let word = tw | (f as u64) << 32;
        m.sh.native.cache_method(site, word);
        Ok(word)
    })
}

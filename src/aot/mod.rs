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
//! Compiled functions call each other directly: the caller pushes the callee's frame
//! record as the interpreter would (`Ctx`), and the call nests on the machine's own
//! stack, so every exit, trap and stack scan finds the frames the interpreter would
//! have had. An exit anywhere unwinds the nested calls back to the interpreter, which
//! goes on in the innermost frame.
//!
//! Functions are compiled when the program is linked, all of them or none
//! (`GOVM_JIT=all|off`), a template at a time. Hot-function tiering, values kept in
//! machine registers and the runtime helpers that let allocating ops run natively come
//! next.

mod x64;

use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use dynasmrt::mmap::{ExecutableBuffer, MutableBuffer};

use crate::bytecode::{Func, Program};
use crate::vm::Frame;
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

/// A program's machine code: each function's, if it has some, and where its body
/// starts, for calls between compiled functions.
pub struct Native {
    funcs: Box<[Option<Code>]>,
    /// The code counts the instructions it runs (`GOVM_JITSTATS=1`, see [`Ctx::ran`]).
    counts: bool,
    /// What calls need of each function, read by machine code through [`Ctx::callees`].
    callees: Box<[Callee]>,
    /// The program's string constants as Go strings (data, length), for `LoadStr`.
    strings: Box<[[u64; 2]]>,
    /// One inline cache per method call through an interface (`CallIface`), for
    /// [`Ctx::methods`].
    methods: Box<[AtomicU64]>,
}

/// What a compiled call needs of the function it calls.
#[repr(C)]
pub struct Callee {
    /// The address of its body; 0 if it has none (not compiled, or implemented in
    /// Rust).
    pub body: usize,
    /// The slots its frame takes: its registers and the verifier's slack.
    pub frame: u32,
    /// The fuel its entry costs (its length, as the interpreter's `enter` charges).
    pub cost: u32,
}

impl Native {
    /// Each function of `prog` compiled as `jit` asks (those implemented in Rust have
    /// no code to compile). With `GOVM_JITTRACE=1`, says on standard error what was
    /// compiled, its size and how long it took; with `GOVM_JITSTATS=1`, the code counts
    /// the instructions it runs.
    pub fn compile(prog: &Program, jit: Jit) -> Native {
        let on = |var| std::env::var(var).is_ok_and(|v| v == "1");
        let (trace, counts) = (on("GOVM_JITTRACE"), on("GOVM_JITSTATS"));
        let start = std::time::Instant::now();
        let (mut insns, mut bytes, mut compiled) = (0, 0, 0);
        let mut sites = 0;
        let funcs: Box<[Option<Code>]> = prog
            .funcs
            .iter()
            .map(|f| {
                if jit == Jit::Off || f.rust.is_some() {
                    return None;
                }
                let t = std::time::Instant::now();
                let code = Code::compile(prog, f, counts, &mut sites)?;
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
        let callees = funcs
            .iter()
            .zip(&prog.funcs)
            .map(|(c, f)| Callee {
                body: c.as_ref().map_or(0, |c| c.buf.as_ptr() as usize + c.body),
                frame: f.nregs.saturating_add(SLACK as u32),
                cost: f.code.len().try_into().unwrap_or(u32::MAX),
            })
            .collect();
        let strings = prog
            .strings
            .iter()
            .map(|s| [if s.is_empty() { 0 } else { s.as_ptr() as u64 }, s.len() as u64])
            .collect();
        let methods = (0..sites).map(|_| AtomicU64::new(0)).collect();
        Native {
            funcs,
            counts,
            callees,
            strings,
            methods,
        }
    }

    /// Function `f`'s code, if it was compiled.
    #[inline(always)]
    pub fn code(&self, f: u32) -> Option<&Code> {
        self.funcs[f as usize].as_ref()
    }

    /// Whether the code counts the instructions it runs.
    pub fn counts(&self) -> bool {
        self.counts
    }

    /// The table [`Ctx::strings`] points to.
    pub fn strings(&self) -> *const [u64; 2] {
        self.strings.as_ptr()
    }

    /// Fills the cache of `CallIface` site `site` with `word` (see [`Ctx::methods`]).
    pub fn cache_method(&self, site: u32, word: u64) {
        self.methods[site as usize].store(word, Ordering::Release);
    }

    /// The caches [`Ctx::methods`] points to.
    pub fn methods(&self) -> *const AtomicU64 {
        self.methods.as_ptr()
    }

    /// The table [`Ctx::callees`] points to.
    pub fn callees(&self) -> *const Callee {
        self.callees.as_ptr()
    }
}

/// What compiled code calls in the runtime, reached through a pinned register so that
/// no address is baked into the code. Each helper takes the run's [`Ctx`], follows the
/// SysV ABI and never unwinds: it returns a status, keeping the details of a trap in
/// the machine for the interpreter to take on.
#[repr(C)]
pub struct Runtime {
    /// Calls function `f`, implemented in Rust, with its frame `a` slots above the
    /// calling frame, which resumes at `pc` (after the call): gives the calling frame's
    /// first slot, where the stack is now, or 0 if the call trapped (a panic, a park).
    pub call_rust: extern "sysv64" fn(ctx: *mut Ctx, f: u32, a: u32, pc: u32) -> u64,
    /// Enters Go function `f` as the interpreter does (`Machine::enter`: the frame
    /// record, stack growth, the safepoint), its frame `a` slots above the calling
    /// frame, which resumes at `pc`: gives the new frame's first slot, or 0 if the entry
    /// trapped (the stack is too deep, or the goroutine must stop: the new frame then
    /// waits at its first instruction).
    pub enter_go: extern "sysv64" fn(ctx: *mut Ctx, f: u32, a: u32, pc: u32) -> u64,
    /// Runs instruction `pc` of the innermost frame, an op the runtime runs for both
    /// tiers (the op table's `RUNTIME` fact): gives the frame's first slot, or 0 if the
    /// op trapped.
    pub exec: extern "sysv64" fn(ctx: *mut Ctx, pc: u32) -> u64,
    /// Finds the method named `name` (an index of the program's method names) of the
    /// dynamic type `tw` (an interface's type word, not 0) for `CallIface` site
    /// `site`, whose cache it fills (see [`Ctx::methods`]): gives the cache's new word,
    /// [`NOT_CACHED`] if the call is the interpreter's (no such method, or one in
    /// Rust), or 0 if the helper trapped.
    pub method: extern "sysv64" fn(ctx: *mut Ctx, tw: u64, name: u32, site: u32) -> u64,
}

/// What `Runtime::method` gives for a call it leaves to the interpreter.
pub const NOT_CACHED: u64 = u64::MAX;

/// The state of a run of machine code that the code reads and writes itself, laid out
/// for it: the goroutine's frame records and slot stack, kept by the runtime in step
/// with its own `Vec`s before and after the code and around every helper call.
#[repr(C)]
pub struct Ctx {
    /// The machine running the code, for the helpers (opaque here).
    pub machine: *mut c_void,
    /// The goroutine's frame records, innermost last: the first, how many there are,
    /// and how many fit before the buffer must grow.
    pub frames: *mut Frame,
    pub depth: usize,
    pub frames_cap: usize,
    /// The goroutine's slot stack: its first slot and its length.
    pub stack: *mut u64,
    pub stack_len: usize,
    /// [`Native::callees`] of the program running.
    pub callees: *const Callee,
    /// The address of the package variables' slots (`GlobalAddr`).
    pub globals: u64,
    /// [`Native::strings`] of the program running.
    pub strings: *const [u64; 2],
    /// The closure of each declared function, by function index; 0 until it is made
    /// (`LoadFunc`).
    pub func_closures: *const AtomicU64,
    /// [`Native::methods`]: each holds the last dynamic type its call site saw (its
    /// type word, low half) and the function of that type's method (high half), or 0.
    /// One word, so that a machine reading it as another writes it sees one whole pair.
    pub methods: *const AtomicU64,
    /// A call between compiled functions nests on the machine's own stack, which it may
    /// take down to this address; deeper calls go back to the interpreter, whose calls
    /// do not nest.
    pub rsp_floor: usize,
    /// Instructions the code ran, if it was compiled to count them.
    pub ran: u64,
}

/// How a run of machine code ended (the code's return value).
pub mod status {
    /// The code left the goroutine's innermost frame for the interpreter to run at the
    /// pc kept in its record.
    pub const EXITED: u64 = 0;
    /// The frame the code was entered in returned (its record popped): its caller goes
    /// on at the pc kept in its record.
    pub const RETURNED: u64 = 1;
    /// A helper trapped, keeping the trap in the machine; the frames are as the
    /// interpreter would have them at that trap.
    pub const TRAPPED: u64 = 2;
}

/// How far calls between compiled functions may take the machine's stack down, in
/// bytes, before they go back to the interpreter (16 bytes a call: thousands deep).
pub const NATIVE_STACK: usize = 64 << 10;

/// The signature of compiled code (see `x64`): context, frame, pc, fuel, preempt flag,
/// runtime; a [`status`].
type Entry = extern "sysv64" fn(*mut Ctx, *mut u64, u64, *mut i64, *const AtomicBool, *const Runtime) -> u64;

/// One function's machine code, read-only and executable.
pub struct Code {
    buf: ExecutableBuffer,
    /// Where the body starts, which compiled callers call (see `x64`).
    body: usize,
    /// The function's length in instructions, each an entry.
    len: usize,
}

impl Code {
    /// Compiles function `func` of `prog`, which the verifier has accepted, to count
    /// the instructions it runs if `counts`, numbering its `CallIface` sites from
    /// `sites` on (which it advances); None if there is nothing to gain (every
    /// instruction would exit) or the executable memory could not be had.
    pub fn compile(prog: &Program, func: &Func, counts: bool, sites: &mut u32) -> Option<Code> {
        let (bytes, body) = x64::compile(prog, func, counts, sites)?;
        let mut buf = MutableBuffer::new(bytes.len()).ok()?;
        buf.set_len(bytes.len());
        buf.copy_from_slice(&bytes);
        Some(Code {
            buf: buf.make_exec().ok()?,
            body,
            len: func.code.len(),
        })
    }

    /// Runs the code on `frame`, the first slot of the goroutine's innermost frame, a
    /// frame of this function, from instruction `pc`; gives a [`status`]. Back edges
    /// and calls pay `fuel` and stop at `preempt` as the interpreter's do; `ctx` is
    /// handed to the `runtime`'s helpers.
    ///
    /// # Safety
    ///
    /// `ctx` describes the running goroutine's frame records and slot stack as they
    /// are, with nothing else using them or the machine meanwhile, and the callees of
    /// this program's [`Native`]; its frames are this program's, each entered with
    /// room for its registers and the verifier's slack (`SLACK`); `frame` is the
    /// innermost's first slot, holding what the program put there up to `pc`, so that
    /// every pointer the code follows (after its nil and bounds checks, as the
    /// interpreter does) is one the program made, into memory that is live. `fuel` and
    /// `preempt` are valid for the call, and `ctx.machine` is what `runtime`'s helpers
    /// expect.
    pub unsafe fn run(
        &self,
        ctx: &mut Ctx,
        frame: *mut u64,
        pc: usize,
        fuel: *mut i64,
        preempt: &AtomicBool,
        runtime: &Runtime,
    ) -> u64 {
        assert!(pc < self.len, "an entry past the function's code");
        // SAFETY: the buffer holds code of that signature at its start (`x64::compile`),
        // mapped executable, living as long as `self`. It reads and writes only the
        // frames' registers and slack (their operands were verified), the frame records
        // (pushing only within their buffer's capacity), `ctx`, `fuel` and `preempt`,
        // and the memory behind the frames' pointers (the caller's promise); it calls
        // only `runtime`'s helpers and the bodies of `ctx.callees`, this same kind of
        // code, nesting no deeper than `ctx.rsp_floor`; restores the callee-saved
        // registers it uses, and returns.
        unsafe {
            let entry = std::mem::transmute::<*const u8, Entry>(self.buf.as_ptr());
            entry(ctx, frame, pc as u64, fuel, preempt, runtime)
        }
    }
}

#[cfg(test)]
mod tests;

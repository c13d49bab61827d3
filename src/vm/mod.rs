//! The virtual machine: runs a [`Program`]'s bytecode on goroutines.
//!
//! A [`Vm`] owns everything a run needs (program, globals, output streams, scheduler);
//! there is no global state, so several VMs can live in one process. While a program
//! runs, each OS thread is a [`Machine`] (Go's M, with its P folded in) that borrows the
//! VM's [`Shared`] part and owns what it may touch without locks: its heap, its run queue
//! and the goroutine it is running. Go calls never recurse on the Rust stack: frames live
//! in the goroutine's frame list and the interpreter loop ([`interp`]) handles call,
//! return, defer and panic itself, so a goroutine can stop at any instruction and resume
//! on another thread.

// Raw memory is this module's business: every unsafe operation sits in its own block
// with the reason it is sound.
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

mod blocking;
mod chan;
mod fault;
mod fuel;
mod gc;
mod goroutine;
mod internal;
mod interp;
mod jit;
mod ops;
mod panic;
mod rustlib;
mod sched;
mod sema;
pub(crate) mod verify;

#[cfg(test)]
mod checks_tests;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;

use crate::aot::{Code, Jit, Native};
use crate::bytecode::Program;
use crate::runtime::heap::{Cache, GcConfig, Heap, PtrLayout};

pub use fault::report_faults;
pub use goroutine::Goroutine;
pub(crate) use goroutine::{Frame, FrameKind};
pub use internal::{CrashPoint, panic_message, quiet_panics};
pub(crate) use ops::map_ref;
pub use panic::{Limit, Panic, PanicValue, StackFrame, Trap};
pub use sched::{End, Stop, StopHandle};

/// Go's limit on a goroutine stack: 1 GB.
pub const DEFAULT_MAX_STACK_BYTES: usize = 1_000_000_000;

/// A library function written in Rust: reads its arguments from the goroutine's stack at
/// `base` and writes its results there.
pub(crate) type LibFn = fn(&mut Machine<'_>, usize) -> Result<(), Trap>;

/// A function the embedding program provides, called as a [`LibFn`] is, and told which
/// function of the program it is (for the Go types of its parameters and results).
pub(crate) type HostFn = Arc<dyn Fn(&mut Machine<'_>, usize, u32) -> Result<(), Trap> + Send + Sync>;

/// The Rust side of a body-less Go function.
pub(crate) enum RustFn {
    Lib(LibFn),
    /// The embedder's function, as function `.1` of the program.
    Host(HostFn, u32),
}

impl RustFn {
    pub(crate) fn call(&self, m: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
        match self {
            RustFn::Lib(f) => f(m, base),
            RustFn::Host(f, func) => f(m, base, *func),
        }
    }
}

/// What a program may touch beyond its own memory and output streams. `govm run`
/// grants everything; an embedded script gets what its host grants.
#[derive(Copy, Clone, Debug)]
pub struct Capabilities {
    /// Open, read and remove files, and read standard input.
    pub files: bool,
    /// Read environment variables.
    pub env: bool,
}

impl Capabilities {
    pub const ALL: Capabilities = Capabilities { files: true, env: true };
    pub const NONE: Capabilities = Capabilities {
        files: false,
        env: false,
    };
}

/// An output stream of the program.
pub type Output = Box<dyn Write + Send>;

/// How a VM runs its program. The default is `go run`'s: every capability, Go's stack
/// limit, no cap on goroutines, `GOMAXPROCS` threads, and the interpreter alone.
#[derive(Copy, Clone, Debug)]
pub struct Config {
    /// Run goroutines on this many OS threads (Go's `GOMAXPROCS`).
    pub procs: usize,
    pub caps: Capabilities,
    /// A goroutine's stack may not grow past this many bytes (Go's `debug.SetMaxStack`);
    /// past it the program dies with Go's `fatal error: stack overflow`.
    pub max_stack_bytes: usize,
    /// Goroutines that may exist at once: a `go` statement past it is a fatal error
    /// ([`Limit::Goroutines`]).
    pub max_goroutines: usize,
    /// The heap, with what maps, channels and stacks hold, may not pass this many bytes:
    /// an allocation larger than all of it, or a collection finding more live, ends the
    /// run with Go's `fatal error: runtime: out of memory` ([`Limit::Memory`]).
    pub max_heap_bytes: usize,
    /// Where to panic on purpose, to test how a bug of govm's is reported.
    pub crash: Option<CrashPoint>,
    /// Which functions run as machine code.
    pub jit: Jit,
    /// Seeds the machines' random numbers (map iteration order, `select`'s choice), for
    /// runs that repeat exactly; None takes the clock.
    pub seed: Option<u64>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            procs: sched::procs_from_env(),
            caps: Capabilities::ALL,
            max_stack_bytes: DEFAULT_MAX_STACK_BYTES,
            max_goroutines: usize::MAX,
            max_heap_bytes: usize::MAX,
            crash: CrashPoint::from_env(),
            // `govm run` sets it from its flag or `GOVM_JIT`.
            jit: Jit::Off,
            seed: None,
        }
    }
}

pub struct Vm {
    /// Machine 0, which the thread calling [`Vm::call`] runs. It borrows `shared`, which
    /// the `Arc` keeps in place, and goes before it (see `Drop`).
    m0: Option<Machine<'static>>,
    shared: Arc<Shared>,
    /// How many result slots the function the last run called has.
    result_slots: usize,
}

/// What every machine of a running VM shares.
pub(crate) struct Shared {
    pub(crate) prog: Arc<Program>,
    /// Address of the package variables' slots, a heap object (so Go code may write
    /// through the addresses `GlobalAddr` hands out).
    pub(crate) globals: u64,
    pub(crate) heap: Heap,
    out: Mutex<Output>,
    /// Something was written to `out` since it was last flushed.
    out_dirty: std::sync::atomic::AtomicBool,
    err: Mutex<Output>,
    /// The Rust function implementing each function, by function index.
    rust_fns: Arc<[Option<RustFn>]>,
    /// Each function's machine code, if it was compiled (see `aot`).
    native: Arc<Native>,
    /// Where instructions of compiled functions are counted, if they are.
    coverage: Option<jit::Coverage>,
    /// Closure objects of functions without captures, made on first use (0 until then).
    func_closures: Vec<AtomicU64>,
    pub(crate) args: Vec<String>,
    pub(crate) caps: Capabilities,
    /// A goroutine's stack may not grow past this many bytes (of 64-bit slots).
    pub(crate) max_stack_bytes: usize,
    /// Goroutines that may exist at once.
    pub(crate) max_goroutines: usize,
    pub(crate) crash: Option<CrashPoint>,
    /// The machines' random seed, if not the clock's (see [`Config::seed`]).
    seed: Option<u64>,
    /// The instruction budget left, less what machines hold in their tanks
    /// ([`fuel::UNLIMITED`]: no budget).
    pub(crate) fuel: AtomicU64,
    pub(crate) sched: Arc<sched::Sched>,
    pub(crate) sema: sema::Table,
    /// When the run started, if each collection is to be traced (`GODEBUG=gctrace=1`).
    gctrace: Option<std::time::Instant>,
}

/// A program ready for VMs: verified, and each function without a body bound to the
/// Rust function that implements it. Made once for all the VMs (instances) of a program.
#[derive(Clone)]
pub(crate) struct Linked {
    prog: Arc<Program>,
    rust_fns: Arc<[Option<RustFn>]>,
    native: Arc<Native>,
}

impl Linked {
    /// Links `prog`, the body-less functions of the embedder's packages implemented by
    /// `host` (by qualified name). Fails if it calls a Rust function the runtime does
    /// not provide. With `jit`, the functions are compiled to machine code, once for
    /// every VM of the program.
    pub(crate) fn new(prog: Arc<Program>, host: &HashMap<String, HostFn>, jit: Jit) -> Result<Linked, String> {
        verify::verify(&prog)?;
        let rust_fns = prog
            .funcs
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let Some(name) = &f.rust else {
                    return Ok(None);
                };
                Ok(Some(match host.get(name) {
                    Some(h) => RustFn::Host(h.clone(), i as u32),
                    None => RustFn::Lib(rustlib::lookup(name).ok_or_else(|| format!("{name} is not implemented yet"))?),
                }))
            })
            .collect::<Result<_, String>>()?;
        let native = Arc::new(Native::compile(&prog, jit));
        Ok(Linked { prog, rust_fns, native })
    }

    pub(crate) fn prog(&self) -> &Arc<Program> {
        &self.prog
    }
}

impl Vm {
    /// Prepares a program to run with `os.Args` = `args`. Fails if it calls a Rust
    /// function the runtime does not provide.
    pub fn new(prog: impl Into<Arc<Program>>, args: Vec<String>, config: Config) -> Result<Vm, String> {
        Ok(Vm::linked(
            Linked::new(prog.into(), &HashMap::new(), config.jit)?,
            args,
            config,
        ))
    }

    /// As [`new`](Self::new), for a program already linked.
    pub(crate) fn linked(linked: Linked, args: Vec<String>, config: Config) -> Vm {
        let Linked { prog, rust_fns, native } = linked;
        let heap = Heap::new(GcConfig {
            max: config.max_heap_bytes,
            ..gc::config_from_env()
        });
        // The globals' types are not recorded per slot: any slot may hold a pointer.
        let globals = heap
            .cache(None)
            .alloc(prog.global_slots as usize + 1, PtrLayout::Untyped);
        let shared = Arc::new_cyclic(|vm| Shared {
            globals,
            func_closures: (0..prog.funcs.len()).map(|_| AtomicU64::new(0)).collect(),
            prog,
            heap,
            out: Mutex::new(Box::new(std::io::BufWriter::with_capacity(
                64 * 1024,
                std::io::stdout(),
            ))),
            out_dirty: false.into(),
            err: Mutex::new(Box::new(std::io::stderr())),
            rust_fns,
            coverage: native.counts().then(jit::Coverage::default),
            native,
            args,
            caps: config.caps,
            max_stack_bytes: config.max_stack_bytes,
            max_goroutines: config.max_goroutines,
            crash: config.crash,
            seed: config.seed,
            fuel: AtomicU64::new(fuel::UNLIMITED),
            sched: Arc::new(sched::Sched::new(config.procs.max(1), vm.clone())),
            sema: sema::Table::default(),
            gctrace: gc::trace_from_env().then(std::time::Instant::now),
        });
        // SAFETY: the `Shared` lives in its `Arc` at a fixed address until the last clone
        // goes; this VM holds one until after `m0` is dropped (see `Drop`), so the borrow
        // never outlives it, whatever 'static claims.
        let sh: &'static Shared = unsafe { &*Arc::as_ptr(&shared) };
        Vm {
            m0: Some(Machine::new(sh, sched::Proc::take(&sh.sched, 0))),
            shared,
            result_slots: 0,
        }
    }

    pub fn set_stdout(&mut self, w: Output) {
        *self.shared.out.lock() = w;
    }

    pub fn set_stderr(&mut self, w: Output) {
        *self.shared.err.lock() = w;
    }

    /// Runs the program to completion, as `go run` would: a panic's or fatal error's
    /// report goes to stderr. Returns the exit status.
    pub fn run(&mut self) -> i32 {
        fault::register(&self.shared);
        let end = self.call(self.shared.prog.entry, &[]);
        let (code, report) = match end {
            End::Returned => (0, None),
            End::Exit(code) => (code, None),
            End::Panic(p) => (2, Some(p.report)),
            End::Fatal(report) | End::Limit(_, report) | End::Internal(report) => (2, Some(report)),
            End::Stopped(_) => (2, None),
        };
        if let Some(report) = report {
            // As `go run` reports the exit of a crashed program.
            let report = format!("{report}exit status 2\n");
            self.shared.err.lock().write_all(report.as_bytes()).ok();
        }
        if let Some(c) = &self.shared.coverage {
            self.shared.err.lock().write_all(c.report().as_bytes()).ok();
        }
        self.shared.err.lock().flush().ok();
        code
    }

    /// Calls function `func` of the program with `args` (its parameters' slots) on a new
    /// goroutine, running every goroutine there is until it returns or the run ends
    /// otherwise. This thread runs goroutines meanwhile. Output is flushed before this
    /// returns.
    pub fn call(&mut self, func: u32, args: &[u64]) -> End {
        let m0 = self.m0.as_mut().expect("machine 0 lives as long as the VM");
        self.result_slots = self.shared.prog.funcs[func as usize].result_slots as usize;
        // The run's end is returned as it is made, never copied: see `sched::run`.
        sched::run(m0, func, args)
    }

    /// The result slots of the function the last [`call`](Self::call) ran, if it
    /// returned.
    pub fn results(&self) -> &[u64] {
        match self.m0.as_ref().and_then(|m| m.root.as_ref()) {
            Some(root) => &root.stack[..self.result_slots],
            None => &[],
        }
    }

    /// Lends machine 0's heap cache, idle between runs, to allocate the embedder's
    /// values through.
    pub(crate) fn with_cache<T>(&mut self, f: impl FnOnce(&mut Cache<'_>) -> T) -> T {
        f(&mut self.m0.as_mut().expect("machine 0 lives as long as the VM").heap)
    }

    /// Limits the instructions later runs may execute, together, to about `fuel` (see
    /// `fuel`); `None` lifts the limit. A run that spends it ends with
    /// [`Limit::Fuel`].
    pub fn set_fuel(&mut self, fuel: Option<u64>) {
        let fuel = fuel.map_or(fuel::UNLIMITED, |f| f.min(fuel::UNLIMITED - 1));
        self.shared.fuel.store(fuel, Ordering::Relaxed);
    }

    /// The fuel left, if there is a budget.
    pub fn fuel(&self) -> Option<u64> {
        let f = self.shared.fuel.load(Ordering::Relaxed);
        (f != fuel::UNLIMITED).then_some(f)
    }

    /// A handle that stops this VM's runs from any thread.
    pub fn stop_handle(&self) -> StopHandle {
        StopHandle(self.shared.sched.clone())
    }

    /// Runs stop with [`Stop::Deadline`] once `at` passes.
    pub fn set_deadline(&self, at: Option<std::time::Instant>) {
        self.shared.sched.set_deadline(at);
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        fault::forget(&self.shared);
        drop(self.m0.take());
        self.shared.sched.host_calls.close();
        if let Some(sysmon) = self.shared.sched.shut_down()
            && sysmon.join().is_err()
        {
            // Its panic was already reported; the goroutines are leaked, not freed.
            return;
        }
        // SAFETY: no run is in progress (runs borrow the VM mutably), and sysmon and the
        // machines' threads have ended: no machine runs again.
        unsafe { self.shared.sched.free_goroutines() };
    }
}

/// One OS thread running goroutines: Go's M together with the P whose run queue it owns.
pub(crate) struct Machine<'s> {
    pub(crate) sh: &'s Shared,
    pub(crate) prog: &'s Program,
    pub(crate) heap: Cache<'s>,
    /// The goroutine running; between goroutines, a placeholder with no frames.
    pub(crate) g: Box<Goroutine>,
    pub(crate) p: sched::Proc<'s>,
    /// The placeholder `g` becomes while a goroutine is parked.
    spare: Option<Box<Goroutine>>,
    rng: u64,
    /// Fuel this machine may burn before it takes more from the pool (see `fuel`).
    fuel: i64,
    /// Where a host function's results are gathered, kept to spare an allocation per
    /// call.
    pub(crate) host_out: Vec<u64>,
    /// The root of the last run, if it returned: its stack holds the results until it
    /// is reused for the next goroutine made here (see `sched::run`).
    root: Option<Box<Goroutine>>,
    /// How a runtime helper called from machine code ended, for the interpreter.
    fault: Option<jit::Fault>,
}

impl Shared {
    /// Flushes the program's output once a run's machines have all stopped (so every
    /// write they made is visible).
    fn flush_out(&self) {
        if self.out_dirty.load(Ordering::Relaxed) {
            self.out_dirty.store(false, Ordering::Relaxed);
            self.out.lock().flush().ok();
        }
    }

    /// The Rust function implementing function `f`, if it has no Go body.
    #[inline(always)]
    pub(crate) fn rust_fn(&self, f: u32) -> Option<&RustFn> {
        self.rust_fns[f as usize].as_ref()
    }

    /// The machine code of function `f`, if it was compiled.
    #[inline(always)]
    pub(crate) fn code(&self, f: u32) -> Option<&Code> {
        self.native.code(f)
    }
}

impl<'s> Machine<'s> {
    pub(crate) fn new(sh: &'s Shared, p: sched::Proc<'s>) -> Machine<'s> {
        let clock = || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        };
        let seed = sh.seed.unwrap_or_else(clock) ^ (p.id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let heap = sh.heap.cache(Some(p.preempt_flag()));
        Machine {
            sh,
            prog: &sh.prog,
            heap,
            g: Box::new(Goroutine::new(0)),
            p,
            spare: None,
            rng: seed,
            fuel: 0,
            host_out: Vec::new(),
            root: None,
            fault: None,
        }
    }

    /// Writes program output to stdout.
    pub(crate) fn write_out(&self, b: &[u8]) {
        let _ = self.sh.out.lock().write_all(b);
        self.sh.out_dirty.store(true, Ordering::Relaxed);
    }

    /// Writes to stderr, after flushing what is buffered for stdout so the two streams
    /// keep their order on a terminal.
    pub(crate) fn write_err(&self, b: &[u8]) {
        let _ = self.sh.out.lock().flush();
        let _ = self.sh.err.lock().write_all(b);
    }

    /// A pseudo-random number (SplitMix64), for map iteration order and select.
    pub(crate) fn random(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// The closure object of a function that captures nothing.
    #[inline]
    pub(crate) fn func_closure(&mut self, f: u32) -> u64 {
        let c = self.sh.func_closures[f as usize].load(Ordering::Acquire);
        if c != 0 {
            return c;
        }
        self.new_func_closure(f)
    }

    #[cold]
    fn new_func_closure(&mut self, f: u32) -> u64 {
        let slot = &self.sh.func_closures[f as usize];
        let c = self.heap.alloc(1, PtrLayout::NoPointers);
        crate::runtime::heap::store(c, f as u64);
        // Two machines may race to make it; either object will do, but keep one.
        match slot.compare_exchange(0, c, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => c,
            Err(winner) => winner,
        }
    }

    /// Allocates a Go string holding `bytes`; returns (pointer, length).
    pub(crate) fn new_string(&mut self, bytes: &[u8]) -> (u64, u64) {
        self.heap.string(bytes)
    }
}

//! The virtual machine: runs a [`Program`]'s bytecode.
//!
//! A [`Vm`] owns everything a run needs (program, heap, globals, output streams); there is
//! no global state, so several VMs can live in one process. Go calls never recurse on the
//! Rust stack: frames live in the goroutine's frame list and the interpreter loop
//! ([`interp`]) handles call, return, defer and panic itself.

// Raw memory is this module's business: every unsafe operation sits in its own block
// with the reason it is sound.
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

mod goroutine;
mod interp;
mod natives;
mod panic;
mod verify;

#[cfg(test)]
mod tests;

use std::io::Write;

use crate::bytecode::Program;
use crate::runtime::heap::{Heap, PtrLayout};

pub use goroutine::Goroutine;
pub use panic::Trap;

/// Go's limit on a goroutine stack: 1 GB.
pub const DEFAULT_MAX_STACK_BYTES: usize = 1_000_000_000;

/// A native function: reads its arguments from the goroutine's stack at `base` and writes
/// its results there.
pub type NativeFn = fn(&mut Vm, usize) -> Result<(), Trap>;

pub struct Vm {
    pub(crate) prog: std::rc::Rc<Program>,
    pub(crate) heap: Heap,
    /// Address of the package variables' slots, a heap object (so Go code may write
    /// through the addresses `GlobalAddr` hands out).
    pub(crate) globals: u64,
    pub(crate) out: Box<dyn Write>,
    pub(crate) err: Box<dyn Write>,
    /// The native implementing each function, by function index.
    natives: Vec<Option<NativeFn>>,
    /// Closure objects of functions without captures, made on first use.
    func_closures: Vec<u64>,
    pub(crate) args: Vec<String>,
    rng: u64,
    /// Map objects and map iterators, owned here until the collector arrives.
    pub(crate) maps: Vec<u64>,
    pub(crate) iters: Vec<u64>,
    pub(crate) g: Goroutine,
    /// A goroutine's stack may not grow past this many bytes (of 64-bit slots).
    pub(crate) max_stack_bytes: usize,
}

impl Vm {
    /// Prepares a program to run with `os.Args` = `args`. Fails if it calls a native
    /// function the runtime does not provide.
    pub fn new(prog: Program, args: Vec<String>) -> Result<Vm, String> {
        verify::verify(&prog)?;
        let mut natives = vec![None; prog.funcs.len()];
        for (i, f) in prog.funcs.iter().enumerate() {
            if let Some(name) = &f.native {
                natives[i] = Some(natives::lookup(name).ok_or_else(|| format!("{name} is not implemented yet"))?);
            }
        }
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1;
        let mut heap = Heap::default();
        // The globals' types are not recorded per slot: any slot may hold a pointer.
        let globals = heap.alloc(prog.global_slots as usize + 1, PtrLayout::Untyped);
        Ok(Vm {
            globals,
            func_closures: vec![0; prog.funcs.len()],
            prog: std::rc::Rc::new(prog),
            maps: Vec::new(),
            iters: Vec::new(),
            heap,
            out: Box::new(std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout())),
            err: Box::new(std::io::stderr()),
            natives,
            args,
            rng: seed,
            g: Goroutine::default(),
            max_stack_bytes: DEFAULT_MAX_STACK_BYTES,
        })
    }

    pub fn set_stdout(&mut self, w: Box<dyn Write>) {
        self.out = w;
    }

    pub fn set_stderr(&mut self, w: Box<dyn Write>) {
        self.err = w;
    }

    /// Limits each goroutine's stack (Go's `debug.SetMaxStack`); past it the program
    /// dies with Go's `fatal error: stack overflow`.
    pub fn set_max_stack(&mut self, bytes: usize) {
        self.max_stack_bytes = bytes;
    }

    /// Runs the program to completion; returns its exit status.
    pub fn run(&mut self) -> i32 {
        let entry = self.prog.entry;
        let result = self.call_func(entry, &[]);
        let code = match result {
            Ok(_) => 0,
            Err(Trap::Exit(code)) => code,
            Err(Trap::Panic(p) | Trap::Unwound(p)) => {
                let _ = self.out.flush();
                let text = self.panic_report(&p);
                let _ = self.err.write_all(text.as_bytes());
                2
            }
            Err(Trap::Fatal(msg)) => {
                let _ = self.out.flush();
                let _ = self.err.write_all(msg.as_bytes());
                2
            }
        };
        let _ = self.out.flush();
        let _ = self.err.flush();
        code
    }

    /// A pseudo-random number (SplitMix64), for map iteration order.
    pub(crate) fn random(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// The closure object of a function that captures nothing.
    pub(crate) fn func_closure(&mut self, f: u32) -> u64 {
        let c = self.func_closures[f as usize];
        if c != 0 {
            return c;
        }
        let c = self.heap.alloc(1, PtrLayout::NoPointers);
        crate::runtime::heap::store(c, f as u64);
        self.func_closures[f as usize] = c;
        c
    }

    /// Allocates a Go string holding `bytes`; returns (pointer, length).
    pub(crate) fn new_string(&mut self, bytes: &[u8]) -> (u64, u64) {
        if bytes.is_empty() {
            return (0, 0);
        }
        (self.heap.bytes(bytes), bytes.len() as u64)
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        for &m in &self.maps {
            // SAFETY: each map word was made by `Box::into_raw` in `new_map` and is freed
            // exactly once, here.
            drop(unsafe { Box::from_raw(m as *mut crate::runtime::map::GoMap) });
        }
        for &it in &self.iters {
            // SAFETY: as above, from `new_iter`.
            drop(unsafe { Box::from_raw(it as *mut (u64, crate::runtime::map::MapIter)) });
        }
    }
}

//! The interpreter loop: one `match` over the opcode table, with calls, returns, deferred
//! calls and panics handled as frame operations inside the loop.

use super::Machine;
use super::goroutine::{Deferred, Frame, FrameKind};
use super::panic::{PANIC_TEXT_ERROR, PANIC_TEXT_STRING, PanicInfo, Trap};
use crate::bytecode::Func;
use crate::bytecode::op::{Facts, Op, elem_width};
use crate::bytecode::rtype::Kind;
use crate::runtime::heap::{PtrLayout, bytes_at, load, load_byte, store, store_byte};
use crate::runtime::value::{iface_slots, slots_at};

/// What the loop does after a frame-changing instruction.
enum Flow {
    Continue,
    /// The entry frame returned: the run is over.
    Done,
}

impl<'s> Machine<'s> {
    /// Runs the current goroutine from where it stopped until it finishes (Ok), parks,
    /// yields or dies.
    pub(crate) fn run_entry(&mut self) -> Result<(), Trap> {
        if self.g.resume.is_some() {
            return self.resume_entry();
        }
        self.execute()
    }

    /// [`run_entry`](Self::run_entry) for a goroutine back from a blocking host call:
    /// the call's results come first.
    #[cold]
    fn resume_entry(&mut self) -> Result<(), Trap> {
        let resume = self.g.resume.take().expect("a goroutine to resume");
        match resume(self) {
            Err(Trap::Panic(p)) => self.start_panicking(p)?,
            Err(other) => return Err(other),
            Ok(()) => {}
        }
        self.execute()
    }

    #[inline(always)]
    fn ensure_stack(&mut self, n: usize) -> Result<(), Trap> {
        if n > self.g.stack.len() {
            self.grow_stack(n)
        } else {
            Ok(())
        }
    }

    #[cold]
    fn grow_stack(&mut self, n: usize) -> Result<(), Trap> {
        let limit = self.sh.max_stack_bytes / 8;
        if n > limit {
            return Err(Trap::Limit(
                super::Limit::Stack,
                format!(
                    "runtime: goroutine stack exceeds {}-byte limit\nfatal error: stack overflow\n\ngoroutine {} [running]:\n",
                    self.sh.max_stack_bytes,
                    self.g.id()
                ),
            ));
        }
        // Doubling keeps the copying amortised constant per slot.
        let new_len = (self.g.stack.len() * 2).max(n).max(64).min(limit);
        self.heap.account((new_len - self.g.stack.len()) * 8);
        self.g.stack.resize(new_len, 0);
        Ok(())
    }

    /// Runs until the goroutine's bottom frame returns.
    #[inline]
    fn execute(&mut self) -> Result<(), Trap> {
        loop {
            match self.run_frames() {
                Ok(Flow::Done) => return Ok(()),
                Ok(Flow::Continue) => continue,
                Err(Trap::Unwound(p)) => return Err(Trap::Panic(p)),
                Err(Trap::Panic(p)) => self.start_panicking(p)?,
                Err(other) => return Err(other),
            }
        }
    }

    /// Starts (or continues) panicking with `p`: runs deferred calls, newest first. Kept
    /// out of `execute`, whose every call would otherwise pay for this rare path's frame.
    #[cold]
    #[inline(never)]
    fn start_panicking(&mut self, p: PanicInfo) -> Result<(), Trap> {
        self.push_panic(p);
        self.unwind().map_err(|e| match e {
            Trap::Unwound(p) => Trap::Panic(p),
            other => other,
        })
    }

    fn push_panic(&mut self, mut p: PanicInfo) {
        if p.trace.is_empty() {
            p.trace = self.capture_trace();
        }
        let mut rec = self.new_panicking(p.value);
        rec.trace = p.trace;
        self.g.panics.push(rec);
    }

    /// Runs the next deferred call of a panicking goroutine; when none is left, the panic
    /// ends the goroutine.
    fn unwind(&mut self) -> Result<(), Trap> {
        while let Some(rec) = self.g.defers.pop() {
            self.g.frames.truncate(rec.depth);
            match self.push_deferred(rec, FrameKind::PanicDeferred) {
                // A nil deferred function panicked when called, over the panic running it.
                Err(Trap::Panic(p)) => self.push_panic(p),
                started => return started,
            }
        }
        let p = self.g.panics.pop().expect("unwinding has a panic");
        let earlier = self.g.panics.drain(..).map(|x| (x.value, x.recovered)).collect();
        self.g.frames.clear();
        self.print_panic_values(PanicInfo {
            value: p.value,
            earlier,
            trace: p.trace,
            texts: Vec::new(),
        })
    }

    /// Go prints the values of a panic that ends a goroutine, an error's `Error()` and a
    /// Stringer's `String()` in their place: those are Go code, run as the goroutine's
    /// last call (`runtime.panicTexts`); its return ends the goroutine with the panic
    /// (`printed_panic`). Without such a value, the panic ends it at once.
    fn print_panic_values(&mut self, p: PanicInfo) -> Result<(), Trap> {
        if self.g.dying.is_some() {
            return Err(self.panic_while_printing(p.value));
        }
        let values: Vec<[u64; 2]> = p.earlier.iter().map(|e| e.0).chain([p.value]).collect();
        // The runtime's own errors are printed without running their method.
        let runtime_error = self.prog.well_known.runtime_error.0 as u64;
        let has_method = |v: &[u64; 2]| {
            v[0].checked_sub(1).is_some_and(|t| {
                let rt = &self.prog.types[t as usize];
                t != runtime_error && (rt.method("Error").is_some() || rt.method("String").is_some())
            })
        };
        let Some(f) = self
            .prog
            .well_known
            .panic_texts
            .filter(|_| values.iter().any(has_method))
        else {
            return Err(Trap::Unwound(p));
        };
        let n = values.len();
        let vs = self.heap.alloc(2 * n, PtrLayout::Untyped);
        for (k, v) in values.iter().enumerate() {
            store(vs + 16 * k as u64, v[0]);
            store(vs + 16 * k as u64 + 8, v[1]);
        }
        self.ensure_stack(3)?;
        self.g.stack[..3].copy_from_slice(&[vs, n as u64, n as u64]);
        self.g.dying = Some(p);
        let closure = self.func_closure(f);
        self.enter(f, &self.prog.funcs[f as usize], closure, 0, FrameKind::PanicTexts)
    }

    /// A method `runtime.panicTexts` called panicked with `value`: Go's preprintpanics
    /// throws then.
    #[cold]
    fn panic_while_printing(&self, value: [u64; 2]) -> Trap {
        let what = match value[0].checked_sub(1).map(|t| &self.prog.types[t as usize]) {
            Some(t) if t.kind == Kind::String => {
                let s = iface_slots(&self.prog.types, value[0], &value[1]);
                String::from_utf8_lossy(bytes_at(s[0], s[1])).into_owned()
            }
            Some(t) => format!("type {}", t.name),
            None => "type nil".into(),
        };
        self.fatal_error(&format!("panic while printing panic value: {what}"))
    }

    /// `runtime.panicTexts` returned: the panic, with the texts it gave, ends the
    /// goroutine.
    fn printed_panic(&mut self) -> Trap {
        let mut p = self.g.dying.take().expect("a panic being printed");
        let [texts, n, _, kinds] = [self.g.stack[0], self.g.stack[1], self.g.stack[2], self.g.stack[3]];
        p.texts = (0..n)
            .map(|k| {
                let text =
                    || String::from_utf8_lossy(bytes_at(load(texts + 16 * k), load(texts + 16 * k + 8))).into_owned();
                match load(kinds + 8 * k) {
                    PANIC_TEXT_ERROR => Some((text(), true)),
                    PANIC_TEXT_STRING => Some((text(), false)),
                    _ => None,
                }
            })
            .collect();
        Trap::Unwound(p)
    }

    /// Starts a deferred call above the current top frame; a nil function panics, as
    /// calling it does.
    fn push_deferred(&mut self, rec: Deferred, kind: FrameKind) -> Result<(), Trap> {
        if rec.closure == 0 {
            return Err(self.trap_runtime("invalid memory address or nil pointer dereference"));
        }
        let top = self.g.frames.last().expect("a deferring frame exists");
        let base = top.base + self.prog.funcs[top.func as usize].nregs as usize;
        self.ensure_stack(base + rec.args.len())?;
        self.g.stack[base..base + rec.args.len()].copy_from_slice(&rec.args);
        // A Rust function too gets a frame, of its stub (see `compile::declare_func`): it
        // may park, and must resume where its frame's return goes on unwinding.
        let f = load(rec.closure) as u32;
        self.enter(f, &self.prog.funcs[f as usize], rec.closure, base, kind)
    }

    /// After a deferred call made during a panic returns: resume the deferring frame at
    /// its recovery point if the panic was recovered, else keep unwinding.
    fn after_panic_defer(&mut self) -> Result<(), Trap> {
        let recovered = self.g.panics.last().is_some_and(|p| p.recovered);
        if recovered {
            self.g.panics.pop();
            // Earlier panics that this one interrupted inside the frames being abandoned
            // are over too: execution goes on normally in the deferring frame.
            let resume = self.g.frames.len() - 1;
            self.g.panics.retain(|p| p.frame < resume);
            let top = self.g.frames.last_mut().expect("the deferring frame");
            let rpc = self.prog.funcs[top.func as usize].recover_pc.unwrap_or(0);
            top.pc = rpc as usize;
            return Ok(());
        }
        self.unwind()
    }

    /// Calls function `f` (closure `closure`) with its frame at `base`, where its
    /// arguments are: a body-less function runs at once, in place (it returns before
    /// anything could need to stop it); a Go function is entered.
    pub(super) fn call(&mut self, f: u32, closure: u64, base: usize) -> Result<(), Trap> {
        match self.sh.rust_fn(f) {
            Some(rust_fn) => {
                let func = &self.prog.funcs[f as usize];
                self.ensure_stack(base + (func.param_slots.max(func.result_slots) as usize) + super::verify::SLACK)?;
                rust_fn.call(self, base)
            }
            None => self.enter(f, &self.prog.funcs[f as usize], closure, base, FrameKind::Call),
        }
    }

    /// Enters Go function `f`: pushes its frame at `base`, where its arguments are,
    /// growing the stack to hold it, and passes the safepoint every entry passes, as
    /// Go's function prologue does: the function's body is paid for in fuel, and the
    /// goroutine stops there if asked to (preemption, a collection, the run's end). Every
    /// call, deferred call and method call enters through here, so recursion that never
    /// loops is stopped as a loop is (and native code will enter the same way).
    #[inline(always)]
    pub(super) fn enter(
        &mut self,
        f: u32,
        func: &Func,
        closure: u64,
        base: usize,
        kind: FrameKind,
    ) -> Result<(), Trap> {
        self.ensure_stack(base + func.nregs as usize + super::verify::SLACK)?;
        self.g.frames.push(Frame {
            func: f,
            pc: 0,
            base,
            closure,
            kind,
        });
        self.fuel -= func.code.len() as i64;
        if self.fuel < 0 || self.p.preempt_requested() {
            return self.safepoint();
        }
        Ok(())
    }

    /// The slow half of a safepoint, at a function's entry or a loop's back edge, with
    /// the goroutine's state saved in its frames: takes fuel when the tank is empty, and
    /// yields when asked to (after stopping for a collection that wants it).
    #[cold]
    #[inline(never)]
    fn safepoint(&mut self) -> Result<(), Trap> {
        self.refuel()?;
        if self.p.preempt_requested() {
            self.gc_checkpoint();
            self.p.clear_preempt();
            return Err(Trap::Yield);
        }
        Ok(())
    }

    /// Runs the machine code of function `f`, the innermost frame's, on that frame at
    /// `frame` from instruction `pc`, up to its exit; if the frame returns instead, its
    /// caller's code goes on the same way. The interpreter then goes on in the innermost
    /// frame, at the pc in its record. Kept out of `run_code`, whose loop it would crowd.
    ///
    /// # Safety
    ///
    /// As for `run_native`.
    #[inline(never)]
    unsafe fn run_compiled(&mut self, f: u32, frame: *mut u64, pc: usize) -> Result<(), Trap> {
        let (mut f, mut frame, mut pc) = (f, frame, pc);
        while let Some(code) = self.sh.code(f) {
            // SAFETY: the caller's promise, and then, for a caller the frame returned
            // to, the interpreter's: it was entered so and holds what its function put
            // there up to the call.
            if !unsafe { self.run_native(code, frame, pc)? } {
                break;
            }
            let fr = *self.g.frames.last().expect("a frame returns to its caller");
            (f, frame, pc) = (fr.func, self.g.frame_ptr(fr.base), fr.pc);
        }
        Ok(())
    }

    /// Runs instructions of the top frame until a call, return or trap changes frames.
    fn run_frames(&mut self) -> Result<Flow, Trap> {
        let fr = *self.g.frames.last().expect("a frame to run");
        let mut pc = fr.pc;
        // The program is shared (never modified while running), so the code can be
        // borrowed while the VM's state changes.
        if self.sh.coverage.is_some() {
            self.run_code::<true>(self.prog, fr.func, fr.base, &mut pc)
        } else {
            self.run_code::<false>(self.prog, fr.func, fr.base, &mut pc)
        }
    }

    #[allow(clippy::too_many_lines)]
    #[allow(unused_assignments)]
    fn run_code<const COUNT: bool>(
        &mut self,
        prog: &crate::bytecode::Program,
        func_idx: u32,
        base: usize,
        pc_start: &mut usize,
    ) -> Result<Flow, Trap> {
        let mut func_idx = func_idx;
        let mut base = base;
        let mut code = prog.funcs[func_idx as usize].code.as_slice();
        let mut pc = *pc_start;
        // Register access without bounds checks: the verifier checked every register
        // operand (plus the span the instruction touches) against the frame size, and
        // every frame entry reserved that size plus the slack. `regs` is re-derived
        // whenever the stack may have moved (after a call grew it or a Rust function ran).
        debug_assert!(base + prog.funcs[func_idx as usize].nregs as usize + super::verify::SLACK <= self.g.stack.len());
        let mut regs: *mut u64 = self.g.frame_ptr(base);
        // Switches the loop to the frame now on top of the frame list.
        macro_rules! load_frame {
            () => {{
                let fr = *self.g.frames.last().expect("a frame to resume");
                func_idx = fr.func;
                base = fr.base;
                pc = fr.pc;
                code = prog.funcs[func_idx as usize].code.as_slice();
                regs = self.g.frame_ptr(base);
            }};
        }
        macro_rules! r {
            ($i:expr) => {
                // SAFETY: see above: `$i` is a verified register of this frame.
                *unsafe { &mut *regs.add($i as usize) }
            };
        }
        // Register ranges as slices. Every access to this frame's registers goes through
        // `regs` (never through `self.g.stack`, whose `IndexMut` would invalidate `regs`
        // under Rust's aliasing rules) until `regs` is re-derived.
        macro_rules! regs {
            ($start:expr, $n:expr) => {
                // SAFETY: as for `r!`: the verifier checked the whole span of every
                // multi-slot register operand against the frame.
                unsafe { std::slice::from_raw_parts_mut(regs.add($start), $n) }
            };
        }
        // Where the interpreter starts or resumes running a frame (a call, a return to
        // it, a back edge), the frame's machine code runs, if it has some (`run_compiled`);
        // the interpreter goes on in the innermost frame.
        macro_rules! run_machine_code {
            () => {
                if self.sh.code(func_idx).is_some() {
                    // SAFETY: the frame was entered with room for its registers and the
                    // slack (`enter`), and holds what this function's code put there up
                    // to `pc`; nothing else refers to the goroutine's slots and records.
                    unsafe { self.run_compiled(func_idx, regs, pc)? };
                    load_frame!();
                }
            };
        }
        macro_rules! save_pc {
            () => {
                if let Some(f) = self.g.frames.last_mut() {
                    f.pc = pc;
                }
            };
        }
        macro_rules! trap {
            ($e:expr) => {{
                save_pc!();
                let msg: String = $e;
                return Err(self.trap_runtime(&msg));
            }};
        }
        // A backward jump is a safepoint, as a function's entry is (see `enter`): it pays
        // for the loop it closes in fuel, and the goroutine stops there if asked to.
        macro_rules! jump {
            ($off:expr) => {{
                let off: i64 = $off;
                pc = (pc as i64 + off) as usize;
                if off < 0 {
                    self.fuel += off;
                    if self.fuel < 0 || self.p.preempt_requested() {
                        save_pc!();
                        self.safepoint()?;
                    }
                    run_machine_code!();
                }
            }};
        }
        macro_rules! nil_check {
            ($p:expr) => {
                if $p == 0 {
                    trap!("invalid memory address or nil pointer dereference".to_string());
                }
            };
        }
        run_machine_code!();
        loop {
            // SAFETY: the verifier checked that every jump lands inside the code and that
            // the last instruction does not fall through, so `pc` is always in range.
            let i = unsafe { *code.get_unchecked(pc) };
            // With `GOVM_JITSTATS=1`, instructions of compiled functions are counted.
            if COUNT
                && self.sh.code(func_idx).is_some()
                && let Some(c) = &self.sh.coverage
            {
                c.interpreted(i.op);
            }
            pc += 1;
            let (a, b, c) = (i.a as usize, i.b as usize, i.c as usize);
            match i.op {
                Op::Move => r!(a) = r!(b),
                Op::MoveN => match c {
                    // Strings and slices, inline: a call to memmove costs more than them.
                    2 => (r!(a), r!(a + 1)) = (r!(b), r!(b + 1)),
                    3 => (r!(a), r!(a + 1), r!(a + 2)) = (r!(b), r!(b + 1), r!(b + 2)),
                    // SAFETY: both ranges are verified spans of this frame; `copy` allows
                    // overlap.
                    _ => unsafe { std::ptr::copy(regs.add(b), regs.add(a), c) },
                },
                Op::LoadK => r!(a) = prog.consts[i.bc() as usize],
                Op::LoadI => r!(a) = i.sbc() as i64 as u64,
                Op::LoadStr => {
                    let s = &prog.strings[i.bc() as usize];
                    r!(a) = if s.is_empty() { 0 } else { s.as_ptr() as u64 };
                    r!(a + 1) = s.len() as u64;
                }
                Op::Zero => regs!(a, c).fill(0),
                Op::LoadFunc => {
                    let cl = self.func_closure(i.bc());
                    r!(a) = cl;
                }
                Op::LoadCapture => {
                    let cl = self.g.frames.last().map_or(0, |f| f.closure);
                    r!(a) = load(cl + 8 * (b as u64 + 1));
                }
                Op::GlobalAddr => r!(a) = self.sh.globals + 8 * i.bc() as u64,
                Op::Load => {
                    let p = r!(b);
                    nil_check!(p);
                    r!(a) = load(p + 8 * c as u64);
                }
                Op::LoadN => {
                    let p = r!(b);
                    nil_check!(p);
                    let src = slots_at(p, c);
                    regs!(a, c).copy_from_slice(src);
                }
                Op::Store => {
                    let p = r!(a);
                    nil_check!(p);
                    store(p + 8 * c as u64, r!(b));
                }
                Op::StoreN => {
                    let p = r!(a);
                    nil_check!(p);
                    for k in 0..c {
                        store(p + 8 * k as u64, r!(b + k));
                    }
                }
                Op::LoadByte => {
                    let p = r!(b);
                    nil_check!(p);
                    let v = load_byte(p);
                    r!(a) = if i.x == 1 { v as i8 as i64 as u64 } else { v as u64 };
                }
                Op::StoreByte => {
                    let p = r!(a);
                    nil_check!(p);
                    store_byte(p, r!(b) as u8);
                }
                Op::FieldAddr => {
                    let p = r!(b);
                    nil_check!(p);
                    r!(a) = p + 8 * c as u64;
                }
                Op::NilCheck => nil_check!(r!(a)),
                Op::IndexAddr => {
                    let idx = r!(c);
                    let len = r!(b + 1);
                    if idx >= len {
                        trap!(index_error(idx, len, false));
                    }
                    r!(a) = r!(b) + idx * elem_width(i.x);
                }
                Op::SliceLoad => {
                    let idx = r!(c);
                    let len = r!(b + 1);
                    if idx >= len {
                        trap!(index_error(idx, len, false));
                    }
                    r!(a) = load(r!(b) + 8 * idx);
                }
                Op::SliceLoadB => {
                    let idx = r!(c);
                    let len = r!(b + 1);
                    if idx >= len {
                        trap!(index_error(idx, len, false));
                    }
                    let v = load_byte(r!(b) + idx);
                    r!(a) = if i.x == 1 { v as i8 as i64 as u64 } else { v as u64 };
                }
                Op::BoundsCheck => {
                    let (idx, len) = (r!(a), r!(b));
                    if idx >= len {
                        trap!(index_error(idx, len, i.x == 1));
                    }
                }
                Op::AddI => r!(a) = r!(b).wrapping_add(r!(c)),
                Op::SubI => r!(a) = r!(b).wrapping_sub(r!(c)),
                Op::MulI => r!(a) = r!(b).wrapping_mul(r!(c)),
                Op::DivI => {
                    let d = r!(c) as i64;
                    if d == 0 {
                        trap!("integer divide by zero".to_string());
                    }
                    r!(a) = (r!(b) as i64).wrapping_div(d) as u64;
                }
                Op::DivU => {
                    let d = r!(c);
                    if d == 0 {
                        trap!("integer divide by zero".to_string());
                    }
                    r!(a) = r!(b) / d;
                }
                Op::RemI => {
                    let d = r!(c) as i64;
                    if d == 0 {
                        trap!("integer divide by zero".to_string());
                    }
                    r!(a) = (r!(b) as i64).wrapping_rem(d) as u64;
                }
                Op::RemU => {
                    let d = r!(c);
                    if d == 0 {
                        trap!("integer divide by zero".to_string());
                    }
                    r!(a) = r!(b) % d;
                }
                Op::And => r!(a) = r!(b) & r!(c),
                Op::Or => r!(a) = r!(b) | r!(c),
                Op::Xor => r!(a) = r!(b) ^ r!(c),
                Op::AndNot => r!(a) = r!(b) & !r!(c),
                Op::Shl => {
                    let n = r!(c);
                    r!(a) = if n >= 64 { 0 } else { r!(b) << n };
                }
                Op::ShrI => {
                    let n = r!(c);
                    r!(a) = ((r!(b) as i64) >> n.min(63)) as u64;
                }
                Op::ShrU => {
                    let n = r!(c);
                    r!(a) = if n >= 64 { 0 } else { r!(b) >> n };
                }
                Op::AddImm => r!(a) = r!(b).wrapping_add(i.c as i16 as i64 as u64),
                Op::NegI => r!(a) = (r!(b) as i64).wrapping_neg() as u64,
                Op::Com => r!(a) = !r!(b),
                Op::SExt => {
                    let sh = 64 - i.x as u32;
                    r!(a) = (((r!(b) << sh) as i64) >> sh) as u64;
                }
                Op::ZExt => {
                    let sh = 64 - i.x as u32;
                    r!(a) = (r!(b) << sh) >> sh;
                }
                Op::AddF => r!(a) = (f64::from_bits(r!(b)) + f64::from_bits(r!(c))).to_bits(),
                Op::SubF => r!(a) = (f64::from_bits(r!(b)) - f64::from_bits(r!(c))).to_bits(),
                Op::MulF => r!(a) = (f64::from_bits(r!(b)) * f64::from_bits(r!(c))).to_bits(),
                Op::DivF => r!(a) = (f64::from_bits(r!(b)) / f64::from_bits(r!(c))).to_bits(),
                Op::NegF => r!(a) = (-f64::from_bits(r!(b))).to_bits(),
                Op::F32 => r!(a) = (f64::from_bits(r!(b)) as f32 as f64).to_bits(),
                Op::I2F => r!(a) = (r!(b) as i64 as f64).to_bits(),
                Op::EqI => r!(a) = (r!(b) == r!(c)) as u64,
                Op::NeI => r!(a) = (r!(b) != r!(c)) as u64,
                Op::LtI => r!(a) = ((r!(b) as i64) < (r!(c) as i64)) as u64,
                Op::LeI => r!(a) = ((r!(b) as i64) <= (r!(c) as i64)) as u64,
                Op::LtU => r!(a) = (r!(b) < r!(c)) as u64,
                Op::LeU => r!(a) = (r!(b) <= r!(c)) as u64,
                Op::EqF => r!(a) = (f64::from_bits(r!(b)) == f64::from_bits(r!(c))) as u64,
                Op::NeF => r!(a) = (f64::from_bits(r!(b)) != f64::from_bits(r!(c))) as u64,
                Op::LtF => r!(a) = (f64::from_bits(r!(b)) < f64::from_bits(r!(c))) as u64,
                Op::LeF => r!(a) = (f64::from_bits(r!(b)) <= f64::from_bits(r!(c))) as u64,
                Op::NotB => r!(a) = (r!(b) == 0) as u64,
                Op::StrIndex => {
                    let idx = r!(c);
                    let len = r!(b + 1);
                    if idx >= len {
                        trap!(index_error(idx, len, false));
                    }
                    r!(a) = load_byte(r!(b) + idx) as u64;
                }
                Op::Call => {
                    let f = i.bc();
                    save_pc!();
                    let nb = base + a;
                    if self.sh.rust_fn(f).is_some() {
                        self.call(f, 0, nb)?;
                        regs = self.g.frame_ptr(base);
                        continue;
                    }
                    // A declared function captures nothing, so it needs no closure object.
                    let func = &prog.funcs[f as usize];
                    self.enter(f, func, 0, nb, FrameKind::Call)?;
                    // The new frame's state is known: switch to it without reading it back.
                    func_idx = f;
                    base = nb;
                    pc = 0;
                    code = func.code.as_slice();
                    regs = self.g.frame_ptr(base);
                    run_machine_code!();
                }
                Op::CallClosure => {
                    let cl = r!(b);
                    nil_check!(cl);
                    save_pc!();
                    let f = load(cl) as u32;
                    self.call(f, cl, base + a)?;
                    return Ok(Flow::Continue);
                }
                Op::CallIface => {
                    let (tw, _) = (r!(b), r!(b + 1));
                    nil_check!(tw);
                    let name = &prog.method_names[c];
                    let Some(m) = prog.types[tw as usize - 1].method(name) else {
                        trap!(format!("method {name} not found"));
                    };
                    save_pc!();
                    let f = m.func;
                    let cl = if self.sh.rust_fn(f).is_some() {
                        0
                    } else {
                        self.func_closure(f)
                    };
                    self.call(f, cl, base + a)?;
                    return Ok(Flow::Continue);
                }
                Op::RunDefers => {
                    let depth = self.g.frames.len();
                    if self.g.defers.last().is_some_and(|d| d.depth == depth) {
                        // Run one and come back to this instruction for the next.
                        pc -= 1;
                        save_pc!();
                        let rec = self.g.defers.pop().expect("checked above");
                        self.push_deferred(rec, FrameKind::Deferred)?;
                        return Ok(Flow::Continue);
                    }
                }
                Op::Ret => {
                    if a != 0 {
                        for k in 0..b {
                            r!(k) = r!(a + k);
                        }
                    }
                    let fr = self.g.frames.pop().expect("a frame returns");
                    match fr.kind {
                        FrameKind::Entry => return Ok(Flow::Done),
                        FrameKind::Call | FrameKind::Deferred => {
                            load_frame!();
                            run_machine_code!();
                        }
                        FrameKind::PanicDeferred => {
                            self.after_panic_defer()?;
                            return Ok(Flow::Continue);
                        }
                        FrameKind::PanicTexts => return Err(self.printed_panic()),
                    }
                }
                Op::Panic => {
                    save_pc!();
                    let v = [r!(a), r!(a + 1)];
                    let v = if v[0] == 0 {
                        // panic(nil) is a run-time error since Go 1.21.
                        self.plain_error("panic called with nil argument (use runtime.PanicNilError)")
                    } else {
                        v
                    };
                    return Err(Trap::Panic(PanicInfo::new(v)));
                }
                Op::Recover => {
                    let fr = self.g.frames.last().expect("a frame");
                    // recover works only when called directly by a deferred function run by
                    // a panic.
                    let ok = fr.kind == FrameKind::PanicDeferred;
                    let p = self.g.panics.last_mut().filter(|p| ok && !p.recovered);
                    match p {
                        Some(p) => {
                            p.recovered = true;
                            let v = p.value;
                            r!(a) = v[0];
                            r!(a + 1) = v[1];
                        }
                        None => {
                            r!(a) = 0;
                            r!(a + 1) = 0;
                        }
                    }
                }
                Op::Jmp => jump!(i.sbc() as i64),
                Op::JmpIf => {
                    if r!(a) != 0 {
                        jump!(i.sbc() as i64);
                    }
                }
                Op::BrNotLtI => {
                    if (r!(a) as i64) >= (r!(b) as i64) {
                        jump!(i.c as i16 as i64);
                    }
                }
                Op::BrNotLeI => {
                    if (r!(a) as i64) > (r!(b) as i64) {
                        jump!(i.c as i16 as i64);
                    }
                }
                Op::BrNotEqI => {
                    if r!(a) != r!(b) {
                        jump!(i.c as i16 as i64);
                    }
                }
                Op::BrNotNeI => {
                    if r!(a) == r!(b) {
                        jump!(i.c as i16 as i64);
                    }
                }
                Op::JmpIfNot => {
                    if r!(a) == 0 {
                        jump!(i.sbc() as i64);
                    }
                }
                _ => {
                    debug_assert!(i.op.facts().contains(Facts::RUNTIME));
                    save_pc!();
                    // SAFETY: `regs` is this frame's, and `i` one of its function's.
                    unsafe { self.exec(i, regs)? };
                    // A channel's partner may have written the stack meanwhile.
                    regs = self.g.frame_ptr(base);
                }
            }
        }
    }
}

/// The first method of interface type `iface` that type `t` lacks.
pub(super) fn missing_method(prog: &crate::bytecode::Program, t: usize, iface: usize) -> Option<String> {
    prog.types[t].missing_method(&prog.types[iface]).map(|m| m.name.clone())
}

/// Go's message for an index out of range (a negative index has no length part; an index
/// of an unsigned type is never negative).
#[cold]
fn index_error(idx: u64, len: u64, unsigned: bool) -> String {
    if !unsigned && (idx as i64) < 0 {
        format!("index out of range [{}]", idx as i64)
    } else {
        format!("index out of range [{idx}] with length {len}")
    }
}

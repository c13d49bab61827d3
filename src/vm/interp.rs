//! The interpreter loop: one `match` over the opcode table, with calls, returns, deferred
//! calls and panics handled as frame operations inside the loop.

use super::Machine;
use super::goroutine::{Deferred, Frame, FrameKind};
use super::panic::{PANIC_TEXT_ERROR, PANIC_TEXT_STRING, PanicInfo, Trap};
use crate::bytecode::Func;
use crate::bytecode::op::{Op, elem_width, slice_x};
use crate::bytecode::rtype::{Kind, TypeIdx};
use crate::runtime::heap::{PtrLayout, bytes_at, copy_bytes, load, load_byte, store, store_byte, zero_bytes};
use crate::runtime::map::{GoMap, MapCell, MapIter};
use crate::runtime::slice::grow_cap;
use crate::runtime::value::{iface_equal, iface_slots, slots_at};

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
        self.run_code(self.prog, fr.func, fr.base, &mut pc)
    }

    #[allow(clippy::too_many_lines)]
    #[allow(unused_assignments)]
    fn run_code(
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
        // A map operation claims its map for the instruction (see `runtime::map`); a
        // claim it cannot have is the program's race, Go's fatal error.
        macro_rules! claim {
            ($e:expr) => {
                match $e {
                    Ok(claim) => claim,
                    Err(race) => {
                        save_pc!();
                        return Err(self.fatal_error(race.message()));
                    }
                }
            };
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
        // A channel operation may park the goroutine: its frame then points at this
        // instruction, which the partner completing it moves past (or which runs again,
        // for a sender woken by close). The stack may be written meanwhile, so `regs` is
        // re-derived after.
        macro_rules! chan_op {
            ($e:expr) => {{
                if let Some(f) = self.g.frames.last_mut() {
                    f.pc = pc - 1;
                }
                match $e {
                    Ok(()) => regs = self.g.frame_ptr(base),
                    Err(Trap::Park) => return Err(Trap::Park),
                    Err(e) => {
                        save_pc!();
                        return Err(e);
                    }
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
                Op::MakeClosure => {
                    // Slot 0 is the function index; the captures are copies of unknown type.
                    let obj = self.heap.alloc(1 + c, PtrLayout::Untyped);
                    store(obj, b as u64);
                    for k in 0..c {
                        store(obj + 8 * (k as u64 + 1), r!(a + 1 + k));
                    }
                    r!(a) = obj;
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
                Op::New => {
                    let t = &prog.types[c];
                    r!(a) = match t.elem {
                        Some(e) if t.kind == Kind::Array => self.heap.alloc_array(&prog.types, e, t.len as usize),
                        _ => self.heap.alloc(t.slots as usize, PtrLayout::Values(TypeIdx(c as u32))),
                    };
                }
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
                Op::ShiftCheck => {
                    if (r!(a) as i64) < 0 {
                        trap!("negative shift amount".to_string());
                    }
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
                Op::MinF | Op::MaxF => {
                    let (x, y) = (f64::from_bits(r!(b)), f64::from_bits(r!(c)));
                    let v = if x.is_nan() || y.is_nan() {
                        f64::NAN
                    } else if x == y {
                        // Equal values differ only in the sign of zero.
                        if (i.op == Op::MinF) == x.is_sign_negative() {
                            x
                        } else {
                            y
                        }
                    } else if (x < y) == (i.op == Op::MinF) {
                        x
                    } else {
                        y
                    };
                    r!(a) = v.to_bits();
                }
                Op::NegF => r!(a) = (-f64::from_bits(r!(b))).to_bits(),
                Op::F32 => r!(a) = (f64::from_bits(r!(b)) as f32 as f64).to_bits(),
                Op::I2F => r!(a) = (r!(b) as i64 as f64).to_bits(),
                Op::U2F => r!(a) = (r!(b) as f64).to_bits(),
                Op::F2I => {
                    let f = f64::from_bits(r!(b));
                    // amd64 gives the "integer indefinite" value for NaN and out-of-range.
                    r!(a) = if f.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
                        0x8000_0000_0000_0000
                    } else {
                        f as i64 as u64
                    };
                }
                Op::F2U => {
                    let f = f64::from_bits(r!(b));
                    r!(a) = if f.is_nan() || !(-1.0..1.8446744073709552e19).contains(&f) {
                        0x8000_0000_0000_0000
                    } else if f < 0.0 {
                        (f as i64) as u64
                    } else {
                        f as u64
                    };
                }
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
                Op::EqStr | Op::LtStr | Op::LeStr => {
                    let x = bytes_at(r!(b), r!(b + 1));
                    let y = bytes_at(r!(c), r!(c + 1));
                    r!(a) = match i.op {
                        Op::EqStr => x == y,
                        Op::LtStr => x < y,
                        _ => x <= y,
                    } as u64;
                }
                Op::EqIface => {
                    let (ta, da, tb, db) = (r!(b), r!(b + 1), r!(c), r!(c + 1));
                    match iface_equal(&prog.types, ta, &da, tb, &db) {
                        Ok(v) => r!(a) = v as u64,
                        Err(t) => trap!(format!("comparing uncomparable type {t}")),
                    }
                }
                Op::Concat => {
                    let x = bytes_at(r!(b), r!(b + 1));
                    let y = bytes_at(r!(c), r!(c + 1));
                    let (p, n) = if y.is_empty() {
                        (r!(b), r!(b + 1))
                    } else if x.is_empty() {
                        (r!(c), r!(c + 1))
                    } else {
                        let mut v = Vec::with_capacity(x.len() + y.len());
                        v.extend_from_slice(x);
                        v.extend_from_slice(y);
                        self.new_string(&v)
                    };
                    r!(a) = p;
                    r!(a + 1) = n;
                }
                Op::StrIndex => {
                    let idx = r!(c);
                    let len = r!(b + 1);
                    if idx >= len {
                        trap!(index_error(idx, len, false));
                    }
                    r!(a) = load_byte(r!(b) + idx) as u64;
                }
                Op::StrSlice => {
                    let len = r!(b + 1);
                    // A string's capacity is its length, as an array's is.
                    let x = i.x | slice_x::ARRAY;
                    let (lo, hi, _) = match slice_bounds(x, len, len, r!(c), r!(c + 1), len) {
                        Ok(bounds) => bounds,
                        Err(e) => trap!(e),
                    };
                    let p = r!(b);
                    r!(a) = if hi == lo { 0 } else { p + lo };
                    r!(a + 1) = hi - lo;
                }
                Op::StrDecode => {
                    let s = bytes_at(r!(b), r!(b + 1));
                    let (ch, w) = crate::runtime::strings::decode_rune(&s[r!(c) as usize..]);
                    r!(a) = ch as u64;
                    r!(a + 1) = w as u64;
                }
                Op::RuneToStr => {
                    let v = r!(b) as i64;
                    let ch = u32::try_from(v).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
                    let mut buf = [0u8; 4];
                    let (p, n) = self.new_string(ch.encode_utf8(&mut buf).as_bytes());
                    r!(a) = p;
                    r!(a + 1) = n;
                }
                Op::BytesToStr => {
                    let v = bytes_at(r!(b), r!(b + 1)).to_vec();
                    let (p, n) = self.new_string(&v);
                    r!(a) = p;
                    r!(a + 1) = n;
                }
                Op::StrToBytes => {
                    let v = bytes_at(r!(b), r!(b + 1)).to_vec();
                    let cap = grow_cap(0, v.len() as u64, 1);
                    let p = self.heap.alloc_bytes(cap as usize);
                    copy_bytes(p, v.as_ptr() as u64, v.len());
                    r!(a) = p;
                    r!(a + 1) = v.len() as u64;
                    r!(a + 2) = cap.max(v.len() as u64);
                }
                Op::RunesToStr => {
                    let (p, len) = (r!(b), r!(b + 1));
                    let mut s = String::new();
                    for k in 0..len {
                        let v = load(p + 8 * k) as i64;
                        s.push(u32::try_from(v).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}'));
                    }
                    let (p, n) = self.new_string(s.as_bytes());
                    r!(a) = p;
                    r!(a + 1) = n;
                }
                Op::StrToRunes => {
                    let s = bytes_at(r!(b), r!(b + 1)).to_vec();
                    let runes = crate::runtime::strings::runes(&s);
                    let cap = grow_cap(0, runes.len() as u64, 4);
                    let p = self.heap.alloc(cap as usize, PtrLayout::NoPointers);
                    for (k, ch) in runes.iter().enumerate() {
                        store(p + 8 * k as u64, *ch as u64);
                    }
                    r!(a) = p;
                    r!(a + 1) = runes.len() as u64;
                    r!(a + 2) = cap;
                }
                Op::MakeSlice => {
                    let (len, cap) = (r!(b) as i64, r!(b + 1) as i64);
                    // Go's makeslice: a size beyond what the allocator accepts (2^48 bytes
                    // on amd64) or a negative length is the length's fault if the length
                    // alone is too big, else the capacity's.
                    let size = prog.types[c].go_size as i128;
                    let too_big = |n: i64| n < 0 || n as i128 * size > 1 << 48;
                    if too_big(cap) || cap < len {
                        if too_big(len) {
                            trap!("makeslice: len out of range".to_string());
                        }
                        trap!("makeslice: cap out of range".to_string());
                    }
                    let p = self.heap.alloc_array(&prog.types, TypeIdx(c as u32), cap as usize);
                    r!(a) = p;
                    r!(a + 1) = len as u64;
                    r!(a + 2) = cap as u64;
                }
                Op::SliceSlice => {
                    let (ptr, len, cap) = (r!(b), r!(b + 1), r!(b + 2));
                    let (lo, hi, max) = match slice_bounds(i.x, len, cap, r!(c), r!(c + 1), r!(c + 2)) {
                        Ok(bounds) => bounds,
                        Err(e) => trap!(e),
                    };
                    let stride = r!(c + 3);
                    r!(a) = if max - lo == 0 && lo == cap {
                        ptr
                    } else {
                        ptr + lo * stride
                    };
                    r!(a + 1) = hi - lo;
                    r!(a + 2) = max - lo;
                }
                Op::SliceToArray => {
                    let t = &prog.types[c];
                    let (ptr, len) = (r!(b), r!(b + 1));
                    if len < t.len {
                        trap!(format!(
                            "cannot convert slice with length {len} to array or pointer to array with length {}",
                            t.len
                        ));
                    }
                    let byte_elems = t.elem.is_some_and(|e| prog.types[e.0 as usize].kind.is_byte_kind());
                    if i.x == 1 {
                        r!(a) = ptr;
                    } else if byte_elems {
                        // Packed eight to a slot as in memory; the slice's data need not be
                        // slot-aligned, nor hold the rest of the last slot.
                        for (k, bytes) in bytes_at(ptr, t.len).chunks(8).enumerate() {
                            let mut slot = [0u8; 8];
                            slot[..bytes.len()].copy_from_slice(bytes);
                            r!(a + k) = u64::from_ne_bytes(slot);
                        }
                    } else {
                        let n = t.slots as usize;
                        regs!(a, n).copy_from_slice(slots_at(ptr, n));
                    }
                }
                Op::Append | Op::AppendSlice | Op::AppendStr => {
                    let et = if i.op == Op::AppendStr {
                        None
                    } else {
                        Some(&prog.types[c])
                    };
                    let (byte_elem, es) = match et {
                        Some(t) => (t.kind.is_byte_kind(), t.slots as u64),
                        None => (true, 1),
                    };
                    let go_size = et.map_or(1, |t| t.go_size);
                    // The elements to add, as raw bytes of the slot (or byte) layout.
                    let (src, n): (u64, u64) = match i.op {
                        Op::Append => (0, i.x as u64),
                        _ => (r!(b), r!(b + 1)),
                    };
                    let (ptr, len, cap) = (r!(a), r!(a + 1), r!(a + 2));
                    let new_len = len + n;
                    let width = if byte_elem { 1 } else { 8 * es };
                    let (mut p, mut new_cap) = (ptr, cap);
                    if new_len > cap {
                        // Go's growslice: a length an int cannot hold, or more memory than
                        // the allocator gives, is a panic; values of zero size need none.
                        if (new_len as i64) < 0 || new_len as u128 * go_size as u128 > 1 << 48 {
                            trap!("growslice: len out of range".to_string());
                        }
                        new_cap = if go_size == 0 {
                            new_len
                        } else {
                            grow_cap(cap, new_len, go_size)
                        };
                        p = match et {
                            Some(_) => self.heap.alloc_array(&prog.types, TypeIdx(c as u32), new_cap as usize),
                            None => self.heap.alloc_bytes(new_cap as usize),
                        };
                        copy_bytes(p, ptr, (len * width) as usize);
                    }
                    if i.op == Op::Append {
                        for k in 0..n {
                            let dst = p + (len + k) * width;
                            if byte_elem {
                                store_byte(dst, r!(b + k as usize) as u8);
                            } else {
                                for s in 0..es {
                                    store(dst + 8 * s, r!(b + (k * es + s) as usize));
                                }
                            }
                        }
                    } else {
                        copy_bytes(p + len * width, src, (n * width) as usize);
                    }
                    r!(a) = p;
                    r!(a + 1) = new_len;
                    r!(a + 2) = new_cap;
                }
                Op::Copy | Op::CopyStr => {
                    let n = r!(b + 1).min(r!(c + 1));
                    let width = if i.op == Op::CopyStr { 1 } else { elem_width(i.x) };
                    copy_bytes(r!(b), r!(c), (n * width) as usize);
                    r!(a) = n;
                }
                Op::ClearSlice => {
                    let width = elem_width(i.x);
                    zero_bytes(r!(a), (r!(a + 1) * width) as usize);
                }
                Op::MakeMap => {
                    let mt = &prog.types[c];
                    let (kt, vt) = (mt.key.expect("map key"), mt.elem.expect("map value"));
                    let m = GoMap::new(
                        kt,
                        prog.types[kt.0 as usize].slots as usize,
                        prog.types[vt.0 as usize].slots as usize,
                    );
                    r!(a) = self.new_map(m);
                }
                Op::MapGet | Op::MapGetOk => {
                    let mt = &prog.types[c];
                    let ks = prog.types[mt.key.expect("map key").0 as usize].slots as usize;
                    let vs = prog.types[mt.elem.expect("map value").0 as usize].slots as usize;
                    let m = r!(b);
                    let present = if m == 0 {
                        if let Err(t) = hashable(&prog.types, mt.key.expect("map key"), regs!(b + 1, ks)) {
                            trap!(format!("hash of unhashable type {t}"));
                        }
                        regs!(a, vs).fill(0);
                        0
                    } else {
                        let map = claim!(map_ref(m).read());
                        match map.get(&prog.types, regs!(b + 1, ks)) {
                            Ok(Some(v)) => {
                                regs!(a, vs).copy_from_slice(v);
                                1
                            }
                            Ok(None) => {
                                regs!(a, vs).fill(0);
                                0
                            }
                            Err(t) => trap!(format!("hash of unhashable type {t}")),
                        }
                    };
                    if i.op == Op::MapGetOk {
                        r!(a + vs) = present;
                    }
                }
                Op::MapSet => {
                    let mt = &prog.types[c];
                    let ks = prog.types[mt.key.expect("map key").0 as usize].slots as usize;
                    let vs = prog.types[mt.elem.expect("map value").0 as usize].slots as usize;
                    let m = r!(a);
                    if m == 0 {
                        save_pc!();
                        let v = self.plain_error("assignment to entry in nil map");
                        return Err(Trap::Panic(PanicInfo::new(v)));
                    }
                    let (key, val) = (&*regs!(a + 1, ks), &*regs!(b, vs));
                    let grown = claim!(map_ref(m).write()).set(&prog.types, key, val);
                    match grown {
                        Ok(0) => {}
                        Ok(grown) => self.heap.account(grown),
                        Err(t) => trap!(format!("hash of unhashable type {t}")),
                    }
                }
                Op::MapDelete => {
                    let m = r!(a);
                    let kt = prog.types[c].key.expect("map key");
                    let key = regs!(b, prog.types[kt.0 as usize].slots as usize);
                    let deleted = if m == 0 {
                        hashable(&prog.types, kt, key)
                    } else {
                        claim!(map_ref(m).write()).delete(&prog.types, key)
                    };
                    if let Err(t) = deleted {
                        trap!(format!("hash of unhashable type {t}"));
                    }
                }
                Op::MapLen => {
                    let m = r!(b);
                    r!(a) = if m == 0 { 0 } else { map_ref(m).len() as u64 };
                }
                Op::MapClear => {
                    let m = r!(a);
                    if m != 0 {
                        claim!(map_ref(m).write()).clear();
                    }
                }
                Op::MapIter => {
                    let m = r!(b);
                    let rnd = self.random();
                    let it = if m == 0 {
                        MapIter {
                            start: 0,
                            visited: 0,
                            count: 0,
                        }
                    } else {
                        claim!(map_ref(m).iterate()).iter(rnd)
                    };
                    r!(a) = self.new_iter(m, it);
                }
                Op::MapNext => {
                    let (m, it) = iter_mut(r!(b));
                    let found = m != 0 && {
                        let map = claim!(map_ref(m).iterate());
                        match map.next(it) {
                            Some(e) => {
                                regs!(a + 1, e.len()).copy_from_slice(e);
                                true
                            }
                            None => false,
                        }
                    };
                    r!(a) = found as u64;
                }
                Op::MakeIface => {
                    let t = &prog.types[c];
                    let data = match t.slots {
                        0 => 0,
                        1 => r!(b),
                        n => {
                            let bx = self.heap.alloc(n as usize, PtrLayout::Values(TypeIdx(c as u32)));
                            for k in 0..n as usize {
                                store(bx + 8 * k as u64, r!(b + k));
                            }
                            bx
                        }
                    };
                    r!(a) = c as u64 + 1;
                    r!(a + 1) = data;
                }
                Op::AssertType | Op::AssertTypeOk => {
                    let t = &prog.types[c];
                    let (tw, data) = (r!(b), r!(b + 1));
                    let n = t.slots as usize;
                    if tw == c as u64 + 1 {
                        let v = iface_slots(&prog.types, tw, &data).to_vec();
                        regs!(a, n).copy_from_slice(&v);
                        if i.op == Op::AssertTypeOk {
                            r!(a + n) = 1;
                        }
                    } else if i.op == Op::AssertTypeOk {
                        regs!(a, n).fill(0);
                        r!(a + n) = 0;
                    } else {
                        let have = if tw == 0 {
                            "nil".to_string()
                        } else {
                            prog.types[tw as usize - 1].name.clone()
                        };
                        let iface = static_iface_name(prog, func_idx, pc - 1);
                        save_pc!();
                        let v = self.plain_error(&format!("interface conversion: {iface} is {have}, not {}", t.name));
                        return Err(Trap::Panic(PanicInfo::new(v)));
                    }
                }
                Op::AssertIface | Op::AssertIfaceOk => {
                    let (tw, data) = (r!(b), r!(b + 1));
                    let missing = if tw == 0 {
                        Some(String::new())
                    } else {
                        missing_method(prog, (tw - 1) as usize, c)
                    };
                    match missing {
                        None => {
                            r!(a) = tw;
                            r!(a + 1) = data;
                            if i.op == Op::AssertIfaceOk {
                                r!(a + 2) = 1;
                            }
                        }
                        Some(_) if i.op == Op::AssertIfaceOk => {
                            r!(a) = 0;
                            r!(a + 1) = 0;
                            r!(a + 2) = 0;
                        }
                        Some(m) => {
                            let target = prog.types[c].name.clone();
                            let msg = if tw == 0 {
                                format!("interface conversion: interface is nil, not {target}")
                            } else {
                                format!(
                                    "interface conversion: {} is not {target}: missing method {m}",
                                    prog.types[tw as usize - 1].name
                                )
                            };
                            save_pc!();
                            let v = self.plain_error(&msg);
                            return Err(Trap::Panic(PanicInfo::new(v)));
                        }
                    }
                }
                Op::TypeIs => {
                    let tw = r!(b);
                    r!(a) = if prog.types[c].kind == Kind::Nil {
                        tw == 0
                    } else {
                        tw == c as u64 + 1
                    } as u64;
                }
                Op::Implements => {
                    let tw = r!(b);
                    r!(a) = (tw != 0 && missing_method(prog, (tw - 1) as usize, c).is_none()) as u64;
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
                Op::Defer => {
                    let args = regs!(a, c).to_vec();
                    let closure = r!(b);
                    let depth = self.g.frames.len();
                    self.g.defers.push(Deferred { depth, closure, args });
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
                Op::Go => {
                    let cl = r!(b);
                    if cl == 0 {
                        save_pc!();
                        return Err(Trap::Fatal(format!(
                            "fatal error: go of nil func value\n\ngoroutine {} [running]:\n",
                            self.g.id()
                        )));
                    }
                    let args = smallvec::SmallVec::<[u64; 8]>::from_slice(regs!(a, c));
                    save_pc!();
                    self.spawn(cl, &args)?;
                }
                Op::MakeChan => {
                    let slots = prog.types[c].slots as usize;
                    let size = r!(b) as i64;
                    match self.make_chan(slots, size) {
                        Ok(ch) => r!(a) = ch,
                        Err(e) => {
                            save_pc!();
                            return Err(e);
                        }
                    }
                }
                Op::Send => {
                    let val = smallvec::SmallVec::<[u64; 4]>::from_slice(regs!(b, c));
                    let ch = r!(a);
                    chan_op!(self.chan_send(ch, &val));
                }
                Op::Recv => {
                    let ch = r!(b);
                    let ok_at = (i.x == 1).then_some(base + a + c);
                    chan_op!(self.chan_recv(ch, base + a, c, ok_at));
                }
                Op::Close => {
                    let ch = r!(a);
                    chan_op!(self.chan_close(ch));
                }
                Op::ChanLen => r!(a) = Machine::chan_len(r!(b), i.x == 1),
                Op::Select => {
                    let limit = base + prog.funcs[func_idx as usize].nregs as usize;
                    chan_op!(self.select(base + a, c, i.x == 1, limit));
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
                Op::Print => {
                    let t = TypeIdx(c as u32);
                    let n = prog.types[c].slots as usize;
                    let v = regs!(a, n).to_vec();
                    let s = crate::runtime::print::value_text(&prog.types, t.0, &v);
                    self.write_err(s.as_bytes());
                }
                Op::PrintStr => {
                    let s = &prog.strings[i.bc() as usize];
                    self.write_err(s);
                }
            }
        }
    }

    fn new_map(&mut self, m: GoMap) -> u64 {
        self.heap.boxed(MapCell::new(m))
    }

    fn new_iter(&mut self, m: u64, it: MapIter) -> u64 {
        self.heap.boxed((m, it))
    }
}

/// The map a map word points to. Its table is reached only through a claim (see
/// `runtime::map`), and the reference must not be kept past the instruction or Rust
/// function that made it: a sweep may free the map once no goroutine holds the word.
pub(crate) fn map_ref<'m>(m: u64) -> &'m MapCell {
    // SAFETY: map words are only ever made by boxing a `MapCell` in the heap (`new_map`
    // here, `embed::value::new_map`), which frees it only when a sweep finds it
    // unreachable. The word was just read from a live goroutine's registers or from
    // a value it reaches (or, in the embedding API, from a value being converted, which
    // no collection can interrupt), and sweeps run only with the world stopped at
    // safepoints, none of which passes while the reference is used. A `MapCell` is
    // `Sync`: the machines share it through its claims.
    unsafe { &*(m as *const MapCell) }
}

fn iter_mut<'m>(it: u64) -> (u64, &'m mut MapIter) {
    // SAFETY: iterator words come only from `new_iter`, boxed in the heap until a sweep
    // finds them unreachable (as for `map_ref`), and each is held by the one goroutine
    // running the range loop that made it, in a register no other code reads: this is
    // the only reference to it.
    let b = unsafe { &mut *(it as *mut (u64, MapIter)) };
    (b.0, &mut b.1)
}

/// The static type of the interface the `AssertType` at `pc` of function `f` asserts on, as
/// Go names it in the panic (`interface {}` for code that does not record it).
fn static_iface_name(prog: &crate::bytecode::Program, f: u32, pc: usize) -> &str {
    let asserted = &prog.funcs[f as usize].asserted;
    match asserted.binary_search_by_key(&(pc as u32), |&(at, _)| at) {
        Ok(i) => &prog.types[asserted[i].1.0 as usize].name,
        Err(_) => "interface {}",
    }
}

/// Err(the type's name) if `key`, of type `kt`, holds a value that cannot be hashed. Go
/// hashes the key of every map access, so a nil map panics on such a key as others do.
fn hashable(types: &[crate::bytecode::RType], kt: TypeIdx, key: &[u64]) -> Result<(), String> {
    crate::runtime::value::hash(types, kt, key, &mut std::hash::DefaultHasher::new())
}

/// The first method of interface type `iface` that type `t` lacks.
fn missing_method(prog: &crate::bytecode::Program, t: usize, iface: usize) -> Option<String> {
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

/// The bounds of `s[lo:hi:max]` for an operand of length `len` and capacity `cap`, with
/// what `x` (the [`slice_x`] bits) says was given; or Go's message for the first that is
/// out of range.
#[inline(always)]
fn slice_bounds(x: u8, len: u64, cap: u64, lo: u64, hi: u64, max: u64) -> Result<(u64, u64, u64), String> {
    let lo = if x & slice_x::LO != 0 { lo } else { 0 };
    let hi = if x & slice_x::HI != 0 { hi } else { len };
    let max = if x & slice_x::MAX != 0 { max } else { cap };
    // Compared unsigned, a negative bound is too big: one comparison each.
    if max > cap || hi > max || lo > hi {
        return Err(slice_error(x, cap, lo, hi, max));
    }
    Ok((lo, hi, max))
}

/// Go's message for bounds that [`slice_bounds`] refused, checked in Go's order: max
/// against the capacity, then hi against max, then lo against hi. The bound at fault is
/// printed signed (and then, if negative, alone) unless its type is unsigned.
#[cold]
fn slice_error(x: u8, cap: u64, lo: u64, hi: u64, max: u64) -> String {
    let negative = |v: u64, unsigned: u8| x & unsigned == 0 && (v as i64) < 0;
    let three = x & slice_x::MAX != 0;
    let what = if x & slice_x::ARRAY != 0 { "length" } else { "capacity" };
    let at = if max > cap {
        // Only with three indexes: with two, max is the capacity.
        if negative(max, slice_x::MAX_UNSIGNED) {
            format!("[::{}]", max as i64)
        } else {
            format!("[::{max}] with {what} {cap}")
        }
    } else if hi > max {
        match (three, negative(hi, slice_x::HI_UNSIGNED)) {
            (true, true) => format!("[:{}:]", hi as i64),
            (true, false) => format!("[:{hi}:{max}]"),
            (false, true) => format!("[:{}]", hi as i64),
            (false, false) => format!("[:{hi}] with {what} {cap}"),
        }
    } else {
        match (three, negative(lo, slice_x::LO_UNSIGNED)) {
            (true, true) => format!("[{}::]", lo as i64),
            (true, false) => format!("[{lo}:{hi}:]"),
            (false, true) => format!("[{}:]", lo as i64),
            (false, false) => format!("[{lo}:{hi}]"),
        }
    };
    format!("slice bounds out of range {at}")
}

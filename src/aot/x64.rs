//! The amd64 code generator: a function's bytecode to machine code, one instruction at a
//! time (a template compiler, for now: every value lives in its frame slot between
//! instructions, and each instruction loads what it reads and stores what it writes).
//!
//! A function's code has two ways in. The *stub*, at its start, is `extern "sysv64"
//! fn(ctx, frame, pc, fuel, preempt, runtime) -> status` (`Entry`): it saves the
//! callee-saved registers, loads the fixed ones and calls the *body* at instruction
//! `pc` through a table of jumps, one per instruction. The *body* is what compiled
//! callers call directly, at its first instruction, with the fixed registers set and
//! `FRAME` the callee's frame; it returns a `status` in `rax`. Every instruction boundary
//! is a valid entry and a valid exit, because the frame's slots hold exactly what the
//! interpreter would have there (values kept in registers, see `cache`, are loaded
//! where the interpreter enters: a jump's target, a call's return, a recovery point;
//! an entry anywhere else leaves at once, for the interpreter to run from there). An instruction the generator does not compile is an
//! exit at its pc, and so is any check that fails (a nil pointer, an index out of range,
//! a division by zero, a back edge out of fuel or asked to stop): the code stores the pc
//! in the innermost frame record and returns `EXITED`, and every compiled caller
//! returns that on at once, so the interpreter runs that instruction itself, with its
//! panic or its safepoint. A helper that traps ends the run the same way, with
//! `TRAPPED`.
//!
//! A call to a compiled Go function pushes the callee's frame record, as the interpreter
//! does, and calls its body; its `Ret` pops the record and returns `RETURNED`. Anything
//! the fast path cannot do (a full record buffer, a stack to grow, fuel to take, a stop
//! asked for, a callee without code, calls nested too deep) goes through the `enter_go`
//! helper, which enters the function as the interpreter would.
//!
//! Fixed registers, named once: `FRAME` holds the frame's first slot, `FUEL` the address
//! of the machine's fuel (an `i64`), `PREEMPT` the address of its preempt flag (a byte,
//! nonzero when the goroutine must stop at its next safepoint), `CTX` the run's `Ctx`
//! and `RUNTIME` the table of helpers. All are callee-saved, saved by the stub. `rax`,
//! `rcx`, `rdx`, `rsi`, `rdi` and `xmm0` are scratch. In a body `rsp` is 16-byte aligned,
//! as calls out want it.
//!
//! The code is position independent: jumps are relative, and no address is baked in
//! (callees are found in `Ctx::callees`).

use std::mem::{offset_of, size_of};

use dynasmrt::x64::{Rq, X64Relocation};
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, VecAssembler, dynasm};

use super::status::{EXITED, RETURNED, TRAPPED};
use super::{Callee, Ctx, NOT_CACHED, Runtime};
use crate::bytecode::op::{Facts, Insn, Op, Operand, elem_width};
use crate::bytecode::{Func, Program};
use crate::vm::verify::SLACK;
use crate::vm::{Frame, FrameKind};

/// Assembles in the generator's dialect: amd64, with the fixed registers named.
macro_rules! asm {
    ($ops:expr; $($t:tt)*) => {
        dynasm!($ops
            ; .arch x64
            ; .alias FRAME, rbx
            ; .alias FUEL, r12
            ; .alias PREEMPT, r13
            ; .alias CTX, r14
            ; .alias RUNTIME, r15
            ; $($t)*
        )
    };
}

type Asm = VecAssembler<X64Relocation>;

mod cache;

use cache::{Cache, Home};

/// The byte offset of slot `r` from `FRAME`. A verified register is below 2^16, so this
/// fits.
fn slot(r: u16) -> i32 {
    8 * r as i32
}

/// Offsets in `Ctx`, `Runtime` and a frame record, for the code's addressing.
const DEPTH: i32 = offset_of!(Ctx, depth) as i32;
const FRAMES: i32 = offset_of!(Ctx, frames) as i32;
const FRAMES_CAP: i32 = offset_of!(Ctx, frames_cap) as i32;
const STACK: i32 = offset_of!(Ctx, stack) as i32;
const STACK_LEN: i32 = offset_of!(Ctx, stack_len) as i32;
const CALLEES: i32 = offset_of!(Ctx, callees) as i32;
const GLOBALS: i32 = offset_of!(Ctx, globals) as i32;
const RAN: i32 = offset_of!(Ctx, ran) as i32;
const STRINGS: i32 = offset_of!(Ctx, strings) as i32;
const FUNC_CLOSURES: i32 = offset_of!(Ctx, func_closures) as i32;
const METHODS: i32 = offset_of!(Ctx, methods) as i32;
const CALLEE: i32 = size_of::<Callee>() as i32;
const CALLEE_BODY: i32 = offset_of!(Callee, body) as i32;
const CALLEE_FRAME: i32 = offset_of!(Callee, frame) as i32;
const CALLEE_COST: i32 = offset_of!(Callee, cost) as i32;
const RSP_FLOOR: i32 = offset_of!(Ctx, rsp_floor) as i32;
const RECORD: i32 = size_of::<Frame>() as i32;
const REC_PC: i32 = offset_of!(Frame, pc) as i32;
const REC_BASE: i32 = offset_of!(Frame, base) as i32;
const REC_CLOSURE: i32 = offset_of!(Frame, closure) as i32;
const REC_FUNC: i32 = offset_of!(Frame, func) as i32;
const REC_KIND: i32 = offset_of!(Frame, kind) as i32;

// A compiled `Ret` hands back frames of these kinds, the interpreter's way (see
// `Gen::ret`): those two and no other are at most `Deferred`.
const _: () = assert!(FrameKind::Call as u8 == 0 && FrameKind::Deferred as u8 == 1);

/// The machine code of `func` and the offset of its body, or None if every instruction
/// would be an exit. With `counts`, each instruction run as machine code adds one to
/// `Ctx::ran` (one that exits after its check failed is counted twice, by the
/// interpreter too).
pub fn compile(prog: &Program, func: &Func, counts: bool, sites: &mut u32) -> Option<(Vec<u8>, usize)> {
    let mut ops = Asm::new(0);
    let exit = ops.new_dynamic_label();
    let trapped = ops.new_dynamic_label();
    let leave = ops.new_dynamic_label();
    let table = ops.new_dynamic_label();
    let dispatch = ops.new_dynamic_label();
    let labels: Vec<DynamicLabel> = func.code.iter().map(|_| ops.new_dynamic_label()).collect();
    // The stub: six pushes after the return address, so that the call of the body
    // leaves `rsp` aligned in it.
    asm!(ops
        ; push rbp
        ; push FRAME
        ; push FUEL
        ; push PREEMPT
        ; push CTX
        ; push RUNTIME
        ; mov CTX, rdi
        ; mov FRAME, rsi
        ; mov FUEL, rcx
        ; mov PREEMPT, r8
        ; mov RUNTIME, r9
        ; call =>dispatch
        ; pop RUNTIME
        ; pop CTX
        ; pop PREEMPT
        ; pop FUEL
        ; pop FRAME
        ; pop rbp
        ; ret
        // Into the body at instruction `pc` (rdx), through the table of 5-byte jumps.
        ; =>dispatch
        ; lea rax, [rdx + rdx * 4]
        ; lea rcx, [=>table]
        ; add rax, rcx
        ; jmp rax
        ; =>table
    );
    // Entries: each instruction's, where its registers are loaded from the slots if it
    // expects values in some.
    let entries: Vec<DynamicLabel> = func.code.iter().map(|_| ops.new_dynamic_label()).collect();
    for &entry in &entries {
        asm!(ops; jmp =>entry);
    }
    let targets = jump_targets(func);
    let loops = loops(prog, func);
    let mut in_loop = vec![None; func.code.len()];
    for (k, l) in loops.iter().enumerate() {
        in_loop[l.start..=l.end].fill(Some(k));
    }
    // Jumps into a loop from outside go through its entry, which loads its residents.
    let loop_entries: Vec<DynamicLabel> = func.code.iter().map(|_| ops.new_dynamic_label()).collect();
    let mut cold = Vec::new();
    let mut reloads = Vec::new();
    let mut declined = Vec::new();
    let mut cache = Cache::default();
    let mut compiled = 0;
    for (pc, &i) in func.code.iter().enumerate() {
        let before = pc.checked_sub(1).and_then(|p| in_loop[p]);
        if before != in_loop[pc] || !keeps_registers(prog, i) {
            cache.flush_all(&mut ops);
        }
        match in_loop[pc] {
            Some(k) if before != in_loop[pc] => cache.enter_loop(&mut ops, &loops[k].residents),
            _ => {}
        }
        if targets[pc] {
            match in_loop[pc] {
                Some(k) => {
                    cache.loop_block(&mut ops);
                    reloads.push((loop_entries[pc], loops[k].residents.clone(), labels[pc]));
                }
                None => cache.flush_all(&mut ops),
            }
        }
        ops.dynamic_label(labels[pc]);
        let held = cache.held_slots();
        if held.is_empty() {
            ops.dynamic_label(entries[pc]);
        } else if entered(func, pc, &targets) {
            reloads.push((entries[pc], held, labels[pc]));
        } else {
            declined.push(entries[pc]);
        }
        if counts {
            asm!(ops; add QWORD [CTX + RAN], 1);
        }
        let mut g = Gen {
            ops: &mut ops,
            prog,
            pc,
            labels: &labels,
            trapped,
            leave,
            cold: &mut cold,
            sites: &mut *sites,
            cache: &mut cache,
            in_loop: &in_loop,
            loop_entries: &loop_entries,
            inlined: None,
        };
        if g.insn(i) {
            compiled += 1;
        } else {
            if counts {
                // Taken back: the interpreter runs it, and counts it.
                asm!(ops; sub QWORD [CTX + RAN], 1);
            }
            asm!(ops
                ; mov eax, pc as i32
                ; jmp =>exit
            );
        }
        cache.unpin();
    }
    if compiled == 0 {
        return None;
    }
    for (entry, held, label) in reloads {
        ops.dynamic_label(entry);
        for (s, home) in held {
            cache::load(&mut ops, s, home);
        }
        asm!(ops; jmp =>label);
    }
    // Any other entry where values would be in registers leaves at once, at its pc
    // (still in `rdx` from the stub), for the interpreter to run from there.
    for entry in declined {
        ops.dynamic_label(entry);
    }
    asm!(ops
        ; mov rax, rdx
        ; jmp =>exit
    );
    for (label, path) in cold {
        ops.dynamic_label(label);
        path.emit(&mut ops, exit, trapped);
    }
    asm!(ops
        // Exit at pc `rax`: the interpreter goes on there.
        ; =>exit
    );
    top_record(&mut ops, Rq::RCX);
    asm!(ops
        ; mov [rcx - RECORD + REC_PC], rax
        ; mov eax, EXITED as i32
        ; ret
        ; =>trapped
        ; mov eax, TRAPPED as i32
        ; =>leave
        ; ret
    );
    let body = ops.labels().resolve_dynamic(labels[0]).ok()?.0;
    Some((ops.finalize().ok()?, body))
}

/// A call of a library function that is one machine instruction, compiled as that
/// instruction: `math.Sqrt` (IEEE 754's square root, as Go's and Rust's are).
#[derive(Clone, Copy)]
enum Intrinsic {
    Sqrt,
}

fn intrinsic(prog: &Program, i: Insn) -> Option<Intrinsic> {
    let f = prog.funcs.get(i.bc() as usize)?;
    match f.rust.as_deref()? {
        "math.Sqrt" => Some(Intrinsic::Sqrt),
        _ => None,
    }
}

/// The longest function inlined, in instructions before its return.
const INLINE: usize = 24;

/// The body of the function `i` calls, if it is inlined, as instructions of the
/// caller: a small leaf, straight-line function made of instructions that keep
/// registers (no call but an intrinsic, no jump, no captures), up to its first `Ret`,
/// whose results become moves. Its slots are the caller's from the call's frame on
/// (slot `k` is the caller's `a + k`), as they would be if it were called; its record is
/// pushed only if it leaves the code (see `Cold::Inlined`).
fn inlined(prog: &Program, i: Insn) -> Option<Vec<Insn>> {
    if i.op != Op::Call {
        return None;
    }
    let f = prog.funcs.get(i.bc() as usize)?;
    let ret = f.code.iter().position(|x| x.op == Op::Ret)?;
    let plain = |x: &Insn| {
        let jumps =
            x.op.operands()
                .iter()
                .any(|k| matches!(k, Operand::Jump | Operand::Jump16));
        let leaf = x.op != Op::Call || intrinsic(prog, *x).is_some();
        leaf && !jumps && x.op != Op::LoadCapture && keeps_registers(prog, *x)
    };
    if f.rust.is_some()
        || ret > INLINE
        || f.code[ret].b > UNROLL
        || !f.code[..ret].iter().all(plain)
        || i.a as usize + f.nregs as usize + SLACK > u16::MAX as usize
    {
        return None;
    }
    let at = |r: u16| r + i.a;
    let mut body: Vec<Insn> = f.code[..ret]
        .iter()
        .map(|&x| {
            let mut y = x;
            let kinds = x.op.operands();
            if kinds[0] == Operand::Reg {
                y.a = at(x.a);
            }
            if kinds[1] == Operand::Reg {
                y.b = at(x.b);
            }
            if kinds[2] == Operand::Reg {
                y.c = at(x.c);
            }
            y
        })
        .collect();
    let r = f.code[ret];
    if r.a != 0 {
        body.extend((0..r.b).map(|k| Insn::new(Op::Move, at(k), at(r.a + k), 0)));
    }
    Some(body)
}

/// An innermost loop all of whose instructions keep registers: from the back edge's
/// target `start` to the back edge `end`, keeping `residents` in registers throughout
/// (see `cache`).
struct Loop {
    start: usize,
    end: usize,
    residents: Vec<(u16, Home)>,
}

/// How an instruction that keeps registers reaches a slot.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Reads it in a general register (`Cache::gpr`).
    Gpr,
    /// Reads it in an XMM register (`Cache::xmm`).
    Xmm,
    /// Writes it from `rax` (`Cache::def_gpr`).
    DefGpr,
    /// Writes it from `xmm0` (`Cache::def_xmm`).
    DefXmm,
}

/// The slots `i` reaches, and how, if it is one of the ops compiled to work on values
/// in registers (`Gen::in_registers`: the moves, arithmetic, comparisons, loads,
/// stores, checks and jumps that make up loops); None for any other. A `Move` counts
/// as the integer kind, which it is unless its source is in an XMM register.
fn uses(prog: &Program, i: Insn) -> Option<Vec<(u16, Use)>> {
    let (a, b, c) = (i.a, i.b, i.c);
    Some(match i.op {
        Op::Call if intrinsic(prog, i).is_some() => vec![(a, Use::Xmm), (a, Use::DefXmm)],
        Op::Call => inlined(prog, i)?
            .into_iter()
            .flat_map(|x| uses(prog, x).expect("inlined code keeps registers"))
            .collect(),
        Op::LoadK | Op::LoadI | Op::GlobalAddr | Op::LoadCapture => vec![(a, Use::DefGpr)],
        Op::Move
        | Op::AddImm
        | Op::NegI
        | Op::Com
        | Op::SExt
        | Op::ZExt
        | Op::NegF
        | Op::NotB
        | Op::Load
        | Op::FieldAddr => {
            vec![(b, Use::Gpr), (a, Use::DefGpr)]
        }
        Op::AddI
        | Op::SubI
        | Op::MulI
        | Op::And
        | Op::Or
        | Op::Xor
        | Op::AndNot
        | Op::Shl
        | Op::ShrU
        | Op::ShrI
        | Op::EqI
        | Op::NeI
        | Op::LtI
        | Op::LeI
        | Op::LtU
        | Op::LeU
        | Op::DivI
        | Op::RemI
        | Op::DivU
        | Op::RemU => vec![(b, Use::Gpr), (c, Use::Gpr), (a, Use::DefGpr)],
        Op::AddF | Op::SubF | Op::MulF | Op::DivF => vec![(b, Use::Xmm), (c, Use::Xmm), (a, Use::DefXmm)],
        Op::F32 => vec![(b, Use::Xmm), (a, Use::DefXmm)],
        Op::I2F => vec![(b, Use::Gpr), (a, Use::DefXmm)],
        Op::EqF | Op::NeF | Op::LtF | Op::LeF => vec![(b, Use::Xmm), (c, Use::Xmm), (a, Use::DefGpr)],
        Op::NilCheck | Op::JmpIf | Op::JmpIfNot => vec![(a, Use::Gpr)],
        Op::Store | Op::BoundsCheck | Op::BrNotLtI | Op::BrNotLeI | Op::BrNotEqI | Op::BrNotNeI => {
            vec![(a, Use::Gpr), (b, Use::Gpr)]
        }
        Op::IndexAddr | Op::SliceLoad | Op::SliceLoadB | Op::StrIndex => {
            vec![(c, Use::Gpr), (b + 1, Use::Gpr), (b, Use::Gpr), (a, Use::DefGpr)]
        }
        Op::Jmp => vec![],
        Op::Zero => (0..c).map(|k| (a + k, Use::DefGpr)).collect(),
        Op::MoveN => (0..c).flat_map(|k| [(b + k, Use::Gpr), (a + k, Use::DefGpr)]).collect(),
        Op::LoadN => [(b, Use::Gpr)]
            .into_iter()
            .chain((0..c).map(|k| (a + k, Use::DefGpr)))
            .collect(),
        Op::StoreN => [(a, Use::Gpr)]
            .into_iter()
            .chain((0..c).map(|k| (b + k, Use::Gpr)))
            .collect(),
        _ => return None,
    })
}

/// The general registers `i` needs besides the residents `res` (a slot's register kind
/// is whether it is in an XMM register): one for each slot it reads in a general
/// register that is not a resident there, and one for its result. Likewise XMM
/// registers. An upper bound: a slot already in a register needs none.
fn temps_needed(prog: &Program, i: Insn, res: &[(u16, bool)]) -> (usize, usize) {
    // A slot at a time: one register read and one written, or a move's XMM register.
    if matches!(i.op, Op::Zero | Op::MoveN | Op::LoadN | Op::StoreN) {
        return (2, 1);
    }
    let (mut gprs, mut xmms) = (0, 0);
    for (s, u) in uses(prog, i).unwrap_or_default() {
        let xmm = matches!(u, Use::Xmm | Use::DefXmm);
        let resident = res.iter().any(|&(r, in_xmm)| r == s && in_xmm == xmm);
        if !resident && matches!(u, Use::Gpr | Use::DefGpr) {
            gprs += 1;
        }
        if !resident && xmm {
            xmms += 1;
        }
    }
    // A move from an XMM register writes its result from one.
    (gprs, xmms + (i.op == Op::Move) as usize)
}

/// The innermost loops of `func` made only of instructions that keep registers, each
/// with the slots it reads most as residents: as many as leave every instruction of
/// the loop the registers it needs besides them (`temps_needed`), each in the kind of
/// register most of its uses want.
fn loops(prog: &Program, func: &Func) -> Vec<Loop> {
    let back_edges: Vec<(usize, usize)> = func
        .code
        .iter()
        .enumerate()
        .filter_map(|(pc, i)| {
            let offset = i.jump()?;
            (offset < 0).then(|| (pc, (pc as i64 + 1 + offset) as usize))
        })
        .collect();
    let mut found = Vec::new();
    for &(end, start) in &back_edges {
        let innermost = !back_edges.iter().any(|&(b, _)| start <= b && b < end);
        let body = &func.code[start..=end];
        if !innermost || !body.iter().all(|&i| keeps_registers(prog, i)) {
            continue;
        }
        // The instructions as compiled: inlined calls by their callees' bodies.
        let body: Vec<Insn> = body
            .iter()
            .flat_map(|&i| inlined(prog, i).unwrap_or_else(|| vec![i]))
            .collect();
        // Each read slot's uses: (reads, uses in XMM registers, all uses).
        let mut counts: Vec<(u16, usize, usize, usize)> = Vec::new();
        for &i in &body {
            for (s, u) in uses(prog, i).unwrap_or_default() {
                let k = match counts.iter().position(|c| c.0 == s) {
                    Some(k) => k,
                    None => {
                        counts.push((s, 0, 0, 0));
                        counts.len() - 1
                    }
                };
                let c = &mut counts[k];
                c.1 += matches!(u, Use::Gpr | Use::Xmm) as usize;
                c.2 += matches!(u, Use::Xmm | Use::DefXmm) as usize;
                c.3 += 1;
            }
        }
        counts.retain(|c| c.1 > 0);
        counts.sort_by_key(|c| std::cmp::Reverse(c.3));
        let mut res: Vec<(u16, bool)> = Vec::new();
        for &(s, _, xmm_uses, all) in &counts {
            res.push((s, 2 * xmm_uses > all));
            let (g, x) = res
                .iter()
                .fold((0, 0), |(g, x), r| if r.1 { (g, x + 1) } else { (g + 1, x) });
            let fits = body.iter().all(|&i| {
                let (tg, tx) = temps_needed(prog, i, &res);
                g + tg <= cache::GPRS.len() && x + tx <= cache::XMMS.len()
            });
            if !fits {
                res.pop();
            }
        }
        let (mut g, mut x) = (0, 0);
        let residents = res
            .into_iter()
            .map(|(s, xmm)| {
                let home = if xmm {
                    x += 1;
                    Home::Xmm(cache::XMMS[x - 1])
                } else {
                    g += 1;
                    Home::Gpr(cache::GPRS[g - 1])
                };
                (s, home)
            })
            .collect();
        found.push(Loop { start, end, residents });
    }
    found
}

/// Whether the interpreter enters the code at `pc` in the usual course of things: a
/// jump's target (a loop's back edge), where a call returns to, or where the function
/// goes on after a recovered panic. Elsewhere an entry is declined (see `compile`).
fn entered(func: &Func, pc: usize, targets: &[bool]) -> bool {
    let after_call = pc
        .checked_sub(1)
        .is_some_and(|p| matches!(func.code[p].op, Op::Call | Op::CallClosure | Op::CallIface));
    targets[pc] || after_call || func.recover_pc == Some(pc as u32)
}

/// Which instructions a jump goes to: where blocks start, with every value in its slot.
fn jump_targets(func: &Func) -> Vec<bool> {
    let mut targets = vec![false; func.code.len()];
    for (pc, i) in func.code.iter().enumerate() {
        let Some(offset) = i.jump() else { continue };
        if let Some(t) = targets.get_mut((pc as i64 + 1 + offset) as usize) {
            *t = true;
        }
    }
    targets
}

/// `reg` := the address just past the innermost frame record (where a callee's goes).
// dynasm converts a dynamic register's number with `into`, whatever its type.
#[allow(clippy::useless_conversion)]
fn top_record(ops: &mut Asm, reg: Rq) {
    asm!(ops
        ; mov Rq(reg as u8), [CTX + DEPTH]
        ; imul Rq(reg as u8), Rq(reg as u8), RECORD
        ; add Rq(reg as u8), [CTX + FRAMES]
    );
}

/// Whether `i` is compiled to work on values in registers (`Gen::in_registers`): an op
/// `uses` knows, with operands its templates can address.
fn keeps_registers(prog: &Program, i: Insn) -> bool {
    let addressable = match i.op {
        Op::LoadK => prog.consts.get(i.bc() as usize).is_some(),
        Op::GlobalAddr => i32::try_from(8 * i.bc() as u64).is_ok(),
        Op::IndexAddr | Op::SliceLoad | Op::SliceLoadB | Op::StrIndex => i.b < u16::MAX,
        // Small structs, a slot at a time.
        Op::Zero | Op::MoveN | Op::LoadN | Op::StoreN => i.c <= SMALL,
        _ => true,
    };
    addressable && uses(prog, i).is_some()
}

/// The most slots `Zero`, `MoveN`, `LoadN` and `StoreN` move in registers.
const SMALL: u16 = 4;

/// The function a call enters.
#[derive(Clone, Copy)]
enum Target {
    /// Function `f`, whose slow path comes back to `call` to call its body.
    Func { f: u32, call: DynamicLabel },
    /// The function of the closure in the slot at this offset from `FRAME`.
    Closure { slot: i32 },
    /// Method `name` of the dynamic type of the interface in the slot at this offset,
    /// found through the cache of call site `site`.
    Method { slot: i32, name: u32, site: u32 },
}

/// Code placed after the function's instructions, off the paths they usually take.
enum Cold {
    /// Leaves the code at `pc`, for the interpreter to run that instruction, after
    /// storing the values in `spills` whose slots are behind.
    Exit { pc: usize, spills: Vec<(u16, Home)> },
    /// A back edge's safepoint: pays for the loop (`cost` fuel) and goes on at `target`,
    /// or leaves at `pc`, after storing `spills`, if the fuel would run out or the
    /// goroutine must stop.
    BackEdge {
        pc: usize,
        cost: i32,
        target: DynamicLabel,
        spills: Vec<(u16, Home)>,
    },
    /// Leaves instruction `at` of the function called inline by `call` at `pc`, as the
    /// interpreter would have had it: `spills` stored, the caller's record going on
    /// after the call and the callee's record pushed (the entry checked there is room),
    /// waiting at `at`.
    Inlined {
        call: Insn,
        pc: usize,
        at: usize,
        spills: Vec<(u16, Home)>,
    },
    /// A jump out of a loop: stores `spills`, then goes to `target`.
    Edge {
        target: DynamicLabel,
        spills: Vec<(u16, Home)>,
    },
    /// A call of Go function `f` that the fast path could not make: entered through the
    /// runtime, then called at `call` if it has code, else left to the interpreter.
    Enter {
        f: u32,
        a: u16,
        pc: usize,
        call: DynamicLabel,
    },
}

impl Cold {
    fn emit(self, ops: &mut Asm, exit: DynamicLabel, trapped: DynamicLabel) {
        match self {
            Cold::Exit { pc, spills } => {
                for (s, home) in spills {
                    cache::store(ops, s, home);
                }
                asm!(ops
                    ; mov eax, pc as i32
                    ; jmp =>exit
                );
            }
            Cold::BackEdge {
                pc,
                cost,
                target,
                spills,
            } => {
                asm!(ops
                    ; cmp BYTE [PREEMPT], 0
                    ; jne >stop
                    ; mov rax, [FUEL]
                    ; sub rax, cost
                    ; js >stop
                    ; mov [FUEL], rax
                    ; jmp =>target
                    ; stop:
                );
                for (s, home) in spills {
                    cache::store(ops, s, home);
                }
                asm!(ops
                    ; mov eax, pc as i32
                    ; jmp =>exit
                );
            }
            Cold::Inlined { call, pc, at, spills } => {
                for (s, home) in spills {
                    cache::store(ops, s, home);
                }
                top_record(ops, Rq::RDX);
                asm!(ops
                    ; mov QWORD [rdx - RECORD + REC_PC], pc as i32 + 1
                    ; mov rax, [rdx - RECORD + REC_BASE]
                    ; add rax, call.a as i32
                    ; mov [rdx + REC_BASE], rax
                    ; mov QWORD [rdx + REC_CLOSURE], 0
                    ; mov DWORD [rdx + REC_FUNC], call.bc() as i32
                    ; mov BYTE [rdx + REC_KIND], FrameKind::Call as i8
                    ; add QWORD [CTX + DEPTH], 1
                    ; mov eax, at as i32
                    ; jmp =>exit
                );
            }
            Cold::Edge { target, spills } => {
                for (s, home) in spills {
                    cache::store(ops, s, home);
                }
                asm!(ops; jmp =>target);
            }
            Cold::Enter { f, a, pc, call } => asm!(ops
                ; mov rdi, CTX
                ; mov esi, f as i32
                ; mov edx, a as i32
                ; mov ecx, pc as i32 + 1
                ; call QWORD [RUNTIME + offset_of!(Runtime, enter_go) as i32]
                ; test rax, rax
                ; jz =>trapped
                ; mov FRAME, rax
                ; mov rsi, [CTX + CALLEES]
                ; mov rsi, [rsi + CALLEE * f as i32 + CALLEE_BODY]
                ; test rsi, rsi
                ; jz >interpret
                ; cmp rsp, [CTX + RSP_FLOOR]
                ; jae =>call
                // The callee's record waits at its first instruction.
                ; interpret:
                ; mov eax, EXITED as i32
                ; ret
            ),
        }
    }
}

/// Runs of slots longer than this are left to the interpreter's memmove and fill rather
/// than unrolled.
const UNROLL: u16 = 32;

struct Gen<'a> {
    ops: &'a mut Asm,
    prog: &'a Program,
    pc: usize,
    labels: &'a [DynamicLabel],
    /// Where code goes when a helper reports a trap.
    trapped: DynamicLabel,
    /// Where code goes to return a callee's status on (`ret`).
    leave: DynamicLabel,
    /// Code placed after the function's, for `Cold::emit`.
    cold: &'a mut Vec<(DynamicLabel, Cold)>,
    /// The number of the next `CallIface` site (see `Ctx::methods`).
    sites: &'a mut u32,
    /// The values in registers here.
    cache: &'a mut Cache,
    /// The loop (an index of `loops`) each instruction is in, if any.
    in_loop: &'a [Option<usize>],
    /// Where jumps from outside a loop enter it, by instruction.
    loop_entries: &'a [DynamicLabel],
    /// The call whose callee's body is being compiled inline, if one is.
    inlined: Option<Inlining>,
}

/// A call compiled inline: `call` at `pc`, its callee's instruction `at` being compiled.
#[derive(Clone, Copy)]
struct Inlining {
    call: Insn,
    pc: usize,
    at: usize,
}

impl Gen<'_> {
    /// Emits `i`; false if it is not compiled (and nothing was emitted). An op that
    /// `keeps_registers` works on the values in registers (`in_registers`); any other
    /// finds them all in their slots.
    fn insn(&mut self, i: Insn) -> bool {
        if keeps_registers(self.prog, i) {
            self.in_registers(i);
            return true;
        }
        let (a, b) = (slot(i.a), slot(i.b));
        let ops = &mut *self.ops;
        match i.op {
            Op::MoveN | Op::Zero if i.c > UNROLL => return false,
            Op::MoveN => {
                // Overlapping ranges copy as memmove does: away from the overlap.
                let mut order: Vec<i32> = (0..i.c as i32).collect();
                if i.a > i.b {
                    order.reverse();
                }
                for k in order {
                    asm!(ops
                        ; mov rax, [FRAME + b + 8 * k]
                        ; mov [FRAME + a + 8 * k], rax
                    );
                }
            }
            Op::Zero => {
                for k in 0..i.c as i32 {
                    asm!(ops
                        ; mov QWORD [FRAME + a + 8 * k], 0
                    );
                }
            }
            Op::LoadN | Op::StoreN if i.c > UNROLL => return false,
            Op::LoadN | Op::StoreN => {
                let (ptr, regs) = if i.op == Op::LoadN { (b, a) } else { (a, b) };
                let ops = self.pointer(ptr);
                for k in 0..i.c as i32 {
                    if i.op == Op::LoadN {
                        asm!(ops
                            ; mov rcx, [rax + 8 * k]
                            ; mov [FRAME + regs + 8 * k], rcx
                        );
                    } else {
                        asm!(ops
                            ; mov rcx, [FRAME + regs + 8 * k]
                            ; mov [rax + 8 * k], rcx
                        );
                    }
                }
            }
            Op::LoadByte => {
                let ops = self.pointer(b);
                load_byte(ops, i.x == 1, a);
            }
            Op::StoreByte => {
                let ops = self.pointer(a);
                asm!(ops
                    ; mov rcx, [FRAME + b]
                    ; mov [rax], cl
                );
            }
            // A function implemented in Rust runs at once, in place, through the
            // runtime; a Go function's body is called (`go_call`).
            Op::Call => {
                let f = i.bc();
                let Some(callee) = self.prog.funcs.get(f as usize) else {
                    return false;
                };
                if callee.rust.is_none() {
                    let call = self.ops.new_dynamic_label();
                    let slow = self.cold(Cold::Enter {
                        f,
                        a: i.a,
                        pc: self.pc,
                        call,
                    });
                    self.call_body(i.a, Target::Func { f, call }, slow);
                    return true;
                }
                let trapped = self.trapped;
                asm!(ops
                    ; mov rdi, CTX
                    ; mov esi, f as i32
                    ; mov edx, i.a as i32
                    ; mov ecx, self.pc as i32 + 1
                    ; call QWORD [RUNTIME + offset_of!(Runtime, call_rust) as i32]
                    ; test rax, rax
                    ; jz =>trapped
                    ; mov FRAME, rax
                );
            }
            // A closure's call that cannot be made inline (a nil closure, a function in
            // Rust or without code, an entry to pay for) is the interpreter's.
            Op::CallClosure => {
                let slow = self.exit();
                self.call_body(i.a, Target::Closure { slot: b }, slow);
            }
            // A method's call the cache cannot make (a nil interface, a method in Rust,
            // or none) is the interpreter's.
            Op::CallIface => {
                let slow = self.exit();
                let site = *self.sites;
                *self.sites += 1;
                let target = Target::Method {
                    slot: b,
                    name: i.c as u32,
                    site,
                };
                self.call_body(i.a, target, slow);
            }
            Op::LoadStr => {
                let Ok(entry) = i32::try_from(16 * i.bc() as u64) else {
                    return false;
                };
                asm!(ops
                    ; mov rdx, [CTX + STRINGS]
                    ; mov rax, [rdx + entry]
                    ; mov rcx, [rdx + entry + 8]
                    ; mov [FRAME + a], rax
                    ; mov [FRAME + a + 8], rcx
                );
            }
            // A closure not made yet is made by the interpreter.
            Op::LoadFunc => {
                let Ok(entry) = i32::try_from(8 * i.bc() as u64) else {
                    return false;
                };
                let exit = self.exit();
                let ops = &mut *self.ops;
                asm!(ops
                    ; mov rax, [CTX + FUNC_CLOSURES]
                    ; mov rax, [rax + entry]
                    ; test rax, rax
                    ; jz =>exit
                    ; mov [FRAME + a], rax
                );
            }
            _ if i.op.facts().contains(Facts::RUNTIME) => {
                let trapped = self.trapped;
                asm!(ops
                    ; mov rdi, CTX
                    ; mov esi, self.pc as i32
                    ; call QWORD [RUNTIME + offset_of!(Runtime, exec) as i32]
                    ; test rax, rax
                    ; jz =>trapped
                    ; mov FRAME, rax
                );
            }
            Op::Ret if i.b > UNROLL => return false,
            Op::Ret => self.ret(i),
            _ => return false,
        }
        true
    }

    /// Calls a Go function with its frame at slot `a`, as the interpreter's `enter`
    /// does: the caller's record keeps the pc to go on at, the callee's record is
    /// pushed, its body paid for in fuel, and the goroutine stops here if asked to. The
    /// fast path does that inline when it can (a callee with code, room for the record
    /// and the frame, fuel in the tank, no stop asked for, calls not nested too deep);
    /// anything else goes to `slow`. A callee that did not return (an exit, a trap)
    /// hands its status on: the interpreter goes on in the innermost frame.
    ///
    /// The callee is `target`: a function known here, or the closure in a slot, whose
    /// function is known when the call runs.
    fn call_body(&mut self, a: u16, target: Target, slow: DynamicLabel) {
        let call = match target {
            Target::Func { call, .. } => call,
            _ => self.ops.new_dynamic_label(),
        };
        let trapped = self.trapped;
        let leave = self.leave;
        let ops = &mut *self.ops;
        // r8: the closure (0 for a declared function), r9: the function, r10: its
        // `Callee`, rsi: its body, rcx: the end of its frame, rdx: its record.
        match target {
            Target::Func { f, .. } => asm!(ops
                ; xor r8d, r8d
                ; mov r9d, f as i32
            ),
            Target::Closure { slot } => asm!(ops
                ; mov r8, [FRAME + slot]
                ; test r8, r8
                ; jz =>slow
                ; mov r9d, [r8]
            ),
            // The cache holds the type word and the method's function; a miss asks the
            // runtime, which fills it. The function's closure exists once cached.
            Target::Method { slot, name, site } => {
                let Ok(cache) = i32::try_from(8 * site as u64) else {
                    asm!(ops; jmp =>slow);
                    return;
                };
                asm!(ops
                    ; mov rsi, [FRAME + slot]
                    ; test rsi, rsi
                    ; jz =>slow
                    ; mov rax, [CTX + METHODS]
                    ; mov rax, [rax + cache]
                    ; mov ecx, eax
                    ; cmp rcx, rsi
                    ; je >hit
                    ; mov rdi, CTX
                    ; mov edx, name as i32
                    ; mov ecx, site as i32
                    ; call QWORD [RUNTIME + offset_of!(Runtime, method) as i32]
                    ; test rax, rax
                    ; jz =>trapped
                    ; cmp rax, NOT_CACHED as i32
                    ; je =>slow
                    ; hit:
                    ; mov r9, rax
                    ; shr r9, 32
                    ; mov r8, [CTX + FUNC_CLOSURES]
                    ; mov r8, [r8 + r9 * 8]
                );
            }
        }
        asm!(ops
            ; imul r10, r9, CALLEE
            ; add r10, [CTX + CALLEES]
            ; mov rsi, [r10 + CALLEE_BODY]
            ; test rsi, rsi
            ; jz =>slow
            ; mov ecx, [r10 + CALLEE_FRAME]
            ; lea rcx, [FRAME + rcx * 8 + slot(a)]
            ; mov rax, [CTX + STACK_LEN]
            ; shl rax, 3
            ; add rax, [CTX + STACK]
            ; cmp rcx, rax
            ; ja =>slow
            ; mov rax, [CTX + DEPTH]
            ; cmp rax, [CTX + FRAMES_CAP]
            ; jae =>slow
            ; cmp rsp, [CTX + RSP_FLOOR]
            ; jb =>slow
            ; cmp BYTE [PREEMPT], 0
            ; jne =>slow
            ; mov ecx, [r10 + CALLEE_COST]
            ; mov rax, [FUEL]
            ; sub rax, rcx
            ; js =>slow
            ; mov [FUEL], rax
        );
        top_record(ops, Rq::RDX);
        asm!(ops
            ; mov QWORD [rdx - RECORD + REC_PC], self.pc as i32 + 1
            ; mov rax, [rdx - RECORD + REC_BASE]
            ; add rax, a as i32
            ; mov [rdx + REC_BASE], rax
            ; mov QWORD [rdx + REC_PC], 0
            ; mov [rdx + REC_CLOSURE], r8
            ; mov [rdx + REC_FUNC], r9d
            ; mov BYTE [rdx + REC_KIND], FrameKind::Call as i8
            ; add QWORD [CTX + DEPTH], 1
            ; add FRAME, slot(a)
            ; =>call
            ; sub rsp, 8
            ; call rsi
            ; add rsp, 8
            ; cmp eax, RETURNED as i32
            ; jne =>leave
        );
        // The stack may have moved: the caller's frame is found again from its record.
        top_record(ops, Rq::RDX);
        asm!(ops
            ; mov rax, [rdx - RECORD + REC_BASE]
            ; mov FRAME, [CTX + STACK]
            ; lea FRAME, [FRAME + rax * 8]
        );
    }

    /// `Ret`: the results to the frame's first slots, and the record popped, when the
    /// frame is one the interpreter would hand back to its caller at once (a call or a
    /// deferred call); other kinds (a goroutine's end, a deferred call run by a panic)
    /// are left to the interpreter.
    fn ret(&mut self, i: Insn) {
        let exit = self.exit();
        let ops = &mut *self.ops;
        top_record(ops, Rq::RDX);
        asm!(ops
            ; cmp BYTE [rdx - RECORD + REC_KIND], FrameKind::Deferred as i8
            ; ja =>exit
        );
        if i.a != 0 {
            for k in 0..i.b as i32 {
                asm!(ops
                    ; mov rax, [FRAME + slot(i.a) + 8 * k]
                    ; mov [FRAME + 8 * k], rax
                );
            }
        }
        asm!(ops
            ; sub QWORD [CTX + DEPTH], 1
            ; mov eax, RETURNED as i32
            ; ret
        );
    }

    /// Emits `i`, an op that `keeps_registers`: its operands are read from registers
    /// (loaded into them first if need be) and its result is left in one.
    #[allow(clippy::useless_conversion)] // dynasm's dynamic registers
    fn in_registers(&mut self, i: Insn) {
        let (ops, cache) = (&mut *self.ops, &mut *self.cache);
        let (a, b, c) = (i.a, i.b, i.c);
        // `rax` := R[b] OP R[c], then R[a] := rax.
        macro_rules! int_op {
            ($($op:tt)*) => {{
                let rb = cache.gpr(ops, b);
                let rc = cache.gpr(ops, c);
                asm!(ops; mov rax, Rq(rb as u8); $($op)* rax, Rq(rc as u8));
                cache.def_gpr(ops, a);
            }};
        }
        // `xmm0` := R[b] OP R[c], then R[a] := xmm0.
        macro_rules! float_op {
            ($op:tt) => {{
                let xb = cache.xmm(ops, b);
                let xc = cache.xmm(ops, c);
                asm!(ops; movapd xmm0, Rx(xb as u8); $op xmm0, Rx(xc as u8));
                cache.def_xmm(ops, a);
            }};
        }
        // `rax` := f(R[b]), then R[a] := rax.
        macro_rules! unary {
            ($(($($op:tt)*))*) => {{
                let rb = cache.gpr(ops, b);
                asm!(ops; mov rax, Rq(rb as u8));
                $(asm!(ops; $($op)*);)*
                cache.def_gpr(ops, a);
            }};
        }
        match i.op {
            Op::Move => match cache.find(b) {
                Some(Home::Xmm(x)) => {
                    asm!(ops; movapd xmm0, Rx(x as u8));
                    cache.def_xmm(ops, a);
                }
                _ => unary!(),
            },
            Op::LoadK => {
                let k = self.prog.consts[i.bc() as usize];
                asm!(ops; mov rax, QWORD k as i64);
                cache.def_gpr(ops, a);
            }
            Op::LoadI => {
                asm!(ops; mov rax, i.sbc());
                cache.def_gpr(ops, a);
            }
            Op::AddI => int_op!(add),
            Op::SubI => int_op!(sub),
            Op::MulI => int_op!(imul),
            Op::And => int_op!(and),
            Op::Or => int_op!(or),
            Op::Xor => int_op!(xor),
            Op::AndNot => {
                let rb = cache.gpr(ops, b);
                let rc = cache.gpr(ops, c);
                asm!(ops
                    ; mov rcx, Rq(rc as u8)
                    ; not rcx
                    ; mov rax, Rq(rb as u8)
                    ; and rax, rcx
                );
                cache.def_gpr(ops, a);
            }
            // Go's shifts take the count as unsigned, and a count of 64 or more shifts
            // every bit out (arithmetic right shifts: fill with the sign).
            Op::Shl | Op::ShrU | Op::ShrI => {
                let rb = cache.gpr(ops, b);
                let rc = cache.gpr(ops, c);
                asm!(ops
                    ; mov rcx, Rq(rc as u8)
                    ; mov rax, Rq(rb as u8)
                );
                match i.op {
                    Op::ShrI => asm!(ops
                        ; mov edx, 63
                        ; cmp rcx, 64
                        ; cmovae rcx, rdx
                        ; sar rax, cl
                    ),
                    op => {
                        if op == Op::Shl {
                            asm!(ops; shl rax, cl);
                        } else {
                            asm!(ops; shr rax, cl);
                        }
                        asm!(ops
                            ; xor edx, edx
                            ; cmp rcx, 64
                            ; cmovae rax, rdx
                        );
                    }
                }
                cache.def_gpr(ops, a);
            }
            Op::AddImm => unary!((add rax, i.c as i16 as i32)),
            Op::NegI => unary!((neg rax)),
            Op::Com => unary!((not rax)),
            Op::SExt => {
                let sh = 64 - i.x as i8;
                unary!((shl rax, sh)(sar rax, sh))
            }
            Op::ZExt => {
                let sh = 64 - i.x as i8;
                unary!((shl rax, sh)(shr rax, sh))
            }
            Op::NegF => unary!((btc rax, 63)),
            Op::EqI | Op::NeI | Op::LtI | Op::LeI | Op::LtU | Op::LeU => {
                let rb = cache.gpr(ops, b);
                let rc = cache.gpr(ops, c);
                asm!(ops
                    ; xor eax, eax
                    ; cmp Rq(rb as u8), Rq(rc as u8)
                );
                match i.op {
                    Op::EqI => asm!(ops; sete al),
                    Op::NeI => asm!(ops; setne al),
                    Op::LtI => asm!(ops; setl al),
                    Op::LeI => asm!(ops; setle al),
                    Op::LtU => asm!(ops; setb al),
                    _ => asm!(ops; setbe al),
                }
                cache.def_gpr(ops, a);
            }
            Op::NotB => {
                let rb = cache.gpr(ops, b);
                asm!(ops
                    ; xor eax, eax
                    ; test Rq(rb as u8), Rq(rb as u8)
                    ; sete al
                );
                cache.def_gpr(ops, a);
            }
            Op::AddF => float_op!(addsd),
            Op::SubF => float_op!(subsd),
            Op::MulF => float_op!(mulsd),
            Op::DivF => float_op!(divsd),
            Op::F32 => {
                let xb = cache.xmm(ops, b);
                asm!(ops
                    ; cvtsd2ss xmm0, Rx(xb as u8)
                    ; cvtss2sd xmm0, xmm0
                );
                cache.def_xmm(ops, a);
            }
            Op::I2F => {
                let rb = cache.gpr(ops, b);
                asm!(ops
                    ; xorps xmm0, xmm0
                    ; cvtsi2sd xmm0, Rq(rb as u8)
                );
                cache.def_xmm(ops, a);
            }
            // An unordered comparison (a NaN) sets ZF, PF and CF: == is false, != true,
            // and < and <= are asked the other way round as "above", which is false.
            Op::EqF | Op::NeF | Op::LtF | Op::LeF => {
                let xb = cache.xmm(ops, b);
                let xc = cache.xmm(ops, c);
                asm!(ops; xor eax, eax);
                match i.op {
                    Op::EqF => asm!(ops
                        ; ucomisd Rx(xb as u8), Rx(xc as u8)
                        ; sete al
                        ; setnp cl
                        ; and al, cl
                    ),
                    Op::NeF => asm!(ops
                        ; ucomisd Rx(xb as u8), Rx(xc as u8)
                        ; setne al
                        ; setp cl
                        ; or al, cl
                    ),
                    Op::LtF => asm!(ops
                        ; ucomisd Rx(xc as u8), Rx(xb as u8)
                        ; seta al
                    ),
                    _ => asm!(ops
                        ; ucomisd Rx(xc as u8), Rx(xb as u8)
                        ; setae al
                    ),
                }
                cache.def_gpr(ops, a);
            }
            Op::GlobalAddr => {
                asm!(ops
                    ; mov rax, [CTX + GLOBALS]
                    ; add rax, 8 * i.bc() as i32
                );
                cache.def_gpr(ops, a);
            }
            Op::LoadCapture => {
                top_record(ops, Rq::RDX);
                asm!(ops
                    ; mov rax, [rdx - RECORD + REC_CLOSURE]
                    ; mov rax, [rax + 8 * (b as i32 + 1)]
                );
                cache.def_gpr(ops, a);
            }
            // A nil pointer leaves the code at this instruction (the interpreter panics
            // there).
            Op::Load | Op::FieldAddr | Op::NilCheck => {
                let p = if i.op == Op::NilCheck { a } else { b };
                let rp = cache.gpr(ops, p);
                let exit = self.exit();
                let (ops, cache) = (&mut *self.ops, &mut *self.cache);
                asm!(ops
                    ; test Rq(rp as u8), Rq(rp as u8)
                    ; jz =>exit
                );
                match i.op {
                    Op::Load => asm!(ops; mov rax, [Rq(rp as u8) + 8 * c as i32]),
                    Op::FieldAddr => asm!(ops; lea rax, [Rq(rp as u8) + 8 * c as i32]),
                    _ => return,
                }
                cache.def_gpr(ops, a);
            }
            Op::Store => {
                let rp = cache.gpr(ops, a);
                let rb = cache.gpr(ops, b);
                let exit = self.exit();
                asm!(self.ops
                    ; test Rq(rp as u8), Rq(rp as u8)
                    ; jz =>exit
                    ; mov [Rq(rp as u8) + 8 * c as i32], Rq(rb as u8)
                );
            }
            // An index is checked as unsigned against the length (`R[b+1]`), so a
            // negative one fails too.
            Op::BoundsCheck => {
                let ri = cache.gpr(ops, a);
                let rn = cache.gpr(ops, b);
                let exit = self.exit();
                asm!(self.ops
                    ; cmp Rq(ri as u8), Rq(rn as u8)
                    ; jae =>exit
                );
            }
            Op::IndexAddr | Op::SliceLoad | Op::SliceLoadB | Op::StrIndex => {
                let ri = cache.gpr(ops, c);
                let rn = cache.gpr(ops, b + 1);
                let rp = cache.gpr(ops, b);
                let exit = self.exit();
                let (ops, cache) = (&mut *self.ops, &mut *self.cache);
                asm!(ops
                    ; cmp Rq(ri as u8), Rq(rn as u8)
                    ; jae =>exit
                );
                match i.op {
                    Op::SliceLoad => asm!(ops; mov rax, [Rq(rp as u8) + Rq(ri as u8) * 8]),
                    Op::SliceLoadB if i.x == 1 => asm!(ops; movsx rax, BYTE [Rq(rp as u8) + Rq(ri as u8)]),
                    Op::SliceLoadB | Op::StrIndex => asm!(ops; movzx eax, BYTE [Rq(rp as u8) + Rq(ri as u8)]),
                    _ => {
                        asm!(ops; mov rax, Rq(ri as u8));
                        let width = elem_width(i.x);
                        if width != 1 {
                            asm!(ops; imul rax, rax, width as i32);
                        }
                        asm!(ops; add rax, Rq(rp as u8));
                    }
                }
                cache.def_gpr(ops, a);
            }
            // A jump's target finds every value in its slot.
            Op::Jmp => {
                let target = self.jump_to(i);
                asm!(self.ops; jmp =>target);
                self.cache.forget_temps();
            }
            Op::JmpIf | Op::JmpIfNot => {
                let r = cache.gpr(ops, a);
                asm!(ops; test Rq(r as u8), Rq(r as u8));
                let target = self.jump_to(i);
                if i.op == Op::JmpIf {
                    asm!(self.ops; jne =>target);
                } else {
                    asm!(self.ops; je =>target);
                }
            }
            // "Unless R[a] OP R[b], jump": the jump is taken on the negated condition.
            Op::BrNotLtI | Op::BrNotLeI | Op::BrNotEqI | Op::BrNotNeI => {
                let ra = cache.gpr(ops, a);
                let rb = cache.gpr(ops, b);
                asm!(ops; cmp Rq(ra as u8), Rq(rb as u8));
                let target = self.jump_to(i);
                let ops = &mut *self.ops;
                match i.op {
                    Op::BrNotLtI => asm!(ops; jge =>target),
                    Op::BrNotLeI => asm!(ops; jg =>target),
                    Op::BrNotEqI => asm!(ops; jne =>target),
                    _ => asm!(ops; je =>target),
                }
            }
            // Go's division truncates, MinInt64 / -1 wraps to MinInt64 and its
            // remainder is 0, where the machine's faults: -1 takes a path of its own. A
            // zero divisor leaves for the interpreter's panic.
            Op::DivI | Op::RemI | Op::DivU | Op::RemU => {
                let rb = cache.gpr(ops, b);
                let rc = cache.gpr(ops, c);
                let exit = self.exit();
                let (ops, cache) = (&mut *self.ops, &mut *self.cache);
                let signed = matches!(i.op, Op::DivI | Op::RemI);
                let rem = matches!(i.op, Op::RemI | Op::RemU);
                asm!(ops
                    ; mov rcx, Rq(rc as u8)
                    ; test rcx, rcx
                    ; jz =>exit
                    ; mov rax, Rq(rb as u8)
                );
                if signed {
                    asm!(ops
                        ; cmp rcx, -1
                        ; jne >general
                    );
                    if rem {
                        asm!(ops; xor eax, eax);
                    } else {
                        asm!(ops; neg rax);
                    }
                    asm!(ops
                        ; jmp >done
                        ; general:
                        ; cqo
                        ; idiv rcx
                    );
                } else {
                    asm!(ops
                        ; xor edx, edx
                        ; div rcx
                    );
                }
                if rem {
                    asm!(ops; mov rax, rdx);
                }
                asm!(ops; done:);
                cache.def_gpr(ops, a);
            }
            Op::Zero => {
                for k in 0..c {
                    asm!(ops; xor eax, eax);
                    cache.def_gpr(ops, a + k);
                }
            }
            // Overlapping ranges copy as memmove does: away from the overlap.
            Op::MoveN => {
                let order: Vec<u16> = if a > b {
                    (0..c).rev().collect()
                } else {
                    (0..c).collect()
                };
                for k in order {
                    self.in_registers(Insn::new(Op::Move, a + k, b + k, 0));
                    self.cache.unpin();
                }
            }
            // The pointer is kept in `rdx` while the slots go by one at a time.
            Op::LoadN | Op::StoreN => {
                let p = if i.op == Op::LoadN { b } else { a };
                let rp = cache.gpr(ops, p);
                let exit = self.exit();
                let (ops, cache) = (&mut *self.ops, &mut *self.cache);
                asm!(ops
                    ; mov rdx, Rq(rp as u8)
                    ; test rdx, rdx
                    ; jz =>exit
                );
                cache.unpin();
                for k in 0..c {
                    if i.op == Op::LoadN {
                        asm!(ops; mov rax, [rdx + 8 * k as i32]);
                        cache.def_gpr(ops, a + k);
                    } else {
                        let r = cache.gpr(ops, b + k);
                        asm!(ops; mov [rdx + 8 * k as i32], Rq(r as u8));
                    }
                    cache.unpin();
                }
            }
            Op::Call => match intrinsic(self.prog, i) {
                Some(Intrinsic::Sqrt) => {
                    let x = cache.xmm(ops, a);
                    asm!(ops; sqrtsd xmm0, Rx(x as u8));
                    cache.def_xmm(ops, a);
                }
                None => self.inline(i),
            },
            op => unreachable!("{} does not keep registers", op.name()),
        }
    }

    /// Calls `i`'s function inline (see `inlined`): after the checks the interpreter's
    /// entry makes (room for the record and the frame, the callee's fuel, no stop asked
    /// for), which send the call to the interpreter when they fail, its body runs on the
    /// values in registers.
    fn inline(&mut self, i: Insn) {
        let body = inlined(self.prog, i).expect("an inlined call");
        let callee = &self.prog.funcs[i.bc() as usize];
        let frame_end = slot(i.a) + 8 * (callee.nregs as i32 + SLACK as i32);
        let cost = callee.code.len() as i32;
        let slow = self.exit();
        asm!(self.ops
            ; mov rax, [CTX + DEPTH]
            ; cmp rax, [CTX + FRAMES_CAP]
            ; jae =>slow
            ; mov rax, [CTX + STACK_LEN]
            ; shl rax, 3
            ; add rax, [CTX + STACK]
            ; lea rcx, [FRAME + frame_end]
            ; cmp rcx, rax
            ; ja =>slow
            ; cmp BYTE [PREEMPT], 0
            ; jne =>slow
            ; mov rax, [FUEL]
            ; sub rax, cost
            ; js =>slow
            ; mov [FUEL], rax
        );
        let outer = self.inlined.replace(Inlining {
            call: i,
            pc: self.pc,
            at: 0,
        });
        for (k, x) in body.into_iter().enumerate() {
            self.inlined.as_mut().expect("inlining").at = k;
            self.in_registers(x);
            self.cache.unpin();
        }
        self.inlined = outer;
    }

    /// Loads the pointer in the slot at `offset` into `rax`, leaving the code at this
    /// instruction if it is nil (the interpreter panics there).
    fn pointer(&mut self, offset: i32) -> &mut Asm {
        let exit = self.exit();
        let ops = &mut *self.ops;
        asm!(ops
            ; mov rax, [FRAME + offset]
            ; test rax, rax
            ; jz =>exit
        );
        ops
    }

    /// A label that leaves the code at this instruction, for the interpreter to run it:
    /// the slow path of a check that failed.
    fn exit(&mut self) -> DynamicLabel {
        let spills = self.cache.dirty();
        match self.inlined {
            Some(Inlining { call, pc, at }) => self.cold(Cold::Inlined { call, pc, at, spills }),
            None => self.cold(Cold::Exit { pc: self.pc, spills }),
        }
    }

    /// A label for `path`, placed after the function's code.
    fn cold(&mut self, path: Cold) -> DynamicLabel {
        let label = self.ops.new_dynamic_label();
        self.cold.push((label, path));
        label
    }

    /// Where a jump goes natively, its values other than a loop's residents stored
    /// (`Cache::flush_temps`; the flags are left as they are). Forward, straight to its
    /// target; backward, to the safepoint every back edge passes, as in the
    /// interpreter: the loop is paid for in fuel, and the code leaves at this
    /// instruction (for the interpreter to take the jump with its safepoint) if the fuel
    /// would run out or the goroutine must stop. A jump out of a loop stores its
    /// residents on the way (`Cold::Edge`); one into a loop from outside enters it
    /// through its entry, which loads them.
    fn jump_to(&mut self, i: Insn) -> DynamicLabel {
        self.cache.flush_temps(self.ops);
        let offset = i.jump().expect("a jump");
        let to = (self.pc as i64 + 1 + offset) as usize;
        let (here, there) = (self.in_loop[self.pc], self.in_loop[to]);
        let target = match there {
            Some(_) if there != here => self.loop_entries[to],
            _ => self.labels[to],
        };
        let target = if here.is_some() && there != here {
            self.cold(Cold::Edge {
                target,
                spills: self.cache.dirty(),
            })
        } else {
            target
        };
        if offset >= 0 {
            return target;
        }
        self.cold(Cold::BackEdge {
            pc: self.pc,
            cost: -offset as i32,
            target,
            spills: self.cache.dirty(),
        })
    }
}

/// `R[a] := *(u8 *)rax`, sign-extended if `signed`.
fn load_byte(ops: &mut Asm, signed: bool, a: i32) {
    if signed {
        asm!(ops; movsx rax, BYTE [rax]);
    } else {
        asm!(ops; movzx eax, BYTE [rax]);
    }
    asm!(ops; mov [FRAME + a], rax);
}

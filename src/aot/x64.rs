//! The amd64 code generator: a function's bytecode to machine code, one instruction at a
//! time (a template compiler, for now: every value lives in its frame slot between
//! instructions, and each instruction loads what it reads and stores what it writes).
//!
//! The code is a function `extern "sysv64" fn(frame, pc, fuel, preempt, machine,
//! runtime) -> u64`: it enters the function's code at instruction `pc` (through a table
//! of jumps, one per instruction) and returns the pc at which the interpreter goes on, an
//! *exit*, or `EXIT_TRAP`. Every instruction boundary is a valid entry and a valid exit,
//! because the frame's slots hold exactly what the interpreter would have there. An
//! instruction the generator does not compile is an exit at its pc, and so is any check
//! that fails (a nil pointer, an index out of range, a division by zero, a back edge out
//! of fuel or asked to stop): the interpreter then runs that instruction itself, with its
//! panic or its safepoint. Calls out go only to the runtime's helpers (`Runtime`); a
//! helper that may have moved the stack gives the frame's new address, and one that
//! traps ends the run with `EXIT_TRAP`.
//!
//! Fixed registers, named once: `FRAME` holds the frame's first slot, `FUEL` the address
//! of the machine's fuel (an `i64`), `PREEMPT` the address of its preempt flag (a byte,
//! nonzero when the goroutine must stop at its next safepoint), `MACHINE` the machine
//! for the helpers and `RUNTIME` the table of helpers. All are callee-saved, saved by the
//! prologue. `rax`, `rcx`, `rdx` and `xmm0` are scratch.
//!
//! The code is position independent: jumps are relative, and no address is baked in.

use std::mem::offset_of;

use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, VecAssembler, dynasm};

use super::{EXIT_TRAP, Runtime};
use crate::bytecode::op::{Insn, Op, Operand, elem_width};
use crate::bytecode::{Func, Program};

/// Assembles in the generator's dialect: amd64, with `FRAME` the frame base (callee-saved
/// `rbx`, saved by the prologue).
macro_rules! asm {
    ($ops:expr; $($t:tt)*) => {
        dynasm!($ops
            ; .arch x64
            ; .alias FRAME, rbx
            ; .alias FUEL, r12
            ; .alias PREEMPT, r13
            ; .alias MACHINE, r14
            ; .alias RUNTIME, r15
            ; $($t)*
        )
    };
}

type Asm = VecAssembler<X64Relocation>;

/// The byte offset of slot `r` from `FRAME`. A verified register is below 2^16, so this
/// fits.
fn slot(r: u16) -> i32 {
    8 * r as i32
}

/// The machine code of `func`, or None if every instruction would be an exit.
pub fn compile(prog: &Program, func: &Func) -> Option<Vec<u8>> {
    let mut ops = Asm::new(0);
    let exit = ops.new_dynamic_label();
    let trapped = ops.new_dynamic_label();
    let table = ops.new_dynamic_label();
    let labels: Vec<DynamicLabel> = func.code.iter().map(|_| ops.new_dynamic_label()).collect();
    // Enter at instruction `pc` (rsi) through the table, whose entries are 5-byte jumps.
    // Five pushes after the return address: calls out are 16-byte aligned.
    asm!(ops
        ; push FRAME
        ; push FUEL
        ; push PREEMPT
        ; push MACHINE
        ; push RUNTIME
        ; mov FRAME, rdi
        ; mov FUEL, rdx
        ; mov PREEMPT, rcx
        ; mov MACHINE, r8
        ; mov RUNTIME, r9
        ; lea rax, [rsi + rsi * 4]
        ; lea rcx, [=>table]
        ; add rax, rcx
        ; jmp rax
        ; =>table
    );
    for &label in &labels {
        asm!(ops; jmp =>label);
    }
    let mut late_exits = Vec::new();
    let mut back_edges = Vec::new();
    let mut compiled = 0;
    for (pc, &i) in func.code.iter().enumerate() {
        ops.dynamic_label(labels[pc]);
        let mut g = Gen {
            ops: &mut ops,
            prog,
            pc,
            labels: &labels,
            trapped,
            late_exits: &mut late_exits,
            back_edges: &mut back_edges,
        };
        if g.insn(i) {
            compiled += 1;
        } else {
            asm!(ops
                ; mov eax, pc as i32
                ; jmp =>exit
            );
        }
    }
    if compiled == 0 {
        return None;
    }
    for edge in back_edges {
        back_edge(&mut ops, edge);
    }
    for (label, pc) in late_exits {
        asm!(ops
            ; =>label
            ; mov eax, pc as i32
            ; jmp =>exit
        );
    }
    asm!(ops
        ; =>trapped
        ; mov rax, QWORD EXIT_TRAP as i64
        ; =>exit
        ; pop RUNTIME
        ; pop MACHINE
        ; pop PREEMPT
        ; pop FUEL
        ; pop FRAME
        ; ret
    );
    ops.finalize().ok()
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
    /// Exits placed after the code: (label, pc).
    late_exits: &'a mut Vec<(DynamicLabel, usize)>,
    /// Back edges' safepoints placed after the code, for `back_edge`.
    back_edges: &'a mut Vec<(DynamicLabel, i32, DynamicLabel, DynamicLabel)>,
}

impl Gen<'_> {
    /// Emits `i`; false if it is not compiled (and nothing was emitted).
    fn insn(&mut self, i: Insn) -> bool {
        let (a, b, c) = (slot(i.a), slot(i.b), slot(i.c));
        let ops = &mut *self.ops;
        match i.op {
            Op::Move => asm!(ops
                ; mov rax, [FRAME + b]
                ; mov [FRAME + a], rax
            ),
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
            Op::LoadK => {
                let Some(&k) = self.prog.consts.get(i.bc() as usize) else {
                    return false;
                };
                asm!(ops
                    ; mov rax, QWORD k as i64
                    ; mov [FRAME + a], rax
                );
            }
            Op::LoadI => asm!(ops
                ; mov QWORD [FRAME + a], i.sbc()
            ),
            Op::Zero => {
                for k in 0..i.c as i32 {
                    asm!(ops
                        ; mov QWORD [FRAME + a + 8 * k], 0
                    );
                }
            }
            Op::AddI => self.int_op(i, |ops, c| asm!(ops; add rax, [FRAME + c])),
            Op::SubI => self.int_op(i, |ops, c| asm!(ops; sub rax, [FRAME + c])),
            Op::MulI => self.int_op(i, |ops, c| asm!(ops; imul rax, [FRAME + c])),
            Op::And => self.int_op(i, |ops, c| asm!(ops; and rax, [FRAME + c])),
            Op::Or => self.int_op(i, |ops, c| asm!(ops; or rax, [FRAME + c])),
            Op::Xor => self.int_op(i, |ops, c| asm!(ops; xor rax, [FRAME + c])),
            Op::AndNot => self.int_op(i, |ops, c| {
                asm!(ops
                    ; mov rcx, [FRAME + c]
                    ; not rcx
                    ; and rax, rcx
                )
            }),
            // Go's shifts take the count as unsigned, and a count of 64 or more shifts
            // every bit out (arithmetic right shifts: fill with the sign).
            Op::Shl | Op::ShrU => {
                asm!(ops
                    ; mov rcx, [FRAME + c]
                    ; mov rax, [FRAME + b]
                );
                if i.op == Op::Shl {
                    asm!(ops; shl rax, cl);
                } else {
                    asm!(ops; shr rax, cl);
                }
                asm!(ops
                    ; xor edx, edx
                    ; cmp rcx, 64
                    ; cmovae rax, rdx
                    ; mov [FRAME + a], rax
                );
            }
            Op::ShrI => asm!(ops
                ; mov rcx, [FRAME + c]
                ; mov edx, 63
                ; cmp rcx, 64
                ; cmovae rcx, rdx
                ; mov rax, [FRAME + b]
                ; sar rax, cl
                ; mov [FRAME + a], rax
            ),
            Op::AddImm => asm!(ops
                ; mov rax, [FRAME + b]
                ; add rax, i.c as i16 as i32
                ; mov [FRAME + a], rax
            ),
            Op::NegI => asm!(ops
                ; mov rax, [FRAME + b]
                ; neg rax
                ; mov [FRAME + a], rax
            ),
            Op::Com => asm!(ops
                ; mov rax, [FRAME + b]
                ; not rax
                ; mov [FRAME + a], rax
            ),
            Op::SExt | Op::ZExt => {
                let sh = 64 - i.x as i8;
                asm!(ops
                    ; mov rax, [FRAME + b]
                    ; shl rax, sh
                );
                if i.op == Op::SExt {
                    asm!(ops; sar rax, sh);
                } else {
                    asm!(ops; shr rax, sh);
                }
                asm!(ops; mov [FRAME + a], rax);
            }
            Op::EqI | Op::NeI | Op::LtI | Op::LeI | Op::LtU | Op::LeU => {
                asm!(ops
                    ; mov rax, [FRAME + b]
                    ; cmp rax, [FRAME + c]
                );
                match i.op {
                    Op::EqI => asm!(ops; sete al),
                    Op::NeI => asm!(ops; setne al),
                    Op::LtI => asm!(ops; setl al),
                    Op::LeI => asm!(ops; setle al),
                    Op::LtU => asm!(ops; setb al),
                    _ => asm!(ops; setbe al),
                }
                store_bool(ops, a);
            }
            Op::NotB => asm!(ops
                ; xor eax, eax
                ; cmp QWORD [FRAME + b], 0
                ; sete al
                ; mov [FRAME + a], rax
            ),
            Op::AddF => self.float_op(i, |ops, c| asm!(ops; addsd xmm0, [FRAME + c])),
            Op::SubF => self.float_op(i, |ops, c| asm!(ops; subsd xmm0, [FRAME + c])),
            Op::MulF => self.float_op(i, |ops, c| asm!(ops; mulsd xmm0, [FRAME + c])),
            Op::DivF => self.float_op(i, |ops, c| asm!(ops; divsd xmm0, [FRAME + c])),
            Op::NegF => asm!(ops
                ; mov rax, [FRAME + b]
                ; btc rax, 63
                ; mov [FRAME + a], rax
            ),
            Op::F32 => asm!(ops
                ; cvtsd2ss xmm0, [FRAME + b]
                ; cvtss2sd xmm0, xmm0
                ; movsd [FRAME + a], xmm0
            ),
            Op::I2F => asm!(ops
                ; cvtsi2sd xmm0, QWORD [FRAME + b]
                ; movsd [FRAME + a], xmm0
            ),
            // An unordered comparison (a NaN) sets ZF, PF and CF: == is false, != true, and
            // < and <= are asked the other way round as "above", which is false.
            Op::EqF | Op::NeF => {
                asm!(ops
                    ; movsd xmm0, [FRAME + b]
                    ; ucomisd xmm0, [FRAME + c]
                );
                if i.op == Op::EqF {
                    asm!(ops
                        ; sete al
                        ; setnp cl
                        ; and al, cl
                    );
                } else {
                    asm!(ops
                        ; setne al
                        ; setp cl
                        ; or al, cl
                    );
                }
                store_bool(ops, a);
            }
            Op::LtF | Op::LeF => {
                asm!(ops
                    ; movsd xmm0, [FRAME + c]
                    ; ucomisd xmm0, [FRAME + b]
                );
                if i.op == Op::LtF {
                    asm!(ops; seta al);
                } else {
                    asm!(ops; setae al);
                }
                store_bool(ops, a);
            }
            Op::Load | Op::FieldAddr => {
                let ops = self.pointer(b);
                if i.op == Op::Load {
                    asm!(ops; mov rax, [rax + 8 * i.c as i32]);
                } else {
                    asm!(ops; add rax, 8 * i.c as i32);
                }
                asm!(ops; mov [FRAME + a], rax);
            }
            Op::Store => {
                let ops = self.pointer(a);
                asm!(ops
                    ; mov rcx, [FRAME + b]
                    ; mov [rax + 8 * i.c as i32], rcx
                );
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
            Op::NilCheck => {
                let exit = self.exit();
                let ops = &mut *self.ops;
                asm!(ops
                    ; cmp QWORD [FRAME + a], 0
                    ; je =>exit
                );
            }
            // An index is checked as unsigned against the length (`R[b+1]`), so a
            // negative one fails too.
            Op::BoundsCheck => {
                let exit = self.exit();
                let ops = &mut *self.ops;
                asm!(ops
                    ; mov rax, [FRAME + a]
                    ; cmp rax, [FRAME + b]
                    ; jae =>exit
                );
            }
            Op::IndexAddr | Op::SliceLoad | Op::SliceLoadB => {
                let exit = self.exit();
                let ops = &mut *self.ops;
                asm!(ops
                    ; mov rcx, [FRAME + c]
                    ; cmp rcx, [FRAME + b + 8]
                    ; jae =>exit
                    ; mov rax, [FRAME + b]
                );
                match i.op {
                    Op::SliceLoad => asm!(ops
                        ; mov rax, [rax + rcx * 8]
                        ; mov [FRAME + a], rax
                    ),
                    Op::SliceLoadB => {
                        asm!(ops; add rax, rcx);
                        load_byte(ops, i.x == 1, a);
                    }
                    _ => {
                        let width = elem_width(i.x);
                        if width != 1 {
                            asm!(ops; imul rcx, rcx, width as i32);
                        }
                        asm!(ops
                            ; add rax, rcx
                            ; mov [FRAME + a], rax
                        );
                    }
                }
            }
            // Go's division truncates, MinInt64 / -1 wraps to MinInt64 and its
            // remainder is 0, where the machine's faults: -1 takes a path of its own.
            Op::DivI | Op::RemI | Op::DivU | Op::RemU => {
                let exit = self.exit();
                let ops = &mut *self.ops;
                let signed = matches!(i.op, Op::DivI | Op::RemI);
                let rem = matches!(i.op, Op::RemI | Op::RemU);
                let done = ops.new_dynamic_label();
                asm!(ops
                    ; mov rcx, [FRAME + c]
                    ; test rcx, rcx
                    ; jz =>exit
                    ; mov rax, [FRAME + b]
                );
                if signed {
                    let general = ops.new_dynamic_label();
                    asm!(ops
                        ; cmp rcx, -1
                        ; jne =>general
                    );
                    if rem {
                        asm!(ops; xor eax, eax);
                    } else {
                        asm!(ops; neg rax);
                    }
                    asm!(ops
                        ; jmp =>done
                        ; =>general
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
                asm!(ops
                    ; =>done
                    ; mov [FRAME + a], rax
                );
            }
            // A function implemented in Rust runs at once, in place, through the
            // runtime; a Go function's call is left to the interpreter, for now.
            Op::Call => {
                let f = i.bc();
                if self.prog.funcs.get(f as usize).is_none_or(|f| f.rust.is_none()) {
                    return false;
                }
                let trapped = self.trapped;
                asm!(ops
                    ; mov rdi, MACHINE
                    ; mov esi, f as i32
                    ; mov edx, i.a as i32
                    ; mov ecx, self.pc as i32 + 1
                    ; call QWORD [RUNTIME + offset_of!(Runtime, call_rust) as i32]
                    ; test rax, rax
                    ; jz =>trapped
                    ; mov FRAME, rax
                );
            }
            Op::Jmp => {
                let target = self.jump_to(i);
                let ops = &mut *self.ops;
                asm!(ops; jmp =>target);
            }
            Op::JmpIf | Op::JmpIfNot => {
                let target = self.jump_to(i);
                let ops = &mut *self.ops;
                asm!(ops; cmp QWORD [FRAME + a], 0);
                if i.op == Op::JmpIf {
                    asm!(ops; jne =>target);
                } else {
                    asm!(ops; je =>target);
                }
            }
            // "Unless R[a] OP R[b], jump": the jump is taken on the negated condition.
            Op::BrNotLtI | Op::BrNotLeI | Op::BrNotEqI | Op::BrNotNeI => {
                let target = self.jump_to(i);
                let ops = &mut *self.ops;
                asm!(ops
                    ; mov rax, [FRAME + a]
                    ; cmp rax, [FRAME + b]
                );
                match i.op {
                    Op::BrNotLtI => asm!(ops; jge =>target),
                    Op::BrNotLeI => asm!(ops; jg =>target),
                    Op::BrNotEqI => asm!(ops; jne =>target),
                    _ => asm!(ops; je =>target),
                }
            }
            _ => return false,
        }
        true
    }

    /// `R[a] := R[b] OP R[c]` on integers, OP applied to `rax` and slot `c` by `op`.
    fn int_op(&mut self, i: Insn, op: impl FnOnce(&mut Asm, i32)) {
        let ops = &mut *self.ops;
        asm!(ops; mov rax, [FRAME + slot(i.b)]);
        op(ops, slot(i.c));
        asm!(ops; mov [FRAME + slot(i.a)], rax);
    }

    /// `R[a] := R[b] OP R[c]` on floats, OP applied to `xmm0` and slot `c` by `op`.
    fn float_op(&mut self, i: Insn, op: impl FnOnce(&mut Asm, i32)) {
        let ops = &mut *self.ops;
        asm!(ops; movsd xmm0, [FRAME + slot(i.b)]);
        op(ops, slot(i.c));
        asm!(ops; movsd [FRAME + slot(i.a)], xmm0);
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
        let exit = self.ops.new_dynamic_label();
        self.late_exits.push((exit, self.pc));
        exit
    }

    /// Where a jump goes natively: straight to its target if forward; if backward, to
    /// the safepoint every back edge passes, as in the interpreter: the loop is paid for
    /// in fuel, and the code leaves at this instruction (for the interpreter to take the
    /// jump with its safepoint) if the fuel would run out or the goroutine must stop.
    fn jump_to(&mut self, i: Insn) -> DynamicLabel {
        let offset = match i.op.operands()[2] {
            Operand::Jump16 => i.c as i16 as i64,
            _ => i.sbc() as i64,
        };
        let target = self.labels[(self.pc as i64 + 1 + offset) as usize];
        if offset >= 0 {
            return target;
        }
        let back_edge = self.ops.new_dynamic_label();
        let exit = self.exit();
        self.back_edges.push((back_edge, offset as i32, exit, target));
        back_edge
    }
}

/// `R[a] := al`, a comparison's 0 or 1.
fn store_bool(ops: &mut Asm, a: i32) {
    asm!(ops
        ; movzx eax, al
        ; mov [FRAME + a], rax
    );
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

/// Emits a back edge's safepoint (see `Gen::jump_to`): `offset` is the jump's, negative,
/// whose size is the loop's cost in fuel.
fn back_edge(ops: &mut Asm, (label, offset, exit, target): (DynamicLabel, i32, DynamicLabel, DynamicLabel)) {
    asm!(ops
        ; =>label
        ; cmp BYTE [PREEMPT], 0
        ; jne =>exit
        ; mov rax, [FUEL]
        ; add rax, offset
        ; js =>exit
        ; mov [FUEL], rax
        ; jmp =>target
    );
}

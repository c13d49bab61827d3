//! The amd64 code generator: a function's bytecode to machine code, one instruction at a
//! time (a template compiler, for now: every value lives in its frame slot between
//! instructions, and each instruction loads what it reads and stores what it writes).
//!
//! The code is a function `extern "sysv64" fn(frame: *mut u64) -> u64`: it runs from the
//! function's first instruction and returns the pc at which the interpreter goes on, an
//! *exit*. Every instruction boundary is a valid exit, because the frame's slots hold
//! exactly what the interpreter would have there. An instruction the generator does not
//! compile is an exit at its pc, and so is a backward jump, which the interpreter takes
//! with its safepoint (fuel, preemption). Nothing here calls out, allocates or moves the
//! stack, so the frame pointer stays valid for the whole run.
//!
//! Fixed registers, named once: `FRAME` holds the frame's first slot; `rax`, `rcx`,
//! `rdx` and `xmm0`, `xmm1` are scratch.
//!
//! The code is position independent: jumps are relative, and no address is baked in.

use dynasmrt::x64::X64Relocation;
use dynasmrt::{DynamicLabel, DynasmApi, DynasmLabelApi, VecAssembler, dynasm};

use crate::bytecode::op::{Insn, Op, Operand};
use crate::bytecode::{Func, Program};

/// Assembles in the generator's dialect: amd64, with `FRAME` the frame base (callee-saved
/// `rbx`, saved by the prologue).
macro_rules! asm {
    ($ops:expr; $($t:tt)*) => {
        dynasm!($ops
            ; .arch x64
            ; .alias FRAME, rbx
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

/// The machine code of `func`, or None if its first instruction is already an exit (so
/// machine code would do nothing but return).
pub fn compile(prog: &Program, func: &Func) -> Option<Vec<u8>> {
    let mut ops = Asm::new(0);
    let exit = ops.new_dynamic_label();
    let labels: Vec<DynamicLabel> = func.code.iter().map(|_| ops.new_dynamic_label()).collect();
    asm!(ops
        ; push FRAME
        ; mov FRAME, rdi
    );
    // Backward branches leave through exits placed after the code: (label, pc).
    let mut late_exits = Vec::new();
    for (pc, &i) in func.code.iter().enumerate() {
        ops.dynamic_label(labels[pc]);
        let mut g = Gen {
            ops: &mut ops,
            prog,
            pc,
            labels: &labels,
            late_exits: &mut late_exits,
        };
        if !g.insn(i) {
            if pc == 0 {
                return None;
            }
            asm!(ops
                ; mov eax, pc as i32
                ; jmp =>exit
            );
        }
    }
    for (label, pc) in late_exits {
        asm!(ops
            ; =>label
            ; mov eax, pc as i32
            ; jmp =>exit
        );
    }
    asm!(ops
        ; =>exit
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
    late_exits: &'a mut Vec<(DynamicLabel, usize)>,
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
                asm!(ops
                    ; movzx eax, al
                    ; mov [FRAME + a], rax
                );
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
                asm!(ops
                    ; movzx eax, al
                    ; mov [FRAME + a], rax
                );
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
                asm!(ops
                    ; movzx eax, al
                    ; mov [FRAME + a], rax
                );
            }
            Op::Jmp => {
                let Some(target) = self.forward(i) else {
                    return false;
                };
                let ops = &mut *self.ops;
                asm!(ops; jmp =>target);
            }
            Op::JmpIf | Op::JmpIfNot => {
                let target = self.target(i);
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
                let target = self.target(i);
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

    /// The pc a jump or branch goes to.
    fn target_pc(&self, i: Insn) -> usize {
        let offset = match i.op.operands()[2] {
            Operand::Jump16 => i.c as i16 as i64,
            _ => i.sbc() as i64,
        };
        (self.pc as i64 + 1 + offset) as usize
    }

    /// The label of a forward jump's target, or None for a backward one.
    fn forward(&self, i: Insn) -> Option<DynamicLabel> {
        let to = self.target_pc(i);
        (to > self.pc).then(|| self.labels[to])
    }

    /// Where a conditional jump goes natively: its target if forward, else an exit at
    /// this pc, so that the interpreter takes the jump with its safepoint.
    fn target(&mut self, i: Insn) -> DynamicLabel {
        self.forward(i).unwrap_or_else(|| {
            let exit = self.ops.new_dynamic_label();
            self.late_exits.push((exit, self.pc));
            exit
        })
    }
}

//! Per-function code generation state: registers, instructions, jumps and variables.

use hashbrown::HashMap;

use crate::bytecode::op::{Insn, Op, Operand};
use crate::front::check::ObjId;

/// Where a variable lives.
#[derive(Copy, Clone, Debug)]
pub enum Local {
    /// In registers starting here.
    Reg(u16),
    /// On the heap; the register holds the box's address.
    Boxed(u16),
    /// Captured from an enclosing function: capture slot n holds the box's address.
    Capture(u16),
}

/// A forward jump waiting for its target.
#[derive(Copy, Clone, Debug)]
pub struct Patch(usize);

/// A loop, switch or labelled statement that break/continue can target.
pub struct Target<'a> {
    pub label: Option<&'a str>,
    pub breaks: Vec<Patch>,
    pub continues: Vec<Patch>,
    pub is_loop: bool,
}

pub struct Builder<'a> {
    pub code: Vec<Insn>,
    pub lines: Vec<u32>,
    pub line: u32,
    next_reg: u32,
    pub max_reg: u32,
    pub locals: HashMap<ObjId, Local>,
    /// Variables this function captures, in capture-slot order.
    pub captures: Vec<ObjId>,
    pub targets: Vec<Target<'a>>,
    pub labels: HashMap<&'a str, usize>,
    pub gotos: Vec<(&'a str, Patch)>,
    /// The function contains `defer`: returns go through the result variables.
    pub has_defer: bool,
    /// The result variables of a function with named results (or synthesized ones).
    pub results: Vec<ObjId>,
    pub result_slots: u32,
    /// Set when registers ran out (more than 65535 slots in one frame).
    pub overflow: bool,
    /// Constants used as operands, each loaded once into its own register at entry.
    const_regs: Vec<u64>,
    /// See [`Func::asserted`](crate::bytecode::Func::asserted).
    pub asserted: Vec<(u32, crate::bytecode::TypeIdx)>,
}

/// Registers numbered from here down stand for constant registers until the function is
/// finished and they get their real numbers.
const CONST_MARK: u16 = 0xFF00;

impl<'a> Builder<'a> {
    pub fn new(param_slots: u32) -> Builder<'a> {
        Builder {
            code: Vec::new(),
            lines: Vec::new(),
            line: 0,
            next_reg: param_slots,
            max_reg: param_slots,
            locals: HashMap::new(),
            captures: Vec::new(),
            targets: Vec::new(),
            labels: HashMap::new(),
            gotos: Vec::new(),
            has_defer: false,
            results: Vec::new(),
            result_slots: 0,
            overflow: false,
            const_regs: Vec::new(),
            asserted: Vec::new(),
        }
    }

    /// A register holding the 64-bit constant `bits` for the whole function (loaded once
    /// at entry), or None when the function has used up its constant registers.
    pub fn const_reg(&mut self, bits: u64) -> Option<u16> {
        let i = match self.const_regs.iter().position(|&c| c == bits) {
            Some(i) => i,
            None if self.const_regs.len() < 255 => {
                self.const_regs.push(bits);
                self.const_regs.len() - 1
            }
            None => return None,
        };
        Some(u16::MAX - i as u16)
    }

    /// Gives constant registers their numbers, right after the parameters (below every
    /// call frame, which callees overwrite), moving the other registers up; prepends
    /// their loads. Returns the code, the line table and the number of constants, which
    /// is both how many registers were added and how many instructions were prepended
    /// (jumps are relative, so only absolute positions move).
    pub fn place_constants(&mut self, first: u32, consts: &mut Vec<u64>) -> (Vec<Insn>, Vec<u32>, u32) {
        let mut code = std::mem::take(&mut self.code);
        let mut lines = std::mem::take(&mut self.lines);
        let n = self.const_regs.len() as u32;
        if n == 0 {
            return (code, lines, 0);
        }
        let real = |r: u16| {
            if r > CONST_MARK {
                (first + (u16::MAX - r) as u32) as u16
            } else if r as u32 >= first {
                (r as u32 + n) as u16
            } else {
                r
            }
        };
        for i in &mut code {
            let [a, b, c] = i.op.operands();
            if a == Operand::Reg {
                i.a = real(i.a);
            }
            if b == Operand::Reg {
                i.b = real(i.b);
            }
            if c == Operand::Reg {
                i.c = real(i.c);
            }
        }
        let first_line = lines.first().copied().unwrap_or(0);
        let saved = (std::mem::take(&mut self.code), std::mem::take(&mut self.lines));
        for (k, &bits) in self.const_regs.clone().iter().enumerate() {
            let r = (first + k as u32) as u16;
            match i32::try_from(bits as i64) {
                Ok(v) => {
                    self.emit(Insn::wide(Op::LoadI, r, v as u32));
                }
                Err(_) => self.load_bits(r, bits, consts),
            }
        }
        let mut pre = std::mem::take(&mut self.code);
        pre.append(&mut code);
        let mut pre_lines = vec![first_line; n as usize];
        pre_lines.append(&mut lines);
        (self.code, self.lines) = saved;
        if self.max_reg + n > u16::MAX as u32 - 8 {
            self.overflow = true;
        }
        (pre, pre_lines, n)
    }

    pub fn emit(&mut self, insn: Insn) -> usize {
        self.code.push(insn);
        self.lines.push(self.line);
        self.code.len() - 1
    }

    pub fn op(&mut self, op: Op, a: u16, b: u16, c: u16) -> usize {
        self.emit(Insn::new(op, a, b, c))
    }

    pub fn opx(&mut self, op: Op, x: u8, a: u16, b: u16, c: u16) -> usize {
        self.emit(Insn::new(op, a, b, c).with_x(x))
    }

    /// Allocates `n` consecutive registers.
    pub fn alloc(&mut self, n: u32) -> u16 {
        let r = self.next_reg;
        self.next_reg += n.max(1);
        self.max_reg = self.max_reg.max(self.next_reg);
        if self.next_reg > u16::MAX as u32 - 8 {
            self.overflow = true;
            self.next_reg = 0;
            return 0;
        }
        r as u16
    }

    /// The register allocation mark, to free temporaries with [`Builder::release`].
    pub fn mark(&self) -> u32 {
        self.next_reg
    }

    pub fn release(&mut self, mark: u32) {
        self.next_reg = mark;
    }

    /// The first register above every live one: where a call's frame starts.
    pub fn top(&self) -> u16 {
        self.next_reg as u16
    }

    pub fn pc(&self) -> usize {
        self.code.len()
    }

    pub fn jump(&mut self, op: Op, cond: u16) -> Patch {
        Patch(self.emit(Insn::wide(op, cond, 0)))
    }

    /// Points a forward jump at the current position.
    pub fn patch_here(&mut self, p: Patch) {
        let here = self.pc();
        self.patch_to(p, here);
    }

    pub fn patch_to(&mut self, p: Patch, target: usize) {
        let off = target as i64 - (p.0 as i64 + 1);
        let i = self.code[p.0];
        if i.op.operands()[2] == Operand::Jump16 {
            // A compare-and-branch keeps its offset in c.
            match i16::try_from(off) {
                Ok(o) => self.code[p.0].c = o as u16,
                Err(_) => self.overflow = true,
            }
            return;
        }
        self.code[p.0] = Insn::wide(i.op, i.a, off as i32 as u32);
    }

    /// A compare-and-branch to patch later.
    pub fn branch(&mut self, op: Op, a: u16, b: u16) -> Patch {
        Patch(self.emit(Insn::new(op, a, b, 0)))
    }

    /// A backward jump to `target`.
    pub fn jump_back(&mut self, target: usize) {
        let off = target as i64 - (self.pc() as i64 + 1);
        self.emit(Insn::wide(Op::Jmp, 0, off as i32 as u32));
    }

    pub fn move_n(&mut self, dst: u16, src: u16, n: u32) {
        if dst == src || n == 0 {
            return;
        }
        if n == 1 {
            self.op(Op::Move, dst, src, 0);
        } else {
            self.op(Op::MoveN, dst, src, n as u16);
        }
    }

    pub fn load_int(&mut self, dst: u16, v: i64, consts: &mut Vec<u64>) {
        if let Ok(v32) = i32::try_from(v) {
            self.emit(Insn::wide(Op::LoadI, dst, v32 as u32));
        } else {
            self.load_bits(dst, v as u64, consts);
        }
    }

    pub fn load_bits(&mut self, dst: u16, bits: u64, consts: &mut Vec<u64>) {
        let idx = match consts.iter().position(|&c| c == bits) {
            Some(i) => i,
            None => {
                consts.push(bits);
                consts.len() - 1
            }
        };
        self.emit(Insn::wide(Op::LoadK, dst, idx as u32));
    }
}

//! The bytecode verifier: checks once, when a VM is created, that every operand of every
//! instruction is in range, so the interpreter can access registers without bounds checks.
//! What each operand is, and what `x` may be, it reads from the op table.

use crate::bytecode::op::{Facts, Insn, Op, Operand};
use crate::bytecode::{Func, Kind, Program};

/// Registers past `nregs` that a frame may touch; callers reserve this much slack.
pub const SLACK: usize = 8;

/// Checks every function; Err names the first bad instruction.
pub fn verify(p: &Program) -> Result<(), String> {
    for (fi, f) in p.funcs.iter().enumerate() {
        if f.code.is_empty() || f.lines.len() != f.code.len() {
            return Err(format!("{}: empty code or line table mismatch", f.name));
        }
        for (pc, insn) in f.code.iter().enumerate() {
            check(p, f, pc, *insn).map_err(|e| format!("{} (func {fi}) pc {pc}: {:?}: {e}", f.name, insn.op))?;
        }
        // The last instruction must not fall off the end.
        let last = f.code[f.code.len() - 1].op;
        if !last.facts().contains(Facts::STOPS) {
            return Err(format!("{}: code falls off its end", f.name));
        }
    }
    if p.entry as usize >= p.funcs.len() || p.init as usize >= p.funcs.len() {
        return Err("entry function out of range".into());
    }
    Ok(())
}

fn type_slots(p: &Program, t: u16) -> Result<usize, String> {
    p.types
        .get(t as usize)
        .map(|t| t.slots as usize)
        .ok_or_else(|| "type out of range".to_string())
}

/// Slots an instruction may touch from its `a` register (values, key and value of a map
/// op, an ok flag).
fn span(p: &Program, i: Insn) -> Result<usize, String> {
    Ok(match i.op {
        Op::MoveN | Op::Zero | Op::LoadN | Op::StoreN => i.c as usize,
        Op::Ret => i.b as usize,
        Op::Defer | Op::Go => i.c as usize,
        Op::Send | Op::Recv => i.c as usize + 1,
        Op::Select => 2 + 2 * i.c as usize,
        Op::MakeClosure => 1 + i.c as usize,
        Op::MapGet | Op::MapGetOk | Op::MapSet | Op::MapDelete | Op::MapNext | Op::MapIter | Op::MakeMap => {
            let t = p.types.get(i.c as usize).ok_or("type out of range")?;
            if t.kind != Kind::Map {
                return Err("map op on a non-map type".into());
            }
            let k = type_slots(p, t.key.ok_or("map without key")?.0 as u16)?;
            let v = type_slots(p, t.elem.ok_or("map without value")?.0 as u16)?;
            2 + k + v
        }
        Op::Append => 3 + i.x as usize * type_slots(p, i.c)?,
        // These make a pointer or a slice header whatever the size of the type.
        Op::New | Op::MakeChan => 1,
        Op::MakeSlice => 3,
        // A slice in, an array (or a pointer to one) out.
        Op::SliceToArray => type_slots(p, i.c)?.max(3),
        _ if i.op.operands()[2] == Operand::Type => 3 + type_slots(p, i.c)?,
        _ => 5,
    })
}

fn check(p: &Program, f: &Func, pc: usize, i: Insn) -> Result<(), String> {
    if !i.op.x_use().allows(i.x) {
        return Err(format!("x = {} is not a value of {:?}", i.x, i.op.x_use()));
    }
    let limit = f.nregs as usize + SLACK;
    let span = span(p, i)?;
    let jump = |offset: i64| {
        let target = pc as i64 + 1 + offset;
        if target < 0 || target as usize >= f.code.len() {
            return Err("jump out of the function".to_string());
        }
        Ok(())
    };
    let in_range = |index: u32, len: usize, what: &str| {
        if index as usize >= len {
            return Err(format!("{what} index out of range"));
        }
        Ok(())
    };
    let [a, b, c] = i.op.operands();
    for (kind, v) in [(a, i.a), (b, i.b), (c, i.c)] {
        match kind {
            Operand::Unused | Operand::Num | Operand::Imm | Operand::Wide => {}
            Operand::Reg if v as usize + span <= limit => {}
            Operand::Reg => return Err(format!("register r{v} (+{span}) beyond frame of {}", f.nregs)),
            Operand::Type => in_range(v.into(), p.types.len(), "type")?,
            Operand::Method => in_range(v.into(), p.method_names.len(), "method name")?,
            Operand::Func16 => in_range(v.into(), p.funcs.len(), "function")?,
            Operand::Jump16 => jump(v as i16 as i64)?,
            Operand::Const => in_range(i.bc(), p.consts.len(), "constant")?,
            Operand::Str => in_range(i.bc(), p.strings.len(), "string")?,
            // The globals have a slot to spare, so a variable of zero size declared last
            // has an address in them too.
            Operand::Global => in_range(i.bc(), p.global_slots as usize + 1, "global slot")?,
            Operand::Func => in_range(i.bc(), p.funcs.len(), "function")?,
            Operand::Jump => jump(i.sbc() as i64)?,
        }
    }
    Ok(())
}

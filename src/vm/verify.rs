//! The bytecode verifier: checks once, when a VM is created, that every operand of every
//! instruction is in range, so the interpreter can access registers without bounds checks.

use crate::bytecode::op::{Insn, Op};
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
        if !matches!(last, Op::Ret | Op::Jmp | Op::Panic) {
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
    let fmt = i.op.format().as_bytes();
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
        _ if fmt[2] == b'T' => 3 + type_slots(p, i.c)?,
        _ => 5,
    })
}

fn check(p: &Program, f: &Func, pc: usize, i: Insn) -> Result<(), String> {
    let limit = f.nregs as usize + SLACK;
    let fmt = i.op.format().as_bytes();
    let span = span(p, i)?;
    let reg = |r: u16| -> Result<(), String> {
        if r as usize + span <= limit {
            Ok(())
        } else {
            Err(format!("register r{r} (+{span}) beyond frame of {}", f.nregs))
        }
    };
    let operand = |letter: u8, v: u16| -> Result<(), String> {
        match letter {
            b'R' => reg(v),
            b'T' => type_slots(p, v).map(|_| ()),
            b'M' => p
                .method_names
                .get(v as usize)
                .map(|_| ())
                .ok_or_else(|| "method name out of range".into()),
            _ => Ok(()),
        }
    };
    operand(fmt[0], i.a)?;
    match fmt[1] {
        b'K' => {
            let k = i.bc() as usize;
            let ok = match i.op {
                Op::LoadStr | Op::PrintStr => k < p.strings.len(),
                // The globals have a slot to spare, so a variable of zero size declared
                // last has an address in them too.
                Op::GlobalAddr => k <= p.global_slots as usize,
                _ => k < p.consts.len(),
            };
            if !ok {
                return Err("constant index out of range".into());
            }
        }
        b'F' => {
            if i.bc() as usize >= p.funcs.len() {
                return Err("function index out of range".into());
            }
        }
        b'J' => {
            let target = pc as i64 + 1 + i.sbc() as i64;
            if target < 0 || target as usize >= f.code.len() {
                return Err("jump out of the function".into());
            }
        }
        b'W' => {}
        letter => {
            operand(letter, i.b)?;
            operand(fmt[2], i.c)?;
        }
    }
    if matches!(i.op, Op::BrNotLtI | Op::BrNotLeI | Op::BrNotEqI | Op::BrNotNeI) {
        let target = pc as i64 + 1 + i.c as i16 as i64;
        if target < 0 || target as usize >= f.code.len() {
            return Err("branch out of the function".into());
        }
    }
    if i.op == Op::MakeClosure && i.b as usize >= p.funcs.len() {
        return Err("closure of an unknown function".into());
    }
    Ok(())
}

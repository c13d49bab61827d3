//! A readable listing of a program's bytecode (`govm disasm`).

use std::fmt::Write;

use super::op::Insn;
use super::program::{Func, Program};

/// The whole program: every function but the natives (whose code is only a stub that
/// calls them), then the types.
pub fn program(p: &Program) -> String {
    let mut out = String::new();
    for (i, f) in p.funcs.iter().enumerate() {
        if f.native.is_some() {
            continue;
        }
        func(p, i, f, &mut out);
        out.push('\n');
    }
    out
}

fn func(p: &Program, index: usize, f: &Func, out: &mut String) {
    let file = p.files.get(f.file as usize).map_or("?", |s| s.as_str());
    let _ = writeln!(
        out,
        "func {index} {} ({file}) params={} results={} regs={}{}",
        f.name,
        f.param_slots,
        f.result_slots,
        f.nregs,
        f.recover_pc.map_or(String::new(), |pc| format!(" recover={pc}"))
    );
    for (pc, insn) in f.code.iter().enumerate() {
        let line = f.lines.get(pc).copied().unwrap_or(0);
        let _ = writeln!(out, "  {pc:5}  {line:4}  {}", insn_text(p, pc, *insn));
    }
}

/// One instruction with its operands decoded by the op table's format letters.
pub fn insn_text(p: &Program, pc: usize, i: Insn) -> String {
    let fmt = i.op.format().as_bytes();
    let mut s = format!("{:<13}", i.op.name());
    let mut parts = Vec::new();
    if i.x != 0 {
        parts.push(format!("x={}", i.x));
    }
    let operand = |letter: u8, v: u16| -> Option<String> {
        match letter {
            b'R' => Some(format!("r{v}")),
            b'N' => Some(format!("{v}")),
            b'I' => Some(format!("{}", v as i16)),
            b'T' => Some(p.types.get(v as usize).map_or("?", |t| t.name.as_str()).to_string()),
            b'M' => Some(p.method_names.get(v as usize).cloned().unwrap_or_default()),
            _ => None,
        }
    };
    if let Some(a) = operand(fmt[0], i.a) {
        parts.push(a);
    }
    match fmt[1] {
        b'K' => {
            let k = i.bc() as usize;
            if i.op == super::Op::LoadStr || i.op == super::Op::PrintStr {
                let text = p
                    .strings
                    .get(k)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default();
                parts.push(format!("{text:?}"));
            } else if i.op == super::Op::GlobalAddr {
                parts.push(format!("global+{k}"));
            } else {
                let bits = p.consts.get(k).copied().unwrap_or(0);
                parts.push(format!("#{k} ({} / {})", bits as i64, f64::from_bits(bits)));
            }
        }
        b'F' => {
            let f = i.bc() as usize;
            parts.push(p.funcs.get(f).map_or_else(|| format!("func{f}"), |f| f.name.clone()));
        }
        b'J' => parts.push(format!("-> {}", pc as i64 + 1 + i.sbc() as i64)),
        b'W' => parts.push(format!("{}", i.sbc())),
        letter => {
            if let Some(b) = operand(letter, i.b) {
                parts.push(b);
            }
            if let Some(c) = operand(fmt[2], i.c) {
                parts.push(c);
            }
        }
    }
    s.push_str(&parts.join(", "));
    s.trim_end().to_string()
}

//! A readable listing of a program's bytecode (`govm disasm`).

use std::fmt::Write;

use super::op::{Insn, Operand};
use super::program::{Func, Program};

/// The program's functions, package main's or with `all` every one but the Rust
/// functions (whose code is only a stub that calls them), in the order of the function
/// table.
pub fn program(p: &Program, all: bool) -> String {
    let mut out = String::new();
    for f in &p.funcs {
        if f.rust.is_some() || !(all || f.name.starts_with("main.")) {
            continue;
        }
        func(p, f, &mut out);
        out.push('\n');
    }
    out
}

fn func(p: &Program, f: &Func, out: &mut String) {
    let file = p.files.get(f.file as usize).map_or("?", |s| s.as_str());
    let _ = writeln!(
        out,
        "func {} ({file}) params={} results={} regs={}{}",
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

/// One instruction with its operands decoded by their kinds in the op table.
pub fn insn_text(p: &Program, pc: usize, i: Insn) -> String {
    let mut parts: Vec<String> = i.op.x_use().describe(i.x).into_iter().collect();
    let func = |f: usize| p.funcs.get(f).map_or_else(|| format!("func{f}"), |f| f.name.clone());
    let [a, b, c] = i.op.operands();
    for (kind, v) in [(a, i.a), (b, i.b), (c, i.c)] {
        let k = i.bc() as usize;
        parts.push(match kind {
            Operand::Unused => continue,
            Operand::Reg => format!("r{v}"),
            Operand::Num => format!("{v}"),
            Operand::Imm => format!("{}", v as i16),
            Operand::Type => p.types.get(v as usize).map_or("?", |t| t.name.as_str()).to_string(),
            Operand::Method => p.method_names.get(v as usize).cloned().unwrap_or_default(),
            Operand::Func16 => func(v as usize),
            Operand::Jump16 => format!("-> {}", pc as i64 + 1 + v as i16 as i64),
            Operand::Const => {
                let bits = p.consts.get(k).copied().unwrap_or(0);
                format!("#{k} ({} / {})", bits as i64, f64::from_bits(bits))
            }
            Operand::Str => format!(
                "{:?}",
                p.strings.get(k).map(|b| String::from_utf8_lossy(b)).unwrap_or_default()
            ),
            Operand::Global => format!("global+{k}"),
            Operand::Func => func(k),
            Operand::Jump => format!("-> {}", pc as i64 + 1 + i.sbc() as i64),
            Operand::Wide => format!("{}", i.sbc()),
        });
    }
    format!("{:<13}{}", i.op.name(), parts.join(", "))
        .trim_end()
        .to_string()
}

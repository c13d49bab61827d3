//! Every dereference, index, slice and conversion is checked, driven by the op table's
//! [`Facts`]: Go snippets compiled and run on the VM, each claiming an op and printing
//! what Go 1.22 printed, recorded here.
//!
//! - [`NIL`]: every op that dereferences something (a pointer, a slice's or string's data,
//!   a map, a channel, a closure, an interface) applied to each nil operand it can meet,
//!   giving Go's panic or Go's result. Adding such an op to the table fails
//!   [`every_dereferencing_op_meets_its_nil_operands`] until it has its cases here.
//! - [`BOUNDS`]: every op that checks bounds given out-of-range indexes, slice bounds and
//!   conversions, between them producing every bounds message of Go's.
//! - [`ZERO_SIZE`]: values of zero size (`struct{}`, `[0]T`, and structs and arrays of
//!   them) in every operation that moves, stores, compares or counts values.
//!
//! A snippet is the body of `func f()`, called by a `main` that prints a recovered panic
//! as `panic: VALUE`. A run that ends otherwise adds `exit STATUS: ` and the first line of
//! its standard error (Go's `fatal error: ...`); a run that writes to standard error and
//! exits 0 (the `print` builtin) adds `stderr: ` and all of it. Each case must compile to
//! the op it claims, in `f` or in what the snippet declares.
//!
//! The outputs were recorded from Go 1.22. With `GOVM_GO` naming a `go` binary,
//! [`the_recorded_outputs_are_gos`] runs every snippet through it and checks the record:
//! `GOVM_GO=/opt/govenv/bin/go cargo test --release --lib checks_tests`.

use super::tests::Capture;
use super::{Config, Vm};
use crate::aot::Jit;
use crate::bytecode::Program;
use crate::bytecode::op::{Facts, Op};
use crate::load::{SourceFile, compile_package};

use Operand::*;

/// What a nil snippet applies its op to.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Operand {
    NilPointer,
    NilArrayPointer,
    NilMap,
    NilChan,
    NilSlice,
    NilFunc,
    NilInterface,
    /// The empty string, whose data pointer is nil.
    EmptyString,
    /// An operand that no Go program can make nil (the running closure), for an op that
    /// has no other.
    NeverNil,
}

impl Operand {
    /// The nil operands an op that dereferences as `fact` says can meet. An array pointer
    /// is also the data of the slice an op ranges over or slices.
    fn meeting(fact: Facts) -> &'static [Operand] {
        match fact {
            Facts::PTR => &[NilPointer, NilArrayPointer],
            Facts::DATA => &[NilSlice, EmptyString, NilArrayPointer],
            Facts::MAP => &[NilMap],
            Facts::CHAN => &[NilChan],
            Facts::CLOSURE => &[NilFunc],
            Facts::IFACE => &[NilInterface],
            _ => &[],
        }
    }
}

struct Case {
    op: Op,
    /// For [`NIL`] cases: the nil operand.
    on: Option<Operand>,
    /// Package-level declarations the body uses.
    decls: &'static str,
    body: &'static str,
    want: &'static str,
}

/// A case of [`NIL`]: `op` applied to the nil `operand`.
const fn on(op: Op, operand: Operand, body: &'static str, want: &'static str) -> Case {
    Case {
        op,
        on: Some(operand),
        decls: "",
        body,
        want,
    }
}

const fn case(op: Op, body: &'static str, want: &'static str) -> Case {
    Case {
        op,
        on: None,
        decls: "",
        body,
        want,
    }
}

impl Case {
    const fn decls(self, decls: &'static str) -> Case {
        Case { decls, ..self }
    }

    /// The whole program: [`MAIN`], the declarations and `f`.
    fn source(&self) -> String {
        format!("{MAIN}\n{}\nfunc f() {{\n\t{}\n}}\n", self.decls, self.body)
    }

    fn name(&self) -> String {
        match self.on {
            Some(on) => format!("{:?} on {on:?}: {}", self.op, self.body),
            None => format!("{:?}: {}", self.op, self.body),
        }
    }
}

/// What calls every snippet, and prints a panic it recovers.
const MAIN: &str = r#"package main

import "fmt"

func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("panic:", r)
		}
	}()
	f()
}
"#;

/// The functions of [`MAIN`].
const MAIN_FUNCS: [&str; 2] = ["main.main", "main.main.func1"];

const NIL_DEREF: &str = "panic: runtime error: invalid memory address or nil pointer dereference\n";
const DEADLOCK: &str = "exit 2: fatal error: all goroutines are asleep - deadlock!\n";

/// What a run printed, in the form the cases record (see the module docs).
fn output(stdout: &str, stderr: &str, status: i32) -> String {
    match status {
        0 if stderr.is_empty() => stdout.to_string(),
        0 => format!("{stdout}stderr: {stderr}"),
        _ => format!("{stdout}exit {status}: {}\n", stderr.lines().next().unwrap_or("")),
    }
}

/// Whether the snippet's own code (not [`MAIN`]'s, not the library's) uses `op`.
fn compiles_to(prog: &Program, op: Op) -> bool {
    let Some(file) = prog.files.iter().position(|f| f == "x.go") else {
        return false;
    };
    prog.funcs
        .iter()
        .filter(|f| f.file as usize == file && f.rust.is_none() && !MAIN_FUNCS.contains(&f.name.as_str()))
        .any(|f| f.code.iter().any(|i| i.op == op))
}

/// Compiles and runs `case` on the VM, its functions compiled to machine code as `jit`
/// says: what it printed, or why it could not run.
fn run(case: &Case, jit: Jit) -> Result<String, String> {
    let file = SourceFile {
        name: "x.go".into(),
        text: case.source(),
    };
    let prog = compile_package(vec![file]).map_err(|e| format!("does not compile:\n{e}"))?;
    if !compiles_to(&prog, case.op) {
        return Err(format!("does not compile to {:?}", case.op));
    }
    let mut vm = Vm::new(
        prog,
        vec!["x".into()],
        Config {
            jit,
            ..Config::default()
        },
    )?;
    let (stdout, stderr) = (Capture::default(), Capture::default());
    vm.set_stdout(Box::new(stdout.clone()));
    vm.set_stderr(Box::new(stderr.clone()));
    // Only so that a case that hangs fails rather than hanging the test.
    vm.set_deadline(Some(std::time::Instant::now() + std::time::Duration::from_secs(60)));
    let status = vm.run();
    Ok(output(&stdout.text(), &stderr.text(), status))
}

/// Runs every case, interpreted and compiled to machine code (where a failed check
/// leaves the code for the interpreter's panic); fails listing those that do not compile
/// to their op or do not print what Go printed.
fn check(cases: &[Case]) {
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|c| [(c, Jit::Off), (c, Jit::All)])
        .filter_map(|(c, jit)| match run(c, jit) {
            Ok(got) if got == c.want => None,
            Ok(got) => Some(format!("{} ({jit:?})\n  want: {:?}\n  got:  {got:?}", c.name(), c.want)),
            Err(why) => Some(format!("{} ({jit:?})\n  {why}", c.name())),
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} runs fail:\n\n{}",
        failures.len(),
        2 * cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn nil_operands_behave_as_in_go() {
    check(NIL);
}

#[test]
fn out_of_range_bounds_behave_as_in_go() {
    check(BOUNDS);
}

#[test]
fn values_of_zero_size_behave_as_in_go() {
    check(ZERO_SIZE);
}

/// For each way an op dereferences, a case applies it to a nil operand that way meets
/// (or says the operand cannot be nil); and every case's operand is one its op meets.
#[test]
fn every_dereferencing_op_meets_its_nil_operands() {
    let mut missing = Vec::new();
    for &op in Op::ALL {
        let cases: Vec<Operand> = NIL.iter().filter(|c| c.op == op).filter_map(|c| c.on).collect();
        for fact in op.facts().iter().filter(|&f| Facts::DEREF.contains(f)) {
            if !cases
                .iter()
                .any(|o| *o == NeverNil || Operand::meeting(fact).contains(o))
            {
                missing.push(format!(
                    "{op:?} dereferences {fact:?}: no case on {:?}",
                    Operand::meeting(fact)
                ));
            }
        }
    }
    for c in NIL {
        let meets =
            c.op.facts()
                .iter()
                .any(|f| Operand::meeting(f).contains(&c.on.expect("NIL cases have operands")));
        if !meets && c.on != Some(NeverNil) {
            missing.push(format!("{}: {:?} does not meet {:?}", c.name(), c.op, c.on));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Every op that checks bounds has out-of-range cases, which between them produce each of
/// Go's bounds messages (runtime/error.go's boundsErrorFmt and boundsNegErrorFmt: `%u`
/// stands for a number, `%n` for a negative one).
#[test]
fn every_bounds_check_and_message_has_cases() {
    let mut missing: Vec<String> = Op::ALL
        .iter()
        .filter(|op| op.facts().contains(Facts::BOUNDS))
        .filter(|&&op| !BOUNDS.iter().any(|c| c.op == op))
        .map(|op| format!("{op:?} checks bounds: no case"))
        .collect();
    const MESSAGES: &[&str] = &[
        "index out of range [%u] with length %u",
        "slice bounds out of range [:%u] with length %u",
        "slice bounds out of range [:%u] with capacity %u",
        "slice bounds out of range [%u:%u]",
        "slice bounds out of range [::%u] with length %u",
        "slice bounds out of range [::%u] with capacity %u",
        "slice bounds out of range [:%u:%u]",
        "slice bounds out of range [%u:%u:]",
        "cannot convert slice with length %u to array or pointer to array with length %u",
        "index out of range [%n]",
        "slice bounds out of range [:%n]",
        "slice bounds out of range [%n:]",
        "slice bounds out of range [::%n]",
        "slice bounds out of range [:%n:]",
        "slice bounds out of range [%n::]",
    ];
    for m in MESSAGES {
        let want = format!("panic: runtime error: {m}");
        if !BOUNDS.iter().any(|c| c.want.lines().any(|line| fits(&want, line))) {
            missing.push(format!("no case panics with {m:?}"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Whether `line` is `pattern` with its `%u` and `%n` replaced by numbers (negative ones
/// for `%n`).
fn fits(pattern: &str, line: &str) -> bool {
    let Some(at) = pattern.find('%') else {
        return pattern == line;
    };
    let Some(rest) = line.strip_prefix(&pattern[..at]) else {
        return false;
    };
    let negative = &pattern[at + 1..at + 2] == "n";
    let (sign, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && sign == negative && fits(&pattern[at + 2..], &rest[digits..])
}

/// With `GOVM_GO` set to a `go` binary, every case's recorded output is what Go prints.
#[test]
fn the_recorded_outputs_are_gos() {
    let Some(go) = std::env::var_os("GOVM_GO") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("govm-checks-{}", std::process::id()));
    let mut wrong = Vec::new();
    for (i, c) in NIL.iter().chain(BOUNDS).chain(ZERO_SIZE).enumerate() {
        let case_dir = dir.join(i.to_string());
        std::fs::create_dir_all(&case_dir).expect("a temporary folder");
        std::fs::write(case_dir.join("x.go"), c.source()).expect("writing x.go");
        let built = std::process::Command::new(&go)
            .args(["build", "-o", "x", "x.go"])
            .current_dir(&case_dir)
            .env("GO111MODULE", "off")
            .output()
            .expect("go runs");
        assert!(
            built.status.success(),
            "{}: {}",
            c.name(),
            String::from_utf8_lossy(&built.stderr)
        );
        let ran = std::process::Command::new(case_dir.join("x"))
            .output()
            .expect("the program runs");
        let got = output(
            &String::from_utf8_lossy(&ran.stdout),
            &String::from_utf8_lossy(&ran.stderr),
            ran.status.code().unwrap_or(-1),
        );
        if got != c.want {
            wrong.push(format!("{}\n  recorded: {:?}\n  Go:       {got:?}", c.name(), c.want));
        }
    }
    // Only a leftover temporary folder if this fails.
    let _ = std::fs::remove_dir_all(&dir);
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// Ops on nil operands.
#[rustfmt::skip]
const NIL: &[Case] = &[
    on(Op::LoadCapture, NeverNil, "n := 1; g := func() int { return n }; fmt.Println(g())", "1\n"),
    on(Op::Load, NilPointer, "var p *int; fmt.Println(*p)", NIL_DEREF),
    on(Op::Load, NilPointer, "var p *struct{ a, b int }; fmt.Println(p.b)", NIL_DEREF),
    on(Op::Load, NilArrayPointer, "var p *[1]int; a := *p; fmt.Println(a)", NIL_DEREF),
    on(Op::LoadN, NilPointer, "var p *struct{ a, b int }; fmt.Println(*p)", NIL_DEREF),
    on(Op::LoadN, NilPointer, "var p *struct{}; fmt.Println(*p)", NIL_DEREF),
    on(Op::LoadN, NilArrayPointer, "var p *[3]int; fmt.Println(*p)", NIL_DEREF),
    on(Op::LoadN, NilArrayPointer, "var p *[0]int; fmt.Println(*p)", NIL_DEREF),
    on(Op::Store, NilPointer, "var p *int; *p = 1", NIL_DEREF),
    on(Op::Store, NilPointer, "var p *struct{ a, b int }; p.b = 1", NIL_DEREF),
    on(Op::Store, NilPointer, "var p *struct{ a, b int }; p.b = one()", "right-hand side first\npanic: runtime error: invalid memory address or nil pointer dereference\n").decls(r#"func one() int { fmt.Println("right-hand side first"); return 1 }"#),
    on(Op::Store, NilArrayPointer, "var p *[1]int; *p = [1]int{7}", NIL_DEREF),
    on(Op::StoreN, NilPointer, "var p *struct{ a, b int }; *p = struct{ a, b int }{1, 2}", NIL_DEREF),
    on(Op::StoreN, NilPointer, "var p *struct{}; *p = struct{}{}", NIL_DEREF),
    on(Op::StoreN, NilArrayPointer, "var p *[2]int; *p = [2]int{1, 2}", NIL_DEREF),
    on(Op::LoadByte, NilPointer, "var p *byte; fmt.Println(*p)", NIL_DEREF),
    on(Op::StoreByte, NilPointer, "var p *bool; *p = true", NIL_DEREF),
    on(Op::FieldAddr, NilPointer, "var p *struct{ a, b int }; q := &p.b; fmt.Println(q != nil)", NIL_DEREF),
    on(Op::FieldAddr, NilPointer, "var p *struct{ a, b int }; q := &(*p).a; fmt.Println(q != nil)", NIL_DEREF),
    on(Op::FieldAddr, NilPointer, "var p *int; q := &*p; fmt.Println(q != nil)", NIL_DEREF),
    on(Op::FieldAddr, NilPointer, "var p *T; fmt.Println(p.IsNil()); fmt.Println((*p).IsNil())", "true\npanic: runtime error: invalid memory address or nil pointer dereference\n").decls("type T struct{ n int }; func (t *T) IsNil() bool { return t == nil }"),
    on(Op::FieldAddr, NilArrayPointer, "var p *[3]int; fmt.Println(p[1])", NIL_DEREF),
    on(Op::FieldAddr, NilArrayPointer, "var p *[0]int; i := 0; fmt.Println(p[i])", NIL_DEREF),
    on(Op::FieldAddr, NilArrayPointer, "var p *[3]int; fmt.Println((*p)[1])", NIL_DEREF),
    on(Op::FieldAddr, NilArrayPointer, "var p *[3]int; fmt.Println(p[two()])", "index first\npanic: runtime error: invalid memory address or nil pointer dereference\n").decls(r#"func two() int { fmt.Println("index first"); return 2 }"#),
    on(Op::FieldAddr, NilArrayPointer, "var p *[3]int; i := 5; fmt.Println(p[i])", NIL_DEREF),
    on(Op::FieldAddr, NilArrayPointer, "var p *[3]int; fmt.Println(len(p[:]))", NIL_DEREF),
    on(Op::FieldAddr, NilArrayPointer, "var p *[0]int; fmt.Println(len(p[:]))", NIL_DEREF),
    on(Op::FieldAddr, NilArrayPointer, "var p *[3]int; i := 5; fmt.Println(p[:i])", NIL_DEREF),
    on(Op::FieldAddr, NilArrayPointer, "var p *[3]int; fmt.Println(len((*p)[1:]))", NIL_DEREF),
    on(Op::FieldAddr, NilArrayPointer, "var p *[10]int; for i, v := range p { fmt.Println(i, v) }", NIL_DEREF),
    on(Op::FieldAddr, NilArrayPointer, "var p *[2]struct{}; for i, v := range p { fmt.Println(i, v) }", NIL_DEREF),
    on(Op::SliceLoad, NilArrayPointer, r#"var p *[0]int; for i, v := range p { fmt.Println(i, v) }; fmt.Println("no iterations")"#, "no iterations\n"),
    on(Op::NilCheck, NilInterface, r#"var i interface{ M() }; g := i.M; fmt.Println("made", g != nil)"#, NIL_DEREF),
    on(Op::IndexAddr, NilSlice, "var s []struct{ a, b int }; fmt.Println(s[0])", "panic: runtime error: index out of range [0] with length 0\n"),
    on(Op::IndexAddr, NilSlice, "var s []int; s[0] = 1", "panic: runtime error: index out of range [0] with length 0\n"),
    on(Op::IndexAddr, NilSlice, "var s []int; p := &s[0]; fmt.Println(p)", "panic: runtime error: index out of range [0] with length 0\n"),
    on(Op::SliceLoad, NilSlice, "var s []int; fmt.Println(s[0])", "panic: runtime error: index out of range [0] with length 0\n"),
    on(Op::SliceLoadB, NilSlice, "var s []byte; fmt.Println(s[0])", "panic: runtime error: index out of range [0] with length 0\n"),
    on(Op::EqStr, EmptyString, r#"var s string; fmt.Println(s == "", s == "a", s != "")"#, "true false false\n"),
    on(Op::LtStr, EmptyString, r#"var s string; fmt.Println(s < "a", "a" < s, s < s)"#, "true false false\n"),
    on(Op::LeStr, EmptyString, r#"var s string; fmt.Println(s <= "", "a" <= s, s >= s)"#, "true false true\n"),
    on(Op::EqIface, NilInterface, "var a, b any; fmt.Println(a == b, a == any(1), a != nil)", "true false false\n"),
    on(Op::EqIface, NilInterface, "var e error; var a any; fmt.Println(a == any(e), e == nil)", "true true\n"),
    on(Op::Concat, EmptyString, r#"var s, t string; fmt.Println(len(s+t), s+"x"+t)"#, "0 x\n"),
    on(Op::StrIndex, EmptyString, "var s string; fmt.Println(s[0])", "panic: runtime error: index out of range [0] with length 0\n"),
    on(Op::StrDecode, EmptyString, r#"var s string; for i, r := range s { fmt.Println(i, r) }; fmt.Println("no iterations")"#, "no iterations\n"),
    on(Op::BytesToStr, NilSlice, r#"var b []byte; fmt.Println(string(b) == "", len(string(b)))"#, "true 0\n"),
    on(Op::StrToBytes, EmptyString, "var s string; b := []byte(s); fmt.Println(len(b), b == nil)", "0 false\n"),
    on(Op::RunesToStr, NilSlice, r#"var r []rune; fmt.Println(string(r) == "", len(string(r)))"#, "true 0\n"),
    on(Op::StrToRunes, EmptyString, "var s string; r := []rune(s); fmt.Println(len(r), r == nil)", "0 false\n"),
    on(Op::SliceToArray, NilSlice, "var s []int; a := [0]int(s); fmt.Println(a, len(a))", "[] 0\n"),
    on(Op::SliceToArray, NilSlice, "var s []int; a := [1]int(s); fmt.Println(a)", "panic: runtime error: cannot convert slice with length 0 to array or pointer to array with length 1\n"),
    on(Op::Append, NilSlice, "var s []int; fmt.Println(append(s, 1), s == nil)", "[1] true\n"),
    on(Op::AppendSlice, NilSlice, "var s, t []int; u := append(s, t...); fmt.Println(u == nil, len(u))", "true 0\n"),
    on(Op::AppendStr, EmptyString, "var b []byte; var s string; fmt.Println(append(b, s...) == nil, len(append(b, s...)))", "true 0\n"),
    on(Op::Copy, NilSlice, "var s, t []int; fmt.Println(copy(s, t), copy(s, []int{1}), copy([]int{1}, t))", "0 0 0\n"),
    on(Op::CopyStr, NilSlice, r#"var b []byte; fmt.Println(copy(b, "abc"))"#, "0\n"),
    on(Op::CopyStr, EmptyString, r#"b := []byte("abc"); var s string; fmt.Println(copy(b, s), string(b))"#, "0 abc\n"),
    on(Op::ClearSlice, NilSlice, "var s []int; clear(s); fmt.Println(s == nil)", "true\n"),
    on(Op::MapGet, NilMap, r#"var m map[string]int; fmt.Println(m["a"])"#, "0\n"),
    on(Op::MapGet, NilMap, "var m map[any]int; fmt.Println(m[[]int{}])", "panic: runtime error: hash of unhashable type []int\n"),
    on(Op::MapGetOk, NilMap, r#"var m map[string]int; v, ok := m["a"]; fmt.Println(v, ok)"#, "0 false\n"),
    on(Op::MapGetOk, NilMap, "var m map[any]int; v, ok := m[func() {}]; fmt.Println(v, ok)", "panic: runtime error: hash of unhashable type func()\n"),
    on(Op::MapSet, NilMap, r#"var m map[string]int; m["a"] = 1"#, "panic: assignment to entry in nil map\n"),
    on(Op::MapDelete, NilMap, r#"var m map[string]int; delete(m, "a"); fmt.Println(len(m))"#, "0\n"),
    on(Op::MapDelete, NilMap, "var m map[any]int; delete(m, map[int]int{})", "panic: runtime error: hash of unhashable type map[int]int\n"),
    on(Op::MapLen, NilMap, "var m map[string]int; fmt.Println(len(m))", "0\n"),
    on(Op::MapClear, NilMap, "var m map[string]int; clear(m); fmt.Println(m == nil)", "true\n"),
    on(Op::MapIter, NilMap, r#"var m map[string]int; for k, v := range m { fmt.Println(k, v) }; fmt.Println("no iterations")"#, "no iterations\n"),
    on(Op::MapNext, NilMap, "var m map[int]bool; n := 0; for range m { n++ }; fmt.Println(n)", "0\n"),
    on(Op::AssertType, NilInterface, "var a any; fmt.Println(a.(int))", "panic: interface conversion: interface {} is nil, not int\n"),
    on(Op::AssertType, NilInterface, "var e error; fmt.Println(e.(*T))", "panic: interface conversion: error is nil, not *main.T\n").decls(r#"type T struct{}; func (*T) Error() string { return "" }"#),
    on(Op::AssertTypeOk, NilInterface, r#"var a any; v, ok := a.(string); fmt.Println(v == "", ok)"#, "true false\n"),
    on(Op::CallClosure, NilFunc, "var g func(); g()", NIL_DEREF),
    on(Op::CallClosure, NilFunc, "var g func(int) int; fmt.Println(g == nil); fmt.Println(g(1))", "true\npanic: runtime error: invalid memory address or nil pointer dereference\n"),
    on(Op::CallIface, NilInterface, "var i interface{ M() }; i.M()", NIL_DEREF),
    on(Op::CallIface, NilInterface, "var e error; fmt.Println(e.Error())", NIL_DEREF),
    on(Op::RunDefers, NilFunc, r#"var g func(); defer g(); fmt.Println("the deferred call panics when it runs")"#, "the deferred call panics when it runs\npanic: runtime error: invalid memory address or nil pointer dereference\n"),
    on(Op::RunDefers, NilFunc, r#"var g func(); defer fmt.Println("deferred earlier, run after the panic"); defer g()"#, "deferred earlier, run after the panic\npanic: runtime error: invalid memory address or nil pointer dereference\n"),
    on(Op::RunDefers, NilFunc, r#"var g func(); defer func() { fmt.Println("recovered:", recover()) }(); defer g(); panic("first")"#, "recovered: runtime error: invalid memory address or nil pointer dereference\n"),
    on(Op::Go, NilFunc, "var g func(); go g()", "exit 2: fatal error: go of nil func value\n"),
    on(Op::Send, NilChan, "var c chan int; c <- 1", DEADLOCK),
    on(Op::Recv, NilChan, "var c chan int; <-c", DEADLOCK),
    on(Op::Recv, NilChan, "var c chan string; v, ok := <-c; fmt.Println(v, ok)", DEADLOCK),
    on(Op::Recv, NilChan, "var c chan int; for range c { }", DEADLOCK),
    on(Op::Close, NilChan, "var c chan int; close(c)", "panic: close of nil channel\n"),
    on(Op::ChanLen, NilChan, "var c chan int; fmt.Println(len(c), cap(c))", "0 0\n"),
    on(Op::Select, NilChan, r#"var c chan int; select { case v := <-c: fmt.Println("received", v); case c <- 1: fmt.Println("sent"); default: fmt.Println("default") }"#, "default\n"),
    on(Op::Select, NilChan, "var c chan int; select { case <-c: case c <- 1: }", DEADLOCK),
    on(Op::Print, NilSlice, "var s []int; println(len(s), s == nil)", "stderr: 0 true\n"),
    on(Op::Print, EmptyString, "var s string; println(s, len(s))", "stderr:  0\n"),
];

/// Out-of-range indexes, slice bounds and slice-to-array conversions (and some in range).
#[rustfmt::skip]
const BOUNDS: &[Case] = &[
    case(Op::IndexAddr, "s := make([]struct{ a, b int }, 2); i := 2; fmt.Println(s[i])", "panic: runtime error: index out of range [2] with length 2\n"),
    case(Op::IndexAddr, "s := []int{1}; i := -1; s[i] = 0", "panic: runtime error: index out of range [-1]\n"),
    case(Op::IndexAddr, r#"var a [3]string; i := 3; a[i] = "x""#, "panic: runtime error: index out of range [3] with length 3\n"),
    case(Op::IndexAddr, "a := &[3]int{}; i := 7; a[i]++", "panic: runtime error: index out of range [7] with length 3\n"),
    case(Op::IndexAddr, "s := make([]struct{}, 5); i := 5; fmt.Println(s[i])", "panic: runtime error: index out of range [5] with length 5\n"),
    case(Op::SliceLoad, "s := []int{1, 2, 3}; i := 3; fmt.Println(s[i])", "panic: runtime error: index out of range [3] with length 3\n"),
    case(Op::SliceLoad, "s := []int{1, 2, 3}; i := -1; fmt.Println(s[i])", "panic: runtime error: index out of range [-1]\n"),
    case(Op::SliceLoad, "s := []int{1, 2, 3}; var i int8 = -128; fmt.Println(s[i])", "panic: runtime error: index out of range [-128]\n"),
    case(Op::SliceLoad, "s := []int{1, 2, 3}; var i uint8 = 255; fmt.Println(s[i])", "panic: runtime error: index out of range [255] with length 3\n"),
    case(Op::SliceLoadB, r#"s := []byte("abc"); i := 3; fmt.Println(s[i])"#, "panic: runtime error: index out of range [3] with length 3\n"),
    case(Op::SliceLoadB, "s := []bool{true}; i := -2; fmt.Println(s[i])", "panic: runtime error: index out of range [-2]\n"),
    case(Op::BoundsCheck, "s := []int{1, 2, 3}; var i uint = 1 << 63; fmt.Println(s[i])", "panic: runtime error: index out of range [9223372036854775808] with length 3\n"),
    case(Op::BoundsCheck, r#"s := []string{"a"}; var i uint64 = 1; s[i] = "b""#, "panic: runtime error: index out of range [1] with length 1\n"),
    case(Op::BoundsCheck, "var a [4]byte; var i uintptr = 1<<64 - 1; fmt.Println(a[i])", "panic: runtime error: index out of range [18446744073709551615] with length 4\n"),
    case(Op::BoundsCheck, r#"s := "go"; var i uint = 2; fmt.Println(s[i])"#, "panic: runtime error: index out of range [2] with length 2\n"),
    case(Op::StrIndex, r#"s := "abc"; i := 3; fmt.Println(s[i])"#, "panic: runtime error: index out of range [3] with length 3\n"),
    case(Op::StrIndex, r#"s := "abc"; i := -4; fmt.Println(s[i])"#, "panic: runtime error: index out of range [-4]\n"),
    case(Op::StrSlice, r#"s := "abcd"; h := 5; fmt.Println(s[:h])"#, "panic: runtime error: slice bounds out of range [:5] with length 4\n"),
    case(Op::StrSlice, r#"s := "abcd"; h := -1; fmt.Println(s[:h])"#, "panic: runtime error: slice bounds out of range [:-1]\n"),
    case(Op::StrSlice, r#"s := "abcd"; l := 5; fmt.Println(s[l:])"#, "panic: runtime error: slice bounds out of range [5:4]\n"),
    case(Op::StrSlice, r#"s := "abcd"; l, h := 3, 2; fmt.Println(s[l:h])"#, "panic: runtime error: slice bounds out of range [3:2]\n"),
    case(Op::StrSlice, r#"s := "abcd"; l := -1; fmt.Println(s[l:])"#, "panic: runtime error: slice bounds out of range [-1:]\n"),
    case(Op::StrSlice, r#"s := "abcd"; var h uint = 1 << 63; fmt.Println(s[:h])"#, "panic: runtime error: slice bounds out of range [:9223372036854775808] with length 4\n"),
    case(Op::StrSlice, r#"s := "abcd"; l, h := 1, 3; fmt.Println(s[l:h], s[h:], s[:l], s[4:])"#, "bc d a \n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); h := 6; fmt.Println(s[:h])", "panic: runtime error: slice bounds out of range [:6] with capacity 5\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); h := 5; fmt.Println(s[:h], s[2:h][2])", "[0 0 0 0 0] 0\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); h := -1; fmt.Println(s[:h])", "panic: runtime error: slice bounds out of range [:-1]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); l := 4; fmt.Println(s[l:])", "panic: runtime error: slice bounds out of range [4:3]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); l, h := 3, 2; fmt.Println(s[l:h])", "panic: runtime error: slice bounds out of range [3:2]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); l := -1; fmt.Println(s[l:])", "panic: runtime error: slice bounds out of range [-1:]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); m := 6; fmt.Println(s[0:1:m])", "panic: runtime error: slice bounds out of range [::6] with capacity 5\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); m := -1; fmt.Println(s[0:0:m])", "panic: runtime error: slice bounds out of range [::-1]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); h, m := 4, 3; fmt.Println(s[0:h:m])", "panic: runtime error: slice bounds out of range [:4:3]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); h := -1; fmt.Println(s[0:h:2])", "panic: runtime error: slice bounds out of range [:-1:]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); l, h := 3, 2; fmt.Println(s[l:h:4])", "panic: runtime error: slice bounds out of range [3:2:]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); l := -1; fmt.Println(s[l:2:2])", "panic: runtime error: slice bounds out of range [-1::]\n"),
    case(Op::SliceSlice, "var a [4]int; h := 5; fmt.Println(a[:h])", "panic: runtime error: slice bounds out of range [:5] with length 4\n"),
    case(Op::SliceSlice, "var a [4]int; m := 5; fmt.Println(a[1:2:m])", "panic: runtime error: slice bounds out of range [::5] with length 4\n"),
    case(Op::SliceSlice, "a := &[4]int{}; l, h := 3, 1; fmt.Println(a[l:h])", "panic: runtime error: slice bounds out of range [3:1]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); var h uint64 = 1 << 63; fmt.Println(s[:h])", "panic: runtime error: slice bounds out of range [:9223372036854775808] with capacity 5\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); var l uint = 1<<64 - 1; fmt.Println(s[l:])", "panic: runtime error: slice bounds out of range [18446744073709551615:3]\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); var m uint = 1 << 63; fmt.Println(s[0:0:m])", "panic: runtime error: slice bounds out of range [::9223372036854775808] with capacity 5\n"),
    case(Op::SliceSlice, "s := make([]int, 3, 5); l, h, m := 1, 2, 4; t := s[l:h:m]; fmt.Println(len(t), cap(t), s[5:], len(s[:0:0]))", "panic: runtime error: slice bounds out of range [5:3]\n"),
    case(Op::SliceSlice, "var s []int; fmt.Println(s[:] == nil, s[0:0] == nil, len(s[0:0:0]))", "true true 0\n"),
    case(Op::SliceToArray, "s := []int{1, 2, 3, 4, 5}; a := [8]int(s); fmt.Println(a)", "panic: runtime error: cannot convert slice with length 5 to array or pointer to array with length 8\n"),
    case(Op::SliceToArray, r#"s := []byte("hey"); a := [5]byte(s); fmt.Println(a)"#, "panic: runtime error: cannot convert slice with length 3 to array or pointer to array with length 5\n"),
    case(Op::SliceToArray, "s := make([]struct{}, 2); a := [3]struct{}(s); fmt.Println(a)", "panic: runtime error: cannot convert slice with length 2 to array or pointer to array with length 3\n"),
    case(Op::SliceToArray, "s := []int{1, 2, 3, 4, 5}; a := [3]int(s[1:]); s[2] = 9; fmt.Println(a)", "[2 3 4]\n"),
    case(Op::SliceToArray, r#"s := []byte("hello, world"); a := [5]byte(s[3:]); b := [3]bool([]bool{true, false, true, true}); c := [9]int8([]int8{-1, -2, 3, 4, 5, 6, 7, 8, -9}); fmt.Println(a, b, c, string(a[:]))"#, "[108 111 44 32 119] [true false true] [-1 -2 3 4 5 6 7 8 -9] lo, w\n"),
    case(Op::SliceToArray, r#"s := []string{"a", "b", "c"}; a := [2]string(s[1:]); fmt.Println(a, len(a[1]))"#, "[b c] 1\n"),
    case(Op::SliceToArray, "type P struct{ x int; b byte }; s := []P{{1, 2}, {3, 4}}; fmt.Println([2]P(s))", "[{1 2} {3 4}]\n"),
    case(Op::SliceToArray, "fmt.Println(toArray[[2]int]([]int{1, 2, 3}))", "[1 2]\n").decls("func toArray[A ~[2]int](s []int) A { return A(s) }"),
];

/// Values of zero size in every operation.
#[rustfmt::skip]
const ZERO_SIZE: &[Case] = &[
    case(Op::New, "p := new(struct{}); q := new([0]int); fmt.Println(*p, *q, p != nil, q != nil)", "{} [] true true\n"),
    case(Op::Zero, "var e struct{}; var a [0]string; fmt.Println(e, a, len(a))", "{} [] 0\n"),
    case(Op::LoadN, "p := new(struct{}); e := *p; fmt.Println(e)", "{}\n"),
    case(Op::StoreN, "var e struct{}; p := &e; *p = struct{}{}; fmt.Println(*p)", "{}\n"),
    case(Op::GlobalAddr, "e = struct{}{}; fmt.Println(e, a, len(a))", "{} [] 0\n").decls("var e struct{}; var a [0]int"),
    case(Op::MakeClosure, "var e struct{}; var a [0]int; g := func() { e = struct{}{}; fmt.Println(e, a) }; g()", "{} []\n"),
    case(Op::Ret, "x, y := pair(struct{}{}, [0]int{}); fmt.Println(x, y)", "{} []\n").decls("func pair(e struct{}, a [0]int) (struct{}, [0]int) { return e, a }"),
    case(Op::MakeSlice, "s := make([]struct{}, 5, 10); fmt.Println(len(s), cap(s), s)", "5 10 [{} {} {} {} {}]\n"),
    case(Op::MakeSlice, "n := 1 << 62; s := make([]struct{}, n); fmt.Println(len(s), cap(s))", "4611686018427387904 4611686018427387904\n"),
    case(Op::MakeSlice, "n := -1; s := make([][0]int, n); fmt.Println(len(s))", "panic: runtime error: makeslice: len out of range\n"),
    case(Op::Append, "var s []struct{}; for i := 0; i < 100; i++ { s = append(s, struct{}{}) }; fmt.Println(len(s), cap(s), s[99])", "100 100 {}\n"),
    case(Op::Append, "var s [][0]int; s = append(s, [0]int{}, [0]int{}); fmt.Println(len(s), cap(s), s)", "2 2 [[] []]\n"),
    case(Op::AppendSlice, "s := make([]struct{}, 3); s = append(s, s...); s = append(s[:1], s...); fmt.Println(len(s), cap(s))", "7 7\n"),
    case(Op::AppendSlice, "s := make([]struct{}, 1<<62); s = append(s, s...); fmt.Println(len(s))", "panic: runtime error: growslice: len out of range\n"),
    case(Op::Copy, "a := make([]struct{}, 5); b := make([]struct{}, 3); fmt.Println(copy(a, b), copy(b, a))", "3 3\n"),
    case(Op::Copy, "a := make([][0]string, 5); fmt.Println(copy(a[2:], a))", "3\n"),
    case(Op::Copy, "type T struct{ e struct{}; a [0]int }; a := make([]T, 5); b := make([]T, 3); fmt.Println(copy(a[1:], b), a)", "3 [{{} []} {{} []} {{} []} {{} []} {{} []}]\n"),
    case(Op::ClearSlice, "a := make([]struct{}, 5); clear(a); fmt.Println(a)", "[{} {} {} {} {}]\n"),
    case(Op::SliceSlice, "a := make([]struct{}, 5, 8); b, c := a[2:4], a[1:3:7]; fmt.Println(len(b), cap(b), len(c), cap(c), b, a[8:])", "panic: runtime error: slice bounds out of range [8:5]\n"),
    case(Op::SliceSlice, "a := make([]struct{}, 5, 8); i := 9; fmt.Println(a[:i])", "panic: runtime error: slice bounds out of range [:9] with capacity 8\n"),
    case(Op::SliceSlice, "var a [4][0]struct{}; s := a[1:3]; fmt.Println(len(s), cap(s), s)", "2 3 [[] []]\n"),
    case(Op::IndexAddr, "a := make([]struct{}, 5); a[3] = struct{}{}; p := &a[4]; *p = struct{}{}; fmt.Println(a[3], *p)", "{} {}\n"),
    case(Op::IndexAddr, "var a [5]struct{}; a[2] = struct{}{}; i := 4; fmt.Println(len(a), a, a[i])", "5 [{} {} {} {} {}] {}\n"),
    case(Op::IndexAddr, "var a [3][0]int; b := a; b[1] = [0]int{}; fmt.Println(a == b, len(a[1]), a)", "true 0 [[] [] []]\n"),
    case(Op::EqIface, "type T struct{ e struct{}; f [0]string }; var a, b struct{}; var x, y [0]int; fmt.Println(a == b, x == y, T{} == T{}, a != b)", "true true true false\n"),
    case(Op::MakeIface, "var i any = struct{}{}; var j any = [0]int{}; var k any = struct{}{}; fmt.Println(i == k, i == j, i, j)", "true false {} []\n"),
    case(Op::AssertType, "var i any = struct{}{}; v, ok := i.(struct{}); w := any([0]int{}).([0]int); fmt.Println(v, ok, w, len(w))", "{} true [] 0\n"),
    case(Op::AssertType, "var i any = struct{}{}; fmt.Println(i.([0]int))", "panic: interface conversion: interface {} is struct {}, not [0]int\n"),
    case(Op::TypeIs, r#"var i any = [0]int{}; switch i.(type) { case struct{}: fmt.Println("struct{}"); case [0]int: fmt.Println("[0]int") }"#, "[0]int\n"),
    case(Op::CallIface, "var i interface{ M() string } = T{}; var j interface{ P() string } = &T{}; m := T{}.M; fmt.Println(i.M(), j.P(), m())", "m p m\n").decls(r#"type T struct{}; func (T) M() string { return "m" }; func (*T) P() string { return "p" }"#),
    case(Op::MapSet, "m := map[struct{}]int{}; m[struct{}{}] = 1; m[struct{}{}]++; fmt.Println(m, len(m), m[struct{}{}])", "map[{}:2] 1 2\n"),
    case(Op::MapDelete, r#"m := map[[0]int]string{[0]int{}: "a"}; delete(m, [0]int{}); fmt.Println(len(m))"#, "0\n"),
    case(Op::MapGetOk, "m := map[int]struct{}{1: {}, 2: {}}; v, ok := m[1]; _, no := m[3]; fmt.Println(len(m), v, ok, no)", "2 {} true false\n"),
    case(Op::MapGet, "m := map[any]int{}; m[struct{}{}] = 1; m[[0]int{}] = 2; fmt.Println(len(m), m[struct{}{}], m[[0]int{}])", "2 1 2\n"),
    case(Op::MapNext, "m := map[struct{}][0]int{{}: {}}; for k, v := range m { fmt.Println(k, v) }", "{} []\n"),
    case(Op::MakeChan, "c := make(chan struct{}, 3); c <- struct{}{}; c <- struct{}{}; fmt.Println(len(c), cap(c))", "2 3\n"),
    case(Op::MakeChan, "n := 1 << 40; c := make(chan struct{}, n); fmt.Println(len(c), cap(c))", "0 1099511627776\n"),
    case(Op::Recv, r#"c := make(chan struct{}, 2); c <- struct{}{}; v, ok := <-c; close(c); for x := range c { fmt.Println("got", x) }; fmt.Println(v, ok)"#, "{} true\n"),
    case(Op::Send, "c := make(chan struct{}); done := make(chan [0]int); go func() { <-c; done <- [0]int{} }(); c <- struct{}{}; fmt.Println(<-done)", "[]\n"),
    case(Op::Select, r#"c := make(chan struct{}, 1); d := make(chan [0]int); select { case c <- struct{}{}: fmt.Println("sent"); case v := <-d: fmt.Println(v) }; select { case v, ok := <-c: fmt.Println(v, ok); default: fmt.Println("default") }"#, "sent\n{} true\n"),
    case(Op::IndexAddr, "s := make([]struct{}, 3); for i, v := range s { fmt.Println(i, v) }", "0 {}\n1 {}\n2 {}\n"),
    case(Op::IndexAddr, "var a [3]struct{}; for i, v := range a { fmt.Println(i, v) }", "0 {}\n1 {}\n2 {}\n"),
    case(Op::IndexAddr, "p := &[2][0]int{}; for i, v := range p { fmt.Println(i, v) }", "0 []\n1 []\n"),
    case(Op::SliceToArray, "s := make([]struct{}, 4); fmt.Println([3]struct{}(s), [0]int([]int{}))", "[{} {} {}] []\n"),
    case(Op::SliceToArray, "s := make([][0]int, 3); fmt.Println([2][0]int(s))", "[[] []]\n"),
];

//! What the fuzz targets do with one input, and what counts as a bug. Shared by the
//! targets in `fuzz_targets/` (under libFuzzer, nightly) and by `tests/fuzz_corpora.rs`,
//! which replays the saved corpora on stable Rust in the ordinary test suite.
//!
//! Each function returns `Err` with a description when the input shows a bug that did
//! not crash outright; a Rust panic (caught by govm or not) is a bug too: libFuzzer's
//! panic hook aborts on it, and the replaying test looks for govm's report of one.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use govm::{Engine, Error, Jit};

/// The name `Engine::compile` gives a script in its diagnostics.
const SCRIPT: &str = "script.go";

/// The front end and compiler on arbitrary bytes: the source (with invalid UTF-8
/// replaced, as `Engine::compile` takes a `&str`) through `Engine::compile`, which
/// checks, compiles, verifies and links it. Either a program or diagnostics is fine.
pub fn compile(data: &[u8]) -> Result<(), String> {
    match Engine::new().compile(&String::from_utf8_lossy(data)) {
        Ok(_) => Ok(()),
        Err(Error::Compile(d)) => diagnostics(&d),
        Err(e) => Err(format!("compiling gave {e:?}, not a program or diagnostics")),
    }
}

/// The limits a fuzzed program runs under: enough for every corpus program to finish,
/// little enough that a runaway input costs well under a second.
pub const MEMORY: usize = 64 << 20;
pub const FUEL: u64 = 20_000_000;
pub const GOROUTINES: usize = 100;
pub const DEADLINE: Duration = Duration::from_secs(2);

/// How a fuzzed program fared, for the share of inputs that got as far as running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Diagnostics: the source is not a valid program.
    Rejected,
    /// It compiled and ran, to its end or to an error of Go's (a panic, a limit, a
    /// deadlock).
    Ran,
}

/// A Go program compiled and run as `main` in an embedded instance under every limit
/// (memory, fuel, goroutines, deadline), interpreted and with every function compiled
/// to machine code. Any `Error` is fine but `Error::Internal`, govm's report of a Rust
/// panic inside the VM; and the two runs must print the same and end the same way,
/// with the same random seed, unless the program is one whose runs differ anyway (a
/// second interpreted run tells), starts goroutines, or ran out of fuel or time in one
/// of them. On the
/// embedding default of one thread: with more, a mutated program that races (the
/// mutator wraps statements in goroutines) may tear a value and fault, as a racy Go
/// program may (`Engine::max_procs`), and such a fault could not be told from a bug.
pub fn run(source: &[u8]) -> Result<Outcome, String> {
    let source = String::from_utf8_lossy(source);
    // One seed for every run: map iteration and select go the same way in each.
    let engine = || {
        Engine::new()
            .max_memory(MEMORY)
            .fuel(FUEL)
            .max_goroutines(GOROUTINES)
            .test_seed(0x5eed)
    };
    let program = match engine().compile(&source) {
        Ok(p) => p,
        Err(Error::Compile(d)) => return diagnostics(&d).map(|()| Outcome::Rejected),
        Err(e) => return Err(format!("compiling gave {e:?}, not a program or diagnostics")),
    };
    let interpreted = run_main(&program)?;
    let compiled = engine()
        .jit(Jit::All)
        .compile(&source)
        .map_err(|e| format!("compiles interpreted, but not to machine code: {e:?}"))?;
    let native = run_main(&compiled)?;
    // How far a goroutine gets before sysmon preempts it depends on how fast it runs, so
    // a program with goroutines may interleave otherwise in each mode (two interpreted
    // runs agreeing does not make it deterministic), and one that spins until preempted
    // may run out of fuel or time in one mode only.
    let timed = |r: &(Vec<u8>, String)| r.1 == "deadline exceeded" || r.1 == "out of fuel";
    let goroutines = source
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|t| t == "go");
    if interpreted != native && !goroutines && !timed(&interpreted) && !timed(&native) {
        let again = run_main(&program)?;
        if again == interpreted {
            return Err(format!(
                "compiled to machine code it printed {:?} and ended with {:?}; interpreted, {:?} and {:?}",
                String::from_utf8_lossy(&native.0),
                native.1,
                String::from_utf8_lossy(&interpreted.0),
                interpreted.1
            ));
        }
    }
    Ok(Outcome::Ran)
}

/// Runs `main` of `program` in a new instance: what it printed and how it ended (its
/// error's text, empty if none), or the bug if it ended in govm's internal error.
fn run_main(program: &govm::Program) -> Result<(Vec<u8>, String), String> {
    let mut inst = program.instantiate().map_err(|e| format!("instantiate: {e:?}"))?;
    let out = Output::default();
    inst.set_stdout(out.clone());
    inst.set_stderr(std::io::sink());
    inst.set_timeout(DEADLINE);
    let end = match inst.run_main() {
        Err(Error::Internal(report)) => return Err(report),
        Err(e) => e.to_string(),
        Ok(()) => String::new(),
    };
    let printed = out.0.lock().unwrap().clone();
    Ok((printed, end))
}

/// A program's standard output, gathered.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Checks that compile errors are what Go prints: a `script.go:LINE:COL: message` line
/// first. A message may go on over several lines (a raw string literal quoted in a syntax
/// error, a call's `have`/`want`), but none may be placed in another file. A verifier
/// refusing the compiler's output, a missing Rust function or an error in the library's
/// source is a bug of govm's, not a fault of the input.
fn diagnostics(text: &str) -> Result<(), String> {
    let bad = |why: &str| Err(format!("{why}:\n{text}"));
    if text.lines().next().is_none_or(|first| at(first) != Some(SCRIPT)) {
        return bad(&format!("the first line is not a {SCRIPT}:LINE:COL: diagnostic"));
    }
    match text.lines().find_map(|line| at(line).filter(|&file| file != SCRIPT)) {
        Some(file) => bad(&format!("a diagnostic placed in {file}")),
        None => Ok(()),
    }
}

/// The file of a `FILE:LINE:COL: message` line.
fn at(line: &str) -> Option<&str> {
    let mut parts = line.splitn(4, ':');
    let (file, row, col, message) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (file.ends_with(".go") && number(row) && number(col) && message.len() > 1 && message.starts_with(' '))
        .then_some(file)
}

/// The script the `call` target calls: identity functions over every kind of value the
/// embedding API converts, one that takes its value through a host function and back,
/// and one that cuts a string anywhere (making invalid UTF-8, which the host reads
/// with U+FFFD in its place).
const CALLED: &str = r#"package main

import "host"

func Signed(a int8, b int16, c int32, d int64, e int) (int8, int16, int32, int64, int) {
	return a, b, c, d, e
}

func Unsigned(a uint8, b uint16, c uint32, d uint64, e uint, f uintptr) (uint8, uint16, uint32, uint64, uint, uintptr) {
	return a, b, c, d, e, f
}

func Floats(a float32, b float64, c bool) (float32, float64, bool) { return a, b, c }

func Text(s string, b []byte) (string, []byte) { return s, b }

func Nested(x [][]string, m map[string][]int64, p **int32) ([][]string, map[string][]int64, **int32) {
	return x, m, p
}

func Same(r host.Record) host.Record { return r }

func ViaHost(r host.Record) host.Record { return host.Echo(r) }

func Cut(s string, n int) string {
	if n < 0 || n > len(s) {
		return s
	}
	return s[:n]
}
"#;

#[derive(arbitrary::Arbitrary, serde::Serialize, serde::Deserialize, Debug)]
pub struct Inner {
    name: String,
    tags: Vec<String>,
    score: f64,
}

impl govm::embed::HostType for Inner {
    const GO_NAME: &'static str = "Inner";
    const GO_DEF: &'static str = "struct{ Name string; Tags []string; Score float64 }";
}

#[derive(arbitrary::Arbitrary, serde::Serialize, serde::Deserialize, Debug)]
pub struct Record {
    id: i64,
    small: i8,
    unsigned: u16,
    flag: bool,
    ratio: f32,
    text: String,
    data: Vec<u8>,
    nums: Vec<i32>,
    dict: std::collections::BTreeMap<String, i64>,
    ptr: Option<i64>,
    inner: Inner,
    list: Vec<Inner>,
    opt: Option<Box<Inner>>,
    grid: [[u8; 2]; 2],
    kind: Kind,
}

/// A unit enum, which crosses as a string.
#[derive(arbitrary::Arbitrary, serde::Serialize, serde::Deserialize, Debug)]
pub enum Kind {
    Plain,
    Fancy,
}

impl govm::embed::HostType for Record {
    const GO_NAME: &'static str = "Record";
    const GO_DEF: &'static str = "struct{ ID int64; Small int8; Unsigned uint16; Flag bool; Ratio float32; \
        Text string; Data []byte; Nums []int32; Dict map[string]int64; Ptr *int; Inner Inner; \
        List []Inner; Opt *Inner; Grid [2][2]uint8; Kind string }";
}

/// One call of the `call` target: a function of [`CALLED`] and arguments for it, of the
/// Rust types its Go signature expects (`Ok`), or of any other (`Mistyped`).
type Nested = (
    Vec<Vec<String>>,
    std::collections::HashMap<String, Vec<i64>>,
    Option<Option<i32>>,
);

#[derive(arbitrary::Arbitrary, Debug)]
pub enum Call {
    Signed(i8, i16, i32, i64, i64),
    Unsigned(u8, u16, u32, u64, u64, u64),
    Floats(f32, f64, bool),
    Text(String, Vec<u8>),
    Nested(
        Vec<Vec<String>>,
        std::collections::HashMap<String, Vec<i64>>,
        Option<Option<i32>>,
    ),
    Same(Box<Record>),
    ViaHost(Box<Record>),
    Cut(String, i64),
    /// A function called with arguments of whatever types, its results read as others.
    Mistyped(Function, Value, Value, Reading),
}

#[derive(arbitrary::Arbitrary, Debug, Clone, Copy)]
pub enum Function {
    Signed,
    Unsigned,
    Floats,
    Text,
    Nested,
    Same,
    ViaHost,
    Cut,
    Missing,
}

#[derive(arbitrary::Arbitrary, Debug)]
pub enum Value {
    Int(i64),
    Uint(u64),
    Small(i8),
    Float(f64),
    Bool(bool),
    Str(String),
    Bytes(Vec<u8>),
    Ints(Vec<i64>),
    Map(std::collections::HashMap<i64, String>),
    Ptr(Option<u32>),
    Record(Box<Record>),
}

#[derive(arbitrary::Arbitrary, Debug)]
pub enum Reading {
    Nothing,
    Int,
    Str,
    Record,
    Pair,
}

/// The `call` target's program, compiled once: it never changes.
fn called() -> &'static govm::Program {
    static PROGRAM: std::sync::OnceLock<govm::Program> = std::sync::OnceLock::new();
    PROGRAM.get_or_init(|| {
        Engine::new()
            .max_memory(MEMORY)
            .fuel(FUEL)
            .host_type::<Inner>("host")
            .host_func("host", "Echo", |r: govm::Serde<Record>| r)
            .compile(CALLED)
            .expect("the called script compiles")
    })
}

/// Calls a function of [`CALLED`] through the embedding API with values decoded from
/// `data`. Values of the types a signature expects must come back unchanged (compared
/// by their debug text, so NaN is NaN and -0 is not 0); values of other types must give
/// an `Error` (or convert, where Go's type can hold them). Either way nothing may panic.
pub fn call(data: &[u8]) -> Result<(), String> {
    let Ok(call) = arbitrary::Unstructured::new(data).arbitrary::<Call>() else {
        return Ok(());
    };
    let mut inst = called().instantiate().map_err(|e| format!("instantiate: {e:?}"))?;
    inst.set_timeout(DEADLINE);
    let want = format!("{call:?}");
    /// The call's result as the debug text of the call it would be made with again.
    macro_rules! same {
        ($name:literal, $variant:path, $args:expr, $got:pat => ($($r:expr),*): $ty:ty) => {{
            let got: Result<$ty, Error> = inst.call($name, $args);
            match got {
                Ok($got) => format!("{:?}", $variant($($r),*)),
                Err(e) => return Err(format!("{}: {e:?}", $name)),
            }
        }};
    }
    let got = match call {
        Call::Signed(a, b, c, d, e) => {
            same!("Signed", Call::Signed, (a, b, c, d, e), (a, b, c, d, e) => (a, b, c, d, e): (i8, i16, i32, i64, i64))
        }
        Call::Unsigned(a, b, c, d, e, f) => same!(
            "Unsigned", Call::Unsigned, (a, b, c, d, e, f), (a, b, c, d, e, f) => (a, b, c, d, e, f): (u8, u16, u32, u64, u64, u64)
        ),
        Call::Floats(a, b, c) => same!("Floats", Call::Floats, (a, b, c), (a, b, c) => (a, b, c): (f32, f64, bool)),
        Call::Text(s, b) => same!("Text", Call::Text, (s, b), (s, b) => (s, b): (String, Vec<u8>)),
        // A map's debug text follows its hashing, which differs between two maps.
        Call::Nested(x, m, p) => {
            let got: Result<Nested, Error> = inst.call("Nested", (&x, &m, &p));
            return match got {
                Ok(got) if got == (x, m, p) => Ok(()),
                got => Err(format!("sent {want}\ngot back {got:?}")),
            };
        }
        Call::Same(r) => {
            same!("Same", Call::Same, (govm::Serde(*r),), govm::Serde(r) => (Box::new(r)): govm::Serde<Record>)
        }
        Call::ViaHost(r) => {
            same!("ViaHost", Call::ViaHost, (govm::Serde(*r),), govm::Serde(r) => (Box::new(r)): govm::Serde<Record>)
        }
        Call::Cut(s, n) => {
            let cut: Result<String, Error> = inst.call("Cut", (s.as_str(), n));
            // Go cuts bytes, maybe inside a character, which the host reads as U+FFFD.
            let want = match usize::try_from(n) {
                Ok(n) if n <= s.len() => String::from_utf8_lossy(&s.as_bytes()[..n]).into_owned(),
                _ => s.clone(),
            };
            return match cut {
                Ok(got) if got == want => Ok(()),
                got => Err(format!("Cut({s:?}, {n}) gave {got:?}")),
            };
        }
        Call::Mistyped(f, a, b, reading) => {
            mistyped(&mut inst, f, a, b, reading);
            return Ok(());
        }
    };
    if got == want {
        Ok(())
    } else {
        Err(format!("sent {want}\ngot back {got}"))
    }
}

/// A call whose types may not match: only that it does not panic matters.
fn mistyped(inst: &mut govm::Instance, f: Function, a: Value, b: Value, reading: Reading) {
    let name = format!("{f:?}");
    macro_rules! with_args {
        ($args:expr) => {
            match reading {
                Reading::Nothing => drop(inst.call::<_, ()>(&name, $args)),
                Reading::Int => drop(inst.call::<_, i64>(&name, $args)),
                Reading::Str => drop(inst.call::<_, String>(&name, $args)),
                Reading::Record => drop(inst.call::<_, govm::Serde<Record>>(&name, $args)),
                Reading::Pair => drop(inst.call::<_, (String, Vec<u8>)>(&name, $args)),
            }
        };
    }
    macro_rules! with_first {
        ($a:expr) => {
            match b {
                Value::Int(v) => with_args!(($a, v)),
                Value::Uint(v) => with_args!(($a, v)),
                Value::Small(v) => with_args!(($a, v)),
                Value::Float(v) => with_args!(($a, v)),
                Value::Bool(v) => with_args!(($a, v)),
                Value::Str(v) => with_args!(($a, v)),
                Value::Bytes(v) => with_args!(($a, v)),
                Value::Ints(v) => with_args!(($a, v)),
                Value::Map(v) => with_args!(($a, v)),
                Value::Ptr(v) => with_args!(($a, v)),
                Value::Record(v) => with_args!(($a, govm::Serde(v))),
            }
        };
    }
    match a {
        Value::Int(v) => with_first!(v),
        Value::Uint(v) => with_first!(v),
        Value::Small(v) => with_first!(v),
        Value::Float(v) => with_first!(v),
        Value::Bool(v) => with_first!(v),
        Value::Str(v) => with_first!(v),
        Value::Bytes(v) => with_first!(v),
        Value::Ints(v) => with_first!(v),
        Value::Map(v) => with_first!(v),
        Value::Ptr(v) => with_first!(v),
        Value::Record(v) => with_first!(govm::Serde(v)),
    }
}

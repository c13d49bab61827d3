//! The interpreter on hand-assembled programs: calls, loops, strings, slices, maps,
//! defers, panics and exits, checked through what they print and their exit status.
//! Independent of the compiler, so a failure here is the VM's.

use std::io::Write;
use std::sync::{Arc, Mutex};

use super::{Config, Vm};
use crate::bytecode::op::{Insn, Op};
use crate::bytecode::program::WellKnown;
use crate::bytecode::rtype::{Kind, RField, RMethod, RType, TypeIdx};
use crate::bytecode::{Func, Program};

// The type table every test program shares.
const INT: u16 = 0;
const STRING: u16 = 1;
const RUNTIME_ERROR: u16 = 2;
const INTS: u16 = 3;
const MAP_INT_INT: u16 = 4;
const BYTE: u16 = 5;
const POINT: u16 = 6;
const MAP_POINT_INT: u16 = 7;
const ANY: u16 = 8;
const MAP_ANY_INT: u16 = 9;
const FLOAT: u16 = 10;
const ARRAY0: u16 = 11;
const ARRAY2: u16 = 12;

fn ty(kind: Kind, name: &str, slots: u32, go_size: u64) -> RType {
    RType::plain(kind, name, slots, go_size)
}

fn types() -> Vec<RType> {
    let field = |name: &str, offset| RField {
        name: name.into(),
        ty: TypeIdx(INT as u32),
        offset,
        exported: false,
    };
    let array = |name: &str, len: u64| RType {
        elem: Some(TypeIdx(INT as u32)),
        len,
        ..ty(Kind::Array, name, len as u32, 8 * len)
    };
    let map = |name: &str, key: u16| RType {
        key: Some(TypeIdx(key as u32)),
        elem: Some(TypeIdx(INT as u32)),
        comparable: false,
        ..ty(Kind::Map, name, 1, 8)
    };
    vec![
        ty(Kind::Int, "int", 1, 8),
        ty(Kind::String, "string", 2, 16),
        RType {
            named: true,
            methods: vec![RMethod {
                name: "Error".into(),
                func: 0,
                sig: Default::default(),
            }],
            ..ty(Kind::String, "runtime.Error", 2, 16)
        },
        RType {
            elem: Some(TypeIdx(INT as u32)),
            comparable: false,
            ..ty(Kind::Slice, "[]int", 3, 24)
        },
        map("map[int]int", INT),
        ty(Kind::Uint8, "uint8", 1, 1),
        RType {
            fields: vec![field("x", 0), field("y", 1)],
            named: true,
            ..ty(Kind::Struct, "main.P", 2, 16)
        },
        map("map[main.P]int", POINT),
        ty(Kind::Interface, "interface {}", 2, 16),
        map("map[interface {}]int", ANY),
        ty(Kind::Float64, "float64", 1, 8),
        array("[0]int", 0),
        array("[2]int", 2),
    ]
}

fn func(name: &str, nregs: u32, params: u32, results: u32, code: Vec<Insn>) -> Func {
    Func {
        name: name.into(),
        lines: (1..=code.len() as u32).collect(),
        code,
        nregs,
        param_slots: params,
        result_slots: results,
        params: vec![TypeIdx(INT as u32); params as usize],
        results: vec![TypeIdx(INT as u32); results as usize],
        ..Func::default()
    }
}

/// `runtime.Error.Error`: its receiver is the data word, a pointer to the boxed string.
fn error_method() -> Func {
    Func {
        results: vec![TypeIdx(STRING as u32)],
        ..func(
            "runtime.Error.Error",
            3,
            1,
            2,
            vec![Insn::new(Op::LoadN, 1, 0, 2), Insn::new(Op::Ret, 1, 2, 0)],
        )
    }
}

/// A program whose functions are `error_method`, `main` (function 1), `more` (functions
/// 2...), then an empty `init` and the entry calling `init` and `main`, with string
/// constants `strings`.
fn program(main: Vec<Insn>, main_regs: u32, more: Vec<Func>, strings: &[&str]) -> Program {
    let mut funcs = vec![error_method(), func("main.main", main_regs, 0, 0, main)];
    funcs.extend(more);
    let init = funcs.len() as u32;
    funcs.push(func("runtime.init", 0, 0, 0, vec![ret0()]));
    let entry = vec![Insn::wide(Op::Call, 0, init), Insn::wide(Op::Call, 0, 1), ret0()];
    funcs.push(func("runtime.main", 1, 0, 0, entry));
    Program {
        funcs,
        types: types(),
        consts: vec![i64::MIN as u64, f64::NAN.to_bits()],
        strings: strings.iter().map(|s| s.as_bytes().into()).collect(),
        method_names: vec!["Error".into()],
        files: vec!["main.go".into()],
        global_slots: 0,
        init,
        entry: init + 1,
        well_known: WellKnown {
            runtime_error: TypeIdx(RUNTIME_ERROR as u32),
            string: TypeIdx(STRING as u32),
            error: TypeIdx(ANY as u32),
            panic_texts: None,
        },
    }
}

/// An output stream kept in memory, for a test to read.
#[derive(Clone, Default)]
pub(super) struct Capture(Arc<Mutex<Vec<u8>>>);

impl Capture {
    pub(super) fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Capture {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `p`; gives the exit status and what went to stderr (where `print` writes).
fn run(p: Program) -> (i32, String) {
    let mut vm = Vm::new(p, vec!["prog".into()], Config::default()).expect("the program verifies");
    let err = Capture::default();
    vm.set_stderr(Box::new(err.clone()));
    vm.set_stdout(Box::new(Capture::default()));
    let code = vm.run();
    let text = err.text();
    (code, text)
}

fn i(op: Op, a: u16, b: u16, c: u16) -> Insn {
    Insn::new(op, a, b, c)
}

fn load_i(r: u16, v: i32) -> Insn {
    Insn::wide(Op::LoadI, r, v as u32)
}

fn print(r: u16, t: u16) -> Insn {
    i(Op::Print, r, 0, t)
}

/// Prints string constant `k`.
fn print_str(k: u32) -> Insn {
    Insn::wide(Op::PrintStr, 0, k)
}

fn ret0() -> Insn {
    i(Op::Ret, 0, 0, 0)
}

/// The body the compiler gives Rust function `f`: a call of itself in place.
fn rust_stub(f: u32) -> Vec<Insn> {
    vec![Insn::wide(Op::Call, 0, f), ret0()]
}

#[test]
fn recursive_fib() {
    // func fib(n int) int { if n < 2 { return n }; return fib(n-1) + fib(n-2) }
    let fib = func(
        "main.fib",
        4,
        1,
        1,
        vec![
            load_i(1, 2),
            i(Op::BrNotLtI, 0, 1, 1),
            i(Op::Ret, 0, 1, 0),
            i(Op::AddImm, 2, 0, (-1i16) as u16),
            Insn::wide(Op::Call, 2, 2),
            i(Op::AddImm, 3, 0, (-2i16) as u16),
            Insn::wide(Op::Call, 3, 2),
            i(Op::AddI, 0, 2, 3),
            i(Op::Ret, 0, 1, 0),
        ],
    );
    let main = vec![load_i(0, 25), Insn::wide(Op::Call, 0, 2), print(0, INT), ret0()];
    assert_eq!(run(program(main, 2, vec![fib], &[])), (0, "75025".into()));
}

#[test]
fn counting_loop() {
    // sum := 0; for i := 0; i < 1000000; i++ { sum += i }
    let main = vec![
        load_i(0, 0),
        load_i(1, 0),
        load_i(2, 1_000_000),
        i(Op::AddI, 0, 0, 1),
        i(Op::AddImm, 1, 1, 1),
        i(Op::BrNotLtI, 1, 2, 1),
        Insn::wide(Op::Jmp, 0, (-4i32) as u32),
        print(0, INT),
        ret0(),
    ];
    assert_eq!(run(program(main, 3, vec![], &[])), (0, "499999500000".into()));
}

#[test]
fn integer_edge_cases_wrap_like_go() {
    let main = vec![
        Insn::wide(Op::LoadK, 0, 0), // MinInt64
        load_i(1, -1),
        i(Op::DivI, 2, 0, 1),
        print(2, INT),
        print_str(0),
        i(Op::RemI, 2, 0, 1),
        print(2, INT),
        print_str(0),
        load_i(3, 100),
        load_i(4, -8),
        i(Op::ShrI, 2, 4, 3),
        print(2, INT),
        print_str(0),
        i(Op::Shl, 2, 4, 3),
        print(2, INT),
        print_str(0),
        Insn::wide(Op::LoadK, 5, 1), // NaN
        i(Op::F2I, 2, 5, 0),
        print(2, INT),
        print_str(0),
        load_i(6, 300),
        i(Op::SExt, 2, 6, 0).with_x(8),
        print(2, INT),
        print_str(0),
        i(Op::F32, 2, 5, 0),
        print(2, FLOAT),
        ret0(),
    ];
    let (code, out) = run(program(main, 7, vec![], &[" "]));
    assert_eq!(code, 0);
    assert_eq!(out, "-9223372036854775808 0 -1 0 -9223372036854775808 44 NaN");
}

#[test]
fn strings_concat_index_slice_and_decode() {
    let main = vec![
        Insn::wide(Op::LoadStr, 0, 0),
        Insn::wide(Op::LoadStr, 2, 1),
        i(Op::Concat, 4, 0, 2),
        print(4, STRING),
        Insn::wide(Op::PrintStr, 0, 3),
        load_i(6, 1),
        i(Op::StrIndex, 7, 4, 6),
        print(7, INT),
        Insn::wide(Op::PrintStr, 0, 3),
        load_i(7, 3),
        i(Op::StrSlice, 8, 4, 6).with_x(3),
        print(8, STRING),
        Insn::wide(Op::PrintStr, 0, 3),
        Insn::wide(Op::LoadStr, 10, 2),
        load_i(12, 0),
        i(Op::StrDecode, 13, 10, 12),
        print(13, INT),
        Insn::wide(Op::PrintStr, 0, 3),
        print(14, INT),
        ret0(),
    ];
    let p = program(main, 15, vec![], &["héllo", ", wörld", "\u{fffd}", " "]);
    // A real invalid byte: the constant table holds raw bytes.
    let mut p = p;
    p.strings[2] = b"\xffa".as_slice().into();
    assert_eq!(run(p), (0, "héllo, wörld 195 é 65533 1".into()));
}

/// Appends 1..=10 one at a time to a nil slice of `elem`, printing each capacity.
fn append_caps(elem: u16) -> String {
    let main = vec![
        i(Op::Zero, 0, 0, 3),
        load_i(3, 1),
        load_i(4, 11),
        i(Op::Append, 0, 3, elem).with_x(1),
        print(2, INT),
        print_str(0),
        i(Op::AddImm, 3, 3, 1),
        i(Op::BrNotLtI, 3, 4, 1),
        Insn::wide(Op::Jmp, 0, (-6i32) as u32),
        print(1, INT),
        ret0(),
    ];
    let (code, out) = run(program(main, 5, vec![], &[" "]));
    assert_eq!(code, 0);
    out
}

#[test]
fn append_grows_capacity_like_go() {
    assert_eq!(append_caps(INT), "1 2 4 4 8 8 8 8 16 16 10");
    assert_eq!(append_caps(BYTE), "8 8 8 8 8 8 8 8 16 16 10");
}

#[test]
fn slicing_past_capacity_panics_with_go_text() {
    // s := make([]int, 2, 3); s[:5]
    let main = vec![
        load_i(3, 2),
        load_i(4, 3),
        i(Op::MakeSlice, 0, 3, INT),
        load_i(6, 5),
        load_i(7, 8),
        i(Op::SliceSlice, 8, 0, 5).with_x(2),
        ret0(),
    ];
    let (code, out) = run(program(main, 11, vec![], &[]));
    assert_eq!(code, 2);
    assert!(
        out.starts_with("panic: runtime error: slice bounds out of range [:5] with capacity 3\n"),
        "{out}"
    );
}

#[test]
fn slice_to_array_pointer_checks_the_length() {
    // The conversion (*[N]T)(s), which the checker does not accept yet, as the compiler
    // would emit it: s := make([]int, 1); print((*[0]int)(s) == &s[0]);
    // print((*[0]int)([]int(nil)) == nil); (*[2]int)(s)
    let main = vec![
        load_i(3, 1),
        load_i(4, 1),
        i(Op::MakeSlice, 0, 3, INT),
        i(Op::SliceToArray, 5, 0, ARRAY0).with_x(1),
        i(Op::EqI, 6, 5, 0),
        print(6, INT),
        i(Op::Zero, 0, 0, 3),
        i(Op::SliceToArray, 5, 0, ARRAY0).with_x(1),
        load_i(7, 0),
        i(Op::EqI, 6, 5, 7),
        print(6, INT),
        load_i(3, 1),
        i(Op::MakeSlice, 0, 3, INT),
        i(Op::SliceToArray, 5, 0, ARRAY2).with_x(1),
        ret0(),
    ];
    let (code, out) = run(program(main, 12, vec![], &[]));
    assert_eq!(code, 2);
    assert!(
        out.starts_with(
            "11panic: runtime error: cannot convert slice with length 1 to array or pointer to array with length 2\n"
        ),
        "{out}"
    );
}

#[test]
fn struct_keys_compare_by_value() {
    // m := map[P]int{}; m[P{1,2}] = 7; m[P{1,2}] += 1 (via a fresh key); print(m[P{1,2}], len(m))
    let main = vec![
        load_i(1, 0),
        i(Op::MakeMap, 0, 1, MAP_POINT_INT),
        load_i(1, 1),
        load_i(2, 2),
        load_i(3, 7),
        i(Op::MapSet, 0, 3, MAP_POINT_INT),
        load_i(3, 9),
        i(Op::MapSet, 0, 3, MAP_POINT_INT),
        load_i(2, 3),
        i(Op::MapSet, 0, 3, MAP_POINT_INT),
        load_i(2, 2),
        i(Op::MapGet, 5, 0, MAP_POINT_INT),
        print(5, INT),
        print_str(0),
        i(Op::MapLen, 5, 0, 0),
        print(5, INT),
        ret0(),
    ];
    assert_eq!(run(program(main, 6, vec![], &[" "])), (0, "9 2".into()));
}

#[test]
fn interface_keys_compare_dynamic_type_and_value() {
    // m[any("ab")] = 1; m[any("a"+"b")] = 2; m[any(5)] = 3; print(len(m), m["ab"])
    let main = vec![
        load_i(1, 0),
        i(Op::MakeMap, 0, 1, MAP_ANY_INT),
        Insn::wide(Op::LoadStr, 4, 0),
        i(Op::MakeIface, 1, 4, STRING),
        load_i(3, 1),
        i(Op::MapSet, 0, 3, MAP_ANY_INT),
        Insn::wide(Op::LoadStr, 4, 1),
        Insn::wide(Op::LoadStr, 6, 2),
        i(Op::Concat, 4, 4, 6),
        i(Op::MakeIface, 1, 4, STRING),
        load_i(3, 2),
        i(Op::MapSet, 0, 3, MAP_ANY_INT),
        load_i(4, 5),
        i(Op::MakeIface, 1, 4, INT),
        load_i(3, 3),
        i(Op::MapSet, 0, 3, MAP_ANY_INT),
        i(Op::MapLen, 8, 0, 0),
        print(8, INT),
        print_str(3),
        Insn::wide(Op::LoadStr, 4, 0),
        i(Op::MakeIface, 1, 4, STRING),
        i(Op::MapGet, 8, 0, MAP_ANY_INT),
        print(8, INT),
        ret0(),
    ];
    assert_eq!(run(program(main, 9, vec![], &["ab", "a", "b", " "])), (0, "2 2".into()));
}

#[test]
fn unhashable_interface_key_panics() {
    let main = vec![
        load_i(1, 0),
        i(Op::MakeMap, 0, 1, MAP_ANY_INT),
        i(Op::Zero, 4, 0, 3),
        i(Op::MakeIface, 1, 4, INTS),
        load_i(3, 1),
        i(Op::MapSet, 0, 3, MAP_ANY_INT),
        ret0(),
    ];
    let (code, out) = run(program(main, 8, vec![], &[]));
    assert_eq!(code, 2);
    assert!(
        out.starts_with("panic: runtime error: hash of unhashable type []int\n"),
        "{out}"
    );
}

#[test]
fn deleting_during_iteration_skips_unreached_entries() {
    // Fill keys 0..100; on the first entry produced, delete every key; count entries.
    let main = vec![
        load_i(1, 0),
        i(Op::MakeMap, 0, 1, MAP_INT_INT),
        load_i(3, 100),
        // 3: m[r1] = r1; r1++ while r1 < 100
        i(Op::Move, 2, 1, 0),
        i(Op::MapSet, 0, 2, MAP_INT_INT),
        i(Op::AddImm, 1, 1, 1),
        i(Op::BrNotLtI, 1, 3, 1),
        Insn::wide(Op::Jmp, 0, (-5i32) as u32),
        // 8: it := range m; count in r4
        load_i(4, 0),
        i(Op::MapIter, 5, 0, MAP_INT_INT),
        // 10: next
        i(Op::MapNext, 6, 5, MAP_INT_INT),
        Insn::wide(Op::JmpIfNot, 6, 7),
        i(Op::AddImm, 4, 4, 1),
        load_i(1, 0),
        // 14: delete(m, r1); r1++ while r1 < 100
        i(Op::MapDelete, 0, 1, MAP_INT_INT),
        i(Op::AddImm, 1, 1, 1),
        i(Op::BrNotLtI, 1, 3, 1),
        Insn::wide(Op::Jmp, 0, (-4i32) as u32),
        Insn::wide(Op::Jmp, 0, (-9i32) as u32),
        // 19:
        print(4, INT),
        print_str(0),
        i(Op::MapLen, 4, 0, 0),
        print(4, INT),
        ret0(),
    ];
    assert_eq!(run(program(main, 9, vec![], &[" "])), (0, "1 0".into()));
}

#[test]
fn inserting_during_iteration_terminates() {
    // for k := range m { m[k+1000] = k } over 50 entries.
    let main = vec![
        load_i(1, 0),
        i(Op::MakeMap, 0, 1, MAP_INT_INT),
        load_i(3, 50),
        i(Op::Move, 2, 1, 0),
        i(Op::MapSet, 0, 2, MAP_INT_INT),
        i(Op::AddImm, 1, 1, 1),
        i(Op::BrNotLtI, 1, 3, 1),
        Insn::wide(Op::Jmp, 0, (-5i32) as u32),
        i(Op::MapIter, 5, 0, MAP_INT_INT),
        // 9: next: ok r6, key r7, value r8
        i(Op::MapNext, 6, 5, MAP_INT_INT),
        Insn::wide(Op::JmpIfNot, 6, 3),
        i(Op::AddImm, 1, 7, 1000),
        i(Op::MapSet, 0, 7, MAP_INT_INT),
        Insn::wide(Op::Jmp, 0, (-5i32) as u32),
        // 14:
        i(Op::MapLen, 4, 0, 0),
        print(4, INT),
        ret0(),
    ];
    let (code, out) = run(program(main, 9, vec![], &[]));
    assert_eq!(code, 0);
    let n: usize = out.parse().expect("a length");
    assert!((100..).contains(&n), "{n}");
}

#[test]
fn nil_map_reads_zero_and_write_panics() {
    let main = vec![
        i(Op::Zero, 0, 0, 1),
        load_i(1, 4),
        i(Op::MapGetOk, 2, 0, MAP_INT_INT),
        print(2, INT),
        print(3, INT),
        i(Op::MapDelete, 0, 1, MAP_INT_INT),
        i(Op::MapLen, 2, 0, 0),
        print(2, INT),
        print_str(0),
        i(Op::MapSet, 0, 1, MAP_INT_INT),
        ret0(),
    ];
    let (code, out) = run(program(main, 4, vec![], &["\n"]));
    assert_eq!(code, 2);
    assert!(out.starts_with("000\npanic: assignment to entry in nil map\n"), "{out}");
}

#[test]
fn deferred_calls_run_newest_first() {
    // defer show(1); defer show(2); defer show(3)
    let show = func("main.show", 1, 1, 0, vec![print(0, INT), ret0()]);
    let mut main = vec![Insn::wide(Op::LoadFunc, 0, 2)];
    for n in 1..=3 {
        main.push(load_i(1, n));
        main.push(i(Op::Defer, 1, 0, 1));
    }
    main.extend([i(Op::RunDefers, 0, 0, 0), ret0()]);
    assert_eq!(run(program(main, 2, vec![show], &[])), (0, "321".into()));
}

#[test]
fn recover_resumes_at_the_recovery_point() {
    // func f() (r int) { defer func() { print(recover().(int)) }(); panic(42) }
    // recovery: return 7
    let rescue = func(
        "main.f.func1",
        3,
        0,
        0,
        vec![
            i(Op::Recover, 0, 0, 0),
            i(Op::AssertType, 2, 0, INT),
            print(2, INT),
            ret0(),
        ],
    );
    let f = Func {
        recover_pc: Some(5),
        ..func(
            "main.f",
            4,
            0,
            1,
            vec![
                Insn::wide(Op::LoadFunc, 0, 3),
                i(Op::Defer, 1, 0, 0),
                load_i(1, 42),
                i(Op::MakeIface, 2, 1, INT),
                i(Op::Panic, 2, 0, 0),
                load_i(0, 7),
                i(Op::RunDefers, 0, 0, 0),
                i(Op::Ret, 0, 1, 0),
            ],
        )
    };
    let main = vec![Insn::wide(Op::Call, 0, 2), print_str(0), print(0, INT), ret0()];
    assert_eq!(run(program(main, 1, vec![f, rescue], &[" "])), (0, "42 7".into()));
}

#[test]
fn unrecovered_runtime_error_reports_like_go() {
    // var s []int; _ = s[5] inside main.g called from main
    let g = func(
        "main.g",
        5,
        0,
        0,
        vec![i(Op::Zero, 0, 0, 3), load_i(3, 5), i(Op::SliceLoad, 4, 0, 3), ret0()],
    );
    let main = vec![Insn::wide(Op::Call, 0, 2), ret0()];
    let (code, out) = run(program(main, 1, vec![g], &[]));
    assert_eq!(code, 2);
    assert_eq!(
        out,
        "panic: runtime error: index out of range [5] with length 0\n\n\
         goroutine 1 [running]:\nmain.g(...)\n\tmain.go:3\nmain.main(...)\n\tmain.go:1\nexit status 2\n"
    );
}

#[test]
fn division_by_zero_panics() {
    let main = vec![load_i(0, 1), load_i(1, 0), i(Op::DivI, 2, 0, 1), ret0()];
    let (code, out) = run(program(main, 3, vec![], &[]));
    assert_eq!(code, 2);
    assert!(
        out.starts_with("panic: runtime error: integer divide by zero\n"),
        "{out}"
    );
}

#[test]
fn nil_dereference_adds_the_signal_line() {
    let main = vec![i(Op::Zero, 0, 0, 1), i(Op::Load, 1, 0, 0), ret0()];
    let (code, out) = run(program(main, 2, vec![], &[]));
    assert_eq!(code, 2);
    assert!(
        out.starts_with("panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV"),
        "{out}"
    );
}

#[test]
fn os_exit_skips_deferred_calls() {
    let show = func("main.show", 1, 1, 0, vec![print(0, INT), ret0()]);
    let exit = Func {
        rust: Some("os.Exit".into()),
        ..func("os.Exit", 1, 1, 0, rust_stub(3))
    };
    let main = vec![
        Insn::wide(Op::LoadFunc, 0, 2),
        load_i(1, 9),
        i(Op::Defer, 1, 0, 1),
        load_i(1, 3),
        Insn::wide(Op::Call, 1, 3),
        ret0(),
    ];
    assert_eq!(run(program(main, 2, vec![show, exit], &[])), (3, String::new()));
}

#[test]
fn unknown_natives_and_bad_registers_are_rejected() {
    let bogus = Func {
        rust: Some("strings.NoSuchThing".into()),
        ..func("strings.NoSuchThing", 1, 1, 0, rust_stub(2))
    };
    let unknown = Vm::new(
        program(vec![ret0()], 1, vec![bogus], &[]),
        Vec::new(),
        Config::default(),
    );
    assert!(matches!(unknown, Err(e) if e.contains("strings.NoSuchThing is not implemented")));
    let wild = vec![i(Op::Move, 0, 500, 0), ret0()];
    assert!(Vm::new(program(wild, 1, vec![], &[]), Vec::new(), Config::default()).is_err());
    let runaway = vec![Insn::wide(Op::Jmp, 0, 5), ret0()];
    assert!(Vm::new(program(runaway, 1, vec![], &[]), Vec::new(), Config::default()).is_err());
}

#[test]
fn deep_recursion_grows_the_stack() {
    // func sum(n int) int { if n <= 0 { return 0 }; return n + sum(n-1) } with n = 20000,
    // far beyond the initial stack, so frames move while callers are suspended.
    let sum = func(
        "main.sum",
        3,
        1,
        1,
        vec![
            load_i(1, 0),
            i(Op::BrNotLeI, 0, 1, 1),
            i(Op::Ret, 1, 1, 0),
            i(Op::AddImm, 2, 0, (-1i16) as u16),
            Insn::wide(Op::Call, 2, 2),
            i(Op::AddI, 0, 0, 2),
            i(Op::Ret, 0, 1, 0),
        ],
    );
    let main = vec![load_i(0, 20_000), Insn::wide(Op::Call, 0, 2), print(0, INT), ret0()];
    assert_eq!(run(program(main, 1, vec![sum], &[])), (0, "200010000".into()));
}

#[test]
fn package_variables_are_writable_memory() {
    let mut p = program(
        vec![
            Insn::wide(Op::GlobalAddr, 0, 1),
            load_i(1, 5),
            i(Op::Store, 0, 1, 0),
            i(Op::Load, 2, 0, 0),
            print(2, INT),
            ret0(),
        ],
        3,
        vec![],
        &[],
    );
    p.global_slots = 2;
    assert_eq!(run(p), (0, "5".into()));
}

#[test]
fn runaway_recursion_is_a_stack_overflow() {
    let forever = func("main.forever", 2, 0, 0, vec![Insn::wide(Op::Call, 1, 2), ret0()]);
    let mut vm = Vm::new(
        program(vec![Insn::wide(Op::Call, 0, 2), ret0()], 1, vec![forever], &[]),
        Vec::new(),
        Config {
            max_stack_bytes: 1 << 16,
            ..Config::default()
        },
    )
    .expect("the program verifies");
    let err = Capture::default();
    vm.set_stderr(Box::new(err.clone()));
    assert_eq!(vm.run(), 2);
    let text = err.text();
    assert!(
        text.starts_with("runtime: goroutine stack exceeds 65536-byte limit\nfatal error: stack overflow\n"),
        "{text}"
    );
}

/// `sender(ch, n)`: sends n, n-1, ..., 1 on ch, then closes it.
fn sender() -> Func {
    func(
        "main.sender",
        4,
        2,
        0,
        vec![
            load_i(2, 0),
            i(Op::BrNotLtI, 2, 1, 3), // while 0 < n
            i(Op::Send, 0, 1, 1),
            i(Op::AddImm, 1, 1, (-1i16) as u16),
            Insn::wide(Op::Jmp, 0, (-4i32) as u32),
            i(Op::Close, 0, 0, 0),
            ret0(),
        ],
    )
}

/// main: ch := make(chan int, cap); go sender(ch, 5); for v := range ch { print(v) }
fn range_over_sender(cap: i32) -> Program {
    let main = vec![
        load_i(1, cap),
        i(Op::MakeChan, 0, 1, INT),
        i(Op::Move, 2, 0, 0),
        load_i(3, 5),
        Insn::wide(Op::LoadFunc, 4, 2),
        i(Op::Go, 2, 4, 2),
        i(Op::Recv, 5, 0, 1).with_x(1),
        Insn::wide(Op::JmpIfNot, 6, 2),
        print(5, INT),
        Insn::wide(Op::Jmp, 0, (-4i32) as u32),
        ret0(),
    ];
    program(main, 7, vec![sender()], &[])
}

#[test]
fn a_goroutine_sends_on_an_unbuffered_channel() {
    assert_eq!(run(range_over_sender(0)), (0, "54321".into()));
}

#[test]
fn a_goroutine_sends_on_a_buffered_channel() {
    assert_eq!(run(range_over_sender(2)), (0, "54321".into()));
}

#[test]
fn receiving_with_nobody_to_send_is_a_deadlock() {
    let main = vec![load_i(1, 0), i(Op::MakeChan, 0, 1, INT), i(Op::Recv, 2, 0, 1), ret0()];
    let (code, err) = run(program(main, 3, vec![], &[]));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\n"),
        "{err}"
    );
}

#[test]
fn select_takes_the_ready_case_or_the_default() {
    // ch := make(chan int, 1); twice: select { case v := <-ch: print(v); default: print(9) }; ch <- 7 between
    let select = |res: u16| {
        vec![
            i(Op::Move, res + 2, 0, 0),
            load_i(res + 3, 1 << 1), // a receive of one slot, into R[res + 4]
            i(Op::Select, res, 0, 1).with_x(1),
        ]
    };
    let mut main = vec![load_i(1, 1), i(Op::MakeChan, 0, 1, INT)];
    main.extend(select(2));
    main.extend([print(2, INT), load_i(9, 7), i(Op::Send, 0, 9, 1)]);
    main.extend(select(2));
    main.extend([print(2, INT), print(6, INT), ret0()]);
    // The first select finds nothing (default: case 1), the second receives 7 (case 0).
    assert_eq!(run(program(main, 11, vec![], &[])), (0, "107".into()));
}

#[test]
fn closing_a_closed_channel_panics() {
    let main = vec![
        load_i(1, 0),
        i(Op::MakeChan, 0, 1, INT),
        i(Op::Close, 0, 0, 0),
        i(Op::Close, 0, 0, 0),
        ret0(),
    ];
    let (code, err) = run(program(main, 2, vec![], &[]));
    assert_eq!(code, 2);
    assert!(err.starts_with("panic: close of closed channel\n"), "{err}");
}

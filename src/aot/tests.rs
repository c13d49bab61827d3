//! The code generator on hand-assembled functions: what compiled code leaves in the
//! frame and where it exits. Whole programs run under `GOVM_JIT=all` in
//! `tests/conformance.rs`.

use std::sync::atomic::AtomicBool;

use super::{Code, Ctx, Runtime, status};
use crate::bytecode::op::{Insn, Op};
use crate::bytecode::{Func, Program};
use crate::vm::verify::SLACK;
use crate::vm::{Frame, FrameKind};

fn i(op: Op, a: u16, b: u16, c: u16) -> Insn {
    Insn::new(op, a, b, c)
}

fn func(code: Vec<Insn>, nregs: u32) -> Func {
    Func {
        name: "main.f".into(),
        lines: vec![1; code.len()],
        code,
        nregs,
        ..Func::default()
    }
}

/// Runs `code` compiled from instruction `pc` on a frame holding `args` first, with
/// `fuel`, not asked to stop; gives the frame, the exit and the fuel left.
fn run_from(prog: &Program, code: Vec<Insn>, args: &[u64], pc: usize, fuel: i64) -> (Vec<u64>, usize, i64) {
    let f = func(code, 16);
    let compiled = Code::compile(prog, &f, false, &mut 0).expect("compiles");
    let mut frame = vec![0u64; 16 + SLACK];
    frame[..args.len()].copy_from_slice(args);
    let mut fuel = fuel;
    let (exit, _) = run_code(&compiled, &mut frame, pc, &mut fuel, false);
    (frame, exit as usize, fuel)
}

/// Runs compiled code with no machine behind it (these functions call no helper and
/// no other function) on a goroutine of one frame; gives the pc it exited at and the
/// instructions it counted.
fn run_code(code: &Code, frame: &mut [u64], pc: usize, fuel: &mut i64, preempt: bool) -> (u64, u64) {
    extern "sysv64" fn no_call(_: *mut Ctx, _: u32, _: u32, _: u32) -> u64 {
        unreachable!("the tests' functions call nothing")
    }
    extern "sysv64" fn no_exec(_: *mut Ctx, _: u32) -> u64 {
        unreachable!("the tests' functions leave nothing to the runtime")
    }
    extern "sysv64" fn no_method(_: *mut Ctx, _: u64, _: u32, _: u32) -> u64 {
        unreachable!("the tests' functions call no method")
    }
    let runtime = Runtime {
        call_rust: no_call,
        enter_go: no_call,
        exec: no_exec,
        method: no_method,
    };
    assert!(frame.len() >= 16 + SLACK);
    let mut records = vec![Frame {
        pc: 0,
        base: 0,
        closure: 0,
        func: 0,
        kind: FrameKind::Entry,
    }];
    let mut ctx = Ctx {
        machine: std::ptr::null_mut(),
        frames: records.as_mut_ptr(),
        depth: 1,
        frames_cap: records.capacity(),
        stack: frame.as_mut_ptr(),
        stack_len: frame.len(),
        callees: std::ptr::null(),
        globals: 0,
        strings: std::ptr::null(),
        func_closures: std::ptr::null(),
        methods: std::ptr::null(),
        rsp_floor: 0,
        ran: 0,
    };
    // SAFETY: the frame holds 16 registers and the slack, and is the stack of `ctx`,
    // whose one record is its; every pointer in it is one of the test's, to live memory.
    let status = unsafe {
        code.run(
            &mut ctx,
            frame.as_mut_ptr(),
            pc,
            fuel,
            &AtomicBool::new(preempt),
            &runtime,
        )
    };
    assert_eq!((status, ctx.depth), (status::EXITED, 1), "the code exits");
    (records[0].pc as u64, ctx.ran)
}

/// [`run_from`] the first instruction, with plenty of fuel.
fn run(prog: &Program, code: Vec<Insn>, args: &[u64]) -> (Vec<u64>, usize) {
    let (frame, exit, _) = run_from(prog, code, args, 0, 1 << 40);
    (frame, exit)
}

fn f(x: f64) -> u64 {
    x.to_bits()
}

#[test]
fn integer_arithmetic_matches_go() {
    let prog = Program::default();
    let code = vec![
        i(Op::AddI, 2, 0, 1),
        i(Op::SubI, 3, 0, 1),
        i(Op::MulI, 4, 0, 1),
        i(Op::AndNot, 5, 0, 1),
        i(Op::Shl, 6, 0, 1),
        i(Op::ShrI, 7, 8, 9),
        i(Op::ShrU, 10, 8, 9),
        i(Op::AddImm, 11, 0, (-3i16) as u16),
        i(Op::SExt, 12, 13, 0).with_x(8),
        i(Op::ZExt, 14, 13, 0).with_x(8),
        i(Op::Ret, 0, 0, 0),
    ];
    let minus = -200i64 as u64;
    let mut args = vec![0u64; 14];
    args[0] = 12;
    args[1] = 5;
    args[8] = minus;
    args[9] = 70; // a count past 63
    args[13] = 0x1ff;
    let (r, exit) = run(&prog, code, &args);
    assert_eq!(exit, 10, "exits at the return, which it does not compile");
    assert_eq!(&r[2..8], &[17, 7, 60, 12 & !5, 12 << 5, u64::MAX]);
    assert_eq!(r[10], 0, "a logical shift by 64 or more gives 0");
    assert_eq!(r[11], 9);
    assert_eq!(r[12], u64::MAX, "0xff sign-extended from 8 bits is -1");
    assert_eq!(r[14], 0xff);
}

#[test]
fn comparisons_give_0_or_1_and_nan_compares_false() {
    let prog = Program::default();
    let code = vec![
        i(Op::LtI, 4, 0, 1),
        i(Op::LtU, 5, 0, 1),
        i(Op::LeF, 6, 2, 3),
        i(Op::EqF, 7, 2, 2),
        i(Op::NeF, 8, 2, 2),
        i(Op::LtF, 9, 3, 10),
        i(Op::NotB, 11, 4, 0),
        i(Op::Ret, 0, 0, 0),
    ];
    let mut args = vec![0u64; 11];
    args[0] = -1i64 as u64;
    args[1] = 1;
    args[2] = f(f64::NAN);
    args[3] = f(1.5);
    args[10] = f(2.0);
    let (r, exit) = run(&prog, code, &args);
    assert_eq!(exit, 7);
    assert_eq!(&r[4..10], &[1, 0, 0, 0, 1, 1]);
    assert_eq!(r[11], 0);
}

#[test]
fn floats_round_as_go_does() {
    let prog = Program::default();
    let code = vec![
        i(Op::DivF, 2, 0, 1),
        i(Op::F32, 3, 2, 0),
        i(Op::NegF, 4, 0, 0),
        i(Op::I2F, 5, 6, 0),
        i(Op::Ret, 0, 0, 0),
    ];
    let mut args = vec![0u64; 7];
    args[0] = f(1.0);
    args[1] = f(3.0);
    args[6] = -7i64 as u64;
    let (r, _) = run(&prog, code, &args);
    assert_eq!(r[2], f(1.0 / 3.0));
    assert_eq!(r[3], f((1.0f64 / 3.0) as f32 as f64));
    assert_eq!(r[4], f(-1.0));
    assert_eq!(r[5], f(-7.0));
}

/// r0 counts down to 0 in a loop of 2 instructions; r1 counts the iterations.
fn countdown() -> Vec<Insn> {
    vec![
        i(Op::LoadI, 2, 0, 0),
        i(Op::AddImm, 0, 0, (-1i16) as u16),
        i(Op::AddImm, 1, 1, 1),
        i(Op::BrNotEqI, 0, 2, (-3i16) as u16),
        i(Op::Ret, 0, 0, 0),
    ]
}

#[test]
fn loops_run_natively_and_pay_for_their_back_edges() {
    let prog = Program::default();
    let (r, exit, fuel) = run_from(&prog, countdown(), &[10], 0, 1000);
    assert_eq!((r[0], r[1], exit), (0, 10, 4));
    assert_eq!(
        fuel,
        1000 - 9 * 3,
        "nine back edges taken, each the loop's 3 instructions"
    );
}

#[test]
fn a_back_edge_out_of_fuel_or_asked_to_stop_exits_unpaid() {
    let prog = Program::default();
    let (r, exit, fuel) = run_from(&prog, countdown(), &[10], 0, 7);
    assert_eq!(
        (r[1], exit, fuel),
        (3, 3, 1),
        "two back edges paid, the third exits at its branch"
    );
    let f = func(countdown(), 16);
    let compiled = Code::compile(&prog, &f, false, &mut 0).unwrap();
    let mut frame = vec![0u64; 16 + SLACK];
    frame[0] = 10;
    let mut fuel = 1000;
    let (exit, _) = run_code(&compiled, &mut frame, 0, &mut fuel, true);
    assert_eq!((frame[1], exit, fuel), (1, 3, 1000));
}

#[test]
fn code_compiled_to_count_counts_the_instructions_it_runs() {
    let prog = Program::default();
    let mut code = countdown();
    code.insert(4, i(Op::Panic, 0, 0, 0));
    let f = func(code, 16);
    let mut frame = vec![0u64; 16 + SLACK];
    frame[0] = 10;
    let counting = Code::compile(&prog, &f, true, &mut 0).unwrap();
    let (exit, ran) = run_code(&counting, &mut frame, 0, &mut 1000, false);
    assert_eq!(
        (exit, ran),
        (4, 31),
        "the load, 10 rounds of 3, not the panic it exits at"
    );
    frame[0] = 10;
    let silent = Code::compile(&prog, &f, false, &mut 0).unwrap();
    assert_eq!(run_code(&silent, &mut frame, 0, &mut 1000, false), (4, 0));
}

#[test]
fn code_is_entered_where_the_interpreter_enters_and_declines_elsewhere() {
    let prog = Program::default();
    // At the loop's head, skipping the LoadI of r2 (which is 5 in the frame).
    let (r, exit, _) = run_from(&prog, countdown(), &[9, 0, 5], 1, 1000);
    assert_eq!((r[0], r[1], exit), (5, 4, 4));
    // Mid-loop, where values would be in registers: it leaves at once, for the
    // interpreter to run from there.
    let (r, exit, _) = run_from(&prog, countdown(), &[9, 0, 5], 2, 1000);
    assert_eq!((r[0], r[1], exit), (9, 0, 2));
}

#[test]
fn forward_branches_run_natively() {
    let prog = Program::default();
    // r2 := 0; if r0 < r1 { r2 = 1 }; r3 := r2
    let code = vec![
        i(Op::LoadI, 2, 0, 0),
        i(Op::BrNotLtI, 0, 1, 1),
        i(Op::LoadI, 2, 1, 0),
        i(Op::Move, 3, 2, 0),
        i(Op::Ret, 0, 0, 0),
    ];
    let (r, exit) = run(&prog, code.clone(), &[1, 2]);
    assert_eq!((r[3], exit), (1, 4));
    let (r, exit) = run(&prog, code, &[2, 1]);
    assert_eq!((r[3], exit), (0, 4));
}

#[test]
fn failed_checks_exit_at_their_instruction() {
    let prog = Program::default();
    let mut cell = [7u64, 8];
    let p = cell.as_mut_ptr() as u64;
    let code = vec![
        i(Op::Load, 2, 0, 1),
        i(Op::Store, 0, 2, 0),
        i(Op::SliceLoad, 3, 4, 1),
        i(Op::DivI, 5, 2, 1),
        i(Op::Ret, 0, 0, 0),
    ];
    // A slice of the two cells, indexed by r1.
    let (r, exit) = run(&prog, code.clone(), &[p, 1, 0, 0, p, 2, 2]);
    assert_eq!(exit, 4);
    assert_eq!((cell[0], r[2], r[3], r[5]), (8, 8, 8, 8));
    let (_, exit) = run(&prog, code.clone(), &[0, 1]);
    assert_eq!(exit, 0, "a nil pointer");
    let (_, exit) = run(&prog, code.clone(), &[p, 2, 0, 0, p, 2, 2]);
    assert_eq!(exit, 2, "index 2 of a slice of 2");
    let (_, exit) = run(&prog, code, &[p, 0, 0, 0, p, 2, 2]);
    assert_eq!(exit, 3, "a division by zero");
}

#[test]
fn division_wraps_and_truncates_as_go_does() {
    let prog = Program::default();
    let code = vec![
        i(Op::DivI, 2, 0, 1),
        i(Op::RemI, 3, 0, 1),
        i(Op::DivI, 4, 6, 7),
        i(Op::RemI, 5, 6, 7),
        i(Op::DivU, 8, 6, 9),
        i(Op::RemU, 10, 6, 9),
        i(Op::Ret, 0, 0, 0),
    ];
    let min = i64::MIN as u64;
    let (r, _) = run(&prog, code, &[min, -1i64 as u64, 0, 0, 0, 0, -7i64 as u64, 2, 0, 10]);
    assert_eq!((r[2], r[3]), (min, 0));
    assert_eq!((r[4] as i64, r[5] as i64), (-3, -1));
    assert_eq!((r[8], r[10]), ((-7i64 as u64) / 10, (-7i64 as u64) % 10));
}

#[test]
fn overlapping_moves_copy_as_memmove() {
    let prog = Program {
        consts: vec![0xdead_beef],
        ..Program::default()
    };
    let code = vec![
        i(Op::MoveN, 1, 0, 3),
        i(Op::MoveN, 5, 6, 3),
        Insn::wide(Op::LoadK, 10, 0),
        i(Op::Zero, 11, 0, 2),
        i(Op::Ret, 0, 0, 0),
    ];
    let (r, _) = run(&prog, code, &[1, 2, 3, 0, 0, 0, 7, 8, 9, 0, 0, 4, 4]);
    assert_eq!(&r[0..4], &[1, 1, 2, 3]);
    assert_eq!(&r[5..8], &[7, 8, 9]);
    assert_eq!(&r[10..13], &[0xdead_beef, 0, 0]);
}

#[test]
fn a_function_that_only_exits_is_not_compiled() {
    let f = func(vec![i(Op::Panic, 0, 0, 0)], 1);
    assert!(Code::compile(&Program::default(), &f, false, &mut 0).is_none());
}

/// Sums a float slice (r0..r2) into r4 while r3 < r5, the loop's values in registers.
fn float_sum() -> Vec<Insn> {
    vec![
        i(Op::SliceLoad, 6, 0, 3),
        i(Op::AddF, 4, 4, 6),
        i(Op::AddImm, 3, 3, 1),
        i(Op::BrNotLeI, 5, 3, (-4i16) as u16),
        i(Op::Ret, 0, 0, 0),
    ]
}

#[test]
fn values_kept_in_registers_reach_their_slots_at_every_exit() {
    let prog = Program::default();
    let data = [1.5f64, 2.5, 4.0];
    let p = data.as_ptr() as u64;
    // The loop ends: its residents are stored on the way out.
    let (r, exit) = run(&prog, float_sum(), &[p, 3, 3, 0, f(0.0), 2]);
    assert_eq!((r[3], r[4], exit), (2, f(4.0), 4));
    // An index out of range leaves mid-loop: the sum so far is in its slot.
    let (r, exit) = run(&prog, float_sum(), &[p, 3, 3, 0, f(0.5), 5]);
    assert_eq!((r[3], r[4], exit), (3, f(8.5), 0));
    // Entered at the loop's head, it loads what it keeps in registers from the slots.
    let (r, exit, _) = run_from(&prog, float_sum(), &[p, 3, 3, 1, f(10.0), 3], 0, 1 << 40);
    assert_eq!((r[3], r[4], exit), (3, f(10.0 + 2.5 + 4.0), 4));
}

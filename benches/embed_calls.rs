//! The cost of calling Go from Rust and Rust from Go: a call of a two-int function in
//! one instance, by name and through a [`govm::Func`] looked up once; calls passing and
//! returning a string (the conversions' general path, where an int's slot is written
//! as it is); host functions taking and returning a string, called from a Go loop (the
//! loop's own cost subtracted); and a new instance initialised and called once. Prints
//! nanoseconds or microseconds per operation.
//!
//! `cargo bench --bench embed_calls`

use std::time::Instant;

const CALLS: i64 = 1_000_000;
const INSTANCES: usize = 500;

const SRC: &str = r#"package main

import "host"

func Add(a, b int) int { return a + b }

func Len(s string) int { return len(s) }

func Name() string { return "gopher" }

func HostLen(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += host.Len("gopher")
	}
	return s
}

func HostName(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += len(host.Name())
	}
	return s
}

func Loop(n int) int {
	s, g := 0, "gopher"
	for i := 0; i < n; i++ {
		s += len(g)
	}
	return s
}
"#;

/// Seconds per each of the `CALLS` runs of `f`.
fn per_call(mut f: impl FnMut(i64)) -> f64 {
    let start = Instant::now();
    for i in 0..CALLS {
        f(i);
    }
    start.elapsed().as_secs_f64() / CALLS as f64
}

fn main() {
    let program = govm::Engine::new()
        .host_func("host", "Len", |s: String| s.len() as i64)
        .host_func("host", "Name", || String::from("gopher"))
        .compile(SRC)
        .expect("compiles");
    let mut inst = program.instantiate().expect("instantiates");
    let mut sum: i64 = inst.call("Add", (0, 0)).expect("calls");
    let by_name = per_call(|i| sum = inst.call("Add", (sum, i)).expect("calls"));
    assert_eq!(sum, CALLS * (CALLS - 1) / 2);
    let add = inst.func::<(i64, i64), i64>("Add").expect("Add(int, int) int");
    let mut sum = 0;
    let by_handle = per_call(|i| sum = add.call(&mut inst, (sum, i)).expect("calls"));
    assert_eq!(sum, CALLS * (CALLS - 1) / 2);

    let len = inst.func::<&str, i64>("Len").expect("Len(string) int");
    let string_arg = per_call(|_| assert_eq!(len.call(&mut inst, "gopher").expect("calls"), 6));
    let name = inst.func::<(), String>("Name").expect("Name() string");
    let string_result = per_call(|_| assert_eq!(name.call(&mut inst, ()).expect("calls"), "gopher"));

    // One call of a loop of `CALLS` iterations, less the same loop without the host call.
    let mut in_loop = |f: &str| {
        let f = inst.func::<i64, i64>(f).expect("func(int) int");
        let start = Instant::now();
        assert_eq!(f.call(&mut inst, CALLS).expect("calls"), 6 * CALLS);
        start.elapsed().as_secs_f64() / CALLS as f64
    };
    let plain = in_loop("Loop");
    let host_len = in_loop("HostLen") - plain;
    let host_name = in_loop("HostName") - plain;

    let start = Instant::now();
    for _ in 0..INSTANCES {
        let mut inst = program.instantiate().expect("instantiates");
        let _: i64 = inst.call("Add", (1, 2)).expect("calls");
    }
    let fresh = start.elapsed().as_secs_f64() / INSTANCES as f64;
    println!("Rust -> Go call of Add(int, int) int, by name: {:.0} ns", by_name * 1e9);
    println!(
        "Rust -> Go call of Add(int, int) int, by Func: {:.0} ns",
        by_handle * 1e9
    );
    println!(
        "Rust -> Go call of Len(string) int, by Func: {:.0} ns",
        string_arg * 1e9
    );
    println!(
        "Rust -> Go call of Name() string, by Func: {:.0} ns",
        string_result * 1e9
    );
    println!("Go -> Rust call of host Len(string) int: {:.1} ns", host_len * 1e9);
    println!("Go -> Rust call of host Name() string: {:.1} ns", host_name * 1e9);
    println!("new instance, initialised and called once: {:.1} us", fresh * 1e6);
}

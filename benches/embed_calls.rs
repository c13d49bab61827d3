//! The cost of calling Go from Rust: a call of a two-int function in one instance, by
//! name and through a [`govm::Func`] looked up once, and a new instance initialised and
//! called once. Prints nanoseconds or microseconds per operation.
//!
//! `cargo bench --bench embed_calls`

use std::time::Instant;

const CALLS: i64 = 1_000_000;
const INSTANCES: usize = 500;

fn main() {
    let program = govm::Engine::new()
        .compile("package main\n\nfunc Add(a, b int) int { return a + b }\n")
        .expect("compiles");
    let mut inst = program.instantiate().expect("instantiates");
    let mut sum: i64 = inst.call("Add", (0, 0)).expect("calls");
    let start = Instant::now();
    for i in 0..CALLS {
        sum = inst.call("Add", (sum, i)).expect("calls");
    }
    let by_name = start.elapsed().as_secs_f64() / CALLS as f64;
    assert_eq!(sum, CALLS * (CALLS - 1) / 2);
    let add = inst.func::<(i64, i64), i64>("Add").expect("Add(int, int) int");
    let mut sum = 0;
    let start = Instant::now();
    for i in 0..CALLS {
        sum = add.call(&mut inst, (sum, i)).expect("calls");
    }
    let by_handle = start.elapsed().as_secs_f64() / CALLS as f64;
    assert_eq!(sum, CALLS * (CALLS - 1) / 2);
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
    println!("new instance, initialised and called once: {:.1} us", fresh * 1e6);
}

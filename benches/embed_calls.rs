//! The cost of calling Go from Rust: a call of a two-int function in one instance, and a
//! new instance initialised and called once. Prints microseconds per operation.
//!
//! `cargo bench --bench embed_calls`

use std::time::Instant;

const CALLS: i64 = 20_000;
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
    let call = start.elapsed().as_secs_f64() / CALLS as f64;
    assert_eq!(sum, CALLS * (CALLS - 1) / 2);
    let start = Instant::now();
    for _ in 0..INSTANCES {
        let mut inst = program.instantiate().expect("instantiates");
        let _: i64 = inst.call("Add", (1, 2)).expect("calls");
    }
    let fresh = start.elapsed().as_secs_f64() / INSTANCES as f64;
    println!("Rust -> Go call of Add(int, int) int: {:.2} us", call * 1e6);
    println!("new instance, initialised and called once: {:.1} us", fresh * 1e6);
}

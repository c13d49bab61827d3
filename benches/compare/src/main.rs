//! The same two calls in govm, rhai and mlua (Lua 5.4):
//!
//! - Rust → script: the host calls the script's `add(a, b)` a million times, each engine
//!   with its fastest way to call a function it has looked up once;
//! - script → Rust: the script calls the host's `add(a, b)` in a loop of a million; the
//!   same loop adding without a call is subtracted, leaving the calls' cost.
//!
//! The engines take turns, round after round, so that a noisy machine slows each alike;
//! each figure is an engine's best round, in nanoseconds per call.

use std::time::Instant;

const N: i64 = 1_000_000;
const ROUNDS: usize = 15;

/// The time of `f`, in nanoseconds per each of its `N` operations.
fn time(f: impl FnOnce() -> i64) -> f64 {
    let start = Instant::now();
    let r = f();
    let ns = start.elapsed().as_nanos() as f64 / N as f64;
    assert_eq!(r, N * (N - 1) / 2, "wrong sum");
    ns
}

/// An engine ready to time: a round gives the call from Rust, the loop of host calls and
/// the plain loop.
trait Engine {
    fn round(&mut self) -> [f64; 3];
}

struct Govm {
    inst: govm::Instance,
    add: govm::Func<(i64, i64), i64>,
    host_loop: govm::Func<(i64,), i64>,
    plain_loop: govm::Func<(i64,), i64>,
}

impl Govm {
    fn new() -> Govm {
        const SRC: &str = r#"package main

import "host"

func Add(a, b int) int { return a + b }

func HostLoop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s = host.Add(s, i)
	}
	return s
}

func PlainLoop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s = s + i
	}
	return s
}
"#;
        let program = govm::Engine::new()
            .host_func("host", "Add", |a: i64, b: i64| a + b)
            .compile(SRC)
            .expect("compiles");
        let inst = program.instantiate().expect("instantiates");
        Govm {
            add: inst.func("Add").expect("Add"),
            host_loop: inst.func("HostLoop").expect("HostLoop"),
            plain_loop: inst.func("PlainLoop").expect("PlainLoop"),
            inst,
        }
    }
}

impl Engine for Govm {
    fn round(&mut self) -> [f64; 3] {
        let inst = &mut self.inst;
        [
            time(|| {
                let mut s = 0;
                for i in 0..N {
                    s = self.add.call(inst, (s, i)).expect("calls");
                }
                s
            }),
            time(|| self.host_loop.call(inst, (N,)).expect("calls")),
            time(|| self.plain_loop.call(inst, (N,)).expect("calls")),
        ]
    }
}

struct Rhai {
    engine: rhai::Engine,
    ast: rhai::AST,
}

impl Rhai {
    fn new() -> Rhai {
        let mut engine = rhai::Engine::new();
        engine.register_fn("host_add", |a: i64, b: i64| a + b);
        let ast = engine
            .compile(
                "fn add(a, b) { a + b }
                 fn host_loop(n) { let s = 0; for i in 0..n { s = host_add(s, i); } s }
                 fn plain_loop(n) { let s = 0; for i in 0..n { s = s + i; } s }",
            )
            .expect("compiles");
        Rhai { engine, ast }
    }
}

impl Engine for Rhai {
    fn round(&mut self) -> [f64; 3] {
        let mut scope = rhai::Scope::new();
        let (engine, ast) = (&self.engine, &self.ast);
        let mut call = |name: &str, args| engine.call_fn::<i64>(&mut scope, ast, name, args).expect("calls");
        [
            time(|| {
                let mut s = 0;
                for i in 0..N {
                    s = call("add", (s, i));
                }
                s
            }),
            time(|| {
                engine
                    .call_fn::<i64>(&mut rhai::Scope::new(), ast, "host_loop", (N,))
                    .expect("calls")
            }),
            time(|| {
                engine
                    .call_fn::<i64>(&mut rhai::Scope::new(), ast, "plain_loop", (N,))
                    .expect("calls")
            }),
        ]
    }
}

struct Mlua {
    // The functions hold references into the state, which must outlive them.
    add: mlua::Function,
    host_loop: mlua::Function,
    plain_loop: mlua::Function,
    _lua: mlua::Lua,
}

impl Mlua {
    fn new() -> Mlua {
        let lua = mlua::Lua::new();
        let host_add = lua.create_function(|_, (a, b): (i64, i64)| Ok(a + b)).expect("creates");
        lua.globals().set("host_add", host_add).expect("sets");
        lua.load(
            "function add(a, b) return a + b end
             function host_loop(n) local s = 0 for i = 0, n - 1 do s = host_add(s, i) end return s end
             function plain_loop(n) local s = 0 for i = 0, n - 1 do s = s + i end return s end",
        )
        .exec()
        .expect("loads");
        let get = |name: &str| lua.globals().get::<mlua::Function>(name).expect("defined");
        Mlua {
            add: get("add"),
            host_loop: get("host_loop"),
            plain_loop: get("plain_loop"),
            _lua: lua,
        }
    }
}

impl Engine for Mlua {
    fn round(&mut self) -> [f64; 3] {
        [
            time(|| {
                let mut s = 0;
                for i in 0..N {
                    s = self.add.call::<i64>((s, i)).expect("calls");
                }
                s
            }),
            time(|| self.host_loop.call::<i64>(N).expect("calls")),
            time(|| self.plain_loop.call::<i64>(N).expect("calls")),
        ]
    }
}

fn main() {
    let mut engines: Vec<(&str, Box<dyn Engine>, [f64; 3])> = vec![
        ("govm", Box::new(Govm::new()), [f64::MAX; 3]),
        ("rhai", Box::new(Rhai::new()), [f64::MAX; 3]),
        ("mlua", Box::new(Mlua::new()), [f64::MAX; 3]),
    ];
    for _ in 0..ROUNDS {
        for (_, engine, best) in &mut engines {
            let times = engine.round();
            for (b, t) in best.iter_mut().zip(times) {
                *b = b.min(t);
            }
        }
    }
    println!("nanoseconds per call, best of {ROUNDS} rounds of {N} calls");
    println!(
        "{:<6} {:>14} {:>14} {:>16} {:>16}",
        "engine", "Rust->script", "script->Rust", "loop with calls", "loop alone"
    );
    for (name, _, [call, host_loop, plain_loop]) in &engines {
        println!(
            "{name:<6} {call:>14.1} {:>14.1} {host_loop:>16.1} {plain_loop:>16.1}",
            host_loop - plain_loop
        );
    }
}

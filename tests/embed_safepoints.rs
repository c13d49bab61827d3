//! Every Go function entry is a safepoint: recursion that never loops, whichever way it
//! calls (closure, interface method, method value, deferred call), is stopped by an
//! instance's deadline, cancellation, fuel and memory limit, each with its own error.
//! Loops compiled to machine code are stopped the same way.

use std::time::Duration;

use govm::{Engine, Error};

const SCRIPT: &str = r#"package main

// Each recursion doubles at every level and has no loop: 2^62 calls, never finishing.
const depth = 62

func Closure() int {
	var f func(n int) int
	f = func(n int) int {
		if n == 0 {
			return 1
		}
		return f(n-1) + f(n-1)
	}
	return f(depth)
}

type Walker interface{ Walk(n int) int }

type tree struct{}

func (t tree) Walk(n int) int {
	if n == 0 {
		return 1
	}
	var w Walker = t
	return w.Walk(n-1) + w.Walk(n-1)
}

func Iface() int { return tree{}.Walk(depth) }

func (t tree) walk(n int) int {
	if n == 0 {
		return 1
	}
	f := t.walk
	return f(n-1) + f(n-1)
}

func MethodValue() int { return tree{}.walk(depth) }

func fan(n int) {
	if n == 0 {
		return
	}
	defer fan(n - 1)
	defer fan(n - 1)
}

func Defers() { fan(depth) }

var kept [][]int

func hoard(n int) {
	if n == 0 {
		kept = append(kept, make([]int, 1024))
		return
	}
	hoard(n - 1)
	hoard(n - 1)
}

// Allocates without end, and keeps it all.
func Hoard() { hoard(depth) }
"#;

const RECURSIONS: [&str; 4] = ["Closure", "Iface", "MethodValue", "Defers"];

fn call(inst: &mut govm::Instance, name: &str) -> Result<(), Error> {
    if name == "Defers" {
        inst.call::<_, ()>(name, ())
    } else {
        inst.call::<_, i64>(name, ()).map(drop)
    }
}

#[test]
fn a_deadline_stops_recursion_without_loops() {
    let program = Engine::new().compile(SCRIPT).unwrap();
    for name in RECURSIONS {
        let mut inst = program.instantiate().unwrap();
        inst.set_timeout(Duration::from_millis(20));
        let got = call(&mut inst, name);
        assert!(matches!(got, Err(Error::DeadlineExceeded)), "{name}: {got:?}");
    }
}

#[test]
fn a_cancel_from_another_thread_stops_recursion_without_loops() {
    let program = Engine::new().compile(SCRIPT).unwrap();
    for name in RECURSIONS {
        let mut inst = program.instantiate().unwrap();
        let handle = inst.cancel_handle();
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            handle.cancel();
        });
        let got = call(&mut inst, name);
        canceller.join().unwrap();
        assert!(matches!(got, Err(Error::Cancelled)), "{name}: {got:?}");
    }
}

#[test]
fn fuel_stops_recursion_without_loops() {
    let program = Engine::new().fuel(5_000_000).compile(SCRIPT).unwrap();
    for name in RECURSIONS {
        let mut inst = program.instantiate().unwrap();
        let got = call(&mut inst, name);
        assert!(matches!(got, Err(Error::OutOfFuel)), "{name}: {got:?}");
        assert_eq!(inst.fuel(), Some(0), "{name}");
    }
}

#[test]
fn the_memory_limit_stops_allocating_recursion_without_loops() {
    let program = Engine::new().max_memory(64 << 20).compile(SCRIPT).unwrap();
    let mut inst = program.instantiate().unwrap();
    let got = inst.call::<_, ()>("Hoard", ());
    assert!(matches!(got, Err(Error::MemoryLimit(_))), "{got:?}");
}

/// A loop compiled to machine code stops as an interpreted one does: its back edge is
/// the same safepoint.
#[test]
fn deadline_cancel_and_fuel_stop_a_compiled_endless_loop() {
    const SPIN: &str = "package main\n\nfunc Spin() {\n\tfor {\n\t}\n}\n";
    let engine = || Engine::new().jit(govm::Jit::All);
    let mut inst = engine().compile(SPIN).unwrap().instantiate().unwrap();
    inst.set_timeout(Duration::from_millis(20));
    let got = inst.call::<_, ()>("Spin", ());
    assert!(matches!(got, Err(Error::DeadlineExceeded)), "{got:?}");

    let mut inst = engine().compile(SPIN).unwrap().instantiate().unwrap();
    let handle = inst.cancel_handle();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        handle.cancel();
    });
    let got = inst.call::<_, ()>("Spin", ());
    canceller.join().unwrap();
    assert!(matches!(got, Err(Error::Cancelled)), "{got:?}");

    let mut inst = engine().fuel(5_000_000).compile(SPIN).unwrap().instantiate().unwrap();
    let got = inst.call::<_, ()>("Spin", ());
    assert!(matches!(got, Err(Error::OutOfFuel)), "{got:?}");
    assert_eq!(inst.fuel(), Some(0));
}

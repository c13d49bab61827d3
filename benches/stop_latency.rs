//! How soon a deadline or a cancel stops a script that never returns: an endless loop, and
//! recursion without a loop (every function entry is a safepoint too). For each, the time
//! from the deadline (or from `cancel()` on another thread) to the call returning its
//! error, over many stops: median, 99th percentile and worst, in microseconds; each
//! interpreted and compiled to machine code.
//!
//! `cargo bench --bench stop_latency`

use std::time::{Duration, Instant};

use govm::{Engine, Error, Jit};

const STOPS: usize = 200;

const SCRIPT: &str = r#"package main

func Loop() {
	n := 0
	for {
		n++
	}
}

func Recurse() int {
	var f func(n int) int
	f = func(n int) int {
		if n == 0 {
			return 1
		}
		return f(n-1) + f(n-1)
	}
	return f(62)
}
"#;

fn run(inst: &mut govm::Instance, name: &str) -> Result<(), Error> {
    if name == "Loop" {
        inst.call::<_, ()>(name, ())
    } else {
        inst.call::<_, i64>(name, ()).map(drop)
    }
}

/// Median, 99th percentile and worst of `samples`, in microseconds.
fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e6;
    format!(
        "median {:.0} us, p99 {:.0} us, worst {:.0} us",
        at(0.5),
        at(0.99),
        at(1.0)
    )
}

fn main() {
    for jit in [Jit::Off, Jit::All] {
        let program = Engine::new().jit(jit).compile(SCRIPT).expect("compiles");
        for name in ["Loop", "Recurse"] {
            stops(&program, &format!("{name}, {jit:?}"), name);
        }
    }
}

/// Stops `name` of `program` by its deadline and by a cancel, [`STOPS`] times each, and
/// prints how long each took.
fn stops(program: &govm::Program, label: &str, name: &str) {
    let mut deadline = Vec::with_capacity(STOPS);
    let mut cancel = Vec::with_capacity(STOPS);
    for _ in 0..STOPS {
        let mut inst = program.instantiate().expect("instantiates");
        let at = Instant::now() + Duration::from_millis(2);
        inst.set_deadline(at);
        assert!(matches!(run(&mut inst, name), Err(Error::DeadlineExceeded)));
        deadline.push(at.elapsed());

        let mut inst = program.instantiate().expect("instantiates");
        let handle = inst.cancel_handle();
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(2));
            let at = Instant::now();
            handle.cancel();
            at
        });
        assert!(matches!(run(&mut inst, name), Err(Error::Cancelled)));
        let stopped = Instant::now();
        cancel.push(stopped - canceller.join().expect("the canceller ends"));
    }
    println!("{label}: deadline to stop: {}", summary(deadline));
    println!("{label}: cancel to stop: {}", summary(cancel));
}

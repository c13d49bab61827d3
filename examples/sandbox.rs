//! Running untrusted Go code: a deadline, a cancel handle and an instruction budget stop
//! runaway scripts, a memory limit stops hoarding ones, and a crash or `os.Exit` in the
//! script is an error for the host, which carries on.
//!
//! `cargo run --release --example sandbox`

use std::time::{Duration, Instant};

use govm::{Engine, Error};

const UNTRUSTED: &str = r#"package main

import "os"

func Spin() {
	for {
	}
}

func Crash() []int {
	var xs []int
	return xs[:10]
}

func Leave() { os.Exit(7) }

var hoard [][]byte

func Hoard() {
	for {
		hoard = append(hoard, make([]byte, 1<<20))
	}
}
"#;

fn main() -> Result<(), Error> {
    let program = Engine::new().max_memory(64 << 20).compile(UNTRUSTED)?;

    let mut inst = program.instantiate()?;
    inst.set_timeout(Duration::from_millis(20));
    let start = Instant::now();
    let r = inst.call::<_, ()>("Spin", ());
    println!(
        "Spin with a 20 ms deadline: {r:?} after {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    let mut inst = program.instantiate()?;
    let handle = inst.cancel_handle();
    let cancelled_at = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        handle.cancel();
        Instant::now()
    });
    let r = inst.call::<_, ()>("Spin", ());
    let stopped = Instant::now();
    let at = cancelled_at.join().expect("the canceller");
    println!(
        "Spin cancelled from another thread: {r:?}, {:.3} ms after cancel()",
        (stopped - at).as_secs_f64() * 1e3
    );

    let mut inst = program.instantiate()?;
    inst.set_fuel(50_000_000);
    let start = Instant::now();
    let r = inst.call::<_, ()>("Spin", ());
    println!(
        "Spin with 50,000,000 units of fuel: {r:?} after {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    let start = Instant::now();
    match program.instantiate()?.call::<_, ()>("Hoard", ()) {
        Err(Error::MemoryLimit(report)) => println!(
            "Hoard with a 64 MiB limit: {} after {:.1} ms",
            report.trim_end(),
            start.elapsed().as_secs_f64() * 1e3
        ),
        other => println!("Hoard: {other:?}"),
    }

    let mut inst = program.instantiate()?;
    inst.set_stderr(std::io::sink());
    match inst.call::<_, ()>("Crash", ()) {
        Err(Error::Panic(p)) => println!("Crash: {} (in {})", p.message, p.stack[0].function),
        other => println!("Crash: {other:?}"),
    }
    let r = program.instantiate()?.call::<_, ()>("Leave", ());
    println!("Leave: {r:?} (and the host is still here)");
    Ok(())
}

//! Racy programs never bring govm down: each of these races on strings, slices,
//! interfaces or maps, run many times on two threads, ends normally, with a Go panic, or
//! with Go's fatal error and exit status 2 (a fault a torn value caused is one: Go's
//! `unexpected fault address`), never killed by a signal, aborting, hanging, printing a
//! Rust panic or reporting a bug of govm's.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Finish, assert_every_run, govm, rust_panic};

/// Each program's runs.
const ROUNDS: usize = 50;

/// Generous: a run takes well under a second, but the machine may be busy.
const TIME_LIMIT: Duration = Duration::from_secs(30);

const PROGRAMS: &[&str] = &["strings", "ifaces", "slices", "maps"];

fn programs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/races")
}

/// What was wrong with one run at GOMAXPROCS=2, if anything.
fn run_once(program: &str) -> Option<String> {
    let got = govm("run", &programs(), &format!("{program}.go"), TIME_LIMIT, Some(2));
    let stderr = String::from_utf8_lossy(&got.stderr);
    let first = stderr.lines().next().unwrap_or("");
    let go_ending = first.starts_with("panic: ")
        || first.starts_with("unexpected fault address ")
        || (first.starts_with("fatal error: ") && !first.contains("govm internal error"));
    let fine = match got.finish {
        Finish::Exited(0) => got.stdout.ends_with(b"done\n"),
        Finish::Exited(2) => go_ending,
        _ => false,
    };
    (!fine || rust_panic(&stderr)).then(|| format!("{program}: {:?}\n{stderr}", got.finish))
}

#[test]
fn racy_programs_end_as_go_programs_may() {
    assert_every_run(PROGRAMS, ROUNDS, run_once);
}

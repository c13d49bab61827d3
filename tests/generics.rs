//! Generic code seen from outside: every program of `tests/programs/generics` runs through
//! the real `govm` binary and is compared with what Go does.
//!
//! - `NAME.go` with `NAME.out`: must exit with status 0 and write exactly `NAME.out` to
//!   standard output. The outputs come from Go 1.19, except for programs that need a
//!   newer Go (packages `slices`, `maps`, `cmp`; Go 1.20 and 1.21 rules for `comparable`,
//!   type inference and local types), whose outputs were derived by hand from the Go 1.22
//!   documentation; their first comment says so.
//! - `NAME.go` with `NAME.err`: must be rejected, exit status 1, with its first diagnostic
//!   at the `NAME.go:LINE:COL:` position of Go's first error line recorded in `NAME.err`.
//!   As in `conformance.rs`, the wording is advisory (it differs between Go releases).
//!
//! Programs that do not pass yet are listed in [`NOT_YET_PASSING`]. The list only shrinks:
//! a listed program that passes fails the test until it is removed from the list.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::not_yet::{assert_list_names_programs, go_programs, misbehaving};
use common::{Finish, check_diagnostic, govm, parallel_map, rust_panic, truncate};

/// Names (without `.go`) of the programs that do not pass yet, sorted.
const NOT_YET_PASSING: &[&str] = &[
    "embedding",
    "infer_go121",
    "local_type_arg",
    "repro_assign_infer",
    "repro_generic_arg",
    "repro_iface_method_infer",
    "repro_return_infer",
    "repro_sortfunc_cmp",
];

/// Go runs every program in well under a second; this leaves room for a slow machine.
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// How much of an output a failure message shows.
const SHOW: usize = 1500;

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/generics")
}

/// Runs one program; says what differs from the recorded results, or None.
fn check(name: &str) -> Option<String> {
    let dir = folder();
    let file = format!("{name}.go");
    let want_err = std::fs::read_to_string(dir.join(format!("{name}.err"))).ok();
    let want_out = std::fs::read(dir.join(format!("{name}.out"))).ok();
    assert!(
        want_err.is_some() != want_out.is_some(),
        "{name}: needs exactly one of {name}.out and {name}.err"
    );
    let got = govm("run", &dir, &file, TIME_LIMIT, Some(2));
    let stderr = String::from_utf8_lossy(&got.stderr);
    let stderr_note = if stderr.is_empty() {
        String::new()
    } else {
        format!("\nstderr:\n{}", truncate(&stderr, SHOW))
    };
    let exit = match got.finish {
        Finish::Exited(code) => code,
        Finish::TimedOut => return Some(format!("killed after {TIME_LIMIT:?}{stderr_note}")),
        Finish::Signalled => return Some(format!("govm was killed by a signal{stderr_note}")),
    };
    if rust_panic(&stderr) {
        return Some(format!("govm itself panicked{stderr_note}"));
    }
    let mut problems = Vec::new();
    match (want_err, want_out) {
        (Some(want), _) => {
            if exit != 1 {
                problems.push(format!("exit status {exit}, want 1 (a compile error)"));
            }
            let want = want.lines().next().unwrap_or("");
            problems.extend(check_diagnostic(&file, want, &stderr));
        }
        (None, Some(want)) => {
            if exit != 0 {
                problems.push(format!("exit status {exit}, want 0"));
            }
            if got.stdout != want {
                problems.push(format!(
                    "stdout differs\n--- want stdout\n{}\n--- got stdout\n{}",
                    truncate(&String::from_utf8_lossy(&want), SHOW),
                    truncate(&String::from_utf8_lossy(&got.stdout), SHOW)
                ));
            }
        }
        (None, None) => unreachable!("checked above"),
    }
    if problems.is_empty() {
        return None;
    }
    Some(problems.join("\n") + &stderr_note)
}

#[test]
fn generic_programs_behave_as_in_go() {
    let names = go_programs(&folder());
    let outcomes = parallel_map(&names, |n| check(n));
    let problems = misbehaving(&names, outcomes, NOT_YET_PASSING, |name| {
        format!("cd tests/programs/generics && cargo run --release -- run {name}.go")
    });
    assert!(
        problems.is_empty(),
        "{} of {} generic programs misbehave:\n\n{}",
        problems.len(),
        names.len(),
        problems.join("\n\n")
    );
}

/// Keeps the list honest: sorted, no duplicates, every entry names a program.
#[test]
fn not_yet_passing_is_sorted_and_names_programs() {
    assert_list_names_programs(NOT_YET_PASSING, &folder());
}

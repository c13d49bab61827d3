//! Runs the realistic programs of `tests/realistic` (whole programs of 100-250 lines:
//! a lexer and evaluator, an LRU cache, a JSON printer, reports, a bank, a pipeline of
//! goroutines, ...) through the real `govm` binary and compares what it does with what
//! Go 1.19 does: standard output byte for byte, the exit status (`NAME.exit`, 0 if
//! absent) and the first line of standard error (`NAME.err`, when recorded). `NAME.in`,
//! when present, is the program's standard input. Every program runs with
//! `GOMAXPROCS=1`, with `GOMAXPROCS=2`, and with `GOMAXPROCS=2` and the collector in
//! stress mode (`GOVM_GCSTRESS=1`), and must pass all three ways.
//!
//! The expected files come from Go itself: in an empty directory holding a `go.mod`
//! (`module x` / `go 1.19`), `NAME.go` copied as `main.go` is built with `go build` and
//! run with `NAME.in` (or nothing) as standard input. The programs are deterministic:
//! no clocks, no map order and no goroutine scheduling order reach their output.
//!
//! Programs that do not pass yet are listed in [`NOT_YET_PASSING`]. The list only shrinks:
//! a listed program that passes fails the test until it is removed from the list. To
//! regenerate the list from the current binary, run
//!
//! ```sh
//! GOVM_REALISTIC_REPORT=1 cargo test --release --test realistic
//! ```
//!
//! which prints the whole constant, ready to paste over the one below, and passes.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::not_yet::{assert_list_names_programs, go_programs, misbehaving, print_list};
use common::{
    exit_status, first_stderr_line_diff, govm_input, parallel_map, read_err, read_exit, stderr_note, stdout_diff,
};

/// The name (without `.go`) of every program that does not pass yet, sorted.
const NOT_YET_PASSING: &[&str] = &[];

/// Go runs every program in well under a second; this leaves room for a slow machine.
const TIME_LIMIT: Duration = Duration::from_secs(15);

/// The `GOMAXPROCS` value and extra environment of each run of every program.
const RUNS: &[(usize, &[(&str, &str)])] = &[(1, &[]), (2, &[]), (2, &[("GOVM_GCSTRESS", "1")])];

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realistic")
}

fn report_mode() -> bool {
    std::env::var_os("GOVM_REALISTIC_REPORT").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Runs `name` every way in [`RUNS`] and says what differs from the recorded results,
/// or None if nothing does.
fn check(name: &str) -> Option<String> {
    let dir = folder();
    let expected = |ext: &str| dir.join(format!("{name}.{ext}"));
    let want_out = std::fs::read(expected("out")).unwrap_or_else(|e| panic!("{name}.out: {e}"));
    let want_exit = read_exit(&expected("exit"));
    let want_err = read_err(&expected("err"));
    let input = std::fs::read(expected("in")).ok();

    RUNS.iter().find_map(|&(procs, env)| {
        let settings: String = env.iter().map(|(k, v)| format!(", {k}={v}")).collect();
        let got = govm_input(
            "run",
            &dir,
            &format!("{name}.go"),
            TIME_LIMIT,
            Some(procs),
            env,
            input.as_deref(),
        );
        let why = match exit_status(&got, TIME_LIMIT) {
            Err(why) => why,
            Ok(exit) => {
                let mut problems = Vec::new();
                if exit != want_exit {
                    problems.push(format!("exit status {exit}, want {want_exit}"));
                }
                if got.stdout != want_out {
                    problems.push(stdout_diff(&want_out, &got.stdout));
                }
                if let Some(want) = &want_err {
                    problems.extend(first_stderr_line_diff(want, &got.stderr));
                }
                if problems.is_empty() {
                    return None;
                }
                problems.join("\n") + &stderr_note(&got.stderr)
            }
        };
        Some(format!("with GOMAXPROCS={procs}{settings}: {why}"))
    })
}

/// Every program passes, except those in [`NOT_YET_PASSING`], which must still fail.
#[test]
fn realistic_programs() {
    let programs = go_programs(&folder());
    assert!(!programs.is_empty(), "no programs in {}", folder().display());
    let outcomes = parallel_map(&programs, |p| check(p));
    if report_mode() {
        print_list("realistic programs", &programs, &outcomes);
        return;
    }
    let problems = misbehaving(&programs, outcomes, NOT_YET_PASSING, |name| {
        let input = if folder().join(format!("{name}.in")).is_file() {
            format!(" < {name}.in")
        } else {
            String::new()
        };
        format!("cd tests/realistic && cargo run --release -- run {name}.go{input}")
    });
    assert!(
        problems.is_empty(),
        "{} of {} realistic programs misbehave:\n\n{}",
        problems.len(),
        programs.len(),
        problems.join("\n\n")
    );
}

/// Keeps the list honest: every entry names a program, once, in sorted order; and every
/// program has its expected output.
#[test]
fn list_matches_the_programs() {
    assert_list_names_programs(NOT_YET_PASSING, &folder());
    for name in go_programs(&folder()) {
        let out = folder().join(format!("{name}.out"));
        assert!(out.is_file(), "{name}.go has no expected output {}", out.display());
    }
}

//! A map used by goroutines with nothing to order them ends the program with Go's fatal
//! error (`concurrent map writes` and its two siblings, exit status 2), never with a
//! crash of govm, whose maps free their storage as they grow (see `runtime::map`). The
//! racing programs in `tests/programs/map_races` run on two threads, many times over;
//! each races until the runtime stops it, and one that never is says so and exits 0,
//! which fails here.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Run, exit_status, govm, govm_env, parallel_map, stderr_note};
use govm::embed::HostType;
use govm::{Engine, Error, Serde};
use serde::{Deserialize, Serialize};

/// Runs of each racing program.
const ROUNDS: usize = 20;

/// Generous: a race is met within milliseconds, and a program that never meets it
/// ends within seconds; but the machine may be busy.
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn programs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/map_races")
}

/// What is wrong with a run that should have ended in Go's `fatal error: {message}`, if
/// anything: the message first on stderr, then a blank line and the goroutine that met
/// the race, and exit status 2.
fn fatal_problem(got: &Run, message: &str) -> Option<String> {
    let status = match exit_status(got, TIME_LIMIT) {
        Ok(status) => status,
        Err(why) => return Some(why),
    };
    let stderr = String::from_utf8_lossy(&got.stderr);
    let mut lines = stderr.lines();
    let (first, blank, header) = (lines.next(), lines.next(), lines.next());
    let reported = first == Some(&format!("fatal error: {message}"))
        && blank == Some("")
        && header.is_some_and(|h| h.starts_with("goroutine ") && h.ends_with(" [running]:"));
    (status != 2 || !reported).then(|| format!("exit status {status}{}", stderr_note(&got.stderr)))
}

/// Runs `program` `ROUNDS` times with GOMAXPROCS=2; each must end in `message`.
fn races_end_in(program: &str, message: &str) {
    let runs = vec![program; ROUNDS];
    let problems: Vec<String> = parallel_map(&runs, |p| {
        let got = govm("run", &programs(), &format!("{p}.go"), TIME_LIMIT, Some(2));
        fatal_problem(&got, message)
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(
        problems.is_empty(),
        "{program}: {} of {ROUNDS} runs did not end in `fatal error: {message}`:\n{}",
        problems.len(),
        problems.join("\n---\n")
    );
}

#[test]
fn concurrent_writes_are_a_fatal_error() {
    races_end_in("writes", "concurrent map writes");
}

#[test]
fn a_read_during_a_write_is_a_fatal_error() {
    races_end_in("read_write", "concurrent map read and map write");
}

#[test]
fn iteration_during_a_write_is_a_fatal_error() {
    races_end_in("iteration_write", "concurrent map iteration and map write");
}

/// With one thread goroutines switch only at safepoints, where no map is claimed, so
/// even a program that shares a map with no synchronisation never meets a claim; the
/// collector, which claims each map it traces, neither (in stress mode it collects at
/// every few allocations).
#[test]
fn with_one_thread_no_claim_fails() {
    for env in [&[][..], &[("GOVM_GCSTRESS", "20")]] {
        let got = govm_env("run", &programs(), "one_proc.go", TIME_LIMIT, Some(1), env);
        let status = exit_status(&got, TIME_LIMIT).unwrap_or_else(|why| panic!("{env:?}: {why}"));
        assert_eq!(
            (status, got.stdout.as_slice(), got.stderr.as_slice()),
            (0, &b"done\n"[..], &b""[..]),
            "{env:?}{}",
            stderr_note(&got.stderr)
        );
    }
}

/// fmt prints a copy of the entries, taken under a claim: the `String` methods it calls
/// grow the map (so its storage moves), delete from it and collect (so that only the
/// copy keeps the deleted values alive), and what Go prints is printed.
#[test]
fn fmt_prints_a_map_that_its_methods_change() {
    let dir = programs();
    let want = std::fs::read(dir.join("fmt_changes_map.out")).expect("fmt_changes_map.out");
    let got = govm("run", &dir, "fmt_changes_map.go", TIME_LIMIT, None);
    let status = exit_status(&got, TIME_LIMIT).unwrap_or_else(|why| panic!("{why}"));
    assert_eq!(
        (status, String::from_utf8_lossy(&got.stdout)),
        (0, String::from_utf8_lossy(&want)),
        "{}",
        stderr_note(&got.stderr)
    );
}

#[derive(Serialize, Deserialize)]
struct Tally {
    counts: HashMap<i64, i64>,
}

impl HostType for Tally {
    const GO_NAME: &'static str = "Tally";
    const GO_DEF: &'static str = "struct{ Counts map[int]int }";
}

/// A host function reads the maps it is passed while the script's other goroutines
/// run: one that another goroutine writes meanwhile ends the call with Go's fatal error,
/// as a `HashMap` and as a map inside a serde struct.
#[test]
fn a_host_function_reading_a_map_being_written_is_a_fatal_error() {
    let engine = Engine::new()
        .max_procs(2)
        .host_func("host", "Sum", |m: HashMap<i64, i64>| m.values().sum::<i64>())
        .host_func("host", "Total", |Serde(t): Serde<Tally>| t.counts.values().sum::<i64>());
    let program = engine
        .compile(
            r#"package main

            import "host"

            // Reads m through the host until the writer meets it, or a bound passes.
            func Race(serde bool) int {
                m := map[int]int{}
                for i := 0; i < 1000; i++ {
                    m[i] = i
                }
                go func() {
                    for i := 0; ; i++ {
                        m[i&0xfff] = i
                    }
                }()
                sum := 0
                for i := 0; i < 1_000_000; i++ {
                    if serde {
                        sum += host.Total(host.Tally{Counts: m})
                    } else {
                        sum += host.Sum(m)
                    }
                }
                return sum
            }
            "#,
        )
        .expect("compiles");
    for serde in [false, true] {
        for _ in 0..ROUNDS / 4 {
            let mut inst = program.instantiate().expect("instantiates");
            match inst.call::<_, i64>("Race", (serde,)) {
                Err(Error::Fatal(report)) => assert!(
                    report.starts_with("fatal error: concurrent map iteration and map write\n\ngoroutine "),
                    "serde {serde}: {report}"
                ),
                other => panic!("serde {serde}: the race was never met: {other:?}"),
            }
        }
    }
}

//! Goroutines seen from outside: the concurrent corpus programs run many times over on
//! two threads (a race shows up as a hang, a crash or a wrong output sooner or later),
//! and a goroutine spinning in a loop cannot starve `main`.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Finish, assert_every_run, govm, rust_panic};

/// Each program's runs in the stress test.
const ROUNDS: usize = 50;

/// Generous: these programs take milliseconds, but the machine may be busy.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The corpus programs that use goroutines, with their folder.
const CONCURRENT: &[&str] = &[
    "goroutines_channels/buffered_channel",
    "goroutines_channels/close_range",
    "goroutines_channels/directional",
    "goroutines_channels/pipeline",
    "goroutines_channels/prime_sieve",
    "goroutines_channels/unbuffered_pingpong",
    "goroutines_channels/waitgroup_mutex",
    "goroutines_channels/worker_pool",
    "go122/loopvar_goroutines",
    "runtime_errors/deadlock",
    "runtime_errors/deadlock_waitgroup",
    "runtime_errors/goroutine_panic",
    "select_sync/atomic_rwmutex",
    "select_sync/mutex_bank",
    "select_sync/select_default",
    "select_sync/select_loop_quit",
    "select_sync/select_nil_channels",
    "select_sync/select_timeout",
    "select_sync/semaphore",
    "select_sync/sync_once",
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Runs `folder/name` once with GOMAXPROCS=2; says what went wrong, if anything.
fn run_once(program: &str) -> Option<String> {
    let (folder, name) = program.split_once('/').expect("folder/name");
    let dir = corpus().join(folder);
    let want_out = std::fs::read(dir.join(format!("{name}.out"))).unwrap_or_default();
    let want_exit: i32 = std::fs::read_to_string(dir.join(format!("{name}.exit")))
        .map_or(0, |s| s.trim().parse().expect("an exit status"));
    let want_err = std::fs::read_to_string(dir.join(format!("{name}.err"))).ok();
    let got = govm("run", &dir, &format!("{name}.go"), TIME_LIMIT, Some(2));
    let stderr = String::from_utf8_lossy(&got.stderr);
    let mut problems = Vec::new();
    match got.finish {
        Finish::Exited(code) if code == want_exit => {}
        other => problems.push(format!("finished {other:?}, want exit {want_exit}")),
    }
    if rust_panic(&stderr) {
        problems.push("govm panicked".into());
    }
    if got.stdout != want_out {
        problems.push(format!("stdout:\n{}", String::from_utf8_lossy(&got.stdout)));
    }
    if let Some(want) = want_err
        && stderr.lines().next() != want.lines().next()
    {
        problems.push(format!("stderr:\n{stderr}"));
    }
    (!problems.is_empty()).then(|| format!("{program}: {}", problems.join("\n")))
}

#[test]
fn concurrent_programs_survive_repetition() {
    assert_every_run(CONCURRENT, ROUNDS, run_once);
}

#[test]
fn a_spinning_goroutine_does_not_starve_main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    for procs in [1, 2] {
        let got = govm("run", &dir, "spin.go", TIME_LIMIT, Some(procs));
        assert_eq!(got.finish, Finish::Exited(0), "GOMAXPROCS={procs}");
        assert_eq!(
            String::from_utf8_lossy(&got.stdout),
            "main is done\n",
            "GOMAXPROCS={procs}"
        );
    }
}

/// Every function entry is a safepoint, as every backward jump is: a goroutine that
/// recurses without a loop, whichever way it calls, is preempted; so is one looping
/// in a method that fmt calls, which runs as ordinary Go code.
#[test]
fn recursion_without_loops_and_methods_fmt_calls_do_not_starve_main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/starve");
    for program in ["closure", "iface", "method_value", "defer", "stringer"] {
        let got = govm("run", &dir, &format!("{program}.go"), TIME_LIMIT, Some(1));
        let stderr = String::from_utf8_lossy(&got.stderr);
        assert_eq!(got.finish, Finish::Exited(0), "{program}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&got.stdout), "main is done\n", "{program}");
    }
}

/// A method fmt calls may park like any Go code, and one that never wakes is Go's
/// deadlock.
#[test]
fn methods_fmt_calls_park_and_deadlock_as_go_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    for procs in [1, 2] {
        let got = govm("run", &dir, "stringer_parks.go", TIME_LIMIT, Some(procs));
        let stderr = String::from_utf8_lossy(&got.stderr);
        assert_eq!(got.finish, Finish::Exited(2), "GOMAXPROCS={procs}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&got.stdout), "sent\nunlocked\n");
        assert_eq!(
            stderr.lines().next(),
            Some("fatal error: all goroutines are asleep - deadlock!"),
            "{stderr}"
        );
    }
}

#[test]
fn a_select_never_misses_a_partner_that_arrives_while_it_polls() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    for _ in 0..3 {
        let got = govm("run", &dir, "select_handoff.go", TIME_LIMIT, Some(2));
        let stderr = String::from_utf8_lossy(&got.stderr);
        assert_eq!(got.finish, Finish::Exited(0), "{stderr}");
        assert_eq!(String::from_utf8_lossy(&got.stdout), "199990000 20000\n");
    }
}

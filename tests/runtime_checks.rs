//! Run-time checks against Go: every `tests/programs/checks_*.go` (nil dereferences,
//! bounds, conversions and values of zero size, each once a crash of govm's; the texts of
//! unrecovered panics) runs through the real `govm` binary and must do what Go 1.22 did:
//! print `checks_*.out`, exit with the status in `checks_*.exit` (0 if there is none) and
//! begin its standard error with the line in `checks_*.err`, if there is one. Each runs
//! normally and with the collector in stress mode (see conformance.rs), interpreted and
//! compiled to machine code. The op-by-op cases are `vm::checks_tests`.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{check_programs, exit_status, first_stderr_line_diff, govm_env, read_err, read_exit, stdout_diff};

const TIME_LIMIT: Duration = Duration::from_secs(30);

fn programs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

/// The environments every program runs in: the default, GC stress, and both with every
/// function compiled to machine code (whose failed checks leave it for the interpreter's
/// panics).
const ENVS: [&[(&str, &str)]; 4] = [
    &[],
    &[("GOVM_GCSTRESS", "1")],
    &[("GOVM_JIT", "all")],
    &[("GOVM_JIT", "all"), ("GOVM_GCSTRESS", "1")],
];

/// What is wrong with the run of `name` in `env`, or None.
fn check(name: &str, env: &[(&str, &str)]) -> Option<String> {
    let dir = programs();
    let want_out = std::fs::read(dir.join(format!("{name}.out"))).unwrap_or_else(|e| panic!("{name}.out: {e}"));
    let want_exit = read_exit(&dir.join(format!("{name}.exit")));
    let want_err = read_err(&dir.join(format!("{name}.err")));
    let got = govm_env("run", &dir, &format!("{name}.go"), TIME_LIMIT, None, env);
    let exit = match exit_status(&got, TIME_LIMIT) {
        Ok(code) => code,
        Err(why) => return Some(why),
    };
    let mut problems = Vec::new();
    if exit != want_exit {
        problems.push(format!("exit status {exit}, want {want_exit}"));
    }
    if got.stdout != want_out {
        problems.push(stdout_diff(&want_out, &got.stdout));
    }
    if let Some(want) = want_err {
        problems.extend(first_stderr_line_diff(&want, &got.stderr));
    }
    (!problems.is_empty()).then(|| problems.join("\n") + &common::stderr_note(&got.stderr))
}

#[test]
fn checked_programs_behave_as_in_go() {
    check_programs("checks_", &ENVS, check);
}

/// A panic in calls between compiled functions prints the trace the interpreter's frames
/// give, line for line.
#[test]
fn compiled_calls_leave_the_interpreters_trace() {
    let run = |env: &[(&str, &str)]| {
        let got = govm_env("run", &programs(), "checks_compiled_go_calls.go", TIME_LIMIT, None, env);
        String::from_utf8_lossy(&got.stderr).into_owned()
    };
    let (interpreted, compiled) = (run(&[]), run(&[("GOVM_JIT", "all")]));
    assert!(interpreted.contains("main.dive(...)\n"), "{interpreted}");
    assert_eq!(interpreted, compiled);
}

/// `GOVM_JITSTATS=1` ends the run with what share of the instructions of compiled
/// functions ran as machine code.
#[test]
fn jitstats_reports_the_share_run_as_machine_code() {
    let env = [("GOVM_JIT", "all"), ("GOVM_JITSTATS", "1")];
    let got = govm_env(
        "run",
        &programs(),
        "checks_compiled_go_calls.go",
        TIME_LIMIT,
        None,
        &env,
    );
    let stderr = String::from_utf8_lossy(&got.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    let words: Vec<&str> = last.split(' ').collect();
    assert!(
        matches!(words[..], ["jit:", n, "instructions", "run", "in", "compiled", "functions,", share, "as", "machine", "code;", "interpreted", "most:", ..]
            if n.parse::<u64>().is_ok_and(|n| n > 100_000)
                && share.strip_suffix('%').and_then(|s| s.parse::<f64>().ok()).is_some_and(|s| s > 50.0 && s <= 100.0)),
        "{stderr}"
    );
}

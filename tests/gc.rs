//! The garbage collector seen from outside: memory stays bounded under heavy churn, the
//! runtime's GC functions behave as Go's, and the environment settings (`GOGC`,
//! `GOMEMLIMIT`, `GODEBUG=gctrace=1`) take effect. (The whole corpus also runs under GC
//! stress, in `conformance.rs`.)

mod common;

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Finish, govm_env};

const TIME_LIMIT: Duration = Duration::from_secs(120);

fn programs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

/// Runs `govm run tests/programs/FILE ARGS` with `env`; gives its exit status, stdout,
/// stderr and peak resident memory in bytes (from `wait4`, for this child alone).
// The child is reaped by wait4, which clippy does not see.
#[allow(clippy::zombie_processes)]
fn run_measured(file: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_govm"))
        .arg("run")
        .arg(file)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(programs())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("govm starts");
    // Drain both pipes until the child closes them (it exits), then reap it.
    let mut stderr = child.stderr.take().expect("piped");
    let err = std::thread::spawn(move || {
        let mut e = String::new();
        stderr.read_to_string(&mut e).ok();
        e
    });
    let mut out = String::new();
    child.stdout.take().expect("piped").read_to_string(&mut out).ok();
    let err = err.join().expect("stderr reader");
    let (mut status, pid) = (0, child.id() as libc::pid_t);
    // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is this process's child, not reaped yet (std has not waited for it);
    // the out-pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4");
    let code = std::process::ExitStatus::from_raw(status).code().unwrap_or(-1);
    (code, out, err, usage.ru_maxrss as u64 * 1024)
}

#[test]
fn ten_gigabytes_of_short_lived_cyclic_objects_fit_in_100_mb() {
    let (code, out, err, rss) = run_measured("churn.go", &["10240"], &[]);
    assert_eq!(code, 0, "{err}");
    // Go 1.19 prints the same.
    assert_eq!(out, "540971931\n");
    assert!(rss < 100 << 20, "peak RSS {} MB", rss >> 20);
}

#[test]
fn runtime_gc_functions_behave_as_go() {
    let got = govm_env("run", &programs(), "gc_api.go", TIME_LIMIT, None, &[]);
    assert_eq!(
        got.finish,
        Finish::Exited(0),
        "{}",
        String::from_utf8_lossy(&got.stderr)
    );
    // Recorded from Go 1.19.
    assert_eq!(
        String::from_utf8_lossy(&got.stdout),
        "true 1 true true true true\n100 50\ntrue\n100\n"
    );
}

#[test]
fn gctrace_reports_each_collection() {
    let (code, out, err, _) = run_measured("churn.go", &["64"], &[("GODEBUG", "gctrace=1")]);
    assert_eq!(code, 0);
    assert_eq!(out, "3415000\n");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.len() >= 5, "{err}");
    for (k, line) in lines.iter().enumerate() {
        assert!(line.starts_with(&format!("gc {} @", k + 1)), "{line}");
        assert!(line.contains(" MB goal, "), "{line}");
    }
}

#[test]
fn gogc_off_never_collects_and_a_memory_limit_brings_it_back() {
    let (code, _, err, rss) = run_measured("churn.go", &["64"], &[("GODEBUG", "gctrace=1"), ("GOGC", "off")]);
    assert_eq!(code, 0);
    assert_eq!(err, "", "no collection with GOGC=off");
    assert!(rss > 64 << 20, "everything stays: peak RSS {} MB", rss >> 20);
    let (code, _, err, rss) = run_measured(
        "churn.go",
        &["256"],
        &[("GODEBUG", "gctrace=1"), ("GOGC", "off"), ("GOMEMLIMIT", "16MiB")],
    );
    assert_eq!(code, 0);
    assert!(err.lines().count() > 5, "collections under the limit: {err}");
    assert!(rss < 64 << 20, "peak RSS {} MB", rss >> 20);
}

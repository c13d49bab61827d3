//! A bug of govm's (a Rust panic, made on purpose here) is reported as Go reports a
//! fatal error, naming it an internal error, on whichever thread of the VM it happens:
//! never as a Rust backtrace, and never taking an embedding host down.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Finish, govm_env};
use govm::embed::CrashPoint;
use govm::{Engine, Error};

const TIME_LIMIT: Duration = Duration::from_secs(20);

const PROGRAM: &str = "crash.go";

/// `govm run` of the crash program on `procs` threads, crashing at `point`.
fn crash(point: &str, procs: usize) -> (Finish, String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let got = govm_env(
        "run",
        &dir,
        PROGRAM,
        TIME_LIMIT,
        Some(procs),
        &[("GOVM_TEST_CRASH", point)],
    );
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (got.finish, text(&got.stdout), text(&got.stderr))
}

/// The lines every report of a deliberate crash at `point` has.
fn assert_reported(stderr: &str, point: &str) {
    let first = format!("fatal error: govm internal error: deliberate crash for a test ({point}, GOVM_TEST_CRASH)");
    assert!(stderr.starts_with(&first), "{stderr}");
    assert!(
        stderr.contains("\nThis is a bug in govm, not in the program."),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked at") && !stderr.contains("stack backtrace"),
        "{stderr}"
    );
}

#[test]
fn govm_run_reports_a_crash_on_a_machine_with_its_goroutine() {
    for procs in [1, 2] {
        let (finish, stdout, stderr) = crash("machine", procs);
        assert_eq!(finish, Finish::Exited(2), "{stderr}");
        assert_eq!(stdout, "before\n");
        assert_reported(&stderr, "Machine");
        assert!(
            stderr.contains("\ngoroutine 1 [running]:\nmain.main(...)\n\tcrash.go:14\n"),
            "{stderr}"
        );
        assert!(stderr.ends_with("exit status 2\n"), "{stderr}");
    }
}

/// A hardware fault (which a racy program can cause) is Go's fault report, with the
/// goroutine that faulted.
#[test]
fn govm_run_reports_a_fault_as_go_does() {
    let (finish, stdout, stderr) = crash("fault", 1);
    assert_eq!(finish, Finish::Exited(2), "{stderr}");
    // What was printed before is out, as Go's unbuffered output would be.
    assert_eq!(stdout, "before\n");
    // (The address is none in particular: the test raises the signal.)
    assert!(stderr.starts_with("unexpected fault address 0x"), "{stderr}");
    let signal = "\nfatal error: fault\n[signal SIGSEGV: segmentation violation code=";
    assert!(stderr.contains(signal), "{stderr}");
    assert!(stderr.contains("]\n\ngoroutine 1 [running]:\n"), "{stderr}");
    assert!(stderr.ends_with("exit status 2\n"), "{stderr}");
}

#[test]
fn govm_run_reports_a_crash_of_sysmon() {
    let (finish, _, stderr) = crash("sysmon", 1);
    assert_eq!(finish, Finish::Exited(2), "{stderr}");
    assert_reported(&stderr, "Sysmon");
}

const SCRIPT: &str = r#"package main

import (
	"host"
	"time"
)

func Spawn() int {
	done := make(chan int)
	go func() { done <- 1 }()
	return <-done
}

func Sleep() int {
	time.Sleep(time.Millisecond)
	return 2
}

func Block() int { return host.Wait(3) }

func Add(a, b int) int { return a + b }
"#;

/// An embedded instance that hits a bug of govm's ends with `Error::Internal` and the
/// host goes on: the instance has ended, and others run.
#[test]
fn an_embedded_crash_is_an_internal_error_and_the_host_goes_on() {
    let cases = [
        (CrashPoint::Machine, "Spawn", "Machine", 1),
        (CrashPoint::Sysmon, "Sleep", "Sysmon", 2),
        (CrashPoint::Helper, "Block", "Helper", 3),
    ];
    for (point, func, name, value) in cases {
        for procs in [1, 2] {
            let engine = || {
                Engine::new()
                    .max_procs(procs)
                    .host_func_blocking("host", "Wait", |n: i64| n)
            };
            let program = engine().test_crash(point).compile(SCRIPT).unwrap();
            let mut inst = program.instantiate().unwrap();
            match inst.call::<_, i64>(func, ()) {
                Err(Error::Internal(report)) => assert_reported(&report, name),
                other => panic!("{name}, {procs} procs: {other:?}"),
            }
            assert!(matches!(inst.call::<_, i64>("Add", (1, 2)), Err(Error::Ended)));
            drop(inst);
            let mut sound = engine().compile(SCRIPT).unwrap().instantiate().unwrap();
            assert_eq!(sound.call::<_, i64>(func, ()).unwrap(), value);
        }
    }
}

//! Runs every program of the conformance corpus (`tests/corpus`, a copy of
//! `../shared/conformance`) through the real `govm` binary and compares standard output,
//! the exit status and the first line of standard error with the recorded expectations.
//!
//! Programs not expected to pass yet are listed in [`NOT_YET_PASSING`]; the list only
//! shrinks: a listed program that passes fails the test until it is removed. Run with
//! `GOVM_CONFORMANCE_REPORT=1` to print the current list instead of failing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// "folder/name" of every program that does not pass yet.
const NOT_YET_PASSING: &[&str] = &[
    "compile_errors/constraint_not_satisfied",
    "control_flow/for_forms",
    "control_flow/labels",
    "defer_panic_recover/runtime_error_recover",
    "fmt_verbs/bad_verbs",
    "fmt_verbs/floats",
    "fmt_verbs/integers",
    "fmt_verbs/nil_and_empty",
    "fmt_verbs/print_funcs",
    "fmt_verbs/string_verbs",
    "fmt_verbs/stringer_verbs",
    "fmt_verbs/struct_verbs",
    "fmt_verbs/width_precision_args",
    "generics/comparable_funcs",
    "generics/constraints",
    "generics/generic_channels",
    "generics/generic_types",
    "generics/map_filter_reduce",
    "generics/method_constraints",
    "generics/ordered_map",
    "generics/stack",
    "go122/generic_min_max",
    "go122/loopvar_goroutines",
    "go122/maps_pkg",
    "go122/range_int_closure",
    "go122/slices_pkg",
    "goroutines_channels/buffered_channel",
    "goroutines_channels/close_range",
    "goroutines_channels/directional",
    "goroutines_channels/pipeline",
    "goroutines_channels/prime_sieve",
    "goroutines_channels/unbuffered_pingpong",
    "goroutines_channels/waitgroup_mutex",
    "goroutines_channels/worker_pool",
    "runtime_errors/close_closed_channel",
    "runtime_errors/close_nil_channel",
    "runtime_errors/deadlock",
    "runtime_errors/deadlock_waitgroup",
    "runtime_errors/goroutine_panic",
    "runtime_errors/send_on_closed",
    "select_sync/atomic_rwmutex",
    "select_sync/mutex_bank",
    "select_sync/select_default",
    "select_sync/select_loop_quit",
    "select_sync/select_nil_channels",
    "select_sync/select_timeout",
    "select_sync/semaphore",
    "select_sync/sync_once",
    "stdlib/bufio_pkg",
    "stdlib/bytes_pkg",
    "stdlib/errors_pkg",
    "stdlib/math_pkg",
    "stdlib/strconv_pkg",
    "stdlib/strings_pkg",
    "stdlib/time_duration",
    "stdlib/unicode_utf8",
];

const TIMEOUT: Duration = Duration::from_secs(15);

struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    code: Option<i32>,
    timed_out: bool,
}

fn run(dir: &Path, file: &str) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_govm"))
        .arg("run")
        .arg(file)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("govm starts");
    // Drain the pipes on threads so a chatty program cannot block on a full pipe.
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).ok();
        v
    });
    let start = Instant::now();
    let (code, timed_out) = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break (status.code(), false);
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break (None, true);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Outcome {
        stdout: t_out.join().unwrap_or_default(),
        stderr: t_err.join().unwrap_or_default(),
        code,
        timed_out,
    }
}

/// Why a program failed, or None if it passed.
fn check(folder: &str, path: &Path) -> Option<String> {
    let dir = path.parent().expect("in a folder");
    let file = path.file_name().and_then(|f| f.to_str()).expect("a file name");
    let stem = path.with_extension("");
    let read = |ext: &str| std::fs::read(stem.with_extension(ext)).ok();
    let want_out = read("out").unwrap_or_default();
    let want_code: i32 = read("exit").map_or(0, |b| String::from_utf8_lossy(&b).trim().parse().unwrap_or(0));
    let want_err = read("err").map(|b| String::from_utf8_lossy(&b).trim_end_matches('\n').to_string());
    let got = run(dir, file);
    if got.timed_out {
        return Some(format!("timed out after {TIMEOUT:?}"));
    }
    let stderr = String::from_utf8_lossy(&got.stderr);
    if stderr.contains("panicked at") || stderr.contains("RUST_BACKTRACE") {
        return Some(format!("Rust panic:\n{}", truncate(&stderr)));
    }
    let code = got.code.unwrap_or(-1);
    if code != want_code {
        return Some(format!(
            "exit status {code}, want {want_code}\nstderr:\n{}",
            truncate(&stderr)
        ));
    }
    if folder == "compile_errors" {
        let want = want_err.unwrap_or_default();
        let first = stderr.lines().find(|l| l.starts_with(file)).unwrap_or("");
        let prefix = |s: &str| s.splitn(4, ':').take(3).collect::<Vec<_>>().join(":");
        if prefix(first) != prefix(&want) {
            return Some(format!("first diagnostic\n  got:  {first}\n  want: {want}"));
        }
        return None;
    }
    if got.stdout != want_out {
        return Some(format!(
            "stdout differs\n--- got\n{}\n--- want\n{}\nstderr:\n{}",
            truncate(&String::from_utf8_lossy(&got.stdout)),
            truncate(&String::from_utf8_lossy(&want_out)),
            truncate(&stderr)
        ));
    }
    if let Some(want) = want_err {
        let first = stderr.lines().next().unwrap_or("");
        if first != want {
            return Some(format!("first line of stderr\n  got:  {first}\n  want: {want}"));
        }
    }
    None
}

fn truncate(s: &str) -> String {
    if s.len() > 1500 {
        let mut end = 1500;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}...", &s[..end])
    } else {
        s.to_string()
    }
}

fn programs(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(folder);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .collect();
    v.sort();
    v
}

/// Runs one folder's programs on all cores and checks them against the list.
fn run_folder(folder: &str) {
    let progs = programs(folder);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let Some(p) = progs.get(i) else { break };
                let name = format!("{folder}/{}", p.file_stem().and_then(|s| s.to_str()).unwrap_or(""));
                let r = check(folder, p);
                results.lock().expect("no poisoning").push((name, r));
            });
        }
    });
    let mut results = results.into_inner().expect("no poisoning");
    results.sort_by(|a, b| a.0.cmp(&b.0));
    if std::env::var_os("GOVM_CONFORMANCE_REPORT").is_some() {
        for (name, r) in &results {
            if r.is_some() {
                println!("    \"{name}\",");
            }
        }
        return;
    }
    let mut problems = Vec::new();
    for (name, r) in results {
        let listed = NOT_YET_PASSING.contains(&name.as_str());
        match (r, listed) {
            (Some(why), false) => problems.push(format!("FAIL {name}: {why}")),
            (None, true) => problems.push(format!("{name} passes now: remove it from NOT_YET_PASSING")),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

macro_rules! folders {
    ($($name:ident),*) => {
        $(
            #[test]
            fn $name() {
                run_folder(stringify!($name));
            }
        )*
    };
}

folders!(
    basics,
    closures_funcs,
    compile_errors,
    constants,
    control_flow,
    defer_panic_recover,
    fmt_verbs,
    generics,
    go122,
    goroutines_channels,
    maps,
    methods_interfaces,
    runtime_errors,
    select_sync,
    slices_arrays,
    stdlib,
    strings,
    structs_pointers
);

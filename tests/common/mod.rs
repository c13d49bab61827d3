//! Shared by the integration tests: running the real `govm` binary on one file under a
//! time limit, spreading independent runs over the cores, and reading diagnostics.

// Each test crate compiles this module and uses only part of it.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How a `govm` process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    Exited(i32),
    /// Killed by a signal (a crash such as SIGSEGV or SIGABRT), not by the harness.
    Signalled,
    /// Still running at the time limit; the harness killed it.
    TimedOut,
}

pub struct Run {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub finish: Finish,
}

/// Runs `govm SUBCOMMAND FILE` in `dir` with stdin empty, and `GOMAXPROCS` set to
/// `procs` if given. The file is named relative to `dir` so that diagnostics start with
/// the bare `NAME.go:`, as the corpus records them.
pub fn govm(subcommand: &str, dir: &Path, file: &str, limit: Duration, procs: Option<usize>) -> Run {
    govm_env(subcommand, dir, file, limit, procs, &[])
}

/// [`govm`] with further environment variables.
pub fn govm_env(
    subcommand: &str,
    dir: &Path,
    file: &str,
    limit: Duration,
    procs: Option<usize>,
    env: &[(&str, &str)],
) -> Run {
    let _slot = Slot::acquire();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_govm"));
    cmd.envs(env.iter().copied());
    match procs {
        Some(n) => cmd.env("GOMAXPROCS", n.to_string()),
        None => cmd.env_remove("GOMAXPROCS"),
    };
    let mut child = cmd
        .args([subcommand, file])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the govm binary starts");
    // Drain both pipes while waiting: a program that writes more than a pipe buffer
    // would otherwise block forever and look like a hang.
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));
    let start = Instant::now();
    let finish = loop {
        if let Some(status) = child.try_wait().expect("waiting for govm") {
            break status.code().map_or(Finish::Signalled, Finish::Exited);
        }
        if start.elapsed() > limit {
            // Ignore errors: the process may have exited between the two calls.
            let _ = child.kill();
            let _ = child.wait();
            break Finish::TimedOut;
        }
        thread::sleep(Duration::from_millis(5));
    };
    Run {
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
        finish,
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut buf = Vec::new();
        // A read error only truncates what is shown; the exit status still decides.
        let _ = pipe.read_to_end(&mut buf);
        buf
    })
}

fn cores() -> usize {
    thread::available_parallelism().map_or(2, |n| n.get())
}

/// A permit to run one `govm` process. libtest already runs several #[test]s at once and
/// each of them runs its programs in parallel, so without a process-wide limit a 2-core
/// machine would run many programs at once and the timing-dependent ones (timers,
/// `select` with timeouts) could miss their time limits.
struct Slot;

static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

impl Slot {
    fn acquire() -> Slot {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        while *running >= cores() {
            running = FREED.wait(running).unwrap_or_else(|e| e.into_inner());
        }
        *running += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        FREED.notify_one();
    }
}

/// `f` applied to every item, on one thread per core; results in the order of `items`.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..cores().min(items.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                results.lock().expect("a worker panicked")[i] = Some(r);
            });
        }
    });
    let results = results.into_inner().expect("a worker panicked");
    results.into_iter().map(|r| r.expect("every item was mapped")).collect()
}

/// A diagnostic line `FILE:LINE:COL: message`, split into its position prefix
/// (`FILE:LINE:COL:`) and message, or None if the line does not have that shape.
pub fn split_diagnostic(line: &str) -> Option<(&str, &str)> {
    let mut parts = line.splitn(4, ':');
    let (file, row, col, message) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if file.is_empty() || !number(row) || !number(col) {
        return None;
    }
    let message = message.strip_prefix(' ')?;
    if message.trim().is_empty() {
        return None;
    }
    Some((&line[..file.len() + row.len() + col.len() + 3], message))
}

/// Signs that the Rust code itself panicked instead of reporting a Go-level error.
pub fn rust_panic(stderr: &str) -> bool {
    ["panicked at", "RUST_BACKTRACE", "thread 'main'"]
        .iter()
        .any(|sign| stderr.contains(sign))
}

/// `s` cut to at most `max` bytes (on a character boundary), marked when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… [{} more bytes]", &s[..end], s.len() - end)
}

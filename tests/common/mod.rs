//! Shared by the integration tests: running the real `govm` binary on one file under a
//! time limit, spreading independent runs over the cores, and reading diagnostics.

// Each test crate compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod not_yet;

use std::io::{Read, Write};
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

/// Runs `govm SUBCOMMAND FILE` in `dir` with stdin empty (at end of file), and `GOMAXPROCS` set to
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
    govm_input(subcommand, dir, file, limit, procs, env, None)
}

/// [`govm_env`] with `stdin` as standard input if given (else stdin is empty).
pub fn govm_input(
    subcommand: &str,
    dir: &Path,
    file: &str,
    limit: Duration,
    procs: Option<usize>,
    env: &[(&str, &str)],
    stdin: Option<&[u8]>,
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
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the govm binary starts");
    // Fed from a thread, like the output pipes are drained: a program may read only part
    // of its input, or write before it reads.
    let feeder = stdin.map(|input| {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let input = input.to_vec();
        thread::spawn(move || {
            // A program that exits without reading everything closes the pipe: not an error.
            let _ = pipe.write_all(&input);
        })
    });
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
    if let Some(feeder) = feeder {
        feeder.join().expect("stdin writer");
    }
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
/// Runs each of `programs` `rounds` times over the cores with `run_once`, which says
/// what went wrong with a run, if anything; fails naming the first failure.
pub fn assert_every_run(programs: &[&str], rounds: usize, run_once: impl Fn(&str) -> Option<String> + Sync) {
    let runs: Vec<&str> = programs.iter().flat_map(|p| std::iter::repeat_n(*p, rounds)).collect();
    let failures: Vec<String> = parallel_map(&runs, |p| run_once(p)).into_iter().flatten().collect();
    assert!(
        failures.is_empty(),
        "{} of {} runs failed; the first:\n{}",
        failures.len(),
        runs.len(),
        failures[0]
    );
}

pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    thread::scope(|s| {
        for _ in 0..cores().min(items.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    results.lock().expect("a worker panicked")[i] = Some(r);
                }
            });
        }
    });
    let results = results.into_inner().expect("a worker panicked");
    results.into_iter().map(|r| r.expect("every item was mapped")).collect()
}

/// Runs `check` on every program `tests/programs/PREFIX*.go` (by name without `.go`) in
/// each environment of `envs`, over the cores, and fails listing each run it finds wrong.
pub fn check_programs(
    prefix: &str,
    envs: &[&[(&str, &str)]],
    check: impl Fn(&str, &[(&str, &str)]) -> Option<String> + Sync,
) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/programs")
        .filter_map(|e| {
            let name = e.expect("readable folder").file_name().into_string().ok()?;
            let stem = name.strip_suffix(".go")?;
            stem.starts_with(prefix).then(|| stem.to_string())
        })
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no tests/programs/{prefix}*.go");
    let runs: Vec<(&String, &[(&str, &str)])> = names.iter().flat_map(|n| envs.iter().map(move |&e| (n, e))).collect();
    let failures: Vec<String> = parallel_map(&runs, |&(n, env)| {
        check(n, env).map(|why| format!("{n} (environment {env:?}): {why}"))
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
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

/// Compares the first diagnostic for `file` with the recorded one. The `NAME.go:LINE:COL:`
/// position must match exactly; the wording is advisory (the corpus README explains why:
/// it differs between Go releases), so any non-empty message is accepted.
pub fn check_diagnostic(file: &str, want: &str, stderr: &str) -> Option<String> {
    let (want_pos, _) = split_diagnostic(want).unwrap_or_else(|| panic!("malformed .err: {want}"));
    // Skip header lines that are not diagnostics, and a directory before the file name.
    let first = stderr.lines().find_map(|line| {
        let at = line.find(&format!("{file}:"))?;
        let dir = &line[..at];
        (dir.is_empty() || (dir.ends_with('/') && !dir.contains(' '))).then_some(&line[at..])
    });
    match first.and_then(split_diagnostic) {
        Some((pos, _)) if pos == want_pos => None,
        _ => Some(format!(
            "first diagnostic\n  want: {want}\n  got:  {}",
            first.unwrap_or("(none)")
        )),
    }
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

/// How much of an output a failure message shows.
pub const SHOW: usize = 1500;

/// The exit status recorded in the file at `path` (`NAME.exit`), or 0 if there is none.
pub fn read_exit(path: &Path) -> i32 {
    std::fs::read(path).map_or(0, |b| {
        let text = String::from_utf8_lossy(&b);
        text.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{}: not a number: {text:?}", path.display()))
    })
}

/// The first line of standard error recorded in the file at `path` (`NAME.err`), if any.
pub fn read_err(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|b| {
        let text = String::from_utf8(b).unwrap_or_else(|_| panic!("{}: not UTF-8", path.display()));
        text.strip_suffix('\n').unwrap_or(&text).to_string()
    })
}

/// The exit status of a run that ended on its own, or why it counts as a failure
/// whatever its output: killed at the time limit, killed by a signal, or a panic of the
/// Rust code. `limit` is the time limit the run had.
pub fn exit_status(got: &Run, limit: Duration) -> Result<i32, String> {
    let note = stderr_note(&got.stderr);
    match got.finish {
        Finish::TimedOut => Err(format!("killed after {limit:?}{note}")),
        Finish::Signalled => Err(format!("govm was killed by a signal{note}")),
        Finish::Exited(_) if rust_panic(&String::from_utf8_lossy(&got.stderr)) => {
            Err(format!("govm itself panicked{note}"))
        }
        Finish::Exited(code) => Ok(code),
    }
}

/// Standard error to append to a failure message: empty if there was none.
pub fn stderr_note(stderr: &[u8]) -> String {
    if stderr.is_empty() {
        String::new()
    } else {
        format!("\nstderr:\n{}", truncate(&String::from_utf8_lossy(stderr), SHOW))
    }
}

/// Where two standard outputs first differ, and both of them, cut short.
pub fn stdout_diff(want: &[u8], got: &[u8]) -> String {
    let (mut want_lines, mut got_lines) = (
        want.split_inclusive(|&b| b == b'\n'),
        got.split_inclusive(|&b| b == b'\n'),
    );
    let mut line = 1;
    let first_difference = loop {
        match (want_lines.next(), got_lines.next()) {
            (w, g) if w == g => line += 1,
            (w, g) => break format!("  want: {}\n  got:  {}", quote(w), quote(g)),
        }
    };
    format!(
        "stdout differs from line {line}:\n{first_difference}\n--- want stdout\n{}\n--- got stdout\n{}",
        truncate(&String::from_utf8_lossy(want), SHOW),
        truncate(&String::from_utf8_lossy(got), SHOW)
    )
}

/// One output line, quoted so that invisible differences show: trailing spaces, a
/// missing newline, invalid UTF-8.
fn quote(line: Option<&[u8]>) -> String {
    match line.map(std::str::from_utf8) {
        None => "(end of output)".to_string(),
        Some(Ok(text)) => format!("{text:?}"),
        Some(Err(_)) => format!("b\"{}\"", line.unwrap_or_default().escape_ascii()),
    }
}

/// Compares the first line of `stderr` with the recorded one.
pub fn first_stderr_line_diff(want: &str, stderr: &[u8]) -> Option<String> {
    let stderr = String::from_utf8_lossy(stderr);
    let first = stderr.lines().next().unwrap_or("");
    (first != want).then(|| format!("first line of stderr\n  want: {want}\n  got:  {first}"))
}

//! Runs every program of the conformance corpus (`tests/corpus`, a vendored copy of the
//! shared corpus; see its README.md) through the real `govm` binary and compares what it
//! does with what Go does: standard output byte for byte, the exit status, and the first
//! line of standard error when one is recorded. Every program runs twice, with
//! `GOMAXPROCS=1` and `GOMAXPROCS=2`, and must pass both ways; once more with the
//! collector in stress mode (`GOVM_GCSTRESS=1`: a collection at the first safepoint after
//! every allocation), where a missed root shows up as a wrong result or a crash; and with
//! every function compiled to machine code (`GOVM_JIT=all`), alone and under GC stress.
//!
//! Programs that do not pass yet are listed in [`NOT_YET_PASSING`]. The list only shrinks:
//! a listed program that passes fails its test until it is removed from the list. To
//! regenerate the list from the current binary, run
//!
//! ```sh
//! GOVM_CONFORMANCE_REPORT=1 cargo test --release --test conformance
//! ```
//!
//! which prints the whole constant, ready to paste over the one below, and passes.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::not_yet::{assert_list_names_programs, go_programs, misbehaving, print_list};
use common::{
    check_diagnostic, exit_status, first_stderr_line_diff, govm_env, parallel_map, read_err, read_exit, stdout_diff,
};

/// "folder/name" of every corpus program that does not pass yet, sorted.
const NOT_YET_PASSING: &[&str] = &[];

/// Go runs every program in well under a second; this leaves room for a slow machine.
const TIME_LIMIT: Duration = Duration::from_secs(15);

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn report_mode() -> bool {
    std::env::var_os("GOVM_CONFORMANCE_REPORT").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The programs of one folder as "folder/name", sorted.
fn programs(folder: &str) -> Vec<String> {
    go_programs(&corpus().join(folder))
        .into_iter()
        .map(|name| format!("{folder}/{name}"))
        .collect()
}

/// The expected result of `folder/name` as recorded next to it.
fn read_expected(program: &str, ext: &str) -> Option<Vec<u8>> {
    std::fs::read(corpus().join(format!("{program}.{ext}"))).ok()
}

/// The `GOMAXPROCS` values every program runs with.
const PROCS: [usize; 2] = [1, 2];

/// Runs `folder/name` under each of [`PROCS`] and says what differs from the recorded
/// results, or None if nothing does.
fn check(program: &str) -> Option<String> {
    PROCS
        .iter()
        .find_map(|&n| check_with(program, n, &[]).map(|why| format!("with GOMAXPROCS={n}: {why}")))
}

/// The environment of the GC stress run.
const GC_STRESS: &[(&str, &str)] = &[("GOVM_GCSTRESS", "1")];

fn check_with(program: &str, procs: usize, env: &[(&str, &str)]) -> Option<String> {
    let (folder, name) = program.split_once('/').expect("folder/name");
    let file = format!("{name}.go");
    let want_exit = read_exit(&corpus().join(format!("{program}.exit")));
    let want_err = read_err(&corpus().join(format!("{program}.err")));

    let got = govm_env("run", &corpus().join(folder), &file, TIME_LIMIT, Some(procs), env);
    let exit = match exit_status(&got, TIME_LIMIT) {
        Ok(code) => code,
        Err(why) => return Some(why),
    };
    let stderr = String::from_utf8_lossy(&got.stderr);

    let mut problems = Vec::new();
    if exit != want_exit {
        problems.push(format!("exit status {exit}, want {want_exit}"));
    }
    if folder == "compile_errors" {
        let want = want_err.unwrap_or_else(|| panic!("{program}: compile_errors need a .err file"));
        problems.extend(check_diagnostic(&file, &want, &stderr));
    } else {
        let want_out = read_expected(program, "out").unwrap_or_default();
        if got.stdout != want_out {
            problems.push(stdout_diff(&want_out, &got.stdout));
        }
        if let Some(want) = want_err {
            problems.extend(first_stderr_line_diff(&want, &got.stderr));
        }
    }
    if problems.is_empty() {
        return None;
    }
    Some(problems.join("\n") + &common::stderr_note(&got.stderr))
}

/// Checks one folder against [`NOT_YET_PASSING`]: fails for programs that should pass and
/// do not, and for listed programs that pass now.
fn run_folder(folder: &str) {
    if report_mode() {
        // The `report` test runs everything at once.
        return;
    }
    let programs = programs(folder);
    let outcomes = parallel_map(&programs, |p| check(p));
    let problems = misbehaving(&programs, outcomes, NOT_YET_PASSING, |program| {
        let (folder, name) = program.split_once('/').expect("folder/name");
        format!("cd tests/corpus/{folder} && cargo run --release -- run {name}.go")
    });
    assert!(
        problems.is_empty(),
        "{} of {} programs in {folder}/ misbehave:\n\n{}",
        problems.len(),
        programs.len(),
        problems.join("\n\n")
    );
}

/// With GOVM_CONFORMANCE_REPORT set, prints a new [`NOT_YET_PASSING`] listing every
/// program that fails now. Otherwise does nothing.
#[test]
fn report() {
    if !report_mode() {
        return;
    }
    let all: Vec<String> = FOLDERS.iter().flat_map(|f| programs(f)).collect();
    let outcomes = parallel_map(&all, |p| check(p));
    print_list("corpus programs", &all, &outcomes);
}

/// Every program that passes passes with a collection at nearly every safepoint.
#[test]
fn the_corpus_passes_under_gc_stress() {
    passes_in_mode(2, GC_STRESS);
}

/// Every program that passes passes with every function compiled to machine code, on
/// one thread and two, and with the collector in stress mode.
#[test]
fn the_corpus_passes_with_every_function_compiled() {
    const JIT: (&str, &str) = ("GOVM_JIT", "all");
    passes_in_mode(1, &[JIT]);
    passes_in_mode(2, &[JIT]);
    passes_in_mode(2, &[JIT, GC_STRESS[0]]);
}

/// Checks that every program that passes passes too with `procs` threads and `env`.
fn passes_in_mode(procs: usize, env: &[(&str, &str)]) {
    if report_mode() {
        return;
    }
    let all: Vec<String> = FOLDERS
        .iter()
        .filter(|&&f| f != "compile_errors")
        .flat_map(|f| programs(f))
        .filter(|p| !NOT_YET_PASSING.contains(&p.as_str()))
        .collect();
    let outcomes = parallel_map(&all, |p| check_with(p, procs, env));
    let mode: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let problems: Vec<String> = all
        .iter()
        .zip(outcomes)
        .filter_map(|(p, o)| o.map(|why| format!("FAIL {p} under {}, GOMAXPROCS={procs}\n{why}", mode.join(" "))))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Keeps the list honest: every entry names a corpus program, once, in sorted order, and
/// every corpus folder has its test.
#[test]
fn list_and_folders_match_the_corpus() {
    assert_list_names_programs(NOT_YET_PASSING, &corpus());
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus())
        .expect("tests/corpus")
        .map(|e| e.expect("readable corpus").path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().and_then(|n| n.to_str()).expect("UTF-8 name").to_string())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, FOLDERS, "add a line to folders!() for every corpus folder");
}

/// One #[test] per corpus folder, so failures are reported by area, and [`FOLDERS`].
macro_rules! folders {
    ($($folder:ident),* $(,)?) => {
        const FOLDERS: &[&str] = &[$(stringify!($folder)),*];
        $(
            #[test]
            fn $folder() {
                run_folder(stringify!($folder));
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
    structs_pointers,
);

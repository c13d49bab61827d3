//! The fuzz targets' saved corpora (`fuzz/corpus/TARGET`) and the inputs of the bugs
//! they found (`fuzz/regressions/TARGET`), replayed through the targets' own harness
//! (`fuzz/harness.rs`) on stable Rust: what the fuzzers once explored stays explored,
//! and a fixed crash stays fixed. See `fuzz/README.md` for running the fuzzers.

mod common;

// The harness is the fuzz targets' own code, not a copy; each target uses part of it.
#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::parallel_map;

/// Regressions (`TARGET/FILE` under `fuzz/regressions`) whose bug is not fixed yet,
/// because it lies in code others are changing. They are left out of the replay, and
/// [`not_yet_passing_inputs_still_fail`] checks that each still fails: one that passes
/// must be removed from the list, which only shrinks.
const NOT_YET_PASSING: &[&str] = &[];

/// How long a listed input is given before it counts as hanging still: many times the
/// run's own deadline.
const HANG: Duration = Duration::from_secs(20);

/// The harness of each target, as one signature.
fn harness_of(target: &str) -> fn(&[u8]) -> Result<(), String> {
    match target {
        "compile" => harness::compile,
        "run" => |data| harness::run(data).map(drop),
        "call" => harness::call,
        _ => panic!("no fuzz target {target}"),
    }
}

/// Every saved input of `target`: its corpus and its regressions.
fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut paths = Vec::new();
    for dir in [fuzz.join("corpus").join(target), fuzz.join("regressions").join(target)] {
        // A target may have no regressions.
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        paths.extend(entries.map(|e| e.expect("readable corpus").path()));
    }
    paths.retain(|p| !NOT_YET_PASSING.iter().any(|listed| p.ends_with(listed)));
    paths.sort();
    paths
}

/// Runs the harness on every saved input of `target`, over the cores, and fails with
/// every input it finds a bug in.
fn replay(target: &str) {
    let harness = harness_of(target);
    let paths = inputs(target);
    assert!(!paths.is_empty(), "no saved inputs for fuzz target {target}");
    let bugs: Vec<String> = parallel_map(&paths, |path| {
        let data = std::fs::read(path).expect("readable input");
        harness(&data).err().map(|bug| format!("{}:\n{bug}", path.display()))
    })
    .into_iter()
    .flatten()
    .collect();
    assert!(
        bugs.is_empty(),
        "{} of {} inputs:\n{}",
        bugs.len(),
        paths.len(),
        bugs.join("\n\n")
    );
}

#[test]
fn compile_corpus_gets_programs_or_diagnostics() {
    replay("compile");
}

#[test]
fn run_corpus_runs_within_its_limits() {
    replay("run");
}

#[test]
fn call_corpus_converts_values_both_ways() {
    replay("call");
}

#[test]
fn not_yet_passing_inputs_still_fail() {
    let regressions = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    // Each on a thread of its own, all at once: a hanging one is left behind, to end
    // with the process.
    let waiting: Vec<(&str, mpsc::Receiver<bool>)> = NOT_YET_PASSING
        .iter()
        .map(|&listed| {
            let (target, _) = listed.split_once('/').expect("TARGET/FILE");
            let harness = harness_of(target);
            let data = std::fs::read(regressions.join(listed)).unwrap_or_else(|e| panic!("{listed}: {e}"));
            let (failed, result) = mpsc::channel();
            thread::spawn(move || failed.send(harness(&data).is_err()));
            (listed, result)
        })
        .collect();
    let until = Instant::now() + HANG;
    for (listed, result) in waiting {
        // Hanging (no answer in time) is failing.
        if let Ok(false) = result.recv_timeout(until.saturating_duration_since(Instant::now())) {
            panic!("{listed} passes: remove it from NOT_YET_PASSING");
        }
    }
}

/// Chains as long as the file: operators, selectors, indexes, conversions of untyped
/// operands, and declarations each naming the next. The checker and the compiler recurse
/// along them; they once overflowed the stack at some tens of thousands of links (found
/// by hand while writing the compile target, whose inputs are too short to reach that
/// deep). Compiled here on a test thread, whose stack is smaller than a main thread's.
#[test]
fn chains_as_long_as_the_file_compile_without_overflowing_the_stack() {
    const N: usize = 20_000;
    let body = |stmt: String| format!("package main\n\nfunc main() {{\n{stmt}\n}}\n");
    // Declaration i names declaration i + 1; the last names none.
    let chain = |link: &dyn Fn(usize) -> String, last: String, use_first: &str| {
        let decls: String = (0..N).map(link).collect();
        format!("package main\n\n{decls}{last}\n\nfunc main() {{\n{use_first}\n}}\n")
    };
    let cases = [
        ("a constant sum", body(format!("\tx := 1{}\n\t_ = x", "+1".repeat(N)))),
        (
            "a sum of variables",
            body(format!("\ty := 1\n\t_ = y{}", "+y".repeat(N))),
        ),
        (
            "a condition",
            body(format!("\ty := true\n\tif y{} {{\n\t}}", "&&y".repeat(N))),
        ),
        (
            "a comparison of interfaces",
            body(format!("\tvar a any\n\t_ = a == a{}", "&& a == a".repeat(N))),
        ),
        (
            "a selector",
            format!(
                "package main\n\ntype T struct{{ a *T }}\n\nfunc main() {{\n\tvar t T\n\tt{} = nil\n}}\n",
                ".a".repeat(N)
            ),
        ),
        ("an index", body(format!("\tvar t []int\n\t_ = t{}", "[0]".repeat(N)))),
        (
            "types",
            chain(
                &|i| format!("type T{i} T{}\n", i + 1),
                format!("type T{N} int"),
                "\tvar x T0\n\t_ = x",
            ),
        ),
        (
            "constants",
            chain(
                &|i| format!("const C{i} = C{} + 1\n", i + 1),
                format!("const C{N} = 0"),
                "\t_ = C0",
            ),
        ),
        (
            "variables",
            chain(
                &|i| format!("var V{i} = V{} + 1\n", i + 1),
                format!("var V{N} = 0"),
                "\t_ = V0",
            ),
        ),
        (
            "structs",
            chain(
                &|i| format!("type S{i} struct{{ x S{} }}\n", i + 1),
                format!("type S{N} struct{{}}"),
                "\tvar s S0\n\t_ = s",
            ),
        ),
    ];
    for (what, source) in cases {
        if let Err(bug) = harness::compile(source.as_bytes()) {
            panic!("{what}: {bug}");
        }
    }
}

/// A package name or a builtin where a value or a type belongs: `fmt(1)` and
/// `print.Println()` passed the checker, which took their missing type for an error
/// already reported, and the compiler then panicked ("calls have signatures"). Found by
/// the `run` target's mutator (`fuzz/regressions/run/package_called.go`,
/// `builtin_selected.go`).
#[test]
fn a_package_or_builtin_out_of_place_is_a_compile_error() {
    let cases = [
        ("print.Println()", "6:2: print is not an expression"),
        ("fmt(1)", "6:2: use of package fmt without selector"),
        ("go fmt(1)", "6:5: use of package fmt without selector"),
        ("_ = fmt[1]", "6:6: use of package fmt without selector"),
        ("fmt{}", "6:2: fmt is not a type"),
        ("var x fmt; _ = x", "6:8: fmt is not a type"),
    ];
    for (stmt, want) in cases {
        let source = format!("package main\n\nimport \"fmt\"\n\nfunc main() {{\n\t{stmt}\n\tfmt.Println()\n}}\n");
        match govm::Engine::new().compile(&source) {
            Err(govm::Error::Compile(d)) => assert_eq!(d.lines().next(), Some(&*format!("script.go:{want}")), "{stmt}"),
            Err(e) => panic!("{stmt}: {e:?}"),
            Ok(_) => panic!("{stmt}: compiled"),
        }
    }
}

/// A type parameter as a term of a constraint, or as the constraint: the type set was
/// defined through itself, and asking whether it is comparable recursed for ever (a
/// stack overflow). Found by the `run` target, through its mutator's compile
/// (`fuzz/regressions/compile/type_parameter_as_term.go`).
#[test]
fn a_type_parameter_as_a_term_or_constraint_is_a_compile_error() {
    let cases = [
        ("[T interface{ T }]", "3:25: term cannot be a type parameter"),
        ("[T interface{ ~int | T }]", "3:32: term cannot be a type parameter"),
        (
            "[T interface{ int | ~U }, U any]",
            "3:31: type in term ~U cannot be a type parameter",
        ),
        ("[T U, U any]", "3:14: cannot use a type parameter as constraint"),
    ];
    for (tparams, want) in cases {
        let source = format!("package main\n\nfunc Equal{tparams}(x, y T) bool {{ return x == y }}\n");
        match govm::Engine::new().compile(&source) {
            Err(govm::Error::Compile(d)) => {
                assert_eq!(d.lines().next(), Some(&*format!("script.go:{want}")), "{tparams}")
            }
            Err(e) => panic!("{tparams}: {e:?}"),
            Ok(_) => panic!("{tparams}: compiled"),
        }
    }
}

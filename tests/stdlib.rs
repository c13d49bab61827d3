//! The standard library against Go: every `tests/programs/stdlib_*.go` runs through the
//! real `govm` binary and must print exactly what Go 1.19 printed, recorded next to it in
//! `stdlib_*.out`. A `stdlib_*.in` file, if present, is the program's standard input.
//! Each runs twice: normally and with the collector in stress mode (see conformance.rs).

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Finish, check_programs, govm_input, rust_panic, truncate};

const TIME_LIMIT: Duration = Duration::from_secs(30);

fn programs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

/// The environments every program runs in: the default, and GC stress.
const ENVS: [&[(&str, &str)]; 2] = [&[], &[("GOVM_GCSTRESS", "1")]];

/// What is wrong with the run of `name` in `env`, or None.
fn check(name: &str, env: &[(&str, &str)]) -> Option<String> {
    let dir = programs();
    let read = |ext: &str| std::fs::read(dir.join(format!("{name}.{ext}")));
    let want = read("out").unwrap_or_else(|e| panic!("{name}.out: {e}"));
    let input = read("in").ok();
    let got = govm_input(
        "run",
        &dir,
        &format!("{name}.go"),
        TIME_LIMIT,
        None,
        env,
        input.as_deref(),
    );
    let stderr = String::from_utf8_lossy(&got.stderr);
    if rust_panic(&stderr) || got.finish != Finish::Exited(0) {
        return Some(format!("{:?}\n{}", got.finish, truncate(&stderr, 2000)));
    }
    (got.stdout != want).then(|| {
        let (got, want) = (String::from_utf8_lossy(&got.stdout), String::from_utf8_lossy(&want));
        let line = got.lines().zip(want.lines()).position(|(g, w)| g != w);
        let line = line.unwrap_or_else(|| got.lines().count().min(want.lines().count()));
        format!(
            "stdout differs from line {}:\n  want: {:?}\n  got:  {:?}",
            line + 1,
            want.lines().nth(line).unwrap_or("<end>"),
            got.lines().nth(line).unwrap_or("<end>")
        )
    })
}

#[test]
fn stdlib_programs_print_what_go_prints() {
    check_programs("stdlib_", &ENVS, check);
}

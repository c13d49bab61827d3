//! Bad input must never hurt the host. Truncated, spliced and otherwise mangled Go files,
//! made deterministically from the conformance corpus, go through `govm check`, which must
//! either accept them (exit status 0) or report diagnostics (exit status 1, first line
//! `NAME.go:LINE:COL: message`), within a time limit, without a Rust panic or a crash.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Finish, govm, parallel_map, rust_panic, split_diagnostic, truncate};

const CASES: usize = 400;

/// Checking a corpus-sized file takes milliseconds; this only catches hangs.
const TIME_LIMIT: Duration = Duration::from_secs(5);

/// A small deterministic generator (xorshift64*), so that every run makes the same cases
/// and a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that are likely to confuse a lexer, parser or checker when dropped at a
/// random place: brackets, operators, keywords, unterminated literals and comments,
/// generics syntax, a byte order mark and a replacement character.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "{", "}", "(", ")", "[", "]", ";", ",", ".", ":=", "=", "<-", "...", "~", "|", "&", "*", "^",
    "func", "go", "chan", "var", "const", "type", "struct{", "interface{", "map[string]", "range",
    "if", "else", "for", "switch", "case", "default:", "select", "return", "defer", "goto L",
    "break", "fallthrough", "nil", "iota", "package", "import", "[]int{", "T[int]", "[T any]",
    "0x", "1e", "0b2", "1_", "'", "''", "\"", "`", "/*", "//", "\\", "\n", "\u{FEFF}", "\u{FFFD}",
];

/// A mangled file and how it was made, for the failure message.
struct Case {
    source: Vec<u8>,
    how: String,
}

/// Every corpus program: its "folder/name.go" and contents.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut paths: Vec<PathBuf> = Vec::new();
    for folder in std::fs::read_dir(&root).expect("tests/corpus") {
        let folder = folder.expect("readable corpus").path();
        if folder.is_dir() {
            let files = std::fs::read_dir(&folder).expect("readable corpus folder");
            paths.extend(files.map(|f| f.expect("readable corpus file").path()));
        }
    }
    paths.retain(|p| p.extension().is_some_and(|x| x == "go"));
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = p.strip_prefix(&root).expect("under the corpus").display().to_string();
            (name, std::fs::read(p).expect("readable program"))
        })
        .collect()
}

/// `count` mangled files, cycling through the kinds of damage.
fn mangle(files: &[(String, Vec<u8>)], rng: &mut Rng, count: usize) -> Vec<Case> {
    (0..count)
        .map(|i| {
            let (name, a) = &files[rng.below(files.len())];
            let at = rng.below(a.len() + 1);
            let (source, how) = match i % 6 {
                0 => (a[..at].to_vec(), format!("{name} cut at byte {at}")),
                1 => {
                    let (other, b) = &files[rng.below(files.len())];
                    let from = rng.below(b.len() + 1);
                    let source = [&a[..at], &b[from..]].concat();
                    (source, format!("{name} up to byte {at}, then {other} from byte {from}"))
                }
                2 => {
                    let end = (at + 1 + rng.below(40)).min(a.len());
                    (
                        [&a[..at], &a[end..]].concat(),
                        format!("{name} without bytes {at}..{end}"),
                    )
                }
                3 => {
                    let end = (at + 1 + rng.below(80)).min(a.len());
                    (
                        [&a[..end], &a[at..]].concat(),
                        format!("{name} with bytes {at}..{end} twice"),
                    )
                }
                4 => {
                    let token = TOKENS[rng.below(TOKENS.len())];
                    let source = [&a[..at], token.as_bytes(), &a[at..]].concat();
                    (source, format!("{name} with {token:?} inserted at byte {at}"))
                }
                _ => {
                    // Arbitrary bytes: NUL, control characters, invalid UTF-8.
                    let mut source = a.clone();
                    let end = (at + 1 + rng.below(4)).min(source.len());
                    for byte in &mut source[at..end] {
                        *byte = rng.next() as u8;
                    }
                    (source, format!("{name} with random bytes at {at}..{end}"))
                }
            };
            Case { source, how }
        })
        .collect()
}

/// What is wrong with how `govm check` treated the file, or None if nothing is.
fn check(dir: &Path, file: &str) -> Option<String> {
    let got = govm("check", dir, file, TIME_LIMIT, None);
    let stderr = String::from_utf8_lossy(&got.stderr);
    let first = stderr.lines().next().unwrap_or("");
    let problem = match got.finish {
        Finish::TimedOut => format!("still running after {TIME_LIMIT:?}"),
        Finish::Signalled => "killed by a signal".to_string(),
        _ if rust_panic(&stderr) => "govm itself panicked".to_string(),
        _ if !got.stdout.is_empty() => "wrote to stdout".to_string(),
        Finish::Exited(0) => return None,
        Finish::Exited(1) if split_diagnostic(first).is_some_and(|(pos, _)| pos.starts_with(&format!("{file}:"))) => {
            return None;
        }
        Finish::Exited(1) => "exit status 1 without a FILE:LINE:COL: diagnostic first".to_string(),
        Finish::Exited(code) => format!("exit status {code}"),
    };
    Some(format!("{problem}; stderr:\n{}", truncate(&stderr, 800)))
}

#[test]
fn mangled_programs_get_diagnostics_not_crashes() {
    let cases = mangle(&corpus(), &mut Rng(0x9E37_79B9_7F4A_7C15), CASES);
    let dir = std::env::temp_dir().join(format!("govm-mangled-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let names: Vec<String> = (0..cases.len()).map(|i| format!("case{i}.go")).collect();
    for (name, case) in names.iter().zip(&cases) {
        std::fs::write(dir.join(name), &case.source).expect("writing a case");
    }

    let outcomes = parallel_map(&names, |name| check(&dir, name));
    let failures: Vec<String> = names
        .iter()
        .zip(&cases)
        .zip(outcomes)
        .filter_map(|((name, case), outcome)| Some(format!("{name} ({}): {}", case.how, outcome?)))
        .collect();
    // On failure the folder stays for inspection.
    assert!(
        failures.is_empty(),
        "{} of {} mangled files were mishandled; they are in {}\n\n{}",
        failures.len(),
        cases.len(),
        dir.display(),
        failures.join("\n\n")
    );
    std::fs::remove_dir_all(&dir).expect("removing the temporary folder");
}

//! Bad input never hurts the host: truncated, spliced and mangled Go files made from the
//! conformance corpus must give diagnostics (exit status 1) or compile (0) under
//! `govm check`, never a Rust panic, a crash, or a hang.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn corpus() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("corpus present")
        .flatten()
        .filter(|d| d.path().is_dir())
        .flat_map(|d| std::fs::read_dir(d.path()).expect("folder").flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    files.sort();
    files.iter().map(|p| std::fs::read(p).expect("readable")).collect()
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    ",",
    ":=",
    "=",
    "func",
    "go",
    "chan",
    "<-",
    "...",
    "var",
    "type",
    "interface{}",
    "struct{",
    "0x",
    "1e",
    "'",
    "\"",
    "`",
    "/*",
    "*",
    "&",
    "range",
    "nil",
    "[]int{",
    "map[string]",
    "\n",
    "\u{FEFF}",
    "\u{FFFD}",
    "if",
    "else",
    "for",
    "switch",
    "case",
    "default:",
    "return",
    "defer",
    "~",
    "|",
    "T[int]",
];

/// Makes the mangled variants: truncations, splices, deletions, duplications, insertions.
fn mangle(files: &[Vec<u8>], rng: &mut Rng, count: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while out.len() < count {
        let a = &files[rng.below(files.len())];
        let cut = rng.below(a.len() + 1);
        let v = match out.len() % 5 {
            0 => a[..cut].to_vec(),
            1 => {
                let b = &files[rng.below(files.len())];
                let cut_b = rng.below(b.len() + 1);
                [&a[..cut], &b[cut_b..]].concat()
            }
            2 => {
                let end = (cut + 1 + rng.below(40)).min(a.len());
                [&a[..cut], &a[end..]].concat()
            }
            3 => {
                let end = (cut + 1 + rng.below(80)).min(a.len());
                [&a[..end], &a[cut..]].concat()
            }
            _ => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                [&a[..cut], t, &a[cut..]].concat()
            }
        };
        out.push(v);
    }
    out
}

#[test]
fn mangled_programs_get_diagnostics_not_crashes() {
    let files = corpus();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let cases = mangle(&files, &mut rng, 300);
    let dir = std::env::temp_dir().join(format!("govm-mangled-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut problems = Vec::new();
    for (i, src) in cases.iter().enumerate() {
        let name = format!("case{i}.go");
        std::fs::write(dir.join(&name), src).expect("write case");
        let mut child = Command::new(env!("CARGO_BIN_EXE_govm"))
            .arg("check")
            .arg(&name)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("govm starts");
        let mut err = child.stderr.take().expect("piped");
        let reader = std::thread::spawn(move || {
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut err, &mut v).ok();
            v
        });
        let start = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().expect("wait") {
                break Some(s);
            }
            if start.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let stderr = String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned();
        let keep = dir.join(format!("failed-{name}"));
        match status.and_then(|s| s.code()) {
            None => problems.push(format!("{name}: hang or killed by a signal")),
            Some(0) => {}
            Some(1) if stderr.starts_with(&format!("{name}:")) && !stderr.contains("panicked") => {}
            Some(c) => problems.push(format!("{name}: exit {c}: {}", stderr.lines().next().unwrap_or(""))),
        }
        if problems.last().is_some_and(|p| p.starts_with(&name)) {
            let _ = std::fs::write(&keep, src);
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} cases failed (kept in {}):\n{}",
        problems.len(),
        cases.len(),
        dir.display(),
        problems.join("\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

//! Golden listings of `govm disasm`: each program in `tests/disasm/` beside the listing
//! of its functions, `NAME.disasm`, so that a change to the compiler shows up in review
//! as a diff of the code it generates. After an intended change, `GOVM_BLESS=1 cargo test
//! --release --test disasm` rewrites the listings, to be read and committed with it.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Finish, govm};

#[test]
fn listings_match_their_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/disasm");
    let bless = std::env::var_os("GOVM_BLESS").is_some();
    let mut programs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "go"))
        .collect();
    programs.sort();
    assert!(
        programs.len() >= 4,
        "the golden programs are missing from {}",
        dir.display()
    );
    let mut stale = Vec::new();
    for program in programs {
        let name = program.file_name().unwrap().to_str().unwrap();
        let run = govm("disasm", &dir, name, Duration::from_secs(60), None);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.finish, Finish::Exited(0), "govm disasm {name}: {stderr}");
        let listing = String::from_utf8(run.stdout).unwrap();
        let golden = program.with_extension("disasm");
        if bless {
            std::fs::write(&golden, &listing).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if let Some(diff) = first_difference(&want, &listing) {
            stale.push(format!("{name}: {diff}"));
        }
    }
    assert!(
        stale.is_empty(),
        "listings differ from their golden files (GOVM_BLESS=1 rewrites them):\n{}",
        stale.join("\n")
    );
}

/// The first line where `got` departs from `want`, with a little context, or None.
fn first_difference(want: &str, got: &str) -> Option<String> {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let at = (0..w.len().max(g.len())).find(|&i| w.get(i) != g.get(i))?;
    let show = |lines: &[&str]| {
        lines
            .iter()
            .skip(at.saturating_sub(2))
            .take(5)
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    Some(format!(
        "line {}\n  expected:\n{}  got:\n{}",
        at + 1,
        show(&w),
        show(&g)
    ))
}

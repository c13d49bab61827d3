//! The lists of programs that do not pass yet, which every harness keeps: a failing
//! program must be listed, a listed program must fail (so a list only shrinks), and the
//! list must stay sorted and name real programs.

use std::io::Write;
use std::path::Path;

/// The names (without `.go`) of the Go programs in `dir`, sorted.
pub fn go_programs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable folder").path())
        .filter(|p| p.extension().is_some_and(|x| x == "go"))
        .map(|p| p.file_stem().and_then(|s| s.to_str()).expect("UTF-8 name").to_string())
        .collect();
    names.sort();
    names
}

/// What is wrong with `outcomes` (one per program: None if it passed, else why not)
/// against `list`: each unlisted failure with the command `reproduce` gives for it, and
/// each listed program that passes.
pub fn misbehaving(
    programs: &[String],
    outcomes: Vec<Option<String>>,
    list: &[&str],
    reproduce: impl Fn(&str) -> String,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (program, outcome) in programs.iter().zip(outcomes) {
        match (outcome, list.contains(&program.as_str())) {
            (Some(why), false) => {
                problems.push(format!("FAIL {program} (to reproduce: {})\n{why}", reproduce(program)))
            }
            (None, true) => problems.push(format!(
                "PASS {program}: it is listed in NOT_YET_PASSING; remove it from the list"
            )),
            _ => {}
        }
    }
    problems
}

/// Prints a new `NOT_YET_PASSING` holding every program that failed, ready to paste.
pub fn print_list(what: &str, programs: &[String], outcomes: &[Option<String>]) {
    let failing: Vec<&String> = programs
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| o.is_some())
        .map(|(p, _)| p)
        .collect();
    let mut text = format!("// {} of {} {what} fail.\n", failing.len(), programs.len());
    text.push_str("const NOT_YET_PASSING: &[&str] = &[\n");
    for program in failing {
        text.push_str(&format!("    \"{program}\",\n"));
    }
    text.push_str("];\n");
    // Written to the real stdout: print! would be captured by the test harness.
    std::io::stdout().write_all(text.as_bytes()).expect("stdout");
}

/// Asserts that `list` is sorted without duplicates and that each entry names a program
/// `dir/ENTRY.go`.
pub fn assert_list_names_programs(list: &[&str], dir: &Path) {
    for pair in list.windows(2) {
        assert!(
            pair[0] < pair[1],
            "NOT_YET_PASSING: {:?} must come before {:?} (sorted, no duplicates)",
            pair[1],
            pair[0]
        );
    }
    for entry in list {
        let path = dir.join(format!("{entry}.go"));
        assert!(
            path.is_file(),
            "NOT_YET_PASSING: {entry}: no such program {}",
            path.display()
        );
    }
}

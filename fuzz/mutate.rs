//! A mutator that knows Go source by its lines, declarations and tokens. Random bytes
//! flipped in a Go program almost always give a syntax error, which tests the parser and
//! nothing after it; the VM is reached by programs that still compile. So this mutator
//! splices lines and whole declarations between the input and the programs of the test
//! suite, changes tokens to others of their kind (a number to an edge value, an operator
//! to another, an identifier to one the program already uses), wraps statements in
//! goroutines, loops and deferred calls, and mends the imports afterwards.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// xorshift64*, seeded by libFuzzer, so that a mutation is reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u32) -> Rng {
        Rng((u64::from(seed) << 1 | 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

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

    /// One of `items`, which must not be empty.
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Where material comes from: every Go program of the test suite, and the import path
/// of each package name they import (`list` is `container/list`).
struct Donors {
    programs: Vec<String>,
    packages: BTreeMap<String, String>,
}

fn donors() -> &'static Donors {
    static DONORS: OnceLock<Donors> = OnceLock::new();
    DONORS.get_or_init(|| {
        let mut programs = Vec::new();
        let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
        collect_go(&tests, &mut programs);
        programs.sort();
        let mut packages = BTreeMap::new();
        for p in &programs {
            for (name, path) in imports(p) {
                packages.insert(name, path);
            }
        }
        Donors { programs, packages }
    })
}

fn collect_go(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_go(&path, out);
        } else if path.extension().is_some_and(|x| x == "go")
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            out.push(text);
        }
    }
}

/// The mutated input, or None when no mutation fits in `max_size` bytes (libFuzzer then
/// mutates bytes instead).
pub fn mutate(input: &[u8], max_size: usize, seed: u32) -> Option<Vec<u8>> {
    let mut rng = Rng::new(seed);
    let donors = donors();
    if donors.programs.is_empty() {
        return None;
    }
    let mut text = String::from_utf8_lossy(input).into_owned();
    if text.trim().is_empty() {
        text = rng.pick(&donors.programs).clone();
    }
    // Now and then several steps, as a program may need two changes to reach new code;
    // mostly one, as each may break the program.
    let steps = if rng.chance(70) { 1 } else { 2 + rng.below(3) };
    for _ in 0..steps {
        text = step(&text, donors, &mut rng);
    }
    if rng.chance(90) {
        text = mend_imports(&text, &donors.packages);
        text = repair(text);
    }
    (text.len() <= max_size && text.as_bytes() != input).then(|| text.into_bytes())
}

fn step(text: &str, donors: &Donors, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return text.to_string();
    }
    let donor: Vec<&str> = rng.pick(&donors.programs).lines().collect();
    // Lines move only from statement to statement, or the braces no longer match.
    let statements = statements(&lines);
    let theirs: Vec<&str> = self::statements(&donor).into_iter().map(|i| donor[i]).collect();
    if statements.is_empty() || theirs.is_empty() {
        return splice_decl(text, &donor, rng);
    }
    let at = *rng.pick(&statements);
    match rng.below(10) {
        // A statement of another program, added or in place of one.
        0 | 1 => {
            let line = indented(theirs[rng.below(theirs.len())], &lines[at]);
            if rng.chance(50) {
                lines.insert(at, line);
            } else {
                lines[at] = line;
            }
        }
        // A few statements removed, or repeated elsewhere.
        2 => {
            let end = statement_run(&lines, at, rng.below(3));
            let cut: Vec<String> = lines.drain(at..end).collect();
            if rng.chance(30) {
                // Where the statement picked went when the cut closed up.
                let to = *rng.pick(&statements);
                let to = if to >= end { to - cut.len() } else { to.min(at) };
                lines.splice(to..to, cut);
            }
        }
        3 => {
            let end = statement_run(&lines, at, rng.below(4));
            let copy = lines[at..end].to_vec();
            let to = if rng.chance(50) { end } else { *rng.pick(&statements) };
            lines.splice(to..to, copy);
        }
        // A declaration of another program: in place of the one of that name, if any.
        4 | 5 => return splice_decl(text, &donor, rng),
        // Any line's tokens: signatures and types too.
        6..=8 => {
            let at = rng.below(lines.len());
            let Some(line) = mutate_token(&lines[at], text, rng) else {
                return text.to_string();
            };
            lines[at] = line;
        }
        _ => {
            let line = &lines[at];
            let pad = indent(line);
            let body = line.trim();
            // A declaration wrapped in a block would declare nothing for what follows.
            let declares = body.contains(":=") || body.starts_with("var ");
            lines[at] = match if declares { 4 } else { rng.below(5) } {
                0 => format!("{pad}go func() {{ {body} }}()"),
                1 => format!("{pad}defer func() {{ {body} }}()"),
                2 => format!("{pad}for i := 0; i < 3; i++ {{ {body} }}"),
                3 => format!("{pad}func() {{ defer func() {{ recover() }}(); {body} }}()"),
                _ => format!("{pad}{}\n{line}", rng.pick(STATEMENTS)),
            };
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The program with the compile errors a splice makes most often mended, as far as a
/// few rounds of compiling and reading the first diagnostic go: a variable declared and
/// no longer used gets a `_ = x`, a package no longer used loses its import (the
/// checker stops at the first unused one), and a `:=` that declares nothing new
/// becomes `=`.
fn repair(mut text: String) -> String {
    let mut last = String::new();
    // A mutant that crashes the compiler crashes the mutator, whose input libFuzzer
    // does not save: with GOVM_FUZZ_MUTANT=PATH, each is written there first.
    let keep = std::env::var_os("GOVM_FUZZ_MUTANT");
    for _ in 0..4 {
        if let Some(path) = &keep {
            std::fs::write(path, &text).ok();
        }
        let Err(govm::Error::Compile(d)) = govm::Engine::new().compile(&text) else {
            break;
        };
        // A mend that did not take: the line must be something else.
        let first = d.lines().next().unwrap_or("").to_string();
        if first == last {
            break;
        }
        let Some((line, message)) = d.lines().next().and_then(|first| {
            let mut parts = first.splitn(4, ':');
            let line: usize = parts.nth(1)?.parse().ok()?;
            Some((line.checked_sub(1)?, parts.nth(1)?.trim().to_string()))
        }) else {
            break;
        };
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        if line >= lines.len() {
            break;
        }
        if let Some(name) = message.strip_prefix("declared and not used: ") {
            // After the statement declaring it (its last line, if it opens a block).
            let mut at = line + 1;
            if lines[line].trim_end().ends_with('{') {
                while at < lines.len() && indent(&lines[at]).len() > indent(&lines[line]).len() {
                    at += 1;
                }
                at += 1;
            }
            let pad = indent(&lines[line]).to_string();
            lines.insert(at.min(lines.len()), format!("{pad}_ = {name}"));
        } else if message.ends_with("imported and not used") {
            lines.remove(line);
        } else if message.starts_with("no new variables on left side of :=") {
            lines[line] = lines[line].replacen(":=", "=", 1);
        } else {
            break;
        }
        text = lines.join("\n");
        text.push('\n');
        last = first;
    }
    text
}

/// Statements that push the VM to its edges and need no import.
const STATEMENTS: &[&str] = &[
    "panic(\"fuzz\")",
    "defer func() { recover() }()",
    "go func() { for {} }()",
    "go func() { select {} }()",
    "for {}",
    "select {}",
    "_ = make([]byte, 1<<30)",
    "_ = make([]int, 1<<20)",
    "_ = append([]int(nil), make([]int, 1000)...)",
    "_ = string(make([]rune, 100))",
    "var m = map[any]int{}; m[m] = 1",
    "ch := make(chan int); close(ch); close(ch)",
    "var p *int; *p = 1",
    "var f func(); f()",
    "x := []int{}; _ = x[len(x)]",
    "var i interface{} = 1; _ = i.(string)",
    "runtime.GC()",
    "runtime.Gosched()",
];

/// `line` with the indentation of `like`.
fn indented(line: &str, like: &str) -> String {
    format!("{}{}", indent(like), line.trim_start())
}

/// The end of the run of at most `more` statements after the one at `at` (in a
/// function, as it is).
fn statement_run(lines: &[String], at: usize, more: usize) -> usize {
    let mut end = at + 1;
    while end < lines.len() && end <= at + more && is_statement(&lines[end]) {
        end += 1;
    }
    end
}

fn indent(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

/// The lines of a program that look like whole statements in function bodies.
fn statements<S: AsRef<str>>(lines: &[S]) -> Vec<usize> {
    let mut in_func = false;
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.as_ref();
        if !line.starts_with([' ', '\t', '}', ')']) && !line.trim().is_empty() {
            in_func = line.starts_with("func ");
        }
        if in_func && is_statement(line) {
            out.push(i);
        }
    }
    out
}

/// Whether `line` looks like a whole statement: indented, and neither opening nor
/// closing a block, a case or a declaration list.
fn is_statement(line: &str) -> bool {
    let t = line.trim();
    !indent(line).is_empty()
        && !t.is_empty()
        && !t.starts_with("//")
        && !t.starts_with("case ")
        && !t.starts_with("default:")
        && !t.ends_with('{')
        && !t.ends_with('(')
        && !t.ends_with(',')
        && !t.starts_with('}')
        && !t.starts_with(')')
}

/// The top-level declarations of a program: (name, first line, end line exclusive).
fn decls(lines: &[&str]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let keyword = ["func ", "type ", "var ", "const "]
            .iter()
            .find(|k| line.starts_with(*k));
        let Some(keyword) = keyword else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        let closer = if line.ends_with('{') {
            Some("}")
        } else if line.ends_with('(') {
            Some(")")
        } else {
            None
        };
        if let Some(closer) = closer {
            while end < lines.len() && !lines[end].starts_with(closer) {
                end += 1;
            }
            end = (end + 1).min(lines.len());
        }
        // A method is named by its receiver's type too: `(s *Stack) Push`.
        let rest = &line[keyword.len()..];
        let name: String = rest
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '(' || c == ')' || c == '*' || c == ' '))
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        out.push((name, i, end));
        i = end;
    }
    out
}

fn splice_decl(text: &str, donor: &[&str], rng: &mut Rng) -> String {
    let theirs = decls(donor);
    if theirs.is_empty() {
        return text.to_string();
    }
    let (name, from, to) = rng.pick(&theirs);
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + to - from);
    match decls(&lines).iter().find(|(n, _, _)| n == name) {
        Some(&(_, a, b)) => {
            out.extend(&lines[..a]);
            out.extend(&donor[*from..*to]);
            out.extend(&lines[b..]);
        }
        None => {
            out.extend(&lines);
            out.push("");
            out.extend(&donor[*from..*to]);
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// Go's operators by kind: one is replaced by another of its group, which keeps the
/// expression well formed.
const OPERATORS: &[&[&str]] = &[
    &["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "&^"],
    &["==", "!=", "<", "<=", ">", ">="],
    &["&&", "||"],
    &["+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "="],
    &["++", "--"],
];

/// Numbers at the edges of Go's integer and float types, and of govm's limits.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "7",
    "8",
    "31",
    "32",
    "63",
    "64",
    "127",
    "128",
    "255",
    "256",
    "1000",
    "4096",
    "65535",
    "65536",
    "1<<20",
    "1<<30",
    "2147483647",
    "-2147483648",
    "4294967295",
    "1<<62",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "0x7f",
    "1e9",
    "1e308",
    "-0.0",
    "0.1",
    "1.5",
    "3.4e38",
    "5e-324",
    "'a'",
    "'\\x00'",
    "'\\U0010FFFF'",
];

const STRINGS: &[&str] = &[
    "\"\"",
    "\"%v\"",
    "\"%d %s %x %q\"",
    "\"%!\"",
    "\"%[3]*.[2]*[1]f\"",
    "\"\\xff\\xfe\"",
    "\"\\u00e9\"",
    "\"héllo, 世界\"",
    "\"\\x00\"",
    "\"a\\nb\"",
    "`raw`",
];

const KEYWORDS: &[&str] = &[
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
];

const TYPES: &[&str] = &[
    "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "float32",
    "float64", "string", "byte", "rune", "bool", "any", "error",
];

/// `line` with one token changed to another of its kind, or None if it has none.
fn mutate_token(line: &str, text: &str, rng: &mut Rng) -> Option<String> {
    let tokens = tokens(line);
    if tokens.is_empty() {
        return None;
    }
    let &(start, end, kind) = rng.pick(&tokens);
    let old = &line[start..end];
    let new: String = match kind {
        Token::Number => match rng.below(3) {
            0 => rng.pick(NUMBERS).to_string(),
            1 => format!("({old}+1)"),
            _ => format!("(-{old})"),
        },
        Token::String => rng.pick(STRINGS).to_string(),
        Token::Ident if TYPES.contains(&old) => rng.pick(TYPES).to_string(),
        // Keywords stay: changing one only makes a syntax error.
        Token::Ident if KEYWORDS.contains(&old) => return None,
        Token::Ident => {
            // Another name of this program, so that it is likely to be declared.
            let names: Vec<&str> = tokens_of(text)
                .into_iter()
                .filter(|t| t.2 == Token::Ident)
                .map(|(a, b, _)| &text[a..b])
                .filter(|name| !KEYWORDS.contains(name))
                .collect();
            if names.is_empty() {
                return None;
            }
            rng.pick(&names).to_string()
        }
        Token::Operator => {
            let group = OPERATORS.iter().find(|g| g.contains(&old))?;
            rng.pick(group).to_string()
        }
    };
    Some(format!("{}{new}{}", &line[..start], &line[end..]))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    Number,
    String,
    Ident,
    Operator,
}

fn tokens(line: &str) -> Vec<(usize, usize, Token)> {
    if line.trim_start().starts_with("//") {
        return Vec::new();
    }
    tokens_of(line)
}

/// A rough Go tokenizer: numbers, string literals, identifiers and keywords, and runs of
/// operator characters, as byte ranges. Good enough to find something to change.
fn tokens_of(text: &str) -> Vec<(usize, usize, Token)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let kind = if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                i += 1;
            }
            Token::Number
        } else if c == b'"' || c == b'`' || c == b'\'' {
            i += 1;
            while i < b.len() && b[i] != c && b[i] != b'\n' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
            if c == b'\'' { Token::Number } else { Token::String }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            Token::Ident
        } else if b"+-*/%&|^<>=!".contains(&c) {
            while i < b.len() && b"+-*/%&|^<>=!".contains(&b[i]) {
                i += 1;
            }
            Token::Operator
        } else {
            i += 1;
            continue;
        };
        // Only whole characters: an escape at the very end can overshoot.
        let end = i.min(b.len());
        if text.is_char_boundary(start) && text.is_char_boundary(end) {
            out.push((start, end, kind));
        }
        i = end;
    }
    out
}

/// For each line of a program, the package it imports if it is an import spec: its
/// name (the alias, or the path's last element) and path.
fn import_specs(text: &str) -> Vec<Option<(String, String)>> {
    let mut in_block = false;
    text.lines()
        .map(|line| {
            let t = line.trim();
            let spec = if in_block {
                in_block = !t.starts_with(')');
                t
            } else if t == "import (" {
                in_block = true;
                return None;
            } else {
                t.strip_prefix("import ")?
            };
            let q = spec.find('"')?;
            let path = spec[q..].trim_matches('"').to_string();
            let alias = spec[..q].trim();
            let name = if alias.is_empty() {
                path.rsplit('/').next().unwrap_or(&path)
            } else {
                alias
            };
            Some((name.to_string(), path))
        })
        .collect()
}

fn imports(text: &str) -> Vec<(String, String)> {
    import_specs(text).into_iter().flatten().collect()
}

/// The program with an import added for each package it names but does not import,
/// and those it imports but no longer names removed: splicing breaks imports more often
/// than anything else.
fn mend_imports(text: &str, packages: &BTreeMap<String, String>) -> String {
    let specs = import_specs(text);
    let imported: Vec<&(String, String)> = specs.iter().flatten().collect();
    let uses = |name: &str| {
        let needle = format!("{name}.");
        text.lines()
            .zip(&specs)
            .filter(|(_, spec)| spec.is_none())
            .any(|(l, _)| {
                l.match_indices(&needle).any(|(at, _)| {
                    let before = if at == 0 { b' ' } else { l.as_bytes()[at - 1] };
                    !before.is_ascii_alphanumeric() && before != b'_' && before != b'.'
                })
            })
    };
    let unused: Vec<&str> = imported
        .iter()
        .filter(|(name, _)| name != "_" && !uses(name))
        .map(|(_, path)| path.as_str())
        .collect();
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(name, path)| uses(name) && !imported.iter().any(|(_, p)| p == *path))
        .map(|(_, path)| path.as_str())
        .collect();
    if unused.is_empty() && missing.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 32 * missing.len());
    for (line, spec) in text.lines().zip(&specs) {
        if spec.as_ref().is_some_and(|(_, path)| unused.contains(&path.as_str())) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if line.starts_with("package ") {
            for path in &missing {
                out.push_str(&format!("import \"{path}\"\n"));
            }
        }
    }
    out
}

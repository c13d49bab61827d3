//! From source files to a [`Program`]: parse the user's package, find the standard-library
//! packages it imports (embedded Go source), check everything and compile it.

use std::io;
use std::path::Path;

use crate::bytecode::{Program, compile};
use crate::front::ast;
use crate::front::check::{self, Source};
use crate::front::diag::Diagnostics;
use crate::front::parse::{self, Bodies};
use crate::front::source::SourceMap;
use crate::runtime::std_source;

/// A Go source file given by the user.
pub struct SourceFile {
    /// As diagnostics and tracebacks print it.
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// A source file from its bytes. Go source must be UTF-8: invalid bytes get Go's
    /// diagnostic at the first of them.
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<SourceFile, CompileError> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile { name, text }),
            Err(e) => {
                let bytes = e.as_bytes();
                let at = e.utf8_error().valid_up_to();
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                let col = at - bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
                Err(CompileError(format!("{name}:{line}:{col}: invalid UTF-8 encoding\n")))
            }
        }
    }
}

/// Compile errors, already rendered as Go prints them.
#[derive(Debug)]
pub struct CompileError(pub String);

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CompileError {}

/// Parses, checks and compiles a `main` package made of `files`.
pub fn compile_package(files: Vec<SourceFile>) -> Result<Program, CompileError> {
    compile_with(files, Options::default())
}

/// Compiles a script for a Rust host: a `main` package that need not declare `main`.
/// `host` holds the embedder's packages: (import path, Go source).
pub fn compile_script(files: Vec<SourceFile>, host: &[(String, String)]) -> Result<Program, CompileError> {
    compile_with(
        files,
        Options {
            needs_main: false,
            host,
            ..Options::default()
        },
    )
}

struct Options<'h> {
    /// Only the library code the program reaches is checked and compiled (see
    /// [`Source::lazy`]), else all of every package it imports.
    lazy_library: bool,
    needs_main: bool,
    /// Packages besides the standard ones: (import path, source).
    host: &'h [(String, String)],
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            lazy_library: true,
            needs_main: true,
            host: &[],
        }
    }
}

/// Finds library packages by import path: the embedder's first, then the standard ones.
struct Library<'h> {
    host: &'h [(String, String)],
}

impl Library<'_> {
    /// The file name diagnostics give the package's source, and the source.
    fn source(&self, path: &str) -> Option<(String, std::borrow::Cow<'static, str>)> {
        let file = path.rsplit('/').next().unwrap_or(path);
        if let Some((_, text)) = self.host.iter().find(|(p, _)| p == path) {
            return Some((format!("{path}/{file}.go"), text.clone().into()));
        }
        std_source(path).map(|text| (format!("$GOROOT/src/{path}/{file}.go"), text.into()))
    }
}

fn compile_with(files: Vec<SourceFile>, opts: Options<'_>) -> Result<Program, CompileError> {
    let lib = Library { host: opts.host };
    let arena = bumpalo::Bump::new();
    let mut map = SourceMap::new();
    let mut diags = Diagnostics::default();
    let mut next_id = 0u32;
    let mut user: Vec<&ast::File> = Vec::new();
    for f in files {
        let idx = map.add(f.name, f.text);
        let sf = map.file(idx);
        let text = arena.alloc_str(&sf.text);
        user.push(parse::parse_file(
            &arena,
            text,
            sf.base,
            Bodies::Parse,
            &mut next_id,
            &mut diags,
        ));
    }
    if !diags.is_empty() {
        return Err(CompileError(diags.render(&map)));
    }
    check_package_clause(&user, &mut diags);
    if !diags.is_empty() {
        return Err(CompileError(diags.render(&map)));
    }
    // The standard packages, found through imports, parsed once each, in dependency order
    // (the prelude package "runtime" first: the runtime's own panics are its values).
    let mut order: Vec<(String, Vec<&ast::File>)> = Vec::new();
    let mut visiting: Vec<String> = Vec::new();
    let mut load = Loader {
        arena: &arena,
        lib: &lib,
        map: &mut map,
        next_id: &mut next_id,
        order: &mut order,
        visiting: &mut visiting,
        diags: &mut diags,
    };
    load.package("runtime");
    for f in &user {
        for imp in f.imports {
            load.package(imp.path);
        }
    }
    if !diags.is_empty() {
        return Err(CompileError(diags.render(&map)));
    }
    // The runtime package is checked whole: the compiler and the VM use its declarations
    // (runtime errors, panics' values) whether the program mentions them or not.
    let mut sources: Vec<Source> = order
        .into_iter()
        .map(|(path, files)| Source {
            lazy: opts.lazy_library && path != "runtime",
            needs_main: false,
            path,
            files,
        })
        .collect();
    sources.push(Source {
        path: "main".into(),
        files: user,
        lazy: false,
        needs_main: opts.needs_main,
    });
    let checked = check::check(sources, &arena, next_id, &mut diags);
    if !diags.is_empty() {
        return Err(CompileError(diags.render(&map)));
    }
    compile::compile(&checked, &map).map_err(|d| CompileError(d.render(&map)))
}

/// The `.go` files of the target: the file itself, or every non-test `.go` file of a
/// directory, sorted by name as go does. A file that cannot be read is an `io::Error` of
/// the read's kind (`NotFound`, `PermissionDenied`), its message naming the path.
pub fn read_sources(path: &Path) -> io::Result<Result<Vec<SourceFile>, CompileError>> {
    let target = path.display();
    let named = |what: String, e: io::Error| io::Error::new(e.kind(), format!("{what}: {e}"));
    let mut paths = Vec::new();
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| named(target.to_string(), e))?;
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.ends_with(".go") && !name.ends_with("_test.go") {
                paths.push(p);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no Go files in {target}"),
            ));
        }
    } else {
        paths.push(path.to_path_buf());
    }
    let mut files = Vec::new();
    for p in paths {
        let bytes = std::fs::read(&p).map_err(|e| named(format!("open {}", p.display()), e))?;
        let name = p.to_string_lossy().trim_start_matches("./").to_string();
        match SourceFile::from_bytes(name, bytes) {
            Ok(f) => files.push(f),
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(files))
}

fn check_package_clause(files: &[&ast::File], diags: &mut Diagnostics) {
    for f in files {
        if f.package.name != "main" {
            diags.error(
                f.package.pos,
                format!("package {} is not a main package", f.package.name),
            );
        } else if f.package.name != files[0].package.name {
            diags.error(
                f.package.pos,
                format!("found packages {} and {}", files[0].package.name, f.package.name),
            );
        }
    }
}

/// Loads a standard package and, first, the packages it imports.
/// Parses library packages as imports reach them.
struct Loader<'a, 'l> {
    arena: &'a bumpalo::Bump,
    lib: &'l Library<'l>,
    map: &'l mut SourceMap,
    next_id: &'l mut u32,
    /// The packages parsed, in dependency order.
    order: &'l mut Vec<(String, Vec<&'a ast::File<'a>>)>,
    /// The packages being loaded, for cycles.
    visiting: &'l mut Vec<String>,
    diags: &'l mut Diagnostics,
}

impl<'a> Loader<'a, '_> {
    /// Parses the library package `path` and, first, the packages it imports; an unknown
    /// path is left for the checker to report.
    fn package(&mut self, path: &str) {
        if self.order.iter().any(|(p, _)| p == path) || self.visiting.iter().any(|p| p == path) {
            return;
        }
        let Some((name, text)) = self.lib.source(path) else {
            return;
        };
        self.visiting.push(path.to_string());
        let idx = self.map.add(name, text);
        let sf = self.map.file(idx);
        let base = sf.base;
        // Library text is mostly `'static`; an embedder's is copied into the arena.
        let text: &'a str = match &sf.text {
            std::borrow::Cow::Borrowed(t) => t,
            std::borrow::Cow::Owned(t) => self.arena.alloc_str(t),
        };
        let file = parse::parse_file(self.arena, text, base, Bodies::Skim, self.next_id, self.diags);
        if path != "runtime" {
            self.package("runtime");
        }
        for imp in file.imports {
            self.package(imp.path);
        }
        self.visiting.pop();
        self.order.push((path.to_string(), vec![file]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_reported_at_its_first_byte() {
        let e = SourceFile::from_bytes("u.go".into(), b"package main\n// caf\xe9\n".to_vec())
            .err()
            .expect("rejected");
        assert_eq!(e.0, "u.go:2:7: invalid UTF-8 encoding\n");
        assert!(SourceFile::from_bytes("ok.go".into(), "// café\n".as_bytes().to_vec()).is_ok());
    }

    /// A program reaches only part of the library, so this is where the rest of it is
    /// checked and compiled.
    #[test]
    fn the_whole_library_checks_and_compiles() {
        let imports: String = crate::runtime::STD_PACKAGES
            .iter()
            .map(|(path, _)| format!("import _ \"{path}\"\n"))
            .collect();
        let text = format!("package main\n\n{imports}\nfunc main() {{}}\n");
        let whole = compile_with(
            vec![SourceFile {
                name: "all.go".into(),
                text: text.clone(),
            }],
            Options {
                lazy_library: false,
                ..Options::default()
            },
        )
        .unwrap_or_else(|e| panic!("the library has errors:\n{e}"));
        let reached = compile_package(vec![SourceFile {
            name: "all.go".into(),
            text,
        }])
        .expect("compiles");
        assert!(whole.funcs.iter().any(|f| f.name == "fmt.Sscanf"));
        assert!(!reached.funcs.iter().any(|f| f.name == "fmt.Sscanf"));
    }

    #[test]
    fn a_small_program_compiles() {
        let text = "package main\n\nfunc main() {\n\tx := 1\n\tprintln(x + 2)\n}\n".to_string();
        let p = compile_package(vec![SourceFile {
            name: "a.go".into(),
            text,
        }])
        .expect("compiles");
        assert!(p.funcs.iter().any(|f| f.name == "main.main"));
    }
}

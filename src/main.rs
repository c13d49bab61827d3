//! The `govm` command: run, check or disassemble a Go program.

use std::path::Path;
use std::process::ExitCode;

use govm::load::{compile_package, SourceFile};

const USAGE: &str = "usage: govm run FILE.go|DIR [args...]
       govm check FILE.go|DIR
       govm disasm FILE.go|DIR";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(cmd), Some(target)) = (args.first(), args.get(1)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let files = match read_sources(target) {
        Ok(Ok(f)) => f,
        Ok(Err(e)) => {
            eprint!("{e}");
            return ExitCode::from(1);
        }
        Err(e) => {
            eprintln!("govm: {e}");
            return ExitCode::from(1);
        }
    };
    let program = match compile_package(files) {
        Ok(p) => p,
        Err(e) => {
            eprint!("{e}");
            return ExitCode::from(1);
        }
    };
    match cmd.as_str() {
        "check" => ExitCode::SUCCESS,
        "disasm" => {
            print!("{}", govm::bytecode::disasm::program(&program));
            ExitCode::SUCCESS
        }
        "run" => {
            let mut prog_args = vec![target.clone()];
            prog_args.extend(args[2..].iter().cloned());
            let mut vm = match govm::vm::Vm::new(program, prog_args) {
                Ok(vm) => vm,
                Err(e) => {
                    eprintln!("govm: {e}");
                    return ExitCode::from(1);
                }
            };
            ExitCode::from(vm.run() as u8)
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// The `.go` files of the target: the file itself, or every non-test `.go` file of a
/// directory, sorted by name as go does.
fn read_sources(target: &str) -> Result<Result<Vec<SourceFile>, govm::load::CompileError>, String> {
    let path = Path::new(target);
    let mut paths = Vec::new();
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| format!("{target}: {e}"))?;
        for e in entries.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.ends_with(".go") && !name.ends_with("_test.go") {
                paths.push(p);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(format!("no Go files in {target}"));
        }
    } else {
        paths.push(path.to_path_buf());
    }
    let mut files = Vec::new();
    for p in paths {
        let bytes = std::fs::read(&p).map_err(|e| format!("open {}: {e}", p.display()))?;
        let name = p.to_string_lossy().trim_start_matches("./").to_string();
        match SourceFile::from_bytes(name, bytes) {
            Ok(f) => files.push(f),
            Err(e) => return Ok(Err(e)),
        }
    }
    Ok(Ok(files))
}

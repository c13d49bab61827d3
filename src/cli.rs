//! The `govm` command: run, check or disassemble a Go program. The binary is this
//! function; what it reaches of the crate is the crate's only public surface besides the
//! embedding API.

use std::process::ExitCode;

use crate::load::{compile_package, read_sources};

const USAGE: &str = "usage: govm run [-jit=off|all] FILE.go|DIR [args...]
       govm check FILE.go|DIR
       govm disasm [-all] FILE.go|DIR";

pub fn main() -> ExitCode {
    // A Rust panic is a bug of govm's: reported as an internal error, by the VM's
    // boundaries during a run and below otherwise, never as a Rust backtrace.
    crate::vm::quiet_panics();
    // So is a hardware fault, which a racy program can cause as in Go: Go's report.
    crate::vm::report_faults();
    match std::panic::catch_unwind(govm_main) {
        Ok(code) => code,
        Err(p) => {
            eprintln!(
                "govm: internal error: {}\nThis is a bug in govm, not in the program. Please report it with this message and the program.",
                crate::vm::panic_message(&*p)
            );
            ExitCode::from(2)
        }
    }
}

fn govm_main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `disasm` lists the program's own functions, and with -all the library's too.
    let all = args.first().is_some_and(|c| c == "disasm") && args.get(1).is_some_and(|a| a == "-all");
    if all {
        args.remove(1);
    }
    // `run -jit=MODE` overrides GOVM_JIT.
    let jit = match args.get(1).and_then(|a| a.strip_prefix("-jit=")) {
        Some(mode) if args[0] == "run" => {
            let mode = mode.to_string();
            args.remove(1);
            Some(mode)
        }
        _ => None,
    };
    let (Some(cmd), Some(target)) = (args.first(), args.get(1)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let jit = match jit {
        Some(mode) => crate::aot::Jit::parse(&mode).map_err(|e| format!("-jit={mode}: {e}")),
        None => crate::aot::Jit::from_env(),
    };
    let jit = match jit {
        Ok(jit) => jit,
        Err(e) => {
            eprintln!("govm: {e}");
            return ExitCode::from(2);
        }
    };
    let files = match read_sources(std::path::Path::new(target)) {
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
            print!("{}", crate::bytecode::disasm::program(&program, all));
            ExitCode::SUCCESS
        }
        "run" => {
            let mut prog_args = vec![target.clone()];
            prog_args.extend(args[2..].iter().cloned());
            let config = crate::vm::Config {
                jit,
                ..crate::vm::Config::default()
            };
            let mut vm = match crate::vm::Vm::new(program, prog_args, config) {
                Ok(vm) => vm,
                Err(e) => {
                    eprintln!("govm: {e}");
                    return ExitCode::from(1);
                }
            };
            let code = vm.run();
            // The process ends here, as a Go program's does: its goroutines and threads
            // need no orderly end.
            std::mem::forget(vm);
            ExitCode::from(code as u8)
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

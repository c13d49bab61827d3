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
    // `disasm -all` lists the library's functions too; `run -jit=MODE` overrides GOVM_JIT.
    let all = take_flag(&mut args, "disasm", |a| a == "-all").is_some();
    let jit_flag = take_flag(&mut args, "run", |a| a.starts_with("-jit=")).map(|a| a["-jit=".len()..].to_string());
    let (Some(cmd), Some(target)) = (args.first(), args.get(1)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    // A bad mode is refused before anything is read.
    let jit = match jit_flag {
        Some(mode) => crate::aot::Jit::parse(&mode).map_err(|e| format!("-jit={mode}: {e}")),
        None if cmd == "run" => crate::aot::Jit::from_env(),
        None => Ok(crate::aot::Jit::Off),
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

/// Takes the argument after command `cmd` if it is a flag `is` accepts.
fn take_flag(args: &mut Vec<String>, cmd: &str, is: impl Fn(&str) -> bool) -> Option<String> {
    (args.first().is_some_and(|c| c == cmd) && args.get(1).is_some_and(|a| is(a))).then(|| args.remove(1))
}

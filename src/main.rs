//! The `govm` command (see `govm::cli`).

fn main() -> std::process::ExitCode {
    govm::cli::main()
}

//! The one error type of the embedding API.

use std::fmt;

/// Everything that can go wrong compiling or running Go code from Rust.
///
/// ```
/// use govm::embed::PanicValue;
/// use govm::{Engine, Error};
///
/// let program = Engine::new().compile(
///     r#"package main
///
///     import "errors"
///
///     func Check(n int) error {
///         if n < 0 {
///             return errors.New("negative")
///         }
///         return nil
///     }
///
///     func Index(i int) int { return []int{1, 2, 3}[i] }
///     "#,
/// )?;
/// let mut inst = program.instantiate()?;
/// // A non-nil `error` the caller does not ask for is `Error::Go`.
/// assert!(matches!(inst.call::<_, ()>("Check", (-1,)), Err(Error::Go(m)) if m == "negative"));
/// // A panic comes with its value, message and stack.
/// match inst.call::<_, i64>("Index", (5,)) {
///     Err(Error::Panic(p)) => {
///         assert_eq!(p.message, "runtime error: index out of range [5] with length 3");
///         assert!(matches!(p.value, PanicValue::Error(_)));
///         assert_eq!(p.stack[0].function, "main.Index");
///     }
///     other => panic!("{other:?}"),
/// }
/// // After a panic the instance has ended, as a Go program would have.
/// assert!(matches!(inst.call::<_, i64>("Index", (0,)), Err(Error::Ended)));
/// # Ok::<(), Error>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The source does not compile: every diagnostic, one per line, as
    /// `file.go:LINE:COL: message`.
    Compile(String),
    /// A panic nobody recovered: its value, message and stack, and Go's report.
    Panic(Box<super::Panic>),
    /// A fatal error, as Go reports it: every goroutine blocked for good (a deadlock).
    Fatal(String),
    /// A goroutine's stack grew past the engine's limit (deep recursion): Go's report.
    StackOverflow(String),
    /// A `go` statement would pass the engine's limit on goroutines: the report.
    TooManyGoroutines(String),
    /// The heap would pass the engine's memory limit: the report.
    MemoryLimit(String),
    /// The script called `os.Exit(code)`. The host process goes on.
    Exit(i32),
    /// The instance was cancelled through its [`CancelHandle`](super::CancelHandle).
    Cancelled,
    /// The instance ran past its deadline.
    DeadlineExceeded,
    /// The instance spent its instruction budget
    /// ([`Instance::set_fuel`](super::Instance::set_fuel)).
    OutOfFuel,
    /// A Go function returned a non-nil `error`: its `Error()` text.
    Go(String),
    /// There is no package-level function of that name.
    NoFunction(String),
    /// Arguments or results do not match the function's Go signature.
    Types(String),
    /// The instance ended earlier (a panic, `os.Exit`, a limit) and cannot run again.
    Ended,
    /// The host functions given to the [`Engine`](super::Engine) are not valid (a
    /// name Go cannot spell, one registered twice).
    Host(String),
    /// Reading source files failed.
    Io(std::io::Error),
    /// A bug of govm's ended the instance: Go's kind of fatal-error report, naming it as
    /// an internal error. The host goes on; please report it.
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Compile(d) => write!(f, "compile errors:\n{d}"),
            Error::Panic(p) => f.write_str(p.report.trim_end()),
            Error::Fatal(r)
            | Error::StackOverflow(r)
            | Error::TooManyGoroutines(r)
            | Error::MemoryLimit(r)
            | Error::Internal(r) => f.write_str(r.trim_end()),
            Error::Exit(code) => write!(f, "os.Exit({code})"),
            Error::Cancelled => f.write_str("cancelled"),
            Error::DeadlineExceeded => f.write_str("deadline exceeded"),
            Error::OutOfFuel => f.write_str("out of fuel"),
            Error::Go(msg) => f.write_str(msg),
            Error::NoFunction(name) => write!(f, "no function {name}"),
            Error::Types(msg) => f.write_str(msg),
            Error::Ended => f.write_str("the instance has ended"),
            Error::Host(msg) => write!(f, "host functions: {msg}"),
            Error::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(e)
    }
}

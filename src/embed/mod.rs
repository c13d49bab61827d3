//! Go as a scripting language for Rust programs.
//!
//! An [`Engine`] holds the configuration and compiles source into a [`Program`]; a
//! [`Program`] makes any number of [`Instance`]s, each with its own heap, package
//! variables and goroutines. An instance runs `main` or calls any package-level function
//! by name, with Rust values converted to and from the Go types of its signature:
//!
//! ```
//! let engine = govm::Engine::new();
//! let program = engine.compile(
//!     r#"package main
//!
//!     import "strings"
//!
//!     func Greet(name string, times int) string {
//!         return strings.Repeat("hello, "+name+"! ", times)
//!     }
//!     "#,
//! )?;
//! let mut instance = program.instantiate()?;
//! let s: String = instance.call("Greet", ("gopher", 2))?;
//! assert_eq!(s, "hello, gopher! hello, gopher! ");
//! # Ok::<(), govm::Error>(())
//! ```
//!
//! Go's failures arrive as [`Error`] variants: a panic is [`Error::Panic`] with Go's
//! report, `os.Exit` is [`Error::Exit`] (the host goes on), and a function's non-nil
//! `error` result is [`Error::Go`] when the Rust side does not ask for it. After a panic,
//! an exit or a limit, the instance has ended, as a Go program would have.

mod error;
mod value;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use error::Error;
pub use value::{Args, FromGo, Results, ToGo};

use crate::bytecode::rtype::RType;
use crate::load::{compile_script, SourceFile};
use crate::vm::{Capabilities, End, Limit, Stop, StopHandle, Vm};

/// Compiles Go source and holds what its instances are configured with. Cheap to clone
/// and shareable across threads.
#[derive(Clone, Debug)]
pub struct Engine {
    max_procs: usize,
    caps: Capabilities,
    max_stack: usize,
    max_goroutines: usize,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine {
            max_procs: 1,
            caps: Capabilities::NONE,
            max_stack: crate::vm::DEFAULT_MAX_STACK_BYTES,
            max_goroutines: usize::MAX,
        }
    }
}

impl Engine {
    /// An engine whose instances run their goroutines on one OS thread each.
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Runs each instance's goroutines on up to `n` OS threads (Go's `GOMAXPROCS`).
    pub fn max_procs(mut self, n: usize) -> Engine {
        self.max_procs = n.max(1);
        self
    }

    /// Limits each goroutine's stack to `bytes` (Go's default is 1 GB): deeper recursion
    /// ends the instance with [`Error::StackOverflow`].
    pub fn max_stack(mut self, bytes: usize) -> Engine {
        self.max_stack = bytes;
        self
    }

    /// Limits the goroutines an instance may have at once: a `go` statement past it ends
    /// the instance with [`Error::TooManyGoroutines`].
    pub fn max_goroutines(mut self, n: usize) -> Engine {
        self.max_goroutines = n;
        self
    }

    /// Lets scripts open, read and remove files and read standard input (denied by
    /// default: `os.Open` fails with `permission denied`).
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let src = "package main\n\nimport \"os\"\n\nfunc Read(p string) (string, error) {\n\tb, err := os.ReadFile(p)\n\treturn string(b), err\n}\n";
    /// let mut denied = Engine::new().compile(src)?.instantiate()?;
    /// assert!(matches!(denied.call::<_, String>("Read", ("Cargo.toml",)), Err(Error::Go(m)) if m.ends_with("permission denied")));
    /// let mut allowed = Engine::new().allow_files(true).compile(src)?.instantiate()?;
    /// assert!(allowed.call::<_, String>("Read", ("Cargo.toml",))?.contains("govm"));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn allow_files(mut self, allow: bool) -> Engine {
        self.caps.files = allow;
        self
    }

    /// Lets scripts read environment variables (by default the environment looks empty).
    pub fn allow_env(mut self, allow: bool) -> Engine {
        self.caps.env = allow;
        self
    }

    /// Compiles one file of Go source, a `main` package (which need not declare `main`).
    pub fn compile(&self, source: &str) -> Result<Program, Error> {
        let file = SourceFile {
            name: "script.go".into(),
            text: source.into(),
        };
        self.compile_files(vec![file])
    }

    /// Compiles a `.go` file, or every `.go` file of a directory (not `_test.go` ones).
    pub fn compile_path(&self, path: impl AsRef<Path>) -> Result<Program, Error> {
        match crate::load::read_sources(path.as_ref()) {
            Ok(Ok(files)) => self.compile_files(files),
            Ok(Err(e)) => Err(Error::Compile(e.0)),
            Err(e) => Err(Error::Io(std::io::Error::other(e))),
        }
    }

    fn compile_files(&self, files: Vec<SourceFile>) -> Result<Program, Error> {
        let code = compile_script(files).map_err(|e| Error::Compile(e.0))?;
        let funcs = code
            .funcs
            .iter()
            .enumerate()
            .filter(|(_, f)| f.native.is_none())
            .map(|(i, f)| (f.name.clone(), i as u32))
            .collect();
        Ok(Program {
            engine: self.clone(),
            code: Arc::new(code),
            funcs: Arc::new(funcs),
        })
    }
}

/// Compiled Go code, ready to make instances of. Cheap to clone and shareable across
/// threads.
#[derive(Clone)]
pub struct Program {
    engine: Engine,
    code: Arc<crate::bytecode::Program>,
    /// Function index by qualified name (`main.Greet`).
    funcs: Arc<HashMap<String, u32>>,
}

impl Program {
    /// A new instance: its own heap, package variables and goroutines. Its package
    /// variables are initialised, and `init` functions run, at its first call.
    pub fn instantiate(&self) -> Result<Instance, Error> {
        let mut vm = Vm::new(self.code.clone(), vec!["script".into()]).map_err(Error::Compile)?;
        vm.set_max_procs(self.engine.max_procs);
        vm.set_capabilities(self.engine.caps);
        vm.set_max_stack(self.engine.max_stack);
        vm.set_max_goroutines(self.engine.max_goroutines);
        Ok(Instance {
            vm,
            code: self.code.clone(),
            funcs: self.funcs.clone(),
            state: State::New,
        })
    }
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum State {
    New,
    Ready,
    Ended,
}

/// A running Go program: calls run its functions. Instances are independent: several
/// may run at once on different threads.
pub struct Instance {
    vm: Vm,
    /// The program the VM runs, for its functions' types while the VM is busy.
    code: Arc<crate::bytecode::Program>,
    funcs: Arc<HashMap<String, u32>>,
    state: State,
}

impl Instance {
    /// Sends what the script prints on standard output to `w` (by default, the
    /// process's standard output).
    pub fn set_stdout(&mut self, w: impl Write + Send + 'static) {
        self.vm.set_stdout(Box::new(w));
    }

    /// Sends what the script prints on standard error to `w`.
    pub fn set_stderr(&mut self, w: impl Write + Send + 'static) {
        self.vm.set_stderr(Box::new(w));
    }

    /// Ends any call still running once `at` passes, with [`Error::DeadlineExceeded`]
    /// (within a millisecond or so); later calls fail the same way.
    pub fn set_deadline(&mut self, at: Instant) {
        self.vm.set_deadline(Some(at));
    }

    /// [`set_deadline`](Self::set_deadline) `d` from now.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// # use std::time::Duration;
    /// let program = Engine::new().compile("package main\n\nfunc Spin() {\n\tfor {\n\t}\n}\n")?;
    /// let mut inst = program.instantiate()?;
    /// inst.set_timeout(Duration::from_millis(10));
    /// assert!(matches!(inst.call::<_, ()>("Spin", ()), Err(Error::DeadlineExceeded)));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn set_timeout(&mut self, d: Duration) {
        self.set_deadline(Instant::now() + d);
    }

    /// A handle that cancels this instance from any thread.
    pub fn cancel_handle(&self) -> CancelHandle {
        CancelHandle(self.vm.stop_handle())
    }

    /// Runs `main.main`, as `go run` would after initialising the packages.
    pub fn run_main(&mut self) -> Result<(), Error> {
        self.call("main", ())
    }

    /// Calls the package-level function `name` (`"Greet"` in package main, or qualified:
    /// `"strings.ToUpper"` if the program uses it) with `args`, a tuple, and converts its
    /// results to `R`: one value or a tuple, or `()` to discard them. A Go function whose
    /// last result is an `error` may be called for the other results only: a non-nil
    /// error is then [`Error::Go`].
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let program = Engine::new().compile(
    ///     r#"package main
    ///
    ///     import "errors"
    ///
    ///     func Div(a, b int) (int, error) {
    ///         if b == 0 {
    ///             return 0, errors.New("division by zero")
    ///         }
    ///         return a / b, nil
    ///     }
    ///     "#,
    /// )?;
    /// let mut inst = program.instantiate()?;
    /// assert_eq!(inst.call::<_, i64>("Div", (7, 2))?, 3);
    /// assert!(matches!(inst.call::<_, i64>("Div", (7, 0)), Err(Error::Go(m)) if m == "division by zero"));
    /// assert!(matches!(inst.call::<_, String>("Div", (7, 2)), Err(Error::Types(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn call<A: Args, R: Results>(&mut self, name: &str, args: A) -> Result<R, Error> {
        let qualified = if name.contains('.') {
            name.to_string()
        } else {
            format!("main.{name}")
        };
        let func = *self.funcs.get(&qualified).ok_or(Error::NoFunction(qualified.clone()))?;
        let prog = self.code.clone();
        let f = &prog.funcs[func as usize];
        let params: Vec<&RType> = f.params.iter().map(|&t| prog.ty(t)).collect();
        let results: Vec<&RType> = f.results.iter().map(|&t| prog.ty(t)).collect();
        if f.variadic || params.len() != A::COUNT {
            return Err(Error::Types(format!(
                "{qualified} takes {} arguments{}, not {}",
                params.len(),
                if f.variadic { " (the last variadic)" } else { "" },
                A::COUNT
            )));
        }
        // `()` discards the results, except a non-nil error.
        let discard = R::COUNT == 0;
        let returns_error = f.results.last() == Some(&prog.well_known.error);
        let with_error = returns_error && (R::COUNT + 1 == results.len() || discard);
        if R::COUNT != results.len() && !with_error && !discard {
            return Err(Error::Types(format!(
                "{qualified} has {} results, not {}",
                results.len(),
                R::COUNT
            )));
        }
        let mut slots = Vec::new();
        args.to_go(&self.vm, &params, &mut slots)
            .map_err(|e| Error::Types(format!("{qualified}: {e}")))?;
        let out = self.run(func, &slots)?;
        if with_error {
            let n = out.len();
            let err = [out[n - 2], out[n - 1]];
            let value = R::from_go(&results[..R::COUNT], &out[..n - 2]);
            if err[0] != 0 {
                return Err(Error::Go(self.error_text(err)?));
            }
            return value.map_err(|e| Error::Types(format!("{qualified}: {e}")));
        }
        let results = if discard { &[][..] } else { &results[..] };
        R::from_go(results, &out).map_err(|e| Error::Types(format!("{qualified}: {e}")))
    }

    /// Runs a function to its return, initialising the program first if need be.
    fn run(&mut self, func: u32, args: &[u64]) -> Result<Vec<u64>, Error> {
        match self.state {
            State::Ended => return Err(Error::Ended),
            State::New => {
                self.state = State::Ready;
                let init = self.code.init;
                self.run(init, &[])?;
            }
            State::Ready => {}
        }
        let end = self.vm.call(func, args);
        let err = match end {
            End::Returned(results) => return Ok(results),
            End::Exit(code) => Error::Exit(code),
            End::Panic(report) => Error::Panic(report),
            End::Fatal(report) => Error::Fatal(report),
            End::Limit(Limit::Stack, report) => Error::StackOverflow(report),
            End::Limit(Limit::Goroutines, report) => Error::TooManyGoroutines(report),
            End::Stopped(Stop::Cancelled) => Error::Cancelled,
            End::Stopped(Stop::Deadline) => Error::DeadlineExceeded,
        };
        self.state = State::Ended;
        Err(err)
    }

    /// The text of a Go `error` value, from its `Error` method.
    fn error_text(&mut self, err: [u64; 2]) -> Result<String, Error> {
        let func = self
            .funcs
            .get("runtime.errorText")
            .copied()
            .ok_or(Error::NoFunction("runtime.errorText".into()))?;
        let out = self.run(func, &err)?;
        let string = self.code.ty(self.code.well_known.string);
        <String as FromGo>::from_go(string, &out).map_err(Error::Types)
    }
}

/// Cancels an [`Instance`] from any thread: a call in progress ends promptly with
/// [`Error::Cancelled`], and so does every later one.
///
/// ```
/// # use govm::{Engine, Error};
/// let program = Engine::new().compile("package main\n\nfunc Spin() {\n\tfor {\n\t}\n}\n")?;
/// let mut inst = program.instantiate()?;
/// let handle = inst.cancel_handle();
/// std::thread::spawn(move || {
///     std::thread::sleep(std::time::Duration::from_millis(10));
///     handle.cancel();
/// });
/// assert!(matches!(inst.call::<_, ()>("Spin", ()), Err(Error::Cancelled)));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct CancelHandle(StopHandle);

impl CancelHandle {
    pub fn cancel(&self) {
        self.0.stop(Stop::Cancelled);
    }
}

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
//! Go's failures arrive as [`Error`] variants: a panic is [`Error::Panic`] with its
//! value, message, stack and Go's report, `os.Exit` is [`Error::Exit`] (the host goes
//! on), and a function's non-nil `error` result is [`Error::Go`] when the Rust side does
//! not ask for it. After a panic, an exit or a limit, the instance has ended, as a Go
//! program would have.

mod convert;
mod error;
mod host;
mod serde_conv;
mod value;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use crate::bytecode::rtype::Kind;
#[doc(hidden)]
pub use crate::vm::CrashPoint;
pub use crate::vm::{Panic, PanicValue, StackFrame};
pub use convert::{Args, FromGo, Results, ToGo};
pub use error::Error;
pub use host::{HostArgs, HostOk, HostResult, HostType, HostValue, IntoHostFn, TypeDef};
pub use serde_conv::Serde;
pub use value::{GoArgs, GoOut, GoType, GoValue, GoValues, Types};

use crate::aot::Jit;
use crate::load::{SourceFile, compile_script};
use crate::vm::{Capabilities, Config, End, Limit, Linked, Stop, StopHandle, Vm};

/// Compiles Go source and holds what its instances are configured with. Cheap to clone
/// and shareable across threads.
///
/// ```
/// use std::time::Duration;
/// use govm::{Engine, Error};
///
/// // Configured once: limits, capabilities and host functions.
/// let engine = Engine::new()
///     .max_memory(64 << 20)
///     .max_goroutines(100)
///     .fuel(10_000_000)
///     .host_func("host", "Log", |msg: String| println!("script says: {msg}"));
/// let program = engine.compile(
///     r#"package main
///
///     import "host"
///
///     func Run() { host.Log("hi") }
///     "#,
/// )?;
/// // Shared by threads, each running an instance of its own.
/// std::thread::scope(|s| {
///     for _ in 0..2 {
///         s.spawn(|| {
///             let mut inst = program.instantiate().unwrap();
///             inst.set_timeout(Duration::from_secs(5));
///             inst.call::<_, ()>("Run", ()).unwrap();
///         });
///     }
/// });
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Engine {
    max_procs: usize,
    caps: Capabilities,
    max_stack: usize,
    max_goroutines: usize,
    max_memory: usize,
    fuel: Option<u64>,
    host: host::Host,
    crash: Option<CrashPoint>,
    jit: Jit,
    seed: Option<u64>,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine {
            max_procs: 1,
            caps: Capabilities::NONE,
            max_stack: crate::vm::DEFAULT_MAX_STACK_BYTES,
            max_goroutines: usize::MAX,
            max_memory: usize::MAX,
            fuel: None,
            host: host::Host::default(),
            crash: None,
            jit: Jit::Off,
            seed: None,
        }
    }
}

impl Engine {
    /// An engine whose instances run their goroutines on one OS thread each.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let src = "package main\n\nimport \"runtime\"\n\nfunc Procs() int { return runtime.GOMAXPROCS(0) }\n";
    /// let mut inst = Engine::new().compile(src)?.instantiate()?;
    /// assert_eq!(inst.call::<_, i64>("Procs", ())?, 1);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn new() -> Engine {
        Engine::default()
    }

    /// For govm's own tests: instances draw their random numbers (map iteration order,
    /// `select`'s choice) from `seed` rather than the clock, so that a program runs the
    /// same way every time, interpreted or compiled.
    #[doc(hidden)]
    pub fn test_seed(mut self, seed: u64) -> Engine {
        self.seed = Some(seed);
        self
    }

    /// For govm's own tests: instances panic on purpose at `at`, as a bug of govm's
    /// would, to show how one is reported ([`Error::Internal`]).
    #[doc(hidden)]
    pub fn test_crash(mut self, at: CrashPoint) -> Engine {
        self.crash = Some(at);
        self
    }

    /// Runs each instance's goroutines on up to `n` OS threads (Go's `GOMAXPROCS`).
    ///
    /// The default is one thread, and that is what a host running scripts it does not
    /// trust should keep. On one thread goroutines take turns only at safepoints
    /// (function entries, loop back edges, blocking operations), never in the middle of
    /// a statement, so no script can see a string, slice or interface half-written by
    /// another goroutine, however it races. With more threads, goroutines run at once as
    /// in Go: a script that races (writes a variable in one goroutine while another reads
    /// it, without a mutex or channel between them) may read such a torn value, as a racy
    /// Go program may. A torn value can only give the script garbage, a Go panic or Go's
    /// fatal error, or point where nothing is mapped: and then the process faults, as a
    /// racy Go program does. `govm run` turns such a fault into Go's report; a library
    /// leaves the process's signals to its host, so in a host a fault is a crash. Give
    /// untrusted scripts more threads only if a crash of the process is acceptable.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let src = "package main\n\nimport \"runtime\"\n\nfunc Procs() int { return runtime.GOMAXPROCS(0) }\n";
    /// let procs = |n| Engine::new().max_procs(n).compile(src)?.instantiate()?.call::<_, i64>("Procs", ());
    /// assert_eq!(procs(4)?, 4);
    /// // There is always at least the one thread.
    /// assert_eq!(procs(0)?, 1);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn max_procs(mut self, n: usize) -> Engine {
        self.max_procs = n.max(1);
        self
    }

    /// Which functions of the programs this engine compiles run as machine code
    /// ([`Jit::Off`] by default): [`Jit::All`] compiles every function to amd64 when a
    /// program is compiled, once for all its instances. Programs behave the same either
    /// way, limits included; only their speed differs.
    ///
    /// ```
    /// # use govm::{Engine, Error, Jit};
    /// let src = "package main\n\nfunc Sum(n int) int {\n\tt := 0\n\tfor i := 0; i < n; i++ {\n\t\tt += i\n\t}\n\treturn t\n}\n";
    /// let mut inst = Engine::new().jit(Jit::All).compile(src)?.instantiate()?;
    /// assert_eq!(inst.call::<_, i64>("Sum", 1000)?, 499500);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn jit(mut self, jit: Jit) -> Engine {
        self.jit = jit;
        self
    }

    /// Limits each goroutine's stack to `bytes` (Go's default is 1 GB): deeper recursion
    /// ends the instance with [`Error::StackOverflow`].
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let src = "package main\n\nfunc Sum(n int) int {\n\tif n == 0 {\n\t\treturn 0\n\t}\n\treturn n + Sum(n-1)\n}\n";
    /// let mut inst = Engine::new().max_stack(1 << 20).compile(src)?.instantiate()?;
    /// assert_eq!(inst.call::<_, i64>("Sum", (100,))?, 5050);
    /// // Ten million frames cannot fit in a megabyte.
    /// assert!(matches!(inst.call::<_, i64>("Sum", (10_000_000,)), Err(Error::StackOverflow(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn max_stack(mut self, bytes: usize) -> Engine {
        self.max_stack = bytes;
        self
    }

    /// Limits the goroutines an instance may have at once: a `go` statement past it ends
    /// the instance with [`Error::TooManyGoroutines`].
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let program = Engine::new().max_goroutines(10).compile(
    ///     r#"package main
    ///
    ///     func Fan(n int) int {
    ///         c := make(chan int)
    ///         for i := 0; i < n; i++ {
    ///             go func() { c <- 1 }()
    ///         }
    ///         sum := 0
    ///         for i := 0; i < n; i++ {
    ///             sum += <-c
    ///         }
    ///         return sum
    ///     }
    ///     "#,
    /// )?;
    /// let mut inst = program.instantiate()?;
    /// // The goroutine making the call counts too: nine more fit.
    /// assert_eq!(inst.call::<_, i64>("Fan", (9,))?, 9);
    /// assert!(matches!(inst.call::<_, i64>("Fan", (100,)), Err(Error::TooManyGoroutines(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn max_goroutines(mut self, n: usize) -> Engine {
        self.max_goroutines = n;
        self
    }

    /// Limits the memory an instance's Go values may hold to `bytes`: its heap, with the
    /// buffers of its maps and channels and its goroutines' stacks. An allocation larger
    /// than the whole limit fails at once; otherwise the heap is collected on reaching
    /// the limit, and the instance ends with [`Error::MemoryLimit`] if that leaves more
    /// live than the limit. Between collections the heap may pass the limit by what one
    /// instruction allocates.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let src = "package main\n\nvar keep [][]byte\n\nfunc Hoard() {\n\tfor {\n\t\tkeep = append(keep, make([]byte, 1<<20))\n\t}\n}\n";
    /// let mut inst = Engine::new().max_memory(64 << 20).compile(src)?.instantiate()?;
    /// assert!(matches!(inst.call::<_, ()>("Hoard", ()), Err(Error::MemoryLimit(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn max_memory(mut self, bytes: usize) -> Engine {
        self.max_memory = bytes;
        self
    }

    /// Gives each instance an instruction budget of `fuel` to begin with (see
    /// [`Instance::set_fuel`]).
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let program = Engine::new().fuel(100_000).compile("package main\n\nfunc Spin() {\n\tfor {\n\t}\n}\n")?;
    /// let mut first = program.instantiate()?;
    /// assert!(matches!(first.call::<_, ()>("Spin", ()), Err(Error::OutOfFuel)));
    /// assert_eq!(first.fuel(), Some(0));
    /// // What one instance spends is not taken from the others.
    /// assert_eq!(program.instantiate()?.fuel(), Some(100_000));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn fuel(mut self, fuel: u64) -> Engine {
        self.fuel = Some(fuel);
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
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let path = std::env::var("PATH").expect("cargo sets PATH");
    /// let src = "package main\n\nimport \"os\"\n\nfunc Get(k string) string { return os.Getenv(k) }\n";
    /// let mut denied = Engine::new().compile(src)?.instantiate()?;
    /// assert_eq!(denied.call::<_, String>("Get", "PATH")?, "");
    /// let mut allowed = Engine::new().allow_env(true).compile(src)?.instantiate()?;
    /// assert_eq!(allowed.call::<_, String>("Get", "PATH")?, path);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn allow_env(mut self, allow: bool) -> Engine {
        self.caps.env = allow;
        self
    }

    /// Makes the Rust closure `f` the Go function `name` of package `package`, which
    /// scripts import (`import "host"`). The Go signature follows the closure's types:
    /// `i64` is Go's `int`, `f64` is `float64`, `String` is `string`, and so on (see
    /// [`HostValue`]); a closure returning `Result<T, E>` is a Go function returning
    /// `(T, error)`, the error's text being `E`'s `Display`. The checker knows the
    /// signature, so a script calling the function wrongly does not compile. The closure
    /// runs on the calling goroutine's thread; a panic in it becomes a Go panic.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let engine = Engine::new()
    ///     .host_func("host", "Double", |x: i64| 2 * x)
    ///     .host_func("host", "Parse", |s: String| s.parse::<i64>().map_err(|e| e.to_string()));
    /// let program = engine.compile(
    ///     r#"package main
    ///
    ///     import "host"
    ///
    ///     func Run(s string) (int, error) {
    ///         n, err := host.Parse(s)
    ///         if err != nil {
    ///             return 0, err
    ///         }
    ///         return host.Double(n), nil
    ///     }
    ///     "#,
    /// )?;
    /// let mut inst = program.instantiate()?;
    /// assert_eq!(inst.call::<_, i64>("Run", ("21",))?, 42);
    /// assert!(matches!(inst.call::<_, i64>("Run", ("x",)), Err(Error::Go(m)) if m == "invalid digit found in string"));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn host_func<Args: HostArgs, F: IntoHostFn<Args>>(mut self, package: &str, name: &str, f: F) -> Engine {
        self.host.add_func(host::HostDecl::new(package, name, f, false));
        self
    }

    /// As [`host_func`](Self::host_func), for a closure that may block (on I/O, a lock,
    /// a reply from elsewhere): the calling goroutine parks, the closure runs on a helper
    /// thread, and the goroutine goes on with its results when it returns. Other
    /// goroutines run meanwhile, and the instance's deadline and cancellation still end
    /// it promptly. Each call costs a hand-off to the helper and back, some
    /// microseconds, so a closure that never blocks is better given to `host_func`.
    ///
    /// A closure still running when its instance is dropped finishes on its helper
    /// thread, and its results are discarded.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// use std::sync::mpsc;
    /// use std::sync::Mutex;
    ///
    /// let (tx, rx) = mpsc::channel::<i64>();
    /// let rx = Mutex::new(rx);
    /// let engine = Engine::new()
    ///     .max_procs(1)
    ///     // Waits for a value from a channel fed by the other host function.
    ///     .host_func_blocking("host", "Receive", move || rx.lock().unwrap().recv().unwrap())
    ///     .host_func("host", "Send", move |v: i64| tx.send(v).unwrap());
    /// let program = engine.compile(
    ///     r#"package main
    ///
    ///     import "host"
    ///
    ///     func Run() int {
    ///         // On one thread, Send can only run while Receive is blocked.
    ///         go host.Send(42)
    ///         return host.Receive()
    ///     }
    ///     "#,
    /// )?;
    /// let mut inst = program.instantiate()?;
    /// assert_eq!(inst.call::<_, i64>("Run", ())?, 42);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn host_func_blocking<Args: HostArgs, F: IntoHostFn<Args>>(
        mut self,
        package: &str,
        name: &str,
        f: F,
    ) -> Engine {
        self.host.add_func(host::HostDecl::new(package, name, f, true));
        self
    }

    /// Declares the [`HostType`] `T` in host package `package`, for a host type's
    /// definition to name, or for scripts to use, when no host function's signature
    /// names it (which declares it anyway).
    ///
    /// ```
    /// use govm::embed::HostType;
    /// use govm::{Engine, Error, Serde};
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(Serialize, Deserialize)]
    /// struct Point {
    ///     x: i64,
    ///     y: i64,
    /// }
    ///
    /// impl HostType for Point {
    ///     const GO_NAME: &'static str = "Point";
    ///     const GO_DEF: &'static str = "struct{ X, Y int }";
    /// }
    ///
    /// #[derive(Serialize, Deserialize)]
    /// struct Segment {
    ///     from: Point,
    ///     to: Point,
    /// }
    ///
    /// impl HostType for Segment {
    ///     // Names `Point`, which no function does.
    ///     const GO_NAME: &'static str = "Segment";
    ///     const GO_DEF: &'static str = "struct{ From, To Point }";
    /// }
    ///
    /// let engine = Engine::new()
    ///     .host_type::<Point>("geo")
    ///     .host_func("geo", "Length2", |Serde(s): Serde<Segment>| {
    ///         let (dx, dy) = (s.to.x - s.from.x, s.to.y - s.from.y);
    ///         dx * dx + dy * dy
    ///     });
    /// let program = engine.compile(
    ///     r#"package main
    ///
    ///     import "geo"
    ///
    ///     func Run() int { return geo.Length2(geo.Segment{To: geo.Point{X: 3, Y: 4}}) }
    ///     "#,
    /// )?;
    /// assert_eq!(program.instantiate()?.call::<_, i64>("Run", ())?, 25);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn host_type<T: HostType>(mut self, package: &str) -> Engine {
        self.host.add_type(package, host::TypeDef::of::<T>());
        self
    }

    /// Compiles one file of Go source, a `main` package (which need not declare `main`).
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let program = Engine::new().compile("package main\n\nfunc Half(n int) int { return n / 2 }\n")?;
    /// assert_eq!(program.instantiate()?.call::<_, i64>("Half", (9,))?, 4);
    /// // Diagnostics name the source `script.go`.
    /// let wrong = Engine::new().compile("package main\n\nfunc Half(n int) int { return \"half\" }\n");
    /// assert!(matches!(wrong, Err(Error::Compile(d)) if d.starts_with("script.go:3:")));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn compile(&self, source: &str) -> Result<Program, Error> {
        let file = SourceFile {
            name: "script.go".into(),
            text: source.into(),
        };
        self.compile_files(vec![file])
    }

    /// Compiles a `.go` file, or every `.go` file of a directory (not `_test.go` ones).
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let dir = std::env::temp_dir().join(format!("govm-doc-compile-path-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("a.go"), "package main\n\nfunc A() int { return B() + 1 }\n")?;
    /// std::fs::write(dir.join("b.go"), "package main\n\nfunc B() int { return 41 }\n")?;
    /// // Left out, or B would be declared twice.
    /// std::fs::write(dir.join("b_test.go"), "package main\n\nfunc B() int { return 0 }\n")?;
    /// let program = Engine::new().compile_path(&dir);
    /// std::fs::remove_dir_all(&dir)?;
    /// assert_eq!(program?.instantiate()?.call::<_, i64>("A", ())?, 42);
    /// // A path that is not there is the read's `io::Error`.
    /// let missing = Engine::new().compile_path(&dir);
    /// assert!(matches!(missing, Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn compile_path(&self, path: impl AsRef<Path>) -> Result<Program, Error> {
        match crate::load::read_sources(path.as_ref()) {
            Ok(Ok(files)) => self.compile_files(files),
            Ok(Err(e)) => Err(Error::Compile(e.0)),
            Err(e) => Err(Error::Io(e)),
        }
    }

    fn compile_files(&self, files: Vec<SourceFile>) -> Result<Program, Error> {
        self.host.validate().map_err(Error::Host)?;
        let code = compile_script(files, &self.host.packages()).map_err(|e| Error::Compile(e.0))?;
        self.host.check(&code).map_err(Error::Host)?;
        let funcs = code
            .funcs
            .iter()
            .enumerate()
            .filter(|(_, f)| f.rust.is_none())
            .flat_map(|(i, f)| {
                // Package main's functions go by their bare names too (`Greet`).
                let bare = f.name.strip_prefix("main.").map(|n| (n.to_string(), i as u32));
                std::iter::once((f.name.clone(), i as u32)).chain(bare)
            })
            .collect();
        // Verified and linked once here, not per instance.
        let linked = Linked::new(Arc::new(code), &self.host.rust_fns(), self.jit).map_err(Error::Compile)?;
        Ok(Program {
            engine: self.clone(),
            linked,
            funcs: Arc::new(funcs),
        })
    }
}

/// Compiled Go code, ready to make instances of. Cheap to clone and shareable across
/// threads.
///
/// ```
/// # use govm::{Engine, Error};
/// let program = Engine::new().compile("package main\n\nfunc Square(n int) int { return n * n }\n")?;
/// // Compiled once; each thread makes an instance of its own.
/// let threads: Vec<_> = (0..4)
///     .map(|i: i64| {
///         let program = program.clone();
///         std::thread::spawn(move || program.instantiate()?.call::<_, i64>("Square", (i,)))
///     })
///     .collect();
/// let squares = threads.into_iter().map(|t| t.join().unwrap()).collect::<Result<Vec<_>, _>>()?;
/// assert_eq!(squares, [0, 1, 4, 9]);
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone)]
pub struct Program {
    engine: Engine,
    /// The code, verified and linked to its Rust functions: the runtime's and the
    /// host functions'.
    linked: Linked,
    /// Function index by qualified name (`main.Greet`), and package main's by bare name.
    funcs: Arc<HashMap<String, u32>>,
}

impl Program {
    /// A new instance: its own heap, package variables and goroutines. Its package
    /// variables are initialised, and `init` functions run, at its first call.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let program = Engine::new().compile("package main\n\nvar n int\n\nfunc Next() int { n++; return n }\n")?;
    /// let (mut a, mut b) = (program.instantiate()?, program.instantiate()?);
    /// assert_eq!(a.call::<_, i64>("Next", ())?, 1);
    /// assert_eq!(a.call::<_, i64>("Next", ())?, 2);
    /// // Each instance has package variables of its own.
    /// assert_eq!(b.call::<_, i64>("Next", ())?, 1);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn instantiate(&self) -> Result<Instance, Error> {
        let config = Config {
            procs: self.engine.max_procs,
            caps: self.engine.caps,
            max_stack_bytes: self.engine.max_stack,
            max_goroutines: self.engine.max_goroutines,
            max_heap_bytes: self.engine.max_memory,
            crash: self.engine.crash,
            // The program was compiled to machine code, or not, when it was linked.
            jit: self.engine.jit,
            seed: self.engine.seed,
        };
        let mut vm = Vm::linked(self.linked.clone(), vec!["script".into()], config);
        vm.set_fuel(self.engine.fuel);
        Ok(Instance {
            vm,
            code: self.linked.prog().clone(),
            funcs: self.funcs.clone(),
            state: State::New,
            slots: Vec::new(),
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
///
/// ```
/// # use govm::{Engine, Error};
/// let src = "package main\n\nvar total int\n\nfunc Add(n int) int { total += n; return total }\n";
/// let mut inst = Engine::new().compile(src)?.instantiate()?;
/// assert_eq!(inst.call::<_, i64>("Add", (2,))?, 2);
/// // Between calls an instance may move to another thread, its package variables with it.
/// let total = std::thread::spawn(move || inst.call::<_, i64>("Add", (3,))).join().unwrap()?;
/// assert_eq!(total, 5);
/// # Ok::<(), Error>(())
/// ```
pub struct Instance {
    vm: Vm,
    /// The program the VM runs, for its functions' types while the VM is busy.
    code: Arc<crate::bytecode::Program>,
    funcs: Arc<HashMap<String, u32>>,
    state: State,
    /// The arguments' slots of the call being made, kept to save an allocation a call.
    slots: Vec<u64>,
}

impl Instance {
    /// Sends what the script prints on standard output to `w` (by default, the
    /// process's standard output).
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// use std::io::Write;
    /// use std::sync::{Arc, Mutex};
    ///
    /// /// A writer the host keeps a handle to.
    /// #[derive(Clone, Default)]
    /// struct Shared(Arc<Mutex<Vec<u8>>>);
    ///
    /// impl Write for Shared {
    ///     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
    ///         self.0.lock().unwrap().write(b)
    ///     }
    ///     fn flush(&mut self) -> std::io::Result<()> {
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"to the host\") }\n")?;
    /// let mut inst = program.instantiate()?;
    /// let out = Shared::default();
    /// inst.set_stdout(out.clone());
    /// inst.run_main()?;
    /// assert_eq!(out.0.lock().unwrap().as_slice(), b"to the host\n");
    /// # Ok::<(), Error>(())
    /// ```
    pub fn set_stdout(&mut self, w: impl Write + Send + 'static) {
        self.vm.set_stdout(Box::new(w));
    }

    /// Sends what the script prints on standard error to `w`.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// use std::io::Write;
    /// use std::sync::{Arc, Mutex};
    ///
    /// /// A writer the host keeps a handle to.
    /// #[derive(Clone, Default)]
    /// struct Shared(Arc<Mutex<Vec<u8>>>);
    ///
    /// impl Write for Shared {
    ///     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
    ///         self.0.lock().unwrap().write(b)
    ///     }
    ///     fn flush(&mut self) -> std::io::Result<()> {
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile(
    ///     r#"package main
    ///
    ///     import (
    ///         "fmt"
    ///         "os"
    ///     )
    ///
    ///     func main() {
    ///         fmt.Fprintln(os.Stderr, "warning")
    ///         println("debug")
    ///     }
    ///     "#,
    /// )?;
    /// let mut inst = program.instantiate()?;
    /// let err = Shared::default();
    /// inst.set_stderr(err.clone());
    /// inst.run_main()?;
    /// // Go's builtin `println` writes to standard error too.
    /// assert_eq!(err.0.lock().unwrap().as_slice(), b"warning\ndebug\n");
    /// # Ok::<(), Error>(())
    /// ```
    pub fn set_stderr(&mut self, w: impl Write + Send + 'static) {
        self.vm.set_stderr(Box::new(w));
    }

    /// Ends any call still running once `at` passes, with [`Error::DeadlineExceeded`]
    /// (within a millisecond or so). That ends the instance, as a panic would: later
    /// calls fail with [`Error::Ended`].
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// use std::time::{Duration, Instant};
    ///
    /// let program = Engine::new().compile("package main\n\nfunc Spin() {\n\tfor {\n\t}\n}\n")?;
    /// let mut inst = program.instantiate()?;
    /// inst.set_deadline(Instant::now() + Duration::from_millis(10));
    /// assert!(matches!(inst.call::<_, ()>("Spin", ()), Err(Error::DeadlineExceeded)));
    /// assert!(matches!(inst.call::<_, ()>("Spin", ()), Err(Error::Ended)));
    /// # Ok::<(), Error>(())
    /// ```
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

    /// Gives the instance an instruction budget of `fuel` for its later calls, together:
    /// a call that spends what is left ends with [`Error::OutOfFuel`]. Fuel is charged
    /// as a goroutine goes round a loop (the instructions of the loop) and calls a
    /// function (the function's instructions), so the script runs at most about `fuel`
    /// instructions. Unlike a deadline, the same script stops at the same point on any
    /// machine.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let src = "package main\n\nfunc Count(n int) int {\n\ts := 0\n\tfor i := 0; i < n; i++ {\n\t\ts += i\n\t}\n\treturn s\n}\n";
    /// let mut inst = Engine::new().compile(src)?.instantiate()?;
    /// inst.set_fuel(10_000);
    /// assert_eq!(inst.call::<_, i64>("Count", (100,))?, 4950);
    /// assert!(inst.fuel().unwrap() < 10_000);
    /// assert!(matches!(inst.call::<_, i64>("Count", (1_000_000,)), Err(Error::OutOfFuel)));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn set_fuel(&mut self, fuel: u64) {
        self.vm.set_fuel(Some(fuel));
    }

    /// The fuel left, if the instance has a budget.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let src = "package main\n\nfunc Count(n int) (s int) {\n\tfor i := range n {\n\t\ts += i\n\t}\n\treturn\n}\n";
    /// let mut inst = Engine::new().compile(src)?.instantiate()?;
    /// assert_eq!(inst.fuel(), None);
    /// inst.set_fuel(10_000);
    /// inst.call::<_, i64>("Count", (100,))?;
    /// let left = inst.fuel().unwrap();
    /// assert!(0 < left && left < 10_000);
    /// assert!(matches!(inst.call::<_, i64>("Count", (1_000_000,)), Err(Error::OutOfFuel)));
    /// assert_eq!(inst.fuel(), Some(0));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn fuel(&self) -> Option<u64> {
        self.vm.fuel()
    }

    /// A handle that cancels this instance from any thread.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// use std::time::Duration;
    ///
    /// let src = "package main\n\nimport \"time\"\n\nfunc Wait() { time.Sleep(time.Hour) }\n";
    /// let mut inst = Engine::new().compile(src)?.instantiate()?;
    /// let handle = inst.cancel_handle();
    /// std::thread::spawn(move || {
    ///     std::thread::sleep(Duration::from_millis(10));
    ///     handle.cancel();
    /// });
    /// // A sleeping goroutine is woken to end, not left to its hour.
    /// assert!(matches!(inst.call::<_, ()>("Wait", ()), Err(Error::Cancelled)));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn cancel_handle(&self) -> CancelHandle {
        CancelHandle(self.vm.stop_handle())
    }

    /// Runs `main.main`, as `go run` would after initialising the packages.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let program = Engine::new().compile(
    ///     r#"package main
    ///
    ///     import "os"
    ///
    ///     var code = 1
    ///
    ///     func init() { code = 3 }
    ///
    ///     func main() { os.Exit(code) }
    ///     "#,
    /// )?;
    /// // `init` ran first; `os.Exit` ends the instance, not the host.
    /// assert!(matches!(program.instantiate()?.run_main(), Err(Error::Exit(3))));
    /// let library = Engine::new().compile("package main\n\nfunc F() {}\n")?;
    /// assert!(matches!(library.instantiate()?.run_main(), Err(Error::NoFunction(f)) if f == "main.main"));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn run_main(&mut self) -> Result<(), Error> {
        self.call("main", ())
    }

    /// Calls the package-level function `name` (`"Greet"` in package main, or qualified:
    /// `"strings.ToUpper"` if the program uses it) with `args`, a tuple, and converts its
    /// results to `R`: one value or a tuple, or `()` to discard them. A Go function whose
    /// last result is an `error` may be called for the other results only: a non-nil
    /// error is then [`Error::Go`]. To call a function often, look it up once with
    /// [`func`](Self::func).
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
        self.func::<A, R>(name)?.call(self, args)
    }

    /// Looks up the package-level function `name` (as for [`call`](Self::call)) and
    /// checks its signature against `A` and `R` once, for calls that then cost only the
    /// conversions and the run. The handle works with every instance of the program.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let program = Engine::new().compile("package main\n\nfunc Add(a, b int) int { return a + b }\n")?;
    /// let mut inst = program.instantiate()?;
    /// let add = inst.func::<(i64, i64), i64>("Add")?;
    /// let mut sum = 0;
    /// for i in 0..10 {
    ///     sum = add.call(&mut inst, (sum, i))?;
    /// }
    /// assert_eq!(sum, 45);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn func<A: Args, R: Results>(&self, name: &str) -> Result<Func<A, R>, Error> {
        let Some(&index) = self.funcs.get(name) else {
            let qualified = if name.contains('.') {
                name.to_string()
            } else {
                format!("main.{name}")
            };
            return Err(Error::NoFunction(qualified));
        };
        let f = &self.code.funcs[index as usize];
        let qualified = &f.name;
        if f.variadic || f.params.len() != A::COUNT {
            return Err(Error::Types(format!(
                "{qualified} takes {} arguments{}, not {}",
                f.params.len(),
                if f.variadic { " (the last variadic)" } else { "" },
                A::COUNT
            )));
        }
        // `()` discards the results, except a non-nil error.
        let returns_error = f.results.last() == Some(&self.code.well_known.error);
        let results = if R::COUNT == 0 {
            ResultsWanted::None
        } else if R::COUNT == f.results.len() {
            ResultsWanted::All
        } else if returns_error && R::COUNT + 1 == f.results.len() {
            ResultsWanted::AllButError
        } else {
            return Err(Error::Types(format!(
                "{qualified} has {} results, not {}",
                f.results.len(),
                R::COUNT
            )));
        };
        let (params, result_types) = (Types::new(&self.code, &f.params), Types::new(&self.code, &f.results));
        Ok(Func {
            code: self.code.clone(),
            index,
            results,
            returns_error,
            write_args: A::slot_writer(params).map(|w| w.0),
            read_results: R::slot_reader(result_types).map(|r| r.0),
        })
    }

    /// Runs a function with the arguments in `self.slots` to its return, initialising
    /// the program first if need be; its results are then `self.vm.results()`.
    fn run(&mut self, func: u32) -> Result<(), Error> {
        if self.state != State::Ready {
            self.start()?;
        }
        match self.vm.call(func, &self.slots) {
            End::Returned => Ok(()),
            end => self.ended(end),
        }
    }

    /// What a run's end means for the caller; any end but a return ends the instance.
    #[cold]
    fn ended(&mut self, end: End) -> Result<(), Error> {
        let err = match end {
            End::Returned => return Ok(()),
            End::Exit(code) => Error::Exit(code),
            End::Panic(report) => Error::Panic(report),
            End::Fatal(report) => Error::Fatal(report),
            End::Limit(Limit::Stack, report) => Error::StackOverflow(report),
            End::Limit(Limit::Goroutines, report) => Error::TooManyGoroutines(report),
            End::Limit(Limit::Memory, report) => Error::MemoryLimit(report),
            End::Limit(Limit::Fuel, _) => Error::OutOfFuel,
            End::Stopped(Stop::Cancelled) => Error::Cancelled,
            End::Stopped(Stop::Deadline) => Error::DeadlineExceeded,
            End::Internal(report) => Error::Internal(report),
        };
        self.state = State::Ended;
        Err(err)
    }

    /// Readies a new instance for its first call by initialising the program (package
    /// variables and `init` functions); fails for one that has ended.
    #[cold]
    fn start(&mut self) -> Result<(), Error> {
        if self.state == State::Ended {
            return Err(Error::Ended);
        }
        self.state = State::Ready;
        // The first call's arguments wait while `init` runs without any.
        let args = std::mem::take(&mut self.slots);
        let init = self.code.init;
        let ran = self.run(init);
        self.slots = args;
        ran
    }

    /// The text of a Go `error` value, from its `Error` method.
    fn error_text(&mut self, err: [u64; 2]) -> Result<String, Error> {
        let func = self
            .funcs
            .get("runtime.errorText")
            .copied()
            .ok_or(Error::NoFunction("runtime.errorText".into()))?;
        self.slots.clear();
        self.slots.extend(err);
        self.run(func)?;
        let string = GoType::new(&self.code, self.code.well_known.string);
        // SAFETY: `runtime.errorText` returned a string: its two slots are the results
        // of the run, live until the next.
        let text = unsafe { GoValue::new(string, self.vm.results()) };
        <String as FromGo>::from_go(text).map_err(Error::Types)
    }
}

/// Which of a Go function's results a [`Func`] gives back.
#[derive(Copy, Clone, PartialEq, Eq)]
enum ResultsWanted {
    /// None (but a non-nil trailing error is still [`Error::Go`]).
    None,
    All,
    /// All but a trailing error, which is [`Error::Go`] if it is not nil.
    AllButError,
}

/// A Go function of a program, its signature checked against Rust's `A` (arguments) and
/// `R` (results); made by [`Instance::func`].
///
/// ```
/// # use govm::{Engine, Error};
/// let program = Engine::new().compile("package main\n\nfunc Add(a, b int) int { return a + b }\n")?;
/// let mut inst = program.instantiate()?;
/// // Looked up and checked once, then called without either.
/// let add = inst.func::<(i64, i64), i64>("Add")?;
/// let mut sum = 0;
/// for i in 0..10 {
///     sum = add.call(&mut inst, (sum, i))?;
/// }
/// assert_eq!(sum, 45);
/// # Ok::<(), Error>(())
/// ```
pub struct Func<A, R> {
    code: Arc<crate::bytecode::Program>,
    index: u32,
    results: ResultsWanted,
    /// The last result is an `error`.
    returns_error: bool,
    /// Set if the arguments are scalars the parameters take as their slots, and so
    /// need no conversion; likewise the results.
    write_args: Option<fn(&A, &mut Vec<u64>)>,
    read_results: Option<fn(&[u64]) -> R>,
}

impl<A, R> Clone for Func<A, R> {
    fn clone(&self) -> Self {
        Func {
            code: self.code.clone(),
            index: self.index,
            results: self.results,
            returns_error: self.returns_error,
            write_args: self.write_args,
            read_results: self.read_results,
        }
    }
}

impl<A: Args, R: Results> Func<A, R> {
    /// Calls the function in `inst`, an instance of the program it came from.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let src = "package main\n\nvar n int\n\nfunc Next() int { n++; return n }\n";
    /// let program = Engine::new().compile(src)?;
    /// let (mut a, mut b) = (program.instantiate()?, program.instantiate()?);
    /// let next = a.func::<(), i64>("Next")?;
    /// assert_eq!(next.call(&mut a, ())?, 1);
    /// assert_eq!(next.call(&mut a, ())?, 2);
    /// assert_eq!(next.call(&mut b, ())?, 1);
    /// // Another program's instance is refused, even one compiled from the same source.
    /// let mut other = Engine::new().compile(src)?.instantiate()?;
    /// assert!(matches!(next.call(&mut other, ()), Err(Error::Types(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn call(&self, inst: &mut Instance, args: A) -> Result<R, Error> {
        if !Arc::ptr_eq(&self.code, &inst.code) {
            return Err(self.types_error("a function of another program".into()));
        }
        let code = &*self.code;
        let f = &code.funcs[self.index as usize];
        inst.slots.clear();
        if let Some(write) = self.write_args {
            write(&args, &mut inst.slots);
        } else {
            let params = Types::new(code, &f.params);
            inst.vm
                .with_cache(|cache| {
                    let heap = value::HeapCache::new(cache);
                    let mut out = GoArgs::new(&heap, params, &mut inst.slots, "argument");
                    args.to_go_args(&mut out)?;
                    out.finish()
                })
                .map_err(|e| self.types_error(e))?;
        }
        inst.run(self.index)?;
        let out = inst.vm.results();
        let (value, error) = match self.results {
            ResultsWanted::All => (out, &[][..]),
            ResultsWanted::AllButError => out.split_at(out.len() - 2),
            ResultsWanted::None if self.returns_error => (&[][..], &out[out.len() - 2..]),
            ResultsWanted::None => (&[][..], &[][..]),
        };
        if let [iface, data] = *error
            && iface != 0
        {
            return Err(Error::Go(inst.error_text([iface, data])?));
        }
        if let Some(read) = self.read_results {
            return Ok(read(value));
        }
        // SAFETY: `value` is what the function just returned (`Vm::results`, the slots
        // of its results on the root goroutine's stack), less the trailing error's two
        // slots if the caller does not want it (`AllButError`): values of the types of
        // its first `R::COUNT` results (`func` checked the count), as the VM made them.
        // They stay live while `inst` is borrowed, as nothing runs until its next call.
        let results = unsafe { GoValues::new(Types::new(code, &f.results[..R::COUNT]), value) };
        R::from_go_results(results).map_err(|e| self.types_error(e))
    }

    fn types_error(&self, e: String) -> Error {
        Error::Types(format!("{}: {e}", self.code.funcs[self.index as usize].name))
    }
}

/// Cancels an [`Instance`] from any thread: a call in progress ends promptly with
/// [`Error::Cancelled`], and the instance with it (later calls fail with
/// [`Error::Ended`]).
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
    /// Ends the instance's call in progress, if any, with [`Error::Cancelled`] (or the
    /// next call, if none is), and the instance with it: the calls after that fail with
    /// [`Error::Ended`]. Safe to call from any thread, any number of times.
    ///
    /// ```
    /// # use govm::{Engine, Error};
    /// let program = Engine::new().compile("package main\n\nfunc One() int { return 1 }\n")?;
    /// let mut inst = program.instantiate()?;
    /// let handle = inst.cancel_handle();
    /// handle.cancel();
    /// handle.clone().cancel();
    /// // Cancelled before it started, the call does not run at all.
    /// assert!(matches!(inst.call::<_, i64>("One", ()), Err(Error::Cancelled)));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn cancel(&self) {
        self.0.stop(Stop::Cancelled);
    }
}

// Embedders move instances between threads (a pool of workers, say): keep them `Send`.
const _: fn() = || {
    fn send<T: Send>() {}
    send::<Instance>();
    send::<Program>();
    send::<Engine>();
};

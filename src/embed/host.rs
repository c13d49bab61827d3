//! Rust functions that Go scripts call: a host package of typed closures.
//!
//! Each package the embedder fills ([`Engine::host_func`](super::Engine::host_func)) is
//! compiled as Go source that declares its functions without bodies, so the checker
//! knows their signatures and a wrong call is a compile error like any other. The VM
//! runs the closure as it runs a library's Rust function: arguments are read from the
//! calling goroutine's slots and results written back, with no goroutine switch. A
//! closure that returns `Result` becomes a Go function with a trailing `error`: the
//! generated Go wrapper calls a hidden body-less function that returns the error's text
//! and whether there was one, and makes the `error` value itself with `errors.New`.

use std::collections::HashMap;
use std::fmt::{Display, Write as _};
use std::hash::Hash;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::convert::FromGoTuple;
use super::value::{GoArgs, GoValues, HeapCache, Types};
use super::{FromGo, Serde, ToGo};
use crate::bytecode::Program;
use crate::runtime::heap::OutOfMemory;
use crate::runtime::map::MapRace;
use crate::vm::{HostFn, Machine, Trap};

/// A Rust type a host function takes or returns. It converts as [`FromGo`] and
/// [`ToGo`] say, and names the Go type the function's generated declaration gives it:
/// `i64` is `int`, `String` is `string`, `Vec<T>` is `[]T`, `Option<T>` is `*T` and
/// `HashMap<K, V>` is `map[K]V`.
///
/// ```
/// use std::collections::HashMap;
/// use govm::embed::HostValue;
///
/// assert_eq!(<Vec<Option<u8>>>::go_type(), "[]*uint8");
/// assert_eq!(<HashMap<String, Vec<f64>>>::go_type(), "map[string][]float64");
/// ```
///
/// A type of the embedder's is one by converting as one that is, and naming its Go type:
///
/// ```
/// use govm::embed::{FromGo, GoOut, GoValue, HostValue, ToGo};
/// use govm::{Engine, Error};
///
/// /// A user's ID, a Go int.
/// struct UserId(i64);
///
/// impl ToGo for UserId {
///     fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
///         self.0.to_go(out)
///     }
/// }
///
/// impl FromGo for UserId {
///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
///         i64::from_go(v).map(UserId)
///     }
/// }
///
/// impl HostValue for UserId {
///     fn go_type() -> String {
///         "int".into()
///     }
/// }
///
/// let engine = Engine::new().host_func("users", "Next", |id: UserId| UserId(id.0 + 1));
/// let src = "package main\n\nimport \"users\"\n\nfunc Run() int { return users.Next(41) }\n";
/// assert_eq!(engine.compile(src)?.instantiate()?.call::<_, i64>("Run", ())?, 42);
/// # Ok::<(), Error>(())
/// ```
pub trait HostValue: FromGo + ToGo + Send + 'static {
    /// The Go type, as the generated declarations spell it.
    fn go_type() -> String;

    /// Adds the [`HostType`]s that the Go type names, for its package to declare.
    #[doc(hidden)]
    fn host_types(_out: &mut Vec<TypeDef>) {}
}

/// A Rust type that host functions take and return through serde, as
/// [`Serde<T>`](super::Serde): the host package declares it as the Go type `GO_DEF`
/// named `GO_NAME`, and its values convert as `Serde` converts them.
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
/// let engine = Engine::new().host_func("geo", "Mirror", |Serde(p): Serde<Point>| Serde(Point { x: p.y, y: p.x }));
/// let program = engine.compile(
///     r#"package main
///
///     import "geo"
///
///     func Run() int {
///         p := geo.Mirror(geo.Point{X: 1, Y: 2})
///         return 10*p.X + p.Y
///     }
///     "#,
/// )?;
/// assert_eq!(program.instantiate()?.call::<_, i64>("Run", ())?, 21);
/// # Ok::<(), Error>(())
/// ```
///
/// Each host package whose functions use the type declares it, so `a.Point` and
/// `b.Point` are different Go types. The definition may name other host types of its
/// package; one no function names is declared with
/// [`Engine::host_type`](super::Engine::host_type). Go's checker reads the definition:
/// a wrong one is an [`Error::Compile`](super::Error::Compile) naming the host
/// package's file. Whether it matches the Rust type is found when a value converts: a
/// mismatch is then a Go panic in the calling script, as a panicking closure's is.
pub trait HostType: Serialize + DeserializeOwned + Send + 'static {
    /// The Go type's name, an exported identifier: scripts write `host.Point` for
    /// `Point`.
    const GO_NAME: &'static str;
    /// The Go type it is defined as, as Go writes it after `type Point`:
    /// `struct{ X, Y int }`, `[]string`, `int`.
    const GO_DEF: &'static str;
}

/// A [`HostType`]'s Go declaration: `type {name} {def}`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeDef {
    name: &'static str,
    def: &'static str,
}

impl TypeDef {
    pub(crate) fn of<T: HostType>() -> TypeDef {
        TypeDef {
            name: T::GO_NAME,
            def: T::GO_DEF,
        }
    }
}

// A number or bool of a host function is of the Go type its Rust type names, so its
// slot conversions (`FromGo::FROM_SLOT`, `ToGo::AS_SLOT`) apply (as `Host::check`
// makes sure when a program compiles): host calls of such values consult no Go types.
macro_rules! host_values {
    ($($t:ty => $go:literal;)*) => {$(
        impl HostValue for $t {
            fn go_type() -> String {
                $go.into()
            }
        }
    )*};
}

host_values! {
    i64 => "int";
    isize => "int";
    i32 => "int32";
    i16 => "int16";
    i8 => "int8";
    u64 => "uint64";
    usize => "uint";
    u32 => "uint32";
    u16 => "uint16";
    u8 => "uint8";
    f64 => "float64";
    f32 => "float32";
    bool => "bool";
    String => "string";
}

impl<T: HostValue> HostValue for Vec<T> {
    fn go_type() -> String {
        format!("[]{}", T::go_type())
    }

    fn host_types(out: &mut Vec<TypeDef>) {
        T::host_types(out)
    }
}

impl<T: HostValue> HostValue for Option<T> {
    fn go_type() -> String {
        format!("*{}", T::go_type())
    }

    fn host_types(out: &mut Vec<TypeDef>) {
        T::host_types(out)
    }
}

impl<K: HostValue + Eq + Hash, V: HostValue> HostValue for HashMap<K, V> {
    fn go_type() -> String {
        format!("map[{}]{}", K::go_type(), V::go_type())
    }

    fn host_types(out: &mut Vec<TypeDef>) {
        K::host_types(out);
        V::host_types(out);
    }
}

impl<T: HostType> HostValue for Serde<T> {
    fn go_type() -> String {
        T::GO_NAME.into()
    }

    fn host_types(out: &mut Vec<TypeDef>) {
        out.push(TypeDef::of::<T>());
    }
}

/// What a host closure returns: nothing, one [`HostValue`], or a `Result` of either,
/// whose error becomes Go's trailing `error`.
///
/// ```
/// # use govm::{Engine, Error};
/// let engine = Engine::new()
///     // Returns nothing: a Go function without results.
///     .host_func("host", "Log", |_msg: String| {})
///     // Returns one value: `func Words(string) []string`.
///     .host_func("host", "Words", |s: String| s.split_whitespace().map(String::from).collect::<Vec<_>>())
///     // Returns a `Result<(), E>`: `func Check(string) error`.
///     .host_func("host", "Check", |s: String| if s.is_empty() { Err("empty") } else { Ok(()) });
/// let program = engine.compile(
///     r#"package main
///
///     import "host"
///
///     func Count(s string) (int, error) {
///         host.Log("counting")
///         if err := host.Check(s); err != nil {
///             return 0, err
///         }
///         return len(host.Words(s)), nil
///     }
///     "#,
/// )?;
/// let mut inst = program.instantiate()?;
/// assert_eq!(inst.call::<_, i64>("Count", ("a b c",))?, 3);
/// assert!(matches!(inst.call::<_, i64>("Count", ("",)), Err(Error::Go(m)) if m == "empty"));
/// # Ok::<(), Error>(())
/// ```
pub trait HostResult: Send + 'static + sealed::HostResult {
    /// The Go results, without the error.
    #[doc(hidden)]
    fn go_types() -> Vec<String>;
    /// Adds the [`HostType`]s the results name.
    #[doc(hidden)]
    fn host_types(_out: &mut Vec<TypeDef>) {}
    #[doc(hidden)]
    const FALLIBLE: bool;
    /// Writes the results (for a fallible one, the error's text and whether there is
    /// one come last).
    #[doc(hidden)]
    fn write(self, results: &mut GoArgs<'_>) -> Result<(), String>;
    /// For results that need no Go types and no heap (none, or one number or bool):
    /// writes them straight to their slots.
    #[doc(hidden)]
    const DIRECT: Option<fn(Self, &mut [u64])> = None;
    /// Whether `DIRECT`, if there is one, writes results of Go types `types` as they
    /// are.
    #[doc(hidden)]
    fn slots_fit(_types: Types<'_>) -> bool {
        true
    }
}

/// Keeps the host functions' traits to govm's own implementations, whose fast paths
/// write slots unchecked.
mod sealed {
    pub trait HostResult {}
    pub trait HostArgs {}
}

impl sealed::HostResult for () {}

impl<T: HostValue> sealed::HostResult for T {}

impl<T: HostOk, E: Display + Send + 'static> sealed::HostResult for Result<T, E> {}

impl HostResult for () {
    fn go_types() -> Vec<String> {
        Vec::new()
    }
    const FALLIBLE: bool = false;
    fn write(self, _: &mut GoArgs<'_>) -> Result<(), String> {
        Ok(())
    }
    const DIRECT: Option<fn(Self, &mut [u64])> = Some(|(), _| {});
}

impl<T: HostValue> HostResult for T {
    fn go_types() -> Vec<String> {
        vec![T::go_type()]
    }
    fn host_types(out: &mut Vec<TypeDef>) {
        <T as HostValue>::host_types(out)
    }
    const FALLIBLE: bool = false;
    fn write(self, results: &mut GoArgs<'_>) -> Result<(), String> {
        results.push(&self)
    }
    const DIRECT: Option<fn(Self, &mut [u64])> = match <T as ToGo>::AS_SLOT {
        Some(_) => Some(|v, out| out[0] = (<T as ToGo>::AS_SLOT.expect("matched above").conv)(&v)),
        None => None,
    };
    fn slots_fit(types: Types<'_>) -> bool {
        <T as ToGo>::AS_SLOT.is_none_or(|s| s.fits(types.get(0).kind()))
    }
}

impl<T: HostOk, E: Display + Send + 'static> HostResult for Result<T, E> {
    fn go_types() -> Vec<String> {
        T::go_types()
    }
    fn host_types(out: &mut Vec<TypeDef>) {
        T::host_types(out)
    }
    const FALLIBLE: bool = true;
    fn write(self, results: &mut GoArgs<'_>) -> Result<(), String> {
        match self {
            Ok(v) => {
                v.write(results)?;
                // No error: its text is empty, the zero value.
                results.push_zero()?;
                results.push(&false)
            }
            Err(e) => {
                // Go's zero values for the other results.
                for _ in 0..results.types().len() - 2 {
                    results.push_zero()?;
                }
                results.push(&e.to_string())?;
                results.push(&true)
            }
        }
    }
}

/// What a fallible host closure gives when it succeeds: nothing or one [`HostValue`]
/// (not another `Result`).
///
/// ```
/// # use govm::{Engine, Error};
/// let engine = Engine::new().host_func("host", "Split", |s: String| -> Result<Vec<String>, String> {
///     if s.is_empty() {
///         return Err("nothing to split".into());
///     }
///     Ok(s.split(',').map(String::from).collect())
/// });
/// let program = engine.compile(
///     r#"package main
///
///     import "host"
///
///     func Fields(s string) ([]string, error) { return host.Split(s) }
///     "#,
/// )?;
/// let mut inst = program.instantiate()?;
/// assert_eq!(inst.call::<_, Vec<String>>("Fields", ("a,b",))?, ["a", "b"]);
/// assert!(matches!(inst.call::<_, Vec<String>>("Fields", ("",)), Err(Error::Go(m)) if m == "nothing to split"));
/// # Ok::<(), Error>(())
/// ```
pub trait HostOk: HostResult {}

impl HostOk for () {}

impl<T: HostValue> HostOk for T {}

/// The arguments of a host function: a tuple of up to six [`HostValue`]s.
#[doc(hidden)]
pub trait HostArgs: Sized + Send + 'static + sealed::HostArgs {
    /// The Go parameter types.
    fn go_types() -> Vec<String>;
    /// Adds the [`HostType`]s the parameters name.
    fn host_types(out: &mut Vec<TypeDef>);
    /// Reads the arguments.
    fn read(args: GoValues<'_>) -> Result<Self, String>;
    /// Whether `read`'s fast path (if it takes it) reads arguments of Go types
    /// `types` as they are.
    fn slots_fit(types: Types<'_>) -> bool;
}

/// A Rust closure that can be a host function: `Fn(A, B, ...) -> R` for up to six
/// [`HostValue`] arguments and a [`HostResult`].
///
/// ```
/// # use govm::{Engine, Error};
/// use std::sync::atomic::{AtomicI64, Ordering};
/// use std::sync::Arc;
///
/// fn clamp(n: i64, lo: i64, hi: i64) -> i64 {
///     n.clamp(lo, hi)
/// }
///
/// let ticks = Arc::new(AtomicI64::new(0));
/// let counter = Arc::clone(&ticks);
/// let engine = Engine::new()
///     // A plain function serves as well as a closure.
///     .host_func("host", "Clamp", clamp)
///     // What a closure captures must be `Send + Sync`: any of the instance's threads may call it.
///     .host_func("host", "Tick", move || counter.fetch_add(1, Ordering::Relaxed) + 1);
/// let program = engine.compile(
///     r#"package main
///
///     import "host"
///
///     func Run() int {
///         host.Tick()
///         return host.Clamp(10*host.Tick(), 0, 15)
///     }
///     "#,
/// )?;
/// assert_eq!(program.instantiate()?.call::<_, i64>("Run", ())?, 15);
/// assert_eq!(ticks.load(Ordering::Relaxed), 2);
/// # Ok::<(), Error>(())
/// ```
pub trait IntoHostFn<Args: HostArgs>: Send + Sync + 'static {
    #[doc(hidden)]
    type Result: HostResult;
    #[doc(hidden)]
    fn call(&self, args: Args) -> Self::Result;
}

macro_rules! host_fns {
    ($(($($a:ident),*)),*) => {$(
        impl<$($a: HostValue),*> sealed::HostArgs for ($($a,)*) {}

        impl<$($a: HostValue),*> HostArgs for ($($a,)*) {
            fn go_types() -> Vec<String> {
                vec![$($a::go_type()),*]
            }

            #[allow(unused_variables)]
            fn host_types(out: &mut Vec<TypeDef>) {
                $(<$a as HostValue>::host_types(out);)*
            }

            fn read(args: GoValues<'_>) -> Result<Self, String> {
                // Known when compiled: arguments of a slot each need no Go types.
                if <Self as FromGoTuple>::ALL {
                    return Ok(<Self as FromGoTuple>::from_slots(args.slots()));
                }
                <Self as FromGoTuple>::read(args, "argument")
            }

            fn slots_fit(types: Types<'_>) -> bool {
                !<Self as FromGoTuple>::ALL || <Self as FromGoTuple>::slots_fit(types)
            }
        }

        impl<Func, Res, $($a),*> IntoHostFn<($($a,)*)> for Func
        where
            Func: Fn($($a),*) -> Res + Send + Sync + 'static,
            Res: HostResult,
            $($a: HostValue,)*
        {
            type Result = Res;

            #[allow(non_snake_case)]
            fn call(&self, ($($a,)*): ($($a,)*)) -> Res {
                self($($a),*)
            }
        }
    )*};
}

host_fns!(
    (),
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);

/// Reads a host function's arguments (function `func`'s parameters) at `base`.
fn read_args<Args: HostArgs>(m: &mut Machine<'_>, base: usize, func: u32) -> Result<Args, Trap> {
    let prog = m.prog;
    let f = &prog.funcs[func as usize];
    // SAFETY: the VM runs the Rust function of function `func` with its arguments in
    // the goroutine's slots from `base`: values of its parameters' types, as the checker
    // typed the call and the verified bytecode wrote them. Nothing collects while a Rust
    // function runs.
    let args = unsafe {
        GoValues::new(
            Types::new(prog, &f.params),
            &m.g.stack[base..base + f.param_slots as usize],
        )
    };
    // Reading a map while another goroutine writes it is the script's race: the
    // conversion unwinds with it (see `value::claim_entries`), to end the run here as
    // Go's fatal error.
    match std::panic::catch_unwind(|| Args::read(args)) {
        Ok(read) => {
            // The checker made the Go types match, so only a conversion of the
            // embedder's fails here (a `HostType` whose Go definition does not fit its
            // Rust type, a `HostValue` whose `FromGo` refuses its own Go type): its
            // bug, reported as a panic, as is a conversion's panic.
            read.map_err(|e| m.trap_string(&e))
        }
        Err(p) => match p.downcast::<MapRace>() {
            Ok(race) => Err(m.fatal_error(race.message())),
            Err(p) => Err(host_panic(m, p)),
        },
    }
}

/// Makes a closure a Rust function that runs it on the calling goroutine's thread.
fn rust_fn<Args: HostArgs, F: IntoHostFn<Args>>(f: F) -> HostFn {
    Arc::new(move |m: &mut Machine<'_>, base: usize, func: u32| {
        let args = read_args::<Args>(m, base, func)?;
        finish(m, base, func, || f.call(args))
    })
}

/// Makes a closure a Rust function that parks the calling goroutine and runs it on a
/// helper thread (see `vm::blocking`).
fn blocking_rust_fn<Args: HostArgs, F: IntoHostFn<Args>>(f: F) -> HostFn {
    let f = Arc::new(f);
    Arc::new(move |m: &mut Machine<'_>, base: usize, func: u32| {
        let args = read_args::<Args>(m, base, func)?;
        let f = Arc::clone(&f);
        m.block_on(Box::new(move || {
            // Caught here, to be raised again where `finish` turns it into a Go panic.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f.call(args)));
            Box::new(move |m: &mut Machine<'_>| {
                finish(m, base, func, || {
                    result.unwrap_or_else(|p| std::panic::resume_unwind(p))
                })
            })
        }))
    })
}

/// Writes the results of `call` (a host closure's, for function `func`) to the
/// goroutine's slots at `base`, where the VM reserved room for them.
fn finish<R: HostResult>(m: &mut Machine<'_>, base: usize, func: u32, call: impl FnOnce() -> R) -> Result<(), Trap> {
    // A panicking closure (or error's Display) is the host's bug, but it must not unwind
    // through the VM: the script sees a Go panic instead.
    if let Some(direct) = R::DIRECT {
        return match std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)) {
            Ok(r) => {
                direct(r, &mut m.g.stack[base..]);
                Ok(())
            }
            Err(p) => Err(host_panic(m, p)),
        };
    }
    let prog = m.prog;
    let types = Types::new(prog, &prog.funcs[func as usize].results);
    let mut out = std::mem::take(&mut m.host_out);
    out.clear();
    let written = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let heap = HeapCache::new(&mut m.heap);
        let mut results = GoArgs::new(&heap, types, &mut out, "result");
        call().write(&mut results)?;
        results.finish()
    }));
    let done = match written {
        Ok(Ok(())) => {
            m.g.stack[base..base + out.len()].copy_from_slice(&out);
            Ok(())
        }
        Ok(Err(conversion)) => Err(m.trap_string(&conversion)),
        Err(p) => Err(host_panic(m, p)),
    };
    m.host_out = out;
    done
}

/// The Go panic a host function's Rust panic becomes. Running out of memory is no
/// panic of the host's: it ends the run, as anywhere else.
#[cold]
fn host_panic(m: &mut Machine<'_>, p: Box<dyn std::any::Any + Send>) -> Trap {
    if p.is::<OutOfMemory>() {
        std::panic::resume_unwind(p);
    }
    m.trap_string(&crate::vm::panic_message(&*p))
}

/// A host function as an [`Engine`](super::Engine) holds it.
#[derive(Clone)]
pub(crate) struct HostDecl {
    /// The import path of its package.
    pub package: String,
    pub name: String,
    params: Vec<String>,
    results: Vec<String>,
    /// The host types its signature names.
    types: Vec<TypeDef>,
    fallible: bool,
    /// The Rust function that runs the closure.
    run: HostFn,
    /// Whether `run`'s fast paths read and write the compiled parameter and result
    /// types as they are (see [`Host::check`]).
    slots_fit: fn(Types<'_>, Types<'_>) -> bool,
}

impl std::fmt::Debug for HostDecl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}{}", self.package, self.name, self.signature())
    }
}

impl HostDecl {
    /// The function `package.name` running `f`, on a helper thread if `blocking`.
    pub fn new<Args: HostArgs, F: IntoHostFn<Args>>(package: &str, name: &str, f: F, blocking: bool) -> HostDecl {
        let mut types = Vec::new();
        Args::host_types(&mut types);
        F::Result::host_types(&mut types);
        HostDecl {
            package: package.to_string(),
            name: name.to_string(),
            params: Args::go_types(),
            results: F::Result::go_types(),
            types,
            fallible: F::Result::FALLIBLE,
            run: if blocking { blocking_rust_fn(f) } else { rust_fn(f) },
            slots_fit: |params, results| Args::slots_fit(params) && F::Result::slots_fit(results),
        }
    }

    /// The parameter list: `a0 int, a1 string`.
    fn params(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .enumerate()
            .map(|(i, t)| format!("a{i} {t}"))
            .collect();
        params.join(", ")
    }

    /// The Go signature: `(a0 int, a1 string) (int, error)`.
    fn signature(&self) -> String {
        let mut results: Vec<&str> = self.results.iter().map(String::as_str).collect();
        if self.fallible {
            results.push("error");
        }
        let results = match results.as_slice() {
            [] => String::new(),
            [one] => format!(" {one}"),
            many => format!(" ({})", many.join(", ")),
        };
        format!("({}){results}", self.params())
    }

    /// The name of the body-less function the Go wrapper of a fallible one calls.
    fn inner_name(&self) -> String {
        format!("_{}", self.name)
    }

    /// The qualified name of the Rust function that runs the closure.
    fn rust_name(&self) -> String {
        let name = if self.fallible {
            self.inner_name()
        } else {
            self.name.clone()
        };
        format!("{}.{name}", self.package)
    }

    /// The Go declarations of the function.
    fn write_go(&self, out: &mut String) {
        if !self.fallible {
            let _ = writeln!(out, "\nfunc {}{}", self.name, self.signature());
            return;
        }
        let args: Vec<String> = (0..self.params.len()).map(|i| format!("a{i}")).collect();
        let values: Vec<String> = (0..self.results.len()).map(|i| format!("r{i}")).collect();
        let lhs: Vec<&str> = values.iter().map(String::as_str).chain(["msg", "failed"]).collect();
        let ret = |err: &str| {
            values
                .iter()
                .map(String::as_str)
                .chain([err])
                .collect::<Vec<_>>()
                .join(", ")
        };
        let inner_results: Vec<&str> = self
            .results
            .iter()
            .map(String::as_str)
            .chain(["string", "bool"])
            .collect();
        let _ = write!(
            out,
            "\nfunc {name}{sig} {{\n\t{lhs} := {inner}({args})\n\tif failed {{\n\t\treturn {err}\n\t}}\n\treturn {ok}\n}}\n\nfunc {inner}({params}) ({inner_results})\n",
            name = self.name,
            sig = self.signature(),
            lhs = lhs.join(", "),
            inner = self.inner_name(),
            args = args.join(", "),
            err = ret("errors.New(msg)"),
            ok = ret("nil"),
            params = self.params(),
            inner_results = inner_results.join(", "),
        );
    }
}

/// What an engine adds to Go: host functions, and the host types of each package.
#[derive(Clone, Debug, Default)]
pub(crate) struct Host {
    funcs: Vec<HostDecl>,
    /// (package, type), in the order the package declares them; maybe repeated.
    types: Vec<(String, TypeDef)>,
}

impl Host {
    pub fn add_func(&mut self, f: HostDecl) {
        self.types.extend(f.types.iter().map(|&t| (f.package.clone(), t)));
        self.funcs.push(f);
    }

    pub fn add_type(&mut self, package: &str, t: TypeDef) {
        self.types.push((package.to_string(), t));
    }

    /// Checks the names: what Go would reject or confuse.
    pub fn validate(&self) -> Result<(), String> {
        let ident = |s: &str| {
            let mut cs = s.chars();
            cs.next().is_some_and(|c| c.is_alphabetic() || c == '_') && cs.all(|c| c.is_alphanumeric() || c == '_')
        };
        let exported = |s: &str| ident(s) && s.starts_with(char::is_uppercase);
        let packages = self
            .funcs
            .iter()
            .map(|f| &f.package)
            .chain(self.types.iter().map(|(p, _)| p));
        for p in packages {
            if p.is_empty() || !p.split('/').all(ident) {
                return Err(format!("host package path {p:?} is not a valid import path"));
            }
            if crate::runtime::std_source(p).is_some() || p == "main" {
                return Err(format!("host package {p:?} would hide the standard package"));
            }
        }
        for (i, d) in self.funcs.iter().enumerate() {
            if !exported(&d.name) {
                return Err(format!(
                    "host function name {:?} is not an exported Go identifier",
                    d.name
                ));
            }
            if self.funcs[..i]
                .iter()
                .any(|e| e.package == d.package && e.name == d.name)
            {
                return Err(format!("host function {}.{} is registered twice", d.package, d.name));
            }
        }
        for (i, (p, t)) in self.types.iter().enumerate() {
            if !exported(t.name) {
                return Err(format!("host type name {:?} is not an exported Go identifier", t.name));
            }
            if let Some((_, u)) = self.types[..i]
                .iter()
                .find(|(q, u)| q == p && u.name == t.name && u.def != t.def)
            {
                return Err(format!(
                    "host type {p}.{} is defined twice: as {} and as {}",
                    t.name, u.def, t.def
                ));
            }
        }
        Ok(())
    }

    /// The Go source of each host package: (import path, source).
    pub fn packages(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let source = |out: &mut Vec<(String, String)>, package: &str| -> usize {
            if let Some(at) = out.iter().position(|(p, _)| p == package) {
                return at;
            }
            let name = package.rsplit('/').next().unwrap_or(package);
            let uses_errors = self.funcs.iter().any(|f| f.package == package && f.fallible);
            let imports = if uses_errors { "\nimport \"errors\"\n" } else { "" };
            out.push((
                package.to_string(),
                format!("// Host functions of the embedding program.\npackage {name}\n{imports}"),
            ));
            out.len() - 1
        };
        let mut declared: Vec<(&str, &str)> = Vec::new();
        for (p, t) in &self.types {
            let at = source(&mut out, p);
            if !declared.contains(&(p, t.name)) {
                declared.push((p, t.name));
                let _ = write!(out[at].1, "\ntype {} {}\n", t.name, t.def);
            }
        }
        for f in &self.funcs {
            let at = source(&mut out, &f.package);
            f.write_go(&mut out[at].1);
        }
        out
    }

    /// Checks that the program `code` compiled each host function it uses with the
    /// parameters and results that its Rust function reads and writes unchecked: a
    /// number's slot where it returns a number, say. Only Go text of the embedder's can
    /// make them differ (a host type's definition declaring a predeclared name,
    /// `type int string`, or a `HostValue`'s Go type adding a parameter), and then the
    /// Rust function would write a number where Go reads a string.
    pub fn check(&self, code: &Program) -> Result<(), String> {
        let rust_fns: HashMap<&str, &crate::bytecode::Func> = code
            .funcs
            .iter()
            .filter_map(|f| Some((f.rust.as_deref()?, f)))
            .collect();
        for d in &self.funcs {
            let Some(f) = rust_fns.get(d.rust_name().as_str()) else {
                continue;
            };
            // The Rust function of a fallible one also returns the error's text and
            // whether there is one.
            let results = d.results.len() + if d.fallible { 2 } else { 0 };
            let (params, result_types) = (Types::new(code, &f.params), Types::new(code, &f.results));
            if f.params.len() != d.params.len() || f.results.len() != results || !(d.slots_fit)(params, result_types) {
                let names = |list: &[crate::bytecode::rtype::TypeIdx]| {
                    list.iter()
                        .map(|&t| code.ty(t).name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                return Err(format!(
                    "host function {}.{}{} compiles as ({}) ({}), which its Rust types do not take: does a host type's definition redeclare a predeclared type?",
                    d.package,
                    d.name,
                    d.signature(),
                    names(&f.params),
                    names(&f.results)
                ));
            }
        }
        Ok(())
    }

    /// The Rust functions that run the closures, by qualified name.
    pub fn rust_fns(&self) -> HashMap<String, HostFn> {
        self.funcs.iter().map(|d| (d.rust_name(), d.run.clone())).collect()
    }
}

//! Rust functions that Go scripts call: a host package of typed closures.
//!
//! Each package the embedder fills ([`Engine::host_func`](super::Engine::host_func)) is
//! compiled as Go source that declares its functions without bodies, so the checker
//! knows their signatures and a wrong call is a compile error like any other. The VM
//! runs the closure as it runs a runtime native: arguments are read from the calling
//! goroutine's slots and results written back, with no goroutine switch. A closure that
//! returns `Result` becomes a Go function with a trailing `error`: the generated Go
//! wrapper calls a hidden native that returns the error's text and whether there was
//! one, and makes the `error` value itself with `errors.New`.

use std::fmt::{Display, Write as _};
use std::sync::Arc;

use crate::runtime::heap::bytes_at;
use crate::vm::{HostFn, Machine};

/// A Rust type that crosses into Go and back as a value of one fixed Go type.
pub trait HostValue: Sized + 'static {
    /// The Go type, as the generated declarations spell it.
    const GO_TYPE: &'static str;
    /// How many 64-bit slots the Go value takes.
    const SLOTS: usize;
    /// Reads the value from its slots (the checker guarantees the type).
    #[doc(hidden)]
    fn read(slots: &[u64]) -> Self;
    /// Writes the value's slots.
    #[doc(hidden)]
    fn write(self, m: &mut HostCtx<'_, '_>, out: &mut [u64]);
}

macro_rules! host_ints {
    ($($t:ty => $go:literal),*) => {$(
        impl HostValue for $t {
            const GO_TYPE: &'static str = $go;
            const SLOTS: usize = 1;
            fn read(slots: &[u64]) -> Self {
                slots[0] as $t
            }
            fn write(self, _: &mut HostCtx<'_, '_>, out: &mut [u64]) {
                // Sign- or zero-extended, as the VM keeps every integer.
                out[0] = self as i64 as u64;
            }
        }
    )*};
}

host_ints!(i64 => "int", isize => "int", i32 => "int32", i16 => "int16", i8 => "int8",
    u64 => "uint64", usize => "uint", u32 => "uint32", u16 => "uint16", u8 => "uint8");

impl HostValue for f64 {
    const GO_TYPE: &'static str = "float64";
    const SLOTS: usize = 1;
    fn read(slots: &[u64]) -> Self {
        f64::from_bits(slots[0])
    }
    fn write(self, _: &mut HostCtx<'_, '_>, out: &mut [u64]) {
        out[0] = self.to_bits();
    }
}

impl HostValue for f32 {
    const GO_TYPE: &'static str = "float32";
    const SLOTS: usize = 1;
    fn read(slots: &[u64]) -> Self {
        f64::from_bits(slots[0]) as f32
    }
    fn write(self, _: &mut HostCtx<'_, '_>, out: &mut [u64]) {
        out[0] = (self as f64).to_bits();
    }
}

impl HostValue for bool {
    const GO_TYPE: &'static str = "bool";
    const SLOTS: usize = 1;
    fn read(slots: &[u64]) -> Self {
        slots[0] != 0
    }
    fn write(self, _: &mut HostCtx<'_, '_>, out: &mut [u64]) {
        out[0] = self as u64;
    }
}

impl HostValue for String {
    const GO_TYPE: &'static str = "string";
    const SLOTS: usize = 2;
    /// Invalid UTF-8 in the Go string is replaced by U+FFFD.
    fn read(slots: &[u64]) -> Self {
        String::from_utf8_lossy(bytes_at(slots[0], slots[1])).into_owned()
    }
    fn write(self, m: &mut HostCtx<'_, '_>, out: &mut [u64]) {
        let (p, n) = m.0.new_string(self.as_bytes());
        out[0] = p;
        out[1] = n;
    }
}

/// What a host closure returns: nothing, one [`HostValue`], or a `Result` of either,
/// whose error becomes Go's trailing `error`.
pub trait HostResult: 'static {
    /// The Go results, without the error.
    #[doc(hidden)]
    const GO_TYPES: &'static [&'static str];
    #[doc(hidden)]
    const FALLIBLE: bool;
    /// Writes the results' slots (and for a fallible one the error's text and whether
    /// there is one, after them).
    #[doc(hidden)]
    fn write(self, m: &mut HostCtx<'_, '_>, out: &mut [u64]);
}

impl HostResult for () {
    const GO_TYPES: &'static [&'static str] = &[];
    const FALLIBLE: bool = false;
    fn write(self, _: &mut HostCtx<'_, '_>, _: &mut [u64]) {}
}

impl<T: HostValue> HostResult for T {
    const GO_TYPES: &'static [&'static str] = &[T::GO_TYPE];
    const FALLIBLE: bool = false;
    fn write(self, m: &mut HostCtx<'_, '_>, out: &mut [u64]) {
        HostValue::write(self, m, out);
    }
}

impl<T: HostOk, E: Display + 'static> HostResult for Result<T, E> {
    const GO_TYPES: &'static [&'static str] = T::GO_TYPES;
    const FALLIBLE: bool = true;
    fn write(self, m: &mut HostCtx<'_, '_>, out: &mut [u64]) {
        let n = slots_of(T::GO_TYPES);
        match self {
            Ok(v) => {
                v.write(m, out);
                out[n..n + 3].fill(0);
            }
            Err(e) => {
                // Go's zero values for the other results: every slot zero.
                out[..n].fill(0);
                HostValue::write(e.to_string(), m, &mut out[n..n + 2]);
                out[n + 2] = 1;
            }
        }
    }
}

/// What a fallible host closure gives when it succeeds: nothing or one [`HostValue`]
/// (not another `Result`).
pub trait HostOk: HostResult {}

impl HostOk for () {}

impl<T: HostValue> HostOk for T {}

/// The slots of values of these Go types (as `HostValue` spells them).
fn slots_of(types: &[&str]) -> usize {
    types.iter().map(|t| if *t == "string" { 2 } else { 1 }).sum()
}

/// A Rust closure that can be a host function: `Fn(A, B, ...) -> R` for up to six
/// [`HostValue`] arguments and a [`HostResult`].
pub trait IntoHostFn<Args>: Send + Sync + 'static {
    #[doc(hidden)]
    fn go_params() -> Vec<&'static str>;
    #[doc(hidden)]
    fn go_results() -> (&'static [&'static str], bool);
    #[doc(hidden)]
    fn into_native(self) -> HostNative;
}

/// Where a host function writes its results (its goroutine's machine).
#[doc(hidden)]
pub struct HostCtx<'a, 'm>(&'a mut Machine<'m>);

/// A host closure made into a native of the VM.
#[doc(hidden)]
pub struct HostNative(HostFn);

macro_rules! host_fns {
    ($(($($a:ident),*)),*) => {$(
        impl<Func, Res, $($a),*> IntoHostFn<($($a,)*)> for Func
        where
            Func: Fn($($a),*) -> Res + Send + Sync + 'static,
            Res: HostResult,
            $($a: HostValue,)*
        {
            fn go_params() -> Vec<&'static str> {
                vec![$($a::GO_TYPE),*]
            }

            fn go_results() -> (&'static [&'static str], bool) {
                (Res::GO_TYPES, Res::FALLIBLE)
            }

            #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
            fn into_native(self) -> HostNative {
                HostNative(Arc::new(move |m: &mut Machine<'_>, base: usize| {
                    let mut at = base;
                    $(
                        let $a = $a::read(&m.g.stack[at..at + $a::SLOTS]);
                        at += $a::SLOTS;
                    )*
                    let n = slots_of(Res::GO_TYPES) + if Res::FALLIBLE { 3 } else { 0 };
                    // The VM reserved room for the results where the arguments were.
                    let mut out = [0u64; MAX_RESULT_SLOTS];
                    // A panicking closure (or error's Display) is the host's bug, but it
                    // must not unwind through the VM: the script sees a Go panic instead.
                    let call = std::panic::AssertUnwindSafe(|| self($($a),*).write(&mut HostCtx(m), &mut out[..n]));
                    if let Err(p) = std::panic::catch_unwind(call) {
                        return Err(m.trap_string(&crate::vm::panic_message(&*p)));
                    }
                    m.g.stack[base..base + n].copy_from_slice(&out[..n]);
                    Ok(())
                }))
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

/// Slots a host function's results take at most: a string, and an error's text and flag.
const MAX_RESULT_SLOTS: usize = 5;

/// A host function as an [`Engine`](super::Engine) holds it.
#[derive(Clone)]
pub(crate) struct HostDecl {
    /// The import path of its package.
    pub package: String,
    pub name: String,
    params: Vec<&'static str>,
    results: &'static [&'static str],
    fallible: bool,
    native: HostFn,
}

impl std::fmt::Debug for HostDecl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}{}", self.package, self.name, self.signature())
    }
}

impl HostDecl {
    pub fn new<Args, F: IntoHostFn<Args>>(package: &str, name: &str, f: F) -> HostDecl {
        let (results, fallible) = F::go_results();
        HostDecl {
            package: package.to_string(),
            name: name.to_string(),
            params: F::go_params(),
            results,
            fallible,
            native: f.into_native().0,
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
        let mut results: Vec<&str> = self.results.to_vec();
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

    /// The qualified name of the native that runs the closure.
    fn native_name(&self) -> String {
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
        let inner_results: Vec<&str> = self.results.iter().copied().chain(["string", "bool"]).collect();
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

/// Checks the host functions' names: what Go would reject or confuse.
pub(crate) fn validate(decls: &[HostDecl]) -> Result<(), String> {
    let ident = |s: &str| {
        let mut cs = s.chars();
        cs.next().is_some_and(|c| c.is_alphabetic() || c == '_') && cs.all(|c| c.is_alphanumeric() || c == '_')
    };
    for (i, d) in decls.iter().enumerate() {
        if d.package.is_empty() || !d.package.split('/').all(ident) {
            return Err(format!("host package path {:?} is not a valid import path", d.package));
        }
        if crate::runtime::std_source(&d.package).is_some() || d.package == "main" {
            return Err(format!("host package {:?} would hide the standard package", d.package));
        }
        if !ident(&d.name) || !d.name.starts_with(|c: char| c.is_uppercase()) {
            return Err(format!(
                "host function name {:?} is not an exported Go identifier",
                d.name
            ));
        }
        if decls[..i].iter().any(|e| e.package == d.package && e.name == d.name) {
            return Err(format!("host function {}.{} is registered twice", d.package, d.name));
        }
    }
    Ok(())
}

/// The Go source of each host package: (import path, source).
pub(crate) fn packages(decls: &[HostDecl]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for d in decls {
        let at = match out.iter().position(|(p, _)| *p == d.package) {
            Some(at) => at,
            None => {
                let name = d.package.rsplit('/').next().unwrap_or(&d.package);
                let uses_errors = decls.iter().any(|e| e.package == d.package && e.fallible);
                let imports = if uses_errors { "\nimport \"errors\"\n" } else { "" };
                out.push((
                    d.package.clone(),
                    format!("// Host functions of the embedding program.\npackage {name}\n{imports}"),
                ));
                out.len() - 1
            }
        };
        d.write_go(&mut out[at].1);
    }
    out
}

/// The natives that run the closures, by qualified name.
pub(crate) fn natives(decls: &[HostDecl]) -> std::collections::HashMap<String, HostFn> {
    decls.iter().map(|d| (d.native_name(), d.native.clone())).collect()
}

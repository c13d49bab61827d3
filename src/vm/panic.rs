//! Run-time panics: Go's messages, panic values and the report printed when a panic is
//! not recovered.

use super::Machine;
use super::goroutine::Panicking;
use crate::bytecode::rtype::Kind;
use crate::runtime::heap::{PtrLayout, bytes_at, store};
use crate::runtime::value::iface_slots;

/// Why the interpreter stopped early.
#[derive(Debug)]
pub enum Trap {
    /// A Go panic: the value as an interface (type word, data word), and the trace.
    Panic(PanicInfo),
    /// A panic that has run every deferred call without being recovered, on its way out
    /// of the interpreter.
    Unwound(PanicInfo),
    /// `os.Exit(code)`.
    Exit(i32),
    /// A fatal runtime error, with its full message.
    Fatal(String),
    /// A limit was passed (a fatal error too, for `govm run`), with the full message.
    Limit(Limit, String),
    /// The goroutine parked in a wait queue; another thread will make it runnable.
    Park,
    /// The goroutine was asked to yield (preemption, `runtime.Gosched`).
    Yield,
}

/// A panic nobody recovered, as it ended a run.
///
/// ```
/// use govm::embed::PanicValue;
/// use govm::{Engine, Error};
///
/// let program = Engine::new().compile(
///     r#"package main
///
///     func Half(n int) int {
///         if n%2 != 0 {
///             panic(n)
///         }
///         return n / 2
///     }
///     "#,
/// )?;
/// let Err(Error::Panic(p)) = program.instantiate()?.call::<_, i64>("Half", (7,)) else {
///     panic!("Half(7) should panic");
/// };
/// assert_eq!(p.value, PanicValue::Int(7));
/// assert_eq!(p.message, "7");
/// assert_eq!(p.stack[0].function, "main.Half");
/// // The report is what `go run` would print, naming the same goroutine.
/// assert!(p.report.starts_with(&format!("panic: 7\n\ngoroutine {} [running]:\n", p.goroutine)));
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Panic {
    /// The value given to `panic` (the last one, when a deferred call panicked again).
    pub value: PanicValue,
    /// The value as Go prints it after `panic: ` (`runtime error: index out of range [5]
    /// with length 3`, `main.Code(3)`).
    pub message: String,
    /// The id of the goroutine that panicked.
    pub goroutine: u64,
    /// Its calls when it panicked, innermost first.
    pub stack: Vec<StackFrame>,
    /// Go's whole report, as `go run` prints it to stderr.
    pub report: String,
}

/// One call of a panicking goroutine's stack.
///
/// ```
/// use govm::embed::StackFrame;
/// use govm::{Engine, Error};
///
/// let src = "package main\n\nfunc Outer() { inner() }\n\nfunc inner() {\n\tpanic(\"deep\")\n}\n";
/// let program = Engine::new().compile(src)?;
/// let Err(Error::Panic(p)) = program.instantiate()?.call::<_, ()>("Outer", ()) else {
///     panic!("Outer should panic");
/// };
/// let frame = |function: &str, line| StackFrame { function: function.into(), file: "script.go".into(), line };
/// // Innermost first, each at the line it had reached.
/// assert_eq!(p.stack, [frame("main.inner", 6), frame("main.Outer", 3)]);
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackFrame {
    /// As Go's tracebacks name it: `main.f`, `main.(*T).M`, `main.main.func1`.
    pub function: String,
    pub file: String,
    pub line: u32,
}

/// A Go panic value, as Rust sees it.
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
///     type Point struct{ X, Y int }
///
///     func Panic(kind string) {
///         switch kind {
///         case "string":
///             panic("boom")
///         case "uint":
///             panic(uint8(7))
///         case "error":
///             panic(errors.New("broken"))
///         }
///         panic(Point{1, 2})
///     }
///     "#,
/// )?;
/// // Each panic ends its instance: a fresh one for each.
/// let value = |kind: &str| -> Result<PanicValue, Error> {
///     match program.instantiate()?.call::<_, ()>("Panic", (kind,)) {
///         Err(Error::Panic(p)) => Ok(p.value),
///         other => panic!("{other:?}"),
///     }
/// };
/// assert_eq!(value("string")?, PanicValue::String("boom".into()));
/// assert_eq!(value("uint")?, PanicValue::Uint(7));
/// assert_eq!(value("error")?, PanicValue::Error("broken".into()));
/// assert_eq!(value("point")?, PanicValue::Other { type_name: "main.Point".into() });
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PanicValue {
    Bool(bool),
    /// A value of a signed integer type (named or not).
    Int(i64),
    /// A value of an unsigned integer type.
    Uint(u64),
    /// A value of a float type.
    Float(f64),
    /// A value of a string type.
    String(String),
    /// A value with an `Error() string` method (every run-time error, `errors.New`,
    /// `fmt.Errorf`; and `panic(nil)`, which since Go 1.21 panics with a
    /// `*runtime.PanicNilError`): its text.
    Error(String),
    /// Anything else: a struct, a pointer, a slice... Its text is the panic's
    /// `message`.
    Other {
        /// As Go names it: `main.Point`, `*main.T`.
        type_name: String,
    },
}

/// The limits a program runs within.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    /// A goroutine's stack grew past [`Config::max_stack_bytes`](super::Config::max_stack_bytes).
    Stack,
    /// A `go` statement would pass [`Config::max_goroutines`](super::Config::max_goroutines).
    Goroutines,
    /// The heap passed [`Config::max_heap_bytes`](super::Config::max_heap_bytes).
    Memory,
    /// The instruction budget is spent ([`Vm::set_fuel`](super::Vm::set_fuel)).
    Fuel,
}

#[derive(Debug)]
pub struct PanicInfo {
    pub value: [u64; 2],
    /// Earlier panics that this one interrupted, printed first by Go, with whether each
    /// was recovered.
    pub earlier: Vec<([u64; 2], bool)>,
    pub trace: Vec<(u32, u32)>,
    /// The texts of the values that have an `Error` (true) or `String` method, earlier
    /// ones first, made by Go code when the panic ended its goroutine (see
    /// `Machine::print_panic_values`); empty until then.
    pub texts: Vec<Option<(String, bool)>>,
}

/// `runtime.panicTexts`'s kinds of text (`panicError`, `panicStringer` in
/// `std/runtime.go`).
pub(crate) const PANIC_TEXT_ERROR: u64 = 1;
pub(crate) const PANIC_TEXT_STRING: u64 = 2;

impl PanicInfo {
    pub fn new(value: [u64; 2]) -> PanicInfo {
        PanicInfo {
            value,
            earlier: Vec::new(),
            trace: Vec::new(),
            texts: Vec::new(),
        }
    }
}

impl Machine<'_> {
    /// A run-time error panic value: `runtime.Error` holding `msg`.
    pub(crate) fn runtime_error(&mut self, msg: &str) -> [u64; 2] {
        let (p, n) = self.new_string(format!("runtime error: {msg}").as_bytes());
        self.string_iface(self.prog.well_known.runtime_error.0, p, n)
    }

    /// A panic value that is a plain message of the runtime (not a runtime.Error), such
    /// as `assignment to entry in nil map`... which Go also reports as a runtime error.
    pub(crate) fn plain_error(&mut self, msg: &str) -> [u64; 2] {
        let (p, n) = self.new_string(msg.as_bytes());
        self.string_iface(self.prog.well_known.runtime_error.0, p, n)
    }

    fn string_iface(&mut self, ty: u32, p: u64, n: u64) -> [u64; 2] {
        let b = self.heap.alloc(2, PtrLayout::Values(self.prog.well_known.string));
        store(b, p);
        store(b + 8, n);
        [ty as u64 + 1, b]
    }

    pub(crate) fn trap_runtime(&mut self, msg: &str) -> Trap {
        let v = self.runtime_error(msg);
        Trap::Panic(PanicInfo::new(v))
    }

    /// A panic whose value is the string `msg`, as `panic(msg)` makes.
    pub(crate) fn trap_string(&mut self, msg: &str) -> Trap {
        let (p, n) = self.new_string(msg.as_bytes());
        let v = self.string_iface(self.prog.well_known.string.0, p, n);
        Trap::Panic(PanicInfo::new(v))
    }

    /// A panic with one of the runtime's plain messages (`close of nil channel`).
    pub(crate) fn trap_plain(&mut self, msg: &str) -> Trap {
        let v = self.plain_error(msg);
        Trap::Panic(PanicInfo::new(v))
    }

    /// The text Go prints for an unrecovered panic in goroutine `goid`.
    pub(crate) fn panic_report(&mut self, p: &PanicInfo, goid: u64) -> Box<Panic> {
        let mut s = String::new();
        let last = (p.value, false);
        let (mut message, mut by_error) = (String::new(), false);
        for (i, (v, recovered)) in p.earlier.iter().chain(std::iter::once(&last)).enumerate() {
            if i > 0 {
                s.push('\t');
            }
            s.push_str("panic: ");
            (message, by_error) = match p.texts.get(i) {
                Some(Some(text)) => text.clone(),
                _ if v[0] == self.prog.well_known.runtime_error.0 as u64 + 1 => {
                    // Its Error method gives its string as it is.
                    let s = iface_slots(&self.prog.types, v[0], &v[1]);
                    (String::from_utf8_lossy(bytes_at(s[0], s[1])).into_owned(), true)
                }
                _ => (self.plain_panic_text(*v), false),
            };
            s.push_str(&message);
            if *recovered {
                s.push_str(" [recovered]");
            }
            s.push('\n');
        }
        if message.ends_with("nil pointer dereference") {
            s.push_str("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n");
        }
        s.push_str(&format!("\ngoroutine {goid} [running]:\n"));
        let stack = self.stack_frames(&p.trace);
        push_frames(&mut s, &stack);
        Box::new(Panic {
            value: if by_error {
                PanicValue::Error(message.clone())
            } else {
                self.panic_value(p.value)
            },
            message,
            goroutine: goid,
            stack,
            report: s,
        })
    }

    /// Go's report of a fatal error in the running goroutine (`msg` after `fatal error: `),
    /// its stack as it is now.
    #[cold]
    pub(crate) fn fatal_error(&self, msg: &str) -> Trap {
        Trap::Fatal(format!("fatal error: {msg}\n\n{}", self.goroutine_report()))
    }

    /// The running goroutine as Go's reports show it: its header and its calls.
    pub(crate) fn goroutine_report(&self) -> String {
        let mut s = format!("goroutine {} [running]:\n", self.g.id());
        push_frames(&mut s, &self.stack_frames(&self.capture_trace()));
        s
    }

    /// The calls of a trace (see [`capture_trace`](Self::capture_trace)) by name.
    fn stack_frames(&self, trace: &[(u32, u32)]) -> Vec<StackFrame> {
        trace
            .iter()
            .map(|&(f, line)| {
                let func = &self.prog.funcs[f as usize];
                StackFrame {
                    function: func.name.clone(),
                    file: self.prog.files.get(func.file as usize).cloned().unwrap_or_default(),
                    line,
                }
            })
            .collect()
    }

    /// The Rust form of a panic value without an `Error` method.
    fn panic_value(&self, v: [u64; 2]) -> PanicValue {
        // Never nil: `panic(nil)` panics with a `PanicNilError` instead.
        let Some(t) = v[0].checked_sub(1).map(|t| t as u32) else {
            return PanicValue::Other {
                type_name: "nil".into(),
            };
        };
        let rt = &self.prog.types[t as usize];
        let slots = iface_slots(&self.prog.types, v[0], &v[1]);
        match rt.kind {
            Kind::Bool => PanicValue::Bool(slots[0] != 0),
            k if k.is_integer() && k.is_signed() => PanicValue::Int(slots[0] as i64),
            k if k.is_integer() => PanicValue::Uint(slots[0]),
            Kind::Float32 | Kind::Float64 => PanicValue::Float(f64::from_bits(slots[0])),
            Kind::String => PanicValue::String(String::from_utf8_lossy(bytes_at(slots[0], slots[1])).into_owned()),
            _ => PanicValue::Other {
                type_name: rt.name.clone(),
            },
        }
    }

    /// A panic value without an `Error` or `String` method as Go prints it after
    /// `panic: `.
    fn plain_panic_text(&self, v: [u64; 2]) -> String {
        let Some(t) = v[0].checked_sub(1).map(|t| t as u32) else {
            return "nil".into();
        };
        let rt = &self.prog.types[t as usize];
        let basic = rt.kind.is_integer() || rt.kind.is_float() || rt.kind == Kind::Bool || rt.kind.is_complex();
        if rt.kind != Kind::String && !basic {
            return format!("({}) {:#x}", rt.name, v[1]);
        }
        let slots = iface_slots(&self.prog.types, v[0], &v[1]);
        let plain = crate::runtime::print::value_text(&self.prog.types, t, slots);
        match rt.kind {
            Kind::String if rt.named => format!("{}(\"{}\")", rt.name, plain),
            _ if rt.named => format!("{}({})", rt.name, plain),
            _ => plain,
        }
    }

    /// Records where a new panic starts: the current frames, innermost first.
    pub(crate) fn capture_trace(&self) -> Vec<(u32, u32)> {
        self.g
            .frames
            .iter()
            .rev()
            .filter(|f| f.func != self.prog.entry && f.func != self.prog.init)
            .map(|f| {
                let func = &self.prog.funcs[f.func as usize];
                let pc = f.pc.saturating_sub(1);
                (f.func, func.lines.get(pc).copied().unwrap_or(0))
            })
            .collect()
    }

    pub(crate) fn new_panicking(&self, value: [u64; 2]) -> Panicking {
        Panicking {
            value,
            recovered: false,
            frame: self.g.frames.len().saturating_sub(1),
            trace: self.capture_trace(),
        }
    }
}

/// A goroutine's calls as a report lists them, innermost first.
fn push_frames(s: &mut String, stack: &[StackFrame]) {
    for f in stack {
        s.push_str(&format!("{}(...)\n\t{}:{}\n", f.function, f.file, f.line));
    }
}

//! The embedding API seen from a Rust host: compiling, calling Go, conversions, errors,
//! captured output, cancellation and deadlines.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use govm::embed::{PanicValue, StackFrame};
use govm::{Engine, Error};

/// A writer whose bytes the test can read afterwards.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

const SCRIPT: &str = r#"package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

var calls int

func init() { fmt.Println("init ran") }

func Add(a, b int) int { calls++; return a + b }

func Calls() int { return calls }

func Scale(x float64, f float32) float64 { return x * float64(f) }

func Upper(s string) (string, int) { return strings.ToUpper(s), len(s) }

func Not(b bool) bool { return !b }

func Small(x int8) int8 { return x * 2 }

func Div(a, b int) (int, error) {
	if b == 0 {
		return 0, errors.New("division by zero")
	}
	return a / b, nil
}

func Boom() { panic("boom") }

func Quit() { fmt.Println("bye"); os.Exit(3) }

func Spin() {
	for {
	}
}

type looper struct{}

func (looper) String() string {
	for {
	}
}

// Spins in a method fmt calls: a goroutine with Rust frames on its stack.
func SpinInString() string { return fmt.Sprint(looper{}) }

func Stuck() {
	ch := make(chan int)
	<-ch
}

func main() { fmt.Println("main ran", calls) }
"#;

fn script() -> govm::Program {
    Engine::new().compile(SCRIPT).expect("compiles")
}

#[test]
fn calls_convert_arguments_and_results() {
    let mut inst = script().instantiate().unwrap();
    let out = Captured::default();
    inst.set_stdout(out.clone());
    assert_eq!(inst.call::<_, i64>("Add", (2, 40)).unwrap(), 42);
    assert_eq!(inst.call::<_, i32>("Add", (-5i32, 3u8)).unwrap(), -2);
    // Package state lives on between calls of one instance.
    assert_eq!(inst.call::<_, i64>("Calls", ()).unwrap(), 2);
    assert_eq!(inst.call::<_, f64>("Scale", (1.5, 2.0f32)).unwrap(), 3.0);
    assert_eq!(
        inst.call::<_, (String, usize)>("Upper", ("héllo",)).unwrap(),
        ("HÉLLO".to_string(), 6)
    );
    assert!(inst.call::<_, bool>("Not", (false,)).unwrap());
    assert_eq!(inst.call::<_, i8>("Small", (-60i64,)).unwrap(), -120);
    // One argument, and one result, need no tuple; on the fast path or not.
    assert!(inst.call::<_, bool>("Not", false).unwrap());
    assert_eq!(inst.call::<_, i8>("Small", -60i8).unwrap(), -120);
    assert_eq!(
        inst.call::<_, (String, usize)>("Upper", "a").unwrap(),
        ("A".to_string(), 1)
    );
    let err = inst.call::<_, i8>("Small", 1i64 << 40).unwrap_err();
    assert!(
        matches!(&err, Error::Types(m) if m == "main.Small: argument 1: 1099511627776 overflows Go type int8"),
        "{err:?}"
    );
    let not = inst.func::<bool, bool>("Not").unwrap();
    assert!(!not.call(&mut inst, true).unwrap());
    inst.run_main().unwrap();
    assert_eq!(out.text(), "init ran\nmain ran 2\n");
}

#[test]
fn scalars_of_their_own_go_types_round_trip_at_their_extremes() {
    let program = Engine::new()
        .compile(
            r#"package main

type Celsius float64

type ID uint32

func I(a int, b int64, c int32, d int16, e int8) (int, int64, rune, int16, int8) { return a, b, c, d, e }

func U(a uint, b uint64, c uint32, d uint16, e byte, f uintptr) (uint, uint64, uint32, uint16, uint8, uintptr) {
	return a, b, c, d, e, f
}

func F(a float64, b float32, c Celsius, d ID, e bool) (float64, float32, Celsius, ID, bool) { return a, b, c, d, e }

func Widen(c int32, e int8, u uint8) (int64, int64, int64) { return int64(c), int64(e), int64(u) }
"#,
        )
        .unwrap();
    let mut inst = program.instantiate().unwrap();
    type I = (i64, i64, i32, i16, i8);
    for v in [
        (i64::MIN, i64::MIN, i32::MIN, i16::MIN, i8::MIN),
        (i64::MAX, i64::MAX, i32::MAX, i16::MAX, i8::MAX),
        (-1, -1, -1, -1, -1),
    ] {
        assert_eq!(inst.func::<I, I>("I").unwrap().call(&mut inst, v).unwrap(), v);
    }
    // Go computes with them as it would with its own: extended to 64 bits as their
    // sign says.
    assert_eq!(
        inst.call::<_, (i64, i64, i64)>("Widen", (-1i32, -128i8, 255u8))
            .unwrap(),
        (-1, -128, 255)
    );
    type U = (u64, u64, u32, u16, u8, usize);
    for v in [
        (u64::MAX, u64::MAX, u32::MAX, u16::MAX, u8::MAX, usize::MAX),
        (0, 0, 0, 0, 0, 0),
    ] {
        assert_eq!(inst.call::<_, U>("U", v).unwrap(), v);
    }
    type F = (f64, f32, f64, u32, bool);
    for v in [
        (f64::MIN_POSITIVE, f32::MAX, -273.15, u32::MAX, true),
        (-0.0, 1e-45, 0.0, 0, false),
    ] {
        let got = inst.call::<_, F>("F", v).unwrap();
        assert_eq!(format!("{got:?}"), format!("{v:?}"));
    }
    // A Rust type of another size converts when the value fits, and is refused when not.
    assert_eq!(
        inst.call::<_, (i64, i64, i64, i64, i64)>("I", (1i8, 2u8, 3i64, 4u64, 5i16))
            .unwrap(),
        (1, 2, 3, 4, 5)
    );
    match inst.call::<_, I>("I", (0, 0, 0, 1u32 << 15, 0)) {
        Err(Error::Types(msg)) => assert!(msg.contains("32768 overflows Go type int16"), "{msg}"),
        other => panic!("{other:?}"),
    }
    match inst.call::<_, (i64, i64, i64, i64, i64, i64)>("U", (u64::MAX, 0u64, 0u32, 0u16, 0u8, 0usize)) {
        Err(Error::Types(msg)) => assert!(msg.contains("overflows i64"), "{msg}"),
        other => panic!("{other:?}"),
    }
    // An f64 passed as a float32 is rounded to it, as Go's conversion does; an int is
    // no float.
    assert_eq!(
        inst.call::<_, F>("F", (0.1, 0.1f64, 0.0, 0u32, false)).unwrap().1,
        0.1f32
    );
    assert!(matches!(
        inst.call::<_, F>("F", (1i64, 1.0f32, 1.0, 1u32, true)),
        Err(Error::Types(_))
    ));
}

#[test]
fn error_results_and_wrong_calls_are_errors() {
    let mut inst = script().instantiate().unwrap();
    inst.set_stdout(std::io::sink());
    assert_eq!(inst.call::<_, i64>("Div", (7, 2)).unwrap(), 3);
    match inst.call::<_, i64>("Div", (7, 0)) {
        Err(Error::Go(msg)) => assert_eq!(msg, "division by zero"),
        other => panic!("{other:?}"),
    }
    // Asking for the error too is a type error: errors convert only as Error::Go.
    assert!(matches!(
        inst.call::<_, (i64, i64)>("Div", (7, 0)),
        Err(Error::Types(_))
    ));
    assert!(matches!(inst.call::<_, i64>("Nope", ()), Err(Error::NoFunction(n)) if n == "main.Nope"));
    assert!(matches!(inst.call::<_, i64>("Add", (1,)), Err(Error::Types(_))));
    // `()` discards results, but not a non-nil error.
    assert!(inst.call::<_, ()>("Div", (7, 1)).is_ok());
    assert!(matches!(inst.call::<_, ()>("Div", (7, 0)), Err(Error::Go(_))));
    assert!(matches!(
        inst.call::<_, (i64, i64, i64)>("Upper", ("x",)),
        Err(Error::Types(_))
    ));
    assert!(matches!(inst.call::<_, String>("Add", (1, 2)), Err(Error::Types(_))));
    match inst.call::<_, i8>("Small", (300,)) {
        Err(Error::Types(msg)) => assert!(msg.contains("300 overflows Go type int8"), "{msg}"),
        other => panic!("{other:?}"),
    }
    // None of that ended the instance.
    assert_eq!(inst.call::<_, i64>("Add", (1, 1)).unwrap(), 2);
}

#[test]
fn compile_errors_name_every_position() {
    match Engine::new().compile("package main\n\nfunc F() int { return \"s\" }\nfunc G() { x := 1 }\n") {
        Err(Error::Compile(d)) => {
            assert!(d.contains("script.go:3:23:"), "{d}");
            assert!(d.contains("script.go:4:12: declared and not used: x"), "{d}");
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("compiled"),
    }
}

#[test]
fn unreadable_paths_are_io_errors_of_their_kind() {
    let dir = std::env::temp_dir().join(format!("govm-test-paths-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let engine = Engine::new();
    let missing_file = engine.compile_path(dir.join("absent.go"));
    let empty_dir = engine.compile_path(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    for (what, got) in [("absent.go", missing_file), ("no Go files", empty_dir)] {
        match got {
            Err(Error::Io(e)) => {
                assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "{e}");
                assert!(e.to_string().contains(what), "{e}");
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("compiled {what}"),
        }
    }
}

#[test]
fn panics_and_exits_end_the_instance_not_the_host() {
    let prog = script();
    let mut inst = prog.instantiate().unwrap();
    let err = Captured::default();
    inst.set_stdout(std::io::sink());
    inst.set_stderr(err.clone());
    match inst.call::<_, ()>("Boom", ()) {
        Err(Error::Panic(p)) => {
            // Each call runs on a goroutine of its own (the first one ran the `init`s).
            assert_eq!(
                p.report,
                "panic: boom\n\ngoroutine 2 [running]:\nmain.Boom(...)\n\tscript.go:33\n"
            );
            assert_eq!(p.value, PanicValue::String("boom".into()));
            assert_eq!(p.message, "boom");
            assert_eq!(p.goroutine, 2);
            assert_eq!(
                p.stack,
                [StackFrame {
                    function: "main.Boom".into(),
                    file: "script.go".into(),
                    line: 33
                }]
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(inst.call::<_, i64>("Add", (1, 2)), Err(Error::Ended)));
    let mut inst = prog.instantiate().unwrap();
    let out = Captured::default();
    inst.set_stdout(out.clone());
    assert!(matches!(inst.call::<_, ()>("Quit", ()), Err(Error::Exit(3))));
    assert_eq!(out.text(), "init ran\nbye\n");
    let mut inst = prog.instantiate().unwrap();
    inst.set_stdout(std::io::sink());
    match inst.call::<_, ()>("Stuck", ()) {
        Err(Error::Fatal(report)) => assert!(
            report.starts_with("fatal error: all goroutines are asleep - deadlock!"),
            "{report}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_deadline_stops_an_endless_loop() {
    let mut inst = script().instantiate().unwrap();
    inst.set_stdout(std::io::sink());
    inst.set_timeout(Duration::from_millis(50));
    let start = Instant::now();
    assert!(matches!(inst.call::<_, ()>("Spin", ()), Err(Error::DeadlineExceeded)));
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(matches!(inst.call::<_, i64>("Add", (1, 2)), Err(Error::Ended)));
    let mut inst = script().instantiate().unwrap();
    inst.set_timeout(Duration::from_millis(50));
    let start = Instant::now();
    assert!(matches!(
        inst.call::<_, String>("SpinInString", ()),
        Err(Error::DeadlineExceeded)
    ));
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn cancelling_from_another_thread_stops_a_call() {
    let mut inst = script().instantiate().unwrap();
    inst.set_stdout(std::io::sink());
    let handle = inst.cancel_handle();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.cancel();
    });
    assert!(matches!(inst.call::<_, ()>("Spin", ()), Err(Error::Cancelled)));
    canceller.join().unwrap();
}

#[test]
fn instances_run_on_several_threads_at_once() {
    let prog = script();
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let prog = prog.clone();
            std::thread::spawn(move || {
                let mut inst = prog.instantiate().unwrap();
                inst.set_stdout(std::io::sink());
                let mut sum = 0i64;
                for k in 0..100 {
                    sum = inst.call("Add", (sum, k + i)).unwrap();
                }
                sum
            })
        })
        .collect();
    let sums: Vec<i64> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(sums, vec![4950, 5050, 5150, 5250]);
}

const SNOOP: &str = r#"package main

import "os"

func Read(path string) (string, error) {
	b, err := os.ReadFile(path)
	return string(b), err
}

func Env(key string) string { return os.Getenv(key) }
"#;

#[test]
fn files_and_environment_are_denied_unless_granted() {
    let dir = std::env::temp_dir().join(format!("govm-embed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("secret.txt");
    std::fs::write(&path, "s3cret").unwrap();
    let path = path.to_str().unwrap();

    let mut inst = Engine::new().compile(SNOOP).unwrap().instantiate().unwrap();
    match inst.call::<_, String>("Read", (path,)) {
        Err(Error::Go(msg)) => assert_eq!(msg, format!("open {path}: permission denied")),
        other => panic!("{other:?}"),
    }
    assert_eq!(inst.call::<_, String>("Env", ("PATH",)).unwrap(), "");

    let engine = Engine::new().allow_files(true).allow_env(true);
    let mut inst = engine.compile(SNOOP).unwrap().instantiate().unwrap();
    assert_eq!(inst.call::<_, String>("Read", (path,)).unwrap(), "s3cret");
    assert_eq!(
        inst.call::<_, String>("Env", ("PATH",)).unwrap(),
        std::env::var("PATH").unwrap_or_default()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

const HOSTILE: &str = r#"package main

func Deep(n int) int { return Deep(n+1) + 1 }

func Wait() { select {} }

func Bomb() {
	block := make(chan int)
	for {
		go func() { <-block }()
	}
}
"#;

#[test]
fn deep_recursion_blocked_selects_and_goroutine_bombs_end_with_their_errors() {
    let engine = Engine::new().max_stack(1 << 20).max_goroutines(10_000);
    let prog = engine.compile(HOSTILE).unwrap();
    match prog.instantiate().unwrap().call::<_, i64>("Deep", (0,)) {
        Err(Error::StackOverflow(report)) => {
            assert!(
                report.starts_with("runtime: goroutine stack exceeds 1048576-byte limit\nfatal error: stack overflow"),
                "{report}"
            )
        }
        other => panic!("{other:?}"),
    }
    match prog.instantiate().unwrap().call::<_, ()>("Wait", ()) {
        Err(Error::Fatal(report)) => assert!(
            report.starts_with("fatal error: all goroutines are asleep - deadlock!"),
            "{report}"
        ),
        other => panic!("{other:?}"),
    }
    match prog.instantiate().unwrap().call::<_, ()>("Bomb", ()) {
        Err(Error::TooManyGoroutines(report)) => assert!(
            report.starts_with("fatal error: too many goroutines (the limit is 10000)"),
            "{report}"
        ),
        other => panic!("{other:?}"),
    }
}

const HOSTED: &str = r#"package main

import (
	"fmt"
	"host"
	"strings"
)

func Sum(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s = host.Add(s, i)
	}
	return s
}

func Shout(s string) string { return host.Upper(s) + strings.Repeat("!", host.Count()) }

func Half(x float64) (float64, bool) { return host.Scale(x, 0.5), host.Not(false) }

func Lookup(key string) (string, error) { return host.Get(key) }

func Check(key string) string {
	if err := host.Must(key); err != nil {
		return "error: " + err.Error()
	}
	return "ok"
}

// Host functions are ordinary Go functions: values, deferred, run by goroutines.
func Indirect() int {
	f := host.Add
	done := make(chan int)
	go func() { done <- f(2, 3) }()
	go host.Add(1, 1)
	defer host.Add(0, 0)
	return <-done
}

func Recovered() (msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	host.Explode()
	return "not reached"
}
"#;

fn hosted_engine() -> Engine {
    let counter = Arc::new(std::sync::atomic::AtomicI64::new(0));
    let seen = counter.clone();
    Engine::new()
        .host_func("host", "Add", |a: i64, b: i64| a + b)
        .host_func("host", "Upper", move |s: String| {
            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            s.to_uppercase()
        })
        .host_func("host", "Count", move || {
            counter.load(std::sync::atomic::Ordering::Relaxed)
        })
        .host_func("host", "Scale", |x: f64, f: f32| x * f as f64)
        .host_func("host", "Not", |b: bool| !b)
        .host_func("host", "Get", |key: String| match key.as_str() {
            "name" => Ok("gopher".to_string()),
            _ => Err(format!("no key {key:?}")),
        })
        .host_func(
            "host",
            "Must",
            |key: String| if key.is_empty() { Err("empty key") } else { Ok(()) },
        )
        .host_func("host", "Explode", || -> i64 { panic!("host blew up") })
}

#[test]
fn scripts_call_rust_host_functions() {
    let mut inst = hosted_engine().compile(HOSTED).unwrap().instantiate().unwrap();
    assert_eq!(inst.call::<_, i64>("Sum", (1000,)).unwrap(), 499_500);
    // The closure's state lives on between calls: the second call counts the first.
    assert_eq!(inst.call::<_, String>("Shout", ("go",)).unwrap(), "GO!");
    assert_eq!(inst.call::<_, String>("Shout", ("go",)).unwrap(), "GO!!");
    assert_eq!(inst.call::<_, (f64, bool)>("Half", (3.0,)).unwrap(), (1.5, true));
    // A Rust Err is Go's error, with the Display text.
    assert_eq!(inst.call::<_, String>("Lookup", ("name",)).unwrap(), "gopher");
    assert!(matches!(inst.call::<_, String>("Lookup", ("age",)), Err(Error::Go(m)) if m == "no key \"age\""));
    assert_eq!(inst.call::<_, String>("Check", ("",)).unwrap(), "error: empty key");
    assert_eq!(inst.call::<_, String>("Check", ("k",)).unwrap(), "ok");
    assert_eq!(inst.call::<_, i64>("Indirect", ()).unwrap(), 5);
    // A panicking closure is a Go panic, which Go code can recover.
    assert_eq!(inst.call::<_, String>("Recovered", ()).unwrap(), "host blew up");
}

#[test]
fn calling_a_host_function_wrongly_does_not_compile() {
    let wrong = "package main\n\nimport \"host\"\n\nfunc F() string { return host.Add(1, \"two\") }\n";
    match hosted_engine().compile(wrong) {
        Err(Error::Compile(d)) => assert!(
            d.starts_with("script.go:5:26: cannot use host.Add(1, \"two\") (value of type int) as string value in return statement"),
            "{d}"
        ),
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("compiled"),
    }
    let missing = "package main\n\nimport \"host\"\n\nfunc F() { host.Nope() }\n";
    assert!(matches!(hosted_engine().compile(missing), Err(Error::Compile(d)) if d.contains("undefined: host.Nope")));
    // Without the host package, the import itself fails.
    assert!(
        matches!(Engine::new().compile(HOSTED), Err(Error::Compile(d)) if d.contains("package host is not in std"))
    );
}

#[test]
fn host_functions_need_go_names() {
    for (pkg, name) in [
        ("host", "lower"),
        ("host", "Two Words"),
        ("fmt", "Print"),
        ("a b", "F"),
        ("", "F"),
    ] {
        let engine = Engine::new().host_func(pkg, name, || 1i64);
        assert!(
            matches!(engine.compile("package main\n"), Err(Error::Host(_))),
            "{pkg}.{name}"
        );
    }
    let twice = Engine::new()
        .host_func("host", "F", || 1i64)
        .host_func("host", "F", || 2i64);
    assert!(matches!(twice.compile("package main\n"), Err(Error::Host(m)) if m.contains("twice")));
}

/// An error whose `Display` panics: the host's bug, which the script sees as a panic.
struct Unprintable;

impl std::fmt::Display for Unprintable {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        panic!("cannot print this error")
    }
}

#[test]
fn a_panic_in_a_host_error_ends_the_call_on_any_machine() {
    let src = "package main\n\nimport \"host\"\n\nfunc spin() {\n\tfor {\n\t}\n}\n\nfunc Run() int {\n\tgo spin()\n\tn, _ := host.Bad()\n\treturn n\n}\n";
    for procs in [1, 2] {
        let engine = Engine::new()
            .max_procs(procs)
            .host_func("host", "Bad", || -> Result<i64, Unprintable> { Err(Unprintable) });
        let mut inst = engine.compile(src).unwrap().instantiate().unwrap();
        inst.set_stderr(std::io::sink());
        match inst.call::<_, i64>("Run", ()) {
            Err(Error::Panic(p)) => assert!(p.report.starts_with("panic: cannot print this error"), "{}", p.report),
            other => panic!("{other:?}"),
        }
        // Dropping the instance stops the spinning goroutine and joins its threads.
        drop(inst);
    }
}

#[test]
fn deeply_nested_values_format_on_a_small_thread() {
    let src = "package main\n\nimport \"fmt\"\n\nfunc Deep(n int) int {\n\tvar x any = 0\n\tfor i := 0; i < n; i++ {\n\t\tx = []any{x}\n\t}\n\treturn len(fmt.Sprint(x))\n}\n";
    let program = Engine::new().compile(src).unwrap();
    // A thread with a 1 MB stack: formatting recurses per level, on stack segments it
    // adds as it needs them.
    let worker = std::thread::Builder::new().stack_size(1 << 20).spawn(move || {
        let mut inst = program.instantiate().unwrap();
        inst.call::<_, i64>("Deep", (20_000,)).unwrap()
    });
    assert_eq!(worker.unwrap().join().unwrap(), 40_001);
}

#[test]
fn goroutines_left_on_another_machine_run_in_the_next_call() {
    // `a` readies `b` on its own machine and keeps running when the call ends: `b` waits
    // in that machine's next slot, and the next call must still get to run it.
    let src = r#"package main

import "sync/atomic"

var flag int32
var done = make(chan int, 1)

func b() { done <- 1 }

func a() {
	for i := 0; i < 100; i++ {
	}
	go b()
	atomic.StoreInt32(&flag, 1)
	for i := 0; i < 3000000; i++ {
	}
}

func Start() {
	for i := 0; i < 100; i++ {
	}
	go a()
	for atomic.LoadInt32(&flag) == 0 {
	}
}

func Wait() int { return <-done }
"#;
    let program = Engine::new().max_procs(2).compile(src).unwrap();
    for _ in 0..10 {
        let mut inst = program.instantiate().unwrap();
        inst.call::<_, ()>("Start", ()).unwrap();
        // Were `b` lost, `Wait` would spin for ever: cancel it then, failing the test.
        let cancel = inst.cancel_handle();
        let (finished, watchdog) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if watchdog.recv_timeout(Duration::from_secs(10)).is_err() {
                cancel.cancel();
            }
        });
        let got = inst.call::<_, i64>("Wait", ());
        let _ = finished.send(());
        assert_eq!(got.unwrap(), 1);
    }
}

#[test]
fn fuel_stops_endless_loops_at_the_same_point_everywhere() {
    // Spent the same way on every run: what is left after a call is deterministic.
    let left = || {
        let mut inst = script().instantiate().unwrap();
        inst.set_stdout(std::io::sink());
        inst.set_fuel(1_000_000);
        assert_eq!(inst.call::<_, i64>("Add", (1, 2)).unwrap(), 3);
        inst.fuel().unwrap()
    };
    let first = left();
    assert!(first < 1_000_000);
    assert_eq!(first, left());
    let mut inst = script().instantiate().unwrap();
    inst.set_stdout(std::io::sink());
    assert_eq!(inst.fuel(), None);
    inst.set_fuel(5_000_000);
    assert!(matches!(inst.call::<_, ()>("Spin", ()), Err(Error::OutOfFuel)));
    assert_eq!(inst.fuel(), Some(0));
    // Goroutines on several threads draw on the one budget.
    let src = "package main\n\nfunc Spread() {\n\tfor i := 0; i < 4; i++ {\n\t\tgo func() {\n\t\t\tfor {\n\t\t\t}\n\t\t}()\n\t}\n\tselect {}\n}\n";
    let prog = Engine::new().max_procs(2).fuel(20_000_000).compile(src).unwrap();
    let mut inst = prog.instantiate().unwrap();
    let start = Instant::now();
    assert!(matches!(inst.call::<_, ()>("Spread", ()), Err(Error::OutOfFuel)));
    assert!(start.elapsed() < Duration::from_secs(10));
}

const CONTAINERS: &str = r#"package main

import "strings"

func Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func Words(s string) []string { return strings.Fields(s) }

func Reverse(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		out[len(b)-1-i] = c
	}
	return out
}

func Count(words []string) map[string]int {
	m := map[string]int{}
	for _, w := range words {
		m[w]++
	}
	return m
}

func Total(m map[string]int) int {
	t := 0
	for _, v := range m {
		t += v
	}
	return t
}

func Find(xs []int, x int) *int {
	for i := range xs {
		if xs[i] == x {
			return &xs[i]
		}
	}
	return nil
}

func Deref(p *string) string {
	if p == nil {
		return "nil"
	}
	return *p
}

func Sums(xss [][]float64) []float64 {
	var out []float64
	for _, xs := range xss {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		out = append(out, s)
	}
	return out
}
"#;

#[test]
fn slices_maps_and_pointers_convert_both_ways() {
    use std::collections::HashMap;
    let mut inst = Engine::new().compile(CONTAINERS).unwrap().instantiate().unwrap();
    assert_eq!(inst.call::<_, i64>("Sum", (vec![1i64, 2, 3],)).unwrap(), 6);
    assert_eq!(inst.call::<_, i64>("Sum", (Vec::<i64>::new(),)).unwrap(), 0);
    assert_eq!(
        inst.call::<_, Vec<String>>("Words", (" go  is fun ",)).unwrap(),
        ["go", "is", "fun"]
    );
    assert_eq!(inst.call::<_, Vec<u8>>("Reverse", (b"abc".to_vec(),)).unwrap(), b"cba");
    let counts = inst
        .call::<_, HashMap<String, i64>>("Count", (vec!["a", "b", "a"],))
        .unwrap();
    assert_eq!(counts, HashMap::from([("a".to_string(), 2), ("b".to_string(), 1)]));
    assert_eq!(inst.call::<_, i64>("Total", (counts,)).unwrap(), 3);
    assert_eq!(
        inst.call::<_, Option<i64>>("Find", (vec![4i64, 5], 5)).unwrap(),
        Some(5)
    );
    assert_eq!(inst.call::<_, Option<i64>>("Find", (vec![4i64, 5], 6)).unwrap(), None);
    assert_eq!(inst.call::<_, String>("Deref", (Some("x"),)).unwrap(), "x");
    assert_eq!(inst.call::<_, String>("Deref", (None::<String>,)).unwrap(), "nil");
    assert_eq!(
        inst.call::<_, Vec<f64>>("Sums", (vec![vec![1.5, 2.0], vec![], vec![4.0]],))
            .unwrap(),
        [3.5, 0.0, 4.0]
    );
    match inst.call::<_, i64>("Sum", (vec!["one"],)) {
        Err(Error::Types(msg)) => assert!(msg.contains("argument 1: element 0: a string"), "{msg}"),
        other => panic!("{other:?}"),
    }
    match inst.call::<_, i64>("Sum", (vec![1u64 << 63],)) {
        Err(Error::Types(msg)) => assert!(msg.contains("overflows Go type int"), "{msg}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn host_functions_take_and_return_slices_maps_and_pointers() {
    let engine = Engine::new()
        .host_func("host", "Words", |s: String| -> Vec<String> {
            s.split_whitespace().map(str::to_string).collect()
        })
        .host_func("host", "Tally", |words: Vec<String>| {
            let mut counts: HashMap<String, i64> = HashMap::new();
            for w in words {
                *counts.entry(w).or_default() += 1;
            }
            counts
        })
        .host_func("host", "Total", |counts: HashMap<String, i64>, bonus: Option<i64>| {
            counts.values().sum::<i64>() + bonus.unwrap_or(0)
        })
        .host_func("host", "Find", |xs: Vec<i8>, x: i8| -> Option<u32> {
            xs.iter().position(|&y| y == x).map(|i| i as u32)
        })
        .host_func("host", "Big", |n: i64| -> Result<Vec<u8>, String> {
            usize::try_from(n).map(|n| vec![7; n]).map_err(|e| e.to_string())
        });
    let prog = engine
        .compile(
            r#"package main

import (
	"fmt"
	"host"
)

func Run(text string) string {
	counts := host.Tally(host.Words(text))
	bonus := 100
	at := host.Find([]int8{3, -4, 5}, -4)
	missing := host.Find(nil, 1)
	return fmt.Sprint(counts["a"], counts["b"], len(counts), host.Total(counts, nil), host.Total(counts, &bonus), *at, missing == nil)
}

func Big(n int) (int, error) {
	b, err := host.Big(n)
	return len(b), err
}
"#,
        )
        .unwrap();
    let mut inst = prog.instantiate().unwrap();
    assert_eq!(
        inst.call::<_, String>("Run", ("a b a c a",)).unwrap(),
        "3 1 3 5 105 1 true"
    );
    assert_eq!(inst.call::<_, i64>("Big", (3,)).unwrap(), 3);
    assert!(matches!(inst.call::<_, i64>("Big", (-1,)), Err(Error::Go(m)) if m.contains("out of range")));
}

#[test]
fn panic_values_reach_rust_as_values() {
    let prog = Engine::new()
        .compile(
            r#"package main

import (
	"errors"
	"fmt"
)

type Code uint8

type Point struct{ X, Y int }

// An error whose Error method shows each time it runs.
type loud struct{}

func (loud) Error() string {
	fmt.Print("Error ran;")
	return "loud"
}

func Panic(kind string) {
	var xs []int
	switch kind {
	case "int":
		panic(42)
	case "code":
		panic(Code(7))
	case "float":
		panic(1.5)
	case "bool":
		panic(true)
	case "error":
		panic(errors.New("it broke"))
	case "runtime":
		_ = xs[3]
	case "point":
		panic(Point{1, 2})
	case "loud":
		panic(loud{})
	case "again":
		defer func() { panic(fmt.Sprint("again after ", recover())) }()
		panic("first")
	}
	panic(nil)
}
"#,
        )
        .unwrap();
    let cases: [(&str, PanicValue, &str); 10] = [
        ("int", PanicValue::Int(42), "42"),
        ("code", PanicValue::Uint(7), "main.Code(7)"),
        ("float", PanicValue::Float(1.5), "+1.500000e+000"),
        ("bool", PanicValue::Bool(true), "true"),
        ("error", PanicValue::Error("it broke".into()), "it broke"),
        (
            "runtime",
            PanicValue::Error("runtime error: index out of range [3] with length 0".into()),
            "runtime error: index out of range [3] with length 0",
        ),
        // Go prints such a value's address, as here.
        (
            "point",
            PanicValue::Other {
                type_name: "main.Point".into(),
            },
            "(main.Point) 0x",
        ),
        (
            "again",
            PanicValue::String("again after first".into()),
            "again after first",
        ),
        ("loud", PanicValue::Error("loud".into()), "loud"),
        (
            "nil",
            PanicValue::Error("panic called with nil argument (use runtime.PanicNilError)".into()),
            "panic called with nil argument (use runtime.PanicNilError)",
        ),
    ];
    for (kind, value, message) in cases {
        let mut inst = prog.instantiate().unwrap();
        let out = Captured::default();
        inst.set_stdout(out.clone());
        match inst.call::<_, ()>("Panic", (kind,)) {
            Err(Error::Panic(p)) => {
                assert_eq!(p.value, value, "{kind}");
                assert!(p.message.starts_with(message), "{kind}: {}", p.message);
                assert_eq!(
                    p.stack[0].function,
                    if kind == "again" {
                        "main.Panic.func1"
                    } else {
                        "main.Panic"
                    }
                );
            }
            other => panic!("{kind}: {other:?}"),
        }
        // The report and the value share one run of the value's Error method.
        let ran = if kind == "loud" { "Error ran;" } else { "" };
        assert_eq!(out.text(), ran, "{kind}");
    }
}

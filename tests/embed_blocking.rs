//! Host functions that block: the calling goroutine parks while the closure runs on a
//! helper thread, and the rest of the script goes on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use govm::{Engine, Error};

/// A blocking `host.Receive` fed by a non-blocking `host.Send`, through a Rust channel:
/// on one machine, `Send` can only ever run if `Receive` does not hold the thread.
fn mailbox(engine: Engine) -> Engine {
    let (tx, rx) = mpsc::channel::<String>();
    let rx = Mutex::new(rx);
    engine
        .host_func_blocking("host", "Receive", move || {
            rx.lock()
                .unwrap()
                .recv_timeout(Duration::from_secs(20))
                .map_err(|e| e.to_string())
        })
        .host_func("host", "Send", move |s: String| tx.send(s).unwrap())
}

#[test]
fn other_goroutines_run_while_one_blocks_in_the_host() {
    for procs in [1, 2] {
        let engine = mailbox(Engine::new().max_procs(procs));
        let prog = engine
            .compile(
                r#"package main

import (
	"fmt"
	"host"
)

func Relay(n int) string {
	done := make(chan string)
	go func() {
		got := ""
		for i := 0; i < n; i++ {
			s, err := host.Receive()
			if err != nil {
				panic(err)
			}
			got += s
		}
		done <- got
	}()
	for i := 0; i < n; i++ {
		host.Send(fmt.Sprint(i))
	}
	return <-done
}

func Direct() string {
	go host.Send("direct")
	s, _ := host.Receive()
	return s
}
"#,
            )
            .unwrap();
        let mut inst = prog.instantiate().unwrap();
        inst.set_timeout(Duration::from_secs(20));
        assert_eq!(inst.call::<_, String>("Relay", (10,)).unwrap(), "0123456789");
        assert_eq!(inst.call::<_, String>("Direct", ()).unwrap(), "direct");
    }
}

#[test]
fn results_errors_and_panics_come_back_to_the_caller() {
    let engine = Engine::new()
        .host_func_blocking("host", "Slow", |s: String, n: i64| {
            std::thread::sleep(Duration::from_millis(5));
            s.repeat(n as usize)
        })
        .host_func_blocking("host", "Fail", |msg: String| -> Result<i64, String> { Err(msg) })
        .host_func_blocking("host", "Boom", || -> i64 { panic!("boom in the host") });
    let prog = engine
        .compile(
            r#"package main

import (
	"fmt"
	"host"
)

// Waits on the host from several goroutines at once.
func Fan(n int) int {
	results := make(chan string)
	for i := 0; i < n; i++ {
		go func(i int) { results <- host.Slow("ab", i) }(i)
	}
	total := 0
	for i := 0; i < n; i++ {
		total += len(<-results)
	}
	return total
}

func Fail() string {
	_, err := host.Fail("no such thing")
	return err.Error()
}

func Recovered() (msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	host.Boom()
	return "not reached"
}

func Boom() int { return host.Boom() }

// Deferred host calls while a panic unwinds: one waits, then one panics in its place.
func unwind(fail bool) (msg string) {
	defer func() { msg += fmt.Sprint(recover()) }()
	defer host.Boom()
	defer host.Slow("ab", 2)
	if fail {
		panic("replaced by the host's")
	}
	msg = "not reached; "
	return
}

// In a goroutine of its own, which parks in the host call (the root of a call from
// Rust may too, as `Fan` shows, but this one certainly does).
func Unwinding() string {
	done := make(chan string)
	go func() { done <- unwind(true) }()
	return <-done
}

// A goroutine that is only a host call.
func Alone() int {
	go host.Slow("x", 1)
	return len(host.Slow("x", 2))
}

type Loud struct{}

// Called by fmt from Rust, where the goroutine cannot park: the host call waits there.
func (Loud) String() string { return host.Slow("!", 3) }

func Nested() string { return fmt.Sprint(Loud{}) }
"#,
        )
        .unwrap();
    let mut inst = prog.instantiate().unwrap();
    assert_eq!(inst.call::<_, i64>("Fan", (8,)).unwrap(), 2 * (0..8).sum::<i64>());
    assert_eq!(inst.call::<_, String>("Fail", ()).unwrap(), "no such thing");
    assert_eq!(inst.call::<_, String>("Recovered", ()).unwrap(), "boom in the host");
    assert_eq!(inst.call::<_, String>("Nested", ()).unwrap(), "!!!");
    assert_eq!(inst.call::<_, String>("Unwinding", ()).unwrap(), "boom in the host");
    assert_eq!(inst.call::<_, i64>("Alone", ()).unwrap(), 2);
    match inst.call::<_, i64>("Boom", ()) {
        Err(Error::Panic(p)) => {
            assert_eq!(p.message, "boom in the host");
            assert!(p.report.contains(" [running]:\nmain.Boom("), "{}", p.report);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_call_out_is_not_a_deadlock_but_a_stuck_one_meets_the_deadline() {
    let release = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&release);
    let engine = Engine::new()
        .host_func_blocking("host", "Nap", || std::thread::sleep(Duration::from_millis(20)))
        .host_func_blocking("host", "Stuck", move || {
            while !flag.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(1));
            }
        });
    let prog = engine
        .compile(
            r#"package main

import "host"

func Nap() { host.Nap() }

func Stuck() { host.Stuck() }

func Deadlock() {
	go host.Nap()
	select {}
}
"#,
        )
        .unwrap();
    // Every goroutine waits, but on the host: the program is not stuck.
    prog.instantiate().unwrap().call::<_, ()>("Nap", ()).unwrap();

    // Once the call is back, nothing can wake main: now it is a deadlock.
    match prog.instantiate().unwrap().call::<_, ()>("Deadlock", ()) {
        Err(Error::Fatal(report)) => assert!(report.contains("all goroutines are asleep"), "{report}"),
        other => panic!("{other:?}"),
    }

    let mut inst = prog.instantiate().unwrap();
    inst.set_timeout(Duration::from_millis(50));
    assert!(matches!(inst.call::<_, ()>("Stuck", ()), Err(Error::DeadlineExceeded)));
    // Dropped while the host function still runs: the helper is left to finish it.
    drop(inst);

    let mut inst = prog.instantiate().unwrap();
    let cancel = inst.cancel_handle();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        cancel.cancel();
    });
    assert!(matches!(inst.call::<_, ()>("Stuck", ()), Err(Error::Cancelled)));
    canceller.join().unwrap();
    release.store(true, Ordering::SeqCst);
}

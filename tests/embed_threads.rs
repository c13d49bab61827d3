//! The OS threads an instance uses: none of its own until its Go code wants one, and
//! none left once it is dropped. In a file of its own, so that no other test's threads
//! are counted.

use std::time::Duration;

use govm::Engine;

const SCRIPT: &str = r#"package main

import "time"

func Add(a, b int) int { return a + b }

func Nap() { time.Sleep(time.Millisecond) }

func Spread(n int) int {
	done := make(chan int)
	for i := 0; i < n; i++ {
		go func(i int) {
			s := 0
			for j := 0; j < 100000; j++ {
				s += j % (i + 1)
			}
			done <- s
		}(i)
	}
	total := 0
	for i := 0; i < n; i++ {
		total += <-done
	}
	return total
}

func Spin() {
	for {
	}
}
"#;

/// Threads of this process (Linux), or None where that cannot be read.
fn threads() -> Option<usize> {
    Some(std::fs::read_dir("/proc/self/task").ok()?.count())
}

#[test]
fn instances_start_threads_only_when_wanted_and_leave_none() {
    let Some(base) = threads() else { return };
    let program = Engine::new().max_procs(2).compile(SCRIPT).unwrap();

    // Plain calls run on the caller's thread: no monitor, no other machine.
    let mut inst = program.instantiate().unwrap();
    for i in 0..100 {
        assert_eq!(inst.call::<_, i64>("Add", (i, 1)).unwrap(), i + 1);
    }
    assert_eq!(threads(), Some(base), "plain calls started a thread");
    drop(inst);

    // A timer wants sysmon, goroutines want machines; dropping the instance ends them.
    let mut inst = program.instantiate().unwrap();
    inst.call::<_, ()>("Nap", ()).unwrap();
    assert!(threads().unwrap() > base, "a sleep ran without sysmon");
    assert!(inst.call::<_, i64>("Spread", (8,)).unwrap() > 0);
    drop(inst);
    assert_eq!(threads(), Some(base), "a dropped instance left threads behind");

    // So does a deadline, and a call it ends.
    let mut inst = program.instantiate().unwrap();
    inst.set_timeout(Duration::from_millis(20));
    assert!(matches!(
        inst.call::<_, ()>("Spin", ()),
        Err(govm::Error::DeadlineExceeded)
    ));
    drop(inst);
    assert_eq!(threads(), Some(base), "a stopped instance left threads behind");
}

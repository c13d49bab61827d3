//! Instances leave nothing behind: resident memory stays flat while a thousand come and
//! go. In a file of its own, so that no other test shares the process's memory.

use govm::Engine;

const SCRIPT: &str = r#"package main

import (
	"fmt"
	"strings"
	"time"
)

var calls int

func init() { fmt.Println("init ran") }

func Add(a, b int) int { calls++; return a + b }

func Upper(s string) (string, int) { return strings.ToUpper(s), len(s) }

// Blocks for good, deep in recursion: a stack of some 16 KB.
func deep(n int, ch chan int) int {
	if n == 0 {
		return <-ch
	}
	return deep(n-1, ch) + 1
}

func Sleeper() {
	ch := make(chan int)
	go deep(300, ch)
	time.Sleep(time.Millisecond)
}
"#;

/// Resident memory of this process, in KB (Linux).
fn rss_kb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

#[test]
fn a_thousand_instances_come_and_go_without_leaking() {
    let prog = Engine::new().compile(SCRIPT).unwrap();
    let round = |n: usize| {
        for i in 0..n {
            let mut inst = prog.instantiate().unwrap();
            inst.set_stdout(std::io::sink());
            assert_eq!(inst.call::<_, i64>("Add", (i as i64, 1)).unwrap(), i as i64 + 1);
            let _ = inst.call::<_, (String, i64)>("Upper", ("abc",));
            // A goroutine left blocked for good is freed with its instance.
            inst.call::<_, ()>("Sleeper", ()).unwrap();
        }
    };
    round(200);
    let Some(before) = rss_kb() else { return };
    round(1000);
    let after = rss_kb().expect("read before");
    eprintln!("RSS after 200 instances: {before} KB; after 1,000 more: {after} KB");
    assert!(after < before + 8 * 1024, "RSS grew from {before} KB to {after} KB");
}

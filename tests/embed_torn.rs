//! An embedded instance of the default engine runs its goroutines on one thread: they
//! switch only at safepoints, so a racy script can never see a value of several words
//! (string, slice, interface) half-written by another goroutine.

use govm::Engine;

const SCRIPT: &str = r#"package main

import "runtime"

var (
	s     string
	words []string
	x     any = 7
)

// Race has one goroutine flip s, words and x between two values each, with no
// synchronisation at all, while this one reads them and counts what it sees: each of
// the two whole values (seen[0..6]) or anything else, a torn value (seen[6]).
func Race(rounds int) []int {
	stop := false
	go func() {
		for i := 0; !stop; i++ {
			if i%2 == 0 {
				s, words, x = "", nil, 7
			} else {
				s, words, x = "a much longer string", []string{"a", "b", "c"}, "seven"
			}
			runtime.Gosched()
		}
	}()
	seen := make([]int, 7)
	for i := 0; i < rounds; i++ {
		switch {
		case s == "" && len(s) == 0:
			seen[0]++
		case s == "a much longer string" && len(s) == 20:
			seen[1]++
		default:
			seen[6]++
		}
		switch {
		case words == nil && len(words) == 0 && cap(words) == 0:
			seen[2]++
		case len(words) == 3 && cap(words) == 3 && words[2] == "c":
			seen[3]++
		default:
			seen[6]++
		}
		switch v := x.(type) {
		case int:
			if v == 7 {
				seen[4]++
			} else {
				seen[6]++
			}
		case string:
			if v == "seven" {
				seen[5]++
			} else {
				seen[6]++
			}
		default:
			seen[6]++
		}
		runtime.Gosched()
	}
	stop = true
	return seen
}
"#;

#[test]
fn one_thread_never_shows_a_torn_value() {
    let mut inst = Engine::new().compile(SCRIPT).unwrap().instantiate().unwrap();
    let seen = inst.call::<_, Vec<i64>>("Race", 20_000).unwrap();
    assert_eq!(seen[6], 0, "torn values seen: {seen:?}");
    // Both goroutines ran by turns: every whole value was seen, many times.
    assert!(seen[..6].iter().all(|&n| n > 1000), "{seen:?}");
}

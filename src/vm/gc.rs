//! Garbage collection from the VM's side: stopping the world, naming the roots, and the
//! environment settings (`GOGC`, `GOMEMLIMIT`, `GODEBUG=gctrace=1`, `GOVM_GCSTRESS`).
//!
//! # Stopping the world
//!
//! A collection runs when every machine has stopped at a *checkpoint*: between two
//! goroutines, or at a safepoint of the running one (the backward jumps and function
//! entries where preemption is checked). At a checkpoint everything a goroutine holds is in its goroutine structure (slot stack,
//! frames, defers, panics) and none of the machine's locks are held. The first machine
//! to see that a collection is due raises every machine's preempt flag; each counts
//! itself stopped. Idle machines are not woken: parked, they count as stopped, and one
//! that wakes cannot leave its parking while a collection holds the lock. When stopped
//! and parked machines make up all of them, the last to stop collects, then lets the
//! others go. Allocation caches stay with their machines: sweeping frees objects in a
//! cached span in place, and the cache allocates on from what is free.
//!
//! Lock order: a parked machine holds the idle lock while it takes the GC lock; the
//! collector holds the GC lock while it takes the timers' `firing` lock (and channel,
//! goroutine-list and heap locks); so nothing may wake an idle machine while it holds
//! `firing` — sysmon readies the goroutines its timers woke only after releasing it.
//!
//! Rust functions may hold Go pointers in Rust variables: no Rust code calls Go code, so
//! a Rust function runs between two checkpoints, and allocation never collects by itself.
//!
//! # Roots
//!
//! Package variables, the closures of plain functions, every unfinished goroutine's slot
//! stack, frame closures, deferred calls, panic values (also those of a panic whose
//! texts are being made, `Goroutine::dying`), and the channels of pending timers.
//! Stacks are scanned slot by slot without per-instruction pointer maps: the
//! heap checks that a word points into an allocated object before following it (see
//! `runtime::heap`), so a slot holding an integer, or a stale pointer above the live
//! frames, can only keep garbage alive a little longer.

use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::goroutine::Goroutine;
use super::sched::End;
use super::{Limit, Machine, Shared};
use crate::runtime::heap::{Collection, GcConfig, Marker, OUT_OF_MEMORY};

/// The collector's settings from the environment, as Go reads them.
pub fn config_from_env() -> GcConfig {
    let mut c = GcConfig::default();
    if let Ok(v) = std::env::var("GOGC") {
        match v.trim() {
            "off" => c.percent = -1,
            s => {
                if let Ok(p) = s.parse::<i64>() {
                    c.percent = p;
                }
            }
        }
    }
    if let Some(limit) = std::env::var("GOMEMLIMIT").ok().and_then(|v| parse_bytes(&v)) {
        c.limit = limit;
    }
    if let Some(n) = std::env::var("GOVM_GCSTRESS").ok().and_then(|v| v.trim().parse().ok()) {
        c.stress = n;
    }
    c
}

/// Whether `GODEBUG` asks for a line per collection.
pub fn trace_from_env() -> bool {
    std::env::var("GODEBUG").is_ok_and(|v| v.split(',').any(|kv| kv.trim() == "gctrace=1"))
}

/// A `GOMEMLIMIT` value: bytes with an optional B, KiB, MiB, GiB or TiB suffix.
fn parse_bytes(s: &str) -> Option<usize> {
    let s = s.trim();
    let units = [
        ("TiB", 1u64 << 40),
        ("GiB", 1 << 30),
        ("MiB", 1 << 20),
        ("KiB", 1 << 10),
        ("B", 1),
    ];
    let (num, mul) = units
        .iter()
        .find_map(|&(u, m)| s.strip_suffix(u).map(|n| (n, m)))
        .unwrap_or((s, 1));
    let n: u64 = num.trim().parse().ok()?;
    usize::try_from(n.checked_mul(mul)?).ok()
}

impl Machine<'_> {
    /// Stops for a collection if one is due (see the module docs); the last machine to
    /// stop runs it.
    pub(crate) fn gc_checkpoint(&mut self) {
        let sh = self.sh;
        if !sh.heap.wanted() {
            return;
        }
        let sched = &sh.sched;
        let mut st = sched.gc.lock();
        if !sh.heap.wanted() {
            // Collected while this machine waited for the lock.
            return;
        }
        if st.stopped == 0 {
            sched.preempt_all();
        }
        st.stopped += 1;
        let epoch = st.epoch;
        let mut out_of_memory = None;
        while st.epoch == epoch && !sched.is_done() {
            if st.stopped + st.parked < sched.nprocs() {
                sched.gc_cv.wait(&mut st);
                continue;
            }
            // Every machine is stopped or parked, and none can leave while this one
            // holds the lock: the world is stopped.
            let firing = sched.timers.firing.lock();
            let c = sh.heap.collect(&sh.prog.types, |m| mark_roots(sh, m));
            drop(firing);
            if let Some(started) = sh.gctrace {
                self.trace_line(started, &c);
            }
            if let Some(live) = sh.heap.over_max() {
                out_of_memory = Some(End::Limit(
                    Limit::Memory,
                    format!(
                        "{OUT_OF_MEMORY} (live heap of {live} bytes passes the limit of {} bytes)\n",
                        sh.heap.max()
                    ),
                ));
            }
            st.stopped = 0;
            st.epoch += 1;
            sched.gc_cv.notify_all();
        }
        // Only with the lock released: ending the run takes it to wake the machines.
        drop(st);
        if let Some(end) = out_of_memory {
            sched.end_run(end);
        }
    }

    /// Go's `gctrace` line, with the phases of a stop-the-world collector: all of the
    /// work is in the pause.
    fn trace_line(&self, started: Instant, c: &Collection) {
        let mb = |b: usize| b >> 20;
        let pause_ms = c.pause.as_secs_f64() * 1e3;
        let elapsed = started.elapsed().as_secs_f64();
        let total_pause = self.sh.heap.stats().pause_total_ns as f64 / 1e9;
        let line = format!(
            "gc {} @{:.3}s {}%: 0+{pause_ms:.3}+0 ms clock, 0+{pause_ms:.3}/0/0+0 ms cpu, {}->{}->{} MB, {} MB goal, {} P\n",
            c.number,
            elapsed,
            (total_pause / elapsed.max(1e-9) * 100.0) as u64,
            mb(c.before),
            mb(c.before),
            mb(c.after),
            mb(c.goal),
            self.sh.sched.nprocs(),
        );
        let _ = self.sh.err.lock().write_all(line.as_bytes());
    }
}

fn mark_roots(sh: &Shared, m: &mut Marker<'_>) {
    m.word(sh.globals);
    for c in &sh.func_closures {
        m.word(c.load(Ordering::Relaxed));
    }
    // SAFETY: called by the collecting machine with every other machine stopped at a
    // checkpoint and the timers held (see `gc_checkpoint`).
    unsafe {
        sh.sched.for_each_g(|g| {
            m.words(&g.stack);
            m.count(Goroutine::FOOTPRINT + g.stack.capacity() * 8);
            for f in &g.frames {
                m.word(f.closure);
            }
            for d in &g.defers {
                m.word(d.closure);
                m.words(&d.args);
            }
            for p in &g.panics {
                m.words(&p.value);
            }
            if let Some(p) = &g.dying {
                m.words(&p.value);
                for (v, _) in &p.earlier {
                    m.words(v);
                }
            }
        })
    };
    sh.sched.timers.for_each_chan(|c| m.word(c));
}

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn memory_limits_parse_as_go_does() {
        assert_eq!(parse_bytes("100MiB"), Some(100 << 20));
        assert_eq!(parse_bytes("5000"), Some(5000));
        assert_eq!(parse_bytes("2GiB"), Some(2 << 30));
        assert_eq!(parse_bytes("1KiB"), Some(1024));
        assert_eq!(parse_bytes("lots"), None);
    }
}

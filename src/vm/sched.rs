//! The goroutine scheduler: Ms, Ps, run queues, idling, timers and sysmon.
//!
//! # Design
//!
//! A run uses `GOMAXPROCS` OS threads. Each is a [`Machine`]: Go's M and P in one, as
//! nothing in govm blocks an OS thread in a system call long enough to want a spare M.
//! A machine owns a local run queue (a `crossbeam_deque::Worker`) and a `runnext` slot
//! (an atomic pointer, so that an idle machine can take it too);
//! the scheduler owns the global `Injector` and every queue's `Stealer`.
//!
//! Ownership of goroutines: a `Box<Goroutine>` is always in exactly one place — running
//! on a machine, in a run queue, or parked in a wait queue (channel, semaphore, timer) as
//! a [`GPtr`](super::goroutine::GPtr). Only the party that removes a parked goroutine
//! from its wait queue (under that queue's lock) may touch it, and it does so to hand it
//! to [`Machine::ready`] or [`Sched::ready_global`].
//!
//! Finding work, in order: `runnext`, the local queue, the global queue, stealing from
//! the others, and last another running machine's `runnext`. That one is taken only
//! after a pause of a few microseconds: a goroutine that just readied its partner
//! usually blocks at once (a channel handoff), and its own machine should run the
//! partner; but if it keeps running instead, the partner must not wait for it. A machine with nothing to do parks on the `idle` condition variable. The
//! lost-wake-up race (work arriving just as a machine decides to sleep) is closed the
//! classic way: the sleeper counts itself idle, fences, and looks again; the waker
//! publishes work, fences, and reads the idle count. With both fences sequentially
//! consistent, at least one of them sees the other.
//!
//! Deadlock: the last machine to go idle, finding every queue empty, no wake-up pending
//! and no timer that could ever fire, knows every goroutine is blocked for good — Go's
//! `all goroutines are asleep - deadlock!`.
//!
//! sysmon runs on the thread that called [`run`]: it fires timers and flags a machine
//! whose goroutine has run 10 ms without a scheduling point; the interpreter checks the
//! flag at backward jumps and calls and yields. It also starts the machines: a run begins
//! with one, and each time a goroutine is readied while some are not started yet, sysmon
//! starts one more. Until started, a machine counts as idle and parked, so deadlock
//! detection and collections need no special case; a program that never has two
//! goroutines runnable at once (hello world) never starts a second thread, which saves a
//! third of a millisecond of start-up.

use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::{fence, AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use crossbeam_deque::{Injector, Steal, Stealer, Worker};
use parking_lot::{Condvar, Mutex};

use super::goroutine::{Frame, FrameKind, GInfo, GPtr, Goroutine, WaitReason};
use super::{Machine, Shared, Trap};

/// How long a goroutine may run before sysmon asks it to yield.
const TIME_SLICE: Duration = Duration::from_millis(10);
/// Stack slots a new goroutine starts with, at least (grown by copying as needed).
const MIN_STACK_SLOTS: usize = 16;
/// How long a machine waits before taking a running machine's `runnext` (see the module
/// docs): a channel handoff takes well under a microsecond.
const RUNNEXT_GRACE: Duration = Duration::from_micros(3);
/// Finished goroutines a machine keeps for reuse.
const MAX_FREE_GS: usize = 64;

pub type GBox = Box<Goroutine>;

/// `GOMAXPROCS` from the environment, else the number of CPUs.
pub fn procs_from_env() -> usize {
    std::env::var("GOMAXPROCS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// What every machine and sysmon share about one P.
#[derive(Default)]
struct ProcState {
    /// The goroutine to run next: a `Box<Goroutine>` from `Box::into_raw`, or null.
    /// Whoever swaps a pointer out owns that goroutine.
    runnext: AtomicPtr<Goroutine>,
    /// Set by sysmon (or at exit): the goroutine running here should yield.
    preempt: AtomicBool,
    /// Counts goroutine switches, so sysmon can tell one goroutine ran a whole slice.
    tick: AtomicU64,
    running: AtomicBool,
}

/// Wake-ups handed to idle machines, under `Sched::idle`.
#[derive(Default)]
struct Idle {
    tokens: usize,
}

/// Stops a scheduler's runs from any thread.
#[derive(Clone)]
pub struct StopHandle(pub(super) Arc<Sched>);

impl StopHandle {
    pub fn stop(&self, why: Stop) {
        self.0.stop(why);
    }
}

/// How a run ended.
#[derive(Debug)]
pub enum End {
    /// The root goroutine (running `main`, or a function called from Rust) returned:
    /// its result slots.
    Returned(Vec<u64>),
    /// `os.Exit(code)`.
    Exit(i32),
    /// A panic nobody recovered: Go's report.
    Panic(String),
    /// A fatal error (a deadlock): Go's report.
    Fatal(String),
    /// A limit was passed: Go's report of the fatal error.
    Limit(super::Limit, String),
    /// Stopped from outside ([`Sched::stop`]).
    Stopped(Stop),
}

/// Why a run was stopped from outside.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    Cancelled,
    Deadline,
}

pub struct Sched {
    nprocs: usize,
    injector: Injector<GBox>,
    stealers: Vec<Stealer<GBox>>,
    /// The local queues, taken by the machines when the run starts.
    workers: Mutex<Vec<Worker<GBox>>>,
    procs: Vec<ProcState>,
    idle: Mutex<Idle>,
    idle_cv: Condvar,
    /// Machines idle: parked, or not started yet.
    npidle: AtomicUsize,
    /// Machines not started yet: a run starts one, and sysmon starts another each time a
    /// goroutine is readied while some are unstarted (Go's `startm`, see the module docs).
    unstarted: AtomicUsize,
    /// A goroutine was readied while machines were unstarted: sysmon should start one.
    start_wanted: AtomicBool,
    next_id: AtomicU64,
    live: AtomicUsize,
    /// Every goroutine started, for the collector's roots and the deadlock report (dead
    /// ones pruned now and then).
    allgs: Mutex<Vec<GRef>>,
    /// Machines stopped for a collection (see `gc.rs`).
    pub(super) gc: Mutex<GcSync>,
    pub(super) gc_cv: Condvar,
    pub(crate) timers: Timers,
    done: AtomicBool,
    end: Mutex<Option<End>>,
    /// The id of the goroutine whose return ends the run, and how many result slots its
    /// function has.
    root: AtomicU64,
    root_results: AtomicUsize,
    /// When sysmon stops the run with [`Stop::Deadline`].
    deadline: Mutex<Option<Instant>>,
    cancelled: AtomicBool,
}

impl Sched {
    pub fn new(nprocs: usize) -> Sched {
        let workers: Vec<Worker<GBox>> = (0..nprocs).map(|_| Worker::new_lifo()).collect();
        Sched {
            nprocs,
            injector: Injector::new(),
            stealers: workers.iter().map(Worker::stealer).collect(),
            workers: Mutex::new(workers),
            procs: (0..nprocs).map(|_| ProcState::default()).collect(),
            idle: Mutex::new(Idle::default()),
            idle_cv: Condvar::new(),
            npidle: AtomicUsize::new(0),
            unstarted: AtomicUsize::new(0),
            start_wanted: AtomicBool::new(false),
            next_id: AtomicU64::new(1),
            live: AtomicUsize::new(0),
            allgs: Mutex::new(Vec::new()),
            gc: Mutex::new(GcSync::default()),
            gc_cv: Condvar::new(),
            timers: Timers::default(),
            done: AtomicBool::new(false),
            end: Mutex::new(None),
            root: AtomicU64::new(0),
            root_results: AtomicUsize::new(0),
            deadline: Mutex::new(None),
            cancelled: AtomicBool::new(false),
        }
    }

    pub fn nprocs(&self) -> usize {
        self.nprocs
    }

    /// Goroutines started and not yet finished (`runtime.NumGoroutine`).
    pub fn live(&self) -> usize {
        self.live.load(Ordering::Relaxed)
    }

    pub fn is_done(&self) -> bool {
        self.done.load(Ordering::Acquire)
    }

    /// Stops the run from any thread: the machines stop at their next safepoint. A
    /// cancellation also ends every later run at once.
    pub fn stop(&self, why: Stop) {
        if why == Stop::Cancelled {
            self.cancelled.store(true, Ordering::SeqCst);
        }
        self.end_run(End::Stopped(why));
    }

    /// Stops the runs of this scheduler once `at` passes (checked by sysmon).
    pub fn set_deadline(&self, at: Option<Instant>) {
        *self.deadline.lock() = at;
        drop(self.timers.state.lock());
        self.timers.cv.notify_all();
    }

    /// Ends the run (the first caller decides how) and stops every machine.
    fn end_run(&self, end: End) {
        {
            let mut e = self.end.lock();
            if e.is_some() {
                return;
            }
            *e = Some(end);
        }
        self.done.store(true, Ordering::Release);
        self.preempt_all();
        // Under each condition's lock, so that a thread between checking `done` and
        // waiting cannot miss the notification.
        drop(self.idle.lock());
        self.idle_cv.notify_all();
        drop(self.timers.state.lock());
        self.timers.cv.notify_all();
        drop(self.gc.lock());
        self.gc_cv.notify_all();
    }

    /// Asks every machine's goroutine to stop at its next safepoint.
    pub(super) fn preempt_all(&self) {
        for p in &self.procs {
            p.preempt.store(true, Ordering::SeqCst);
        }
    }

    /// Makes a goroutine runnable from outside any machine (a timer firing).
    pub fn ready_global(&self, g: GBox) {
        self.injector.push(g);
        self.wakep();
    }

    /// Wakes an idle machine, if there is one, to look for the work just published; one
    /// not started yet is started by sysmon.
    fn wakep(&self) {
        fence(Ordering::SeqCst);
        if self.npidle.load(Ordering::SeqCst) > 0 {
            let mut idle = self.idle.lock();
            if idle.tokens < self.nprocs {
                idle.tokens += 1;
            }
            self.idle_cv.notify_one();
            drop(idle);
            if self.unstarted.load(Ordering::SeqCst) > 0 {
                self.start_wanted.store(true, Ordering::SeqCst);
                // Under the lock sysmon waits with, so that it cannot miss the request.
                drop(self.timers.state.lock());
                self.timers.cv.notify_all();
            }
        }
    }

    fn register(&self, g: &Goroutine) {
        self.live.fetch_add(1, Ordering::Relaxed);
        let mut all = self.allgs.lock();
        if all.len() >= 64 && all.len() == all.capacity() {
            all.retain(|r| r.info.strong_count() > 0);
        }
        all.push(GRef {
            info: Arc::downgrade(&g.info),
            g,
        });
    }

    /// Calls `f` on every goroutine that has not finished.
    ///
    /// # Safety
    /// Every machine must be stopped for a collection: then no goroutine runs, moves or
    /// is freed until the caller is done.
    pub(super) unsafe fn for_each_g(&self, mut f: impl FnMut(&Goroutine)) {
        for r in self.allgs.lock().iter() {
            // The goroutine holds the only strong reference to its GInfo: while the Weak
            // upgrades, the goroutine exists, and it is recycled only with a new GInfo.
            if r.info.upgrade().is_some_and(|i| i.wait() != WaitReason::Dead) {
                // SAFETY: per the contract and the above, `g` points to a live goroutine
                // that nothing mutates meanwhile.
                f(unsafe { &*r.g });
            }
        }
    }

    fn work_visible(&self) -> bool {
        !self.injector.is_empty()
            || self.stealers.iter().any(|s| !s.is_empty())
            || self.procs.iter().any(|p| !p.runnext.load(Ordering::SeqCst).is_null())
    }

    /// The deadlock report: Go's message, then each goroutine's header.
    fn deadlock_report(&self) -> String {
        let mut gs: Vec<(u64, WaitReason)> = self
            .allgs
            .lock()
            .iter()
            .filter_map(|r| r.info.upgrade())
            .map(|g| (g.id, g.wait()))
            .filter(|g| g.1 != WaitReason::Dead)
            .collect();
        gs.sort_unstable_by_key(|g| g.0);
        let mut s = String::from("fatal error: all goroutines are asleep - deadlock!\n");
        for (id, w) in gs {
            s.push_str(&format!("\ngoroutine {id} [{}]:\n", w.text()));
        }
        s
    }
}

/// An entry of the list of all goroutines.
struct GRef {
    info: Weak<GInfo>,
    /// The goroutine's address, stable for its life (it is a Box).
    g: *const Goroutine,
}

// SAFETY: the pointer is only dereferenced by `Sched::for_each_g`, under its contract.
unsafe impl Send for GRef {}

/// Machines stopped for a collection.
#[derive(Default)]
pub(super) struct GcSync {
    /// Machines waiting at a checkpoint.
    pub stopped: usize,
    /// Machines parked idle, which hold nothing a collection could disturb.
    pub parked: usize,
    /// Counts collections, so a stopped machine knows when its one is over.
    pub epoch: u64,
}

/// A machine's own P: its run queue and what sysmon sees of it.
pub struct Proc<'s> {
    pub id: usize,
    local: Worker<GBox>,
    state: &'s ProcState,
    free: Vec<GBox>,
}

impl ProcState {
    fn take_runnext(&self) -> Option<GBox> {
        let g = self.runnext.swap(std::ptr::null_mut(), Ordering::AcqRel);
        // SAFETY: as in `Machine::ready`: the swap made the caller the owner of a pointer
        // from `Box::into_raw`.
        (!g.is_null()).then(|| unsafe { Box::from_raw(g) })
    }
}

impl Drop for ProcState {
    fn drop(&mut self) {
        drop(self.take_runnext());
    }
}

impl<'s> Proc<'s> {
    /// The flag that asks the running goroutine to stop at its next safepoint.
    pub fn preempt_flag(&self) -> &'s AtomicBool {
        &self.state.preempt
    }

    pub fn clear_preempt(&self) {
        self.state.preempt.store(false, Ordering::Relaxed);
    }

    /// Whether sysmon asked the running goroutine to yield.
    #[inline(always)]
    pub fn preempt_requested(&self) -> bool {
        self.state.preempt.load(Ordering::Relaxed)
    }
}

/// Runs function `func` with `args` on a new goroutine, the root, and every goroutine
/// there is until the root returns or the run ends otherwise. Goroutines still running
/// then stay where they are, to go on in the next run.
pub fn run(sh: &Shared, func: u32, args: &[u64]) -> End {
    let sched = &sh.sched;
    if sched.cancelled.load(Ordering::SeqCst) {
        return End::Stopped(Stop::Cancelled);
    }
    if sched.deadline.lock().is_some_and(|d| Instant::now() >= d) {
        return End::Stopped(Stop::Deadline);
    }
    *sched.end.lock() = None;
    sched.done.store(false, Ordering::SeqCst);
    sched.start_wanted.store(false, Ordering::SeqCst);
    sched.idle.lock().tokens = 0;
    let workers = std::mem::take(&mut *sched.workers.lock());
    let closure = {
        let c = sh
            .heap
            .cache(None)
            .alloc(1, crate::runtime::heap::PtrLayout::NoPointers);
        crate::runtime::heap::store(c, func as u64);
        c
    };
    let root = new_goroutine(sh, None, closure, args);
    sched.root.store(root.id(), Ordering::SeqCst);
    let results = sh.prog.funcs[func as usize].result_slots as usize;
    sched.root_results.store(results, Ordering::SeqCst);
    sched.injector.push(root);
    let mut unstarted: Vec<Proc> = workers
        .into_iter()
        .enumerate()
        .map(|(id, local)| Proc {
            id,
            local,
            state: &sched.procs[id],
            free: Vec::new(),
        })
        .rev()
        .collect();
    // Every machine but the first starts idle, and parked as far as a collection cares
    // (none is stopped: a run that ended during a collection may have left some counted).
    let later = unstarted.len().saturating_sub(1);
    sched.unstarted.store(later, Ordering::SeqCst);
    sched.npidle.store(later, Ordering::SeqCst);
    {
        let mut gc = sched.gc.lock();
        gc.stopped = 0;
        gc.parked = later;
    }
    let mut queues: Vec<(usize, Worker<GBox>)> = Vec::new();
    std::thread::scope(|s| {
        let mut running = Vec::new();
        let mut start = || {
            let Some(p) = unstarted.pop() else { return };
            if p.id > 0 {
                // Leaving the idle machines as a parked one wakes (see `Machine::idle`).
                sched.gc.lock().parked -= 1;
                sched.npidle.fetch_sub(1, Ordering::SeqCst);
                sched.unstarted.fetch_sub(1, Ordering::SeqCst);
            }
            let spawned = std::thread::Builder::new()
                .name(format!("govm-m{}", p.id))
                // Rust frames pile up only when Go calls back through natives (fmt calling
                // String methods); Go frames live on goroutine stacks.
                .stack_size(64 << 20)
                .spawn_scoped(s, move || Machine::new(sh, p).schedule());
            match spawned {
                Ok(handle) => running.push(handle),
                Err(e) => sched.end_run(End::Fatal(format!("fatal error: cannot start an OS thread: {e}\n"))),
            }
        };
        start();
        sysmon(sh, start);
        for handle in running {
            match handle.join() {
                Ok(q) => queues.push(q),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
    });
    // The run queues go back for the next run, in machine order.
    queues.extend(unstarted.into_iter().map(|p| (p.id, p.local)));
    queues.sort_by_key(|q| q.0);
    *sched.workers.lock() = queues.into_iter().map(|q| q.1).collect();
    let end = sched.end.lock().take();
    end.unwrap_or_else(|| End::Fatal("fatal error: the run ended without a cause\n".into()))
}

/// A goroutine ready to call `closure` with `args`, its stack sized for the call.
fn new_goroutine(sh: &Shared, reuse: Option<GBox>, closure: u64, args: &[u64]) -> GBox {
    let f = crate::runtime::heap::load(closure) as u32;
    let func = &sh.prog.funcs[f as usize];
    let need = (func.nregs as usize)
        .max(func.param_slots.max(func.result_slots) as usize)
        .max(args.len())
        + super::verify::SLACK;
    let id = sh.sched.next_id.fetch_add(1, Ordering::Relaxed);
    let mut g = match reuse {
        Some(mut g) => {
            g.info = Arc::new(GInfo::new(id));
            g.stack.clear();
            g
        }
        None => Box::new(Goroutine::new(id)),
    };
    g.stack.resize(need.next_power_of_two().max(MIN_STACK_SLOTS), 0);
    g.stack[..args.len()].copy_from_slice(args);
    g.frames.push(Frame {
        func: f,
        pc: 0,
        base: 0,
        closure,
        kind: FrameKind::Entry,
    });
    sh.sched.register(&g);
    g
}

impl<'s> Machine<'s> {
    /// The machine's life: run goroutines until the run ends. Gives back its run queue.
    fn schedule(mut self) -> (usize, Worker<GBox>) {
        while let Some(g) = self.find_runnable() {
            self.run_goroutine(g);
        }
        (self.p.id, self.p.local)
    }

    fn find_runnable(&mut self) -> Option<GBox> {
        let sched = &self.sh.sched;
        loop {
            if sched.is_done() {
                return None;
            }
            self.gc_checkpoint();
            if let Some(g) = self.p.state.take_runnext() {
                return Some(g);
            }
            if let Some(g) = self.p.local.pop() {
                return Some(g);
            }
            if let Some(g) = self.steal() {
                return Some(g);
            }
            self.idle();
        }
    }

    /// Work from the global queue or another machine's.
    fn steal(&mut self) -> Option<GBox> {
        let sched = &self.sh.sched;
        loop {
            match sched.injector.steal_batch_and_pop(&self.p.local) {
                Steal::Success(g) => return Some(g),
                Steal::Retry => continue,
                Steal::Empty => break,
            }
        }
        let n = sched.stealers.len();
        let start = self.random() as usize % n;
        for k in 0..n {
            let victim = (start + k) % n;
            if victim == self.p.id {
                continue;
            }
            loop {
                match sched.stealers[victim].steal_batch_and_pop(&self.p.local) {
                    Steal::Success(g) => return Some(g),
                    Steal::Retry => continue,
                    Steal::Empty => break,
                }
            }
        }
        for k in 0..n {
            let victim = &sched.procs[(start + k) % n];
            if std::ptr::eq(victim, self.p.state)
                || !victim.running.load(Ordering::Relaxed)
                || victim.runnext.load(Ordering::Relaxed).is_null()
            {
                continue;
            }
            let until = Instant::now() + RUNNEXT_GRACE;
            while Instant::now() < until {
                std::hint::spin_loop();
            }
            if let Some(g) = victim.take_runnext() {
                return Some(g);
            }
        }
        None
    }

    /// Sleeps until there may be work; reports a deadlock if there never can be.
    fn idle(&mut self) {
        let sched = &self.sh.sched;
        let mut idle = sched.idle.lock();
        if idle.tokens > 0 {
            idle.tokens -= 1;
            return;
        }
        let n = sched.npidle.fetch_add(1, Ordering::SeqCst) + 1;
        fence(Ordering::SeqCst);
        if sched.work_visible() || sched.is_done() {
            sched.npidle.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        if n == sched.nprocs && sched.timers.pending.load(Ordering::SeqCst) == 0 {
            drop(idle);
            sched.npidle.fetch_sub(1, Ordering::SeqCst);
            sched.end_run(End::Fatal(sched.deadlock_report()));
            return;
        }
        // Parked, the machine counts as stopped for a collection; it cannot leave while
        // one runs.
        {
            let mut gc = sched.gc.lock();
            gc.parked += 1;
            // A machine waiting to collect may be waiting for this one.
            if gc.stopped > 0 {
                sched.gc_cv.notify_all();
            }
        }
        while idle.tokens == 0 && !sched.is_done() {
            sched.idle_cv.wait(&mut idle);
        }
        sched.gc.lock().parked -= 1;
        idle.tokens = idle.tokens.saturating_sub(1);
        sched.npidle.fetch_sub(1, Ordering::SeqCst);
    }

    /// Runs `g` until it finishes, parks or yields.
    fn run_goroutine(&mut self, g: GBox) {
        let state = self.p.state;
        state.tick.fetch_add(1, Ordering::Relaxed);
        state.running.store(true, Ordering::Relaxed);
        if !self.sh.sched.is_done() {
            state.preempt.store(false, Ordering::SeqCst);
            // A collection asked for meanwhile must still stop this goroutine.
            if self.sh.heap.wanted() {
                state.preempt.store(true, Ordering::SeqCst);
            }
        }
        let placeholder = std::mem::replace(&mut self.g, g);
        self.spare = Some(placeholder);
        if let Some(sel) = self.g.select_wait.take() {
            sel.dequeue_others(self.g.as_ref());
        }
        self.g.info.set_wait(WaitReason::Running);
        let result = self.run_entry();
        state.running.store(false, Ordering::Relaxed);
        let sched = &self.sh.sched;
        let id = self.g.id();
        match result {
            // Parked: the goroutine belongs to a wait queue now, and `park` put the
            // placeholder in its place.
            Err(Trap::Park) => return,
            Err(Trap::Yield) => {
                let g = self.take_g();
                sched.injector.push(g);
                return;
            }
            Ok(()) if id == sched.root.load(Ordering::SeqCst) => {
                let n = sched.root_results.load(Ordering::SeqCst);
                sched.end_run(End::Returned(self.g.stack[..n].to_vec()));
            }
            Ok(()) => {}
            Err(Trap::Exit(code)) => sched.end_run(End::Exit(code)),
            Err(Trap::Panic(p) | Trap::Unwound(p)) => {
                let report = self.panic_report(&p, id);
                sched.end_run(End::Panic(report));
            }
            Err(Trap::Fatal(msg)) => sched.end_run(End::Fatal(msg)),
            Err(Trap::Limit(limit, msg)) => sched.end_run(End::Limit(limit, msg)),
        }
        sched.live.fetch_sub(1, Ordering::Relaxed);
        let mut g = self.take_g();
        g.info.set_wait(WaitReason::Dead);
        if self.p.free.len() < MAX_FREE_GS {
            g.frames.clear();
            g.defers.clear();
            g.panics.clear();
            self.p.free.push(g);
        }
    }

    /// Takes the running goroutine off the machine, leaving the placeholder.
    fn take_g(&mut self) -> GBox {
        let placeholder = self.spare.take().expect("a placeholder while a goroutine runs");
        std::mem::replace(&mut self.g, placeholder)
    }

    /// Starts a goroutine calling `closure` with `args` (the `go` statement): it runs
    /// next on this machine, after the current goroutine, as in Go.
    pub(crate) fn spawn(&mut self, closure: u64, args: &[u64]) -> Result<(), Trap> {
        if self.sh.sched.live() >= self.sh.max_goroutines {
            return Err(Trap::Limit(
                super::Limit::Goroutines,
                format!(
                    "fatal error: too many goroutines (the limit is {})\n\ngoroutine {} [running]:\n",
                    self.sh.max_goroutines,
                    self.g.id()
                ),
            ));
        }
        let reuse = self.p.free.pop();
        let g = new_goroutine(self.sh, reuse, closure, args);
        self.ready(g);
        Ok(())
    }

    /// Makes `g` runnable: it runs next here, and an idle machine is woken to share the
    /// work.
    pub(crate) fn ready(&mut self, g: GBox) {
        let prev = self.p.state.runnext.swap(Box::into_raw(g), Ordering::AcqRel);
        if !prev.is_null() {
            // SAFETY: a non-null runnext pointer came from `Box::into_raw` above, and the
            // swap made this machine its one owner.
            self.p.local.push(unsafe { Box::from_raw(prev) });
        }
        self.sh.sched.wakep();
    }

    /// Hands the running goroutine to a wait queue: records why it waits and gives it up
    /// as a [`GPtr`]. The caller must return `Trap::Park` at once, touching nothing of
    /// the goroutine, since another thread may resume it as soon as it is enqueued.
    pub(crate) fn park(&mut self, why: WaitReason) -> GPtr {
        debug_assert_eq!(self.nested, 0, "a goroutine with Rust frames cannot park");
        self.g.info.set_wait(why);
        GPtr::park(self.take_g())
    }

    /// Waits on this OS thread, for a goroutine that cannot park (see `nested`): retries
    /// `attempt` with growing pauses until it succeeds or the program ends.
    pub(crate) fn wait_in_place(
        &mut self,
        mut attempt: impl FnMut(&mut Self) -> Result<bool, Trap>,
    ) -> Result<(), Trap> {
        let mut pause = Duration::from_micros(20);
        loop {
            if attempt(self)? {
                return Ok(());
            }
            self.gc_checkpoint();
            if self.sh.sched.is_done() {
                return Err(Trap::Exit(0));
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(5));
        }
    }
}

/// A timer's effect when it fires.
pub enum TimerAction {
    /// Make a sleeping goroutine runnable.
    Wake(GPtr),
    /// Send the time on a channel without blocking (`time.After`, tickers); repeats
    /// every `period` nanoseconds if that is positive.
    Send { chan: u64, period: i64 },
}

/// Pending timers, fired by sysmon.
#[derive(Default)]
pub struct Timers {
    state: Mutex<TimerState>,
    /// Held while timers fire, and by a collection: a timer's channel must not be
    /// collected between leaving the queue and receiving its value.
    pub(super) firing: Mutex<()>,
    cv: Condvar,
    /// Timers not yet fired or stopped, plus any being fired: while non-zero, a goroutine
    /// may still be woken, so idle machines are not a deadlock.
    pending: AtomicUsize,
}

#[derive(Default)]
struct TimerState {
    /// (deadline, id), earliest first.
    queue: BinaryHeap<std::cmp::Reverse<(Instant, u64)>>,
    actions: HashMap<u64, TimerAction>,
    next_id: u64,
}

impl Timers {
    /// Schedules `action` at `when`; gives the timer's id (for `stop`).
    pub fn add(&self, when: Instant, action: TimerAction) -> u64 {
        let mut st = self.state.lock();
        st.next_id += 1;
        let id = st.next_id;
        self.pending.fetch_add(1, Ordering::SeqCst);
        let earliest = st.queue.peek().is_none_or(|e| when < e.0 .0);
        st.queue.push(std::cmp::Reverse((when, id)));
        st.actions.insert(id, action);
        if earliest {
            self.cv.notify_one();
        }
        id
    }

    /// Calls `f` on every channel a pending timer will send on (roots for the collector).
    pub(super) fn for_each_chan(&self, mut f: impl FnMut(u64)) {
        for a in self.state.lock().actions.values() {
            if let TimerAction::Send { chan, .. } = a {
                f(*chan);
            }
        }
    }

    /// Cancels a timer; false if it already fired or was stopped.
    pub fn stop(&self, id: u64) -> bool {
        let removed = self.state.lock().actions.remove(&id).is_some();
        if removed {
            self.pending.fetch_sub(1, Ordering::SeqCst);
        }
        removed
    }
}

/// The monitor: fires timers and preempts long-running goroutines until the program ends.
fn sysmon(sh: &Shared, mut start_machine: impl FnMut()) {
    let sched = &sh.sched;
    let timers = &sched.timers;
    let mut seen: Vec<(u64, Instant)> = vec![(0, Instant::now()); sched.nprocs];
    loop {
        let firing = timers.firing.lock();
        let mut st = timers.state.lock();
        if sched.is_done() {
            return;
        }
        let now = Instant::now();
        let mut due = Vec::new();
        while let Some(&std::cmp::Reverse((when, id))) = st.queue.peek() {
            if when > now {
                break;
            }
            st.queue.pop();
            if let Some(action) = st.actions.remove(&id) {
                due.push((when, id, action));
            }
        }
        let next = st.queue.peek().map(|e| e.0 .0);
        drop(st);
        // Goroutines are readied only once `firing` is released: readying takes the
        // idle machines' lock, which an idle machine holds while it waits for a
        // collection to end, and a collection waits for `firing`.
        let mut woken: Vec<GBox> = Vec::new();
        let fired = due.len();
        for (when, id, action) in due {
            match action {
                TimerAction::Wake(g) => {
                    // SAFETY: a sleeping goroutine is owned by its timer alone, which was
                    // just removed from the queue.
                    woken.push(unsafe { g.take() });
                }
                TimerAction::Send { chan, period } => {
                    woken.extend(super::chan::timer_send(chan));
                    if period > 0 {
                        let again = when + Duration::from_nanos(period as u64);
                        let mut st = timers.state.lock();
                        st.queue.push(std::cmp::Reverse((again.max(now), id)));
                        st.actions.insert(id, TimerAction::Send { chan, period });
                        // Still pending: the add below balances the release that follows.
                        timers.pending.fetch_add(1, Ordering::SeqCst);
                    }
                }
            }
        }
        drop(firing);
        for g in woken {
            sched.ready_global(g);
        }
        // Only now: until the goroutines are in a run queue, they count as pending.
        timers.pending.fetch_sub(fired, Ordering::SeqCst);
        let now = Instant::now();
        for (i, p) in sched.procs.iter().enumerate() {
            let tick = p.tick.load(Ordering::Relaxed);
            if tick != seen[i].0 || !p.running.load(Ordering::Relaxed) {
                seen[i] = (tick, now);
            } else if now - seen[i].1 >= TIME_SLICE {
                p.preempt.store(true, Ordering::Relaxed);
                seen[i] = (tick, now);
            }
        }
        if sched.start_wanted.swap(false, Ordering::SeqCst) {
            start_machine();
        }
        let mut wait = next.map_or(TIME_SLICE, |t| t.saturating_duration_since(now).min(TIME_SLICE));
        if let Some(deadline) = *sched.deadline.lock() {
            if now >= deadline {
                sched.stop(Stop::Deadline);
                return;
            }
            wait = wait.min(deadline - now);
        }
        let mut st = timers.state.lock();
        if sched.is_done() {
            return;
        }
        // A timer added meanwhile with an earlier deadline, or a machine wanted, notifies
        // the condition.
        if st.queue.peek().is_none_or(|e| e.0 .0 > now) && !sched.start_wanted.load(Ordering::SeqCst) {
            timers.cv.wait_for(&mut st, wait);
        }
    }
}

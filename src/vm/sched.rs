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
//! Deadlock: the last machine to go idle, finding every queue empty, no wake-up pending,
//! no timer that could ever fire and no blocking host call out, knows every goroutine
//! is blocked for good — Go's `all goroutines are asleep - deadlock!`.
//!
//! # Runs and threads
//!
//! A VM runs Go in *runs* ([`run`]): one function called from Rust (`main`, or an
//! embedder's call) on a root goroutine, until it returns. Machine 0 is the thread that
//! called: a call from Rust costs no thread hand-off. The other machines and sysmon are
//! threads of their own that outlive a run, parked between runs, and are joined when the
//! VM is dropped ([`Sched::shut_down`]).
//!
//! sysmon fires timers and flags a machine whose goroutine has run 10 ms without a
//! scheduling point; the interpreter checks the flag at backward jumps and function
//! entries and yields. It also ends a run at its deadline, and it wakes the other machines: a run
//! begins with machine 0 alone, and each time a goroutine is readied while some machines
//! are *dormant*, sysmon wakes one (starting its thread the first time, as Go's `startm`
//! does). A dormant machine counts as idle and parked, so deadlock detection and
//! collections need no special case; a program that never has two goroutines runnable
//! at once (hello world) never starts a second machine. When the root returns, the
//! machines stop at their next safepoint and go dormant, leaving any goroutines still
//! running in the run queues for the next run; [`run`] returns once they all have.
//! Between runs sysmon keeps its 10 ms tick for a while, then sleeps until a timer is
//! due or a run starts, so an idle VM costs no CPU and a busy one no wake-up per call.

use std::collections::{BinaryHeap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering, fence};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use crossbeam_deque::{Injector, Steal, Stealer, Worker};
use parking_lot::{Condvar, Mutex};

use super::goroutine::{Frame, FrameKind, GInfo, GPtr, Goroutine, WaitReason};
use super::{Machine, Shared, Trap};
use crate::runtime::heap::{OUT_OF_MEMORY, OutOfMemory};

/// How long a goroutine may run before sysmon asks it to yield.
const TIME_SLICE: Duration = Duration::from_millis(10);
/// Stack slots a new goroutine starts with, at least (grown by copying as needed).
const MIN_STACK_SLOTS: usize = 16;
/// How long a machine waits before taking a running machine's `runnext` (see the module
/// docs): a channel handoff takes well under a microsecond.
const RUNNEXT_GRACE: Duration = Duration::from_micros(3);
/// Goroutine ids a P takes at once, so that starting one needs no shared counter.
const ID_BATCH: u64 = 16;
/// Finished goroutines a machine keeps for reuse.
const MAX_FREE_GS: usize = 64;
/// sysmon ticks this many time slices after a run ends before it sleeps for good.
const IDLE_TICKS: u32 = 100;

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
    /// Goroutines started here less those finished here (so it may be negative); their
    /// sum over the Ps is the number alive. Only the machine holding the P writes it.
    live: std::sync::atomic::AtomicI64,
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
    /// The root goroutine (running `main`, or a function called from Rust) returned
    /// (its result slots are [`Vm::results`](super::Vm::results)).
    Returned,
    /// `os.Exit(code)`.
    Exit(i32),
    /// A panic nobody recovered.
    Panic(Box<super::Panic>),
    /// A fatal error (a deadlock): Go's report.
    Fatal(String),
    /// A limit was passed: Go's report of the fatal error.
    Limit(super::Limit, String),
    /// Stopped from outside ([`Sched::stop`]).
    Stopped(Stop),
    /// A bug of govm's (a Rust panic) ended the run, and every later one: the report
    /// (see `internal`).
    Internal(String),
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
    /// Each P's run queue until its machine takes it.
    workers: Mutex<Vec<Option<Worker<GBox>>>>,
    /// What each machine but 0 is doing in the current run.
    runs: Mutex<Runs>,
    runs_cv: Condvar,
    /// The VM is being dropped: sysmon and the machines' threads end.
    exiting: AtomicBool,
    /// sysmon waits for a timer or a run to start, not for its next tick, or has not
    /// started.
    sysmon_asleep: AtomicBool,
    /// sysmon's thread, started when first woken (see `wake_sysmon`).
    sysmon: Mutex<Sysmon>,
    /// Whether `sysmon` holds a thread: read without its lock.
    sysmon_started: AtomicBool,
    procs: Vec<ProcState>,
    idle: Mutex<Idle>,
    idle_cv: Condvar,
    /// Machines idle: parked, or not started yet.
    npidle: AtomicUsize,
    /// Dormant machines: sysmon wakes one each time a goroutine is readied while some
    /// are (see the module docs).
    dormant: AtomicUsize,
    /// A goroutine was readied while machines were dormant: sysmon should wake one.
    start_wanted: AtomicBool,
    /// The next batch of goroutine ids to hand a P.
    next_id: AtomicU64,
    /// Every goroutine started, for the collector's roots and the deadlock report (dead
    /// ones pruned now and then).
    allgs: Mutex<Vec<GRef>>,
    /// Machines stopped for a collection (see `gc.rs`).
    pub(super) gc: Mutex<GcSync>,
    pub(super) gc_cv: Condvar,
    pub(crate) timers: Timers,
    pub(super) host_calls: super::blocking::HostCalls,
    done: AtomicBool,
    end: Mutex<Option<End>>,
    /// The root, when it returned on a machine other than 0: its stack holds the
    /// results.
    returned_root: Mutex<Option<GBox>>,
    /// The run has ended: whoever sets it decides how (in `end`, or for a root that
    /// returned on machine 0, in that machine's `root`).
    finished: AtomicBool,
    /// The id of the goroutine whose return ends the run.
    root: AtomicU64,
    /// When sysmon stops the run with [`Stop::Deadline`].
    deadline: Mutex<Option<Instant>>,
    /// Whether `deadline` is set, so that a run without one takes no lock for it.
    has_deadline: AtomicBool,
    cancelled: AtomicBool,
    /// The report of a bug of govm's that broke this VM: every run ends with it.
    broken: Mutex<Option<String>>,
}

/// sysmon's thread, and the VM it is to monitor until it starts.
struct Sysmon {
    vm: Weak<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Sched {
    /// The scheduler of VM `vm` (made in the same `Arc::new_cyclic`).
    pub fn new(nprocs: usize, vm: Weak<Shared>) -> Sched {
        let workers: Vec<Worker<GBox>> = (0..nprocs).map(|_| Worker::new_lifo()).collect();
        Sched {
            nprocs,
            injector: Injector::new(),
            stealers: workers.iter().map(Worker::stealer).collect(),
            workers: Mutex::new(workers.into_iter().map(Some).collect()),
            runs: Mutex::new(Runs {
                state: vec![MState::Dormant; nprocs],
                busy: 0,
            }),
            runs_cv: Condvar::new(),
            exiting: AtomicBool::new(false),
            sysmon_asleep: AtomicBool::new(true),
            sysmon: Mutex::new(Sysmon { vm, thread: None }),
            sysmon_started: AtomicBool::new(false),
            procs: (0..nprocs).map(|_| ProcState::default()).collect(),
            idle: Mutex::new(Idle::default()),
            idle_cv: Condvar::new(),
            npidle: AtomicUsize::new(0),
            dormant: AtomicUsize::new(0),
            start_wanted: AtomicBool::new(false),
            next_id: AtomicU64::new(1),
            allgs: Mutex::new(Vec::new()),
            gc: Mutex::new(GcSync::default()),
            gc_cv: Condvar::new(),
            timers: Timers::default(),
            host_calls: Default::default(),
            done: AtomicBool::new(false),
            end: Mutex::new(None),
            returned_root: Mutex::new(None),
            finished: AtomicBool::new(false),
            root: AtomicU64::new(0),
            deadline: Mutex::new(None),
            has_deadline: AtomicBool::new(false),
            cancelled: AtomicBool::new(false),
            broken: Mutex::new(None),
        }
    }

    pub fn nprocs(&self) -> usize {
        self.nprocs
    }

    /// Goroutines started and not yet finished (`runtime.NumGoroutine`).
    pub fn live(&self) -> usize {
        let n: i64 = self.procs.iter().map(|p| p.live.load(Ordering::Relaxed)).sum();
        n.max(0) as usize
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
        if why == Stop::Cancelled {
            // A run starting now may not see the end above (it resets `finished`
            // without a fence): its machines see `cancelled` instead, at their next
            // safepoint or when they look for work.
            self.preempt_all();
            drop(self.idle.lock());
            self.idle_cv.notify_all();
        }
    }

    /// Stops the runs of this scheduler once `at` passes (checked by sysmon, which the
    /// next run starts if need be).
    pub fn set_deadline(&self, at: Option<Instant>) {
        *self.deadline.lock() = at;
        self.has_deadline.store(at.is_some(), Ordering::SeqCst);
        self.notify_sysmon();
    }

    /// Ends the run (the first caller decides how) and stops every machine.
    pub(crate) fn end_run(&self, end: End) {
        if self.finished.swap(true, Ordering::SeqCst) {
            return;
        }
        *self.end.lock() = Some(end);
        // `done` first, then the preempt flags, released: a machine that takes a flag
        // raised here (`clear_preempt` acquires it) sees `done` when it looks for work
        // after yielding. Raised first, a flag could be taken by a machine yielding for an
        // older request before `done` was visible to it: it would go on running the
        // goroutine, its flag cleared, and no one would ask it again.
        self.done.store(true, Ordering::SeqCst);
        for p in &self.procs {
            p.preempt.store(true, Ordering::Release);
        }
        // Under each condition's lock, so that a thread between checking `done` and
        // waiting cannot miss the notification. A machine counts itself idle before it
        // looks at `done` (see `Machine::idle`): one of the two sees the other. A lone
        // machine never waits for a collection. (sysmon need not hear of the end: it
        // notices at its next tick.)
        if self.npidle.load(Ordering::SeqCst) > 0 {
            drop(self.idle.lock());
            self.idle_cv.notify_all();
        }
        if self.nprocs > 1 {
            drop(self.gc.lock());
            self.gc_cv.notify_all();
        }
    }

    /// A bug of govm's on some thread of this VM (see `internal`): the run ends with its
    /// report, and so does every later one.
    pub(crate) fn break_down(&self, end: End) {
        if let End::Internal(report) = &end {
            self.broken.lock().get_or_insert_with(|| report.clone());
        }
        self.end_run(end);
    }

    /// Asks every machine's goroutine to stop at its next safepoint.
    pub(super) fn preempt_all(&self) {
        for p in &self.procs {
            p.preempt.store(true, Ordering::SeqCst);
        }
    }

    /// Schedules `action` at `when` for sysmon, which starts if need be; gives the
    /// timer's id (for `Timers::stop`).
    pub fn add_timer(&self, when: Instant, action: TimerAction) -> u64 {
        let id = self.timers.add(when, action);
        if !self.sysmon_started.load(Ordering::Acquire) {
            self.wake_sysmon();
        }
        id
    }

    /// Makes a goroutine runnable from outside any machine (a timer firing).
    pub fn ready_global(&self, g: GBox) {
        self.injector.push(g);
        self.wakep();
    }

    /// A wake-up that was pending (a timer, a blocking host call) is settled: its
    /// goroutine is in a run queue. A machine that went idle while it was pending, and so
    /// could not call the program deadlocked, must look again.
    pub(super) fn pending_settled(&self) {
        self.wakep();
    }

    /// Wakes an idle machine, if there is one, to look for the work just published; a
    /// dormant one is woken by sysmon.
    fn wakep(&self) {
        fence(Ordering::SeqCst);
        // With more than one goroutine runnable, sysmon must preempt (see `run`).
        if self.sysmon_asleep.load(Ordering::SeqCst) {
            self.wake_sysmon();
        }
        if self.npidle.load(Ordering::SeqCst) > 0 {
            let mut idle = self.idle.lock();
            if idle.tokens < self.nprocs {
                idle.tokens += 1;
            }
            self.idle_cv.notify_one();
            drop(idle);
            if self.dormant.load(Ordering::SeqCst) > 0 {
                self.start_wanted.store(true, Ordering::SeqCst);
                self.wake_sysmon();
            }
        }
    }

    /// Wakes sysmon, starting its thread the first time; a run that cannot have it ends.
    fn wake_sysmon(&self) {
        if let Err(fatal) = self.start_sysmon() {
            self.end_run(End::Fatal(fatal));
        }
        self.notify_sysmon();
    }

    /// Wakes sysmon if it waits (not starting it).
    fn notify_sysmon(&self) {
        // Under the lock sysmon waits with, so that it cannot miss the notification.
        drop(self.timers.state.lock());
        self.timers.cv.notify_all();
    }

    /// Starts sysmon's thread unless it runs, or the VM is being dropped. It starts only
    /// when first wanted (a second goroutine, a timer, a deadline): an instance whose
    /// calls never want it costs no thread, and a one-goroutine run needs no preemption.
    pub(super) fn start_sysmon(&self) -> Result<(), String> {
        if self.sysmon_started.load(Ordering::Acquire) {
            return Ok(());
        }
        let mut slot = self.sysmon.lock();
        if slot.thread.is_some() || self.exiting.load(Ordering::SeqCst) {
            return Ok(());
        }
        // Gone only while the VM is being dropped, which sets `exiting` first.
        let Some(vm) = slot.vm.upgrade() else {
            return Ok(());
        };
        let thread = std::thread::Builder::new()
            .name("govm-sysmon".into())
            .spawn(move || sysmon(&vm))
            .map_err(|e| format!("fatal error: cannot start an OS thread: {e}\n"))?;
        slot.thread = Some(thread);
        self.sysmon_started.store(true, Ordering::Release);
        Ok(())
    }

    /// Ends sysmon and the machines' threads (the VM is being dropped; no run is in
    /// progress), and gives sysmon's thread, if it started, for the VM to join: it
    /// joins the machines, which only it starts.
    pub(super) fn shut_down(&self) -> Option<std::thread::JoinHandle<()>> {
        // Under sysmon's lock: it cannot start after this.
        let thread = {
            let mut sysmon = self.sysmon.lock();
            self.exiting.store(true, Ordering::SeqCst);
            sysmon.thread.take()
        };
        drop(self.runs.lock());
        self.runs_cv.notify_all();
        self.notify_sysmon();
        thread
    }

    /// Frees the goroutines that are left: those in run queues, and those parked in wait
    /// queues, which hold them as raw pointers.
    ///
    /// # Safety
    /// No machine may run again: the VM is being dropped, and its threads have ended.
    pub(super) unsafe fn free_goroutines(&self) {
        self.workers.lock().clear();
        // A queue outlives its worker (the stealer shares it): empty it.
        while !matches!(self.injector.steal(), Steal::Empty) {}
        for s in &self.stealers {
            while !matches!(s.steal(), Steal::Empty) {}
        }
        for p in &self.procs {
            drop(p.take_runnext());
        }
        // Nothing else owns a goroutine now but the wait queue it is parked in, and no
        // queue will give it up again.
        for r in std::mem::take(&mut *self.allgs.lock()) {
            if r.info.upgrade().is_some_and(|i| i.wait() != WaitReason::Dead) {
                // SAFETY: the goroutine is alive (its GInfo is) and in no run queue (all
                // are emptied above), so it is parked: its wait queue held it as a pointer
                // from `Box::into_raw`, and nothing will take it from there.
                drop(unsafe { GPtr::from_raw(r.g.cast_mut()).take() });
            }
        }
    }

    /// Adds a new goroutine to the list of all goroutines.
    fn register(&self, g: &mut Box<Goroutine>) {
        let mut all = self.allgs.lock();
        if all.len() >= 64 && all.len() == all.capacity() {
            all.retain(|r| r.info.strong_count() > 0);
        }
        all.push(GRef {
            info: Arc::downgrade(&g.info),
            // Not through a reference: a pointer derived from `&Goroutine` may only read,
            // and the Box is written after (Miri's Tree Borrows found this when
            // `free_goroutines` made a Box from it again).
            g: &raw const **g,
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
            // upgrades, the goroutine exists (a recycled one keeps its GInfo and address).
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
            .map(|g| (g.id(), g.wait()))
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
    /// Goroutine ids this P may hand out: `ids.0..ids.1`.
    ids: (u64, u64),
}

impl<'s> Proc<'s> {
    /// P `id`, for its machine's whole life.
    pub(super) fn take(sched: &'s Sched, id: usize) -> Proc<'s> {
        let local = sched.workers.lock()[id].take().expect("a P is taken by one machine");
        Proc {
            id,
            local,
            state: &sched.procs[id],
            free: Vec::new(),
            ids: (0, 0),
        }
    }
}

/// What the machines other than 0 are doing, under `Sched::runs`.
struct Runs {
    state: Vec<MState>,
    /// Machines woken or running: a run is over when none is.
    busy: usize,
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum MState {
    /// Parked between runs, or in this run until sysmon wakes it.
    Dormant,
    /// Woken by sysmon, its thread not yet running goroutines.
    Woken,
    Running,
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
    fn add_live(&self, n: i64) {
        let live = &self.state.live;
        live.store(live.load(Ordering::Relaxed) + n, Ordering::Relaxed);
    }

    /// The flag that asks the running goroutine to stop at its next safepoint.
    pub fn preempt_flag(&self) -> &'s AtomicBool {
        &self.state.preempt
    }

    /// Takes the request to stop: a read and a write in one, so that a request raised
    /// meanwhile is either left standing or seen, with what was published before it
    /// (see `end_run`).
    pub fn clear_preempt(&self) {
        self.state.preempt.swap(false, Ordering::AcqRel);
    }

    /// Whether sysmon asked the running goroutine to yield.
    #[inline(always)]
    pub fn preempt_requested(&self) -> bool {
        // Acquire: a machine that yields for a cancellation must then see `cancelled`.
        self.state.preempt.load(Ordering::Acquire)
    }
}

/// Runs function `func` with `args` on a new goroutine, the root, and every goroutine
/// there is until the root returns or the run ends otherwise. The calling thread is
/// machine 0; sysmon starts when first wanted ([`Sched::start_sysmon`]). Goroutines still running when
/// the root returns stay where they are, to go on in the next run.
pub(super) fn run(m: &mut Machine<'_>, func: u32, args: &[u64]) -> End {
    let sh = m.sh;
    let sched = &sh.sched;
    if sched.cancelled.load(Ordering::SeqCst) {
        return End::Stopped(Stop::Cancelled);
    }
    if let Some(report) = &*sched.broken.lock() {
        return End::Internal(report.clone());
    }
    let has_deadline = sched.has_deadline.load(Ordering::SeqCst);
    if has_deadline && sched.deadline.lock().is_some_and(|d| Instant::now() >= d) {
        return End::Stopped(Stop::Deadline);
    }
    if sched.nprocs > 1 {
        // Every other machine is dormant: the last run waited for them. Under this lock,
        // sysmon cannot wake one before the counts are set.
        let _runs = sched.runs.lock();
        sched.start_wanted.store(false, Ordering::Relaxed);
        let dormant = sched.nprocs - 1;
        sched.dormant.store(dormant, Ordering::Relaxed);
        sched.npidle.store(dormant, Ordering::Relaxed);
        // None is stopped for a collection (a run that ended during one may have left
        // some counted), and the dormant ones count as parked. A lone machine needs no
        // such reset: it never waits for others to stop.
        let mut gc = sched.gc.lock();
        gc.stopped = 0;
        gc.parked = dormant;
    }
    // (Wake-up tokens left from the last run can only wake a machine for nothing.)
    sched.done.store(false, Ordering::Relaxed);
    // A stop from another thread that still sees the last run finished does nothing
    // but raise the preempt flags: the machines then see `cancelled` for themselves.
    sched.finished.store(false, Ordering::Relaxed);
    // sysmon may sleep through a run with one goroutine: it has nothing to do there. A
    // second goroutine made runnable wakes it (`wakep`), and so does a timer; a deadline
    // must wake it now, against its going to sleep as in `wakep`.
    if has_deadline {
        if let Err(fatal) = sched.start_sysmon() {
            return End::Fatal(fatal);
        }
        fence(Ordering::SeqCst);
        sched.notify_sysmon();
    }
    let closure = m.func_closure(func);
    let root = m.new_goroutine(closure, args);
    // Relaxed: the machine that finishes the root got it through a run queue, after this.
    sched.root.store(root.id(), Ordering::Relaxed);
    m.fill_tank();
    // Most calls from Rust end without the root ever waiting: run it at once.
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        m.run_goroutine(root);
        if m.root.is_none() {
            m.schedule();
        }
    }));
    if let Err(p) = ran {
        // Out of memory, or a bug of govm's: end the run (stopping the other machines)
        // and report it.
        sched.break_down(m.unwound(&*p));
        m.root = None;
    }
    if sched.nprocs > 1 {
        let mut runs = sched.runs.lock();
        while runs.busy > 0 {
            sched.runs_cv.wait(&mut runs);
        }
    }
    // After the other machines' (above): a budget reads whole between runs.
    m.drain_tank();
    sh.flush_out();
    // Each end is made in the caller's place: an `End` built in a local and copied out
    // stalled every call here (the copy's wide loads cannot take the value from the
    // narrower stores that had just made it).
    if m.root.is_some() {
        return End::Returned;
    }
    let end = sched.end.lock().take();
    if let Some(End::Returned) = end {
        m.root = sched.returned_root.lock().take();
    }
    end.unwrap_or_else(|| End::Fatal("fatal error: the run ended without a cause\n".into()))
}

impl Machine<'_> {
    /// How a run ends when this machine unwinds: out of memory (see [`OutOfMemory`]), or
    /// a bug of govm's, in the goroutine it was running if any.
    fn unwound(&self, p: &(dyn std::any::Any + Send)) -> End {
        if p.is::<OutOfMemory>() {
            return End::Limit(super::Limit::Memory, format!("{OUT_OF_MEMORY}\n"));
        }
        let running = !self.g.frames.is_empty();
        super::internal::report(p, running.then(|| self.goroutine_report()))
    }
}

/// The life of machine `id`'s thread: each time sysmon wakes it, run goroutines until the
/// run ends.
fn machine_thread(sh: &Shared, id: usize) {
    let sched = &sh.sched;
    let mut m = Machine::new(sh, Proc::take(sched, id));
    loop {
        {
            let mut runs = sched.runs.lock();
            while runs.state[id] != MState::Woken {
                if sched.exiting.load(Ordering::SeqCst) {
                    return;
                }
                sched.runs_cv.wait(&mut runs);
            }
            runs.state[id] = MState::Running;
        }
        m.fill_tank();
        // Unwinding here is out of memory or a bug of govm's; the run ends with it rather
        // than leave machine 0 waiting for this machine for ever.
        if let Err(p) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| m.schedule())) {
            sched.break_down(m.unwound(&*p));
        }
        m.drain_tank();
        // Nobody takes a dormant machine's `runnext` (it waits for a running machine to
        // run it): hand it to all.
        if let Some(g) = m.p.state.take_runnext() {
            sched.injector.push(g);
        }
        let mut runs = sched.runs.lock();
        runs.state[id] = MState::Dormant;
        runs.busy -= 1;
        if runs.busy == 0 {
            sched.runs_cv.notify_all();
        }
    }
}

/// Wakes a dormant machine for the run in progress, starting its thread if it has none.
fn wake_machine(sh: &Arc<Shared>, threads: &mut [Option<std::thread::JoinHandle<()>>]) {
    let sched = &sh.sched;
    let mut runs = sched.runs.lock();
    if sched.is_done() {
        return;
    }
    let Some(id) = runs
        .state
        .iter()
        .skip(1)
        .position(|&s| s == MState::Dormant)
        .map(|i| i + 1)
    else {
        return;
    };
    // It leaves the idle machines as a parked one that wakes does (see `Machine::idle`).
    sched.gc.lock().parked -= 1;
    sched.npidle.fetch_sub(1, Ordering::SeqCst);
    sched.dormant.fetch_sub(1, Ordering::SeqCst);
    runs.state[id] = MState::Woken;
    runs.busy += 1;
    if threads[id].is_some() {
        sched.runs_cv.notify_all();
        return;
    }
    let thread_sh = sh.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("govm-m{id}"))
        .spawn(move || machine_thread(&thread_sh, id));
    match spawned {
        Ok(handle) => threads[id] = Some(handle),
        Err(e) => {
            runs.state[id] = MState::Dormant;
            runs.busy -= 1;
            drop(runs);
            sched.end_run(End::Fatal(format!("fatal error: cannot start an OS thread: {e}\n")));
        }
    }
}

impl<'s> Machine<'s> {
    /// A goroutine ready to call `closure` with `args`, its stack sized for the call.
    fn new_goroutine(&mut self, closure: u64, args: &[u64]) -> GBox {
        let f = crate::runtime::heap::load(closure) as u32;
        let func = &self.prog.funcs[f as usize];
        let need = (func.nregs as usize)
            .max(func.param_slots.max(func.result_slots) as usize)
            .max(args.len())
            + super::verify::SLACK;
        let p = &mut self.p;
        if p.ids.0 == p.ids.1 {
            let first = self.sh.sched.next_id.fetch_add(ID_BATCH, Ordering::Relaxed);
            p.ids = (first, first + ID_BATCH);
        }
        let id = p.ids.0;
        p.ids.0 += 1;
        p.add_live(1);
        // The last run's root, if it returned, is the next call's goroutine: its stack
        // holds only that call's frame, kept for its results.
        let last_root = self.root.take();
        let reusing_root = last_root.is_some();
        let mut g = match last_root.or_else(|| p.free.pop()) {
            Some(g) => {
                // Still in the list of all goroutines, at the same address with the same
                // GInfo: it only needs its new id.
                g.info.reuse(id);
                g
            }
            None => {
                let mut g = Box::new(Goroutine::new(id));
                self.sh.sched.register(&mut g);
                g
            }
        };
        // A zeroed stack, so that the collector finds no stale pointers in it; a reused
        // one of the right size is only zeroed. The root's needs not even that (the
        // common case of calls from Rust): what it would clear is the last call's, in a
        // stack no bigger than this call needs, and its results kept that alive until
        // now anyway.
        let len = need.next_power_of_two().max(MIN_STACK_SLOTS);
        if g.stack.len() == len {
            if !reusing_root {
                g.stack.fill(0);
            }
        } else {
            g.stack.clear();
            g.stack.resize(len, 0);
        }
        g.stack[..args.len()].copy_from_slice(args);
        g.frames.push(Frame {
            func: f,
            pc: 0,
            base: 0,
            closure,
            kind: FrameKind::Entry,
        });
        g
    }

    /// Runs goroutines until the run ends.
    fn schedule(&mut self) {
        while let Some(g) = self.find_runnable() {
            self.run_goroutine(g);
        }
    }

    fn find_runnable(&mut self) -> Option<GBox> {
        let sched = &self.sh.sched;
        loop {
            if sched.is_done() {
                return None;
            }
            if sched.cancelled.load(Ordering::Relaxed) {
                sched.end_run(End::Stopped(Stop::Cancelled));
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
        if n == sched.nprocs && sched.timers.pending.load(Ordering::SeqCst) == 0 && !sched.host_calls.pending() {
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
        while idle.tokens == 0 && !sched.is_done() && !sched.cancelled.load(Ordering::Relaxed) {
            sched.idle_cv.wait(&mut idle);
        }
        sched.gc.lock().parked -= 1;
        idle.tokens = idle.tokens.saturating_sub(1);
        sched.npidle.fetch_sub(1, Ordering::SeqCst);
    }

    /// Runs `g` until it finishes, parks or yields.
    fn run_goroutine(&mut self, g: GBox) {
        let state = self.p.state;
        // This machine is the only writer.
        state
            .tick
            .store(state.tick.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
        state.running.store(true, Ordering::Relaxed);
        // The preempt flag is left as it is: cleared only where a goroutine yields to it,
        // it never loses a request (a collection's, a cancellation's), and one meant for
        // a goroutine that has since parked costs this one a needless yield at most.
        let placeholder = std::mem::replace(&mut self.g, g);
        self.spare = Some(placeholder);
        if let Some(sel) = self.g.select_wait.take() {
            sel.dequeue_others(self.g.as_ref());
        }
        self.g.info.set_wait(WaitReason::Running);
        super::fault::set_running(self.g.id());
        let result = self.run_entry();
        super::fault::set_running(0);
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
            Ok(()) if id == sched.root.load(Ordering::Relaxed) => {
                // The root's stack holds its results: it goes to machine 0 whole, to be
                // read there and reused as the next goroutine.
                self.p.add_live(-1);
                let g = self.take_g();
                g.info.set_wait(WaitReason::Dead);
                if self.p.id == 0 && sched.nprocs == 1 {
                    // The common end of a call from Rust, made cheap: this is the machine
                    // `run` runs, and there is no other machine to stop or wake. A stop
                    // racing this one may end the run too; `run` prefers the results, and
                    // the stop's `end` is never read (the next run's end overwrites it).
                    // The last root was taken to be this one: there is none to drop.
                    if let Some(stale) = self.root.replace(g) {
                        drop(stale);
                    }
                    sched.finished.store(true, Ordering::Relaxed);
                    sched.done.store(true, Ordering::Relaxed);
                } else {
                    *sched.returned_root.lock() = Some(g);
                    sched.end_run(End::Returned);
                }
                return;
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
        self.p.add_live(-1);
        let mut g = self.take_g();
        g.info.set_wait(WaitReason::Dead);
        if self.p.free.len() < MAX_FREE_GS {
            g.frames.clear();
            g.defers.clear();
            g.panics.clear();
            g.dying = None;
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
        if let Some(at @ (super::CrashPoint::Machine | super::CrashPoint::Fault)) = self.sh.crash {
            at.crash();
        }
        self.heap.account(Goroutine::FOOTPRINT);
        // The new goroutine's first frame is entered here, not through `enter`: it is
        // paid for here, and the scheduler's own checks (a collection, the run's end)
        // come before it runs.
        let f = crate::runtime::heap::load(closure) as usize;
        self.burn(self.prog.funcs[f].code.len())?;
        let g = self.new_goroutine(closure, args);
        self.ready(g);
        Ok(())
    }

    /// Makes `g` runnable: it runs next here, and an idle machine is woken to share the
    /// work.
    pub(crate) fn ready(&mut self, g: GBox) {
        self.run_next(g);
        self.sh.sched.wakep();
    }

    /// Makes `g` the goroutine this machine runs next.
    fn run_next(&mut self, g: GBox) {
        let prev = self.p.state.runnext.swap(Box::into_raw(g), Ordering::AcqRel);
        if !prev.is_null() {
            // SAFETY: a non-null runnext pointer came from `Box::into_raw` above, and the
            // swap made this machine its one owner.
            self.p.local.push(unsafe { Box::from_raw(prev) });
        }
    }

    /// Hands the running goroutine to a wait queue: records why it waits and gives it up
    /// as a [`GPtr`]. The caller must return `Trap::Park` at once, touching nothing of
    /// the goroutine, since another thread may resume it as soon as it is enqueued.
    pub(crate) fn park(&mut self, why: WaitReason) -> GPtr {
        self.g.info.set_wait(why);
        GPtr::park(self.take_g())
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
    fn add(&self, when: Instant, action: TimerAction) -> u64 {
        let mut st = self.state.lock();
        st.next_id += 1;
        let id = st.next_id;
        self.pending.fetch_add(1, Ordering::SeqCst);
        let earliest = st.queue.peek().is_none_or(|e| when < e.0.0);
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

/// sysmon's thread: monitors until the VM is dropped, then joins the machines' threads,
/// which only it starts. A bug of govm's in the monitor breaks the VM (see `internal`);
/// the thread then waits for the VM's end all the same, as the machines must be joined
/// before the goroutines are freed.
fn sysmon(sh: &Arc<Shared>) {
    // Linux wakes a sleeping thread up to 50 µs late by default (its timer slack), to
    // batch wake-ups. sysmon's sleeps end at timers and deadlines, where being late is
    // the latency of a `time.Sleep` or of a stop: ask for 1 ns instead.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_TIMERSLACK reads one integer argument and changes only the calling
    // thread's slack; it touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_TIMERSLACK, 1 as libc::c_ulong);
    }
    let sched = &sh.sched;
    let mut threads: Vec<Option<std::thread::JoinHandle<()>>> = (0..sched.nprocs).map(|_| None).collect();
    let monitored = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| monitor(sh, &mut threads)));
    if let Err(p) = monitored {
        sched.break_down(super::internal::report(&*p, None));
        let mut st = sched.timers.state.lock();
        while !sched.exiting.load(Ordering::SeqCst) {
            sched.timers.cv.wait(&mut st);
        }
    }
    for thread in threads.into_iter().flatten() {
        if let Err(e) = thread.join() {
            std::panic::resume_unwind(e);
        }
    }
}

/// The monitor: fires timers, preempts long-running goroutines, ends runs at their
/// deadline and wakes machines (`threads`), until the VM is dropped.
fn monitor(sh: &Arc<Shared>, threads: &mut [Option<std::thread::JoinHandle<()>>]) {
    let sched = &sh.sched;
    let timers = &sched.timers;
    if sh.crash == Some(super::CrashPoint::Sysmon) {
        super::CrashPoint::Sysmon.crash();
    }
    let mut seen: Vec<(u64, Instant)> = vec![(0, Instant::now()); sched.nprocs];
    let mut idle_ticks = 0;
    while !sched.exiting.load(Ordering::SeqCst) {
        let firing = timers.firing.lock();
        let mut st = timers.state.lock();
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
        if fired > 0 {
            timers.pending.fetch_sub(fired, Ordering::SeqCst);
            sched.pending_settled();
        }
        let now = Instant::now();
        let mut wait = Some(TIME_SLICE);
        if sched.is_done() {
            idle_ticks += 1;
            if idle_ticks >= IDLE_TICKS {
                wait = None;
            }
        } else {
            idle_ticks = 0;
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
                wake_machine(sh, threads);
            }
            if let Some(deadline) = *sched.deadline.lock() {
                if now >= deadline {
                    sched.stop(Stop::Deadline);
                    continue;
                }
                wait = Some(TIME_SLICE.min(deadline - now));
            }
        }
        let mut st = timers.state.lock();
        if let Some(next) = st.queue.peek().map(|e| e.0.0) {
            let until = next.saturating_duration_since(now);
            wait = Some(wait.map_or(until, |w| w.min(until)));
        }
        if wait.is_none() {
            sched.sysmon_asleep.store(true, Ordering::SeqCst);
            // Against `run`'s start, as in `wakep`: one of the two sees the other.
            fence(Ordering::SeqCst);
            if !sched.is_done() {
                wait = Some(Duration::ZERO);
            }
        }
        // A timer added meanwhile with an earlier deadline, a machine wanted, a run
        // started while asleep, or the VM's end notifies the condition.
        // (A machine wanted by a run that has ended is not: the next run resets the wish.)
        let wanted = sched.start_wanted.load(Ordering::SeqCst) && !sched.is_done();
        let quiet = !wanted && !sched.exiting.load(Ordering::SeqCst);
        match wait {
            _ if !quiet => {}
            None => timers.cv.wait(&mut st),
            Some(w) if !w.is_zero() => drop(timers.cv.wait_for(&mut st, w)),
            Some(_) => {}
        }
        sched.sysmon_asleep.store(false, Ordering::SeqCst);
    }
}

//! Blocking host calls: the goroutine parks, the host function runs on a helper
//! thread, and the goroutine is readied with its results when the function returns.
//!
//! This is Go's entersyscall/exitsyscall, made simpler by never letting a machine wait
//! at all: the machine parks the caller at once and goes on with other goroutines, so
//! there is no P to hand off. The helper never touches the goroutine's stack or the
//! heap. It runs the Rust closure and gets back a [`Resume`]. The machine that next runs
//! the goroutine calls that first, and it writes the results there, under the
//! collector's rules (a Go string is allocated by a machine, like any other).
//!
//! A parked caller waits in [`HostCalls`]'s table under a call id, not in the helper's
//! hands. When a VM is dropped with a call still out, the goroutine is freed like any
//! other parked one, and the late helper finds the table closed and drops its results.
//! Until then the call counts as pending: idle machines do not take a program waiting
//! on one for a deadlock.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;

use parking_lot::{Condvar, Mutex};

use super::goroutine::GPtr;
use super::sched::{GBox, Sched};
use super::{Machine, Trap};

/// What a goroutine does first when it runs again after a blocking call: write the
/// call's results into its frame (or fail with the Go panic the call ended in).
pub(crate) type Resume = Box<dyn FnOnce(&mut Machine<'_>) -> Result<(), Trap> + Send>;

/// The work a helper thread does for one call.
pub(crate) type Job = Box<dyn FnOnce() -> Resume + Send>;

/// Goroutines parked in blocking host calls, and the helper threads running the calls.
#[derive(Default)]
pub struct HostCalls {
    parked: Mutex<Parked>,
    /// Calls started and not yet handed back to a run queue.
    pending: AtomicUsize,
    pool: Arc<Pool>,
}

#[derive(Default)]
struct Parked {
    /// Emptied for good when the VM is dropped: no goroutine is woken again.
    calls: HashMap<u64, GPtr>,
    next_id: u64,
}

impl HostCalls {
    /// Whether a call is out: a parked goroutine may still be woken.
    pub fn pending(&self) -> bool {
        self.pending.load(Ordering::SeqCst) > 0
    }

    /// Runs `job` on a helper thread for the goroutine `g`, just parked.
    pub(super) fn start(&self, sched: &Arc<Sched>, g: GPtr, job: Job, crash: Option<super::CrashPoint>) {
        let id = {
            let mut parked = self.parked.lock();
            parked.next_id += 1;
            let id = parked.next_id;
            parked.calls.insert(id, g);
            id
        };
        self.pending.fetch_add(1, Ordering::SeqCst);
        let crash = crash == Some(super::CrashPoint::Helper);
        let sched: Weak<Sched> = Arc::downgrade(sched);
        self.pool.submit(Box::new(move || {
            // The embedder's closure is caught inside the job: what unwinds here is a bug
            // of govm's, which breaks the VM (see `internal`); the goroutine stays parked.
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if crash {
                    super::CrashPoint::Helper.crash();
                }
                job()
            }));
            let Some(sched) = sched.upgrade() else {
                return;
            };
            match ran {
                Ok(resume) => sched.host_calls.finish(&sched, id, resume),
                Err(p) => sched.break_down(super::internal::report(&*p, None)),
            }
        }));
    }

    /// Hands call `id`'s goroutine back to the scheduler with what it must do first.
    fn finish(&self, sched: &Sched, id: u64, resume: Resume) {
        let parked = &mut *self.parked.lock();
        let Some(g) = parked.calls.remove(&id) else {
            // The VM is gone (see `close`).
            return;
        };
        // SAFETY: the goroutine was parked for this call and is removed from the table
        // under its lock, so this is its one owner; it was still in the table, which
        // `close` empties under the same lock, so the VM has not freed it.
        let mut g: GBox = unsafe { g.take() };
        g.resume = Some(resume);
        // Readied under the lock, so that `close` cannot come between.
        sched.ready_global(g);
        // Only now: until the goroutine is in a run queue, it counts as pending.
        self.pending.fetch_sub(1, Ordering::SeqCst);
        sched.pending_settled();
    }

    /// The VM is going: forgets the parked goroutines (the VM frees every parked
    /// goroutine itself), and ends the helpers that are idle. A helper still inside a
    /// host function ends when the function returns.
    pub(super) fn close(&self) {
        self.parked.lock().calls.clear();
        self.pool.close();
    }
}

/// Helper threads: one per call in progress at once, kept for later calls until the VM
/// goes. (Go likewise keeps an M per blocked system call.)
#[derive(Default)]
struct Pool {
    state: Mutex<PoolState>,
    cv: Condvar,
}

type Task = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct PoolState {
    tasks: VecDeque<Task>,
    /// Helpers waiting for a task.
    idle: usize,
    /// Each helper, and whether it is running a task.
    helpers: Vec<(JoinHandle<()>, bool)>,
    closed: bool,
}

impl Pool {
    fn submit(self: &Arc<Self>, task: Task) {
        let mut st = self.state.lock();
        st.tasks.push_back(task);
        // Every task waiting needs a helper of its own: a call may block until another
        // one returns.
        if st.idle >= st.tasks.len() {
            self.cv.notify_one();
            return;
        }
        let index = st.helpers.len();
        let pool = Arc::clone(self);
        match std::thread::Builder::new()
            .name("govm-host".into())
            .spawn(move || pool.serve(index))
        {
            Ok(thread) => st.helpers.push((thread, false)),
            Err(_) if st.helpers.is_empty() => {
                // No thread to be had: the call runs here, blocking this machine, rather
                // than never.
                let task = st.tasks.pop_back().expect("pushed above");
                drop(st);
                task();
            }
            // A helper will come to it when its own call returns.
            Err(_) => {}
        }
    }

    /// A helper's life: run tasks until the pool closes.
    fn serve(&self, index: usize) {
        let mut st = self.state.lock();
        loop {
            if let Some(task) = st.tasks.pop_front() {
                set_busy(&mut st, index, true);
                drop(st);
                task();
                st = self.state.lock();
                set_busy(&mut st, index, false);
                continue;
            }
            if st.closed {
                return;
            }
            st.idle += 1;
            self.cv.wait(&mut st);
            st.idle -= 1;
        }
    }

    fn close(&self) {
        let idle: Vec<JoinHandle<()>> = {
            let mut st = self.state.lock();
            st.closed = true;
            // The goroutines waiting for them are gone.
            st.tasks.clear();
            self.cv.notify_all();
            let helpers = std::mem::take(&mut st.helpers);
            // A busy helper's handle is dropped: it is detached, and ends on its own.
            helpers.into_iter().filter(|h| !h.1).map(|h| h.0).collect()
        };
        for thread in idle {
            let _ = thread.join();
        }
    }
}

/// Marks helper `index` busy or idle (it may be gone from the list once the pool
/// closes).
fn set_busy(st: &mut PoolState, index: usize, busy: bool) {
    if let Some(h) = st.helpers.get_mut(index) {
        h.1 = busy;
    }
}

impl Machine<'_> {
    /// Runs a blocking host call: `job` runs on a helper thread while the goroutine
    /// parks, and its [`Resume`] writes the results when the goroutine runs again.
    pub(crate) fn block_on(&mut self, job: Job) -> Result<(), Trap> {
        let g = self.park(super::goroutine::WaitReason::Syscall);
        let sched = &self.sh.sched;
        sched.host_calls.start(sched, g, job, self.sh.crash);
        Err(Trap::Park)
    }
}

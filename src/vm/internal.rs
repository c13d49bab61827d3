//! Internal errors: a Rust panic inside govm is a bug of ours, and reaches the user as
//! Go's kind of fatal error, never as a Rust backtrace.
//!
//! Every thread of a VM has a boundary that catches unwinding: machine 0 in
//! `sched::run`, the other machines in their thread's loop, sysmon, and the helpers of
//! blocking host calls. A panic caught there ends the run with [`End::Internal`] (the
//! report below) and breaks the VM: its state may be half-changed, so every later run
//! ends the same way at once. `govm run` prints the report and exits 2; an embedder
//! gets `Error::Internal`, and its instance has ended.
//!
//! The panic's own message goes to the process's panic hook first. That hook is the
//! host's to choose, so the library leaves it alone; the `govm` binary installs
//! [`quiet_panics`], which keeps the panic's place for the report instead of printing.

use std::cell::RefCell;

use super::sched::End;

/// Where a test makes the VM panic on purpose, to see the report (`GOVM_TEST_CRASH`,
/// `Engine::test_crash`): the machine running a `go` statement, sysmon at its first
/// tick, or the helper thread of a blocking host call; or where it faults (SIGSEGV) on
/// purpose: the machine running a `go` statement.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CrashPoint {
    Machine,
    Sysmon,
    Helper,
    Fault,
}

impl CrashPoint {
    /// `machine`, `sysmon` or `helper`.
    pub fn parse(s: &str) -> Option<CrashPoint> {
        match s {
            "machine" => Some(CrashPoint::Machine),
            "sysmon" => Some(CrashPoint::Sysmon),
            "helper" => Some(CrashPoint::Helper),
            "fault" => Some(CrashPoint::Fault),
            _ => None,
        }
    }

    /// The crash point `GOVM_TEST_CRASH` names, if any.
    pub fn from_env() -> Option<CrashPoint> {
        CrashPoint::parse(&std::env::var("GOVM_TEST_CRASH").ok()?)
    }

    /// Panics, as a bug at this point would; or faults.
    pub(crate) fn crash(self) {
        if self == CrashPoint::Fault {
            // SAFETY: raising a signal is defined behaviour, whatever its handler does.
            unsafe { libc::raise(libc::SIGSEGV) };
            return;
        }
        panic!("deliberate crash for a test ({self:?}, GOVM_TEST_CRASH)")
    }
}

thread_local! {
    /// Where the last Rust panic on this thread happened, kept by [`quiet_panics`].
    static PLACE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Makes Rust panics print nothing, keeping where they happened for the report the
/// thread's boundary makes of them. For a program that reports them so (the `govm`
/// binary); a library must leave the process's hook to its host.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
        PLACE.with(|p| *p.borrow_mut() = place);
    }));
}

/// The message of a Rust panic's payload, with where it happened when that was kept.
pub fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let msg = p
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into());
    match PLACE.with(|p| p.borrow_mut().take()) {
        Some(place) => format!("{msg} ({place})"),
        None => msg,
    }
}

/// The report of a bug of govm's, the panic `p`, with the goroutine it hit if any
/// (its header and frames, as Go prints them).
pub(crate) fn report(p: &(dyn std::any::Any + Send), goroutine: Option<String>) -> End {
    let mut s = format!("fatal error: govm internal error: {}\n", panic_message(p));
    if let Some(g) = goroutine {
        s.push('\n');
        s.push_str(&g);
    }
    s.push_str("\nThis is a bug in govm, not in the program. Please report it with this message and the program.\n");
    End::Internal(s)
}

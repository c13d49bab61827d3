//! Hardware faults, reported as Go reports them.
//!
//! A Go program that races may tear a value of several words: read a string's pointer
//! from one assignment and its length from another, or an interface's type from one and
//! its data from another. Every index and slice is checked against the length it reads,
//! but a torn value can still point where nothing is mapped, so a racy program can make
//! the VM fault, as it can make Go fault. Go's runtime turns such a signal into its
//! report (`unexpected fault address`, `fatal error: fault`, the signal line) and exit
//! status 2, never a core dump; [`report_faults`] does the same for the `govm` binary.
//! The library never installs it: its host owns the process's signals.
//!
//! The handler runs on the alternate signal stack Rust's runtime gives every thread, so
//! it works even when the stack itself overflowed, and does only what is safe in a signal
//! handler: it formats into a buffer on its stack, writes it with `write(2)` and leaves
//! with `_exit(2)`.

use std::cell::Cell;
use std::io::Write;
use std::sync::atomic::{AtomicPtr, Ordering};

use super::Shared;

/// The VM running as the process's program (`Vm::run`), whose buffered output a fault
/// flushes first: Go's output is not buffered, so what it printed before the fault is
/// out.
static PROGRAM: AtomicPtr<Shared> = AtomicPtr::new(std::ptr::null_mut());

/// Makes `sh` the VM whose output a fault flushes, until [`forget`] (its drop).
pub(crate) fn register(sh: &Shared) {
    PROGRAM.store(std::ptr::from_ref(sh).cast_mut(), Ordering::Release);
}

/// The VM `sh` is going.
pub(crate) fn forget(sh: &Shared) {
    let _ = PROGRAM.compare_exchange(
        std::ptr::from_ref(sh).cast_mut(),
        std::ptr::null_mut(),
        Ordering::AcqRel,
        Ordering::Relaxed,
    );
}

thread_local! {
    /// The goroutine this thread runs, 0 for none, for the report's goroutine header.
    static RUNNING: Cell<u64> = const { Cell::new(0) };
}

/// Records the goroutine this thread runs from now on (0: none).
#[inline]
pub(crate) fn set_running(goroutine: u64) {
    RUNNING.with(|g| g.set(goroutine));
}

/// Makes a fault (SIGSEGV, SIGBUS) in any thread print Go's report of it and end the
/// process with status 2. For the `govm` binary; a library must leave signals to its
/// host.
pub fn report_faults() {
    for sig in [libc::SIGSEGV, libc::SIGBUS] {
        // SAFETY: a zeroed sigaction is a valid value to fill in; `on_fault` has the
        // signature SA_SIGINFO handlers must have and does only async-signal-safe work.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction =
                on_fault as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) as libc::sighandler_t;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

extern "C" fn on_fault(sig: libc::c_int, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo and, with SA_SIGINFO, a ucontext.
    let (addr, code, pc) = unsafe {
        let ucontext = &*(context as *const libc::ucontext_t);
        (
            (*info).si_addr() as u64,
            (*info).si_code as u64,
            ucontext.uc_mcontext.gregs[libc::REG_RIP as usize] as u64,
        )
    };
    let mut out = Report::default();
    out.text("unexpected fault address ");
    out.hex(addr);
    out.text("\nfatal error: fault\n[signal ");
    out.text(if sig == libc::SIGBUS {
        "SIGBUS: bus error"
    } else {
        "SIGSEGV: segmentation violation"
    });
    out.text(" code=");
    out.hex(code);
    out.text(" addr=");
    out.hex(addr);
    out.text(" pc=");
    out.hex(pc);
    out.text("]\n");
    let goroutine = RUNNING.try_with(Cell::get).unwrap_or(0);
    if goroutine != 0 {
        out.text("\ngoroutine ");
        out.decimal(goroutine);
        out.text(" [running]:\n");
    }
    // As `govm run` ends every report of a crashed program.
    out.text("exit status 2\n");
    let program = PROGRAM.load(Ordering::Acquire);
    if !program.is_null() {
        // SAFETY: a registered VM stays alive until its drop forgets it.
        let sh = unsafe { &*program };
        // Only if no thread is writing it (perhaps this one, when it faulted): a lock
        // held can never be waited for here.
        if let Some(mut out) = sh.out.try_lock() {
            let _ = out.flush();
        }
    }
    // SAFETY: write and _exit are async-signal-safe; the buffer is valid for its length.
    unsafe {
        libc::write(2, out.buf.as_ptr().cast(), out.len);
        libc::_exit(2);
    }
}

/// A report formatted without allocating.
struct Report {
    buf: [u8; 512],
    len: usize,
}

impl Default for Report {
    fn default() -> Report {
        Report { buf: [0; 512], len: 0 }
    }
}

impl Report {
    fn text(&mut self, s: &str) {
        let n = s.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
    }

    fn hex(&mut self, v: u64) {
        self.text("0x");
        self.digits(v, 16);
    }

    fn decimal(&mut self, v: u64) {
        self.digits(v, 10);
    }

    fn digits(&mut self, mut v: u64, radix: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b"0123456789abcdef"[(v % radix) as usize];
            v /= radix;
            if v == 0 {
                break;
            }
        }
        // The digits are ASCII.
        self.text(std::str::from_utf8(&digits[i..]).unwrap_or("?"));
    }
}

#[cfg(test)]
mod tests {
    use super::Report;

    #[test]
    fn reports_format_numbers_as_go_does() {
        let mut r = Report::default();
        r.hex(0x2a);
        r.text(" ");
        r.decimal(17);
        r.text(" ");
        r.hex(0);
        assert_eq!(&r.buf[..r.len], b"0x2a 17 0x0");
    }
}

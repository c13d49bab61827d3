//! Per-goroutine state: the slot stack, frames, deferred calls and panics.
//!
//! A goroutine (G) is a `Box<Goroutine>` owned by exactly one party at a time: the machine
//! (M) running it, a run queue, or — while it is parked — the wait queue it sleeps in,
//! which holds it as a raw pointer (see [`GPtr`]). Whoever takes it out of a wait queue
//! owns it again and makes it runnable; nothing else ever touches a parked goroutine.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};

/// One active call. Machine code pushes and pops these records itself (see
/// `aot::Ctx`), hence the fixed layout.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct Frame {
    /// Next instruction to run when this frame is resumed.
    pub pc: usize,
    /// Index of `R[0]` in the slot stack.
    pub base: usize,
    /// The running closure, for `LoadCapture`.
    pub closure: u64,
    pub func: u32,
    pub kind: FrameKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum FrameKind {
    /// An ordinary call; its results are wanted.
    Call,
    /// A deferred call run by `RunDefers`; results are discarded.
    Deferred,
    /// A deferred call run while panicking; `recover` works in it.
    PanicDeferred,
    /// A goroutine's bottom frame: returning from it ends the goroutine.
    Entry,
    /// `runtime.panicTexts`, run when a panic has ended the goroutine (see
    /// `Goroutine::dying`): its return ends the goroutine with that panic.
    PanicTexts,
}

/// A deferred call waiting for its frame to end.
pub struct Deferred {
    /// Number of frames on the stack when it was deferred (the deferring frame is at
    /// index depth - 1).
    pub depth: usize,
    pub closure: u64,
    pub args: Vec<u64>,
}

/// A panic in progress.
pub struct Panicking {
    /// The panic value (interface type word, data word).
    pub value: [u64; 2],
    pub recovered: bool,
    /// The index of the frame that panicked.
    pub frame: usize,
    /// The goroutine's frames when the panic started, innermost first: (func, line).
    pub trace: Vec<(u32, u32)>,
}

/// Why a goroutine is parked, as Go names it in a deadlock report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum WaitReason {
    Running,
    ChanReceive,
    ChanSend,
    ChanReceiveNil,
    ChanSendNil,
    Select,
    SelectNoCases,
    Semacquire,
    Sleep,
    /// In a blocking host call.
    Syscall,
    /// Finished (kept for reuse).
    Dead,
}

impl WaitReason {
    pub fn text(self) -> &'static str {
        match self {
            WaitReason::Running => "running",
            WaitReason::ChanReceive => "chan receive",
            WaitReason::ChanSend => "chan send",
            WaitReason::ChanReceiveNil => "chan receive (nil chan)",
            WaitReason::ChanSendNil => "chan send (nil chan)",
            WaitReason::Select => "select",
            WaitReason::SelectNoCases => "select (no cases)",
            WaitReason::Semacquire => "semacquire",
            WaitReason::Sleep => "sleep",
            WaitReason::Syscall => "syscall",
            WaitReason::Dead => "dead",
        }
    }

    const ALL: [WaitReason; 11] = [
        WaitReason::Running,
        WaitReason::ChanReceive,
        WaitReason::ChanSend,
        WaitReason::ChanReceiveNil,
        WaitReason::ChanSendNil,
        WaitReason::Select,
        WaitReason::SelectNoCases,
        WaitReason::Semacquire,
        WaitReason::Sleep,
        WaitReason::Syscall,
        WaitReason::Dead,
    ];
}

/// The part of a goroutine others may read while it runs or sleeps: the scheduler's list
/// of all goroutines holds these, for the deadlock report.
#[derive(Debug)]
pub struct GInfo {
    /// Set anew when a finished goroutine is reused (its GInfo with it, so the list of
    /// all goroutines need not learn of it again).
    id: AtomicU64,
    wait: AtomicU8,
}

impl GInfo {
    pub fn new(id: u64) -> GInfo {
        GInfo {
            id: AtomicU64::new(id),
            wait: AtomicU8::new(WaitReason::Running as u8),
        }
    }

    pub fn id(&self) -> u64 {
        self.id.load(Ordering::Relaxed)
    }

    /// Makes a finished goroutine's GInfo that of a new one.
    pub fn reuse(&self, id: u64) {
        self.id.store(id, Ordering::Relaxed);
        self.set_wait(WaitReason::Running);
    }

    pub fn wait(&self) -> WaitReason {
        WaitReason::ALL[self.wait.load(Ordering::Relaxed) as usize]
    }

    pub fn set_wait(&self, w: WaitReason) {
        self.wait.store(w as u8, Ordering::Relaxed);
    }
}

pub struct Goroutine {
    pub stack: Vec<u64>,
    pub frames: Vec<Frame>,
    pub defers: Vec<Deferred>,
    pub panics: Vec<Panicking>,
    pub info: Arc<GInfo>,
    /// A select this goroutine woke from: its other wait-queue entries must be removed
    /// before it runs.
    pub select_wait: Option<Arc<super::chan::SelectWait>>,
    /// A blocking host call this goroutine woke from: it writes the call's results
    /// before the goroutine goes on.
    pub(crate) resume: Option<super::blocking::Resume>,
    /// The panic that ended this goroutine, while Go code makes the texts of its values
    /// (`FrameKind::PanicTexts`).
    pub(crate) dying: Option<super::panic::PanicInfo>,
}

impl Goroutine {
    /// The bytes a goroutine holds besides its stack's slots (counted against the memory
    /// limit: a goroutine bomb must end there even when its goroutines never run).
    pub const FOOTPRINT: usize =
        std::mem::size_of::<Goroutine>() + std::mem::size_of::<GInfo>() + std::mem::size_of::<Frame>();

    pub fn new(id: u64) -> Goroutine {
        Goroutine {
            stack: Vec::new(),
            frames: Vec::with_capacity(1),
            defers: Vec::new(),
            panics: Vec::new(),
            info: Arc::new(GInfo::new(id)),
            select_wait: None,
            resume: None,
            dying: None,
        }
    }

    pub fn id(&self) -> u64 {
        self.info.id()
    }
}

/// A parked goroutine, held by a wait queue. The pointer came from `Box::into_raw` when
/// the goroutine parked; exactly one party turns it back into the Box ([`GPtr::take`]):
/// the one that dequeues it (for a select, the one that wins its `SelectWait`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GPtr(*mut Goroutine);

// SAFETY: a GPtr is an owning handle passed between threads under a channel's or
// semaphore's lock; the goroutine it points to is touched only by its single owner.
unsafe impl Send for GPtr {}

impl GPtr {
    pub fn park(g: Box<Goroutine>) -> GPtr {
        GPtr(Box::into_raw(g))
    }

    /// The handle of a parked goroutine known by its address (to free it when the VM
    /// goes; see `Sched::free_goroutines`).
    pub fn from_raw(g: *mut Goroutine) -> GPtr {
        GPtr(g)
    }

    /// Takes ownership back.
    ///
    /// # Safety
    /// The caller must be the one owner of this parked goroutine (see the type's docs),
    /// and must call this at most once per park.
    pub unsafe fn take(self) -> Box<Goroutine> {
        // SAFETY: per the contract, the pointer came from `Box::into_raw` and ownership
        // is taken once.
        unsafe { Box::from_raw(self.0) }
    }
}

impl Goroutine {
    /// A raw pointer to slot `base` of the stack, for the interpreter's register access.
    /// Taken with `Vec::as_mut_ptr`, which creates no reference to the slots, so pointers
    /// taken this way stay usable together until the stack is resized or indexed.
    pub fn frame_ptr(&mut self, base: usize) -> *mut u64 {
        assert!(base <= self.stack.len());
        self.stack.as_mut_ptr().wrapping_add(base)
    }
}

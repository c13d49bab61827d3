//! Per-goroutine state: the slot stack, frames, deferred calls and panics.

/// One active call.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub func: u32,
    /// Next instruction to run when this frame is resumed.
    pub pc: usize,
    /// Index of `R[0]` in the slot stack.
    pub base: usize,
    /// The running closure, for `LoadCapture`.
    pub closure: u64,
    pub kind: FrameKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameKind {
    /// An ordinary call; its results are wanted.
    Call,
    /// A deferred call run by `RunDefers`; results are discarded.
    Deferred,
    /// A deferred call run while panicking; `recover` works in it.
    PanicDeferred,
    /// The bottom frame of a call from Rust (`call_func`); returning from it ends that
    /// run of the loop.
    Entry,
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
    /// The goroutine's frames when the panic started, innermost first: (func, line).
    pub trace: Vec<(u32, u32)>,
}

#[derive(Default)]
pub struct Goroutine {
    pub stack: Vec<u64>,
    pub frames: Vec<Frame>,
    pub defers: Vec<Deferred>,
    pub panics: Vec<Panicking>,
}

/// Go's limit on a goroutine stack: 1 GB.
pub const MAX_STACK_SLOTS: usize = 1_000_000_000 / 8;

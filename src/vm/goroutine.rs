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

impl Goroutine {
    /// A raw pointer to slot `base` of the stack, for the interpreter's register access.
    /// Taken with `Vec::as_mut_ptr`, which creates no reference to the slots, so pointers
    /// taken this way stay usable together until the stack is resized or indexed.
    pub fn frame_ptr(&mut self, base: usize) -> *mut u64 {
        assert!(base <= self.stack.len());
        self.stack.as_mut_ptr().wrapping_add(base)
    }
}

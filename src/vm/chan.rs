//! Channels and select.
//!
//! # Design
//!
//! As Go's `hchan`: a channel is a ring buffer of `cap` values plus two queues of parked
//! goroutines, senders and receivers, all under one lock. A sender that finds a parked
//! receiver hands its value straight into the receiver's stack; a receiver that finds a
//! parked sender takes the sender's value (for a buffered channel, the oldest buffered
//! value, and the sender's value joins the buffer's tail). Only when neither a partner
//! nor buffer room is there does the goroutine park, in the queue.
//!
//! A parked goroutine's frame points at the blocking instruction. Whoever completes its
//! operation writes the result into its stack, moves its pc past the instruction and
//! makes it runnable. Closing a channel wakes every waiter: receivers complete with the
//! zero value and `ok == false`; senders are left at their instruction, which runs again
//! and panics with `send on closed channel`, as in Go.
//!
//! `select` locks every channel it names, in address order so two selects cannot
//! deadlock, polls the cases in a random order (Go's fairness), and if none is ready
//! parks in all the queues at once. The waiters of one select share a [`SelectWait`];
//! the first partner to flip its flag owns the goroutine, and the others find the flag
//! set and discard their waiter. The woken goroutine removes its leftover waiters from
//! the other channels before it runs again.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::{Mutex, MutexGuard};
use smallvec::SmallVec;

use super::goroutine::{GPtr, Goroutine, WaitReason};
use super::sched::GBox;
use super::{Machine, Trap};
use crate::runtime::heap::{Marker, Trace};

type Value = SmallVec<[u64; 2]>;

pub struct Chan {
    cap: usize,
    /// Slots per element.
    slots: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Buffered values, `slots` words each.
    buf: VecDeque<u64>,
    /// How many values are buffered (elements may have no slots at all).
    len: usize,
    closed: bool,
    recvq: VecDeque<Waiter>,
    sendq: VecDeque<Waiter>,
}

/// A goroutine parked on a channel.
struct Waiter {
    g: GPtr,
    /// A sender's value (empty for a receiver).
    val: Value,
    /// Stack index where a receiver's value goes.
    dst: usize,
    /// Stack index for a receive's `ok` flag, if wanted.
    ok_at: Option<usize>,
    sel: Option<SelCase>,
}

/// A waiter's part in a select.
struct SelCase {
    wait: Arc<SelectWait>,
    case: u32,
    /// Stack index that receives the chosen case's number.
    result: usize,
}

/// The shared state of one parked select.
pub struct SelectWait {
    won: AtomicBool,
    /// The channels it waits on.
    chans: SmallVec<[u64; 4]>,
}

impl SelectWait {
    /// Removes the select's remaining waiters once it has been woken.
    pub fn dequeue_others(self: &Arc<Self>, _g: &Goroutine) {
        for &ch in &self.chans {
            let mut st = chan_ref(ch).state.lock();
            let mine = |w: &Waiter| w.sel.as_ref().is_some_and(|s| Arc::ptr_eq(&s.wait, self));
            st.recvq.retain(|w| !mine(w));
            st.sendq.retain(|w| !mine(w));
        }
    }
}

impl Waiter {
    /// Takes the goroutine if this waiter may still be completed: always for a plain
    /// operation, and for a select only by the first partner.
    fn claim(&self) -> Option<GBox> {
        if let Some(s) = &self.sel
            && s.wait.won.swap(true, Ordering::AcqRel)
        {
            return None;
        }
        // SAFETY: the waiter was just removed from its queue under the channel lock, and
        // for a select the flag above made this the one owner.
        Some(unsafe { self.g.take() })
    }

    /// Completes the operation in the goroutine: stores a received value, the select
    /// case, and moves past the instruction (unless `retry`: the instruction runs again).
    fn finish(&self, mut g: GBox, got: Option<(&[u64], bool)>, retry: bool) -> GBox {
        if let Some((v, ok)) = got {
            g.stack[self.dst..self.dst + v.len()].copy_from_slice(v);
            if let Some(o) = self.ok_at {
                g.stack[o] = ok as u64;
            }
        }
        if let Some(s) = &self.sel {
            g.stack[s.result] = s.case as u64;
            g.select_wait = Some(s.wait.clone());
        }
        if !retry && let Some(f) = g.frames.last_mut() {
            f.pc += 1;
        }
        g
    }
}

/// The channel a channel word points to. The reference must not be kept past the
/// operation that made it: a sweep may free the channel once nothing holds the word.
fn chan_ref<'c>(ch: u64) -> &'c Chan {
    // SAFETY: channel words are made only by `make_chan`, boxing a `Chan` in the heap,
    // which frees it only when a sweep finds it unreachable. The word was just read from
    // a live goroutine's registers (or a timer's, whose channels are roots), and sweeps
    // run only with the world stopped at safepoints, none of which passes while the
    // reference is used (a goroutine parked on the channel is a root that reaches it).
    // A `Chan` is only used through shared references; its state is behind its lock.
    unsafe { &*(ch as *const Chan) }
}

/// The locks of a select's channels, in address order.
type Guards = SmallVec<[MutexGuard<'static, State>; 4]>;

/// Goroutines made runnable by one channel operation, readied after the lock is dropped.
type Woken = SmallVec<[GBox; 2]>;

impl Trace for Chan {
    fn trace(&self, m: &mut Marker<'_>) {
        let st = self.state.lock();
        let (a, b) = st.buf.as_slices();
        m.words(a);
        m.words(b);
        for w in st.sendq.iter() {
            m.words(&w.val);
        }
    }

    /// The buffer counts whole, as Go allocates it, though it is filled as used.
    fn footprint(&self) -> usize {
        (self.cap.saturating_mul(self.slots))
            .saturating_mul(8)
            .saturating_add(std::mem::size_of::<Chan>())
    }
}

impl Chan {
    /// Sends without blocking: Ok(false) if it would block, Err(()) if closed.
    fn try_send(&self, st: &mut State, val: &[u64], woken: &mut Woken) -> Result<bool, ()> {
        if st.closed {
            return Err(());
        }
        while let Some(w) = st.recvq.pop_front() {
            if let Some(g) = w.claim() {
                woken.push(w.finish(g, Some((val, true)), false));
                return Ok(true);
            }
        }
        if st.len < self.cap {
            st.buf.extend(val.iter().copied());
            st.len += 1;
            return Ok(true);
        }
        Ok(false)
    }

    /// Receives without blocking into `out`: Some(ok), or None if it would block.
    fn try_recv(&self, st: &mut State, out: &mut [u64], woken: &mut Woken) -> Option<bool> {
        while let Some(w) = st.sendq.pop_front() {
            let Some(g) = w.claim() else { continue };
            if self.cap == 0 {
                out.copy_from_slice(&w.val);
            } else {
                // The buffer is full: take its head, the sender's value joins the tail.
                for o in out.iter_mut() {
                    *o = st.buf.pop_front().expect("a full buffer");
                }
                st.buf.extend(w.val.iter().copied());
            }
            woken.push(w.finish(g, None, false));
            return Some(true);
        }
        if st.len > 0 {
            for o in out.iter_mut() {
                *o = st.buf.pop_front().expect("a buffered value");
            }
            st.len -= 1;
            return Some(true);
        }
        if st.closed {
            out.fill(0);
            return Some(false);
        }
        None
    }
}

/// One case of a select, read from its descriptor registers.
#[derive(Clone, Copy)]
struct Case {
    ch: u64,
    send: bool,
    slots: usize,
    /// Stack index of the value sent or of the received value's destination.
    reg: usize,
}

impl Machine<'_> {
    /// `make(chan T, size)` for a T of `slots` slots.
    pub(crate) fn make_chan(&mut self, slots: usize, size: i64) -> Result<u64, Trap> {
        if !(0..=1 << 40).contains(&size) {
            return Err(self.trap_plain("makechan: size out of range"));
        }
        Ok(self.heap.boxed(Chan {
            cap: size as usize,
            slots,
            state: Mutex::new(State::default()),
        }))
    }

    /// `len` or `cap` of a channel.
    pub(crate) fn chan_len(ch: u64, cap: bool) -> u64 {
        if ch == 0 {
            return 0;
        }
        let c = chan_ref(ch);
        if cap { c.cap as u64 } else { c.state.lock().len as u64 }
    }

    fn ready_all(&mut self, woken: Woken) {
        for g in woken {
            self.ready(g);
        }
    }

    /// `ch <- val`. The goroutine's pc points at the sending instruction.
    pub(crate) fn chan_send(&mut self, ch: u64, val: &[u64]) -> Result<(), Trap> {
        if ch == 0 {
            return self.block_forever(WaitReason::ChanSendNil);
        }
        let c = chan_ref(ch);
        let mut woken = Woken::new();
        let mut st = c.state.lock();
        match c.try_send(&mut st, val, &mut woken) {
            Ok(true) => {
                drop(st);
                self.ready_all(woken);
                Ok(())
            }
            Err(()) => {
                drop(st);
                Err(self.trap_plain("send on closed channel"))
            }
            Ok(false) => {
                let g = self.park(WaitReason::ChanSend);
                st.sendq.push_back(Waiter {
                    g,
                    val: val.into(),
                    dst: 0,
                    ok_at: None,
                    sel: None,
                });
                Err(Trap::Park)
            }
        }
    }

    /// `<-ch` into stack slots `dst..+slots` (and the ok flag at `ok_at`). The
    /// goroutine's pc points at the receiving instruction.
    pub(crate) fn chan_recv(&mut self, ch: u64, dst: usize, slots: usize, ok_at: Option<usize>) -> Result<(), Trap> {
        if ch == 0 {
            return self.block_forever(WaitReason::ChanReceiveNil);
        }
        let c = chan_ref(ch);
        let mut out: Value = smallvec::smallvec![0; slots];
        let mut woken = Woken::new();
        let mut st = c.state.lock();
        let ok = match c.try_recv(&mut st, &mut out, &mut woken) {
            Some(ok) => {
                drop(st);
                ok
            }
            None => {
                let g = self.park(WaitReason::ChanReceive);
                st.recvq.push_back(Waiter {
                    g,
                    val: Value::new(),
                    dst,
                    ok_at,
                    sel: None,
                });
                return Err(Trap::Park);
            }
        };
        self.g.stack[dst..dst + slots].copy_from_slice(&out);
        if let Some(o) = ok_at {
            self.g.stack[o] = ok as u64;
        }
        self.ready_all(woken);
        Ok(())
    }

    pub(crate) fn chan_close(&mut self, ch: u64) -> Result<(), Trap> {
        if ch == 0 {
            return Err(self.trap_plain("close of nil channel"));
        }
        let c = chan_ref(ch);
        let mut woken = Woken::new();
        {
            let mut st = c.state.lock();
            if st.closed {
                drop(st);
                return Err(self.trap_plain("close of closed channel"));
            }
            st.closed = true;
            let zero: Value = smallvec::smallvec![0; c.slots];
            for w in std::mem::take(&mut st.recvq) {
                if let Some(g) = w.claim() {
                    woken.push(w.finish(g, Some((&zero, false)), false));
                }
            }
            for w in std::mem::take(&mut st.sendq) {
                if let Some(g) = w.claim() {
                    woken.push(w.finish(g, None, true));
                }
            }
        }
        self.ready_all(woken);
        Ok(())
    }

    /// Parks for good (an operation on a nil channel).
    fn block_forever(&mut self, why: WaitReason) -> Result<(), Trap> {
        // Nobody holds the goroutine: it stays parked until the program ends.
        let _ = self.park(why);
        Err(Trap::Park)
    }

    /// A select of `n` cases laid out from stack index `result` as the `Select`
    /// instruction describes: the chosen case's number goes to `result` and a receive's
    /// ok flag to `result + 1`; then two slots per case (channel, send flag | slots << 1),
    /// then the values. With `default`, a select that would block chooses case `n`.
    /// `limit` is the end of the frame, which every value must lie within.
    pub(crate) fn select(&mut self, result: usize, n: usize, default: bool, limit: usize) -> Result<(), Trap> {
        let mut cases: SmallVec<[Case; 4]> = SmallVec::new();
        let mut at = result + 2 + 2 * n;
        for k in 0..n {
            let d = result + 2 + 2 * k;
            let (ch, kind) = (self.g.stack[d], self.g.stack[d + 1]);
            let slots = (kind >> 1) as usize;
            if at + slots > limit {
                return Err(Trap::Fatal("fatal error: select case outside its frame\n".into()));
            }
            cases.push(Case {
                ch,
                send: kind & 1 == 1,
                slots,
                reg: at,
            });
            at += slots;
        }
        let mut order: SmallVec<[usize; 4]> = (0..n).collect();
        for i in (1..n).rev() {
            let j = (self.random() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        // The channels stay locked from the poll until the goroutine is in every queue,
        // so no partner can arrive unseen in between.
        let (chans, mut guards) = Self::lock_cases(&cases);
        if self.select_ready(&cases, &order, result, &chans, &mut guards)? {
            return Ok(());
        }
        if default {
            drop(guards);
            self.g.stack[result] = n as u64;
            return Ok(());
        }
        self.park_select(&cases, result, &chans, guards)
    }

    /// Locks every channel of the select, in address order.
    fn lock_cases(cases: &[Case]) -> (SmallVec<[u64; 4]>, Guards) {
        let mut chans: SmallVec<[u64; 4]> = cases.iter().map(|c| c.ch).filter(|&ch| ch != 0).collect();
        chans.sort_unstable();
        chans.dedup();
        let guards = chans.iter().map(|&ch| chan_ref(ch).state.lock()).collect();
        (chans, guards)
    }

    /// Performs the first ready case in `order` (unlocking the channels); false, with
    /// the channels still locked, if none is ready.
    fn select_ready(
        &mut self,
        cases: &[Case],
        order: &[usize],
        result: usize,
        chans: &[u64],
        guards: &mut Guards,
    ) -> Result<bool, Trap> {
        let mut woken = Woken::new();
        for &k in order {
            let c = cases[k];
            if c.ch == 0 {
                continue;
            }
            let i = chans.binary_search(&c.ch).expect("locked above");
            let ch = chan_ref(c.ch);
            if c.send {
                let val: Value = self.g.stack[c.reg..c.reg + c.slots].into();
                match ch.try_send(&mut guards[i], &val, &mut woken) {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(()) => {
                        guards.clear();
                        return Err(self.trap_plain("send on closed channel"));
                    }
                }
            } else {
                let mut out: Value = smallvec::smallvec![0; c.slots];
                let Some(ok) = ch.try_recv(&mut guards[i], &mut out, &mut woken) else {
                    continue;
                };
                self.g.stack[c.reg..c.reg + c.slots].copy_from_slice(&out);
                self.g.stack[result + 1] = ok as u64;
            }
            guards.clear();
            self.g.stack[result] = k as u64;
            self.ready_all(woken);
            return Ok(true);
        }
        Ok(false)
    }

    /// Parks in every case's queue at once.
    fn park_select(&mut self, cases: &[Case], result: usize, chans: &[u64], mut guards: Guards) -> Result<(), Trap> {
        let why = if cases.is_empty() {
            WaitReason::SelectNoCases
        } else {
            WaitReason::Select
        };
        let values: SmallVec<[Value; 4]> = cases
            .iter()
            .map(|c| {
                if c.send {
                    self.g.stack[c.reg..c.reg + c.slots].into()
                } else {
                    Value::new()
                }
            })
            .collect();
        let wait = Arc::new(SelectWait {
            won: AtomicBool::new(false),
            chans: chans.into(),
        });
        let g = self.park(why);
        for (k, (c, val)) in cases.iter().zip(values).enumerate() {
            if c.ch == 0 {
                continue;
            }
            let i = chans.binary_search(&c.ch).expect("locked above");
            let w = Waiter {
                g,
                val,
                dst: c.reg,
                ok_at: Some(result + 1),
                sel: Some(SelCase {
                    wait: wait.clone(),
                    case: k as u32,
                    result,
                }),
            };
            if c.send {
                guards[i].sendq.push_back(w);
            } else {
                guards[i].recvq.push_back(w);
            }
        }
        Err(Trap::Park)
    }
}

/// A timer's send of the current time on `chan` (`time.After`, `time.Tick`): dropped if
/// the channel's buffer is full, as Go's timer channels do. Gives the goroutine it woke,
/// for the caller to make runnable.
pub fn timer_send(chan: u64) -> Woken {
    let c = chan_ref(chan);
    let now = crate::runtime::clock::now_time();
    let mut woken = Woken::new();
    let _ = c.try_send(&mut c.state.lock(), &now[..c.slots.min(now.len())], &mut woken);
    woken
}

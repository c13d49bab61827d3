//! Values kept in machine registers within a block: a slot read or written by one
//! instruction stays in a register for the next ones, and a written one reaches its slot
//! only when it must (`flush`): before a jump, a call, an exit, or an instruction whose
//! template reads and writes the slots themselves. A block's start (a jump's target)
//! finds every value in its slot and no register holding one.
//!
//! An innermost loop made of such instructions keeps the slots it reads most in
//! registers for its whole run (*residents*, chosen by `x64::loops`): they are loaded
//! where the loop is entered and stored where it is left, and every block of the loop
//! starts with them in their registers, newer than their slots.
//!
//! The registers are the ones the templates leave alone: `rsi`, `rdi`, `r8`–`r11` and
//! `rbp` (saved by the stub) for integers and pointers, `xmm1`–`xmm15` for floats. A slot
//! is in at most one of them at a time. Registers an instruction reads are pinned until
//! it is done, so that making room for one operand never takes another's.

use dynasmrt::x64::{Rq, Rx};
use dynasmrt::{DynasmApi, dynasm};

use super::{Asm, slot};

/// The registers values are kept in.
pub const GPRS: [Rq; 7] = [Rq::RSI, Rq::RDI, Rq::R8, Rq::R9, Rq::R10, Rq::R11, Rq::RBP];
pub const XMMS: [Rx; 15] = [
    Rx::XMM1,
    Rx::XMM2,
    Rx::XMM3,
    Rx::XMM4,
    Rx::XMM5,
    Rx::XMM6,
    Rx::XMM7,
    Rx::XMM8,
    Rx::XMM9,
    Rx::XMM10,
    Rx::XMM11,
    Rx::XMM12,
    Rx::XMM13,
    Rx::XMM14,
    Rx::XMM15,
];

/// A register holding a slot's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Home {
    Gpr(Rq),
    Xmm(Rx),
}

/// What one register holds.
#[derive(Clone, Copy, Default)]
struct Held {
    slot: Option<u16>,
    /// Newer than the slot: it must be stored before the slot is read from memory.
    dirty: bool,
    /// Read by the instruction being compiled: not to be taken for another value.
    pinned: bool,
    /// A loop's resident: never taken for another value while the loop runs.
    resident: bool,
}

/// Which slots are in which registers at a point of the code being generated.
#[derive(Default)]
pub struct Cache {
    gprs: [Held; GPRS.len()],
    xmms: [Held; XMMS.len()],
    /// Where the next search for a register to take starts (round robin).
    next_gpr: usize,
    next_xmm: usize,
}

// dynasm converts a dynamic register's number with `into`, whatever its type.
#[allow(clippy::useless_conversion)]
impl Cache {
    /// The register holding `s`, if one does.
    pub fn find(&self, s: u16) -> Option<Home> {
        let g = self
            .gprs
            .iter()
            .position(|h| h.slot == Some(s))
            .map(|k| Home::Gpr(GPRS[k]));
        g.or_else(|| {
            self.xmms
                .iter()
                .position(|h| h.slot == Some(s))
                .map(|k| Home::Xmm(XMMS[k]))
        })
    }

    fn held(&mut self, home: Home) -> &mut Held {
        match home {
            Home::Gpr(r) => &mut self.gprs[GPRS.iter().position(|&g| g == r).expect("a cache register")],
            Home::Xmm(x) => &mut self.xmms[XMMS.iter().position(|&g| g == x).expect("a cache register")],
        }
    }

    /// A general register with nothing in it, after storing what it held if need be.
    fn take_gpr(&mut self, ops: &mut Asm) -> Rq {
        let k = (0..GPRS.len())
            .map(|d| (self.next_gpr + d) % GPRS.len())
            .find(|&k| !self.gprs[k].pinned && !self.gprs[k].resident)
            .expect("fewer pinned registers than there are");
        self.next_gpr = (k + 1) % GPRS.len();
        self.evict(ops, Home::Gpr(GPRS[k]));
        GPRS[k]
    }

    /// An XMM register with nothing in it, after storing what it held if need be.
    fn take_xmm(&mut self, ops: &mut Asm) -> Rx {
        let k = (0..XMMS.len())
            .map(|d| (self.next_xmm + d) % XMMS.len())
            .find(|&k| !self.xmms[k].pinned && !self.xmms[k].resident)
            .expect("fewer pinned registers than there are");
        self.next_xmm = (k + 1) % XMMS.len();
        self.evict(ops, Home::Xmm(XMMS[k]));
        XMMS[k]
    }

    /// Empties `home`, storing its value first if the slot is behind.
    fn evict(&mut self, ops: &mut Asm, home: Home) {
        let held = *self.held(home);
        if let (Some(s), true) = (held.slot, held.dirty) {
            store(ops, s, home);
        }
        *self.held(home) = Held::default();
    }

    /// A general register holding slot `s`, pinned for this instruction.
    pub fn gpr(&mut self, ops: &mut Asm, s: u16) -> Rq {
        let r = match self.find(s) {
            Some(Home::Gpr(r)) => r,
            // A resident stays where it is: this instruction reads a copy.
            Some(Home::Xmm(x)) if self.held(Home::Xmm(x)).resident => {
                let r = self.take_gpr(ops);
                asm!(ops; movq Rq(r as u8), Rx(x as u8));
                r
            }
            Some(Home::Xmm(x)) => {
                let dirty = self.held(Home::Xmm(x)).dirty;
                *self.held(Home::Xmm(x)) = Held::default();
                let r = self.take_gpr(ops);
                asm!(ops; movq Rq(r as u8), Rx(x as u8));
                *self.held(Home::Gpr(r)) = Held {
                    slot: Some(s),
                    dirty,
                    ..Held::default()
                };
                r
            }
            None => {
                let r = self.take_gpr(ops);
                asm!(ops; mov Rq(r as u8), [FRAME + slot(s)]);
                *self.held(Home::Gpr(r)) = Held {
                    slot: Some(s),
                    ..Held::default()
                };
                r
            }
        };
        self.held(Home::Gpr(r)).pinned = true;
        r
    }

    /// An XMM register holding slot `s`, pinned for this instruction.
    pub fn xmm(&mut self, ops: &mut Asm, s: u16) -> Rx {
        let x = match self.find(s) {
            Some(Home::Xmm(x)) => x,
            Some(Home::Gpr(r)) if self.held(Home::Gpr(r)).resident => {
                let x = self.take_xmm(ops);
                asm!(ops; movq Rx(x as u8), Rq(r as u8));
                x
            }
            Some(Home::Gpr(r)) => {
                let dirty = self.held(Home::Gpr(r)).dirty;
                *self.held(Home::Gpr(r)) = Held::default();
                let x = self.take_xmm(ops);
                asm!(ops; movq Rx(x as u8), Rq(r as u8));
                *self.held(Home::Xmm(x)) = Held {
                    slot: Some(s),
                    dirty,
                    ..Held::default()
                };
                x
            }
            None => {
                let x = self.take_xmm(ops);
                asm!(ops; movsd Rx(x as u8), [FRAME + slot(s)]);
                *self.held(Home::Xmm(x)) = Held {
                    slot: Some(s),
                    ..Held::default()
                };
                x
            }
        };
        self.held(Home::Xmm(x)).pinned = true;
        x
    }

    /// Slot `s` := `rax`, kept in a register: the slot is behind until flushed.
    pub fn def_gpr(&mut self, ops: &mut Asm, s: u16) {
        let r = match self.find(s) {
            Some(Home::Gpr(r)) => r,
            Some(Home::Xmm(x)) if self.held(Home::Xmm(x)).resident => {
                asm!(ops; movq Rx(x as u8), rax);
                self.held(Home::Xmm(x)).dirty = true;
                return;
            }
            other => {
                if let Some(home) = other {
                    *self.held(home) = Held::default();
                }
                self.take_gpr(ops)
            }
        };
        asm!(ops; mov Rq(r as u8), rax);
        let held = self.held(Home::Gpr(r));
        (held.slot, held.dirty) = (Some(s), true);
    }

    /// Slot `s` := `xmm0`, kept in a register: the slot is behind until flushed.
    pub fn def_xmm(&mut self, ops: &mut Asm, s: u16) {
        let x = match self.find(s) {
            Some(Home::Xmm(x)) => x,
            Some(Home::Gpr(r)) if self.held(Home::Gpr(r)).resident => {
                asm!(ops; movq Rq(r as u8), xmm0);
                self.held(Home::Gpr(r)).dirty = true;
                return;
            }
            other => {
                if let Some(home) = other {
                    *self.held(home) = Held::default();
                }
                self.take_xmm(ops)
            }
        };
        asm!(ops; movapd Rx(x as u8), xmm0);
        let held = self.held(Home::Xmm(x));
        (held.slot, held.dirty) = (Some(s), true);
    }

    /// Ends an instruction: its operands may be taken again.
    pub fn unpin(&mut self) {
        for h in self.gprs.iter_mut().chain(self.xmms.iter_mut()) {
            h.pinned = false;
        }
    }

    /// The registers whose slots are behind, to store on a way out of the block.
    pub fn dirty(&self) -> Vec<(u16, Home)> {
        self.homes()
            .filter(|&(_, _, dirty)| dirty)
            .map(|(s, home, _)| (s, home))
            .collect()
    }

    /// Every slot held and where, for entering the code at this point with the values
    /// in their slots.
    pub fn held_slots(&self) -> Vec<(u16, Home)> {
        self.homes().map(|(s, home, _)| (s, home)).collect()
    }

    fn homes(&self) -> impl Iterator<Item = (u16, Home, bool)> + '_ {
        let g = self
            .gprs
            .iter()
            .zip(GPRS)
            .filter_map(|(h, r)| Some((h.slot?, Home::Gpr(r), h.dirty)));
        let x = self
            .xmms
            .iter()
            .zip(XMMS)
            .filter_map(|(h, x)| Some((h.slot?, Home::Xmm(x), h.dirty)));
        g.chain(x)
    }

    /// Stores every value whose slot is behind; the registers keep them. Leaves the
    /// flags as they are (only moves), so it may come between a comparison and its
    /// branch.
    pub fn flush(&mut self, ops: &mut Asm) {
        for (s, home) in self.dirty() {
            store(ops, s, home);
            self.held(home).dirty = false;
        }
    }

    /// Stores every value whose slot is behind and forgets them all: the slots hold
    /// everything, as the templates that use the slots themselves and the start of a
    /// block want.
    pub fn flush_all(&mut self, ops: &mut Asm) {
        self.flush(ops);
        self.forget();
    }

    /// Forgets every value, all of which are in their slots (or no longer matter).
    pub fn forget(&mut self) {
        *self = Cache::default();
    }

    /// Enters a loop whose residents are `residents`: loads each into its register.
    pub fn enter_loop(&mut self, ops: &mut Asm, residents: &[(u16, Home)]) {
        for &(s, home) in residents {
            load(ops, s, home);
            *self.held(home) = Held {
                slot: Some(s),
                resident: true,
                ..Held::default()
            };
        }
    }

    /// A block of a loop starts here: values other than the residents are stored and
    /// forgotten, and the residents, which the loop's jumps bring here without storing,
    /// count as newer than their slots.
    pub fn loop_block(&mut self, ops: &mut Asm) {
        self.flush_temps(ops);
        self.forget_temps();
        for h in self.gprs.iter_mut().chain(self.xmms.iter_mut()) {
            h.dirty = h.resident;
        }
    }

    /// Stores every value but the residents whose slot is behind; the registers keep
    /// them. As `flush`, it leaves the flags alone.
    pub fn flush_temps(&mut self, ops: &mut Asm) {
        for (s, home) in self.dirty() {
            if !self.held(home).resident {
                store(ops, s, home);
                self.held(home).dirty = false;
            }
        }
    }

    /// Forgets every value but the residents.
    pub fn forget_temps(&mut self) {
        for h in self.gprs.iter_mut().chain(self.xmms.iter_mut()) {
            if !h.resident {
                *h = Held::default();
            }
        }
    }
}

/// Slot `s` := what `home` holds.
#[allow(clippy::useless_conversion)]
pub fn store(ops: &mut Asm, s: u16, home: Home) {
    match home {
        Home::Gpr(r) => asm!(ops; mov [FRAME + slot(s)], Rq(r as u8)),
        Home::Xmm(x) => asm!(ops; movsd [FRAME + slot(s)], Rx(x as u8)),
    }
}

/// `home` := slot `s`.
#[allow(clippy::useless_conversion)]
pub fn load(ops: &mut Asm, s: u16, home: Home) {
    match home {
        Home::Gpr(r) => asm!(ops; mov Rq(r as u8), [FRAME + slot(s)]),
        Home::Xmm(x) => asm!(ops; movsd Rx(x as u8), [FRAME + slot(s)]),
    }
}

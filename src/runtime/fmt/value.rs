//! Reading Go values in memory for formatting (see [`crate::bytecode::rtype`] for the
//! layout).

use super::Arg;
use crate::bytecode::rtype::{Kind, RType, TypeIdx};
use crate::runtime::heap::{bytes_at, load, load_byte};

/// Where a value's slots are.
#[derive(Clone, Copy, Debug)]
pub(super) enum Loc {
    /// A value of at most one slot, held directly (an interface's inline data word, or an
    /// element unpacked from a byte array).
    Word(u64),
    /// The address of the value's first slot (or first byte, for packed byte arrays).
    At(u64),
}

/// A value being formatted.
#[derive(Clone, Copy, Debug)]
pub(super) struct Val {
    pub ty: TypeIdx,
    pub loc: Loc,
    /// Its methods may be called: false below an unexported struct field, where Go's
    /// reflection cannot turn the value back into an interface.
    pub exported: bool,
}

impl Loc {
    /// Slot `i` of the value.
    pub fn word(self, i: u32) -> u64 {
        match self {
            Loc::Word(w) if i == 0 => w,
            Loc::Word(_) => 0,
            Loc::At(a) => load(a + 8 * i as u64),
        }
    }

    /// Byte `i` of the value (elements of packed byte arrays).
    fn byte(self, i: u64) -> u8 {
        match self {
            Loc::Word(w) => w.to_le_bytes().get(i as usize).copied().unwrap_or(0),
            Loc::At(a) => load_byte(a + i),
        }
    }

    /// The value `offset` slots in (a struct field or array element).
    fn slot_offset(self, offset: u64) -> Loc {
        match self {
            Loc::Word(w) => Loc::Word(if offset == 0 { w } else { 0 }),
            Loc::At(a) => Loc::At(a + 8 * offset),
        }
    }
}

impl Val {
    /// The dynamic value of an interface, None for nil.
    pub fn of_iface(types: &[RType], arg: Arg) -> Option<Val> {
        let ty = TypeIdx(arg[0].checked_sub(1)? as u32);
        // Values of more than one slot are boxed; the data word points to the box.
        let loc = if types[ty.0 as usize].slots > 1 {
            Loc::At(arg[1])
        } else {
            Loc::Word(arg[1])
        };
        Some(Val {
            ty,
            loc,
            exported: true,
        })
    }

    /// The interface holding this value: the data word is the value itself for one-slot
    /// types, a pointer to its slots otherwise.
    pub fn as_iface(self, types: &[RType]) -> Arg {
        let data = match (types[self.ty.0 as usize].slots, self.loc) {
            (0, _) => 0,
            (1, loc) => loc.word(0),
            (_, Loc::At(a)) => a,
            (_, Loc::Word(w)) => w,
        };
        [self.ty.0 as u64 + 1, data]
    }

    pub fn word(self, i: u32) -> u64 {
        self.loc.word(i)
    }

    /// A value of type `ty` at the same place (a pointer's target, an interface's content).
    pub fn retyped(self, ty: TypeIdx, loc: Loc) -> Val {
        Val { ty, loc, ..self }
    }

    /// The contents of a string value.
    pub fn string_bytes<'m>(self) -> &'m [u8] {
        bytes_at(self.word(0), self.word(1))
    }

    /// Field `i` of a struct value.
    pub fn field(self, types: &[RType], i: usize) -> Val {
        let f = &types[self.ty.0 as usize].fields[i];
        Val {
            ty: f.ty,
            loc: self.loc.slot_offset(f.offset as u64),
            exported: self.exported && f.exported,
        }
    }

    /// The elements of an array or slice value: where they start and how many.
    pub fn seq(self, types: &[RType]) -> (Loc, u64) {
        let rt = &types[self.ty.0 as usize];
        match rt.kind {
            Kind::Slice => (Loc::At(self.word(0)), self.word(1)),
            _ => (self.loc, rt.len),
        }
    }

    /// Element `i` of an array or slice value whose elements start at `base`.
    pub fn elem(self, types: &[RType], base: Loc, i: u64) -> Val {
        let ety = types[self.ty.0 as usize]
            .elem
            .expect("arrays and slices have an element type");
        let e = &types[ety.0 as usize];
        let loc = match e.kind {
            // Packed one byte per element: unpack to the slot form.
            Kind::Bool | Kind::Uint8 => Loc::Word(base.byte(i) as u64),
            Kind::Int8 => Loc::Word(base.byte(i) as i8 as i64 as u64),
            _ => base.slot_offset(i * e.slots as u64),
        };
        Val {
            ty: ety,
            loc,
            exported: self.exported,
        }
    }

    /// The bytes of a `[]uint8` or `[N]uint8` value.
    pub fn byte_elems(self, types: &[RType]) -> Vec<u8> {
        match self.seq(types) {
            (Loc::At(a), n) => bytes_at(a, n).to_vec(),
            (base, n) => (0..n).map(|i| base.byte(i)).collect(),
        }
    }
}

//! Lowering checker types to runtime type descriptors and slot layouts.

use hashbrown::HashMap;

use crate::bytecode::rtype::{Kind, RField, RType, TypeIdx, array_slots};
use crate::front::types::{Basic, Type, TypeId, Types};

/// Maps checker types to [`RType`]s, creating each descriptor once.
#[derive(Default)]
pub struct Lowering {
    map: HashMap<TypeId, TypeIdx>,
    pub rtypes: Vec<RType>,
}

pub fn basic_kind(b: Basic) -> Kind {
    use Basic::*;
    match b {
        Bool | UntypedBool => Kind::Bool,
        Int | UntypedInt => Kind::Int,
        Int8 => Kind::Int8,
        Int16 => Kind::Int16,
        Int32 | UntypedRune => Kind::Int32,
        Int64 => Kind::Int64,
        Uint => Kind::Uint,
        Uint8 => Kind::Uint8,
        Uint16 => Kind::Uint16,
        Uint32 => Kind::Uint32,
        Uint64 => Kind::Uint64,
        Uintptr => Kind::Uintptr,
        Float32 => Kind::Float32,
        Float64 | UntypedFloat => Kind::Float64,
        Complex64 => Kind::Complex64,
        Complex128 | UntypedComplex => Kind::Complex128,
        String | UntypedString => Kind::String,
        UntypedNil | Invalid => Kind::Nil,
    }
}

/// The kind of a type's representation.
pub fn kind(types: &Types, t: TypeId) -> Kind {
    match types.under_type(t) {
        Type::Basic(b) => basic_kind(*b),
        Type::Pointer(_) => Kind::Pointer,
        Type::Slice(_) => Kind::Slice,
        Type::Array(..) => Kind::Array,
        Type::Map(..) => Kind::Map,
        Type::Chan(..) => Kind::Chan,
        Type::Func(_) => Kind::Func,
        Type::Struct(_) => Kind::Struct,
        // Compiled code only sees instantiated types; were a type parameter to slip
        // through, an interface's layout keeps the VM's memory accesses sound.
        Type::Interface(_) | Type::Param(_) | Type::Constraint(_) => Kind::Interface,
        Type::Tuple(_) | Type::Named(_) => Kind::Struct,
    }
}

/// Size of a value in slots.
pub fn slots(types: &Types, t: TypeId) -> u32 {
    match types.under_type(t) {
        Type::Basic(b) => match basic_kind(*b) {
            Kind::String | Kind::Complex64 | Kind::Complex128 => 2,
            Kind::Nil => 1,
            _ => 1,
        },
        Type::Slice(_) => 3,
        Type::Interface(_) | Type::Param(_) | Type::Constraint(_) => 2,
        Type::Array(n, e) => array_slots(kind(types, *e), slots(types, *e), *n) as u32,
        Type::Struct(fields) => fields.iter().map(|f| slots(types, f.ty)).sum(),
        Type::Tuple(elems) => elems.iter().map(|e| slots(types, *e)).sum(),
        Type::Pointer(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) | Type::Named(_) => 1,
    }
}

/// Size and alignment in bytes as Go lays the type out on a 64-bit machine.
fn go_layout(types: &Types, t: TypeId) -> (u64, u64) {
    match types.under_type(t) {
        Type::Basic(b) => match basic_kind(*b) {
            Kind::Bool | Kind::Int8 | Kind::Uint8 => (1, 1),
            Kind::Int16 | Kind::Uint16 => (2, 2),
            Kind::Int32 | Kind::Uint32 | Kind::Float32 => (4, 4),
            Kind::Complex64 => (8, 4),
            Kind::Complex128 | Kind::String => (16, 8),
            _ => (8, 8),
        },
        Type::Slice(_) => (24, 8),
        Type::Interface(_) => (16, 8),
        Type::Array(n, e) => {
            let (s, a) = go_layout(types, *e);
            (s * n, a)
        }
        Type::Struct(fields) => {
            let (mut off, mut align) = (0u64, 1u64);
            for f in fields {
                let (s, a) = go_layout(types, f.ty);
                off = off.div_ceil(a) * a + s;
                align = align.max(a);
            }
            (off.div_ceil(align) * align, align)
        }
        _ => (8, 8),
    }
}

/// Whether a slot of a value of this kind may hold a pointer.
fn ptr_mask(types: &Types, t: TypeId) -> u64 {
    match types.under_type(t) {
        Type::Basic(b) => match basic_kind(*b) {
            Kind::String => 1,
            _ => 0,
        },
        Type::Slice(_) => 1,
        Type::Interface(_) | Type::Param(_) | Type::Constraint(_) => 2,
        Type::Pointer(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) => 1,
        Type::Struct(fields) => {
            let mut mask = 0u64;
            let mut off = 0u32;
            for f in fields {
                if off < 64 {
                    mask |= ptr_mask(types, f.ty) << off;
                }
                off += slots(types, f.ty);
            }
            mask
        }
        Type::Array(n, e) => {
            let es = slots(types, *e);
            let em = ptr_mask(types, *e);
            let mut mask = 0u64;
            if em != 0 && !kind(types, *e).is_byte_kind() {
                for i in 0..*n {
                    let off = i * es as u64;
                    if off >= 64 {
                        break;
                    }
                    mask |= em << off;
                }
            }
            mask
        }
        Type::Tuple(_) | Type::Named(_) => 0,
    }
}

impl Lowering {
    /// The runtime descriptor of `t`, created on first use. Methods are filled in later by
    /// the compiler (they need function indices).
    pub fn rtype(&mut self, types: &Types, t: TypeId) -> TypeIdx {
        if let Some(&i) = self.map.get(&t) {
            return i;
        }
        let idx = TypeIdx(self.rtypes.len() as u32);
        self.map.insert(t, idx);
        let kind = kind(types, t);
        self.rtypes.push(RType {
            kind,
            name: types.name(t),
            slots: slots(types, t),
            go_size: go_layout(types, t).0,
            named: types.is_named(t),
            elem: None,
            key: None,
            len: 0,
            fields: Vec::new(),
            methods: Vec::new(),
            comparable: types.comparable(t),
            ptr_mask: ptr_mask(types, t),
        });
        // Component types are lowered after the entry exists, so recursive types terminate.
        let under = types.under_type(t).clone();
        let (mut elem, mut key, mut len, mut fields) = (None, None, 0, Vec::new());
        match under {
            Type::Pointer(e) | Type::Slice(e) | Type::Chan(_, e) => elem = Some(self.rtype(types, e)),
            Type::Array(n, e) => {
                elem = Some(self.rtype(types, e));
                len = n;
            }
            Type::Map(k, v) => {
                key = Some(self.rtype(types, k));
                elem = Some(self.rtype(types, v));
            }
            Type::Struct(fs) => {
                let mut off = 0;
                for f in fs {
                    let ty = self.rtype(types, f.ty);
                    fields.push(RField {
                        name: f.name.clone(),
                        ty,
                        offset: off,
                        exported: f.exported,
                    });
                    off += slots(types, f.ty);
                }
            }
            _ => {}
        }
        let r = &mut self.rtypes[idx.0 as usize];
        r.elem = elem;
        r.key = key;
        r.len = len;
        r.fields = fields;
        idx
    }

    /// Every checker type lowered so far, with its index.
    pub fn lowered(&self) -> Vec<(TypeId, TypeIdx)> {
        let mut v: Vec<_> = self.map.iter().map(|(a, b)| (*a, *b)).collect();
        v.sort_by_key(|p| p.1);
        v
    }
}

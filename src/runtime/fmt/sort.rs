//! The order fmt prints map keys in, as Go's `internal/fmtsort`: numbers by value (NaN
//! first), strings bytewise, false before true, pointers and channels by address,
//! interfaces by dynamic type and then value (nil first), structs and arrays element by
//! element.

use std::cmp::Ordering;

use super::value::Val;
use crate::bytecode::rtype::{Kind, RType};

/// Compares two values of the same type.
pub(super) fn compare(types: &[RType], a: Val, b: Val) -> Ordering {
    let rt = &types[a.ty.0 as usize];
    match rt.kind {
        k if k.is_signed() => (a.word(0) as i64).cmp(&(b.word(0) as i64)),
        Kind::Float32 | Kind::Float64 => float_compare(a.word(0), b.word(0)),
        Kind::Complex64 | Kind::Complex128 => {
            float_compare(a.word(0), b.word(0)).then(float_compare(a.word(1), b.word(1)))
        }
        Kind::String => a.string_bytes().cmp(b.string_bytes()),
        Kind::Struct => (0..rt.fields.len())
            .map(|i| compare(types, a.field(types, i), b.field(types, i)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal),
        Kind::Array => {
            let (ba, n) = a.seq(types);
            let (bb, _) = b.seq(types);
            (0..n)
                .map(|i| compare(types, a.elem(types, ba, i), b.elem(types, bb, i)))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        }
        Kind::Interface => {
            let ia = Val::of_iface(types, [a.word(0), a.word(1)]);
            let ib = Val::of_iface(types, [b.word(0), b.word(1)]);
            match (ia, ib) {
                (Some(x), Some(y)) if x.ty == y.ty => compare(types, x, y),
                // Go orders different dynamic types by their descriptors' addresses, which
                // is arbitrary but consistent; type indexes are the same kind of order.
                (Some(x), Some(y)) => x.ty.cmp(&y.ty),
                (x, y) => x.is_some().cmp(&y.is_some()),
            }
        }
        // Unsigned integers, bools, pointers and channels: by the word's value.
        _ => a.word(0).cmp(&b.word(0)),
    }
}

fn float_compare(a: u64, b: u64) -> Ordering {
    let (a, b) = (f64::from_bits(a), f64::from_bits(b));
    a.partial_cmp(&b).unwrap_or_else(|| b.is_nan().cmp(&a.is_nan()))
}

//! Equality and hashing of Go values of any comparable type, as `==` and map keys need.

use std::hash::Hasher;

use super::heap::bytes_at;
use crate::bytecode::rtype::{Kind, RType, TypeIdx};

/// The slots of a value stored at `ptr` (`n` of them).
pub fn slots_at<'h>(ptr: u64, n: usize) -> &'h [u64] {
    if n == 0 || ptr == 0 {
        return &[];
    }
    // SAFETY: `ptr` points to a live object of at least `n` slots (an interface box or a
    // map entry), kept alive by the heap for the VM's lifetime.
    unsafe { std::slice::from_raw_parts(ptr as *const u64, n) }
}

/// The slots of the value an interface holds: inline for one-slot types, else boxed.
pub fn iface_slots<'h>(types: &[RType], tw: u64, data: &'h u64) -> &'h [u64] {
    let t = &types[(tw - 1) as usize];
    match t.slots {
        0 => &[],
        1 => std::slice::from_ref(data),
        n => slots_at(*data, n as usize),
    }
}

/// `a == b` for values of type `t`; Err(type name) if the type (or an interface's
/// dynamic type) cannot be compared.
pub fn equal(types: &[RType], t: TypeIdx, a: &[u64], b: &[u64]) -> Result<bool, String> {
    let rt = &types[t.0 as usize];
    match rt.kind {
        Kind::Float32 | Kind::Float64 => Ok(f64::from_bits(a[0]) == f64::from_bits(b[0])),
        Kind::Complex64 | Kind::Complex128 => {
            Ok(f64::from_bits(a[0]) == f64::from_bits(b[0]) && f64::from_bits(a[1]) == f64::from_bits(b[1]))
        }
        Kind::String => Ok(a[1] == b[1] && bytes_at(a[0], a[1]) == bytes_at(b[0], b[1])),
        // Interfaces nest values as deep as a program likes.
        Kind::Interface => super::deep(|| iface_equal(types, a[0], &a[1], b[0], &b[1])),
        Kind::Struct => {
            for f in &rt.fields {
                let n = types[f.ty.0 as usize].slots as usize;
                let o = f.offset as usize;
                if f.name != "_" && !equal(types, f.ty, &a[o..o + n], &b[o..o + n])? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Kind::Array => {
            let et = rt.elem.expect("arrays have an element type");
            let e = &types[et.0 as usize];
            if e.kind.is_byte_kind() {
                return Ok(a == b);
            }
            let n = e.slots as usize;
            for i in 0..rt.len as usize {
                if !equal(types, et, &a[i * n..(i + 1) * n], &b[i * n..(i + 1) * n])? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Kind::Slice | Kind::Map | Kind::Func => Err(rt.name.clone()),
        _ => Ok(a[0] == b[0]),
    }
}

/// Equality of two interface values given as (type word, data word).
pub fn iface_equal(types: &[RType], ta: u64, da: &u64, tb: u64, db: &u64) -> Result<bool, String> {
    if ta != tb {
        return Ok(false);
    }
    if ta == 0 {
        return Ok(true);
    }
    let t = TypeIdx((ta - 1) as u32);
    if !types[t.0 as usize].comparable {
        return Err(types[t.0 as usize].name.clone());
    }
    equal(types, t, iface_slots(types, ta, da), iface_slots(types, tb, db))
}

/// Feeds a value of type `t` to a hasher; equal values hash equally. Err(type name) for
/// an uncomparable dynamic type.
pub fn hash<H: Hasher>(types: &[RType], t: TypeIdx, v: &[u64], h: &mut H) -> Result<(), String> {
    let rt = &types[t.0 as usize];
    match rt.kind {
        Kind::Float32 | Kind::Float64 | Kind::Complex64 | Kind::Complex128 => {
            for &w in v {
                let f = f64::from_bits(w);
                // +0 and -0 are equal keys; NaNs never match anything anyway.
                h.write_u64(if f == 0.0 { 0 } else { w });
            }
        }
        Kind::String => h.write(bytes_at(v[0], v[1])),
        Kind::Interface => {
            h.write_u64(v[0]);
            if v[0] != 0 {
                let dt = TypeIdx((v[0] - 1) as u32);
                if !types[dt.0 as usize].comparable {
                    return Err(types[dt.0 as usize].name.clone());
                }
                super::deep(|| hash(types, dt, iface_slots(types, v[0], &v[1]), h))?;
            }
        }
        Kind::Struct => {
            // Blank fields take no part in equality, so none in the hash either.
            for f in rt.fields.iter().filter(|f| f.name != "_") {
                let n = types[f.ty.0 as usize].slots as usize;
                let o = f.offset as usize;
                hash(types, f.ty, &v[o..o + n], h)?;
            }
        }
        Kind::Array => {
            let et = rt.elem.expect("arrays have an element type");
            let e = &types[et.0 as usize];
            if e.kind.is_byte_kind() {
                for &w in v {
                    h.write_u64(w);
                }
            } else {
                let n = e.slots as usize;
                for i in 0..rt.len as usize {
                    hash(types, et, &v[i * n..(i + 1) * n], h)?;
                }
            }
        }
        Kind::Slice | Kind::Map | Kind::Func => return Err(rt.name.clone()),
        _ => h.write_u64(v[0]),
    }
    Ok(())
}

//! Rust values in and out of Go, checked against the Go types at the call.
//!
//! A Go value is one or more 64-bit slots (see `bytecode::rtype`): integers sign- or
//! zero-extended in one slot, floats as `f64` bits (a `float32` too, already rounded),
//! `bool` as 0 or 1, a string as its address and length.

use crate::bytecode::rtype::{Kind, RType, TypeIdx};
use crate::bytecode::Program;
use crate::runtime::heap::bytes_at;
use crate::vm::Vm;

/// A Rust value that can be passed as an argument of a Go function.
pub trait ToGo {
    /// Appends the value's slots for a Go parameter of type `ty`, or says why it cannot
    /// be one.
    fn to_go(&self, vm: &Vm, ty: &RType, out: &mut Vec<u64>) -> Result<(), String>;
}

/// A Rust value that a Go result can be read into.
pub trait FromGo: Sized {
    /// Reads a Go value of type `ty` from its slots, or says why it cannot.
    fn from_go(ty: &RType, slots: &[u64]) -> Result<Self, String>;
}

fn mismatch<T>(rust: &str, ty: &RType) -> Result<T, String> {
    Err(format!("{rust} does not convert to or from Go type {}", ty.name))
}

/// The bits of an integer kind, and whether it is signed.
fn int_kind(k: Kind) -> Option<(u32, bool)> {
    Some(match k {
        Kind::Int | Kind::Int64 => (64, true),
        Kind::Int8 => (8, true),
        Kind::Int16 => (16, true),
        Kind::Int32 => (32, true),
        Kind::Uint | Kind::Uint64 | Kind::Uintptr => (64, false),
        Kind::Uint8 => (8, false),
        Kind::Uint16 => (16, false),
        Kind::Uint32 => (32, false),
        _ => return None,
    })
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToGo for $t {
            fn to_go(&self, _: &Vm, ty: &RType, out: &mut Vec<u64>) -> Result<(), String> {
                let Some((bits, signed)) = int_kind(ty.kind) else {
                    return mismatch(stringify!($t), ty);
                };
                let v = *self as i128;
                let (lo, hi) = if signed {
                    (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
                } else {
                    (0, (1i128 << bits) - 1)
                };
                if v < lo || v > hi {
                    return Err(format!("{v} overflows Go type {}", ty.name));
                }
                out.push(v as i64 as u64);
                Ok(())
            }
        }

        impl FromGo for $t {
            fn from_go(ty: &RType, slots: &[u64]) -> Result<Self, String> {
                let Some((_, signed)) = int_kind(ty.kind) else {
                    return mismatch(stringify!($t), ty);
                };
                let v = if signed { slots[0] as i64 as i128 } else { slots[0] as i128 };
                <$t>::try_from(v).map_err(|_| format!("{v} of Go type {} overflows {}", ty.name, stringify!($t)))
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);

macro_rules! floats {
    ($($t:ty),*) => {$(
        impl ToGo for $t {
            fn to_go(&self, _: &Vm, ty: &RType, out: &mut Vec<u64>) -> Result<(), String> {
                let v = *self as f64;
                match ty.kind {
                    Kind::Float64 => out.push(v.to_bits()),
                    Kind::Float32 => out.push((v as f32 as f64).to_bits()),
                    _ => return mismatch(stringify!($t), ty),
                }
                Ok(())
            }
        }

        impl FromGo for $t {
            fn from_go(ty: &RType, slots: &[u64]) -> Result<Self, String> {
                match ty.kind {
                    Kind::Float64 | Kind::Float32 => Ok(f64::from_bits(slots[0]) as $t),
                    _ => mismatch(stringify!($t), ty),
                }
            }
        }
    )*};
}

floats!(f32, f64);

impl ToGo for bool {
    fn to_go(&self, _: &Vm, ty: &RType, out: &mut Vec<u64>) -> Result<(), String> {
        if ty.kind != Kind::Bool {
            return mismatch("bool", ty);
        }
        out.push(*self as u64);
        Ok(())
    }
}

impl FromGo for bool {
    fn from_go(ty: &RType, slots: &[u64]) -> Result<Self, String> {
        if ty.kind != Kind::Bool {
            return mismatch("bool", ty);
        }
        Ok(slots[0] != 0)
    }
}

impl ToGo for str {
    fn to_go(&self, vm: &Vm, ty: &RType, out: &mut Vec<u64>) -> Result<(), String> {
        if ty.kind != Kind::String {
            return mismatch("a string", ty);
        }
        out.extend(vm.new_string(self.as_bytes())?);
        Ok(())
    }
}

impl ToGo for String {
    fn to_go(&self, vm: &Vm, ty: &RType, out: &mut Vec<u64>) -> Result<(), String> {
        self.as_str().to_go(vm, ty, out)
    }
}

impl<T: ToGo + ?Sized> ToGo for &T {
    fn to_go(&self, vm: &Vm, ty: &RType, out: &mut Vec<u64>) -> Result<(), String> {
        (**self).to_go(vm, ty, out)
    }
}

impl FromGo for String {
    /// Go strings may hold invalid UTF-8: it is replaced by U+FFFD.
    fn from_go(ty: &RType, slots: &[u64]) -> Result<Self, String> {
        if ty.kind != Kind::String {
            return mismatch("String", ty);
        }
        Ok(String::from_utf8_lossy(bytes_at(slots[0], slots[1])).into_owned())
    }
}

/// The Go types of a function's parameters, or of its results.
#[derive(Copy, Clone)]
pub struct Types<'a> {
    prog: &'a Program,
    list: &'a [TypeIdx],
}

impl<'a> Types<'a> {
    pub(crate) fn new(prog: &'a Program, list: &'a [TypeIdx]) -> Types<'a> {
        Types { prog, list }
    }

    /// The type of parameter or result `i`.
    pub fn get(&self, i: usize) -> &'a RType {
        self.prog.ty(self.list[i])
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// The arguments of a call: a tuple of [`ToGo`] values (`()` for none).
pub trait Args {
    /// How many Go arguments this is.
    const COUNT: usize;
    /// Appends each argument's slots, checked against the parameter types.
    fn to_go(&self, vm: &Vm, params: Types<'_>, out: &mut Vec<u64>) -> Result<(), String>;
}

/// The results of a call: a tuple of [`FromGo`] values, `()` for none, or one value.
pub trait Results: Sized {
    const COUNT: usize;
    /// Reads the results from their slots, checked against the result types.
    fn from_go(types: Types<'_>, slots: &[u64]) -> Result<Self, String>;
}

macro_rules! tuples {
    ($(($($n:ident $i:tt),*)),*) => {$(
        impl<$($n: ToGo),*> Args for ($($n,)*) {
            const COUNT: usize = 0 $(+ { let _ = $i; 1 })*;
            #[allow(unused_variables)]
            fn to_go(&self, vm: &Vm, params: Types<'_>, out: &mut Vec<u64>) -> Result<(), String> {
                $(self.$i.to_go(vm, params.get($i), out).map_err(|e| format!("argument {}: {e}", $i + 1))?;)*
                Ok(())
            }
        }

        impl<$($n: FromGo),*> Results for ($($n,)*) {
            const COUNT: usize = 0 $(+ { let _ = $i; 1 })*;
            #[allow(unused_variables, unused_mut, unused_assignments)]
            fn from_go(types: Types<'_>, slots: &[u64]) -> Result<Self, String> {
                let mut at = 0;
                Ok(($({
                    let t = types.get($i);
                    let v = <$n as FromGo>::from_go(t, &slots[at..at + t.slots as usize])
                        .map_err(|e| format!("result {}: {e}", $i + 1))?;
                    at += t.slots as usize;
                    v
                },)*))
            }
        }
    )*};
}

tuples!((), (A 0), (A 0, B 1), (A 0, B 1, C 2), (A 0, B 1, C 2, D 3), (A 0, B 1, C 2, D 3, E 4), (A 0, B 1, C 2, D 3, E 4, F 5));

macro_rules! single_results {
    ($($t:ty),*) => {$(
        impl Results for $t {
            const COUNT: usize = 1;
            fn from_go(types: Types<'_>, slots: &[u64]) -> Result<Self, String> {
                <$t as FromGo>::from_go(types.get(0), slots).map_err(|e| format!("result 1: {e}"))
            }
        }
    )*};
}

single_results!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64, bool, String);

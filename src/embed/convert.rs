//! Rust values in and out of Go, checked against the Go types at the call: the
//! conversion traits and their implementations for Rust's types. The values themselves
//! are read and written by `value`, which alone touches Go's slots.

use std::collections::HashMap;
use std::hash::Hash;

use super::value::{GoArgs, GoOut, GoValue, GoValues, Types, mismatch};
use crate::bytecode::rtype::Kind;

/// A Rust value that can be passed as an argument of a Go function.
///
/// Implemented for integers, floats, `bool`, strings, `Vec`/slices, `HashMap`,
/// `Option` (a pointer) and [`Serde`](super::Serde); a type of the embedder's converts
/// by passing itself on as one of those:
///
/// ```
/// use govm::embed::{GoOut, ToGo};
/// use govm::{Engine, Error};
///
/// /// Meters, passed to Go as a float64.
/// struct Meters(f64);
///
/// impl ToGo for Meters {
///     fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
///         self.0.to_go(out)
///     }
/// }
///
/// /// A point, passed to Go as its text, `x,y`.
/// struct Point(i64, i64);
///
/// impl ToGo for Point {
///     fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
///         // The Go string's bytes are copied into the instance's heap.
///         format!("{},{}", self.0, self.1).to_go(out)
///     }
/// }
///
/// let program = Engine::new().compile(
///     "package main\n\nfunc Feet(m float64) float64 { return m * 3.28084 }\n\nfunc Echo(s string) string { return s }\n",
/// )?;
/// let mut inst = program.instantiate()?;
/// let feet: f64 = inst.call("Feet", (Meters(10.0),))?;
/// assert!((feet - 32.8084).abs() < 1e-9);
/// assert_eq!(inst.call::<_, String>("Echo", Point(3, 4))?, "3,4");
/// # Ok::<(), Error>(())
/// ```
///
/// The value is written to a [`GoOut`], which only govm makes and only govm's
/// conversions write to: see there why no `ToGo` can give Go a value that is not one.
pub trait ToGo {
    /// Writes the value to `out`, the place of a Go value of type `out.ty()`, or says
    /// why it cannot be one.
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String>;

    /// For a number or a bool: its slot, and the Go kinds that take every value as it
    /// is. Calls whose values all pass so skip the conversions. Only govm's own
    /// scalars have one: its type cannot be named outside govm.
    #[doc(hidden)]
    const AS_SLOT: Option<fast::ToSlot<Self>> = None;
}

/// A Rust value that a Go result can be read into: the same types as [`ToGo`], checked
/// against the result's Go type.
///
/// ```
/// use std::collections::HashMap;
/// use govm::{Engine, Error};
///
/// let program = Engine::new().compile(
///     "package main\n\nfunc Counts() map[string][]int { return map[string][]int{\"a\": {1, 2}} }\n",
/// )?;
/// let mut inst = program.instantiate()?;
/// let counts: HashMap<String, Vec<i64>> = inst.call("Counts", ())?;
/// assert_eq!(counts["a"], [1, 2]);
/// // A Go type the Rust one does not match is an error, not a guess.
/// assert!(matches!(inst.call::<_, Vec<String>>("Counts", ()), Err(Error::Types(_))));
/// # Ok::<(), Error>(())
/// ```
///
/// A type of the embedder's reads a [`GoValue`] by passing it on to one of those (see
/// there, and why no `FromGo` can read a value that is not one).
pub trait FromGo: Sized {
    /// Reads Go value `v`, or says why it cannot.
    fn from_go(v: GoValue<'_>) -> Result<Self, String>;

    /// For a number or a bool: how it is read from its slot, and the Go kinds whose
    /// every value it holds as it is (see [`ToGo::AS_SLOT`]).
    #[doc(hidden)]
    const FROM_SLOT: Option<fast::FromSlot<Self>> = None;
}

/// The scalars' fast path: a number or bool of its own Go kind crosses as its bare
/// slot, and a call whose values all do so needs no conversion. Its types are `pub`
/// only to appear in the traits, in a module nothing outside `embed` can name, so no
/// impl but govm's can make one: a fast path of the embedder's would write its words
/// to slots that no Go type checked.
pub(super) mod fast {
    use crate::bytecode::rtype::Kind;

    /// How a scalar crosses as one slot with nothing to check: for a Go type of one of
    /// `kinds`, `conv` makes the slot from the value ([`ToSlot`]) or the value from the
    /// slot ([`FromSlot`]).
    pub struct Scalar<F> {
        pub(in crate::embed) kinds: &'static [Kind],
        pub(in crate::embed) conv: F,
    }

    /// A [`ToGo::AS_SLOT`](super::ToGo::AS_SLOT).
    pub type ToSlot<T> = Scalar<fn(&T) -> u64>;

    /// A [`FromGo::FROM_SLOT`](super::FromGo::FROM_SLOT).
    pub type FromSlot<T> = Scalar<fn(u64) -> T>;

    impl<F> Scalar<F> {
        /// Whether a Go type of kind `kind` holds this scalar as its slot.
        pub(in crate::embed) fn fits(&self, kind: Kind) -> bool {
            self.kinds.contains(&kind)
        }
    }

    /// Writes a call's arguments straight to their slots: made by
    /// [`Args::slot_writer`](super::Args::slot_writer) for parameters whose kinds it
    /// checked.
    pub struct SlotWriter<A: ?Sized>(pub(in crate::embed) fn(&A, &mut Vec<u64>));

    /// Reads a call's results straight from their slots, as [`SlotWriter`] writes.
    pub struct SlotReader<R>(pub(in crate::embed) fn(&[u64]) -> R);
}

use fast::{FromSlot, Scalar, SlotReader, SlotWriter, ToSlot};

/// The integers, each with the Go kinds of its own size and sign: the slot of such a
/// kind holds every value as it is (sign- or zero-extended, as Rust's `as` makes and
/// reads it).
macro_rules! integers {
    ($($t:ty => $($kind:ident)|*;)*) => {$(
        impl ToGo for $t {
            #[inline(always)]
            fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
                out.put_int(*self as i128, stringify!($t))
            }

            const AS_SLOT: Option<ToSlot<Self>> = Some(Scalar {
                kinds: &[$(Kind::$kind),*],
                conv: |v| *v as i64 as u64,
            });
        }

        impl FromGo for $t {
            fn from_go(v: GoValue<'_>) -> Result<Self, String> {
                let ty = v.ty();
                if !ty.kind().is_integer() {
                    return mismatch(stringify!($t), &ty);
                }
                let n = if ty.kind().is_signed() { v.word() as i64 as i128 } else { v.word() as i128 };
                <$t>::try_from(n).map_err(|_| format!("{n} of Go type {} overflows {}", ty.name(), stringify!($t)))
            }

            const FROM_SLOT: Option<FromSlot<Self>> = Some(Scalar {
                kinds: &[$(Kind::$kind),*],
                conv: |s| s as $t,
            });
        }
    )*};
}

integers! {
    i8 => Int8;
    i16 => Int16;
    i32 => Int32;
    i64 => Int | Int64;
    isize => Int | Int64;
    u8 => Uint8;
    u16 => Uint16;
    u32 => Uint32;
    u64 => Uint | Uint64 | Uintptr;
    usize => Uint | Uint64 | Uintptr;
}

/// The floats, each with its Go kind: a `float32` slot holds the `f64` of its value.
macro_rules! floats {
    ($($t:ty => $kind:ident;)*) => {$(
        impl ToGo for $t {
            fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
                out.put_float(*self as f64, stringify!($t))
            }

            const AS_SLOT: Option<ToSlot<Self>> = Some(Scalar {
                kinds: &[Kind::$kind],
                conv: |v| (*v as f64).to_bits(),
            });
        }

        impl FromGo for $t {
            fn from_go(v: GoValue<'_>) -> Result<Self, String> {
                match v.ty().kind() {
                    Kind::Float64 | Kind::Float32 => Ok(f64::from_bits(v.word()) as $t),
                    _ => mismatch(stringify!($t), &v.ty()),
                }
            }

            const FROM_SLOT: Option<FromSlot<Self>> = Some(Scalar {
                kinds: &[Kind::$kind],
                conv: |s| f64::from_bits(s) as $t,
            });
        }
    )*};
}

floats! {
    f32 => Float32;
    f64 => Float64;
}

impl ToGo for bool {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        out.put_bool(*self)
    }

    const AS_SLOT: Option<ToSlot<Self>> = Some(Scalar {
        kinds: &[Kind::Bool],
        conv: |v| *v as u64,
    });
}

impl FromGo for bool {
    fn from_go(v: GoValue<'_>) -> Result<Self, String> {
        if v.ty().kind() != Kind::Bool {
            return mismatch("bool", &v.ty());
        }
        Ok(v.word() != 0)
    }

    const FROM_SLOT: Option<FromSlot<Self>> = Some(Scalar {
        kinds: &[Kind::Bool],
        conv: |s| s != 0,
    });
}

impl ToGo for str {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        out.put_string(self.as_bytes(), "a string")
    }
}

impl ToGo for String {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        self.as_str().to_go(out)
    }
}

impl<T: ToGo + ?Sized> ToGo for &T {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        (**self).to_go(out)
    }
}

impl FromGo for String {
    /// Go strings may hold invalid UTF-8: it is replaced by U+FFFD.
    fn from_go(v: GoValue<'_>) -> Result<Self, String> {
        match v.string_bytes() {
            Some(bytes) => Ok(String::from_utf8_lossy(bytes).into_owned()),
            None => mismatch("String", &v.ty()),
        }
    }
}

/// A Rust `Vec` is a Go slice.
impl<T: ToGo> ToGo for [T] {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        if out.ty().kind() != Kind::Slice {
            return mismatch("a slice", &out.ty());
        }
        let mut seq = out.into_seq("a slice", self.len())?;
        for v in self {
            seq.element(|out| v.to_go(out))?;
        }
        seq.finish()
    }
}

impl<T: ToGo> ToGo for Vec<T> {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        self.as_slice().to_go(out)
    }
}

impl<T: FromGo> FromGo for Vec<T> {
    fn from_go(v: GoValue<'_>) -> Result<Self, String> {
        let Some(mut elements) = v.elements().filter(|_| v.ty().kind() == Kind::Slice) else {
            return mismatch("Vec", &v.ty());
        };
        let mut values = Vec::with_capacity(elements.len());
        while let Some(e) = elements.next_value() {
            let i = values.len();
            values.push(T::from_go(e).map_err(|e| format!("element {i}: {e}"))?);
        }
        Ok(values)
    }
}

/// `None` is Go's nil pointer; `Some(v)` points to a copy of `v`.
impl<T: ToGo> ToGo for Option<T> {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        out.put_pointer("an Option", self.as_ref().map(|v| |out: GoOut<'_>| v.to_go(out)))
    }
}

impl<T: FromGo> FromGo for Option<T> {
    fn from_go(v: GoValue<'_>) -> Result<Self, String> {
        if v.ty().kind() != Kind::Pointer {
            return mismatch("Option", &v.ty());
        }
        v.pointee().map(|p| T::from_go(p.value())).transpose()
    }
}

/// A Rust `HashMap` is a Go map (a new one: changes the script makes are not seen).
impl<K: ToGo, V: ToGo, S> ToGo for HashMap<K, V, S> {
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        let mut m = out.into_map("a HashMap")?;
        for (k, v) in self {
            m.key(|out| k.to_go(out))?;
            m.value(|out| v.to_go(out))?;
        }
        m.finish()
    }
}

impl<K: FromGo + Eq + Hash, V: FromGo> FromGo for HashMap<K, V> {
    fn from_go(v: GoValue<'_>) -> Result<Self, String> {
        let Some(entries) = v.entries() else {
            return mismatch("HashMap", &v.ty());
        };
        entries
            .iter()
            .map(|(k, v)| Ok((K::from_go(k)?, V::from_go(v)?)))
            .collect()
    }
}

/// The arguments of a call: a tuple of [`ToGo`] values (`()` for none), or one value.
///
/// ```
/// # use govm::{Engine, Error};
/// let program = Engine::new().compile(
///     r#"package main
///
///     import "strings"
///
///     func Three() int { return 3 }
///
///     func Double(n int) int { return 2 * n }
///
///     func Join(parts []string, sep string) string { return strings.Join(parts, sep) }
///     "#,
/// )?;
/// let mut inst = program.instantiate()?;
/// assert_eq!(inst.call::<_, i64>("Three", ())?, 3);
/// // One argument needs no tuple: `21` is `(21,)`.
/// assert_eq!(inst.call::<_, i64>("Double", 21)?, 42);
/// assert_eq!(inst.call::<_, i64>("Double", (21,))?, 42);
/// assert_eq!(inst.call::<_, String>("Join", (vec!["a", "b"], "-"))?, "a-b");
/// // Arguments are checked against the parameters' types.
/// assert!(matches!(inst.call::<_, String>("Join", ("a", "-")), Err(Error::Types(_))));
/// # Ok::<(), Error>(())
/// ```
///
/// A type of the embedder's writes its values with [`GoArgs::push`].
pub trait Args {
    /// How many Go arguments this is.
    const COUNT: usize;
    /// Writes each argument, checked against its parameter's type.
    fn to_go_args(&self, args: &mut GoArgs<'_>) -> Result<(), String>;

    /// If parameters of types `params` take every argument's slot as it is (see
    /// [`ToGo::AS_SLOT`]): what writes them, to stand for `to_go_args`. Its type
    /// cannot be named outside govm, so only govm's own `Args` can have one.
    #[doc(hidden)]
    fn slot_writer(_params: Types<'_>) -> Option<SlotWriter<Self>> {
        None
    }
}

/// The results of a call: a tuple of [`FromGo`] values, `()` for none, or one value.
///
/// ```
/// # use govm::{Engine, Error};
/// let program = Engine::new().compile(
///     r#"package main
///
///     import "strings"
///
///     func Cut(s string) (string, string, bool) { return strings.Cut(s, "=") }
///
///     func Len(s string) int { return len(s) }
///     "#,
/// )?;
/// let mut inst = program.instantiate()?;
/// let (key, value, found): (String, String, bool) = inst.call("Cut", ("a=1",))?;
/// assert_eq!((key.as_str(), value.as_str(), found), ("a", "1", true));
/// let n: i64 = inst.call("Len", ("abc",))?;
/// assert_eq!(n, 3);
/// // `()` discards them; any other count must match the function's.
/// inst.call::<_, ()>("Cut", ("a=1",))?;
/// assert!(matches!(inst.call::<_, (String, String)>("Cut", ("a=1",)), Err(Error::Types(_))));
/// # Ok::<(), Error>(())
/// ```
///
/// A type of the embedder's reads them from [`GoValues`].
pub trait Results: Sized {
    /// How many Go results this is.
    const COUNT: usize;
    /// Reads the results, checked against their types.
    fn from_go_results(results: GoValues<'_>) -> Result<Self, String>;

    /// If every result of types `types` is read from its slot as it is (see
    /// [`FromGo::FROM_SLOT`]): what reads them, to stand for `from_go_results`. Only
    /// govm's own `Results` can have one, as for [`Args::slot_writer`].
    #[doc(hidden)]
    fn slot_reader(_types: Types<'_>) -> Option<SlotReader<Self>> {
        None
    }
}

/// A tuple of [`FromGo`] values: a function's results, or a host function's arguments.
pub(super) trait FromGoTuple: Sized {
    /// Reads the values; an error names the value, as argument or result (`what`) `i`.
    fn read(values: GoValues<'_>, what: &str) -> Result<Self, String>;
    /// Whether every value has a `FROM_SLOT` (else `from_slots` must not be called).
    const ALL: bool;
    /// Whether values of types `types` are each read from their slot as it is: `ALL`,
    /// and each type of a kind its `FROM_SLOT` takes.
    fn slots_fit(types: Types<'_>) -> bool;
    /// Reads the values from one slot each.
    fn from_slots(slots: &[u64]) -> Self;
}

macro_rules! tuples {
    ($(($($n:ident $i:tt),*)),*) => {$(
        impl<$($n: ToGo),*> Args for ($($n,)*) {
            const COUNT: usize = 0 $(+ { let _ = $i; 1 })*;
            #[allow(unused_variables)]
            fn to_go_args(&self, args: &mut GoArgs<'_>) -> Result<(), String> {
                $(args.push(&self.$i)?;)*
                Ok(())
            }

            #[allow(unused_variables)]
            fn slot_writer(params: Types<'_>) -> Option<SlotWriter<Self>> {
                let fits = true $(&& $n::AS_SLOT.is_some_and(|s| s.fits(params.get($i).kind())))*;
                fits.then_some(SlotWriter(|args, out| {
                    let slots: &[u64] = &[$(($n::AS_SLOT.expect("fits").conv)(&args.$i)),*];
                    out.extend_from_slice(slots);
                }))
            }
        }

        impl<$($n: FromGo),*> FromGoTuple for ($($n,)*) {
            #[allow(unused_variables, unused_mut, clippy::unused_unit)]
            fn read(values: GoValues<'_>, what: &str) -> Result<Self, String> {
                let mut values = values.iter();
                Ok(($(
                    <$n as FromGo>::from_go(values.next().expect("a value of each type"))
                        .map_err(|e| format!("{what} {}: {e}", $i + 1))?,
                )*))
            }

            const ALL: bool = true $(&& $n::FROM_SLOT.is_some())*;

            #[allow(unused_variables)]
            fn slots_fit(types: Types<'_>) -> bool {
                Self::ALL $(&& $n::FROM_SLOT.is_some_and(|s| s.fits(types.get($i).kind())))*
            }

            #[allow(unused_variables, clippy::unused_unit)]
            fn from_slots(slots: &[u64]) -> Self {
                ($(($n::FROM_SLOT.expect("ALL").conv)(slots[$i]),)*)
            }
        }

        impl<$($n: FromGo),*> Results for ($($n,)*) {
            const COUNT: usize = 0 $(+ { let _ = $i; 1 })*;
            fn from_go_results(results: GoValues<'_>) -> Result<Self, String> {
                <Self as FromGoTuple>::read(results, "result")
            }

            fn slot_reader(types: Types<'_>) -> Option<SlotReader<Self>> {
                Self::slots_fit(types).then_some(SlotReader(Self::from_slots))
            }
        }
    )*};
}

tuples!((), (A 0), (A 0, B 1), (A 0, B 1, C 2), (A 0, B 1, C 2, D 3), (A 0, B 1, C 2, D 3, E 4), (A 0, B 1, C 2, D 3, E 4, F 5));

/// One value is the arguments too, as the one-element tuple of it: any [`ToGo`].
impl<T: ToGo> Args for T {
    const COUNT: usize = 1;
    fn to_go_args(&self, args: &mut GoArgs<'_>) -> Result<(), String> {
        args.push(self)
    }

    fn slot_writer(params: Types<'_>) -> Option<SlotWriter<Self>> {
        <(T,) as Args>::slot_writer(params)?;
        Some(SlotWriter(|arg, out| {
            out.push((T::AS_SLOT.expect("the tuple's fits").conv)(arg))
        }))
    }
}

/// One value is the results too, as the one-element tuple of it: any [`FromGo`], the
/// embedder's own types included.
impl<T: FromGo> Results for T {
    const COUNT: usize = 1;
    fn from_go_results(results: GoValues<'_>) -> Result<Self, String> {
        <(T,) as Results>::from_go_results(results).map(|(v,)| v)
    }

    fn slot_reader(types: Types<'_>) -> Option<SlotReader<Self>> {
        <(T,) as FromGoTuple>::slots_fit(types)
            .then_some(SlotReader(|slots| <(T,) as FromGoTuple>::from_slots(slots).0))
    }
}

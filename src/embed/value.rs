//! Rust values in and out of Go, checked against the Go types at the call.
//!
//! A Go value is one or more 64-bit slots (see `bytecode::rtype`): integers sign- or
//! zero-extended in one slot, floats as `f64` bits (a `float32` too, already rounded),
//! `bool` as 0 or 1, a string as its address and length.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::Hash;

use crate::bytecode::Program;
use crate::bytecode::rtype::{Kind, RType, TypeIdx};
use crate::runtime::heap::{Cache, Trace, bytes_at, load, load_byte, store, store_byte};
use crate::runtime::map::{self, GoMap, MapCell};
use crate::vm::map_ref;

/// Where the Go values made from Rust ones are allocated: an instance's heap between
/// calls, or the heap cache of the machine a host function runs on. Only govm
/// implements it; a [`ToGo`] made of other values passes it on to theirs.
///
/// ```
/// use govm::embed::{GoHeap, GoType, ToGo};
/// use govm::{Engine, Error};
///
/// /// A point, passed to Go as its text, `x,y`.
/// struct Point(i64, i64);
///
/// impl ToGo for Point {
///     fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
///         // The Go string's bytes are allocated on the heap the call lends.
///         format!("{},{}", self.0, self.1).to_go(heap, ty, out)
///     }
/// }
///
/// let program = Engine::new().compile("package main\n\nfunc Echo(s string) string { return s }\n")?;
/// let s: String = program.instantiate()?.call("Echo", (Point(3, 4),))?;
/// assert_eq!(s, "3,4");
/// # Ok::<(), Error>(())
/// ```
pub trait GoHeap: sealed::Sealed {
    /// Lends a cache to allocate through.
    #[doc(hidden)]
    fn with_cache(&self, f: &mut dyn FnMut(&mut Cache<'_>));
}

mod sealed {
    pub trait Sealed {}
}

impl dyn GoHeap + '_ {
    /// Allocates through `f` if `bytes` fit the memory limit: a value too big for it is
    /// refused here, as a conversion's error rather than the instance's end.
    pub(super) fn allocate<T>(&self, bytes: usize, f: impl FnOnce(&mut Cache<'_>) -> T) -> Result<T, String> {
        let (mut f, mut made) = (Some(f), None);
        self.with_cache(&mut |c| {
            let max = c.heap().max();
            made = Some(if bytes > max {
                Err(format!(
                    "a value of {bytes} bytes passes the memory limit of {max} bytes"
                ))
            } else {
                Ok(f.take().expect("called once")(c))
            });
        });
        made.expect("with_cache calls back")
    }

    /// Copies `bytes` into a new Go string: its two slots.
    pub(super) fn new_string(&self, bytes: &[u8]) -> Result<[u64; 2], String> {
        let (p, n) = self.allocate(bytes.len(), |c| c.string(bytes))?;
        Ok([p, n])
    }
}

/// The [`GoHeap`] of a machine: of the one a host function runs on, or between runs,
/// of machine 0.
pub(crate) struct HeapCache<'a, 'h>(RefCell<&'a mut Cache<'h>>);

impl<'a, 'h> HeapCache<'a, 'h> {
    pub(crate) fn new(cache: &'a mut Cache<'h>) -> HeapCache<'a, 'h> {
        HeapCache(RefCell::new(cache))
    }
}

impl sealed::Sealed for HeapCache<'_, '_> {}

impl GoHeap for HeapCache<'_, '_> {
    fn with_cache(&self, f: &mut dyn FnMut(&mut Cache<'_>)) {
        f(&mut self.0.borrow_mut())
    }
}

/// A Go type of the program a value crosses into or out of: its description, and the
/// program its element and key types are looked up in.
///
/// ```
/// use govm::embed::{FromGo, GoType};
/// use govm::{Engine, Error};
///
/// /// Any Go number, integer or float, as an `f64`.
/// struct Number(f64);
///
/// impl FromGo for Number {
///     fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
///         // The kind says how the slot holds the value.
///         if ty.kind().is_integer() {
///             i64::from_go(ty, slots).map(|n| Number(n as f64))
///         } else {
///             f64::from_go(ty, slots).map(Number)
///         }
///     }
/// }
///
/// let program = Engine::new().compile(
///     r#"package main
///
///     func I() int8 { return -3 }
///
///     func F() float32 { return 0.5 }
///
///     func S() string { return "1" }
///     "#,
/// )?;
/// let mut inst = program.instantiate()?;
/// // A type of the embedder's is a result like any other.
/// let (Number(i), Number(f)) = (inst.call("I", ())?, inst.call("F", ())?);
/// assert_eq!((i, f), (-3.0, 0.5));
/// assert!(matches!(inst.call::<_, Number>("S", ()), Err(Error::Types(m)) if m.contains("Go type string")));
/// # Ok::<(), Error>(())
/// ```
#[derive(Copy, Clone)]
pub struct GoType<'a> {
    prog: &'a Program,
    idx: TypeIdx,
    ty: &'a RType,
}

impl<'a> GoType<'a> {
    pub(crate) fn new(prog: &'a Program, t: TypeIdx) -> GoType<'a> {
        GoType {
            prog,
            idx: t,
            ty: prog.ty(t),
        }
    }

    /// The element type of a slice, array, pointer, channel or map.
    ///
    /// ```
    /// use govm::embed::{FromGo, GoType};
    /// use govm::{Engine, Error};
    ///
    /// /// A Go slice of integers or floats, as `f64`s.
    /// struct Floats(Vec<f64>);
    ///
    /// impl FromGo for Floats {
    ///     fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
    ///         match ty.elem() {
    ///             Some(e) if e.kind().is_integer() => {
    ///                 let ints = Vec::<i64>::from_go(ty, slots)?;
    ///                 Ok(Floats(ints.into_iter().map(|n| n as f64).collect()))
    ///             }
    ///             // Floats, or anything else for `Vec<f64>` to refuse.
    ///             _ => Vec::<f64>::from_go(ty, slots).map(Floats),
    ///         }
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile(
    ///     r#"package main
    ///
    ///     func I() []uint8 { return []uint8{1, 2} }
    ///
    ///     func F() []float64 { return []float64{0.5} }
    ///     "#,
    /// )?;
    /// let mut inst = program.instantiate()?;
    /// let (Floats(i), Floats(f)) = (inst.call("I", ())?, inst.call("F", ())?);
    /// assert_eq!((i, f), (vec![1.0, 2.0], vec![0.5]));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn elem(&self) -> Option<GoType<'a>> {
        self.ty.elem.map(|t| GoType::new(self.prog, t))
    }

    /// The key type of a map.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use govm::embed::{FromGo, GoType};
    /// use govm::{Engine, Error};
    ///
    /// /// A Go map with string or integer keys, the keys as text.
    /// struct Labels(HashMap<String, i64>);
    ///
    /// impl FromGo for Labels {
    ///     fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
    ///         match ty.key() {
    ///             Some(k) if k.kind().is_integer() => {
    ///                 let m = HashMap::<i64, i64>::from_go(ty, slots)?;
    ///                 Ok(Labels(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
    ///             }
    ///             _ => HashMap::<String, i64>::from_go(ty, slots).map(Labels),
    ///         }
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile(
    ///     r#"package main
    ///
    ///     func ByID() map[int]int { return map[int]int{7: 1} }
    ///
    ///     func ByName() map[string]int { return map[string]int{"7": 1} }
    ///     "#,
    /// )?;
    /// let mut inst = program.instantiate()?;
    /// let (Labels(by_id), Labels(by_name)) = (inst.call("ByID", ())?, inst.call("ByName", ())?);
    /// // Either kind of key reads the same.
    /// assert_eq!(by_id, by_name);
    /// assert_eq!(by_id["7"], 1);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn key(&self) -> Option<GoType<'a>> {
        self.ty.key.map(|t| GoType::new(self.prog, t))
    }

    /// What kind of type it is: its shape, such as `Kind::Int` or `Kind::Slice`.
    ///
    /// ```
    /// use govm::embed::{FromGo, GoType, Kind};
    /// use govm::{Engine, Error};
    ///
    /// /// Whether a Go result is a number, of any kind.
    /// struct IsNumber(bool);
    ///
    /// impl FromGo for IsNumber {
    ///     fn from_go(ty: GoType<'_>, _: &[u64]) -> Result<Self, String> {
    ///         Ok(IsNumber(ty.kind().is_integer() || matches!(ty.kind(), Kind::Float32 | Kind::Float64)))
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile(
    ///     "package main\n\ntype Celsius float32\n\nfunc T() Celsius { return 21.5 }\n\nfunc S() string { return \"\" }\n",
    /// )?;
    /// let mut inst = program.instantiate()?;
    /// assert!(inst.call::<_, IsNumber>("T", ())?.0);
    /// assert!(!inst.call::<_, IsNumber>("S", ())?.0);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn kind(&self) -> Kind {
        self.ty.kind
    }

    /// The type as Go's `%T` prints it: `int`, `main.Point`, `[]string`.
    ///
    /// ```
    /// use govm::embed::{FromGo, GoType};
    /// use govm::{Engine, Error};
    ///
    /// /// The name of a Go result's type, whatever its value.
    /// struct TypeName(String);
    ///
    /// impl FromGo for TypeName {
    ///     fn from_go(ty: GoType<'_>, _: &[u64]) -> Result<Self, String> {
    ///         Ok(TypeName(ty.name().to_string()))
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile(
    ///     "package main\n\ntype Point struct{ X, Y int }\n\nfunc P() []Point { return nil }\n",
    /// )?;
    /// assert_eq!(program.instantiate()?.call::<_, TypeName>("P", ())?.0, "[]main.Point");
    /// # Ok::<(), Error>(())
    /// ```
    pub fn name(&self) -> &'a str {
        &self.ty.name
    }

    /// How many 64-bit slots a value of the type takes: one for a number, two for a
    /// string, three for a slice, the sum of the fields' for a struct. A value's `slots`
    /// in [`FromGo::from_go`] are this many.
    ///
    /// ```
    /// use govm::embed::{FromGo, Results, Types};
    /// use govm::{Engine, Error};
    ///
    /// /// The first result, of any two.
    /// struct First<T>(T);
    ///
    /// impl<T: FromGo> Results for First<T> {
    ///     const COUNT: usize = 2;
    ///     fn from_go_results(types: Types<'_>, slots: &[u64]) -> Result<Self, String> {
    ///         T::from_go(types.get(0), &slots[..types.get(0).slots()]).map(First)
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile("package main\n\nfunc Two() (string, int) { return \"a\", 1 }\n")?;
    /// assert_eq!(program.instantiate()?.call::<_, First<String>>("Two", ())?.0, "a");
    /// # Ok::<(), Error>(())
    /// ```
    pub fn slots(&self) -> usize {
        self.ty.slots as usize
    }

    /// The compiler's full description of the type, for the conversions here.
    pub(super) fn rtype(&self) -> &'a RType {
        self.ty
    }

    pub(super) fn prog(&self) -> &'a Program {
        self.prog
    }

    pub(super) fn idx(&self) -> TypeIdx {
        self.idx
    }
}

/// A Rust value that can be passed as an argument of a Go function.
///
/// Implemented for integers, floats, `bool`, strings, `Vec`/slices, `HashMap`,
/// `Option` (a pointer) and [`Serde`](super::Serde); a type of the embedder's converts
/// by passing itself on as one of those:
///
/// ```
/// use govm::embed::{GoHeap, GoType, ToGo};
/// use govm::{Engine, Error};
///
/// /// Meters, passed to Go as a float64.
/// struct Meters(f64);
///
/// impl ToGo for Meters {
///     fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
///         self.0.to_go(heap, ty, out)
///     }
/// }
///
/// let program = Engine::new().compile("package main\n\nfunc Feet(m float64) float64 { return m * 3.28084 }\n")?;
/// let feet: f64 = program.instantiate()?.call("Feet", (Meters(10.0),))?;
/// assert!((feet - 32.8084).abs() < 1e-9);
/// # Ok::<(), Error>(())
/// ```
pub trait ToGo {
    /// Appends the value's slots for a Go parameter of type `ty`, or says why it cannot
    /// be one.
    fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String>;

    /// For a number or a bool: its slot, and the Go kinds that take every value as it
    /// is. Calls whose values all pass so skip the conversions.
    #[doc(hidden)]
    const AS_SLOT: Option<ToSlot<Self>> = None;
}

/// How a scalar crosses as one slot with nothing to check: for a Go type of one of
/// `kinds`, `conv` makes the slot from the value ([`ToGo::AS_SLOT`]) or the value from
/// the slot ([`FromGo::FROM_SLOT`]).
#[doc(hidden)]
pub struct Scalar<F> {
    pub kinds: &'static [Kind],
    pub conv: F,
}

/// A [`ToGo::AS_SLOT`].
#[doc(hidden)]
pub type ToSlot<T> = Scalar<fn(&T) -> u64>;

/// A [`FromGo::FROM_SLOT`].
#[doc(hidden)]
pub type FromSlot<T> = Scalar<fn(u64) -> T>;

impl<F> Scalar<F> {
    /// Whether a Go type of kind `kind` holds this scalar as its slot.
    pub fn fits(&self, kind: Kind) -> bool {
        self.kinds.contains(&kind)
    }
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
pub trait FromGo: Sized {
    /// Reads a Go value of type `ty` from its slots, or says why it cannot.
    fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String>;

    /// For a number or a bool: how it is read from its slot, and the Go kinds whose
    /// every value it holds as it is (see [`ToGo::AS_SLOT`]).
    #[doc(hidden)]
    const FROM_SLOT: Option<FromSlot<Self>> = None;
}

#[cold]
fn overflow(v: i128, ty: &GoType<'_>) -> String {
    format!("{v} overflows Go type {}", ty.name())
}

#[cold]
fn mismatch<T>(rust: &str, ty: &GoType<'_>) -> Result<T, String> {
    Err(format!("{rust} does not convert to or from Go type {}", ty.name()))
}

/// The integers, each with the Go kinds of its own size and sign: the slot of such a
/// kind holds every value as it is (sign- or zero-extended, as Rust's `as` makes and
/// reads it).
macro_rules! integers {
    ($($t:ty => $($kind:ident)|*;)*) => {$(
        impl ToGo for $t {
            #[inline(always)]
            fn to_go(&self, _: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
                // Each check is a Rust conversion, free where it cannot fail.
                let v = *self;
                let fits = match ty.kind() {
                    Kind::Int | Kind::Int64 => i64::try_from(v).is_ok(),
                    Kind::Int8 => i8::try_from(v).is_ok(),
                    Kind::Int16 => i16::try_from(v).is_ok(),
                    Kind::Int32 => i32::try_from(v).is_ok(),
                    Kind::Uint | Kind::Uint64 | Kind::Uintptr => u64::try_from(v).is_ok(),
                    Kind::Uint8 => u8::try_from(v).is_ok(),
                    Kind::Uint16 => u16::try_from(v).is_ok(),
                    Kind::Uint32 => u32::try_from(v).is_ok(),
                    _ => return mismatch(stringify!($t), &ty),
                };
                if !fits {
                    return Err(overflow(v as i128, &ty));
                }
                // Sign- or zero-extended as the value is, which the kind's is too.
                out.push(v as i128 as u64);
                Ok(())
            }

            const AS_SLOT: Option<ToSlot<Self>> = Some(Scalar {
                kinds: &[$(Kind::$kind),*],
                conv: |v| *v as i64 as u64,
            });
        }

        impl FromGo for $t {
            fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
                if !ty.kind().is_integer() {
                    return mismatch(stringify!($t), &ty);
                }
                let v = if ty.kind().is_signed() { slots[0] as i64 as i128 } else { slots[0] as i128 };
                <$t>::try_from(v).map_err(|_| format!("{v} of Go type {} overflows {}", ty.name(), stringify!($t)))
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
            fn to_go(&self, _: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
                let v = *self as f64;
                match ty.kind() {
                    Kind::Float64 => out.push(v.to_bits()),
                    Kind::Float32 => out.push((v as f32 as f64).to_bits()),
                    _ => return mismatch(stringify!($t), &ty),
                }
                Ok(())
            }

            const AS_SLOT: Option<ToSlot<Self>> = Some(Scalar {
                kinds: &[Kind::$kind],
                conv: |v| (*v as f64).to_bits(),
            });
        }

        impl FromGo for $t {
            fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
                match ty.kind() {
                    Kind::Float64 | Kind::Float32 => Ok(f64::from_bits(slots[0]) as $t),
                    _ => mismatch(stringify!($t), &ty),
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
    fn to_go(&self, _: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        if ty.kind() != Kind::Bool {
            return mismatch("bool", &ty);
        }
        out.push(*self as u64);
        Ok(())
    }

    const AS_SLOT: Option<ToSlot<Self>> = Some(Scalar {
        kinds: &[Kind::Bool],
        conv: |v| *v as u64,
    });
}

impl FromGo for bool {
    fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
        if ty.kind() != Kind::Bool {
            return mismatch("bool", &ty);
        }
        Ok(slots[0] != 0)
    }

    const FROM_SLOT: Option<FromSlot<Self>> = Some(Scalar {
        kinds: &[Kind::Bool],
        conv: |s| s != 0,
    });
}

impl ToGo for str {
    fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        if ty.kind() != Kind::String {
            return mismatch("a string", &ty);
        }
        out.extend(heap.new_string(self.as_bytes())?);
        Ok(())
    }
}

impl ToGo for String {
    fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        self.as_str().to_go(heap, ty, out)
    }
}

impl<T: ToGo + ?Sized> ToGo for &T {
    fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        (**self).to_go(heap, ty, out)
    }
}

impl FromGo for String {
    /// Go strings may hold invalid UTF-8: it is replaced by U+FFFD.
    fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
        if ty.kind() != Kind::String {
            return mismatch("String", &ty);
        }
        Ok(String::from_utf8_lossy(bytes_at(slots[0], slots[1])).into_owned())
    }
}

/// The Go types of a function's parameters, or of its results.
///
/// An [`Args`] or [`Results`] implementation of the embedder's is given them, to convert
/// each value against its type:
///
/// ```
/// use govm::embed::{FromGo, Results, Types};
/// use govm::{Engine, Error};
///
/// /// A user, read from a Go function's two results.
/// struct User {
///     name: String,
///     age: u32,
/// }
///
/// impl Results for User {
///     const COUNT: usize = 2;
///     fn from_go_results(types: Types<'_>, slots: &[u64]) -> Result<Self, String> {
///         // Each result has as many slots as its type: a string two, an int one.
///         let (name, age) = slots.split_at(types.get(0).slots());
///         Ok(User {
///             name: String::from_go(types.get(0), name)?,
///             age: u32::from_go(types.get(1), age)?,
///         })
///     }
/// }
///
/// let program = Engine::new().compile("package main\n\nfunc Lookup(id int) (string, int) { return \"ada\", 36 }\n")?;
/// let user: User = program.instantiate()?.call("Lookup", (1,))?;
/// assert_eq!((user.name.as_str(), user.age), ("ada", 36));
/// # Ok::<(), Error>(())
/// ```
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
    ///
    /// ```
    /// use govm::embed::{Args, GoHeap, ToGo, Types};
    /// use govm::{Engine, Error};
    ///
    /// /// A point, passed to Go as two arguments.
    /// struct Point {
    ///     x: i64,
    ///     y: i64,
    /// }
    ///
    /// impl Args for Point {
    ///     const COUNT: usize = 2;
    ///     fn to_go_args(&self, heap: &dyn GoHeap, params: Types<'_>, out: &mut Vec<u64>) -> Result<(), String> {
    ///         self.x.to_go(heap, params.get(0), out)?;
    ///         self.y.to_go(heap, params.get(1), out)
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile("package main\n\nfunc Norm2(x, y int32) int32 { return x*x + y*y }\n")?;
    /// let mut inst = program.instantiate()?;
    /// assert_eq!(inst.call::<_, i32>("Norm2", Point { x: 3, y: 4 })?, 25);
    /// // Checked against each parameter's type: this `x` is no `int32`.
    /// assert!(matches!(inst.call::<_, i32>("Norm2", Point { x: 1 << 40, y: 0 }), Err(Error::Types(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn get(&self, i: usize) -> GoType<'a> {
        GoType::new(self.prog, self.list[i])
    }

    /// How many parameters or results there are.
    ///
    /// ```
    /// use govm::embed::{Args, GoHeap, ToGo, Types};
    /// use govm::{Engine, Error};
    ///
    /// /// Integers passed as one argument each.
    /// struct Spread<const N: usize>([i64; N]);
    ///
    /// impl<const N: usize> Args for Spread<N> {
    ///     const COUNT: usize = N;
    ///     fn to_go_args(&self, heap: &dyn GoHeap, params: Types<'_>, out: &mut Vec<u64>) -> Result<(), String> {
    ///         for i in 0..params.len() {
    ///             self.0[i].to_go(heap, params.get(i), out)?;
    ///         }
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile("package main\n\nfunc Sum3(a, b, c int) int { return a + b + c }\n")?;
    /// assert_eq!(program.instantiate()?.call::<_, i64>("Sum3", Spread([1, 2, 3]))?, 6);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// use govm::embed::{FromGo, Results, Types};
    /// use govm::{Engine, Error};
    ///
    /// /// The sum of a function's integer results, `None` if it has none.
    /// struct Total<const N: usize>(Option<i64>);
    ///
    /// impl<const N: usize> Results for Total<N> {
    ///     const COUNT: usize = N;
    ///     fn from_go_results(types: Types<'_>, slots: &[u64]) -> Result<Self, String> {
    ///         if types.is_empty() {
    ///             return Ok(Total(None));
    ///         }
    ///         let (mut sum, mut at) = (0, 0);
    ///         for i in 0..types.len() {
    ///             let ty = types.get(i);
    ///             sum += i64::from_go(ty, &slots[at..at + ty.slots()])?;
    ///             at += ty.slots();
    ///         }
    ///         Ok(Total(Some(sum)))
    ///     }
    /// }
    ///
    /// let src = "package main\n\nfunc Two() (int, int8) { return 40, 2 }\n\nfunc None() {}\n";
    /// let mut inst = Engine::new().compile(src)?.instantiate()?;
    /// assert_eq!(inst.call::<_, Total<2>>("Two", ())?.0, Some(42));
    /// assert_eq!(inst.call::<_, Total<0>>("None", ())?.0, None);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
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
pub trait Args {
    /// How many Go arguments this is.
    const COUNT: usize;
    /// Appends each argument's slots, checked against the parameter types.
    fn to_go_args(&self, heap: &dyn GoHeap, params: Types<'_>, out: &mut Vec<u64>) -> Result<(), String>;

    /// If parameters of types `params` take every argument's slot as it is (see
    /// [`ToGo::AS_SLOT`]): what writes them, to stand for `to_go_args`.
    #[doc(hidden)]
    fn slot_writer(_params: Types<'_>) -> Option<fn(&Self, &mut Vec<u64>)> {
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
pub trait Results: Sized {
    /// How many Go results this is.
    const COUNT: usize;
    /// Reads the results from their slots, checked against the result types.
    fn from_go_results(types: Types<'_>, slots: &[u64]) -> Result<Self, String>;

    /// If every result of types `types` is read from its slot as it is (see
    /// [`FromGo::FROM_SLOT`]): what reads them, to stand for `from_go_results`.
    #[doc(hidden)]
    fn slot_reader(_types: Types<'_>) -> Option<fn(&[u64]) -> Self> {
        None
    }
}

/// A tuple of [`FromGo`] values: a function's results, or a host function's arguments.
pub(super) trait FromGoTuple: Sized {
    /// Reads the values, of Go types `types`, from their slots; an error names the
    /// value, as argument or result (`what`) `i`.
    fn read(types: Types<'_>, slots: &[u64], what: &str) -> Result<Self, String>;
    /// Whether every value has a `FROM_SLOT` (else `from_slots` must not be called).
    const ALL: bool;
    /// Reads the values from one slot each.
    fn from_slots(slots: &[u64]) -> Self;
}

macro_rules! tuples {
    ($(($($n:ident $i:tt),*)),*) => {$(
        impl<$($n: ToGo),*> Args for ($($n,)*) {
            const COUNT: usize = 0 $(+ { let _ = $i; 1 })*;
            #[allow(unused_variables)]
            fn to_go_args(&self, heap: &dyn GoHeap, params: Types<'_>, out: &mut Vec<u64>) -> Result<(), String> {
                $(self.$i.to_go(heap, params.get($i), out).map_err(|e| format!("argument {}: {e}", $i + 1))?;)*
                Ok(())
            }

            #[allow(unused_variables)]
            fn slot_writer(params: Types<'_>) -> Option<fn(&Self, &mut Vec<u64>)> {
                let fits = true $(&& $n::AS_SLOT.is_some_and(|s| s.fits(params.get($i).kind())))*;
                fits.then_some(|args, out| {
                    let slots: &[u64] = &[$(($n::AS_SLOT.expect("fits").conv)(&args.$i)),*];
                    out.extend_from_slice(slots);
                })
            }
        }

        impl<$($n: FromGo),*> FromGoTuple for ($($n,)*) {
            #[allow(unused_variables, unused_mut, unused_assignments)]
            fn read(types: Types<'_>, slots: &[u64], what: &str) -> Result<Self, String> {
                let mut at = 0;
                Ok(($({
                    let t = types.get($i);
                    let v = <$n as FromGo>::from_go(t, &slots[at..at + t.slots()])
                        .map_err(|e| format!("{what} {}: {e}", $i + 1))?;
                    at += t.slots();
                    v
                },)*))
            }

            const ALL: bool = true $(&& $n::FROM_SLOT.is_some())*;

            #[allow(unused_variables, clippy::unused_unit)]
            fn from_slots(slots: &[u64]) -> Self {
                ($(($n::FROM_SLOT.expect("ALL").conv)(slots[$i]),)*)
            }
        }

        impl<$($n: FromGo),*> Results for ($($n,)*) {
            const COUNT: usize = 0 $(+ { let _ = $i; 1 })*;
            fn from_go_results(types: Types<'_>, slots: &[u64]) -> Result<Self, String> {
                <Self as FromGoTuple>::read(types, slots, "result")
            }

            #[allow(unused_variables)]
            fn slot_reader(types: Types<'_>) -> Option<fn(&[u64]) -> Self> {
                let fits = Self::ALL $(&& $n::FROM_SLOT.is_some_and(|s| s.fits(types.get($i).kind())))*;
                fits.then_some(Self::from_slots)
            }
        }
    )*};
}

tuples!((), (A 0), (A 0, B 1), (A 0, B 1, C 2), (A 0, B 1, C 2, D 3), (A 0, B 1, C 2, D 3, E 4), (A 0, B 1, C 2, D 3, E 4, F 5));

/// One value is the arguments too, as the one-element tuple of it: any [`ToGo`].
impl<T: ToGo> Args for T {
    const COUNT: usize = 1;
    fn to_go_args(&self, heap: &dyn GoHeap, params: Types<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        (self,).to_go_args(heap, params, out)
    }

    fn slot_writer(params: Types<'_>) -> Option<fn(&Self, &mut Vec<u64>)> {
        <(T,) as Args>::slot_writer(params)?;
        Some(|arg, out| out.push((T::AS_SLOT.expect("the tuple's fits").conv)(arg)))
    }
}

/// One value is the results too, as the one-element tuple of it: any [`FromGo`], the
/// embedder's own types included.
impl<T: FromGo> Results for T {
    const COUNT: usize = 1;
    fn from_go_results(types: Types<'_>, slots: &[u64]) -> Result<Self, String> {
        <(T,) as Results>::from_go_results(types, slots).map(|(v,)| v)
    }

    fn slot_reader(types: Types<'_>) -> Option<fn(&[u64]) -> Self> {
        <(T,) as Results>::slot_reader(types)?;
        Some(|slots| <(T,) as FromGoTuple>::from_slots(slots).0)
    }
}

/// Reads the value of type `ty` stored at `addr` (an element or a pointee) as slots.
pub(super) fn read_at(ty: &RType, addr: u64, out: &mut Vec<u64>) {
    out.clear();
    if ty.kind.is_byte_kind() {
        out.push(byte_slot(ty.kind, load_byte(addr)));
    } else {
        out.extend((0..ty.slots as u64).map(|k| load(addr + 8 * k)));
    }
}

/// The slot of a value of byte kind `kind` packed as byte `b` (an `int8`
/// sign-extended, as in a register).
pub(super) fn byte_slot(kind: Kind, b: u8) -> u64 {
    if kind == Kind::Int8 { b as i8 as u64 } else { b.into() }
}

/// Stores the slots of a value of type `ty` at `addr`.
fn write_at(ty: &RType, addr: u64, slots: &[u64]) {
    if ty.kind.is_byte_kind() {
        store_byte(addr, slots[0] as u8);
    } else {
        for (k, &w) in slots.iter().enumerate() {
            store(addr + 8 * k as u64, w);
        }
    }
}

/// Storage for `len` values of `elem`, filled with `values`' slots (`slots` each).
pub(super) fn new_array(heap: &dyn GoHeap, elem: GoType<'_>, len: usize, values: &[u64]) -> Result<u64, String> {
    let stride = elem.rtype().elem_stride();
    let types = &elem.prog.types;
    let base = heap.allocate(len.saturating_mul(stride), |c| c.alloc_array(types, elem.idx, len))?;
    for (i, v) in values.chunks(elem.slots().max(1)).enumerate().take(len) {
        write_at(elem.rtype(), base + (i * stride) as u64, v);
    }
    Ok(base)
}

/// Pushes the slots of a new Go slice of the `len` values of `elem` in `values`.
pub(super) fn push_slice(
    heap: &dyn GoHeap,
    elem: GoType<'_>,
    len: usize,
    values: &[u64],
    out: &mut Vec<u64>,
) -> Result<(), String> {
    let base = if len == 0 {
        0
    } else {
        new_array(heap, elem, len, values)?
    };
    out.extend([base, len as u64, len as u64]);
    Ok(())
}

/// Moves `m` into the heap: the Go map value.
pub(super) fn new_map(heap: &dyn GoHeap, m: GoMap) -> Result<u64, String> {
    let m = MapCell::new(m);
    heap.allocate(m.footprint(), |c| c.boxed(m))
}

/// The map at map word `m`, claimed to read its entries (see `runtime::map`). A
/// conversion has no way to report the script's race but to unwind with it: between
/// runs nothing else runs, so the claim cannot fail, and in a host function, where
/// other goroutines run, the host native catches the unwinding and ends the run with
/// Go's fatal error.
pub(super) fn claim_entries<'m>(m: u64) -> map::Read<'m> {
    map_ref(m)
        .iterate()
        .unwrap_or_else(|race| std::panic::resume_unwind(Box::new(race)))
}

/// A Rust `Vec` is a Go slice.
impl<T: ToGo> ToGo for [T] {
    fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        let Some(elem) = ty.elem().filter(|_| ty.kind() == Kind::Slice) else {
            return mismatch("a slice", &ty);
        };
        let mut values = Vec::with_capacity(self.len() * elem.slots());
        for (i, v) in self.iter().enumerate() {
            v.to_go(heap, elem, &mut values)
                .map_err(|e| format!("element {i}: {e}"))?;
        }
        push_slice(heap, elem, self.len(), &values, out)
    }
}

impl<T: ToGo> ToGo for Vec<T> {
    fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        self.as_slice().to_go(heap, ty, out)
    }
}

impl<T: FromGo> FromGo for Vec<T> {
    fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
        let Some(elem) = ty.elem().filter(|_| ty.kind() == Kind::Slice) else {
            return mismatch("Vec", &ty);
        };
        let (base, len, stride) = (slots[0], slots[1] as usize, elem.rtype().elem_stride());
        let mut buf = Vec::with_capacity(elem.slots());
        (0..len)
            .map(|i| {
                read_at(elem.rtype(), base + (i * stride) as u64, &mut buf);
                T::from_go(elem, &buf).map_err(|e| format!("element {i}: {e}"))
            })
            .collect()
    }
}

/// `None` is Go's nil pointer; `Some(v)` points to a copy of `v`.
impl<T: ToGo> ToGo for Option<T> {
    fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        let Some(elem) = ty.elem().filter(|_| ty.kind() == Kind::Pointer) else {
            return mismatch("an Option", &ty);
        };
        let Some(v) = self else {
            out.push(0);
            return Ok(());
        };
        let mut value = Vec::with_capacity(elem.slots());
        v.to_go(heap, elem, &mut value)?;
        out.push(new_array(heap, elem, 1, &value)?);
        Ok(())
    }
}

impl<T: FromGo> FromGo for Option<T> {
    fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
        let Some(elem) = ty.elem().filter(|_| ty.kind() == Kind::Pointer) else {
            return mismatch("Option", &ty);
        };
        if slots[0] == 0 {
            return Ok(None);
        }
        let mut buf = Vec::with_capacity(elem.slots());
        read_at(elem.rtype(), slots[0], &mut buf);
        T::from_go(elem, &buf).map(Some)
    }
}

/// A Rust `HashMap` is a Go map (a new one: changes the script makes are not seen).
impl<K: ToGo, V: ToGo, S> ToGo for HashMap<K, V, S> {
    fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        let (Some(kt), Some(vt)) = (ty.key(), ty.elem()) else {
            return mismatch("a HashMap", &ty);
        };
        let mut m = GoMap::new(kt.idx, kt.slots(), vt.slots());
        let (mut key, mut value) = (Vec::new(), Vec::new());
        for (k, v) in self {
            key.clear();
            value.clear();
            k.to_go(heap, kt, &mut key).map_err(|e| format!("key: {e}"))?;
            v.to_go(heap, vt, &mut value).map_err(|e| format!("value: {e}"))?;
            m.set(&ty.prog.types, &key, &value)
                .map_err(|t| format!("key of unhashable type {t}"))?;
        }
        out.push(new_map(heap, m)?);
        Ok(())
    }
}

impl<K: FromGo + Eq + Hash, V: FromGo> FromGo for HashMap<K, V> {
    fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
        let (Some(kt), Some(vt)) = (ty.key(), ty.elem()) else {
            return mismatch("HashMap", &ty);
        };
        if slots[0] == 0 {
            return Ok(HashMap::new());
        }
        let m = claim_entries(slots[0]);
        let ks = kt.slots();
        m.entries()
            .map(|e| Ok((K::from_go(kt, &e[..ks])?, V::from_go(vt, &e[ks..])?)))
            .collect()
    }
}

//! Go values as the VM holds them, typed slots, crossing into and out of Rust.
//!
//! A Go value is one or more 64-bit slots (see `bytecode::rtype`): integers sign- or
//! zero-extended in one slot, floats as `f64` bits (a `float32` too, already rounded),
//! `bool` as 0 or 1, a string as its address and length, a slice as its array's
//! address, length and capacity. Slots with the wrong words in them are the VM reading
//! or writing memory that is not there, so this module is where values are made and
//! read, and nothing else touches their slots:
//!
//! - A value going out of Go is a [`GoValue`]: a Go type and slots the VM made for it,
//!   paired here (the only `unsafe` step, taken where the VM hands over its values) and
//!   never parted. Conversions read it through methods that check its type first, and
//!   reach its parts (elements, fields, a pointee, map entries) only as values of their
//!   own types.
//! - A value going into Go is written through a [`GoOut`]: the place for one value of one
//!   Go type. It is consumed by one writer, each writer here checks the Go type before
//!   writing, and [`write_value`] makes sure a value's slots were written in full.
//!
//! Embedders' conversions get these values and places but can make neither, so they can
//! only pass them on whole to the conversions here.

use std::cell::RefCell;

use crate::bytecode::Program;
use crate::bytecode::rtype::{Kind, RType, TypeIdx};
use crate::runtime::heap::{Cache, Trace, bytes_at, load, load_byte, store, store_byte};
use crate::runtime::map::{self, GoMap, MapCell};
use crate::vm::map_ref;

use super::ToGo;

/// Where the Go values made from Rust ones are allocated: an instance's heap between
/// calls, or the heap cache of the machine a host function runs on. A value too big for
/// the memory limit is refused, as a conversion's error rather than the instance's end.
pub(crate) trait GoHeap {
    /// A Go string holding a copy of `bytes`: its address and length.
    fn new_string(&self, bytes: &[u8]) -> Result<(u64, u64), String>;
    /// Zeroed storage for `len` values of `elem`, a type of `types`.
    fn alloc_array(&self, types: &[RType], elem: TypeIdx, len: usize) -> Result<u64, String>;
    /// Moves `m` into the heap: the Go map value.
    fn new_map(&self, m: GoMap) -> Result<u64, String>;
}

/// The [`GoHeap`] of a machine: of the one a host function runs on, or between runs,
/// of machine 0.
pub(crate) struct HeapCache<'a, 'h>(RefCell<&'a mut Cache<'h>>);

impl<'a, 'h> HeapCache<'a, 'h> {
    pub(crate) fn new(cache: &'a mut Cache<'h>) -> HeapCache<'a, 'h> {
        HeapCache(RefCell::new(cache))
    }

    /// Allocates `bytes` through `f` if they fit the memory limit.
    fn allocate<T>(&self, bytes: usize, f: impl FnOnce(&mut Cache<'h>) -> T) -> Result<T, String> {
        let mut cache = self.0.borrow_mut();
        let max = cache.heap().max();
        if bytes > max {
            return Err(format!(
                "a value of {bytes} bytes passes the memory limit of {max} bytes"
            ));
        }
        Ok(f(&mut cache))
    }
}

impl GoHeap for HeapCache<'_, '_> {
    fn new_string(&self, bytes: &[u8]) -> Result<(u64, u64), String> {
        self.allocate(bytes.len(), |c| c.string(bytes))
    }

    fn alloc_array(&self, types: &[RType], elem: TypeIdx, len: usize) -> Result<u64, String> {
        let bytes = len.saturating_mul(types[elem.0 as usize].elem_stride());
        self.allocate(bytes, |c| c.alloc_array(types, elem, len))
    }

    fn new_map(&self, m: GoMap) -> Result<u64, String> {
        let m = MapCell::new(m);
        self.allocate(m.footprint(), |c| c.boxed(m))
    }
}

/// A Go type of the program a value crosses into or out of: its description, and the
/// program its element and key types are looked up in. For looking at only: values
/// are read and written by the conversions, which take the type from the value
/// ([`GoValue::ty`]) or the place it goes ([`GoOut::ty`]).
///
/// ```
/// use govm::embed::{FromGo, GoValue};
/// use govm::{Engine, Error};
///
/// /// Any Go number, integer or float, as an `f64`.
/// struct Number(f64);
///
/// impl FromGo for Number {
///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
///         // The kind says how the value is held.
///         if v.ty().kind().is_integer() {
///             i64::from_go(v).map(|n| Number(n as f64))
///         } else {
///             f64::from_go(v).map(Number)
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
    /// use govm::embed::{FromGo, GoValue};
    /// use govm::{Engine, Error};
    ///
    /// /// A Go slice of integers or floats, as `f64`s.
    /// struct Floats(Vec<f64>);
    ///
    /// impl FromGo for Floats {
    ///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
    ///         match v.ty().elem() {
    ///             Some(e) if e.kind().is_integer() => {
    ///                 let ints = Vec::<i64>::from_go(v)?;
    ///                 Ok(Floats(ints.into_iter().map(|n| n as f64).collect()))
    ///             }
    ///             // Floats, or anything else for `Vec<f64>` to refuse.
    ///             _ => Vec::<f64>::from_go(v).map(Floats),
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
    /// use govm::embed::{FromGo, GoValue};
    /// use govm::{Engine, Error};
    ///
    /// /// A Go map with string or integer keys, the keys as text.
    /// struct Labels(HashMap<String, i64>);
    ///
    /// impl FromGo for Labels {
    ///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
    ///         match v.ty().key() {
    ///             Some(k) if k.kind().is_integer() => {
    ///                 let m = HashMap::<i64, i64>::from_go(v)?;
    ///                 Ok(Labels(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
    ///             }
    ///             _ => HashMap::<String, i64>::from_go(v).map(Labels),
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
    /// use govm::embed::{FromGo, GoValue, Kind};
    /// use govm::{Engine, Error};
    ///
    /// /// Whether a Go result is a number, of any kind.
    /// struct IsNumber(bool);
    ///
    /// impl FromGo for IsNumber {
    ///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
    ///         let kind = v.ty().kind();
    ///         Ok(IsNumber(kind.is_integer() || matches!(kind, Kind::Float32 | Kind::Float64)))
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
    /// use govm::embed::{FromGo, GoValue};
    /// use govm::{Engine, Error};
    ///
    /// /// The name of a Go result's type, whatever its value.
    /// struct TypeName(String);
    ///
    /// impl FromGo for TypeName {
    ///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
    ///         Ok(TypeName(v.ty().name().to_string()))
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
    /// string, three for a slice, the sum of the fields' for a struct.
    ///
    /// ```
    /// use govm::embed::{FromGo, GoValue};
    /// use govm::{Engine, Error};
    ///
    /// /// The bytes a Go result takes in the VM's registers, whatever its value.
    /// struct Width(usize);
    ///
    /// impl FromGo for Width {
    ///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
    ///         Ok(Width(8 * v.ty().slots()))
    ///     }
    /// }
    ///
    /// let src = "package main\n\nfunc S() string { return \"\" }\n\nfunc P() struct{ X, Y int; B []byte } { return struct{ X, Y int; B []byte }{} }\n";
    /// let mut inst = Engine::new().compile(src)?.instantiate()?;
    /// assert_eq!(inst.call::<_, Width>("S", ())?.0, 16);
    /// assert_eq!(inst.call::<_, Width>("P", ())?.0, 40);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn slots(&self) -> usize {
        self.ty.slots as usize
    }

    /// The compiler's full description of the type, for the conversions here.
    pub(super) fn rtype(&self) -> &'a RType {
        self.ty
    }

    /// The type of field `i` of a struct type.
    pub(super) fn field(&self, i: usize) -> GoType<'a> {
        GoType::new(self.prog, self.ty.fields[i].ty)
    }
}

/// The Go types of a function's parameters, or of its results.
///
/// ```
/// use govm::embed::{GoValues, Results};
/// use govm::{Engine, Error};
///
/// /// The names of a function's result types.
/// struct TypeNames<const N: usize>(Vec<String>);
///
/// impl<const N: usize> Results for TypeNames<N> {
///     const COUNT: usize = N;
///     fn from_go_results(results: GoValues<'_>) -> Result<Self, String> {
///         let types = results.types();
///         Ok(TypeNames((0..types.len()).map(|i| types.get(i).name().to_string()).collect()))
///     }
/// }
///
/// let program = Engine::new().compile("package main\n\nfunc Two() (string, []int) { return \"\", nil }\n")?;
/// assert_eq!(program.instantiate()?.call::<_, TypeNames<2>>("Two", ())?.0, ["string", "[]int"]);
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
    /// use govm::embed::{Args, GoArgs};
    /// use govm::{Engine, Error};
    ///
    /// /// A number passed as an int or a float, as its parameter has it.
    /// struct Count(u32);
    ///
    /// impl Args for Count {
    ///     const COUNT: usize = 1;
    ///     fn to_go_args(&self, args: &mut GoArgs<'_>) -> Result<(), String> {
    ///         if args.types().get(0).kind().is_integer() {
    ///             args.push(&self.0)
    ///         } else {
    ///             args.push(&f64::from(self.0))
    ///         }
    ///     }
    /// }
    ///
    /// let src = "package main\n\nfunc I(n int) int { return n }\n\nfunc F(x float64) float64 { return x / 2 }\n";
    /// let mut inst = Engine::new().compile(src)?.instantiate()?;
    /// assert_eq!(inst.call::<_, i64>("I", Count(3))?, 3);
    /// assert_eq!(inst.call::<_, f64>("F", Count(3))?, 1.5);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn get(&self, i: usize) -> GoType<'a> {
        GoType::new(self.prog, self.list[i])
    }

    /// How many parameters or results there are.
    ///
    /// ```
    /// use govm::embed::{Args, GoArgs};
    /// use govm::{Engine, Error};
    ///
    /// /// As many of the integers as the function has parameters.
    /// struct Leading(Vec<i64>);
    ///
    /// impl Args for Leading {
    ///     const COUNT: usize = 2;
    ///     fn to_go_args(&self, args: &mut GoArgs<'_>) -> Result<(), String> {
    ///         for n in &self.0[..args.types().len()] {
    ///             args.push(n)?;
    ///         }
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile("package main\n\nfunc Sub(a, b int) int { return a - b }\n")?;
    /// assert_eq!(program.instantiate()?.call::<_, i64>("Sub", Leading(vec![5, 3, 1]))?, 2);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// use govm::embed::{FromGo, GoValues, Results};
    /// use govm::{Engine, Error};
    ///
    /// /// The sum of a function's integer results, `None` if it has none.
    /// struct Total<const N: usize>(Option<i64>);
    ///
    /// impl<const N: usize> Results for Total<N> {
    ///     const COUNT: usize = N;
    ///     fn from_go_results(results: GoValues<'_>) -> Result<Self, String> {
    ///         if results.types().is_empty() {
    ///             return Ok(Total(None));
    ///         }
    ///         results.iter().map(i64::from_go).sum::<Result<i64, String>>().map(|s| Total(Some(s)))
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

/// A Go value passed to Rust, for [`FromGo::from_go`](super::FromGo::from_go) to read:
/// a function's result, a host function's argument, or a part of one (an element, a
/// field, a map's key).
///
/// A `FromGo` of the embedder's looks at its type ([`ty`](Self::ty)) and passes the
/// value on whole to the conversion it chooses:
///
/// ```
/// use govm::embed::{FromGo, GoValue};
/// use govm::{Engine, Error};
///
/// /// A Go string or `[]string`, as a list.
/// struct Names(Vec<String>);
///
/// impl FromGo for Names {
///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
///         if v.ty().elem().is_some() {
///             Vec::<String>::from_go(v).map(Names)
///         } else {
///             String::from_go(v).map(|s| Names(vec![s]))
///         }
///     }
/// }
///
/// let src = "package main\n\nfunc One() string { return \"a\" }\n\nfunc Two() []string { return []string{\"a\", \"b\"} }\n";
/// let mut inst = Engine::new().compile(src)?.instantiate()?;
/// assert_eq!(inst.call::<_, Names>("One", ())?.0, ["a"]);
/// assert_eq!(inst.call::<_, Names>("Two", ())?.0, ["a", "b"]);
/// # Ok::<(), Error>(())
/// ```
///
/// Only govm makes a `GoValue`, from a value the VM holds, and its type and its slots
/// never part: it has no public constructor, nothing public gives its slots, and its
/// parts are read only by govm's conversions, each as a value of its own type. So a
/// conversion of the embedder's cannot make a value of words it chose (a string at an
/// address of its own), nor read a value as another type (a slice's slots as its
/// element type's): what the built-in conversions read from memory is always a Go value
/// of the type they check. (Code trying either does not compile; showing that in a test
/// would need a compile-fail harness, so this paragraph is the record of it.)
#[derive(Copy, Clone)]
pub struct GoValue<'a> {
    ty: GoType<'a>,
    slots: &'a [u64],
}

impl<'a> GoValue<'a> {
    /// The value of type `ty` held in `slots`.
    ///
    /// # Safety
    ///
    /// `slots` must be a value of type `ty` that the VM made, as many slots as the type
    /// takes, and what it points to must stay live for `'a` (no collection may run).
    pub(super) unsafe fn new(ty: GoType<'a>, slots: &'a [u64]) -> GoValue<'a> {
        debug_assert_eq!(slots.len(), ty.slots(), "a value of {} in {slots:?}", ty.name());
        GoValue { ty, slots }
    }

    /// The value's Go type.
    ///
    /// ```
    /// use govm::embed::{FromGo, GoValue, Kind};
    /// use govm::{Engine, Error};
    ///
    /// /// An integer, or a bool as 0 or 1.
    /// struct Flag(i64);
    ///
    /// impl FromGo for Flag {
    ///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
    ///         match v.ty().kind() {
    ///             Kind::Bool => bool::from_go(v).map(|b| Flag(b.into())),
    ///             _ => i64::from_go(v).map(Flag),
    ///         }
    ///     }
    /// }
    ///
    /// let src = "package main\n\nfunc B() bool { return true }\n\nfunc I() uint8 { return 7 }\n";
    /// let mut inst = Engine::new().compile(src)?.instantiate()?;
    /// assert_eq!((inst.call::<_, Flag>("B", ())?.0, inst.call::<_, Flag>("I", ())?.0), (1, 7));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn ty(&self) -> GoType<'a> {
        self.ty
    }

    /// The one slot of a number or bool.
    pub(super) fn word(&self) -> u64 {
        self.slots[0]
    }

    /// Whether it is a nil pointer, slice or map.
    pub(super) fn is_nil(&self) -> bool {
        matches!(self.ty.kind(), Kind::Pointer | Kind::Slice | Kind::Map) && self.slots[0] == 0
    }

    /// A string's bytes.
    pub(super) fn string_bytes(&self) -> Option<&'a [u8]> {
        (self.ty.kind() == Kind::String).then(|| bytes_at(self.slots[0], self.slots[1]))
    }

    /// A slice's or an array's elements.
    pub(super) fn elements(&self) -> Option<Elements<'a>> {
        let (at, len) = match self.ty.kind() {
            Kind::Slice => (ElementsAt::Heap(self.slots[0]), self.slots[1] as usize),
            Kind::Array => (ElementsAt::Slots(self.slots), self.ty.rtype().len as usize),
            _ => return None,
        };
        let elem = self.ty.elem().expect("slices and arrays have elements");
        Some(Elements {
            elem,
            at,
            stride: elem.rtype().elem_stride(),
            len,
            next: 0,
            buf: Vec::with_capacity(elem.slots()),
        })
    }

    /// What a non-nil pointer points to.
    pub(super) fn pointee(&self) -> Option<OwnedValue<'a>> {
        if self.ty.kind() != Kind::Pointer || self.slots[0] == 0 {
            return None;
        }
        let ty = self.ty.elem().expect("pointers have elements");
        let mut slots = Vec::with_capacity(ty.slots());
        read_at(ty.rtype(), self.slots[0], &mut slots);
        Some(OwnedValue { ty, slots })
    }

    /// A map's entries (none for a nil map).
    pub(super) fn entries(&self) -> Option<Entries<'a>> {
        if self.ty.kind() != Kind::Map {
            return None;
        }
        Some(Entries {
            key: self.ty.key().expect("maps have keys"),
            value: self.ty.elem().expect("maps have values"),
            map: (self.slots[0] != 0).then(|| claim_entries(self.slots[0])),
        })
    }

    /// Field `i` of a struct.
    pub(super) fn field(&self, i: usize) -> GoValue<'a> {
        let (ty, at) = (self.ty.field(i), self.ty.rtype().fields[i].offset as usize);
        GoValue {
            ty,
            slots: &self.slots[at..at + ty.slots()],
        }
    }
}

/// A Go value read out of Go memory into slots of its own (a pointee).
pub(super) struct OwnedValue<'a> {
    ty: GoType<'a>,
    slots: Vec<u64>,
}

impl OwnedValue<'_> {
    pub(super) fn value(&self) -> GoValue<'_> {
        GoValue {
            ty: self.ty,
            slots: &self.slots,
        }
    }
}

/// The elements of a Go slice or array, read out one at a time into a buffer of their
/// own.
pub(super) struct Elements<'a> {
    elem: GoType<'a>,
    at: ElementsAt<'a>,
    /// The distance between elements in memory.
    stride: usize,
    len: usize,
    next: usize,
    buf: Vec<u64>,
}

enum ElementsAt<'a> {
    /// A slice's backing array, at this address.
    Heap(u64),
    /// An array value's own slots, a byte kind's elements packed eight to a slot.
    Slots(&'a [u64]),
}

impl Elements<'_> {
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// How many are still to be read.
    pub(super) fn remaining(&self) -> usize {
        self.len - self.next
    }

    /// The next element, or `None` after the last.
    #[inline]
    pub(super) fn next_value(&mut self) -> Option<GoValue<'_>> {
        if self.next == self.len {
            return None;
        }
        let (i, elem) = (self.next, self.elem.rtype());
        self.next += 1;
        self.buf.clear();
        match self.at {
            ElementsAt::Heap(base) => read_at(elem, base + (i * self.stride) as u64, &mut self.buf),
            ElementsAt::Slots(slots) if elem.kind.is_byte_kind() => {
                let byte = slots[i / 8].to_le_bytes()[i % 8];
                self.buf.push(byte_slot(elem.kind, byte));
            }
            ElementsAt::Slots(slots) => {
                let k = elem.slots as usize;
                self.buf.extend_from_slice(&slots[i * k..(i + 1) * k]);
            }
        }
        Some(GoValue {
            ty: self.elem,
            slots: &self.buf,
        })
    }
}

/// A Go map's entries, claimed for reading while this lives (see `runtime::map`).
pub(super) struct Entries<'a> {
    key: GoType<'a>,
    value: GoType<'a>,
    /// `None` for a nil map.
    map: Option<map::Read<'a>>,
}

impl Entries<'_> {
    /// Each entry's key and value.
    pub(super) fn iter(&self) -> impl Iterator<Item = (GoValue<'_>, GoValue<'_>)> {
        let ks = self.key.slots();
        self.map.iter().flat_map(|m| m.entries()).map(move |e| {
            let (k, v) = e.split_at(ks);
            (
                GoValue { ty: self.key, slots: k },
                GoValue {
                    ty: self.value,
                    slots: v,
                },
            )
        })
    }
}

/// A list of Go values passed to Rust: a function's results, or a host function's
/// arguments, read by [`Results::from_go_results`](super::Results::from_go_results).
///
/// ```
/// use govm::embed::{FromGo, GoValues, Results};
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
///     fn from_go_results(results: GoValues<'_>) -> Result<Self, String> {
///         Ok(User {
///             name: String::from_go(results.get(0))?,
///             age: u32::from_go(results.get(1))?,
///         })
///     }
/// }
///
/// let program = Engine::new().compile("package main\n\nfunc Lookup(id int) (string, int) { return \"ada\", 36 }\n")?;
/// let user: User = program.instantiate()?.call("Lookup", (1,))?;
/// assert_eq!((user.name.as_str(), user.age), ("ada", 36));
/// # Ok::<(), Error>(())
/// ```
///
/// Made only by govm, as [`GoValue`]s are, and for the same reason.
#[derive(Copy, Clone)]
pub struct GoValues<'a> {
    types: Types<'a>,
    slots: &'a [u64],
}

impl<'a> GoValues<'a> {
    /// The values of types `types`, one after another in `slots`.
    ///
    /// # Safety
    ///
    /// As for [`GoValue::new`], for each value.
    pub(super) unsafe fn new(types: Types<'a>, slots: &'a [u64]) -> GoValues<'a> {
        debug_assert_eq!(
            slots.len(),
            (0..types.len()).map(|i| types.get(i).slots()).sum::<usize>()
        );
        GoValues { types, slots }
    }

    /// Their Go types.
    pub fn types(&self) -> Types<'a> {
        self.types
    }

    /// Value `i`.
    ///
    /// ```
    /// use govm::embed::{FromGo, GoValues, Results};
    /// use govm::{Engine, Error};
    ///
    /// /// The first result, of any two.
    /// struct First<T>(T);
    ///
    /// impl<T: FromGo> Results for First<T> {
    ///     const COUNT: usize = 2;
    ///     fn from_go_results(results: GoValues<'_>) -> Result<Self, String> {
    ///         T::from_go(results.get(0)).map(First)
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile("package main\n\nfunc Two() (string, int) { return \"a\", 1 }\n")?;
    /// assert_eq!(program.instantiate()?.call::<_, First<String>>("Two", ())?.0, "a");
    /// # Ok::<(), Error>(())
    /// ```
    pub fn get(&self, i: usize) -> GoValue<'a> {
        self.iter().nth(i).expect("a value of each type")
    }

    /// The values in order.
    ///
    /// ```
    /// use govm::embed::{FromGo, GoValues, Results};
    /// use govm::{Engine, Error};
    ///
    /// /// A function's string results, however many.
    /// struct Strings<const N: usize>(Vec<String>);
    ///
    /// impl<const N: usize> Results for Strings<N> {
    ///     const COUNT: usize = N;
    ///     fn from_go_results(results: GoValues<'_>) -> Result<Self, String> {
    ///         results.iter().map(String::from_go).collect::<Result<_, _>>().map(Strings)
    ///     }
    /// }
    ///
    /// let src = "package main\n\nfunc Three() (string, string, string) { return \"a\", \"b\", \"c\" }\n";
    /// let mut inst = Engine::new().compile(src)?.instantiate()?;
    /// assert_eq!(inst.call::<_, Strings<3>>("Three", ())?.0, ["a", "b", "c"]);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = GoValue<'a>> + use<'a> {
        let (types, mut rest) = (self.types, self.slots);
        (0..types.len()).map(move |i| {
            let ty = types.get(i);
            let (slots, after) = rest.split_at(ty.slots());
            rest = after;
            GoValue { ty, slots }
        })
    }

    /// All their slots, for the scalars' fast path (`convert::FromSlot`).
    pub(super) fn slots(&self) -> &'a [u64] {
        self.slots
    }
}

/// The place for one Go value, of the Go type of a parameter, an element, a field...,
/// which [`ToGo::to_go`] writes the value to.
///
/// A `ToGo` of the embedder's passes it on to the conversion of the Rust value that
/// stands for it, after looking at its type ([`ty`](Self::ty)) if it needs to:
///
/// ```
/// use govm::embed::{GoOut, Kind, ToGo};
/// use govm::{Engine, Error};
///
/// /// A duration, passed as seconds to a Go float and as milliseconds to a Go integer.
/// struct Timeout(std::time::Duration);
///
/// impl ToGo for Timeout {
///     fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
///         match out.ty().kind() {
///             Kind::Float32 | Kind::Float64 => self.0.as_secs_f64().to_go(out),
///             _ => (self.0.as_millis() as i64).to_go(out),
///         }
///     }
/// }
///
/// let src = "package main\n\nfunc S(s float64) float64 { return s }\n\nfunc Ms(ms int) int { return ms }\n";
/// let mut inst = Engine::new().compile(src)?.instantiate()?;
/// let t = Timeout(std::time::Duration::from_millis(1500));
/// assert_eq!(inst.call::<_, f64>("S", &t)?, 1.5);
/// assert_eq!(inst.call::<_, i64>("Ms", &t)?, 1500);
/// # Ok::<(), Error>(())
/// ```
///
/// Only govm makes a `GoOut`, and its writers are govm's conversions, each writing only
/// a Go type it checks (a string only where a string goes), with a value it makes
/// itself (a string's bytes copied into the instance's heap). A `ToGo` of the
/// embedder's can pass the place on, once (passing it moves it), but not make one
/// for another type (an element type's, to write into this value's slots), nor write
/// words of its own. One that returns without passing it on has written no value,
/// which is an error. So the slots Go reads are always a value of the type it
/// expects. (As for [`GoValue`], a compile-fail harness would be needed to show it in
/// a test.)
pub struct GoOut<'a> {
    heap: &'a dyn GoHeap,
    ty: GoType<'a>,
    out: &'a mut Vec<u64>,
}

#[cold]
pub(super) fn mismatch<T>(rust: &str, ty: &GoType<'_>) -> Result<T, String> {
    Err(format!("{rust} does not convert to or from Go type {}", ty.name()))
}

#[cold]
fn overflow(v: i128, ty: &GoType<'_>) -> String {
    format!("{v} overflows Go type {}", ty.name())
}

impl<'a> GoOut<'a> {
    /// The Go type of the value that goes here.
    ///
    /// ```
    /// use govm::embed::{GoOut, ToGo};
    /// use govm::{Engine, Error};
    ///
    /// /// A number that gives up precision only for a `float32`, saying so.
    /// struct Exact(f64);
    ///
    /// impl ToGo for Exact {
    ///     fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
    ///         if out.ty().name() == "float32" && self.0 as f32 as f64 != self.0 {
    ///             return Err(format!("{} is not exact as a float32", self.0));
    ///         }
    ///         self.0.to_go(out)
    ///     }
    /// }
    ///
    /// let program = Engine::new().compile("package main\n\nfunc Id(x float32) float32 { return x }\n")?;
    /// let mut inst = program.instantiate()?;
    /// assert_eq!(inst.call::<_, f32>("Id", Exact(0.5))?, 0.5);
    /// assert!(matches!(inst.call::<_, f32>("Id", Exact(0.1)), Err(Error::Types(m)) if m.contains("not exact")));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn ty(&self) -> GoType<'a> {
        self.ty
    }

    /// Writes integer `v` (of Rust type `rust`) to a Go integer it fits.
    #[inline(always)]
    pub(super) fn put_int(self, v: i128, rust: &str) -> Result<(), String> {
        let fits = match self.ty.kind() {
            Kind::Int | Kind::Int64 => i64::try_from(v).is_ok(),
            Kind::Int8 => i8::try_from(v).is_ok(),
            Kind::Int16 => i16::try_from(v).is_ok(),
            Kind::Int32 => i32::try_from(v).is_ok(),
            Kind::Uint | Kind::Uint64 | Kind::Uintptr => u64::try_from(v).is_ok(),
            Kind::Uint8 => u8::try_from(v).is_ok(),
            Kind::Uint16 => u16::try_from(v).is_ok(),
            Kind::Uint32 => u32::try_from(v).is_ok(),
            _ => return mismatch(rust, &self.ty),
        };
        if !fits {
            return Err(overflow(v, &self.ty));
        }
        // Sign- or zero-extended as the value is, which the kind's is too.
        self.out.push(v as u64);
        Ok(())
    }

    /// Writes `v` (of Rust type `rust`) to a Go float, rounded for a `float32`.
    #[inline]
    pub(super) fn put_float(self, v: f64, rust: &str) -> Result<(), String> {
        let slot = match self.ty.kind() {
            Kind::Float64 => v,
            Kind::Float32 => v as f32 as f64,
            _ => return mismatch(rust, &self.ty),
        };
        self.out.push(slot.to_bits());
        Ok(())
    }

    /// Writes `v` to a Go bool.
    #[inline]
    pub(super) fn put_bool(self, v: bool) -> Result<(), String> {
        if self.ty.kind() != Kind::Bool {
            return mismatch("bool", &self.ty);
        }
        self.out.push(v.into());
        Ok(())
    }

    /// Writes a Go string of a copy of `bytes` (of Rust type `rust`).
    #[inline(always)]
    pub(super) fn put_string(self, bytes: &[u8], rust: &str) -> Result<(), String> {
        if self.ty.kind() != Kind::String {
            return mismatch(rust, &self.ty);
        }
        let (p, n) = self.heap.new_string(bytes)?;
        self.out.extend([p, n]);
        Ok(())
    }

    /// Writes the type's zero value, which every type has: all its slots zero.
    #[inline]
    pub(super) fn put_zero(self) {
        self.out.extend(std::iter::repeat_n(0, self.ty.slots()));
    }

    /// Writes a Go pointer (for Rust type `rust`): nil for `None`, else to a new copy
    /// of what `write` writes.
    pub(super) fn put_pointer(
        self,
        rust: &str,
        write: Option<impl FnOnce(GoOut<'_>) -> Result<(), String>>,
    ) -> Result<(), String> {
        let Some(elem) = self.ty.elem().filter(|_| self.ty.kind() == Kind::Pointer) else {
            return mismatch(rust, &self.ty);
        };
        let Some(write) = write else {
            self.out.push(0);
            return Ok(());
        };
        let mut value = Vec::with_capacity(elem.slots());
        write_value(self.heap, elem, &mut value, write)?;
        let p = new_array(self.heap, elem, 1, &value)?;
        self.out.push(p);
        Ok(())
    }

    /// Starts writing a Go slice or array (for Rust type `rust`) of about `len`
    /// elements.
    pub(super) fn into_seq(self, rust: &str, len: usize) -> Result<SeqOut<'a>, String> {
        let Some(elem) = self
            .ty
            .elem()
            .filter(|_| matches!(self.ty.kind(), Kind::Slice | Kind::Array))
        else {
            return mismatch(rust, &self.ty);
        };
        Ok(SeqOut {
            values: Vec::with_capacity(len * elem.slots()),
            out: self,
            elem,
            len: 0,
        })
    }

    /// Starts writing a Go map (for Rust type `rust`).
    pub(super) fn into_map(self, rust: &str) -> Result<MapOut<'a>, String> {
        let (Some(key), Some(value), Kind::Map) = (self.ty.key(), self.ty.elem(), self.ty.kind()) else {
            return mismatch(rust, &self.ty);
        };
        Ok(MapOut {
            map: GoMap::new(key.idx, key.slots(), value.slots()),
            out: self,
            key_ty: key,
            value_ty: value,
            key: Vec::new(),
            keyed: false,
            value: Vec::new(),
        })
    }

    /// Starts writing a Go struct (for Rust type `rust`): its zero value, whose fields
    /// are then set one by one.
    pub(super) fn into_struct(self, rust: &str) -> Result<StructOut<'a>, String> {
        if self.ty.kind() != Kind::Struct {
            return mismatch(rust, &self.ty);
        }
        let start = self.out.len();
        self.out.resize(start + self.ty.slots(), 0);
        Ok(StructOut {
            heap: self.heap,
            ty: self.ty,
            out: self.out,
            start,
            field: Vec::new(),
        })
    }
}

/// Appends to `out` the slots of the value of type `ty` that `write` writes (a
/// [`ToGo::to_go`], most often): all of the type's slots, or none and an error. Every
/// [`GoOut`] is made here, so every value that reaches Go is checked so.
#[inline(always)]
pub(super) fn write_value(
    heap: &dyn GoHeap,
    ty: GoType<'_>,
    out: &mut Vec<u64>,
    write: impl FnOnce(GoOut<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let start = out.len();
    let written = write(GoOut { heap, ty, out });
    if written.is_ok() && out.len() == start + ty.slots() {
        return Ok(());
    }
    unwritten(ty, out, start, written)
}

/// Undoes a value's partial writing, and says why it was not written.
#[cold]
fn unwritten(ty: GoType<'_>, out: &mut Vec<u64>, start: usize, written: Result<(), String>) -> Result<(), String> {
    out.truncate(start);
    // Each writer writes the whole value or nothing, so only a `to_go` that returned
    // without passing its place on (or hid a writer's error) gets here with `Ok`.
    written.and_then(|()| Err(format!("no value was written for Go type {}", ty.name())))
}

/// A Go slice or array being written: its elements' slots, gathered until the end.
pub(super) struct SeqOut<'a> {
    out: GoOut<'a>,
    elem: GoType<'a>,
    values: Vec<u64>,
    len: usize,
}

impl SeqOut<'_> {
    /// Writes the next element with `write`.
    #[inline]
    pub(super) fn element(&mut self, write: impl FnOnce(GoOut<'_>) -> Result<(), String>) -> Result<(), String> {
        write_value(self.out.heap, self.elem, &mut self.values, write)
            .map_err(|e| format!("element {}: {e}", self.len))?;
        self.len += 1;
        Ok(())
    }

    /// Writes the sequence: a new backing array for a slice, the elements themselves
    /// for an array (which they must fill).
    pub(super) fn finish(self) -> Result<(), String> {
        let SeqOut { out, elem, values, len } = self;
        if out.ty.kind() == Kind::Slice {
            let base = if len == 0 {
                0
            } else {
                new_array(out.heap, elem, len, &values)?
            };
            out.out.extend([base, len as u64, len as u64]);
            return Ok(());
        }
        if len as u64 != out.ty.rtype().len {
            return Err(format!("{len} elements do not fill Go type {}", out.ty.name()));
        }
        if elem.kind().is_byte_kind() {
            let bytes: Vec<u8> = values.iter().map(|&v| v as u8).collect();
            pack_bytes(&bytes, out.out);
        } else {
            out.out.extend(values);
        }
        Ok(())
    }
}

/// The slots of a Go array of byte-kind elements, packed one byte each (see
/// `bytecode::rtype`).
fn pack_bytes(bytes: &[u8], out: &mut Vec<u64>) {
    out.extend(bytes.chunks(8).map(|c| {
        let mut word = [0u8; 8];
        word[..c.len()].copy_from_slice(c);
        u64::from_le_bytes(word)
    }));
}

/// A Go map being written: a new one, moved into the heap at the end.
pub(super) struct MapOut<'a> {
    out: GoOut<'a>,
    key_ty: GoType<'a>,
    value_ty: GoType<'a>,
    map: GoMap,
    key: Vec<u64>,
    /// `key` holds a key written for the next value.
    keyed: bool,
    value: Vec<u64>,
}

impl MapOut<'_> {
    /// Writes the key of the next entry with `write`.
    pub(super) fn key(&mut self, write: impl FnOnce(GoOut<'_>) -> Result<(), String>) -> Result<(), String> {
        self.key.clear();
        self.keyed = false;
        write_value(self.out.heap, self.key_ty, &mut self.key, write).map_err(|e| format!("key: {e}"))?;
        self.keyed = true;
        Ok(())
    }

    /// Writes the value of the entry whose key was just written, with `write`.
    pub(super) fn value(&mut self, write: impl FnOnce(GoOut<'_>) -> Result<(), String>) -> Result<(), String> {
        if !std::mem::take(&mut self.keyed) {
            return Err("a map value without its key".into());
        }
        self.value.clear();
        write_value(self.out.heap, self.value_ty, &mut self.value, write).map_err(|e| format!("value: {e}"))?;
        self.map
            .set(&self.out.ty.prog.types, &self.key, &self.value)
            .map_err(|t| format!("key of unhashable type {t}"))?;
        Ok(())
    }

    pub(super) fn finish(self) -> Result<(), String> {
        let m = self.out.heap.new_map(self.map)?;
        self.out.out.push(m);
        Ok(())
    }
}

/// A Go struct being written: its slots, zero until a field is set.
pub(super) struct StructOut<'a> {
    heap: &'a dyn GoHeap,
    ty: GoType<'a>,
    out: &'a mut Vec<u64>,
    start: usize,
    /// A field's slots, as written before they are copied in.
    field: Vec<u64>,
}

impl<'a> StructOut<'a> {
    pub(super) fn ty(&self) -> GoType<'a> {
        self.ty
    }

    /// Sets field `i` to what `write` writes.
    pub(super) fn field(
        &mut self,
        i: usize,
        write: impl FnOnce(GoOut<'_>) -> Result<(), String>,
    ) -> Result<(), String> {
        let f = &self.ty.rtype().fields[i];
        self.field.clear();
        write_value(self.heap, self.ty.field(i), &mut self.field, write)
            .map_err(|e| format!("field {}: {e}", f.name))?;
        let at = self.start + f.offset as usize;
        self.out[at..at + self.field.len()].copy_from_slice(&self.field);
        Ok(())
    }
}

/// The arguments of a call being written, one [`ToGo`] value for each parameter, by an
/// [`Args`](super::Args) (and a host function's results, by govm).
///
/// ```
/// use govm::embed::{Args, GoArgs};
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
///     fn to_go_args(&self, args: &mut GoArgs<'_>) -> Result<(), String> {
///         args.push(&self.x)?;
///         args.push(&self.y)
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
///
/// Made only by govm, which checks that each value was written whole and that there is
/// one for each parameter (see [`GoOut`]).
pub struct GoArgs<'a> {
    heap: &'a dyn GoHeap,
    types: Types<'a>,
    out: &'a mut Vec<u64>,
    /// How many values were written.
    written: usize,
    /// What the values are, for errors: `argument` or `result`.
    what: &'static str,
}

impl<'a> GoArgs<'a> {
    /// A place for values of types `types`, written to `out`, each an argument or a
    /// result (`what`).
    #[inline]
    pub(super) fn new(heap: &'a dyn GoHeap, types: Types<'a>, out: &'a mut Vec<u64>, what: &'static str) -> GoArgs<'a> {
        GoArgs {
            heap,
            types,
            out,
            written: 0,
            what,
        }
    }

    /// The Go types of the parameters.
    pub fn types(&self) -> Types<'a> {
        self.types
    }

    /// Writes `v` as the next parameter's argument.
    #[inline(always)]
    pub fn push<T: ToGo + ?Sized>(&mut self, v: &T) -> Result<(), String> {
        self.put(|out| v.to_go(out))
    }

    /// Writes the next value's zero value.
    #[inline]
    pub(super) fn push_zero(&mut self) -> Result<(), String> {
        self.put(|out| {
            out.put_zero();
            Ok(())
        })
    }

    #[inline(always)]
    fn put(&mut self, write: impl FnOnce(GoOut<'_>) -> Result<(), String>) -> Result<(), String> {
        if self.written == self.types.len() {
            return Err(self.error(format!("there are only {}", self.types.len())));
        }
        write_value(self.heap, self.types.get(self.written), self.out, write).map_err(|e| self.error(e))?;
        self.written += 1;
        Ok(())
    }

    /// Error `e` of the next value, naming it.
    #[cold]
    fn error(&self, e: String) -> String {
        format!("{} {}: {e}", self.what, self.written + 1)
    }

    /// Checks that every value was written.
    #[inline]
    pub(super) fn finish(self) -> Result<(), String> {
        if self.written < self.types.len() {
            return Err(format!(
                "{}s written: {} of {}",
                self.what,
                self.written,
                self.types.len()
            ));
        }
        Ok(())
    }
}

/// Reads the value of type `ty` stored at `addr` (an element or a pointee) as slots.
fn read_at(ty: &RType, addr: u64, out: &mut Vec<u64>) {
    if ty.kind.is_byte_kind() {
        out.push(byte_slot(ty.kind, load_byte(addr)));
    } else {
        out.extend((0..ty.slots as u64).map(|k| load(addr + 8 * k)));
    }
}

/// The slot of a value of byte kind `kind` packed as byte `b` (an `int8`
/// sign-extended, as in a register).
fn byte_slot(kind: Kind, b: u8) -> u64 {
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
fn new_array(heap: &dyn GoHeap, elem: GoType<'_>, len: usize, values: &[u64]) -> Result<u64, String> {
    let base = heap.alloc_array(&elem.prog.types, elem.idx, len)?;
    let stride = elem.rtype().elem_stride();
    for (i, v) in values.chunks(elem.slots().max(1)).enumerate().take(len) {
        write_at(elem.rtype(), base + (i * stride) as u64, v);
    }
    Ok(base)
}

/// The map at map word `m`, claimed to read its entries (see `runtime::map`). A
/// conversion has no way to report the script's race but to unwind with it: between
/// runs nothing else runs, so the claim cannot fail, and in a host function, where
/// other goroutines run, the host function's Rust side catches the unwinding and ends the
/// run with Go's fatal error.
fn claim_entries<'m>(m: u64) -> map::Read<'m> {
    map_ref(m)
        .iterate()
        .unwrap_or_else(|race| std::panic::resume_unwind(Box::new(race)))
}

#[cfg(test)]
mod tests {
    use super::pack_bytes;

    #[test]
    fn byte_arrays_pack_eight_to_a_slot() {
        let mut out = Vec::new();
        pack_bytes(&[1, 2, 3, 4, 5, 6, 7, 8, 9], &mut out);
        assert_eq!(out, vec![0x0807_0605_0403_0201, 9]);
    }
}

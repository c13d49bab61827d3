//! Runtime type descriptors and the layout of Go values.
//!
//! # Value layout
//!
//! Every value is a sequence of 64-bit slots, the same in a register range, a struct field
//! and the heap, so moving a value is copying slots and a frame's pointer map is a bitmap
//! over slots:
//!
//! | type | slots | contents |
//! |---|---|---|
//! | bool | 1 | 0 or 1 |
//! | intN, uintN, uintptr | 1 | the value, sign- or zero-extended to 64 bits |
//! | float64 | 1 | IEEE bits |
//! | float32 | 1 | IEEE bits of an f64 that is exactly representable as f32 |
//! | complex128/64 | 2 | real, imaginary (as the float kinds) |
//! | string | 2 | data pointer, length in bytes |
//! | slice | 3 | element pointer, length, capacity |
//! | pointer, map, chan, func | 1 | pointer (0 is nil); a func points to a closure object |
//! | interface | 2 | type word: index of the dynamic type in `Program::types` plus one (0 for nil), data word |
//! | array `[N]T` | N × slots(T) | elements in order, except the byte kinds below |
//! | struct | Σ slots(field) | fields in order |
//!
//! The *byte kinds* (bool, int8, uint8) are packed one byte per element in arrays and
//! slices, so `[]byte`, strings and `[]bool` cost one byte per element and convert by
//! memcpy. An array of a byte kind takes ceil(N / 8) slots.
//!
//! An interface's data word holds the value itself when the dynamic type takes one slot
//! (ints, floats, pointers, maps, one-slot structs), and otherwise points to a heap box
//! holding the value. Zero-size values use data word 0.
//!
//! A closure object is `[func index, captured slots...]`.

use std::fmt;

/// Index of a type in [`crate::bytecode::Program::types`].
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeIdx(pub u32);

/// The shape of a Go type, as `reflect.Kind` names it: a named type has the kind of
/// its underlying type (`type Celsius float32` is a `Float32`).
///
/// ```
/// use govm::embed::{FromGo, GoValue, Kind};
/// use govm::{Engine, Error};
///
/// /// What a Go value's type is, in words.
/// struct Shape(&'static str);
///
/// impl FromGo for Shape {
///     fn from_go(v: GoValue<'_>) -> Result<Self, String> {
///         Ok(Shape(match v.ty().kind() {
///             k if k.is_integer() => "integer",
///             k if k.is_float() => "float",
///             Kind::Slice | Kind::Array => "sequence",
///             _ => "other",
///         }))
///     }
/// }
///
/// let src = "package main\n\ntype ID uint16\n\nfunc A() ID { return 1 }\n\nfunc B() [2]bool { return [2]bool{} }\n";
/// let mut inst = Engine::new().compile(src)?.instantiate()?;
/// assert_eq!(inst.call::<_, Shape>("A", ())?.0, "integer");
/// assert_eq!(inst.call::<_, Shape>("B", ())?.0, "sequence");
/// # Ok::<(), Error>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// `bool`
    Bool,
    /// `int`
    Int,
    /// `int8`
    Int8,
    /// `int16`
    Int16,
    /// `int32`
    Int32,
    /// `int64`
    Int64,
    /// `uint`
    Uint,
    /// `uint8`, and `byte`
    Uint8,
    /// `uint16`
    Uint16,
    /// `uint32`
    Uint32,
    /// `uint64`
    Uint64,
    /// `uintptr`
    Uintptr,
    /// `float32`
    Float32,
    /// `float64`
    Float64,
    /// `complex64`
    Complex64,
    /// `complex128`
    Complex128,
    /// `string`
    String,
    /// `*T`
    Pointer,
    /// `[]T`
    Slice,
    /// `[N]T`
    Array,
    /// `map[K]V`
    Map,
    /// `chan T`
    Chan,
    /// `func(...) ...`
    Func,
    /// `struct{...}`
    Struct,
    /// `interface{...}`
    Interface,
    /// The type of a nil constant, used only for the `nil` case of type switches.
    Nil,
}

impl Kind {
    /// Packed one byte per element in arrays and slices.
    pub fn is_byte_kind(self) -> bool {
        matches!(self, Kind::Bool | Kind::Int8 | Kind::Uint8)
    }

    /// `int`, `int8`, `int16`, `int32` or `int64`.
    pub fn is_signed(self) -> bool {
        matches!(self, Kind::Int | Kind::Int8 | Kind::Int16 | Kind::Int32 | Kind::Int64)
    }

    /// `uint`, `uint8`, `uint16`, `uint32`, `uint64` or `uintptr`.
    pub fn is_unsigned(self) -> bool {
        matches!(
            self,
            Kind::Uint | Kind::Uint8 | Kind::Uint16 | Kind::Uint32 | Kind::Uint64 | Kind::Uintptr
        )
    }

    /// Signed or unsigned.
    pub fn is_integer(self) -> bool {
        self.is_signed() || self.is_unsigned()
    }

    /// `float32` or `float64`.
    pub fn is_float(self) -> bool {
        matches!(self, Kind::Float32 | Kind::Float64)
    }

    /// `complex64` or `complex128`.
    pub fn is_complex(self) -> bool {
        matches!(self, Kind::Complex64 | Kind::Complex128)
    }

    /// Bits of an integer kind (64 for int, uint and uintptr).
    pub fn int_bits(self) -> u32 {
        match self {
            Kind::Int8 | Kind::Uint8 => 8,
            Kind::Int16 | Kind::Uint16 => 16,
            Kind::Int32 | Kind::Uint32 => 32,
            _ => 64,
        }
    }
}

/// A struct field.
#[derive(Clone, Debug)]
pub struct RField {
    pub name: String,
    pub ty: TypeIdx,
    /// Offset in slots from the start of the struct.
    pub offset: u32,
    pub exported: bool,
}

/// One method of a type's method set, for dynamic dispatch through interfaces.
#[derive(Clone, Debug)]
pub struct RMethod {
    pub name: String,
    /// The function to call. It takes an interface's data word as its receiver (see
    /// [`crate::bytecode::program`] for the wrappers this needs).
    pub func: u32,
    /// The signature, receiver left out: a type has an interface's method only if the
    /// name and the signature both match (`Get() int` is not `Get() string`).
    pub sig: RSig,
}

/// A method's parameter and result types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RSig {
    pub params: Vec<TypeIdx>,
    pub results: Vec<TypeIdx>,
    pub variadic: bool,
}

/// A runtime type descriptor: what interfaces, `fmt`, maps and panics need to know about a
/// type at run time.
#[derive(Clone, Debug)]
pub struct RType {
    pub kind: Kind,
    /// The type as `%T` prints it: `int`, `main.Point`, `[]string`, `map[string]int`.
    pub name: String,
    /// Size in slots.
    pub slots: u32,
    /// Size in bytes as Go lays the type out (`unsafe.Sizeof`). Slices grow their capacity
    /// by Go's size classes over this size, so `cap` reports what Go reports.
    pub go_size: u64,
    /// Declared (named) type: fmt prints `main.Code(42)` for a panic of one, and only named
    /// types can have methods.
    pub named: bool,
    /// Element type of pointer, slice, array, chan and map (the value type).
    pub elem: Option<TypeIdx>,
    /// Key type of a map.
    pub key: Option<TypeIdx>,
    /// Length of an array.
    pub len: u64,
    pub fields: Vec<RField>,
    /// Method set, sorted by name. For interface types: the interface's methods (with
    /// `func` unused).
    pub methods: Vec<RMethod>,
    /// `==` is defined on the type (and so it can be a map key).
    pub comparable: bool,
    /// Which slots hold pointers the collector must trace (bit i = slot i), for types of at
    /// most 64 slots; larger types are described by their fields.
    pub ptr_mask: u64,
}

impl RType {
    /// A comparable, unnamed type without components, methods or pointers: the start of
    /// the descriptors unit tests build by hand.
    #[cfg(test)]
    pub fn plain(kind: Kind, name: &str, slots: u32, go_size: u64) -> RType {
        RType {
            kind,
            name: name.into(),
            slots,
            go_size,
            named: false,
            elem: None,
            key: None,
            len: 0,
            fields: Vec::new(),
            methods: Vec::new(),
            comparable: true,
            ptr_mask: 0,
        }
    }

    /// Bytes between consecutive elements when this type is the element of an array or
    /// slice.
    pub fn elem_stride(&self) -> usize {
        if self.kind.is_byte_kind() {
            1
        } else {
            self.slots as usize * 8
        }
    }

    pub fn method(&self, name: &str) -> Option<&RMethod> {
        self.methods
            .binary_search_by(|m| m.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.methods[i])
    }

    /// The first method of interface type `iface` that this type lacks (by name and
    /// signature), or None if its values implement the interface.
    pub fn missing_method<'i>(&self, iface: &'i RType) -> Option<&'i RMethod> {
        iface
            .methods
            .iter()
            .find(|m| self.method(&m.name).is_none_or(|h| h.sig != m.sig))
    }
}

impl fmt::Display for RType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// Slots taken by an array of `len` elements of a type with the given kind and size.
pub fn array_slots(elem_kind: Kind, elem_slots: u32, len: u64) -> u64 {
    if elem_kind.is_byte_kind() {
        len.div_ceil(8)
    } else {
        len * elem_slots as u64
    }
}

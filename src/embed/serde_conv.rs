//! Any serde type in and out of Go: a `Serialize` value is written as the slots of the
//! Go type it is passed as, and a `Deserialize` one is read from a Go value's slots.
//!
//! The Go type leads: a struct's fields are matched to the Rust one's by name, ignoring
//! case and underscores (Rust's `user_id` is Go's `UserID`); a Go field the Rust value
//! lacks gets its zero value, while a Rust field Go lacks is an error, since its value
//! would be lost. Sequences are slices or arrays, maps are maps, `Option` is a pointer
//! (or a nil-able slice or map), and an enum's unit variants are strings or integers.

use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};

use super::value::{ToGo, byte_slot, claim_entries, new_array, new_map, push_slice, read_at};
use super::{FromGo, GoHeap, GoType};
use crate::bytecode::rtype::Kind;
use crate::runtime::heap::bytes_at;
use crate::runtime::map::GoMap;

/// A value converted through serde: `Serde(config)` passes a `#[derive(Serialize)]`
/// struct as a Go struct, and a `Serde<T>` result reads a Go value into a
/// `#[derive(Deserialize)]` `T`. See the [module docs](self) for how types match.
///
/// ```
/// use govm::{Engine, Error, Serde};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, Debug, PartialEq)]
/// struct Point {
///     x: i64,
///     y: i64,
/// }
///
/// let program = Engine::new().compile(
///     r#"package main
///
/// type Point struct{ X, Y int }
///
/// func Mirror(p Point) Point { return Point{X: p.Y, Y: p.X} }
/// "#,
/// )?;
/// let mut inst = program.instantiate()?;
/// let Serde(p) = inst.call::<_, Serde<Point>>("Mirror", (Serde(Point { x: 1, y: 2 }),))?;
/// assert_eq!(p, Point { x: 2, y: 1 });
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Serde<T>(pub T);

impl<T: Serialize> ToGo for Serde<T> {
    fn to_go(&self, heap: &dyn GoHeap, ty: GoType<'_>, out: &mut Vec<u64>) -> Result<(), String> {
        self.0.serialize(Writer { heap, ty, out }).map_err(|e| e.0)
    }
}

impl<T: DeserializeOwned> FromGo for Serde<T> {
    fn from_go(ty: GoType<'_>, slots: &[u64]) -> Result<Self, String> {
        T::deserialize(Reader { ty, slots }).map(Serde).map_err(|e| e.0)
    }
}

/// Why a value does not convert.
#[derive(Debug)]
struct ConvError(String);

impl fmt::Display for ConvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConvError {}

impl ser::Error for ConvError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        ConvError(msg.to_string())
    }
}

impl de::Error for ConvError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        ConvError(msg.to_string())
    }
}

fn cannot<T>(what: &str, ty: &GoType<'_>) -> Result<T, ConvError> {
    Err(ConvError(format!(
        "{what} does not convert to or from Go type {}",
        ty.name()
    )))
}

/// Whether Rust's field `rust` is Go's field `go`: equal but for case and underscores.
fn same_field(rust: &str, go: &str) -> bool {
    let mut r = rust.chars().filter(|&c| c != '_').flat_map(char::to_lowercase);
    let mut g = go.chars().filter(|&c| c != '_').flat_map(char::to_lowercase);
    loop {
        match (r.next(), g.next()) {
            (None, None) => return true,
            (a, b) if a != b => return false,
            _ => {}
        }
    }
}

/// The slots of a Go array of `n` byte-kind elements, packed one byte each (see
/// `bytecode::rtype`).
fn pack_bytes(bytes: &[u8], out: &mut Vec<u64>) {
    out.extend(bytes.chunks(8).map(|c| {
        let mut word = [0u8; 8];
        word[..c.len()].copy_from_slice(c);
        u64::from_le_bytes(word)
    }));
}

/// Writes a serde value as the slots of Go type `ty`.
struct Writer<'a, 'v> {
    heap: &'v dyn GoHeap,
    ty: GoType<'a>,
    out: &'v mut Vec<u64>,
}

impl<'a, 'v> Writer<'a, 'v> {
    fn scalar(self, v: &impl ToGo) -> Result<(), ConvError> {
        v.to_go(self.heap, self.ty, self.out).map_err(ConvError)
    }

    fn zero(self) -> Result<(), ConvError> {
        self.out.extend(std::iter::repeat_n(0, self.ty.slots()));
        Ok(())
    }

    /// The slots of `v` as a value of type `ty`, in a buffer of their own.
    fn slots_of<T: Serialize + ?Sized>(heap: &dyn GoHeap, ty: GoType<'_>, v: &T) -> Result<Vec<u64>, ConvError> {
        let mut out = Vec::with_capacity(ty.slots());
        v.serialize(Writer {
            heap,
            ty,
            out: &mut out,
        })?;
        Ok(out)
    }

    fn seq(self, len: Option<usize>) -> Result<Seq<'a, 'v>, ConvError> {
        let elem = match self.ty.kind() {
            Kind::Slice | Kind::Array => self.ty.elem().expect("slices and arrays have elements"),
            _ => return cannot("a sequence", &self.ty),
        };
        let values = Vec::with_capacity(len.unwrap_or(0) * elem.slots());
        Ok(Seq {
            w: self,
            elem,
            values,
            len: 0,
        })
    }
}

/// A sequence being written: its elements' slots, gathered until the end.
struct Seq<'a, 'v> {
    w: Writer<'a, 'v>,
    elem: GoType<'a>,
    values: Vec<u64>,
    len: usize,
}

impl Seq<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ConvError> {
        let at = self.len;
        v.serialize(Writer {
            heap: self.w.heap,
            ty: self.elem,
            out: &mut self.values,
        })
        .map_err(|e| ConvError(format!("element {at}: {}", e.0)))?;
        self.len += 1;
        Ok(())
    }

    fn finish(self) -> Result<(), ConvError> {
        let Seq { w, elem, values, len } = self;
        if w.ty.kind() == Kind::Array {
            if len as u64 != w.ty.rtype().len {
                return Err(ConvError(format!("{len} elements do not fill Go type {}", w.ty.name())));
            }
            if elem.kind().is_byte_kind() {
                let bytes: Vec<u8> = values.iter().map(|&v| v as u8).collect();
                pack_bytes(&bytes, w.out);
            } else {
                w.out.extend(values);
            }
            return Ok(());
        }
        push_slice(w.heap, elem, len, &values, w.out).map_err(ConvError)
    }
}

impl ser::SerializeSeq for Seq<'_, '_> {
    type Ok = ();
    type Error = ConvError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ConvError> {
        self.element(v)
    }

    fn end(self) -> Result<(), ConvError> {
        self.finish()
    }
}

/// A tuple being written, as a struct or as a sequence.
enum Tuple<'a, 'v> {
    Struct(StructWriter<'a, 'v>),
    Seq(Seq<'a, 'v>),
}

impl ser::SerializeTuple for Tuple<'_, '_> {
    type Ok = ();
    type Error = ConvError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ConvError> {
        match self {
            Tuple::Struct(s) => ser::SerializeTupleStruct::serialize_field(s, v),
            Tuple::Seq(s) => s.element(v),
        }
    }

    fn end(self) -> Result<(), ConvError> {
        match self {
            Tuple::Struct(_) => Ok(()),
            Tuple::Seq(s) => s.finish(),
        }
    }
}

/// A Go map being written.
struct MapWriter<'a, 'v> {
    w: Writer<'a, 'v>,
    key_ty: GoType<'a>,
    value_ty: GoType<'a>,
    map: GoMap,
    key: Vec<u64>,
}

impl ser::SerializeMap for MapWriter<'_, '_> {
    type Ok = ();
    type Error = ConvError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), ConvError> {
        self.key = Writer::slots_of(self.w.heap, self.key_ty, k).map_err(|e| ConvError(format!("key: {}", e.0)))?;
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ConvError> {
        let value =
            Writer::slots_of(self.w.heap, self.value_ty, v).map_err(|e| ConvError(format!("value: {}", e.0)))?;
        self.map
            .set(&self.w.ty.prog().types, &self.key, &value)
            .map_err(|t| ConvError(format!("key of unhashable type {t}")))?;
        Ok(())
    }

    fn end(self) -> Result<(), ConvError> {
        let m = self.map;
        let p = new_map(self.w.heap, m).map_err(ConvError)?;
        self.w.out.push(p);
        Ok(())
    }
}

/// A Go struct being written: its slots, zero until a field is set.
struct StructWriter<'a, 'v> {
    w: Writer<'a, 'v>,
    start: usize,
    /// The next field, for a tuple struct's positional fields.
    next: usize,
}

impl StructWriter<'_, '_> {
    fn field<T: Serialize + ?Sized>(&mut self, i: usize, v: &T) -> Result<(), ConvError> {
        let f = &self.w.ty.rtype().fields[i];
        let ty = GoType::new(self.w.ty.prog(), f.ty);
        let slots =
            Writer::slots_of(self.w.heap, ty, v).map_err(|e| ConvError(format!("field {}: {}", f.name, e.0)))?;
        let at = self.start + f.offset as usize;
        self.w.out[at..at + slots.len()].copy_from_slice(&slots);
        Ok(())
    }
}

impl ser::SerializeStruct for StructWriter<'_, '_> {
    type Ok = ();
    type Error = ConvError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, v: &T) -> Result<(), ConvError> {
        let Some(i) = self.w.ty.rtype().fields.iter().position(|f| same_field(name, &f.name)) else {
            return Err(ConvError(format!("Go type {} has no field {name}", self.w.ty.name())));
        };
        self.field(i, v)
    }

    fn end(self) -> Result<(), ConvError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for StructWriter<'_, '_> {
    type Ok = ();
    type Error = ConvError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ConvError> {
        if self.next >= self.w.ty.rtype().fields.len() {
            return Err(ConvError(format!("Go type {} has fewer fields", self.w.ty.name())));
        }
        self.next += 1;
        self.field(self.next - 1, v)
    }

    fn end(self) -> Result<(), ConvError> {
        Ok(())
    }
}

impl<'a, 'v> ser::Serializer for Writer<'a, 'v> {
    type Ok = ();
    type Error = ConvError;
    type SerializeSeq = Seq<'a, 'v>;
    type SerializeTuple = Tuple<'a, 'v>;
    type SerializeTupleStruct = StructWriter<'a, 'v>;
    type SerializeTupleVariant = ser::Impossible<(), ConvError>;
    type SerializeMap = MapWriter<'a, 'v>;
    type SerializeStruct = StructWriter<'a, 'v>;
    type SerializeStructVariant = ser::Impossible<(), ConvError>;

    fn serialize_bool(self, v: bool) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), ConvError> {
        self.scalar(&v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), ConvError> {
        self.scalar(&v)
    }

    /// A `char` is a Go rune, or a one-character string.
    fn serialize_char(self, v: char) -> Result<(), ConvError> {
        if self.ty.kind() == Kind::String {
            return self.scalar(&v.to_string());
        }
        self.scalar(&(v as u32))
    }

    fn serialize_str(self, v: &str) -> Result<(), ConvError> {
        self.scalar(&v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), ConvError> {
        if self.ty.kind() == Kind::String {
            let s = self.heap.new_string(v).map_err(ConvError)?;
            self.out.extend(s);
            return Ok(());
        }
        self.scalar(&v)
    }

    /// `None` is a nil pointer, slice or map.
    fn serialize_none(self) -> Result<(), ConvError> {
        match self.ty.kind() {
            Kind::Pointer | Kind::Slice | Kind::Map => self.zero(),
            _ => cannot("None", &self.ty),
        }
    }

    /// `Some(v)` points to `v` for a Go pointer, and is `v` for a slice or a map.
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), ConvError> {
        if self.ty.kind() != Kind::Pointer {
            return v.serialize(self);
        }
        let elem = self.ty.elem().expect("pointers have elements");
        let value = Writer::slots_of(self.heap, elem, v)?;
        self.out.push(new_array(self.heap, elem, 1, &value).map_err(ConvError)?);
        Ok(())
    }

    /// `()` and unit structs are the Go type's zero value.
    fn serialize_unit(self) -> Result<(), ConvError> {
        self.zero()
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), ConvError> {
        self.zero()
    }

    /// A unit variant is its name for a Go string, its index for a Go integer.
    fn serialize_unit_variant(self, _: &'static str, index: u32, variant: &'static str) -> Result<(), ConvError> {
        if self.ty.kind() == Kind::String {
            return self.scalar(&variant);
        }
        self.scalar(&index)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<(), ConvError> {
        v.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: &T,
    ) -> Result<(), ConvError> {
        cannot(&format!("enum variant {variant} with data"), &self.ty)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'v>, ConvError> {
        self.seq(len)
    }

    /// A tuple is a Go struct's fields in order, or an array's or slice's elements.
    fn serialize_tuple(self, len: usize) -> Result<Tuple<'a, 'v>, ConvError> {
        if self.ty.kind() == Kind::Struct {
            return self.serialize_struct("", len).map(Tuple::Struct);
        }
        self.seq(Some(len)).map(Tuple::Seq)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<StructWriter<'a, 'v>, ConvError> {
        self.serialize_struct("", 0)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ConvError> {
        cannot(&format!("enum variant {variant} with data"), &self.ty)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<MapWriter<'a, 'v>, ConvError> {
        let (Some(key_ty), Some(value_ty)) = (self.ty.key(), self.ty.elem()) else {
            return cannot("a map", &self.ty);
        };
        let map = GoMap::new(key_ty.idx(), key_ty.slots(), value_ty.slots());
        Ok(MapWriter {
            w: self,
            key_ty,
            value_ty,
            map,
            key: Vec::new(),
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<StructWriter<'a, 'v>, ConvError> {
        if self.ty.kind() != Kind::Struct {
            return cannot("a struct", &self.ty);
        }
        let start = self.out.len();
        self.out.resize(start + self.ty.slots(), 0);
        Ok(StructWriter {
            w: self,
            start,
            next: 0,
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ConvError> {
        cannot(&format!("enum variant {variant} with data"), &self.ty)
    }
}

/// Reads a serde value from the slots of a value of Go type `ty`: borrowed, or read out
/// of Go memory into slots of its own ([`Owned`]).
struct Reader<'a, S> {
    ty: GoType<'a>,
    slots: S,
}

/// A value read out of Go memory (an element, a pointee) into slots of its own.
type Owned<'a> = Reader<'a, Vec<u64>>;

/// The reader of each of the `len` elements at `base` of type `ty`.
fn elements(ty: GoType<'_>, base: u64, len: usize) -> impl Iterator<Item = Owned<'_>> {
    let stride = ty.rtype().elem_stride() as u64;
    (0..len as u64).map(move |i| {
        let mut slots = Vec::with_capacity(ty.slots());
        read_at(ty.rtype(), base + i * stride, &mut slots);
        Owned { ty, slots }
    })
}

impl<'a, S: AsRef<[u64]>> Reader<'a, S> {
    /// What a non-nil pointer points to: a pointer reads as its pointee (nil only as an
    /// `Option`).
    fn pointee(&self) -> Option<Owned<'a>> {
        let p = self.slots.as_ref()[0];
        if self.ty.kind() != Kind::Pointer || p == 0 {
            return None;
        }
        let elem = self.ty.elem().expect("pointers have elements");
        let mut slots = Vec::with_capacity(elem.slots());
        read_at(elem.rtype(), p, &mut slots);
        Some(Owned { ty: elem, slots })
    }
}

impl<'de> de::IntoDeserializer<'de, ConvError> for Owned<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// A Go struct read as a map from field names: the Rust names where the Rust struct is
/// known (`deserialize_struct`), Go's otherwise.
struct StructReader<'a, S> {
    reader: Reader<'a, S>,
    /// Each field's index and the name it goes by.
    fields: std::vec::IntoIter<(usize, &'a str)>,
    value: Option<usize>,
}

impl<'de, S: AsRef<[u64]>> de::MapAccess<'de> for StructReader<'_, S> {
    type Error = ConvError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ConvError> {
        let Some((i, name)) = self.fields.next() else {
            return Ok(None);
        };
        self.value = Some(i);
        seed.deserialize(de::value::StrDeserializer::<ConvError>::new(name))
            .map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ConvError> {
        let i = self.value.take().expect("a key before its value");
        let f = &self.reader.ty.rtype().fields[i];
        let ty = GoType::new(self.reader.ty.prog(), f.ty);
        let at = f.offset as usize;
        seed.deserialize(Reader {
            ty,
            slots: &self.reader.slots.as_ref()[at..at + ty.slots()],
        })
        .map_err(|e| ConvError(format!("field {}: {}", f.name, e.0)))
    }
}

impl<'de, S: AsRef<[u64]>> de::Deserializer<'de> for Reader<'_, S> {
    type Error = ConvError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ConvError> {
        let ty = self.ty;
        let s = self.slots.as_ref();
        match ty.kind() {
            Kind::Bool => v.visit_bool(s[0] != 0),
            k if k.is_signed() => v.visit_i64(s[0] as i64),
            k if k.is_unsigned() => v.visit_u64(s[0]),
            Kind::Float32 | Kind::Float64 => v.visit_f64(f64::from_bits(s[0])),
            Kind::String => v.visit_string(String::from_utf8_lossy(bytes_at(s[0], s[1])).into_owned()),
            Kind::Slice => {
                let elem = ty.elem().expect("slices have elements");
                v.visit_seq(de::value::SeqDeserializer::new(elements(elem, s[0], s[1] as usize)))
            }
            Kind::Array => {
                let elem = ty.elem().expect("arrays have elements");
                let n = ty.rtype().len as usize;
                // The elements lie in the slots themselves, packed for byte kinds.
                let items: Vec<Owned<'_>> = if elem.kind().is_byte_kind() {
                    let bytes = s.iter().flat_map(|w| w.to_le_bytes()).take(n);
                    bytes
                        .map(|b| Owned {
                            ty: elem,
                            slots: vec![byte_slot(elem.kind(), b)],
                        })
                        .collect()
                } else {
                    let k = elem.slots();
                    (0..n)
                        .map(|i| Owned {
                            ty: elem,
                            slots: s[i * k..(i + 1) * k].to_vec(),
                        })
                        .collect()
                };
                v.visit_seq(de::value::SeqDeserializer::new(items.into_iter()))
            }
            Kind::Map => {
                let (kt, vt) = (ty.key().expect("a map key"), ty.elem().expect("a map value"));
                let ks = kt.slots();
                let entries: Vec<_> = if s[0] == 0 {
                    Vec::new()
                } else {
                    claim_entries(s[0])
                        .entries()
                        .map(|e| {
                            (
                                Owned {
                                    ty: kt,
                                    slots: e[..ks].to_vec(),
                                },
                                Owned {
                                    ty: vt,
                                    slots: e[ks..].to_vec(),
                                },
                            )
                        })
                        .collect()
                };
                v.visit_map(de::value::MapDeserializer::new(entries.into_iter()))
            }
            Kind::Struct => {
                let fields: Vec<_> = ty
                    .rtype()
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (i, f.name.as_str()))
                    .collect();
                v.visit_map(StructReader {
                    reader: self,
                    fields: fields.into_iter(),
                    value: None,
                })
            }
            Kind::Pointer => match self.pointee() {
                Some(p) => p.deserialize_any(v),
                None => cannot("a nil pointer (read it as an Option)", &ty),
            },
            _ => cannot("a value of serde's data model", &ty),
        }
    }

    /// A nil pointer, slice or map is `None`.
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ConvError> {
        match self.ty.kind() {
            Kind::Pointer | Kind::Slice | Kind::Map if self.slots.as_ref()[0] == 0 => v.visit_none(),
            _ => v.visit_some(self),
        }
    }

    /// Go's fields are offered under the Rust names they match.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        rust_fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, ConvError> {
        if let Some(p) = self.pointee() {
            return p.deserialize_struct(name, rust_fields, v);
        }
        if self.ty.kind() != Kind::Struct {
            return cannot("a struct", &self.ty);
        }
        let fields: Vec<_> = rust_fields
            .iter()
            .filter_map(|&r| {
                let i = self.ty.rtype().fields.iter().position(|f| same_field(r, &f.name))?;
                Some((i, r))
            })
            .collect();
        v.visit_map(StructReader {
            reader: self,
            fields: fields.into_iter(),
            value: None,
        })
    }

    /// An enum of unit variants reads from a Go string (the variant's name) or integer
    /// (its index).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, ConvError> {
        if let Some(p) = self.pointee() {
            return p.deserialize_enum(name, variants, v);
        }
        let s = self.slots.as_ref();
        match self.ty.kind() {
            Kind::String => {
                let name = String::from_utf8_lossy(bytes_at(s[0], s[1])).into_owned();
                v.visit_enum(name.into_deserializer())
            }
            k if k.is_signed() || k.is_unsigned() => match variants.get(s[0] as usize) {
                Some(&name) => v.visit_enum(name.into_deserializer()),
                None => Err(ConvError(format!("{} is no variant's index", s[0] as i64))),
            },
            _ => cannot("an enum", &self.ty),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, ConvError> {
        v.visit_newtype_struct(self)
    }

    /// A tuple or tuple struct reads a Go struct's fields in order.
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, ConvError> {
        if let Some(p) = self.pointee() {
            return p.deserialize_tuple(len, v);
        }
        if self.ty.kind() != Kind::Struct {
            return self.deserialize_any(v);
        }
        let prog = self.ty.prog();
        let fields = self.ty.rtype().fields.iter().map(|f| {
            let ty = GoType::new(prog, f.ty);
            let at = f.offset as usize;
            Owned {
                ty,
                slots: self.slots.as_ref()[at..at + ty.slots()].to_vec(),
            }
        });
        v.visit_seq(de::value::SeqDeserializer::new(fields.collect::<Vec<_>>().into_iter()))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, ConvError> {
        self.deserialize_tuple(len, v)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq map identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::{pack_bytes, same_field};

    #[test]
    fn fields_match_ignoring_case_and_underscores() {
        assert!(same_field("user_id", "UserID"));
        assert!(same_field("name", "Name"));
        assert!(!same_field("name", "Names"));
        assert!(!same_field("id", "ID2"));
    }

    #[test]
    fn byte_arrays_pack_eight_to_a_slot() {
        let mut out = Vec::new();
        pack_bytes(&[1, 2, 3, 4, 5, 6, 7, 8, 9], &mut out);
        assert_eq!(out, vec![0x0807_0605_0403_0201, 9]);
    }
}

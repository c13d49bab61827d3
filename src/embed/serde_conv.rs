//! Any serde type in and out of Go: a `Serialize` value is written as the slots of the
//! Go type it is passed as, and a `Deserialize` one is read from a Go value's slots (how
//! types match is on [`Serde`]).

use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};

use super::value::{Elements, GoOut, GoValue, MapOut, SeqOut, StructOut, mismatch};
use super::{FromGo, ToGo};
use crate::bytecode::rtype::Kind;

/// A value converted through serde: `Serde(config)` passes a `#[derive(Serialize)]`
/// struct as a Go struct, and a `Serde<T>` result reads a Go value into a
/// `#[derive(Deserialize)]` `T`.
///
/// The Go type leads: a struct's fields are matched to the Rust one's by name, ignoring
/// case and underscores (Rust's `user_id` is Go's `UserID`); a Go field the Rust value
/// lacks gets its zero value, while a Rust field Go lacks is an error, since its value
/// would be lost. Sequences are slices or arrays, maps are maps, `Option` is a pointer
/// (or a nil-able slice or map), and an enum's unit variants are strings or integers.
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
    fn to_go(&self, out: GoOut<'_>) -> Result<(), String> {
        self.0.serialize(Writer(out)).map_err(|e| e.0)
    }
}

impl<T: DeserializeOwned> FromGo for Serde<T> {
    fn from_go(v: GoValue<'_>) -> Result<Self, String> {
        T::deserialize(Reader(v)).map(Serde).map_err(|e| e.0)
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

fn cannot<T>(what: &str, ty: &super::GoType<'_>) -> Result<T, ConvError> {
    mismatch(what, ty).map_err(ConvError)
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

/// Writes a serde value to the place of a Go value.
struct Writer<'a>(GoOut<'a>);

/// What writes `v` to a place, through a [`Writer`].
fn serialized<T: Serialize + ?Sized>(v: &T) -> impl FnOnce(GoOut<'_>) -> Result<(), String> {
    move |out| v.serialize(Writer(out)).map_err(|e| e.0)
}

impl Writer<'_> {
    fn scalar<T: ToGo + ?Sized>(self, v: &T) -> Result<(), ConvError> {
        v.to_go(self.0).map_err(ConvError)
    }

    fn zero(self) -> Result<(), ConvError> {
        self.0.put_zero();
        Ok(())
    }
}

/// A Go slice or array being written.
struct Seq<'a>(SeqOut<'a>);

impl Seq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ConvError> {
        self.0.element(serialized(v)).map_err(ConvError)
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = ConvError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ConvError> {
        self.element(v)
    }

    fn end(self) -> Result<(), ConvError> {
        self.0.finish().map_err(ConvError)
    }
}

/// A tuple being written, as a struct or as a sequence.
enum Tuple<'a> {
    Struct(StructWriter<'a>),
    Seq(Seq<'a>),
}

impl ser::SerializeTuple for Tuple<'_> {
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
            Tuple::Seq(s) => ser::SerializeSeq::end(s),
        }
    }
}

/// A Go map being written.
struct MapWriter<'a>(MapOut<'a>);

impl ser::SerializeMap for MapWriter<'_> {
    type Ok = ();
    type Error = ConvError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), ConvError> {
        self.0.key(serialized(k)).map_err(ConvError)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ConvError> {
        self.0.value(serialized(v)).map_err(ConvError)
    }

    fn end(self) -> Result<(), ConvError> {
        self.0.finish().map_err(ConvError)
    }
}

/// A Go struct being written, its fields set by name, or in order for a tuple.
struct StructWriter<'a> {
    out: StructOut<'a>,
    /// The next field, for a tuple struct's positional fields.
    next: usize,
}

impl StructWriter<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, i: usize, v: &T) -> Result<(), ConvError> {
        self.out.field(i, serialized(v)).map_err(ConvError)
    }
}

impl ser::SerializeStruct for StructWriter<'_> {
    type Ok = ();
    type Error = ConvError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, v: &T) -> Result<(), ConvError> {
        let ty = self.out.ty();
        let Some(i) = ty.rtype().fields.iter().position(|f| same_field(name, &f.name)) else {
            return Err(ConvError(format!("Go type {} has no field {name}", ty.name())));
        };
        self.field(i, v)
    }

    fn end(self) -> Result<(), ConvError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for StructWriter<'_> {
    type Ok = ();
    type Error = ConvError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), ConvError> {
        let ty = self.out.ty();
        if self.next >= ty.rtype().fields.len() {
            return Err(ConvError(format!("Go type {} has fewer fields", ty.name())));
        }
        self.next += 1;
        self.field(self.next - 1, v)
    }

    fn end(self) -> Result<(), ConvError> {
        Ok(())
    }
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = ConvError;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Tuple<'a>;
    type SerializeTupleStruct = StructWriter<'a>;
    type SerializeTupleVariant = ser::Impossible<(), ConvError>;
    type SerializeMap = MapWriter<'a>;
    type SerializeStruct = StructWriter<'a>;
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
        if self.0.ty().kind() == Kind::String {
            return self.scalar(v.encode_utf8(&mut [0; 4]));
        }
        self.scalar(&(v as u32))
    }

    fn serialize_str(self, v: &str) -> Result<(), ConvError> {
        self.scalar(v)
    }

    /// Bytes are a Go string's, or a `[]byte`'s.
    fn serialize_bytes(self, v: &[u8]) -> Result<(), ConvError> {
        if self.0.ty().kind() == Kind::String {
            return self.0.put_string(v, "bytes").map_err(ConvError);
        }
        self.scalar(v)
    }

    /// `None` is a nil pointer, slice or map.
    fn serialize_none(self) -> Result<(), ConvError> {
        match self.0.ty().kind() {
            Kind::Pointer | Kind::Slice | Kind::Map => self.zero(),
            _ => cannot("None", &self.0.ty()),
        }
    }

    /// `Some(v)` points to `v` for a Go pointer, and is `v` for a slice or a map.
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), ConvError> {
        if self.0.ty().kind() != Kind::Pointer {
            return v.serialize(self);
        }
        self.0.put_pointer("Some", Some(serialized(v))).map_err(ConvError)
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
        if self.0.ty().kind() == Kind::String {
            return self.scalar(variant);
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
        cannot(&format!("enum variant {variant} with data"), &self.0.ty())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a>, ConvError> {
        self.0
            .into_seq("a sequence", len.unwrap_or(0))
            .map(Seq)
            .map_err(ConvError)
    }

    /// A tuple is a Go struct's fields in order, or an array's or slice's elements.
    fn serialize_tuple(self, len: usize) -> Result<Tuple<'a>, ConvError> {
        if self.0.ty().kind() == Kind::Struct {
            return self.serialize_struct("", len).map(Tuple::Struct);
        }
        self.serialize_seq(Some(len)).map(Tuple::Seq)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<StructWriter<'a>, ConvError> {
        self.serialize_struct("", 0)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, ConvError> {
        cannot(&format!("enum variant {variant} with data"), &self.0.ty())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<MapWriter<'a>, ConvError> {
        self.0.into_map("a map").map(MapWriter).map_err(ConvError)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<StructWriter<'a>, ConvError> {
        let out = self.0.into_struct("a struct").map_err(ConvError)?;
        Ok(StructWriter { out, next: 0 })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, ConvError> {
        cannot(&format!("enum variant {variant} with data"), &self.0.ty())
    }
}

/// Reads a serde value from a Go value.
struct Reader<'a>(GoValue<'a>);

/// A Go sequence read one value at a time: a slice's or array's elements, or a struct's
/// fields in order.
enum SeqReader<'a> {
    Elements(Elements<'a>),
    Fields { value: GoValue<'a>, next: usize },
}

impl SeqReader<'_> {
    /// How many values are still to be read.
    fn remaining(&self) -> usize {
        match self {
            SeqReader::Elements(e) => e.remaining(),
            SeqReader::Fields { value, next } => value.ty().rtype().fields.len() - next,
        }
    }

    /// Lets `visitor` read the values, all of them, as serde's own `SeqDeserializer`
    /// requires.
    fn visit<'de, V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, ConvError> {
        let total = self.remaining();
        let value = visitor.visit_seq(&mut self)?;
        match self.remaining() {
            0 => Ok(value),
            left => Err(de::Error::invalid_length(
                total,
                &format!("{} elements in sequence", total - left).as_str(),
            )),
        }
    }
}

impl<'de> de::SeqAccess<'de> for SeqReader<'_> {
    type Error = ConvError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, ConvError> {
        let next = match self {
            SeqReader::Elements(e) => e.next_value(),
            SeqReader::Fields { value, next } if *next < value.ty().rtype().fields.len() => {
                *next += 1;
                Some(value.field(*next - 1))
            }
            SeqReader::Fields { .. } => None,
        };
        next.map(|v| seed.deserialize(Reader(v))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining())
    }
}

/// A Go map read entry by entry.
struct MapReader<'e, I> {
    entries: I,
    /// How many entries were read.
    read: usize,
    /// The value of the entry whose key was read last.
    value: Option<GoValue<'e>>,
}

impl<'de, 'e, I: Iterator<Item = (GoValue<'e>, GoValue<'e>)>> de::MapAccess<'de> for MapReader<'e, I> {
    type Error = ConvError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ConvError> {
        let Some((k, v)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(v);
        self.read += 1;
        seed.deserialize(Reader(k)).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ConvError> {
        let v = self.value.take().expect("a key before its value");
        seed.deserialize(Reader(v))
    }
}

/// A Go struct read as a map from field names: the Rust names where the Rust struct is
/// known (`deserialize_struct`), Go's otherwise.
struct StructReader<'a> {
    value: GoValue<'a>,
    /// Each field's index and the name it goes by.
    fields: std::vec::IntoIter<(usize, &'a str)>,
    /// The field whose name was read last.
    next: Option<usize>,
}

impl<'de> de::MapAccess<'de> for StructReader<'_> {
    type Error = ConvError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, ConvError> {
        let Some((i, name)) = self.fields.next() else {
            return Ok(None);
        };
        self.next = Some(i);
        seed.deserialize(de::value::StrDeserializer::<ConvError>::new(name))
            .map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ConvError> {
        let i = self.next.take().expect("a key before its value");
        seed.deserialize(Reader(self.value.field(i)))
            .map_err(|e| ConvError(format!("field {}: {}", self.value.ty().rtype().fields[i].name, e.0)))
    }
}

impl<'de> de::Deserializer<'de> for Reader<'_> {
    type Error = ConvError;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ConvError> {
        let value = self.0;
        let ty = value.ty();
        match ty.kind() {
            Kind::Bool => v.visit_bool(value.word() != 0),
            k if k.is_signed() => v.visit_i64(value.word() as i64),
            k if k.is_unsigned() => v.visit_u64(value.word()),
            Kind::Float32 | Kind::Float64 => v.visit_f64(f64::from_bits(value.word())),
            Kind::String => v.visit_string(String::from_go(value).map_err(ConvError)?),
            Kind::Slice | Kind::Array => {
                SeqReader::Elements(value.elements().expect("slices and arrays have elements")).visit(v)
            }
            Kind::Map => {
                let entries = value.entries().expect("a map has entries");
                let mut map = MapReader {
                    entries: entries.iter(),
                    read: 0,
                    value: None,
                };
                let read = v.visit_map(&mut map)?;
                // Every entry must be read, as serde's own `MapDeserializer` requires.
                match map.entries.count() {
                    0 => Ok(read),
                    left => Err(de::Error::invalid_length(
                        map.read + left,
                        &format!("{} elements in map", map.read).as_str(),
                    )),
                }
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
                    value,
                    fields: fields.into_iter(),
                    next: None,
                })
            }
            Kind::Pointer => match value.pointee() {
                Some(p) => Reader(p.value()).deserialize_any(v),
                None => cannot("a nil pointer (read it as an Option)", &ty),
            },
            _ => cannot("a value of serde's data model", &ty),
        }
    }

    /// A nil pointer, slice or map is `None`.
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, ConvError> {
        if self.0.is_nil() {
            return v.visit_none();
        }
        v.visit_some(self)
    }

    /// Go's fields are offered under the Rust names they match.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        rust_fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, ConvError> {
        if let Some(p) = self.0.pointee() {
            return Reader(p.value()).deserialize_struct(name, rust_fields, v);
        }
        let ty = self.0.ty();
        if ty.kind() != Kind::Struct {
            return cannot("a struct", &ty);
        }
        let fields: Vec<_> = rust_fields
            .iter()
            .filter_map(|&r| {
                let i = ty.rtype().fields.iter().position(|f| same_field(r, &f.name))?;
                Some((i, r))
            })
            .collect();
        v.visit_map(StructReader {
            value: self.0,
            fields: fields.into_iter(),
            next: None,
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
        if let Some(p) = self.0.pointee() {
            return Reader(p.value()).deserialize_enum(name, variants, v);
        }
        let value = self.0;
        match value.ty().kind() {
            Kind::String => {
                let name = String::from_go(value).map_err(ConvError)?;
                v.visit_enum(name.into_deserializer())
            }
            k if k.is_signed() || k.is_unsigned() => match variants.get(value.word() as usize) {
                Some(&name) => v.visit_enum(name.into_deserializer()),
                None => Err(ConvError(format!("{} is no variant's index", value.word() as i64))),
            },
            _ => cannot("an enum", &value.ty()),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, ConvError> {
        v.visit_newtype_struct(self)
    }

    /// A tuple or tuple struct reads a Go struct's fields in order.
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, ConvError> {
        if let Some(p) = self.0.pointee() {
            return Reader(p.value()).deserialize_tuple(len, v);
        }
        if self.0.ty().kind() != Kind::Struct {
            return self.deserialize_any(v);
        }
        SeqReader::Fields { value: self.0, next: 0 }.visit(v)
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
    use super::same_field;

    #[test]
    fn fields_match_ignoring_case_and_underscores() {
        assert!(same_field("user_id", "UserID"));
        assert!(same_field("name", "Name"));
        assert!(!same_field("name", "Names"));
        assert!(!same_field("id", "ID2"));
    }
}

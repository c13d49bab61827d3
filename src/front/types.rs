//! Go types as the checker sees them.
//!
//! Types are interned: structurally identical types get the same [`TypeId`], so type
//! identity is `==` on ids. A defined (named) type is its own identity, with its underlying
//! type and methods recorded beside it.

use hashbrown::HashMap;

use super::ast::ChanDir;
use super::source::Pos;

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Basic {
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    Complex64,
    Complex128,
    String,
    UntypedBool,
    UntypedInt,
    UntypedRune,
    UntypedFloat,
    UntypedComplex,
    UntypedString,
    UntypedNil,
    /// The type of an erroneous expression; it converts to and from anything silently, so
    /// one mistake gives one diagnostic.
    Invalid,
}

impl Basic {
    pub fn name(self) -> &'static str {
        use Basic::*;
        match self {
            Bool => "bool",
            Int => "int",
            Int8 => "int8",
            Int16 => "int16",
            Int32 => "int32",
            Int64 => "int64",
            Uint => "uint",
            Uint8 => "uint8",
            Uint16 => "uint16",
            Uint32 => "uint32",
            Uint64 => "uint64",
            Uintptr => "uintptr",
            Float32 => "float32",
            Float64 => "float64",
            Complex64 => "complex64",
            Complex128 => "complex128",
            String => "string",
            UntypedBool => "untyped bool",
            UntypedInt => "untyped int",
            UntypedRune => "untyped rune",
            UntypedFloat => "untyped float",
            UntypedComplex => "untyped complex",
            UntypedString => "untyped string",
            UntypedNil => "untyped nil",
            Invalid => "invalid type",
        }
    }

    pub fn is_untyped(self) -> bool {
        use Basic::*;
        matches!(
            self,
            UntypedBool | UntypedInt | UntypedRune | UntypedFloat | UntypedComplex | UntypedString | UntypedNil
        )
    }

    pub fn is_integer(self) -> bool {
        use Basic::*;
        matches!(
            self,
            Int | Int8
                | Int16
                | Int32
                | Int64
                | Uint
                | Uint8
                | Uint16
                | Uint32
                | Uint64
                | Uintptr
                | UntypedInt
                | UntypedRune
        )
    }

    pub fn is_unsigned(self) -> bool {
        use Basic::*;
        matches!(self, Uint | Uint8 | Uint16 | Uint32 | Uint64 | Uintptr)
    }

    pub fn is_float(self) -> bool {
        matches!(self, Basic::Float32 | Basic::Float64 | Basic::UntypedFloat)
    }

    pub fn is_complex(self) -> bool {
        matches!(self, Basic::Complex64 | Basic::Complex128 | Basic::UntypedComplex)
    }

    pub fn is_numeric(self) -> bool {
        self.is_integer() || self.is_float() || self.is_complex()
    }

    pub fn is_string(self) -> bool {
        matches!(self, Basic::String | Basic::UntypedString)
    }

    pub fn is_boolean(self) -> bool {
        matches!(self, Basic::Bool | Basic::UntypedBool)
    }

    pub fn is_ordered(self) -> bool {
        self.is_integer() || self.is_float() || self.is_string()
    }

    /// The default type of an untyped kind (`untyped int` becomes `int`).
    pub fn default(self) -> Basic {
        use Basic::*;
        match self {
            UntypedBool => Bool,
            UntypedInt => Int,
            UntypedRune => Int32,
            UntypedFloat => Float64,
            UntypedComplex => Complex128,
            UntypedString => String,
            b => b,
        }
    }

    /// Bits of a sized integer kind (64 for int, uint and uintptr).
    pub fn int_bits(self) -> u32 {
        use Basic::*;
        match self {
            Int8 | Uint8 => 8,
            Int16 | Uint16 => 16,
            Int32 | Uint32 => 32,
            _ => 64,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    pub name: String,
    pub ty: TypeId,
    pub embedded: bool,
    pub tag: Option<String>,
    /// The package-qualified identity of unexported names does not matter with a single
    /// user package, so fields compare by name.
    pub exported: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sig {
    pub params: Vec<TypeId>,
    pub results: Vec<TypeId>,
    /// The last parameter is `...T`; its type in `params` is `[]T`.
    pub variadic: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IMethod {
    pub name: String,
    /// A `Func` type.
    pub sig: TypeId,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Basic(Basic),
    /// A defined type: index into [`Types::named`].
    Named(u32),
    Pointer(TypeId),
    Slice(TypeId),
    Array(u64, TypeId),
    Map(TypeId, TypeId),
    Chan(ChanDir, TypeId),
    Struct(Vec<Field>),
    Func(Sig),
    /// Methods sorted by name, embedded interfaces already flattened in.
    Interface(Vec<IMethod>),
    /// The results of a multi-value call.
    Tuple(Vec<TypeId>),
}

/// A defined type.
#[derive(Clone, Debug)]
pub struct Named {
    /// As `%T` prints it: `main.Point`, `error`, `time.Duration`.
    pub name: String,
    pub pos: Pos,
    /// Set once the declaration is resolved; `Invalid` until then.
    pub underlying: TypeId,
    /// Declared methods by name: (function object index, pointer receiver).
    pub methods: Vec<(String, usize, bool)>,
}

/// The interned type table.
pub struct Types {
    list: Vec<Type>,
    intern: HashMap<Type, TypeId>,
    pub named: Vec<Named>,
}

/// Ids of the predeclared types, fixed by the order [`Types::new`] interns them in.
pub mod ids {
    use super::TypeId;
    pub const INVALID: TypeId = TypeId(0);
    pub const BOOL: TypeId = TypeId(1);
    pub const INT: TypeId = TypeId(2);
    pub const INT8: TypeId = TypeId(3);
    pub const INT16: TypeId = TypeId(4);
    pub const INT32: TypeId = TypeId(5);
    pub const INT64: TypeId = TypeId(6);
    pub const UINT: TypeId = TypeId(7);
    pub const UINT8: TypeId = TypeId(8);
    pub const UINT16: TypeId = TypeId(9);
    pub const UINT32: TypeId = TypeId(10);
    pub const UINT64: TypeId = TypeId(11);
    pub const UINTPTR: TypeId = TypeId(12);
    pub const FLOAT32: TypeId = TypeId(13);
    pub const FLOAT64: TypeId = TypeId(14);
    pub const COMPLEX64: TypeId = TypeId(15);
    pub const COMPLEX128: TypeId = TypeId(16);
    pub const STRING: TypeId = TypeId(17);
    pub const UNTYPED_BOOL: TypeId = TypeId(18);
    pub const UNTYPED_INT: TypeId = TypeId(19);
    pub const UNTYPED_RUNE: TypeId = TypeId(20);
    pub const UNTYPED_FLOAT: TypeId = TypeId(21);
    pub const UNTYPED_COMPLEX: TypeId = TypeId(22);
    pub const UNTYPED_STRING: TypeId = TypeId(23);
    pub const UNTYPED_NIL: TypeId = TypeId(24);
    /// `interface{}`.
    pub const ANY: TypeId = TypeId(25);
    /// The empty tuple: the "type" of a call of a function without results.
    pub const VOID: TypeId = TypeId(26);
}

impl Default for Types {
    fn default() -> Self {
        Self::new()
    }
}

impl Types {
    pub fn new() -> Types {
        use Basic::*;
        let mut t = Types {
            list: Vec::new(),
            intern: HashMap::new(),
            named: Vec::new(),
        };
        for b in [
            Invalid,
            Bool,
            Int,
            Int8,
            Int16,
            Int32,
            Int64,
            Uint,
            Uint8,
            Uint16,
            Uint32,
            Uint64,
            Uintptr,
            Float32,
            Float64,
            Complex64,
            Complex128,
            String,
            UntypedBool,
            UntypedInt,
            UntypedRune,
            UntypedFloat,
            UntypedComplex,
            UntypedString,
            UntypedNil,
        ] {
            t.intern(Type::Basic(b));
        }
        t.intern(Type::Interface(Vec::new()));
        t.intern(Type::Tuple(Vec::new()));
        t
    }

    pub fn intern(&mut self, ty: Type) -> TypeId {
        if let Some(&id) = self.intern.get(&ty) {
            return id;
        }
        let id = TypeId(self.list.len() as u32);
        self.list.push(ty.clone());
        self.intern.insert(ty, id);
        id
    }

    pub fn new_named(&mut self, name: String, pos: Pos) -> TypeId {
        let idx = self.named.len() as u32;
        self.named.push(Named {
            name,
            pos,
            underlying: ids::INVALID,
            methods: Vec::new(),
        });
        self.intern(Type::Named(idx))
    }

    pub fn get(&self, id: TypeId) -> &Type {
        &self.list[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn named_info(&self, id: TypeId) -> Option<&Named> {
        match self.get(id) {
            Type::Named(n) => Some(&self.named[*n as usize]),
            _ => None,
        }
    }

    /// The underlying type: itself for every type but a defined one.
    pub fn under(&self, id: TypeId) -> TypeId {
        match self.get(id) {
            Type::Named(n) => self.named[*n as usize].underlying,
            _ => id,
        }
    }

    pub fn under_type(&self, id: TypeId) -> &Type {
        self.get(self.under(id))
    }

    pub fn basic(&self, id: TypeId) -> Option<Basic> {
        match self.under_type(id) {
            Type::Basic(b) => Some(*b),
            _ => None,
        }
    }

    pub fn is_untyped(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Basic(b) if b.is_untyped())
    }

    pub fn is_interface(&self, id: TypeId) -> bool {
        matches!(self.under_type(id), Type::Interface(_))
    }

    pub fn is_named(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Named(_))
    }

    pub fn pointer(&mut self, elem: TypeId) -> TypeId {
        self.intern(Type::Pointer(elem))
    }

    pub fn slice(&mut self, elem: TypeId) -> TypeId {
        self.intern(Type::Slice(elem))
    }

    pub fn tuple(&mut self, elems: Vec<TypeId>) -> TypeId {
        if elems.len() == 1 {
            return elems[0];
        }
        self.intern(Type::Tuple(elems))
    }

    pub fn func(&mut self, params: Vec<TypeId>, results: Vec<TypeId>, variadic: bool) -> TypeId {
        self.intern(Type::Func(Sig {
            params,
            results,
            variadic,
        }))
    }

    pub fn sig(&self, id: TypeId) -> Option<&Sig> {
        match self.under_type(id) {
            Type::Func(s) => Some(s),
            _ => None,
        }
    }

    /// Element type of a pointer, slice, array, chan or map.
    pub fn elem(&self, id: TypeId) -> Option<TypeId> {
        match self.under_type(id) {
            Type::Pointer(e) | Type::Slice(e) | Type::Array(_, e) | Type::Chan(_, e) => Some(*e),
            Type::Map(_, v) => Some(*v),
            _ => None,
        }
    }

    pub fn tuple_elems(&self, id: TypeId) -> Vec<TypeId> {
        match self.get(id) {
            Type::Tuple(v) => v.clone(),
            _ => vec![id],
        }
    }

    /// Values of the type can be compared with `==`.
    pub fn comparable(&self, id: TypeId) -> bool {
        match self.under_type(id) {
            Type::Basic(b) => *b != Basic::UntypedNil,
            Type::Pointer(_) | Type::Chan(..) | Type::Interface(_) => true,
            Type::Struct(fields) => fields.iter().all(|f| self.comparable(f.ty)),
            Type::Array(_, e) => self.comparable(*e),
            _ => false,
        }
    }

    /// The type as Go's messages and `%T` print it.
    pub fn name(&self, id: TypeId) -> String {
        let mut s = String::new();
        self.write_name(id, &mut s, true);
        s
    }

    /// The type as compile errors print it: names of this package unqualified.
    pub fn local_name(&self, id: TypeId) -> String {
        let mut s = String::new();
        self.write_name(id, &mut s, false);
        s
    }

    fn write_name(&self, id: TypeId, s: &mut String, qualify: bool) {
        match self.get(id) {
            Type::Basic(b) => s.push_str(b.name()),
            Type::Named(n) => {
                let name = &self.named[*n as usize].name;
                match name.strip_prefix("main.") {
                    Some(local) if !qualify => s.push_str(local),
                    _ => s.push_str(name),
                }
            }
            Type::Pointer(e) => {
                s.push('*');
                self.write_name(*e, s, qualify);
            }
            Type::Slice(e) => {
                s.push_str("[]");
                self.write_name(*e, s, qualify);
            }
            Type::Array(n, e) => {
                s.push_str(&format!("[{n}]"));
                self.write_name(*e, s, qualify);
            }
            Type::Map(k, v) => {
                s.push_str("map[");
                self.write_name(*k, s, qualify);
                s.push(']');
                self.write_name(*v, s, qualify);
            }
            Type::Chan(dir, e) => {
                s.push_str(match dir {
                    ChanDir::Both => "chan ",
                    ChanDir::Send => "chan<- ",
                    ChanDir::Recv => "<-chan ",
                });
                self.write_name(*e, s, qualify);
            }
            Type::Struct(fields) => {
                s.push_str("struct {");
                for (i, f) in fields.iter().enumerate() {
                    s.push_str(if i == 0 { " " } else { "; " });
                    if !f.embedded {
                        s.push_str(&f.name);
                        s.push(' ');
                    }
                    self.write_name(f.ty, s, qualify);
                    if let Some(tag) = &f.tag {
                        s.push_str(&format!(" {tag:?}"));
                    }
                }
                s.push_str(if fields.is_empty() { "}" } else { " }" });
            }
            Type::Func(sig) => {
                s.push_str("func");
                self.write_sig(sig, s, qualify);
            }
            Type::Interface(methods) => {
                if methods.is_empty() {
                    s.push_str("interface {}");
                    return;
                }
                s.push_str("interface {");
                for (i, m) in methods.iter().enumerate() {
                    s.push_str(if i == 0 { " " } else { "; " });
                    s.push_str(&m.name);
                    if let Some(sig) = self.sig(m.sig) {
                        self.write_sig(sig, s, qualify);
                    }
                }
                s.push_str(" }");
            }
            Type::Tuple(elems) => {
                s.push('(');
                for (i, e) in elems.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    self.write_name(*e, s, qualify);
                }
                s.push(')');
            }
        }
    }

    fn write_sig(&self, sig: &Sig, s: &mut String, qualify: bool) {
        s.push('(');
        for (i, p) in sig.params.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            if sig.variadic && i + 1 == sig.params.len() {
                s.push_str("...");
                self.write_name(self.elem(*p).unwrap_or(*p), s, qualify);
            } else {
                self.write_name(*p, s, qualify);
            }
        }
        s.push(')');
        match sig.results.len() {
            0 => {}
            1 => {
                s.push(' ');
                self.write_name(sig.results[0], s, qualify);
            }
            _ => {
                s.push_str(" (");
                for (i, r) in sig.results.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    self.write_name(*r, s, qualify);
                }
                s.push(')');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_types_share_an_id_and_print_like_go() {
        let mut t = Types::new();
        let a = t.slice(ids::INT);
        let b = t.slice(ids::INT);
        assert_eq!(a, b);
        let m = t.intern(Type::Map(ids::STRING, a));
        assert_eq!(t.name(m), "map[string][]int");
        let f = t.func(vec![ids::INT, a], vec![ids::STRING], true);
        assert_eq!(t.name(f), "func(int, ...int) string");
        assert_eq!(t.name(ids::ANY), "interface {}");
    }
}

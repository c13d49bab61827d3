//! Go types as the checker sees them.
//!
//! Types are interned: structurally identical types get the same [`TypeId`], so type
//! identity is `==` on ids. A defined (named) type is its own identity, with its underlying
//! type and methods recorded beside it.

use hashbrown::{HashMap, HashSet};

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
    /// A type parameter: index into [`Types::tparams`].
    Param(u32),
    /// An interface whose type set is restricted by a union of terms or by `comparable`:
    /// it can only constrain type parameters.
    Constraint(TypeSet),
}

/// One term of a union: `T` or `~T`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Term {
    pub tilde: bool,
    pub ty: TypeId,
}

/// The types a constraint admits: those with all of `methods`, among `terms` (every type
/// when None), and comparable ones only if `comparable`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct TypeSet {
    pub methods: Vec<IMethod>,
    pub terms: Option<Vec<Term>>,
    pub comparable: bool,
}

/// A type parameter of a generic function or type.
#[derive(Clone, Debug)]
pub struct TParam {
    pub name: String,
    pub pos: Pos,
    /// Set once the constraint is evaluated; `any` until then.
    pub constraint: TypeId,
    /// The single underlying type of every type in the constraint's type set, if there is
    /// one: the spec's "core type", through which indexing, ranging, `make` and the like
    /// work on values of the parameter's type.
    pub core: Option<TypeId>,
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
    /// A generic type's parameters (empty for other types).
    pub tparams: Vec<TypeId>,
    /// An instance of a generic type: the generic type and the type arguments.
    pub origin: Option<(TypeId, Vec<TypeId>)>,
}

/// What [`Types::holds`] found.
pub enum Holds {
    /// The type holds the target, directly (through no other defined type) or not.
    Itself { directly: bool },
    /// It does not; `settled` if every defined type it holds was declared whole, so
    /// that no later declaration can make it hold one.
    Not { settled: bool },
}

/// The interned type table.
pub struct Types {
    list: Vec<Type>,
    intern: HashMap<Type, TypeId>,
    pub named: Vec<Named>,
    pub tparams: Vec<TParam>,
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
            tparams: Vec::new(),
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
            tparams: Vec::new(),
            origin: None,
        });
        self.intern(Type::Named(idx))
    }

    pub fn named_mut(&mut self, id: TypeId) -> Option<&mut Named> {
        match self.get(id) {
            Type::Named(n) => {
                let n = *n as usize;
                Some(&mut self.named[n])
            }
            _ => None,
        }
    }

    pub fn new_tparam(&mut self, name: String, pos: Pos) -> TypeId {
        let idx = self.tparams.len() as u32;
        self.tparams.push(TParam {
            name,
            pos,
            constraint: ids::ANY,
            core: None,
        });
        self.intern(Type::Param(idx))
    }

    pub fn tparam(&self, id: TypeId) -> Option<&TParam> {
        match self.get(id) {
            Type::Param(i) => Some(&self.tparams[*i as usize]),
            _ => None,
        }
    }

    pub fn is_tparam(&self, id: TypeId) -> bool {
        matches!(self.get(id), Type::Param(_))
    }

    /// The type set of an interface, constraint or type parameter (None for other types).
    pub fn type_set(&self, id: TypeId) -> Option<TypeSet> {
        if let Type::Param(i) = self.get(id) {
            return self.type_set(self.tparams[*i as usize].constraint);
        }
        match self.under_type(id) {
            Type::Interface(ms) => Some(TypeSet {
                methods: ms.clone(),
                terms: None,
                comparable: false,
            }),
            Type::Constraint(ts) => Some(ts.clone()),
            _ => None,
        }
    }

    /// Whether `t` mentions a type parameter, so values of it exist only in generic code.
    pub fn has_tparams(&self, t: TypeId) -> bool {
        match self.get(t) {
            Type::Param(_) => true,
            Type::Basic(_) => false,
            Type::Named(n) => self.named[*n as usize]
                .origin
                .as_ref()
                .is_some_and(|(_, args)| args.iter().any(|&a| self.has_tparams(a))),
            Type::Pointer(e) | Type::Slice(e) | Type::Array(_, e) | Type::Chan(_, e) => self.has_tparams(*e),
            Type::Map(k, v) => self.has_tparams(*k) || self.has_tparams(*v),
            Type::Struct(fields) => fields.iter().any(|f| self.has_tparams(f.ty)),
            Type::Func(s) => s.params.iter().chain(&s.results).any(|&p| self.has_tparams(p)),
            Type::Interface(ms) => ms.iter().any(|m| self.has_tparams(m.sig)),
            Type::Tuple(v) => v.iter().any(|&e| self.has_tparams(e)),
            Type::Constraint(ts) => {
                ts.methods.iter().any(|m| self.has_tparams(m.sig))
                    || ts.terms.iter().flatten().any(|t| self.has_tparams(t.ty))
            }
        }
    }

    /// Whether `pred` holds for the basic type of `t`, or for every term of a type
    /// parameter's constraint (false when the constraint has no terms).
    pub fn all_basic(&self, t: TypeId, pred: impl Fn(Basic) -> bool) -> bool {
        let basic = |t: TypeId| match self.under_type(t) {
            Type::Basic(b) => Some(*b),
            _ => None,
        };
        match self.get(self.under(t)) {
            Type::Basic(b) => pred(*b),
            // Terms are never type parameters, so one level suffices.
            Type::Param(_) => match self.type_set(t).and_then(|s| s.terms) {
                Some(terms) => !terms.is_empty() && terms.iter().all(|term| basic(term.ty).is_some_and(&pred)),
                None => false,
            },
            _ => false,
        }
    }
    pub fn get(&self, id: TypeId) -> &Type {
        &self.list[id.0 as usize]
    }

    pub fn named_info(&self, id: TypeId) -> Option<&Named> {
        match self.get(id) {
            Type::Named(n) => Some(&self.named[*n as usize]),
            _ => None,
        }
    }

    /// The underlying type: itself for every type but a defined one; a type parameter's
    /// core type where it has one (operations on its values go through that).
    pub fn under(&self, id: TypeId) -> TypeId {
        match self.get(id) {
            Type::Named(n) => self.named[*n as usize].underlying,
            Type::Param(i) => self.tparams[*i as usize].core.unwrap_or(id),
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

    /// Whether values of type `id` hold a value of type `target` in themselves: as a
    /// struct field or array element, at any depth, through defined types. Defined
    /// types in `settled` are known to hold none of the types being declared and are not
    /// walked again; the walk is a loop, for chains of any length.
    pub fn holds(&self, id: TypeId, target: TypeId, settled: &HashSet<TypeId>) -> Holds {
        // (type, reached through another defined type)
        let mut stack = vec![(id, false)];
        let mut seen = HashSet::new();
        let mut unresolved = false;
        while let Some((t, through)) = stack.pop() {
            if t == target {
                return Holds::Itself { directly: !through };
            }
            match self.get(t) {
                Type::Named(_) if settled.contains(&t) || !seen.insert(t) => {}
                Type::Named(_) => match self.under(t) {
                    ids::INVALID => unresolved = true,
                    u => stack.push((u, true)),
                },
                Type::Struct(fields) => stack.extend(fields.iter().map(|f| (f.ty, through))),
                Type::Array(_, e) => stack.push((*e, through)),
                _ => {}
            }
        }
        Holds::Not { settled: !unresolved }
    }

    /// Values of the type can be compared with `==`.
    pub fn comparable(&self, id: TypeId) -> bool {
        match self.under_type(id) {
            Type::Basic(b) => *b != Basic::UntypedNil,
            Type::Pointer(_) | Type::Chan(..) | Type::Interface(_) => true,
            Type::Struct(fields) => fields.iter().all(|f| self.comparable(f.ty)),
            Type::Array(_, e) => self.comparable(*e),
            Type::Param(_) => self.type_set(id).is_some_and(|s| {
                s.comparable
                    || s.terms
                        .is_some_and(|t| !t.is_empty() && t.iter().all(|t| self.comparable(t.ty)))
            }),
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
            Type::Param(i) => s.push_str(&self.tparams[*i as usize].name),
            Type::Constraint(ts) => {
                s.push_str("interface {");
                let mut sep = " ";
                if ts.comparable {
                    s.push_str(" comparable");
                    sep = "; ";
                }
                for m in &ts.methods {
                    s.push_str(sep);
                    s.push_str(&m.name);
                    if let Some(sig) = self.sig(m.sig) {
                        self.write_sig(sig, s, qualify);
                    }
                    sep = "; ";
                }
                if let Some(terms) = &ts.terms {
                    s.push_str(sep);
                    s.push_str(&self.terms_name(terms));
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

    /// A union as Go's messages print it: `~int | ~float64`.
    pub fn terms_name(&self, terms: &[Term]) -> String {
        let parts: Vec<String> = terms
            .iter()
            .map(|t| format!("{}{}", if t.tilde { "~" } else { "" }, self.local_name(t.ty)))
            .collect();
        parts.join(" | ")
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

//! The predeclared functions: `len`, `append`, `make`, ...

use super::expr::Operand;
use super::{Checker, Mode};
use crate::front::ast;
use crate::front::constant::Value;
use crate::front::types::{Basic, Type, TypeId, ids};
use num_traits::ToPrimitive;

macro_rules! builtins {
    ($($variant:ident = $name:literal,)*) => {
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum Builtin { $($variant,)* }

        impl Builtin {
            pub const ALL: &'static [Builtin] = &[$(Builtin::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(Builtin::$variant => $name,)* }
            }
        }
    };
}

builtins! {
    Append = "append",
    Cap = "cap",
    Clear = "clear",
    Close = "close",
    Complex = "complex",
    Copy = "copy",
    Delete = "delete",
    Imag = "imag",
    Len = "len",
    Make = "make",
    Max = "max",
    Min = "min",
    New = "new",
    Panic = "panic",
    Print = "print",
    Println = "println",
    Real = "real",
    Recover = "recover",
}

impl<'a> Checker<'a> {
    /// The type `len` and `cap` look at: the underlying type, through a pointer to an array.
    fn len_operand(&self, t: TypeId) -> TypeId {
        let under = self.types.under(t);
        match self.types.get(under) {
            Type::Pointer(e) if matches!(self.types.under_type(*e), Type::Array(..)) => self.types.under(*e),
            _ => under,
        }
    }

    /// Whether builtin `b` (`len` or `cap`) applies to values of underlying type `under`.
    fn has_len(&self, under: TypeId, b: Builtin) -> bool {
        match self.types.get(under) {
            Type::Basic(bk) => bk.is_string() && b == Builtin::Len,
            Type::Array(..) | Type::Slice(_) | Type::Chan(..) => true,
            Type::Map(..) => b == Builtin::Len,
            _ => false,
        }
    }

    /// Checks a call of a builtin; returns its result.
    pub(super) fn builtin_call(
        &mut self,
        b: Builtin,
        call: &'a ast::Expr<'a>,
        args: &'a [&'a ast::Expr<'a>],
        ellipsis: bool,
    ) -> Operand {
        let name = b.name();
        let nargs = args.len();
        let (min, max) = match b {
            Builtin::Append | Builtin::Max | Builtin::Min => (1, usize::MAX),
            Builtin::Make => (1, 3),
            Builtin::Print | Builtin::Println => (0, usize::MAX),
            Builtin::Recover => (0, 0),
            Builtin::Copy | Builtin::Delete | Builtin::Complex => (2, 2),
            _ => (1, 1),
        };
        if nargs < min || nargs > max {
            let which = if nargs < min { "not enough" } else { "too many" };
            let s = self.expr_str(call);
            self.error(
                call.pos,
                format!("{which} arguments for {s} (expected {min}, found {nargs})"),
            );
            for a in args {
                self.expr_or_type(a);
            }
            return Operand::invalid();
        }
        if ellipsis && b != Builtin::Append {
            self.error(
                call.pos,
                format!("invalid operation: invalid use of ... with built-in {name}"),
            );
            return Operand::invalid();
        }
        match b {
            Builtin::Len | Builtin::Cap => {
                let x = self.expr(args[0]);
                let under = self.len_operand(x.ty);
                // A type parameter without a core type: every type it admits must do.
                let ok = match self.tparam_terms(x.ty) {
                    Some(terms) => terms.iter().all(|t| self.has_len(self.len_operand(t.ty), b)),
                    None => self.has_len(under, b),
                };
                if !ok {
                    if x.ty != ids::INVALID {
                        let d = self.describe(args[0], &x);
                        self.error(args[0].pos, format!("invalid argument: {d} for built-in {name}"));
                    }
                    return Operand::invalid();
                }
                // len of a constant string or of an array (without calls or receives) is
                // constant.
                if let Mode::Const(Value::String(s)) = &x.mode {
                    return Operand::constant(Value::Int((s.len() as i64).into()), ids::INT);
                }
                if let Type::Array(n, _) = self.types.get(under)
                    && !args[0].has_call()
                {
                    return Operand::constant(Value::Int((*n as i64).into()), ids::INT);
                }
                Operand::value(ids::INT)
            }
            Builtin::Append => {
                let s = self.expr(args[0]);
                let Type::Slice(elem) = self.types.under_type(s.ty).clone() else {
                    if s.ty == ids::UNTYPED_NIL {
                        self.error(
                            args[0].pos,
                            "first argument to append must be a typed slice; found untyped nil",
                        );
                    } else if s.ty != ids::INVALID {
                        let d = self.describe(args[0], &s);
                        self.error(args[0].pos, format!("invalid argument: {d} is not a slice"));
                    }
                    return Operand::invalid();
                };
                if ellipsis {
                    if nargs != 2 {
                        self.error(call.pos, "can only use ... with final argument in list");
                        return Operand::invalid();
                    }
                    let mut y = self.expr(args[1]);
                    let is_bytes_from_string =
                        self.types.basic(elem) == Some(Basic::Uint8) && self.types.all_basic(y.ty, |bk| bk.is_string());
                    if is_bytes_from_string {
                        self.default_untyped(&mut y, args[1]);
                    } else {
                        self.assign_to(&mut y, s.ty, args[1], "append");
                    }
                } else {
                    for a in &args[1..] {
                        let mut y = self.expr(a);
                        self.assign_to(&mut y, elem, a, "argument to append");
                    }
                }
                Operand::value(s.ty)
            }
            Builtin::Make => {
                let t = self.type_expr(args[0]);
                let ok = matches!(
                    self.types.under_type(t),
                    Type::Slice(_) | Type::Map(..) | Type::Chan(..)
                );
                if !ok {
                    if t != ids::INVALID {
                        let s = self.expr_str(args[0]);
                        self.error(
                            args[0].pos,
                            format!("invalid argument: cannot make {s}; type must be slice, map, or channel"),
                        );
                    }
                    return Operand::invalid();
                }
                if matches!(self.types.under_type(t), Type::Slice(_)) && nargs == 1 {
                    let s = self.expr_str(call);
                    self.error(
                        call.pos,
                        format!("invalid operation: {s} expects 2 or 3 arguments; found 1"),
                    );
                    return Operand::invalid();
                }
                let mut sizes = Vec::new();
                for a in &args[1..] {
                    sizes.push(self.size_arg(a));
                }
                if let [Some(l), Some(c)] = sizes[..]
                    && l > c
                {
                    self.error(args[1].pos, "invalid argument: length and capacity swapped");
                }
                Operand::value(t)
            }
            Builtin::New => {
                let t = self.type_expr(args[0]);
                let p = self.types.pointer(t);
                Operand::value(p)
            }
            Builtin::Delete => {
                let m = self.expr(args[0]);
                let Type::Map(k, _) = self.types.under_type(m.ty).clone() else {
                    if m.ty != ids::INVALID {
                        let d = self.describe(args[0], &m);
                        self.error(args[0].pos, format!("invalid argument: {d} is not a map"));
                    }
                    return Operand::no_value();
                };
                let mut key = self.expr(args[1]);
                self.assign_to(&mut key, k, args[1], "argument to delete");
                Operand::no_value()
            }
            Builtin::Copy => {
                let dst = self.expr(args[0]);
                let mut src = self.expr(args[1]);
                let de = match self.types.under_type(dst.ty) {
                    Type::Slice(e) => Some(*e),
                    _ => None,
                };
                let Some(de) = de else {
                    self.error(call.pos, "invalid argument: copy expects slice arguments");
                    return Operand::invalid();
                };
                let src_ok = match self.types.under_type(src.ty) {
                    Type::Slice(e) => *e == de,
                    Type::Basic(bk) => bk.is_string() && self.types.basic(de) == Some(Basic::Uint8),
                    _ => false,
                };
                if !src_ok {
                    let s = self.expr_str(call);
                    self.error(
                        call.pos,
                        format!("invalid argument: arguments to copy {s} have different element types"),
                    );
                }
                self.default_untyped(&mut src, args[1]);
                Operand::value(ids::INT)
            }
            Builtin::Clear => {
                let x = self.expr(args[0]);
                if !matches!(self.types.under_type(x.ty), Type::Map(..) | Type::Slice(_)) && x.ty != ids::INVALID {
                    let d = self.describe(args[0], &x);
                    self.error(args[0].pos, format!("invalid argument: {d} must be a map or slice"));
                }
                Operand::no_value()
            }
            Builtin::Panic => {
                let mut x = self.expr(args[0]);
                self.assign_to(&mut x, ids::ANY, args[0], "argument to panic");
                Operand::no_value()
            }
            Builtin::Print | Builtin::Println => {
                for a in args {
                    let mut x = self.expr(a);
                    if x.ty == ids::UNTYPED_NIL {
                        self.error(a.pos, "use of untyped nil in argument to built-in print");
                    }
                    self.default_untyped(&mut x, a);
                }
                Operand::no_value()
            }
            Builtin::Recover => Operand::value(ids::ANY),
            Builtin::Min | Builtin::Max => self.min_max(b, args),
            Builtin::Close => {
                let c = self.expr(args[0]);
                self.channel(args[0], &c, "close", ast::ChanDir::Recv);
                Operand::no_value()
            }
            Builtin::Complex | Builtin::Real | Builtin::Imag => {
                for a in args {
                    self.expr(a);
                }
                self.unsupported(call.pos, "complex numbers");
                Operand::invalid()
            }
        }
    }

    /// Checks a size argument of make; returns its value if constant.
    fn size_arg(&mut self, a: &'a ast::Expr<'a>) -> Option<i64> {
        let mut x = self.expr(a);
        if let Mode::Const(v) = &x.mode {
            let n = v.to_int().and_then(|i| i.to_i64());
            match n {
                Some(n) if n < 0 => {
                    let s = self.expr_str(a);
                    self.error(
                        a.pos,
                        format!("invalid argument: index {s} (constant of type int) must not be negative"),
                    );
                }
                None => {
                    let s = self.expr_str(a);
                    self.error(a.pos, format!("{s} (untyped float constant) truncated to int"));
                    return None;
                }
                _ => {}
            }
            self.convert_untyped(&mut x, ids::INT, a);
            return n;
        }
        if !self.types.all_basic(x.ty, |b| b.is_integer()) && x.ty != ids::INVALID {
            let d = self.describe(a, &x);
            self.error(a.pos, format!("cannot convert {d} to type int"));
        }
        None
    }

    fn min_max(&mut self, b: Builtin, args: &'a [&'a ast::Expr<'a>]) -> Operand {
        let mut ops: Vec<Operand> = args.iter().map(|a| self.expr(a)).collect();
        // The operands' common type: the first typed one, else untyped.
        let typed = ops.iter().map(|o| o.ty).find(|&t| !self.types.is_untyped(t));
        if let Some(t) = typed {
            for (o, a) in ops.iter_mut().zip(args) {
                if o.ty != t {
                    self.assign_to(o, t, a, "argument");
                }
            }
        }
        for (o, a) in ops.iter().zip(args) {
            if !self.types.all_basic(o.ty, |bk| bk.is_ordered()) && o.ty != ids::INVALID {
                let d = self.describe(a, o);
                self.error(a.pos, format!("invalid argument: {d} cannot be ordered"));
                return Operand::invalid();
            }
        }
        if ops.iter().all(|o| matches!(o.mode, Mode::Const(_))) {
            let mut best = ops[0].clone();
            for o in &ops[1..] {
                let (Mode::Const(x), Mode::Const(y)) = (&o.mode, &best.mode) else {
                    continue;
                };
                let op = if b == Builtin::Min {
                    crate::front::token::Tok::Lss
                } else {
                    crate::front::token::Tok::Gtr
                };
                if x.compare(op, y).unwrap_or(false) {
                    best = o.clone();
                }
            }
            // Untyped operands give the "largest" untyped kind among them.
            best.ty = match typed {
                Some(t) => t,
                None => ops
                    .iter()
                    .map(|o| o.ty)
                    .max_by_key(|&t| match t {
                        ids::UNTYPED_INT => 1,
                        ids::UNTYPED_RUNE => 2,
                        ids::UNTYPED_FLOAT => 3,
                        _ => 0,
                    })
                    .unwrap_or(best.ty),
            };
            return best;
        }
        let t = typed.unwrap_or_else(|| self.default_type(ops[0].ty));
        for (o, a) in ops.iter_mut().zip(args) {
            self.convert_untyped(o, t, a);
        }
        Operand::value(t)
    }

    pub(super) fn default_type(&self, t: TypeId) -> TypeId {
        match self.types.get(t) {
            Type::Basic(b) if b.is_untyped() => basic_id(b.default()),
            _ => t,
        }
    }
}

/// The id of a typed basic type.
pub(super) fn basic_id(b: Basic) -> TypeId {
    use Basic::*;
    match b {
        Bool => ids::BOOL,
        Int => ids::INT,
        Int8 => ids::INT8,
        Int16 => ids::INT16,
        Int32 => ids::INT32,
        Int64 => ids::INT64,
        Uint => ids::UINT,
        Uint8 => ids::UINT8,
        Uint16 => ids::UINT16,
        Uint32 => ids::UINT32,
        Uint64 => ids::UINT64,
        Uintptr => ids::UINTPTR,
        Float32 => ids::FLOAT32,
        Float64 => ids::FLOAT64,
        Complex64 => ids::COMPLEX64,
        Complex128 => ids::COMPLEX128,
        String => ids::STRING,
        UntypedBool => ids::UNTYPED_BOOL,
        UntypedInt => ids::UNTYPED_INT,
        UntypedRune => ids::UNTYPED_RUNE,
        UntypedFloat => ids::UNTYPED_FLOAT,
        UntypedComplex => ids::UNTYPED_COMPLEX,
        UntypedString => ids::UNTYPED_STRING,
        UntypedNil => ids::UNTYPED_NIL,
        Invalid => ids::INVALID,
    }
}

//! Expressions: operands, operators, calls, selectors, literals and conversions.

use super::lookup::Found;
use super::{Checker, Mode, ObjKind, Selection, SelectionKind, Tv};
use crate::front::ast::{self, Expr, ExprKind};
use crate::front::constant::{BasicKind, Value};
use crate::front::token::Tok;
use crate::front::types::{Basic, Type, TypeId, ids};
use num_traits::ToPrimitive;

/// The result of checking an expression.
#[derive(Clone, Debug)]
pub(crate) struct Operand {
    pub mode: Mode,
    pub ty: TypeId,
}

impl Operand {
    pub fn invalid() -> Operand {
        Operand {
            mode: Mode::Value,
            ty: ids::INVALID,
        }
    }
    pub fn value(ty: TypeId) -> Operand {
        Operand { mode: Mode::Value, ty }
    }
    pub fn no_value() -> Operand {
        Operand {
            mode: Mode::NoValue,
            ty: ids::VOID,
        }
    }
    pub fn constant(v: Value, ty: TypeId) -> Operand {
        Operand {
            mode: Mode::Const(v),
            ty,
        }
    }
    fn is_invalid(&self) -> bool {
        self.ty == ids::INVALID
    }
}

fn const_kind(b: Basic) -> BasicKind {
    use Basic::*;
    match b {
        Bool => BasicKind::Bool,
        Int => BasicKind::Int,
        Int8 => BasicKind::Int8,
        Int16 => BasicKind::Int16,
        Int32 => BasicKind::Int32,
        Int64 => BasicKind::Int64,
        Uint => BasicKind::Uint,
        Uint8 => BasicKind::Uint8,
        Uint16 => BasicKind::Uint16,
        Uint32 => BasicKind::Uint32,
        Uint64 => BasicKind::Uint64,
        Uintptr => BasicKind::Uintptr,
        Float32 => BasicKind::Float32,
        Float64 => BasicKind::Float64,
        Complex64 => BasicKind::Complex64,
        Complex128 => BasicKind::Complex128,
        String => BasicKind::String,
        UntypedBool => BasicKind::UntypedBool,
        UntypedInt => BasicKind::UntypedInt,
        UntypedRune => BasicKind::UntypedRune,
        UntypedFloat => BasicKind::UntypedFloat,
        UntypedComplex => BasicKind::UntypedComplex,
        UntypedString => BasicKind::UntypedString,
        UntypedNil | Invalid => BasicKind::UntypedNil,
    }
}

impl<'a> Checker<'a> {
    pub(super) fn record(&mut self, e: &Expr, mode: Mode, ty: TypeId) {
        self.info.tvs.insert(e.id, Tv { mode, ty });
    }

    /// Checks an expression that must be a single value.
    pub(super) fn expr(&mut self, e: &'a Expr<'a>) -> Operand {
        let x = self.expr_or_type(e);
        self.single_value(e, x)
    }

    /// `x`, the operand of `e`, if it is a single value; else reports why not and gives an
    /// invalid operand.
    fn single_value(&mut self, e: &'a Expr<'a>, x: Operand) -> Operand {
        match x.mode {
            Mode::Type => {
                let s = self.expr_str(e);
                self.error(e.pos, format!("{s} (type) is not an expression"));
                Operand::invalid()
            }
            Mode::NoValue => {
                let s = self.expr_str(e);
                self.error(e.pos, format!("{s} (no value) used as value"));
                Operand::invalid()
            }
            Mode::Builtin(b) => {
                self.error(e.pos, format!("{} (built-in) must be called", b.name()));
                Operand::invalid()
            }
            Mode::Pkg => {
                let s = self.expr_str(e);
                self.error(e.pos, format!("use of package {s} without selector"));
                Operand::invalid()
            }
            _ if self.uninstantiated(e).is_some() => {
                let s = self.expr_str(e);
                self.error(e.pos, format!("cannot use generic function {s} without instantiation"));
                Operand::invalid()
            }
            _ if matches!(self.types.get(x.ty), Type::Tuple(v) if !v.is_empty()) => {
                let s = self.expr_str(e);
                self.error(
                    e.pos,
                    format!(
                        "multiple-value {s} (value of type {}) in single-value context",
                        self.types.local_name(x.ty)
                    ),
                );
                Operand::invalid()
            }
            _ => x,
        }
    }

    /// Checks an expression that may also denote a type, a builtin or no value.
    pub(super) fn expr_or_type(&mut self, e: &'a Expr<'a>) -> Operand {
        // Every operand of every expression comes through here: a chain of operators,
        // selectors, indexes or calls nests as deep as the file is long.
        let x = crate::deep(|| self.expr_inner(e));
        self.record(e, x.mode.clone(), x.ty);
        x
    }

    fn expr_inner(&mut self, e: &'a Expr<'a>) -> Operand {
        match &e.kind {
            ExprKind::Ident(id) => self.ident(id),
            ExprKind::BasicLit { kind, raw } => match Value::from_literal(*kind, raw) {
                Ok(v) => {
                    let ty = match kind {
                        ast::LitKind::Int => ids::UNTYPED_INT,
                        ast::LitKind::Float => ids::UNTYPED_FLOAT,
                        ast::LitKind::Imag => ids::UNTYPED_COMPLEX,
                        ast::LitKind::Char => ids::UNTYPED_RUNE,
                        ast::LitKind::String => ids::UNTYPED_STRING,
                    };
                    Operand::constant(v, ty)
                }
                Err(msg) => {
                    self.error(e.pos, msg);
                    Operand::invalid()
                }
            },
            ExprKind::Paren(x) => {
                let o = self.expr_or_type(x);
                if matches!(o.mode, Mode::Var) {
                    return o;
                }
                o
            }
            ExprKind::FuncLit { typ, body } => {
                let sig = self.func_type(typ, Vec::new());
                let id = self.func_body(None, typ, sig, body, Some(e));
                self.info.func_lits.insert(e.id, id);
                Operand::value(sig)
            }
            ExprKind::CompositeLit { typ, elts, .. } => self.composite_lit(e, *typ, elts, None),
            ExprKind::Selector(x, sel) => self.selector(e, x, sel),
            ExprKind::Index(x, idx) => self.index(e, x, idx),
            ExprKind::Slice { x, lo, hi, max, three } => self.slice_expr(e, x, *lo, *hi, *max, *three),
            ExprKind::TypeAssert { x, typ } => {
                let Some(typ) = typ else {
                    self.error(e.pos, "invalid syntax tree: use of .(type) outside type switch");
                    return Operand::invalid();
                };
                let v = self.expr(x);
                let t = self.type_expr(typ);
                if v.is_invalid() || t == ids::INVALID {
                    return Operand::invalid();
                }
                if !self.types.is_interface(v.ty) {
                    let d = self.describe(x, &v);
                    self.error(x.pos, format!("invalid operation: {d} is not an interface"));
                    return Operand::invalid();
                }
                self.check_assertable(typ, t, v.ty);
                Operand {
                    mode: Mode::CommaOk,
                    ty: t,
                }
            }
            ExprKind::Call {
                fun, args, ellipsis, ..
            } => self.call(e, fun, args, ellipsis.is_some()),
            ExprKind::Star(x) => {
                let v = self.expr_or_type(x);
                match v.mode {
                    Mode::Type => {
                        let p = self.types.pointer(v.ty);
                        Operand {
                            mode: Mode::Type,
                            ty: p,
                        }
                    }
                    _ if v.is_invalid() => v,
                    _ => match self.types.under_type(v.ty) {
                        Type::Pointer(elem) => Operand {
                            mode: Mode::Var,
                            ty: *elem,
                        },
                        _ => {
                            if v.ty == ids::UNTYPED_NIL {
                                self.error(e.pos, "invalid operation: cannot indirect nil");
                            } else {
                                let d = self.describe(x, &v);
                                self.error(e.pos, format!("invalid operation: cannot indirect {d}"));
                            }
                            Operand::invalid()
                        }
                    },
                }
            }
            ExprKind::Unary { op, x } => self.unary(e, *op, x),
            ExprKind::Binary { op, x, y } => self.binary(e, *op, x, y),
            ExprKind::KeyValue { .. } => {
                self.error(e.pos, "unexpected key:value expression");
                Operand::invalid()
            }
            ExprKind::ArrayType { .. }
            | ExprKind::StructType { .. }
            | ExprKind::FuncType(_)
            | ExprKind::InterfaceType { .. }
            | ExprKind::MapType { .. }
            | ExprKind::ChanType { .. } => {
                let t = self.type_expr(e);
                Operand {
                    mode: Mode::Type,
                    ty: t,
                }
            }
            ExprKind::Ellipsis(_) => {
                self.error(e.pos, "invalid use of ...");
                Operand::invalid()
            }
            ExprKind::Bad => Operand::invalid(),
        }
    }

    fn ident(&mut self, id: &ast::Ident<'a>) -> Operand {
        if id.is_blank() {
            self.error(id.pos, "cannot use _ as value");
            return Operand::invalid();
        }
        let Some(obj) = self.resolve(id) else {
            self.error(id.pos, format!("undefined: {}", id.name));
            return Operand::invalid();
        };
        self.info.objs.insert(id.id, obj);
        self.use_obj(obj);
        let o = &self.objs[obj.0 as usize];
        match &o.kind {
            ObjKind::Const(_) if o.name == "iota" && o.pos == crate::front::source::Pos::NONE => match self.iota {
                Some(i) => Operand::constant(Value::Int(i.into()), ids::UNTYPED_INT),
                None => {
                    self.error(id.pos, "cannot use iota outside constant declaration");
                    Operand::invalid()
                }
            },
            ObjKind::Const(v) => Operand::constant(v.clone(), o.ty),
            ObjKind::TypeName => Operand {
                mode: Mode::Type,
                ty: o.ty,
            },
            ObjKind::Var => Operand {
                mode: Mode::Var,
                ty: o.ty,
            },
            ObjKind::Func(_) => Operand::value(o.ty),
            ObjKind::Pkg(_) => Operand {
                mode: Mode::Pkg,
                ty: ids::INVALID,
            },
            ObjKind::Builtin(b) => Operand {
                mode: Mode::Builtin(*b),
                ty: ids::INVALID,
            },
            ObjKind::Nil => Operand::value(ids::UNTYPED_NIL),
        }
    }

    /// Marks an object used, resolving package-level ones and noting captures.
    pub(super) fn use_obj(&mut self, obj: super::ObjId) {
        let o = &self.objs[obj.0 as usize];
        if o.global {
            let here = o.pkg == self.pkg;
            self.resolve_obj(obj);
            self.reach(obj);
            if here {
                self.note_dep(obj);
            }
        } else if matches!(o.kind, ObjKind::Var) {
            let cur = self.func.as_ref().map_or(0, |f| f.id);
            if o.owner != cur {
                self.objs[obj.0 as usize].boxed = true;
            }
        }
        self.objs[obj.0 as usize].used = true;
    }

    fn selector(&mut self, e: &'a Expr<'a>, x: &'a Expr<'a>, sel: &ast::Ident<'a>) -> Operand {
        // A qualified identifier: pkg.Name.
        if let ExprKind::Ident(pid) = &x.kind
            && let Some(obj) = self.resolve(pid)
            && let ObjKind::Pkg(pi) = self.objs[obj.0 as usize].kind
        {
            self.info.objs.insert(pid.id, obj);
            self.record(x, Mode::Pkg, ids::INVALID);
            let exported = sel.name.chars().next().is_some_and(char::is_uppercase);
            let target = self.packages[pi].scope.get(sel.name).copied();
            let pname = self.packages[pi].name.clone();
            let Some(target) = target.filter(|_| exported) else {
                if exported {
                    self.error(sel.pos, format!("undefined: {pname}.{}", sel.name));
                } else {
                    self.error(sel.pos, format!("name {} not exported by package {pname}", sel.name));
                }
                return Operand::invalid();
            };
            self.info.objs.insert(sel.id, target);
            return self.ident_obj(target);
        }
        let v = self.expr_or_type(x);
        // Before the check for an invalid operand: a builtin has no type either, yet
        // nothing has reported it.
        if matches!(v.mode, Mode::Pkg | Mode::Builtin(_) | Mode::NoValue) {
            let s = self.expr_str(x);
            self.error(x.pos, format!("{s} is not an expression"));
            return Operand::invalid();
        }
        if v.is_invalid() {
            return Operand::invalid();
        }
        if matches!(v.mode, Mode::Type) {
            return self.method_expr(e, x, v.ty, sel);
        }
        match self.lookup(v.ty, sel.name) {
            Found::Field { path, ty } => {
                let through_ptr = matches!(self.types.under_type(v.ty), Type::Pointer(_))
                    || self.path_has_pointer(v.ty, &path[..path.len() - 1]);
                let mode = if matches!(v.mode, Mode::Var) || through_ptr {
                    Mode::Var
                } else {
                    Mode::Value
                };
                self.info.selections.insert(
                    e.id,
                    Selection {
                        kind: SelectionKind::Field,
                        path,
                        func: None,
                        ptr_recv: false,
                        ty,
                    },
                );
                Operand { mode, ty }
            }
            Found::Method { path, func, ptr_recv } => {
                self.resolve_obj(func);
                let full = self.objs[func.0 as usize].ty;
                let sig = self.method_sig(full);
                let is_ptr = matches!(self.types.get(v.ty), Type::Pointer(_));
                if ptr_recv && !is_ptr && !self.path_has_pointer(v.ty, &path) {
                    if matches!(v.mode, Mode::Var) {
                        self.mark_addressed(x);
                    } else {
                        self.error(
                            e.pos,
                            format!(
                                "cannot call pointer method {} on {}",
                                sel.name,
                                self.types.local_name(v.ty)
                            ),
                        );
                        return Operand::invalid();
                    }
                }
                self.info.selections.insert(
                    e.id,
                    Selection {
                        kind: SelectionKind::Method,
                        path,
                        func: Some(func),
                        ptr_recv,
                        ty: sig,
                    },
                );
                Operand::value(sig)
            }
            Found::IfaceMethod { path, sig } => {
                self.info.selections.insert(
                    e.id,
                    Selection {
                        kind: SelectionKind::Method,
                        path,
                        func: None,
                        ptr_recv: false,
                        ty: sig,
                    },
                );
                Operand::value(sig)
            }
            Found::Ambiguous => {
                let s = self.expr_str(e);
                self.error(sel.pos, format!("ambiguous selector {s}"));
                Operand::invalid()
            }
            Found::Missing => {
                let s = self.expr_str(e);
                let what = if matches!(self.types.under_type(v.ty), Type::Pointer(p) if self.types.is_interface(*p)) {
                    format!(
                        "{s} undefined (type {} is pointer to interface, not interface)",
                        self.types.local_name(v.ty)
                    )
                } else {
                    format!(
                        "{s} undefined (type {} has no field or method {})",
                        self.types.local_name(v.ty),
                        sel.name
                    )
                };
                self.error(sel.pos, what);
                Operand::invalid()
            }
        }
    }

    fn ident_obj(&mut self, obj: super::ObjId) -> Operand {
        self.resolve_obj(obj);
        self.reach(obj);
        let o = &self.objs[obj.0 as usize];
        match &o.kind {
            ObjKind::Const(v) => Operand::constant(v.clone(), o.ty),
            ObjKind::TypeName => Operand {
                mode: Mode::Type,
                ty: o.ty,
            },
            ObjKind::Var => Operand {
                mode: Mode::Var,
                ty: o.ty,
            },
            _ => Operand::value(o.ty),
        }
    }

    fn method_expr(&mut self, e: &'a Expr<'a>, _x: &'a Expr<'a>, t: TypeId, sel: &ast::Ident<'a>) -> Operand {
        match self.lookup(t, sel.name) {
            Found::Method { path, func, ptr_recv } => {
                self.resolve_obj(func);
                let full = self.objs[func.0 as usize].ty;
                let sig = self.types.sig(full).cloned().expect("methods have signatures");
                let is_ptr = matches!(self.types.get(t), Type::Pointer(_));
                if ptr_recv && !is_ptr {
                    let s = self.expr_str(e);
                    self.error(
                        e.pos,
                        format!(
                            "invalid method expression {s} (needs pointer receiver (*{}).{})",
                            self.types.local_name(t),
                            sel.name
                        ),
                    );
                    return Operand::invalid();
                }
                let mut params = vec![t];
                params.extend_from_slice(&sig.params[1..]);
                let fty = self.types.func(params, sig.results, sig.variadic);
                self.info.selections.insert(
                    e.id,
                    Selection {
                        kind: SelectionKind::MethodExpr,
                        path,
                        func: Some(func),
                        ptr_recv,
                        ty: fty,
                    },
                );
                Operand::value(fty)
            }
            Found::IfaceMethod { path, sig } => {
                let s = self.types.sig(sig).cloned().expect("interface methods have signatures");
                let mut params = vec![t];
                params.extend(s.params);
                let fty = self.types.func(params, s.results, s.variadic);
                self.info.selections.insert(
                    e.id,
                    Selection {
                        kind: SelectionKind::MethodExpr,
                        path,
                        func: None,
                        ptr_recv: false,
                        ty: fty,
                    },
                );
                Operand::value(fty)
            }
            _ => {
                let s = self.expr_str(e);
                self.error(
                    sel.pos,
                    format!(
                        "{s} undefined (type {} has no method {})",
                        self.types.local_name(t),
                        sel.name
                    ),
                );
                Operand::invalid()
            }
        }
    }

    /// Marks the variable at the root of an addressable expression as address-taken.
    pub(super) fn mark_addressed(&mut self, e: &'a Expr<'a>) {
        match &e.unparen().kind {
            ExprKind::Ident(id) => {
                if let Some(&o) = self.info.objs.get(&id.id)
                    && !self.objs[o.0 as usize].global
                {
                    self.objs[o.0 as usize].boxed = true;
                }
            }
            ExprKind::Selector(x, _) => {
                if let Some(s) = self.info.selections.get(&e.unparen().id)
                    && s.kind == SelectionKind::Field
                {
                    let xt = self.info.tvs.get(&x.id).map(|t| t.ty).unwrap_or(ids::INVALID);
                    if !matches!(self.types.under_type(xt), Type::Pointer(_))
                        && !self.path_has_pointer(xt, &s.path[..s.path.len() - 1])
                    {
                        self.mark_addressed(x);
                    }
                }
            }
            ExprKind::Index(x, _) => {
                let xt = self.info.tvs.get(&x.id).map(|t| t.ty).unwrap_or(ids::INVALID);
                if matches!(self.types.under_type(xt), Type::Array(..)) {
                    self.mark_addressed(x);
                }
            }
            _ => {}
        }
    }

    fn index(&mut self, e: &'a Expr<'a>, x: &'a Expr<'a>, idx: &'a [&'a Expr<'a>]) -> Operand {
        let v = self.expr_or_type(x);
        if matches!(v.mode, Mode::Type) {
            let t = self.instantiate_type_expr(e, v.ty, idx);
            return Operand {
                mode: Mode::Type,
                ty: t,
            };
        }
        if let Some(g) = self.uninstantiated(x) {
            return self.explicit_instance(e, x, g, idx);
        }
        // Not a type nor a generic function: what is indexed must be a value (a package
        // or a builtin is invalid without having been reported).
        let v = self.single_value(x, v);
        if idx.len() != 1 {
            let s = self.expr_str(x);
            self.error(e.pos, format!("invalid operation: more than one index for {s}"));
            return Operand::invalid();
        }
        if v.is_invalid() {
            self.expr(idx[0]);
            return Operand::invalid();
        }
        let i = idx[0];
        // A type parameter without a core type: every type it admits must be indexable
        // with the same element type.
        if let Some(terms) = self.tparam_terms(v.ty) {
            let elems: Vec<Option<TypeId>> = terms.iter().map(|t| self.indexed_elem(t.ty)).collect();
            if let Some(Some(elem)) = elems.first().copied().filter(|e| elems.iter().all(|x| x == e)) {
                self.index_value(i, None);
                return Operand::value(elem);
            }
        }
        let under = self.types.under(v.ty);
        match self.types.get(under).clone() {
            Type::Basic(b) if b.is_string() => {
                let n = match &v.mode {
                    Mode::Const(Value::String(s)) => Some(s.len() as u64),
                    _ => None,
                };
                let k = self.index_value(i, n);
                if let (Mode::Const(Value::String(s)), Some(k)) = (&v.mode, k) {
                    return Operand::constant(Value::Int(s[k as usize].into()), ids::UINT8);
                }
                Operand::value(ids::UINT8)
            }
            Type::Slice(elem) => {
                self.index_value(i, None);
                Operand {
                    mode: Mode::Var,
                    ty: elem,
                }
            }
            Type::Array(n, elem) => {
                self.index_value(i, Some(n));
                let mode = if matches!(v.mode, Mode::Var) {
                    Mode::Var
                } else {
                    Mode::Value
                };
                Operand { mode, ty: elem }
            }
            Type::Pointer(p) => match self.types.under_type(p).clone() {
                Type::Array(n, elem) => {
                    self.index_value(i, Some(n));
                    Operand {
                        mode: Mode::Var,
                        ty: elem,
                    }
                }
                _ => self.bad_index(x, &v),
            },
            Type::Map(k, val) => {
                let mut key = self.expr(i);
                self.assign_to(&mut key, k, i, "map index");
                Operand {
                    mode: Mode::MapIndex,
                    ty: val,
                }
            }
            _ => self.bad_index(x, &v),
        }
    }

    /// The element type indexing a value of type `t` gives (maps left out).
    fn indexed_elem(&self, t: TypeId) -> Option<TypeId> {
        match self.types.under_type(t) {
            Type::Basic(b) if b.is_string() => Some(ids::UINT8),
            Type::Slice(e) | Type::Array(_, e) => Some(*e),
            Type::Pointer(p) => match self.types.under_type(*p) {
                Type::Array(_, e) => Some(*e),
                _ => None,
            },
            _ => None,
        }
    }

    fn bad_index(&mut self, x: &'a Expr<'a>, v: &Operand) -> Operand {
        let d = self.describe(x, v);
        self.error(x.pos, format!("invalid operation: cannot index {d}"));
        Operand::invalid()
    }

    /// Checks an index; returns its value when constant. `len` bounds constant indices.
    fn index_value(&mut self, i: &'a Expr<'a>, len: Option<u64>) -> Option<u64> {
        let mut x = self.expr(i);
        if x.is_invalid() {
            return None;
        }
        if let Mode::Const(v) = &x.mode {
            let Some(n) = v.to_int() else {
                let s = self.expr_str(i);
                self.error(
                    i.pos,
                    format!("invalid argument: index {s} (untyped float constant) must be integer"),
                );
                return None;
            };
            let s = self.expr_str(i);
            if n.sign() == num_bigint::Sign::Minus {
                self.error(
                    i.pos,
                    format!("invalid argument: index {s} (constant of type int) must not be negative"),
                );
                return None;
            }
            let k = n.to_u64();
            if let (Some(k), Some(len)) = (k, len)
                && k >= len
            {
                self.error(i.pos, format!("invalid argument: index {s} out of bounds [0:{len}]"));
                return None;
            }
            self.convert_untyped(&mut x, ids::INT, i);
            return k;
        }
        if !self.types.all_basic(x.ty, |b| b.is_integer()) {
            let d = self.describe(i, &x);
            self.error(i.pos, format!("invalid argument: index {d} must be integer"));
        }
        self.default_untyped(&mut x, i);
        None
    }

    fn slice_expr(
        &mut self,
        e: &'a Expr<'a>,
        x: &'a Expr<'a>,
        lo: Option<&'a Expr<'a>>,
        hi: Option<&'a Expr<'a>>,
        max: Option<&'a Expr<'a>>,
        three: bool,
    ) -> Operand {
        let v = self.expr(x);
        let mut consts = Vec::new();
        for i in [lo, hi, max].into_iter().flatten() {
            consts.push(self.index_value(i, None));
        }
        if v.is_invalid() {
            return Operand::invalid();
        }
        let known: Vec<u64> = consts.iter().flatten().copied().collect();
        if known.windows(2).any(|w| w[0] > w[1]) && known.len() == consts.len() {
            self.error(e.pos, "invalid slice indices");
        }
        let under = self.types.under(v.ty);
        match self.types.get(under).clone() {
            Type::Basic(b) if b.is_string() => {
                if three {
                    self.error(e.pos, "invalid operation: 3-index slice of string");
                    return Operand::invalid();
                }
                let t = if b == Basic::UntypedString { ids::STRING } else { v.ty };
                Operand::value(t)
            }
            Type::Slice(_) => Operand::value(v.ty),
            Type::Array(_, elem) => {
                if !matches!(v.mode, Mode::Var) {
                    let d = self.describe(x, &v);
                    self.error(e.pos, format!("invalid operation: {d} (slice of unaddressable value)"));
                    return Operand::invalid();
                }
                self.mark_addressed(x);
                Operand::value(self.types.slice(elem))
            }
            Type::Pointer(p) => match self.types.under_type(p).clone() {
                Type::Array(_, elem) => Operand::value(self.types.slice(elem)),
                _ => self.cannot_slice(x, &v),
            },
            _ => self.cannot_slice(x, &v),
        }
    }

    fn cannot_slice(&mut self, x: &'a Expr<'a>, v: &Operand) -> Operand {
        let d = self.describe(x, v);
        self.error(x.pos, format!("cannot slice {d}"));
        Operand::invalid()
    }

    pub(super) fn check_assertable(&mut self, typ: &'a Expr<'a>, t: TypeId, iface: TypeId) {
        if self.types.is_interface(t) {
            return;
        }
        if let Some(why) = self.missing_method(t, iface) {
            let s = self.expr_str(typ);
            self.error(
                typ.pos,
                format!(
                    "impossible type assertion: {s}\n\t{} does not implement {} {why}",
                    self.types.local_name(t),
                    self.types.local_name(iface)
                ),
            );
        }
    }

    fn unary(&mut self, e: &'a Expr<'a>, op: Tok, x: &'a Expr<'a>) -> Operand {
        if op == Tok::And {
            let inner = x.unparen();
            if let ExprKind::CompositeLit { .. } = inner.kind {
                let v = self.expr(x);
                if v.is_invalid() {
                    return v;
                }
                return Operand::value(self.types.pointer(v.ty));
            }
            let v = self.expr(x);
            if v.is_invalid() {
                return v;
            }
            if !matches!(v.mode, Mode::Var) {
                let d = self.describe(x, &v);
                self.error(e.pos, format!("invalid operation: cannot take address of {d}"));
                return Operand::invalid();
            }
            self.mark_addressed(x);
            return Operand::value(self.types.pointer(v.ty));
        }
        if op == Tok::Arrow {
            let v = self.expr(x);
            return match self.channel(x, &v, "receive from", ast::ChanDir::Send) {
                Some(elem) => Operand {
                    mode: Mode::CommaOk,
                    ty: elem,
                },
                None => Operand::invalid(),
            };
        }
        let v = self.expr(x);
        if v.is_invalid() {
            return v;
        }
        let b = self.types.basic(v.ty);
        let ok = match op {
            Tok::Add | Tok::Sub => self.types.all_basic(v.ty, Basic::is_numeric),
            Tok::Xor => self.types.all_basic(v.ty, Basic::is_integer),
            Tok::Not => self.types.all_basic(v.ty, Basic::is_boolean),
            _ => false,
        };
        if !ok {
            let d = self.describe(x, &v);
            self.error(
                e.pos,
                format!("invalid operation: operator {} not defined on {d}", op.as_str()),
            );
            return Operand::invalid();
        }
        if let Mode::Const(c) = &v.mode {
            let bits = b.filter(|b| b.is_unsigned()).map(|b| (b.int_bits(), true));
            return match c.unary_op(op, bits) {
                Ok(r) => self.typed_const(e, r, v.ty),
                Err(m) => {
                    self.error(e.pos, m);
                    Operand::invalid()
                }
            };
        }
        Operand::value(v.ty)
    }

    /// A constant result of an operation: checks it fits a typed operand type.
    fn typed_const(&mut self, e: &'a Expr<'a>, v: Value, ty: TypeId) -> Operand {
        if let Some(b) = self.types.basic(ty)
            && !b.is_untyped()
        {
            match v.representable(const_kind(b)) {
                Some(r) => return Operand::constant(r, ty),
                None => {
                    self.error(e.pos, format!("constant {v} overflows {}", self.types.local_name(ty)));
                    return Operand::invalid();
                }
            }
        }
        Operand::constant(v, ty)
    }

    fn binary(&mut self, e: &'a Expr<'a>, op: Tok, x: &'a Expr<'a>, y: &'a Expr<'a>) -> Operand {
        let mut a = self.expr(x);
        let mut b = self.expr(y);
        if a.is_invalid() || b.is_invalid() {
            return Operand::invalid();
        }
        if matches!(op, Tok::Shl | Tok::Shr) {
            return self.shift(e, op, x, y, a, b);
        }
        let nil_cmp = a.ty == ids::UNTYPED_NIL || b.ty == ids::UNTYPED_NIL;
        // Match the operands' types: an untyped operand takes the other's type.
        self.match_types(&mut a, x, &mut b, y);
        if a.is_invalid() || b.is_invalid() {
            return Operand::invalid();
        }
        let is_cmp = matches!(op, Tok::Eql | Tok::Neq | Tok::Lss | Tok::Leq | Tok::Gtr | Tok::Geq);
        if is_cmp {
            return self.comparison(e, op, x, y, a, b, nil_cmp);
        }
        if a.ty != b.ty {
            let s = self.expr_str(e);
            self.error(
                x.pos,
                format!(
                    "invalid operation: {s} (mismatched types {} and {})",
                    self.types.local_name(a.ty),
                    self.types.local_name(b.ty)
                ),
            );
            return Operand::invalid();
        }
        let bk = self.types.basic(a.ty);
        if !self.op_defined(op, a.ty) {
            let d = self.describe(x, &a);
            self.error(
                x.pos,
                format!("invalid operation: operator {} not defined on {d}", op.as_str()),
            );
            return Operand::invalid();
        }
        if matches!(op, Tok::Quo | Tok::Rem)
            && let Mode::Const(v) = &b.mode
            && v.is_zero()
            && bk.is_some_and(|b| b.is_integer() || !matches!(a.mode, Mode::Const(_)) || b.is_float())
        {
            self.error(y.pos, "invalid operation: division by zero");
            return Operand::invalid();
        }
        if let (Mode::Const(u), Mode::Const(v)) = (&a.mode, &b.mode) {
            let int_div = bk.is_some_and(|b| b.is_integer());
            return match u.binary_op(op, v, int_div) {
                Ok(r) => self.typed_const(e, r, a.ty),
                Err(m) => {
                    self.error(y.pos, format!("invalid operation: {m}"));
                    Operand::invalid()
                }
            };
        }
        Operand::value(a.ty)
    }

    /// Whether arithmetic or logical operator `op` is defined on operands of type `t`
    /// (for a type parameter, on every type its constraint admits).
    pub(super) fn op_defined(&self, op: Tok, t: TypeId) -> bool {
        let all = |f: fn(Basic) -> bool| self.types.all_basic(t, f);
        match op {
            Tok::Add => all(|b| b.is_numeric() || b.is_string()),
            Tok::Sub | Tok::Mul | Tok::Quo => all(Basic::is_numeric),
            Tok::Rem | Tok::And | Tok::Or | Tok::Xor | Tok::AndNot => all(Basic::is_integer),
            Tok::LAnd | Tok::LOr => all(Basic::is_boolean),
            _ => false,
        }
    }

    fn match_types(&mut self, a: &mut Operand, x: &'a Expr<'a>, b: &mut Operand, y: &'a Expr<'a>) {
        let (ua, ub) = (self.types.is_untyped(a.ty), self.types.is_untyped(b.ty));
        if ua && !ub {
            if self.can_take(a, b.ty) {
                self.convert_untyped(a, b.ty, x);
            } else {
                self.mismatch(x, a, b);
            }
        } else if ub && !ua {
            if self.can_take(b, a.ty) {
                self.convert_untyped(b, a.ty, y);
            } else {
                self.mismatch(x, a, b);
            }
        } else if ua && ub && a.ty != b.ty {
            // Two untyped operands: the "larger" kind wins (int < rune < float < complex).
            let rank = |t: TypeId| match t {
                ids::UNTYPED_INT => 1,
                ids::UNTYPED_RUNE => 2,
                ids::UNTYPED_FLOAT => 3,
                ids::UNTYPED_COMPLEX => 4,
                _ => 0,
            };
            let (ra, rb) = (rank(a.ty), rank(b.ty));
            if ra > 0 && rb > 0 {
                let t = if ra > rb { a.ty } else { b.ty };
                a.ty = t;
                b.ty = t;
            } else if a.ty == ids::UNTYPED_NIL || b.ty == ids::UNTYPED_NIL {
                self.mismatch(x, a, b);
            }
        }
    }

    /// Whether an untyped operand can take type `t` in a binary operation.
    fn can_take(&self, a: &Operand, t: TypeId) -> bool {
        if a.ty == ids::UNTYPED_NIL {
            return matches!(
                self.types.under_type(t),
                Type::Pointer(_) | Type::Slice(_) | Type::Map(..) | Type::Chan(..) | Type::Func(_) | Type::Interface(_)
            );
        }
        if self.types.is_interface(t) {
            return true;
        }
        if let Some(terms) = self.tparam_terms(t) {
            return terms.iter().all(|term| self.can_take(a, term.ty));
        }
        let (Some(from), Some(to)) = (self.types.basic(a.ty), self.types.basic(t)) else {
            return false;
        };
        match from {
            Basic::UntypedBool => to.is_boolean(),
            Basic::UntypedString => to.is_string(),
            _ => to.is_numeric(),
        }
    }

    fn mismatch(&mut self, x: &'a Expr<'a>, a: &mut Operand, b: &mut Operand) {
        self.error(
            x.pos,
            format!(
                "invalid operation: mismatched types {} and {}",
                self.types.local_name(a.ty),
                self.types.local_name(b.ty)
            ),
        );
        a.ty = ids::INVALID;
        b.ty = ids::INVALID;
    }

    #[allow(clippy::too_many_arguments)]
    fn comparison(
        &mut self,
        e: &'a Expr<'a>,
        op: Tok,
        x: &'a Expr<'a>,
        y: &'a Expr<'a>,
        a: Operand,
        b: Operand,
        nil_cmp: bool,
    ) -> Operand {
        let s = self.expr_str(e);
        let assignable = a.ty == b.ty || self.assignable(b.ty, a.ty) || self.assignable(a.ty, b.ty);
        if !assignable {
            self.error(
                x.pos,
                format!(
                    "invalid operation: {s} (mismatched types {} and {})",
                    self.types.local_name(a.ty),
                    self.types.local_name(b.ty)
                ),
            );
            return Operand::invalid();
        }
        let ordered = matches!(op, Tok::Lss | Tok::Leq | Tok::Gtr | Tok::Geq);
        if ordered {
            if !self.types.all_basic(a.ty, |b| b.is_ordered()) {
                let d = self.describe(x, &a);
                self.error(
                    x.pos,
                    format!("invalid operation: {s} (operator {} not defined on {d})", op.as_str()),
                );
                return Operand::invalid();
            }
        } else {
            if !nil_cmp {
                for (o, ex) in [(&a, x), (&b, y)] {
                    if !self.types.comparable(o.ty) {
                        let what = match self.types.under_type(o.ty) {
                            Type::Slice(_) => "slice can only be compared to nil",
                            Type::Map(..) => "map can only be compared to nil",
                            Type::Func(_) => "func can only be compared to nil",
                            _ => "",
                        };
                        if what.is_empty() {
                            let d = self.describe(ex, o);
                            self.error(x.pos, format!("invalid operation: {s} ({d} cannot be compared)"));
                        } else {
                            self.error(x.pos, format!("invalid operation: {s} ({what})"));
                        }
                        return Operand::invalid();
                    }
                }
            } else if a.ty == ids::UNTYPED_NIL && b.ty == ids::UNTYPED_NIL {
                self.error(
                    x.pos,
                    format!("invalid operation: {s} (operator {} not defined on nil)", op.as_str()),
                );
                return Operand::invalid();
            }
        }
        if let (Mode::Const(u), Mode::Const(v)) = (&a.mode, &b.mode) {
            return match u.compare(op, v) {
                Ok(r) => Operand::constant(Value::Bool(r), ids::UNTYPED_BOOL),
                Err(m) => {
                    self.error(e.pos, m);
                    Operand::invalid()
                }
            };
        }
        let mut a = a;
        let mut b = b;
        self.default_untyped(&mut a, x);
        self.default_untyped(&mut b, y);
        Operand::value(ids::UNTYPED_BOOL)
    }

    fn shift(
        &mut self,
        e: &'a Expr<'a>,
        op: Tok,
        x: &'a Expr<'a>,
        y: &'a Expr<'a>,
        a: Operand,
        mut b: Operand,
    ) -> Operand {
        // The count: any integer, or an untyped constant representable as uint.
        if let Mode::Const(v) = &b.mode {
            match v.to_int() {
                Some(n) if n.sign() == num_bigint::Sign::Minus => {
                    let s = self.expr_str(y);
                    self.error(y.pos, format!("invalid shift count {s} (negative shift count)"));
                    return Operand::invalid();
                }
                Some(_) => {
                    if self.types.is_untyped(b.ty) {
                        self.convert_untyped(&mut b, ids::UINT, y);
                    }
                }
                None => {
                    let s = self.expr_str(y);
                    self.error(y.pos, format!("invalid shift count {s}"));
                    return Operand::invalid();
                }
            }
        } else if !self.types.all_basic(b.ty, |b| b.is_integer()) {
            let d = self.describe(y, &b);
            self.error(y.pos, format!("invalid operation: shift count {d} must be integer"));
            return Operand::invalid();
        } else {
            self.default_untyped(&mut b, y);
        }
        if let Mode::Const(v) = &a.mode {
            if let Mode::Const(c) = &b.mode {
                // A constant shift: an untyped left operand must be an integer value.
                let Some(n) = v.to_int() else {
                    let s = self.expr_str(x);
                    self.error(x.pos, format!("invalid operation: shifted operand {s} must be integer"));
                    return Operand::invalid();
                };
                let count = c.to_int().and_then(|c| c.to_u64()).unwrap_or(u64::MAX);
                let ty = if a.ty == ids::UNTYPED_FLOAT || a.ty == ids::UNTYPED_COMPLEX {
                    ids::UNTYPED_INT
                } else {
                    a.ty
                };
                return match Value::Int(n).shift(op, count) {
                    Ok(r) => self.typed_const(e, r, ty),
                    Err(m) => {
                        self.error(y.pos, format!("invalid shift: {m}"));
                        Operand::invalid()
                    }
                };
            }
            if self.types.is_untyped(a.ty) {
                // A non-constant shift of an untyped constant takes the type its context
                // gives (recorded when the expression is converted), int by default.
                if v.to_int().is_none() {
                    let s = self.expr_str(x);
                    self.error(x.pos, format!("invalid operation: shifted operand {s} must be integer"));
                    return Operand::invalid();
                }
                return Operand::value(ids::UNTYPED_INT);
            }
        }
        if !self.types.all_basic(a.ty, |b| b.is_integer()) {
            let d = self.describe(x, &a);
            self.error(x.pos, format!("invalid operation: shifted operand {d} must be integer"));
            return Operand::invalid();
        }
        Operand::value(a.ty)
    }

    // ---- untyped conversion and assignability ----

    /// Gives an untyped operand its default type.
    pub(super) fn default_untyped(&mut self, x: &mut Operand, e: &'a Expr<'a>) {
        if self.types.is_untyped(x.ty) && x.ty != ids::UNTYPED_NIL {
            let t = self.default_type(x.ty);
            self.convert_untyped(x, t, e);
        }
    }

    /// Converts an untyped operand to `target` (an interface target takes the default
    /// type), recording the final type on the expression.
    pub(super) fn convert_untyped(&mut self, x: &mut Operand, target: TypeId, e: &'a Expr<'a>) {
        if !self.types.is_untyped(x.ty) || x.is_invalid() {
            return;
        }
        let target = if self.types.is_interface(target) && x.ty != ids::UNTYPED_NIL {
            self.default_type(x.ty)
        } else {
            target
        };
        if let Mode::Const(v) = &x.mode
            && let Some(b) = self.types.basic(target)
        {
            match v.representable(const_kind(b)) {
                Some(r) => x.mode = Mode::Const(r),
                None => {
                    x.ty = ids::INVALID;
                    return;
                }
            }
        }
        x.ty = target;
        self.set_type(e, target);
    }

    /// Re-records the type of an untyped expression and its untyped operands.
    fn set_type(&mut self, e: &'a Expr<'a>, t: TypeId) {
        let Some(tv) = self.info.tvs.get_mut(&e.id) else {
            return;
        };
        if !matches!(tv.ty, ty if ty.0 >= ids::UNTYPED_BOOL.0 && ty.0 <= ids::UNTYPED_NIL.0) {
            return;
        }
        tv.ty = t;
        if let Mode::Const(v) = &tv.mode {
            if let Some(b) = self.types.basic(t)
                && let Some(r) = v.representable(const_kind(b))
                && let Some(tv) = self.info.tvs.get_mut(&e.id)
            {
                tv.mode = Mode::Const(r);
            }
            return;
        }
        // As deep as the expression (see `expr_or_type`).
        crate::deep(|| match &e.kind {
            ExprKind::Paren(x) => self.set_type(x, t),
            ExprKind::Unary { x, .. } => self.set_type(x, t),
            ExprKind::Binary { op, x, y } => {
                if matches!(op, Tok::Shl | Tok::Shr) {
                    self.set_type(x, t);
                } else if !matches!(op, Tok::Eql | Tok::Neq | Tok::Lss | Tok::Leq | Tok::Gtr | Tok::Geq) {
                    self.set_type(x, t);
                    self.set_type(y, t);
                }
            }
            _ => {}
        })
    }

    /// Whether a value of type `v` is assignable to type `t` (ignoring untyped constants'
    /// values).
    pub(super) fn assignable(&mut self, v: TypeId, t: TypeId) -> bool {
        if v == t || v == ids::INVALID || t == ids::INVALID {
            return true;
        }
        let (vu, tu) = (self.types.under(v), self.types.under(t));
        if self.types.is_untyped(v) {
            if v == ids::UNTYPED_NIL {
                return matches!(
                    self.types.get(tu),
                    Type::Pointer(_)
                        | Type::Slice(_)
                        | Type::Map(..)
                        | Type::Chan(..)
                        | Type::Func(_)
                        | Type::Interface(_)
                );
            }
            let x = Operand::value(v);
            return self.can_take(&x, t);
        }
        if vu == tu
            && (!self.types.is_named(v) || !self.types.is_named(t))
            && !matches!(self.types.get(tu), Type::Basic(_) if self.types.is_named(v) && self.types.is_named(t))
        {
            return true;
        }
        if self.types.is_interface(t) {
            return self.missing_method(v, t).is_none();
        }
        if let (Type::Chan(ast::ChanDir::Both, e1), Type::Chan(_, e2)) =
            (self.types.get(vu).clone(), self.types.get(tu).clone())
        {
            return e1 == e2 && (!self.types.is_named(v) || !self.types.is_named(t));
        }
        false
    }

    /// Checks that `x` can be assigned to type `t` in `context`, converting untyped values.
    pub(super) fn assign_to(&mut self, x: &mut Operand, t: TypeId, e: &'a Expr<'a>, context: &str) -> bool {
        if x.is_invalid() || t == ids::INVALID {
            return false;
        }
        if matches!(x.mode, Mode::Type | Mode::NoValue | Mode::Builtin(_) | Mode::Pkg) {
            return false;
        }
        if self.types.is_untyped(x.ty) {
            if x.ty == ids::UNTYPED_NIL && !self.assignable(x.ty, t) {
                self.error(
                    e.pos,
                    format!("cannot use nil as {} value in {context}", self.types.local_name(t)),
                );
                x.ty = ids::INVALID;
                return false;
            }
            let target = if self.types.is_interface(t) {
                self.default_type(x.ty)
            } else {
                t
            };
            if !self.assignable(x.ty, target) {
                let d = self.describe(e, x);
                self.error(
                    e.pos,
                    format!("cannot use {d} as {} value in {context}", self.types.local_name(t)),
                );
                x.ty = ids::INVALID;
                return false;
            }
            if let (Mode::Const(v), Some(b)) = (&x.mode, self.types.basic(target))
                && v.representable(const_kind(b)).is_none()
            {
                let d = self.describe(e, x);
                let why = if v.is_numeric() && matches!(v, Value::Float(_)) && b.is_integer() {
                    "truncated"
                } else {
                    "overflows"
                };
                self.error(
                    e.pos,
                    format!(
                        "cannot use {d} as {} value in {context} ({why})",
                        self.types.local_name(t)
                    ),
                );
                x.ty = ids::INVALID;
                return false;
            }
            self.convert_untyped(x, t, e);
            return true;
        }
        if !self.assignable(x.ty, t) {
            let d = self.describe(e, x);
            let mut msg = format!("cannot use {d} as {} value in {context}", self.types.local_name(t));
            if self.types.is_interface(t)
                && let Some(why) = self.missing_method(x.ty, t)
            {
                msg.push_str(&format!(
                    ": {} does not implement {} {why}",
                    self.types.local_name(x.ty),
                    self.types.local_name(t)
                ));
            }
            self.error(e.pos, msg);
            return false;
        }
        true
    }

    // ---- calls ----

    fn call(&mut self, e: &'a Expr<'a>, fun: &'a Expr<'a>, args: &'a [&'a Expr<'a>], ellipsis: bool) -> Operand {
        if let Some((g, targs)) = self.generic_callee(fun) {
            return self.generic_call(e, fun, g, targs, args, ellipsis);
        }
        let f = self.expr_or_type(fun);
        match f.mode {
            Mode::Type => return self.conversion(e, f.ty, args),
            Mode::Builtin(b) => return self.builtin_call(b, e, args, ellipsis),
            Mode::Pkg => {
                let s = self.expr_str(fun);
                self.error(fun.pos, format!("use of package {s} without selector"));
                for a in args {
                    self.expr_or_type(a);
                }
                return Operand::invalid();
            }
            _ => {}
        }
        if f.is_invalid() {
            for a in args {
                self.expr_or_type(a);
            }
            return Operand::invalid();
        }
        let Some(sig) = self.types.sig(f.ty).cloned() else {
            let d = self.describe(fun, &f);
            self.error(e.pos, format!("invalid operation: cannot call non-function {d}"));
            for a in args {
                self.expr_or_type(a);
            }
            return Operand::invalid();
        };
        self.call_args(e, fun, &sig, args, ellipsis);
        let r = self.types.tuple(sig.results.clone());
        if sig.results.is_empty() {
            return Operand::no_value();
        }
        Operand::value(r)
    }

    fn call_args(
        &mut self,
        e: &'a Expr<'a>,
        fun: &'a Expr<'a>,
        sig: &crate::front::types::Sig,
        args: &'a [&'a Expr<'a>],
        ellipsis: bool,
    ) {
        let ops = self.call_operands(args, ellipsis);
        self.check_call_args(e, fun, sig, ops, ellipsis);
    }

    /// A call's arguments as operands.
    pub(super) fn call_operands(&mut self, args: &'a [&'a Expr<'a>], ellipsis: bool) -> Vec<(Operand, &'a Expr<'a>)> {
        // f(g()) with g returning several values spreads them over the parameters.
        let mut ops: Vec<(Operand, &'a Expr<'a>)> = Vec::new();
        if args.len() == 1 && !ellipsis {
            let x = self.expr_or_type(args[0]);
            if let Type::Tuple(elems) = self.types.get(x.ty).clone() {
                if elems.len() > 1 {
                    for t in elems {
                        ops.push((Operand::value(t), args[0]));
                    }
                } else {
                    let x = self.expr(args[0]);
                    ops.push((x, args[0]));
                }
            } else {
                let x = if matches!(x.mode, Mode::Type | Mode::NoValue | Mode::Builtin(_) | Mode::Pkg) {
                    self.expr(args[0])
                } else {
                    x
                };
                ops.push((x, args[0]));
            }
        } else {
            for a in args {
                let x = self.expr(a);
                ops.push((x, a));
            }
        }
        ops
    }

    /// Checks a call's arguments against the signature called.
    pub(super) fn check_call_args(
        &mut self,
        e: &'a Expr<'a>,
        fun: &'a Expr<'a>,
        sig: &crate::front::types::Sig,
        ops: Vec<(Operand, &'a Expr<'a>)>,
        ellipsis: bool,
    ) {
        let np = sig.params.len();
        let fname = self.expr_str(fun);
        if ellipsis {
            if !sig.variadic {
                let s = self.expr_str(e);
                self.error(e.pos, format!("have (...) but function is not variadic: {s}"));
                return;
            }
            if ops.len() != np {
                self.arg_count_error(e, &fname, sig, &ops);
                return;
            }
        } else if (sig.variadic && ops.len() < np - 1) || (!sig.variadic && ops.len() != np) {
            self.arg_count_error(e, &fname, sig, &ops);
            return;
        }
        for (i, (mut x, a)) in ops.into_iter().enumerate() {
            let t = if sig.variadic && i >= np - 1 && !ellipsis {
                self.types.elem(sig.params[np - 1]).unwrap_or(ids::INVALID)
            } else {
                sig.params[i]
            };
            let ctx = format!("argument to {fname}");
            self.assign_to(&mut x, t, a, &ctx);
        }
    }

    fn arg_count_error(
        &mut self,
        e: &'a Expr<'a>,
        fname: &str,
        sig: &crate::front::types::Sig,
        ops: &[(Operand, &'a Expr<'a>)],
    ) {
        let few = ops.len() < sig.params.len();
        let have: Vec<String> = ops
            .iter()
            .map(|(o, _)| self.types.local_name(self.default_type(o.ty)))
            .collect();
        let want = self.types.func(sig.params.clone(), vec![], sig.variadic);
        let want = self.types.local_name(want);
        let pos = match (few, &e.kind) {
            (true, ExprKind::Call { args, .. }) if !args.is_empty() => args[args.len() - 1].pos,
            (true, ExprKind::Call { rparen, .. }) => *rparen,
            (false, _) => ops.get(sig.params.len()).map_or(e.pos, |o| o.1.pos),
            _ => e.pos,
        };
        let which = if few { "not enough" } else { "too many" };
        self.error(
            pos,
            format!(
                "{which} arguments in call to {fname}\n\thave ({})\n\twant {}",
                have.join(", "),
                want.trim_start_matches("func")
            ),
        );
    }

    fn conversion(&mut self, e: &'a Expr<'a>, t: TypeId, args: &'a [&'a Expr<'a>]) -> Operand {
        if args.len() != 1 {
            let which = if args.is_empty() {
                "missing argument in"
            } else {
                "too many arguments in"
            };
            self.error(e.pos, format!("{which} conversion to {}", self.types.local_name(t)));
            return Operand::invalid();
        }
        let mut x = self.expr(args[0]);
        if x.is_invalid() || t == ids::INVALID {
            return Operand::invalid();
        }
        let tb = self.types.basic(t);
        if let Mode::Const(v) = &x.mode
            && let Some(tb) = tb.filter(|b| *b != Basic::Invalid)
        {
            // Constant conversions stay constant (except to a non-constant type).
            let from = self.types.basic(x.ty);
            let r = if tb.is_string() && from.is_some_and(|f| f.is_integer()) {
                let cp = v
                    .to_int()
                    .and_then(|i| i.to_u32())
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                Some(Value::String(cp.to_string().into_bytes().into()))
            } else if tb.is_numeric() && from.is_some_and(|f| f.is_numeric()) {
                let conv = if tb.is_integer() {
                    v.to_int().map(Value::Int)
                } else {
                    Some(v.clone())
                };
                match conv.and_then(|c| c.representable(const_kind(tb))) {
                    Some(r) => Some(r),
                    None => {
                        let d = self.describe(args[0], &x);
                        let why = if tb.is_integer() && v.to_int().is_none() {
                            "truncated"
                        } else {
                            "overflows"
                        };
                        self.error(
                            args[0].pos,
                            format!("cannot convert {d} to type {} ({why})", self.types.local_name(t)),
                        );
                        return Operand::invalid();
                    }
                }
            } else if tb.is_string() && from.is_some_and(|f| f.is_string())
                || tb.is_boolean() && from.is_some_and(|f| f.is_boolean())
            {
                Some(v.clone())
            } else {
                None
            };
            if let Some(r) = r {
                self.set_type(args[0], self.default_type(x.ty));
                return Operand::constant(r, t);
            }
        }
        if !self.convertible(&x, t) {
            let d = self.describe(args[0], &x);
            self.error(
                args[0].pos,
                format!("cannot convert {d} to type {}", self.types.local_name(t)),
            );
            return Operand::invalid();
        }
        if self.types.is_untyped(x.ty) {
            let target = if x.ty == ids::UNTYPED_NIL
                || tb.is_some_and(|b| !b.is_string() || self.types.basic(x.ty) == Some(Basic::UntypedString))
                    && !self.types.is_interface(t)
            {
                t
            } else {
                self.default_type(x.ty)
            };
            let target = if self.types.basic(target).is_some() || x.ty == ids::UNTYPED_NIL {
                target
            } else {
                self.default_type(x.ty)
            };
            self.convert_untyped(&mut x, target, args[0]);
        }
        Operand::value(t)
    }

    fn convertible(&mut self, x: &Operand, t: TypeId) -> bool {
        if self.assignable(x.ty, t) {
            return true;
        }
        // A conversion from or to a type parameter without a core type must be valid for
        // every type its constraint admits.
        if let Some(terms) = self.tparam_terms(x.ty) {
            return terms.iter().all(|term| self.convertible(&Operand::value(term.ty), t));
        }
        if let Some(terms) = self.tparam_terms(t) {
            return terms.iter().all(|term| self.convertible(x, term.ty));
        }
        let (vu, tu) = (self.types.under(x.ty), self.types.under(t));
        if vu == tu {
            return true;
        }
        if let (Type::Pointer(a), Type::Pointer(b)) = (self.types.get(vu).clone(), self.types.get(tu).clone())
            && self.types.under(a) == self.types.under(b)
        {
            return true;
        }
        let (vb, tb) = (self.types.basic(x.ty), self.types.basic(t));
        if let (Some(vb), Some(tb)) = (vb, tb) {
            if (vb.is_integer() || vb.is_float()) && (tb.is_integer() || tb.is_float()) {
                return true;
            }
            if vb.is_complex() && tb.is_complex() {
                return true;
            }
            if vb.is_integer() && tb.is_string() {
                return true;
            }
        }
        let byte_or_rune_slice = |types: &crate::front::types::Types, s: TypeId| match types.get(s) {
            Type::Slice(e) => matches!(types.basic(*e), Some(Basic::Uint8) | Some(Basic::Int32)),
            _ => false,
        };
        if vb.is_some_and(|b| b.is_string()) && byte_or_rune_slice(&self.types, tu) {
            return true;
        }
        if tb.is_some_and(|b| b.is_string()) && byte_or_rune_slice(&self.types, vu) {
            return true;
        }
        if let (Type::Slice(e), Type::Array(_, a)) = (self.types.get(vu), self.types.get(tu)) {
            return e == a;
        }
        false
    }

    // ---- composite literals ----

    fn composite_lit(
        &mut self,
        e: &'a Expr<'a>,
        typ: Option<&'a Expr<'a>>,
        elts: &'a [&'a Expr<'a>],
        implied: Option<TypeId>,
    ) -> Operand {
        let t = match (typ, implied) {
            (Some(t), _) => match &t.kind {
                ExprKind::ArrayType { len: Some(l), elem } if matches!(l.kind, ExprKind::Ellipsis(None)) => {
                    let el = self.type_expr(elem);
                    let n = self.count_elems(elts);
                    let at = self.types.intern(Type::Array(n, el));
                    self.record(t, Mode::Type, at);
                    at
                }
                _ => self.type_expr(t),
            },
            (None, Some(t)) => t,
            (None, None) => {
                self.error(e.pos, "invalid composite literal type: missing type");
                return Operand::invalid();
            }
        };
        // `&T{}` elided inside a literal of pointers.
        let (base, ptr) = match (typ, self.types.get(t)) {
            (None, Type::Pointer(p)) => (*p, true),
            _ => (t, false),
        };
        match self.types.under_type(base).clone() {
            Type::Struct(fields) => self.struct_lit(e, base, &fields, elts),
            Type::Array(n, elem) => {
                self.indexed_elems(elts, elem, Some(n));
            }
            Type::Slice(elem) => {
                self.indexed_elems(elts, elem, None);
            }
            Type::Map(k, v) => {
                for el in elts {
                    let ExprKind::KeyValue { key, value } = &el.kind else {
                        self.error(el.pos, "missing key in map literal");
                        continue;
                    };
                    self.elem_value(key, k);
                    self.elem_value(value, v);
                }
            }
            _ => {
                if base != ids::INVALID {
                    self.error(
                        e.pos,
                        format!("invalid composite literal type {}", self.types.local_name(base)),
                    );
                }
                return Operand::invalid();
            }
        }
        if ptr {
            self.record(e, Mode::Value, base);
            return Operand::value(t);
        }
        Operand::value(t)
    }

    fn count_elems(&mut self, elts: &'a [&'a Expr<'a>]) -> u64 {
        let mut max = 0u64;
        let mut i = 0u64;
        for el in elts {
            if let ExprKind::KeyValue { key, .. } = &el.kind
                && let Mode::Const(v) = self.expr(key).mode
            {
                i = v.to_int().and_then(|n| n.to_u64()).unwrap_or(i);
            }
            i += 1;
            max = max.max(i);
        }
        max
    }

    fn indexed_elems(&mut self, elts: &'a [&'a Expr<'a>], elem: TypeId, len: Option<u64>) {
        let mut i = 0u64;
        let mut seen = hashbrown::HashSet::new();
        for el in elts {
            let value = if let ExprKind::KeyValue { key, value } = &el.kind {
                if let Some(k) = self.index_value(key, len) {
                    i = k;
                }
                value
            } else {
                if let Some(n) = len
                    && i >= n
                {
                    self.error(el.pos, format!("index {i} is out of bounds (>= {n})"));
                }
                el
            };
            if !seen.insert(i) {
                self.error(el.pos, format!("duplicate index {i} in array or slice literal"));
            }
            self.elem_value(value, elem);
            i += 1;
        }
    }

    /// An element of a composite literal: a nested literal may omit its type.
    fn elem_value(&mut self, v: &'a Expr<'a>, t: TypeId) {
        if let ExprKind::CompositeLit { typ: None, elts, .. } = &v.kind {
            let o = self.composite_lit(v, None, elts, Some(t));
            self.record(v, o.mode, o.ty);
            return;
        }
        if let ExprKind::Unary { op: Tok::And, x } = &v.kind
            && let (ExprKind::CompositeLit { typ: None, elts, .. }, Type::Pointer(p)) =
                (&x.kind, self.types.get(t).clone())
        {
            let o = self.composite_lit(x, None, elts, Some(p));
            self.record(x, o.mode, o.ty);
            self.record(v, Mode::Value, t);
            return;
        }
        let mut x = self.expr(v);
        self.assign_to(&mut x, t, v, "array or slice literal");
    }

    fn struct_lit(
        &mut self,
        e: &'a Expr<'a>,
        t: TypeId,
        fields: &[crate::front::types::Field],
        elts: &'a [&'a Expr<'a>],
    ) {
        if elts.is_empty() {
            return;
        }
        let keyed = matches!(elts[0].kind, ExprKind::KeyValue { .. });
        if keyed {
            let mut seen = Vec::new();
            for el in elts {
                let ExprKind::KeyValue { key, value } = &el.kind else {
                    self.error(el.pos, "mixture of field:value and value elements in struct literal");
                    continue;
                };
                let ExprKind::Ident(k) = &key.kind else {
                    self.error(key.pos, "invalid field name in struct literal");
                    continue;
                };
                let Some(i) = fields.iter().position(|f| f.name == k.name) else {
                    self.error(
                        k.pos,
                        format!(
                            "unknown field {} in struct literal of type {}",
                            k.name,
                            self.types.local_name(t)
                        ),
                    );
                    self.expr(value);
                    continue;
                };
                if seen.contains(&i) {
                    self.error(k.pos, format!("duplicate field name {} in struct literal", k.name));
                }
                seen.push(i);
                self.elem_value(value, fields[i].ty);
            }
        } else {
            for (i, el) in elts.iter().enumerate() {
                if matches!(el.kind, ExprKind::KeyValue { .. }) {
                    self.error(el.pos, "mixture of field:value and value elements in struct literal");
                    continue;
                }
                match fields.get(i) {
                    Some(f) => self.elem_value(el, f.ty),
                    None => {
                        self.error(
                            el.pos,
                            format!("too many values in struct literal of type {}", self.types.local_name(t)),
                        );
                        return;
                    }
                }
            }
            if elts.len() < fields.len() {
                let end = match &e.kind {
                    ExprKind::CompositeLit { rbrace, .. } => *rbrace,
                    _ => e.pos,
                };
                self.error(
                    end,
                    format!("too few values in struct literal of type {}", self.types.local_name(t)),
                );
            }
        }
    }

    // ---- printing expressions in messages ----

    /// An operand as Go's messages describe it: `x (variable of type int)`.
    /// The element type of the channel `v` (the operand `x`) that an operation `what`
    /// ("receive from", "send to", "close") uses, or None after reporting why it cannot:
    /// not a channel, or a channel of direction `forbidden`.
    pub(super) fn channel(
        &mut self,
        x: &'a Expr<'a>,
        v: &Operand,
        what: &str,
        forbidden: ast::ChanDir,
    ) -> Option<TypeId> {
        if v.is_invalid() {
            return None;
        }
        match self.types.under_type(v.ty).clone() {
            Type::Chan(dir, elem) if dir != forbidden || dir == ast::ChanDir::Both => Some(elem),
            Type::Chan(dir, _) => {
                let d = self.describe(x, v);
                let only = if dir == ast::ChanDir::Send {
                    "send-only"
                } else {
                    "receive-only"
                };
                self.error(x.pos, format!("invalid operation: cannot {what} {only} channel {d}"));
                None
            }
            _ => {
                let d = self.describe(x, v);
                self.error(x.pos, format!("invalid operation: cannot {what} non-channel {d}"));
                None
            }
        }
    }

    pub(super) fn describe(&mut self, e: &'a Expr<'a>, x: &Operand) -> String {
        let s = self.expr_str(e);
        let t = self.types.local_name(x.ty);
        match &x.mode {
            Mode::Const(v) if self.types.is_untyped(x.ty) => {
                let lit = matches!(e.unparen().kind, ExprKind::BasicLit { .. });
                if lit {
                    format!("{s} ({t} constant)")
                } else {
                    format!("{s} ({t} constant {v})")
                }
            }
            Mode::Const(v) => {
                let lit = matches!(e.unparen().kind, ExprKind::BasicLit { .. });
                if lit || s == v.to_string() {
                    format!("{s} (constant of type {t})")
                } else {
                    format!("{s} (constant {v} of type {t})")
                }
            }
            Mode::Var | Mode::MapIndex => format!("{s} (variable of type {t})"),
            _ if x.ty == ids::UNTYPED_NIL => "nil".to_string(),
            _ => format!("{s} (value of type {t})"),
        }
    }

    /// An expression printed as Go's messages print it (composite literal bodies elided).
    pub(super) fn expr_str(&self, e: &Expr) -> String {
        let mut s = String::new();
        write_expr(e, &mut s);
        s
    }
}

fn write_expr(e: &Expr, s: &mut String) {
    // As deep as the expression (see `Checker::expr_or_type`).
    crate::deep(|| match &e.kind {
        ExprKind::Ident(id) => s.push_str(id.name),
        ExprKind::BasicLit { raw, .. } => s.push_str(raw),
        ExprKind::CompositeLit { typ, elts, .. } => {
            if let Some(t) = typ {
                write_expr(t, s);
            }
            s.push_str(if elts.is_empty() { "{}" } else { "{…}" });
        }
        ExprKind::KeyValue { key, value } => {
            write_expr(key, s);
            s.push_str(": ");
            write_expr(value, s);
        }
        ExprKind::FuncLit { .. } => s.push_str("func literal"),
        ExprKind::Paren(x) => {
            s.push('(');
            write_expr(x, s);
            s.push(')');
        }
        ExprKind::Selector(x, sel) => {
            write_expr(x, s);
            s.push('.');
            s.push_str(sel.name);
        }
        ExprKind::Index(x, idx) => {
            write_expr(x, s);
            s.push('[');
            for (i, ix) in idx.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_expr(ix, s);
            }
            s.push(']');
        }
        ExprKind::Slice { x, lo, hi, max, three } => {
            write_expr(x, s);
            s.push('[');
            if let Some(l) = lo {
                write_expr(l, s);
            }
            s.push(':');
            if let Some(h) = hi {
                write_expr(h, s);
            }
            if *three {
                s.push(':');
                if let Some(m) = max {
                    write_expr(m, s);
                }
            }
            s.push(']');
        }
        ExprKind::TypeAssert { x, typ } => {
            write_expr(x, s);
            s.push_str(".(");
            match typ {
                Some(t) => write_expr(t, s),
                None => s.push_str("type"),
            }
            s.push(')');
        }
        ExprKind::Call {
            fun, args, ellipsis, ..
        } => {
            write_expr(fun, s);
            s.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                write_expr(a, s);
            }
            if ellipsis.is_some() {
                s.push_str("...");
            }
            s.push(')');
        }
        ExprKind::Star(x) => {
            s.push('*');
            write_expr(x, s);
        }
        ExprKind::Unary { op, x } => {
            s.push_str(op.as_str());
            write_expr(x, s);
        }
        ExprKind::Binary { op, x, y } => {
            write_expr(x, s);
            s.push(' ');
            s.push_str(op.as_str());
            s.push(' ');
            write_expr(y, s);
        }
        ExprKind::ArrayType { len, elem } => {
            s.push('[');
            if let Some(l) = len {
                write_expr(l, s);
            }
            s.push(']');
            write_expr(elem, s);
        }
        ExprKind::Ellipsis(x) => {
            s.push_str("...");
            if let Some(x) = x {
                write_expr(x, s);
            }
        }
        ExprKind::StructType { .. } => s.push_str("struct{...}"),
        ExprKind::FuncType(_) => s.push_str("func(...)"),
        ExprKind::InterfaceType { elems } => s.push_str(if elems.is_empty() {
            "interface{}"
        } else {
            "interface{...}"
        }),
        ExprKind::MapType { key, value } => {
            s.push_str("map[");
            write_expr(key, s);
            s.push(']');
            write_expr(value, s);
        }
        ExprKind::ChanType { elem, .. } => {
            s.push_str("chan ");
            write_expr(elem, s);
        }
        ExprKind::Bad => s.push_str("BadExpr"),
    })
}

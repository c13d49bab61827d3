//! Type expressions: `[]int`, `map[string]*T`, `struct{...}`, `func(int) error`.

use super::generic::is_union;
use super::{Checker, Mode};
use crate::front::ast::{self, ExprKind};
use crate::front::constant::Value;
use crate::front::types::{Field, IMethod, Term, Type, TypeId, TypeSet, ids};
use num_traits::ToPrimitive;

impl<'a> Checker<'a> {
    /// The type an expression denotes; reports an error and gives `INVALID` if it is not
    /// a type.
    pub(super) fn type_expr(&mut self, e: &'a ast::Expr<'a>) -> TypeId {
        let t = self.type_expr_inner(e);
        self.record(e, Mode::Type, t);
        t
    }

    fn type_expr_inner(&mut self, e: &'a ast::Expr<'a>) -> TypeId {
        match &e.kind {
            // A name, or an instantiation `List[int]`.
            ExprKind::Ident(_) | ExprKind::Selector(..) | ExprKind::Index(..) => {
                let x = self.expr_or_type(e);
                match x.mode {
                    Mode::Type => self.usable_type(e, x.ty),
                    // Invalid and already reported; a package or builtin has no type but
                    // was not.
                    _ if x.ty == ids::INVALID && !matches!(x.mode, Mode::Builtin(_) | Mode::Pkg) => ids::INVALID,
                    _ => {
                        let s = self.expr_str(e);
                        self.error(e.pos, format!("{s} is not a type"));
                        ids::INVALID
                    }
                }
            }
            ExprKind::Paren(x) => self.type_expr(x),
            ExprKind::Star(x) => {
                let t = self.type_expr(x);
                self.types.pointer(t)
            }
            ExprKind::ArrayType { len: None, elem } => {
                let t = self.type_expr(elem);
                self.types.slice(t)
            }
            ExprKind::ArrayType { len: Some(len), elem } => {
                let n = self.array_len(len);
                let t = self.type_expr(elem);
                self.types.intern(Type::Array(n, t))
            }
            ExprKind::MapType { key, value } => {
                let k = self.type_expr(key);
                let v = self.type_expr(value);
                match &mut self.delayed_keys {
                    // A type parameter's constraint may not be known yet.
                    Some(keys) if self.types.is_tparam(k) => keys.push((key.pos, k)),
                    _ => self.check_map_key(key.pos, k),
                }
                self.types.intern(Type::Map(k, v))
            }
            ExprKind::ChanType { dir, elem } => {
                let t = self.type_expr(elem);
                self.types.intern(Type::Chan(*dir, t))
            }
            ExprKind::FuncType(ft) => self.func_type(ft, Vec::new()),
            ExprKind::StructType { fields } => self.struct_type(fields),
            ExprKind::InterfaceType { elems } => self.interface_type(elems),
            ExprKind::Ellipsis(_) => {
                self.error(e.pos, "invalid use of ...");
                ids::INVALID
            }
            _ => {
                let s = self.expr_str(e);
                self.error(e.pos, format!("{s} is not a type"));
                ids::INVALID
            }
        }
    }

    /// A named type where a type is expected: a generic one must be instantiated and a
    /// constraint interface can only constrain.
    fn usable_type(&mut self, e: &'a ast::Expr<'a>, t: TypeId) -> TypeId {
        if let Some(n) = self.types.named_info(t).filter(|n| !n.tparams.is_empty()) {
            let params: Vec<String> = n
                .tparams
                .iter()
                .map(|&p| {
                    let c = self.types.tparam(p).map_or(ids::ANY, |p| p.constraint);
                    let c = if c == ids::ANY {
                        "any".to_string()
                    } else {
                        self.types.local_name(c)
                    };
                    format!("{} {c}", self.types.local_name(p))
                })
                .collect();
            let s = self.types.local_name(t);
            self.error(
                e.pos,
                format!(
                    "cannot use generic type {s}[{}] without instantiation",
                    params.join(", ")
                ),
            );
            return ids::INVALID;
        }
        if !self.in_constraint
            && let Type::Constraint(set) = self.types.under_type(t)
        {
            let why = if set.comparable && set.terms.is_none() {
                "interface is (or embeds) comparable"
            } else {
                "interface contains type constraints"
            };
            let s = self.expr_str(e);
            self.error(e.pos, format!("cannot use type {s} outside a type constraint: {why}"));
            return ids::INVALID;
        }
        t
    }

    pub(super) fn check_map_key(&mut self, pos: crate::front::source::Pos, k: TypeId) {
        if k != ids::INVALID && !self.types.comparable(k) {
            let s = self.types.local_name(k);
            let why = if self.types.is_tparam(k) {
                " (missing comparable constraint)"
            } else {
                ""
            };
            self.error(pos, format!("invalid map key type {s}{why}"));
        }
    }

    fn array_len(&mut self, len: &'a ast::Expr<'a>) -> u64 {
        if let ExprKind::Ellipsis(None) = len.kind {
            self.error(len.pos, "invalid use of [...] array (outside a composite literal)");
            return 0;
        }
        let x = self.expr(len);
        match &x.mode {
            Mode::Const(v) => {
                let is_int = self.types.all_basic(x.ty, |b| b.is_integer() || b.is_untyped());
                match v.to_int().and_then(|i| i.to_i64()) {
                    Some(n) if n >= 0 && is_int => n as u64,
                    Some(n) if n < 0 => {
                        let s = self.expr_str(len);
                        self.error(len.pos, format!("invalid array length {s} (untyped int constant {n})"));
                        0
                    }
                    _ => {
                        let s = self.expr_str(len);
                        self.error(len.pos, format!("array length {s} must be integer"));
                        0
                    }
                }
            }
            _ => {
                if x.ty != ids::INVALID {
                    let s = self.expr_str(len);
                    self.error(len.pos, format!("invalid array length {s}"));
                }
                0
            }
        }
    }

    /// A function type; `params` starts with the receiver for methods.
    pub(super) fn func_type(&mut self, ft: &'a ast::FuncType<'a>, mut params: Vec<TypeId>) -> TypeId {
        let mut variadic = false;
        for (i, field) in ft.params.iter().enumerate() {
            let t = match &field.typ.kind {
                ExprKind::Ellipsis(Some(elem)) => {
                    if i + 1 != ft.params.len() || field.names.len() > 1 {
                        self.error(field.typ.pos, "can only use ... with final parameter in list");
                    }
                    variadic = true;
                    let e = self.type_expr(elem);
                    self.types.slice(e)
                }
                _ => self.type_expr(field.typ),
            };
            for _ in 0..field.names.len().max(1) {
                params.push(t);
            }
        }
        let mut results = Vec::new();
        for field in ft.results {
            let t = self.type_expr(field.typ);
            for _ in 0..field.names.len().max(1) {
                results.push(t);
            }
        }
        self.types.func(params, results, variadic)
    }

    fn struct_type(&mut self, fields: &'a [ast::Field<'a>]) -> TypeId {
        let mut out: Vec<Field> = Vec::new();
        for f in fields {
            let t = self.type_expr(f.typ);
            let tag = f.tag.map(|t| match Value::from_literal(ast::LitKind::String, t) {
                Ok(Value::String(s)) => String::from_utf8_lossy(&s).into_owned(),
                _ => String::new(),
            });
            if f.names.is_empty() {
                // An embedded field is named after its type, without package or pointer.
                let mut base = f.typ.unparen();
                if let ExprKind::Star(inner) = &base.kind {
                    base = inner.unparen();
                }
                if let ExprKind::Index(generic, _) = &base.kind {
                    base = generic.unparen();
                }
                let name = match &base.kind {
                    ExprKind::Ident(id) => id.name,
                    ExprKind::Selector(_, sel) => sel.name,
                    _ => "?",
                };
                self.add_field(&mut out, name, t, true, tag, f.typ.pos);
            } else {
                for n in f.names {
                    self.add_field(&mut out, n.name, t, false, tag.clone(), n.pos);
                }
            }
        }
        self.types.intern(Type::Struct(out))
    }

    fn add_field(
        &mut self,
        out: &mut Vec<Field>,
        name: &str,
        ty: TypeId,
        embedded: bool,
        tag: Option<String>,
        pos: crate::front::source::Pos,
    ) {
        if name != "_" && out.iter().any(|f| f.name == name) {
            self.error(pos, format!("{name} redeclared"));
            return;
        }
        let exported = name.chars().next().is_some_and(char::is_uppercase);
        out.push(Field {
            name: name.to_string(),
            ty,
            embedded,
            tag,
            exported,
        });
    }

    fn interface_type(&mut self, elems: &'a [ast::InterfaceElem<'a>]) -> TypeId {
        let mut methods: Vec<IMethod> = Vec::new();
        // Embedded unions and constraints restrict the type set.
        let mut terms: Option<Vec<Term>> = None;
        let mut comparable = false;
        for el in elems {
            match el {
                ast::InterfaceElem::Method { name, typ } => {
                    let sig = self.func_type(typ, Vec::new());
                    if methods.iter().any(|m| m.name == name.name) {
                        self.error(name.pos, format!("duplicate method {}", name.name));
                        continue;
                    }
                    methods.push(IMethod {
                        name: name.name.to_string(),
                        sig,
                    });
                }
                ast::InterfaceElem::Embed(e) if is_union(e) => {
                    let u = self.union_terms(e);
                    terms = self.intersect_terms(terms, u);
                }
                ast::InterfaceElem::Embed(e) => {
                    let t = self.term_type(e);
                    let embedded = match self.types.under_type(t).clone() {
                        Type::Interface(ms) => ms,
                        Type::Constraint(set) => {
                            comparable |= set.comparable;
                            if let Some(u) = set.terms {
                                terms = self.intersect_terms(terms, u);
                            }
                            set.methods
                        }
                        _ if t == ids::INVALID => Vec::new(),
                        _ => {
                            terms = self.intersect_terms(terms, vec![Term { tilde: false, ty: t }]);
                            Vec::new()
                        }
                    };
                    for m in embedded {
                        if !methods.iter().any(|x| x.name == m.name) {
                            methods.push(m);
                        }
                    }
                }
            }
        }
        methods.sort_by(|a, b| a.name.cmp(&b.name));
        if terms.is_some() || comparable {
            return self.types.intern(Type::Constraint(TypeSet {
                methods,
                terms,
                comparable,
            }));
        }
        self.types.intern(Type::Interface(methods))
    }
}

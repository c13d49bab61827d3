//! Generics: type parameters and constraints, instantiation of generic types and
//! functions, type argument inference, and the checking of instances.
//!
//! govm monomorphises (docs/ARCHITECTURE.md says why). A generic body is checked once with
//! its type parameters as types, for Go's compile errors. Every instantiation with concrete
//! type arguments becomes an object of its own (a function, or a method of an instantiated
//! type) whose body is checked again with the parameters' names bound to the arguments;
//! what that check records goes into a side table of its own ([`super::Checked::bodies`]),
//! so the compiler sees only concrete types and needs no notion of generics.

use super::expr::Operand;
use super::{Checker, ObjId, ObjKind};
use crate::front::ast::{self, Expr, ExprKind};
use crate::front::source::Pos;
use crate::front::token::Tok;
use crate::front::types::{IMethod, Sig, Term, Type, TypeId, TypeSet, ids};

/// A substitution of type arguments for type parameters.
pub(super) type Env = Vec<(TypeId, TypeId)>;

impl<'a> Checker<'a> {
    // ---- type parameters and constraints ----

    /// Declares a parameter list's type parameters in the current scope, then evaluates
    /// their constraints (which may mention any of them: `[S ~[]E, E any]`).
    pub(super) fn declare_tparams(&mut self, fields: &'a [ast::Field<'a>]) -> Vec<TypeId> {
        let mut tps = Vec::new();
        for f in fields {
            for n in f.names {
                let t = self.types.new_tparam(n.name.to_string(), n.pos);
                let o = self.declare(n, ObjKind::TypeName, t);
                self.objs[o.0 as usize].used = true;
                tps.push(t);
            }
        }
        let saved = self.delayed_keys.replace(Vec::new());
        let mut i = 0;
        for f in fields {
            let c = self.constraint(f.typ);
            for _ in f.names {
                self.set_constraint(tps[i], c);
                i += 1;
            }
        }
        let keys = std::mem::replace(&mut self.delayed_keys, saved).unwrap_or_default();
        for (pos, k) in keys {
            self.check_map_key(pos, k);
        }
        tps
    }

    /// Declares `names` as the given types: a generic body's type parameters, or in an
    /// instance the type arguments standing for them.
    pub(super) fn bind_tparams(&mut self, names: &[&'a ast::Ident<'a>], types: &[TypeId]) {
        for (n, &t) in names.iter().zip(types) {
            let o = self.declare(n, ObjKind::TypeName, t);
            self.objs[o.0 as usize].used = true;
        }
    }

    fn set_constraint(&mut self, tp: TypeId, c: TypeId) {
        let core = self.core_of(c);
        if let Type::Param(i) = self.types.get(tp) {
            let i = *i as usize;
            self.types.tparams[i].constraint = c;
            self.types.tparams[i].core = core;
        }
    }

    /// The single underlying type of every type a constraint admits, if it has terms and
    /// they all share one.
    fn core_of(&self, c: TypeId) -> Option<TypeId> {
        let terms = self.types.type_set(c)?.terms?;
        let first = self.types.under(terms.first()?.ty);
        terms.iter().all(|t| self.types.under(t.ty) == first).then_some(first)
    }

    /// The terms of a type parameter that has no core type (None for other types).
    pub(super) fn tparam_terms(&self, t: TypeId) -> Option<Vec<Term>> {
        if !self.types.is_tparam(t) || self.types.under(t) != t {
            return None;
        }
        self.types.type_set(t)?.terms.filter(|t| !t.is_empty())
    }

    /// A constraint: an interface, or a union or single type standing for the interface
    /// made of it (`[T ~int | ~float64]`, `[P *T]`).
    fn constraint(&mut self, e: &'a Expr<'a>) -> TypeId {
        if is_union(e) {
            let terms = self.union_terms(e);
            return self.types.intern(Type::Constraint(TypeSet {
                terms: Some(terms),
                ..TypeSet::default()
            }));
        }
        let t = self.constraint_type_expr(e);
        if self.types.is_tparam(t) {
            // Its type set would be defined by itself (`[T U, U T]`).
            self.error(e.pos, "cannot use a type parameter as constraint");
            return ids::ANY;
        }
        match self.types.under_type(t) {
            _ if t == ids::INVALID => ids::ANY,
            Type::Interface(_) | Type::Constraint(_) => t,
            _ => self.types.intern(Type::Constraint(TypeSet {
                terms: Some(vec![Term { tilde: false, ty: t }]),
                ..TypeSet::default()
            })),
        }
    }

    /// A type expression where constraint interfaces are allowed.
    pub(super) fn constraint_type_expr(&mut self, e: &'a Expr<'a>) -> TypeId {
        let saved = std::mem::replace(&mut self.in_constraint, true);
        let t = self.type_expr(e);
        self.in_constraint = saved;
        t
    }

    /// The terms of a union `A | ~B | C`; a constraint interface among them contributes
    /// its own terms.
    pub(super) fn union_terms(&mut self, e: &'a Expr<'a>) -> Vec<Term> {
        match &e.kind {
            ExprKind::Binary { op: Tok::Or, x, y } => {
                let mut terms = self.union_terms(x);
                terms.extend(self.union_terms(y));
                terms
            }
            ExprKind::Unary { op: Tok::Tilde, x } => {
                let t = self.type_expr(x);
                if self.types.is_tparam(t) {
                    let s = self.expr_str(e);
                    self.error(e.pos, format!("type in term {s} cannot be a type parameter"));
                    return Vec::new();
                }
                if t != ids::INVALID && self.types.under(t) != t {
                    let s = self.types.local_name(t);
                    let u = self.types.local_name(self.types.under(t));
                    self.error(
                        e.pos,
                        format!("invalid use of ~ ({s} is not a basic or unnamed type: underlying type is {u})"),
                    );
                }
                vec![Term { tilde: true, ty: t }]
            }
            ExprKind::Paren(x) => self.union_terms(x),
            _ => {
                let t = self.term_type(e);
                match self.types.under_type(t) {
                    Type::Constraint(ts) => ts.terms.clone().unwrap_or_default(),
                    _ => vec![Term { tilde: false, ty: t }],
                }
            }
        }
    }

    /// The type of a term of a union or an interface. A type parameter cannot be one: a
    /// type set defined through itself (`interface{ T }`, `[T interface{ U }, U
    /// interface{ T }]`) has no meaning, and computing it would never end.
    pub(super) fn term_type(&mut self, e: &'a Expr<'a>) -> TypeId {
        let t = self.constraint_type_expr(e);
        if self.types.is_tparam(t) {
            self.error(e.pos, "term cannot be a type parameter");
            return ids::INVALID;
        }
        t
    }

    /// The terms both lists admit (the type set of an interface embedding two unions).
    pub(super) fn intersect_terms(&self, a: Option<Vec<Term>>, b: Vec<Term>) -> Option<Vec<Term>> {
        let Some(a) = a else { return Some(b) };
        let mut out: Vec<Term> = a
            .iter()
            .filter(|x| b.iter().any(|y| self.term_within(x, y)))
            .cloned()
            .collect();
        for y in &b {
            if a.iter().any(|x| self.term_within(y, x)) && !out.contains(y) {
                out.push(y.clone());
            }
        }
        Some(out)
    }

    /// Every type term `x` admits is admitted by `y`.
    fn term_within(&self, x: &Term, y: &Term) -> bool {
        if y.tilde {
            self.types.under(x.ty) == self.types.under(y.ty)
        } else {
            !x.tilde && x.ty == y.ty
        }
    }

    // ---- generic declarations ----

    /// The type parameters a method's receiver declares (`func (l *List[T]) ...`): fresh
    /// parameters, constrained as the generic type's are, declared in the current scope;
    /// and the receiver's type (`_` may name a parameter the method does not use, so the
    /// receiver is not an ordinary type expression).
    pub(super) fn receiver_tparams(&mut self, recv: &'a [ast::Field<'a>]) -> Option<(Vec<TypeId>, TypeId)> {
        let (base, names) = receiver_tparam_names(recv)?;
        let origin = match self.expr_or_type(base) {
            x if matches!(x.mode, super::Mode::Type) => x.ty,
            _ => return None,
        };
        let otps = self
            .types
            .named_info(origin)
            .map(|n| n.tparams.clone())
            .unwrap_or_default();
        if otps.len() != names.len() {
            let s = self.types.local_name(origin);
            if otps.is_empty() {
                self.error(base.pos, format!("{s} is not a generic type"));
            } else {
                self.error(
                    base.pos,
                    format!(
                        "receiver declares {} type parameters, but receiver base type declares {}",
                        names.len(),
                        otps.len()
                    ),
                );
            }
            return None;
        }
        let named: Vec<(String, Pos)> = names.iter().map(|n| (n.name.to_string(), n.pos)).collect();
        let (tps, _) = self.copy_tparams(&otps, named);
        self.bind_tparams(&names, &tps);
        let mut t = self.instantiate_named(origin, tps.clone());
        if matches!(recv[0].typ.unparen().kind, ExprKind::Star(_)) {
            t = self.types.pointer(t);
        }
        Some((tps, t))
    }

    /// New type parameters standing for `originals`, named and placed as `named` says,
    /// constrained as the originals are (in terms of the new ones); with the substitution
    /// from the originals to them.
    fn copy_tparams(&mut self, originals: &[TypeId], named: Vec<(String, Pos)>) -> (Vec<TypeId>, Env) {
        let fresh: Vec<TypeId> = named
            .into_iter()
            .map(|(name, pos)| self.types.new_tparam(name, pos))
            .collect();
        let env: Env = originals.iter().copied().zip(fresh.iter().copied()).collect();
        for (&o, &f) in originals.iter().zip(&fresh) {
            let c = self.types.tparam(o).map_or(ids::ANY, |p| p.constraint);
            let c = self.subst(c, &env);
            self.set_constraint(f, c);
        }
        (fresh, env)
    }

    /// The names a generic function's body knows its type parameters by.
    pub(super) fn tparam_names(decl: &'a ast::FuncDecl<'a>) -> Vec<&'a ast::Ident<'a>> {
        match decl.recv.and_then(receiver_tparam_names) {
            Some((_, names)) => names,
            None => decl.tparams.iter().flat_map(|f| f.names.iter()).collect(),
        }
    }

    // ---- instantiation ----

    /// `t` with type arguments substituted for type parameters.
    pub(super) fn subst(&mut self, t: TypeId, env: &Env) -> TypeId {
        if env.is_empty() || !self.types.has_tparams(t) {
            return t;
        }
        let ty = self.types.get(t).clone();
        let new = match ty {
            Type::Param(_) => return env.iter().find(|(p, _)| *p == t).map_or(t, |(_, a)| *a),
            Type::Named(_) => {
                let Some((origin, args)) = self.types.named_info(t).and_then(|n| n.origin.clone()) else {
                    return t;
                };
                let args = args.iter().map(|&a| self.subst(a, env)).collect();
                return self.instantiate_named(origin, args);
            }
            Type::Basic(_) => return t,
            Type::Pointer(e) => Type::Pointer(self.subst(e, env)),
            Type::Slice(e) => Type::Slice(self.subst(e, env)),
            Type::Array(n, e) => Type::Array(n, self.subst(e, env)),
            Type::Chan(d, e) => Type::Chan(d, self.subst(e, env)),
            Type::Map(k, v) => Type::Map(self.subst(k, env), self.subst(v, env)),
            Type::Struct(mut fields) => {
                for f in &mut fields {
                    f.ty = self.subst(f.ty, env);
                }
                Type::Struct(fields)
            }
            Type::Func(s) => Type::Func(self.subst_sig(&s, env)),
            Type::Interface(ms) => Type::Interface(self.subst_methods(ms, env)),
            Type::Tuple(v) => Type::Tuple(v.iter().map(|&e| self.subst(e, env)).collect()),
            Type::Constraint(ts) => {
                let methods = self.subst_methods(ts.methods, env);
                let terms = ts.terms.map(|terms| {
                    terms
                        .into_iter()
                        .map(|t| Term {
                            tilde: t.tilde,
                            ty: self.subst(t.ty, env),
                        })
                        .collect()
                });
                Type::Constraint(TypeSet {
                    methods,
                    terms,
                    comparable: ts.comparable,
                })
            }
        };
        self.types.intern(new)
    }

    fn subst_sig(&mut self, s: &Sig, env: &Env) -> Sig {
        Sig {
            params: s.params.iter().map(|&p| self.subst(p, env)).collect(),
            results: s.results.iter().map(|&r| self.subst(r, env)).collect(),
            variadic: s.variadic,
        }
    }

    fn subst_methods(&mut self, mut ms: Vec<IMethod>, env: &Env) -> Vec<IMethod> {
        for m in &mut ms {
            m.sig = self.subst(m.sig, env);
        }
        ms
    }

    /// The instance of generic type `origin` for `args` (one per type parameter). Its
    /// underlying type and methods are filled in at once if the generic type is fully
    /// declared, else when it is.
    pub(super) fn instantiate_named(&mut self, origin: TypeId, args: Vec<TypeId>) -> TypeId {
        let key = (origin, args);
        if let Some(&t) = self.named_insts.get(&key) {
            return t;
        }
        let (origin, args) = key;
        let first = self.types.named_info(origin).and_then(|n| n.tparams.first().copied());
        if !self.instantiation_ok(&args, first) {
            return ids::INVALID;
        }
        let Some(info) = self.types.named_info(origin) else {
            return ids::INVALID;
        };
        let names: Vec<String> = args.iter().map(|&a| self.types.name(a)).collect();
        let (name, pos) = (format!("{}[{}]", info.name, names.join(",")), info.pos);
        let t = self.types.new_named(name, pos);
        if let Some(n) = self.types.named_mut(t) {
            n.origin = Some((origin, args.clone()));
        }
        self.named_insts.insert((origin, args), t);
        if self.ready_generics.contains(&origin) {
            self.expand(t);
        } else {
            self.pending_expansions.push(t);
        }
        t
    }

    /// Type arguments nested past any sensible depth come from a generic declaration that
    /// instantiates itself with ever larger arguments (`F[T]` calling `F[[]T]`), which
    /// would never end: Go rejects it as an instantiation cycle.
    /// The error goes where gc puts it, at the declaration's first type parameter.
    fn instantiation_ok(&mut self, args: &[TypeId], first_tparam: Option<TypeId>) -> bool {
        const MAX_DEPTH: u32 = 64;
        if args.iter().all(|&a| self.nesting(a, MAX_DEPTH) < MAX_DEPTH) {
            return true;
        }
        if !self.cycle_reported {
            self.cycle_reported = true;
            let pos = first_tparam
                .and_then(|t| self.types.tparam(t))
                .map_or(Pos::NONE, |t| t.pos);
            self.error(pos, "instantiation cycle");
        }
        false
    }

    /// How deeply `t`'s type arguments and elements nest, counting no further than `cap`.
    fn nesting(&self, t: TypeId, cap: u32) -> u32 {
        if cap == 0 {
            return 0;
        }
        1 + self
            .components(t)
            .iter()
            .map(|&c| self.nesting(c, cap - 1))
            .max()
            .unwrap_or(0)
    }

    /// Gives an instance of a generic type its underlying type and its methods.
    fn expand(&mut self, t: TypeId) {
        let Some((origin, args)) = self.types.named_info(t).and_then(|n| n.origin.clone()) else {
            return;
        };
        let Some(o) = self.types.named_info(origin).cloned() else {
            return;
        };
        let env: Env = o.tparams.iter().copied().zip(args.iter().copied()).collect();
        let under = self.subst(o.underlying, &env);
        let methods = o
            .methods
            .iter()
            .map(|(name, f, ptr)| {
                (
                    name.clone(),
                    self.instance(ObjId(*f as u32), args.clone()).0 as usize,
                    *ptr,
                )
            })
            .collect();
        if let Some(n) = self.types.named_mut(t) {
            n.underlying = under;
            n.methods = methods;
        }
    }

    /// Marks a generic type as fully declared and expands the instances made before.
    pub(super) fn generic_type_ready(&mut self, origin: TypeId) {
        self.ready_generics.insert(origin);
        let (now, later): (Vec<TypeId>, Vec<TypeId>) = std::mem::take(&mut self.pending_expansions)
            .into_iter()
            .partition(|&t| {
                self.types
                    .named_info(t)
                    .and_then(|n| n.origin.as_ref())
                    .is_some_and(|o| o.0 == origin)
            });
        self.pending_expansions = later;
        for t in now {
            self.expand(t);
        }
    }

    /// The instance of generic function (or method of a generic type) `g` for `args`: an
    /// object whose signature is resolved on first use and whose body, when the arguments
    /// are concrete, is checked by [`Checker::check_instances`].
    pub(super) fn instance(&mut self, g: ObjId, args: Vec<TypeId>) -> ObjId {
        let key = (g, args);
        if let Some(&o) = self.func_insts.get(&key) {
            return o;
        }
        let (g, args) = key;
        let first = self.generic.get(&g).and_then(|t| t.first().copied());
        if !self.instantiation_ok(&args, first) {
            return g;
        }
        let go = self.objs[g.0 as usize].clone();
        let id = ObjId(self.objs.len() as u32);
        self.objs.push(super::Obj {
            ty: ids::INVALID,
            used: true,
            ..go
        });
        if !args.iter().any(|&a| self.types.has_tparams(a)) {
            self.inst_queue.push(id);
            self.instances.push(id);
        }
        self.inst_of.insert(id, (g, args.clone()));
        self.func_insts.insert((g, args), id);
        id
    }

    /// Resolves an instance's signature from its generic function's; false for objects
    /// that are not instances.
    pub(super) fn resolve_instance(&mut self, id: ObjId) -> bool {
        let Some((g, args)) = self.inst_of.get(&id).cloned() else {
            return false;
        };
        if self.objs[id.0 as usize].ty == ids::INVALID {
            self.resolve_obj(g);
            let tps = self.generic.get(&g).cloned().unwrap_or_default();
            let env: Env = tps.into_iter().zip(args).collect();
            let ty = self.subst(self.objs[g.0 as usize].ty, &env);
            self.objs[id.0 as usize].ty = ty;
        }
        true
    }

    /// `T[args]` for a generic type `T`.
    pub(super) fn instantiate_type_expr(&mut self, e: &'a Expr<'a>, origin: TypeId, idx: &'a [&'a Expr<'a>]) -> TypeId {
        let args: Vec<TypeId> = idx.iter().map(|i| self.type_expr(i)).collect();
        let tps = self
            .types
            .named_info(origin)
            .map(|n| n.tparams.clone())
            .unwrap_or_default();
        if tps.is_empty() {
            let s = self.types.local_name(origin);
            self.error(e.pos, format!("{s} is not a generic type"));
            return ids::INVALID;
        }
        if args.len() != tps.len() {
            let which = if args.len() < tps.len() {
                "not enough"
            } else {
                "too many"
            };
            let s = self.types.local_name(origin);
            let pos = idx.get(tps.len()).map_or(e.pos, |i| i.pos);
            self.error(
                pos,
                format!(
                    "{which} type arguments for type {s}: have {}, want {}",
                    args.len(),
                    tps.len()
                ),
            );
            return ids::INVALID;
        }
        if args.contains(&ids::INVALID) {
            return ids::INVALID;
        }
        let positions: Vec<Pos> = idx.iter().map(|i| i.pos).collect();
        if !self.verify(&tps, &args, &positions) {
            return ids::INVALID;
        }
        self.instantiate_named(origin, args)
    }

    /// Checks that each type argument satisfies its parameter's constraint, reporting the
    /// first that does not at its position.
    fn verify(&mut self, tps: &[TypeId], args: &[TypeId], positions: &[Pos]) -> bool {
        let env: Env = tps.iter().copied().zip(args.iter().copied()).collect();
        for (i, (&tp, &arg)) in tps.iter().zip(args).enumerate() {
            let c = self.types.tparam(tp).map_or(ids::ANY, |p| p.constraint);
            let c = self.subst(c, &env);
            if let Some(cause) = self.unsatisfied(arg, c) {
                let pos = positions.get(i).or(positions.last()).copied().unwrap_or(Pos::NONE);
                self.error(pos, cause);
                return false;
            }
        }
        true
    }

    /// Why `t` does not satisfy constraint `c`, or None if it does.
    fn unsatisfied(&mut self, t: TypeId, c: TypeId) -> Option<String> {
        let set = self.types.type_set(c)?;
        let (tn, cn) = (self.types.local_name(t), self.types.local_name(c));
        if let Some(terms) = &set.terms {
            let ok = match self.types.type_set(t).filter(|_| self.types.is_tparam(t)) {
                // A type parameter satisfies a union if every type it admits does.
                Some(own) => own.terms.is_some_and(|own| {
                    !own.is_empty() && own.iter().all(|x| terms.iter().any(|y| self.term_within(x, y)))
                }),
                None => terms.iter().any(|y| self.term_within(&Term { tilde: false, ty: t }, y)),
            };
            if !ok {
                let list = self.types.terms_name(terms);
                return Some(if self.types.is_tparam(t) {
                    format!("{tn} does not implement {cn}")
                } else if terms.is_empty() {
                    format!("cannot use {tn} as {cn} value: {cn} is empty")
                } else {
                    format!("{tn} does not implement {cn} ({tn} missing in {list})")
                });
            }
        }
        if set.comparable && !self.types.comparable(t) {
            return Some(format!("{tn} does not implement comparable"));
        }
        if !set.methods.is_empty() {
            let iface = self.types.intern(Type::Interface(set.methods));
            if let Some(why) = self.missing_method(t, iface) {
                return Some(format!("{tn} does not implement {cn} {why}"));
            }
        }
        None
    }

    // ---- generic functions: calls, inference, explicit instantiation ----

    /// The generic function `fun` names (`F`, `pkg.F`, or `F[...]` partly instantiated),
    /// with the explicit type arguments' expressions.
    pub(super) fn generic_callee(&mut self, fun: &'a Expr<'a>) -> Option<(ObjId, &'a [&'a Expr<'a>])> {
        let (base, targs): (&'a Expr<'a>, &'a [&'a Expr<'a>]) = match &fun.unparen().kind {
            ExprKind::Index(x, idx) => (x.unparen(), idx),
            _ => (fun.unparen(), &[]),
        };
        let obj = match &base.kind {
            ExprKind::Ident(id) => self.resolve(id)?,
            ExprKind::Selector(x, sel) => {
                let ExprKind::Ident(pid) = &x.kind else { return None };
                let pkg = self.resolve(pid)?;
                let ObjKind::Pkg(pi) = self.objs[pkg.0 as usize].kind else {
                    return None;
                };
                self.packages[pi].scope.get(sel.name).copied()?
            }
            _ => return None,
        };
        if !matches!(self.objs[obj.0 as usize].kind, ObjKind::Func(Some(d)) if !d.tparams.is_empty()) {
            return None;
        }
        self.resolve_obj(obj);
        Some((obj, targs))
    }

    /// A call of a generic function: infers the type arguments not given, checks them
    /// against the constraints, and checks the call against the instantiated signature.
    pub(super) fn generic_call(
        &mut self,
        e: &'a Expr<'a>,
        fun: &'a Expr<'a>,
        g: ObjId,
        targ_exprs: &'a [&'a Expr<'a>],
        args: &'a [&'a Expr<'a>],
        ellipsis: bool,
    ) -> Operand {
        let base = match &fun.unparen().kind {
            ExprKind::Index(x, _) => x,
            _ => fun,
        };
        self.expr_or_type(base);
        let explicit: Vec<TypeId> = targ_exprs.iter().map(|t| self.type_expr(t)).collect();
        let ops = self.call_operands(args, ellipsis);
        let mut tps = self.generic.get(&g).cloned().unwrap_or_default();
        let mut gsig = self.types.sig(self.objs[g.0 as usize].ty).cloned();
        // A generic function calling itself passes values of its own parameters' types:
        // the callee's parameters must be told apart from them.
        if ops.iter().any(|(o, _)| tps.iter().any(|&p| self.mentions(o.ty, p))) {
            let named = tps
                .iter()
                .map(|&p| {
                    let pos = self.types.tparam(p).map_or(Pos::NONE, |t| t.pos);
                    (self.types.local_name(p), pos)
                })
                .collect();
            let (fresh, env) = self.copy_tparams(&tps, named);
            gsig = gsig.map(|s| self.subst_sig(&s, &env));
            tps = fresh;
        }
        let (Some(gsig), false) = (
            gsig,
            explicit.contains(&ids::INVALID) || ops.iter().any(|o| o.0.ty == ids::INVALID),
        ) else {
            return Operand::invalid();
        };
        let fname = self.expr_str(base);
        if explicit.len() > tps.len() {
            self.error(
                targ_exprs[tps.len()].pos,
                format!(
                    "got {} type arguments but {fname} has {} type parameters",
                    explicit.len(),
                    tps.len()
                ),
            );
            return Operand::invalid();
        }
        let lparen = match &e.kind {
            ExprKind::Call { lparen, .. } => *lparen,
            _ => e.pos,
        };
        let Some(targs) = self.infer(&tps, &explicit, &gsig, &ops, ellipsis, &fname, lparen) else {
            return Operand::invalid();
        };
        let mut positions: Vec<Pos> = targ_exprs.iter().map(|t| t.pos).collect();
        positions.resize(tps.len(), lparen);
        if !self.verify(&tps, &targs, &positions) {
            return Operand::invalid();
        }
        let sig = self.instantiated(g, targs, base, fun);
        let Some(s) = self.types.sig(sig).cloned() else {
            return Operand::invalid();
        };
        self.check_call_args(e, fun, &s, ops, ellipsis);
        if s.results.is_empty() {
            return Operand::no_value();
        }
        Operand::value(self.types.tuple(s.results))
    }

    /// Records the instance of `g` that `fun` (naming it through `base`) denotes, and
    /// returns its signature.
    fn instantiated(&mut self, g: ObjId, targs: Vec<TypeId>, base: &'a Expr<'a>, fun: &'a Expr<'a>) -> TypeId {
        let tps = self.generic.get(&g).cloned().unwrap_or_default();
        let env: Env = tps.into_iter().zip(targs.iter().copied()).collect();
        let sig = self.subst(self.objs[g.0 as usize].ty, &env);
        if !targs.iter().any(|&a| self.types.has_tparams(a)) {
            let inst = self.instance(g, targs);
            match &base.kind {
                ExprKind::Ident(id) => self.info.objs.insert(id.id, inst),
                ExprKind::Selector(_, sel) => self.info.objs.insert(sel.id, inst),
                _ => {}
            }
            self.info.insts.insert(fun.unparen().id, inst);
        }
        for x in [base, fun, fun.unparen()] {
            self.record(x, super::Mode::Value, sig);
        }
        sig
    }

    /// `F[args]` outside a call: every type argument must be given.
    pub(super) fn explicit_instance(
        &mut self,
        e: &'a Expr<'a>,
        x: &'a Expr<'a>,
        g: ObjId,
        idx: &'a [&'a Expr<'a>],
    ) -> Operand {
        let args: Vec<TypeId> = idx.iter().map(|i| self.type_expr(i)).collect();
        let tps = self.generic.get(&g).cloned().unwrap_or_default();
        if args.contains(&ids::INVALID) {
            return Operand::invalid();
        }
        if args.len() != tps.len() {
            let s = self.expr_str(x);
            let which = if args.len() < tps.len() {
                "not enough"
            } else {
                "too many"
            };
            self.error(
                e.pos,
                format!(
                    "{which} type arguments for {s}: have {}, want {}",
                    args.len(),
                    tps.len()
                ),
            );
            return Operand::invalid();
        }
        let positions: Vec<Pos> = idx.iter().map(|i| i.pos).collect();
        if !self.verify(&tps, &args, &positions) {
            return Operand::invalid();
        }
        let sig = self.instantiated(g, args, x.unparen(), e);
        Operand::value(sig)
    }

    /// The generic function an expression names without instantiating it, if any.
    pub(super) fn uninstantiated(&self, e: &Expr) -> Option<ObjId> {
        let id = match &e.unparen().kind {
            ExprKind::Ident(id) => id.id,
            ExprKind::Selector(_, sel) => sel.id,
            _ => return None,
        };
        let o = *self.info.objs.get(&id)?;
        matches!(self.objs[o.0 as usize].kind, ObjKind::Func(Some(d)) if !d.tparams.is_empty()).then_some(o)
    }

    /// Infers a generic call's type arguments: from the typed arguments, then from the
    /// constraints' core types, then from untyped constant arguments' default types.
    #[allow(clippy::too_many_arguments)]
    fn infer(
        &mut self,
        tps: &[TypeId],
        explicit: &[TypeId],
        sig: &Sig,
        ops: &[(Operand, &'a Expr<'a>)],
        ellipsis: bool,
        fname: &str,
        pos: Pos,
    ) -> Option<Vec<TypeId>> {
        let mut bound: Vec<Option<TypeId>> = tps.iter().enumerate().map(|(i, _)| explicit.get(i).copied()).collect();
        let np = sig.params.len();
        let param_of = |i: usize| -> Option<TypeId> {
            if sig.variadic && !ellipsis && i + 1 >= np {
                Some(sig.params[np - 1])
            } else {
                sig.params.get(i).copied()
            }
        };
        let variadic_elem = |types: &crate::front::types::Types, i: usize, p: TypeId| {
            if sig.variadic && !ellipsis && i + 1 >= np {
                types.elem(p).unwrap_or(ids::INVALID)
            } else {
                p
            }
        };
        for (i, (x, a)) in ops.iter().enumerate() {
            let Some(p) = param_of(i) else { break };
            let p = variadic_elem(&self.types, i, p);
            if self.types.is_untyped(x.ty) || !self.types.has_tparams(p) {
                continue;
            }
            let before = bound.clone();
            if !self.unify(p, x.ty, tps, &mut bound) {
                let expected = self.subst_bound(p, tps, &before);
                let (pn, an, s) = (
                    self.types.local_name(expected),
                    self.types.local_name(x.ty),
                    self.expr_str(a),
                );
                let msg = match tps.iter().position(|&t| t == p) {
                    Some(k) => format!(
                        "type {an} of {s} does not match inferred type {pn} for {}",
                        self.types.local_name(tps[k])
                    ),
                    None => format!("type {an} of {s} does not match {pn}"),
                };
                self.error(a.pos, msg);
                return None;
            }
        }
        self.infer_from_cores(tps, &mut bound);
        // Untyped constants: a parameter typed by a type parameter alone takes the
        // default type of the "largest" constant kind passed to it.
        for (k, &tp) in tps.iter().enumerate() {
            if bound[k].is_some() {
                continue;
            }
            let mut best: Option<TypeId> = None;
            for (i, (x, _)) in ops.iter().enumerate() {
                let Some(p) = param_of(i) else { break };
                let p = variadic_elem(&self.types, i, p);
                if p == tp && self.types.is_untyped(x.ty) && x.ty != ids::UNTYPED_NIL {
                    let rank = |t: TypeId| {
                        [
                            ids::UNTYPED_INT,
                            ids::UNTYPED_RUNE,
                            ids::UNTYPED_FLOAT,
                            ids::UNTYPED_COMPLEX,
                        ]
                        .iter()
                        .position(|&u| u == t)
                    };
                    if best.is_none_or(|b| rank(x.ty) > rank(b)) {
                        best = Some(x.ty);
                    }
                }
            }
            if let Some(b) = best {
                bound[k] = Some(self.default_type(b));
            }
        }
        self.infer_from_cores(tps, &mut bound);
        match bound.iter().position(Option::is_none) {
            Some(k) => {
                let name = self.types.local_name(tps[k]);
                self.error(pos, format!("in call to {fname}, cannot infer {name}"));
                None
            }
            None => Some(bound.into_iter().map(|b| b.unwrap_or(ids::INVALID)).collect()),
        }
    }

    fn subst_bound(&mut self, p: TypeId, tps: &[TypeId], bound: &[Option<TypeId>]) -> TypeId {
        let env: Env = tps.iter().zip(bound).filter_map(|(&t, b)| b.map(|b| (t, b))).collect();
        self.subst(p, &env)
    }

    /// Type parameters whose constraint has a core type: a bound one's type must have
    /// that core (binding the parameters in it, as `E` in `S ~[]E`), an unbound one is
    /// the core once the parameters in it are known (`PT` in `PT interface{ *T }`).
    fn infer_from_cores(&mut self, tps: &[TypeId], bound: &mut [Option<TypeId>]) {
        loop {
            let mut changed = false;
            for (k, &tp) in tps.iter().enumerate() {
                let Some(core) = self.types.tparam(tp).and_then(|p| p.core) else {
                    continue;
                };
                let known = bound.iter().filter(|b| b.is_some()).count();
                match bound[k] {
                    Some(b) => {
                        let u = self.types.under(b);
                        self.unify(core, u, tps, bound);
                    }
                    None => {
                        let env: Env = tps
                            .iter()
                            .zip(bound.iter())
                            .filter_map(|(&t, b)| b.map(|b| (t, b)))
                            .collect();
                        let t = self.subst(core, &env);
                        if !tps.iter().any(|&p| self.mentions(t, p)) {
                            bound[k] = Some(t);
                        }
                    }
                }
                changed |= bound.iter().filter(|b| b.is_some()).count() != known;
            }
            if !changed {
                break;
            }
        }
    }

    /// Whether type parameter `p` occurs in `t`.
    fn mentions(&self, t: TypeId, p: TypeId) -> bool {
        t == p
            || (self.types.has_tparams(t)
                && self.types.has_tparams(p)
                && self.components(t).iter().any(|&c| self.mentions(c, p)))
    }

    /// The types `t` is built from, one level down.
    fn components(&self, t: TypeId) -> Vec<TypeId> {
        match self.types.get(t) {
            Type::Pointer(e) | Type::Slice(e) | Type::Array(_, e) | Type::Chan(_, e) => vec![*e],
            Type::Map(k, v) => vec![*k, *v],
            Type::Struct(fs) => fs.iter().map(|f| f.ty).collect(),
            Type::Func(s) => s.params.iter().chain(&s.results).copied().collect(),
            Type::Tuple(v) => v.clone(),
            Type::Named(n) => self.types.named[*n as usize]
                .origin
                .as_ref()
                .map(|o| o.1.clone())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Unifies parameter type `p` (mentioning `tps`) with argument type `a`, binding type
    /// parameters; false if they cannot match. A defined type matches a type literal by
    /// its underlying type, as Go's inexact unification does.
    fn unify(&mut self, p: TypeId, a: TypeId, tps: &[TypeId], bound: &mut [Option<TypeId>]) -> bool {
        if let Some(k) = tps.iter().position(|&t| t == p) {
            return match bound[k] {
                None => {
                    bound[k] = Some(a);
                    true
                }
                Some(b) if b == a => true,
                Some(b) => {
                    // Either side may be the defined one: `[]int` and `IntSlice` unify.
                    let (bn, an) = (self.types.is_named(b), self.types.is_named(a));
                    if bn && an {
                        return false;
                    }
                    if !bn && an {
                        bound[k] = Some(a);
                    }
                    let (ub, ua) = (self.types.under(b), self.types.under(a));
                    self.unify(ub, ua, tps, bound) || ub == ua
                }
            };
        }
        if p == a || !self.types.has_tparams(p) {
            return true;
        }
        let (pt, at) = (self.types.get(p).clone(), self.types.get(a).clone());
        match (pt, at) {
            // A value is passed to an interface parameter by assignability, checked once
            // the type arguments are known; it says nothing about them here.
            _ if self.types.is_interface(p) && !self.types.is_interface(a) => true,
            (Type::Named(_), Type::Named(_)) => {
                let po = self.types.named_info(p).and_then(|n| n.origin.clone());
                let ao = self.types.named_info(a).and_then(|n| n.origin.clone());
                match (po, ao) {
                    (Some((o1, x)), Some((o2, y))) if o1 == o2 => {
                        x.iter().zip(&y).all(|(&x, &y)| self.unify(x, y, tps, bound))
                    }
                    _ => false,
                }
            }
            (Type::Named(_), _) => false,
            (_, Type::Named(_)) => {
                let u = self.types.under(a);
                u != a && self.unify(p, u, tps, bound)
            }
            (Type::Pointer(x), Type::Pointer(y)) | (Type::Slice(x), Type::Slice(y)) => self.unify(x, y, tps, bound),
            (Type::Array(n, x), Type::Array(m, y)) => n == m && self.unify(x, y, tps, bound),
            (Type::Chan(_, x), Type::Chan(_, y)) => self.unify(x, y, tps, bound),
            (Type::Map(k1, v1), Type::Map(k2, v2)) => self.unify(k1, k2, tps, bound) && self.unify(v1, v2, tps, bound),
            (Type::Func(s1), Type::Func(s2)) => {
                s1.params.len() == s2.params.len()
                    && s1.results.len() == s2.results.len()
                    && s1.variadic == s2.variadic
                    && s1
                        .params
                        .iter()
                        .chain(&s1.results)
                        .zip(s2.params.iter().chain(&s2.results))
                        .all(|(&x, &y)| self.unify(x, y, tps, bound))
            }
            (Type::Struct(f1), Type::Struct(f2)) => {
                f1.len() == f2.len()
                    && f1
                        .iter()
                        .zip(&f2)
                        .all(|(x, y)| x.name == y.name && self.unify(x.ty, y.ty, tps, bound))
            }
            _ => false,
        }
    }

    // ---- instances' bodies ----

    /// Checks the body of every instance with concrete type arguments made so far (and of
    /// those these make in turn), each in the package and file that declares it, with the
    /// type parameters' names bound to the arguments.
    pub(super) fn check_instances(&mut self) {
        while let Some(inst) = self.inst_queue.pop() {
            self.resolve_instance(inst);
            let Some((g, args)) = self.inst_of.get(&inst).cloned() else {
                continue;
            };
            let o = &self.objs[g.0 as usize];
            let (pkg, ObjKind::Func(Some(decl))) = (o.pkg, o.kind.clone()) else {
                continue;
            };
            let Some(body) = self.body_of(decl) else {
                let name = decl.name.name;
                self.error(decl.name.pos, format!("govm: generic function {name} has no body"));
                continue;
            };
            let Some(&(_, file)) = self.decl_src.get(&g) else {
                continue;
            };
            self.at_top_level(pkg, file, None, |c| {
                c.program_info = Some(std::mem::take(&mut c.info));
                c.open_scope();
                c.bind_tparams(&Self::tparam_names(decl), &args);
                let sig = c.objs[inst.0 as usize].ty;
                c.func_body(decl.recv, decl.typ, sig, body, None);
                c.scopes.pop();
                let program = c.program_info.take().expect("the program's tables wait");
                let info = std::mem::replace(&mut c.info, program);
                c.bodies.insert(inst, info);
            });
        }
    }
}

/// A union or `~T` term, which only a constraint may be.
pub(super) fn is_union(e: &Expr) -> bool {
    matches!(
        e.unparen().kind,
        ExprKind::Binary { op: Tok::Or, .. } | ExprKind::Unary { op: Tok::Tilde, .. }
    )
}

/// A generic type's receiver (`l *List[K, V]`): the base type's expression and the names.
fn receiver_tparam_names<'a>(recv: &'a [ast::Field<'a>]) -> Option<(&'a Expr<'a>, Vec<&'a ast::Ident<'a>>)> {
    let typ = recv.first()?.typ.unparen();
    let typ = match &typ.kind {
        ExprKind::Star(x) => x.unparen(),
        _ => typ,
    };
    let ExprKind::Index(base, idx) = &typ.kind else {
        return None;
    };
    let names = idx
        .iter()
        .filter_map(|i| match &i.kind {
            ExprKind::Ident(id) => Some(id),
            _ => None,
        })
        .collect();
    Some((base, names))
}

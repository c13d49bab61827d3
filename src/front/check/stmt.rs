//! Function bodies and statements.

use super::expr::Operand;
use super::{Checker, FuncCtx, Mode, ObjKind};
use crate::front::ast::{self, BranchKind, Expr, ExprKind, Stmt, StmtKind};
use crate::front::source::Pos;
use crate::front::token::Tok;
use crate::front::types::{Type, TypeId, ids};

/// An enclosing statement that `break`/`continue` may target.
pub(super) struct Target<'a> {
    label: Option<&'a str>,
    is_loop: bool,
}

impl<'a> Checker<'a> {
    /// Checks a function body; returns the function's number (see `Obj::owner`).
    pub(super) fn func_body(
        &mut self,
        recv: Option<&'a [ast::Field<'a>]>,
        typ: &'a ast::FuncType<'a>,
        sig: TypeId,
        body: &'a ast::Block<'a>,
        _lit: Option<&'a Expr<'a>>,
    ) -> u32 {
        let id = self.next_func;
        self.next_func += 1;
        let s = self.types.sig(sig).cloned();
        let results = s.as_ref().map(|s| s.results.clone()).unwrap_or_default();
        let named_results = typ.results.iter().any(|f| !f.names.is_empty());
        let saved = self.func.replace(FuncCtx {
            id,
            results,
            named_results,
        });
        let saved_targets = std::mem::take(&mut self.targets);
        let saved_labels = std::mem::take(&mut self.labels);
        self.open_scope();
        let mut params = s.as_ref().map(|s| s.params.clone()).unwrap_or_default().into_iter();
        for f in recv.unwrap_or(&[]).iter().chain(typ.params) {
            let t = params.next().unwrap_or(ids::INVALID);
            for n in f.names {
                let o = self.declare(n, ObjKind::Var, t);
                self.objs[o.0 as usize].used = true;
            }
            if f.names.len() > 1 {
                for _ in 1..f.names.len() {
                    params.next();
                }
            }
        }
        let mut rtypes = s.as_ref().map(|s| s.results.clone()).unwrap_or_default().into_iter();
        for f in typ.results {
            for n in f.names {
                let t = rtypes.next().unwrap_or(ids::INVALID);
                let o = self.declare(n, ObjKind::Var, t);
                self.objs[o.0 as usize].used = true;
            }
        }
        self.collect_labels(body.stmts);
        self.stmts(body.stmts);
        if !self.func.as_ref().is_some_and(|f| f.results.is_empty()) && !self.terminating_list(body.stmts) {
            self.error(body.rbrace, "missing return");
        }
        self.close_scope();
        self.report_unused_labels();
        self.func = saved;
        self.targets = saved_targets;
        self.labels = saved_labels;
        id
    }

    fn collect_labels(&mut self, stmts: &'a [Stmt<'a>]) {
        for s in stmts {
            if let StmtKind::Labeled { label, stmt } = &s.kind {
                if self.labels.iter().any(|l| l.0 == label.name) {
                    self.error(label.pos, format!("label {} already defined", label.name));
                } else {
                    self.labels.push((label.name, label.pos, false));
                }
                self.collect_labels(std::slice::from_ref(*stmt));
            }
            match &s.kind {
                StmtKind::Block(b) => self.collect_labels(b.stmts),
                StmtKind::If { then, els, .. } => {
                    self.collect_labels(then.stmts);
                    if let Some(e) = els {
                        self.collect_labels(std::slice::from_ref(*e));
                    }
                }
                StmtKind::For { body, .. } | StmtKind::Range { body, .. } => self.collect_labels(body.stmts),
                StmtKind::Switch { clauses, .. } | StmtKind::TypeSwitch { clauses, .. } => {
                    for c in *clauses {
                        self.collect_labels(c.body);
                    }
                }
                _ => {}
            }
        }
    }

    fn report_unused_labels(&mut self) {
        let unused: Vec<(&str, Pos)> = self.labels.iter().filter(|l| !l.2).map(|l| (l.0, l.1)).collect();
        for (name, pos) in unused {
            self.error(pos, format!("label {name} defined and not used"));
        }
    }

    pub(super) fn stmts(&mut self, stmts: &'a [Stmt<'a>]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn block(&mut self, b: &'a ast::Block<'a>) {
        self.open_scope();
        self.stmts(b.stmts);
        self.close_scope();
    }

    fn stmt(&mut self, s: &'a Stmt<'a>) {
        match &s.kind {
            StmtKind::Empty => {}
            StmtKind::Decl(g) => self.local_decl(g),
            StmtKind::Labeled { label, stmt } => {
                let is_loop = matches!(stmt.kind, StmtKind::For { .. } | StmtKind::Range { .. });
                let breakable = is_loop
                    || matches!(
                        stmt.kind,
                        StmtKind::Switch { .. } | StmtKind::TypeSwitch { .. } | StmtKind::Select { .. }
                    );
                self.pending_label = if breakable { Some(label.name) } else { None };
                self.stmt(stmt);
                self.pending_label = None;
            }
            StmtKind::Expr(e) => {
                let x = self.expr_or_type(e);
                let is_call = matches!(e.unparen().kind, ExprKind::Call { .. });
                let is_recv = matches!(e.unparen().kind, ExprKind::Unary { op: Tok::Arrow, .. });
                if x.ty == ids::INVALID || is_recv {
                    return;
                }
                if !is_call {
                    let d = self.describe(e, &x);
                    self.error(e.pos, format!("{d} is not used"));
                    return;
                }
                if let Mode::Builtin(_) = self
                    .info
                    .tvs
                    .get(&unparen_call_fun(e).id)
                    .map(|t| t.mode.clone())
                    .unwrap_or(Mode::Value)
                {
                    let name = self.expr_str(unparen_call_fun(e));
                    if matches!(
                        name.as_str(),
                        "len" | "cap" | "append" | "make" | "new" | "min" | "max" | "complex" | "real" | "imag"
                    ) {
                        let st = self.expr_str(e);
                        self.error(
                            e.pos,
                            format!("{st} (value of type {}) is not used", self.types.local_name(x.ty)),
                        );
                    }
                }
                if matches!(
                    self.info.tvs.get(&unparen_call_fun(e).id).map(|t| &t.mode),
                    Some(Mode::Type)
                ) {
                    let st = self.expr_str(e);
                    self.error(
                        e.pos,
                        format!("{st} (value of type {}) is not used", self.types.local_name(x.ty)),
                    );
                }
            }
            StmtKind::Send { ch, value } => {
                let c = self.expr(ch);
                let mut v = self.expr(value);
                let Some(elem) = self.channel(ch, &c, "send to", ast::ChanDir::Recv) else {
                    return;
                };
                self.assign_to(&mut v, elem, value, "send");
            }
            StmtKind::IncDec { x, inc } => {
                let v = self.expr(x);
                if v.ty == ids::INVALID {
                    return;
                }
                if !self.types.all_basic(v.ty, |b| b.is_numeric()) {
                    let op = if *inc { "++" } else { "--" };
                    self.error(
                        s.pos,
                        format!(
                            "invalid operation: {}{op} (non-numeric type {})",
                            self.expr_str(x),
                            self.types.local_name(v.ty)
                        ),
                    );
                    return;
                }
                self.check_assignable_lhs(x, &v);
            }
            StmtKind::Assign { lhs, op, rhs } => self.assign_stmt(s, lhs, *op, rhs),
            StmtKind::Go(e) => self.call_later(e, "go"),
            StmtKind::Defer(e) => self.call_later(e, "defer"),
            StmtKind::Return(results) => self.return_stmt(s, results),
            StmtKind::Branch { kind, label } => self.branch(s, *kind, label.as_ref()),
            StmtKind::Block(b) => self.block(b),
            StmtKind::If { init, cond, then, els } => {
                self.open_scope();
                if let Some(i) = init {
                    self.stmt(i);
                }
                self.cond(cond, "if statement");
                self.block(then);
                if let Some(e) = els {
                    self.stmt(e);
                }
                self.close_scope();
            }
            StmtKind::Switch { init, tag, clauses, .. } => self.switch_stmt(init, *tag, clauses),
            StmtKind::TypeSwitch {
                init, bind, x, clauses, ..
            } => self.type_switch(init, bind.as_ref(), x, clauses),
            StmtKind::Select { clauses } => self.select_stmt(clauses),
            StmtKind::For { init, cond, post, body } => {
                let label = self.pending_label.take();
                self.open_scope();
                if let Some(i) = init {
                    self.stmt(i);
                }
                if let Some(c) = cond {
                    self.cond(c, "for loop");
                }
                if let Some(p) = post {
                    if let StmtKind::Assign { op: Tok::Define, .. } = p.kind {
                        self.error(p.pos, "cannot declare in post statement of for loop");
                    }
                    self.stmt(p);
                }
                self.targets.push(Target { label, is_loop: true });
                self.block(body);
                self.targets.pop();
                self.close_scope();
            }
            StmtKind::Range {
                key,
                value,
                op,
                x,
                body,
            } => self.range_stmt(s, *key, *value, *op, x, body),
        }
    }

    fn cond(&mut self, c: &'a Expr<'a>, what: &str) {
        let mut x = self.expr(c);
        if x.ty == ids::INVALID {
            return;
        }
        if !self.types.all_basic(x.ty, |b| b.is_boolean()) {
            self.error(c.pos, format!("non-boolean condition in {what}"));
            return;
        }
        self.default_untyped(&mut x, c);
    }

    fn local_decl(&mut self, g: &'a ast::GenDecl<'a>) {
        let mut last: (Option<&'a Expr<'a>>, &'a [&'a Expr<'a>]) = (None, &[]);
        for spec in g.specs {
            match spec {
                ast::Spec::Value(vs) if g.kind == ast::GenKind::Const => {
                    if !vs.implicit {
                        last = (vs.typ, vs.values);
                    }
                    let (typ, values) = if vs.implicit { last } else { (vs.typ, vs.values) };
                    let mut objs = Vec::new();
                    for (i, n) in vs.names.iter().enumerate() {
                        let (ty, v) = self.const_value(typ, values.get(i).copied(), vs.iota, n.pos);
                        objs.push((n, ty, v));
                    }
                    if values.len() > vs.names.len() {
                        self.error(values[vs.names.len()].pos, "extra init expr");
                    }
                    for (n, ty, v) in objs {
                        let o = self.declare(n, ObjKind::Const(v), ty);
                        self.objs[o.0 as usize].used = true;
                    }
                }
                ast::Spec::Value(vs) => {
                    let declared = vs.typ.map(|t| self.type_expr(t));
                    let types = if vs.values.is_empty() {
                        vec![declared.unwrap_or(ids::INVALID); vs.names.len()]
                    } else {
                        self.init_vars(
                            vs.names.len(),
                            declared,
                            vs.values,
                            vs.names[0].pos,
                            "variable declaration",
                        )
                    };
                    let types = if types.len() == vs.names.len() {
                        types
                    } else {
                        vec![ids::INVALID; vs.names.len()]
                    };
                    for (n, t) in vs.names.iter().zip(types) {
                        self.declare(n, ObjKind::Var, t);
                    }
                }
                ast::Spec::Type(ts) => {
                    if !ts.tparams.is_empty() {
                        self.unsupported(ts.name.pos, "generic types");
                    }
                    // A local type is declared before its underlying type is resolved, so
                    // it can refer to itself.
                    let o = self.declare(&ts.name, ObjKind::TypeName, ids::INVALID);
                    self.objs[o.0 as usize].used = true;
                    if ts.alias {
                        let t = self.type_expr(ts.typ);
                        self.objs[o.0 as usize].ty = t;
                        continue;
                    }
                    let pkg = self.packages[self.pkg].name.clone();
                    let named = self.types.new_named(format!("{pkg}.{}", ts.name.name), ts.name.pos);
                    self.objs[o.0 as usize].ty = named;
                    let under = self.type_expr(ts.typ);
                    let under = self.types.under(under);
                    if let Type::Named(n) = self.types.get(named) {
                        let n = *n as usize;
                        self.types.named[n].underlying = under;
                    }
                }
            }
        }
    }

    /// Checks initialisers against declared or inferred variable types; returns the types.
    pub(super) fn init_vars(
        &mut self,
        n: usize,
        declared: Option<TypeId>,
        values: &'a [&'a Expr<'a>],
        pos: Pos,
        context: &str,
    ) -> Vec<TypeId> {
        let ops = self.rhs_values(values, n, pos);
        let mut types = Vec::new();
        for (mut x, e) in ops {
            match declared {
                Some(t) => {
                    self.assign_to(&mut x, t, e, context);
                    types.push(t);
                }
                None => {
                    if x.ty == ids::UNTYPED_NIL {
                        self.error(e.pos, format!("use of untyped nil in {context}"));
                        types.push(ids::INVALID);
                        continue;
                    }
                    self.default_untyped(&mut x, e);
                    types.push(x.ty);
                }
            }
        }
        types
    }

    /// The values of a right-hand side for `n` targets: one value per expression, or the
    /// results of a single multi-value call, or a comma-ok form. Reports count mismatches.
    fn rhs_values(&mut self, values: &'a [&'a Expr<'a>], n: usize, pos: Pos) -> Vec<(Operand, &'a Expr<'a>)> {
        if values.len() == 1 && n > 1 {
            let e = values[0];
            let x = self.expr_or_type(e);
            if x.ty == ids::INVALID {
                return vec![(Operand::invalid(), e); n];
            }
            if let Type::Tuple(elems) = self.types.get(x.ty).clone() {
                if elems.len() == n {
                    return elems.into_iter().map(|t| (Operand::value(t), e)).collect();
                }
                self.count_mismatch(pos, n, elems.len(), values);
                return vec![(Operand::invalid(), e); n];
            }
            if n == 2 && matches!(x.mode, Mode::MapIndex | Mode::CommaOk) {
                self.info.comma_ok.insert(e.id);
                return vec![(Operand::value(x.ty), e), (Operand::value(ids::UNTYPED_BOOL), e)];
            }
            self.count_mismatch(pos, n, 1, values);
            return vec![(Operand::invalid(), e); n];
        }
        let ops: Vec<(Operand, &'a Expr<'a>)> = values.iter().map(|e| (self.expr(e), *e)).collect();
        if ops.len() != n {
            self.count_mismatch(pos, n, values.len(), values);
            return vec![(Operand::invalid(), values[0]); n];
        }
        ops
    }

    fn count_mismatch(&mut self, pos: Pos, n: usize, m: usize, values: &'a [&'a Expr<'a>]) {
        let vars = if n == 1 { "variable" } else { "variables" };
        let what = if values.len() == 1 && m != 1 {
            let s = self.expr_str(values[0]);
            let call_name = match &values[0].unparen().kind {
                ExprKind::Call { fun, .. } => self.expr_str(fun),
                _ => s,
            };
            format!("{call_name} returns {m} value{}", if m == 1 { "" } else { "s" })
        } else {
            format!("{m} value{}", if m == 1 { "" } else { "s" })
        };
        self.error(pos, format!("assignment mismatch: {n} {vars} but {what}"));
    }

    fn assign_stmt(&mut self, s: &'a Stmt<'a>, lhs: &'a [&'a Expr<'a>], op: Tok, rhs: &'a [&'a Expr<'a>]) {
        match op {
            Tok::Define => self.short_var_decl(s, lhs, rhs),
            Tok::Assign => {
                let targets: Vec<Option<Operand>> = lhs.iter().map(|l| self.lhs_target(l)).collect();
                let ops = self.rhs_values(rhs, lhs.len(), s.pos);
                for ((mut x, e), t) in ops.into_iter().zip(targets) {
                    match t {
                        Some(t) => {
                            self.assign_to(&mut x, t.ty, e, "assignment");
                        }
                        None => {
                            if x.ty == ids::UNTYPED_NIL {
                                self.error(e.pos, "use of untyped nil in assignment");
                            } else {
                                self.default_untyped(&mut x, e);
                            }
                        }
                    }
                }
            }
            _ => {
                let bin = op.assign_op().unwrap_or(Tok::Add);
                if self.lhs_target(lhs[0]).is_none() {
                    return;
                }
                // x op= y is checked as x = x op y, sharing the binary operator's rules.
                self.compound_assign(lhs[0], bin, rhs[0]);
            }
        }
    }

    fn compound_assign(&mut self, l: &'a Expr<'a>, op: Tok, r: &'a Expr<'a>) {
        let x = self.expr(l);
        let mut y = self.expr(r);
        if x.ty == ids::INVALID || y.ty == ids::INVALID {
            return;
        }
        if matches!(op, Tok::Shl | Tok::Shr) {
            if !self.types.all_basic(x.ty, |b| b.is_integer()) {
                let d = self.describe(l, &x);
                self.error(l.pos, format!("invalid operation: shifted operand {d} must be integer"));
            }
            if let Mode::Const(v) = &y.mode {
                if v.to_int().is_some_and(|n| n.sign() == num_bigint::Sign::Minus) {
                    let sx = self.expr_str(r);
                    self.error(r.pos, format!("invalid shift count {sx} (negative shift count)"));
                    return;
                }
                self.convert_untyped(&mut y, ids::UINT, r);
            } else if !self.types.all_basic(y.ty, |b| b.is_integer()) {
                let d = self.describe(r, &y);
                self.error(r.pos, format!("invalid operation: shift count {d} must be integer"));
            }
            return;
        }
        if !self.assign_to(&mut y, x.ty, r, "assignment") {
            return;
        }
        let b = self.types.basic(x.ty);
        if !self.op_defined(op, x.ty) {
            let d = self.describe(l, &x);
            self.error(
                l.pos,
                format!("invalid operation: operator {} not defined on {d}", op.as_str()),
            );
            return;
        }
        if matches!(op, Tok::Quo | Tok::Rem)
            && b.is_some_and(|b| b.is_integer())
            && let Mode::Const(v) = &y.mode
            && v.is_zero()
        {
            self.error(r.pos, "invalid operation: division by zero");
        }
    }

    /// Checks an assignment target; None for the blank identifier.
    fn lhs_target(&mut self, l: &'a Expr<'a>) -> Option<Operand> {
        if let ExprKind::Ident(id) = &l.kind {
            if id.is_blank() {
                self.record(l, Mode::Var, ids::INVALID);
                return None;
            }
            // Assigning does not count as a use.
            if let Some(o) = self.resolve(id) {
                let was_used = self.objs[o.0 as usize].used;
                let x = self.expr(l);
                if !self.objs[o.0 as usize].global {
                    self.objs[o.0 as usize].used = was_used;
                }
                self.check_assignable_lhs(l, &x);
                return Some(x);
            }
        }
        let x = self.expr(l);
        self.check_assignable_lhs(l, &x);
        Some(x)
    }

    fn check_assignable_lhs(&mut self, l: &'a Expr<'a>, x: &Operand) {
        match x.mode {
            Mode::Var | Mode::MapIndex => {}
            _ if x.ty == ids::INVALID => {}
            _ => {
                let s = self.expr_str(l);
                let inner = l.unparen();
                let msg = match &inner.kind {
                    ExprKind::Selector(base, _) if self.is_map_index(base) => {
                        format!("cannot assign to struct field {s} in map")
                    }
                    ExprKind::Index(base, _)
                        if self
                            .types
                            .basic(self.info.tvs.get(&base.id).map_or(ids::INVALID, |t| t.ty))
                            .is_some_and(|b| b.is_string()) =>
                    {
                        let d = self.describe(l, x);
                        format!("cannot assign to {d}")
                    }
                    _ => {
                        let d = self.describe(l, x);
                        format!("cannot assign to {d}")
                    }
                };
                self.error(l.pos, msg);
            }
        }
    }

    fn is_map_index(&self, e: &Expr) -> bool {
        match &e.unparen().kind {
            ExprKind::Index(..) => matches!(
                self.info.tvs.get(&e.unparen().id).map(|t| &t.mode),
                Some(Mode::MapIndex)
            ),
            ExprKind::Selector(base, _) => self.is_map_index(base),
            _ => false,
        }
    }

    fn short_var_decl(&mut self, s: &'a Stmt<'a>, lhs: &'a [&'a Expr<'a>], rhs: &'a [&'a Expr<'a>]) {
        let ops = self.rhs_values(rhs, lhs.len(), s.pos);
        let mut any_new = false;
        let mut seen: Vec<&str> = Vec::new();
        let mut pos_of_op = s.pos;
        for l in lhs {
            pos_of_op = pos_of_op.max(l.pos);
        }
        for (l, (mut x, e)) in lhs.iter().zip(ops) {
            let ExprKind::Ident(id) = &l.kind else {
                let st = self.expr_str(l);
                self.error(l.pos, format!("non-name {st} on left side of :="));
                continue;
            };
            if seen.contains(&id.name) && !id.is_blank() {
                self.error(id.pos, format!("{} repeated on left side of :=", id.name));
                continue;
            }
            seen.push(id.name);
            let existing = self
                .scopes
                .last()
                .and_then(|sc| sc.iter().find(|(n, _)| *n == id.name).map(|p| p.1));
            match existing {
                Some(o) if !id.is_blank() => {
                    self.info.objs.insert(id.id, o);
                    let t = self.objs[o.0 as usize].ty;
                    self.record(l, Mode::Var, t);
                    self.assign_to(&mut x, t, e, "assignment");
                }
                _ => {
                    if !id.is_blank() {
                        any_new = true;
                    }
                    if x.ty == ids::UNTYPED_NIL {
                        self.error(e.pos, "use of untyped nil in assignment");
                        x.ty = ids::INVALID;
                    }
                    self.default_untyped(&mut x, e);
                    self.declare(id, ObjKind::Var, x.ty);
                    self.record(l, Mode::Var, x.ty);
                }
            }
        }
        if !any_new {
            let op_pos = lhs
                .last()
                .map_or(s.pos, |l| Pos(l.pos.0 + self.expr_str(l).len() as u32 + 1));
            self.error(op_pos, "no new variables on left side of :=");
        }
    }

    fn return_stmt(&mut self, s: &'a Stmt<'a>, results: &'a [&'a Expr<'a>]) {
        let (want, named) = match &self.func {
            Some(f) => (f.results.clone(), f.named_results),
            None => return,
        };
        if results.is_empty() {
            if !want.is_empty() && !named {
                self.error(s.pos, "not enough return values\n\thave ()");
            }
            return;
        }
        if want.is_empty() {
            self.error(results[0].pos, "too many return values");
            for r in results {
                self.expr_or_type(r);
            }
            return;
        }
        if results.len() == 1 && want.len() > 1 {
            let x = self.expr_or_type(results[0]);
            if let Type::Tuple(elems) = self.types.get(x.ty).clone() {
                if elems.len() != want.len() {
                    let which = if elems.len() < want.len() {
                        "not enough"
                    } else {
                        "too many"
                    };
                    self.error(results[0].pos, format!("{which} return values"));
                }
                return;
            }
            if x.ty != ids::INVALID {
                self.error(results[0].pos, "not enough return values");
            }
            return;
        }
        if results.len() != want.len() {
            let pos = if results.len() > want.len() {
                results[want.len()].pos
            } else {
                results[0].pos
            };
            let which = if results.len() < want.len() {
                "not enough"
            } else {
                "too many"
            };
            for r in results {
                self.expr_or_type(r);
            }
            self.error(pos, format!("{which} return values"));
            return;
        }
        for (r, t) in results.iter().zip(want) {
            let mut x = self.expr(r);
            self.assign_to(&mut x, t, r, "return statement");
        }
    }

    fn branch(&mut self, s: &'a Stmt<'a>, kind: BranchKind, label: Option<&ast::Ident<'a>>) {
        match kind {
            BranchKind::Goto => {
                let Some(l) = label else { return };
                match self.labels.iter_mut().find(|x| x.0 == l.name) {
                    Some(x) => x.2 = true,
                    None => self.error(l.pos, format!("label {} not defined", l.name)),
                }
            }
            BranchKind::Fallthrough => {
                if !self.fallthrough_ok {
                    self.error(s.pos, "fallthrough statement out of place");
                }
            }
            BranchKind::Break | BranchKind::Continue => {
                let is_break = kind == BranchKind::Break;
                if let Some(l) = label {
                    if let Some(x) = self.labels.iter_mut().find(|x| x.0 == l.name) {
                        x.2 = true;
                    }
                    let ok = self
                        .targets
                        .iter()
                        .any(|t| t.label == Some(l.name) && (is_break || t.is_loop));
                    if !ok {
                        let what = if is_break { "break" } else { "continue" };
                        self.error(l.pos, format!("invalid {what} label {}", l.name));
                    }
                    return;
                }
                let ok = self.targets.iter().any(|t| is_break || t.is_loop);
                if !ok {
                    if is_break {
                        self.error(s.pos, "break is not in a loop, switch, or select");
                    } else {
                        self.error(s.pos, "continue is not in a loop");
                    }
                }
            }
        }
    }

    /// `go call` or `defer call` (`keyword`): the operand must be a call of a function,
    /// not a conversion, and not of a builtin whose result would be lost.
    fn call_later(&mut self, e: &'a Expr<'a>, keyword: &str) {
        let ExprKind::Call { fun, .. } = &e.unparen().kind else {
            self.error(e.pos, format!("expression in {keyword} must be function call"));
            self.expr_or_type(e);
            return;
        };
        if matches!(e.kind, ExprKind::Paren(_)) {
            self.error(e.pos, format!("expression in {keyword} must not be parenthesized"));
        }
        self.expr_or_type(e);
        match self.info.tvs.get(&fun.id).map(|t| t.mode.clone()) {
            Some(Mode::Type) => {
                let st = self.expr_str(e);
                self.error(e.pos, format!("{keyword} requires function call, not conversion: {st}"));
            }
            Some(Mode::Builtin(b))
                if !matches!(
                    b.name(),
                    "panic" | "print" | "println" | "recover" | "copy" | "delete" | "close" | "clear"
                ) =>
            {
                let st = self.expr_str(e);
                self.error(e.pos, format!("{keyword} discards result of {st}"));
            }
            _ => {}
        }
    }

    /// A select: each case is a send, a receive, or a receive assigned or declared; each
    /// clause is a scope of its own.
    fn select_stmt(&mut self, clauses: &'a [ast::CommClause<'a>]) {
        let label = self.pending_label.take();
        self.targets.push(Target { label, is_loop: false });
        let mut defaults = 0;
        for c in clauses {
            self.open_scope();
            match c.comm {
                None => {
                    defaults += 1;
                    if defaults > 1 {
                        self.error(c.pos, "multiple defaults in select");
                    }
                }
                Some(comm) => {
                    let is_recv = |e: &Expr| matches!(e.unparen().kind, ExprKind::Unary { op: Tok::Arrow, .. });
                    let valid = match &comm.kind {
                        StmtKind::Send { .. } => true,
                        StmtKind::Expr(e) => is_recv(e),
                        StmtKind::Assign { lhs, op, rhs } => {
                            matches!(op, Tok::Assign | Tok::Define)
                                && rhs.len() == 1
                                && lhs.len() <= 2
                                && is_recv(rhs[0])
                        }
                        _ => false,
                    };
                    if valid {
                        self.stmt(comm);
                    } else {
                        self.error(comm.pos, "select case must be receive, send or assign recv");
                    }
                }
            }
            for st in c.body {
                self.stmt(st);
            }
            self.close_scope();
        }
        self.targets.pop();
    }

    fn switch_stmt(
        &mut self,
        init: &Option<&'a Stmt<'a>>,
        tag: Option<&'a Expr<'a>>,
        clauses: &'a [ast::CaseClause<'a>],
    ) {
        let label = self.pending_label.take();
        self.open_scope();
        if let Some(i) = init {
            self.stmt(i);
        }
        let mut tag_op = match tag {
            Some(t) => {
                let mut x = self.expr(t);
                self.default_untyped(&mut x, t);
                Some((x, t))
            }
            None => None,
        };
        if let Some((x, t)) = &tag_op
            && x.ty != ids::INVALID
            && !self.types.comparable(x.ty)
        {
            let d = self.describe(t, x);
            self.error(t.pos, format!("cannot switch on {d}"));
            tag_op = None;
        }
        let mut defaults = 0;
        let mut seen: Vec<(crate::front::constant::Value, TypeId, Pos)> = Vec::new();
        self.targets.push(Target { label, is_loop: false });
        for (ci, c) in clauses.iter().enumerate() {
            match c.exprs {
                None => {
                    defaults += 1;
                    if defaults > 1 {
                        self.error(c.pos, "multiple defaults in switch");
                    }
                }
                Some(exprs) => {
                    for e in exprs {
                        let mut x = self.expr(e);
                        match &tag_op {
                            Some((t, te)) => {
                                let mut t = t.clone();
                                self.case_compare(&mut x, e, &mut t, te);
                            }
                            None => {
                                self.assign_to(&mut x, ids::BOOL, e, "switch case");
                            }
                        }
                        if let Mode::Const(v) = &x.mode {
                            if seen
                                .iter()
                                .any(|(sv, st, _)| sv.compare(Tok::Eql, v).unwrap_or(false) && *st == x.ty)
                            {
                                let d = self.describe(e, &x);
                                self.error(e.pos, format!("duplicate case {d} in expression switch"));
                            } else {
                                seen.push((v.clone(), x.ty, e.pos));
                            }
                        }
                    }
                }
            }
            self.open_scope();
            let last_is_fallthrough = matches!(
                c.body.last().map(|s| &s.kind),
                Some(StmtKind::Branch {
                    kind: BranchKind::Fallthrough,
                    ..
                })
            );
            let n = c.body.len();
            for (i, st) in c.body.iter().enumerate() {
                self.fallthrough_ok = i + 1 == n && last_is_fallthrough;
                if self.fallthrough_ok && ci + 1 == clauses.len() {
                    self.error(st.pos, "cannot fallthrough final case in switch");
                    self.fallthrough_ok = true;
                }
                self.stmt(st);
                self.fallthrough_ok = false;
            }
            self.close_scope();
        }
        self.targets.pop();
        self.close_scope();
    }

    fn case_compare(&mut self, x: &mut Operand, e: &'a Expr<'a>, t: &mut Operand, te: &'a Expr<'a>) {
        if x.ty == ids::INVALID || t.ty == ids::INVALID {
            return;
        }
        if self.types.is_untyped(x.ty) {
            self.assign_to(x, t.ty, e, "switch case");
            return;
        }
        if !(self.assignable(x.ty, t.ty) || self.assignable(t.ty, x.ty)) {
            let se = self.expr_str(e);
            let st = self.expr_str(te);
            self.error(
                e.pos,
                format!(
                    "invalid case {se} in switch on {st} (mismatched types {} and {})",
                    self.types.local_name(x.ty),
                    self.types.local_name(t.ty)
                ),
            );
        }
    }

    fn type_switch(
        &mut self,
        init: &Option<&'a Stmt<'a>>,
        bind: Option<&ast::Ident<'a>>,
        x: &'a Expr<'a>,
        clauses: &'a [ast::CaseClause<'a>],
    ) {
        let label = self.pending_label.take();
        self.open_scope();
        if let Some(i) = init {
            self.stmt(i);
        }
        let v = self.expr(x);
        if v.ty != ids::INVALID && !self.types.is_interface(v.ty) {
            let d = self.describe(x, &v);
            self.error(x.pos, format!("{d} is not an interface"));
        }
        self.targets.push(Target { label, is_loop: false });
        let mut bind_objs = Vec::new();
        let mut defaults = 0;
        for c in clauses {
            let mut single: Option<TypeId> = None;
            match c.exprs {
                None => {
                    defaults += 1;
                    if defaults > 1 {
                        self.error(c.pos, "multiple defaults in switch");
                    }
                }
                Some(exprs) => {
                    for e in exprs {
                        let t = self.expr_or_type(e);
                        let ty = match t.mode {
                            Mode::Type => {
                                if v.ty != ids::INVALID && self.types.is_interface(v.ty) {
                                    self.check_assertable(e, t.ty, v.ty);
                                }
                                t.ty
                            }
                            _ if t.ty == ids::UNTYPED_NIL => ids::UNTYPED_NIL,
                            _ => {
                                if t.ty != ids::INVALID {
                                    let s = self.expr_str(e);
                                    self.error(e.pos, format!("{s} is not a type"));
                                }
                                ids::INVALID
                            }
                        };
                        single = if exprs.len() == 1 && ty != ids::UNTYPED_NIL {
                            Some(ty)
                        } else {
                            None
                        };
                    }
                }
            }
            self.open_scope();
            if let Some(b) = bind {
                let t = single.unwrap_or(v.ty);
                let o = self.declare(b, ObjKind::Var, t);
                self.info.clause_vars.insert(c.pos, o);
                bind_objs.push(o);
            }
            self.stmts(c.body);
            // The bound variable counts as used if any clause uses it.
            if let Some(&o) = bind_objs.last() {
                let used = self.objs[o.0 as usize].used;
                self.objs[o.0 as usize].used = true;
                self.close_scope();
                self.objs[o.0 as usize].used = used;
            } else {
                self.close_scope();
            }
        }
        if let Some(b) = bind
            && !bind_objs.iter().any(|o| self.objs[o.0 as usize].used)
        {
            self.error(b.pos, format!("declared and not used: {}", b.name));
        }
        self.targets.pop();
        self.close_scope();
    }

    fn range_stmt(
        &mut self,
        s: &'a Stmt<'a>,
        key: Option<&'a Expr<'a>>,
        value: Option<&'a Expr<'a>>,
        op: Tok,
        x: &'a Expr<'a>,
        body: &'a ast::Block<'a>,
    ) {
        let label = self.pending_label.take();
        self.open_scope();
        let mut v = self.expr(x);
        let (kt, vt) = match self.types.under_type(v.ty).clone() {
            Type::Basic(b) if b.is_string() => (ids::INT, Some(ids::INT32)),
            Type::Basic(b) if b.is_integer() => {
                if self.types.is_untyped(v.ty) {
                    let target = match key {
                        Some(k) if op == Tok::Assign => {
                            let kt = self.lhs_target(k).map_or(ids::INT, |o| o.ty);
                            if kt == ids::INVALID { ids::INT } else { kt }
                        }
                        _ => ids::INT,
                    };
                    self.convert_untyped(&mut v, target, x);
                }
                (v.ty, None)
            }
            Type::Slice(e) => (ids::INT, Some(e)),
            Type::Array(_, e) => (ids::INT, Some(e)),
            Type::Pointer(p) => match self.types.under_type(p).clone() {
                Type::Array(_, e) => (ids::INT, Some(e)),
                _ => (ids::INVALID, None),
            },
            Type::Map(k, val) => (k, Some(val)),
            Type::Chan(ast::ChanDir::Send, _) => {
                let d = self.describe(x, &v);
                self.error(x.pos, format!("cannot range over {d} (receive from send-only channel)"));
                (ids::INVALID, None)
            }
            Type::Chan(_, e) => (e, None),
            Type::Func(_) => {
                self.unsupported(x.pos, "range-over-func loops");
                (ids::INVALID, None)
            }
            _ => {
                if v.ty != ids::INVALID {
                    let d = self.describe(x, &v);
                    self.error(x.pos, format!("cannot range over {d}"));
                }
                (ids::INVALID, None)
            }
        };
        if value.is_some() && vt.is_none() && kt != ids::INVALID {
            let d = self.describe(x, &v);
            self.error(
                value.map_or(s.pos, |v| v.pos),
                format!("range over {d} permits only one iteration variable"),
            );
        }
        let vars = [(key, kt), (value, vt.unwrap_or(ids::INVALID))];
        if op == Tok::Define {
            for (e, t) in vars {
                let Some(e) = e else { continue };
                let ExprKind::Ident(id) = &e.kind else {
                    let st = self.expr_str(e);
                    self.error(e.pos, format!("non-name {st} on left side of :="));
                    continue;
                };
                self.declare(id, ObjKind::Var, t);
                self.record(e, Mode::Var, t);
            }
        } else if op == Tok::Assign {
            for (e, t) in vars {
                let Some(e) = e else { continue };
                if let Some(target) = self.lhs_target(e)
                    && target.ty != ids::INVALID
                    && t != ids::INVALID
                    && !self.assignable(t, target.ty)
                {
                    let st = self.expr_str(e);
                    self.error(
                        e.pos,
                        format!(
                            "cannot assign {} to {st} (variable of type {}) in range",
                            self.types.local_name(t),
                            self.types.local_name(target.ty)
                        ),
                    );
                }
            }
        }
        self.targets.push(Target { label, is_loop: true });
        self.block(body);
        self.targets.pop();
        self.close_scope();
    }

    // ---- terminating statements (for "missing return") ----

    fn terminating_list(&self, stmts: &[Stmt]) -> bool {
        stmts
            .iter()
            .rev()
            .find(|s| !matches!(s.kind, StmtKind::Empty))
            .is_some_and(|s| self.terminating(s))
    }

    fn terminating(&self, s: &Stmt) -> bool {
        match &s.kind {
            StmtKind::Return(_) => true,
            StmtKind::Branch {
                kind: BranchKind::Goto, ..
            } => true,
            StmtKind::Expr(e) => {
                if let ExprKind::Call { fun, .. } = &e.unparen().kind
                    && let ExprKind::Ident(id) = &fun.unparen().kind
                    && id.name == "panic"
                    && let Some(o) = self.info.objs.get(&id.id)
                {
                    return matches!(self.objs[o.0 as usize].kind, ObjKind::Builtin(_));
                }
                false
            }
            StmtKind::Block(b) => self.terminating_list(b.stmts),
            StmtKind::If { then, els, .. } => {
                els.is_some_and(|e| self.terminating_list(then.stmts) && self.terminating(e))
            }
            StmtKind::For { cond: None, body, .. } => !has_break(body.stmts, None, true),
            StmtKind::Labeled { label, stmt } => match &stmt.kind {
                StmtKind::For { cond: None, body, .. } => !has_break(body.stmts, Some(label.name), true),
                StmtKind::Switch { clauses, .. } | StmtKind::TypeSwitch { clauses, .. } => {
                    self.switch_terminates(clauses, Some(label.name))
                }
                _ => self.terminating(stmt),
            },
            StmtKind::Switch { clauses, .. } | StmtKind::TypeSwitch { clauses, .. } => {
                self.switch_terminates(clauses, None)
            }
            StmtKind::Select { clauses } => clauses
                .iter()
                .all(|c| self.terminating_list(c.body) && !has_break(c.body, None, true)),
            _ => false,
        }
    }

    fn switch_terminates(&self, clauses: &[ast::CaseClause], label: Option<&str>) -> bool {
        clauses.iter().any(|c| c.exprs.is_none())
            && clauses.iter().all(|c| {
                !has_break(c.body, label, true)
                    && (self.terminating_list(c.body)
                        || matches!(
                            c.body.last().map(|s| &s.kind),
                            Some(StmtKind::Branch {
                                kind: BranchKind::Fallthrough,
                                ..
                            })
                        ))
            })
    }
}

/// Whether statements contain a `break` that targets the enclosing statement (unlabeled at
/// this level, or with its label).
fn has_break(stmts: &[Stmt], label: Option<&str>, top: bool) -> bool {
    stmts.iter().any(|s| match &s.kind {
        StmtKind::Branch {
            kind: BranchKind::Break,
            label: l,
        } => match l {
            None => top,
            Some(l) => Some(l.name) == label,
        },
        StmtKind::Block(b) => has_break(b.stmts, label, top),
        StmtKind::If { then, els, .. } => {
            has_break(then.stmts, label, top) || els.is_some_and(|e| has_break(std::slice::from_ref(e), label, top))
        }
        StmtKind::Labeled { stmt, .. } => has_break(std::slice::from_ref(stmt), label, top),
        StmtKind::For { body, .. } | StmtKind::Range { body, .. } => has_break(body.stmts, label, false),
        StmtKind::Switch { clauses, .. } | StmtKind::TypeSwitch { clauses, .. } => {
            clauses.iter().any(|c| has_break(c.body, label, false))
        }
        StmtKind::Select { clauses } => clauses.iter().any(|c| has_break(c.body, label, false)),
        _ => false,
    })
}

fn unparen_call_fun<'a>(e: &'a Expr<'a>) -> &'a Expr<'a> {
    match &e.unparen().kind {
        ExprKind::Call { fun, .. } => fun,
        _ => e,
    }
}

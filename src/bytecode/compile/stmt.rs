//! Statements: assignments, control flow, loops, switches, defer and return.

use super::builder::{Local, Patch, Target};
use super::expr::Place;
use super::func::FnCompiler;
use crate::bytecode::op::{Insn, Op};
use crate::bytecode::rtype::Kind;
use crate::front::ast::{self, BranchKind, Expr, ExprKind, Stmt, StmtKind};
use crate::front::check::{Mode, ObjId, SelectionKind};
use crate::front::token::Tok;
use crate::front::types::{Type, TypeId, ids};

impl<'x, 'c, 'a> FnCompiler<'x, 'c, 'a> {
    pub fn stmts(&mut self, stmts: &'a [Stmt<'a>]) {
        for s in stmts {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &'a Stmt<'a>) {
        self.b.line = self.line(s.pos);
        let mark = self.b.mark();
        match &s.kind {
            StmtKind::Empty => {}
            StmtKind::Decl(g) => self.decl(g),
            StmtKind::Expr(e) => {
                match &e.unparen().kind {
                    ExprKind::Call {
                        fun, args, ellipsis, ..
                    } => {
                        self.call(e.unparen(), fun, args, ellipsis.is_some());
                    }
                    _ => {
                        self.expr(e);
                    }
                }
                self.b.release(mark);
            }
            StmtKind::IncDec { x, inc } => {
                let t = self.ty(x);
                let p = self.place(x);
                // A register variable is updated in place.
                let v = match p {
                    Place::Reg(r) => r,
                    _ => {
                        let v = self.b.alloc(self.slots(t));
                        self.load_place(p, v, t);
                        v
                    }
                };
                let k = super::kind(&self.c.checked.types, t);
                if k.is_float() {
                    let one = self.b.alloc(1);
                    self.b.load_bits(one, 1f64.to_bits(), &mut self.c.consts);
                    self.b.op(if *inc { Op::AddF } else { Op::SubF }, v, v, one);
                    if k == Kind::Float32 {
                        self.b.op(Op::F32, v, v, 0);
                    }
                } else {
                    self.b.op(Op::AddImm, v, v, if *inc { 1 } else { (-1i16) as u16 });
                    if k.int_bits() < 64 {
                        let op = if k.is_signed() { Op::SExt } else { Op::ZExt };
                        self.b.opx(op, k.int_bits() as u8, v, v, 0);
                    }
                }
                self.store_place(p, v, t);
            }
            StmtKind::Assign { lhs, op, rhs } => self.assign(s, lhs, *op, rhs),
            StmtKind::Return(results) => self.return_stmt(results),
            StmtKind::Block(b) => self.stmts(b.stmts),
            StmtKind::If { init, cond, then, els } => {
                if let Some(i) = init {
                    self.stmt(i);
                }
                let jf = self.cond_false_jump(cond);
                self.stmts(then.stmts);
                match els {
                    Some(e) => {
                        let end = self.b.jump(Op::Jmp, 0);
                        for j in jf {
                            self.b.patch_here(j);
                        }
                        self.stmt(e);
                        self.b.patch_here(end);
                    }
                    None => {
                        for j in jf {
                            self.b.patch_here(j);
                        }
                    }
                }
            }
            StmtKind::For { init, cond, post, body } => self.for_stmt(None, init, *cond, *post, body),
            StmtKind::Range {
                key,
                value,
                op,
                x,
                body,
            } => self.range_stmt(None, *key, *value, *op, x, body),
            StmtKind::Switch { init, tag, clauses, .. } => self.switch_stmt(None, init, *tag, clauses),
            StmtKind::TypeSwitch {
                init, bind, x, clauses, ..
            } => self.type_switch(None, init, bind.as_ref(), x, clauses),
            StmtKind::Labeled { label, stmt } => {
                self.b.labels.insert(label.name, self.b.pc());
                let l = Some(label.name);
                match &stmt.kind {
                    StmtKind::For { init, cond, post, body } => self.for_stmt(l, init, *cond, *post, body),
                    StmtKind::Range {
                        key,
                        value,
                        op,
                        x,
                        body,
                    } => self.range_stmt(l, *key, *value, *op, x, body),
                    StmtKind::Switch { init, tag, clauses, .. } => self.switch_stmt(l, init, *tag, clauses),
                    StmtKind::TypeSwitch {
                        init, bind, x, clauses, ..
                    } => self.type_switch(l, init, bind.as_ref(), x, clauses),
                    StmtKind::Select { clauses } => self.select_stmt(l, clauses),
                    _ => self.stmt(stmt),
                }
            }
            StmtKind::Branch { kind, label } => self.branch(*kind, label.as_ref()),
            StmtKind::Defer(e) => self.call_later(e, Op::Defer),
            StmtKind::Go(e) => self.call_later(e, Op::Go),
            StmtKind::Send { ch, value } => {
                let ct = self.ty(ch);
                let et = self.c.checked.types.elem(ct).unwrap_or(ids::INVALID);
                let c = self.expr(ch);
                let v = self.expr_as(value, et);
                self.b.line = self.line(s.pos);
                self.b.op(Op::Send, c, v, self.slots(et) as u16);
            }
            StmtKind::Select { clauses } => self.select_stmt(None, clauses),
        }
        // Variables declared by the statement stay allocated.
        if !matches!(
            s.kind,
            StmtKind::Decl(_) | StmtKind::Assign { op: Tok::Define, .. } | StmtKind::Labeled { .. }
        ) {
            self.b.release(mark);
        }
    }

    fn decl(&mut self, g: &'a ast::GenDecl<'a>) {
        if g.kind != ast::GenKind::Var {
            return;
        }
        for spec in g.specs {
            let ast::Spec::Value(vs) = spec else { continue };
            let objs: Vec<ObjId> = vs.names.iter().map(|n| self.c.info.objs[&n.id]).collect();
            if vs.values.is_empty() {
                for &o in &objs {
                    let t = self.c.checked.obj(o).ty;
                    self.declare_obj(o, t);
                    self.zero_var(o, t);
                }
                continue;
            }
            let vals = self.rhs_temps(
                vs.values,
                &objs.iter().map(|&o| self.c.checked.obj(o).ty).collect::<Vec<_>>(),
            );
            for (&o, v) in objs.iter().zip(vals) {
                let t = self.c.checked.obj(o).ty;
                let l = self.declare_obj(o, t);
                self.init_local(l, v, t);
            }
        }
    }

    /// Stores an initial value into a freshly declared variable.
    fn init_local(&mut self, l: Local, v: u16, t: TypeId) {
        match l {
            Local::Reg(r) => self.b.move_n(r, v, self.slots(t)),
            Local::Boxed(r) => self.store_mem(r, 0, v, t),
            Local::Capture(_) => {}
        }
    }

    /// Evaluates right-hand sides into fresh temporaries, converted to the targets' types
    /// (so later stores cannot clobber values still to be read).
    fn rhs_temps(&mut self, rhs: &'a [&'a Expr<'a>], targets: &[TypeId]) -> Vec<u16> {
        if rhs.len() == 1 && targets.len() > 1 {
            let (base, types) = self.multi_value(rhs[0], targets.len());
            let mut out = Vec::new();
            let mut off = 0u16;
            for (t, &target) in types.iter().zip(targets) {
                let target = if target == ids::INVALID { *t } else { target };
                let v = self.convert_reg(base + off, *t, target);
                let n = self.slots(target);
                let tmp = self.b.alloc(n);
                self.b.move_n(tmp, v, n);
                out.push(tmp);
                off += self.slots(*t) as u16;
            }
            return out;
        }
        let mut out = Vec::new();
        for (e, &target) in rhs.iter().zip(targets) {
            let target = if target == ids::INVALID { self.ty(e) } else { target };
            let tmp = self.b.alloc(self.slots(target));
            self.expr_as_to(e, target, tmp);
            out.push(tmp);
        }
        out
    }

    fn assign(&mut self, s: &'a Stmt<'a>, lhs: &'a [&'a Expr<'a>], op: Tok, rhs: &'a [&'a Expr<'a>]) {
        match op {
            Tok::Define => {
                let mut objs = Vec::new();
                let mut targets = Vec::new();
                for l in lhs {
                    let ExprKind::Ident(id) = &l.kind else {
                        continue;
                    };
                    let o = self.c.info.objs.get(&id.id).copied();
                    let t = o.map_or(ids::INVALID, |o| self.c.checked.obj(o).ty);
                    objs.push((o, id.is_blank()));
                    targets.push(t);
                }
                // `x := e` for a new register variable evaluates e straight into it.
                if let ([(Some(o), false)], [e]) = (&objs[..], rhs)
                    && !self.b.locals.contains_key(o)
                    && self.direct_target_ok(e)
                {
                    let t = targets[0];
                    if let Local::Reg(r) = self.declare_obj(*o, t) {
                        self.expr_as_to(e, t, r);
                        return;
                    }
                    let v = self.b.alloc(self.slots(t));
                    self.expr_as_to(e, t, v);
                    let l = self.b.locals[o];
                    self.init_local(l, v, t);
                    return;
                }
                let vals = self.rhs_temps(rhs, &targets);
                for ((o, blank), (v, t)) in objs.into_iter().zip(vals.into_iter().zip(targets)) {
                    let Some(o) = o else { continue };
                    if blank {
                        continue;
                    }
                    match self.b.locals.get(&o).copied() {
                        Some(l) => self.store_local(l, v, t),
                        None => {
                            let l = self.declare_obj(o, t);
                            self.init_local(l, v, t);
                        }
                    }
                }
            }
            Tok::Assign => {
                // Only a plain variable may be tested for a register home: computing any
                // other place has side effects.
                if let (
                    [
                        l @ Expr {
                            kind: ExprKind::Ident(_),
                            ..
                        },
                    ],
                    [e],
                ) = (lhs, rhs)
                    && let Place::Reg(r) = self.place(l)
                    && self.direct_target_ok(e)
                {
                    let t = self.ty(l);
                    self.expr_as_to(e, t, r);
                    return;
                }
                let places: Vec<(Place, TypeId)> = lhs.iter().map(|l| (self.place(l), self.ty(l))).collect();
                let targets: Vec<TypeId> = places.iter().map(|p| p.1).collect();
                let vals = self.rhs_temps(rhs, &targets);
                for ((p, t), v) in places.into_iter().zip(vals) {
                    let t = if t == ids::INVALID { ids::INVALID } else { t };
                    self.store_place(p, v, t);
                }
            }
            _ => {
                let bin = op.assign_op().unwrap_or(Tok::Add);
                let l = lhs[0];
                let t = self.ty(l);
                let p = self.place(l);
                if let Place::Reg(cur) = p {
                    let r = self.expr(rhs[0]);
                    self.b.line = self.line(s.pos);
                    self.binary_regs(bin, cur, r, t, self.ty(rhs[0]), cur);
                    return;
                }
                let cur = self.b.alloc(self.slots(t));
                self.load_place(p, cur, t);
                let r = self.expr(rhs[0]);
                self.b.line = self.line(s.pos);
                let dst = self.b.alloc(self.slots(t));
                self.binary_regs(bin, cur, r, t, self.ty(rhs[0]), dst);
                self.store_place(p, dst, t);
            }
        }
    }

    /// Whether `e` can be computed straight into a variable's registers: every operand is
    /// read before the result is written (composite literals and multi-slot string
    /// operations build their result piecewise, so they go through a temporary).
    fn direct_target_ok(&self, e: &Expr) -> bool {
        let t = self.ty(e);
        if self.slots(t) != 1 {
            return false;
        }
        matches!(
            e.unparen().kind,
            ExprKind::Binary { .. }
                | ExprKind::Unary { .. }
                | ExprKind::BasicLit { .. }
                | ExprKind::Call { .. }
                | ExprKind::Ident(_)
                | ExprKind::Index(..)
                | ExprKind::Selector(..)
                | ExprKind::Star(_)
        )
    }

    fn store_local(&mut self, l: Local, v: u16, t: TypeId) {
        match l {
            Local::Reg(r) => self.b.move_n(r, v, self.slots(t)),
            other => {
                let p = self.box_reg(other);
                self.store_mem(p, 0, v, t);
            }
        }
    }

    /// `dst := a op b` on registers, for compound assignment.
    fn binary_regs(&mut self, op: Tok, a: u16, b: u16, t: TypeId, bt: TypeId, dst: u16) {
        let k = super::kind(&self.c.checked.types, t);
        let norm = |f: &mut Self, r: u16| {
            if k.is_integer() && k.int_bits() < 64 {
                let o = if k.is_signed() { Op::SExt } else { Op::ZExt };
                f.b.opx(o, k.int_bits() as u8, r, r, 0);
            } else if k == Kind::Float32 {
                f.b.op(Op::F32, r, r, 0);
            }
        };
        if k == Kind::String {
            self.b.op(Op::Concat, dst, a, b);
            return;
        }
        if k.is_float() {
            let o = match op {
                Tok::Add => Op::AddF,
                Tok::Sub => Op::SubF,
                Tok::Mul => Op::MulF,
                _ => Op::DivF,
            };
            self.b.op(o, dst, a, b);
            norm(self, dst);
            return;
        }
        let signed = k.is_signed();
        let o = match op {
            Tok::Add => Op::AddI,
            Tok::Sub => Op::SubI,
            Tok::Mul => Op::MulI,
            Tok::Quo if signed => Op::DivI,
            Tok::Quo => Op::DivU,
            Tok::Rem if signed => Op::RemI,
            Tok::Rem => Op::RemU,
            Tok::And => Op::And,
            Tok::Or => Op::Or,
            Tok::Xor => Op::Xor,
            Tok::AndNot => Op::AndNot,
            Tok::Shl => Op::Shl,
            Tok::Shr if signed => Op::ShrI,
            _ => Op::ShrU,
        };
        if matches!(op, Tok::Shl | Tok::Shr) && super::kind(&self.c.checked.types, bt).is_signed() {
            self.b.op(Op::ShiftCheck, b, 0, 0);
        }
        self.b.op(o, dst, a, b);
        norm(self, dst);
    }

    // ---- return ----

    fn return_stmt(&mut self, results: &'a [&'a Expr<'a>]) {
        let sig_results = self.current_results();
        if results.is_empty() {
            if self.b.has_defer {
                self.b.op(Op::RunDefers, 0, 0, 0);
            }
            self.emit_result_return();
            return;
        }
        if let ([e], [t], true, false) = (results, &sig_results[..], self.b.results.is_empty(), self.b.has_defer) {
            let r = self.expr_as(e, *t);
            self.b.op(Op::Ret, r, self.b.result_slots as u16, 0);
            return;
        }
        let vals = self.rhs_temps(results, &sig_results);
        if self.b.results.is_empty() && !self.b.has_defer {
            self.emit_return(&vals.iter().copied().zip(sig_results).collect::<Vec<_>>());
            return;
        }
        if self.b.results.is_empty() {
            // Unnamed results with defers: gather them, run the defers, return.
            let base = self.pack(&vals, &sig_results);
            self.b.op(Op::RunDefers, 0, 0, 0);
            self.b.op(Op::Ret, base, self.b.result_slots as u16, 0);
            return;
        }
        let named = self.b.results.clone();
        for ((o, v), t) in named.iter().zip(vals).zip(sig_results) {
            let l = self.b.locals[o];
            self.store_local(l, v, t);
        }
        if self.b.has_defer {
            self.b.op(Op::RunDefers, 0, 0, 0);
        }
        self.emit_result_return();
    }

    fn current_results(&self) -> Vec<TypeId> {
        // Result types are those of the result variables or, when unnamed, recovered
        // from the slot count by the caller; keep them on the builder.
        self.result_types.clone()
    }

    /// Copies values into consecutive registers; returns the first.
    fn pack(&mut self, vals: &[u16], types: &[TypeId]) -> u16 {
        let total: u32 = types.iter().map(|&t| self.slots(t)).sum();
        let base = self.b.alloc(total);
        let mut off = 0u16;
        for (&v, &t) in vals.iter().zip(types) {
            let n = self.slots(t);
            self.b.move_n(base + off, v, n);
            off += n as u16;
        }
        base
    }

    /// `return v1, v2...` from registers.
    pub fn emit_return(&mut self, vals: &[(u16, TypeId)]) {
        if vals.is_empty() {
            if !self.b.results.is_empty() || self.b.result_slots == 0 {
                self.emit_result_return();
            } else {
                // Only reachable after a terminating statement; return zero values.
                let n = self.b.result_slots as u16;
                let base = self.b.alloc(n as u32);
                self.b.op(Op::Zero, base, 0, n);
                self.b.op(Op::Ret, base, n, 0);
            }
            return;
        }
        let (v, t): (Vec<u16>, Vec<TypeId>) = vals.iter().copied().unzip();
        let base = if v.len() == 1 { v[0] } else { self.pack(&v, &t) };
        self.b.op(Op::Ret, base, self.b.result_slots as u16, 0);
    }

    /// Returns the current values of the named results (zero values if unnamed).
    pub fn emit_result_return(&mut self) {
        let n = self.b.result_slots;
        if self.b.results.is_empty() {
            let base = self.b.alloc(n.max(1));
            if n > 0 {
                self.b.op(Op::Zero, base, 0, n as u16);
            }
            self.b.op(Op::Ret, base, n as u16, 0);
            return;
        }
        let named = self.b.results.clone();
        let base = self.b.alloc(n);
        let mut off = 0u16;
        for o in named {
            let t = self.c.checked.obj(o).ty;
            let l = self.b.locals[&o];
            match l {
                Local::Reg(r) => self.b.move_n(base + off, r, self.slots(t)),
                other => {
                    let p = self.box_reg(other);
                    self.load_mem(base + off, p, 0, t);
                }
            }
            off += self.slots(t) as u16;
        }
        self.b.op(Op::Ret, base, n as u16, 0);
    }

    // ---- loops ----

    fn for_stmt(
        &mut self,
        label: Option<&'a str>,
        init: &Option<&'a Stmt<'a>>,
        cond: Option<&'a Expr<'a>>,
        post: Option<&'a Stmt<'a>>,
        body: &'a ast::Block<'a>,
    ) {
        if let Some(i) = init {
            self.stmt(i);
        }
        // Go 1.22: each iteration has its own copy of variables declared in init; only
        // boxed ones (captured or address-taken) can tell, so only they are re-made.
        let loop_vars: Vec<ObjId> = match init.map(|i| &i.kind) {
            Some(StmtKind::Assign {
                lhs, op: Tok::Define, ..
            }) => lhs
                .iter()
                .filter_map(|l| match &l.kind {
                    ExprKind::Ident(id) => self.c.info.objs.get(&id.id).copied(),
                    _ => None,
                })
                .filter(|o| matches!(self.b.locals.get(o), Some(Local::Boxed(_))))
                .collect(),
            _ => Vec::new(),
        };
        // The condition sits after the body, so an iteration takes one branch.
        let to_cond = cond.map(|_| self.b.jump(Op::Jmp, 0));
        let top = self.b.pc();
        self.b.targets.push(Target {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: true,
        });
        self.stmts(body.stmts);
        let t = self.b.targets.pop().expect("pushed above");
        for p in t.continues {
            self.b.patch_here(p);
        }
        for o in loop_vars {
            if let Some(Local::Boxed(r)) = self.b.locals.get(&o).copied() {
                let ty = self.c.checked.obj(o).ty;
                let n = self.slots(ty);
                let mark = self.b.mark();
                let tmp = self.b.alloc(n);
                self.load_mem(tmp, r, 0, ty);
                let ti = self.c.rtype(ty);
                self.b.op(Op::New, r, 0, ti.0 as u16);
                self.store_mem(r, 0, tmp, ty);
                self.b.release(mark);
            }
        }
        if let Some(p) = post {
            self.stmt(p);
        }
        match (cond, to_cond) {
            (Some(c), Some(j)) => {
                self.b.patch_here(j);
                for p in self.cond_true_jump(c) {
                    self.b.patch_to(p, top);
                }
            }
            _ => self.b.jump_back(top),
        }
        for p in t.breaks {
            self.b.patch_here(p);
        }
    }

    fn range_stmt(
        &mut self,
        label: Option<&'a str>,
        key: Option<&'a Expr<'a>>,
        value: Option<&'a Expr<'a>>,
        op: Tok,
        x: &'a Expr<'a>,
        body: &'a ast::Block<'a>,
    ) {
        let xt = self.ty(x);
        let under = self.c.checked.types.under_type(xt).clone();
        let define = op == Tok::Define;
        // `for i, _ := range` reads no values, which matters for a nil array pointer.
        let value = value.filter(|v| !matches!(&v.unparen().kind, ExprKind::Ident(id) if id.is_blank()));
        // The iteration variables' places, set at the start of each iteration.
        let assign_var = |f: &mut Self, e: Option<&'a Expr<'a>>, v: u16, t: TypeId| {
            if let Some(e) = e {
                f.bind_value(e, v, t, define);
            }
        };
        let mut brk = Vec::new();
        match under {
            Type::Basic(b) if b.is_integer() => {
                let n = self.b.alloc(1);
                self.expr_to(x, n);
                let i = self.b.alloc(1);
                self.b.load_int(i, 0, &mut self.c.consts);
                let top = self.b.pc();
                let c = self.b.alloc(1);
                self.b.op(Op::LtI, c, i, n);
                brk.push(self.b.jump(Op::JmpIfNot, c));
                let mark = self.b.mark();
                assign_var(self, key, i, xt);
                self.loop_body(label, body, top, &mut brk, |f| {
                    f.b.op(Op::AddImm, i, i, 1);
                });
                self.b.release(mark);
            }
            Type::Basic(_) => {
                // Strings: decode a rune per iteration.
                let s = self.b.alloc(2);
                self.expr_to(x, s);
                let i = self.b.alloc(1);
                self.b.load_int(i, 0, &mut self.c.consts);
                let next = self.b.alloc(1);
                let top = self.b.pc();
                let c = self.b.alloc(1);
                self.b.op(Op::LtI, c, i, s + 1);
                brk.push(self.b.jump(Op::JmpIfNot, c));
                let rw = self.b.alloc(2);
                self.b.op(Op::StrDecode, rw, s, i);
                self.b.op(Op::AddI, next, i, rw + 1);
                let mark = self.b.mark();
                assign_var(self, key, i, ids::INT);
                assign_var(self, value, rw, ids::INT32);
                self.loop_body(label, body, top, &mut brk, |f| {
                    f.b.op(Op::Move, i, next, 0);
                });
                self.b.release(mark);
            }
            Type::Slice(elem) | Type::Array(_, elem) | Type::Pointer(elem) => {
                let elem = match self.c.checked.types.under_type(elem) {
                    Type::Array(_, e) if matches!(under, Type::Pointer(_)) => *e,
                    _ => elem,
                };
                // A header over the sequence; arrays are ranged over a copy.
                let h = match &under {
                    Type::Slice(_) => {
                        let h = self.b.alloc(3);
                        self.expr_to(x, h);
                        h
                    }
                    Type::Array(n, _) => {
                        let addr = if value.is_some() {
                            let v = self.expr(x);
                            let bx = self.new_box(xt);
                            self.store_mem(bx, 0, v, xt);
                            bx
                        } else {
                            // The indexes alone need no array, but a call in it is made
                            // (len of the array is then not a constant).
                            if x.has_call() {
                                self.expr(x);
                            }
                            self.b.alloc(1)
                        };
                        self.array_header(addr, *n, false)
                    }
                    _ => {
                        let Type::Array(n, _) = self
                            .c
                            .checked
                            .types
                            .under_type(self.c.checked.types.elem(xt).unwrap_or(ids::INVALID))
                            .clone()
                        else {
                            return;
                        };
                        let p = self.expr(x);
                        // Only the elements' values need the array: a nil pointer ranged
                        // over for its indexes runs its n iterations, as Go's does.
                        self.array_header(p, n, value.is_some() && n > 0)
                    }
                };
                let i = self.b.alloc(1);
                self.b.load_int(i, 0, &mut self.c.consts);
                let top = self.b.pc();
                let c = self.b.alloc(1);
                self.b.op(Op::LtI, c, i, h + 1);
                brk.push(self.b.jump(Op::JmpIfNot, c));
                let mark = self.b.mark();
                assign_var(self, key, i, ids::INT);
                if value.is_some() {
                    let v = self.b.alloc(self.slots(elem));
                    let k = super::kind(&self.c.checked.types, elem);
                    if self.slots(elem) == 1 && k.is_byte_kind() {
                        self.b.opx(Op::SliceLoadB, (k == Kind::Int8) as u8, v, h, i);
                    } else if self.slots(elem) == 1 {
                        self.b.op(Op::SliceLoad, v, h, i);
                    } else {
                        let p = self.b.alloc(1);
                        let stride = self.elem_stride(elem);
                        self.b.opx(Op::IndexAddr, stride, p, h, i);
                        self.load_mem(v, p, 0, elem);
                    }
                    assign_var(self, value, v, elem);
                }
                self.loop_body(label, body, top, &mut brk, |f| {
                    f.b.op(Op::AddImm, i, i, 1);
                });
                self.b.release(mark);
            }
            Type::Map(k, v) => {
                let m = self.expr(x);
                let it = self.b.alloc(1);
                let mt = self.c.rtype(xt);
                self.b.op(Op::MapIter, it, m, mt.0 as u16);
                let (ks, vs) = (self.slots(k), self.slots(v));
                let top = self.b.pc();
                let res = self.b.alloc(1 + ks + vs);
                self.b.op(Op::MapNext, res, it, mt.0 as u16);
                brk.push(self.b.jump(Op::JmpIfNot, res));
                let mark = self.b.mark();
                assign_var(self, key, res + 1, k);
                assign_var(self, value, res + 1 + ks as u16, v);
                self.loop_body(label, body, top, &mut brk, |_| {});
                self.b.release(mark);
            }
            Type::Chan(_, elem) => {
                let c = self.b.alloc(1);
                self.expr_to(x, c);
                let es = self.slots(elem);
                let top = self.b.pc();
                let res = self.b.alloc(es + 1);
                self.b.line = self.line(x.pos);
                self.b.opx(Op::Recv, 1, res, c, es as u16);
                brk.push(self.b.jump(Op::JmpIfNot, res + es as u16));
                let mark = self.b.mark();
                assign_var(self, key, res, elem);
                self.loop_body(label, body, top, &mut brk, |_| {});
                self.b.release(mark);
            }
            _ => self.c.error(x.pos, "govm: ranging over this type is not supported yet"),
        }
        for p in brk {
            self.b.patch_here(p);
        }
    }

    /// The body of a loop whose condition is at `top`; `step` advances the iteration.
    fn loop_body(
        &mut self,
        label: Option<&'a str>,
        body: &'a ast::Block<'a>,
        top: usize,
        brk: &mut Vec<Patch>,
        step: impl FnOnce(&mut Self),
    ) {
        self.b.targets.push(Target {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: true,
        });
        self.stmts(body.stmts);
        let t = self.b.targets.pop().expect("pushed above");
        for p in t.continues {
            self.b.patch_here(p);
        }
        step(self);
        self.b.jump_back(top);
        brk.extend(t.breaks);
    }

    fn branch(&mut self, kind: BranchKind, label: Option<&ast::Ident<'a>>) {
        match kind {
            BranchKind::Goto => {
                let Some(l) = label else { return };
                let p = self.b.jump(Op::Jmp, 0);
                self.b.gotos.push((l.name, p));
            }
            BranchKind::Break | BranchKind::Continue => {
                let is_break = kind == BranchKind::Break;
                let idx = self.b.targets.iter().rposition(|t| match label {
                    Some(l) => t.label == Some(l.name),
                    None => is_break || t.is_loop,
                });
                let Some(idx) = idx else { return };
                let p = self.b.jump(Op::Jmp, 0);
                if is_break {
                    self.b.targets[idx].breaks.push(p);
                } else {
                    self.b.targets[idx].continues.push(p);
                }
            }
            BranchKind::Fallthrough => {
                // Patched by the switch to the next clause's body.
                let p = self.b.jump(Op::Jmp, 0);
                self.fallthrough = Some(p);
            }
        }
    }

    // ---- select ----

    /// A select: every channel and sent value is evaluated once, in source order, into
    /// the case descriptors the `Select` instruction reads; it stores the chosen case's
    /// number, and a chain of tests dispatches to that case's body.
    fn select_stmt(&mut self, label: Option<&'a str>, clauses: &'a [ast::CommClause<'a>]) {
        let cases: Vec<&'a ast::CommClause<'a>> = clauses.iter().filter(|c| c.comm.is_some()).collect();
        let n = cases.len();
        let has_default = cases.len() < clauses.len();
        let res = self.b.alloc(2 + 2 * n as u32);
        // The cases' values follow the descriptors, in case order.
        let mut received: Vec<Option<(u16, TypeId)>> = Vec::with_capacity(n);
        for (k, cl) in cases.iter().enumerate() {
            let d = res + 2 + 2 * k as u16;
            let comm = cl.comm.expect("filtered above");
            let (ch, sent) = match &comm.kind {
                StmtKind::Send { ch, value } => (*ch, Some(*value)),
                StmtKind::Expr(e) => (recv_operand(e), None),
                StmtKind::Assign { rhs, .. } => (recv_operand(rhs[0]), None),
                _ => return,
            };
            let ct = self.ty(ch);
            let et = self.c.checked.types.elem(ct).unwrap_or(ids::INVALID);
            let es = self.slots(et);
            self.expr_to(ch, d);
            let v = self.b.alloc(es);
            match sent {
                Some(value) => {
                    self.expr_as_to(value, et, v);
                    received.push(None);
                }
                None => received.push(Some((v, et))),
            }
            self.b
                .load_int(d + 1, (sent.is_some() as i64) | (es as i64) << 1, &mut self.c.consts);
        }
        self.b.opx(Op::Select, has_default as u8, res, 0, n as u16);
        let mut to_body = Vec::with_capacity(n);
        let k_reg = self.b.alloc(1);
        let hit = self.b.alloc(1);
        for k in 0..n {
            self.b.load_int(k_reg, k as i64, &mut self.c.consts);
            self.b.op(Op::EqI, hit, res, k_reg);
            to_body.push(self.b.jump(Op::JmpIf, hit));
        }
        self.b.targets.push(Target {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        let mut ends = Vec::new();
        // Falling through the tests means the default was chosen.
        if let Some(d) = clauses.iter().find(|c| c.comm.is_none()) {
            self.clause_body(d.body);
            ends.push(self.b.jump(Op::Jmp, 0));
        }
        for ((cl, p), got) in cases.iter().zip(to_body).zip(received) {
            self.b.patch_here(p);
            let mark = self.b.mark();
            if let (Some((v, et)), Some(StmtKind::Assign { lhs, op, .. })) = (got, cl.comm.map(|c| &c.kind)) {
                let define = *op == Tok::Define;
                self.bind_value(lhs[0], v, et, define);
                if let Some(ok) = lhs.get(1) {
                    self.bind_value(ok, res + 1, ids::BOOL, define);
                }
            }
            self.clause_body(cl.body);
            self.b.release(mark);
            ends.push(self.b.jump(Op::Jmp, 0));
        }
        let t = self.b.targets.pop().expect("pushed above");
        for p in ends.into_iter().chain(t.breaks) {
            self.b.patch_here(p);
        }
    }

    fn clause_body(&mut self, body: &'a [Stmt<'a>]) {
        let mark = self.b.mark();
        self.stmts(body);
        self.b.release(mark);
    }

    /// Stores `v` (of type `t`) in the variable `e` declares (`define`) or names: a range
    /// loop's iteration variables, a select case's received value and ok flag.
    fn bind_value(&mut self, e: &'a Expr<'a>, v: u16, t: TypeId, define: bool) {
        if let ExprKind::Ident(id) = &e.kind {
            if id.is_blank() {
                return;
            }
            if define {
                let o = self.c.info.objs[&id.id];
                let l = self.declare_obj(o, t);
                self.init_local(l, v, t);
                return;
            }
        }
        let p = self.place(e);
        let pt = self.ty(e);
        self.store_place(p, v, pt);
    }

    // ---- switches ----

    fn switch_stmt(
        &mut self,
        label: Option<&'a str>,
        init: &Option<&'a Stmt<'a>>,
        tag: Option<&'a Expr<'a>>,
        clauses: &'a [ast::CaseClause<'a>],
    ) {
        if let Some(i) = init {
            self.stmt(i);
        }
        let tag_t = tag.map(|t| self.ty(t));
        let tag_r = tag.map(|t| {
            let r = self.b.alloc(self.slots(self.ty(t)));
            self.expr_to(t, r);
            r
        });
        self.b.targets.push(Target {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        // Tests first, in order; then the bodies.
        let mut body_jumps: Vec<Vec<Patch>> = Vec::new();
        for c in clauses {
            let mut js = Vec::new();
            if let Some(exprs) = c.exprs {
                for e in exprs {
                    let mark = self.b.mark();
                    let hit = match (tag_r, tag_t) {
                        (Some(r), Some(tt)) => self.case_equal(r, tt, e),
                        _ => self.expr(e),
                    };
                    js.push(self.b.jump(Op::JmpIf, hit));
                    self.b.release(mark);
                }
            }
            body_jumps.push(js);
        }
        let default_jump = self.b.jump(Op::Jmp, 0);
        let mut ends = Vec::new();
        let mut pending_fall: Option<Patch> = None;
        let mut default_pc = None;
        for (c, js) in clauses.iter().zip(body_jumps) {
            for j in js {
                self.b.patch_here(j);
            }
            if let Some(p) = pending_fall.take() {
                self.b.patch_here(p);
            }
            if c.exprs.is_none() {
                default_pc = Some(self.b.pc());
            }
            self.fallthrough = None;
            self.stmts(c.body);
            match self.fallthrough.take() {
                Some(p) => pending_fall = Some(p),
                None => ends.push(self.b.jump(Op::Jmp, 0)),
            }
        }
        match default_pc {
            Some(pc) => self.b.patch_to(default_jump, pc),
            None => ends.push(default_jump),
        }
        let t = self.b.targets.pop().expect("pushed above");
        for p in ends.into_iter().chain(t.breaks) {
            self.b.patch_here(p);
        }
    }

    /// Compares the switch tag with a case expression; returns the register holding the
    /// result.
    fn case_equal(&mut self, tag: u16, tag_t: TypeId, e: &'a Expr<'a>) -> u16 {
        let et = self.ty(e);
        let types = &self.c.checked.types;
        let dst = self.b.alloc(1);
        let k = super::kind(types, tag_t);
        if types.is_interface(tag_t) || types.is_interface(et) || matches!(k, Kind::Struct | Kind::Array) {
            let a = self.convert_reg(tag, tag_t, ids::ANY);
            let a = if self.c.checked.types.is_interface(tag_t) {
                tag
            } else {
                a
            };
            let b = if self.c.checked.types.is_interface(tag_t) {
                self.expr_as(e, tag_t)
            } else {
                let v = self.expr(e);
                self.convert_reg(v, et, ids::ANY)
            };
            self.b.op(Op::EqIface, dst, a, b);
            return dst;
        }
        let v = self.expr(e);
        let (o, _, negate) = super::compare_op(k, Tok::Eql).unwrap_or((Op::EqI, false, false));
        self.b.op(o, dst, tag, v);
        if negate {
            self.b.op(Op::NotB, dst, dst, 0);
        }
        dst
    }

    fn type_switch(
        &mut self,
        label: Option<&'a str>,
        init: &Option<&'a Stmt<'a>>,
        bind: Option<&ast::Ident<'a>>,
        x: &'a Expr<'a>,
        clauses: &'a [ast::CaseClause<'a>],
    ) {
        if let Some(i) = init {
            self.stmt(i);
        }
        let xr = self.b.alloc(2);
        self.expr_to(x, xr);
        self.b.targets.push(Target {
            label,
            breaks: Vec::new(),
            continues: Vec::new(),
            is_loop: false,
        });
        let mut body_jumps = Vec::new();
        for c in clauses {
            let mut js = Vec::new();
            for e in c.exprs.unwrap_or(&[]) {
                let t = self.ty(e);
                let hit = self.b.alloc(1);
                let is_nil =
                    matches!(self.c.info.tvs.get(&e.id).map(|t| &t.mode), Some(Mode::Value)) && t == ids::UNTYPED_NIL;
                let ti = self.c.rtype(if is_nil { ids::UNTYPED_NIL } else { t });
                let op = if !is_nil && self.c.checked.types.is_interface(t) {
                    Op::Implements
                } else {
                    Op::TypeIs
                };
                self.b.op(op, hit, xr, ti.0 as u16);
                js.push(self.b.jump(Op::JmpIf, hit));
            }
            body_jumps.push(js);
        }
        let default_jump = self.b.jump(Op::Jmp, 0);
        let mut ends = Vec::new();
        let mut default_pc = None;
        for (c, js) in clauses.iter().zip(body_jumps) {
            for j in js {
                self.b.patch_here(j);
            }
            if c.exprs.is_none() {
                default_pc = Some(self.b.pc());
            }
            let mark = self.b.mark();
            if bind.is_some()
                && let Some(&o) = self.c.info.clause_vars.get(&c.pos)
            {
                let t = self.c.checked.obj(o).ty;
                let l = self.declare_obj(o, t);
                let v = self.b.alloc(self.slots(t));
                if self.c.checked.types.is_interface(t) {
                    self.b.move_n(v, xr, 2);
                } else {
                    let ti = self.c.rtype(t);
                    self.b.op(Op::AssertType, v, xr, ti.0 as u16);
                }
                self.init_local(l, v, t);
            }
            self.stmts(c.body);
            self.b.release(mark);
            ends.push(self.b.jump(Op::Jmp, 0));
        }
        match default_pc {
            Some(pc) => self.b.patch_to(default_jump, pc),
            None => ends.push(default_jump),
        }
        let t = self.b.targets.pop().expect("pushed above");
        for p in ends.into_iter().chain(t.breaks) {
            self.b.patch_here(p);
        }
    }

    // ---- defer and go ----

    /// `defer call` (`op` = Defer) or `go call` (`op` = Go): evaluates the function value
    /// and arguments now, for a call later or in a new goroutine.
    fn call_later(&mut self, e: &'a Expr<'a>, op: Op) {
        let ExprKind::Call {
            fun, args, ellipsis, ..
        } = &e.unparen().kind
        else {
            return;
        };
        let what = if op == Op::Defer { "deferring" } else { "go with" };
        let ftv = self.c.info.tvs.get(&fun.id).cloned();
        match ftv.as_ref().map(|t| &t.mode) {
            Some(Mode::Builtin(b)) if b.name() == "close" => {
                // The runtime's closechan wraps the builtin in a function to call later.
                let Some(f) = self.c.runtime_func("closechan") else {
                    return;
                };
                let frame = self.b.alloc(1);
                self.expr_to(args[0], frame);
                let c = self.b.alloc(1);
                self.b.emit(Insn::wide(Op::LoadFunc, c, f));
                self.b.op(op, frame, c, 1);
                return;
            }
            Some(Mode::Builtin(b)) => {
                let msg = format!("govm: {what} a call of builtin {} is not supported yet", b.name());
                self.c.error(e.pos, msg);
                return;
            }
            Some(Mode::Type) => return,
            _ => {}
        }
        let fty = self.ty(fun);
        let Some(sig) = self.c.checked.types.sig(fty).cloned() else {
            return;
        };
        let fun_u = fun.unparen();
        // The closure to call and any receiver to pass first. A method of an interface
        // becomes a method value: the closure binds the receiver.
        let (closure, recv): (u16, Option<(u16, u32)>) = match &fun_u.kind {
            ExprKind::Selector(x, _) => match self.c.info.selections.get(&fun_u.id).cloned() {
                Some(s) if s.kind == SelectionKind::Method && s.func.is_some() => {
                    let m = s.func.expect("checked above");
                    let xt = self.ty(x);
                    let r = self.method_receiver(x, xt, &s.path, s.ptr_recv);
                    let rt = self.receiver_type(m);
                    let idx = self.c.func_index(m).unwrap_or(0);
                    let c = self.b.alloc(1);
                    self.b.emit(Insn::wide(Op::LoadFunc, c, idx));
                    (c, Some((r, self.slots(rt))))
                }
                _ => (self.expr(fun), None),
            },
            _ => (self.expr(fun), None),
        };
        let recv_slots = recv.map_or(0, |r| r.1);
        let arg_slots: u32 = sig.params.iter().map(|&t| self.slots(t)).sum();
        let frame = self.b.alloc(recv_slots + arg_slots);
        if let Some((r, n)) = recv {
            self.b.move_n(frame, r, n);
        }
        self.args_to(args, &sig, ellipsis.is_some(), frame + recv_slots as u16);
        self.b.op(op, frame, closure, (recv_slots + arg_slots) as u16);
    }
}

/// The channel operand of a select case's receive `<-ch`.
fn recv_operand<'a>(e: &'a Expr<'a>) -> &'a Expr<'a> {
    match &e.unparen().kind {
        ExprKind::Unary { op: Tok::Arrow, x } => x,
        _ => e,
    }
}

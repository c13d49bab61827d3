//! Expressions: values into registers, places to store to, calls and builtins.

use super::builder::Local;
use super::func::FnCompiler;
use crate::bytecode::op::{BYTE_ELEMS, Insn, Op, slice_x};
use crate::bytecode::rtype::Kind;
use crate::front::ast::{self, Expr, ExprKind};
use crate::front::check::{Builtin, Mode, ObjKind, SelectionKind};
use crate::front::constant::Value;
use crate::front::token::Tok;
use crate::front::types::{Type, TypeId, ids};

/// An assignable location.
#[derive(Copy, Clone, Debug)]
pub enum Place {
    /// Registers of an unboxed local.
    Reg(u16),
    /// Memory at `R[ptr] + 8 off` (a box, global, field or element). `checked`: the pointer
    /// is known not to be nil (a box, a global, an address a nil or bounds check made), so
    /// taking the place's address needs no check.
    Mem { ptr: u16, off: u16, checked: bool },
    /// `m[key]`: map register, key registers.
    Map { map: u16, key: u16, map_t: TypeId },
    /// The blank identifier.
    Blank,
}

impl<'x, 'c, 'a> FnCompiler<'x, 'c, 'a> {
    pub fn ty(&self, e: &Expr) -> TypeId {
        self.c.info.tvs.get(&e.id).map_or(ids::INVALID, |t| t.ty)
    }

    fn kind(&self, t: TypeId) -> Kind {
        super::kind(&self.c.checked.types, t)
    }

    fn set_line(&mut self, e: &Expr) {
        self.b.line = self.line(e.pos);
    }

    /// The value of `e` in registers. The registers may belong to a variable: callers
    /// must not write to them.
    pub fn expr(&mut self, e: &'a Expr<'a>) -> u16 {
        if let Some(tv) = self.c.info.tvs.get(&e.id)
            && let Mode::Const(v) = &tv.mode
        {
            let (v, t) = (v.clone(), tv.ty);
            if let Some(r) = self.const_operand(&v, t) {
                return r;
            }
            let dst = self.b.alloc(self.slots(t));
            self.constant(&v, t, dst);
            return dst;
        }
        match &e.kind {
            ExprKind::Paren(x) => self.expr(x),
            ExprKind::Ident(id) => {
                let obj = self.c.info.objs.get(&id.id).copied();
                let Some(obj) = obj else {
                    return self.b.alloc(1);
                };
                let o = self.c.checked.obj(obj);
                match &o.kind {
                    ObjKind::Nil => {
                        let t = self.ty(e);
                        let n = self.slots(t);
                        let dst = self.b.alloc(n);
                        self.b.op(Op::Zero, dst, 0, n as u16);
                        dst
                    }
                    ObjKind::Func(_) => {
                        let idx = self.c.func_index(obj).unwrap_or(0);
                        let dst = self.b.alloc(1);
                        self.b.emit(Insn::wide(Op::LoadFunc, dst, idx));
                        dst
                    }
                    _ => match self.place(e) {
                        Place::Reg(r) => r,
                        p => {
                            let t = self.ty(e);
                            let dst = self.b.alloc(self.slots(t));
                            self.load_place(p, dst, t);
                            dst
                        }
                    },
                }
            }
            ExprKind::Call {
                fun, args, ellipsis, ..
            } => self.call(e, fun, args, ellipsis.is_some()),
            _ => {
                let t = self.ty(e);
                let dst = self.b.alloc(self.slots(t));
                self.expr_to(e, dst);
                dst
            }
        }
    }

    /// Compiles `e` into the registers at `dst`.
    pub fn expr_to(&mut self, e: &'a Expr<'a>, dst: u16) {
        // A chain of operators, selectors, indexes or calls nests as deep as the file is
        // long (the checker's recursion has the same guard).
        crate::deep(|| self.expr_to_here(e, dst))
    }

    fn expr_to_here(&mut self, e: &'a Expr<'a>, dst: u16) {
        let t = self.ty(e);
        if let Some(tv) = self.c.info.tvs.get(&e.id)
            && let Mode::Const(v) = &tv.mode
        {
            let v = v.clone();
            self.constant(&v, t, dst);
            return;
        }
        let mark = self.b.mark();
        match &e.kind {
            ExprKind::Paren(x) => self.expr_to(x, dst),
            ExprKind::Ident(_) => {
                let r = self.expr(e);
                self.b.move_n(dst, r, self.slots(t));
            }
            ExprKind::FuncLit { typ, body } => {
                let r = self.func_lit(e, typ, body);
                self.b.op(Op::Move, dst, r, 0);
            }
            ExprKind::CompositeLit { .. } => self.composite(e, t, dst),
            ExprKind::Selector(x, sel) => self.selector_to(e, x, sel, dst),
            ExprKind::Index(..) if self.c.info.insts.contains_key(&e.id) => {
                let f = self.c.func_index(self.c.info.insts[&e.id]).unwrap_or(0);
                self.b.emit(Insn::wide(Op::LoadFunc, dst, f));
            }
            ExprKind::Index(x, idx) => {
                let xt = self.ty(x);
                match self.c.checked.types.under_type(xt).clone() {
                    Type::Basic(_) => {
                        let s = self.expr(x);
                        let i = self.expr(idx[0]);
                        self.index_check(e, idx[0], i, s + 1);
                        self.b.op(Op::StrIndex, dst, s, i);
                    }
                    Type::Map(_, _) => {
                        let m = self.expr(x);
                        let kt = self.map_key_type(xt);
                        let frame = self.b.alloc(1 + self.slots(kt));
                        self.b.op(Op::Move, frame, m, 0);
                        self.expr_as_to(idx[0], kt, frame + 1);
                        let mt = self.c.rtype(xt);
                        self.b.op(Op::MapGet, dst, frame, mt.0 as u16);
                    }
                    Type::Slice(elem) if self.slots(elem) == 1 => {
                        let s = self.expr(x);
                        let i = self.expr(idx[0]);
                        self.index_check(e, idx[0], i, s + 1);
                        let k = self.kind(elem);
                        if k.is_byte_kind() {
                            self.b.opx(Op::SliceLoadB, (k == Kind::Int8) as u8, dst, s, i);
                        } else {
                            self.b.op(Op::SliceLoad, dst, s, i);
                        }
                    }
                    _ => {
                        let p = self.place(e);
                        self.load_place(p, dst, t);
                    }
                }
            }
            ExprKind::Slice { x, lo, hi, max, .. } => self.slice_expr(x, *lo, *hi, *max, dst),
            ExprKind::TypeAssert { x, .. } => {
                let v = self.expr(x);
                self.set_line(e);
                let ti = self.c.rtype(t);
                if self.c.checked.types.is_interface(t) {
                    self.b.op(Op::AssertIface, dst, v, ti.0 as u16);
                } else {
                    let pc = self.b.op(Op::AssertType, dst, v, ti.0 as u16);
                    let from = self.c.rtype(self.ty(x));
                    self.b.asserted.push((pc as u32, from));
                }
            }
            ExprKind::Call {
                fun, args, ellipsis, ..
            } => {
                let r = self.call(e, fun, args, ellipsis.is_some());
                self.b.move_n(dst, r, self.slots(t));
            }
            ExprKind::Star(x) => {
                let p = self.expr(x);
                self.set_line(e);
                self.load_mem(dst, p, 0, t);
            }
            ExprKind::Unary { op, x } => self.unary(e, *op, x, t, dst),
            ExprKind::Binary { op, x, y } => self.binary(e, *op, x, y, t, dst),
            _ => {
                self.c.error(e.pos, "govm: this expression is not supported yet");
            }
        }
        self.b.release(mark.max(dst as u32 + self.slots(t)));
        self.b.release(mark);
    }

    /// `e` converted to type `target` (boxing into an interface when needed).
    pub fn expr_as(&mut self, e: &'a Expr<'a>, target: TypeId) -> u16 {
        let from = self.ty(e);
        let r = self.expr(e);
        self.convert_reg(r, from, target)
    }

    pub fn expr_as_to(&mut self, e: &'a Expr<'a>, target: TypeId, dst: u16) {
        let from = self.ty(e);
        if !self.needs_iface(from, target) {
            self.expr_to(e, dst);
            return;
        }
        let mark = self.b.mark();
        let r = self.expr(e);
        self.make_iface(dst, r, from);
        self.b.release(mark);
    }

    fn needs_iface(&self, from: TypeId, to: TypeId) -> bool {
        let types = &self.c.checked.types;
        types.is_interface(to) && !types.is_interface(from) && from != ids::UNTYPED_NIL
    }

    /// Converts a value for assignment to `target`: only a concrete value becoming an
    /// interface changes representation.
    pub fn convert_reg(&mut self, r: u16, from: TypeId, target: TypeId) -> u16 {
        if !self.needs_iface(from, target) {
            return r;
        }
        let dst = self.b.alloc(2);
        self.make_iface(dst, r, from);
        dst
    }

    pub fn make_iface(&mut self, dst: u16, src: u16, from: TypeId) {
        let from = if self.c.checked.types.is_untyped(from) {
            self.default_of(from)
        } else {
            from
        };
        let ti = self.c.rtype(from);
        self.b.op(Op::MakeIface, dst, src, ti.0 as u16);
    }

    fn default_of(&self, t: TypeId) -> TypeId {
        match t {
            ids::UNTYPED_BOOL => ids::BOOL,
            ids::UNTYPED_INT => ids::INT,
            ids::UNTYPED_RUNE => ids::INT32,
            ids::UNTYPED_FLOAT => ids::FLOAT64,
            ids::UNTYPED_STRING => ids::STRING,
            _ => t,
        }
    }

    /// Materialises a constant of type `t` into `dst`.
    pub fn constant(&mut self, v: &Value, t: TypeId, dst: u16) {
        let t = self.default_of(t);
        if self.c.checked.types.is_interface(t) {
            // A constant assigned to an interface was recorded with its default type.
            self.b.op(Op::Zero, dst, 0, 2);
            return;
        }
        let k = self.kind(t);
        match v {
            Value::Bool(b) => self.b.load_int(dst, *b as i64, &mut self.c.consts),
            Value::String(s) => {
                let i = self.c.string_const(s);
                self.b.emit(Insn::wide(Op::LoadStr, dst, i));
            }
            _ if k.is_float() => {
                let f = if k == Kind::Float32 {
                    v.to_f32() as f64
                } else {
                    v.to_f64()
                };
                self.b.load_bits(dst, f.to_bits(), &mut self.c.consts);
            }
            _ if k.is_complex() => {
                self.b.op(Op::Zero, dst, 0, 2);
            }
            _ => {
                let bits = v.to_i64().map(|i| i as u64).or_else(|| v.to_u64()).unwrap_or(0);
                if bits as i64 as i32 as i64 == bits as i64 {
                    self.b.load_int(dst, bits as i64, &mut self.c.consts);
                } else {
                    self.b.load_bits(dst, bits, &mut self.c.consts);
                }
            }
        }
    }

    /// A function-wide register holding a one-slot numeric or boolean constant.
    fn const_operand(&mut self, v: &Value, t: TypeId) -> Option<u16> {
        let t = self.default_of(t);
        let k = self.kind(t);
        let bits = match v {
            Value::Bool(b) => *b as u64,
            _ if k.is_float() => {
                let f = if k == Kind::Float32 {
                    v.to_f32() as f64
                } else {
                    v.to_f64()
                };
                f.to_bits()
            }
            _ if k.is_integer() => v.to_i64().map(|i| i as u64).or_else(|| v.to_u64())?,
            _ => return None,
        };
        self.b.const_reg(bits)
    }

    fn map_key_type(&self, mt: TypeId) -> TypeId {
        match self.c.checked.types.under_type(mt) {
            Type::Map(k, _) => *k,
            _ => ids::INVALID,
        }
    }

    // ---- places ----

    pub fn place(&mut self, e: &'a Expr<'a>) -> Place {
        match &e.kind {
            ExprKind::Paren(x) => self.place(x),
            ExprKind::Ident(id) => {
                if id.is_blank() {
                    return Place::Blank;
                }
                let Some(&obj) = self.c.info.objs.get(&id.id) else {
                    return Place::Blank;
                };
                if self.c.globals.contains_key(&obj) {
                    let p = self.global_addr(obj);
                    return Place::Mem {
                        ptr: p,
                        off: 0,
                        checked: true,
                    };
                }
                match self.local(obj) {
                    Some(Local::Reg(r)) => Place::Reg(r),
                    Some(l) => {
                        let p = self.box_reg(l);
                        Place::Mem {
                            ptr: p,
                            off: 0,
                            checked: true,
                        }
                    }
                    None => Place::Blank,
                }
            }
            ExprKind::Selector(x, _) => {
                let sel = self.c.info.selections.get(&e.id).cloned();
                let Some(sel) = sel else {
                    // A qualified identifier: a package-level variable.
                    if let ExprKind::Selector(_, s) = &e.kind
                        && let Some(&obj) = self.c.info.objs.get(&s.id)
                        && self.c.globals.contains_key(&obj)
                    {
                        let p = self.global_addr(obj);
                        return Place::Mem {
                            ptr: p,
                            off: 0,
                            checked: true,
                        };
                    }
                    return Place::Blank;
                };
                let xt = self.ty(x);
                let types = &self.c.checked.types;
                let (last, prefix) = sel.path.split_last().expect("field selections have a path");
                let through_ptr = matches!(types.under_type(xt), Type::Pointer(_))
                    || super::func::path_has_pointer(self.c, xt, prefix);
                let base_t = match types.under_type(xt) {
                    Type::Pointer(e) => *e,
                    _ => xt,
                };
                if !through_ptr {
                    // Field of a value: offset within the base place.
                    let base = self.place(x);
                    let off = self.path_offset(base_t, &sel.path);
                    return match base {
                        Place::Reg(r) => Place::Reg(r + off),
                        Place::Mem { ptr, off: o, checked } => Place::Mem {
                            ptr,
                            off: o + off,
                            checked,
                        },
                        other => {
                            // A field of a map element: read the element, then the field.
                            let r = self.b.alloc(self.slots(base_t));
                            self.load_place(other, r, base_t);
                            Place::Reg(r + off)
                        }
                    };
                }
                // Through a pointer: walk to the struct holding the field. Its access checks
                // the pointer, after the right-hand side of an assignment is evaluated, as
                // Go's does.
                let v = self.expr(x);
                let holder = self.walk_path(v, xt, prefix, true);
                let holder_t = self.path_type(base_t, prefix);
                let off = self.path_offset(holder_t, &[*last]);
                self.set_line(e);
                Place::Mem {
                    ptr: holder,
                    off,
                    checked: false,
                }
            }
            ExprKind::Index(x, idx) => {
                let xt = self.ty(x);
                match self.c.checked.types.under_type(xt).clone() {
                    Type::Map(..) => {
                        let m = self.expr(x);
                        let kt = self.map_key_type(xt);
                        let key = self.b.alloc(self.slots(kt));
                        self.expr_as_to(idx[0], kt, key);
                        Place::Map { map: m, key, map_t: xt }
                    }
                    Type::Slice(elem) => {
                        let s = self.expr(x);
                        let i = self.expr(idx[0]);
                        self.index_check(e, idx[0], i, s + 1);
                        self.elem_place(s, i, elem)
                    }
                    // An array is checked for nil (when reached through a pointer) after
                    // the index is evaluated, as Go does.
                    Type::Array(n, elem) => {
                        let p = self.place(x);
                        let i = self.expr(idx[0]);
                        let base = self.place_addr(p, xt);
                        let hdr = self.array_header(base, n, false);
                        self.index_check(e, idx[0], i, hdr + 1);
                        self.elem_place(hdr, i, elem)
                    }
                    Type::Pointer(p) => {
                        let Type::Array(n, elem) = self.c.checked.types.under_type(p).clone() else {
                            return Place::Blank;
                        };
                        let ptr = self.expr(x);
                        let i = self.expr(idx[0]);
                        self.set_line(e);
                        let hdr = self.array_header(ptr, n, true);
                        self.index_check(e, idx[0], i, hdr + 1);
                        self.elem_place(hdr, i, elem)
                    }
                    _ => Place::Blank,
                }
            }
            ExprKind::Star(x) => {
                let p = self.expr(x);
                // Loads and stores check the pointer; taking the address must too.
                Place::Mem {
                    ptr: p,
                    off: 0,
                    checked: false,
                }
            }
            _ => {
                // Not addressable: a temporary in memory.
                let t = self.ty(e);
                let r = self.expr(e);
                let b = self.new_box(t);
                self.store_mem(b, 0, r, t);
                Place::Mem {
                    ptr: b,
                    off: 0,
                    checked: true,
                }
            }
        }
    }

    /// A slice header over the array of `n` elements `R[base]` points to, checking first
    /// that it is not nil if `check` (Go checks an array pointer before indexing or slicing
    /// it, even when the array is empty).
    pub fn array_header(&mut self, base: u16, n: u64, check: bool) -> u16 {
        let h = self.b.alloc(3);
        self.b.op(if check { Op::FieldAddr } else { Op::Move }, h, base, 0);
        self.b.load_int(h + 1, n as i64, &mut self.c.consts);
        self.b.op(Op::Move, h + 2, h + 1, 0);
        h
    }

    /// Before the indexing expression `e` uses its index `idx` (evaluated into `R[i]`) on an
    /// operand whose length is in `R[len]`. The indexing ops take an index as signed; Go
    /// prints one of an unsigned type unsigned, so a check of its own catches those too big
    /// for an int first.
    fn index_check(&mut self, e: &'a Expr<'a>, idx: &'a Expr<'a>, i: u16, len: u16) {
        self.set_line(e);
        if self.wide_unsigned(idx) {
            self.b.opx(Op::BoundsCheck, 1, i, len, 0);
        }
    }

    /// Whether `e` is not a constant and of an unsigned type whose values may not fit an
    /// int (constant indexes and bounds always do).
    fn wide_unsigned(&self, e: &Expr) -> bool {
        let constant = matches!(self.c.info.tvs.get(&e.id).map(|t| &t.mode), Some(Mode::Const(_)));
        !constant && matches!(self.kind(self.ty(e)), Kind::Uint | Kind::Uint64 | Kind::Uintptr)
    }

    /// The `x` of an op stepping through elements of type `elem` (see
    /// [`elem_width`](crate::bytecode::op::elem_width)).
    pub fn elem_stride(&mut self, elem: TypeId) -> u8 {
        if self.kind(elem).is_byte_kind() {
            return BYTE_ELEMS;
        }
        let slots = self.slots(elem);
        if slots >= BYTE_ELEMS as u32 {
            self.c.error(
                crate::front::source::Pos::NONE,
                "govm: array elements larger than 254 slots are not supported yet",
            );
        }
        slots as u8
    }

    fn elem_place(&mut self, slice: u16, i: u16, elem: TypeId) -> Place {
        let stride = self.elem_stride(elem);
        let p = self.b.alloc(1);
        self.b.opx(Op::IndexAddr, stride, p, slice, i);
        Place::Mem {
            ptr: p,
            off: 0,
            checked: true,
        }
    }

    /// Slot offset of the field reached by `path` from struct type `t`.
    fn path_offset(&self, t: TypeId, path: &[usize]) -> u16 {
        let types = &self.c.checked.types;
        let mut off = 0u32;
        let mut cur = t;
        for &i in path {
            let Type::Struct(fields) = types.under_type(cur) else {
                break;
            };
            off += fields[..i].iter().map(|f| self.slots(f.ty)).sum::<u32>();
            cur = fields[i].ty;
        }
        off as u16
    }

    fn path_type(&self, t: TypeId, path: &[usize]) -> TypeId {
        let types = &self.c.checked.types;
        let mut cur = t;
        for &i in path {
            let Type::Struct(fields) = types.under_type(cur) else {
                break;
            };
            cur = fields[i].ty;
            if let Type::Pointer(e) = types.get(cur) {
                cur = *e;
            }
        }
        cur
    }

    pub fn load_place(&mut self, p: Place, dst: u16, t: TypeId) {
        match p {
            Place::Reg(r) => self.b.move_n(dst, r, self.slots(t)),
            Place::Mem { ptr, off, .. } => self.load_mem(dst, ptr, off, t),
            Place::Map { map, key, map_t } => {
                let kt = self.map_key_type(map_t);
                let frame = self.b.alloc(1 + self.slots(kt));
                self.b.op(Op::Move, frame, map, 0);
                self.b.move_n(frame + 1, key, self.slots(kt));
                let mt = self.c.rtype(map_t);
                self.b.op(Op::MapGet, dst, frame, mt.0 as u16);
            }
            Place::Blank => {}
        }
    }

    pub fn store_place(&mut self, p: Place, src: u16, t: TypeId) {
        match p {
            Place::Reg(r) => self.b.move_n(r, src, self.slots(t)),
            Place::Mem { ptr, off, .. } => self.store_mem(ptr, off, src, t),
            Place::Map { map, key, map_t } => {
                let kt = self.map_key_type(map_t);
                let ks = self.slots(kt);
                let frame = self.b.alloc(1 + ks);
                self.b.op(Op::Move, frame, map, 0);
                self.b.move_n(frame + 1, key, ks);
                let mt = self.c.rtype(map_t);
                self.b.op(Op::MapSet, frame, src, mt.0 as u16);
            }
            Place::Blank => {}
        }
    }

    // ---- selectors ----

    fn selector_to(&mut self, e: &'a Expr<'a>, x: &'a Expr<'a>, sel: &ast::Ident<'a>, dst: u16) {
        let t = self.ty(e);
        let Some(s) = self.c.info.selections.get(&e.id).cloned() else {
            // pkg.Name: a function or variable of another package.
            let Some(&obj) = self.c.info.objs.get(&sel.id) else {
                return;
            };
            if let ObjKind::Func(_) = self.c.checked.obj(obj).kind {
                let idx = self.c.func_index(obj).unwrap_or(0);
                self.b.emit(Insn::wide(Op::LoadFunc, dst, idx));
                return;
            }
            let p = self.place(e);
            self.load_place(p, dst, t);
            return;
        };
        match s.kind {
            SelectionKind::Field => {
                let xt = self.ty(x);
                let direct = !matches!(self.c.checked.types.under_type(xt), Type::Pointer(_))
                    && !super::func::path_has_pointer(self.c, xt, &s.path[..s.path.len() - 1]);
                if direct
                    && !matches!(
                        x.unparen().kind,
                        ExprKind::Ident(_) | ExprKind::Selector(..) | ExprKind::Index(..) | ExprKind::Star(_)
                    )
                {
                    // A field of a value computed in registers.
                    let v = self.expr(x);
                    let off = self.path_offset(xt, &s.path);
                    self.b.move_n(dst, v + off, self.slots(t));
                    return;
                }
                let p = self.place(e);
                self.load_place(p, dst, t);
            }
            SelectionKind::Method => {
                let xt = self.ty(x);
                match s.func {
                    Some(m) => {
                        let recv = self.method_receiver(x, xt, &s.path, s.ptr_recv);
                        let recv_t = self.receiver_type(m);
                        let c = self.bound_method(m, recv, recv_t);
                        self.b.op(Op::Move, dst, c, 0);
                    }
                    None => {
                        let v = self.expr(x);
                        let iv = self.walk_path(v, xt, &s.path, false);
                        let c = self.bound_iface_method(iv, sel.name, s.ty);
                        self.b.op(Op::Move, dst, c, 0);
                    }
                }
            }
            SelectionKind::MethodExpr => match s.func {
                Some(_)
                    if !s.ptr_recv
                        && s.path.is_empty()
                        && matches!(self.c.checked.types.get(self.ty(x)), Type::Pointer(_)) =>
                {
                    // (*T).M for a value method: the pointer's dispatch wrapper loads *p.
                    let xt = self.ty(x);
                    match super::func::iface_wrapper(self.c, xt, sel.name) {
                        Some(idx) => {
                            self.b.emit(Insn::wide(Op::LoadFunc, dst, idx));
                        }
                        None => self.c.error(e.pos, "govm: this method expression is not supported yet"),
                    }
                }
                Some(m)
                    if s.path.is_empty()
                        && (!s.ptr_recv || matches!(self.c.checked.types.get(self.ty(x)), Type::Pointer(_))) =>
                {
                    let idx = self.c.func_index(m).unwrap_or(0);
                    self.b.emit(Insn::wide(Op::LoadFunc, dst, idx));
                }
                _ => self.c.error(e.pos, "govm: this method expression is not supported yet"),
            },
        }
    }

    /// The declared receiver type of a method.
    pub fn receiver_type(&self, m: crate::front::check::ObjId) -> TypeId {
        let sig = self.c.checked.obj(m).ty;
        self.c.checked.types.sig(sig).map_or(ids::INVALID, |s| s.params[0])
    }

    /// Evaluates the receiver for calling a method found at `path` from `x`.
    pub fn method_receiver(&mut self, x: &'a Expr<'a>, xt: TypeId, path: &[usize], ptr_recv: bool) -> u16 {
        let is_ptr = matches!(self.c.checked.types.get(xt), Type::Pointer(_));
        if ptr_recv && !is_ptr && !super::func::path_has_pointer(self.c, xt, path) {
            // Addressable operand: use its address.
            let addr = self.address_of(x);
            return self.walk_path_from(addr, xt, true, path, true);
        }
        let v = self.expr(x);
        self.walk_path(v, xt, path, ptr_recv)
    }

    /// The address of an addressable expression (of a copy, for a value in registers), which
    /// is never nil: taking the address of a nil pointer's target panics.
    pub fn address_of(&mut self, x: &'a Expr<'a>) -> u16 {
        let p = self.place(x);
        self.place_addr(p, self.ty(x))
    }

    /// The address of place `p` of a value of type `t`, as [`address_of`](Self::address_of).
    fn place_addr(&mut self, p: Place, t: TypeId) -> u16 {
        match p {
            Place::Mem { ptr, off, checked } => {
                if off == 0 && checked {
                    ptr
                } else {
                    let r = self.b.alloc(1);
                    self.b.op(Op::FieldAddr, r, ptr, off);
                    r
                }
            }
            Place::Reg(r) => {
                // The checker boxes address-taken variables, so this is a temporary.
                let b = self.new_box(t);
                self.store_mem(b, 0, r, t);
                b
            }
            _ => self.b.alloc(1),
        }
    }

    // ---- operators ----

    fn normalize(&mut self, r: u16, t: TypeId) {
        let k = self.kind(t);
        if k.is_integer() && k.int_bits() < 64 {
            let op = if k.is_signed() { Op::SExt } else { Op::ZExt };
            self.b.opx(op, k.int_bits() as u8, r, r, 0);
        } else if k == Kind::Float32 {
            self.b.op(Op::F32, r, r, 0);
        }
    }

    fn unary(&mut self, e: &'a Expr<'a>, op: Tok, x: &'a Expr<'a>, t: TypeId, dst: u16) {
        match op {
            Tok::And => {
                if let ExprKind::CompositeLit { .. } = x.unparen().kind {
                    let xt = self.ty(x);
                    let b = self.new_box(xt);
                    let v = self.expr(x);
                    self.store_mem(b, 0, v, xt);
                    self.b.op(Op::Move, dst, b, 0);
                    return;
                }
                let a = self.address_of(x);
                self.b.op(Op::Move, dst, a, 0);
            }
            Tok::Sub => {
                let v = self.expr(x);
                let k = self.kind(t);
                if k.is_float() {
                    self.b.op(Op::NegF, dst, v, 0);
                } else {
                    self.b.op(Op::NegI, dst, v, 0);
                    self.normalize(dst, t);
                }
            }
            Tok::Add => self.expr_to(x, dst),
            Tok::Xor => {
                let v = self.expr(x);
                self.b.op(Op::Com, dst, v, 0);
                self.normalize(dst, t);
            }
            Tok::Not => {
                let v = self.expr(x);
                self.b.op(Op::NotB, dst, v, 0);
            }
            Tok::Arrow => {
                let ch = self.expr(x);
                self.set_line(e);
                self.b.op(Op::Recv, dst, ch, self.slots(t) as u16);
            }
            _ => self
                .c
                .error(e.pos, format!("govm: operator {} is not supported yet", op.as_str())),
        }
    }

    fn binary(&mut self, e: &'a Expr<'a>, op: Tok, x: &'a Expr<'a>, y: &'a Expr<'a>, t: TypeId, dst: u16) {
        if matches!(op, Tok::LAnd | Tok::LOr) {
            self.expr_to(x, dst);
            let skip = self.b.jump(if op == Tok::LAnd { Op::JmpIfNot } else { Op::JmpIf }, dst);
            self.expr_to(y, dst);
            self.b.patch_here(skip);
            return;
        }
        if matches!(op, Tok::Eql | Tok::Neq | Tok::Lss | Tok::Leq | Tok::Gtr | Tok::Geq) {
            self.comparison(e, op, x, y, dst);
            return;
        }
        let k = self.kind(t);
        if k.is_integer()
            && matches!(op, Tok::Add | Tok::Sub)
            && let Some(Mode::Const(v)) = self.c.info.tvs.get(&y.id).map(|t| &t.mode)
        {
            let imm = v.to_i64().map(|n| if op == Tok::Sub { n.wrapping_neg() } else { n });
            if let Some(imm) = imm.and_then(|n| i16::try_from(n).ok()) {
                let a = self.expr(x);
                self.b.op(Op::AddImm, dst, a, imm as u16);
                self.normalize(dst, t);
                return;
            }
        }
        let a = self.expr(x);
        let b = self.expr(y);
        self.set_line(e);
        if k == Kind::String {
            self.b.op(Op::Concat, dst, a, b);
            return;
        }
        if matches!(op, Tok::Shl | Tok::Shr) {
            let yt = self.ty(y);
            if self.kind(yt).is_signed() && !matches!(self.c.info.tvs.get(&y.id).map(|t| &t.mode), Some(Mode::Const(_)))
            {
                self.b.op(Op::ShiftCheck, b, 0, 0);
            }
            let o = match op {
                Tok::Shl => Op::Shl,
                _ if k.is_signed() => Op::ShrI,
                _ => Op::ShrU,
            };
            self.b.op(o, dst, a, b);
            self.normalize(dst, t);
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
            self.normalize(dst, t);
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
            _ => {
                self.c
                    .error(e.pos, format!("govm: operator {} is not supported yet", op.as_str()));
                return;
            }
        };
        self.b.op(o, dst, a, b);
        if matches!(o, Op::AddI | Op::SubI | Op::MulI | Op::DivI) {
            self.normalize(dst, t);
        }
    }

    fn comparison(&mut self, e: &'a Expr<'a>, op: Tok, x: &'a Expr<'a>, y: &'a Expr<'a>, dst: u16) {
        let (xt, yt) = (self.ty(x), self.ty(y));
        let types = &self.c.checked.types;
        let xi = types.is_interface(xt);
        let yi = types.is_interface(yt);
        let k = self.kind(xt);
        let composite = matches!(k, Kind::Struct | Kind::Array);
        if xi || yi || composite {
            // Interfaces, structs and arrays compare through interface equality, which
            // knows every type's ==.
            let (a, b) = if yt == ids::UNTYPED_NIL || xt == ids::UNTYPED_NIL {
                let a = self.expr(x);
                let b = self.expr(y);
                (a, b)
            } else {
                let common = if xi {
                    xt
                } else if yi {
                    yt
                } else {
                    ids::ANY
                };
                let a = self.expr(x);
                let a = self.convert_reg(a, xt, common);
                let b = self.expr(y);
                let b = self.convert_reg(b, yt, common);
                (a, b)
            };
            self.set_line(e);
            self.b.op(Op::EqIface, dst, a, b);
            if op == Tok::Neq {
                self.b.op(Op::NotB, dst, dst, 0);
            }
            return;
        }
        let k = if xt == ids::UNTYPED_NIL { self.kind(yt) } else { k };
        let a = self.expr(x);
        let b = self.expr(y);
        let (o, swap, negate) = super::compare_op(k, op).unwrap_or((Op::EqI, false, false));
        let (l, r) = if swap { (b, a) } else { (a, b) };
        self.b.op(o, dst, l, r);
        if negate {
            self.b.op(Op::NotB, dst, dst, 0);
        }
    }

    /// Compiles a condition and jumps when it is false; returns the jump to patch.
    pub fn cond_false_jump(&mut self, e: &'a Expr<'a>) -> Vec<super::builder::Patch> {
        if let ExprKind::Binary { op: Tok::LAnd, x, y } = &e.unparen().kind {
            // `a && b && c` nests to the left as deep as it is long.
            let mut j = crate::deep(|| self.cond_false_jump(x));
            j.extend(self.cond_false_jump(y));
            return j;
        }
        let mark = self.b.mark();
        // Integer comparisons compile to one compare-and-branch.
        if let ExprKind::Binary { op, x, y } = &e.unparen().kind {
            let xt = self.ty(x);
            let k = self.kind(xt);
            let int_like = (k.is_integer() && !k.is_unsigned())
                || (matches!(op, Tok::Eql | Tok::Neq) && (k.is_integer() || k == Kind::Bool || k == Kind::Pointer));
            let fused = match op {
                Tok::Lss => Some((Op::BrNotLtI, false)),
                Tok::Leq => Some((Op::BrNotLeI, false)),
                Tok::Gtr => Some((Op::BrNotLtI, true)),
                Tok::Geq => Some((Op::BrNotLeI, true)),
                Tok::Eql => Some((Op::BrNotEqI, false)),
                Tok::Neq => Some((Op::BrNotNeI, false)),
                _ => None,
            };
            if let (true, Some((bop, swap)), false) =
                (int_like, fused, self.is_nil_operand(x) || self.is_nil_operand(y))
            {
                let a = self.expr(x);
                let b = self.expr(y);
                let (l, r) = if swap { (b, a) } else { (a, b) };
                let p = self.b.branch(bop, l, r);
                self.b.release(mark);
                return vec![p];
            }
        }
        let r = self.expr(e);
        let p = self.b.jump(Op::JmpIfNot, r);
        self.b.release(mark);
        vec![p]
    }

    /// Compiles a condition and jumps when it is true; returns the jumps to patch.
    pub fn cond_true_jump(&mut self, e: &'a Expr<'a>) -> Vec<super::builder::Patch> {
        let mark = self.b.mark();
        if let ExprKind::Binary { op, x, y } = &e.unparen().kind {
            let k = self.kind(self.ty(x));
            let signed = k.is_integer() && !k.is_unsigned();
            let eq_ok = k.is_integer() || k == Kind::Bool || k == Kind::Pointer;
            // Branch when true = branch unless the opposite holds.
            let fused = match op {
                Tok::Lss if signed => Some((Op::BrNotLeI, true)),
                Tok::Leq if signed => Some((Op::BrNotLtI, true)),
                Tok::Gtr if signed => Some((Op::BrNotLeI, false)),
                Tok::Geq if signed => Some((Op::BrNotLtI, false)),
                Tok::Eql if eq_ok => Some((Op::BrNotNeI, false)),
                Tok::Neq if eq_ok => Some((Op::BrNotEqI, false)),
                _ => None,
            };
            if let (Some((bop, swap)), false) = (fused, self.is_nil_operand(x) || self.is_nil_operand(y)) {
                let a = self.expr(x);
                let b = self.expr(y);
                let (l, r) = if swap { (b, a) } else { (a, b) };
                let p = self.b.branch(bop, l, r);
                self.b.release(mark);
                return vec![p];
            }
        }
        let r = self.expr(e);
        let p = self.b.jump(Op::JmpIf, r);
        self.b.release(mark);
        vec![p]
    }

    fn is_nil_operand(&self, e: &Expr) -> bool {
        self.c.info.tvs.get(&e.id).is_some_and(|t| t.ty == ids::UNTYPED_NIL)
    }

    // ---- slices and strings ----

    fn slice_expr(
        &mut self,
        x: &'a Expr<'a>,
        lo: Option<&'a Expr<'a>>,
        hi: Option<&'a Expr<'a>>,
        max: Option<&'a Expr<'a>>,
        dst: u16,
    ) {
        let xt = self.ty(x);
        let bounds = [lo, hi, max];
        let mut flags = 0;
        for (k, bound) in bounds.iter().enumerate() {
            if let Some(bound) = bound {
                flags |= slice_x::LO << k;
                if self.wide_unsigned(bound) {
                    flags |= slice_x::LO_UNSIGNED << k;
                }
            }
        }
        self.set_line(x);
        if self.c.checked.types.basic(xt).is_some_and(|b| b.is_string()) {
            let s = self.expr(x);
            let idx = self.b.alloc(2);
            for (k, bound) in bounds[..2].iter().enumerate() {
                if let Some(bound) = bound {
                    self.expr_to(bound, idx + k as u16);
                }
            }
            self.b.opx(Op::StrSlice, flags, dst, s, idx);
            return;
        }
        /// What is sliced, evaluated before the bounds; an array is checked for nil (when
        /// reached through a pointer) after them, as Go does.
        enum Operand {
            Slice(u16),
            Array(Place, u64),
            ArrayPtr(u16, u64),
        }
        let (operand, elem) = match self.c.checked.types.under_type(xt).clone() {
            Type::Slice(e) => (Operand::Slice(self.expr(x)), e),
            Type::Array(n, e) => (Operand::Array(self.place(x), n), e),
            Type::Pointer(p) => {
                let Type::Array(n, e) = self.c.checked.types.under_type(p).clone() else {
                    return;
                };
                (Operand::ArrayPtr(self.expr(x), n), e)
            }
            _ => return,
        };
        let args = self.b.alloc(4);
        for (k, bound) in bounds.iter().enumerate() {
            if let Some(bound) = bound {
                self.expr_to(bound, args + k as u16);
            }
        }
        let et = self.c.rtype(elem);
        let stride = self.c.lowering.rtypes[et.0 as usize].elem_stride();
        self.b.load_int(args + 3, stride as i64, &mut self.c.consts);
        let src = match operand {
            Operand::Slice(s) => s,
            Operand::Array(p, n) => {
                flags |= slice_x::ARRAY;
                let base = self.place_addr(p, xt);
                self.array_header(base, n, false)
            }
            Operand::ArrayPtr(ptr, n) => {
                flags |= slice_x::ARRAY;
                self.set_line(x);
                self.array_header(ptr, n, true)
            }
        };
        self.b.opx(Op::SliceSlice, flags, dst, src, args);
    }

    // ---- composite literals ----

    fn composite(&mut self, e: &'a Expr<'a>, t: TypeId, dst: u16) {
        let ExprKind::CompositeLit { elts, .. } = &e.kind else {
            return;
        };
        let types = &self.c.checked.types;
        // `{...}` for a pointer element type means `&T{...}`.
        if let Type::Pointer(inner) = types.get(t).clone() {
            let b = self.new_box(inner);
            let v = self.b.alloc(self.slots(inner));
            self.composite_value(elts, inner, v);
            self.store_mem(b, 0, v, inner);
            self.b.op(Op::Move, dst, b, 0);
            return;
        }
        self.composite_value(elts, t, dst);
    }

    fn composite_value(&mut self, elts: &'a [&'a Expr<'a>], t: TypeId, dst: u16) {
        let n = self.slots(t);
        match self.c.checked.types.under_type(t).clone() {
            Type::Struct(fields) => {
                self.b.op(Op::Zero, dst, 0, n as u16);
                let offsets: Vec<u32> = fields
                    .iter()
                    .scan(0, |o, f| {
                        let r = *o;
                        *o += self.slots(f.ty);
                        Some(r)
                    })
                    .collect();
                for (i, el) in elts.iter().enumerate() {
                    let (fi, v) = match &el.kind {
                        ExprKind::KeyValue { key, value } => {
                            let ExprKind::Ident(k) = &key.kind else {
                                continue;
                            };
                            let Some(fi) = fields.iter().position(|f| f.name == k.name) else {
                                continue;
                            };
                            (fi, *value)
                        }
                        _ => (i, *el),
                    };
                    let ft = fields[fi].ty;
                    self.elem_to(v, ft, dst + offsets[fi] as u16);
                }
            }
            Type::Array(len, elem) => {
                let b = self.new_box(t);
                let h = self.array_header(b, len, false);
                self.fill_elems(elts, h, elem);
                self.load_mem(dst, b, 0, t);
            }
            Type::Slice(elem) => {
                let len = self.literal_len(elts);
                let sizes = self.b.alloc(2);
                self.b.load_int(sizes, len as i64, &mut self.c.consts);
                self.b.op(Op::Move, sizes + 1, sizes, 0);
                let et = self.c.rtype(elem);
                self.b.op(Op::MakeSlice, dst, sizes, et.0 as u16);
                self.fill_elems(elts, dst, elem);
            }
            Type::Map(k, v) => {
                let hint = self.b.alloc(1);
                self.b.load_int(hint, elts.len() as i64, &mut self.c.consts);
                let mt = self.c.rtype(t);
                self.b.op(Op::MakeMap, dst, hint, mt.0 as u16);
                for el in elts {
                    let ExprKind::KeyValue { key, value } = &el.kind else {
                        continue;
                    };
                    let mark = self.b.mark();
                    let ks = self.slots(k);
                    let frame = self.b.alloc(1 + ks);
                    self.b.op(Op::Move, frame, dst, 0);
                    self.elem_to(key, k, frame + 1);
                    let val = self.b.alloc(self.slots(v));
                    self.elem_to(value, v, val);
                    self.b.op(Op::MapSet, frame, val, mt.0 as u16);
                    self.b.release(mark);
                }
            }
            _ => {}
        }
    }

    fn literal_len(&mut self, elts: &'a [&'a Expr<'a>]) -> u64 {
        let mut i = 0u64;
        let mut max = 0u64;
        for el in elts {
            if let ExprKind::KeyValue { key, .. } = &el.kind
                && let Some(Mode::Const(v)) = self.c.info.tvs.get(&key.id).map(|t| &t.mode)
            {
                i = v.to_u64().unwrap_or(i);
            }
            i += 1;
            max = max.max(i);
        }
        max
    }

    /// Stores each element of an array or slice literal through the header at `h`.
    fn fill_elems(&mut self, elts: &'a [&'a Expr<'a>], h: u16, elem: TypeId) {
        let mut i = 0i64;
        for el in elts {
            let v = match &el.kind {
                ExprKind::KeyValue { key, value } => {
                    if let Some(Mode::Const(k)) = self.c.info.tvs.get(&key.id).map(|t| &t.mode) {
                        i = k.to_i64().unwrap_or(i);
                    }
                    *value
                }
                _ => *el,
            };
            let mark = self.b.mark();
            let idx = self.b.alloc(1);
            self.b.load_int(idx, i, &mut self.c.consts);
            let val = self.b.alloc(self.slots(elem));
            self.elem_to(v, elem, val);
            let p = self.elem_place(h, idx, elem);
            self.store_place(p, val, elem);
            self.b.release(mark);
            i += 1;
        }
    }

    /// An element of a composite literal (whose type may be elided) into `dst`.
    fn elem_to(&mut self, v: &'a Expr<'a>, t: TypeId, dst: u16) {
        if let ExprKind::CompositeLit { typ: None, elts, .. } = &v.kind {
            if let Type::Pointer(inner) = self.c.checked.types.get(t).clone() {
                let b = self.new_box(inner);
                let tmp = self.b.alloc(self.slots(inner));
                self.composite_value(elts, inner, tmp);
                self.store_mem(b, 0, tmp, inner);
                self.b.op(Op::Move, dst, b, 0);
            } else {
                self.composite_value(elts, t, dst);
            }
            return;
        }
        self.expr_as_to(v, t, dst);
    }

    // ---- calls ----

    /// Compiles a call; returns the register where its results start.
    pub fn call(&mut self, e: &'a Expr<'a>, fun: &'a Expr<'a>, args: &'a [&'a Expr<'a>], spread: bool) -> u16 {
        let ftv = self.c.info.tvs.get(&fun.id).cloned();
        match ftv.as_ref().map(|t| &t.mode) {
            Some(Mode::Type) => {
                let to = ftv.map_or(ids::INVALID, |t| t.ty);
                return self.conversion(e, args[0], to);
            }
            Some(Mode::Builtin(b)) => return self.builtin(e, *b, args, spread),
            _ => {}
        }
        let fty = self.ty(fun);
        let sig = self.c.checked.types.sig(fty).cloned().expect("calls have signatures");
        let result_slots = self.c.slots_of_results(&sig.results);
        // What is being called: a declared function, a method, an interface method or a
        // closure value.
        enum Callee {
            Static(u32),
            Method(u32, u16, u32),
            Iface(u16, u16),
            Closure(u16),
        }
        let fun_u = fun.unparen();
        let callee = match &fun_u.kind {
            _ if self.c.info.insts.contains_key(&fun_u.id) => {
                Callee::Static(self.c.func_index(self.c.info.insts[&fun_u.id]).unwrap_or(0))
            }
            ExprKind::Ident(id) => match self.c.info.objs.get(&id.id).map(|o| (*o, &self.c.checked.obj(*o).kind)) {
                Some((o, ObjKind::Func(_))) => Callee::Static(self.c.func_index(o).unwrap_or(0)),
                _ => Callee::Closure(self.expr(fun)),
            },
            ExprKind::Selector(x, sel) => {
                let s = self.c.info.selections.get(&fun_u.id).cloned();
                match s {
                    Some(s) if s.kind == SelectionKind::Method => {
                        let xt = self.ty(x);
                        match s.func {
                            Some(m) => {
                                let recv = self.method_receiver(x, xt, &s.path, s.ptr_recv);
                                let rt = self.receiver_type(m);
                                Callee::Method(self.c.func_index(m).unwrap_or(0), recv, self.slots(rt))
                            }
                            None => {
                                let v = self.expr(x);
                                let iv = self.walk_path(v, xt, &s.path, false);
                                let name = self.c.method_name(sel.name);
                                Callee::Iface(iv, name)
                            }
                        }
                    }
                    None => match self
                        .c
                        .info
                        .objs
                        .get(&sel.id)
                        .map(|o| (*o, &self.c.checked.obj(*o).kind))
                    {
                        Some((o, ObjKind::Func(_))) => Callee::Static(self.c.func_index(o).unwrap_or(0)),
                        _ => Callee::Closure(self.expr(fun)),
                    },
                    _ => Callee::Closure(self.expr(fun)),
                }
            }
            _ => Callee::Closure(self.expr(fun)),
        };
        let recv_slots = match callee {
            Callee::Method(_, _, n) => n,
            Callee::Iface(..) => 1,
            _ => 0,
        };
        let arg_slots: u32 = sig.params.iter().map(|&t| self.slots(t)).sum();
        let frame = self.b.alloc((recv_slots + arg_slots).max(result_slots));
        match callee {
            Callee::Method(_, recv, n) => self.b.move_n(frame, recv, n),
            Callee::Iface(iv, _) => {
                // The interface itself stays in iv; the callee gets the data word.
                self.b.op(Op::Move, frame, iv + 1, 0);
            }
            _ => {}
        }
        self.args_to(args, &sig, spread, frame + recv_slots as u16);
        self.set_line(e);
        // Nothing may live above the frame during the call.
        self.b
            .release(frame as u32 + (recv_slots + arg_slots).max(result_slots));
        match callee {
            Callee::Static(idx) | Callee::Method(idx, _, _) => {
                self.b.emit(Insn::wide(Op::Call, frame, idx));
            }
            Callee::Iface(iv, name) => {
                self.b.op(Op::CallIface, frame, iv, name);
            }
            Callee::Closure(c) => {
                self.b.op(Op::CallClosure, frame, c, 0);
            }
        }
        frame
    }

    /// Evaluates call arguments into consecutive registers from `dst`, packing variadic
    /// extras into a slice.
    pub fn args_to(&mut self, args: &'a [&'a Expr<'a>], sig: &crate::front::types::Sig, spread: bool, dst: u16) {
        let np = sig.params.len();
        // f(g()) with g returning several values.
        if args.len() == 1
            && let Type::Tuple(elems) = self.c.checked.types.get(self.ty(args[0])).clone()
        {
            let r = self.call_value(args[0]);
            let fixed = if sig.variadic { np - 1 } else { np };
            let mut src = r;
            let mut d = dst;
            for (i, t) in elems.iter().enumerate().take(fixed) {
                let target = sig.params[i];
                let v = self.convert_reg(src, *t, target);
                let n = self.slots(target);
                self.b.move_n(d, v, n);
                d += n as u16;
                src += self.slots(*t) as u16;
            }
            if sig.variadic {
                let et = self.c.checked.types.elem(sig.params[np - 1]).unwrap_or(ids::INVALID);
                let es = self.slots(et);
                let extra = &elems[fixed.min(elems.len())..];
                let vals = self.b.alloc(es * extra.len() as u32);
                for (k, t) in extra.iter().enumerate() {
                    let v = self.convert_reg(src, *t, et);
                    self.b.move_n(vals + (k as u32 * es) as u16, v, es);
                    src += self.slots(*t) as u16;
                }
                self.b.op(Op::Zero, d, 0, 3);
                let eti = self.c.rtype(et);
                self.b.opx(Op::Append, extra.len() as u8, d, vals, eti.0 as u16);
            }
            return;
        }
        let mut d = dst;
        let fixed = if sig.variadic && !spread { np - 1 } else { np };
        for (i, a) in args.iter().take(fixed).enumerate() {
            let t = sig.params[i];
            self.expr_as_to(a, t, d);
            d += self.slots(t) as u16;
        }
        if sig.variadic && !spread {
            let st = sig.params[np - 1];
            let et = self.c.checked.types.elem(st).unwrap_or(ids::INVALID);
            self.b.op(Op::Zero, d, 0, 3);
            let extra = &args[fixed.min(args.len())..];
            if !extra.is_empty() {
                let es = self.slots(et);
                let mark = self.b.mark();
                let vals = self.b.alloc(es * extra.len() as u32);
                for (i, a) in extra.iter().enumerate() {
                    self.expr_as_to(a, et, vals + (i as u32 * es) as u16);
                }
                let eti = self.c.rtype(et);
                self.b
                    .opx(Op::Append, extra.len().min(255) as u8, d, vals, eti.0 as u16);
                self.b.release(mark);
            }
        }
    }

    /// The registers holding every result of a multi-value call.
    pub fn call_value(&mut self, e: &'a Expr<'a>) -> u16 {
        match &e.unparen().kind {
            ExprKind::Call {
                fun, args, ellipsis, ..
            } => self.call(e.unparen(), fun, args, ellipsis.is_some()),
            _ => self.expr(e),
        }
    }

    /// A multi-value expression for `n` targets: a call, or a comma-ok form.
    pub fn multi_value(&mut self, e: &'a Expr<'a>, n: usize) -> (u16, Vec<TypeId>) {
        let t = self.ty(e);
        if let Type::Tuple(elems) = self.c.checked.types.get(t).clone() {
            return (self.call_value(e), elems);
        }
        debug_assert_eq!(n, 2);
        let u = e.unparen();
        let vs = self.slots(t);
        let dst = self.b.alloc(vs + 1);
        match &u.kind {
            ExprKind::Index(x, idx) => {
                let xt = self.ty(x);
                let m = self.expr(x);
                let kt = self.map_key_type(xt);
                let frame = self.b.alloc(1 + self.slots(kt));
                self.b.op(Op::Move, frame, m, 0);
                self.expr_as_to(idx[0], kt, frame + 1);
                let mt = self.c.rtype(xt);
                self.b.op(Op::MapGetOk, dst, frame, mt.0 as u16);
            }
            ExprKind::TypeAssert { x, .. } => {
                let v = self.expr(x);
                let ti = self.c.rtype(t);
                let op = if self.c.checked.types.is_interface(t) {
                    Op::AssertIfaceOk
                } else {
                    Op::AssertTypeOk
                };
                self.b.op(op, dst, v, ti.0 as u16);
            }
            ExprKind::Unary { op: Tok::Arrow, x } => {
                let ch = self.expr(x);
                self.set_line(u);
                self.b.opx(Op::Recv, 1, dst, ch, vs as u16);
            }
            _ => self.c.error(e.pos, "govm: this comma-ok form is not supported yet"),
        }
        (dst, vec![t, ids::BOOL])
    }

    fn conversion(&mut self, e: &'a Expr<'a>, x: &'a Expr<'a>, to: TypeId) -> u16 {
        let from = self.ty(x);
        let v = self.expr(x);
        let types = &self.c.checked.types;
        if types.is_interface(to) {
            return self.convert_reg(v, from, to);
        }
        let (fk, tk) = (self.kind(from), self.kind(to));
        let dst = self.b.alloc(self.slots(to));
        self.set_line(e);
        let elem_kind = |s: &Self, t: TypeId| s.c.checked.types.elem(t).map(|el| s.kind(el));
        match (fk, tk) {
            (f, t) if f.is_integer() && t.is_integer() => {
                self.b.op(Op::Move, dst, v, 0);
                self.normalize(dst, to);
            }
            (f, t) if f.is_integer() && t.is_float() => {
                self.b.op(if f.is_unsigned() { Op::U2F } else { Op::I2F }, dst, v, 0);
                self.normalize(dst, to);
            }
            (f, t) if f.is_float() && t.is_integer() => {
                self.b.op(if t.is_unsigned() { Op::F2U } else { Op::F2I }, dst, v, 0);
                self.normalize(dst, to);
            }
            (f, t) if f.is_float() && t.is_float() => {
                self.b.op(Op::Move, dst, v, 0);
                self.normalize(dst, to);
            }
            (f, Kind::String) if f.is_integer() => {
                self.b.op(Op::RuneToStr, dst, v, 0);
            }
            (Kind::String, Kind::Slice) => {
                let op = if elem_kind(self, to) == Some(Kind::Uint8) {
                    Op::StrToBytes
                } else {
                    Op::StrToRunes
                };
                self.b.op(op, dst, v, 0);
            }
            (Kind::Slice, Kind::String) => {
                let op = if elem_kind(self, from) == Some(Kind::Uint8) {
                    Op::BytesToStr
                } else {
                    Op::RunesToStr
                };
                self.b.op(op, dst, v, 0);
            }
            (Kind::Slice, Kind::Array) => {
                let ti = self.c.rtype(to);
                self.b.op(Op::SliceToArray, dst, v, ti.0 as u16);
            }
            (Kind::Slice, Kind::Pointer) => {
                let array = self.c.checked.types.elem(to).unwrap_or(ids::INVALID);
                let ti = self.c.rtype(array);
                self.b.opx(Op::SliceToArray, 1, dst, v, ti.0 as u16);
            }
            _ => self.b.move_n(dst, v, self.slots(to)),
        }
        dst
    }

    fn builtin(&mut self, e: &'a Expr<'a>, b: Builtin, args: &'a [&'a Expr<'a>], spread: bool) -> u16 {
        self.set_line(e);
        let t = self.ty(e);
        match b {
            Builtin::Len | Builtin::Cap => {
                let xt = self.ty(args[0]);
                let dst = self.b.alloc(1);
                match self.c.checked.types.under_type(xt).clone() {
                    Type::Basic(_) => {
                        let s = self.expr(args[0]);
                        self.b.op(Op::Move, dst, s + 1, 0);
                    }
                    Type::Slice(_) => {
                        let s = self.expr(args[0]);
                        self.b.op(Op::Move, dst, s + if b == Builtin::Len { 1 } else { 2 }, 0);
                    }
                    Type::Map(..) => {
                        let m = self.expr(args[0]);
                        self.b.op(Op::MapLen, dst, m, 0);
                    }
                    Type::Array(n, _) => self.b.load_int(dst, n as i64, &mut self.c.consts),
                    Type::Chan(..) => {
                        let c = self.expr(args[0]);
                        self.b.opx(Op::ChanLen, (b == Builtin::Cap) as u8, dst, c, 0);
                    }
                    Type::Pointer(p) => {
                        let n = match self.c.checked.types.under_type(p) {
                            Type::Array(n, _) => *n,
                            _ => 0,
                        };
                        self.b.load_int(dst, n as i64, &mut self.c.consts);
                    }
                    _ => self.c.error(e.pos, "govm: len of this type is not supported yet"),
                }
                dst
            }
            Builtin::Append => {
                let st = self.ty(args[0]);
                let et = self.c.checked.types.elem(st).unwrap_or(ids::INVALID);
                let dst = self.b.alloc(3);
                self.expr_to(args[0], dst);
                let eti = self.c.rtype(et);
                if spread {
                    let yt = self.ty(args[1]);
                    let y = self.expr(args[1]);
                    if self.c.checked.types.basic(yt).is_some_and(|b| b.is_string()) {
                        self.b.op(Op::AppendStr, dst, y, 0);
                    } else {
                        self.b.op(Op::AppendSlice, dst, y, eti.0 as u16);
                    }
                    return dst;
                }
                let es = self.slots(et);
                for chunk in args[1..].chunks(255) {
                    let mark = self.b.mark();
                    let vals = self.b.alloc(es * chunk.len() as u32);
                    for (i, a) in chunk.iter().enumerate() {
                        self.expr_as_to(a, et, vals + (i as u32 * es) as u16);
                    }
                    self.b.opx(Op::Append, chunk.len() as u8, dst, vals, eti.0 as u16);
                    self.b.release(mark);
                }
                dst
            }
            Builtin::Copy => {
                let dst = self.b.alloc(1);
                let d = self.expr(args[0]);
                let s = self.expr(args[1]);
                let st = self.ty(args[1]);
                if self.c.checked.types.basic(st).is_some_and(|b| b.is_string()) {
                    self.b.op(Op::CopyStr, dst, d, s);
                } else {
                    let et = self.c.checked.types.elem(self.ty(args[0])).unwrap_or(ids::INVALID);
                    let stride = self.elem_stride(et);
                    self.b.opx(Op::Copy, stride, dst, d, s);
                }
                dst
            }
            Builtin::Delete => {
                let mt = self.ty(args[0]);
                let m = self.expr(args[0]);
                let kt = self.map_key_type(mt);
                let k = self.b.alloc(self.slots(kt));
                self.expr_as_to(args[1], kt, k);
                let mti = self.c.rtype(mt);
                self.b.op(Op::MapDelete, m, k, mti.0 as u16);
                m
            }
            Builtin::Make => {
                let dst = self.b.alloc(self.slots(t));
                match self.c.checked.types.under_type(t).clone() {
                    Type::Slice(et) => {
                        let sizes = self.b.alloc(2);
                        self.expr_to(args[1], sizes);
                        match args.get(2) {
                            Some(c) => self.expr_to(c, sizes + 1),
                            None => {
                                self.b.op(Op::Move, sizes + 1, sizes, 0);
                            }
                        }
                        let eti = self.c.rtype(et);
                        self.b.op(Op::MakeSlice, dst, sizes, eti.0 as u16);
                    }
                    Type::Map(..) => {
                        let hint = self.b.alloc(1);
                        match args.get(1) {
                            Some(h) => self.expr_to(h, hint),
                            None => self.b.load_int(hint, 0, &mut self.c.consts),
                        }
                        let mti = self.c.rtype(t);
                        self.b.op(Op::MakeMap, dst, hint, mti.0 as u16);
                    }
                    Type::Chan(_, et) => {
                        let size = self.b.alloc(1);
                        match args.get(1) {
                            Some(n) => self.expr_to(n, size),
                            None => self.b.load_int(size, 0, &mut self.c.consts),
                        }
                        let eti = self.c.rtype(et);
                        self.b.op(Op::MakeChan, dst, size, eti.0 as u16);
                    }
                    _ => {}
                }
                dst
            }
            Builtin::Close => {
                let c = self.expr(args[0]);
                self.b.op(Op::Close, c, 0, 0);
                self.b.alloc(1)
            }
            Builtin::New => {
                let et = self.c.checked.types.elem(t).unwrap_or(ids::INVALID);
                self.new_box(et)
            }
            Builtin::Panic => {
                let v = self.b.alloc(2);
                self.expr_as_to(args[0], ids::ANY, v);
                self.set_line(e);
                self.b.op(Op::Panic, v, 0, 0);
                v
            }
            Builtin::Recover => {
                let dst = self.b.alloc(2);
                self.b.op(Op::Recover, dst, 0, 0);
                dst
            }
            Builtin::Print | Builtin::Println => {
                for (i, a) in args.iter().enumerate() {
                    if i > 0 && b == Builtin::Println {
                        let s = self.c.string_const(b" ");
                        self.b.emit(Insn::wide(Op::PrintStr, 0, s));
                    }
                    let mark = self.b.mark();
                    let at = self.ty(a);
                    let v = self.expr(a);
                    let ti = self.c.rtype(at);
                    self.b.op(Op::Print, v, 0, ti.0 as u16);
                    self.b.release(mark);
                }
                if b == Builtin::Println {
                    let s = self.c.string_const(b"\n");
                    self.b.emit(Insn::wide(Op::PrintStr, 0, s));
                }
                self.b.alloc(1)
            }
            Builtin::Clear => {
                let xt = self.ty(args[0]);
                let v = self.expr(args[0]);
                if matches!(self.c.checked.types.under_type(xt), Type::Map(..)) {
                    self.b.op(Op::MapClear, v, 0, 0);
                } else {
                    let et = self.c.checked.types.elem(xt).unwrap_or(ids::INVALID);
                    let stride = self.elem_stride(et);
                    self.b.opx(Op::ClearSlice, stride, v, 0, 0);
                }
                v
            }
            Builtin::Min | Builtin::Max => {
                let dst = self.b.alloc(self.slots(t));
                self.expr_as_to(args[0], t, dst);
                let k = self.kind(t);
                if k.is_float() {
                    for a in &args[1..] {
                        let mark = self.b.mark();
                        let v = self.b.alloc(1);
                        self.expr_as_to(a, t, v);
                        self.b
                            .op(if b == Builtin::Min { Op::MinF } else { Op::MaxF }, dst, dst, v);
                        self.b.release(mark);
                    }
                    return dst;
                }
                for a in &args[1..] {
                    let mark = self.b.mark();
                    let v = self.expr(a);
                    let c = self.b.alloc(1);
                    let op = if b == Builtin::Min { Tok::Lss } else { Tok::Gtr };
                    let (o, swap, _) = super::compare_op(k, op).unwrap_or((Op::LtI, false, false));
                    let (l, r) = if swap { (dst, v) } else { (v, dst) };
                    self.b.op(o, c, l, r);
                    let skip = self.b.jump(Op::JmpIfNot, c);
                    self.b.move_n(dst, v, self.slots(t));
                    self.b.patch_here(skip);
                    self.b.release(mark);
                }
                dst
            }
            _ => {
                self.c
                    .error(e.pos, format!("govm: builtin {} is not supported yet", b.name()));
                self.b.alloc(1)
            }
        }
    }
}

//! Compiling one function: parameters, variables, closures and generated wrappers.

use super::builder::{Builder, Local};
use super::{Compiled, Compiler};
use crate::bytecode::op::{Insn, Op};
use crate::bytecode::program::Func;
use crate::front::ast;
use crate::front::check::{ObjId, ObjKind};
use crate::front::source::Pos;
use crate::front::types::{Type, TypeId};

pub(crate) struct FnCompiler<'x, 'c, 'a> {
    pub c: &'x mut Compiler<'c, 'a>,
    pub b: Builder<'a>,
    /// The function's result types.
    pub result_types: Vec<TypeId>,
    /// A `fallthrough` jump for the enclosing switch to patch.
    pub fallthrough: Option<super::builder::Patch>,
    /// Slots of the parameters, which stay at the bottom of the frame.
    params: u32,
}

impl<'x, 'c, 'a> FnCompiler<'x, 'c, 'a> {
    fn new(c: &'x mut Compiler<'c, 'a>, param_slots: u32) -> Self {
        FnCompiler {
            c,
            b: Builder::new(param_slots),
            result_types: Vec::new(),
            fallthrough: None,
            params: param_slots,
        }
    }
}

/// Compiles a function body whose parameters (receiver first) arrive in `R[0..]`.
pub(crate) fn compile_body<'c, 'a>(
    c: &mut Compiler<'c, 'a>,
    sig: TypeId,
    params: &[&'a ast::Field<'a>],
    results: &'a [ast::Field<'a>],
    body: &'a ast::Block<'a>,
    captures_out: Option<&mut Vec<ObjId>>,
    pos: Pos,
) -> Compiled {
    let s = c.checked.types.sig(sig).cloned().expect("functions have signatures");
    let param_slots: u32 = s.params.iter().map(|&t| c.slots(t)).sum();
    let mut f = FnCompiler::new(c, param_slots);
    f.result_types = s.results.clone();
    f.b.line = f.line(pos);
    f.b.has_defer = has_defer(body.stmts);
    // Parameters: in registers as passed, or moved into boxes.
    let mut off = 0u16;
    let mut types = s.params.iter();
    for field in params {
        let n = field.names.len().max(1);
        for i in 0..n {
            let t = *types.next().expect("parameter count matches the signature");
            let sl = f.c.slots(t) as u16;
            if let Some(name) = field.names.get(i)
                && let Some(&obj) = f.c.info.objs.get(&name.id)
            {
                if f.needs_box(obj) {
                    let r = f.new_box(t);
                    f.store_mem(r, 0, off, t);
                    f.b.locals.insert(obj, Local::Boxed(r));
                } else {
                    f.b.locals.insert(obj, Local::Reg(off));
                }
            }
            off += sl;
        }
    }
    f.b.result_slots = s.results.iter().map(|&t| f.c.slots(t)).sum();
    // Named results are variables; with defer, unnamed results get hidden variables so a
    // recovered panic can return them.
    let named: Vec<ObjId> = results
        .iter()
        .flat_map(|r| r.names.iter())
        .filter_map(|n| f.c.info.objs.get(&n.id).copied())
        .collect();
    if !named.is_empty() {
        for &o in &named {
            let t = f.c.checked.obj(o).ty;
            f.declare_obj(o, t);
            f.zero_var(o, t);
        }
        f.b.results = named;
    }
    f.stmts(body.stmts);
    // Falling off the end returns (the checker guarantees there are no results to give
    // unless the function ends in a terminating statement).
    if f.b.has_defer {
        f.b.op(Op::RunDefers, 0, 0, 0);
    }
    f.emit_return(&[]);
    let recover_pc = if f.b.has_defer {
        let pc = f.b.pc() as u32;
        f.b.op(Op::RunDefers, 0, 0, 0);
        f.emit_result_return();
        Some(pc)
    } else {
        None
    };
    f.resolve_gotos();
    if let Some(out) = captures_out {
        *out = f.b.captures.clone();
    }
    f.finish(recover_pc)
}

/// The program's initialisation: package variable initialisers, then the `init`s.
pub(crate) fn compile_init(c: &mut Compiler) -> Compiled {
    let mut f = FnCompiler::new(c, 0);
    let checked = f.c.checked;
    for pkg in &checked.packages {
        for init in &pkg.inits {
            f.b.line = f.line(init.rhs.pos);
            let mark = f.b.mark();
            if init.lhs.len() == 1 {
                let t = checked.obj(init.lhs[0]).ty;
                let r = f.expr_as(init.rhs, t);
                f.store_global(init.lhs[0], r, t);
            } else {
                let (base, types) = f.multi_value(init.rhs, init.lhs.len());
                let mut off = 0u16;
                for (o, t) in init.lhs.iter().zip(types) {
                    let target = checked.obj(*o).ty;
                    let v = f.convert_reg(base + off, t, target);
                    f.store_global(*o, v, target);
                    off += f.c.slots(t) as u16;
                }
            }
            f.b.release(mark);
        }
        for &i in &pkg.init_funcs {
            let idx = f.c.func_index(i).expect("init functions are declared");
            let top = f.b.top();
            f.b.emit(Insn::wide(Op::Call, top, idx));
        }
    }
    f.b.op(Op::Ret, 0, 0, 0);
    f.finish(None)
}

/// The entry function: the initialisation function `init`, then `main.main`.
pub(crate) fn compile_entry(c: &mut Compiler, init: u32) -> Compiled {
    let mut f = FnCompiler::new(c, 0);
    let checked = f.c.checked;
    let main = checked
        .packages
        .len()
        .checked_sub(1)
        .and_then(|p| checked.lookup(p, "main"))
        .and_then(|m| f.c.func_index(m));
    for idx in std::iter::once(init).chain(main) {
        let top = f.b.top();
        f.b.emit(Insn::wide(Op::Call, top, idx));
    }
    f.b.op(Op::Ret, 0, 0, 0);
    f.finish(None)
}

fn has_defer(stmts: &[ast::Stmt]) -> bool {
    use ast::StmtKind as S;
    stmts.iter().any(|s| match &s.kind {
        S::Defer(_) => true,
        S::Block(b) => has_defer(b.stmts),
        S::Labeled { stmt, .. } => has_defer(std::slice::from_ref(stmt)),
        S::If { then, els, .. } => has_defer(then.stmts) || els.is_some_and(|e| has_defer(std::slice::from_ref(e))),
        S::For { body, .. } | S::Range { body, .. } => has_defer(body.stmts),
        S::Switch { clauses, .. } | S::TypeSwitch { clauses, .. } => clauses.iter().any(|c| has_defer(c.body)),
        S::Select { clauses } => clauses.iter().any(|c| has_defer(c.body)),
        _ => false,
    })
}

/// The function a value of dynamic type `t` runs for interface method `name`: the method
/// itself when its receiver is the data word, else a generated wrapper.
pub(crate) fn iface_wrapper(c: &mut Compiler, t: TypeId, name: &str) -> Option<u32> {
    if let Some(f) = c.cached_iface_wrapper(t, name) {
        return Some(f);
    }
    let types = &c.checked.types;
    let is_ptr = matches!(types.get(t), Type::Pointer(_));
    let Some((path, method, ptr_recv)) = find_method(c, t, name) else {
        return promoted_iface_wrapper(c, t, name);
    };
    // A pointer method is not in the value type's method set (unless reached through an
    // embedded pointer).
    let via_ptr = is_ptr || path_has_pointer(c, t, &path);
    if ptr_recv && !via_ptr {
        return None;
    }
    let direct = path.is_empty() && (is_ptr == ptr_recv) && c.slots(t) == 1;
    let method_idx = c.func_index(method)?;
    if direct {
        c.cache_iface_wrapper(t, name, method_idx);
        return Some(method_idx);
    }
    // The wrapper takes the data word, rebuilds the receiver and calls the method.
    let msig = c.checked.obj(method).ty;
    let mut shell = c.signature_func(msig);
    let ti = c.rtype(t);
    shell.name = format!("{}.{name}", c.lowering.rtypes[ti.0 as usize].name);
    let sig = c.checked.types.sig(msig).cloned()?;
    let recv_slots = c.slots(sig.params[0]);
    let arg_slots: u32 = sig.params[1..].iter().map(|&p| c.slots(p)).sum();
    let mut f = FnCompiler::new(c, 1 + arg_slots);
    // Receiver as a value of type t in registers (or its address for pointers).
    let data = 0u16;
    // Zero-size values have no box: their data word is 0 and nothing is loaded.
    let val = if is_ptr || f.c.slots(t) <= 1 {
        data
    } else {
        let r = f.b.alloc(f.c.slots(t));
        f.load_mem(r, data, 0, t);
        r
    };
    let recv = f.walk_path(val, t, &path, ptr_recv);
    let frame =
        f.b.alloc(recv_slots.max(f.c.slots_of_results(&sig.results)) + arg_slots);
    f.b.move_n(frame, recv, recv_slots);
    f.b.move_n(frame + recv_slots as u16, 1, arg_slots);
    f.b.emit(Insn::wide(Op::Call, frame, method_idx));
    let rs = f.c.slots_of_results(&sig.results);
    f.b.op(Op::Ret, frame, rs as u16, 0);
    let compiled = f.finish(None);
    shell.param_slots = 1 + arg_slots;
    shell.code = compiled.code;
    shell.lines = compiled.lines;
    shell.nregs = compiled.nregs;
    shell.ptr_map = compiled.ptr_map;
    let idx = c.add_func(shell);
    c.cache_iface_wrapper(t, name, idx);
    Some(idx)
}

/// A wrapper for a method promoted from an embedded interface field: it loads the field
/// and calls through it.
fn promoted_iface_wrapper(c: &mut Compiler, t: TypeId, name: &str) -> Option<u32> {
    let types = &c.checked.types;
    let is_ptr = matches!(types.get(t), Type::Pointer(_));
    let base = match types.get(t) {
        Type::Pointer(e) => *e,
        _ => t,
    };
    let (path, iface_t, sig) = promoted_iface_method(c, t, name)?;
    let s = types.sig(sig).cloned()?;
    let arg_slots: u32 = s.params.iter().map(|&p| c.slots(p)).sum();
    let rs = c.slots_of_results(&s.results);
    let m = c.method_name(name);
    let ti = c.rtype(t);
    let mut shell = Func {
        name: format!("{}.{name}", c.lowering.rtypes[ti.0 as usize].name),
        param_slots: 1 + arg_slots,
        result_slots: rs,
        ..Func::default()
    };
    let mut f = FnCompiler::new(c, 1 + arg_slots);
    let val = if is_ptr || f.c.slots(t) <= 1 {
        0
    } else {
        let r = f.b.alloc(f.c.slots(t));
        f.load_mem(r, 0, 0, t);
        r
    };
    let (prefix, last) = path.split_at(path.len() - 1);
    let holder = f.walk_path(val, t, prefix, true);
    let holder_t = {
        let mut cur = base;
        for &i in prefix {
            if let Type::Struct(fields) = f.c.checked.types.under_type(cur) {
                cur = fields[i].ty;
                if let Type::Pointer(e) = f.c.checked.types.get(cur) {
                    cur = *e;
                }
            }
        }
        cur
    };
    let off: u32 = match f.c.checked.types.under_type(holder_t).clone() {
        Type::Struct(fields) => fields[..last[0]].iter().map(|fl| f.c.slots(fl.ty)).sum(),
        _ => 0,
    };
    let iv = f.b.alloc(2);
    f.load_mem(iv, holder, off as u16, iface_t);
    let frame = f.b.alloc((1 + arg_slots).max(rs));
    f.b.op(Op::Move, frame, iv + 1, 0);
    f.b.move_n(frame + 1, 1, arg_slots);
    f.b.op(Op::CallIface, frame, iv, m);
    f.b.op(Op::Ret, frame, rs as u16, 0);
    let compiled = f.finish(None);
    shell.code = compiled.code;
    shell.lines = compiled.lines;
    shell.nregs = compiled.nregs;
    shell.ptr_map = compiled.ptr_map;
    let idx = c.add_func(shell);
    c.cache_iface_wrapper(t, name, idx);
    Some(idx)
}

/// Finds method `name` of `t` through embedding: (field path, method, pointer receiver).
/// The embedded interface field (path, type) that gives `t` method `name`, breadth-first,
/// with the method's signature.
fn promoted_iface_method(c: &Compiler, t: TypeId, name: &str) -> Option<(Vec<usize>, TypeId, TypeId)> {
    let types = &c.checked.types;
    let base = match types.get(t) {
        Type::Pointer(e) => *e,
        _ => t,
    };
    let mut level = vec![(base, Vec::new())];
    while !level.is_empty() {
        let mut next = Vec::new();
        for (ty, path) in level {
            let Type::Struct(fields) = types.under_type(ty) else {
                continue;
            };
            for (i, f) in fields.iter().enumerate().filter(|(_, f)| f.embedded) {
                let mut p: Vec<usize> = path.clone();
                p.push(i);
                match types.under_type(f.ty) {
                    Type::Interface(ms) => {
                        if let Some(m) = ms.iter().find(|m| m.name == name) {
                            return Some((p, f.ty, m.sig));
                        }
                    }
                    _ => next.push((f.ty, p)),
                }
            }
        }
        level = next;
    }
    None
}

/// The signature (receiver left out) of method `name` of `t`, declared or promoted.
pub(crate) fn method_signature(c: &Compiler, t: TypeId, name: &str) -> Option<crate::front::types::Sig> {
    let types = &c.checked.types;
    if let Some((_, m, _)) = find_method(c, t, name) {
        let mut s = types.sig(c.checked.obj(m).ty)?.clone();
        s.params.remove(0);
        return Some(s);
    }
    let (_, _, sig) = promoted_iface_method(c, t, name)?;
    types.sig(sig).cloned()
}

pub(crate) fn find_method(c: &Compiler, t: TypeId, name: &str) -> Option<(Vec<usize>, ObjId, bool)> {
    let types = &c.checked.types;
    let start = match types.get(t) {
        Type::Pointer(e) => *e,
        _ => t,
    };
    let mut level = vec![(start, Vec::new())];
    let mut seen = Vec::new();
    while !level.is_empty() {
        let mut found = Vec::new();
        let mut next = Vec::new();
        for (ty, path) in level {
            if seen.contains(&ty) {
                continue;
            }
            seen.push(ty);
            if let Some(n) = types.named_info(ty)
                && let Some(m) = n.methods.iter().find(|m| m.0 == name)
            {
                found.push((path.clone(), ObjId(m.1 as u32), m.2));
                continue;
            }
            if let Type::Struct(fields) = types.under_type(ty) {
                for (i, f) in fields.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(i);
                    if f.name == name {
                        found.push((Vec::new(), ObjId(u32::MAX), false));
                    } else if f.embedded {
                        let inner = match types.get(f.ty) {
                            Type::Pointer(e) => *e,
                            _ => f.ty,
                        };
                        next.push((inner, p));
                    }
                }
            }
        }
        match found.len() {
            0 => level = next,
            1 if found[0].1.0 != u32::MAX => return found.pop(),
            _ => return None,
        }
    }
    None
}

pub(crate) fn path_has_pointer(c: &Compiler, t: TypeId, path: &[usize]) -> bool {
    let types = &c.checked.types;
    let mut cur = match types.get(t) {
        Type::Pointer(e) => *e,
        _ => t,
    };
    for &i in path {
        let Type::Struct(fields) = types.under_type(cur) else {
            return false;
        };
        let f = &fields[i];
        if matches!(types.get(f.ty), Type::Pointer(_)) {
            return true;
        }
        cur = f.ty;
    }
    false
}

impl<'x, 'c, 'a> FnCompiler<'x, 'c, 'a> {
    pub fn line(&self, pos: Pos) -> u32 {
        self.c.sources.line(pos)
    }

    fn finish(mut self, recover_pc: Option<u32>) -> Compiled {
        if self.b.overflow {
            let pos = Pos::NONE;
            self.c
                .error(pos, "govm: function too large (more than 65535 registers)");
        }
        let (code, lines, shift) = self.b.place_constants(self.params, &mut self.c.consts);
        let nregs = self.b.max_reg + 1 + shift;
        Compiled {
            code,
            lines,
            nregs,
            recover_pc: recover_pc.map(|pc| pc + shift),
            asserted: self.b.asserted.iter().map(|&(pc, t)| (pc + shift, t)).collect(),
            ptr_map: vec![u64::MAX; (nregs as usize).div_ceil(64)],
        }
    }

    fn resolve_gotos(&mut self) {
        let gotos = std::mem::take(&mut self.b.gotos);
        for (label, p) in gotos {
            if let Some(&target) = self.b.labels.get(label) {
                self.b.patch_to(p, target);
            }
        }
    }

    pub fn slots(&self, t: TypeId) -> u32 {
        self.c.slots(t)
    }

    /// Whether a variable must live on the heap: its address is taken, a closure captures
    /// it, or its type contains an array (indexing needs memory).
    pub fn needs_box(&self, obj: ObjId) -> bool {
        let o = self.c.checked.obj(obj);
        o.boxed || contains_array(&self.c.checked.types, o.ty)
    }

    /// A new zeroed heap box for a value of type `t`; returns the register holding it.
    pub fn new_box(&mut self, t: TypeId) -> u16 {
        let r = self.b.alloc(1);
        let ti = self.c.rtype(t);
        self.b.op(Op::New, r, 0, ti.0 as u16);
        r
    }

    /// Declares a local variable (without initialising it beyond what allocation does).
    pub fn declare_obj(&mut self, obj: ObjId, t: TypeId) -> Local {
        let l = if self.needs_box(obj) {
            Local::Boxed(self.new_box(t))
        } else {
            Local::Reg(self.b.alloc(self.slots(t)))
        };
        self.b.locals.insert(obj, l);
        l
    }

    pub fn zero_var(&mut self, obj: ObjId, t: TypeId) {
        if let Some(Local::Reg(r)) = self.b.locals.get(&obj).copied() {
            let n = self.slots(t);
            self.b.op(Op::Zero, r, 0, n as u16);
        }
    }

    /// Where a variable is, capturing it from an enclosing function if needed.
    pub fn local(&mut self, obj: ObjId) -> Option<Local> {
        if let Some(&l) = self.b.locals.get(&obj) {
            return Some(l);
        }
        let o = self.c.checked.obj(obj);
        if o.global || !matches!(o.kind, ObjKind::Var) {
            return None;
        }
        let i = self.b.captures.len() as u16;
        self.b.captures.push(obj);
        let l = Local::Capture(i);
        self.b.locals.insert(obj, l);
        Some(l)
    }

    /// A register holding the address of a boxed or captured variable.
    pub fn box_reg(&mut self, l: Local) -> u16 {
        match l {
            Local::Boxed(r) => r,
            Local::Capture(i) => {
                let r = self.b.alloc(1);
                self.b.op(Op::LoadCapture, r, i, 0);
                r
            }
            Local::Reg(r) => r,
        }
    }

    // ---- memory access by type ----

    /// Loads a value of type `t` from `*(R[ptr] + 8 off)` into `dst`.
    pub fn load_mem(&mut self, dst: u16, ptr: u16, off: u16, t: TypeId) {
        let n = self.slots(t);
        let k = super::kind(&self.c.checked.types, t);
        if k.is_byte_kind() && off == 0 {
            self.b.opx(
                Op::LoadByte,
                (k == crate::bytecode::rtype::Kind::Int8) as u8,
                dst,
                ptr,
                0,
            );
            return;
        }
        if n == 1 {
            self.b.op(Op::Load, dst, ptr, off);
            if k == crate::bytecode::rtype::Kind::Int8 {
                self.b.opx(Op::SExt, 8, dst, dst, 0);
            }
            return;
        }
        let p = if off == 0 {
            ptr
        } else {
            let r = self.b.alloc(1);
            self.b.op(Op::FieldAddr, r, ptr, off);
            r
        };
        self.b.op(Op::LoadN, dst, p, n as u16);
        self.renormalize(dst, t);
    }

    /// Re-sign-extends int8 fields after a slot copy from memory (StoreByte through a
    /// pointer writes only their low byte).
    fn renormalize(&mut self, dst: u16, t: TypeId) {
        let types = &self.c.checked.types;
        if let Type::Struct(fields) = types.under_type(t).clone() {
            let mut off = 0u16;
            for f in fields {
                let k = super::kind(types, f.ty);
                if k == crate::bytecode::rtype::Kind::Int8 {
                    self.b.opx(Op::SExt, 8, dst + off, dst + off, 0);
                } else if matches!(types.under_type(f.ty), Type::Struct(_)) {
                    self.renormalize(dst + off, f.ty);
                }
                off += super::slots(types, f.ty) as u16;
            }
        }
    }

    /// Stores the value in `src` of type `t` to `*(R[ptr] + 8 off)`.
    pub fn store_mem(&mut self, ptr: u16, off: u16, src: u16, t: TypeId) {
        let n = self.slots(t);
        let k = super::kind(&self.c.checked.types, t);
        if k.is_byte_kind() && off == 0 {
            self.b.op(Op::StoreByte, ptr, src, 0);
            return;
        }
        if n == 1 {
            self.b.op(Op::Store, ptr, src, off);
            return;
        }
        let p = if off == 0 {
            ptr
        } else {
            let r = self.b.alloc(1);
            self.b.op(Op::FieldAddr, r, ptr, off);
            r
        };
        self.b.op(Op::StoreN, p, src, n as u16);
    }

    pub fn global_addr(&mut self, obj: ObjId) -> u16 {
        let off = self.c.globals[&obj];
        let r = self.b.alloc(1);
        self.b.emit(Insn::wide(Op::GlobalAddr, r, off));
        r
    }

    pub fn store_global(&mut self, obj: ObjId, src: u16, t: TypeId) {
        if !self.c.globals.contains_key(&obj) {
            return;
        }
        let p = self.global_addr(obj);
        // Globals are slot-laid like boxes.
        self.store_mem(p, 0, src, t);
    }

    /// Follows an embedding path from a value of type `t` in `val` (or, when `is_ptr`, a
    /// pointer to one); returns a register holding the final receiver: its address when
    /// `want_ptr`, else its value.
    pub fn walk_path(&mut self, val: u16, t: TypeId, path: &[usize], want_ptr: bool) -> u16 {
        let (base, is_ptr) = match self.c.checked.types.get(t) {
            Type::Pointer(e) => (*e, true),
            _ => (t, false),
        };
        self.walk_path_from(val, base, is_ptr, path, want_ptr)
    }

    pub fn walk_path_from(&mut self, val: u16, base: TypeId, is_ptr: bool, path: &[usize], want_ptr: bool) -> u16 {
        let mut is_ptr = is_ptr;
        let mut cur = base;
        let mut reg = val;
        for &i in path {
            let Type::Struct(fields) = self.c.checked.types.under_type(cur).clone() else {
                break;
            };
            let off: u32 = fields[..i].iter().map(|f| self.slots(f.ty)).sum();
            let ft = fields[i].ty;
            if is_ptr {
                let addr = self.b.alloc(1);
                self.b.op(Op::FieldAddr, addr, reg, off as u16);
                if let Type::Pointer(e) = self.c.checked.types.get(ft).clone() {
                    let r = self.b.alloc(1);
                    self.b.op(Op::Load, r, addr, 0);
                    reg = r;
                    cur = e;
                    is_ptr = true;
                } else {
                    reg = addr;
                    cur = ft;
                }
            } else {
                let r = reg + off as u16;
                if let Type::Pointer(e) = self.c.checked.types.get(ft).clone() {
                    reg = r;
                    cur = e;
                    is_ptr = true;
                } else {
                    reg = r;
                    cur = ft;
                }
            }
        }
        match (is_ptr, want_ptr) {
            (true, true) | (false, false) => reg,
            (true, false) => {
                let n = self.slots(cur);
                let r = self.b.alloc(n);
                self.load_mem(r, reg, 0, cur);
                r
            }
            (false, true) => {
                // A value receiver in registers whose pointer method is called: box a copy
                // (the checker only allows this for addressable operands, handled by the
                // caller taking the address instead).
                let b = self.new_box(cur);
                self.store_mem(b, 0, reg, cur);
                b
            }
        }
    }

    /// Compiles a function literal; returns a register holding the closure.
    pub fn func_lit(&mut self, e: &'a ast::Expr<'a>, typ: &'a ast::FuncType<'a>, body: &'a ast::Block<'a>) -> u16 {
        let sig = self.c.info.tvs[&e.id].ty;
        let mut shell = self.c.signature_func(sig);
        let idx = self.c.add_func(Func::default());
        // Go's names: `main.f.func1` for f's first literal, `main.f.func1.2` for the
        // second one inside that.
        let nested = self.c.enclosing.len() > 1;
        let parent = self.c.enclosing.last_mut().expect("literals are inside functions");
        parent.literals += 1;
        shell.name = if nested {
            format!("{}.{}", parent.name, parent.literals)
        } else {
            format!("{}.func{}", parent.name, parent.literals)
        };
        shell.file = parent.file;
        self.c.enclosing.push(super::Enclosing {
            name: shell.name.clone(),
            file: shell.file,
            literals: 0,
        });
        let mut captures = Vec::new();
        let params: Vec<&'a ast::Field<'a>> = typ.params.iter().collect();
        let compiled = compile_body(self.c, sig, &params, typ.results, body, Some(&mut captures), e.pos);
        self.c.enclosing.pop();
        shell.code = compiled.code;
        shell.lines = compiled.lines;
        shell.nregs = compiled.nregs;
        shell.recover_pc = compiled.recover_pc;
        shell.asserted = compiled.asserted;
        shell.ptr_map = compiled.ptr_map;
        self.c.funcs[idx as usize] = shell;
        let dst = self.b.alloc(1 + captures.len() as u32);
        if captures.is_empty() {
            self.b.emit(Insn::wide(Op::LoadFunc, dst, idx));
            return dst;
        }
        for (i, obj) in captures.iter().enumerate() {
            let l = self.local(*obj).expect("captured variables are locals");
            let r = self.box_reg(l);
            self.b.op(Op::Move, dst + 1 + i as u16, r, 0);
        }
        if idx > u16::MAX as u32 {
            self.c.error(e.pos, "govm: too many functions");
        }
        self.b.op(Op::MakeClosure, dst, idx as u16, captures.len() as u16);
        dst
    }

    /// A closure for the method value `iface.name` (method signature `sig`): a wrapper
    /// capturing the interface and calling through it.
    pub fn bound_iface_method(&mut self, iface: u16, name: &str, sig: TypeId) -> u16 {
        let s = self.c.checked.types.sig(sig).cloned().expect("methods have signatures");
        let arg_slots: u32 = s.params.iter().map(|&t| self.slots(t)).sum();
        let rs = self.c.slots_of_results(&s.results);
        let m = self.c.method_name(name);
        let mut shell = Func {
            name: format!("{name}-fm"),
            param_slots: arg_slots,
            result_slots: rs,
            ..Func::default()
        };
        let mut f = FnCompiler::new(&mut *self.c, arg_slots);
        let iv = f.b.alloc(2);
        f.b.op(Op::LoadCapture, iv, 0, 0);
        f.b.op(Op::LoadCapture, iv + 1, 1, 0);
        let frame = f.b.alloc((1 + arg_slots).max(rs));
        f.b.op(Op::Move, frame, iv + 1, 0);
        f.b.move_n(frame + 1, 0, arg_slots);
        f.b.op(Op::CallIface, frame, iv, m);
        f.b.op(Op::Ret, frame, rs as u16, 0);
        let compiled = f.finish(None);
        shell.code = compiled.code;
        shell.lines = compiled.lines;
        shell.nregs = compiled.nregs;
        shell.ptr_map = compiled.ptr_map;
        let idx = self.c.add_func(shell);
        // Go makes the method value of a non-nil interface only.
        self.b.op(Op::NilCheck, iface, 0, 0);
        let dst = self.b.alloc(3);
        self.b.move_n(dst + 1, iface, 2);
        self.b.op(Op::MakeClosure, dst, idx as u16, 2);
        dst
    }

    /// A closure for the method value `recv.m`: a wrapper capturing the receiver slots.
    pub fn bound_method(&mut self, method: ObjId, recv: u16, recv_t: TypeId) -> u16 {
        let idx = match self.c.cached_bound(method, recv_t) {
            Some(i) => i,
            None => {
                let msig = self.c.checked.obj(method).ty;
                let sig = self
                    .c
                    .checked
                    .types
                    .sig(msig)
                    .cloned()
                    .expect("methods have signatures");
                let vsig = self
                    .c
                    .checked
                    .types
                    .sig(msig)
                    .map(|s| s.params[1..].to_vec())
                    .unwrap_or_default();
                let arg_slots: u32 = vsig.iter().map(|&t| self.slots(t)).sum();
                let rs = self.c.slots_of_results(&sig.results);
                let recv_slots = self.slots(recv_t);
                let method_idx = self.c.func_index(method).expect("methods are declared");
                let mut shell = Func {
                    name: format!("{}-fm", self.c.funcs[method_idx as usize].name),
                    param_slots: arg_slots,
                    result_slots: rs,
                    ..Func::default()
                };
                shell.file = self.c.funcs[method_idx as usize].file;
                let mut f = FnCompiler::new(&mut *self.c, arg_slots);
                let frame = f.b.alloc((recv_slots + arg_slots).max(rs));
                for i in 0..recv_slots as u16 {
                    f.b.op(Op::LoadCapture, frame + i, i, 0);
                }
                f.b.move_n(frame + recv_slots as u16, 0, arg_slots);
                f.b.emit(Insn::wide(Op::Call, frame, method_idx));
                f.b.op(Op::Ret, frame, rs as u16, 0);
                let compiled = f.finish(None);
                shell.code = compiled.code;
                shell.lines = compiled.lines;
                shell.nregs = compiled.nregs;
                shell.ptr_map = compiled.ptr_map;
                let i = self.c.add_func(shell);
                self.c.cache_bound(method, recv_t, i);
                i
            }
        };
        let n = self.slots(recv_t);
        let dst = self.b.alloc(1 + n);
        self.b.move_n(dst + 1, recv, n);
        self.b.op(Op::MakeClosure, dst, idx as u16, n as u16);
        dst
    }
}

impl Compiler<'_, '_> {
    pub fn slots_of_results(&self, results: &[TypeId]) -> u32 {
        results.iter().map(|&t| self.slots(t)).sum()
    }
}

pub(crate) fn contains_array(types: &crate::front::types::Types, t: TypeId) -> bool {
    match types.under_type(t) {
        Type::Array(..) => true,
        Type::Struct(fields) => fields.iter().any(|f| contains_array(types, f.ty)),
        _ => false,
    }
}

//! The bytecode compiler: from the checked AST to a [`Program`].
//!
//! Each Go function becomes a [`Func`] of register code. Variables live in registers unless
//! the checker found their address taken or captured by a closure, or their type holds an
//! array (which needs memory to be indexed); those live in heap boxes reached through a
//! register. Method sets for interface dispatch get small wrapper functions where the
//! method's receiver is not the interface's data word itself.

mod builder;
mod expr;
mod func;
mod lower;
mod stmt;

use hashbrown::HashMap;

use crate::bytecode::op::{Insn, Op};
use crate::bytecode::program::{Func, Program, WellKnown};
use crate::bytecode::rtype::{RMethod, RSig, TypeIdx};
use crate::front::ast;
use crate::front::check::{Checked, Info, ObjId, ObjKind};
use crate::front::diag::Diagnostics;
use crate::front::source::{Pos, SourceMap};
use crate::front::types::{Type, TypeId, ids};

pub use lower::{kind, slots};

/// A function body waiting to be compiled.
#[derive(Clone, Copy)]
enum Pending<'a> {
    Decl(ObjId, &'a ast::FuncDecl<'a>),
}

pub(crate) struct Compiler<'c, 'a> {
    pub checked: &'c Checked<'a>,
    /// What the checker recorded for the nodes of the body being compiled: the program's
    /// tables, or those of a generic function's instance (see [`Checked::bodies`]).
    pub info: &'c Info,
    pub sources: &'c SourceMap,
    pub lowering: lower::Lowering,
    pub funcs: Vec<Func>,
    pub consts: Vec<u64>,
    pub strings: Vec<Box<[u8]>>,
    string_index: HashMap<Vec<u8>, u32>,
    pub method_names: Vec<String>,
    /// Function index of each declared function or method.
    func_index: HashMap<ObjId, u32>,
    /// Global variables' slot offsets.
    pub globals: HashMap<ObjId, u32>,
    pub global_slots: u32,
    pending: Vec<Pending<'a>>,
    /// Interface-dispatch wrappers: (dynamic type, method name) -> function index.
    iface_wrappers: HashMap<(TypeId, String), u32>,
    /// Bound-method wrappers for method values, by method function.
    bound_wrappers: HashMap<(ObjId, TypeId), u32>,
    /// The functions being compiled, outermost first, for naming their function
    /// literals as Go does: each one's name, file, and how many literals it has so far.
    pub enclosing: Vec<Enclosing>,
    pub diags: Diagnostics,
}

/// A function whose function literals are being named (see `Compiler::enclosing`).
pub(crate) struct Enclosing {
    pub name: String,
    pub file: u32,
    pub literals: u32,
}

/// Compiles a checked program. `main` must be the last package.
pub fn compile(checked: &Checked, sources: &SourceMap) -> Result<Program, Diagnostics> {
    let mut c = Compiler {
        checked,
        info: &checked.info,
        sources,
        lowering: lower::Lowering::default(),
        funcs: Vec::new(),
        consts: Vec::new(),
        strings: Vec::new(),
        string_index: HashMap::new(),
        method_names: Vec::new(),
        func_index: HashMap::new(),
        globals: HashMap::new(),
        global_slots: 0,
        pending: Vec::new(),
        iface_wrappers: HashMap::new(),
        bound_wrappers: HashMap::new(),
        enclosing: Vec::new(),
        diags: Diagnostics::default(),
    };
    for (pi, pkg) in checked.packages.iter().enumerate() {
        for &g in &pkg.globals {
            let n = slots(&checked.types, checked.obj(g).ty);
            c.globals.insert(g, c.global_slots);
            c.global_slots += n;
        }
        for &f in pkg.funcs.iter().filter(|&f| !checked.generic.contains_key(f)) {
            c.declare_func(pi, f);
        }
    }
    for &inst in &checked.instances {
        c.declare_func(checked.obj(inst).pkg, inst);
    }
    let (init, entry) = c.entry();
    while let Some(p) = c.pending.pop() {
        match p {
            Pending::Decl(obj, decl) => c.compile_decl(obj, decl),
        }
    }
    c.fill_method_sets();
    if !c.diags.is_empty() {
        return Err(c.diags);
    }
    let well_known = WellKnown {
        runtime_error: c.runtime_error_type(),
        string: c.rtype(ids::STRING),
        error: c.error_type(),
        panic_texts: c.runtime_func("panicTexts"),
    };
    let files = sources.files().iter().map(|f| f.name.clone()).collect();
    Ok(Program {
        funcs: c.funcs,
        types: c.lowering.rtypes,
        consts: c.consts,
        strings: c.strings,
        method_names: c.method_names,
        files,
        global_slots: c.global_slots,
        init,
        entry,
        well_known,
    })
}

impl<'c, 'a> Compiler<'c, 'a> {
    pub fn rtype(&mut self, t: TypeId) -> TypeIdx {
        self.lowering.rtype(&self.checked.types, t)
    }

    pub fn slots(&self, t: TypeId) -> u32 {
        slots(&self.checked.types, t)
    }

    pub fn string_const(&mut self, s: &[u8]) -> u32 {
        if let Some(&i) = self.string_index.get(s) {
            return i;
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.into());
        self.string_index.insert(s.to_vec(), i);
        i
    }

    pub fn method_name(&mut self, name: &str) -> u16 {
        match self.method_names.iter().position(|m| m == name) {
            Some(i) => i as u16,
            None => {
                self.method_names.push(name.to_string());
                (self.method_names.len() - 1) as u16
            }
        }
    }

    pub fn error(&mut self, pos: Pos, msg: impl Into<String>) {
        self.diags.error(pos, msg);
    }

    fn file_of(&self, pos: Pos) -> u32 {
        self.sources
            .files()
            .iter()
            .position(|f| pos.0 >= f.base && pos.0 <= f.base + f.text.len() as u32)
            .unwrap_or(0) as u32
    }

    /// Go's name for a function in tracebacks: `main.f`, `main.T.M`, `main.(*T).M`, and
    /// for generic code `main.f[...]`, `main.(*T[...]).M`.
    fn func_name(&self, pkg: usize, f: &ast::FuncDecl) -> String {
        let pname = &self.checked.packages[pkg].name;
        match f.recv.and_then(|r| r.first()) {
            Some(field) => {
                let (base, ptr) = match &field.typ.unparen().kind {
                    ast::ExprKind::Star(x) => (x.unparen(), true),
                    _ => (field.typ.unparen(), false),
                };
                let (base, generic) = match &base.kind {
                    ast::ExprKind::Index(x, _) => (x.unparen(), "[...]"),
                    _ => (base, ""),
                };
                let tname = match &base.kind {
                    ast::ExprKind::Ident(id) => id.name,
                    _ => "?",
                };
                if ptr {
                    format!("{pname}.(*{tname}{generic}).{}", f.name.name)
                } else {
                    format!("{pname}.{tname}{generic}.{}", f.name.name)
                }
            }
            None if !f.tparams.is_empty() => format!("{pname}.{}[...]", f.name.name),
            None => format!("{pname}.{}", f.name.name),
        }
    }

    /// Gives a declared function its index (compiling its body later).
    fn declare_func(&mut self, pkg: usize, obj: ObjId) {
        let o = self.checked.obj(obj);
        let ObjKind::Func(Some(decl)) = o.kind else {
            return;
        };
        let idx = self.funcs.len() as u32;
        let mut f = self.signature_func(o.ty);
        f.name = self.func_name(pkg, decl);
        f.file = self.file_of(decl.pos);
        if decl.body.is_none() {
            f.rust = Some(format!("{}.{}", self.checked.packages[pkg].path, decl.name.name));
            // A body that calls the Rust function in place: where it needs a frame of its
            // own (deferred, or a goroutine's first), it runs and returns as Go code does.
            // Direct calls never enter it.
            f.code = vec![Insn::wide(Op::Call, 0, idx), Insn::new(Op::Ret, 0, 0, 0)];
            f.lines = vec![self.sources.line(decl.pos); 2];
            f.nregs = f.param_slots.max(f.result_slots);
        } else {
            self.pending.push(Pending::Decl(obj, decl));
        }
        self.funcs.push(f);
        self.func_index.insert(obj, idx);
    }

    /// A function shell with the parameter and result layout of a signature.
    fn signature_func(&mut self, sig: TypeId) -> Func {
        let s = self
            .checked
            .types
            .sig(sig)
            .cloned()
            .unwrap_or(crate::front::types::Sig {
                params: vec![],
                results: vec![],
                variadic: false,
            });
        let param_slots = s.params.iter().map(|&t| self.slots(t)).sum();
        let result_slots = s.results.iter().map(|&t| self.slots(t)).sum();
        let params = s.params.iter().map(|&t| self.rtype(t)).collect();
        let results = s.results.iter().map(|&t| self.rtype(t)).collect();
        Func {
            param_slots,
            result_slots,
            params,
            results,
            variadic: s.variadic,
            ..Func::default()
        }
    }

    pub fn func_index(&self, obj: ObjId) -> Option<u32> {
        self.func_index.get(&obj).copied()
    }

    fn compile_decl(&mut self, obj: ObjId, decl: &'a ast::FuncDecl<'a>) {
        let idx = self.func_index[&obj] as usize;
        let Some(body) = decl.body else { return };
        let body = body.block().expect("the checker parsed every body it checked");
        let sig = self.checked.obj(obj).ty;
        let mut params: Vec<&'a ast::Field<'a>> = Vec::new();
        if let Some(r) = decl.recv {
            params.extend(r.iter());
        }
        params.extend(decl.typ.params.iter());
        let checked = self.checked;
        self.info = checked.bodies.get(&obj).unwrap_or(&checked.info);
        self.enclosing.push(Enclosing {
            name: self.funcs[idx].name.clone(),
            file: self.funcs[idx].file,
            literals: 0,
        });
        let compiled = func::compile_body(self, sig, &params, decl.typ.results, body, None, decl.pos);
        self.enclosing.pop();
        self.info = &checked.info;
        let f = &mut self.funcs[idx];
        f.code = compiled.code;
        f.lines = compiled.lines;
        f.nregs = compiled.nregs;
        f.recover_pc = compiled.recover_pc;
        f.asserted = compiled.asserted;
        f.ptr_map = compiled.ptr_map;
    }

    /// The program's entry: initialise package variables in order, run each package's
    /// `init` functions, then `main.main`.
    /// The program's initialisation function and its entry function (see
    /// [`Program::entry`]).
    fn entry(&mut self) -> (u32, u32) {
        let init = self.add_compiled("runtime.init", func::compile_init);
        let entry = self.add_compiled("runtime.main", |c| func::compile_entry(c, init));
        (init, entry)
    }

    /// Adds a function the compiler makes itself, with no parameters or results.
    fn add_compiled(&mut self, name: &str, compile: impl FnOnce(&mut Self) -> Compiled) -> u32 {
        let idx = self.funcs.len() as u32;
        self.funcs.push(Func {
            name: name.into(),
            ..Func::default()
        });
        self.enclosing.push(Enclosing {
            name: name.into(),
            file: 0,
            literals: 0,
        });
        let compiled = compile(self);
        self.enclosing.pop();
        let f = &mut self.funcs[idx as usize];
        f.code = compiled.code;
        f.lines = compiled.lines;
        f.nregs = compiled.nregs;
        f.ptr_map = compiled.ptr_map;
        idx
    }

    /// Adds a compiled helper function; returns its index.
    pub fn add_func(&mut self, f: Func) -> u32 {
        self.funcs.push(f);
        (self.funcs.len() - 1) as u32
    }

    /// The index of a function of package runtime that the compiler calls itself.
    pub fn runtime_func(&self, name: &str) -> Option<u32> {
        let rt = self.checked.packages.iter().position(|p| p.path == "runtime")?;
        self.func_index(self.checked.lookup(rt, name)?)
    }

    fn runtime_error_type(&mut self) -> TypeIdx {
        let rt = self.checked.packages.iter().position(|p| p.path == "runtime");
        let t = rt
            .and_then(|p| self.checked.lookup(p, "errorString"))
            .map(|o| self.checked.obj(o).ty);
        match t {
            Some(t) => {
                self.rtype(t);
                let p = self.checked.types.named_info(t).map(|_| t);
                let idx = self.rtype(p.unwrap_or(t));
                self.fill_method_sets();
                idx
            }
            None => self.rtype(ids::STRING),
        }
    }

    fn error_type(&mut self) -> TypeIdx {
        let t = self
            .checked
            .objs
            .iter()
            .find(|o| o.name == "error" && matches!(o.kind, ObjKind::TypeName) && o.pos == Pos::NONE)
            .map_or(ids::ANY, |o| o.ty);
        self.rtype(t)
    }

    /// Fills the method tables of every lowered named type and pointer to one, generating
    /// the dispatch wrappers they need. Lowering a wrapper can lower new types, so this
    /// repeats until nothing changes.
    fn fill_method_sets(&mut self) {
        let mut done = 0;
        loop {
            let lowered = self.lowering.lowered();
            if lowered.len() == done {
                break;
            }
            done = lowered.len();
            for (t, idx) in lowered {
                if !self.lowering.rtypes[idx.0 as usize].methods.is_empty() {
                    continue;
                }
                let methods = self.method_table(t);
                self.lowering.rtypes[idx.0 as usize].methods = methods;
            }
        }
    }

    /// The methods values of type `t` have, for interface dispatch.
    fn method_table(&mut self, t: TypeId) -> Vec<RMethod> {
        let types = &self.checked.types;
        if let Type::Interface(ms) = types.under_type(t).clone() {
            return ms
                .iter()
                .map(|m| RMethod {
                    name: m.name.clone(),
                    func: 0,
                    sig: self.method_rsig(types.sig(m.sig).cloned()),
                })
                .collect();
        }
        let names = self.method_names_of(t);
        let mut out = Vec::new();
        for name in names {
            if let Some(f) = func::iface_wrapper(self, t, &name) {
                let sig = func::method_signature(self, t, &name);
                let sig = self.method_rsig(sig);
                out.push(RMethod { name, func: f, sig });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// A method signature as interface assertions compare it.
    fn method_rsig(&mut self, sig: Option<crate::front::types::Sig>) -> RSig {
        let s = sig.unwrap_or(crate::front::types::Sig {
            params: vec![],
            results: vec![],
            variadic: false,
        });
        RSig {
            params: s.params.iter().map(|&p| self.rtype(p)).collect(),
            results: s.results.iter().map(|&r| self.rtype(r)).collect(),
            variadic: s.variadic,
        }
    }

    /// Names of all methods reachable from `t` (declared or promoted), unfiltered.
    fn method_names_of(&self, t: TypeId) -> Vec<String> {
        let types = &self.checked.types;
        let mut names = Vec::new();
        let mut stack = vec![t];
        let mut seen = Vec::new();
        while let Some(cur) = stack.pop() {
            let cur = match types.get(cur) {
                Type::Pointer(e) => *e,
                _ => cur,
            };
            if seen.contains(&cur) {
                continue;
            }
            seen.push(cur);
            if let Some(n) = types.named_info(cur) {
                for m in &n.methods {
                    if !names.contains(&m.0) {
                        names.push(m.0.clone());
                    }
                }
            }
            match types.under_type(cur) {
                Type::Struct(fields) => {
                    for f in fields.iter().filter(|f| f.embedded) {
                        stack.push(f.ty);
                    }
                }
                Type::Interface(ms) if cur != t => {
                    for m in ms {
                        if !names.contains(&m.name) {
                            names.push(m.name.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        names
    }

    pub fn cached_iface_wrapper(&self, t: TypeId, name: &str) -> Option<u32> {
        self.iface_wrappers.get(&(t, name.to_string())).copied()
    }

    pub fn cache_iface_wrapper(&mut self, t: TypeId, name: &str, f: u32) {
        self.iface_wrappers.insert((t, name.to_string()), f);
    }

    pub fn cached_bound(&self, m: ObjId, recv: TypeId) -> Option<u32> {
        self.bound_wrappers.get(&(m, recv)).copied()
    }

    pub fn cache_bound(&mut self, m: ObjId, recv: TypeId, f: u32) {
        self.bound_wrappers.insert((m, recv), f);
    }
}

/// Code of one compiled function body.
pub(crate) struct Compiled {
    pub code: Vec<crate::bytecode::op::Insn>,
    pub lines: Vec<u32>,
    pub nregs: u32,
    pub recover_pc: Option<u32>,
    pub asserted: Vec<(u32, crate::bytecode::TypeIdx)>,
    pub ptr_map: Vec<u64>,
}

/// Opcode for `==`/`<` etc. on operands of one representation; `swap` for `>` and `>=`.
pub(crate) fn compare_op(k: crate::bytecode::rtype::Kind, op: crate::front::token::Tok) -> Option<(Op, bool, bool)> {
    use crate::bytecode::rtype::Kind;
    use crate::front::token::Tok;
    // (opcode, swap operands, negate result)
    let float = k.is_float();
    let string = k == Kind::String;
    let unsigned = k.is_unsigned();
    Some(match op {
        Tok::Eql if string => (Op::EqStr, false, false),
        Tok::Neq if string => (Op::EqStr, false, true),
        Tok::Lss if string => (Op::LtStr, false, false),
        Tok::Leq if string => (Op::LeStr, false, false),
        Tok::Gtr if string => (Op::LtStr, true, false),
        Tok::Geq if string => (Op::LeStr, true, false),
        Tok::Eql if float => (Op::EqF, false, false),
        Tok::Neq if float => (Op::NeF, false, false),
        Tok::Lss if float => (Op::LtF, false, false),
        Tok::Leq if float => (Op::LeF, false, false),
        Tok::Gtr if float => (Op::LtF, true, false),
        Tok::Geq if float => (Op::LeF, true, false),
        Tok::Eql => (Op::EqI, false, false),
        Tok::Neq => (Op::NeI, false, false),
        Tok::Lss if unsigned => (Op::LtU, false, false),
        Tok::Leq if unsigned => (Op::LeU, false, false),
        Tok::Gtr if unsigned => (Op::LtU, true, false),
        Tok::Geq if unsigned => (Op::LeU, true, false),
        Tok::Lss => (Op::LtI, false, false),
        Tok::Leq => (Op::LeI, false, false),
        Tok::Gtr => (Op::LtI, true, false),
        Tok::Geq => (Op::LeI, true, false),
        _ => return None,
    })
}

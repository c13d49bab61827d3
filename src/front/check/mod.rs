//! The type checker: resolves names, computes the type of every expression and the value of
//! every constant, and reports Go's compile errors.
//!
//! What it learns goes into side tables ([`Info`]) indexed by the AST's `NodeId`s, which the
//! bytecode compiler reads. Package-level declarations may appear in any order: their
//! objects are entered first and resolved on first use, and the dependencies seen while
//! checking initialisers give the package initialisation order.

mod builtin;
mod expr;
mod generic;
mod lookup;
mod stmt;
mod typexpr;

use hashbrown::{HashMap, HashSet};

use super::ast::{self, NodeId};
use super::constant::Value;
use super::diag::Diagnostics;
use super::source::Pos;
use super::types::{Holds, Type, TypeId, Types, ids};

pub use builtin::Builtin;
pub use lookup::{Selection, SelectionKind};

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(pub u32);

#[derive(Clone, Debug)]
pub enum ObjKind<'a> {
    Const(Value),
    TypeName,
    Var,
    Func(Option<&'a ast::FuncDecl<'a>>),
    /// An imported package, by index into [`Checked::packages`].
    Pkg(usize),
    Builtin(Builtin),
    Nil,
}

#[derive(Clone, Debug)]
pub struct Obj<'a> {
    pub name: &'a str,
    pub kind: ObjKind<'a>,
    pub ty: TypeId,
    pub pos: Pos,
    /// Index into [`Checked::packages`].
    pub pkg: usize,
    /// A package-level variable or function.
    pub global: bool,
    /// The function (numbered by the checker in the order it meets them) that declares a
    /// local variable; a use from another function captures it.
    pub owner: u32,
    /// The variable's address is taken or it is captured by a closure: it lives on the heap.
    pub boxed: bool,
    pub used: bool,
}

/// What the checker knows about an expression.
#[derive(Clone, Debug)]
pub struct Tv {
    pub mode: Mode,
    pub ty: TypeId,
}

#[derive(Clone, Debug)]
pub enum Mode {
    NoValue,
    Value,
    /// An addressable variable.
    Var,
    /// `m[k]`: assignable but not addressable, and may yield `v, ok`.
    MapIndex,
    /// A value that may be used in a comma-ok assignment (type assertion, receive).
    CommaOk,
    Const(Value),
    Type,
    Builtin(Builtin),
    /// A package name in a qualified identifier.
    Pkg,
}

/// A side table indexed by node: node ids are dense, so a vector beats hashing. The
/// vector holds, for each id in the range inserted, where its value is in a second, dense
/// one: so the table of one function body (an instance's) is as small as the body, and a
/// table whose ids spread over the whole program (library declarations, bodies parsed
/// late) costs four bytes per id it spans, not a whole value's size.
pub struct NodeMap<T> {
    base: u32,
    /// 1 + the index in `values` of each id's value from `base` on, or 0 for none.
    slots: Vec<u32>,
    values: Vec<T>,
}

impl<T> Default for NodeMap<T> {
    fn default() -> Self {
        NodeMap {
            base: 0,
            slots: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T> NodeMap<T> {
    fn slot(&self, id: &NodeId) -> Option<usize> {
        let i = id.0.checked_sub(self.base)? as usize;
        match self.slots.get(i) {
            Some(&k) if k > 0 => Some(k as usize - 1),
            _ => None,
        }
    }

    pub fn get(&self, id: &NodeId) -> Option<&T> {
        self.slot(id).map(|k| &self.values[k])
    }

    pub fn get_mut(&mut self, id: &NodeId) -> Option<&mut T> {
        self.slot(id).map(|k| &mut self.values[k])
    }

    pub fn contains_key(&self, id: &NodeId) -> bool {
        self.slot(id).is_some()
    }

    pub fn insert(&mut self, id: NodeId, v: T) {
        if let Some(k) = self.slot(&id) {
            self.values[k] = v;
            return;
        }
        if self.slots.is_empty() {
            self.base = id.0;
        } else if id.0 < self.base {
            // Grow downwards by at least the current size, so that a run of ever lower
            // ids costs amortised constant time.
            let base = id.0.min(self.base.saturating_sub(self.slots.len() as u32));
            let grow = (self.base - base) as usize;
            self.slots.splice(0..0, std::iter::repeat_n(0, grow));
            self.base = base;
        }
        let i = (id.0 - self.base) as usize;
        if i >= self.slots.len() {
            self.slots.resize(i + 1, 0);
        }
        self.values.push(v);
        self.slots[i] = self.values.len() as u32;
    }
}

impl<T> std::ops::Index<&NodeId> for NodeMap<T> {
    type Output = T;

    fn index(&self, id: &NodeId) -> &T {
        self.get(id).expect("the checker recorded this node")
    }
}

/// Side tables filled by the checker.
#[derive(Default)]
pub struct Info {
    pub tvs: NodeMap<Tv>,
    /// The object each identifier denotes or declares.
    pub objs: NodeMap<ObjId>,
    pub selections: NodeMap<Selection>,
    /// The variable a type switch declares in each clause, keyed by the clause position.
    pub clause_vars: HashMap<Pos, ObjId>,
    /// Function literals' numbers (matching [`Obj::owner`]), by their expression node.
    pub func_lits: NodeMap<u32>,
    /// Map indexes, type assertions and receives used in the two-value `v, ok` form.
    pub comma_ok: hashbrown::HashSet<NodeId>,
    /// The instance of a generic function that an expression denotes (`F` in a call
    /// that infers its type arguments, or `F[int]`).
    pub insts: NodeMap<ObjId>,
}

/// One package-level variable initialisation, in the order Go runs them.
pub struct VarInit<'a> {
    pub lhs: Vec<ObjId>,
    pub rhs: &'a ast::Expr<'a>,
}

pub struct PkgInfo<'a> {
    pub path: String,
    pub name: String,
    pub files: Vec<&'a ast::File<'a>>,
    pub inits: Vec<VarInit<'a>>,
    /// Every function and method declared, in source order (including `init`s).
    pub funcs: Vec<ObjId>,
    /// The `init` functions, in source order.
    pub init_funcs: Vec<ObjId>,
    pub globals: Vec<ObjId>,
    scope: HashMap<&'a str, ObjId>,
    /// Only what the program reaches is checked and compiled (see [`Source::lazy`]).
    lazy: bool,
    /// Package-level objects in declaration order.
    decls: Vec<ObjId>,
    needs_main: bool,
}

pub struct Checked<'a> {
    pub types: Types,
    pub objs: Vec<Obj<'a>>,
    pub info: Info,
    /// Packages in dependency order; `main` is last.
    pub packages: Vec<PkgInfo<'a>>,
    /// Generic functions and methods of generic types, with their type parameters: only
    /// their instances are compiled.
    pub generic: HashMap<ObjId, Vec<TypeId>>,
    /// Instances of generic functions and methods with concrete type arguments, each a
    /// function object of its own declared by its generic function's declaration.
    pub instances: Vec<ObjId>,
    /// What the checker recorded for the nodes of each instance's body.
    pub bodies: HashMap<ObjId, Info>,
}

impl<'a> Checked<'a> {
    pub fn obj(&self, id: ObjId) -> &Obj<'a> {
        &self.objs[id.0 as usize]
    }

    pub fn lookup(&self, pkg: usize, name: &str) -> Option<ObjId> {
        self.packages[pkg].scope.get(name).copied()
    }
}

/// A package to check: its import path and parsed files.
pub struct Source<'a> {
    pub path: String,
    pub files: Vec<&'a ast::File<'a>>,
    /// Check only the declarations the program reaches, as they are reached: a function
    /// body when the function is used (or is a method of a type that is), a variable when
    /// it is used. For library packages, whose code is known to be correct and mostly
    /// unused by any one program, this is what keeps start-up fast.
    pub lazy: bool,
    /// A `main` package must declare `func main` (not so a script embedded in Rust, whose
    /// functions the host calls).
    pub needs_main: bool,
}

/// Checks packages given in dependency order (imports first). Function bodies the files
/// were parsed without are parsed into `arena` as they are reached, their nodes numbered
/// from `next_id`.
pub fn check<'a>(
    sources: Vec<Source<'a>>,
    arena: &'a bumpalo::Bump,
    next_id: u32,
    diags: &mut Diagnostics,
) -> Checked<'a> {
    let mut c = Checker::new(arena, next_id);
    for src in sources {
        c.check_package(src);
    }
    // Instances and reached library bodies are checked only in a program free of errors:
    // an error in an instance would repeat one already reported in the generic body.
    if c.diags.list.is_empty() {
        c.check_reached();
    }
    for pkg in 0..c.packages.len() {
        c.pkg = pkg;
        c.order_inits();
        if c.packages[pkg].lazy {
            let reached = &c.reached;
            let state = &c.state;
            let p = &mut c.packages[pkg];
            p.funcs.retain(|f| reached.contains(f));
            p.globals.retain(|g| state.get(g) == Some(&State::Resolved));
        }
    }
    diags.list.append(&mut c.diags.list);
    Checked {
        types: c.types,
        objs: c.objs,
        info: c.info,
        packages: c.packages,
        generic: c.generic,
        instances: c.instances,
        bodies: c.bodies,
    }
}

/// Resolution state of a package-level object.
#[derive(Copy, Clone, PartialEq, Eq)]
enum State {
    Unresolved,
    Resolving,
    Resolved,
}

/// Where a package-level object was declared, so it can be resolved on first use.
#[derive(Clone, Copy)]
enum DeclSrc<'a> {
    Const {
        typ: Option<&'a ast::Expr<'a>>,
        value: Option<&'a ast::Expr<'a>>,
        iota: u32,
    },
    /// A variable; one initialiser may give several of the spec's names their values.
    Var {
        spec: &'a ast::ValueSpec<'a>,
    },
    Type(&'a ast::TypeSpec<'a>),
    Func(&'a ast::FuncDecl<'a>),
}

/// The function whose body is being checked.
struct FuncCtx {
    id: u32,
    results: Vec<TypeId>,
    named_results: bool,
}

/// A name a file imports.
struct Import<'a> {
    obj: ObjId,
    pos: Pos,
    path: &'a str,
    used: bool,
}

pub(crate) struct Checker<'a> {
    /// Where skimmed function bodies are parsed to, and their next node id.
    arena: &'a bumpalo::Bump,
    next_node: u32,
    types: Types,
    objs: Vec<Obj<'a>>,
    /// Where the checker records: the program's tables, or while an instance's body is
    /// checked, that instance's (the program's then wait in `program_info`).
    info: Info,
    program_info: Option<Info>,
    packages: Vec<PkgInfo<'a>>,
    universe: HashMap<&'static str, ObjId>,
    /// Defined types known to hold no defined type that holds itself (see
    /// `resolve_type_decl`).
    settled_types: HashSet<TypeId>,
    /// The package and file whose names are in scope.
    pkg: usize,
    file: usize,
    /// The file scopes: each file's imports, by package and file index.
    imports: Vec<Vec<HashMap<&'a str, Import<'a>>>>,
    /// Functions of lazy packages that the program reaches, and those whose bodies are
    /// still to be checked.
    reached: HashSet<ObjId>,
    body_queue: Vec<ObjId>,
    /// Local scopes, innermost last.
    scopes: Vec<Vec<(&'a str, ObjId)>>,
    decl_src: HashMap<ObjId, (DeclSrc<'a>, usize)>,
    state: HashMap<ObjId, State>,
    /// Package-level objects the declaration being checked refers to.
    deps: HashMap<ObjId, Vec<ObjId>>,
    cur_decl: Option<ObjId>,
    func: Option<FuncCtx>,
    next_func: u32,
    iota: Option<u32>,
    /// Statements `break` and `continue` may target, innermost last.
    targets: Vec<stmt::Target<'a>>,
    /// The function's labels: name, position, used.
    labels: Vec<(&'a str, Pos, bool)>,
    /// The label of the statement about to be checked.
    pending_label: Option<&'a str>,
    /// The statement being checked is the last of a switch clause.
    fallthrough_ok: bool,
    /// Constraint interfaces may be named here (a type parameter list, an interface's
    /// embedded elements).
    in_constraint: bool,
    /// Map key types that are type parameters, checked once the parameter list's
    /// constraints are all known.
    delayed_keys: Option<Vec<(Pos, TypeId)>>,
    /// An instantiation cycle was reported (once is enough).
    cycle_reported: bool,
    generic: HashMap<ObjId, Vec<TypeId>>,
    /// Generic types whose declaration (underlying type and methods) is complete.
    ready_generics: HashSet<TypeId>,
    /// Instances of generic types made before their generic type was complete.
    pending_expansions: Vec<TypeId>,
    named_insts: HashMap<(TypeId, Vec<TypeId>), TypeId>,
    func_insts: HashMap<(ObjId, Vec<TypeId>), ObjId>,
    /// Each instance's generic function and type arguments.
    inst_of: HashMap<ObjId, (ObjId, Vec<TypeId>)>,
    /// Instances whose bodies are still to be checked.
    inst_queue: Vec<ObjId>,
    instances: Vec<ObjId>,
    bodies: HashMap<ObjId, Info>,
    diags: Diagnostics,
}

impl<'a> Checker<'a> {
    fn new(arena: &'a bumpalo::Bump, next_node: u32) -> Self {
        let mut c = Checker {
            arena,
            next_node,
            types: Types::new(),
            objs: Vec::new(),
            info: Info::default(),
            program_info: None,
            packages: Vec::new(),
            universe: HashMap::new(),
            settled_types: HashSet::new(),
            pkg: 0,
            file: 0,
            imports: Vec::new(),
            reached: HashSet::new(),
            body_queue: Vec::new(),
            scopes: Vec::new(),
            decl_src: HashMap::new(),
            state: HashMap::new(),
            deps: HashMap::new(),
            cur_decl: None,
            func: None,
            next_func: 1,
            iota: None,
            targets: Vec::new(),
            labels: Vec::new(),
            pending_label: None,
            fallthrough_ok: false,
            in_constraint: false,
            delayed_keys: None,
            cycle_reported: false,
            generic: HashMap::new(),
            ready_generics: HashSet::new(),
            pending_expansions: Vec::new(),
            named_insts: HashMap::new(),
            func_insts: HashMap::new(),
            inst_of: HashMap::new(),
            inst_queue: Vec::new(),
            instances: Vec::new(),
            bodies: HashMap::new(),
            diags: Diagnostics::default(),
        };
        c.declare_universe();
        c
    }

    fn declare_universe(&mut self) {
        let basics: [(&'static str, TypeId); 20] = [
            ("bool", ids::BOOL),
            ("int", ids::INT),
            ("int8", ids::INT8),
            ("int16", ids::INT16),
            ("int32", ids::INT32),
            ("rune", ids::INT32),
            ("int64", ids::INT64),
            ("uint", ids::UINT),
            ("uint8", ids::UINT8),
            ("byte", ids::UINT8),
            ("uint16", ids::UINT16),
            ("uint32", ids::UINT32),
            ("uint64", ids::UINT64),
            ("uintptr", ids::UINTPTR),
            ("float32", ids::FLOAT32),
            ("float64", ids::FLOAT64),
            ("complex64", ids::COMPLEX64),
            ("complex128", ids::COMPLEX128),
            ("string", ids::STRING),
            ("any", ids::ANY),
        ];
        for (name, ty) in basics {
            self.universe_obj(name, ObjKind::TypeName, ty);
        }
        // error is the one predeclared defined type: interface { Error() string }.
        let error = self.types.new_named("error".into(), Pos::NONE);
        let sig = self.types.func(vec![], vec![ids::STRING], false);
        let iface = self.types.intern(Type::Interface(vec![super::types::IMethod {
            name: "Error".into(),
            sig,
        }]));
        let n = match self.types.get(error) {
            Type::Named(n) => *n as usize,
            _ => unreachable!("new_named makes a named type"),
        };
        self.types.named[n].underlying = iface;
        self.universe_obj("error", ObjKind::TypeName, error);
        let comparable = self.types.new_named("comparable".into(), Pos::NONE);
        let set = self.types.intern(Type::Constraint(super::types::TypeSet {
            comparable: true,
            ..Default::default()
        }));
        if let Some(n) = self.types.named_mut(comparable) {
            n.underlying = set;
        }
        self.universe_obj("comparable", ObjKind::TypeName, comparable);
        self.universe_obj("true", ObjKind::Const(Value::Bool(true)), ids::UNTYPED_BOOL);
        self.universe_obj("false", ObjKind::Const(Value::Bool(false)), ids::UNTYPED_BOOL);
        self.universe_obj("iota", ObjKind::Const(Value::Int(0.into())), ids::UNTYPED_INT);
        self.universe_obj("nil", ObjKind::Nil, ids::UNTYPED_NIL);
        for &b in Builtin::ALL {
            self.universe_obj(b.name(), ObjKind::Builtin(b), ids::INVALID);
        }
    }

    fn universe_obj(&mut self, name: &'static str, kind: ObjKind<'a>, ty: TypeId) {
        let id = self.new_obj(name, kind, ty, Pos::NONE);
        self.objs[id.0 as usize].used = true;
        self.universe.insert(name, id);
    }

    fn new_obj(&mut self, name: &'a str, kind: ObjKind<'a>, ty: TypeId, pos: Pos) -> ObjId {
        let id = ObjId(self.objs.len() as u32);
        let owner = self.func.as_ref().map_or(0, |f| f.id);
        self.objs.push(Obj {
            name,
            kind,
            ty,
            pos,
            pkg: self.pkg,
            global: false,
            owner,
            boxed: false,
            used: false,
        });
        id
    }

    pub(crate) fn error(&mut self, pos: Pos, msg: impl Into<String>) {
        self.diags.error(pos, msg);
    }

    fn unsupported(&mut self, pos: Pos, what: &str) {
        self.error(pos, format!("govm: {what} are not supported yet"));
    }

    // ---- scopes ----

    fn open_scope(&mut self) {
        self.scopes.push(Vec::new());
    }

    /// Closes the innermost scope, reporting variables declared and never used.
    fn close_scope(&mut self) {
        let scope = self.scopes.pop().unwrap_or_default();
        for (name, id) in scope {
            let o = &self.objs[id.0 as usize];
            if matches!(o.kind, ObjKind::Var) && !o.used && name != "_" && !o.global {
                let pos = o.pos;
                self.error(pos, format!("declared and not used: {name}"));
            }
        }
    }

    /// Declares a local object; `_` declares nothing.
    fn declare(&mut self, ident: &ast::Ident<'a>, kind: ObjKind<'a>, ty: TypeId) -> ObjId {
        let id = self.new_obj(ident.name, kind, ty, ident.pos);
        self.info.objs.insert(ident.id, id);
        if ident.is_blank() {
            return id;
        }
        let scope = self.scopes.last_mut().expect("a local scope is open");
        if let Some(&(_, prev)) = scope.iter().find(|(n, _)| *n == ident.name) {
            let prev_pos = self.objs[prev.0 as usize].pos;
            self.redeclared(ident, prev_pos);
        } else {
            scope.push((ident.name, id));
        }
        id
    }

    fn redeclared(&mut self, ident: &ast::Ident<'a>, _prev: Pos) {
        self.error(ident.pos, format!("{} redeclared in this block", ident.name));
    }

    /// Finds what a name denotes, innermost scope first.
    fn resolve(&mut self, ident: &ast::Ident<'a>) -> Option<ObjId> {
        for scope in self.scopes.iter().rev() {
            if let Some(&(_, id)) = scope.iter().rev().find(|(n, _)| *n == ident.name) {
                return Some(id);
            }
        }
        if let Some(&id) = self.packages[self.pkg].scope.get(ident.name) {
            return Some(id);
        }
        if let Some(imp) = self.imports[self.pkg][self.file].get_mut(ident.name) {
            imp.used = true;
            return Some(imp.obj);
        }
        self.universe.get(ident.name).copied()
    }

    // ---- packages ----

    /// Enters a package's declarations into its scope and, unless it is lazy, checks them
    /// all: every declaration is resolved and every function body checked.
    fn check_package(&mut self, src: Source<'a>) {
        let name = src.files.first().map_or("main", |f| f.package.name).to_string();
        self.pkg = self.packages.len();
        self.packages.push(PkgInfo {
            path: src.path,
            name,
            files: src.files.clone(),
            inits: Vec::new(),
            funcs: Vec::new(),
            init_funcs: Vec::new(),
            globals: Vec::new(),
            scope: HashMap::new(),
            lazy: src.lazy,
            decls: Vec::new(),
            needs_main: src.needs_main,
        });
        let imports = src.files.iter().map(|f| self.file_imports(f)).collect();
        self.imports.push(imports);
        self.collect(&src.files);
        if src.lazy {
            // A lazy package's `init`s always run.
            for f in self.packages[self.pkg].init_funcs.clone() {
                self.reach(f);
            }
            return;
        }
        let decls = self.packages[self.pkg].decls.clone();
        for (fi, file) in src.files.iter().enumerate() {
            self.file = fi;
            for &o in &decls {
                if self.decl_src[&o].1 == fi {
                    self.resolve_obj(o);
                }
            }
            self.check_bodies(file);
        }
        for fi in 0..src.files.len() {
            self.report_unused_imports(fi);
        }
    }

    /// Checks what the program reaches beyond its own packages' declarations: the bodies
    /// of lazy packages' functions it uses and of generic functions' instances, until no
    /// new ones turn up.
    fn check_reached(&mut self) {
        loop {
            if let Some(f) = self.body_queue.pop() {
                let Some(&(DeclSrc::Func(decl), fi)) = self.decl_src.get(&f) else {
                    continue;
                };
                let pkg = self.objs[f.0 as usize].pkg;
                self.resolve_obj(f);
                // Only a generic function's instances matter in a lazy package.
                if !self.generic.contains_key(&f) {
                    self.at_top_level(pkg, fi, Some(f), |c| c.check_func_decl(f, decl));
                }
            } else if !self.inst_queue.is_empty() {
                self.check_instances();
            } else {
                break;
            }
        }
    }

    /// Notes that the program uses a package-level object: a lazy package's function
    /// then has its body checked.
    fn reach(&mut self, f: ObjId) {
        let o = &self.objs[f.0 as usize];
        if matches!(o.kind, ObjKind::Func(Some(_))) && self.packages[o.pkg].lazy && self.reached.insert(f) {
            self.body_queue.push(f);
        }
    }

    /// Runs `f` where package-level declarations of package `pkg`'s file `file` are
    /// checked: outside any function, with the file's names in scope, recording into the
    /// program's tables.
    fn at_top_level<R>(&mut self, pkg: usize, file: usize, decl: Option<ObjId>, f: impl FnOnce(&mut Self) -> R) -> R {
        let pkg = std::mem::replace(&mut self.pkg, pkg);
        let file = std::mem::replace(&mut self.file, file);
        let scopes = std::mem::take(&mut self.scopes);
        let func = self.func.take();
        let cur_decl = std::mem::replace(&mut self.cur_decl, decl);
        let iota = self.iota.take();
        let instance_info = self.program_info.take().map(|p| std::mem::replace(&mut self.info, p));
        let r = f(self);
        if let Some(i) = instance_info {
            self.program_info = Some(std::mem::replace(&mut self.info, i));
        }
        self.pkg = pkg;
        self.file = file;
        self.scopes = scopes;
        self.func = func;
        self.cur_decl = cur_decl;
        self.iota = iota;
        r
    }

    /// Enters every package-level declaration into the package scope.
    fn collect(&mut self, files: &[&'a ast::File<'a>]) {
        for (fi, file) in files.iter().enumerate() {
            for decl in file.decls {
                match decl {
                    ast::Decl::Func(f) => {
                        let id = self.new_obj(f.name.name, ObjKind::Func(Some(f)), ids::INVALID, f.name.pos);
                        self.objs[id.0 as usize].global = true;
                        self.info.objs.insert(f.name.id, id);
                        self.decl_src.insert(id, (DeclSrc::Func(f), fi));
                        self.packages[self.pkg].funcs.push(id);
                        self.packages[self.pkg].decls.push(id);
                        if f.recv.is_none() {
                            if f.name.name == "init" {
                                self.packages[self.pkg].init_funcs.push(id);
                                if f.body.is_none() {
                                    self.error(f.name.pos, "missing function body");
                                }
                            } else {
                                self.enter_global(&f.name, id);
                            }
                        }
                    }
                    ast::Decl::Gen(g) => self.collect_gen(g, fi),
                }
            }
        }
    }

    fn collect_gen(&mut self, g: &'a ast::GenDecl<'a>, fi: usize) {
        // The last explicit type and values, which implicit const specs repeat.
        let mut last: (Option<&'a ast::Expr<'a>>, &'a [&'a ast::Expr<'a>]) = (None, &[]);
        for spec in g.specs {
            match spec {
                ast::Spec::Value(vs) => {
                    if g.kind == ast::GenKind::Const && !vs.implicit {
                        last = (vs.typ, vs.values);
                    }
                    for (i, name) in vs.names.iter().enumerate() {
                        let src = if g.kind == ast::GenKind::Const {
                            let (typ, values) = if vs.implicit { last } else { (vs.typ, vs.values) };
                            DeclSrc::Const {
                                typ,
                                value: values.get(i).copied(),
                                iota: vs.iota,
                            }
                        } else {
                            DeclSrc::Var { spec: vs }
                        };
                        let kind = if g.kind == ast::GenKind::Const {
                            ObjKind::Const(Value::Int(0.into()))
                        } else {
                            ObjKind::Var
                        };
                        let id = self.new_obj(name.name, kind, ids::INVALID, name.pos);
                        self.objs[id.0 as usize].global = true;
                        self.objs[id.0 as usize].used = true;
                        self.info.objs.insert(name.id, id);
                        self.decl_src.insert(id, (src, fi));
                        self.packages[self.pkg].decls.push(id);
                        if g.kind == ast::GenKind::Var {
                            self.packages[self.pkg].globals.push(id);
                        }
                        self.enter_global(name, id);
                    }
                }
                ast::Spec::Type(ts) => {
                    let id = self.new_obj(ts.name.name, ObjKind::TypeName, ids::INVALID, ts.name.pos);
                    self.objs[id.0 as usize].global = true;
                    self.info.objs.insert(ts.name.id, id);
                    self.decl_src.insert(id, (DeclSrc::Type(ts), fi));
                    self.packages[self.pkg].decls.push(id);
                    self.enter_global(&ts.name, id);
                }
            }
        }
    }

    fn enter_global(&mut self, name: &ast::Ident<'a>, id: ObjId) {
        if name.is_blank() {
            return;
        }
        let scope = &mut self.packages[self.pkg].scope;
        if scope.contains_key(name.name) {
            self.error(name.pos, format!("{} redeclared in this block", name.name));
        } else {
            scope.insert(name.name, id);
        }
    }

    /// A file's scope: the packages it imports, by the name it gives them.
    fn file_imports(&mut self, file: &'a ast::File<'a>) -> HashMap<&'a str, Import<'a>> {
        let mut imports = HashMap::new();
        for imp in file.imports {
            let Some(pi) = self.packages.iter().position(|p| p.path == imp.path) else {
                self.error(imp.pos, format!("package {} is not in std", imp.path));
                continue;
            };
            let pkg_name: &'a str = match &imp.name {
                Some(n) => n.name,
                None => imp.path.rsplit('/').next().unwrap_or(imp.path),
            };
            if pkg_name == "_" {
                continue;
            }
            if pkg_name == "." {
                self.unsupported(imp.pos, "dot imports");
                continue;
            }
            let obj = self.new_obj(pkg_name, ObjKind::Pkg(pi), ids::INVALID, imp.pos);
            let import = Import {
                obj,
                pos: imp.pos,
                path: imp.path,
                used: false,
            };
            imports.insert(pkg_name, import);
        }
        imports
    }

    fn report_unused_imports(&mut self, file: usize) {
        let mut unused: Vec<(Pos, &'a str)> = self.imports[self.pkg][file]
            .values()
            .filter(|i| !i.used)
            .map(|i| (i.pos, i.path))
            .collect();
        unused.sort();
        for (pos, path) in unused {
            self.error(pos, format!("\"{path}\" imported and not used"));
        }
    }

    /// Resolves a package-level object's type (and constant value) if not done yet.
    fn resolve_obj(&mut self, id: ObjId) {
        if self.resolve_instance(id) {
            return;
        }
        let Some(&(src, file)) = self.decl_src.get(&id) else {
            return;
        };
        match self.state.get(&id).copied().unwrap_or(State::Unresolved) {
            State::Resolved => return,
            State::Resolving => {
                if !matches!(src, DeclSrc::Func(_) | DeclSrc::Type(_)) {
                    let o = &self.objs[id.0 as usize];
                    let (pos, name) = (o.pos, o.name);
                    self.error(
                        pos,
                        format!("initialization cycle or invalid recursive reference to {name}"),
                    );
                    self.objs[id.0 as usize].ty = ids::INVALID;
                }
                return;
            }
            State::Unresolved => {}
        }
        self.state.insert(id, State::Resolving);
        // Resolving happens in the declaration's file, whatever triggered it.
        let pkg = self.objs[id.0 as usize].pkg;
        // A declaration may name the next, that one the next, and so on: resolving nests
        // as deep as the chain is long.
        crate::deep(|| {
            self.at_top_level(pkg, file, Some(id), |c| match src {
                DeclSrc::Const { typ, value, iota } => c.resolve_const(id, typ, value, iota),
                DeclSrc::Var { spec } => c.resolve_global_var(id, spec),
                DeclSrc::Type(ts) => c.resolve_type_decl(id, ts),
                DeclSrc::Func(f) => c.resolve_func_sig(id, f),
            })
        });
        self.state.insert(id, State::Resolved);
    }

    fn resolve_const(
        &mut self,
        id: ObjId,
        typ: Option<&'a ast::Expr<'a>>,
        value: Option<&'a ast::Expr<'a>>,
        iota: u32,
    ) {
        let (ty, val) = self.const_value(typ, value, iota, self.objs[id.0 as usize].pos);
        let o = &mut self.objs[id.0 as usize];
        o.ty = ty;
        o.kind = ObjKind::Const(val);
    }

    /// Evaluates a constant declaration's value, converted to its declared type if any.
    fn const_value(
        &mut self,
        typ: Option<&'a ast::Expr<'a>>,
        value: Option<&'a ast::Expr<'a>>,
        iota: u32,
        pos: Pos,
    ) -> (TypeId, Value) {
        let Some(value) = value else {
            self.error(pos, "missing init expr for const declaration");
            return (ids::INVALID, Value::Int(0.into()));
        };
        let saved = self.iota.replace(iota);
        let mut x = self.expr(value);
        self.iota = saved;
        if let Some(t) = typ {
            let t = self.type_expr(t);
            self.assign_to(&mut x, t, value, "constant declaration");
        }
        match x.mode {
            Mode::Const(v) => (x.ty, v),
            _ => {
                if x.ty != ids::INVALID {
                    let s = self.expr_str(value);
                    self.error(
                        value.pos,
                        format!("{s} (value of type {}) is not constant", self.types.local_name(x.ty)),
                    );
                }
                (ids::INVALID, Value::Int(0.into()))
            }
        }
    }

    fn resolve_global_var(&mut self, id: ObjId, spec: &'a ast::ValueSpec<'a>) {
        let declared = spec.typ.map(|t| self.type_expr(t));
        let lhs: Vec<ObjId> = spec.names.iter().map(|n| self.info.objs[&n.id]).collect();
        if spec.values.is_empty() {
            for &o in &lhs {
                self.objs[o.0 as usize].ty = declared.unwrap_or(ids::INVALID);
                self.state.insert(o, State::Resolved);
            }
            return;
        }
        // One initialiser for several names (`var a, b = f()`) is checked once, for all.
        let types = self.init_vars(
            lhs.len(),
            declared,
            spec.values,
            spec.names[0].pos,
            "variable declaration",
        );
        for (i, &o) in lhs.iter().enumerate() {
            self.objs[o.0 as usize].ty = types.get(i).copied().unwrap_or(ids::INVALID);
            self.state.insert(o, State::Resolved);
            if o != id {
                self.deps.insert(o, self.deps.get(&id).cloned().unwrap_or_default());
            }
        }
        let pkg = &mut self.packages[self.pkg];
        if spec.values.len() == lhs.len() {
            for (o, v) in lhs.iter().zip(spec.values) {
                pkg.inits.push(VarInit { lhs: vec![*o], rhs: v });
            }
        } else {
            pkg.inits.push(VarInit {
                lhs: lhs.clone(),
                rhs: spec.values[0],
            });
        }
    }

    fn resolve_type_decl(&mut self, id: ObjId, ts: &'a ast::TypeSpec<'a>) {
        if ts.alias {
            let t = self.type_expr(ts.typ);
            self.objs[id.0 as usize].ty = t;
            return;
        }
        let pkg_name = self.packages[self.pkg].name.clone();
        let named = self
            .types
            .new_named(format!("{pkg_name}.{}", ts.name.name), ts.name.pos);
        self.objs[id.0 as usize].ty = named;
        let generic = !ts.tparams.is_empty();
        if generic {
            self.open_scope();
            let tps = self.declare_tparams(ts.tparams);
            if let Some(n) = self.types.named_mut(named) {
                n.tparams = tps;
            }
        }
        let under = self.type_expr(ts.typ);
        let mut under = self.types.under(under);
        if generic {
            self.scopes.pop();
        }
        // A type that holds itself (not through a pointer, slice, map, channel,
        // function or interface) would have no size; Go rejects it, and nothing after
        // may walk it.
        match self.types.holds(under, named, &self.settled_types) {
            _ if generic => {}
            Holds::Itself { directly } => {
                let name = ts.name.name;
                let msg = if directly {
                    format!("invalid recursive type: {name} refers to itself")
                } else {
                    format!("invalid recursive type {name}")
                };
                self.error(ts.name.pos, msg);
                under = ids::INVALID;
            }
            Holds::Not { settled: true } => {
                self.settled_types.insert(named);
            }
            Holds::Not { settled: false } => {}
        }
        if let Some(n) = self.types.named_mut(named) {
            n.underlying = under;
        }
        self.collect_methods(id, named);
        if generic {
            self.generic_type_ready(named);
        }
    }

    /// Attaches the methods declared on a named type to it.
    fn collect_methods(&mut self, type_obj: ObjId, named: TypeId) {
        let n = match self.types.get(named) {
            Type::Named(n) => *n as usize,
            _ => return,
        };
        let tname = self.objs[type_obj.0 as usize].name;
        let funcs = self.packages[self.pkg].funcs.clone();
        for f in funcs {
            let ObjKind::Func(Some(decl)) = self.objs[f.0 as usize].kind else {
                continue;
            };
            let Some(recv) = decl.recv else { continue };
            let Some(field) = recv.first() else { continue };
            let (base, ptr) = match &field.typ.unparen().kind {
                ast::ExprKind::Star(inner) => (inner.unparen(), true),
                _ => (field.typ.unparen(), false),
            };
            let base = match &base.kind {
                ast::ExprKind::Index(x, _) => x,
                _ => base,
            };
            let ast::ExprKind::Ident(b) = &base.kind else {
                continue;
            };
            if b.name != tname {
                continue;
            }
            let mname = decl.name.name;
            if let Some(under_fields) = self.struct_fields(named)
                && under_fields.iter().any(|fl| fl.name == mname)
            {
                self.error(decl.name.pos, format!("field and method with the same name {mname}"));
                continue;
            }
            if self.types.named[n].methods.iter().any(|m| m.0 == mname) {
                self.error(decl.name.pos, format!("method {tname}.{mname} already declared"));
                continue;
            }
            if mname != "_" {
                self.types.named[n].methods.push((mname.to_string(), f.0 as usize, ptr));
                // Interface dispatch may call any method of a type the program uses.
                self.reach(f);
            }
        }
    }

    fn struct_fields(&self, t: TypeId) -> Option<Vec<super::types::Field>> {
        match self.types.under_type(t) {
            Type::Struct(f) => Some(f.clone()),
            _ => None,
        }
    }

    fn resolve_func_sig(&mut self, id: ObjId, f: &'a ast::FuncDecl<'a>) {
        // Type parameters, the function's own or its generic receiver's, are in scope in
        // the signature.
        self.open_scope();
        let (tps, generic_recv) = match f.recv {
            Some(recv) => match self.receiver_tparams(recv) {
                Some((tps, t)) => (Some(tps), Some(t)),
                None => (None, None),
            },
            None if !f.tparams.is_empty() => (Some(self.declare_tparams(f.tparams)), None),
            None => (None, None),
        };
        if let Some(tps) = tps {
            self.generic.insert(id, tps);
        }
        let mut params = Vec::new();
        if let Some(recv) = f.recv {
            for field in recv {
                let t = match generic_recv {
                    Some(t) => t,
                    None => self.type_expr(field.typ),
                };
                params.push(t);
                let base = match self.types.get(t) {
                    Type::Pointer(e) => *e,
                    _ => t,
                };
                if (!self.types.is_named(base)
                    || self.types.is_interface(base)
                    || matches!(self.types.under_type(base), Type::Pointer(_)))
                    && base != ids::INVALID
                {
                    let s = self.types.local_name(t);
                    self.error(field.typ.pos, format!("invalid receiver type {s}"));
                }
            }
        }
        let sig = self.func_type(f.typ, params);
        self.scopes.pop();
        self.objs[id.0 as usize].ty = sig;
        if f.recv.is_none()
            && (f.name.name == "init" || (f.name.name == "main" && self.packages[self.pkg].name == "main"))
        {
            let s = self.types.sig(sig).cloned();
            if let Some(s) = s
                && (!s.params.is_empty() || !s.results.is_empty())
            {
                self.error(
                    f.name.pos,
                    format!("func {} must have no arguments and no return values", f.name.name),
                );
            }
        }
    }

    /// Checks every function body of a file.
    fn check_bodies(&mut self, file: &'a ast::File<'a>) {
        for decl in file.decls {
            if let ast::Decl::Func(f) = decl {
                let id = self.info.objs[&f.name.id];
                self.cur_decl = Some(id);
                self.check_func_decl(id, f);
                self.cur_decl = None;
            }
        }
        if self.packages[self.pkg].needs_main
            && self.packages[self.pkg].name == "main"
            && self.packages[self.pkg].scope.get("main").is_none()
            && std::ptr::eq(file, *self.packages[self.pkg].files.last().expect("a file"))
        {
            self.error(Pos::NONE, "function main is undeclared in the main package");
        }
    }

    /// Checks a declared function's body, if it has one.
    fn check_func_decl(&mut self, id: ObjId, f: &'a ast::FuncDecl<'a>) {
        let Some(body) = self.body_of(f) else { return };
        let sig = self.objs[id.0 as usize].ty;
        self.open_scope();
        if let Some(tps) = self.generic.get(&id).cloned() {
            self.bind_tparams(&Self::tparam_names(f), &tps);
        }
        self.func_body(f.recv, f.typ, sig, body, None);
        self.scopes.pop();
    }

    /// A declared function's body, parsed now if its file was only skimmed.
    fn body_of(&mut self, f: &'a ast::FuncDecl<'a>) -> Option<&'a ast::Block<'a>> {
        let body = f.body?;
        Some(super::parse::parse_body(
            self.arena,
            body,
            &mut self.next_node,
            &mut self.diags,
        ))
    }

    /// Records that the declaration being checked depends on a package-level object.
    fn note_dep(&mut self, obj: ObjId) {
        if let Some(cur) = self.cur_decl {
            self.deps.entry(cur).or_default().push(obj);
        }
    }

    /// Orders the package variables' initialisation: in declaration order, except that a
    /// variable waits for the variables its initialiser depends on (through functions too).
    fn order_inits(&mut self) {
        let inits = std::mem::take(&mut self.packages[self.pkg].inits);
        let mut done: hashbrown::HashSet<ObjId> = hashbrown::HashSet::new();
        let mut ordered = Vec::new();
        let mut pending: Vec<VarInit<'a>> = inits;
        while !pending.is_empty() {
            let pos = pending
                .iter()
                .position(|init| {
                    let mut seen = hashbrown::HashSet::new();
                    init.lhs
                        .iter()
                        .all(|&o| self.var_deps_done(o, &done, &mut seen, &init.lhs))
                })
                .unwrap_or(0);
            let init = pending.remove(pos);
            done.extend(init.lhs.iter().copied());
            ordered.push(init);
        }
        self.packages[self.pkg].inits = ordered;
    }

    fn var_deps_done(
        &self,
        o: ObjId,
        done: &hashbrown::HashSet<ObjId>,
        seen: &mut hashbrown::HashSet<ObjId>,
        selfs: &[ObjId],
    ) -> bool {
        let Some(deps) = self.deps.get(&o) else {
            return true;
        };
        for &d in deps {
            if !seen.insert(d) {
                continue;
            }
            let od = &self.objs[d.0 as usize];
            if od.pkg != self.pkg {
                continue;
            }
            match od.kind {
                ObjKind::Var if od.global && !done.contains(&d) && !selfs.contains(&d) => return false,
                ObjKind::Func(_) if !self.var_deps_done(d, done, seen, selfs) => return false,
                _ => {}
            }
        }
        true
    }
}

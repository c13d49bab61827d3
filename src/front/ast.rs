//! The syntax tree, allocated in a bumpalo arena.
//!
//! Every node borrows from the arena (`'a`), so a parsed program is freed at once with it.
//! Expressions and identifiers carry a [`NodeId`]: the checker records what it learns (types,
//! constant values, what a name refers to) in side tables indexed by it, keeping the tree
//! itself immutable and shared. The one exception is a library function's body, which is
//! parsed only when the checker reaches it (see [`Body`]).

use super::source::Pos;
use super::token::Tok;

/// Index of an identifier or expression in the checker's side tables. Unique per program.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

#[derive(Copy, Clone, Debug)]
pub struct Ident<'a> {
    pub name: &'a str,
    pub pos: Pos,
    pub id: NodeId,
}

impl Ident<'_> {
    pub fn is_blank(&self) -> bool {
        self.name == "_"
    }
}

/// One source file.
#[derive(Debug)]
pub struct File<'a> {
    pub package: Ident<'a>,
    pub imports: &'a [ImportSpec<'a>],
    /// Every top-level declaration except imports, in source order.
    pub decls: &'a [Decl<'a>],
}

#[derive(Debug)]
pub struct ImportSpec<'a> {
    /// `import name "path"`; `.` and `_` are kept as names.
    pub name: Option<Ident<'a>>,
    /// The path with its quotes removed.
    pub path: &'a str,
    pub pos: Pos,
}

#[derive(Copy, Clone, Debug)]
pub enum Decl<'a> {
    Func(&'a FuncDecl<'a>),
    Gen(&'a GenDecl<'a>),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum GenKind {
    Const,
    Var,
    Type,
}

/// `const`, `var` or `type`, with one spec or a parenthesised group.
#[derive(Debug)]
pub struct GenDecl<'a> {
    pub kind: GenKind,
    pub specs: &'a [Spec<'a>],
}

#[derive(Debug)]
pub enum Spec<'a> {
    Value(ValueSpec<'a>),
    Type(TypeSpec<'a>),
}

/// `names [typ] [= values]`. In a const group a spec without type and values repeats the
/// previous spec's: the parser leaves `typ`/`values` empty and sets `implicit`, and the
/// checker reuses the earlier expressions with this spec's `iota`.
#[derive(Debug)]
pub struct ValueSpec<'a> {
    pub names: &'a [Ident<'a>],
    pub typ: Option<&'a Expr<'a>>,
    pub values: &'a [&'a Expr<'a>],
    /// Index of the spec within its const group (0 outside const groups).
    pub iota: u32,
    pub implicit: bool,
}

#[derive(Debug)]
pub struct TypeSpec<'a> {
    pub name: Ident<'a>,
    pub tparams: &'a [Field<'a>],
    /// `type A = B`
    pub alias: bool,
    pub typ: &'a Expr<'a>,
}

#[derive(Debug)]
pub struct FuncDecl<'a> {
    pub pos: Pos,
    /// The receiver, a list of one field.
    pub recv: Option<&'a [Field<'a>]>,
    pub name: Ident<'a>,
    pub tparams: &'a [Field<'a>],
    pub typ: &'a FuncType<'a>,
    pub body: Option<&'a Body<'a>>,
}

/// A function declaration's body. Library packages' bodies are only skimmed when their
/// file is parsed (their braces matched) and parsed when the checker first reaches them:
/// a program uses a small part of the library, and parsing all of it would be most of
/// its start-up.
#[derive(Debug)]
pub struct Body<'a> {
    /// The source text from `{` to `}`.
    pub src: &'a str,
    /// The position of `{`.
    pub pos: Pos,
    block: std::cell::Cell<Option<&'a Block<'a>>>,
}

impl<'a> Body<'a> {
    pub fn new(src: &'a str, pos: Pos, block: Option<&'a Block<'a>>) -> Body<'a> {
        Body {
            src,
            pos,
            block: std::cell::Cell::new(block),
        }
    }

    /// The parsed block, once it is.
    pub fn block(&self) -> Option<&'a Block<'a>> {
        self.block.get()
    }

    pub fn set_block(&self, b: &'a Block<'a>) {
        self.block.set(Some(b));
    }
}

#[derive(Debug)]
pub struct FuncType<'a> {
    pub params: &'a [Field<'a>],
    pub results: &'a [Field<'a>],
}

/// A parameter, result, struct field or type parameter: `a, b T`, or `T` alone when
/// `names` is empty. A variadic parameter's `typ` is an [`ExprKind::Ellipsis`].
#[derive(Debug)]
pub struct Field<'a> {
    pub names: &'a [Ident<'a>],
    pub typ: &'a Expr<'a>,
    /// Struct tag as written, quotes included (the checker decodes it).
    pub tag: Option<&'a str>,
}

#[derive(Debug)]
pub struct Expr<'a> {
    pub pos: Pos,
    pub id: NodeId,
    pub kind: ExprKind<'a>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum LitKind {
    Int,
    Float,
    Imag,
    Char,
    String,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ChanDir {
    Both,
    Send,
    Recv,
}

#[derive(Debug)]
pub enum ExprKind<'a> {
    Ident(Ident<'a>),
    /// A literal exactly as written (quotes, prefixes and `_` included).
    BasicLit {
        kind: LitKind,
        raw: &'a str,
    },
    /// `T{elts}`; `typ` is None for elided types inside another composite literal.
    CompositeLit {
        typ: Option<&'a Expr<'a>>,
        elts: &'a [&'a Expr<'a>],
        rbrace: Pos,
    },
    /// `key: value` inside a composite literal.
    KeyValue {
        key: &'a Expr<'a>,
        value: &'a Expr<'a>,
    },
    FuncLit {
        typ: &'a FuncType<'a>,
        body: &'a Block<'a>,
    },
    Paren(&'a Expr<'a>),
    Selector(&'a Expr<'a>, Ident<'a>),
    /// `x[i]`, or `f[T1, T2]` (an instantiation) with several indices.
    Index(&'a Expr<'a>, &'a [&'a Expr<'a>]),
    Slice {
        x: &'a Expr<'a>,
        lo: Option<&'a Expr<'a>>,
        hi: Option<&'a Expr<'a>>,
        max: Option<&'a Expr<'a>>,
        /// `x[a:b:c]` form.
        three: bool,
    },
    /// `x.(T)`; `typ` is None for `x.(type)` in a type switch.
    TypeAssert {
        x: &'a Expr<'a>,
        typ: Option<&'a Expr<'a>>,
    },
    Call {
        fun: &'a Expr<'a>,
        args: &'a [&'a Expr<'a>],
        /// Position of a trailing `...`.
        ellipsis: Option<Pos>,
        /// Where gc reports errors about the call as a whole.
        lparen: Pos,
        rparen: Pos,
    },
    /// `*x`: a dereference or a pointer type.
    Star(&'a Expr<'a>),
    /// `op x` for `+ - ! ^ & <-` (and `~` in constraints).
    Unary {
        op: Tok,
        x: &'a Expr<'a>,
    },
    Binary {
        op: Tok,
        x: &'a Expr<'a>,
        y: &'a Expr<'a>,
    },
    /// `[len]elem`; `len` None is a slice type; `[...]T` has len `Ellipsis(None)`.
    ArrayType {
        len: Option<&'a Expr<'a>>,
        elem: &'a Expr<'a>,
    },
    /// `...T` in a parameter list, or `...` as an array length.
    Ellipsis(Option<&'a Expr<'a>>),
    StructType {
        fields: &'a [Field<'a>],
    },
    FuncType(&'a FuncType<'a>),
    InterfaceType {
        elems: &'a [InterfaceElem<'a>],
    },
    MapType {
        key: &'a Expr<'a>,
        value: &'a Expr<'a>,
    },
    ChanType {
        dir: ChanDir,
        elem: &'a Expr<'a>,
    },
    /// Where the parser recovered from an error.
    Bad,
}

#[derive(Debug)]
pub enum InterfaceElem<'a> {
    Method {
        name: Ident<'a>,
        typ: &'a FuncType<'a>,
    },
    /// An embedded interface, or a type-set term list `~int | string` (a Binary `|` tree).
    Embed(&'a Expr<'a>),
}

#[derive(Debug)]
pub struct Block<'a> {
    pub lbrace: Pos,
    pub stmts: &'a [Stmt<'a>],
    pub rbrace: Pos,
}

#[derive(Debug)]
pub struct Stmt<'a> {
    pub pos: Pos,
    pub kind: StmtKind<'a>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BranchKind {
    Break,
    Continue,
    Goto,
    Fallthrough,
}

#[derive(Debug)]
pub enum StmtKind<'a> {
    Decl(&'a GenDecl<'a>),
    Empty,
    Labeled {
        label: Ident<'a>,
        stmt: &'a Stmt<'a>,
    },
    Expr(&'a Expr<'a>),
    Send {
        ch: &'a Expr<'a>,
        value: &'a Expr<'a>,
    },
    IncDec {
        x: &'a Expr<'a>,
        inc: bool,
    },
    /// `lhs op rhs` where `op` is `=`, `:=` or an op-assignment such as `+=`.
    Assign {
        lhs: &'a [&'a Expr<'a>],
        op: Tok,
        rhs: &'a [&'a Expr<'a>],
    },
    Go(&'a Expr<'a>),
    Defer(&'a Expr<'a>),
    Return(&'a [&'a Expr<'a>]),
    Branch {
        kind: BranchKind,
        label: Option<Ident<'a>>,
    },
    Block(&'a Block<'a>),
    If {
        init: Option<&'a Stmt<'a>>,
        cond: &'a Expr<'a>,
        then: &'a Block<'a>,
        /// An `If` statement or a `Block` statement.
        els: Option<&'a Stmt<'a>>,
    },
    Switch {
        init: Option<&'a Stmt<'a>>,
        tag: Option<&'a Expr<'a>>,
        clauses: &'a [CaseClause<'a>],
    },
    /// `switch [init;] [bind :=] x.(type) { ... }`
    TypeSwitch {
        init: Option<&'a Stmt<'a>>,
        bind: Option<Ident<'a>>,
        x: &'a Expr<'a>,
        clauses: &'a [CaseClause<'a>],
    },
    Select {
        clauses: &'a [CommClause<'a>],
    },
    For {
        init: Option<&'a Stmt<'a>>,
        cond: Option<&'a Expr<'a>>,
        post: Option<&'a Stmt<'a>>,
        body: &'a Block<'a>,
    },
    /// `for [key [, value] (:= | =)] range x { ... }`; `op` is `Tok::Define`, `Tok::Assign`,
    /// or `Tok::Illegal` when there are no iteration variables.
    Range {
        key: Option<&'a Expr<'a>>,
        value: Option<&'a Expr<'a>>,
        op: Tok,
        x: &'a Expr<'a>,
        body: &'a Block<'a>,
    },
}

/// `case a, b:` (or `default:` when `exprs` is None) and its statements. In a type switch
/// the expressions are types (`nil` included).
#[derive(Debug)]
pub struct CaseClause<'a> {
    pub pos: Pos,
    pub exprs: Option<&'a [&'a Expr<'a>]>,
    pub body: &'a [Stmt<'a>],
}

/// `case comm:` in a select; `comm` None is `default:`. `comm` is a Send, an Expr
/// statement holding a receive, or an Assign whose right side is a receive.
#[derive(Debug)]
pub struct CommClause<'a> {
    pub pos: Pos,
    pub comm: Option<&'a Stmt<'a>>,
    pub body: &'a [Stmt<'a>],
}

impl<'a> Expr<'a> {
    /// The expression with any parentheses removed.
    pub fn unparen(&'a self) -> &'a Expr<'a> {
        let mut e = self;
        while let ExprKind::Paren(inner) = &e.kind {
            e = inner;
        }
        e
    }

    /// Whether evaluating the expression may call a function or receive from a channel,
    /// which makes `len` of an array it denotes not a constant, and a range over it
    /// evaluated even for its indexes alone.
    pub fn has_call(&self) -> bool {
        match &self.kind {
            ExprKind::Call { .. }
            | ExprKind::Unary {
                op: crate::front::token::Tok::Arrow,
                ..
            } => true,
            ExprKind::Paren(x) | ExprKind::Star(x) | ExprKind::Selector(x, _) => x.has_call(),
            ExprKind::Index(x, i) => x.has_call() || i.iter().any(|i| i.has_call()),
            _ => false,
        }
    }
}

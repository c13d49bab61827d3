//! The parser: tokens to the arena-allocated syntax tree, for the whole Go 1.22 grammar.
//!
//! It is a recursive-descent parser shaped like the Go compiler's own
//! (cmd/compile/internal/syntax), so that syntax errors come out with gc's wording and at
//! gc's positions: `syntax error: unexpected X, expected Y`, at most one per line, and after
//! an error the parser skips to a token that can resume the current construct.
//!
//! Robustness: every loop either consumes a token or stops, nesting deeper than
//! [`MAX_DEPTH`] aborts the parse with an error instead of exhausting the Rust stack, and
//! after [`MAX_ERRORS`] errors the rest of the file is skipped (gc stops there too).
//!
//! Positions: an expression's or statement's `pos` is where it starts (its leftmost token),
//! which is where the type checker reports most errors.

use bumpalo::Bump;

use super::ast::*;
use super::diag::{Diagnostics, MAX_ERRORS};
use super::lex::{Lexer, Token};
use super::source::Pos;
use super::token::Tok;

/// Deeper nesting of expressions, types or statements is rejected rather than risking the
/// Rust stack. Measured in units of one expression or type level; a statement level uses
/// [`STMT_DEPTH`] units because its frames are several times larger. The limits keep the
/// deepest parse within about 1 MB of stack even in debug builds.
const MAX_DEPTH: u32 = 500;
const STMT_DEPTH: u32 = 4;

/// How a file's function bodies are parsed.
#[derive(Copy, Clone, PartialEq, Eq)]
pub enum Bodies {
    /// With the file.
    Parse,
    /// Only skimmed, to be parsed by [`parse_body`] when needed (library code).
    Skim,
}

/// Parses one file whose first byte has position `base`.
pub fn parse_file<'a>(
    arena: &'a Bump,
    text: &'a str,
    base: u32,
    bodies: Bodies,
    next_id: &mut u32,
    diags: &mut Diagnostics,
) -> &'a File<'a> {
    let mut p = Parser::new(arena, text, base, bodies, next_id, diags);
    let file = p.file();
    arena.alloc(file)
}

/// Parses a function body that was skimmed, if it is not parsed yet, and gives it.
pub fn parse_body<'a>(arena: &'a Bump, body: &Body<'a>, next_id: &mut u32, diags: &mut Diagnostics) -> &'a Block<'a> {
    if let Some(b) = body.block() {
        return b;
    }
    let mut p = Parser::new(arena, body.src, body.pos.0, Bodies::Parse, next_id, diags);
    let b = p.func_body();
    body.set_block(b);
    b
}

struct Parser<'a, 'd> {
    arena: &'a Bump,
    bodies: Bodies,
    lx: Lexer<'a>,
    tok: Token<'a>,
    next_id: &'d mut u32,
    diags: &'d mut Diagnostics,
    /// Diagnostics from earlier files, not counted against this one.
    errors_before: usize,
    base: u32,
    /// The text parsed, for the line numbers of errors.
    text: &'a str,
    /// gc reports at most one syntax error per line.
    last_syntax_line: Option<usize>,
    /// Function nesting: inside a body, statement keywords are recovery points.
    fnest: u32,
    /// Expression nesting; negative in an `if`/`for`/`switch` header, where `T {` opens the
    /// body instead of a composite literal.
    xnest: i32,
    depth: u32,
}

/// A parameter before the types of a list are distributed over its names.
struct Param<'a> {
    name: Option<Ident<'a>>,
    typ: Option<&'a Expr<'a>>,
}

/// `[` after a name in a parameter list or struct: an array type or type arguments.
enum ArrayOrArgs<'a> {
    Array(&'a Expr<'a>),
    Args(Vec<&'a Expr<'a>>),
}

/// What a simple statement turned out to be.
enum Simple<'a> {
    /// An ordinary statement and the position of its operator (`:=`, `=`, `++`, `<-`),
    /// where gc reports errors about it.
    Stmt(Stmt<'a>, Pos),
    /// A `for` range clause.
    Range {
        key: Option<&'a Expr<'a>>,
        value: Option<&'a Expr<'a>>,
        op: Tok,
        x: &'a Expr<'a>,
    },
}

/// The parts of an `if`, `for` or `switch` header.
#[derive(Default)]
struct Header<'a> {
    init: Option<&'a Stmt<'a>>,
    cond: Option<(Stmt<'a>, Pos)>,
    post: Option<&'a Stmt<'a>>,
    range: Option<Simple<'a>>,
}

const STMT_KEYWORDS: [Tok; 14] = [
    Tok::Break,
    Tok::Const,
    Tok::Continue,
    Tok::Defer,
    Tok::Fallthrough,
    Tok::For,
    Tok::Go,
    Tok::Goto,
    Tok::If,
    Tok::Return,
    Tok::Select,
    Tok::Switch,
    Tok::Type,
    Tok::Var,
];

fn is_literal(t: Tok) -> bool {
    matches!(t, Tok::Int | Tok::Float | Tok::Imag | Tok::Char | Tok::String)
}

/// A token kind as gc names it in "expected ..." messages.
fn tokstring(t: Tok) -> String {
    match t {
        Tok::Comma => "comma".into(),
        Tok::Semicolon => "semicolon or newline".into(),
        _ if t.is_keyword() => format!("keyword {}", t.as_str()),
        _ => t.as_str().into(),
    }
}

// ---------------------------------------------------------------------------------------
// Tokens, nodes and errors

impl<'a> Parser<'a, '_> {
    fn next(&mut self) {
        if self.diags.list.len() - self.errors_before > MAX_ERRORS {
            // gc gives up after this many errors; skipping the rest also bounds the work
            // spent on garbage input.
            self.lx.finish();
        }
        self.tok = self.lx.next(self.diags);
    }

    fn at(&self, t: Tok) -> bool {
        self.tok.tok == t
    }

    fn pos(&self) -> Pos {
        self.tok.pos
    }

    fn got(&mut self, t: Tok) -> bool {
        if self.at(t) {
            self.next();
            return true;
        }
        false
    }

    fn want(&mut self, t: Tok) {
        if !self.got(t) {
            self.syntax_error(&format!("expected {}", tokstring(t)));
            self.advance(&[]);
        }
    }

    /// Skips tokens up to one in `follow` (or a statement keyword inside a function body).
    /// With an empty `follow` exactly one token is skipped, which guarantees progress.
    fn advance(&mut self, follow: &[Tok]) {
        if follow.is_empty() {
            if !self.at(Tok::Eof) {
                self.next();
            }
            return;
        }
        while !self.at_follow(follow) {
            self.next();
        }
    }

    fn at_follow(&self, follow: &[Tok]) -> bool {
        let t = self.tok.tok;
        t == Tok::Eof || follow.contains(&t) || (self.fnest > 0 && STMT_KEYWORDS.contains(&t))
    }

    fn id(&mut self) -> NodeId {
        let id = NodeId(*self.next_id);
        *self.next_id = self.next_id.wrapping_add(1);
        id
    }

    fn expr(&mut self, pos: Pos, kind: ExprKind<'a>) -> &'a Expr<'a> {
        let id = self.id();
        self.arena.alloc(Expr { pos, id, kind })
    }

    fn bad(&mut self, pos: Pos) -> &'a Expr<'a> {
        self.expr(pos, ExprKind::Bad)
    }

    fn ident(&mut self, name: &'a str, pos: Pos) -> Ident<'a> {
        Ident {
            name,
            pos,
            id: self.id(),
        }
    }

    fn ident_expr(&mut self, n: Ident<'a>) -> &'a Expr<'a> {
        self.expr(n.pos, ExprKind::Ident(n))
    }

    fn exprs(&self, v: Vec<&'a Expr<'a>>) -> &'a [&'a Expr<'a>] {
        self.arena.alloc_slice_copy(&v)
    }

    fn stmt(&self, s: Stmt<'a>) -> &'a Stmt<'a> {
        self.arena.alloc(s)
    }

    fn any_error(&self) -> bool {
        self.diags.list.len() > self.errors_before
    }

    /// The line of an error (errors are rare: counting is cheaper than a line table).
    fn line_of(&self, pos: Pos) -> usize {
        let off = (pos.0.saturating_sub(self.base) as usize).min(self.text.len());
        1 + self.text.as_bytes()[..off].iter().filter(|&&b| b == b'\n').count()
    }

    /// An error without the "syntax error: " prefix.
    fn error_at(&mut self, pos: Pos, msg: impl Into<String>) {
        self.diags.error(pos, msg);
    }

    fn syntax_error(&mut self, msg: &str) {
        self.syntax_error_at(self.pos(), msg);
    }

    /// Reports a syntax error as gc words it: a message starting with "in", "at" or
    /// "after" follows the unexpected token, one starting with "expected" follows it after
    /// a comma, and any other message stands alone.
    fn syntax_error_at(&mut self, pos: Pos, msg: &str) {
        if self.at(Tok::Eof) && self.any_error() {
            return; // avoid meaningless follow-up errors
        }
        let text = if msg.starts_with("in ") || msg.starts_with("at ") || msg.starts_with("after ") {
            format!("syntax error: unexpected {} {msg}", self.describe())
        } else if msg.starts_with("expected ") {
            format!("syntax error: unexpected {}, {msg}", self.describe())
        } else if msg.is_empty() {
            format!("syntax error: unexpected {}", self.describe())
        } else {
            format!("syntax error: {msg}")
        };
        let line = self.line_of(pos);
        if self.last_syntax_line == Some(line) {
            return;
        }
        self.last_syntax_line = Some(line);
        self.diags.error(pos, text);
    }

    /// The current token as gc describes it in errors.
    fn describe(&self) -> String {
        let t = self.tok.tok;
        match t {
            Tok::Ident => format!("name {}", self.tok.text),
            Tok::Semicolon => self.tok.text.to_string(),
            _ if is_literal(t) => format!("literal {}", self.tok.text),
            _ => tokstring(t),
        }
    }

    /// Enters a nested construct costing `cost` depth units; false (after reporting and
    /// skipping the rest of the file) when nesting is too deep.
    fn enter(&mut self, cost: u32) -> bool {
        self.depth += cost;
        if self.depth > MAX_DEPTH {
            self.depth -= cost;
            if !self.at(Tok::Eof) {
                self.error_at(self.pos(), "exceeded max nesting depth");
                self.lx.finish();
                self.tok.tok = Tok::Eof;
            }
            return false;
        }
        true
    }

    fn leave(&mut self, cost: u32) {
        self.depth -= cost;
    }

    /// Parses `open? elem { sep elem } [sep] close` (the opening token already consumed),
    /// calling `elem` for each element until it returns true. Returns the position of
    /// `close`.
    fn list(&mut self, context: &str, sep: Tok, close: Tok, elem: &mut dyn FnMut(&mut Self) -> bool) -> Pos {
        let mut done = false;
        while !self.at(Tok::Eof) && !self.at(close) && !done {
            done = elem(self);
            if !self.got(sep) && !self.at(close) {
                let msg = format!(
                    "in {context}; possibly missing {} or {}",
                    tokstring(sep),
                    tokstring(close)
                );
                self.syntax_error(&msg);
                self.advance(&[Tok::RParen, Tok::RBrack, Tok::RBrace]);
                if !self.at(close) {
                    return self.pos();
                }
            }
        }
        let pos = self.pos();
        self.want(close);
        pos
    }

    /// An optional literal token: (kind, raw text, position).
    fn oliteral(&mut self) -> Option<(Tok, &'a str, Pos)> {
        if !is_literal(self.tok.tok) {
            return None;
        }
        let lit = (self.tok.tok, self.tok.text, self.pos());
        self.next();
        Some(lit)
    }

    fn name(&mut self) -> Ident<'a> {
        let pos = self.pos();
        if self.at(Tok::Ident) {
            let text = self.tok.text;
            self.next();
            return self.ident(text, pos);
        }
        self.syntax_error("expected name");
        self.advance(&[]);
        self.ident("_", pos)
    }

    fn name_list(&mut self, first: Ident<'a>) -> Vec<Ident<'a>> {
        let mut names = vec![first];
        while self.got(Tok::Comma) {
            names.push(self.name());
        }
        names
    }
}

/// The text inside a string literal's quotes.
fn unquote(raw: &str) -> &str {
    let inner = raw.get(1..).unwrap_or("");
    match inner.char_indices().last() {
        Some((i, c)) if c == '"' || c == '`' => &inner[..i],
        _ => inner,
    }
}

// ---------------------------------------------------------------------------------------
// Declarations

impl<'a> Parser<'a, '_> {
    fn file(&mut self) -> File<'a> {
        let mut imports = Vec::new();
        let mut decls = Vec::new();
        let pkg_pos = self.pos();
        if !self.got(Tok::Package) {
            self.syntax_error("package statement must be first");
            let package = self.ident("_", pkg_pos);
            return self.make_file(package, imports, decls);
        }
        let package = self.name();
        self.want(Tok::Semicolon);
        if self.any_error() {
            return self.make_file(package, imports, decls); // gc gives up here too
        }
        let mut prev = Tok::Import;
        while !self.at(Tok::Eof) {
            if self.at(Tok::Import) && prev != Tok::Import {
                self.syntax_error("imports must appear before other declarations");
            }
            prev = self.tok.tok;
            match self.tok.tok {
                Tok::Import => {
                    self.next();
                    self.import_decl(&mut imports);
                }
                Tok::Const | Tok::Var | Tok::Type => {
                    let d = self.gen_decl();
                    decls.push(Decl::Gen(d));
                }
                Tok::Func => {
                    let d = self.func_decl();
                    decls.push(Decl::Func(d));
                }
                _ => {
                    let bodiless = matches!(decls.last(), Some(Decl::Func(f)) if f.body.is_none());
                    if self.at(Tok::LBrace) && bodiless {
                        self.syntax_error("unexpected semicolon or newline before {");
                    } else {
                        self.syntax_error("non-declaration statement outside function body");
                    }
                    self.advance(&[Tok::Import, Tok::Const, Tok::Type, Tok::Var, Tok::Func]);
                    continue;
                }
            }
            if !self.at(Tok::Eof) && !self.got(Tok::Semicolon) {
                self.syntax_error("after top level declaration");
                self.advance(&[Tok::Import, Tok::Const, Tok::Type, Tok::Var, Tok::Func]);
            }
        }
        self.make_file(package, imports, decls)
    }

    fn make_file(&self, package: Ident<'a>, imports: Vec<ImportSpec<'a>>, decls: Vec<Decl<'a>>) -> File<'a> {
        File {
            package,
            imports: self.arena.alloc_slice_fill_iter(imports),
            decls: self.arena.alloc_slice_copy(&decls),
        }
    }

    /// `import spec` or `import ( specs )`, after the keyword.
    fn import_decl(&mut self, out: &mut Vec<ImportSpec<'a>>) {
        if self.got(Tok::LParen) {
            self.list("grouped declaration", Tok::Semicolon, Tok::RParen, &mut |p| {
                if let Some(s) = p.import_spec() {
                    out.push(s);
                }
                false
            });
        } else if let Some(s) = self.import_spec() {
            out.push(s);
        }
    }

    fn import_spec(&mut self) -> Option<ImportSpec<'a>> {
        let pos = self.pos();
        let name = match self.tok.tok {
            Tok::Ident => Some(self.name()),
            Tok::Period => {
                self.next();
                Some(self.ident(".", pos))
            }
            _ => None,
        };
        let Some((kind, raw, lit_pos)) = self.oliteral() else {
            self.syntax_error("missing import path");
            self.advance(&[Tok::Semicolon, Tok::RParen]);
            return None;
        };
        if kind != Tok::String {
            self.syntax_error_at(lit_pos, "import path must be a string");
            return None;
        }
        let path = self.arena.alloc_str(unquote(raw));
        Some(ImportSpec { name, path, pos })
    }

    /// A `const`, `var` or `type` declaration, single or grouped.
    fn gen_decl(&mut self) -> &'a GenDecl<'a> {
        let kind = match self.tok.tok {
            Tok::Const => GenKind::Const,
            Tok::Var => GenKind::Var,
            _ => GenKind::Type,
        };
        self.next();
        let mut specs = Vec::new();
        if self.got(Tok::LParen) {
            let mut iota = 0;
            self.list("grouped declaration", Tok::Semicolon, Tok::RParen, &mut |p| {
                specs.push(p.spec(kind, iota));
                iota += 1;
                false
            });
        } else {
            specs.push(self.spec(kind, 0));
        }
        self.arena.alloc(GenDecl {
            kind,
            specs: self.arena.alloc_slice_fill_iter(specs),
        })
    }

    fn spec(&mut self, kind: GenKind, iota: u32) -> Spec<'a> {
        match kind {
            GenKind::Const => Spec::Value(self.const_spec(iota)),
            GenKind::Var => Spec::Value(self.var_spec()),
            GenKind::Type => Spec::Type(self.type_spec()),
        }
    }

    fn const_spec(&mut self, iota: u32) -> ValueSpec<'a> {
        let first = self.name();
        let names = self.name_list(first);
        let mut typ = None;
        let mut values = Vec::new();
        if !matches!(self.tok.tok, Tok::Eof | Tok::Semicolon | Tok::RParen) {
            typ = self.type_or_nil();
            if self.got_assign() {
                values = self.expr_list();
            }
        }
        ValueSpec {
            names: self.arena.alloc_slice_copy(&names),
            typ,
            implicit: iota > 0 && typ.is_none() && values.is_empty(),
            values: self.exprs(values),
            iota,
        }
    }

    fn var_spec(&mut self) -> ValueSpec<'a> {
        let first = self.name();
        let names = self.name_list(first);
        let mut typ = None;
        let mut values = Vec::new();
        if self.got_assign() {
            values = self.expr_list();
        } else {
            typ = Some(self.type_());
            if self.got_assign() {
                values = self.expr_list();
            }
        }
        ValueSpec {
            names: self.arena.alloc_slice_copy(&names),
            typ,
            values: self.exprs(values),
            iota: 0,
            implicit: false,
        }
    }

    /// Accepts `=`, and `:=` with a complaint.
    fn got_assign(&mut self) -> bool {
        match self.tok.tok {
            Tok::Define => {
                self.syntax_error("expected =");
                self.next();
                true
            }
            Tok::Assign => {
                self.next();
                true
            }
            _ => false,
        }
    }

    /// `name [tparams] [=] type`. After `name [` the parser cannot yet tell a type
    /// parameter list from an array length; like gc it parses an expression and splits it.
    fn type_spec(&mut self) -> TypeSpec<'a> {
        let name = self.name();
        let mut tparams: &'a [Field<'a>] = &[];
        let mut alias = false;
        let typ;
        if self.at(Tok::LBrack) {
            let lbrack = self.pos();
            self.next();
            match self.tok.tok {
                Tok::Ident => {
                    let n = self.name();
                    let mut x = self.ident_expr(n);
                    if !self.at(Tok::LBrack) {
                        self.xnest += 1;
                        let px = self.pexpr(Some(x));
                        x = self.binary_expr(Some(px), 0);
                        self.xnest -= 1;
                    }
                    match extract_name(self, x, self.at(Tok::Comma), 0) {
                        Some((pname, ptype)) if ptype.is_some() || !self.at(Tok::RBrack) => {
                            tparams = self.param_list(Some(pname), ptype, Tok::RBrack, true);
                            alias = self.got_assign();
                            typ = self.type_or_nil();
                        }
                        _ => typ = Some(self.array_type(lbrack, Some(x))),
                    }
                }
                Tok::RBrack => {
                    self.next();
                    typ = Some(self.slice_type(lbrack));
                }
                _ => typ = Some(self.array_type(lbrack, None)),
            }
        } else {
            alias = self.got_assign();
            typ = self.type_or_nil();
        }
        let typ = typ.unwrap_or_else(|| {
            let bad = self.bad(self.pos());
            self.syntax_error("in type declaration");
            self.advance(&[Tok::Semicolon, Tok::RParen]);
            bad
        });
        TypeSpec {
            name,
            tparams,
            alias,
            typ,
        }
    }

    fn func_decl(&mut self) -> &'a FuncDecl<'a> {
        let pos = self.pos();
        self.next(); // func
        let mut recv = None;
        let mut method = false;
        if self.got(Tok::LParen) {
            method = true;
            let fields = self.param_list(None, None, Tok::RParen, false);
            match fields.iter().map(|f| f.names.len().max(1)).sum::<usize>() {
                0 => self.error_at(self.pos(), "method has no receiver"),
                1 => {}
                _ => self.error_at(self.pos(), "method has multiple receivers"),
            }
            recv = Some(fields);
        }
        let name;
        let mut tparams: &'a [Field<'a>] = &[];
        let typ;
        if self.at(Tok::Ident) {
            name = self.name();
            let context = if method { "method" } else { "" };
            (tparams, typ) = self.func_type(context);
        } else {
            name = self.ident("_", self.pos());
            typ = self.arena.alloc(FuncType {
                params: &[],
                results: &[],
            });
            self.syntax_error(if method { "expected name" } else { "expected name or (" });
            self.advance(&[Tok::LBrace, Tok::Semicolon]);
        }
        let body = if self.at(Tok::LBrace) {
            let pos = self.pos();
            let open = (pos.0 - self.base) as usize;
            let skimmed = match self.bodies {
                Bodies::Skim => self.lx.skip_block(open),
                Bodies::Parse => None,
            };
            Some(&*self.arena.alloc(match skimmed {
                Some(src) => {
                    self.next();
                    Body::new(src, pos, None)
                }
                None => {
                    let block = self.func_body();
                    Body::new("", pos, Some(block))
                }
            }))
        } else {
            None
        };
        self.arena.alloc(FuncDecl {
            pos,
            recv,
            name,
            tparams,
            typ,
            body,
        })
    }

    fn func_body(&mut self) -> &'a Block<'a> {
        self.fnest += 1;
        let body = self.block("");
        self.fnest -= 1;
        body
    }
}

impl<'a, 'd> Parser<'a, 'd> {
    fn new(
        arena: &'a Bump,
        text: &'a str,
        base: u32,
        bodies: Bodies,
        next_id: &'d mut u32,
        diags: &'d mut Diagnostics,
    ) -> Parser<'a, 'd> {
        let errors_before = diags.list.len();
        let mut p = Parser {
            arena,
            bodies,
            lx: Lexer::new(text, base),
            tok: Token {
                tok: Tok::Eof,
                pos: Pos(base),
                text: "",
            },
            next_id,
            diags,
            errors_before,
            base,
            text,
            last_syntax_line: None,
            fnest: 0,
            xnest: 0,
            depth: 0,
        };
        p.next();
        p
    }
}

// ---------------------------------------------------------------------------------------
// Expressions

impl<'a> Parser<'a, '_> {
    fn expression(&mut self) -> &'a Expr<'a> {
        self.binary_expr(None, 0)
    }

    fn expr_list(&mut self) -> Vec<&'a Expr<'a>> {
        let mut list = vec![self.expression()];
        while self.got(Tok::Comma) {
            list.push(self.expression());
        }
        list
    }

    /// Operators binding tighter than `prec`, with `x` as the first operand if given.
    fn binary_expr(&mut self, x: Option<&'a Expr<'a>>, prec: u8) -> &'a Expr<'a> {
        let mut x = match x {
            Some(x) => x,
            None => self.unary_expr(),
        };
        loop {
            let op = self.tok.tok;
            let oprec = op.precedence();
            if oprec <= prec {
                return x;
            }
            self.next();
            let y = self.binary_expr(None, oprec);
            x = self.expr(x.pos, ExprKind::Binary { op, x, y });
        }
    }

    fn unary_expr(&mut self) -> &'a Expr<'a> {
        if !self.enter(1) {
            return self.bad(self.pos());
        }
        let x = self.unary_expr_inner();
        self.leave(1);
        x
    }

    fn unary_expr_inner(&mut self) -> &'a Expr<'a> {
        let pos = self.pos();
        let op = self.tok.tok;
        match op {
            Tok::Mul => {
                self.next();
                let x = self.unary_expr();
                self.expr(pos, ExprKind::Star(x))
            }
            Tok::Add | Tok::Sub | Tok::Not | Tok::Xor | Tok::Tilde => {
                self.next();
                let x = self.unary_expr();
                self.expr(pos, ExprKind::Unary { op, x })
            }
            Tok::And => {
                self.next();
                // `&(T{})` takes the address of the literal: drop the parentheses.
                let x = self.unary_expr().unparen();
                self.expr(pos, ExprKind::Unary { op, x })
            }
            Tok::Arrow => {
                self.next();
                let x = self.unary_expr();
                if let ExprKind::ChanType { .. } = x.kind {
                    // `<-chan T` is a receive-only channel type, not a receive.
                    return self.recv_chan(pos, x);
                }
                self.expr(pos, ExprKind::Unary { op, x })
            }
            _ => self.pexpr(None),
        }
    }

    /// Re-associates `<-` with the channel type `x` parsed after it: `<-(chan E)` is
    /// `<-chan E`, and `<-(chan<- E)` is `<-chan (<-E)`.
    fn recv_chan(&mut self, pos: Pos, x: &'a Expr<'a>) -> &'a Expr<'a> {
        let ExprKind::ChanType { dir, elem } = x.kind else {
            let msg = format!("unexpected {}, expected chan", expr_string(x));
            self.syntax_error(&msg);
            return x;
        };
        let elem = match dir {
            ChanDir::Both => elem,
            ChanDir::Recv => {
                self.syntax_error("unexpected <-, expected chan");
                elem
            }
            ChanDir::Send => self.recv_chan(elem.pos, elem),
        };
        self.expr(
            pos,
            ExprKind::ChanType {
                dir: ChanDir::Recv,
                elem,
            },
        )
    }

    fn operand(&mut self) -> &'a Expr<'a> {
        let pos = self.pos();
        match self.tok.tok {
            Tok::Ident => {
                let n = self.name();
                self.ident_expr(n)
            }
            t if is_literal(t) => {
                let kind = match t {
                    Tok::Int => LitKind::Int,
                    Tok::Float => LitKind::Float,
                    Tok::Imag => LitKind::Imag,
                    Tok::Char => LitKind::Char,
                    _ => LitKind::String,
                };
                let raw = self.tok.text;
                self.next();
                self.expr(pos, ExprKind::BasicLit { kind, raw })
            }
            Tok::LParen => {
                self.next();
                self.xnest += 1;
                let x = self.expression();
                self.xnest -= 1;
                self.want(Tok::RParen);
                self.expr(pos, ExprKind::Paren(x))
            }
            Tok::Func => {
                self.next();
                let (_, typ) = self.func_type("function type");
                if self.at(Tok::LBrace) {
                    self.xnest += 1;
                    let body = self.func_body();
                    self.xnest -= 1;
                    return self.expr(pos, ExprKind::FuncLit { typ, body });
                }
                self.expr(pos, ExprKind::FuncType(typ))
            }
            Tok::LBrack | Tok::Chan | Tok::Map | Tok::Struct | Tok::Interface => self.type_(),
            _ => {
                let x = self.bad(pos);
                self.syntax_error("expected expression");
                self.advance(&[Tok::RParen, Tok::RBrack, Tok::RBrace]);
                x
            }
        }
    }

    /// A primary expression: an operand (or `x`) followed by selectors, indices, slices,
    /// type assertions, calls and composite literal bodies.
    fn pexpr(&mut self, x: Option<&'a Expr<'a>>) -> &'a Expr<'a> {
        let mut x = match x {
            Some(x) => x,
            None => self.operand(),
        };
        loop {
            match self.tok.tok {
                Tok::Period => {
                    self.next();
                    x = self.selector_or_assert(x);
                }
                Tok::LBrack => x = self.index_or_slice(x),
                Tok::LParen => {
                    let lparen = self.pos();
                    self.next();
                    let (args, ellipsis, rparen) = self.arg_list();
                    x = self.expr(
                        x.pos,
                        ExprKind::Call {
                            fun: x,
                            args,
                            ellipsis,
                            lparen,
                            rparen,
                        },
                    );
                }
                Tok::LBrace if self.complit_ok(x) => {
                    if matches!(x.kind, ExprKind::Paren(_)) {
                        self.syntax_error("cannot parenthesize type in composite literal");
                    }
                    x = self.complit(Some(x));
                }
                _ => break,
            }
        }
        x
    }

    /// Whether `{` after `x` opens a composite literal rather than a block.
    fn complit_ok(&self, x: &'a Expr<'a>) -> bool {
        match x.unparen().kind {
            ExprKind::Ident(_) | ExprKind::Selector(..) => self.xnest >= 0,
            ExprKind::Index(..) => self.xnest >= 0 && !is_value(x.unparen(), 0),
            ExprKind::ArrayType { .. } | ExprKind::StructType { .. } | ExprKind::MapType { .. } => true,
            _ => false,
        }
    }

    fn selector_or_assert(&mut self, x: &'a Expr<'a>) -> &'a Expr<'a> {
        match self.tok.tok {
            Tok::Ident => {
                let sel = self.name();
                self.expr(x.pos, ExprKind::Selector(x, sel))
            }
            Tok::LParen => {
                self.next();
                let typ = if self.got(Tok::Type) { None } else { Some(self.type_()) };
                self.want(Tok::RParen);
                self.expr(x.pos, ExprKind::TypeAssert { x, typ })
            }
            _ => {
                self.syntax_error("expected name or (");
                self.advance(&[Tok::Semicolon, Tok::RParen]);
                x
            }
        }
    }

    fn index_or_slice(&mut self, x: &'a Expr<'a>) -> &'a Expr<'a> {
        self.next(); // [
        let mut lo = None;
        if !self.at(Tok::Colon) {
            let (list, comma) = if self.at(Tok::RBrack) {
                // An empty index: accept but complain.
                self.syntax_error("expected operand");
                (vec![self.bad(self.pos())], false)
            } else {
                self.type_list(false)
            };
            if comma || self.at(Tok::RBrack) {
                self.want(Tok::RBrack);
                let list = self.exprs(list);
                return self.expr(x.pos, ExprKind::Index(x, list));
            }
            lo = list.first().copied();
        }
        if !self.got(Tok::Colon) {
            self.syntax_error("expected comma, : or ]");
            self.advance(&[Tok::Comma, Tok::Colon, Tok::RBrack]);
        }
        self.xnest += 1;
        let mut hi = None;
        let mut max = None;
        let mut three = false;
        if !self.at(Tok::Colon) && !self.at(Tok::RBrack) {
            hi = Some(self.expression());
        }
        if self.at(Tok::Colon) {
            three = true;
            if hi.is_none() {
                self.error_at(self.pos(), "middle index required in 3-index slice");
                hi = Some(self.bad(self.pos()));
            }
            self.next();
            if !self.at(Tok::RBrack) {
                max = Some(self.expression());
            } else {
                self.error_at(self.pos(), "final index required in 3-index slice");
                max = Some(self.bad(self.pos()));
            }
        }
        self.xnest -= 1;
        self.want(Tok::RBrack);
        self.expr(x.pos, ExprKind::Slice { x, lo, hi, max, three })
    }

    /// `arg {, arg} [...] [,] )` after `(`: the arguments, the `...` position and the
    /// `)` position.
    fn arg_list(&mut self) -> (&'a [&'a Expr<'a>], Option<Pos>, Pos) {
        let mut args = Vec::new();
        let mut ellipsis = None;
        self.xnest += 1;
        let rparen = self.list("argument list", Tok::Comma, Tok::RParen, &mut |p| {
            args.push(p.expression());
            if p.at(Tok::Ellipsis) {
                ellipsis = Some(p.pos());
                p.next();
            }
            ellipsis.is_some()
        });
        self.xnest -= 1;
        (self.exprs(args), ellipsis, rparen)
    }

    /// A list whose first element may be any expression and the others must be types, as
    /// in an index or an instantiation; also reports whether a comma was seen.
    fn type_list(&mut self, strict: bool) -> (Vec<&'a Expr<'a>>, bool) {
        self.xnest += 1;
        let first = if strict { self.type_() } else { self.expression() };
        let mut list = vec![first];
        let mut comma = false;
        if self.got(Tok::Comma) {
            comma = true;
            while let Some(t) = self.type_or_nil() {
                list.push(t);
                if !self.got(Tok::Comma) {
                    break;
                }
            }
        }
        self.xnest -= 1;
        (list, comma)
    }

    /// `{ elements }`; `typ` is None for an elided type inside another literal.
    fn complit(&mut self, typ: Option<&'a Expr<'a>>) -> &'a Expr<'a> {
        let pos = typ.map_or(self.pos(), |t| t.pos);
        if !self.enter(1) {
            return self.bad(pos);
        }
        let mut elts = Vec::new();
        self.xnest += 1;
        self.want(Tok::LBrace);
        let rbrace = self.list("composite literal", Tok::Comma, Tok::RBrace, &mut |p| {
            let e = p.element();
            if p.at(Tok::Colon) {
                p.next();
                let value = p.element();
                elts.push(p.expr(e.pos, ExprKind::KeyValue { key: e, value }));
            } else {
                elts.push(e);
            }
            false
        });
        self.xnest -= 1;
        self.leave(1);
        let elts = self.exprs(elts);
        self.expr(pos, ExprKind::CompositeLit { typ, elts, rbrace })
    }

    fn element(&mut self) -> &'a Expr<'a> {
        if self.at(Tok::LBrace) {
            return self.complit(None);
        }
        self.expression()
    }
}

/// Whether `x` must be a value, not a type (so `x {` cannot start a composite literal).
fn is_value(x: &Expr, depth: u32) -> bool {
    if depth > 100 {
        return true;
    }
    match x.kind {
        ExprKind::BasicLit { .. }
        | ExprKind::CompositeLit { .. }
        | ExprKind::FuncLit { .. }
        | ExprKind::Slice { .. }
        | ExprKind::TypeAssert { .. }
        | ExprKind::Call { .. }
        | ExprKind::Unary { .. }
        | ExprKind::Binary { .. } => true,
        ExprKind::Paren(x) => is_value(x, depth + 1),
        ExprKind::Index(x, idx) => is_value(x, depth + 1) || idx.iter().any(|i| is_value(i, depth + 1)),
        _ => false,
    }
}

/// Whether `x` can only be a type element (a type literal, a `~` term or a union of them).
fn is_type_elem(x: &Expr, depth: u32) -> bool {
    if depth > 100 {
        return false;
    }
    match x.kind {
        ExprKind::ArrayType { .. }
        | ExprKind::StructType { .. }
        | ExprKind::FuncType(_)
        | ExprKind::InterfaceType { .. }
        | ExprKind::MapType { .. }
        | ExprKind::ChanType { .. } => true,
        ExprKind::Unary { op: Tok::Tilde, .. } => true,
        ExprKind::Unary { x, .. } | ExprKind::Star(x) | ExprKind::Paren(x) => is_type_elem(x, depth + 1),
        ExprKind::Binary { x, y, .. } => is_type_elem(x, depth + 1) || is_type_elem(y, depth + 1),
        _ => false,
    }
}

/// Splits `x`, parsed after `type T[`, into a type parameter name and the start of its
/// constraint when it can be read that way: `P *C`, `P (C)`, `P A|B`, or a lone `P`.
/// The split happens only when the rest must be a type element, or when `force` is set
/// (a comma follows, which an array length cannot have).
fn extract_name<'a>(
    p: &mut Parser<'a, '_>,
    x: &'a Expr<'a>,
    force: bool,
    depth: u32,
) -> Option<(Ident<'a>, Option<&'a Expr<'a>>)> {
    if depth > 100 {
        return None;
    }
    match x.kind {
        ExprKind::Ident(n) => Some((n, None)),
        ExprKind::Binary {
            op: Tok::Mul,
            x: lhs,
            y,
        } => match lhs.kind {
            ExprKind::Ident(n) if force || is_type_elem(y, 0) => Some((n, Some(p.expr(y.pos, ExprKind::Star(y))))),
            _ => None,
        },
        ExprKind::Binary { op: Tok::Or, x: lhs, y } => {
            let (n, lhs) = extract_name(p, lhs, force || is_type_elem(y, 0), depth + 1)?;
            let lhs = lhs?;
            Some((n, Some(p.expr(lhs.pos, ExprKind::Binary { op: Tok::Or, x: lhs, y }))))
        }
        ExprKind::Call {
            fun,
            args: [arg],
            ellipsis: None,
            ..
        } => match fun.kind {
            ExprKind::Ident(n) if force || is_type_elem(arg, 0) => Some((n, Some(arg.unparen()))),
            _ => None,
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Types

impl<'a> Parser<'a, '_> {
    fn type_(&mut self) -> &'a Expr<'a> {
        if let Some(t) = self.type_or_nil() {
            return t;
        }
        let bad = self.bad(self.pos());
        self.syntax_error("expected type");
        self.advance(&[
            Tok::Comma,
            Tok::Colon,
            Tok::Semicolon,
            Tok::RParen,
            Tok::RBrack,
            Tok::RBrace,
        ]);
        bad
    }

    fn type_or_nil(&mut self) -> Option<&'a Expr<'a>> {
        if !self.enter(1) {
            return Some(self.bad(self.pos()));
        }
        let t = self.type_or_nil_inner();
        self.leave(1);
        t
    }

    fn type_or_nil_inner(&mut self) -> Option<&'a Expr<'a>> {
        let pos = self.pos();
        let t = match self.tok.tok {
            Tok::Mul => {
                self.next();
                let elem = self.type_();
                self.expr(pos, ExprKind::Star(elem))
            }
            Tok::Arrow => {
                self.next();
                self.want(Tok::Chan);
                let elem = self.chan_elem();
                self.expr(
                    pos,
                    ExprKind::ChanType {
                        dir: ChanDir::Recv,
                        elem,
                    },
                )
            }
            Tok::Func => {
                self.next();
                let (_, ft) = self.func_type("function type");
                self.expr(pos, ExprKind::FuncType(ft))
            }
            Tok::LBrack => {
                self.next();
                if self.got(Tok::RBrack) {
                    self.slice_type(pos)
                } else {
                    self.array_type(pos, None)
                }
            }
            Tok::Chan => {
                self.next();
                let dir = if self.got(Tok::Arrow) {
                    ChanDir::Send
                } else {
                    ChanDir::Both
                };
                let elem = self.chan_elem();
                self.expr(pos, ExprKind::ChanType { dir, elem })
            }
            Tok::Map => {
                self.next();
                self.want(Tok::LBrack);
                let key = self.type_();
                self.want(Tok::RBrack);
                let value = self.type_();
                self.expr(pos, ExprKind::MapType { key, value })
            }
            Tok::Struct => self.struct_type(),
            Tok::Interface => self.interface_type(),
            Tok::Ident => self.qualified_name(None),
            Tok::LParen => {
                self.next();
                let t = self.type_();
                self.want(Tok::RParen);
                self.expr(pos, ExprKind::Paren(t))
            }
            _ => return None,
        };
        Some(t)
    }

    /// `name`, `pkg.name`, either possibly instantiated: `name[T1, T2]`.
    fn qualified_name(&mut self, name: Option<Ident<'a>>) -> &'a Expr<'a> {
        let n = match name {
            Some(n) => n,
            None if self.at(Tok::Ident) => self.name(),
            None => {
                let n = self.ident("_", self.pos());
                self.syntax_error("expected name");
                self.advance(&[Tok::Period, Tok::Semicolon, Tok::RBrace]);
                n
            }
        };
        let mut x = self.ident_expr(n);
        if self.got(Tok::Period) {
            let sel = self.name();
            x = self.expr(x.pos, ExprKind::Selector(x, sel));
        }
        if self.at(Tok::LBrack) {
            x = self.type_instance(x);
        }
        x
    }

    fn type_instance(&mut self, x: &'a Expr<'a>) -> &'a Expr<'a> {
        self.want(Tok::LBrack);
        let list = if self.at(Tok::RBrack) {
            self.syntax_error("expected type argument list");
            vec![self.bad(self.pos())]
        } else {
            self.type_list(true).0
        };
        self.want(Tok::RBrack);
        let list = self.exprs(list);
        self.expr(x.pos, ExprKind::Index(x, list))
    }

    /// `func` type parameters, parameters and results, after `func` (and a name). A
    /// non-empty `context` forbids type parameters.
    fn func_type(&mut self, context: &str) -> (&'a [Field<'a>], &'a FuncType<'a>) {
        let mut tparams: &'a [Field<'a>] = &[];
        let tpos = self.pos();
        if self.got(Tok::LBrack) {
            if !context.is_empty() {
                self.syntax_error_at(tpos, &format!("{context} must have no type parameters"));
            }
            if self.at(Tok::RBrack) {
                self.syntax_error("empty type parameter list");
                self.next();
            } else {
                tparams = self.param_list(None, None, Tok::RBrack, true);
            }
        }
        self.want(Tok::LParen);
        let params = self.param_list(None, None, Tok::RParen, false);
        let results = self.func_result();
        (tparams, self.arena.alloc(FuncType { params, results }))
    }

    fn func_result(&mut self) -> &'a [Field<'a>] {
        if self.got(Tok::LParen) {
            return self.param_list(None, None, Tok::RParen, false);
        }
        match self.type_or_nil() {
            Some(typ) => self.arena.alloc_slice_fill_iter([Field {
                names: &[],
                typ,
                tag: None,
            }]),
            None => &[],
        }
    }

    /// `[len]elem` after `[`; `len` is given when already parsed.
    fn array_type(&mut self, lbrack: Pos, len: Option<&'a Expr<'a>>) -> &'a Expr<'a> {
        let len = match len {
            Some(l) => l,
            None if self.at(Tok::Ellipsis) => {
                let pos = self.pos();
                self.next();
                self.expr(pos, ExprKind::Ellipsis(None))
            }
            None => {
                self.xnest += 1;
                let l = self.expression();
                self.xnest -= 1;
                l
            }
        };
        if self.at(Tok::Comma) {
            // Trailing commas belong to type parameter lists, not array lengths.
            self.syntax_error("unexpected comma; expected ]");
            self.next();
        }
        self.want(Tok::RBrack);
        let elem = self.type_();
        self.expr(lbrack, ExprKind::ArrayType { len: Some(len), elem })
    }

    /// `[]elem` after `[]`.
    fn slice_type(&mut self, lbrack: Pos) -> &'a Expr<'a> {
        let elem = self.type_();
        self.expr(lbrack, ExprKind::ArrayType { len: None, elem })
    }

    fn chan_elem(&mut self) -> &'a Expr<'a> {
        if let Some(t) = self.type_or_nil() {
            return t;
        }
        let bad = self.bad(self.pos());
        self.syntax_error("missing channel element type");
        bad
    }

    fn struct_type(&mut self) -> &'a Expr<'a> {
        let pos = self.pos();
        self.want(Tok::Struct);
        self.want(Tok::LBrace);
        let mut fields = Vec::new();
        self.list("struct type", Tok::Semicolon, Tok::RBrace, &mut |p| {
            if let Some(f) = p.field_decl() {
                fields.push(f);
            }
            false
        });
        let fields = self.arena.alloc_slice_fill_iter(fields);
        self.expr(pos, ExprKind::StructType { fields })
    }

    fn field(&self, names: &[Ident<'a>], typ: &'a Expr<'a>, tag: Option<(Tok, &'a str, Pos)>) -> Field<'a> {
        Field {
            names: self.arena.alloc_slice_copy(names),
            typ,
            // The checker decodes the tag from the literal as written.
            tag: tag.map(|(_, raw, _)| raw),
        }
    }

    /// `names type [tag]` or an embedded field `[*]T [tag]`.
    fn field_decl(&mut self) -> Option<Field<'a>> {
        match self.tok.tok {
            Tok::Ident => {
                let n = self.name();
                if self.at(Tok::Period) || self.at(Tok::Semicolon) || self.at(Tok::RBrace) || is_literal(self.tok.tok) {
                    let typ = self.qualified_name(Some(n));
                    let tag = self.oliteral();
                    return Some(self.field(&[], typ, tag));
                }
                let names = self.name_list(n);
                let typ = if names.len() == 1 && self.at(Tok::LBrack) {
                    match self.array_or_args() {
                        ArrayOrArgs::Array(t) => t,
                        ArrayOrArgs::Args(list) => {
                            // An embedded instantiated type `T[A, B]`.
                            let x = self.ident_expr(n);
                            let list = self.exprs(list);
                            let typ = self.expr(n.pos, ExprKind::Index(x, list));
                            let tag = self.oliteral();
                            return Some(self.field(&[], typ, tag));
                        }
                    }
                } else {
                    self.type_()
                };
                let tag = self.oliteral();
                Some(self.field(&names, typ, tag))
            }
            Tok::Mul => {
                let pos = self.pos();
                self.next();
                let typ = if self.at(Tok::LParen) {
                    self.syntax_error("cannot parenthesize embedded type");
                    self.next();
                    let t = self.qualified_name(None);
                    self.got(Tok::RParen);
                    t
                } else {
                    self.qualified_name(None)
                };
                let typ = self.expr(pos, ExprKind::Star(typ));
                let tag = self.oliteral();
                Some(self.field(&[], typ, tag))
            }
            Tok::LParen => {
                self.syntax_error("cannot parenthesize embedded type");
                self.next();
                let typ = if self.at(Tok::Mul) {
                    let pos = self.pos();
                    self.next();
                    let t = self.qualified_name(None);
                    self.expr(pos, ExprKind::Star(t))
                } else {
                    self.qualified_name(None)
                };
                self.got(Tok::RParen);
                let tag = self.oliteral();
                Some(self.field(&[], typ, tag))
            }
            _ => {
                self.syntax_error("expected field name or embedded type");
                self.advance(&[Tok::Semicolon, Tok::RBrace]);
                None
            }
        }
    }

    /// After a name: `[]E` or `[N]E` (an array type), or `[A, B]` (type arguments).
    fn array_or_args(&mut self) -> ArrayOrArgs<'a> {
        let pos = self.pos();
        self.want(Tok::LBrack);
        if self.got(Tok::RBrack) {
            return ArrayOrArgs::Array(self.slice_type(pos));
        }
        let (list, comma) = self.type_list(false);
        self.want(Tok::RBrack);
        if !comma && let Some(elem) = self.type_or_nil() {
            let len = Some(list[0]);
            return ArrayOrArgs::Array(self.expr(pos, ExprKind::ArrayType { len, elem }));
        }
        ArrayOrArgs::Args(list)
    }

    fn interface_type(&mut self) -> &'a Expr<'a> {
        let pos = self.pos();
        self.want(Tok::Interface);
        self.want(Tok::LBrace);
        let mut elems = Vec::new();
        self.list("interface type", Tok::Semicolon, Tok::RBrace, &mut |p| {
            let elem = if p.at(Tok::Ident) {
                p.method_or_embed()
            } else {
                InterfaceElem::Embed(p.embedded_elem(None))
            };
            elems.push(elem);
            false
        });
        let elems = self.arena.alloc_slice_fill_iter(elems);
        self.expr(pos, ExprKind::InterfaceType { elems })
    }

    /// An interface element starting with a name: a method `m(...)`, or an embedded
    /// (possibly qualified or instantiated) type, possibly the first term of a union.
    fn method_or_embed(&mut self) -> InterfaceElem<'a> {
        let name = self.name();
        const CONTEXT: &str = "interface method";
        match self.tok.tok {
            Tok::LParen => {
                let (_, typ) = self.func_type(CONTEXT);
                InterfaceElem::Method { name, typ }
            }
            Tok::LBrack => self.generic_method_or_embed(name),
            _ => {
                let t = self.qualified_name(Some(name));
                InterfaceElem::Embed(self.embedded_elem(Some(t)))
            }
        }
    }

    /// `name [` in an interface: a (rejected) generic method or an instantiated type.
    fn generic_method_or_embed(&mut self, name: Ident<'a>) -> InterfaceElem<'a> {
        let lbrack = self.pos();
        self.next();
        if self.at(Tok::RBrack) {
            let rbrack = self.pos();
            self.next();
            if self.at(Tok::LParen) {
                self.error_at(rbrack, "empty type parameter list");
                let (_, typ) = self.func_type("");
                return InterfaceElem::Method { name, typ };
            }
            self.error_at(rbrack, "empty type argument list");
            let t = self.ident_expr(name);
            return InterfaceElem::Embed(self.embedded_elem(Some(t)));
        }
        let list = self.param_list(None, None, Tok::RBrack, false);
        if list.first().is_some_and(|f| !f.names.is_empty()) || (list.is_empty() && self.at(Tok::LParen)) {
            if !list.is_empty() {
                self.error_at(lbrack, "interface method must have no type parameters");
            }
            let (_, typ) = self.func_type("");
            return InterfaceElem::Method { name, typ };
        }
        let x = self.ident_expr(name);
        let t = if list.is_empty() {
            x
        } else {
            let args: Vec<_> = list.iter().map(|f| f.typ).collect();
            let args = self.exprs(args);
            self.expr(name.pos, ExprKind::Index(x, args))
        };
        InterfaceElem::Embed(self.embedded_elem(Some(t)))
    }

    /// `term { | term }`, with `first` as the first term if given.
    fn embedded_elem(&mut self, first: Option<&'a Expr<'a>>) -> &'a Expr<'a> {
        let mut x = match first {
            Some(x) => x,
            None => self.embedded_term(),
        };
        while self.got(Tok::Or) {
            let y = self.embedded_term();
            x = self.expr(x.pos, ExprKind::Binary { op: Tok::Or, x, y });
        }
        x
    }

    /// `[~] type`.
    fn embedded_term(&mut self) -> &'a Expr<'a> {
        let pos = self.pos();
        if self.got(Tok::Tilde) {
            let x = self.type_();
            return self.expr(pos, ExprKind::Unary { op: Tok::Tilde, x });
        }
        if let Some(t) = self.type_or_nil() {
            return t;
        }
        let bad = self.bad(pos);
        self.syntax_error("expected ~ term or type");
        self.advance(&[Tok::Or, Tok::Semicolon, Tok::RParen, Tok::RBrack, Tok::RBrace]);
        bad
    }

    /// One parameter: `[name] [...]type`, or in a type parameter list (`follow` is `]`)
    /// `name constraint` where the constraint may be a union of `~` terms.
    fn param_decl(&mut self, name: Option<Ident<'a>>, follow: Tok) -> Option<Param<'a>> {
        let type_sets = follow == Tok::RBrack;
        if name.is_none() && type_sets && self.at(Tok::Tilde) {
            return Some(Param {
                name: None,
                typ: Some(self.embedded_elem(None)),
            });
        }
        let mut param = Param { name: None, typ: None };
        if self.at(Tok::Ident) || name.is_some() {
            let n = match name {
                Some(n) => n,
                None => self.name(),
            };
            if self.at(Tok::LBrack) {
                let typ = match self.array_or_args() {
                    ArrayOrArgs::Array(t) => {
                        param.name = Some(n);
                        t
                    }
                    ArrayOrArgs::Args(list) => {
                        let x = self.ident_expr(n);
                        let list = self.exprs(list);
                        self.expr(n.pos, ExprKind::Index(x, list))
                    }
                };
                param.typ = Some(self.union_rest(typ, type_sets));
                return Some(param);
            }
            if self.at(Tok::Period) {
                let typ = self.qualified_name(Some(n));
                param.typ = Some(self.union_rest(typ, type_sets));
                return Some(param);
            }
            if type_sets && self.at(Tok::Or) {
                let typ = self.ident_expr(n);
                param.typ = Some(self.embedded_elem(Some(typ)));
                return Some(param);
            }
            param.name = Some(n);
        }
        if self.at(Tok::Ellipsis) {
            let pos = self.pos();
            self.next();
            let elem = self.type_or_nil().unwrap_or_else(|| {
                let bad = self.bad(self.pos());
                self.syntax_error("... is missing type");
                bad
            });
            param.typ = Some(self.expr(pos, ExprKind::Ellipsis(Some(elem))));
            return Some(param);
        }
        if type_sets && self.at(Tok::Tilde) {
            param.typ = Some(self.embedded_elem(None));
            return Some(param);
        }
        param.typ = self.type_or_nil().map(|t| self.union_rest(t, type_sets));
        if param.name.is_some() || param.typ.is_some() {
            return Some(param);
        }
        self.syntax_error(&format!("expected {}", tokstring(follow)));
        self.advance(&[Tok::Comma, follow]);
        None
    }

    /// In a type parameter list, continues `typ` into a union if `|` follows.
    fn union_rest(&mut self, typ: &'a Expr<'a>, type_sets: bool) -> &'a Expr<'a> {
        if type_sets && self.at(Tok::Or) {
            return self.embedded_elem(Some(typ));
        }
        typ
    }

    /// A parameter list after `(` or `[`, through `close`. `name` (and `typ`) are an
    /// already parsed first parameter. Either every parameter is named or none is; type
    /// parameter lists (`require_names`) must be named.
    fn param_list(
        &mut self,
        name: Option<Ident<'a>>,
        typ: Option<&'a Expr<'a>>,
        close: Tok,
        require_names: bool,
    ) -> &'a [Field<'a>] {
        let mut params: Vec<Param<'a>> = Vec::new();
        let end;
        if let (Some(n), Some(t), true) = (name, typ, self.at(close)) {
            self.next();
            params.push(Param {
                name: Some(n),
                typ: Some(t),
            });
            end = self.pos();
        } else {
            let mut first = Some((name, typ));
            end = self.list("parameter list", Tok::Comma, close, &mut |p| {
                let param = match first.take() {
                    Some((Some(n), Some(t))) => Some(Param {
                        name: Some(n),
                        typ: Some(t),
                    }),
                    Some((n, _)) => p.param_decl(n, close),
                    None => p.param_decl(None, close),
                };
                params.extend(param);
                false
            });
        }
        if params.is_empty() {
            return &[];
        }
        self.distribute_types(&mut params, require_names, end);
        self.group_params(params)
    }

    /// Gives each name its type: in `a, b int` the names share the type on their right.
    /// In a list without any named parameter, lone names are types.
    fn distribute_types(&mut self, params: &mut [Param<'a>], require_names: bool, end: Pos) {
        let named = params.iter().filter(|p| p.name.is_some() && p.typ.is_some()).count();
        let typed = params.iter().filter(|p| p.typ.is_some()).count();
        if named == 0 && !require_names {
            for p in params.iter_mut() {
                if let Some(n) = p.name.take() {
                    p.typ = Some(self.ident_expr(n));
                }
            }
            return;
        }
        if named == params.len() {
            return;
        }
        let mut err_pos = None;
        let mut typ: Option<&'a Expr<'a>> = None;
        for p in params.iter_mut().rev() {
            match (p.typ, p.name) {
                (Some(t), name) => {
                    typ = Some(t);
                    if name.is_none() {
                        err_pos = Some(t.pos);
                        p.name = Some(self.ident("_", t.pos));
                    }
                }
                (None, _) if typ.is_some() => p.typ = typ,
                (None, name) => {
                    let pos = name.map_or(end, |n| n.pos);
                    err_pos = Some(pos);
                    p.typ = Some(self.bad(pos));
                }
            }
        }
        let Some(mut pos) = err_pos else { return };
        let msg = if !require_names {
            "mixed named and unnamed parameters".to_string()
        } else if named == typed {
            pos = end;
            "missing type constraint".to_string()
        } else if params.len() == 1 {
            "missing type parameter name or invalid array length".to_string()
        } else {
            "missing type parameter name".to_string()
        };
        self.syntax_error_at(pos, &msg);
    }

    /// Merges consecutive parameters sharing one type into one field (`a, b int`).
    fn group_params(&mut self, params: Vec<Param<'a>>) -> &'a [Field<'a>] {
        let mut groups: Vec<(Vec<Ident<'a>>, &'a Expr<'a>)> = Vec::new();
        for p in params {
            let typ = match p.typ {
                Some(t) => t,
                None => self.bad(self.pos()),
            };
            match (groups.last_mut(), p.name) {
                (Some((names, t)), Some(n)) if std::ptr::eq(*t, typ) && !names.is_empty() => names.push(n),
                (_, name) => groups.push((name.into_iter().collect(), typ)),
            }
        }
        let fields: Vec<Field<'a>> = groups.iter().map(|(names, typ)| self.field(names, typ, None)).collect();
        self.arena.alloc_slice_fill_iter(fields)
    }
}

// ---------------------------------------------------------------------------------------
// Statements

impl<'a> Parser<'a, '_> {
    /// `{ statements }`; `context` names what the block belongs to for the error when the
    /// `{` is missing.
    fn block(&mut self, context: &str) -> &'a Block<'a> {
        let lbrace = self.pos();
        if !self.got(Tok::LBrace) {
            self.syntax_error(&format!("expected {{ after {context}"));
            self.advance(&[Tok::Ident, Tok::RBrace]);
            let rbrace = self.pos();
            if self.got(Tok::RBrace) {
                return self.arena.alloc(Block {
                    lbrace,
                    stmts: &[],
                    rbrace,
                });
            }
        }
        let stmts = self.stmt_list();
        let rbrace = self.pos();
        self.want(Tok::RBrace);
        self.arena.alloc(Block { lbrace, stmts, rbrace })
    }

    fn stmt_list(&mut self) -> &'a [Stmt<'a>] {
        let mut list = Vec::new();
        while !matches!(self.tok.tok, Tok::Eof | Tok::RBrace | Tok::Case | Tok::Default) {
            let Some(s) = self.stmt_or_none() else { break };
            list.push(s);
            // ";" is optional before "}"
            if !self.got(Tok::Semicolon) && !self.at(Tok::RBrace) {
                self.syntax_error("at end of statement");
                self.advance(&[Tok::Semicolon, Tok::RBrace, Tok::Case, Tok::Default]);
                self.got(Tok::Semicolon);
            }
        }
        self.arena.alloc_slice_fill_iter(list)
    }

    fn stmt_or_none(&mut self) -> Option<Stmt<'a>> {
        if !self.enter(STMT_DEPTH) {
            return None;
        }
        let s = self.stmt_inner();
        self.leave(STMT_DEPTH);
        s
    }

    fn stmt_inner(&mut self) -> Option<Stmt<'a>> {
        let pos = self.pos();
        let kind = match self.tok.tok {
            Tok::Ident => {
                let lhs = self.expr_list();
                if let ([x], true) = (lhs.as_slice(), self.at(Tok::Colon))
                    && let ExprKind::Ident(label) = x.kind
                {
                    return self.labeled_stmt(label);
                }
                return Some(self.simple_stmt_plain(Some(lhs)));
            }
            Tok::Var | Tok::Const | Tok::Type => StmtKind::Decl(self.gen_decl()),
            Tok::LBrace => StmtKind::Block(self.block("")),
            Tok::Add
            | Tok::Sub
            | Tok::Mul
            | Tok::And
            | Tok::Xor
            | Tok::Not
            | Tok::Func
            | Tok::LParen
            | Tok::LBrack
            | Tok::Struct
            | Tok::Map
            | Tok::Chan
            | Tok::Interface
            | Tok::Arrow => return Some(self.simple_stmt_plain(None)),
            t if is_literal(t) => return Some(self.simple_stmt_plain(None)),
            Tok::For => return Some(self.for_stmt()),
            Tok::Switch => return Some(self.switch_stmt()),
            Tok::Select => return Some(self.select_stmt()),
            Tok::If => return Some(self.if_stmt()),
            Tok::Fallthrough => {
                self.next();
                StmtKind::Branch {
                    kind: BranchKind::Fallthrough,
                    label: None,
                }
            }
            Tok::Break | Tok::Continue => {
                let kind = if self.at(Tok::Break) {
                    BranchKind::Break
                } else {
                    BranchKind::Continue
                };
                self.next();
                let label = if self.at(Tok::Ident) { Some(self.name()) } else { None };
                StmtKind::Branch { kind, label }
            }
            Tok::Go | Tok::Defer => self.call_stmt(),
            Tok::Goto => {
                self.next();
                StmtKind::Branch {
                    kind: BranchKind::Goto,
                    label: Some(self.name()),
                }
            }
            Tok::Return => {
                self.next();
                let mut results = Vec::new();
                if !self.at(Tok::Semicolon) && !self.at(Tok::RBrace) {
                    results = self.expr_list();
                }
                StmtKind::Return(self.exprs(results))
            }
            Tok::Semicolon => StmtKind::Empty,
            _ => return None,
        };
        Some(Stmt { pos, kind })
    }

    fn labeled_stmt(&mut self, label: Ident<'a>) -> Option<Stmt<'a>> {
        let colon = self.pos();
        self.want(Tok::Colon);
        let stmt = if self.at(Tok::RBrace) {
            // A label right before "}" labels an empty statement.
            Stmt {
                pos: self.pos(),
                kind: StmtKind::Empty,
            }
        } else {
            match self.stmt_or_none() {
                Some(s) => s,
                None => {
                    self.syntax_error_at(colon, "missing statement after label");
                    return None;
                }
            }
        };
        Some(Stmt {
            pos: label.pos,
            kind: StmtKind::Labeled {
                label,
                stmt: self.stmt(stmt),
            },
        })
    }

    /// `go f(x)` or `defer f(x)`.
    fn call_stmt(&mut self) -> StmtKind<'a> {
        let go = self.at(Tok::Go);
        self.next();
        let x = self.pexpr(None);
        let call = x.unparen();
        if !std::ptr::eq(call, x) {
            let what = if go { "go" } else { "defer" };
            self.error_at(x.pos, format!("expression in {what} must not be parenthesized"));
        }
        if go { StmtKind::Go(call) } else { StmtKind::Defer(call) }
    }

    /// A simple statement outside a header (a range clause cannot occur).
    fn simple_stmt_plain(&mut self, lhs: Option<Vec<&'a Expr<'a>>>) -> Stmt<'a> {
        match self.simple_stmt(lhs, None) {
            Simple::Stmt(s, _) => s,
            Simple::Range { x, .. } => Stmt {
                pos: x.pos,
                kind: StmtKind::Expr(x),
            },
        }
    }

    /// An expression, send, inc/dec, assignment or short variable declaration; in a `for`
    /// header (`keyword` is `for`) also a range clause.
    fn simple_stmt(&mut self, lhs: Option<Vec<&'a Expr<'a>>>, keyword: Option<Tok>) -> Simple<'a> {
        if keyword == Some(Tok::For) && self.at(Tok::Range) {
            return self.range_clause(Vec::new(), Tok::Illegal);
        }
        let lhs = match lhs {
            Some(l) => l,
            None => self.expr_list(),
        };
        let pos = lhs[0].pos;
        let op = self.tok.tok;
        let op_pos = self.pos();
        if lhs.len() == 1 && op != Tok::Assign && op != Tok::Define {
            let x = lhs[0];
            let kind = if op.assign_op().is_some() {
                self.next();
                let rhs = self.expression();
                StmtKind::Assign {
                    lhs: self.exprs(lhs),
                    op,
                    rhs: self.exprs(vec![rhs]),
                }
            } else if op == Tok::Inc || op == Tok::Dec {
                self.next();
                StmtKind::IncDec { x, inc: op == Tok::Inc }
            } else if op == Tok::Arrow {
                self.next();
                let value = self.expression();
                StmtKind::Send { ch: x, value }
            } else {
                return Simple::Stmt(
                    Stmt {
                        pos,
                        kind: StmtKind::Expr(x),
                    },
                    x.pos,
                );
            };
            return Simple::Stmt(Stmt { pos, kind }, op_pos);
        }
        if op == Tok::Assign || op == Tok::Define {
            self.next();
            if keyword == Some(Tok::For) && self.at(Tok::Range) {
                return self.range_clause(lhs, op);
            }
            let rhs = self.expr_list();
            let kind = StmtKind::Assign {
                lhs: self.exprs(lhs),
                op,
                rhs: self.exprs(rhs),
            };
            return Simple::Stmt(Stmt { pos, kind }, op_pos);
        }
        self.syntax_error("expected := or = or comma");
        self.advance(&[Tok::Semicolon, Tok::RBrace]);
        Simple::Stmt(
            Stmt {
                pos,
                kind: StmtKind::Expr(lhs[0]),
            },
            pos,
        )
    }

    /// `range x` (current token `range`) with the iteration variables `lhs`.
    fn range_clause(&mut self, lhs: Vec<&'a Expr<'a>>, op: Tok) -> Simple<'a> {
        self.next();
        if let Some(extra) = lhs.get(2) {
            self.error_at(extra.pos, "range clause permits at most two iteration variables");
        }
        let x = self.expression();
        Simple::Range {
            key: lhs.first().copied(),
            value: lhs.get(1).copied(),
            op,
            x,
        }
    }

    /// The header of an `if`, `for` or `switch` after its keyword, up to the `{`.
    fn header(&mut self, keyword: Tok) -> Header<'a> {
        let mut h = Header::default();
        if self.at(Tok::LBrace) {
            if keyword == Tok::If {
                self.syntax_error("missing condition in if statement");
                let bad = self.bad(self.pos());
                h.cond = Some((
                    Stmt {
                        pos: bad.pos,
                        kind: StmtKind::Expr(bad),
                    },
                    bad.pos,
                ));
            }
            return h;
        }
        let outer = self.xnest;
        self.xnest = -1;
        let mut init = None;
        if !self.at(Tok::Semicolon) {
            if self.got(Tok::Var) {
                let msg = format!("var declaration not allowed in {} initializer", keyword.as_str());
                self.syntax_error(&msg);
            }
            match self.simple_stmt(None, Some(keyword)) {
                r @ Simple::Range { .. } => {
                    h.range = Some(r);
                    self.xnest = outer;
                    return h;
                }
                Simple::Stmt(s, op_pos) => init = Some((s, op_pos)),
            }
        }
        let mut semi = None;
        if self.at(Tok::LBrace) {
            h.cond = init.take();
        } else {
            if self.at(Tok::Semicolon) {
                semi = Some((self.pos(), self.tok.text));
                self.next();
            } else {
                // Asking for "{" rather than ";" here gives the better message.
                self.want(Tok::LBrace);
                if !self.at(Tok::LBrace) {
                    self.advance(&[Tok::LBrace, Tok::RBrace]);
                }
            }
            if keyword == Tok::For {
                self.for_rest(&mut h);
            } else if !self.at(Tok::LBrace) {
                h.cond = Some(self.simple_stmt_in_header(keyword));
            }
        }
        h.init = init.map(|(s, _)| self.stmt(s));
        if h.cond.is_none()
            && keyword == Tok::If
            && let Some((pos, lit)) = semi
        {
            if lit == "semicolon" {
                self.syntax_error_at(pos, "missing condition in if statement");
            } else {
                self.syntax_error_at(pos, &format!("unexpected {lit}, expected {{ after if clause"));
            }
            let bad = self.bad(pos);
            h.cond = Some((
                Stmt {
                    pos,
                    kind: StmtKind::Expr(bad),
                },
                pos,
            ));
        }
        self.xnest = outer;
        h
    }

    fn simple_stmt_in_header(&mut self, keyword: Tok) -> (Stmt<'a>, Pos) {
        match self.simple_stmt(None, Some(keyword)) {
            Simple::Stmt(s, op_pos) => (s, op_pos),
            Simple::Range { x, .. } => (
                Stmt {
                    pos: x.pos,
                    kind: StmtKind::Expr(x),
                },
                x.pos,
            ),
        }
    }

    /// The condition and post statement of a three-clause `for`, after the first `;`.
    fn for_rest(&mut self, h: &mut Header<'a>) {
        if !self.at(Tok::Semicolon) {
            if self.at(Tok::LBrace) {
                self.syntax_error("expected for loop condition");
                return;
            }
            h.cond = Some(self.simple_stmt_in_header(Tok::Illegal));
        }
        self.want(Tok::Semicolon);
        if !self.at(Tok::LBrace) {
            let (post, op_pos) = self.simple_stmt_in_header(Tok::Illegal);
            if let StmtKind::Assign { op: Tok::Define, .. } = post.kind {
                self.syntax_error_at(op_pos, "cannot declare in post statement of for loop");
            }
            h.post = Some(self.stmt(post));
        }
    }

    /// The header's condition as an expression; gc rejects any other statement there.
    fn cond_expr(&mut self, cond: Option<(Stmt<'a>, Pos)>) -> Option<&'a Expr<'a>> {
        let (s, op_pos) = cond?;
        if let StmtKind::Expr(x) = s.kind {
            return Some(x);
        }
        let what = match &s.kind {
            StmtKind::Assign {
                lhs,
                op: Tok::Assign,
                rhs,
            } => format!("assignment {} = {}", emphasize(lhs), emphasize(rhs)),
            _ => stmt_string(&s),
        };
        self.syntax_error_at(op_pos, &format!("cannot use {what} as value"));
        Some(self.bad(s.pos))
    }

    fn if_stmt(&mut self) -> Stmt<'a> {
        let pos = self.pos();
        if !self.enter(STMT_DEPTH) {
            return Stmt {
                pos,
                kind: StmtKind::Empty,
            };
        }
        self.next();
        let h = self.header(Tok::If);
        let cond = self.cond_expr(h.cond).unwrap_or_else(|| self.bad(pos));
        let then = self.block("if clause");
        let mut els = None;
        if self.got(Tok::Else) {
            match self.tok.tok {
                Tok::If => {
                    let s = self.if_stmt();
                    els = Some(self.stmt(s));
                }
                Tok::LBrace => {
                    let b = self.block("");
                    els = Some(self.stmt(Stmt {
                        pos: b.lbrace,
                        kind: StmtKind::Block(b),
                    }));
                }
                _ => {
                    self.syntax_error("else must be followed by if or statement block");
                    self.advance(&[Tok::Ident, Tok::RBrace]);
                }
            }
        }
        self.leave(STMT_DEPTH);
        Stmt {
            pos,
            kind: StmtKind::If {
                init: h.init,
                cond,
                then,
                els,
            },
        }
    }

    fn for_stmt(&mut self) -> Stmt<'a> {
        let pos = self.pos();
        self.next();
        let h = self.header(Tok::For);
        if let Some(Simple::Range { key, value, op, x }) = h.range {
            let body = self.block("for clause");
            return Stmt {
                pos,
                kind: StmtKind::Range {
                    key,
                    value,
                    op,
                    x,
                    body,
                },
            };
        }
        let cond = self.cond_expr(h.cond);
        let body = self.block("for clause");
        Stmt {
            pos,
            kind: StmtKind::For {
                init: h.init,
                cond,
                post: h.post,
                body,
            },
        }
    }

    fn switch_stmt(&mut self) -> Stmt<'a> {
        let pos = self.pos();
        self.next();
        let mut h = self.header(Tok::Switch);
        let guard = h.cond.as_ref().and_then(|(s, _)| type_switch_guard(s));
        if guard.is_some() {
            h.cond = None;
        }
        let tag = self.cond_expr(h.cond);
        if !self.got(Tok::LBrace) {
            self.syntax_error("missing { after switch clause");
            self.advance(&[Tok::Case, Tok::Default, Tok::RBrace]);
        }
        let mut clauses = Vec::new();
        while !self.at(Tok::Eof) && !self.at(Tok::RBrace) {
            clauses.push(self.case_clause());
        }
        self.want(Tok::RBrace);
        let clauses = self.arena.alloc_slice_fill_iter(clauses);
        let kind = match guard {
            Some((bind, x)) => StmtKind::TypeSwitch {
                init: h.init,
                bind,
                x,
                clauses,
            },
            None => StmtKind::Switch {
                init: h.init,
                tag,
                clauses,
            },
        };
        Stmt { pos, kind }
    }

    fn case_clause(&mut self) -> CaseClause<'a> {
        let pos = self.pos();
        let mut exprs = None;
        match self.tok.tok {
            Tok::Case => {
                self.next();
                let list = self.expr_list();
                exprs = Some(self.exprs(list));
            }
            Tok::Default => self.next(),
            _ => {
                self.syntax_error("expected case or default or }");
                self.advance(&[Tok::Colon, Tok::Case, Tok::Default, Tok::RBrace]);
                exprs = Some(&[][..]);
            }
        }
        self.want(Tok::Colon);
        let body = self.stmt_list();
        CaseClause { pos, exprs, body }
    }

    fn select_stmt(&mut self) -> Stmt<'a> {
        let pos = self.pos();
        self.next();
        if !self.got(Tok::LBrace) {
            self.syntax_error("missing { after select clause");
            self.advance(&[Tok::Case, Tok::Default, Tok::RBrace]);
        }
        let mut clauses = Vec::new();
        while !self.at(Tok::Eof) && !self.at(Tok::RBrace) {
            clauses.push(self.comm_clause());
        }
        self.want(Tok::RBrace);
        let clauses = self.arena.alloc_slice_fill_iter(clauses);
        Stmt {
            pos,
            kind: StmtKind::Select { clauses },
        }
    }

    fn comm_clause(&mut self) -> CommClause<'a> {
        let pos = self.pos();
        let mut comm = None;
        match self.tok.tok {
            Tok::Case => {
                self.next();
                // Only sends and receives are valid here; the checker rejects the rest.
                let s = self.simple_stmt_plain(None);
                comm = Some(self.stmt(s));
            }
            Tok::Default => self.next(),
            _ => {
                self.syntax_error("expected case or default or }");
                self.advance(&[Tok::Colon, Tok::Case, Tok::Default, Tok::RBrace]);
            }
        }
        self.want(Tok::Colon);
        let body = self.stmt_list();
        CommClause { pos, comm, body }
    }
}

/// For a switch header statement `x.(type)` or `v := x.(type)`: the bound name and `x`.
fn type_switch_guard<'a>(s: &Stmt<'a>) -> Option<(Option<Ident<'a>>, &'a Expr<'a>)> {
    let guard_x = |e: &'a Expr<'a>| match e.kind {
        ExprKind::TypeAssert { x, typ: None } => Some(x),
        _ => None,
    };
    match s.kind {
        StmtKind::Expr(e) => Some((None, guard_x(e)?)),
        StmtKind::Assign {
            lhs: [l],
            op: Tok::Define,
            rhs: [r],
        } => match l.kind {
            ExprKind::Ident(n) => Some((Some(n), guard_x(r)?)),
            _ => None,
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Source text of nodes, for error messages

/// How deep `expr_string` descends before abbreviating.
const MAX_PRINT_DEPTH: u32 = 50;

fn expr_string(e: &Expr) -> String {
    let mut s = String::new();
    write_expr(e, &mut s, 0);
    s
}

/// An expression list, with a binary expression in parentheses to set it off from an
/// assignment's `=`.
fn emphasize(list: &[&Expr]) -> String {
    let mut s = String::new();
    if let [
        e @ Expr {
            kind: ExprKind::Binary { .. },
            ..
        },
    ] = list
    {
        s.push('(');
        write_expr(e, &mut s, 0);
        s.push(')');
        return s;
    }
    write_list(list, &mut s, 0);
    s
}

fn stmt_string(s: &Stmt) -> String {
    let mut out = String::new();
    match &s.kind {
        StmtKind::Expr(x) => write_expr(x, &mut out, 0),
        StmtKind::Assign { lhs, op, rhs } => {
            write_list(lhs, &mut out, 0);
            out.push_str(&format!(" {} ", op.as_str()));
            write_list(rhs, &mut out, 0);
        }
        StmtKind::IncDec { x, inc } => {
            write_expr(x, &mut out, 0);
            out.push_str(if *inc { "++" } else { "--" });
        }
        StmtKind::Send { ch, value } => {
            write_expr(ch, &mut out, 0);
            out.push_str(" <- ");
            write_expr(value, &mut out, 0);
        }
        _ => out.push_str("statement"),
    }
    out
}

fn write_list(list: &[&Expr], s: &mut String, depth: u32) {
    for (i, e) in list.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        write_expr(e, s, depth);
    }
}

fn write_expr(e: &Expr, s: &mut String, depth: u32) {
    if depth > MAX_PRINT_DEPTH {
        s.push('…');
        return;
    }
    let d = depth + 1;
    match &e.kind {
        ExprKind::Ident(n) => s.push_str(n.name),
        ExprKind::BasicLit { raw, .. } => s.push_str(raw),
        ExprKind::CompositeLit { typ, elts, .. } => {
            if let Some(t) = typ {
                write_expr(t, s, d);
            }
            s.push_str(if elts.is_empty() { "{}" } else { "{…}" });
        }
        ExprKind::KeyValue { key, value } => {
            write_expr(key, s, d);
            s.push_str(": ");
            write_expr(value, s, d);
        }
        ExprKind::FuncLit { .. } => s.push_str("func(…) {…}"),
        ExprKind::Paren(x) => {
            s.push('(');
            write_expr(x, s, d);
            s.push(')');
        }
        ExprKind::Selector(x, sel) => {
            write_expr(x, s, d);
            s.push('.');
            s.push_str(sel.name);
        }
        ExprKind::Index(x, idx) => {
            write_expr(x, s, d);
            s.push('[');
            write_list(idx, s, d);
            s.push(']');
        }
        ExprKind::Slice { x, lo, hi, max, three } => {
            write_expr(x, s, d);
            s.push('[');
            let parts = if *three { vec![lo, hi, max] } else { vec![lo, hi] };
            for (i, part) in parts.into_iter().enumerate() {
                if i > 0 {
                    s.push(':');
                }
                if let Some(p) = part {
                    write_expr(p, s, d);
                }
            }
            s.push(']');
        }
        ExprKind::TypeAssert { x, typ } => {
            write_expr(x, s, d);
            s.push_str(".(");
            match typ {
                Some(t) => write_expr(t, s, d),
                None => s.push_str("type"),
            }
            s.push(')');
        }
        ExprKind::Call {
            fun, args, ellipsis, ..
        } => {
            write_expr(fun, s, d);
            s.push('(');
            write_list(args, s, d);
            if ellipsis.is_some() {
                s.push_str("...");
            }
            s.push(')');
        }
        ExprKind::Star(x) => {
            s.push('*');
            write_expr(x, s, d);
        }
        ExprKind::Unary { op, x } => {
            s.push_str(op.as_str());
            write_expr(x, s, d);
        }
        ExprKind::Binary { op, x, y } => {
            write_expr(x, s, d);
            s.push_str(&format!(" {} ", op.as_str()));
            write_expr(y, s, d);
        }
        ExprKind::ArrayType { len, elem } => {
            s.push('[');
            if let Some(l) = len {
                write_expr(l, s, d);
            }
            s.push(']');
            write_expr(elem, s, d);
        }
        ExprKind::Ellipsis(x) => {
            s.push_str("...");
            if let Some(x) = x {
                write_expr(x, s, d);
            }
        }
        ExprKind::StructType { .. } => s.push_str("struct{…}"),
        ExprKind::FuncType(_) => s.push_str("func(…)"),
        ExprKind::InterfaceType { .. } => s.push_str("interface{…}"),
        ExprKind::MapType { key, value } => {
            s.push_str("map[");
            write_expr(key, s, d);
            s.push(']');
            write_expr(value, s, d);
        }
        ExprKind::ChanType { dir, elem } => {
            s.push_str(match dir {
                ChanDir::Both => "chan ",
                ChanDir::Send => "chan<- ",
                ChanDir::Recv => "<-chan ",
            });
            write_expr(elem, s, d);
        }
        ExprKind::Bad => s.push_str("BadExpr"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// Offsets of the first byte of each line.
    fn line_starts(text: &str) -> Vec<u32> {
        let newlines = text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
        std::iter::once(0).chain(newlines.map(|(i, _)| i as u32 + 1)).collect()
    }

    /// Parses `src` and returns its diagnostics as `line:col: message`.
    fn errors(src: &str) -> Vec<String> {
        let arena = Bump::new();
        let mut diags = Diagnostics::default();
        let mut next_id = 0;
        parse_file(&arena, src, 0, Bodies::Parse, &mut next_id, &mut diags);
        let starts = line_starts(src);
        diags
            .list
            .iter()
            .map(|d| {
                let line = starts.partition_point(|&s| s <= d.pos.0);
                let col = d.pos.0 - starts[line - 1] + 1;
                format!("{line}:{col}: {}", d.msg)
            })
            .collect()
    }

    fn first_error(src: &str) -> String {
        errors(src).into_iter().next().unwrap_or_default()
    }

    /// Wraps statements in a function body.
    fn in_func(body: &str) -> String {
        format!("package main\n\nfunc main() {{\n{body}\n}}\n")
    }

    fn with_file<R>(src: &str, f: impl FnOnce(&File) -> R) -> R {
        let arena = Bump::new();
        let mut diags = Diagnostics::default();
        let mut next_id = 0;
        let file = parse_file(&arena, src, 0, Bodies::Parse, &mut next_id, &mut diags);
        assert!(diags.is_empty(), "{src}: {:?}", diags.list);
        f(file)
    }

    fn main_body<'a>(file: &File<'a>) -> &'a [Stmt<'a>] {
        for d in file.decls {
            if let Decl::Func(f) = d
                && f.name.name == "main"
            {
                return f.body.and_then(Body::block).expect("body").stmts;
            }
        }
        panic!("no main")
    }

    #[test]
    fn syntax_errors_match_gc() {
        let cases: &[(&str, &str)] = &[
            (
                "package main\nx := 1\n",
                "2:1: syntax error: non-declaration statement outside function body",
            ),
            (
                "package main\nfunc main() {\n\tif x := 1 {\n\t}\n}\n",
                "3:7: syntax error: cannot use x := 1 as value",
            ),
            (
                "package main\nfunc main() {\n\tif x = 1 {\n\t}\n}\n",
                "3:7: syntax error: cannot use assignment x = 1 as value",
            ),
            (
                "package main\nfunc main() {\n\tf(a\n}\n",
                "3:5: syntax error: unexpected newline in argument list; possibly missing comma or )",
            ),
            (
                "package main\nfunc main() {\n\tx := \n}\n",
                "4:1: syntax error: unexpected }, expected expression",
            ),
            (
                "package main\nfunc main() {\n\tx y\n}\n",
                "3:4: syntax error: unexpected name y at end of statement",
            ),
            (
                "package main\nfunc main() {\n\tif true {\n\t} else x()\n}\n",
                "4:9: syntax error: else must be followed by if or statement block",
            ),
            (
                "package main\nfunc main() {\n\tfor i := 0; i < 3; i++\n\t{\n\t}\n}\n",
                "3:24: syntax error: unexpected newline, expected { after for clause",
            ),
            (
                "package main\nfunc main() {\n\tfor i := 0; {\n\t}\n}\n",
                "3:14: syntax error: unexpected {, expected for loop condition",
            ),
            (
                "package main\nfunc main() {\n\tif x\n\t{\n\t}\n}\n",
                "3:6: syntax error: unexpected newline, expected { after if clause",
            ),
            (
                "package main\nfunc main() {\n\tx := range y\n}\n",
                "3:7: syntax error: unexpected keyword range, expected expression",
            ),
            (
                "package main\nfunc main()\n{\n}\n",
                "3:1: syntax error: unexpected semicolon or newline before {",
            ),
            ("func main() {}\n", "1:1: syntax error: package statement must be first"),
            ("package main\nimport fmt\n", "2:11: syntax error: missing import path"),
            (
                "package main\nvar x = []int{1, 2\n}\n",
                "2:19: syntax error: unexpected newline in composite literal; possibly missing comma or }",
            ),
            (
                "package main\nfunc f() {\n\tvar x int = \n}\n",
                "4:1: syntax error: unexpected }, expected expression",
            ),
            (
                "package main\nfunc (a, b T) f() {}\n",
                "2:15: method has multiple receivers",
            ),
            (
                "package main\nfunc main() {\n\tfor i := 0; i < 3; j := 1 {\n\t}\n}\n",
                "3:23: syntax error: cannot declare in post statement of for loop",
            ),
            (
                "package main\nfunc main() {\n\tswitch x {\n\tcase 1\n\t}\n}\n",
                "4:8: syntax error: unexpected newline, expected :",
            ),
            (
                "package main\ntype T struct {\n\ta int,\n}\n",
                "3:7: syntax error: unexpected comma in struct type; possibly missing semicolon or newline or }",
            ),
            (
                "package main\nfunc main() {\n\tdefer (f())\n}\n",
                "3:8: expression in defer must not be parenthesized",
            ),
            ("package main\nvar x = 08\n", "2:10: invalid digit '8' in octal literal"),
            ("package main\nvar s = \"abc\n", "2:13: newline in string"),
            ("package main\nfunc main() {\n\tL:\n}\n", ""),
            ("package main\nfunc main() {\n\tgo func() {}\n}\n", ""),
        ];
        for (src, want) in cases {
            assert_eq!(first_error(src), *want, "{src}");
        }
    }

    #[test]
    fn one_syntax_error_per_line_and_recovery() {
        let src = in_func("\tx := (1 +\n\ty := 2\n\tz := )\n\tw := 3 3\n");
        let errs = errors(&src);
        let lines: Vec<&str> = errs.iter().map(|e| e.split(':').next().unwrap()).collect();
        let mut dedup = lines.clone();
        dedup.dedup();
        assert_eq!(lines, dedup, "{errs:?}");
        assert!(errs.len() >= 2, "{errs:?}");
    }

    #[test]
    fn generics_parse() {
        let src = "package main

type Number interface {
	~int | ~int64 | float64
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type List[T any] []T

type Tree[T interface{ Less(T) bool }] struct{ left, right *Tree[T] }

func Map[T, U any](xs []T, f func(T) U) []U {
	var out []U
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Sum[T ~int | ~string](xs ...T) (s T) {
	for _, x := range xs {
		s += x
	}
	return
}

func (p *Pair[K, V]) Get() V { return p.Val }

var arr [N]int

const N = 4

func main() {
	m := Map[int, string]([]int{1}, func(i int) string { return \"\" })
	_ = Sum(1, 2)
	p := Pair[string, int]{Key: \"a\", Val: 1}
	_ = m
	_ = p
	f := Map[int, int]
	_ = f
}
";
        with_file(src, |f| {
            let Decl::Gen(g) = f.decls[1] else { panic!() };
            let Spec::Type(t) = &g.specs[0] else { panic!() };
            assert_eq!(t.tparams.len(), 2);
            let Decl::Func(m) = f.decls[4] else { panic!() };
            assert_eq!(m.tparams[0].names.len(), 2);
            let Decl::Gen(g) = f.decls[7] else { panic!() };
            let Spec::Value(v) = &g.specs[0] else { panic!() };
            assert!(matches!(v.typ.unwrap().kind, ExprKind::ArrayType { len: Some(_), .. }));
            let Decl::Gen(g) = f.decls[0] else { panic!() };
            let Spec::Type(t) = &g.specs[0] else { panic!() };
            let ExprKind::InterfaceType { elems } = &t.typ.kind else {
                panic!()
            };
            let InterfaceElem::Embed(e) = &elems[0] else { panic!() };
            assert!(matches!(e.kind, ExprKind::Binary { op: Tok::Or, .. }));
        });
    }

    #[test]
    fn statements_parse_to_the_right_nodes() {
        let src = in_func(
            "\tswitch v := x.(type) {\n\tcase int, nil:\n\tdefault:\n\t}\n\
             \tfor range 10 {\n\t}\n\tfor i := range n {\n\t}\n\tfor k, v = range m {\n\t}\n\
             \tif v := f(); v > 0 {\n\t} else if true {\n\t} else {\n\t}\n\
             \tselect {\n\tcase v := <-ch:\n\tcase ch <- 1:\n\tdefault:\n\t}\n\
             \tL: for {\n\t\tbreak L\n\t}\n\tgoto L\n\tx, y = y, x\n\tx <<= 2\n\ti++\n\ts = s[1:2:3]\n\
             \tc := make(<-chan int)\n\tp := (*T)(nil)\n\tb := []byte(\"s\")\n\tf(xs...)\n\tt := T{}\n",
        );
        with_file(&src, |f| {
            let body = main_body(f);
            let kinds: Vec<&str> = body
                .iter()
                .map(|s| match &s.kind {
                    StmtKind::TypeSwitch { bind: Some(_), .. } => "typeswitch",
                    StmtKind::Range { op: Tok::Illegal, .. } => "range0",
                    StmtKind::Range {
                        op: Tok::Define,
                        value: None,
                        ..
                    } => "range1",
                    StmtKind::Range {
                        op: Tok::Assign,
                        value: Some(_),
                        ..
                    } => "range2",
                    StmtKind::If {
                        init: Some(_),
                        els: Some(_),
                        ..
                    } => "if",
                    StmtKind::Select { clauses } if clauses.len() == 3 => "select",
                    StmtKind::Labeled { .. } => "label",
                    StmtKind::Branch {
                        kind: BranchKind::Goto, ..
                    } => "goto",
                    StmtKind::Assign { op: Tok::Assign, .. } => "assign",
                    StmtKind::Assign { op: Tok::ShlAssign, .. } => "opassign",
                    StmtKind::IncDec { inc: true, .. } => "inc",
                    StmtKind::Assign { op: Tok::Define, .. } => "define",
                    StmtKind::Expr(_) => "expr",
                    _ => "other",
                })
                .collect();
            assert_eq!(
                kinds,
                [
                    "typeswitch",
                    "range0",
                    "range1",
                    "range2",
                    "if",
                    "select",
                    "label",
                    "goto",
                    "assign",
                    "opassign",
                    "inc",
                    "assign",
                    "define",
                    "define",
                    "define",
                    "expr",
                    "define"
                ]
            );
            let StmtKind::Assign { rhs, .. } = &body[12].kind else {
                panic!()
            };
            let ExprKind::Call { args, .. } = &rhs[0].kind else {
                panic!()
            };
            assert!(matches!(args[0].kind, ExprKind::ChanType { dir: ChanDir::Recv, .. }));
            let StmtKind::Expr(call) = &body[15].kind else { panic!() };
            assert!(matches!(call.kind, ExprKind::Call { ellipsis: Some(_), .. }));
        });
    }

    #[test]
    fn composite_literals_in_headers_need_parens() {
        let src = in_func("\tif x == (T{}) {\n\t}\n\tfor _, v := range []int{1, 2} {\n\t\t_ = v\n\t}\n");
        with_file(&src, |_| ());
        // Without parens `T {` opens the body, as in gc.
        let src = in_func("\tif x == T{} {\n\t}\n");
        assert!(!errors(&src).is_empty());
    }

    #[test]
    fn declarations_and_iota() {
        let src = "package main

import (
	\"fmt\"
	f \"fmt\"
	_ \"os\"
	. \"strings\"
)

const (
	A = iota * 10
	B
	C, D = 1, 2
	E, F
)

type T struct {
	a, b int `json:\"a\"`
	*U
	pkg.V
	W[int]
	arr [4]int
}

var x, y int = 1, 2
";
        with_file(src, |f| {
            let names: Vec<_> = f.imports.iter().map(|i| i.name.map(|n| n.name)).collect();
            assert_eq!(names, [None, Some("f"), Some("_"), Some(".")]);
            assert!(
                f.imports
                    .iter()
                    .all(|i| i.path == "fmt" || i.path == "os" || i.path == "strings")
            );
            let Decl::Gen(g) = f.decls[0] else { panic!() };
            let specs: Vec<(u32, bool)> = g
                .specs
                .iter()
                .map(|s| match s {
                    Spec::Value(v) => (v.iota, v.implicit),
                    Spec::Type(_) => panic!(),
                })
                .collect();
            assert_eq!(specs, [(0, false), (1, true), (2, false), (3, true)]);
            let Decl::Gen(g) = f.decls[1] else { panic!() };
            let Spec::Type(t) = &g.specs[0] else { panic!() };
            let ExprKind::StructType { fields } = &t.typ.kind else {
                panic!()
            };
            assert_eq!(fields.len(), 5);
            assert_eq!(fields[0].names.len(), 2);
            assert_eq!(fields[0].tag, Some("`json:\"a\"`"));
            assert!(fields[1..4].iter().all(|f| f.names.is_empty()));
            assert!(matches!(fields[3].typ.kind, ExprKind::Index(..)));
            assert!(matches!(fields[4].typ.kind, ExprKind::ArrayType { .. }));
        });
    }

    #[test]
    fn node_ids_are_unique_and_positions_offset_by_base() {
        let arena = Bump::new();
        let mut diags = Diagnostics::default();
        let mut next_id = 100;
        let f = parse_file(
            &arena,
            "package main\nvar x = y + 1\n",
            1000,
            Bodies::Parse,
            &mut next_id,
            &mut diags,
        );
        assert!(diags.is_empty());
        assert_eq!(f.package.pos, Pos(1008));
        let Decl::Gen(g) = f.decls[0] else { panic!() };
        let Spec::Value(v) = &g.specs[0] else { panic!() };
        assert_eq!(v.values[0].pos, Pos(1000 + 21));
        assert!(next_id > 100);
    }

    /// The corpus directories: the conformance programs and benchmarks (vendored under
    /// `tests/` in the project, else beside it in `../shared`) and the embedded standard
    /// library sources.
    fn dirs() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let first = |cands: &[&str]| cands.iter().map(|d| root.join(d)).find(|d| d.is_dir());
        [
            first(&["tests/corpus", "../shared/conformance"]),
            first(&["tests/bench", "../shared/bench"]),
            first(&["src/runtime/std"]),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Every `.go` file under `dir`, recursively.
    fn go_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                go_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "go") {
                out.push(p);
            }
        }
    }

    fn corpus() -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        for d in dirs() {
            go_files(&d, &mut files);
        }
        files.sort();
        files
            .into_iter()
            .filter_map(|p| std::fs::read_to_string(&p).ok().map(|s| (p, s)))
            .collect()
    }

    #[test]
    fn corpus_parses_without_diagnostics() {
        let files = corpus();
        if files.is_empty() {
            eprintln!("corpus not found; skipped");
            return;
        }
        for (path, text) in &files {
            let errs = errors(text);
            assert!(errs.is_empty(), "{}: {errs:?}", path.display());
        }
    }

    /// A small deterministic generator (xorshift64), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
    }

    /// Parses `src` in a thread with a small stack: it must return, not panic or overflow.
    fn survives(srcs: Vec<String>) {
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                for src in srcs {
                    let start = std::time::Instant::now();
                    errors(&src);
                    assert!(start.elapsed().as_secs() < 5, "slow on {src:?}");
                }
            })
            .expect("thread");
        handle.join().expect("parser panicked");
    }

    fn char_floor(s: &str, mut i: usize) -> usize {
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    #[test]
    fn mangled_programs_never_crash() {
        let files: Vec<String> = corpus().into_iter().map(|(_, s)| s).collect();
        if files.is_empty() {
            return;
        }
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut inputs = Vec::new();
        for (i, f) in files.iter().enumerate() {
            // Truncations.
            for k in 1..8 {
                inputs.push(f[..char_floor(f, f.len() * k / 8)].to_string());
            }
            // A splice of this file's first half with another's second half.
            let g = &files[rng.below(files.len())];
            inputs.push(format!(
                "{}{}",
                &f[..char_floor(f, f.len() / 2)],
                &g[char_floor(g, g.len() / 2)..]
            ));
            // Random byte ranges deleted.
            let mut s = f.clone();
            for _ in 0..4 {
                let a = char_floor(&s, rng.below(s.len()));
                let b = char_floor(&s, (a + rng.below(40)).min(s.len()));
                s.replace_range(a..b, "");
            }
            inputs.push(s);
            // Random bytes, invalid UTF-8 included, read lossily.
            if i % 4 == 0 {
                let bytes: Vec<u8> = (0..200).map(|_| rng.below(256) as u8).collect();
                inputs.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        survives(inputs);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = 100_000;
        let inputs = vec![
            format!("package main\nvar x = {}1{}\n", "(".repeat(deep), ")".repeat(deep)),
            format!("package main\nvar x = {}\n", "(".repeat(deep)),
            format!("package main\nvar x = {}1\n", "-".repeat(deep)),
            format!("package main\nvar x {}int\n", "*".repeat(deep)),
            format!("package main\nvar x {}int\n", "[]".repeat(deep)),
            format!("package main\nvar x = T{}\n", "{".repeat(deep)),
            format!("package main\nfunc f() {}\n", "{".repeat(deep)),
            format!("package main\nfunc f() {{ {} }}\n", "if x {} else ".repeat(deep)),
            format!("package main\nfunc f() {{ {} }}\n", "L: ".repeat(deep)),
            format!("package main\nvar x = {}\n", "func() { ".repeat(deep)),
            format!("package main\ntype T[P {}] int\n", "a|".repeat(deep)),
            format!("package main\nvar x = 1{}\n", " + 1".repeat(deep)),
        ];
        let first = inputs[0].clone();
        survives(inputs);
        let errs = errors(&first);
        assert!(
            errs.iter().any(|e| e.contains("exceeded max nesting depth")),
            "{errs:?}"
        );
    }
}

//! The parser: tokens to the arena-allocated syntax tree, for the whole Go 1.22 grammar.
//!
//! Syntax errors use the Go compiler's wording. After an error the parser skips to the end
//! of the statement or declaration, reporting at most one error per line as gc does. Every
//! loop consumes a token or stops, and nesting is capped, so any input terminates without
//! exhausting the Rust stack.

use bumpalo::Bump;

use super::ast::*;
use super::diag::Diagnostics;
use super::lex::{Lexer, Token};
use super::source::Pos;
use super::token::Tok;

/// Deeper nesting than this is rejected rather than risking the Rust stack.
const MAX_DEPTH: u32 = 500;

/// Parses one file whose first byte has position `base`.
pub fn parse_file<'a>(
    arena: &'a Bump,
    text: &str,
    base: u32,
    next_id: &mut u32,
    diags: &mut Diagnostics,
) -> &'a File<'a> {
    let text: &'a str = arena.alloc_str(text);
    let mut p = Parser {
        arena,
        lx: Lexer::new(text, base),
        tok: Token {
            tok: Tok::Eof,
            pos: Pos(base),
            text: "",
        },
        next_id,
        diags,
        depth: 0,
        expr_lev: 0,
        last_error_line: None,
        line_starts: line_starts(text, base),
        too_deep: false,
    };
    p.next();
    p.file()
}

fn line_starts(text: &str, base: u32) -> Vec<u32> {
    let mut v = vec![base];
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            v.push(base + i as u32 + 1);
        }
    }
    v
}

struct Parser<'a, 'd> {
    arena: &'a Bump,
    lx: Lexer<'a>,
    tok: Token<'a>,
    next_id: &'d mut u32,
    diags: &'d mut Diagnostics,
    depth: u32,
    /// < 0 inside control clauses, where `T {` starts a block rather than a literal.
    expr_lev: i32,
    last_error_line: Option<usize>,
    line_starts: Vec<u32>,
    too_deep: bool,
}

type PResult<T> = Result<T, ()>;

impl<'a, 'd> Parser<'a, 'd> {
    fn next(&mut self) {
        self.tok = self.lx.next(self.diags);
    }

    fn id(&mut self) -> NodeId {
        let id = NodeId(*self.next_id);
        *self.next_id += 1;
        id
    }

    fn alloc<T>(&self, v: T) -> &'a T {
        self.arena.alloc(v)
    }

    fn slice<T: Copy>(&self, v: Vec<T>) -> &'a [T] {
        self.arena.alloc_slice_copy(&v)
    }

    fn vec_slice<T>(&self, v: Vec<T>) -> &'a [T] {
        self.arena.alloc_slice_fill_iter(v)
    }

    fn expr(&mut self, pos: Pos, kind: ExprKind<'a>) -> &'a Expr<'a> {
        let id = self.id();
        self.alloc(Expr { pos, id, kind })
    }

    fn line_of(&self, pos: Pos) -> usize {
        self.line_starts.partition_point(|&s| s <= pos.0)
    }

    /// Reports a syntax error at `pos`, at most one per line.
    fn error_at(&mut self, pos: Pos, msg: impl Into<String>) {
        let line = self.line_of(pos);
        if self.last_error_line == Some(line) {
            return;
        }
        self.last_error_line = Some(line);
        self.diags.error(pos, format!("syntax error: {}", msg.into()));
    }

    fn tok_desc(&self) -> String {
        let t = self.tok;
        match t.tok {
            Tok::Semicolon if t.text == "\n" => "newline".into(),
            Tok::Eof => "EOF".into(),
            Tok::Ident => format!("name {}", t.text),
            Tok::Int | Tok::Float | Tok::Imag | Tok::Char | Tok::String => {
                format!("literal {}", t.text)
            }
            k if k.is_keyword() => format!("keyword {}", k.as_str()),
            k => k.as_str().to_string(),
        }
    }

    fn unexpected(&mut self, expected: &str) {
        let d = self.tok_desc();
        let pos = self.tok.pos;
        if expected.is_empty() {
            self.error_at(pos, format!("unexpected {d}"));
        } else {
            self.error_at(pos, format!("unexpected {d}, expected {expected}"));
        }
    }

    fn got(&mut self, t: Tok) -> bool {
        if self.tok.tok == t {
            self.next();
            true
        } else {
            false
        }
    }

    fn want(&mut self, t: Tok) -> PResult<Pos> {
        let pos = self.tok.pos;
        if self.got(t) {
            Ok(pos)
        } else {
            self.unexpected(t.as_str());
            Err(())
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                let pos = self.tok.pos;
                self.diags.error(pos, "syntax error: exceeded max nesting depth");
            }
            return Err(());
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Skips to the end of the current statement (or the enclosing block's end).
    fn skip_stmt(&mut self) {
        let mut nest = 0i32;
        loop {
            match self.tok.tok {
                Tok::Eof => return,
                Tok::Semicolon if nest <= 0 => return,
                Tok::LBrace | Tok::LParen | Tok::LBrack => nest += 1,
                Tok::RBrace | Tok::RParen | Tok::RBrack => {
                    if nest <= 0 {
                        if self.tok.tok == Tok::RBrace {
                            return;
                        }
                    } else {
                        nest -= 1;
                    }
                }
                _ => {}
            }
            self.next();
        }
    }

    // ---- file and declarations ----

    fn file(&mut self) -> &'a File<'a> {
        let pkg_pos = self.tok.pos;
        let package = if self.tok.tok == Tok::Package {
            self.next();
            let id = self.ident_or_error();
            self.end_of_decl();
            id
        } else {
            self.error_at(pkg_pos, "package statement must be first");
            Ident {
                name: "main",
                pos: pkg_pos,
                id: self.id(),
            }
        };
        let mut imports = Vec::new();
        while self.tok.tok == Tok::Import {
            self.next();
            if self.got(Tok::LParen) {
                while self.tok.tok != Tok::RParen && self.tok.tok != Tok::Eof {
                    let before = self.tok.pos;
                    if let Some(s) = self.import_spec() {
                        imports.push(s);
                    }
                    if self.tok.tok != Tok::RParen && !self.got(Tok::Semicolon) {
                        self.unexpected("semicolon, newline, or )");
                        self.skip_stmt();
                        if self.tok.pos == before {
                            self.next();
                        }
                    }
                }
                let _ = self.want(Tok::RParen);
            } else if let Some(s) = self.import_spec() {
                imports.push(s);
            }
            self.end_of_decl();
        }
        let mut decls = Vec::new();
        while self.tok.tok != Tok::Eof {
            let before = self.tok.pos;
            match self.top_decl() {
                Some(d) => decls.push(d),
                None => {
                    self.skip_stmt();
                }
            }
            if self.tok.tok != Tok::Eof && !self.got(Tok::Semicolon) {
                if self.tok.tok == Tok::Import {
                    self.error_at(self.tok.pos, "imports must appear before other declarations");
                } else {
                    self.unexpected("semicolon or newline after top level declaration");
                }
                self.skip_stmt();
                self.got(Tok::Semicolon);
            }
            if self.tok.pos == before && self.tok.tok != Tok::Eof {
                self.next();
            }
        }
        let imports = self.vec_slice(imports);
        let decls = self.slice(decls);
        self.alloc(File {
            package,
            imports,
            decls,
        })
    }

    fn end_of_decl(&mut self) {
        if self.tok.tok != Tok::Eof && !self.got(Tok::Semicolon) {
            self.unexpected("semicolon or newline");
            self.skip_stmt();
            self.got(Tok::Semicolon);
        }
    }

    fn import_spec(&mut self) -> Option<ImportSpec<'a>> {
        let name = match self.tok.tok {
            Tok::Ident => Some(self.ident_or_error()),
            Tok::Period => {
                let pos = self.tok.pos;
                self.next();
                Some(Ident {
                    name: ".",
                    pos,
                    id: self.id(),
                })
            }
            _ => None,
        };
        let pos = self.tok.pos;
        if self.tok.tok != Tok::String {
            self.error_at(pos, "missing import path; require quoted string");
            self.skip_stmt();
            return None;
        }
        let raw = self.tok.text;
        self.next();
        let path = match super::constant::Value::from_literal(LitKind::String, raw) {
            Ok(super::constant::Value::String(s)) => self.arena.alloc_str(&String::from_utf8_lossy(&s)),
            _ => "",
        };
        Some(ImportSpec { name, path, pos })
    }

    fn top_decl(&mut self) -> Option<Decl<'a>> {
        match self.tok.tok {
            Tok::Func => self.func_decl().ok().map(Decl::Func),
            Tok::Const | Tok::Var | Tok::Type => self.gen_decl().ok().map(Decl::Gen),
            _ => {
                let pos = self.tok.pos;
                if self.tok.tok == Tok::Import {
                    self.error_at(pos, "imports must appear before other declarations");
                } else {
                    self.error_at(pos, "non-declaration statement outside function body");
                }
                None
            }
        }
    }

    fn gen_decl(&mut self) -> PResult<&'a GenDecl<'a>> {
        let pos = self.tok.pos;
        let kind = match self.tok.tok {
            Tok::Const => GenKind::Const,
            Tok::Var => GenKind::Var,
            _ => GenKind::Type,
        };
        self.next();
        let mut specs = Vec::new();
        if self.got(Tok::LParen) {
            let mut iota = 0;
            while self.tok.tok != Tok::RParen && self.tok.tok != Tok::Eof {
                let before = self.tok.pos;
                match self.spec(kind, iota) {
                    Ok(s) => specs.push(s),
                    Err(()) => self.skip_stmt(),
                }
                iota += 1;
                if self.tok.tok != Tok::RParen && !self.got(Tok::Semicolon) {
                    self.unexpected("semicolon, newline, or )");
                    self.skip_stmt();
                    self.got(Tok::Semicolon);
                }
                if self.tok.pos == before && self.tok.tok != Tok::RParen {
                    self.next();
                }
            }
            self.want(Tok::RParen)?;
        } else {
            specs.push(self.spec(kind, 0)?);
        }
        let specs = self.vec_slice(specs);
        Ok(self.alloc(GenDecl { kind, pos, specs }))
    }

    fn spec(&mut self, kind: GenKind, iota: u32) -> PResult<Spec<'a>> {
        if kind == GenKind::Type {
            let name = self.ident()?;
            let mut tparams: &'a [Field<'a>] = &[];
            if self.tok.tok == Tok::LBrack {
                // `type T[P any] ...` versus the array type `type T [N]int`.
                let lpos = self.tok.pos;
                self.next();
                if self.tok.tok == Tok::Ident {
                    let save_expr = self.type_or_expr_in_brackets()?;
                    if let Some(tp) = save_expr {
                        tparams = tp;
                    } else {
                        return Err(());
                    }
                } else {
                    // Array type.
                    let len = if self.tok.tok == Tok::RBrack {
                        None
                    } else if self.tok.tok == Tok::Ellipsis {
                        let p = self.tok.pos;
                        self.next();
                        Some(self.expr(p, ExprKind::Ellipsis(None)))
                    } else {
                        Some(self.expression()?)
                    };
                    self.want(Tok::RBrack)?;
                    let elem = self.type_()?;
                    let typ = self.expr(lpos, ExprKind::ArrayType { len, elem });
                    return Ok(Spec::Type(TypeSpec {
                        name,
                        tparams,
                        alias: false,
                        typ,
                    }));
                }
            }
            let alias = self.got(Tok::Assign);
            let typ = self.type_()?;
            return Ok(Spec::Type(TypeSpec {
                name,
                tparams,
                alias,
                typ,
            }));
        }
        let mut names = vec![self.ident()?];
        while self.got(Tok::Comma) {
            names.push(self.ident()?);
        }
        let names = self.slice(names);
        let mut typ = None;
        let mut values: &'a [&'a Expr<'a>] = &[];
        if !matches!(self.tok.tok, Tok::Assign | Tok::Semicolon | Tok::RParen) {
            typ = Some(self.type_()?);
        }
        if self.got(Tok::Assign) {
            values = self.expr_list()?;
        }
        let implicit = kind == GenKind::Const && typ.is_none() && values.is_empty();
        if kind == GenKind::Var && typ.is_none() && values.is_empty() {
            self.unexpected("type");
            return Err(());
        }
        Ok(Spec::Value(ValueSpec {
            names,
            typ,
            values,
            iota,
            implicit,
        }))
    }

    /// After `type T [` and an identifier: a type parameter list, or an array length
    /// expression. Returns the parameters, or None after reporting the array case.
    fn type_or_expr_in_brackets(&mut self) -> PResult<Option<&'a [Field<'a>]>> {
        // `[N]T` with N a constant name: an identifier followed by `]`.
        let first = self.ident()?;
        if self.tok.tok == Tok::RBrack {
            self.next();
            let len = self.expr(first.pos, ExprKind::Ident(first));
            let elem = self.type_()?;
            let _ = (len, elem);
            self.error_at(
                first.pos,
                "array length must be a constant expression in type declarations with a single name (govm)",
            );
            return Ok(None);
        }
        let fields = self.type_params_after(first)?;
        Ok(Some(fields))
    }

    /// The rest of a type parameter list whose first name has been read.
    fn type_params_after(&mut self, first: Ident<'a>) -> PResult<&'a [Field<'a>]> {
        let mut fields = Vec::new();
        let mut names = vec![first];
        loop {
            while self.got(Tok::Comma) {
                names.push(self.ident()?);
            }
            let typ = self.constraint()?;
            fields.push(Field {
                names: self.slice(std::mem::take(&mut names)),
                typ,
                tag: None,
            });
            if self.got(Tok::Comma) {
                if self.tok.tok == Tok::RBrack {
                    break;
                }
                names.push(self.ident()?);
                continue;
            }
            break;
        }
        self.want(Tok::RBrack)?;
        Ok(self.vec_slice(fields))
    }

    /// A constraint: a type, or a union of `~T` terms.
    fn constraint(&mut self) -> PResult<&'a Expr<'a>> {
        let mut x = self.constraint_term()?;
        while self.tok.tok == Tok::Or {
            let pos = self.tok.pos;
            self.next();
            let y = self.constraint_term()?;
            x = self.expr(pos, ExprKind::Binary { op: Tok::Or, x, y });
        }
        Ok(x)
    }

    fn constraint_term(&mut self) -> PResult<&'a Expr<'a>> {
        if self.tok.tok == Tok::Tilde {
            let pos = self.tok.pos;
            self.next();
            let x = self.type_()?;
            return Ok(self.expr(pos, ExprKind::Unary { op: Tok::Tilde, x }));
        }
        self.type_()
    }

    fn func_decl(&mut self) -> PResult<&'a FuncDecl<'a>> {
        let pos = self.tok.pos;
        self.next();
        let mut recv = None;
        if self.tok.tok == Tok::LParen {
            let rpos = self.tok.pos;
            let params = self.params()?;
            if params.len() != 1 || params[0].names.len() > 1 {
                self.error_at(rpos, "method has multiple receivers");
            }
            recv = Some(params);
        }
        let name = match self.tok.tok {
            Tok::Ident => self.ident()?,
            _ => {
                self.unexpected("name or (");
                return Err(());
            }
        };
        let mut tparams: &'a [Field<'a>] = &[];
        if self.tok.tok == Tok::LBrack {
            self.next();
            let first = self.ident()?;
            tparams = self.type_params_after(first)?;
        }
        let typ = self.signature(pos)?;
        let body = if self.tok.tok == Tok::LBrace {
            let saved = self.expr_lev;
            self.expr_lev = 0;
            let b = self.block();
            self.expr_lev = saved;
            Some(b?)
        } else {
            None
        };
        Ok(self.alloc(FuncDecl {
            pos,
            recv,
            name,
            tparams,
            typ,
            body,
        }))
    }

    fn signature(&mut self, pos: Pos) -> PResult<&'a FuncType<'a>> {
        let params = self.params()?;
        let results = self.results()?;
        Ok(self.alloc(FuncType { pos, params, results }))
    }

    fn results(&mut self) -> PResult<&'a [Field<'a>]> {
        if self.tok.tok == Tok::LParen {
            return self.params();
        }
        if self.starts_type() {
            let typ = self.type_()?;
            return Ok(self.vec_slice(vec![Field {
                names: &[],
                typ,
                tag: None,
            }]));
        }
        Ok(&[])
    }

    fn starts_type(&self) -> bool {
        matches!(
            self.tok.tok,
            Tok::Ident
                | Tok::LBrack
                | Tok::Struct
                | Tok::Mul
                | Tok::Func
                | Tok::Interface
                | Tok::Map
                | Tok::Chan
                | Tok::LParen
                | Tok::Arrow
        )
    }

    /// A parenthesised parameter list. Go allows `(a, b int, c string)` and `(int,
    /// string)`: entries are parsed as types first, then regrouped.
    fn params(&mut self) -> PResult<&'a [Field<'a>]> {
        self.want(Tok::LParen)?;
        self.enter()?;
        let mut entries: Vec<(Option<Ident<'a>>, Option<&'a Expr<'a>>)> = Vec::new();
        while self.tok.tok != Tok::RParen && self.tok.tok != Tok::Eof {
            let pos = self.tok.pos;
            if self.tok.tok == Tok::Ident {
                let id = self.ident()?;
                match self.tok.tok {
                    Tok::Comma | Tok::RParen => entries.push((Some(id), None)),
                    Tok::Period => {
                        // pkg.Type
                        self.next();
                        let sel = self.ident()?;
                        let x = self.expr(pos, ExprKind::Ident(id));
                        let t = self.expr(pos, ExprKind::Selector(x, sel));
                        let t = self.type_args_opt(t)?;
                        entries.push((None, Some(t)));
                    }
                    Tok::LBrack => {
                        // name []T, name [N]T or a generic type G[T].
                        let t = self.type_()?;
                        let ident_expr = self.expr(pos, ExprKind::Ident(id));
                        let _ = ident_expr;
                        entries.push((Some(id), Some(t)));
                    }
                    _ => {
                        let t = self.param_type()?;
                        entries.push((Some(id), Some(t)));
                    }
                }
            } else {
                let t = self.param_type()?;
                entries.push((None, Some(t)));
            }
            if !self.got(Tok::Comma) {
                if self.tok.tok != Tok::RParen {
                    self.unexpected("comma or )");
                    self.leave();
                    return Err(());
                }
                break;
            }
        }
        self.leave();
        self.want(Tok::RParen)?;
        // If any entry has a name and a type, all entries are named; names without a type
        // take the type that follows.
        let named = entries.iter().any(|e| e.0.is_some() && e.1.is_some());
        let mut fields = Vec::new();
        if named {
            let mut pending = Vec::new();
            for (name, typ) in entries {
                match (name, typ) {
                    (Some(n), None) => pending.push(n),
                    (Some(n), Some(t)) => {
                        pending.push(n);
                        fields.push(Field {
                            names: self.slice(std::mem::take(&mut pending)),
                            typ: t,
                            tag: None,
                        });
                    }
                    (None, Some(t)) => {
                        self.error_at(t.pos, "mixed named and unnamed parameters");
                        return Err(());
                    }
                    (None, None) => {}
                }
            }
            if let Some(last) = pending.last() {
                self.error_at(last.pos, "mixed named and unnamed parameters");
                return Err(());
            }
        } else {
            for (name, typ) in entries {
                let t = match (name, typ) {
                    (_, Some(t)) => t,
                    (Some(n), None) => self.expr(n.pos, ExprKind::Ident(n)),
                    (None, None) => continue,
                };
                fields.push(Field {
                    names: &[],
                    typ: t,
                    tag: None,
                });
            }
        }
        Ok(self.vec_slice(fields))
    }

    fn param_type(&mut self) -> PResult<&'a Expr<'a>> {
        if self.tok.tok == Tok::Ellipsis {
            let pos = self.tok.pos;
            self.next();
            let t = self.type_()?;
            return Ok(self.expr(pos, ExprKind::Ellipsis(Some(t))));
        }
        self.type_()
    }

    // ---- types ----

    fn type_(&mut self) -> PResult<&'a Expr<'a>> {
        self.enter()?;
        let r = self.type_inner();
        self.leave();
        r
    }

    fn type_inner(&mut self) -> PResult<&'a Expr<'a>> {
        let pos = self.tok.pos;
        match self.tok.tok {
            Tok::Ident => {
                let id = self.ident()?;
                let mut x = self.expr(pos, ExprKind::Ident(id));
                if self.got(Tok::Period) {
                    let sel = self.ident()?;
                    x = self.expr(pos, ExprKind::Selector(x, sel));
                }
                self.type_args_opt(x)
            }
            Tok::LBrack => {
                self.next();
                if self.got(Tok::RBrack) {
                    let elem = self.type_()?;
                    return Ok(self.expr(pos, ExprKind::ArrayType { len: None, elem }));
                }
                let len = if self.tok.tok == Tok::Ellipsis {
                    let p = self.tok.pos;
                    self.next();
                    self.expr(p, ExprKind::Ellipsis(None))
                } else {
                    self.expr_lev += 1;
                    let e = self.expression();
                    self.expr_lev -= 1;
                    e?
                };
                self.want(Tok::RBrack)?;
                let elem = self.type_()?;
                Ok(self.expr(pos, ExprKind::ArrayType { len: Some(len), elem }))
            }
            Tok::Mul => {
                self.next();
                let x = self.type_()?;
                Ok(self.expr(pos, ExprKind::Star(x)))
            }
            Tok::LParen => {
                self.next();
                let x = self.type_()?;
                self.want(Tok::RParen)?;
                Ok(self.expr(pos, ExprKind::Paren(x)))
            }
            Tok::Func => {
                self.next();
                let ft = self.signature(pos)?;
                Ok(self.expr(pos, ExprKind::FuncType(ft)))
            }
            Tok::Map => {
                self.next();
                self.want(Tok::LBrack)?;
                let key = self.type_()?;
                self.want(Tok::RBrack)?;
                let value = self.type_()?;
                Ok(self.expr(pos, ExprKind::MapType { key, value }))
            }
            Tok::Chan => {
                self.next();
                let dir = if self.got(Tok::Arrow) {
                    ChanDir::Send
                } else {
                    ChanDir::Both
                };
                let elem = self.type_()?;
                Ok(self.expr(pos, ExprKind::ChanType { dir, elem }))
            }
            Tok::Arrow => {
                self.next();
                if self.tok.tok != Tok::Chan {
                    self.unexpected("chan");
                    return Err(());
                }
                self.next();
                let elem = self.type_()?;
                Ok(self.expr(
                    pos,
                    ExprKind::ChanType {
                        dir: ChanDir::Recv,
                        elem,
                    },
                ))
            }
            Tok::Struct => self.struct_type(),
            Tok::Interface => self.interface_type(),
            _ => {
                self.unexpected("type");
                Err(())
            }
        }
    }

    /// `G[T1, T2]` after a type name.
    fn type_args_opt(&mut self, x: &'a Expr<'a>) -> PResult<&'a Expr<'a>> {
        if self.tok.tok != Tok::LBrack {
            return Ok(x);
        }
        self.next();
        let mut args = vec![self.type_()?];
        while self.got(Tok::Comma) {
            if self.tok.tok == Tok::RBrack {
                break;
            }
            args.push(self.type_()?);
        }
        self.want(Tok::RBrack)?;
        let args = self.slice(args);
        Ok(self.expr(x.pos, ExprKind::Index(x, args)))
    }

    fn struct_type(&mut self) -> PResult<&'a Expr<'a>> {
        let pos = self.tok.pos;
        self.next();
        self.want(Tok::LBrace)?;
        let mut fields = Vec::new();
        while self.tok.tok != Tok::RBrace && self.tok.tok != Tok::Eof {
            let before = self.tok.pos;
            match self.field_decl() {
                Ok(f) => fields.push(f),
                Err(()) => self.skip_stmt(),
            }
            if self.tok.tok != Tok::RBrace && !self.got(Tok::Semicolon) {
                self.unexpected("semicolon, newline, or }");
                self.skip_stmt();
                self.got(Tok::Semicolon);
            }
            if self.tok.pos == before && self.tok.tok != Tok::RBrace {
                self.next();
            }
        }
        self.want(Tok::RBrace)?;
        let fields = self.vec_slice(fields);
        Ok(self.expr(pos, ExprKind::StructType { fields }))
    }

    fn field_decl(&mut self) -> PResult<Field<'a>> {
        let pos = self.tok.pos;
        let (names, typ) = if self.tok.tok == Tok::Mul {
            // Embedded *T.
            (Vec::new(), self.type_()?)
        } else {
            let first = self.ident()?;
            match self.tok.tok {
                Tok::Semicolon | Tok::RBrace | Tok::String => (Vec::new(), self.expr(pos, ExprKind::Ident(first))),
                Tok::Period => {
                    self.next();
                    let sel = self.ident()?;
                    let x = self.expr(pos, ExprKind::Ident(first));
                    let t = self.expr(pos, ExprKind::Selector(x, sel));
                    (Vec::new(), self.type_args_opt(t)?)
                }
                _ => {
                    let mut names = vec![first];
                    while self.got(Tok::Comma) {
                        names.push(self.ident()?);
                    }
                    (names, self.type_()?)
                }
            }
        };
        let tag = if self.tok.tok == Tok::String {
            let t = self.tok.text;
            self.next();
            Some(t)
        } else {
            None
        };
        Ok(Field {
            names: self.slice(names),
            typ,
            tag,
        })
    }

    fn interface_type(&mut self) -> PResult<&'a Expr<'a>> {
        let pos = self.tok.pos;
        self.next();
        self.want(Tok::LBrace)?;
        let mut elems = Vec::new();
        while self.tok.tok != Tok::RBrace && self.tok.tok != Tok::Eof {
            let before = self.tok.pos;
            let r = if self.tok.tok == Tok::Ident {
                let id_pos = self.tok.pos;
                let id = self.ident()?;
                if self.tok.tok == Tok::LParen {
                    let typ = self.signature(id_pos)?;
                    Ok(InterfaceElem::Method { name: id, typ })
                } else {
                    let mut x = self.expr(id_pos, ExprKind::Ident(id));
                    if self.got(Tok::Period) {
                        let sel = self.ident()?;
                        x = self.expr(id_pos, ExprKind::Selector(x, sel));
                    }
                    let x = self.type_args_opt(x)?;
                    let mut e = x;
                    while self.tok.tok == Tok::Or {
                        let p = self.tok.pos;
                        self.next();
                        let y = self.constraint_term()?;
                        e = self.expr(p, ExprKind::Binary { op: Tok::Or, x: e, y });
                    }
                    Ok(InterfaceElem::Embed(e))
                }
            } else {
                self.constraint().map(InterfaceElem::Embed)
            };
            match r {
                Ok(e) => elems.push(e),
                Err(()) => self.skip_stmt(),
            }
            if self.tok.tok != Tok::RBrace && !self.got(Tok::Semicolon) {
                self.unexpected("semicolon, newline, or }");
                self.skip_stmt();
                self.got(Tok::Semicolon);
            }
            if self.tok.pos == before && self.tok.tok != Tok::RBrace {
                self.next();
            }
        }
        self.want(Tok::RBrace)?;
        let elems = self.vec_slice(elems);
        Ok(self.expr(pos, ExprKind::InterfaceType { elems }))
    }

    fn ident(&mut self) -> PResult<Ident<'a>> {
        if self.tok.tok == Tok::Ident {
            let id = Ident {
                name: self.tok.text,
                pos: self.tok.pos,
                id: self.id(),
            };
            self.next();
            Ok(id)
        } else {
            self.unexpected("name");
            Err(())
        }
    }

    fn ident_or_error(&mut self) -> Ident<'a> {
        let pos = self.tok.pos;
        self.ident().unwrap_or(Ident {
            name: "_",
            pos,
            id: NodeId(u32::MAX),
        })
    }

    // ---- expressions ----

    fn expr_list(&mut self) -> PResult<&'a [&'a Expr<'a>]> {
        let mut v = vec![self.expression()?];
        while self.got(Tok::Comma) {
            v.push(self.expression()?);
        }
        Ok(self.slice(v))
    }

    fn expression(&mut self) -> PResult<&'a Expr<'a>> {
        self.enter()?;
        let r = self.binary(1);
        self.leave();
        r
    }

    fn binary(&mut self, prec: u8) -> PResult<&'a Expr<'a>> {
        let mut x = self.unary()?;
        loop {
            let op = self.tok.tok;
            let p = op.precedence();
            if p < prec || p == 0 {
                return Ok(x);
            }
            let pos = self.tok.pos;
            self.next();
            let y = self.binary_rhs(p + 1)?;
            let _ = pos;
            x = self.expr(x.pos, ExprKind::Binary { op, x, y });
            let _ = pos;
        }
    }

    fn binary_rhs(&mut self, prec: u8) -> PResult<&'a Expr<'a>> {
        self.enter()?;
        let r = self.binary(prec);
        self.leave();
        r
    }

    fn unary(&mut self) -> PResult<&'a Expr<'a>> {
        self.enter()?;
        let r = self.unary_inner();
        self.leave();
        r
    }

    fn unary_inner(&mut self) -> PResult<&'a Expr<'a>> {
        let pos = self.tok.pos;
        match self.tok.tok {
            Tok::Add | Tok::Sub | Tok::Not | Tok::Xor | Tok::And | Tok::Tilde => {
                let op = self.tok.tok;
                self.next();
                let x = self.unary()?;
                Ok(self.expr(pos, ExprKind::Unary { op, x }))
            }
            Tok::Arrow => {
                self.next();
                // `<-chan T` is a type; otherwise a receive.
                if self.tok.tok == Tok::Chan {
                    self.next();
                    let elem = self.type_()?;
                    let t = self.expr(
                        pos,
                        ExprKind::ChanType {
                            dir: ChanDir::Recv,
                            elem,
                        },
                    );
                    return self.primary_suffixes(t);
                }
                let x = self.unary()?;
                Ok(self.expr(pos, ExprKind::Unary { op: Tok::Arrow, x }))
            }
            Tok::Mul => {
                self.next();
                let x = self.unary()?;
                Ok(self.expr(pos, ExprKind::Star(x)))
            }
            _ => self.primary(),
        }
    }

    fn operand(&mut self) -> PResult<&'a Expr<'a>> {
        let pos = self.tok.pos;
        match self.tok.tok {
            Tok::Ident => {
                let id = self.ident()?;
                Ok(self.expr(pos, ExprKind::Ident(id)))
            }
            Tok::Int | Tok::Float | Tok::Imag | Tok::Char | Tok::String => {
                let kind = match self.tok.tok {
                    Tok::Int => LitKind::Int,
                    Tok::Float => LitKind::Float,
                    Tok::Imag => LitKind::Imag,
                    Tok::Char => LitKind::Char,
                    _ => LitKind::String,
                };
                let raw = self.tok.text;
                self.next();
                Ok(self.expr(pos, ExprKind::BasicLit { kind, raw }))
            }
            Tok::LParen => {
                self.next();
                self.expr_lev += 1;
                let x = if self.starts_type_only() {
                    self.type_()
                } else {
                    self.expression()
                };
                self.expr_lev -= 1;
                let x = x?;
                self.want(Tok::RParen)?;
                Ok(self.expr(pos, ExprKind::Paren(x)))
            }
            Tok::Func => {
                self.next();
                let ft = self.signature(pos)?;
                if self.tok.tok == Tok::LBrace {
                    self.expr_lev += 1;
                    let body = self.block();
                    self.expr_lev -= 1;
                    let body = body?;
                    Ok(self.expr(pos, ExprKind::FuncLit { typ: ft, body }))
                } else {
                    Ok(self.expr(pos, ExprKind::FuncType(ft)))
                }
            }
            Tok::LBrack | Tok::Struct | Tok::Map | Tok::Chan | Tok::Interface => self.type_(),
            _ => {
                self.unexpected("expression");
                Err(())
            }
        }
    }

    /// Tokens that can only start a type inside parentheses (`(*T)` is ambiguous and
    /// parsed as an expression).
    fn starts_type_only(&self) -> bool {
        matches!(
            self.tok.tok,
            Tok::LBrack | Tok::Struct | Tok::Map | Tok::Chan | Tok::Interface
        )
    }

    fn primary(&mut self) -> PResult<&'a Expr<'a>> {
        let x = self.operand()?;
        self.primary_suffixes(x)
    }

    fn primary_suffixes(&mut self, mut x: &'a Expr<'a>) -> PResult<&'a Expr<'a>> {
        let mut n = 0u32;
        loop {
            n += 1;
            if n > MAX_DEPTH * 4 {
                self.enter()?;
            }
            let pos = self.tok.pos;
            match self.tok.tok {
                Tok::Period => {
                    self.next();
                    match self.tok.tok {
                        Tok::Ident => {
                            let sel = self.ident()?;
                            x = self.expr(x.pos, ExprKind::Selector(x, sel));
                        }
                        Tok::LParen => {
                            self.next();
                            let typ = if self.got(Tok::Type) { None } else { Some(self.type_()?) };
                            self.want(Tok::RParen)?;
                            x = self.expr(x.pos, ExprKind::TypeAssert { x, typ });
                        }
                        _ => {
                            self.unexpected("name or (");
                            return Err(());
                        }
                    }
                }
                Tok::LBrack => {
                    self.next();
                    self.expr_lev += 1;
                    let r = self.index_or_slice(x, pos);
                    self.expr_lev -= 1;
                    x = r?;
                }
                Tok::LParen => {
                    self.next();
                    self.expr_lev += 1;
                    let r = self.call_args(x);
                    self.expr_lev -= 1;
                    x = r?;
                }
                Tok::LBrace if self.is_literal_type(x) && (self.expr_lev >= 0 || !is_type_name_or_index(x)) => {
                    x = self.composite_lit(Some(x))?;
                }
                _ => return Ok(x),
            }
        }
    }

    fn is_literal_type(&self, x: &Expr) -> bool {
        match &x.kind {
            ExprKind::Ident(_)
            | ExprKind::ArrayType { .. }
            | ExprKind::StructType { .. }
            | ExprKind::MapType { .. } => true,
            ExprKind::Selector(b, _) => matches!(b.kind, ExprKind::Ident(_)),
            ExprKind::Index(b, _) => is_type_name(b),
            _ => false,
        }
    }

    fn index_or_slice(&mut self, x: &'a Expr<'a>, pos: Pos) -> PResult<&'a Expr<'a>> {
        let _ = pos;
        let mut idx: [Option<&'a Expr<'a>>; 3] = [None, None, None];
        if self.tok.tok != Tok::Colon {
            let first = self.expr_or_type()?;
            if self.tok.tok != Tok::Colon {
                // Index or instantiation with several arguments.
                let mut args = vec![first];
                while self.got(Tok::Comma) {
                    if self.tok.tok == Tok::RBrack {
                        break;
                    }
                    args.push(self.expr_or_type()?);
                }
                self.want(Tok::RBrack)?;
                let args = self.slice(args);
                return Ok(self.expr(x.pos, ExprKind::Index(x, args)));
            }
            idx[0] = Some(first);
        }
        let mut ncolons = 0;
        while self.tok.tok == Tok::Colon && ncolons < 2 {
            ncolons += 1;
            self.next();
            if self.tok.tok != Tok::Colon && self.tok.tok != Tok::RBrack {
                idx[ncolons] = Some(self.expression()?);
            }
        }
        let three = ncolons == 2;
        if three {
            if idx[1].is_none() {
                self.error_at(self.tok.pos, "middle index required in 3-index slice");
            }
            if idx[2].is_none() {
                self.error_at(self.tok.pos, "final index required in 3-index slice");
            }
        }
        self.want(Tok::RBrack)?;
        Ok(self.expr(
            x.pos,
            ExprKind::Slice {
                x,
                lo: idx[0],
                hi: idx[1],
                max: idx[2],
                three,
            },
        ))
    }

    fn expr_or_type(&mut self) -> PResult<&'a Expr<'a>> {
        if self.starts_type_only() {
            let t = self.type_()?;
            return self.primary_suffixes(t);
        }
        self.expression()
    }

    fn call_args(&mut self, fun: &'a Expr<'a>) -> PResult<&'a Expr<'a>> {
        let mut args = Vec::new();
        let mut ellipsis = None;
        while self.tok.tok != Tok::RParen && self.tok.tok != Tok::Eof {
            args.push(self.expr_or_type()?);
            if self.tok.tok == Tok::Ellipsis {
                ellipsis = Some(self.tok.pos);
                self.next();
            }
            if !self.got(Tok::Comma) {
                if self.tok.tok != Tok::RParen {
                    self.unexpected("comma or )");
                    return Err(());
                }
                break;
            }
        }
        let rparen = self.want(Tok::RParen)?;
        let args = self.slice(args);
        Ok(self.expr(
            fun.pos,
            ExprKind::Call {
                fun,
                args,
                ellipsis,
                rparen,
            },
        ))
    }

    fn composite_lit(&mut self, typ: Option<&'a Expr<'a>>) -> PResult<&'a Expr<'a>> {
        let lbrace = self.tok.pos;
        self.enter()?;
        self.next();
        let saved = self.expr_lev;
        self.expr_lev = 0;
        let mut elts = Vec::new();
        let result = loop {
            if self.tok.tok == Tok::RBrace || self.tok.tok == Tok::Eof {
                break Ok(());
            }
            let e = match self.element() {
                Ok(e) => e,
                Err(()) => break Err(()),
            };
            let e = if self.tok.tok == Tok::Colon {
                let pos = self.tok.pos;
                self.next();
                match self.element() {
                    Ok(v) => self.expr(pos, ExprKind::KeyValue { key: e, value: v }),
                    Err(()) => break Err(()),
                }
            } else {
                e
            };
            elts.push(e);
            if !self.got(Tok::Comma) {
                if self.tok.tok != Tok::RBrace {
                    self.unexpected("comma or }");
                    break Err(());
                }
                break Ok(());
            }
        };
        self.expr_lev = saved;
        self.leave();
        result?;
        let rbrace = self.want(Tok::RBrace)?;
        let elts = self.slice(elts);
        let pos = typ.map_or(lbrace, |t| t.pos);
        Ok(self.expr(pos, ExprKind::CompositeLit { typ, elts, rbrace }))
    }

    fn element(&mut self) -> PResult<&'a Expr<'a>> {
        if self.tok.tok == Tok::LBrace {
            return self.composite_lit(None);
        }
        self.expr_or_type()
    }

    // ---- statements ----

    fn block(&mut self) -> PResult<&'a Block<'a>> {
        let lbrace = self.want(Tok::LBrace)?;
        self.enter()?;
        let stmts = self.stmt_list();
        self.leave();
        let rbrace = self.tok.pos;
        if !self.got(Tok::RBrace) {
            self.unexpected("}");
            return Err(());
        }
        Ok(self.alloc(Block { lbrace, stmts, rbrace }))
    }

    fn stmt_list(&mut self) -> &'a [Stmt<'a>] {
        let mut stmts = Vec::new();
        while !matches!(self.tok.tok, Tok::RBrace | Tok::Eof | Tok::Case | Tok::Default) {
            let before = self.tok.pos;
            if self.got(Tok::Semicolon) {
                continue;
            }
            match self.stmt() {
                Ok(s) => stmts.push(s),
                Err(()) => self.skip_stmt(),
            }
            if !matches!(self.tok.tok, Tok::RBrace | Tok::Case | Tok::Default | Tok::Eof) && !self.got(Tok::Semicolon) {
                let d = self.tok_desc();
                let pos = self.tok.pos;
                self.error_at(pos, format!("unexpected {d} at end of statement"));
                self.skip_stmt();
                self.got(Tok::Semicolon);
            }
            if self.tok.pos == before && !matches!(self.tok.tok, Tok::RBrace | Tok::Eof | Tok::Case | Tok::Default) {
                self.next();
            }
        }
        self.vec_slice(stmts)
    }

    fn stmt(&mut self) -> PResult<Stmt<'a>> {
        self.enter()?;
        let r = self.stmt_inner();
        self.leave();
        r
    }

    fn stmt_inner(&mut self) -> PResult<Stmt<'a>> {
        let pos = self.tok.pos;
        let kind = match self.tok.tok {
            Tok::Var | Tok::Const | Tok::Type => StmtKind::Decl(self.gen_decl()?),
            Tok::LBrace => StmtKind::Block(self.block()?),
            Tok::If => return self.if_stmt(),
            Tok::For => return self.for_stmt(),
            Tok::Switch => return self.switch_stmt(),
            Tok::Select => return self.select_stmt(),
            Tok::Return => {
                self.next();
                let results = if matches!(self.tok.tok, Tok::Semicolon | Tok::RBrace) {
                    &[][..]
                } else {
                    self.expr_list()?
                };
                StmtKind::Return(results)
            }
            Tok::Go | Tok::Defer => {
                let is_go = self.tok.tok == Tok::Go;
                self.next();
                let e = self.expression()?;
                if !matches!(e.unparen().kind, ExprKind::Call { .. }) {
                    let what = if is_go { "go" } else { "defer" };
                    self.error_at(e.pos, format!("expression in {what} must be function call"));
                }
                if is_go {
                    StmtKind::Go(e)
                } else {
                    StmtKind::Defer(e)
                }
            }
            Tok::Break | Tok::Continue | Tok::Goto => {
                let kind = match self.tok.tok {
                    Tok::Break => BranchKind::Break,
                    Tok::Continue => BranchKind::Continue,
                    _ => BranchKind::Goto,
                };
                self.next();
                let label = if self.tok.tok == Tok::Ident {
                    Some(self.ident()?)
                } else {
                    None
                };
                if kind == BranchKind::Goto && label.is_none() {
                    self.unexpected("name");
                    return Err(());
                }
                StmtKind::Branch { kind, label }
            }
            Tok::Fallthrough => {
                self.next();
                StmtKind::Branch {
                    kind: BranchKind::Fallthrough,
                    label: None,
                }
            }
            Tok::Semicolon => StmtKind::Empty,
            Tok::Func if false => unreachable!(),
            Tok::Ident
            | Tok::Int
            | Tok::Float
            | Tok::Imag
            | Tok::Char
            | Tok::String
            | Tok::Func
            | Tok::LParen
            | Tok::LBrack
            | Tok::Struct
            | Tok::Map
            | Tok::Chan
            | Tok::Interface
            | Tok::Mul
            | Tok::And
            | Tok::Add
            | Tok::Sub
            | Tok::Not
            | Tok::Xor
            | Tok::Arrow => {
                // A labeled statement?
                if self.tok.tok == Tok::Ident {
                    let s = self.simple_stmt(true)?;
                    return Ok(s);
                }
                return self.simple_stmt(false);
            }
            _ => {
                self.unexpected("statement");
                return Err(());
            }
        };
        Ok(Stmt { pos, kind })
    }

    /// An expression statement, send, inc/dec, assignment or short declaration; with
    /// `label_ok`, also `name: stmt`.
    fn simple_stmt(&mut self, label_ok: bool) -> PResult<Stmt<'a>> {
        let pos = self.tok.pos;
        let lhs = self.expr_list()?;
        if label_ok && lhs.len() == 1 && self.tok.tok == Tok::Colon {
            if let ExprKind::Ident(label) = lhs[0].kind {
                self.next();
                // A label at the end of a block labels an empty statement.
                if matches!(self.tok.tok, Tok::RBrace) {
                    let stmt = self.alloc(Stmt {
                        pos: self.tok.pos,
                        kind: StmtKind::Empty,
                    });
                    return Ok(Stmt {
                        pos,
                        kind: StmtKind::Labeled { label, stmt },
                    });
                }
                let stmt = self.stmt()?;
                let stmt = self.alloc(stmt);
                return Ok(Stmt {
                    pos,
                    kind: StmtKind::Labeled { label, stmt },
                });
            }
        }
        self.simple_stmt_rest(pos, lhs)
    }

    fn simple_stmt_rest(&mut self, pos: Pos, lhs: &'a [&'a Expr<'a>]) -> PResult<Stmt<'a>> {
        let t = self.tok.tok;
        match t {
            Tok::Define | Tok::Assign => {
                self.next();
                if self.tok.tok == Tok::Range {
                    let rpos = self.tok.pos;
                    self.error_at(rpos, "unexpected keyword range, expected expression");
                    return Err(());
                }
                let rhs = self.expr_list()?;
                Ok(Stmt {
                    pos,
                    kind: StmtKind::Assign { lhs, op: t, rhs },
                })
            }
            _ if t.assign_op().is_some() => {
                self.next();
                let rhs = self.expression()?;
                if lhs.len() > 1 {
                    self.error_at(pos, format!("unexpected {}, expected := or = or comma", t.as_str()));
                    return Err(());
                }
                let rhs = self.slice(vec![rhs]);
                Ok(Stmt {
                    pos,
                    kind: StmtKind::Assign { lhs, op: t, rhs },
                })
            }
            Tok::Inc | Tok::Dec => {
                self.next();
                if lhs.len() > 1 {
                    self.error_at(pos, "unexpected ++, expected := or = or comma");
                    return Err(());
                }
                Ok(Stmt {
                    pos,
                    kind: StmtKind::IncDec {
                        x: lhs[0],
                        inc: t == Tok::Inc,
                    },
                })
            }
            Tok::Arrow => {
                self.next();
                let value = self.expression()?;
                Ok(Stmt {
                    pos,
                    kind: StmtKind::Send { ch: lhs[0], value },
                })
            }
            _ => {
                if lhs.len() > 1 {
                    self.unexpected(":= or = or comma");
                    return Err(());
                }
                Ok(Stmt {
                    pos,
                    kind: StmtKind::Expr(lhs[0]),
                })
            }
        }
    }

    /// The header of if/switch/for: an optional simple statement, with composite
    /// literals of type names disallowed.
    fn header_simple_stmt(&mut self) -> PResult<Option<Stmt<'a>>> {
        if self.tok.tok == Tok::Semicolon || self.tok.tok == Tok::LBrace {
            return Ok(None);
        }
        let saved = self.expr_lev;
        self.expr_lev = -1;
        let r = self.simple_stmt(false);
        self.expr_lev = saved;
        r.map(Some)
    }

    fn if_stmt(&mut self) -> PResult<Stmt<'a>> {
        let pos = self.tok.pos;
        self.next();
        if self.tok.tok == Tok::LBrace {
            self.error_at(self.tok.pos, "missing condition in if statement");
            return Err(());
        }
        let first = self.header_simple_stmt()?;
        let (init, cond) = if self.got(Tok::Semicolon) {
            if self.tok.tok == Tok::LBrace {
                self.error_at(self.tok.pos, "missing condition in if statement");
                return Err(());
            }
            let c = self.header_simple_stmt()?;
            (first, c)
        } else {
            (None, first)
        };
        let cond = match cond {
            Some(Stmt {
                kind: StmtKind::Expr(e),
                ..
            }) => e,
            Some(s) => {
                let what = self.stmt_desc(&s);
                self.error_at(s.pos, format!("cannot use {what} as value"));
                return Err(());
            }
            None => {
                self.error_at(pos, "missing condition in if statement");
                return Err(());
            }
        };
        if self.tok.tok != Tok::LBrace {
            self.error_at(self.tok.pos, "missing { after if clause");
            return Err(());
        }
        let then = self.block()?;
        let els = if self.got(Tok::Else) {
            match self.tok.tok {
                Tok::If => {
                    let s = self.if_stmt()?;
                    Some(self.alloc(s))
                }
                Tok::LBrace => {
                    let b = self.block()?;
                    Some(self.alloc(Stmt {
                        pos: b.lbrace,
                        kind: StmtKind::Block(b),
                    }))
                }
                _ => {
                    self.error_at(self.tok.pos, "else must be followed by if or statement block");
                    return Err(());
                }
            }
        } else {
            None
        };
        let init = init.map(|s| self.alloc(s));
        Ok(Stmt {
            pos,
            kind: StmtKind::If { init, cond, then, els },
        })
    }

    fn stmt_desc(&self, s: &Stmt) -> String {
        match &s.kind {
            StmtKind::Assign { lhs, op, rhs } => {
                let mut out = String::new();
                for (i, l) in lhs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&expr_text(l));
                }
                out.push_str(&format!(" {} ", op.as_str()));
                for (i, r) in rhs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&expr_text(r));
                }
                if *op == Tok::Define {
                    out
                } else {
                    format!("assignment {out}")
                }
            }
            _ => "statement".into(),
        }
    }

    fn for_stmt(&mut self) -> PResult<Stmt<'a>> {
        let pos = self.tok.pos;
        self.next();
        let saved = self.expr_lev;
        self.expr_lev = -1;
        let r = self.for_header(pos);
        self.expr_lev = saved;
        let (kind_fn, body_needed) = r?;
        let _ = body_needed;
        if self.tok.tok != Tok::LBrace {
            self.error_at(self.tok.pos, "expected for loop body");
            return Err(());
        }
        let body = self.block()?;
        Ok(Stmt {
            pos,
            kind: kind_fn(body),
        })
    }

    #[allow(clippy::type_complexity)]
    fn for_header(&mut self, pos: Pos) -> PResult<(Box<dyn FnOnce(&'a Block<'a>) -> StmtKind<'a> + 'a>, bool)> {
        let _ = pos;
        if self.tok.tok == Tok::LBrace {
            return Ok((
                Box::new(|body| StmtKind::For {
                    init: None,
                    cond: None,
                    post: None,
                    body,
                }),
                true,
            ));
        }
        if self.tok.tok == Tok::Range {
            self.next();
            let x = self.expression()?;
            return Ok((
                Box::new(move |body| StmtKind::Range {
                    key: None,
                    value: None,
                    op: Tok::Illegal,
                    x,
                    body,
                }),
                true,
            ));
        }
        let mut init: Option<Stmt<'a>> = None;
        if self.tok.tok != Tok::Semicolon {
            let spos = self.tok.pos;
            let lhs = self.expr_list()?;
            if matches!(self.tok.tok, Tok::Define | Tok::Assign) {
                let op = self.tok.tok;
                self.next();
                if self.got(Tok::Range) {
                    let x = self.expression()?;
                    if lhs.len() > 2 {
                        self.error_at(lhs[2].pos, "range clause permits at most two iteration variables");
                        return Err(());
                    }
                    let key = Some(lhs[0]);
                    let value = lhs.get(1).copied();
                    return Ok((
                        Box::new(move |body| StmtKind::Range {
                            key,
                            value,
                            op,
                            x,
                            body,
                        }),
                        true,
                    ));
                }
                let rhs = self.expr_list()?;
                init = Some(Stmt {
                    pos: spos,
                    kind: StmtKind::Assign { lhs, op, rhs },
                });
            } else {
                init = Some(self.simple_stmt_rest(spos, lhs)?);
            }
            if self.tok.tok == Tok::LBrace {
                // `for cond {`
                let cond = match init {
                    Some(Stmt {
                        kind: StmtKind::Expr(e),
                        ..
                    }) => e,
                    Some(s) => {
                        let what = self.stmt_desc(&s);
                        self.error_at(s.pos, format!("cannot use {what} as value"));
                        return Err(());
                    }
                    None => unreachable!("init was just set"),
                };
                return Ok((
                    Box::new(move |body| StmtKind::For {
                        init: None,
                        cond: Some(cond),
                        post: None,
                        body,
                    }),
                    true,
                ));
            }
        }
        if !self.got(Tok::Semicolon) {
            self.unexpected("{ after for clause");
            return Err(());
        }
        let cond = if self.tok.tok != Tok::Semicolon {
            Some(self.expression()?)
        } else {
            None
        };
        if !self.got(Tok::Semicolon) {
            self.error_at(self.tok.pos, "expected for loop condition");
            return Err(());
        }
        let post = if self.tok.tok != Tok::LBrace {
            self.header_simple_stmt()?
        } else {
            None
        };
        let init = init.map(|s| self.alloc(s));
        let post = post.map(|s| self.alloc(s));
        Ok((Box::new(move |body| StmtKind::For { init, cond, post, body }), true))
    }

    fn switch_stmt(&mut self) -> PResult<Stmt<'a>> {
        let pos = self.tok.pos;
        self.next();
        let mut init = None;
        let mut tag_stmt = None;
        if self.tok.tok != Tok::LBrace {
            let first = if self.tok.tok == Tok::Semicolon {
                None
            } else {
                self.header_simple_stmt()?
            };
            if self.got(Tok::Semicolon) {
                init = first;
                if self.tok.tok != Tok::LBrace {
                    tag_stmt = self.header_simple_stmt()?;
                }
            } else {
                tag_stmt = first;
            }
        }
        if self.tok.tok != Tok::LBrace {
            self.error_at(self.tok.pos, "missing { after switch clause");
            return Err(());
        }
        // A type switch: `x.(type)` or `v := x.(type)`.
        let type_switch = match &tag_stmt {
            Some(Stmt {
                kind: StmtKind::Expr(e),
                ..
            }) => matches!(e.kind, ExprKind::TypeAssert { typ: None, .. }).then(|| (None, *e)),
            Some(Stmt {
                kind:
                    StmtKind::Assign {
                        lhs,
                        op: Tok::Define,
                        rhs,
                    },
                ..
            }) if lhs.len() == 1 && rhs.len() == 1 => match (&lhs[0].kind, &rhs[0].kind) {
                (ExprKind::Ident(id), ExprKind::TypeAssert { typ: None, .. }) => Some((Some(*id), rhs[0])),
                _ => None,
            },
            _ => None,
        };
        self.want(Tok::LBrace)?;
        let mut clauses = Vec::new();
        while matches!(self.tok.tok, Tok::Case | Tok::Default) {
            clauses.push(self.case_clause()?);
        }
        let rbrace = self.tok.pos;
        if !self.got(Tok::RBrace) {
            self.unexpected("case or default or }");
            return Err(());
        }
        let clauses = self.vec_slice(clauses);
        let init = init.map(|s| self.alloc(s));
        if let Some((bind, e)) = type_switch {
            let ExprKind::TypeAssert { x, .. } = e.kind else {
                unreachable!("matched above")
            };
            return Ok(Stmt {
                pos,
                kind: StmtKind::TypeSwitch {
                    init,
                    bind,
                    x,
                    clauses,
                    rbrace,
                },
            });
        }
        let tag = match tag_stmt {
            Some(Stmt {
                kind: StmtKind::Expr(e),
                ..
            }) => Some(e),
            Some(s) => {
                let what = self.stmt_desc(&s);
                self.error_at(s.pos, format!("cannot use {what} as value"));
                return Err(());
            }
            None => None,
        };
        Ok(Stmt {
            pos,
            kind: StmtKind::Switch {
                init,
                tag,
                clauses,
                rbrace,
            },
        })
    }

    fn case_clause(&mut self) -> PResult<CaseClause<'a>> {
        let pos = self.tok.pos;
        let exprs = if self.got(Tok::Case) {
            let mut v = vec![self.expr_or_type()?];
            while self.got(Tok::Comma) {
                v.push(self.expr_or_type()?);
            }
            Some(self.slice(v))
        } else {
            self.next();
            None
        };
        let colon = self.want(Tok::Colon)?;
        let body = self.stmt_list();
        Ok(CaseClause {
            pos,
            exprs,
            body,
            colon,
        })
    }

    fn select_stmt(&mut self) -> PResult<Stmt<'a>> {
        let pos = self.tok.pos;
        self.next();
        self.want(Tok::LBrace)?;
        let mut clauses = Vec::new();
        while matches!(self.tok.tok, Tok::Case | Tok::Default) {
            let cpos = self.tok.pos;
            let comm = if self.got(Tok::Case) {
                let s = self.simple_stmt(false)?;
                Some(self.alloc(s))
            } else {
                self.next();
                None
            };
            self.want(Tok::Colon)?;
            let body = self.stmt_list();
            clauses.push(CommClause { pos: cpos, comm, body });
        }
        if !self.got(Tok::RBrace) {
            self.unexpected("case or default or }");
            return Err(());
        }
        let clauses = self.vec_slice(clauses);
        Ok(Stmt {
            pos,
            kind: StmtKind::Select { clauses },
        })
    }
}

/// Names and instantiations `T[A]` start a composite literal only outside control clauses
/// (where `x[i] {` must end the condition), as gc decides.
fn is_type_name_or_index(x: &Expr) -> bool {
    is_type_name(x) || matches!(x.kind, ExprKind::Index(..))
}

fn is_type_name(x: &Expr) -> bool {
    match &x.kind {
        ExprKind::Ident(_) => true,
        ExprKind::Selector(b, _) => matches!(b.kind, ExprKind::Ident(_)),
        _ => false,
    }
}

/// Short source text of an expression for messages.
fn expr_text(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Ident(id) => id.name.to_string(),
        ExprKind::BasicLit { raw, .. } => raw.to_string(),
        ExprKind::Selector(x, s) => format!("{}.{}", expr_text(x), s.name),
        ExprKind::Call { fun, .. } => format!("{}(...)", expr_text(fun)),
        ExprKind::Binary { op, x, y } => {
            format!("{} {} {}", expr_text(x), op.as_str(), expr_text(y))
        }
        _ => "expr".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Vec<String> {
        let arena = Bump::new();
        let mut d = Diagnostics::default();
        let mut n = 0;
        parse_file(&arena, src, 0, &mut n, &mut d);
        d.list.iter().map(|d| d.msg.clone()).collect()
    }

    #[test]
    fn parses_common_forms() {
        let src = r#"package main
import ("fmt"; s "strings")
type P struct { X, Y int; next *P `json:"n"` }
type G[T any, U ~int | ~string] struct{ v T }
const ( A = iota; B )
func (p *P) M(a, b int, c ...string) (int, error) { return a + b, nil }
func main() {
    x := []int{1, 2, 3}
    m := map[string][]int{"a": {1}}
    for i, v := range x { if v > 1 { break } ; _ = i }
    for i := range 10 { _ = i }
    switch y := x[0]; { case y > 0: fallthrough; default: }
    switch t := interface{}(x).(type) { case []int: _ = t }
    f := func(n int) int { return n * 2 }
    p := &P{X: 1}
    if p := (P{}); p.X == 0 { }
    L: for { continue L }
    _ = x[1:2:3]; _ = m; _ = f; fmt.Println(s.ToUpper("a"))
}
"#;
        assert_eq!(parse(src), Vec::<String>::new());
    }

    #[test]
    fn syntax_errors_use_gc_wording() {
        assert_eq!(
            parse("package main\nx := 1\n"),
            vec!["syntax error: non-declaration statement outside function body"]
        );
        assert_eq!(
            parse("package main\nfunc main() {\n\tif x := 1 {\n\t}\n}\n"),
            vec!["syntax error: cannot use x := 1 as value"]
        );
        assert_eq!(
            parse("package main\nfunc main() {\n\tf(a\n}\n"),
            vec!["syntax error: unexpected newline, expected comma or )"]
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!(
            "package main\nvar x = {}1{}\n",
            "(".repeat(100_000),
            ")".repeat(100_000)
        );
        let errs = parse(&src);
        assert!(errs.iter().any(|e| e.contains("max nesting depth")), "{errs:?}");
    }
}

//! The lexer: source text to tokens, with Go's automatic semicolons.
//!
//! It follows the Go compiler's scanner (cmd/compile/internal/syntax): the same rule for
//! inserting semicolons, the same literal syntax checks and the same error wording and
//! positions. Literal values are not computed here; the parser keeps the raw text.

use super::diag::Diagnostics;
use super::source::Pos;
use super::token::Tok;

/// One token. For an automatic or explicit semicolon `text` is what gc calls it in
/// errors: `"semicolon"`, `"newline"` or `"EOF"`.
#[derive(Copy, Clone, Debug)]
pub struct Token<'s> {
    pub tok: Tok,
    pub pos: Pos,
    /// The source text of identifiers and literals.
    pub text: &'s str,
}

pub struct Lexer<'s> {
    src: &'s str,
    off: usize,
    base: u32,
    /// The previous token may end a statement: a newline or EOF becomes a semicolon.
    nlsemi: bool,
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s str, base: u32) -> Lexer<'s> {
        let off = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            src,
            off,
            base,
            nlsemi: false,
        }
    }

    /// Skips the rest of the input: the next token is EOF.
    pub fn finish(&mut self) {
        self.off = self.src.len();
        self.nlsemi = false;
    }

    /// Skips the brace-balanced block whose `{` is at offset `open` without making tokens
    /// (only strings, runes and comments need recognising: braces in them do not count).
    /// Gives the block's text, `{` to `}`; lexing resumes after it. None, changing
    /// nothing, if the braces do not balance.
    pub fn skip_block(&mut self, open: usize) -> Option<&'s str> {
        let b = self.src.as_bytes();
        let mut depth = 0usize;
        let mut i = open;
        while i < b.len() {
            match b[i] {
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        self.off = i + 1;
                        self.nlsemi = true;
                        return Some(&self.src[open..=i]);
                    }
                }
                q @ (b'"' | b'\'') => {
                    i += 1;
                    while i < b.len() && b[i] != q {
                        match b[i] {
                            b'\\' => i += 1,
                            b'\n' => return None,
                            _ => {}
                        }
                        i += 1;
                    }
                }
                b'`' => i += 1 + b[i + 1..].iter().position(|&c| c == b'`')?,
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    i += b[i..].iter().position(|&c| c == b'\n')?;
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2 + self.src[i + 2..].find("*/")? + 1;
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    fn pos(&self, off: usize) -> Pos {
        Pos(self.base.saturating_add(off as u32))
    }

    fn byte(&self, off: usize) -> u8 {
        self.src.as_bytes().get(off).copied().unwrap_or(0)
    }

    fn at_end(&self) -> bool {
        self.off >= self.src.len()
    }

    /// The character at the read offset (`'\0'` at the end).
    fn ch(&self) -> char {
        self.src[self.off..].chars().next().unwrap_or('\0')
    }

    fn bump(&mut self) {
        self.off += self.ch().len_utf8().max(1).min(self.src.len() - self.off);
    }

    fn tok(&self, tok: Tok, start: usize) -> Token<'s> {
        Token {
            tok,
            pos: self.pos(start),
            text: &self.src[start..self.off],
        }
    }

    fn semi(&self, start: usize, text: &'static str) -> Token<'s> {
        Token {
            tok: Tok::Semicolon,
            pos: self.pos(start),
            text,
        }
    }

    /// The next token.
    pub fn next(&mut self, diags: &mut Diagnostics) -> Token<'s> {
        let nlsemi = self.nlsemi;
        self.nlsemi = false;
        loop {
            self.skip_blanks(nlsemi);
            let start = self.off;
            if self.at_end() {
                return if nlsemi {
                    self.semi(start, "EOF")
                } else {
                    self.tok(Tok::Eof, start)
                };
            }
            let c = self.ch();
            match c {
                '\n' => {
                    self.off += 1;
                    return self.semi(start, "newline");
                }
                '/' if self.byte(start + 1) == b'/' => self.skip_line(),
                '/' if self.byte(start + 1) == b'*' => {
                    let multi_line = self.skip_comment(start, diags);
                    if multi_line && nlsemi {
                        // A comment spanning lines ends the statement like a newline.
                        return self.semi(start, "newline");
                    }
                }
                _ => {
                    if let Some(t) = self.token(c, start, diags) {
                        return t;
                    }
                }
            }
        }
    }

    /// Skips spaces; newlines too unless they end a statement.
    fn skip_blanks(&mut self, nlsemi: bool) {
        loop {
            match self.byte(self.off) {
                b' ' | b'\t' | b'\r' if !self.at_end() => self.off += 1,
                b'\n' if !nlsemi => self.off += 1,
                _ => return,
            }
        }
    }

    fn skip_line(&mut self) {
        // The newline stays: it may become a semicolon.
        match self.src[self.off..].find('\n') {
            Some(i) => self.off += i,
            None => self.off = self.src.len(),
        }
    }

    /// Skips a general comment; reports whether it contained a newline.
    fn skip_comment(&mut self, start: usize, diags: &mut Diagnostics) -> bool {
        let body = &self.src[start + 2..];
        match body.find("*/") {
            Some(i) => {
                self.off = start + 2 + i + 2;
                body[..i].contains('\n')
            }
            None => {
                diags.error(self.pos(start), "comment not terminated");
                self.off = self.src.len();
                body.contains('\n')
            }
        }
    }

    /// Scans a token starting with `c`; None when `c` was skipped after an error.
    fn token(&mut self, c: char, start: usize, diags: &mut Diagnostics) -> Option<Token<'s>> {
        if c == '_' || c.is_ascii_alphabetic() || (!c.is_ascii() && c != '\u{feff}') {
            return Some(self.ident(start, diags));
        }
        let tok = match c {
            '0'..='9' => self.number(start, diags),
            '.' if self.byte(start + 1).is_ascii_digit() => self.number(start, diags),
            '"' => self.string(start, diags),
            '`' => self.raw_string(start, diags),
            '\'' => self.rune(start, diags),
            ';' => {
                self.off += 1;
                return Some(self.semi(start, "semicolon"));
            }
            _ => match self.operator(c) {
                Some(t) => t,
                None => {
                    self.bad_char(c, start, diags);
                    return None;
                }
            },
        };
        Some(self.tok(tok, start))
    }

    fn bad_char(&mut self, c: char, start: usize, diags: &mut Diagnostics) {
        let msg = match c {
            '\0' => "invalid NUL character".to_string(),
            '\u{feff}' => "invalid BOM in the middle of the file".to_string(),
            _ => format!("invalid character {}", char_desc(c)),
        };
        diags.error(self.pos(start), msg);
        self.bump();
    }

    fn ident(&mut self, start: usize, diags: &mut Diagnostics) -> Token<'s> {
        let mut first = true;
        while !self.at_end() {
            let c = self.ch();
            if c == '_' || c.is_alphabetic() {
                // A letter.
            } else if c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric()) {
                if first {
                    let msg = format!("identifier cannot begin with digit {}", char_desc(c));
                    diags.error(self.pos(self.off), msg);
                }
            } else if !c.is_ascii() && c != '\u{feff}' {
                // gc keeps scanning the identifier after complaining.
                diags.error(
                    self.pos(self.off),
                    format!("invalid character {} in identifier", char_desc(c)),
                );
            } else {
                break;
            }
            first = false;
            self.bump();
        }
        let text = &self.src[start..self.off];
        let tok = Tok::keyword(text).unwrap_or(Tok::Ident);
        self.nlsemi = matches!(
            tok,
            Tok::Ident | Tok::Break | Tok::Continue | Tok::Fallthrough | Tok::Return
        );
        self.tok(tok, start)
    }

    fn operator(&mut self, c: char) -> Option<Tok> {
        let b1 = self.byte(self.off + 1);
        let b2 = self.byte(self.off + 2);
        let (tok, len) = match c {
            '(' => (Tok::LParen, 1),
            '[' => (Tok::LBrack, 1),
            '{' => (Tok::LBrace, 1),
            ')' => (Tok::RParen, 1),
            ']' => (Tok::RBrack, 1),
            '}' => (Tok::RBrace, 1),
            ',' => (Tok::Comma, 1),
            '~' => (Tok::Tilde, 1),
            '.' if b1 == b'.' && b2 == b'.' => (Tok::Ellipsis, 3),
            '.' => (Tok::Period, 1),
            ':' if b1 == b'=' => (Tok::Define, 2),
            ':' => (Tok::Colon, 1),
            '+' if b1 == b'+' => (Tok::Inc, 2),
            '-' if b1 == b'-' => (Tok::Dec, 2),
            '&' if b1 == b'&' => (Tok::LAnd, 2),
            '&' if b1 == b'^' => with_assign(Tok::AndNot, Tok::AndNotAssign, b2, 2),
            '|' if b1 == b'|' => (Tok::LOr, 2),
            '<' if b1 == b'-' => (Tok::Arrow, 2),
            '<' if b1 == b'<' => with_assign(Tok::Shl, Tok::ShlAssign, b2, 2),
            '>' if b1 == b'>' => with_assign(Tok::Shr, Tok::ShrAssign, b2, 2),
            '<' => with_assign(Tok::Lss, Tok::Leq, b1, 1),
            '>' => with_assign(Tok::Gtr, Tok::Geq, b1, 1),
            '=' => with_assign(Tok::Assign, Tok::Eql, b1, 1),
            '!' => with_assign(Tok::Not, Tok::Neq, b1, 1),
            '+' => with_assign(Tok::Add, Tok::AddAssign, b1, 1),
            '-' => with_assign(Tok::Sub, Tok::SubAssign, b1, 1),
            '*' => with_assign(Tok::Mul, Tok::MulAssign, b1, 1),
            '/' => with_assign(Tok::Quo, Tok::QuoAssign, b1, 1),
            '%' => with_assign(Tok::Rem, Tok::RemAssign, b1, 1),
            '&' => with_assign(Tok::And, Tok::AndAssign, b1, 1),
            '|' => with_assign(Tok::Or, Tok::OrAssign, b1, 1),
            '^' => with_assign(Tok::Xor, Tok::XorAssign, b1, 1),
            _ => return None,
        };
        self.off += len;
        self.nlsemi = matches!(tok, Tok::RParen | Tok::RBrack | Tok::RBrace | Tok::Inc | Tok::Dec);
        Some(tok)
    }

    /// Consumes `{ digit | '_' }` in `base` (decimal digits are accepted for bases below
    /// 10, the first out-of-range one is recorded in `invalid`). Returns bit 0 when a
    /// digit was seen, bit 1 when a separator was.
    fn digits(&mut self, base: u32, invalid: &mut Option<usize>) -> u8 {
        let mut seen = 0;
        loop {
            let b = self.byte(self.off);
            if self.at_end() {
                return seen;
            }
            if b == b'_' {
                seen |= 2;
            } else if base <= 10 && b.is_ascii_digit() {
                if u32::from(b - b'0') >= base && invalid.is_none() {
                    *invalid = Some(self.off);
                }
                seen |= 1;
            } else if base == 16 && b.is_ascii_hexdigit() {
                seen |= 1;
            } else {
                return seen;
            }
            self.off += 1;
        }
    }

    fn number(&mut self, start: usize, diags: &mut Diagnostics) -> Tok {
        self.nlsemi = true;
        let mut ok = true;
        let mut kind = Tok::Int;
        let mut base = 10;
        let mut prefix = 0u8;
        let mut seen = 0u8;
        let mut invalid = None;
        let mut point = self.byte(start) == b'.';
        if point {
            self.off += 1;
        } else {
            if self.byte(self.off) == b'0' {
                self.off += 1;
                (base, prefix) = match self.byte(self.off).to_ascii_lowercase() {
                    b'x' => (16, b'x'),
                    b'o' => (8, b'o'),
                    b'b' => (2, b'b'),
                    _ => {
                        seen = 1; // the leading 0 is a digit
                        (8, b'0')
                    }
                };
                if prefix != b'0' {
                    self.off += 1;
                }
            }
            seen |= self.digits(base, &mut invalid);
            if self.byte(self.off) == b'.' && !self.at_end() {
                if prefix == b'o' || prefix == b'b' {
                    self.err_here(diags, format!("invalid radix point in {} literal", base_name(base)));
                    ok = false;
                }
                self.off += 1;
                point = true;
            }
        }
        if point {
            kind = Tok::Float;
            seen |= self.digits(base, &mut invalid);
        }
        if seen & 1 == 0 && ok {
            self.err_here(diags, format!("{} literal has no digits", base_name(base)));
            ok = false;
        }
        let e = self.byte(self.off).to_ascii_lowercase();
        if (e == b'e' || e == b'p') && !self.at_end() {
            if ok && e == b'e' && prefix != 0 && prefix != b'0' {
                self.err_here(diags, format!("{:?} exponent requires decimal mantissa", self.ch()));
                ok = false;
            } else if ok && e == b'p' && prefix != b'x' {
                self.err_here(diags, format!("{:?} exponent requires hexadecimal mantissa", self.ch()));
                ok = false;
            }
            self.off += 1;
            kind = Tok::Float;
            if matches!(self.byte(self.off), b'+' | b'-') {
                self.off += 1;
            }
            let exp = self.digits(10, &mut None);
            seen = (seen & 2) | exp;
            if exp & 1 == 0 && ok {
                self.err_here(diags, "exponent has no digits".to_string());
                ok = false;
            }
        } else if prefix == b'x' && kind == Tok::Float && ok {
            self.err_here(diags, "hexadecimal mantissa requires a 'p' exponent".to_string());
            ok = false;
        }
        if self.byte(self.off) == b'i' && !self.at_end() {
            kind = Tok::Imag;
            self.off += 1;
        }
        if let (Tok::Int, Some(at), true) = (kind, invalid, ok) {
            let digit = self.byte(at) as char;
            diags.error(
                self.pos(at),
                format!("invalid digit {digit:?} in {} literal", base_name(base)),
            );
            ok = false;
        }
        if seen & 2 != 0
            && ok
            && let Some(i) = invalid_separator(&self.src[start..self.off])
        {
            diags.error(self.pos(start + i), "'_' must separate successive digits");
        }
        kind
    }

    fn err_here(&self, diags: &mut Diagnostics, msg: String) {
        diags.error(self.pos(self.off), msg);
    }

    fn string(&mut self, start: usize, diags: &mut Diagnostics) -> Tok {
        self.nlsemi = true;
        self.off += 1;
        loop {
            if self.at_end() {
                diags.error(self.pos(start), "string not terminated");
                break;
            }
            match self.byte(self.off) {
                b'"' => {
                    self.off += 1;
                    break;
                }
                b'\\' => {
                    self.off += 1;
                    self.escape('"', diags);
                }
                b'\n' => {
                    self.err_here(diags, "newline in string".to_string());
                    break;
                }
                _ => self.bump(),
            }
        }
        Tok::String
    }

    fn raw_string(&mut self, start: usize, diags: &mut Diagnostics) -> Tok {
        self.nlsemi = true;
        match self.src[start + 1..].find('`') {
            Some(i) => self.off = start + 1 + i + 1,
            None => {
                diags.error(self.pos(start), "string not terminated");
                self.off = self.src.len();
            }
        }
        Tok::String
    }

    fn rune(&mut self, start: usize, diags: &mut Diagnostics) -> Tok {
        self.nlsemi = true;
        self.off += 1;
        let mut ok = true;
        let mut n = 0;
        loop {
            if self.at_end() {
                if ok {
                    diags.error(self.pos(start), "rune literal not terminated");
                }
                break;
            }
            match self.byte(self.off) {
                b'\'' => {
                    if ok && n == 0 {
                        self.err_here(diags, "empty rune literal or unescaped '".to_string());
                    } else if ok && n != 1 {
                        diags.error(self.pos(start), "more than one character in rune literal");
                    }
                    self.off += 1;
                    break;
                }
                b'\\' => {
                    self.off += 1;
                    ok &= self.escape('\'', diags);
                }
                b'\n' => {
                    if ok {
                        self.err_here(diags, "newline in rune literal".to_string());
                    }
                    break;
                }
                _ => self.bump(),
            }
            n += 1;
        }
        Tok::Char
    }

    /// Checks an escape sequence after its backslash; false after an error.
    fn escape(&mut self, quote: char, diags: &mut Diagnostics) -> bool {
        if self.at_end() {
            return true; // the caller reports the unterminated literal
        }
        let c = self.ch();
        let (n, base, max): (u32, u32, u32) = match c {
            'a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '\\' => {
                self.off += 1;
                return true;
            }
            _ if c == quote => {
                self.off += 1;
                return true;
            }
            '0'..='7' => (3, 8, 255),
            'x' => (2, 16, 255),
            'u' => (4, 16, 0x10FFFF),
            'U' => (8, 16, 0x10FFFF),
            _ => {
                self.err_here(diags, "unknown escape".to_string());
                return false;
            }
        };
        if base == 16 {
            self.off += 1;
        }
        let mut x: u32 = 0;
        for _ in 0..n {
            if self.at_end() {
                return true;
            }
            let c = self.ch();
            let d = c.to_digit(16).filter(|&d| d < base);
            let Some(d) = d else {
                let msg = format!("invalid character {c:?} in {} escape", base_name(base));
                self.err_here(diags, msg);
                return false;
            };
            x = x * base + d;
            self.off += 1;
        }
        if x > max && base == 8 {
            self.err_here(diags, format!("octal escape value {x} > 255"));
            return false;
        }
        if x > max || (0xD800..0xE000).contains(&x) {
            let msg = format!("escape is invalid Unicode code point {}", code_point_desc(x));
            self.err_here(diags, msg);
            return false;
        }
        true
    }
}

fn with_assign(plain: Tok, assign: Tok, next: u8, len: usize) -> (Tok, usize) {
    if next == b'=' { (assign, len + 1) } else { (plain, len) }
}

fn base_name(base: u32) -> &'static str {
    match base {
        2 => "binary",
        8 => "octal",
        16 => "hexadecimal",
        _ => "decimal",
    }
}

/// A character as Go's `%#U` prints it: `U+0040 '@'`.
fn char_desc(c: char) -> String {
    code_point_desc(c as u32)
}

fn code_point_desc(x: u32) -> String {
    match char::from_u32(x) {
        Some(c) if !c.is_control() => format!("U+{x:04X} '{c}'"),
        _ => format!("U+{x:04X}"),
    }
}

/// The index of the first misplaced `_` in a number literal: each one must sit between
/// two digits (a base prefix counts as a digit).
fn invalid_separator(lit: &str) -> Option<usize> {
    let b = lit.as_bytes();
    let hex = b.len() >= 2 && b[0] == b'0' && b[1].eq_ignore_ascii_case(&b'x');
    let prefixed = b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'x' | b'o' | b'b');
    // The previous character's class: '0' digit, '_' separator, '.' anything else.
    let (mut prev, mut i) = if prefixed { (b'0', 2) } else { (b'.', 0) };
    while i < b.len() {
        let c = b[i];
        let class = if c == b'_' {
            b'_'
        } else if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            b'0'
        } else {
            b'.'
        };
        if class == b'_' && prev != b'0' {
            return Some(i);
        }
        if class == b'.' && prev == b'_' {
            return Some(i - 1);
        }
        prev = class;
        i += 1;
    }
    (prev == b'_').then(|| b.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(src: &str) -> (Vec<(Tok, String)>, Vec<String>) {
        let mut d = Diagnostics::default();
        let mut lx = Lexer::new(src, 0);
        let mut out = Vec::new();
        loop {
            let t = lx.next(&mut d);
            if t.tok == Tok::Eof {
                break;
            }
            out.push((t.tok, t.text.to_string()));
        }
        let errs = d.list.iter().map(|e| format!("{}: {}", e.pos.0, e.msg)).collect();
        (out, errs)
    }

    #[test]
    fn skipped_blocks_ignore_braces_in_literals_and_comments() {
        let src = "{ s := \"}{\\\"}\"; r := '}'; q := '\\''; `}\n{` // }\n /* } */ { } }\nx";
        let mut lx = Lexer::new(src, 0);
        let block = lx.skip_block(0).expect("balanced");
        assert!(block.starts_with('{') && block.ends_with("{ } }"));
        let mut d = Diagnostics::default();
        // The `}` ends a statement: the newline after it is a semicolon.
        assert_eq!(lx.next(&mut d).tok, Tok::Semicolon);
        assert_eq!(lx.next(&mut d).text, "x");
        for unbalanced in ["{ { }", "{ \"}", "{ `}", "{ /* }", "{ // }"] {
            assert_eq!(Lexer::new(unbalanced, 0).skip_block(0), None, "{unbalanced}");
        }
    }

    fn toks(src: &str) -> Vec<Tok> {
        let (t, e) = lex(src);
        assert!(e.is_empty(), "{src:?}: {e:?}");
        t.into_iter().map(|(t, _)| t).collect()
    }

    fn errors(src: &str) -> Vec<String> {
        lex(src).1
    }

    #[test]
    fn semicolons_follow_gc_rules() {
        use Tok::*;
        assert_eq!(toks("x\ny"), vec![Ident, Semicolon, Ident, Semicolon]);
        assert_eq!(toks("return\n"), vec![Return, Semicolon]);
        assert_eq!(toks("f(\n)\n"), vec![Ident, LParen, RParen, Semicolon]);
        assert_eq!(toks("x++ // c\n"), vec![Ident, Inc, Semicolon]);
        assert_eq!(toks("x /* a\n b */ y"), vec![Ident, Semicolon, Ident, Semicolon]);
        assert_eq!(toks("x /* a b */ y"), vec![Ident, Ident, Semicolon]);
        assert_eq!(toks("a +\nb"), vec![Ident, Add, Ident, Semicolon]);
        assert_eq!(toks("}"), vec![RBrace, Semicolon]);
        assert_eq!(toks("\u{feff}x"), vec![Ident, Semicolon]);
        let (t, _) = lex("x\n");
        assert_eq!(t[1].1, "newline");
        let (t, _) = lex("x");
        assert_eq!(t[1].1, "EOF");
    }

    #[test]
    fn operators() {
        use Tok::*;
        assert_eq!(
            toks("&^= &^ <<= >>= <- ... := != && || ~"),
            vec![
                AndNotAssign,
                AndNot,
                ShlAssign,
                ShrAssign,
                Arrow,
                Ellipsis,
                Define,
                Neq,
                LAnd,
                LOr,
                Tilde
            ]
        );
    }

    #[test]
    fn literal_forms() {
        use Tok::*;
        let cases = [
            ("42", Int),
            ("1_000_000", Int),
            ("0x_1F", Int),
            ("0o17", Int),
            ("017", Int),
            ("0b1010", Int),
            ("0", Int),
            ("1.5", Float),
            (".5", Float),
            ("1.", Float),
            ("1e10", Float),
            ("1E-3", Float),
            ("0x1p-2", Float),
            ("0x1.8p1", Float),
            ("089.5", Float),
            ("2i", Imag),
            ("1.5i", Imag),
            ("0x10i", Imag),
            ("'a'", Char),
            ("'\\n'", Char),
            ("'\\''", Char),
            ("'\\377'", Char),
            ("'\\x41'", Char),
            ("'\\u00e9'", Char),
            ("'\\U0001F600'", Char),
            ("'é'", Char),
            ("\"a\\tb\\\"\"", String),
            ("\"\\a\\b\\f\\n\\r\\t\\v\\\\\"", String),
            ("`raw\r\nline`", String),
        ];
        for (src, want) in cases {
            let (t, e) = lex(src);
            assert!(e.is_empty(), "{src}: {e:?}");
            assert_eq!(t[0], (want, src.to_string()), "{src}");
        }
    }

    #[test]
    fn literal_errors_use_gc_wording() {
        assert_eq!(errors("x := 08"), vec!["6: invalid digit '8' in octal literal"]);
        assert_eq!(errors("1__0"), vec!["2: '_' must separate successive digits"]);
        assert_eq!(errors("10_"), vec!["2: '_' must separate successive digits"]);
        assert_eq!(errors("0b102"), vec!["4: invalid digit '2' in binary literal"]);
        assert_eq!(errors("0x"), vec!["2: hexadecimal literal has no digits"]);
        assert_eq!(errors("0x1.5"), vec!["5: hexadecimal mantissa requires a 'p' exponent"]);
        assert_eq!(errors("1e"), vec!["2: exponent has no digits"]);
        assert_eq!(
            errors("\"ab\ncd\""),
            vec!["3: newline in string", "6: string not terminated"]
        );
        assert_eq!(errors("x \"abc"), vec!["2: string not terminated"]);
        assert_eq!(errors("`abc"), vec!["0: string not terminated"]);
        assert_eq!(errors("'ab'"), vec!["0: more than one character in rune literal"]);
        assert_eq!(errors("'a"), vec!["0: rune literal not terminated"]);
        assert_eq!(errors("''"), vec!["1: empty rune literal or unescaped '"]);
        assert_eq!(errors("\"\\q\""), vec!["2: unknown escape"]);
        assert_eq!(errors("'\\400'"), vec!["5: octal escape value 256 > 255"]);
        assert_eq!(
            errors("'\\xZZ'"),
            vec!["3: invalid character 'Z' in hexadecimal escape"]
        );
        assert_eq!(
            errors("'\\uD800'"),
            vec!["7: escape is invalid Unicode code point U+D800"]
        );
        assert_eq!(errors("a @ b"), vec!["2: invalid character U+0040 '@'"]);
        assert_eq!(errors("/* abc"), vec!["0: comment not terminated"]);
        assert_eq!(errors("x\u{0}"), vec!["1: invalid NUL character"]);
    }

    #[test]
    fn unicode_identifiers() {
        let (t, e) = lex("héllo 世界");
        assert!(e.is_empty());
        assert_eq!(t[0].1, "héllo");
        assert_eq!(t[1].1, "世界");
        assert_eq!(
            errors("a\u{fffd}"),
            vec!["1: invalid character U+FFFD '\u{fffd}' in identifier"]
        );
    }
}

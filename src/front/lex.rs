//! The lexer: source text to tokens, with Go's automatic semicolons.

use super::diag::Diagnostics;
use super::source::Pos;
use super::token::Tok;

#[derive(Copy, Clone, Debug)]
pub struct Token<'s> {
    pub tok: Tok,
    pub pos: Pos,
    /// The source text of identifiers and literals; `"\n"` for an automatic semicolon.
    pub text: &'s str,
}

pub struct Lexer<'s> {
    src: &'s str,
    bytes: &'s [u8],
    off: usize,
    base: u32,
    /// The previous token allows a semicolon before a newline.
    semi: bool,
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s str, base: u32) -> Lexer<'s> {
        let off = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            src,
            bytes: src.as_bytes(),
            off,
            base,
            semi: false,
        }
    }

    fn pos(&self, off: usize) -> Pos {
        Pos(self.base + off as u32)
    }

    fn peek(&self, k: usize) -> u8 {
        self.bytes.get(self.off + k).copied().unwrap_or(0)
    }

    /// The next token.
    pub fn next(&mut self, diags: &mut Diagnostics) -> Token<'s> {
        // Skip white space and comments; a newline (or a comment spanning one) ends a
        // statement when the previous token allows it.
        loop {
            match self.peek(0) {
                b' ' | b'\t' | b'\r' => self.off += 1,
                b'\n' => {
                    if self.semi {
                        self.semi = false;
                        let p = self.pos(self.off);
                        self.off += 1;
                        return Token {
                            tok: Tok::Semicolon,
                            pos: p,
                            text: "\n",
                        };
                    }
                    self.off += 1;
                }
                b'/' if self.peek(1) == b'/' => {
                    while self.off < self.bytes.len() && self.bytes[self.off] != b'\n' {
                        self.off += 1;
                    }
                }
                b'/' if self.peek(1) == b'*' => {
                    let start = self.off;
                    let end = self.src[start + 2..].find("*/");
                    let (stop, terminated) = match end {
                        Some(e) => (start + 2 + e + 2, true),
                        None => (self.bytes.len(), false),
                    };
                    if !terminated {
                        diags.error(self.pos(start), "comment not terminated");
                    }
                    let has_newline = self.src[start..stop].contains('\n');
                    self.off = stop;
                    if has_newline && self.semi {
                        self.semi = false;
                        return Token {
                            tok: Tok::Semicolon,
                            pos: self.pos(start),
                            text: "\n",
                        };
                    }
                }
                _ => break,
            }
        }
        let start = self.off;
        if start >= self.bytes.len() {
            if self.semi {
                self.semi = false;
                return Token {
                    tok: Tok::Semicolon,
                    pos: self.pos(start),
                    text: "\n",
                };
            }
            return Token {
                tok: Tok::Eof,
                pos: self.pos(start),
                text: "",
            };
        }
        let c = self.bytes[start];
        let tok = if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 && self.is_letter_at(start) {
            self.ident()
        } else if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_ascii_digit()) {
            self.number(diags)
        } else {
            match c {
                b'"' => self.string(diags),
                b'`' => self.raw_string(diags),
                b'\'' => self.rune(diags),
                _ => self.operator(diags),
            }
        };
        let text = &self.src[start..self.off];
        self.semi = matches!(
            tok,
            Tok::Ident
                | Tok::Int
                | Tok::Float
                | Tok::Imag
                | Tok::Char
                | Tok::String
                | Tok::Break
                | Tok::Continue
                | Tok::Fallthrough
                | Tok::Return
                | Tok::Inc
                | Tok::Dec
                | Tok::RParen
                | Tok::RBrack
                | Tok::RBrace
        );
        Token {
            tok,
            pos: self.pos(start),
            text,
        }
    }

    fn is_letter_at(&self, off: usize) -> bool {
        self.src[off..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
    }

    fn ident(&mut self) -> Tok {
        let start = self.off;
        while let Some(c) = self.src[self.off..].chars().next() {
            if c.is_alphanumeric() || c == '_' {
                self.off += c.len_utf8();
            } else {
                break;
            }
        }
        Tok::keyword(&self.src[start..self.off]).unwrap_or(Tok::Ident)
    }

    fn number(&mut self, diags: &mut Diagnostics) -> Tok {
        let start = self.off;
        let mut tok = Tok::Int;
        let (radix, prefix) = if self.peek(0) == b'0' {
            match self.peek(1) | 0x20 {
                b'x' => (16, 2),
                b'b' => (2, 2),
                b'o' => (8, 2),
                _ => (10, 0),
            }
        } else {
            (10, 0)
        };
        self.off += prefix;
        let is_digit = |c: u8, radix: u32| match radix {
            16 => c.is_ascii_hexdigit(),
            _ => c.is_ascii_digit(),
        };
        let mut bad_digit: Option<(usize, u8)> = None;
        let digits = |lx: &mut Self, radix: u32, bad: &mut Option<(usize, u8)>| {
            while is_digit(lx.peek(0), radix) || lx.peek(0) == b'_' {
                let d = lx.peek(0);
                if d != b'_' && radix < 10 && (d - b'0') as u32 >= radix && bad.is_none() {
                    *bad = Some((lx.off, d));
                }
                lx.off += 1;
            }
        };
        digits(self, radix, &mut bad_digit);
        if self.peek(0) == b'.' && (radix == 10 || radix == 16) {
            tok = Tok::Float;
            self.off += 1;
            digits(self, radix, &mut bad_digit);
        }
        let exp = self.peek(0) | 0x20;
        if (radix == 10 && exp == b'e') || (radix == 16 && exp == b'p') {
            tok = Tok::Float;
            self.off += 1;
            if matches!(self.peek(0), b'+' | b'-') {
                self.off += 1;
            }
            if !self.peek(0).is_ascii_digit() {
                diags.error(self.pos(start), "exponent has no digits");
            }
            digits(self, 10, &mut None);
        } else if radix == 16 && tok == Tok::Float {
            diags.error(self.pos(start), "hexadecimal mantissa requires a 'p' exponent");
        }
        if self.peek(0) == b'i' {
            tok = Tok::Imag;
            self.off += 1;
        }
        let text = &self.src[start..self.off];
        let legacy_octal = radix == 10 && text.len() > 1 && text.starts_with('0') && tok == Tok::Int;
        if legacy_octal {
            if let Some(i) = text.bytes().position(|b| b == b'8' || b == b'9') {
                diags.error(
                    self.pos(start + i),
                    format!("invalid digit '{}' in octal literal", text.as_bytes()[i] as char),
                );
            }
        }
        if let Some((at, d)) = bad_digit {
            let name = if radix == 2 { "binary" } else { "octal" };
            diags.error(self.pos(at), format!("invalid digit '{}' in {name} literal", d as char));
        }
        if prefix > 0 && text.len() == prefix {
            let name = match radix {
                16 => "hexadecimal",
                2 => "binary",
                _ => "octal",
            };
            diags.error(self.pos(start), format!("{name} literal has no digits"));
        }
        if text.contains("__") || text.ends_with('_') || text.contains("_.") || text.contains("._") {
            diags.error(self.pos(start), "'_' must separate successive digits");
        }
        tok
    }

    fn string(&mut self, diags: &mut Diagnostics) -> Tok {
        let start = self.off;
        self.off += 1;
        loop {
            match self.peek(0) {
                b'"' => {
                    self.off += 1;
                    break;
                }
                b'\\' => {
                    self.escape(b'"', diags);
                }
                b'\n' => {
                    diags.error(self.pos(start), "newline in string");
                    break;
                }
                0 if self.off >= self.bytes.len() => {
                    diags.error(self.pos(start), "string literal not terminated");
                    break;
                }
                _ => self.advance_char(),
            }
        }
        Tok::String
    }

    fn advance_char(&mut self) {
        let n = self.src[self.off..].chars().next().map_or(1, char::len_utf8);
        self.off += n;
    }

    /// Validates one escape sequence starting at the backslash.
    fn escape(&mut self, quote: u8, diags: &mut Diagnostics) {
        let at = self.off;
        self.off += 1;
        let c = self.peek(0);
        let (n, radix, max) = match c {
            b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'\\' => {
                self.off += 1;
                return;
            }
            c if c == quote => {
                self.off += 1;
                return;
            }
            b'0'..=b'7' => (3, 8, 255),
            b'x' => {
                self.off += 1;
                (2, 16, 255)
            }
            b'u' => {
                self.off += 1;
                (4, 16, 0x10FFFF)
            }
            b'U' => {
                self.off += 1;
                (8, 16, 0x10FFFF)
            }
            _ => {
                diags.error(self.pos(at), "unknown escape sequence");
                if c != b'\n' && c != 0 {
                    self.advance_char();
                }
                return;
            }
        };
        let mut v: u32 = 0;
        for _ in 0..n {
            let d = self.peek(0);
            let dv = (d as char).to_digit(radix);
            match dv {
                Some(dv) => {
                    v = v.saturating_mul(radix).saturating_add(dv);
                    self.off += 1;
                }
                None => {
                    diags.error(self.pos(self.off), "invalid character in escape sequence");
                    return;
                }
            }
        }
        if v > max || (max > 255 && (0xD800..0xE000).contains(&v)) {
            diags.error(self.pos(at), "escape sequence is invalid Unicode code point");
        }
    }

    fn raw_string(&mut self, diags: &mut Diagnostics) -> Tok {
        let start = self.off;
        match self.src[start + 1..].find('`') {
            Some(e) => self.off = start + 1 + e + 1,
            None => {
                diags.error(self.pos(start), "raw string literal not terminated");
                self.off = self.bytes.len();
            }
        }
        Tok::String
    }

    fn rune(&mut self, diags: &mut Diagnostics) -> Tok {
        let start = self.off;
        self.off += 1;
        let mut n = 0;
        loop {
            match self.peek(0) {
                b'\'' => {
                    self.off += 1;
                    if n == 0 {
                        diags.error(self.pos(start), "empty rune literal or unescaped ' in rune literal");
                    } else if n > 1 {
                        diags.error(self.pos(start), "more than one character in rune literal");
                    }
                    break;
                }
                b'\\' => {
                    self.escape(b'\'', diags);
                    n += 1;
                }
                b'\n' | 0 => {
                    diags.error(self.pos(start), "rune literal not terminated");
                    break;
                }
                _ => {
                    self.advance_char();
                    n += 1;
                }
            }
        }
        Tok::Char
    }

    fn operator(&mut self, diags: &mut Diagnostics) -> Tok {
        use Tok::*;
        let c = self.peek(0);
        let (c1, c2) = (self.peek(1), self.peek(2));
        let (tok, len) = match (c, c1, c2) {
            (b'<', b'<', b'=') => (ShlAssign, 3),
            (b'>', b'>', b'=') => (ShrAssign, 3),
            (b'&', b'^', b'=') => (AndNotAssign, 3),
            (b'.', b'.', b'.') => (Ellipsis, 3),
            (b'<', b'<', _) => (Shl, 2),
            (b'>', b'>', _) => (Shr, 2),
            (b'&', b'^', _) => (AndNot, 2),
            (b'+', b'=', _) => (AddAssign, 2),
            (b'-', b'=', _) => (SubAssign, 2),
            (b'*', b'=', _) => (MulAssign, 2),
            (b'/', b'=', _) => (QuoAssign, 2),
            (b'%', b'=', _) => (RemAssign, 2),
            (b'&', b'=', _) => (AndAssign, 2),
            (b'|', b'=', _) => (OrAssign, 2),
            (b'^', b'=', _) => (XorAssign, 2),
            (b'&', b'&', _) => (LAnd, 2),
            (b'|', b'|', _) => (LOr, 2),
            (b'<', b'-', _) => (Arrow, 2),
            (b'+', b'+', _) => (Inc, 2),
            (b'-', b'-', _) => (Dec, 2),
            (b'=', b'=', _) => (Eql, 2),
            (b'!', b'=', _) => (Neq, 2),
            (b'<', b'=', _) => (Leq, 2),
            (b'>', b'=', _) => (Geq, 2),
            (b':', b'=', _) => (Define, 2),
            (b'+', _, _) => (Add, 1),
            (b'-', _, _) => (Sub, 1),
            (b'*', _, _) => (Mul, 1),
            (b'/', _, _) => (Quo, 1),
            (b'%', _, _) => (Rem, 1),
            (b'&', _, _) => (And, 1),
            (b'|', _, _) => (Or, 1),
            (b'^', _, _) => (Xor, 1),
            (b'<', _, _) => (Lss, 1),
            (b'>', _, _) => (Gtr, 1),
            (b'=', _, _) => (Assign, 1),
            (b'!', _, _) => (Not, 1),
            (b'(', _, _) => (LParen, 1),
            (b'[', _, _) => (LBrack, 1),
            (b'{', _, _) => (LBrace, 1),
            (b',', _, _) => (Comma, 1),
            (b'.', _, _) => (Period, 1),
            (b')', _, _) => (RParen, 1),
            (b']', _, _) => (RBrack, 1),
            (b'}', _, _) => (RBrace, 1),
            (b';', _, _) => (Semicolon, 1),
            (b':', _, _) => (Colon, 1),
            (b'~', _, _) => (Tilde, 1),
            _ => {
                let ch = self.src[self.off..].chars().next().unwrap_or('\u{FFFD}');
                let msg = if ch.is_ascii_graphic() {
                    format!("invalid character U+{:04X} '{ch}'", ch as u32)
                } else {
                    format!("invalid character U+{:04X}", ch as u32)
                };
                diags.error(self.pos(self.off), msg);
                self.advance_char();
                return Illegal;
            }
        };
        self.off += len;
        tok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok> {
        let mut d = Diagnostics::default();
        let mut lx = Lexer::new(src, 0);
        let mut out = Vec::new();
        loop {
            let t = lx.next(&mut d);
            if t.tok == Tok::Eof {
                break;
            }
            out.push(t.tok);
        }
        assert!(d.is_empty(), "{:?}", d.list);
        out
    }

    #[test]
    fn semicolons_are_inserted_after_line_ending_tokens() {
        use Tok::*;
        assert_eq!(
            toks("x := 1\nreturn\n"),
            vec![Ident, Define, Int, Semicolon, Return, Semicolon]
        );
        assert_eq!(
            toks("f(a,\nb)"),
            vec![Ident, LParen, Ident, Comma, Ident, RParen, Semicolon]
        );
        assert_eq!(toks("x /* a\n b */ y"), vec![Ident, Semicolon, Ident, Semicolon]);
        assert_eq!(toks("i++ // c\n"), vec![Ident, Inc, Semicolon]);
    }

    #[test]
    fn literals() {
        use Tok::*;
        assert_eq!(
            toks("0x1p-2 1e10 .5 0b101 0o17 1_000 3i 'a' '\\n' \"s\\t\" `raw`"),
            vec![Float, Float, Float, Int, Int, Int, Imag, Char, Char, String, String, Semicolon]
        );
    }

    #[test]
    fn errors() {
        let mut d = Diagnostics::default();
        let mut lx = Lexer::new("09 \"abc\n @", 0);
        while lx.next(&mut d).tok != Tok::Eof {}
        let msgs: Vec<_> = d.list.iter().map(|d| d.msg.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "invalid digit '9' in octal literal",
                "newline in string",
                "invalid character U+0040 '@'"
            ]
        );
    }
}

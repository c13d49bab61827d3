//! Padding and the formatting of single numbers and strings under one verb's flags: Go's
//! `fmt/format.go`. Nothing here knows about Go values in memory.

use super::quote::{can_backquote, is_print, quote_rune_with, quote_with};
use crate::runtime::float::format_float;
use crate::runtime::strings::decode_rune;

/// The flags, width and precision of one verb.
#[derive(Clone, Copy, Default)]
pub(super) struct Flags {
    pub plus: bool,
    pub minus: bool,
    pub sharp: bool,
    pub space: bool,
    pub zero: bool,
    /// `%+v`: struct field names (the `+` no longer means a sign).
    pub plus_v: bool,
    /// `%#v`: Go syntax (the `#` no longer means an alternate form).
    pub sharp_v: bool,
    pub wid: Option<usize>,
    pub prec: Option<usize>,
}

/// The output buffer and the current verb's flags.
#[derive(Default)]
pub(super) struct Fmt {
    pub buf: Vec<u8>,
    pub flags: Flags,
}

/// Runes in `b`, counting each invalid byte as one, as `utf8.RuneCount` does.
fn rune_count(b: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        i += decode_rune(&b[i..]).1;
        n += 1;
    }
    n
}

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";
const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";

impl Fmt {
    /// `n` padding bytes: zeros if the `0` flag is set, else spaces.
    pub fn write_padding(&mut self, n: usize) {
        let pad = if self.flags.zero { b'0' } else { b' ' };
        self.buf.extend(std::iter::repeat_n(pad, n));
    }

    /// Writes `b` padded to the width (in runes), on the left unless `-` is set.
    pub fn pad(&mut self, b: &[u8]) {
        let fill = self.flags.wid.unwrap_or(0).saturating_sub(rune_count(b));
        if self.flags.minus {
            self.buf.extend_from_slice(b);
            self.write_padding(fill);
        } else {
            self.write_padding(fill);
            self.buf.extend_from_slice(b);
        }
    }

    /// Pads with spaces even when the `0` flag is set (for text that is not a number).
    fn pad_spaces(&mut self, b: &[u8]) {
        let zero = std::mem::replace(&mut self.flags.zero, false);
        self.pad(b);
        self.flags.zero = zero;
    }

    /// `b` cut to the precision, counted in runes.
    fn truncate<'b>(&self, b: &'b [u8]) -> &'b [u8] {
        let Some(prec) = self.flags.prec else { return b };
        let mut i = 0;
        for _ in 0..prec {
            if i >= b.len() {
                break;
            }
            i += decode_rune(&b[i..]).1;
        }
        &b[..i]
    }

    pub fn fmt_boolean(&mut self, v: bool) {
        self.pad(if v { b"true" } else { b"false" });
    }

    /// `%s`: the text cut to the precision, padded.
    pub fn fmt_s(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        self.pad(s);
    }

    /// `%x`/`%X` of a string or byte slice: two hex digits a byte, `#` adds `0x`, space
    /// separates bytes (each with its own `0x` under `#`). The precision limits the bytes
    /// encoded.
    pub fn fmt_sbx(&mut self, s: &[u8], upper: bool) {
        let digits = if upper { UPPER_HEX } else { LOWER_HEX };
        let s = &s[..s.len().min(self.flags.prec.unwrap_or(usize::MAX))];
        if s.is_empty() {
            // Nothing to encode, but the width still applies.
            self.write_padding(self.flags.wid.unwrap_or(0));
            return;
        }
        let (sharp, space) = (self.flags.sharp, self.flags.space);
        let mut width = 2 * s.len();
        if space {
            if sharp {
                width *= 2;
            }
            width += s.len() - 1;
        } else if sharp {
            width += 2;
        }
        let fill = self.flags.wid.unwrap_or(0).saturating_sub(width);
        if !self.flags.minus {
            self.write_padding(fill);
        }
        let prefix = [b'0', if upper { b'X' } else { b'x' }];
        if sharp {
            self.buf.extend_from_slice(&prefix);
        }
        for (i, &c) in s.iter().enumerate() {
            if space && i > 0 {
                self.buf.push(b' ');
                if sharp {
                    self.buf.extend_from_slice(&prefix);
                }
            }
            self.buf.push(digits[(c >> 4) as usize]);
            self.buf.push(digits[(c & 15) as usize]);
        }
        if self.flags.minus {
            self.write_padding(fill);
        }
    }

    /// `%q` of a string: Go-quoted (`+`: ASCII only), or backquoted under `#` when possible.
    pub fn fmt_q(&mut self, s: &[u8]) {
        let s = self.truncate(s);
        if self.flags.sharp && can_backquote(s) {
            let mut q = Vec::with_capacity(s.len() + 2);
            q.push(b'`');
            q.extend_from_slice(s);
            q.push(b'`');
            self.pad(&q);
        } else {
            let q = quote_with(s, b'"', self.flags.plus);
            self.pad(q.as_bytes());
        }
    }

    /// `%c`: the rune (U+FFFD if out of range).
    pub fn fmt_c(&mut self, c: u64) {
        let r = rune_of(c);
        self.pad(r.encode_utf8(&mut [0; 4]).as_bytes());
    }

    /// `%q` of an integer: a single-quoted rune literal.
    pub fn fmt_qc(&mut self, c: u64) {
        let r = rune_of(c);
        let mut tmp = [0; 4];
        let text = r.encode_utf8(&mut tmp);
        if self.flags.sharp && can_backquote(text.as_bytes()) {
            self.pad(format!("'{text}'").as_bytes());
        } else {
            self.pad(quote_rune_with(r, self.flags.plus).as_bytes());
        }
    }

    /// `%U`: `U+0041`, at least four hex digits (more with a precision); `#` appends the
    /// quoted rune when printable.
    pub fn fmt_unicode(&mut self, u: u64) {
        let prec = self.flags.prec.unwrap_or(4).max(4);
        let mut s = format!("U+{u:0prec$X}");
        if self.flags.sharp
            && let Some(r) = char::from_u32(u as u32).filter(|_| u <= 0x10FFFF)
            && is_print(r)
        {
            s.push_str(&format!(" '{r}'"));
        }
        self.pad_spaces(s.as_bytes());
    }

    /// An integer in `base`, with Go's precision (minimum digits), zero padding, sign and
    /// prefix rules. `verb` matters only for `O`, which always adds `0o`.
    pub fn fmt_integer(&mut self, u: u64, base: u64, signed: bool, verb: char, upper: bool) {
        let digits = if upper { UPPER_HEX } else { LOWER_HEX };
        let negative = signed && (u as i64) < 0;
        let mut u = if negative { (u as i64).unsigned_abs() } else { u };
        let f = self.flags;

        // Two ways to ask for leading zeros: %.3d, or %03d (ignored if a precision is set).
        let mut prec = 0;
        if let Some(p) = f.prec {
            prec = p;
            if p == 0 && u == 0 {
                // Precision 0 and value 0 print nothing but the padding.
                let zero = std::mem::replace(&mut self.flags.zero, false);
                self.write_padding(f.wid.unwrap_or(0));
                self.flags.zero = zero;
                return;
            }
        } else if let (true, Some(w)) = (f.zero, f.wid) {
            prec = w;
            if negative || f.plus || f.space {
                prec = prec.saturating_sub(1); // room for the sign
            }
        }

        // Built backwards, then reversed.
        let mut out = Vec::with_capacity(prec.max(24));
        loop {
            out.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        while out.len() < prec {
            out.push(b'0');
        }
        if f.sharp {
            match base {
                2 => out.extend_from_slice(b"b0"),
                8 if out.last() != Some(&b'0') => out.push(b'0'),
                16 => out.extend_from_slice(if upper { b"X0" } else { b"x0" }),
                _ => {}
            }
        }
        if verb == 'O' {
            out.extend_from_slice(b"o0");
        }
        if negative {
            out.push(b'-');
        } else if f.plus {
            out.push(b'+');
        } else if f.space {
            out.push(b' ');
        }
        out.reverse();
        // Zero padding was done above as precision.
        self.pad_spaces(&out);
    }

    /// A float under verb `verb` (`b e E f g G x X`) of width `size` bits; `prec` is the
    /// verb's default precision (-1: shortest), replaced by an explicit one.
    pub fn fmt_float(&mut self, v: f64, size: u32, verb: u8, prec: i32) {
        let f = self.flags;
        let prec = f.prec.map_or(prec, |p| p as i32);
        let mut num = format_float(v, verb, prec, size).into_bytes();
        // Always start with a sign, so the code below can rely on it.
        if num[0] != b'-' && num[0] != b'+' {
            num.insert(0, b'+');
        }
        if f.space && num[0] == b'+' && !f.plus {
            num[0] = b' ';
        }
        // Infinities and NaN are not padded with zeros, and NaN has no sign unless asked.
        if num[1] == b'I' || num[1] == b'N' {
            if num[1] == b'N' && !f.space && !f.plus {
                num.remove(0);
            }
            self.pad_spaces(&num);
            return;
        }
        if f.sharp && verb != b'b' {
            sharp_float(&mut num, verb, prec);
        }
        if f.plus || num[0] != b'+' {
            // With zero padding the sign goes before the zeros.
            if let (true, Some(w)) = (f.zero, f.wid)
                && w > num.len()
            {
                self.buf.push(num[0]);
                self.write_padding(w - num.len());
                self.buf.extend_from_slice(&num[1..]);
                return;
            }
            self.pad(&num);
        } else {
            self.pad(&num[1..]);
        }
    }
}

/// The `#` flag on a float: always a decimal point, and for `%g`/`%x` (and `%v`) trailing
/// zeros up to the precision (6 by default) significant digits. `num` starts with a sign.
fn sharp_float(num: &mut Vec<u8>, verb: u8, prec: i32) {
    let mut digits = match verb {
        b'v' | b'g' | b'G' | b'x' => {
            if prec == -1 {
                6
            } else {
                prec
            }
        }
        _ => 0,
    };
    // Split off the exponent (hex floats keep their `e` digits: they are hex digits).
    let tail_at = num
        .iter()
        .skip(1)
        .position(|&c| matches!(c, b'p' | b'P') || matches!(c, b'e' | b'E') && !matches!(verb, b'x' | b'X'))
        .map_or(num.len(), |i| i + 1);
    let tail = num.split_off(tail_at);
    let mut has_point = false;
    let mut saw_nonzero = false;
    for &c in &num[1..] {
        if c == b'.' {
            has_point = true;
        } else {
            saw_nonzero |= c != b'0';
            // Count significant digits after the first nonzero one.
            if saw_nonzero {
                digits -= 1;
            }
        }
    }
    if !has_point {
        // A lone 0 counts as one digit.
        if num.len() == 2 && num[1] == b'0' {
            digits -= 1;
        }
        num.push(b'.');
    }
    while digits > 0 {
        num.push(b'0');
        digits -= 1;
    }
    num.extend_from_slice(&tail);
}

/// The rune of an integer, U+FFFD when it is not a valid code point.
fn rune_of(c: u64) -> char {
    u32::try_from(c).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}')
}

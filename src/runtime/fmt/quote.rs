//! Go-syntax quoting of strings and runes (strconv's Quote family), used by `%q` and `%#v`.

use crate::runtime::strings::decode_rune;

/// `strconv.Quote`: a double-quoted Go string literal; invalid UTF-8 bytes become `\xNN`.
pub fn quote(s: &[u8]) -> String {
    quote_with(s, b'"', false)
}

/// `strconv.QuoteToASCII`: as [`quote`], escaping every non-ASCII rune.
pub fn quote_to_ascii(s: &[u8]) -> String {
    quote_with(s, b'"', true)
}

/// `strconv.QuoteRune`: a single-quoted Go rune literal.
pub fn quote_rune(r: char) -> String {
    quote_rune_with(r, false)
}

/// `strconv.QuoteRuneToASCII`.
pub fn quote_rune_to_ascii(r: char) -> String {
    quote_rune_with(r, true)
}

pub(super) fn quote_with(s: &[u8], quote: u8, ascii_only: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote as char);
    let mut i = 0;
    while i < s.len() {
        let (r, width) = decode_rune(&s[i..]);
        if width == 1 && r == '\u{FFFD}' {
            out.push_str(&format!("\\x{:02x}", s[i]));
        } else {
            escape_rune(&mut out, r, quote, ascii_only);
        }
        i += width;
    }
    out.push(quote as char);
    out
}

pub(super) fn quote_rune_with(r: char, ascii_only: bool) -> String {
    let mut out = String::from('\'');
    escape_rune(&mut out, r, b'\'', ascii_only);
    out.push('\'');
    out
}

/// Appends `r` as it appears inside a literal delimited by `quote`.
fn escape_rune(out: &mut String, r: char, quote: u8, ascii_only: bool) {
    if r == quote as char || r == '\\' {
        out.push('\\');
        out.push(r);
        return;
    }
    let printable = if ascii_only {
        r.is_ascii() && is_print(r)
    } else {
        is_print(r)
    };
    if printable {
        out.push(r);
        return;
    }
    match r {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        _ if r < ' ' || r == '\x7f' => out.push_str(&format!("\\x{:02x}", r as u32)),
        _ if (r as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", r as u32)),
        _ => out.push_str(&format!("\\U{:08x}", r as u32)),
    }
}

/// `strconv.CanBackquote`: `s` fits in a raw string literal unchanged (valid UTF-8, no
/// backquote, no control characters but tab, no byte order mark).
pub fn can_backquote(s: &[u8]) -> bool {
    let Ok(s) = std::str::from_utf8(s) else {
        return false;
    };
    s.chars()
        .all(|c| c != '`' && c != '\u{FEFF}' && c != '\x7f' && (c >= ' ' || c == '\t'))
}

/// Code points that are not graphic although Rust cannot tell: format characters, spaces
/// other than U+0020, line and paragraph separators, private use areas, noncharacters and
/// the large unassigned blocks.
const NOT_PRINTABLE: &[(u32, u32)] = &[
    (0x00A0, 0x00A0),
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x1680, 0x1680),
    (0x180E, 0x180E),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x2064),
    (0x2066, 0x206F),
    (0x3000, 0x3000),
    (0xE000, 0xF8FF),
    (0xFDD0, 0xFDEF),
    (0xFEFF, 0xFEFF),
    (0xFFF0, 0xFFFB),
    (0xFFFE, 0xFFFF),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0x323B0, 0xE00FF),
    (0xE01F0, 0x10FFFF),
];

/// `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
///
/// Go decides with the Unicode tables; without them this rejects control characters and
/// the ranges in [`NOT_PRINTABLE`], so unassigned code points elsewhere count as printable.
pub fn is_print(r: char) -> bool {
    if r.is_ascii() {
        return (' '..='~').contains(&r);
    }
    let c = r as u32;
    if r.is_control() || c & 0xFFFE == 0xFFFE {
        return false;
    }
    NOT_PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

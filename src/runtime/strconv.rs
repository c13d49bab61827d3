//! Integer parsing and formatting and string unquoting with Go's `strconv` rules. The Go
//! side (`std/strconv.go`) turns the error codes into `*NumError` values.

/// Why a parse failed, as the Go side's `numError` expects the code.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ParseError {
    Syntax = 1,
    Range = 2,
}

/// `strconv.ParseUint`: base 0 reads Go's prefixes (`0x`, `0o`, `0b`, a leading `0` for
/// octal) and allows underscores between digits. Out of range gives the maximum value of
/// `bits` bits with `Range`.
pub fn parse_uint(s: &[u8], base: u32, bits: u32) -> Result<u64, (u64, ParseError)> {
    let syntax = Err((0, ParseError::Syntax));
    let (base, digits, underscores) = match base {
        0 => match s {
            [b'0', b'x' | b'X', rest @ ..] => (16, rest, true),
            [b'0', b'o' | b'O', rest @ ..] => (8, rest, true),
            [b'0', b'b' | b'B', rest @ ..] => (2, rest, true),
            [b'0', rest @ ..] if !rest.is_empty() => (8, rest, true),
            _ => (10, s, true),
        },
        2..=36 => (base, s, false),
        _ => return syntax,
    };
    let bits = if bits == 0 || bits > 64 { 64 } else { bits };
    let max = u64::MAX >> (64 - bits);
    let (mut n, mut seen, mut overflow) = (0u64, false, false);
    for &c in digits {
        if c == b'_' && underscores {
            continue;
        }
        let d = match (c as char).to_digit(36) {
            Some(d) if d < base => d as u64,
            _ => return syntax,
        };
        seen = true;
        match n.checked_mul(base as u64).and_then(|n| n.checked_add(d)) {
            Some(v) if v <= max => n = v,
            _ => overflow = true,
        }
    }
    if !seen {
        return syntax;
    }
    if overflow {
        return Err((max, ParseError::Range));
    }
    Ok(n)
}

/// `strconv.ParseInt`: an optional sign, then [`parse_uint`]'s syntax. Out of range gives
/// the nearest bound with `Range`.
pub fn parse_int(s: &[u8], base: u32, bits: u32) -> Result<i64, (i64, ParseError)> {
    let (neg, body) = match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    };
    let bits = if bits == 0 || bits > 64 { 64 } else { bits };
    let cutoff = 1u64 << (bits - 1);
    let (lo, hi) = ((cutoff as i64).wrapping_neg(), (cutoff - 1) as i64);
    let n = match parse_uint(body, base, 64) {
        Ok(n) => n,
        Err((_, ParseError::Syntax)) => return Err((0, ParseError::Syntax)),
        Err((_, ParseError::Range)) => return Err((if neg { lo } else { hi }, ParseError::Range)),
    };
    match (neg, n) {
        (false, n) if n < cutoff => Ok(n as i64),
        (true, n) if n <= cutoff => Ok((n as i64).wrapping_neg()),
        _ => Err((if neg { lo } else { hi }, ParseError::Range)),
    }
}

/// A magnitude in `radix` (2..=36, lower-case digits), with a minus sign if `neg`.
pub fn format_bits(neg: bool, mut n: u64, radix: u32) -> String {
    let radix = radix.clamp(2, 36) as u64;
    let mut digits = Vec::new();
    loop {
        digits.push(b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % radix) as usize]);
        n /= radix;
        if n == 0 {
            break;
        }
    }
    if neg {
        digits.push(b'-');
    }
    digits.iter().rev().map(|&b| b as char).collect()
}

/// `strconv.Unquote`: the value of a Go string, rune or raw string literal; None if `s`
/// is not one.
pub fn unquote(s: &[u8]) -> Option<Vec<u8>> {
    let (&q, rest) = s.split_first()?;
    let body = rest.strip_suffix(&[q])?;
    match q {
        b'`' => {
            if body.contains(&b'`') {
                return None;
            }
            Some(body.iter().copied().filter(|&c| c != b'\r').collect())
        }
        b'"' | b'\'' => {
            let mut out = Vec::new();
            let mut runes = 0;
            let mut i = 0;
            while i < body.len() {
                let c = body[i];
                if c == q || c == b'\n' {
                    return None;
                }
                if c == b'\\' {
                    i = escape(body, i + 1, q, &mut out)?;
                } else {
                    let (_, w) = super::strings::decode_rune(&body[i..]);
                    out.extend_from_slice(&body[i..i + w]);
                    i += w;
                }
                runes += 1;
            }
            if q == b'\'' && runes != 1 {
                return None;
            }
            Some(out)
        }
        _ => None,
    }
}

/// Decodes the escape whose letter is at `body[i]` (after the backslash) into `out`;
/// returns the index after it.
fn escape(body: &[u8], i: usize, q: u8, out: &mut Vec<u8>) -> Option<usize> {
    let c = *body.get(i)?;
    let simple = match c {
        b'a' => Some(7),
        b'b' => Some(8),
        b'f' => Some(12),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(11),
        b'\\' => Some(b'\\'),
        _ if c == q => Some(q),
        _ => None,
    };
    if let Some(b) = simple {
        out.push(b);
        return Some(i + 1);
    }
    let (len, radix) = match c {
        b'x' => (2, 16),
        b'u' => (4, 16),
        b'U' => (8, 16),
        b'0'..=b'7' => (3, 8),
        _ => return None,
    };
    let start = if radix == 8 { i } else { i + 1 };
    let digits = std::str::from_utf8(body.get(start..start + len)?).ok()?;
    let v = u32::from_str_radix(digits, radix).ok()?;
    match c {
        b'x' | b'0'..=b'7' => out.push(u8::try_from(v).ok()?),
        _ => {
            let ch = char::from_u32(v)?;
            out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
        }
    }
    Some(start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_go() {
        assert_eq!(parse_int(b"-45", 10, 64), Ok(-45));
        assert_eq!(parse_int(b"0x1f", 0, 64), Ok(31));
        assert_eq!(parse_int(b"1_000", 0, 64), Ok(1000));
        assert_eq!(parse_int(b"200", 10, 8), Err((127, ParseError::Range)));
        assert_eq!(parse_int(b"-9223372036854775808", 10, 64), Ok(i64::MIN));
        assert_eq!(
            parse_int(b"9223372036854775808", 10, 64),
            Err((i64::MAX, ParseError::Range))
        );
        assert_eq!(parse_int(b" 1", 10, 64), Err((0, ParseError::Syntax)));
        assert_eq!(parse_int(b"", 10, 64), Err((0, ParseError::Syntax)));
        assert_eq!(parse_uint(b"-1", 10, 64), Err((0, ParseError::Syntax)));
        assert_eq!(parse_uint(b"300", 10, 8), Err((255, ParseError::Range)));
        assert_eq!(parse_uint(b"0x", 0, 64), Err((0, ParseError::Syntax)));
    }

    #[test]
    fn formats_in_any_radix() {
        assert_eq!(format_bits(true, 255, 16), "-ff");
        assert_eq!(format_bits(false, 0, 10), "0");
        assert_eq!(format_bits(false, 35, 36), "z");
        assert_eq!(format_bits(false, u64::MAX, 10), "18446744073709551615");
    }

    #[test]
    fn unquotes_go_literals() {
        assert_eq!(unquote(br#""a\tb""#).as_deref(), Some(&b"a\tb"[..]));
        assert_eq!(unquote(b"'x'").as_deref(), Some(&b"x"[..]));
        assert_eq!(unquote(br#""\u00e9\x41\101""#).as_deref(), Some("éAA".as_bytes()));
        assert_eq!(unquote(b"`a\\n`").as_deref(), Some(&b"a\\n"[..]));
        assert_eq!(unquote(b"noquotes"), None);
        assert_eq!(unquote(b"'ab'"), None);
        assert_eq!(unquote(b"\""), None);
    }
}

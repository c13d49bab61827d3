//! strconv's float conversions: `FormatFloat` and `ParseFloat`, byte for byte as Go.
//!
//! Decimal digit generation is delegated to Rust's formatter, which is correct in exactly
//! the ways Go's is: `{:e}` gives the shortest digits that read back as the same value (of
//! the same width: `f32` for bit size 32), and `{:.N}` / `{:.Ne}` round the exact binary
//! value half to even. Everything Go decides on top of the digits — the layout of `%e`,
//! `%f` and `%g`, when `%g` switches to an exponent, the binary (`b`) and hexadecimal
//! (`x`) forms — is done here, following Go's `strconv/ftoa.go`.
//!
//! Parsing checks Go's literal syntax itself (underscores, hexadecimal mantissas with a
//! mandatory `p` exponent, `inf`/`infinity`/`nan`), hands decimal text to Rust's correctly
//! rounded parser and rounds hexadecimal mantissas itself.

/// Decimal digits of a float: the value is `0.d[0]d[1]... × 10^dp`. No trailing zeros;
/// zero has no digits.
struct Digits {
    d: Vec<u8>,
    dp: i32,
}

impl Digits {
    /// Parses Rust's `{:e}` output for a non-negative finite value (`1.2345e-5`).
    fn from_exp_form(s: &str) -> Digits {
        let (mant, exp) = s.split_once('e').expect("`{:e}` always writes an exponent");
        let exp: i32 = exp.parse().expect("`{:e}` writes a decimal exponent");
        Digits::normalized(mant.bytes().filter(|&c| c != b'.').collect(), exp + 1)
    }

    /// Parses Rust's `{:.N}` output for a non-negative finite value (`123.4500`).
    fn from_fixed_form(s: &str) -> Digits {
        let int_len = s.find('.').unwrap_or(s.len());
        Digits::normalized(s.bytes().filter(|&c| c != b'.').collect(), int_len as i32)
    }

    /// Strips leading zeros (moving the point) and trailing zeros.
    fn normalized(mut d: Vec<u8>, mut dp: i32) -> Digits {
        let lead = d.iter().take_while(|&&c| c == b'0').count();
        d.drain(..lead);
        dp -= lead as i32;
        while d.last() == Some(&b'0') {
            d.pop();
        }
        if d.is_empty() {
            dp = 0;
        }
        Digits { d, dp }
    }

    fn nd(&self) -> i32 {
        self.d.len() as i32
    }

    /// The shortest digits that read back as `f` at the given width; among several such,
    /// the closest to `f`, ties to even.
    fn shortest(f: f64, bit_size: u32) -> Digits {
        let rust = if bit_size == 32 {
            Digits::from_exp_form(&format!("{:e}", f as f32))
        } else {
            Digits::from_exp_form(&format!("{f:e}"))
        };
        if rust.d.is_empty() {
            return rust;
        }
        // Rust breaks an exact tie between two candidates upwards, Go to even. The
        // correctly rounded digits of the same length are Go's choice whenever they read
        // back as `f` (near a power of two they may not, and then Rust's are the only ones).
        let even = Digits::significant(f, rust.d.len());
        if even.d == rust.d && even.dp == rust.dp {
            return rust;
        }
        let text = format!("0.{}e{}", String::from_utf8_lossy(&even.d), even.dp);
        let reads_back = if bit_size == 32 {
            text.parse::<f32>().is_ok_and(|x| x as f64 == f)
        } else {
            text.parse::<f64>().is_ok_and(|x| x == f)
        };
        if reads_back { even } else { rust }
    }

    /// `n` (at least 1) significant digits, correctly rounded.
    fn significant(f: f64, n: usize) -> Digits {
        Digits::from_exp_form(&format!("{:.*e}", n - 1, f))
    }

    /// The digits up to `prec` places after the decimal point, correctly rounded.
    fn fixed(f: f64, prec: usize) -> Digits {
        Digits::from_fixed_form(&format!("{f:.prec$}"))
    }
}

/// `strconv.FormatFloat(f, fmt, prec, bitSize)`: `fmt` is one of `b e E f g G x X`, `prec`
/// -1 asks for the fewest digits that read back exactly, `bit_size` is 32 or 64.
pub fn format_float(f: f64, fmt: u8, prec: i32, bit_size: u32) -> String {
    // Go formats float32(f) for bit size 32: the value is rounded to float32 first.
    let f = if bit_size == 32 { f as f32 as f64 } else { f };
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let neg = f.is_sign_negative();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    let a = f.abs();
    match fmt {
        b'b' => fmt_binary(&mut out, a, bit_size),
        b'x' | b'X' => fmt_hex(&mut out, a, prec, fmt, bit_size),
        b'e' | b'E' | b'f' | b'g' | b'G' => fmt_decimal(&mut out, a, fmt, prec, bit_size),
        // Go writes `%` and the unknown format character.
        _ => {
            out.clear();
            out.push('%');
            out.push(fmt as char);
        }
    }
    out
}

/// The `e`, `f` and `g` forms of a non-negative finite value.
fn fmt_decimal(out: &mut String, a: f64, fmt: u8, prec: i32, bit_size: u32) {
    let shortest = prec < 0;
    let mut prec = prec;
    let digs = if shortest {
        let digs = Digits::shortest(a, bit_size);
        prec = match fmt {
            b'e' | b'E' => (digs.nd() - 1).max(0),
            b'f' => (digs.nd() - digs.dp).max(0),
            _ => digs.nd(),
        };
        digs
    } else {
        match fmt {
            b'e' | b'E' => Digits::significant(a, prec as usize + 1),
            b'f' => Digits::fixed(a, prec as usize),
            _ => {
                if prec == 0 {
                    prec = 1;
                }
                Digits::significant(a, prec as usize)
            }
        }
    };
    match fmt {
        b'e' | b'E' => fmt_e(out, &digs, prec, fmt),
        b'f' => fmt_f(out, &digs, prec),
        _ => {
            // %e is used if the exponent is less than -4 or at least the precision; the
            // shortest form decides as if the precision were 6.
            let mut eprec = prec;
            if eprec > digs.nd() && digs.nd() >= digs.dp {
                eprec = digs.nd();
            }
            if shortest {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            if exp < -4 || exp >= eprec {
                let prec = prec.min(digs.nd());
                fmt_e(out, &digs, prec - 1, if fmt == b'G' { b'E' } else { b'e' });
            } else {
                let prec = if prec > digs.dp { digs.nd() } else { prec };
                fmt_f(out, &digs, (prec - digs.dp).max(0));
            }
        }
    }
}

/// `d.ddddde±dd`, with `prec` digits after the point.
fn fmt_e(out: &mut String, digs: &Digits, prec: i32, e: u8) {
    out.push(digs.d.first().map_or('0', |&c| c as char));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec as usize {
            out.push(digs.d.get(i).map_or('0', |&c| c as char));
        }
    }
    out.push(e as char);
    let exp = if digs.d.is_empty() { 0 } else { digs.dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    // At least two exponent digits.
    out.push_str(&format!("{:02}", exp.abs()));
}

/// `ddddd.ddddd`, with `prec` digits after the point.
fn fmt_f(out: &mut String, digs: &Digits, prec: i32) {
    let digit = |i: i32| {
        usize::try_from(i)
            .ok()
            .and_then(|i| digs.d.get(i))
            .map_or('0', |&c| c as char)
    };
    if digs.dp > 0 {
        out.extend((0..digs.dp).map(digit));
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        out.extend((0..prec).map(|i| digit(digs.dp + i)));
    }
}

/// The IEEE fields of a finite value at the given width: the mantissa with its implicit
/// bit, the binary exponent of the mantissa's lowest bit, and the mantissa width.
fn decompose(a: f64, bit_size: u32) -> (u64, i32, u32) {
    let (bits, mant_bits, exp_bits, bias) = if bit_size == 32 {
        ((a as f32).to_bits() as u64, 23, 8, -127)
    } else {
        (a.to_bits(), 52, 11, -1023)
    };
    let mut exp = ((bits >> mant_bits) & ((1 << exp_bits) - 1)) as i32;
    let mut mant = bits & ((1u64 << mant_bits) - 1);
    if exp == 0 {
        // Subnormal: no implicit bit, exponent of the smallest normal.
        exp = 1;
    } else {
        mant |= 1 << mant_bits;
    }
    (mant, exp + bias - mant_bits as i32, mant_bits)
}

/// `%b`: `mantissa p ±exponent`, both decimal (`4503599627370496p-52`).
fn fmt_binary(out: &mut String, a: f64, bit_size: u32) {
    let (mant, exp, _) = decompose(a, bit_size);
    out.push_str(&format!("{mant}p{}{exp}", if exp >= 0 { "+" } else { "" }));
}

/// `%x`: `0x1.yyyyp±dd`, the mantissa normalised to a leading 1 (or `0x0p+00`), rounded
/// half to even to `prec` hex digits when `prec >= 0`.
fn fmt_hex(out: &mut String, a: f64, prec: i32, fmt: u8, bit_size: u32) {
    let (mut mant, exp, mant_bits) = decompose(a, bit_size);
    // The exponent of the leading bit once it sits at bit 60.
    let mut exp = if mant == 0 { 0 } else { exp + mant_bits as i32 };
    mant <<= 60 - mant_bits;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if (0..15).contains(&prec) {
        let shift = prec as u32 * 4;
        let extra = (mant << shift) & ((1 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            // Rounding carried into a new leading bit.
            mant >>= 1;
            exp += 1;
        }
    }
    let upper = fmt == b'X';
    let hex_digit = |v: u64| {
        let c = char::from_digit(v as u32, 16).expect("a nibble is a hex digit");
        if upper { c.to_ascii_uppercase() } else { c }
    };
    out.push('0');
    out.push(fmt as char);
    out.push(if mant >> 60 & 1 == 1 { '1' } else { '0' });
    // The digits after the leading one: all nonzero ones, or exactly `prec` of them.
    mant <<= 4;
    let frac_digits = if prec < 0 {
        (0..).take_while(|i| mant << (4 * i) != 0).count()
    } else {
        prec as usize
    };
    if frac_digits > 0 {
        out.push('.');
        for _ in 0..frac_digits {
            out.push(hex_digit(mant >> 60 & 15));
            mant <<= 4;
        }
    }
    out.push(if upper { 'P' } else { 'p' });
    out.push(if exp < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exp.abs()));
}

/// Why `ParseFloat` failed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParseErr {
    /// Not a Go float literal (`strconv.ErrSyntax`).
    Syntax,
    /// Too large for the bit size (`strconv.ErrRange`); Go still returns the value, an
    /// infinity of the literal's sign.
    Range(f64),
}

/// `strconv.ParseFloat(s, bitSize)`. The result of bit size 32 is a float32 value held in
/// an f64, as Go returns it.
pub fn parse_float(s: &str, bit_size: u32) -> Result<f64, ParseErr> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if let Some(v) = special(s, neg, body) {
        return Ok(v);
    }
    let magnitude = if body.len() > 2 && body[..2].eq_ignore_ascii_case("0x") {
        parse_hex(&body[2..], bit_size)?
    } else {
        parse_decimal(body, bit_size)?
    };
    let value = if neg { -magnitude } else { magnitude };
    if value.is_infinite() {
        return Err(ParseErr::Range(value));
    }
    Ok(value)
}

/// `inf`, `infinity` (signed or not) and `nan` (unsigned), in any case.
fn special(s: &str, neg: bool, body: &str) -> Option<f64> {
    if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        Some(if neg { f64::NEG_INFINITY } else { f64::INFINITY })
    } else if s.eq_ignore_ascii_case("nan") {
        Some(f64::NAN)
    } else {
        None
    }
}

/// Checks Go's rules for `_` in a number (after its sign): each one sits between two
/// digits, or between the base prefix and a digit.
fn underscores_ok(s: &str, hex: bool) -> bool {
    // What came before: a digit (or the prefix), an underscore, or something else.
    #[derive(PartialEq)]
    enum Saw {
        Start,
        Digit,
        Underscore,
        Other,
    }
    let mut saw = if hex { Saw::Digit } else { Saw::Start };
    for c in s.bytes() {
        if c.is_ascii_digit() || hex && c.is_ascii_hexdigit() {
            saw = Saw::Digit;
        } else if c == b'_' {
            if saw != Saw::Digit {
                return false;
            }
            saw = Saw::Underscore;
        } else if saw == Saw::Underscore {
            return false;
        } else {
            saw = Saw::Other;
        }
    }
    saw != Saw::Underscore
}

/// Removes the underscores of a number after checking they are placed as Go allows.
fn strip_underscores(s: &str, hex: bool) -> Result<String, ParseErr> {
    if s.contains('_') && !underscores_ok(s, hex) {
        return Err(ParseErr::Syntax);
    }
    Ok(s.replace('_', ""))
}

/// A decimal literal without its sign: digits with an optional point (at least one
/// digit), then an optional exponent.
fn parse_decimal(body: &str, bit_size: u32) -> Result<f64, ParseErr> {
    let text = strip_underscores(body, false)?;
    let b = text.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    let mut seen_dot = false;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' => digits += 1,
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return Err(ParseErr::Syntax);
    }
    if i < b.len() && (b[i] | 0x20) == b'e' {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(ParseErr::Syntax);
        }
    }
    if i != b.len() {
        return Err(ParseErr::Syntax);
    }
    // Rust's parser is correctly rounded; parsing straight to f32 avoids double rounding.
    let parsed = if bit_size == 32 {
        text.parse::<f32>().map(f64::from)
    } else {
        text.parse::<f64>()
    };
    parsed.map_err(|_| ParseErr::Syntax)
}

/// A hexadecimal literal after its `0x`: hex digits with an optional point, then a
/// mandatory binary exponent `p±d`.
fn parse_hex(body: &str, bit_size: u32) -> Result<f64, ParseErr> {
    let text = strip_underscores(body, true)?;
    let (mant_text, exp_text) = text.split_once(['p', 'P']).ok_or(ParseErr::Syntax)?;
    let exp_digits = exp_text.strip_prefix(['+', '-']).unwrap_or(exp_text);
    if exp_digits.is_empty() || !exp_digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(ParseErr::Syntax);
    }
    // Huge exponents saturate: they overflow or underflow all the same.
    let exp: i64 = exp_digits.parse().unwrap_or(100_000);
    let mut exp = if exp_text.starts_with('-') { -exp } else { exp };

    // Collect up to 60 significant bits; later nonzero bits only matter as a sticky bit.
    let (mut mant, mut sticky, mut digits, mut seen_dot) = (0u64, false, 0, false);
    for c in mant_text.bytes() {
        if c == b'.' && !seen_dot {
            seen_dot = true;
            continue;
        }
        let v = (c as char).to_digit(16).ok_or(ParseErr::Syntax)? as u64;
        digits += 1;
        if mant >> 56 == 0 {
            mant = mant << 4 | v;
            if seen_dot {
                exp -= 4;
            }
        } else {
            sticky |= v != 0;
            if !seen_dot {
                exp += 4;
            }
        }
    }
    if digits == 0 {
        return Err(ParseErr::Syntax);
    }
    Ok(round_binary(mant, sticky, exp, bit_size))
}

/// The float nearest to `(mant + sticky·ε) × 2^exp`, ties to even, at the given width;
/// infinity when it overflows.
fn round_binary(mut mant: u64, mut sticky: bool, mut exp: i64, bit_size: u32) -> f64 {
    if mant == 0 {
        return 0.0;
    }
    let (mant_bits, min_exp, max_exp) = if bit_size == 32 {
        (24, -126, 127)
    } else {
        (53, -1022, 1023)
    };
    // Normalise so the mantissa has exactly `mant_bits + 2` bits (a guard and a round
    // bit), folding shifted-out bits into the sticky bit.
    let shift_out = |mant: &mut u64, sticky: &mut bool, exp: &mut i64, n: u32| {
        let n = n.min(63);
        *sticky |= *mant & ((1 << n) - 1) != 0;
        *mant >>= n;
        *exp += n as i64;
    };
    let width = 64 - mant.leading_zeros();
    if width > mant_bits + 2 {
        shift_out(&mut mant, &mut sticky, &mut exp, width - mant_bits - 2);
    } else {
        let n = mant_bits + 2 - width;
        mant <<= n;
        exp -= n as i64;
    }
    // The exponent of the leading bit; below the normal range, keep fewer bits.
    let lead = exp + mant_bits as i64 + 1;
    if lead < min_exp as i64 {
        let n = (min_exp as i64 - lead).min(63) as u32;
        shift_out(&mut mant, &mut sticky, &mut exp, n);
    }
    // Round off the two extra bits, half to even.
    let rest = mant & 3;
    mant >>= 2;
    exp += 2;
    if rest > 2 || rest == 2 && (sticky || mant & 1 == 1) {
        mant += 1;
    }
    if mant >> mant_bits != 0 {
        mant >>= 1;
        exp += 1;
    }
    if mant == 0 {
        return 0.0;
    }
    let lead = exp + mant_bits as i64 - 1;
    if lead > max_exp as i64 {
        return f64::INFINITY;
    }
    // Assemble the IEEE bits: a mantissa without its leading bit is subnormal.
    let frac_bits = mant_bits - 1;
    let biased = if mant >> frac_bits == 0 {
        0
    } else {
        (lead - min_exp as i64 + 1) as u64
    };
    let bits = biased << frac_bits | (mant & ((1 << frac_bits) - 1));
    if bit_size == 32 {
        f32::from_bits(bits as u32) as f64
    } else {
        f64::from_bits(bits)
    }
}

#[cfg(test)]
mod tests {
    // 3.14159265 and the like are the operands of Go's own examples, not attempts at PI.
    #![allow(clippy::approx_constant)]

    use super::*;

    #[test]
    fn shortest_formats() {
        let cases: &[(f64, u8, u32, &str)] = &[
            (1e21, b'g', 64, "1e+21"),
            (1e20, b'g', 64, "1e+20"),
            (1e-4, b'g', 64, "0.0001"),
            (1e-5, b'g', 64, "1e-05"),
            (3.0, b'g', 64, "3"),
            (0.1f32 as f64, b'g', 32, "0.1"),
            (1.0 / 3.0, b'g', 64, "0.3333333333333333"),
            (123456.0, b'g', 64, "123456"),
            (1234567.0, b'g', 64, "1.234567e+06"),
            (-0.0, b'g', 64, "-0"),
            (0.0, b'e', 64, "0e+00"),
            (5e-324, b'g', 64, "5e-324"),
            (1.0e-320, b'g', 64, "1e-320"),
            (1e100, b'e', 64, "1e+100"),
            (123456789.0, b'g', 32, "1.2345679e+08"),
            (123456789.0, b'f', 64, "123456789"),
            (1e21, b'f', 64, "1000000000000000000000"),
            (0.000012345, b'G', 64, "1.2345E-05"),
            (f64::MAX, b'g', 64, "1.7976931348623157e+308"),
            (f64::INFINITY, b'f', 64, "+Inf"),
            (f64::NEG_INFINITY, b'g', 32, "-Inf"),
            (f64::NAN, b'e', 64, "NaN"),
            (2147483647.0, b'g', 32, "2.1474836e+09"),
            // Two shortest candidates, equally close: Go takes the even one.
            (877.2276000976562, b'e', 64, "8.772276000976562e+02"),
            (-2492033.25, b'E', 32, "-2.4920332E+06"),
            (1.0, b'z', 64, "%z"),
        ];
        for &(f, fmt, bits, want) in cases {
            assert_eq!(format_float(f, fmt, -1, bits), want, "{f} {}", fmt as char);
        }
    }

    #[test]
    fn fixed_precision_rounds_the_exact_binary_value() {
        let cases: &[(f64, u8, i32, &str)] = &[
            (2.675, b'f', 2, "2.67"),
            (0.5, b'f', 0, "0"),
            (1.5, b'f', 0, "2"),
            (2.5, b'f', 0, "2"),
            (-0.5, b'f', 0, "-0"),
            (1.005, b'f', 2, "1.00"),
            (0.15, b'f', 1, "0.1"),
            (3.14159265, b'e', 6, "3.141593e+00"),
            (123456789.0, b'e', 6, "1.234568e+08"),
            (0.000012345, b'f', 10, "0.0000123450"),
            (0.1, b'e', 20, "1.00000000000000005551e-01"),
            (0.1, b'G', 25, "0.1000000000000000055511151"),
            (123456789.0, b'g', 2, "1.2e+08"),
            (3.14159265, b'g', 3, "3.14"),
            (100.0, b'g', 3, "100"),
            (1e6, b'g', 3, "1e+06"),
            (0.0, b'g', 3, "0"),
            (0.0, b'e', 2, "0.00e+00"),
            (9.99, b'f', 1, "10.0"),
            (1e-7, b'g', 0, "1e-07"),
            (5e-324, b'g', 3, "4.94e-324"),
        ];
        for &(f, fmt, prec, want) in cases {
            assert_eq!(format_float(f, fmt, prec, 64), want, "{f} {} {prec}", fmt as char);
        }
    }

    #[test]
    fn binary_and_hex_forms() {
        let cases: &[(f64, u8, i32, u32, &str)] = &[
            (1.0, b'b', -1, 64, "4503599627370496p-52"),
            (1.0, b'b', -1, 32, "8388608p-23"),
            (0.1, b'b', -1, 32, "13421773p-27"),
            (5e-324, b'b', -1, 64, "1p-1074"),
            (1.0, b'x', -1, 64, "0x1p+00"),
            (3.5, b'x', -1, 64, "0x1.cp+01"),
            (0.5, b'X', -1, 64, "0X1P-01"),
            (0.1, b'x', -1, 64, "0x1.999999999999ap-04"),
            (0.1, b'x', 2, 64, "0x1.9ap-04"),
            (3.5, b'X', 0, 32, "0X1P+02"),
            (-2.5e-300, b'x', -1, 64, "-0x1.ac9a7b3b7302fp-996"),
            (5e-324, b'x', -1, 64, "0x1p-1074"),
            (0.0, b'x', -1, 64, "0x0p+00"),
            (123456789.0, b'x', -1, 64, "0x1.d6f3454p+26"),
            (1e21, b'x', 2, 64, "0x1.b2p+69"),
        ];
        for &(f, fmt, prec, bits, want) in cases {
            assert_eq!(format_float(f, fmt, prec, bits), want, "{f} {} {prec}", fmt as char);
        }
    }

    #[test]
    fn parses_go_float_syntax() {
        let ok: &[(&str, u32, f64)] = &[
            ("1_000", 64, 1000.0),
            ("1_000.5", 64, 1000.5),
            ("0x1_0p0", 64, 16.0),
            ("0x_1p0", 64, 1.0),
            ("0x1.8p1", 64, 3.0),
            ("0x.8p1", 64, 1.0),
            ("0X1P+2", 64, 4.0),
            ("0x1p-2000", 64, 0.0),
            ("1e-400", 64, 0.0),
            (".5", 64, 0.5),
            ("1.", 64, 1.0),
            ("00.5", 64, 0.5),
            ("+.5e-1", 64, 0.05),
            ("+.5e-1", 32, 0.05f32 as f64),
            ("1E5", 64, 1e5),
            ("-inf", 64, f64::NEG_INFINITY),
            ("+Infinity", 64, f64::INFINITY),
            ("0x1.fffffffffffff8p0", 64, 2.0),
            ("0x1.fffffffffffff7p0", 64, 1.9999999999999998),
            ("0x1p-1074", 64, 5e-324),
            ("0x1.8p-1074", 64, 1e-323),
            ("0x1p-149", 32, f32::from_bits(1) as f64),
            ("3.4028234e38", 32, f32::MAX as f64),
        ];
        for &(s, bits, want) in ok {
            assert_eq!(parse_float(s, bits), Ok(want), "{s}");
        }
        assert!(parse_float("nan", 64).unwrap().is_nan());
        assert!(parse_float("NaN", 32).unwrap().is_nan());
        for s in [
            "_1", "+nan", "infin", "0x1", ".", "1e", "0b101", "1__0", " 1", "", "1_", "1e+", "0x", "1.2.3", "0xg1p0",
        ] {
            assert_eq!(parse_float(s, 64), Err(ParseErr::Syntax), "{s:?}");
        }
        let range: &[(&str, u32, f64)] = &[
            ("1e400", 64, f64::INFINITY),
            ("-1e400", 64, f64::NEG_INFINITY),
            ("3.4028236e38", 32, f64::INFINITY),
            ("0x1p1024", 64, f64::INFINITY),
            ("0x1p128", 32, f64::INFINITY),
        ];
        for &(s, bits, want) in range {
            assert_eq!(parse_float(s, bits), Err(ParseErr::Range(want)), "{s}");
        }
    }
}

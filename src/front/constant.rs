//! Constant values with Go's exact arithmetic: arbitrary-precision integers, exact
//! rationals for floats, bytes for strings.

use std::fmt;
use std::rc::Rc;

use num_bigint::{BigInt, Sign};
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::ast::LitKind;
use super::token::Tok;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    /// Go strings are bytes and may hold invalid UTF-8.
    String(Rc<[u8]>),
    Int(BigInt),
    Float(BigRational),
    /// Real and imaginary parts.
    Complex(BigRational, BigRational),
}

/// The basic types a constant can be converted to.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BasicKind {
    Bool,
    Int,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Uintptr,
    Float32,
    Float64,
    Complex64,
    Complex128,
    String,
    UntypedBool,
    UntypedInt,
    UntypedRune,
    UntypedFloat,
    UntypedComplex,
    UntypedString,
    UntypedNil,
}

/// Exponents beyond this are refused rather than materialised as huge integers.
const MAX_EXP: i64 = 10_000;

impl Value {
    /// The value of a literal as the source spells it.
    pub fn from_literal(kind: LitKind, raw: &str) -> Result<Value, String> {
        match kind {
            LitKind::Int => parse_int(raw)
                .map(Value::Int)
                .ok_or_else(|| format!("invalid integer literal {raw}")),
            LitKind::Float => parse_float(raw)
                .map(Value::Float)
                .ok_or_else(|| format!("invalid float literal {raw}")),
            LitKind::Imag => {
                let body = raw.strip_suffix('i').unwrap_or(raw);
                let im = parse_int_decimal_or_float(body).ok_or_else(|| format!("invalid imaginary literal {raw}"))?;
                Ok(Value::Complex(BigRational::zero(), im))
            }
            LitKind::Char => {
                let inner = raw
                    .strip_prefix('\'')
                    .and_then(|s| s.strip_suffix('\''))
                    .ok_or("invalid rune literal")?;
                let bytes = unescape(inner, '\'')?;
                let s = std::str::from_utf8(&bytes).ok();
                let c = match (
                    s.and_then(|s| {
                        let mut it = s.chars();
                        let c = it.next();
                        if it.next().is_none() { c } else { None }
                    }),
                    bytes.len(),
                ) {
                    (Some(c), _) => c as u32,
                    (None, 1) => bytes[0] as u32,
                    _ => return Err("more than one character in rune literal".into()),
                };
                Ok(Value::Int(c.into()))
            }
            LitKind::String => {
                if let Some(inner) = raw.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
                    let text: String = inner.chars().filter(|&c| c != '\r').collect();
                    return Ok(Value::String(text.into_bytes().into()));
                }
                let inner = raw
                    .strip_prefix('"')
                    .and_then(|s| s.strip_suffix('"'))
                    .ok_or("invalid string literal")?;
                Ok(Value::String(unescape(inner, '"')?.into()))
            }
        }
    }

    pub fn is_zero(&self) -> bool {
        match self {
            Value::Int(i) => i.is_zero(),
            Value::Float(f) => f.is_zero(),
            Value::Complex(r, i) => r.is_zero() && i.is_zero(),
            _ => false,
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Float(_) | Value::Complex(..))
    }

    /// The exact integer value, if the constant is numeric with an integral value.
    pub fn to_int(&self) -> Option<BigInt> {
        match self {
            Value::Int(i) => Some(i.clone()),
            Value::Float(f) if f.is_integer() => Some(f.to_integer()),
            Value::Complex(r, i) if i.is_zero() && r.is_integer() => Some(r.to_integer()),
            _ => None,
        }
    }

    fn to_rat(&self) -> Option<BigRational> {
        match self {
            Value::Int(i) => Some(BigRational::from_integer(i.clone())),
            Value::Float(f) => Some(f.clone()),
            Value::Complex(r, i) if i.is_zero() => Some(r.clone()),
            _ => None,
        }
    }

    fn to_complex(&self) -> Option<(BigRational, BigRational)> {
        match self {
            Value::Complex(r, i) => Some((r.clone(), i.clone())),
            _ => self.to_rat().map(|r| (r, BigRational::zero())),
        }
    }

    pub fn to_i64(&self) -> Option<i64> {
        self.to_int().and_then(|i| i.to_i64())
    }

    pub fn to_u64(&self) -> Option<u64> {
        self.to_int().and_then(|i| i.to_u64())
    }

    pub fn to_f64(&self) -> f64 {
        self.to_rat().map_or(0.0, |r| rat_to_float(&r, 53, 1023))
    }

    pub fn to_f32(&self) -> f32 {
        self.to_rat().map_or(0.0, |r| rat_to_float(&r, 24, 127) as f32)
    }

    /// The value converted to `kind`, or None if it cannot be represented there. Floats
    /// are rounded to the kind's precision.
    pub fn representable(&self, kind: BasicKind) -> Option<Value> {
        use BasicKind::*;
        let int_range = |bits: u32, signed: bool| -> Option<Value> {
            let i = self.to_int()?;
            let (lo, hi) = if signed {
                (-(BigInt::one() << (bits - 1)), (BigInt::one() << (bits - 1)) - 1)
            } else {
                (BigInt::zero(), (BigInt::one() << bits) - 1)
            };
            (i >= lo && i <= hi).then_some(Value::Int(i))
        };
        match kind {
            Bool | UntypedBool => matches!(self, Value::Bool(_)).then(|| self.clone()),
            String | UntypedString => matches!(self, Value::String(_)).then(|| self.clone()),
            Int | Int64 => int_range(64, true),
            Int8 => int_range(8, true),
            Int16 => int_range(16, true),
            Int32 | UntypedRune => {
                int_range(32, true).or_else(|| (kind == UntypedRune).then(|| self.to_int().map(Value::Int)).flatten())
            }
            Uint | Uint64 | Uintptr => int_range(64, false),
            Uint8 => int_range(8, false),
            Uint16 => int_range(16, false),
            Uint32 => int_range(32, false),
            UntypedInt => self.to_int().map(Value::Int),
            Float32 | Float64 => {
                let r = self.to_rat()?;
                let (mant, max_exp) = if kind == Float32 { (24, 127) } else { (53, 1023) };
                let f = rat_to_float(&r, mant, max_exp);
                if f.is_infinite() {
                    return None;
                }
                Some(Value::Float(
                    BigRational::from_float(f).unwrap_or_else(BigRational::zero),
                ))
            }
            UntypedFloat => self.to_rat().map(Value::Float),
            Complex64 | Complex128 | UntypedComplex => {
                let (r, i) = self.to_complex()?;
                if kind == UntypedComplex {
                    return Some(Value::Complex(r, i));
                }
                let (mant, max_exp) = if kind == Complex64 { (24, 127) } else { (53, 1023) };
                let (fr, fi) = (rat_to_float(&r, mant, max_exp), rat_to_float(&i, mant, max_exp));
                if fr.is_infinite() || fi.is_infinite() {
                    return None;
                }
                Some(Value::Complex(
                    BigRational::from_float(fr)?,
                    BigRational::from_float(fi)?,
                ))
            }
            UntypedNil => None,
        }
    }

    /// `self op other` for the arithmetic and logical operators. Integer division
    /// truncates when `int_div` (both operands are integers).
    pub fn binary_op(&self, op: Tok, other: &Value, int_div: bool) -> Result<Value, String> {
        if let (Value::String(a), Value::String(b), Tok::Add) = (self, other, op) {
            let mut v = a.to_vec();
            v.extend_from_slice(b);
            return Ok(Value::String(v.into()));
        }
        if let (Value::Bool(a), Value::Bool(b)) = (self, other) {
            return match op {
                Tok::LAnd => Ok(Value::Bool(*a && *b)),
                Tok::LOr => Ok(Value::Bool(*a || *b)),
                _ => Err(format!("operator {} not defined on bool", op.as_str())),
            };
        }
        if let (Value::Int(a), Value::Int(b)) = (self, other) {
            return Ok(Value::Int(match op {
                Tok::Add => a + b,
                Tok::Sub => a - b,
                Tok::Mul => a * b,
                Tok::Quo | Tok::Rem if b.is_zero() => return Err("division by zero".into()),
                Tok::Quo if int_div => a / b,
                Tok::Quo => return Ok(Value::Float(BigRational::new(a.clone(), b.clone()))),
                Tok::Rem => a % b,
                Tok::And => a & b,
                Tok::Or => a | b,
                Tok::Xor => a ^ b,
                Tok::AndNot => a & !b,
                _ => return Err(format!("operator {} not defined on integers", op.as_str())),
            }));
        }
        if matches!(self, Value::Complex(..)) || matches!(other, Value::Complex(..)) {
            let ((a, b), (c, d)) = (
                self.to_complex().ok_or("invalid operands")?,
                other.to_complex().ok_or("invalid operands")?,
            );
            return Ok(match op {
                Tok::Add => Value::Complex(a + c, b + d),
                Tok::Sub => Value::Complex(a - c, b - d),
                Tok::Mul => Value::Complex(&a * &c - &b * &d, &a * &d + &b * &c),
                Tok::Quo => {
                    let den = &c * &c + &d * &d;
                    if den.is_zero() {
                        return Err("division by zero".into());
                    }
                    Value::Complex((&a * &c + &b * &d) / &den, (&b * &c - &a * &d) / &den)
                }
                _ => return Err(format!("operator {} not defined on complex numbers", op.as_str())),
            });
        }
        let (a, b) = (
            self.to_rat().ok_or("invalid operands")?,
            other.to_rat().ok_or("invalid operands")?,
        );
        Ok(Value::Float(match op {
            Tok::Add => a + b,
            Tok::Sub => a - b,
            Tok::Mul => a * b,
            Tok::Quo if b.is_zero() => return Err("division by zero".into()),
            Tok::Quo => a / b,
            _ => return Err(format!("operator {} not defined on floats", op.as_str())),
        }))
    }

    pub fn compare(&self, op: Tok, other: &Value) -> Result<bool, String> {
        let ord = match (self, other) {
            (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
            (Value::String(a), Value::String(b)) => a.cmp(b),
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (Value::Complex(..), _) | (_, Value::Complex(..)) => {
                let eq = self.to_complex() == other.to_complex();
                return match op {
                    Tok::Eql => Ok(eq),
                    Tok::Neq => Ok(!eq),
                    _ => Err("complex numbers are not ordered".into()),
                };
            }
            _ => {
                let (a, b) = (
                    self.to_rat().ok_or("mismatched constants")?,
                    other.to_rat().ok_or("mismatched constants")?,
                );
                a.cmp(&b)
            }
        };
        use std::cmp::Ordering::*;
        Ok(match op {
            Tok::Eql => ord == Equal,
            Tok::Neq => ord != Equal,
            Tok::Lss => ord == Less,
            Tok::Leq => ord != Greater,
            Tok::Gtr => ord == Greater,
            Tok::Geq => ord != Less,
            _ => return Err(format!("operator {} is not a comparison", op.as_str())),
        })
    }

    /// `op self`; `unsigned_bits` gives `^x` for a typed unsigned constant its width.
    pub fn unary_op(&self, op: Tok, unsigned_bits: Option<(u32, bool)>) -> Result<Value, String> {
        match (op, self) {
            (Tok::Add, v) if v.is_numeric() => Ok(v.clone()),
            (Tok::Sub, Value::Int(i)) => Ok(Value::Int(-i)),
            (Tok::Sub, Value::Float(f)) => Ok(Value::Float(-f)),
            (Tok::Sub, Value::Complex(r, i)) => Ok(Value::Complex(-r, -i)),
            (Tok::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
            (Tok::Xor, Value::Int(i)) => Ok(Value::Int(match unsigned_bits {
                Some((bits, true)) => i ^ ((BigInt::one() << bits) - 1),
                _ => -i - 1,
            })),
            _ => Err(format!("operator {} not defined on {self}", op.as_str())),
        }
    }

    pub fn shift(&self, op: Tok, count: u64) -> Result<Value, String> {
        let Value::Int(i) = self else {
            return Err("shifted operand must be integer".into());
        };
        if count > MAX_EXP as u64 {
            return Err(format!("shift count {count} too large"));
        }
        Ok(Value::Int(match op {
            Tok::Shl => i << count as usize,
            _ => {
                // Arithmetic shift: floor division by 2^count.
                let d = BigInt::one() << count as usize;
                let q = i / &d;
                if i.sign() == Sign::Minus && !(i % &d).is_zero() {
                    q - 1
                } else {
                    q
                }
            }
        }))
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::String(s) => write!(f, "{:?}", String::from_utf8_lossy(s)),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(r) => {
                if r.is_integer() && r.to_integer().bits() < 64 {
                    return write!(f, "{}", r.to_integer());
                }
                let v = rat_to_float(r, 53, 1023);
                let s = format!("{v:e}");
                // Go prints 1e+100 / 1.5e-07 style, Rust 1e100 / 1.5e-7.
                match s.split_once('e') {
                    Some((m, e)) if v.abs() >= 1e21 || (v != 0.0 && v.abs() < 1e-4) => {
                        let (sign, digits) = e.strip_prefix('-').map_or(("+", e), |d| ("-", d));
                        write!(f, "{m}e{sign}{digits:0>2}")
                    }
                    _ => write!(f, "{v}"),
                }
            }
            Value::Complex(r, i) => write!(f, "({} + {}i)", Value::Float(r.clone()), Value::Float(i.clone())),
        }
    }
}

/// Rounds a rational to the nearest binary float with `mant` significand bits (half to
/// even), or ±infinity past the exponent range. Correct for f64 (53, 1023) and f32 (24,
/// 127) including subnormals.
fn rat_to_float(r: &BigRational, mant: u32, max_exp: i64) -> f64 {
    if r.is_zero() {
        return 0.0;
    }
    let neg = r.is_negative();
    let (n, d) = (r.numer().abs(), r.denom().clone());
    // Find e with 2^(mant-1) <= n / d * 2^-e < 2^mant.
    let mut e = n.bits() as i64 - d.bits() as i64 - mant as i64;
    let min_e = -max_exp + 1 - (mant as i64 - 1);
    let scaled = |e: i64| -> (BigInt, BigInt) {
        if e >= 0 {
            (n.clone(), &d << e as usize)
        } else {
            (&n << (-e) as usize, d.clone())
        }
    };
    let (mut num, mut den) = scaled(e);
    if num >= (&den << mant as usize) {
        e += 1;
        (num, den) = scaled(e);
    } else if num < (&den << (mant - 1) as usize) {
        e -= 1;
        (num, den) = scaled(e);
    }
    if e < min_e {
        e = min_e;
        (num, den) = scaled(e);
    }
    let q = &num / &den;
    let rem = &num - &q * &den;
    let twice = &rem * 2u32;
    let mut q = q;
    if twice > den || (twice == den && q.bit(0)) {
        q += 1u32;
    }
    if q.bits() > mant as u64 {
        q >>= 1;
        e += 1;
    }
    if e + mant as i64 - 1 > max_exp {
        return if neg { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    let m = q.to_u64().unwrap_or(0) as f64;
    let v = m * 2f64.powi(e.clamp(-1100, 1100) as i32);
    // powi may underflow for tiny e; split the scaling when needed.
    let v = if v == 0.0 && m != 0.0 {
        m * 2f64.powi((e / 2) as i32) * 2f64.powi((e - e / 2) as i32)
    } else {
        v
    };
    if neg { -v } else { v }
}

fn parse_int(raw: &str) -> Option<BigInt> {
    let s: String = raw.chars().filter(|&c| c != '_').collect();
    let (digits, radix) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h.to_string(), 16)
    } else if let Some(b) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        (b.to_string(), 2)
    } else if let Some(o) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
        (o.to_string(), 8)
    } else if s.len() > 1 && s.starts_with('0') {
        (s[1..].to_string(), 8)
    } else {
        (s, 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

fn parse_int_decimal_or_float(body: &str) -> Option<BigRational> {
    if body.chars().all(|c| c.is_ascii_digit() || c == '_') {
        // Imaginary literals with only digits are decimal even with a leading 0.
        let s: String = body.chars().filter(|&c| c != '_').collect();
        return BigInt::parse_bytes(s.as_bytes(), 10).map(BigRational::from_integer);
    }
    parse_int(body)
        .map(BigRational::from_integer)
        .or_else(|| parse_float(body))
}

fn parse_float(raw: &str) -> Option<BigRational> {
    let s: String = raw.chars().filter(|&c| c != '_').collect();
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        let (mant, exp) = h.split_once(['p', 'P'])?;
        let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
        let digits = format!("{int}{frac}");
        let m = if digits.is_empty() {
            BigInt::zero()
        } else {
            BigInt::parse_bytes(digits.as_bytes(), 16)?
        };
        let e: i64 = exp.parse().ok()?;
        return scale(BigRational::from_integer(m), 2, e - 4 * frac.len() as i64);
    }
    let (mant, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i64>().ok()?),
        None => (s.as_str(), 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let digits = format!("{int}{frac}");
    let m = if digits.is_empty() {
        BigInt::zero()
    } else {
        BigInt::parse_bytes(digits.as_bytes(), 10)?
    };
    scale(BigRational::from_integer(m), 10, exp - frac.len() as i64)
}

/// `r * base^exp`, refusing absurd exponents.
fn scale(r: BigRational, base: u32, exp: i64) -> Option<BigRational> {
    if exp.abs() > MAX_EXP * 4 {
        return None;
    }
    let p = num_traits::pow(BigInt::from(base), exp.unsigned_abs() as usize);
    Some(if exp >= 0 {
        r * BigRational::from_integer(p)
    } else {
        r / BigRational::from_integer(p)
    })
}

/// Decodes the escapes of a rune or interpreted string literal body.
fn unescape(s: &str, quote: char) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let e = chars.next().ok_or("escape sequence not terminated")?;
        let simple = match e {
            'a' => Some(7u8),
            'b' => Some(8),
            'f' => Some(12),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(11),
            '\\' => Some(b'\\'),
            c if c == quote => Some(c as u8),
            _ => None,
        };
        if let Some(b) = simple {
            out.push(b);
            continue;
        }
        let (n, radix) = match e {
            '0'..='7' => (2, 8),
            'x' => (2, 16),
            'u' => (4, 16),
            'U' => (8, 16),
            _ => return Err("unknown escape sequence".into()),
        };
        let mut digits = String::new();
        if radix == 8 {
            digits.push(e);
        }
        for _ in 0..n {
            digits.push(chars.next().ok_or("escape sequence not terminated")?);
        }
        let v = u32::from_str_radix(&digits, radix).map_err(|_| "invalid escape sequence".to_string())?;
        match e {
            'u' | 'U' => {
                let c = char::from_u32(v).ok_or("escape sequence is invalid Unicode code point")?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            _ => {
                if v > 255 {
                    return Err("octal escape value > 255".into());
                }
                out.push(v as u8);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(kind: LitKind, s: &str) -> Value {
        Value::from_literal(kind, s).unwrap()
    }

    #[test]
    fn literals() {
        assert_eq!(lit(LitKind::Int, "0b1010").to_i64(), Some(10));
        assert_eq!(lit(LitKind::Int, "0o17").to_i64(), Some(15));
        assert_eq!(lit(LitKind::Int, "017").to_i64(), Some(15));
        assert_eq!(lit(LitKind::Int, "0x_FF").to_i64(), Some(255));
        assert_eq!(lit(LitKind::Int, "1_000").to_i64(), Some(1000));
        assert_eq!(lit(LitKind::Float, "0x1p-2").to_f64(), 0.25);
        assert_eq!(lit(LitKind::Float, ".5").to_f64(), 0.5);
        assert_eq!(lit(LitKind::Float, "1.e2").to_f64(), 100.0);
        assert_eq!(lit(LitKind::Char, r"'\''").to_i64(), Some(39));
        assert_eq!(lit(LitKind::Char, r"'\377'").to_i64(), Some(255));
        assert_eq!(lit(LitKind::Char, r"'\u00e9'").to_i64(), Some(0xe9));
        assert_eq!(lit(LitKind::Char, "'é'").to_i64(), Some(0xe9));
        assert_eq!(lit(LitKind::String, r#""\xff""#), Value::String(vec![0xff].into()));
        assert_eq!(lit(LitKind::String, "`a\r\nb`"), Value::String(b"a\nb".to_vec().into()));
    }

    #[test]
    fn float_rounding() {
        for s in [
            "0.1",
            "1e23",
            "3.14159",
            "2.5e-308",
            "4.9e-324",
            "1.7976931348623157e308",
        ] {
            assert_eq!(lit(LitKind::Float, s).to_f64(), s.parse::<f64>().unwrap(), "{s}");
        }
        assert_eq!(lit(LitKind::Float, "0.1").to_f32(), 0.1f32);
        assert_eq!(lit(LitKind::Float, "1e309").representable(BasicKind::Float64), None);
        assert!(
            lit(LitKind::Float, "1e309")
                .representable(BasicKind::UntypedFloat)
                .is_some()
        );
    }

    #[test]
    fn integer_arithmetic_and_ranges() {
        let a = Value::Int((-7).into());
        let b = Value::Int(2.into());
        assert_eq!(a.binary_op(Tok::Quo, &b, true).unwrap().to_i64(), Some(-3));
        assert_eq!(a.binary_op(Tok::Rem, &b, true).unwrap().to_i64(), Some(-1));
        assert!(Value::Int(200.into()).representable(BasicKind::Int8).is_none());
        assert!(
            Value::Int(BigInt::one() << 63)
                .representable(BasicKind::Int64)
                .is_none()
        );
        assert!(Value::Int((-1).into()).representable(BasicKind::Uint).is_none());
        let x = Value::Int(1.into()).unary_op(Tok::Xor, Some((8, true))).unwrap();
        assert_eq!(x.to_i64(), Some(254));
        assert_eq!(Value::Int((-5).into()).shift(Tok::Shr, 1).unwrap().to_i64(), Some(-3));
    }
}

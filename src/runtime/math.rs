//! The `math` functions Rust's standard library lacks, with Go's special cases.

/// `math.Frexp`: `f == frac × 2^exp` with `|frac|` in [½, 1); zeros, infinities and NaN
/// come back unchanged with exponent 0.
pub fn frexp(f: f64) -> (f64, i64) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    // Scale subnormals into the normal range so the exponent field is meaningful.
    let (f, adjust) = if f.abs() < f64::MIN_POSITIVE {
        (f * (1u64 << 52) as f64, -52)
    } else {
        (f, 0)
    };
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1022 + adjust;
    let frac = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (frac, exp)
}

/// `math.Ldexp`: `frac × 2^exp`, overflowing to ±Inf and underflowing through the
/// subnormals to ±0, rounded once.
pub fn ldexp(frac: f64, exp: i64) -> f64 {
    if frac == 0.0 || !frac.is_finite() {
        return frac;
    }
    let (m, e) = frexp(frac);
    let e = exp.saturating_add(e);
    if e > 1024 {
        return f64::INFINITY.copysign(frac);
    }
    if e < -1075 {
        return 0.0f64.copysign(frac);
    }
    // m is in [½, 1), so m × 2^e is normal for e >= -1021 and the product is exact; below
    // that, scale to a normal value first so that only the last multiplication rounds.
    if e >= -1021 {
        m * 2.0 * pow2(e - 1)
    } else {
        m * pow2(e + 54) * pow2(-54)
    }
}

/// 2^e for a normal exponent (-1022..=1023), built exactly from its bits.
fn pow2(e: i64) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// `math.Nextafter`: the next representable value after `x` towards `y`.
pub fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x == y {
        x
    } else if x == 0.0 {
        f64::from_bits(1).copysign(y)
    } else if (y > x) == (x > 0.0) {
        f64::from_bits(x.to_bits() + 1)
    } else {
        f64::from_bits(x.to_bits() - 1)
    }
}

/// `math.Remainder`: the IEEE 754 remainder `x - n×y` with `n` the integer nearest `x/y`
/// (ties to even).
pub fn remainder(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() || x.is_infinite() || y == 0.0 {
        return f64::NAN;
    }
    if y.is_infinite() {
        return x;
    }
    let (neg, mut r, y) = (x.is_sign_negative(), x.abs(), y.abs());
    if r == y {
        return 0.0;
    }
    // fmod by 2y is exact and keeps the parity of the quotient; then at most two
    // subtractions of y land in [-y/2, y/2].
    if y <= f64::MAX / 2.0 {
        r %= y + y;
    }
    if y < 2.0 * f64::MIN_POSITIVE {
        if r + r > y {
            r -= y;
            if r + r >= y {
                r -= y;
            }
        }
    } else {
        let half = 0.5 * y;
        if r > half {
            r -= y;
            if r >= half {
                r -= y;
            }
        }
    }
    if neg { -r } else { r }
}

/// `math.Pow` with Go's special cases where they differ from C's `pow`.
pub fn pow(x: f64, y: f64) -> f64 {
    if x == 1.0 || y == 0.0 {
        return 1.0;
    }
    x.powf(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frexp_and_ldexp_invert() {
        assert_eq!(frexp(8.0), (0.5, 4));
        assert_eq!(frexp(-3.0), (-0.75, 2));
        assert_eq!(frexp(0.0), (0.0, 0));
        assert_eq!(frexp(5e-324), (0.5, -1073));
        assert_eq!(ldexp(0.5, 4), 8.0);
        assert_eq!(ldexp(0.5, -1073), 5e-324);
        assert_eq!(ldexp(1.0, 5000), f64::INFINITY);
    }

    #[test]
    fn remainder_rounds_the_quotient_to_even() {
        assert_eq!(remainder(5.0, 2.0), 1.0);
        assert_eq!(remainder(7.0, 2.0), -1.0);
        assert_eq!(remainder(-5.0, 3.0), 1.0);
        assert!(remainder(1.0, 0.0).is_nan());
    }

    #[test]
    fn nextafter_steps_one_ulp() {
        assert_eq!(nextafter(1.0, 2.0), 1.0000000000000002);
        assert_eq!(nextafter(0.0, -1.0), -5e-324);
        assert_eq!(nextafter(1.0, 0.0), 0.9999999999999999);
    }
}

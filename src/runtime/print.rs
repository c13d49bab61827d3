//! The `print` and `println` builtins' formatting (what Go's runtime prints to stderr).

use super::heap::bytes_at;
use crate::bytecode::rtype::{Kind, RType};

/// A float as the runtime prints it: `+1.500000e+000`.
pub fn float_text(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf".into() } else { "-Inf".into() };
    }
    let s = format!("{:.6e}", f.abs());
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let sign = if f.is_sign_negative() { '-' } else { '+' };
    let esign = if e < 0 { '-' } else { '+' };
    format!("{sign}{m}e{esign}{:03}", e.abs())
}

/// The value in `v` of type `types[t]` as `print` shows it.
pub fn value_text(types: &[RType], t: u32, v: &[u64]) -> String {
    let rt = &types[t as usize];
    match rt.kind {
        Kind::Bool => (v[0] != 0).to_string(),
        k if k.is_signed() => (v[0] as i64).to_string(),
        k if k.is_unsigned() => v[0].to_string(),
        Kind::Float32 | Kind::Float64 => float_text(f64::from_bits(v[0])),
        Kind::Complex64 | Kind::Complex128 => {
            format!(
                "({}{}i)",
                float_text(f64::from_bits(v[0])),
                float_text(f64::from_bits(v[1]))
            )
        }
        Kind::String => String::from_utf8_lossy(bytes_at(v[0], v[1])).into_owned(),
        Kind::Slice => format!("[{}/{}]{:#x}", v[1], v[2], v[0]),
        Kind::Interface => format!("({:#x},{:#x})", v[0], v[1]),
        Kind::Nil => "nil".into(),
        _ => format!("{:#x}", v[0]),
    }
}

#[cfg(test)]
mod tests {
    use super::float_text;

    #[test]
    fn floats_print_like_the_go_runtime() {
        assert_eq!(float_text(1.5), "+1.500000e+000");
        assert_eq!(float_text(-0.001), "-1.000000e-003");
        assert_eq!(float_text(1e100), "+1.000000e+100");
    }
}

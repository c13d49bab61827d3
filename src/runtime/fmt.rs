//! Go's `fmt` formatting over values in memory: Print, Println and Printf semantics.

use super::heap::{bytes_at, load_byte};
use super::value::{iface_slots, slots_at};
use crate::bytecode::rtype::{Kind, RType, TypeIdx};

/// What formatting needs from the running program.
pub trait FmtHost {
    type Error;
    fn types(&self) -> &[RType];
    /// Calls `name() string` on a value of dynamic type `t` held in interface data word
    /// `data`; Ok(None) if the type has no such method.
    fn call_string_method(&mut self, t: u32, data: u64, name: &str) -> Result<Option<Vec<u8>>, Self::Error>;
    /// The entries (key slots then value slots) of a map object.
    fn map_entries(&self, m: u64) -> Vec<Vec<u64>>;
}

/// An argument: an interface value (type word, data word).
pub type Arg = [u64; 2];

#[derive(Clone, Copy, Default)]
struct Spec {
    /// `%+v`: field names in structs (not a sign on numbers inside).
    plus_v: bool,
    /// `%#v`: Go syntax.
    sharp_v: bool,
    /// Formatting a bad verb's operand: Error and String methods are not called.
    no_methods: bool,
    plus: bool,
    minus: bool,
    sharp: bool,
    zero: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
    verb: char,
}

/// `fmt.Sprint`: spaces between operands when neither side is a string.
pub fn sprint<H: FmtHost>(h: &mut H, args: &[Arg]) -> Result<Vec<u8>, H::Error> {
    let mut out = Vec::new();
    let mut prev_string = false;
    for (i, a) in args.iter().enumerate() {
        let is_string = a[0] != 0 && h.types()[(a[0] - 1) as usize].kind == Kind::String;
        if i > 0 && !is_string && !prev_string {
            out.push(b' ');
        }
        format_arg(
            h,
            *a,
            &Spec {
                verb: 'v',
                ..Spec::default()
            },
            &mut out,
        )?;
        prev_string = is_string;
    }
    Ok(out)
}

/// `fmt.Sprintln`: always spaces, and a newline.
pub fn sprintln<H: FmtHost>(h: &mut H, args: &[Arg]) -> Result<Vec<u8>, H::Error> {
    let mut out = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        format_arg(
            h,
            *a,
            &Spec {
                verb: 'v',
                ..Spec::default()
            },
            &mut out,
        )?;
    }
    out.push(b'\n');
    Ok(out)
}

/// `fmt.Sprintf`.
pub fn sprintf<H: FmtHost>(h: &mut H, format: &[u8], args: &[Arg]) -> Result<Vec<u8>, H::Error> {
    let mut out = Vec::new();
    let mut argi = 0usize;
    let mut i = 0usize;
    let mut reordered = false;
    while i < format.len() {
        let c = format[i];
        if c != b'%' {
            let start = i;
            while i < format.len() && format[i] != b'%' {
                i += 1;
            }
            out.extend_from_slice(&format[start..i]);
            continue;
        }
        i += 1;
        let mut sp = Spec::default();
        while i < format.len() {
            match format[i] {
                b'+' => sp.plus = true,
                b'-' => sp.minus = true,
                b'#' => sp.sharp = true,
                b'0' => sp.zero = true,
                b' ' => sp.space = true,
                _ => break,
            }
            i += 1;
        }
        // Explicit argument index [n].
        let mut arg_index = |i: &mut usize, argi: &mut usize| {
            if *i < format.len() && format[*i] == b'[' {
                if let Some(end) = format[*i..].iter().position(|&b| b == b']') {
                    if let Ok(n) = std::str::from_utf8(&format[*i + 1..*i + end])
                        .unwrap_or("")
                        .parse::<usize>()
                    {
                        *argi = n.saturating_sub(1);
                        reordered = true;
                    }
                    *i += end + 1;
                }
            }
        };
        arg_index(&mut i, &mut argi);
        if i < format.len() && format[i] == b'*' {
            i += 1;
            match args.get(argi).and_then(|a| int_arg(h.types(), *a)) {
                Some(w) => {
                    if w < 0 {
                        sp.minus = true;
                    }
                    sp.width = Some(w.unsigned_abs() as usize);
                }
                None => out.extend_from_slice(b"%!(BADWIDTH)"),
            }
            argi += 1;
        } else {
            let (n, ni) = parse_num(format, i);
            sp.width = n;
            i = ni;
        }
        if i < format.len() && format[i] == b'.' {
            i += 1;
            arg_index(&mut i, &mut argi);
            if i < format.len() && format[i] == b'*' {
                i += 1;
                match args.get(argi).and_then(|a| int_arg(h.types(), *a)) {
                    Some(p) if p >= 0 => sp.prec = Some(p as usize),
                    _ => out.extend_from_slice(b"%!(BADPREC)"),
                }
                argi += 1;
            } else {
                let (n, ni) = parse_num(format, i);
                sp.prec = Some(n.unwrap_or(0));
                i = ni;
            }
        }
        arg_index(&mut i, &mut argi);
        if i >= format.len() {
            out.extend_from_slice(b"%!(NOVERB)");
            break;
        }
        let (verb, w) = super::strings::decode_rune(&format[i..]);
        i += w.max(1);
        sp.verb = verb;
        if verb == '%' {
            out.push(b'%');
            continue;
        }
        let Some(&a) = args.get(argi) else {
            out.extend_from_slice(format!("%!{verb}(MISSING)").as_bytes());
            continue;
        };
        argi += 1;
        format_arg(h, a, &sp, &mut out)?;
    }
    if !reordered && argi < args.len() {
        out.extend_from_slice(b"%!(EXTRA ");
        for (k, a) in args[argi..].iter().enumerate() {
            if k > 0 {
                out.extend_from_slice(b", ");
            }
            out.extend_from_slice(type_name(h.types(), a[0]).as_bytes());
            out.push(b'=');
            format_arg(
                h,
                *a,
                &Spec {
                    verb: 'v',
                    ..Spec::default()
                },
                &mut out,
            )?;
        }
        out.push(b')');
    }
    Ok(out)
}

fn parse_num(f: &[u8], mut i: usize) -> (Option<usize>, usize) {
    let start = i;
    let mut n = 0usize;
    while i < f.len() && f[i].is_ascii_digit() {
        n = n
            .saturating_mul(10)
            .saturating_add((f[i] - b'0') as usize)
            .min(1_000_000);
        i += 1;
    }
    (if i > start { Some(n) } else { None }, i)
}

fn int_arg(types: &[RType], a: Arg) -> Option<i64> {
    if a[0] == 0 {
        return None;
    }
    let k = types[(a[0] - 1) as usize].kind;
    k.is_integer().then_some(a[1] as i64)
}

fn type_name(types: &[RType], tw: u64) -> String {
    if tw == 0 {
        "<nil>".into()
    } else {
        types[(tw - 1) as usize].name.clone()
    }
}

/// Formats one interface argument per `sp`, with width padding.
fn format_arg<H: FmtHost>(h: &mut H, a: Arg, sp: &Spec, out: &mut Vec<u8>) -> Result<(), H::Error> {
    let mut body = Vec::new();
    let mut sp = *sp;
    if sp.verb == 'v' {
        sp.plus_v = sp.plus;
        sp.sharp_v = sp.sharp;
        sp.plus = false;
        sp.sharp = false;
    }
    let sp = &sp;
    if sp.verb == 'T' {
        body.extend_from_slice(type_name(h.types(), a[0]).as_bytes());
    } else if a[0] == 0 {
        match sp.verb {
            'v' | 's' => body.extend_from_slice(b"<nil>"),
            v => body.extend_from_slice(format!("%!{v}(<nil>)").as_bytes()),
        }
    } else {
        let t = (a[0] - 1) as u32;
        let slots = iface_slots(h.types(), a[0], &a[1]).to_vec();
        format_value(h, t, &slots, Some(a[1]), sp, 0, &mut body)?;
    }
    pad(out, &body, sp, false);
    Ok(())
}

/// Pads `body` to the spec's width (counted in runes).
fn pad(out: &mut Vec<u8>, body: &[u8], sp: &Spec, numeric: bool) {
    let n = String::from_utf8_lossy(body).chars().count();
    let w = sp.width.unwrap_or(0);
    if n >= w {
        out.extend_from_slice(body);
        return;
    }
    let fill = w - n;
    if sp.minus {
        out.extend_from_slice(body);
        out.extend(std::iter::repeat_n(b' ', fill));
    } else if sp.zero && numeric {
        // Zeros go after the sign.
        let (sign, digits) = match body.first() {
            Some(b'-') | Some(b'+') | Some(b' ') => (&body[..1], &body[1..]),
            _ => (&body[..0], body),
        };
        out.extend_from_slice(sign);
        out.extend(std::iter::repeat_n(b'0', fill));
        out.extend_from_slice(digits);
    } else {
        out.extend(std::iter::repeat_n(b' ', fill));
        out.extend_from_slice(body);
    }
}

/// Formats a value of type `t` (slots `v`). `data` is the interface data word when the
/// value came from an interface (needed to call its methods).
fn format_value<H: FmtHost>(
    h: &mut H,
    t: u32,
    v: &[u64],
    data: Option<u64>,
    sp: &Spec,
    depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), H::Error> {
    let rt = h.types()[t as usize].clone();
    // Error and String methods, for the verbs that print values as text.
    if matches!(sp.verb, 'v' | 's' | 'q' | 'x' | 'X') && !sp.sharp_v && !sp.no_methods {
        let word = data.unwrap_or_else(|| if rt.slots == 1 { v[0] } else { 0 });
        if (data.is_some() || rt.slots <= 1) && depth < 32 {
            for m in ["Error", "String"] {
                if rt.method(m).is_some() {
                    // A nil pointer receiver may handle nil itself; if it panics instead,
                    // Go prints <nil>.
                    let r = h.call_string_method(t, word, m);
                    if rt.kind == Kind::Pointer && word == 0 && r.is_err() {
                        out.extend_from_slice(b"<nil>");
                        return Ok(());
                    }
                    if let Some(s) = r? {
                        let inner = Spec { width: None, ..*sp };
                        fmt_string(&s, &inner, out);
                        return Ok(());
                    }
                }
            }
        }
    }
    let mut sub = *sp;
    sub.width = None;
    match rt.kind {
        Kind::Bool => match sp.verb {
            'v' | 't' => out.extend_from_slice(if v[0] != 0 { b"true" } else { b"false" }),
            _ => bad_verb(h, t, v, sp, out)?,
        },
        k if k.is_integer() => fmt_int(v[0], k.is_signed(), &rt, sp, out),
        Kind::Float32 | Kind::Float64 => {
            let bits = if rt.kind == Kind::Float32 { 32 } else { 64 };
            match sp.verb {
                'v' | 'g' | 'G' | 'e' | 'E' | 'f' | 'F' | 'x' | 'X' | 'b' => {
                    out.extend_from_slice(fmt_float(f64::from_bits(v[0]), bits, sp).as_bytes())
                }
                _ => bad_verb(h, t, v, sp, out)?,
            }
        }
        Kind::Complex64 | Kind::Complex128 => {
            let bits = if rt.kind == Kind::Complex64 { 32 } else { 64 };
            let mut s2 = *sp;
            s2.width = None;
            out.push(b'(');
            out.extend_from_slice(fmt_float(f64::from_bits(v[0]), bits, &s2).as_bytes());
            s2.plus = true;
            out.extend_from_slice(fmt_float(f64::from_bits(v[1]), bits, &s2).as_bytes());
            out.extend_from_slice(b"i)");
        }
        Kind::String => {
            let s = bytes_at(v[0], v[1]).to_vec();
            if sp.sharp_v {
                out.extend_from_slice(quote(&s).as_bytes());
            } else {
                match sp.verb {
                    'v' | 's' | 'q' | 'x' | 'X' => fmt_string(&s, &sub, out),
                    _ => bad_verb(h, t, v, sp, out)?,
                }
            }
        }
        Kind::Pointer => {
            let elem = rt.elem.expect("pointers have an element type");
            let ek = h.types()[elem.0 as usize].kind;
            if depth == 0
                && v[0] != 0
                && matches!(ek, Kind::Struct | Kind::Array | Kind::Slice | Kind::Map)
                && sp.verb != 'p'
            {
                out.push(b'&');
                let n = h.types()[elem.0 as usize].slots as usize;
                let inner = if ek == Kind::Array && is_byte_array(h.types(), elem) {
                    byte_array_slots(v[0], h.types()[elem.0 as usize].len)
                } else {
                    slots_at(v[0], n).to_vec()
                };
                return format_value(h, elem.0, &inner, None, sp, depth + 1, out);
            }
            fmt_pointer(v[0], sp, &rt, out);
        }
        Kind::Map | Kind::Chan | Kind::Func => {
            if rt.kind == Kind::Map && sp.verb != 'p' {
                return fmt_map(h, &rt, v[0], sp, depth, out);
            }
            if rt.kind == Kind::Func && v[0] == 0 && sp.verb == 'v' {
                out.extend_from_slice(
                    if sp.sharp_v {
                        format!("({})(nil)", rt.name)
                    } else {
                        "<nil>".to_string()
                    }
                    .as_bytes(),
                );
                return Ok(());
            }
            fmt_pointer(v[0], sp, &rt, out);
        }
        Kind::Slice | Kind::Array => {
            let elem = rt.elem.expect("sequences have an element type");
            let et = h.types()[elem.0 as usize].clone();
            let (ptr, len) = if rt.kind == Kind::Slice {
                (v[0], v[1])
            } else {
                (0, rt.len)
            };
            // Byte sequences print as strings for %s, %q, %x.
            if et.kind == Kind::Uint8 && matches!(sp.verb, 's' | 'q' | 'x' | 'X') {
                let bytes = if rt.kind == Kind::Slice {
                    bytes_at(ptr, len).to_vec()
                } else {
                    array_bytes(v, len)
                };
                fmt_string(&bytes, &sub, out);
                return Ok(());
            }
            if sp.sharp_v {
                if rt.kind == Kind::Slice && v[0] == 0 {
                    out.extend_from_slice(format!("{}(nil)", rt.name).as_bytes());
                    return Ok(());
                }
                out.extend_from_slice(rt.name.as_bytes());
                out.push(b'{');
            } else {
                out.push(b'[');
            }
            for k in 0..len {
                if k > 0 {
                    out.extend_from_slice(if sp.sharp_v { b", " } else { b" " });
                }
                let ev: Vec<u64> = if et.kind.is_byte_kind() {
                    let byte = if rt.kind == Kind::Slice {
                        load_byte(ptr + k)
                    } else {
                        array_bytes(v, len)[k as usize]
                    };
                    vec![if et.kind == Kind::Int8 {
                        byte as i8 as i64 as u64
                    } else {
                        byte as u64
                    }]
                } else if rt.kind == Kind::Slice {
                    slots_at(ptr + k * 8 * et.slots as u64, et.slots as usize).to_vec()
                } else {
                    let n = et.slots as usize;
                    v[k as usize * n..(k as usize + 1) * n].to_vec()
                };
                format_elem(h, elem.0, &ev, &sub, depth, out)?;
            }
            out.push(if sp.sharp_v { b'}' } else { b']' });
        }
        Kind::Struct => {
            if sp.sharp_v {
                out.extend_from_slice(rt.name.as_bytes());
            }
            out.push(b'{');
            for (k, f) in rt.fields.iter().enumerate() {
                if k > 0 {
                    out.extend_from_slice(if sp.sharp_v { b", " } else { b" " });
                }
                if sp.plus_v || sp.sharp_v {
                    out.extend_from_slice(f.name.as_bytes());
                    out.push(b':');
                }
                let n = h.types()[f.ty.0 as usize].slots as usize;
                let o = f.offset as usize;
                let fv = v[o..o + n].to_vec();
                format_elem(h, f.ty.0, &fv, &sub, depth, out)?;
            }
            out.push(b'}');
        }
        Kind::Interface => {
            if v[0] == 0 {
                out.extend_from_slice(if sp.sharp_v { b"interface {}(nil)" } else { b"<nil>" });
            } else {
                let inner = iface_slots(h.types(), v[0], &v[1]).to_vec();
                format_value(h, (v[0] - 1) as u32, &inner, Some(v[1]), &sub, depth + 1, out)?;
            }
        }
        _ => out.extend_from_slice(b"?"),
    }
    Ok(())
}

/// An element inside a composite: methods apply to it too.
fn format_elem<H: FmtHost>(
    h: &mut H,
    t: u32,
    v: &[u64],
    sp: &Spec,
    depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), H::Error> {
    let rt = &h.types()[t as usize];
    let data = match rt.kind {
        _ if rt.slots == 1 => Some(v[0]),
        Kind::Interface => None,
        _ => None,
    };
    format_value(h, t, v, data, sp, depth + 1, out)
}

fn is_byte_array(types: &[RType], t: TypeIdx) -> bool {
    types[t.0 as usize]
        .elem
        .is_some_and(|e| types[e.0 as usize].kind.is_byte_kind())
}

fn byte_array_slots(p: u64, len: u64) -> Vec<u64> {
    slots_at(p, len.div_ceil(8) as usize).to_vec()
}

fn array_bytes(v: &[u64], len: u64) -> Vec<u8> {
    v.iter().flat_map(|w| w.to_le_bytes()).take(len as usize).collect()
}

fn bad_verb<H: FmtHost>(h: &mut H, t: u32, v: &[u64], sp: &Spec, out: &mut Vec<u8>) -> Result<(), H::Error> {
    out.extend_from_slice(format!("%!{}(", sp.verb).as_bytes());
    out.extend_from_slice(h.types()[t as usize].name.as_bytes());
    out.push(b'=');
    format_value(
        h,
        t,
        v,
        None,
        &Spec {
            verb: 'v',
            no_methods: true,
            ..Spec::default()
        },
        1,
        out,
    )?;
    out.push(b')');
    Ok(())
}

fn fmt_pointer(p: u64, sp: &Spec, rt: &RType, out: &mut Vec<u8>) {
    if sp.sharp_v {
        out.extend_from_slice(format!("({})({:#x})", rt.name, p).as_bytes());
    } else if p == 0 && sp.verb == 'v' {
        out.extend_from_slice(b"<nil>");
    } else {
        out.extend_from_slice(format!("{p:#x}").as_bytes());
    }
}

fn fmt_map<H: FmtHost>(
    h: &mut H,
    rt: &RType,
    m: u64,
    sp: &Spec,
    depth: usize,
    out: &mut Vec<u8>,
) -> Result<(), H::Error> {
    let kt = rt.key.expect("maps have keys");
    let vt = rt.elem.expect("maps have values");
    let ks = h.types()[kt.0 as usize].slots as usize;
    let mut entries = if m == 0 { Vec::new() } else { h.map_entries(m) };
    if sp.sharp_v {
        if m == 0 {
            out.extend_from_slice(format!("{}(nil)", rt.name).as_bytes());
            return Ok(());
        }
        out.extend_from_slice(rt.name.as_bytes());
        out.push(b'{');
    } else {
        out.extend_from_slice(b"map[");
    }
    let types = h.types().to_vec();
    entries.sort_by(|a, b| compare(&types, kt.0, &a[..ks], &b[..ks]));
    let mut sub = *sp;
    sub.width = None;
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(if sp.sharp_v { b", " } else { b" " });
        }
        format_elem(h, kt.0, &e[..ks], &sub, depth, out)?;
        out.push(b':');
        format_elem(h, vt.0, &e[ks..], &sub, depth, out)?;
    }
    out.push(if sp.sharp_v { b'}' } else { b']' });
    Ok(())
}

/// The order fmt prints map keys in (Go's internal/fmtsort).
fn compare(types: &[RType], t: u32, a: &[u64], b: &[u64]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let rt = &types[t as usize];
    match rt.kind {
        k if k.is_signed() => (a[0] as i64).cmp(&(b[0] as i64)),
        Kind::Float32 | Kind::Float64 => {
            let (x, y) = (f64::from_bits(a[0]), f64::from_bits(b[0]));
            match (x.is_nan(), y.is_nan()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            }
        }
        Kind::String => bytes_at(a[0], a[1]).cmp(bytes_at(b[0], b[1])),
        Kind::Struct => {
            for f in &rt.fields {
                let n = types[f.ty.0 as usize].slots as usize;
                let o = f.offset as usize;
                let c = compare(types, f.ty.0, &a[o..o + n], &b[o..o + n]);
                if c != Ordering::Equal {
                    return c;
                }
            }
            Ordering::Equal
        }
        Kind::Array => {
            let et = rt.elem.expect("arrays have elements");
            let n = types[et.0 as usize].slots as usize;
            if types[et.0 as usize].kind.is_byte_kind() || n == 0 {
                return a.cmp(b);
            }
            for i in 0..rt.len as usize {
                let c = compare(types, et.0, &a[i * n..(i + 1) * n], &b[i * n..(i + 1) * n]);
                if c != Ordering::Equal {
                    return c;
                }
            }
            Ordering::Equal
        }
        Kind::Interface => {
            let c = a[0].cmp(&b[0]);
            if c != Ordering::Equal || a[0] == 0 {
                return c;
            }
            compare(
                types,
                (a[0] - 1) as u32,
                iface_slots(types, a[0], &a[1]),
                iface_slots(types, b[0], &b[1]),
            )
        }
        _ => a[0].cmp(&b[0]),
    }
}

fn fmt_int(v: u64, signed: bool, rt: &RType, sp: &Spec, out: &mut Vec<u8>) {
    let neg = signed && (v as i64) < 0;
    let mag: u128 = if neg {
        (v as i64).unsigned_abs() as u128
    } else {
        v as u128
    };
    let mut digits = match sp.verb {
        'd' | 'v' => mag.to_string(),
        'x' => format!("{mag:x}"),
        'X' => format!("{mag:X}"),
        'o' | 'O' => format!("{mag:o}"),
        'b' => format!("{mag:b}"),
        'c' => {
            out.push_str_char(char::from_u32(v as u32).unwrap_or('\u{FFFD}'));
            return;
        }
        'q' => {
            let c = char::from_u32(v as u32).unwrap_or('\u{FFFD}');
            out.extend_from_slice(quote_rune(c).as_bytes());
            return;
        }
        'U' => {
            let s = format!("U+{:04X}", v);
            let s = if sp.sharp {
                format!("{s} '{}'", char::from_u32(v as u32).unwrap_or('\u{FFFD}'))
            } else {
                s
            };
            pad(out, s.as_bytes(), sp, false);
            return;
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 's' | 't' | 'p' => {
            let val = if signed { (v as i64).to_string() } else { v.to_string() };
            out.extend_from_slice(format!("%!{}({}={})", sp.verb, rt.name, val).as_bytes());
            return;
        }
        _ => mag.to_string(),
    };
    if let Some(p) = sp.prec {
        if digits.len() < p {
            digits = "0".repeat(p - digits.len()) + &digits;
        }
        if p == 0 && mag == 0 {
            digits.clear();
        }
    }
    let prefix = match (sp.sharp, sp.verb) {
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        (true, 'o') => "0",
        (true, 'b') => "0b",
        (_, 'O') => "0o",
        _ => "",
    };
    let sign = if neg {
        "-"
    } else if sp.plus {
        "+"
    } else if sp.space {
        " "
    } else {
        ""
    };
    let body = format!("{sign}{prefix}{digits}");
    let zero_ok = sp.prec.is_none();
    pad(
        out,
        body.as_bytes(),
        &Spec {
            zero: sp.zero && zero_ok && !sp.minus,
            ..*sp
        },
        true,
    );
}

trait PushChar {
    fn push_str_char(&mut self, c: char);
}

impl PushChar for Vec<u8> {
    fn push_str_char(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }
}

fn fmt_string(s: &[u8], sp: &Spec, out: &mut Vec<u8>) {
    let s = match sp.prec {
        Some(p) if sp.verb != 'x' && sp.verb != 'X' => {
            let text = String::from_utf8_lossy(s);
            text.chars().take(p).collect::<String>().into_bytes()
        }
        _ => s.to_vec(),
    };
    let body = match sp.verb {
        'q' => {
            if sp.sharp && !s.contains(&b'`') {
                format!("`{}`", String::from_utf8_lossy(&s)).into_bytes()
            } else if sp.plus {
                quote_ascii(&s).into_bytes()
            } else {
                quote(&s).into_bytes()
            }
        }
        'x' | 'X' => {
            let mut t = String::new();
            for (i, b) in s.iter().enumerate() {
                if sp.space && i > 0 {
                    t.push(' ');
                }
                if sp.sharp && (sp.space || i == 0) {
                    t.push_str(if sp.verb == 'x' { "0x" } else { "0X" });
                }
                t.push_str(&if sp.verb == 'x' {
                    format!("{b:02x}")
                } else {
                    format!("{b:02X}")
                });
            }
            t.into_bytes()
        }
        _ => s,
    };
    pad(out, &body, sp, false);
}

/// A Go double-quoted string literal for `s` (strconv.Quote).
pub fn quote(s: &[u8]) -> String {
    let mut out = String::from("\"");
    let mut i = 0;
    while i < s.len() {
        let (c, w) = super::strings::decode_rune(&s[i..]);
        if c == '\u{FFFD}' && w == 1 && !s[i..].starts_with("\u{FFFD}".as_bytes()) {
            out.push_str(&format!("\\x{:02x}", s[i]));
            i += 1;
            continue;
        }
        escape_char(c, '"', &mut out);
        i += w;
    }
    out.push('"');
    out
}

/// strconv.QuoteToASCII: non-ASCII runes escaped too.
pub fn quote_ascii(s: &[u8]) -> String {
    let q = quote(s);
    let mut out = String::new();
    for c in q.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n if n < 0x10000 => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

fn quote_rune(c: char) -> String {
    let mut out = String::from("'");
    escape_char(c, '\'', &mut out);
    out.push('\'');
    out
}

fn escape_char(c: char, q: char, out: &mut String) {
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        '\\' => out.push_str("\\\\"),
        c if c == q => {
            out.push('\\');
            out.push(c);
        }
        c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
        c if is_printable(c) => out.push(c),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

fn is_printable(c: char) -> bool {
    let n = c as u32;
    // Private-use planes and noncharacters are not printable (Go's unicode.IsPrint).
    if n >= 0xF0000 || n & 0xFFFE == 0xFFFE || (0xFDD0..=0xFDEF).contains(&n) {
        return false;
    }
    !c.is_control()
        && !matches!(c as u32, 0x80..=0x9f | 0xad | 0x2028 | 0x2029 | 0xfeff | 0xfff9..=0xfffb)
        && !(0xe000..=0xf8ff).contains(&(c as u32))
}

/// A float per a verb, as fmt prints it.
fn fmt_float(f: f64, bits: u32, sp: &Spec) -> String {
    let verb = match sp.verb {
        'v' => 'g',
        v => v,
    };
    let mut s = if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        format_float(
            f,
            verb as u8,
            sp.prec
                .map(|p| p as i32)
                .unwrap_or(if matches!(verb, 'e' | 'E' | 'f' | 'F') { 6 } else { -1 }),
            bits,
        )
    };
    // Infinities keep their sign; NaN shows one only when asked.
    if f.is_nan() && (sp.plus || sp.space) {
        s.insert(0, if sp.plus { '+' } else { ' ' });
    }
    if sp.sharp && verb == 'g' && !s.contains('.') && !s.contains('e') && !f.is_nan() && !f.is_infinite() {
        s.push('.');
    }
    if !s.starts_with('-') && !s.starts_with('+') {
        if sp.plus {
            s.insert(0, '+');
        } else if sp.space {
            s.insert(0, ' ');
        }
    }
    let mut out = Vec::new();
    pad(
        &mut out,
        s.as_bytes(),
        &Spec {
            zero: sp.zero && !sp.minus && f.is_finite(),
            ..*sp
        },
        true,
    );
    String::from_utf8(out).unwrap_or_default()
}

/// strconv.FormatFloat(f, fmt, prec, bitSize) for finite f: 'e', 'E', 'f', 'g', 'G'.
pub fn format_float(f: f64, fmt: u8, prec: i32, bits: u32) -> String {
    let neg = f.is_sign_negative();
    let a = f.abs();
    // Shortest or fixed-count decimal digits and the decimal exponent of the first one.
    let (digits, exp) = if prec < 0 {
        let s = if bits == 32 {
            format!("{:e}", a as f32)
        } else {
            format!("{a:e}")
        };
        split_exp(&s)
    } else {
        match fmt {
            b'e' | b'E' => split_exp(&format!("{:.*e}", prec as usize, a)),
            b'g' | b'G' => split_exp(&format!("{:.*e}", (prec.max(1) - 1) as usize, a)),
            _ => (String::new(), 0),
        }
    };
    let body = match fmt {
        b'f' | b'F' => {
            if prec < 0 {
                fixed_from_digits(&digits, exp, None)
            } else {
                format!("{:.*}", prec as usize, a)
            }
        }
        b'e' | b'E' => {
            let p = if prec < 0 {
                digits.len().saturating_sub(1)
            } else {
                prec as usize
            };
            exp_form(&digits, exp, p, fmt == b'E')
        }
        _ => {
            // Go's %g switches to exponent form past the precision (6 when shortest).
            let eprec = if prec < 0 { 6 } else { prec.max(1) as i64 };
            let trimmed = digits.trim_end_matches('0');
            let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
            if exp < -4 || exp >= eprec {
                exp_form(trimmed, exp, trimmed.len() - 1, fmt == b'G')
            } else {
                fixed_from_digits(trimmed, exp, None)
            }
        }
    };
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

/// Splits Rust's `d.ddde±x` into the digit string and exponent.
fn split_exp(s: &str) -> (String, i64) {
    let (m, e) = s.split_once('e').unwrap_or((s, "0"));
    (m.replace('.', ""), e.parse().unwrap_or(0))
}

fn exp_form(digits: &str, exp: i64, prec: usize, upper: bool) -> String {
    let mut d = digits.to_string();
    while d.len() < prec + 1 {
        d.push('0');
    }
    let mut s = d[..1].to_string();
    if prec > 0 {
        s.push('.');
        s.push_str(&d[1..=prec]);
    }
    let e = if upper { 'E' } else { 'e' };
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{s}{e}{sign}{:02}", exp.abs())
}

/// Digits d1d2d3... with the first at decimal exponent `exp`, in positional form.
fn fixed_from_digits(digits: &str, exp: i64, _prec: Option<usize>) -> String {
    if exp < 0 {
        format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            format!("{}{}", digits, "0".repeat(int_len - digits.len()))
        } else {
            format!("{}.{}", &digits[..int_len], &digits[int_len..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_format_like_go() {
        let g = |f: f64| format_float(f, b'g', -1, 64);
        assert_eq!(g(1e21), "1e+21");
        assert_eq!(g(1e20), "1e+20");
        assert_eq!(g(100000.0), "100000");
        assert_eq!(g(1000000.0), "1e+06");
        assert_eq!(g(0.0001), "0.0001");
        assert_eq!(g(0.00001), "1e-05");
        assert_eq!(g(3.0), "3");
        assert_eq!(g(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(format_float(0.1f32 as f64, b'g', -1, 32), "0.1");
        assert_eq!(format_float(2.675, b'f', 2, 64), "2.67");
        assert_eq!(format_float(1234.5678, b'e', 3, 64), "1.235e+03");
        assert_eq!(format_float(123456789.0, b'g', -1, 64), "1.23456789e+08");
        assert_eq!(quote(b"a\n\"\xff"), "\"a\\n\\\"\\xff\"");
    }
}

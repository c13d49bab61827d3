//! Standard-library functions implemented in Rust, looked up by qualified Go name.
//!
//! Each reads its parameters from the stack at `base` (laid out as the Go signature
//! says) and writes its results from `base` on.

mod fmt;
mod os;
mod sched;
mod text;

use super::{LibFn, Machine, Trap};
use crate::bytecode::rtype::{Kind, TypeIdx};
use crate::runtime::fmt::{Arg, quote, quote_rune, quote_rune_to_ascii, quote_to_ascii};
use crate::runtime::heap::{bytes_at, copy_bytes, load, store};
use crate::runtime::value::slots_at;
use crate::runtime::{math, strconv, unicode};

/// The Rust function for a qualified name.
pub fn lookup(name: &str) -> Option<LibFn> {
    Some(match name {
        "os.Exit" => os_exit,
        "os.runtimeArgs" => os_args,
        "strconv.formatInt" => strconv_format_int,
        "strconv.parseInt" => strconv_parse_int,
        "strconv.FormatFloat" => strconv_format_float,
        "strconv.parseFloat" => strconv_parse_float,
        "strconv.Quote" => |vm, b| str_map(vm, b, |s| quote(s).into_bytes()),
        "strconv.QuoteToASCII" => |vm, b| str_map(vm, b, |s| quote_to_ascii(s).into_bytes()),
        "strconv.QuoteRune" => |vm, b| rune_str(vm, b, quote_rune),
        "strconv.QuoteRuneToASCII" => |vm, b| rune_str(vm, b, quote_rune_to_ascii),
        "strconv.formatUint" => strconv_format_uint,
        "strconv.parseUint" => strconv_parse_uint,
        "strconv.unquote" => strconv_unquote,
        "math.Sqrt" => |vm, b| f1(vm, b, f64::sqrt),
        "math.Floor" => |vm, b| f1(vm, b, f64::floor),
        "math.Ceil" => |vm, b| f1(vm, b, f64::ceil),
        "math.Trunc" => |vm, b| f1(vm, b, f64::trunc),
        "math.Round" => |vm, b| f1(vm, b, f64::round),
        "math.Abs" => |vm, b| f1(vm, b, f64::abs),
        "math.Log" => |vm, b| f1(vm, b, f64::ln),
        "math.Log2" => |vm, b| f1(vm, b, f64::log2),
        "math.Log10" => |vm, b| f1(vm, b, f64::log10),
        "math.Exp" => |vm, b| f1(vm, b, f64::exp),
        "math.Sin" => |vm, b| f1(vm, b, f64::sin),
        "math.Cos" => |vm, b| f1(vm, b, f64::cos),
        "math.Tan" => |vm, b| f1(vm, b, f64::tan),
        "math.Atan" => |vm, b| f1(vm, b, f64::atan),
        "math.Cbrt" => |vm, b| f1(vm, b, f64::cbrt),
        "math.Pow" => |vm, b| f2(vm, b, math::pow),
        "math.Atan2" => |vm, b| f2(vm, b, f64::atan2),
        "math.Hypot" => |vm, b| f2(vm, b, f64::hypot),
        "math.Mod" => |vm, b| f2(vm, b, |x, y| x % y),
        "math.Copysign" => |vm, b| f2(vm, b, f64::copysign),
        "math.RoundToEven" => |vm, b| f1(vm, b, f64::round_ties_even),
        "math.Remainder" => |vm, b| f2(vm, b, math::remainder),
        "math.Nextafter" => |vm, b| f2(vm, b, math::nextafter),
        // Bit conversions: the slot already holds the bits (float32 as an f64 value).
        "math.Float64bits" | "math.Float64frombits" => |_, _| Ok(()),
        "math.Float32bits" => |vm, b| {
            vm.g.stack[b] = (f64::from_bits(vm.g.stack[b]) as f32).to_bits() as u64;
            Ok(())
        },
        "math.Float32frombits" => |vm, b| {
            vm.g.stack[b] = (f32::from_bits(vm.g.stack[b] as u32) as f64).to_bits();
            Ok(())
        },
        "math.frexp" => |vm, b| {
            let (frac, exp) = math::frexp(f64::from_bits(vm.g.stack[b]));
            vm.g.stack[b] = frac.to_bits();
            vm.g.stack[b + 1] = exp as u64;
            Ok(())
        },
        "math.Ldexp" => |vm, b| {
            let (f, e) = (f64::from_bits(vm.g.stack[b]), vm.g.stack[b + 1] as i64);
            vm.g.stack[b] = math::ldexp(f, e).to_bits();
            Ok(())
        },
        "unicode.IsLetter" => |vm, b| rune_is(vm, b, unicode::is_letter),
        "unicode.IsDigit" => |vm, b| rune_is(vm, b, unicode::is_digit),
        "unicode.IsNumber" => |vm, b| rune_is(vm, b, char::is_numeric),
        "unicode.IsSpace" => |vm, b| rune_is(vm, b, unicode::is_space),
        "unicode.IsUpper" => |vm, b| rune_is(vm, b, unicode::is_upper),
        "unicode.IsLower" => |vm, b| rune_is(vm, b, unicode::is_lower),
        "unicode.IsTitle" => |vm, b| rune_is(vm, b, unicode::is_title),
        "unicode.IsControl" => |vm, b| rune_is(vm, b, unicode::is_control),
        "unicode.IsPunct" => |vm, b| rune_is(vm, b, unicode::is_punct),
        "unicode.IsPrint" => |vm, b| rune_is(vm, b, unicode::is_print),
        "unicode.ToUpper" => |vm, b| rune_map(vm, b, unicode::to_upper),
        "unicode.ToLower" => |vm, b| rune_map(vm, b, unicode::to_lower),
        "unicode.SimpleFold" => |vm, b| rune_map(vm, b, unicode::simple_fold),
        "unicode.inTable" => |vm, b| {
            let table = vm.g.stack[b] as i64;
            let r = go_rune(vm.g.stack[b + 1]);
            vm.g.stack[b] = r.is_some_and(|r| unicode::in_table(table, r)) as u64;
            Ok(())
        },
        "sort.sortInts" => |vm, b| sort_words(vm, b, |x, y| (x as i64).cmp(&(y as i64))),
        "sort.sortFloat64s" => |vm, b| sort_words(vm, b, |x, y| f64::from_bits(x).total_cmp(&f64::from_bits(y))),
        "sort.sortStrings" => sort_strings,
        "sort.lenOf" => sort_len_of,
        "sort.permute" => sort_permute,
        "errors.targetKind" => errors_target_kind,
        "errors.assign" => errors_assign,
        _ => {
            return text::lookup(name)
                .or_else(|| fmt::lookup(name))
                .or_else(|| os::lookup(name))
                .or_else(|| sched::lookup(name));
        }
    })
}

fn str_arg<'h>(vm: &Machine<'_>, base: usize, i: usize) -> &'h [u8] {
    bytes_at(vm.g.stack[base + i], vm.g.stack[base + i + 1])
}

fn set_str(vm: &mut Machine<'_>, at: usize, s: &[u8]) {
    let (p, n) = vm.new_string(s);
    vm.g.stack[at] = p;
    vm.g.stack[at + 1] = n;
}

/// The `...any` argument at `base + i` as interface values.
fn any_args(vm: &Machine<'_>, base: usize, i: usize) -> Vec<Arg> {
    let (p, n) = (vm.g.stack[base + i], vm.g.stack[base + i + 1]);
    (0..n).map(|k| [load(p + 16 * k), load(p + 16 * k + 8)]).collect()
}

fn os_exit(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    Err(Trap::Exit(vm.g.stack[base] as i64 as i32))
}

fn os_args(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let args = vm.sh.args.clone();
    let p = vm
        .heap
        .alloc_array(&vm.prog.types, vm.prog.well_known.string, args.len());
    for (i, a) in args.iter().enumerate() {
        let (sp, n) = vm.new_string(a.as_bytes());
        store(p + 16 * i as u64, sp);
        store(p + 16 * i as u64 + 8, n);
    }
    vm.g.stack[base] = p;
    vm.g.stack[base + 1] = args.len() as u64;
    vm.g.stack[base + 2] = args.len() as u64;
    Ok(())
}

fn str_map(vm: &mut Machine<'_>, base: usize, f: fn(&[u8]) -> Vec<u8>) -> Result<(), Trap> {
    let r = f(str_arg(vm, base, 0));
    set_str(vm, base, &r);
    Ok(())
}

fn strconv_format_int(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (v, radix) = (vm.g.stack[base] as i64, vm.g.stack[base + 1] as u32);
    set_str(
        vm,
        base,
        strconv::format_bits(v < 0, v.unsigned_abs(), radix).as_bytes(),
    );
    Ok(())
}

fn strconv_format_uint(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (v, radix) = (vm.g.stack[base], vm.g.stack[base + 1] as u32);
    set_str(vm, base, strconv::format_bits(false, v, radix).as_bytes());
    Ok(())
}

/// parseInt(s string, base int, bits int) (int64, int) and parseUint: the second result
/// is 0 on success, else a [`strconv::ParseError`] code.
fn strconv_parse_int(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let s = str_arg(vm, base, 0);
    let (radix, bits) = (vm.g.stack[base + 2] as u32, vm.g.stack[base + 3] as u32);
    let (v, code) = match strconv::parse_int(s, radix, bits) {
        Ok(v) => (v, 0),
        Err((v, e)) => (v, e as u64),
    };
    vm.g.stack[base] = v as u64;
    vm.g.stack[base + 1] = code;
    Ok(())
}

fn strconv_parse_uint(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let s = str_arg(vm, base, 0);
    let (radix, bits) = (vm.g.stack[base + 2] as u32, vm.g.stack[base + 3] as u32);
    let (v, code) = match strconv::parse_uint(s, radix, bits) {
        Ok(v) => (v, 0),
        Err((v, e)) => (v, e as u64),
    };
    vm.g.stack[base] = v;
    vm.g.stack[base + 1] = code;
    Ok(())
}

/// unquote(s string) (string, bool)
fn strconv_unquote(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let r = strconv::unquote(str_arg(vm, base, 0));
    set_str(vm, base, r.as_deref().unwrap_or_default());
    vm.g.stack[base + 2] = r.is_some() as u64;
    Ok(())
}

fn strconv_format_float(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let f = f64::from_bits(vm.g.stack[base]);
    let (verb, prec, bits) = (
        vm.g.stack[base + 1] as u8,
        vm.g.stack[base + 2] as i64,
        vm.g.stack[base + 3] as u32,
    );
    let s = crate::runtime::float::format_float(f, verb, prec as i32, bits);
    set_str(vm, base, s.as_bytes());
    Ok(())
}

/// parseFloat(s string) (float64, int): 0 ok, 1 syntax error, 2 out of range.
fn strconv_parse_float(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    use crate::runtime::float::{ParseErr, parse_float};
    let s = String::from_utf8_lossy(str_arg(vm, base, 0)).into_owned();
    let (v, code) = match parse_float(&s, 64) {
        Ok(v) => (v, 0),
        Err(ParseErr::Syntax) => (0.0, 1),
        Err(ParseErr::Range(v)) => (v, 2),
    };
    vm.g.stack[base] = v.to_bits();
    vm.g.stack[base + 1] = code;
    Ok(())
}

/// A rune argument as a char; None for negative values, surrogates and values past
/// U+10FFFF, which no predicate accepts and every mapping leaves unchanged.
fn go_rune(slot: u64) -> Option<char> {
    u32::try_from(slot as i64).ok().and_then(char::from_u32)
}

fn rune_is(vm: &mut Machine<'_>, base: usize, f: fn(char) -> bool) -> Result<(), Trap> {
    vm.g.stack[base] = go_rune(vm.g.stack[base]).is_some_and(f) as u64;
    Ok(())
}

fn rune_map(vm: &mut Machine<'_>, base: usize, f: fn(char) -> char) -> Result<(), Trap> {
    if let Some(r) = go_rune(vm.g.stack[base]) {
        vm.g.stack[base] = f(r) as u64;
    }
    Ok(())
}

fn f1(vm: &mut Machine<'_>, base: usize, f: fn(f64) -> f64) -> Result<(), Trap> {
    let x = f64::from_bits(vm.g.stack[base]);
    vm.g.stack[base] = f(x).to_bits();
    Ok(())
}

fn f2(vm: &mut Machine<'_>, base: usize, f: fn(f64, f64) -> f64) -> Result<(), Trap> {
    let (x, y) = (f64::from_bits(vm.g.stack[base]), f64::from_bits(vm.g.stack[base + 1]));
    vm.g.stack[base] = f(x, y).to_bits();
    Ok(())
}

/// Sorts a slice (at `base`) of one-word elements in place.
fn sort_words(vm: &mut Machine<'_>, base: usize, cmp: fn(u64, u64) -> std::cmp::Ordering) -> Result<(), Trap> {
    let (p, n) = (vm.g.stack[base], vm.g.stack[base + 1] as usize);
    let mut v = slots_at(p, n).to_vec();
    v.sort_by(|a, b| cmp(*a, *b));
    for (i, w) in v.iter().enumerate() {
        store(p + 8 * i as u64, *w);
    }
    Ok(())
}

fn sort_strings(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (p, n) = (vm.g.stack[base], vm.g.stack[base + 1] as usize);
    let mut v: Vec<[u64; 2]> = (0..n)
        .map(|i| [load(p + 16 * i as u64), load(p + 16 * i as u64 + 8)])
        .collect();
    v.sort_by(|a, b| bytes_at(a[0], a[1]).cmp(bytes_at(b[0], b[1])));
    for (i, w) in v.iter().enumerate() {
        store(p + 16 * i as u64, w[0]);
        store(p + 16 * i as u64 + 8, w[1]);
    }
    Ok(())
}

/// The slice in the `any` at `base` (its element type and the slice's words), or the
/// panic reflect gives calling `method` on something else.
fn any_slice(vm: &mut Machine<'_>, base: usize, method: &str) -> Result<(TypeIdx, [u64; 3]), Trap> {
    let (tw, data) = (vm.g.stack[base], vm.g.stack[base + 1]);
    let t = tw.checked_sub(1).map(|t| &vm.prog.types[t as usize]);
    match t {
        Some(t) if t.kind == Kind::Slice => Ok((
            t.elem.expect("a slice has an element type"),
            [load(data), load(data + 8), load(data + 16)],
        )),
        Some(t) => {
            let kind = if t.kind == Kind::Pointer {
                "ptr".to_string()
            } else {
                format!("{:?}", t.kind).to_lowercase()
            };
            Err(vm.trap_plain(&format!("reflect: call of {method} on {kind} Value")))
        }
        None => Err(vm.trap_plain(&format!("reflect: call of {method} on zero Value"))),
    }
}

/// lenOf(x any, method string) int: the length of the slice x; the panic of reflect's
/// `method` if x is not a slice.
fn sort_len_of(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let method = String::from_utf8_lossy(str_arg(vm, base, 2)).into_owned();
    let (_, [_, len, _]) = any_slice(vm, base, &method)?;
    vm.g.stack[base] = len;
    Ok(())
}

/// permute(x any, idx []int): element i of the slice x becomes the one at idx[i].
fn sort_permute(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (elem, [p, n, _]) = any_slice(vm, base, "Swapper")?;
    let idx = slots_at(vm.g.stack[base + 2], vm.g.stack[base + 3] as usize).to_vec();
    if idx.len() as u64 != n || idx.iter().any(|&i| i >= n) {
        return Err(vm.trap_plain("sort: not a permutation of the slice"));
    }
    let et = &vm.prog.types[elem.0 as usize];
    let w = if et.kind.is_byte_kind() {
        1
    } else {
        8 * et.slots as usize
    };
    let old = bytes_at(p, n * w as u64).to_vec();
    for (dst, &src) in idx.iter().enumerate() {
        copy_bytes(p + (dst * w) as u64, old.as_ptr() as u64 + src * w as u64, w);
    }
    Ok(())
}

/// The element type of the pointer `target` points with, if it is a non-nil pointer.
fn target_elem(vm: &Machine<'_>, target: Arg) -> Option<TypeIdx> {
    let t = &vm.prog.types[target[0].checked_sub(1)? as usize];
    t.elem.filter(|_| t.kind == Kind::Pointer && target[1] != 0)
}

/// targetKind(target any) int: `goodTarget`, `badPointer` or `badElem` (`std/errors.go`).
fn errors_target_kind(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let target = [vm.g.stack[base], vm.g.stack[base + 1]];
    vm.g.stack[base] = match target_elem(vm, target) {
        None => 1,
        Some(e) => {
            let et = &vm.prog.types[e.0 as usize];
            let error = &vm.prog.types[vm.prog.well_known.error.0 as usize];
            (et.kind != Kind::Interface && et.missing_method(error).is_some()) as u64 * 2
        }
    };
    Ok(())
}

/// assign(err error, target any) bool, for a target `targetKind` accepted.
fn errors_assign(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (tw, data) = (vm.g.stack[base], vm.g.stack[base + 1]);
    let target = [vm.g.stack[base + 2], vm.g.stack[base + 3]];
    let Some(want) = target_elem(vm, target) else {
        return Err(vm.trap_plain("errors: target must be a non-nil pointer"));
    };
    let wt = &vm.prog.types[want.0 as usize];
    let dyn_t = &vm.prog.types[(tw - 1) as usize];
    let fits = if wt.kind == Kind::Interface {
        dyn_t.missing_method(wt).is_none()
    } else {
        tw - 1 == want.0 as u64
    };
    if fits {
        let v = if wt.kind == Kind::Interface {
            vec![tw, data]
        } else {
            crate::runtime::value::iface_slots(&vm.prog.types, tw, &data).to_vec()
        };
        for (k, w) in v.iter().enumerate() {
            store(target[1] + 8 * k as u64, *w);
        }
    }
    vm.g.stack[base] = fits as u64;
    Ok(())
}

/// A rune argument to a string result.
fn rune_str(vm: &mut Machine<'_>, base: usize, f: fn(char) -> String) -> Result<(), Trap> {
    let r = u32::try_from(vm.g.stack[base] as i64)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{FFFD}');
    set_str(vm, base, f(r).as_bytes());
    Ok(())
}

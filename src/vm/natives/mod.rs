//! Standard-library functions implemented in Rust, looked up by qualified Go name.
//!
//! A native reads its parameters from the stack at `base` (laid out as the Go signature
//! says) and writes its results from `base` on.

mod os;
mod sched;
mod text;

use super::{Machine, NativeFn, Trap};
use crate::bytecode::rtype::{Kind, TypeIdx};
use crate::runtime::fmt::{self, Arg, FmtHost};
use crate::runtime::heap::{PtrLayout, bytes_at, copy_bytes, load, store};
use crate::runtime::value::slots_at;
use crate::runtime::{math, strconv, unicode};

impl FmtHost for Machine<'_> {
    type Error = Trap;

    fn call_string_method(&mut self, t: TypeIdx, data: u64, name: &str) -> Result<Option<Vec<u8>>, Trap> {
        Machine::call_string_method(self, t.0, data, name)
    }

    fn map_entries(&mut self, m: u64) -> Result<Vec<(u64, u64)>, Trap> {
        let map = match super::interp::map_ref(m).iterate() {
            Ok(map) => map,
            Err(race) => return Err(self.fatal_error(race.message())),
        };
        let (n, key_slots, stride) = (map.len(), map.key_slots, map.key_slots + map.val_slots);
        let copy: Box<[u64]> = map.entries().flatten().copied().collect();
        drop(map);
        let at = |i: usize| copy.as_ptr() as u64 + 8 * (i * stride) as u64;
        let entries = (0..n).map(|i| (at(i), at(i) + 8 * key_slots as u64)).collect();
        // Pinned, a root until the formatting call is over (see `formatting`). Moving the
        // box leaves its slots where they are.
        self.g.pinned.push(copy);
        Ok(entries)
    }

    fn call_format(&mut self, arg: Arg, verb: char, state: &fmt::FormatState) -> Result<Option<Vec<u8>>, Trap> {
        if arg[0] == 0 || self.prog.types[(arg[0] - 1) as usize].method("Format").is_none() {
            return Ok(None);
        }
        let Some(run) = self.prog.funcs.iter().position(|f| f.name == "fmt.runFormat") else {
            return Ok(None);
        };
        let (fp, fl) = self.new_string(state.flags.as_bytes());
        let args = [
            arg[0],
            arg[1],
            verb as u64,
            state.width.unwrap_or(0) as u64,
            state.precision.unwrap_or(0) as u64,
            state.width.is_some() as u64,
            state.precision.is_some() as u64,
            fp,
            fl,
        ];
        let r = self.call_func(run as u32, &args)?;
        Ok(Some(bytes_at(r[0], r[1]).to_vec()))
    }

    fn panic_value(&self, err: &Trap) -> Option<Arg> {
        // A panic in a nested call has been unwound back to the native: the goroutine
        // can go on, so fmt reports it in place of the method's result.
        match err {
            Trap::Panic(p) => Some(p.value),
            _ => None,
        }
    }
}

/// The native for a qualified name.
pub fn lookup(name: &str) -> Option<NativeFn> {
    Some(match name {
        "fmt.Sprintf" => fmt_sprintf,
        "fmt.Sprint" => fmt_sprint,
        "fmt.Sprintln" => fmt_sprintln,
        "fmt.writeStdout" => fmt_write_out,
        "fmt.errorf" => fmt_errorf,
        "os.Exit" => os_exit,
        "os.runtimeArgs" => os_args,
        "strconv.formatInt" => strconv_format_int,
        "strconv.parseInt" => strconv_parse_int,
        "strconv.FormatFloat" => strconv_format_float,
        "strconv.parseFloat" => strconv_parse_float,
        "strconv.Quote" => |vm, b| str_map(vm, b, |s| fmt::quote(s).into_bytes()),
        "strconv.QuoteToASCII" => |vm, b| str_map(vm, b, |s| fmt::quote_to_ascii(s).into_bytes()),
        "strconv.QuoteRune" => |vm, b| rune_str(vm, b, fmt::quote_rune),
        "strconv.QuoteRuneToASCII" => |vm, b| rune_str(vm, b, fmt::quote_rune_to_ascii),
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
        "sort.Slice" | "sort.SliceStable" => sort_slice,
        "sort.lenOf" => |vm, b| {
            let (tw, data) = (vm.g.stack[b], vm.g.stack[b + 1]);
            vm.g.stack[b] = if tw == 0 { 0 } else { load(data + 8) };
            Ok(())
        },
        "errors.As" => errors_as,
        _ => {
            return text::lookup(name)
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

/// Runs a formatting call of fmt's, then lets go of the map entries it copied
/// (`FmtHost::map_entries`), whether it succeeded or not.
fn formatting<'s, R>(vm: &mut Machine<'s>, call: impl FnOnce(&mut Machine<'s>) -> Result<R, Trap>) -> Result<R, Trap> {
    let pinned = vm.g.pinned.len();
    let result = call(vm);
    vm.g.pinned.truncate(pinned);
    result
}

fn fmt_sprintf(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let f = str_arg(vm, base, 0).to_vec();
    let args = any_args(vm, base, 2);
    let prog = vm.prog;
    let s = formatting(vm, |vm| fmt::sprintf(vm, prog, &f, &args))?;
    set_str(vm, base, &s);
    Ok(())
}

fn fmt_sprint(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let args = any_args(vm, base, 0);
    let prog = vm.prog;
    let s = formatting(vm, |vm| fmt::sprint(vm, prog, &args))?;
    set_str(vm, base, &s);
    Ok(())
}

fn fmt_sprintln(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let args = any_args(vm, base, 0);
    let prog = vm.prog;
    let s = formatting(vm, |vm| fmt::sprintln(vm, prog, &args))?;
    set_str(vm, base, &s);
    Ok(())
}

/// errorf(format string, a []any) (msg string, wrapped []int)
fn fmt_errorf(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let f = str_arg(vm, base, 0).to_vec();
    let args = any_args(vm, base, 2);
    let prog = vm.prog;
    let (msg, wrapped) = formatting(vm, |vm| fmt::errorf(vm, prog, &f, &args))?;
    set_str(vm, base, &msg);
    let p = vm.heap.alloc(wrapped.len(), PtrLayout::NoPointers);
    for (i, w) in wrapped.iter().enumerate() {
        store(p + 8 * i as u64, *w as u64);
    }
    vm.g.stack[base + 2] = p;
    vm.g.stack[base + 3] = wrapped.len() as u64;
    vm.g.stack[base + 4] = wrapped.len() as u64;
    Ok(())
}

fn fmt_write_out(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    vm.write_out(str_arg(vm, base, 0));
    Ok(())
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

/// sort.Slice(x any, less func(i, j int) bool): a stable merge sort over element indices,
/// calling `less` through the interpreter, then a permutation of the elements.
fn sort_slice(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (tw, data, less) = (vm.g.stack[base], vm.g.stack[base + 1], vm.g.stack[base + 2]);
    if tw == 0 {
        return Ok(());
    }
    let st = vm.prog.types[(tw - 1) as usize].clone();
    if st.kind != Kind::Slice {
        return Err(vm.trap_runtime("sort.Slice of a non-slice"));
    }
    let et = vm.prog.types[st.elem.expect("slice element").0 as usize].clone();
    let (p, n) = (load(data), load(data + 8) as usize);
    let mut idx: Vec<usize> = (0..n).collect();
    // Merge sort with a fallible comparison (less may panic).
    let mut err = None;
    let mut cmp = |vm: &mut Machine<'_>, a: usize, b: usize| -> bool {
        if err.is_some() {
            return false;
        }
        match vm.call_closure_from_rust(less, &[a as u64, b as u64]) {
            Ok(r) => r[0] != 0,
            Err(e) => {
                err = Some(e);
                false
            }
        }
    };
    let mut width = 1;
    let mut buf = idx.clone();
    while width < n {
        let mut i = 0;
        while i < n {
            let (mid, end) = ((i + width).min(n), (i + 2 * width).min(n));
            let (mut l, mut r, mut k) = (i, mid, i);
            while l < mid && r < end {
                if cmp(vm, idx[r], idx[l]) {
                    buf[k] = idx[r];
                    r += 1;
                } else {
                    buf[k] = idx[l];
                    l += 1;
                }
                k += 1;
            }
            buf[k..k + mid - l].copy_from_slice(&idx[l..mid]);
            k += mid - l;
            buf[k..k + end - r].copy_from_slice(&idx[r..end]);
            i += 2 * width;
        }
        std::mem::swap(&mut idx, &mut buf);
        width *= 2;
    }
    if let Some(e) = err {
        return Err(e);
    }
    let w = if et.kind.is_byte_kind() {
        1
    } else {
        8 * et.slots as usize
    };
    let old = bytes_at(p, (n * w) as u64).to_vec();
    for (dst, &src) in idx.iter().enumerate() {
        copy_bytes(p + (dst * w) as u64, old.as_ptr() as u64 + (src * w) as u64, w);
    }
    Ok(())
}

/// errors.As(err error, target any) bool: walks err's Unwrap chain for a value whose
/// type is (or, for an interface, implements) the type target points to.
fn errors_as(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (mut tw, mut data) = (vm.g.stack[base], vm.g.stack[base + 1]);
    let (ptw, ptr) = (vm.g.stack[base + 2], vm.g.stack[base + 3]);
    if ptw == 0 || ptr == 0 {
        return Err(vm.trap_runtime("errors: target must be a non-nil pointer"));
    }
    let pt = vm.prog.types[(ptw - 1) as usize].clone();
    let Some(want) = pt.elem.filter(|_| pt.kind == Kind::Pointer) else {
        return Err(vm.trap_runtime("errors: target must be a non-nil pointer"));
    };
    let wt = vm.prog.types[want.0 as usize].clone();
    while tw != 0 {
        let dyn_t = &vm.prog.types[(tw - 1) as usize];
        let matches = if wt.kind == Kind::Interface {
            dyn_t.missing_method(&wt).is_none()
        } else {
            tw - 1 == want.0 as u64
        };
        if matches {
            if wt.kind == Kind::Interface {
                store(ptr, tw);
                store(ptr + 8, data);
            } else {
                let v = crate::runtime::value::iface_slots(&vm.prog.types, tw, &data).to_vec();
                for (k, w) in v.iter().enumerate() {
                    store(ptr + 8 * k as u64, *w);
                }
            }
            vm.g.stack[base] = 1;
            return Ok(());
        }
        let unwrap = dyn_t.method("Unwrap").map(|m| m.func);
        let Some(f) = unwrap.filter(|&f| vm.prog.funcs[f as usize].result_slots == 2) else {
            break;
        };
        let r = vm.call_func(f, &[data])?;
        (tw, data) = (r[0], r[1]);
    }
    vm.g.stack[base] = 0;
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

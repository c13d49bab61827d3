//! The Rust functions of `strings` and `bytes`. Both run the same algorithms
//! (`runtime::strings`); they differ only in how a text value sits in the argument slots,
//! which each function takes as the const parameter `W`: [`STR`] for a string (pointer,
//! length), [`BYTES`] for a `[]byte` (pointer, length, capacity). The first two slots
//! agree, so reading a text argument is the same for both; what `W` changes is where the
//! following arguments start and what a result looks like.

use std::ops::Range;

use super::{LibFn, Machine, Trap, set_str, str_arg};
use crate::runtime::heap::{PtrLayout, store};
use crate::runtime::{strings, unicode};

/// Slots of a string.
const STR: usize = 2;
/// Slots of a `[]byte`.
const BYTES: usize = 3;

pub(super) fn lookup(name: &str) -> Option<LibFn> {
    Some(match name {
        "strings.Index" => index::<STR>,
        "strings.LastIndex" => last_index::<STR>,
        "strings.Count" => count::<STR>,
        "strings.ToUpper" => to_upper::<STR>,
        "strings.ToLower" => to_lower::<STR>,
        "strings.EqualFold" => equal_fold::<STR>,
        "strings.Replace" => replace::<STR>,
        "strings.TrimSpace" => trim_space::<STR>,
        "strings.trim" => trim::<STR>,
        "strings.Fields" => strings_fields,
        "strings.genSplit" => strings_gen_split,
        "strings.Title" => |vm, b| {
            let t = title(str_arg(vm, b, 0));
            set_str(vm, b, &t);
            Ok(())
        },
        "bytes.Index" => index::<BYTES>,
        "bytes.LastIndex" => last_index::<BYTES>,
        "bytes.Count" => count::<BYTES>,
        "bytes.ToUpper" => to_upper::<BYTES>,
        "bytes.ToLower" => to_lower::<BYTES>,
        "bytes.EqualFold" => equal_fold::<BYTES>,
        "bytes.Replace" => replace::<BYTES>,
        "bytes.trimSpace" => trim_space::<BYTES>,
        "bytes.trim" => trim::<BYTES>,
        "bytes.fieldsBounds" => |vm, b| {
            let r = strings::fields(str_arg(vm, b, 0));
            set_bounds(vm, b, &r);
            Ok(())
        },
        "bytes.splitBounds" => |vm, b| {
            let (sep_save, n) = (vm.g.stack[b + 6] as usize, vm.g.stack[b + 7] as i64);
            let r = strings::split(str_arg(vm, b, 0), str_arg(vm, b, 3), sep_save, n);
            set_bounds(vm, b, &r);
            Ok(())
        },
        "strings.IndexByte" => index_byte::<STR>,
        "bytes.IndexByte" => index_byte::<BYTES>,
        // The two differ only in the capacity slot, which is not read.
        "unicode/utf8.DecodeRune" | "unicode/utf8.DecodeRuneInString" => |vm, b| {
            let (r, w) = strings::decode_rune(str_arg(vm, b, 0));
            vm.g.stack[b] = r as u64;
            vm.g.stack[b + 1] = w as u64;
            Ok(())
        },
        _ => return None,
    })
}

/// IndexByte(s, c byte) int
fn index_byte<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let c = vm.g.stack[base + W] as u8;
    let r = str_arg(vm, base, 0).iter().position(|&b| b == c);
    vm.g.stack[base] = r.map_or(-1, |i| i as i64) as u64;
    Ok(())
}

/// Index(s, sep) int
fn index<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let r = strings::index(str_arg(vm, base, 0), str_arg(vm, base, W));
    vm.g.stack[base] = r.map_or(-1, |i| i as i64) as u64;
    Ok(())
}

/// LastIndex(s, sep) int
fn last_index<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let r = strings::last_index(str_arg(vm, base, 0), str_arg(vm, base, W));
    vm.g.stack[base] = r.map_or(-1, |i| i as i64) as u64;
    Ok(())
}

/// Count(s, sep) int
fn count<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    vm.g.stack[base] = strings::count(str_arg(vm, base, 0), str_arg(vm, base, W)) as u64;
    Ok(())
}

/// EqualFold(s, t) bool
fn equal_fold<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    vm.g.stack[base] = strings::equal_fold(str_arg(vm, base, 0), str_arg(vm, base, W)) as u64;
    Ok(())
}

fn to_upper<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let r = strings::map_runes(str_arg(vm, base, 0), unicode::to_upper);
    set_text::<W>(vm, base, &r);
    Ok(())
}

fn to_lower<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let r = strings::map_runes(str_arg(vm, base, 0), unicode::to_lower);
    set_text::<W>(vm, base, &r);
    Ok(())
}

/// Replace(s, old, new, n int)
fn replace<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let n = vm.g.stack[base + 3 * W] as i64;
    let r = strings::replace(str_arg(vm, base, 0), str_arg(vm, base, W), str_arg(vm, base, 2 * W), n);
    set_text::<W>(vm, base, &r);
    Ok(())
}

/// trimSpace(s): s without leading and trailing white space.
fn trim_space<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let r = strings::trim(str_arg(vm, base, 0), unicode::is_space, true, true);
    set_sub::<W>(vm, base, r);
    Ok(())
}

/// trim(s, cutset string, left, right bool): s without the leading (if left) and trailing
/// (if right) runes in cutset.
fn trim<const W: usize>(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (left, right) = (vm.g.stack[base + W + 2] != 0, vm.g.stack[base + W + 3] != 0);
    let r = strings::trim_set(str_arg(vm, base, 0), str_arg(vm, base, W), left, right);
    set_sub::<W>(vm, base, r);
    Ok(())
}

/// Returns new text holding `s` at `base`: a string, or a fresh (non-nil) `[]byte`.
fn set_text<const W: usize>(vm: &mut Machine<'_>, base: usize, s: &[u8]) {
    if W == STR {
        set_str(vm, base, s);
    } else {
        vm.g.stack[base] = vm.heap.bytes(s);
        vm.g.stack[base + 1] = s.len() as u64;
        vm.g.stack[base + 2] = s.len() as u64;
    }
}

/// Returns the part `r` of the text argument at `base`, sharing its memory as `s[lo:hi]`
/// does (and with the interpreter's rules for empty results: an empty string has no
/// pointer; an empty slice at the end of its capacity keeps the original one, never
/// pointing past the object).
fn set_sub<const W: usize>(vm: &mut Machine<'_>, base: usize, r: Range<usize>) {
    let (lo, n) = (r.start as u64, (r.end - r.start) as u64);
    let s = &mut vm.g.stack[base..base + W];
    if W == STR {
        s[0] = if n == 0 { 0 } else { s[0] + lo };
    } else {
        if lo < s[2] {
            s[0] += lo;
        }
        s[2] -= lo;
    }
    s[1] = n;
}

/// Returns the parts `r` of the string argument at `base` as a `[]string` of substrings.
fn set_parts(vm: &mut Machine<'_>, base: usize, r: &[Range<usize>]) {
    let (p, n) = (vm.g.stack[base], r.len());
    let arr = vm.heap.alloc_array(&vm.prog.types, vm.prog.well_known.string, n);
    for (i, part) in r.iter().enumerate() {
        let at = arr + 16 * i as u64;
        let empty = part.is_empty();
        store(at, if empty { 0 } else { p + part.start as u64 });
        store(at + 8, part.len() as u64);
    }
    vm.g.stack[base] = arr;
    vm.g.stack[base + 1] = n as u64;
    vm.g.stack[base + 2] = n as u64;
}

/// Returns the parts `r` as a `[]int` of their bounds, start and end of each in turn, for
/// Go code to slice (the `bytes` package gives each part the capacity Go gives it).
fn set_bounds(vm: &mut Machine<'_>, base: usize, r: &[Range<usize>]) {
    let n = 2 * r.len();
    let arr = vm.heap.alloc(n, PtrLayout::NoPointers);
    for (i, part) in r.iter().enumerate() {
        store(arr + 16 * i as u64, part.start as u64);
        store(arr + 16 * i as u64 + 8, part.end as u64);
    }
    vm.g.stack[base] = arr;
    vm.g.stack[base + 1] = n as u64;
    vm.g.stack[base + 2] = n as u64;
}

fn strings_fields(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let r = strings::fields(str_arg(vm, base, 0));
    set_parts(vm, base, &r);
    Ok(())
}

/// genSplit(s, sep string, sepSave, n int) []string
fn strings_gen_split(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let (sep_save, n) = (vm.g.stack[base + 4] as usize, vm.g.stack[base + 5] as i64);
    let (s, sep) = (str_arg(vm, base, 0), str_arg(vm, base, 2));
    let r = strings::split(s, sep, sep_save, n);
    if n == 0 {
        // Go returns nil rather than an empty slice.
        vm.g.stack[base..base + 3].fill(0);
        return Ok(());
    }
    set_parts(vm, base, &r);
    if sep.is_empty() {
        // Exploding a string (unlike a []byte) turns each invalid byte into U+FFFD; the
        // last part is the unexploded rest.
        let (arr, invalid) = (vm.g.stack[base], "\u{FFFD}".as_bytes());
        for (i, part) in r.iter().enumerate().take(r.len().saturating_sub(1)) {
            if strings::decode_rune(&s[part.clone()]).0 == '\u{FFFD}' {
                let (p, len) = vm.new_string(invalid);
                store(arr + 16 * i as u64, p);
                store(arr + 16 * i as u64 + 8, len);
            }
        }
    }
    Ok(())
}

/// Go's `strings.Title`: each rune following a separator mapped to title case.
fn title(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut prev = ' ';
    let mut i = 0;
    while i < s.len() {
        let (c, w) = strings::decode_rune(&s[i..]);
        let mapped = if is_separator(prev) { unicode::to_title(c) } else { c };
        out.extend_from_slice(mapped.encode_utf8(&mut [0; 4]).as_bytes());
        prev = c;
        i += w;
    }
    out
}

/// Whether `r` separates words for [`title`]: ASCII other than letters, digits and `_`,
/// and beyond ASCII, white space (other letters, digits and symbols do not).
fn is_separator(r: char) -> bool {
    if r.is_ascii() {
        return !(r.is_ascii_alphanumeric() || r == '_');
    }
    !(unicode::is_letter(r) || unicode::is_digit(r)) && unicode::is_space(r)
}

//! Format parsing and the walk over values by runtime type (Go's `fmt/print.go`).

use super::format::{Flags, Fmt};
use super::sort::compare;
use super::value::{Loc, Val};
use super::{Arg, Called, FmtHost, FormatState, Method};
use crate::bytecode::Program;
use crate::bytecode::rtype::{Kind, RType};
use crate::runtime::strings::decode_rune;

/// Widths, precisions and argument numbers above this are rejected as Go does (a guard
/// against absurd padding).
const TOO_LARGE: i64 = 1_000_000;

pub(super) struct Printer<'a, H: FmtHost> {
    host: &'a mut H,
    types: &'a [RType],
    fmt: Fmt,
    /// Printing a bad verb's operand: its methods are not called.
    erroring: bool,
    /// Printing the value of a panic raised by a method: a second panic propagates.
    panicking: bool,
    /// `Errorf`: `%w` is allowed; `wrapped` collects its operands' indexes.
    pub wrap_errs: bool,
    pub wrapped: Vec<usize>,
    /// An explicit argument index was used, so unused operands are not reported.
    reordered: bool,
    /// The current verb's argument index was valid.
    good_arg_num: bool,
}

impl<'a, H: FmtHost> Printer<'a, H> {
    pub fn new(host: &'a mut H, prog: &'a Program) -> Self {
        Printer {
            host,
            types: &prog.types,
            fmt: Fmt::default(),
            erroring: false,
            panicking: false,
            wrap_errs: false,
            wrapped: Vec::new(),
            reordered: false,
            good_arg_num: true,
        }
    }

    pub fn finish(self) -> Vec<u8> {
        self.fmt.buf
    }

    fn rtype(&self, v: Val) -> &'a RType {
        &self.types[v.ty.0 as usize]
    }

    fn write(&mut self, s: &str) {
        self.fmt.buf.extend_from_slice(s.as_bytes());
    }

    pub fn do_print(&mut self, args: &[Arg]) -> Result<(), H::Error> {
        let mut prev_string = false;
        for (i, &arg) in args.iter().enumerate() {
            let is_string = Val::of_iface(self.types, arg).is_some_and(|v| self.rtype(v).kind == Kind::String);
            if i > 0 && !is_string && !prev_string {
                self.fmt.buf.push(b' ');
            }
            self.print_arg(arg, 'v')?;
            prev_string = is_string;
        }
        Ok(())
    }

    pub fn do_println(&mut self, args: &[Arg]) -> Result<(), H::Error> {
        for (i, &arg) in args.iter().enumerate() {
            if i > 0 {
                self.fmt.buf.push(b' ');
            }
            self.print_arg(arg, 'v')?;
        }
        self.fmt.buf.push(b'\n');
        Ok(())
    }

    pub fn do_printf(&mut self, format: &[u8], args: &[Arg]) -> Result<(), H::Error> {
        let end = format.len();
        let mut arg_num = 0;
        // The previous item was an argument index like [3].
        let mut after_index;
        let mut i = 0;
        while i < end {
            self.good_arg_num = true;
            let start = i;
            while i < end && format[i] != b'%' {
                i += 1;
            }
            self.fmt.buf.extend_from_slice(&format[start..i]);
            if i >= end {
                break;
            }
            i += 1;

            self.fmt.flags = Flags::default();
            while i < end {
                let f = &mut self.fmt.flags;
                match format[i] {
                    b'#' => f.sharp = true,
                    // Zero padding only ever goes on the left.
                    b'0' => f.zero = !f.minus,
                    b'+' => f.plus = true,
                    b'-' => {
                        f.minus = true;
                        f.zero = false;
                    }
                    b' ' => f.space = true,
                    _ => break,
                }
                i += 1;
            }

            (arg_num, i, after_index) = self.arg_number(arg_num, format, i, args.len());

            if i < end && format[i] == b'*' {
                i += 1;
                let wid;
                (wid, arg_num) = int_from_arg(self.types, args, arg_num);
                match wid {
                    Some(w) => {
                        if w < 0 {
                            self.fmt.flags.minus = true;
                            self.fmt.flags.zero = false;
                        }
                        self.fmt.flags.wid = Some(w.unsigned_abs() as usize);
                    }
                    None => self.write("%!(BADWIDTH)"),
                }
                after_index = false;
            } else {
                let wid;
                (wid, i) = parse_num(format, i);
                self.fmt.flags.wid = wid;
                if after_index && wid.is_some() {
                    // "%[3]2d"
                    self.good_arg_num = false;
                }
            }

            if i + 1 < end && format[i] == b'.' {
                i += 1;
                if after_index {
                    // "%[3].2d"
                    self.good_arg_num = false;
                }
                (arg_num, i, after_index) = self.arg_number(arg_num, format, i, args.len());
                if i < end && format[i] == b'*' {
                    i += 1;
                    let prec;
                    (prec, arg_num) = int_from_arg(self.types, args, arg_num);
                    // A negative precision is as bad as a missing one.
                    self.fmt.flags.prec = prec.and_then(|p| usize::try_from(p).ok());
                    if self.fmt.flags.prec.is_none() {
                        self.write("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let prec;
                    (prec, i) = parse_num(format, i);
                    self.fmt.flags.prec = Some(prec.unwrap_or(0));
                }
            }

            if !after_index {
                (arg_num, i, _) = self.arg_number(arg_num, format, i, args.len());
            }

            if i >= end {
                self.write("%!(NOVERB)");
                break;
            }
            let (verb, size) = match format[i] {
                c if c < 0x80 => (c as char, 1),
                _ => decode_rune(&format[i..]),
            };
            i += size;

            if verb == '%' {
                // Takes no operand and ignores width and precision.
                self.fmt.buf.push(b'%');
            } else if !self.good_arg_num {
                self.write(&format!("%!{verb}(BADINDEX)"));
            } else if arg_num >= args.len() {
                self.write(&format!("%!{verb}(MISSING)"));
            } else {
                if verb == 'w' {
                    self.wrapped.push(arg_num);
                }
                if matches!(verb, 'v' | 'w') {
                    self.set_v_flags();
                }
                self.print_arg(args[arg_num], verb)?;
                arg_num += 1;
            }
        }

        if !self.reordered && arg_num < args.len() {
            self.fmt.flags = Flags::default();
            self.write("%!(EXTRA ");
            for (k, &arg) in args[arg_num..].iter().enumerate() {
                if k > 0 {
                    self.write(", ");
                }
                match Val::of_iface(self.types, arg) {
                    None => self.write("<nil>"),
                    Some(v) => {
                        self.write(&self.rtype(v).name);
                        self.fmt.buf.push(b'=');
                        self.print_arg(arg, 'v')?;
                    }
                }
            }
            self.fmt.buf.push(b')');
        }
        Ok(())
    }

    /// An explicit argument index `[n]` at `format[i..]`: the new argument number, the new
    /// position and whether an index was found.
    fn arg_number(&mut self, arg_num: usize, format: &[u8], i: usize, num_args: usize) -> (usize, usize, bool) {
        if format.get(i) != Some(&b'[') {
            return (arg_num, i, false);
        }
        self.reordered = true;
        let (index, width, ok) = parse_arg_number(&format[i..]);
        match index {
            Some(n) if ok && n < num_args => (n, i + width, true),
            _ => {
                self.good_arg_num = false;
                (arg_num, i + width, ok)
            }
        }
    }

    /// Formats one operand (Go's `printArg`).
    fn print_arg(&mut self, arg: Arg, verb: char) -> Result<(), H::Error> {
        let Some(v) = Val::of_iface(self.types, arg) else {
            return match verb {
                'T' | 'v' => {
                    self.fmt.pad(b"<nil>");
                    Ok(())
                }
                _ => self.bad_verb(verb, None),
            };
        };
        match verb {
            'T' => {
                self.fmt.fmt_s(self.rtype(v).name.as_bytes());
                Ok(())
            }
            'p' => self.fmt_pointer(v, 'p'),
            _ => {
                if self.handle_methods(v, verb)? {
                    return Ok(());
                }
                self.print_value(v, verb, 0)
            }
        }
    }

    /// For `%v` (and `%w`), `#` means Go syntax and `+` field names, not their usual
    /// meanings.
    fn set_v_flags(&mut self) {
        let f = &mut self.fmt.flags;
        f.sharp_v = std::mem::take(&mut f.sharp);
        f.plus_v = std::mem::take(&mut f.plus);
    }

    /// Formats `v` with its `Format`, `GoString`, `Error` or `String` method when it has the
    /// one that applies to `verb`; reports whether it did.
    fn handle_methods(&mut self, v: Val, verb: char) -> Result<bool, H::Error> {
        if self.erroring {
            return Ok(false);
        }
        let rt = self.rtype(v);
        let mut verb = verb;
        if verb == 'w' {
            if !self.wrap_errs || rt.method("Error").is_none() {
                self.bad_verb('w', Some(v))?;
                return Ok(true);
            }
            verb = 'v';
        }
        // An interface value's methods are its dynamic value's, tried when that is
        // printed.
        if rt.methods.is_empty() || rt.kind == Kind::Interface {
            return Ok(false);
        }
        let arg = v.as_iface(self.types);
        if rt.method("Format").is_some() {
            let state = self.format_state();
            if self.call_method(v, verb, arg, Method::Format { verb, state })? {
                return Ok(true);
            }
        }
        let methods: &[Method] = if self.fmt.flags.sharp_v {
            &[Method::GoString]
        } else if matches!(verb, 'v' | 's' | 'x' | 'X' | 'q') {
            &[Method::Error, Method::String]
        } else {
            &[]
        };
        for method in methods {
            if rt.method(method.name()).is_some() && self.call_method(v, verb, arg, method.clone())? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Formats `v` (the operand `arg`) with `method`'s result; false if `v` does not
    /// implement it.
    fn call_method(&mut self, v: Val, verb: char, arg: Arg, method: Method) -> Result<bool, H::Error> {
        let name = method.name();
        let out = match self.host.call(arg, method)? {
            None => return Ok(false),
            Some(Called::Returned(out)) => out,
            Some(Called::Panicked(value)) => {
                self.catch_panic(v, verb, name, value)?;
                return Ok(true);
            }
        };
        match name {
            "Format" => self.fmt.buf.extend_from_slice(&out),
            // Printed unadorned.
            "GoString" => self.fmt.fmt_s(&out),
            _ => self.fmt_string(&out, verb, v)?,
        }
        Ok(true)
    }

    /// The State a `Format` method sees.
    fn format_state(&self) -> FormatState {
        let f = self.fmt.flags;
        let flags = [
            (f.plus || f.plus_v, '+'),
            (f.minus, '-'),
            (f.sharp || f.sharp_v, '#'),
            (f.space, ' '),
            (f.zero, '0'),
        ];
        FormatState {
            width: f.wid.map(|w| w as i64),
            precision: f.prec.map(|p| p as i64),
            flags: flags.iter().filter(|(on, _)| *on).map(|&(_, c)| c).collect(),
        }
    }

    /// A method of `v` panicked with `value`: printed in place of the result (`<nil>` for
    /// a nil pointer receiver), unless this is the printing of an earlier such panic.
    fn catch_panic(&mut self, v: Val, verb: char, method: &str, value: Arg) -> Result<(), H::Error> {
        if self.rtype(v).kind == Kind::Pointer && v.word(0) == 0 {
            self.fmt.fmt_s(b"<nil>");
            return Ok(());
        }
        if self.panicking {
            return Err(self.host.repanic(value));
        }
        let flags = std::mem::take(&mut self.fmt.flags);
        self.write(&format!("%!{verb}(PANIC={method} method: "));
        self.panicking = true;
        let printed = self.print_arg(value, 'v');
        self.panicking = false;
        printed?;
        self.fmt.buf.push(b')');
        self.fmt.flags = flags;
        Ok(())
    }

    /// `%!verb(type=value)`, the value printed with `%v` and without methods; `None` is a
    /// nil operand.
    fn bad_verb(&mut self, verb: char, v: Option<Val>) -> Result<(), H::Error> {
        self.erroring = true;
        self.write(&format!("%!{verb}("));
        match v {
            Some(v) => {
                self.write(&self.rtype(v).name);
                self.fmt.buf.push(b'=');
                self.print_value(v, 'v', 0)?;
            }
            None => self.write("<nil>"),
        }
        self.fmt.buf.push(b')');
        self.erroring = false;
        Ok(())
    }

    /// Formats a value by its kind (Go's `printValue`); `depth` is 0 for an operand itself.
    fn print_value(&mut self, v: Val, verb: char, depth: usize) -> Result<(), H::Error> {
        // Values nest as deep as a program likes.
        crate::runtime::deep(|| self.print_value_here(v, verb, depth))
    }

    fn print_value_here(&mut self, v: Val, verb: char, depth: usize) -> Result<(), H::Error> {
        // Operands had their methods tried already; nested values get their turn here.
        if depth > 0 && v.exported && self.handle_methods(v, verb)? {
            return Ok(());
        }
        let rt = self.rtype(v);
        let w = v.word(0);
        match rt.kind {
            Kind::Bool => match verb {
                't' | 'v' => self.fmt.fmt_boolean(w != 0),
                _ => self.bad_verb(verb, Some(v))?,
            },
            Kind::Int | Kind::Int8 | Kind::Int16 | Kind::Int32 | Kind::Int64 => self.fmt_integer(w, true, verb, v)?,
            Kind::Uint | Kind::Uint8 | Kind::Uint16 | Kind::Uint32 | Kind::Uint64 | Kind::Uintptr => {
                self.fmt_integer(w, false, verb, v)?
            }
            Kind::Float32 => self.fmt_float(f64::from_bits(w), 32, verb, v)?,
            Kind::Float64 => self.fmt_float(f64::from_bits(w), 64, verb, v)?,
            Kind::Complex64 | Kind::Complex128 => {
                let size = if rt.kind == Kind::Complex64 { 32 } else { 64 };
                self.fmt_complex(v, size, verb)?
            }
            Kind::String => self.fmt_string(v.string_bytes(), verb, v)?,
            Kind::Map => self.print_map(v, verb, depth)?,
            Kind::Struct => self.print_struct(v, verb, depth)?,
            Kind::Interface => match Val::of_iface(self.types, [w, v.word(1)]) {
                Some(inner) => self.print_value(
                    Val {
                        exported: v.exported,
                        ..inner
                    },
                    verb,
                    depth + 1,
                )?,
                None if self.fmt.flags.sharp_v => self.write(&format!("{}(nil)", rt.name)),
                None => self.write("<nil>"),
            },
            Kind::Array | Kind::Slice => self.print_seq(v, verb, depth)?,
            Kind::Pointer => {
                // At the top level, show what a pointer to a composite points to.
                let target = rt.elem.map(|e| &self.types[e.0 as usize]);
                match target {
                    Some(t)
                        if depth == 0
                            && w != 0
                            && matches!(t.kind, Kind::Array | Kind::Slice | Kind::Struct | Kind::Map) =>
                    {
                        self.fmt.buf.push(b'&');
                        let target = v.retyped(rt.elem.expect("checked above"), Loc::At(w));
                        self.print_value(target, verb, depth + 1)?;
                    }
                    _ => self.fmt_pointer(v, verb)?,
                }
            }
            Kind::Chan | Kind::Func => self.fmt_pointer(v, verb)?,
            Kind::Nil => self.write("<nil>"),
        }
        Ok(())
    }

    fn print_map(&mut self, v: Val, verb: char, depth: usize) -> Result<(), H::Error> {
        let rt = self.rtype(v);
        let m = v.word(0);
        let sharp_v = self.fmt.flags.sharp_v;
        if sharp_v {
            self.write(&rt.name);
            if m == 0 {
                self.write("(nil)");
                return Ok(());
            }
            self.fmt.buf.push(b'{');
        } else {
            self.write("map[");
        }
        let (kt, vt) = (
            rt.key.expect("maps have a key type"),
            rt.elem.expect("maps have a value type"),
        );
        let mut entries: Vec<(Val, Val)> = if m == 0 {
            Vec::new()
        } else {
            self.host
                .map_entries(m)?
                .into_iter()
                .map(|(k, e)| (v.retyped(kt, Loc::At(k)), v.retyped(vt, Loc::At(e))))
                .collect()
        };
        entries.sort_by(|a, b| compare(self.types, a.0, b.0));
        for (i, (key, val)) in entries.into_iter().enumerate() {
            if i > 0 {
                self.write(if sharp_v { ", " } else { " " });
            }
            self.print_value(key, verb, depth + 1)?;
            self.fmt.buf.push(b':');
            self.print_value(val, verb, depth + 1)?;
        }
        self.fmt.buf.push(if sharp_v { b'}' } else { b']' });
        Ok(())
    }

    fn print_struct(&mut self, v: Val, verb: char, depth: usize) -> Result<(), H::Error> {
        let rt = self.rtype(v);
        let f = self.fmt.flags;
        if f.sharp_v {
            self.write(&rt.name);
        }
        self.fmt.buf.push(b'{');
        for (i, field) in rt.fields.iter().enumerate() {
            if i > 0 {
                self.write(if f.sharp_v { ", " } else { " " });
            }
            if f.plus_v || f.sharp_v {
                self.write(&field.name);
                self.fmt.buf.push(b':');
            }
            self.print_value(v.field(self.types, i), verb, depth + 1)?;
        }
        self.fmt.buf.push(b'}');
        Ok(())
    }

    fn print_seq(&mut self, v: Val, verb: char, depth: usize) -> Result<(), H::Error> {
        let rt = self.rtype(v);
        let elem = &self.types[rt.elem.expect("arrays and slices have an element type").0 as usize];
        // Byte slices and arrays print as text under the string verbs.
        if elem.kind == Kind::Uint8 && matches!(verb, 's' | 'q' | 'x' | 'X') {
            let bytes = v.byte_elems(self.types);
            match verb {
                's' => self.fmt.fmt_s(&bytes),
                'q' => self.fmt.fmt_q(&bytes),
                _ => self.fmt.fmt_sbx(&bytes, verb == 'X'),
            }
            return Ok(());
        }
        let (base, len) = v.seq(self.types);
        let sharp_v = self.fmt.flags.sharp_v;
        if sharp_v {
            // Go spells an operand's plain []byte type as written, not as []uint8.
            let is_plain_bytes =
                depth == 0 && rt.kind == Kind::Slice && !rt.named && elem.kind == Kind::Uint8 && !elem.named;
            self.write(if is_plain_bytes { "[]byte" } else { &rt.name });
            if rt.kind == Kind::Slice && v.word(0) == 0 {
                self.write("(nil)");
                return Ok(());
            }
            self.fmt.buf.push(b'{');
        } else {
            self.fmt.buf.push(b'[');
        }
        for i in 0..len {
            if i > 0 {
                self.write(if sharp_v { ", " } else { " " });
            }
            self.print_value(v.elem(self.types, base, i), verb, depth + 1)?;
        }
        self.fmt.buf.push(if sharp_v { b'}' } else { b']' });
        Ok(())
    }

    /// Pointers, and the pointer-like kinds, as addresses.
    fn fmt_pointer(&mut self, v: Val, verb: char) -> Result<(), H::Error> {
        let rt = self.rtype(v);
        if !matches!(
            rt.kind,
            Kind::Chan | Kind::Func | Kind::Map | Kind::Pointer | Kind::Slice
        ) {
            return self.bad_verb(verb, Some(v));
        }
        let u = v.word(0);
        match verb {
            'v' if self.fmt.flags.sharp_v => {
                self.write(&format!("({})(", rt.name));
                if u == 0 {
                    self.write("nil");
                } else {
                    self.fmt_0x64(u, true);
                }
                self.fmt.buf.push(b')');
            }
            'v' if u == 0 => self.fmt.pad(b"<nil>"),
            'v' | 'p' => self.fmt_0x64(u, !self.fmt.flags.sharp),
            'b' | 'o' | 'd' | 'x' | 'X' => self.fmt_integer(u, false, verb, v)?,
            _ => self.bad_verb(verb, Some(v))?,
        }
        Ok(())
    }

    /// Hexadecimal, with or without `0x` regardless of the `#` flag.
    fn fmt_0x64(&mut self, u: u64, leading_0x: bool) {
        let sharp = std::mem::replace(&mut self.fmt.flags.sharp, leading_0x);
        self.fmt.fmt_integer(u, 16, false, 'v', false);
        self.fmt.flags.sharp = sharp;
    }

    fn fmt_integer(&mut self, u: u64, signed: bool, verb: char, v: Val) -> Result<(), H::Error> {
        let f = &mut self.fmt;
        match verb {
            'v' if f.flags.sharp_v && !signed => self.fmt_0x64(u, true),
            'v' | 'd' => f.fmt_integer(u, 10, signed, verb, false),
            'b' => f.fmt_integer(u, 2, signed, verb, false),
            'o' | 'O' => f.fmt_integer(u, 8, signed, verb, false),
            'x' => f.fmt_integer(u, 16, signed, verb, false),
            'X' => f.fmt_integer(u, 16, signed, verb, true),
            'c' => f.fmt_c(u),
            'q' => f.fmt_qc(u),
            'U' => f.fmt_unicode(u),
            _ => self.bad_verb(verb, Some(v))?,
        }
        Ok(())
    }

    fn fmt_float(&mut self, x: f64, size: u32, verb: char, v: Val) -> Result<(), H::Error> {
        match verb {
            'v' => self.fmt.fmt_float(x, size, b'g', -1),
            'b' | 'g' | 'G' | 'x' | 'X' => self.fmt.fmt_float(x, size, verb as u8, -1),
            'f' | 'e' | 'E' => self.fmt.fmt_float(x, size, verb as u8, 6),
            'F' => self.fmt.fmt_float(x, size, b'f', 6),
            _ => self.bad_verb(verb, Some(v))?,
        }
        Ok(())
    }

    /// `(re+imi)`: the imaginary part always has a sign.
    fn fmt_complex(&mut self, v: Val, size: u32, verb: char) -> Result<(), H::Error> {
        if !matches!(verb, 'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E') {
            return self.bad_verb(verb, Some(v));
        }
        let plus = self.fmt.flags.plus;
        self.fmt.buf.push(b'(');
        self.fmt_float(f64::from_bits(v.word(0)), size, verb, v)?;
        self.fmt.flags.plus = true;
        self.fmt_float(f64::from_bits(v.word(1)), size, verb, v)?;
        self.write("i)");
        self.fmt.flags.plus = plus;
        Ok(())
    }

    /// A string (or a method's string result, `v` being the value it came from).
    fn fmt_string(&mut self, s: &[u8], verb: char, v: Val) -> Result<(), H::Error> {
        match verb {
            'v' if self.fmt.flags.sharp_v => self.fmt.fmt_q(s),
            'v' | 's' => self.fmt.fmt_s(s),
            'x' => self.fmt.fmt_sbx(s, false),
            'X' => self.fmt.fmt_sbx(s, true),
            'q' => self.fmt.fmt_q(s),
            _ => self.bad_verb(verb, Some(v))?,
        }
        Ok(())
    }
}

/// A decimal number at `f[i..]` (None if there is none or it is too large) and the index
/// after it.
fn parse_num(f: &[u8], mut i: usize) -> (Option<usize>, usize) {
    let start = i;
    let mut n: i64 = 0;
    while i < f.len() && f[i].is_ascii_digit() {
        if n > TOO_LARGE {
            // Absurdly long: Go gives up on the rest of the format.
            return (None, f.len());
        }
        n = n * 10 + (f[i] - b'0') as i64;
        i += 1;
    }
    ((i > start).then_some(n as usize), i)
}

/// `[n]` at the start of `f`: the zero-based index (if valid), the bytes it spans, and
/// whether it was well formed.
fn parse_arg_number(f: &[u8]) -> (Option<usize>, usize, bool) {
    // At least 3 bytes: [n].
    if f.len() < 3 {
        return (None, 1, false);
    }
    match f.iter().position(|&c| c == b']') {
        Some(close) => match parse_num(f, 1) {
            (Some(n), end) if end == close => (n.checked_sub(1), close + 1, true),
            _ => (None, close + 1, false),
        },
        None => (None, 1, false),
    }
}

/// The integer operand at `arg_num` used as a `*` width or precision (None if it is not an
/// integer or too large), and the next argument number.
fn int_from_arg(types: &[RType], args: &[Arg], arg_num: usize) -> (Option<i64>, usize) {
    let Some(&arg) = args.get(arg_num) else {
        return (None, arg_num);
    };
    let n = Val::of_iface(types, arg).and_then(|v| {
        let kind = types[v.ty.0 as usize].kind;
        let w = v.word(0);
        // Unsigned values above MaxInt64 do not fit an int.
        (kind.is_signed() || kind.is_unsigned() && (w as i64) >= 0).then_some(w as i64)
    });
    (n.filter(|n| (-TOO_LARGE..=TOO_LARGE).contains(n)), arg_num + 1)
}

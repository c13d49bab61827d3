//! Formatting tests over values built in memory, with expected outputs from Go.

// 3.14159265 and the like are the operands of Go's own examples, not attempts at PI.
#![allow(clippy::approx_constant)]

use std::cell::RefCell;
use std::collections::HashMap;

use super::*;
use crate::bytecode::TypeIdx;
use crate::bytecode::rtype::{Kind, RField, RMethod, RType, array_slots};
use crate::runtime::heap::{bytes_at, load};

/// A program's types plus the memory of the values under test.
struct World {
    prog: Program,
    /// Every allocation; boxes never move, so their addresses serve as Go pointers.
    mem: RefCell<Vec<Box<[u64]>>>,
    /// Map objects: the map word is the address of a marker allocation.
    maps: RefCell<HashMap<u64, Vec<(u64, u64)>>>,
    t: Types,
}

/// The types the tests use.
#[derive(Default)]
struct Types {
    bool_: TypeIdx,
    int: TypeIdx,
    int8: TypeIdx,
    int32: TypeIdx,
    int64: TypeIdx,
    uint: TypeIdx,
    uint8: TypeIdx,
    uint32: TypeIdx,
    uint64: TypeIdx,
    uintptr: TypeIdx,
    float32: TypeIdx,
    float64: TypeIdx,
    complex64: TypeIdx,
    complex128: TypeIdx,
    string: TypeIdx,
    any: TypeIdx,
    error: TypeIdx,
    ints: TypeIdx,
    bytes: TypeIdx,
    byte_slices: TypeIdx,
    bool2: TypeIdx,
    strings: TypeIdx,
    floats: TypeIdx,
    anys: TypeIdx,
    errors: TypeIdx,
    byte3: TypeIdx,
    int8x2: TypeIdx,
    float32x2: TypeIdx,
    string2: TypeIdx,
    int_ptr: TypeIdx,
    int_ptrs: TypeIdx,
    bytes_ptr: TypeIdx,
    map_si: TypeIdx,
    map_fs: TypeIdx,
    map_anyi: TypeIdx,
    map_pi: TypeIdx,
    chan_int: TypeIdx,
    func: TypeIdx,
    point: TypeIdx,
    point_ptr: TypeIdx,
    points: TypeIdx,
    money: TypeIdx,
    money_ptr: TypeIdx,
    moneys: TypeIdx,
    secret: TypeIdx,
    account: TypeIdx,
    account_ptr: TypeIdx,
    ptr_only: TypeIdx,
    ptr_only_ptr: TypeIdx,
    err_struct: TypeIdx,
    err_ptr: TypeIdx,
    status: TypeIdx,
    boom: TypeIdx,
    /// Its String method panics with a `main.Boom`, whose String panics again.
    boom_boom: TypeIdx,
    fatal: TypeIdx,
    loud: TypeIdx,
    louds: TypeIdx,
    hidden: TypeIdx,
    nils: TypeIdx,
    empty: TypeIdx,
    anon: TypeIdx,
    named_ints: TypeIdx,
}

fn rtype(kind: Kind, name: &str, slots: u32) -> RType {
    RType::plain(kind, name, slots, 0)
}

impl World {
    fn add(&mut self, t: RType) -> TypeIdx {
        self.prog.types.push(t);
        TypeIdx(self.prog.types.len() as u32 - 1)
    }

    fn name(&self, t: TypeIdx) -> String {
        self.prog.ty(t).name.clone()
    }

    fn basic(&mut self, kind: Kind, name: &str) -> TypeIdx {
        let slots = match kind {
            Kind::String | Kind::Complex64 | Kind::Complex128 | Kind::Interface => 2,
            _ => 1,
        };
        self.add(rtype(kind, name, slots))
    }

    fn slice_type(&mut self, elem: TypeIdx) -> TypeIdx {
        let name = format!("[]{}", self.name(elem));
        self.add(RType {
            elem: Some(elem),
            ..rtype(Kind::Slice, &name, 3)
        })
    }

    fn array_type(&mut self, elem: TypeIdx, len: u64) -> TypeIdx {
        let e = self.prog.ty(elem);
        let slots = array_slots(e.kind, e.slots, len) as u32;
        let name = format!("[{len}]{}", e.name);
        self.add(RType {
            elem: Some(elem),
            len,
            ..rtype(Kind::Array, &name, slots)
        })
    }

    fn ptr_type(&mut self, elem: TypeIdx) -> TypeIdx {
        let name = format!("*{}", self.name(elem));
        self.add(RType {
            elem: Some(elem),
            ..rtype(Kind::Pointer, &name, 1)
        })
    }

    fn map_type(&mut self, key: TypeIdx, elem: TypeIdx) -> TypeIdx {
        let name = format!("map[{}]{}", self.name(key), self.name(elem));
        self.add(RType {
            key: Some(key),
            elem: Some(elem),
            ..rtype(Kind::Map, &name, 1)
        })
    }

    fn strukt(&mut self, name: &str, fields: &[(&str, TypeIdx)]) -> TypeIdx {
        let mut offset = 0;
        let fields = fields
            .iter()
            .map(|&(n, ty)| {
                let f = RField {
                    name: n.into(),
                    ty,
                    offset,
                    exported: n.starts_with(|c: char| c.is_ascii_uppercase()),
                };
                offset += self.prog.ty(ty).slots;
                f
            })
            .collect();
        self.add(RType {
            fields,
            named: name.starts_with("main."),
            ..rtype(Kind::Struct, name, offset)
        })
    }

    /// A defined type `name` with `base`'s layout and the given methods.
    fn named(&mut self, name: &str, base: TypeIdx, methods: &[&str]) -> TypeIdx {
        let mut methods: Vec<RMethod> = methods
            .iter()
            .map(|m| RMethod {
                name: m.to_string(),
                func: 0,
                sig: Default::default(),
            })
            .collect();
        methods.sort_by(|a, b| a.name.cmp(&b.name));
        let t = RType {
            name: name.into(),
            named: true,
            methods,
            ..self.prog.ty(base).clone()
        };
        self.add(t)
    }

    fn new() -> World {
        let mut w = World {
            prog: Program::default(),
            mem: RefCell::default(),
            maps: RefCell::default(),
            t: Types::default(),
        };
        let mut t = Types {
            bool_: w.basic(Kind::Bool, "bool"),
            int: w.basic(Kind::Int, "int"),
            int8: w.basic(Kind::Int8, "int8"),
            int32: w.basic(Kind::Int32, "int32"),
            int64: w.basic(Kind::Int64, "int64"),
            uint: w.basic(Kind::Uint, "uint"),
            uint8: w.basic(Kind::Uint8, "uint8"),
            uint32: w.basic(Kind::Uint32, "uint32"),
            uint64: w.basic(Kind::Uint64, "uint64"),
            uintptr: w.basic(Kind::Uintptr, "uintptr"),
            float32: w.basic(Kind::Float32, "float32"),
            float64: w.basic(Kind::Float64, "float64"),
            complex64: w.basic(Kind::Complex64, "complex64"),
            complex128: w.basic(Kind::Complex128, "complex128"),
            string: w.basic(Kind::String, "string"),
            any: w.basic(Kind::Interface, "interface {}"),
            error: w.basic(Kind::Interface, "error"),
            ..Types::default()
        };
        t.ints = w.slice_type(t.int);
        t.bytes = w.slice_type(t.uint8);
        t.strings = w.slice_type(t.string);
        t.byte_slices = w.slice_type(t.bytes);
        t.bool2 = w.array_type(t.bool_, 2);
        t.floats = w.slice_type(t.float64);
        t.anys = w.slice_type(t.any);
        t.errors = w.slice_type(t.error);
        t.byte3 = w.array_type(t.uint8, 3);
        t.int8x2 = w.array_type(t.int8, 2);
        t.float32x2 = w.array_type(t.float32, 2);
        t.string2 = w.array_type(t.string, 2);
        t.int_ptr = w.ptr_type(t.int);
        t.int_ptrs = w.slice_type(t.int_ptr);
        t.bytes_ptr = w.ptr_type(t.bytes);
        t.map_si = w.map_type(t.string, t.int);
        t.map_fs = w.map_type(t.float64, t.string);
        t.map_anyi = w.map_type(t.any, t.int);
        t.chan_int = w.add(rtype(Kind::Chan, "chan int", 1));
        t.func = w.add(rtype(Kind::Func, "func()", 1));
        t.point = w.strukt("main.P", &[("X", t.int), ("Y", t.int)]);
        t.point_ptr = w.ptr_type(t.point);
        t.points = w.slice_type(t.point);
        t.map_pi = w.map_type(t.point, t.int);
        t.money = w.named("main.Money", t.int64, &["String"]);
        t.money_ptr = w.ptr_type(t.money);
        w.prog.types[t.money_ptr.0 as usize].methods = vec![RMethod {
            name: "String".into(),
            func: 0,
            sig: Default::default(),
        }];
        t.moneys = w.slice_type(t.money);
        t.secret = w.named("main.Secret", t.string, &["GoString", "String"]);
        t.account = w.strukt(
            "main.Account",
            &[("Owner", t.string), ("Balance", t.money), ("Pass", t.secret)],
        );
        t.account_ptr = w.ptr_type(t.account);
        t.ptr_only = w.strukt("main.PtrOnly", &[("N", t.int)]);
        t.ptr_only_ptr = w.ptr_type(t.ptr_only);
        w.prog.types[t.ptr_only_ptr.0 as usize].methods = vec![RMethod {
            name: "String".into(),
            func: 0,
            sig: Default::default(),
        }];
        t.err_struct = w.strukt("main.E", &[("msg", t.string)]);
        t.err_ptr = w.ptr_type(t.err_struct);
        w.prog.types[t.err_ptr.0 as usize].methods = vec![RMethod {
            name: "Error".into(),
            func: 0,
            sig: Default::default(),
        }];
        t.status = w.strukt("main.Status", &[("Err", t.error)]);
        t.boom = w.named("main.Boom", t.int, &["String"]);
        t.boom_boom = w.named("main.BoomBoom", t.int, &["String"]);
        t.fatal = w.named("main.Fatal", t.int, &["String"]);
        t.loud = w.named("main.Loud", t.string, &["Format"]);
        t.louds = w.slice_type(t.loud);
        t.hidden = w.strukt("main.Hidden", &[("m", t.money), ("M", t.money)]);
        t.nils = w.strukt(
            "main.T",
            &[
                ("S", t.ints),
                ("M", t.map_si),
                ("P", t.int_ptr),
                ("I", t.any),
                ("F", t.func),
                ("C", t.chan_int),
                ("E", t.error),
            ],
        );
        t.empty = w.strukt("main.Empty", &[]);
        t.anon = w.strukt(
            "struct { X int; Y int; Tag string }",
            &[("X", t.int), ("Y", t.int), ("Tag", t.string)],
        );
        t.named_ints = w.named("main.Named", t.ints, &[]);
        w.t = t;
        w
    }

    /// A new object holding `words`; its address.
    fn alloc(&self, words: &[u64]) -> u64 {
        let mut b: Box<[u64]> = if words.is_empty() { vec![0].into() } else { words.into() };
        let p = b.as_mut_ptr() as u64;
        self.mem.borrow_mut().push(b);
        p
    }

    fn alloc_bytes(&self, bytes: &[u8]) -> u64 {
        let words: Vec<u64> = bytes
            .chunks(8)
            .map(|c| {
                let mut w = [0u8; 8];
                w[..c.len()].copy_from_slice(c);
                u64::from_le_bytes(w)
            })
            .collect();
        self.alloc(&words)
    }

    /// An operand of type `t` whose slots are `v`.
    fn arg(&self, t: TypeIdx, v: &[u64]) -> Arg {
        let data = match v.len() {
            0 => 0,
            1 => v[0],
            _ => self.alloc(v),
        };
        [t.0 as u64 + 1, data]
    }

    fn int(&self, i: i64) -> Arg {
        self.arg(self.t.int, &[i as u64])
    }

    fn f64(&self, f: f64) -> Arg {
        self.arg(self.t.float64, &[f.to_bits()])
    }

    fn str(&self, s: &str) -> Arg {
        self.arg(self.t.string, &self.s(s))
    }

    /// The slots of a string.
    fn s(&self, s: &str) -> Vec<u64> {
        vec![self.alloc_bytes(s.as_bytes()), s.len() as u64]
    }

    /// The slots of a slice of elements of type `elem`.
    fn slice(&self, elem: TypeIdx, elems: &[Vec<u64>]) -> Vec<u64> {
        let p = if self.prog.ty(elem).kind.is_byte_kind() {
            self.alloc_bytes(&elems.iter().map(|e| e[0] as u8).collect::<Vec<_>>())
        } else {
            self.alloc(&elems.concat())
        };
        vec![p, elems.len() as u64, elems.len() as u64]
    }

    /// The slots of an array of elements of type `elem`.
    fn array(&self, elem: TypeIdx, elems: &[Vec<u64>]) -> Vec<u64> {
        if self.prog.ty(elem).kind.is_byte_kind() {
            let bytes: Vec<u8> = elems.iter().map(|e| e[0] as u8).collect();
            let p = self.alloc_bytes(&bytes);
            (0..bytes.len().div_ceil(8)).map(|i| load(p + 8 * i as u64)).collect()
        } else {
            elems.concat()
        }
    }

    fn map(&self, entries: &[(Vec<u64>, Vec<u64>)]) -> Vec<u64> {
        let m = self.alloc(&[0]);
        let addrs = entries
            .iter()
            .map(|(k, v)| {
                let p = self.alloc(&[k.clone(), v.clone()].concat());
                (p, p + 8 * k.len() as u64)
            })
            .collect();
        self.maps.borrow_mut().insert(m, addrs);
        vec![m]
    }

    /// The slots of an interface holding a value of type `t`.
    fn iface(&self, t: TypeIdx, v: &[u64]) -> Vec<u64> {
        self.arg(t, v).to_vec()
    }

    /// A `[][]byte` operand.
    fn add_byte_slices(&self, slices: &[&[u8]]) -> Arg {
        let elems: Vec<Vec<u64>> = slices
            .iter()
            .map(|b| self.slice(self.t.uint8, &b.iter().map(|&c| vec![c as u64]).collect::<Vec<_>>()))
            .collect();
        self.arg(self.t.byte_slices, &self.slice(self.t.bytes, &elems))
    }

    fn sprintf(&self, format: &str, args: &[Arg]) -> String {
        let out = sprintf(&mut Host(self), &self.prog, format.as_bytes(), args).expect("no fatal error");
        String::from_utf8(out).expect("tests produce UTF-8")
    }
}

#[derive(Debug)]
enum TestError {
    Panic(String),
    Fatal,
}

struct Host<'w>(&'w World);

impl FmtHost for Host<'_> {
    type Error = TestError;

    fn map_entries(&mut self, m: u64) -> Result<Vec<(u64, u64)>, TestError> {
        // Reversed so the engine's sorting is what gives the order.
        Ok(self.0.maps.borrow()[&m].iter().rev().copied().collect())
    }

    fn call(&mut self, arg: Arg, method: Method) -> Result<Option<Called>, TestError> {
        let v = super::value::Val::of_iface(&self.0.prog.types, arg).expect("non-nil");
        let data = arg[1];
        let money = |cents: i64| format!("${}.{:02}", cents / 100, cents % 100);
        let s = match (self.0.prog.ty(v.ty).name.as_str(), &method) {
            ("main.Loud", Method::Format { verb, state }) => {
                let text = String::from_utf8_lossy(v.string_bytes());
                format!(
                    "LOUD({verb},{text},{:?},{:?},{:?})",
                    state.flags, state.width, state.precision
                )
            }
            (_, Method::Format { .. }) => return Ok(None),
            ("main.Money", Method::String) => money(data as i64),
            ("*main.Money", Method::String) if data == 0 => {
                let msg = "runtime error: invalid memory address or nil pointer dereference";
                return Ok(Some(Called::Panicked(self.0.str(msg))));
            }
            ("*main.Money", Method::String) => money(load(data) as i64),
            ("main.Secret", Method::String) => "***".into(),
            ("main.Secret", Method::GoString) => "Secret(\"***\")".into(),
            ("*main.PtrOnly", Method::String) => "ptr-stringer".into(),
            ("*main.E", Method::Error) => String::from_utf8_lossy(bytes_at(load(data), load(data + 8))).into_owned(),
            ("main.Boom", Method::String) => return Ok(Some(Called::Panicked(self.0.str("boom")))),
            ("main.BoomBoom", Method::String) => {
                return Ok(Some(Called::Panicked(self.0.arg(self.0.t.boom, &[1]))));
            }
            ("main.Fatal", Method::String) => return Err(TestError::Fatal),
            _ => return Ok(None),
        };
        Ok(Some(Called::Returned(s.into_bytes())))
    }

    fn repanic(&mut self, value: Arg) -> TestError {
        TestError::Panic(
            String::from_utf8_lossy(
                super::value::Val::of_iface(&self.0.prog.types, value)
                    .expect("a string")
                    .string_bytes(),
            )
            .into_owned(),
        )
    }
}

/// Checks `(format, operands, Go's output)` cases.
fn check(w: &World, cases: &[(&str, Vec<Arg>, &str)]) {
    let mut failures = Vec::new();
    for (format, args, want) in cases {
        let got = w.sprintf(format, args);
        if got != *want {
            failures.push(format!("{format:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn integers() {
    let w = World::new();
    let t = &w.t;
    let i = |v| w.int(v);
    check(
        &w,
        &[
            (
                "[%d] [%5d] [%-5d] [%05d] [%+d] [% d]",
                vec![i(42); 6],
                "[42] [   42] [42   ] [00042] [+42] [ 42]",
            ),
            (
                "[%d] [%5d] [%-5d] [%05d] [%+d] [% d]",
                vec![i(-42); 6],
                "[-42] [  -42] [-42  ] [-0042] [-42] [-42]",
            ),
            (
                "[%x] [%X] [%#x] [%#X] [%08x] [%#08x]",
                vec![i(255); 6],
                "[ff] [FF] [0xff] [0XFF] [000000ff] [0x000000ff]",
            ),
            ("[%x] [%X] [%#x]", vec![i(-255); 3], "[-ff] [-FF] [-0xff]"),
            (
                "[%o] [%#o] [%O] [%b] [%#b] [%08b]",
                vec![i(8), i(8), i(8), i(5), i(5), i(5)],
                "[10] [010] [0o10] [101] [0b101] [00000101]",
            ),
            (
                "[%c] [%c] [%q] [%U] [%#U]",
                vec![i(65), i(0x4e16), i(0x4e16), i(0x4e16), w.arg(t.int32, &[0xe9])],
                "[A] [世] ['世'] [U+4E16] [U+00E9 'é']",
            ),
            (
                "[%d] [%d] [%d]",
                vec![
                    w.arg(t.int8, &[-128i64 as u64]),
                    w.arg(t.uint8, &[255]),
                    w.arg(t.uint64, &[1 << 63]),
                ],
                "[-128] [255] [9223372036854775808]",
            ),
            (
                "[%x] [%x]",
                vec![w.arg(t.int8, &[u64::MAX]), w.arg(t.uint8, &[255])],
                "[-1] [ff]",
            ),
            (
                "[%v] [%v] [%v]",
                vec![
                    w.arg(t.int64, &[1 << 63]),
                    w.arg(t.uint32, &[4294967295]),
                    w.arg(t.uintptr, &[10]),
                ],
                "[-9223372036854775808] [4294967295] [10]",
            ),
            ("[%3d|%-3d|%03d]", vec![i(12345); 3], "[12345|12345|12345]"),
            (
                "[%.3d] [%6.3d] [%-6.3d] [%.0d] [%.0d]",
                vec![i(7), i(7), i(7), i(0), i(1)],
                "[007] [   007] [007   ] [] [1]",
            ),
            ("[%+05d] [%-+5d] [% 05d]", vec![i(3); 3], "[+0003] [+3   ] [ 0003]"),
            (
                "%08.3d|%+.2d|%x",
                vec![i(42), i(5), i(1 << 40)],
                "     042|+05|10000000000",
            ),
            (
                "%v %d %s",
                vec![w.arg(t.int32, &[120]), w.arg(t.int32, &[120]), w.str("x")],
                "120 120 x",
            ),
            (
                "[%#v] [%#v] [%#v]",
                vec![
                    w.arg(t.int8, &[-3i64 as u64]),
                    w.arg(t.uint, &[7]),
                    w.arg(t.uintptr, &[255]),
                ],
                "[-3] [0x7] [0xff]",
            ),
            (
                "[%c] [%q] [%U] [%#q] [%+q]",
                vec![i(-1), i(0x110000), i(-1), i(0x263A), i(0x263A)],
                "[\u{FFFD}] ['\u{FFFD}'] [U+FFFFFFFFFFFFFFFF] ['☺'] ['\\u263a']",
            ),
            (
                "[%q] [%q] [%#U] [%.6U]",
                vec![i(10), i(0x1F600), i(10), i(65)],
                "['\\n'] ['😀'] [U+000A] [U+000041]",
            ),
            (
                "[%6.2d] [%-08d] [%0-8d] [%#o] [%#O]",
                vec![i(-3), i(5), i(5), i(0), i(8)],
                "[   -03] [5       ] [5       ] [0] [0o010]",
            ),
        ],
    );
}

#[test]
fn floats() {
    let w = World::new();
    let t = &w.t;
    let f = |v| w.f64(v);
    let f32v = |v: f32| w.arg(t.float32, &[(v as f64).to_bits()]);
    let x = 3.14159265;
    let inf = f64::INFINITY;
    check(
        &w,
        &[
            (
                "[%f] [%.2f] [%8.3f] [%-8.3f] [%08.3f] [%+.1f]",
                vec![f(x); 6],
                "[3.141593] [3.14] [   3.142] [3.142   ] [0003.142] [+3.1]",
            ),
            (
                "[%e] [%E] [%.2e] [%g] [%G] [%.3g]",
                vec![f(x); 6],
                "[3.141593e+00] [3.141593E+00] [3.14e+00] [3.14159265] [3.14159265] [3.14]",
            ),
            (
                "[%f] [%e] [%g] [%v] [%.2g]",
                vec![f(123456789.0); 5],
                "[123456789.000000] [1.234568e+08] [1.23456789e+08] [1.23456789e+08] [1.2e+08]",
            ),
            (
                "[%f] [%e] [%g] [%v] [%.10f]",
                vec![f(0.000012345); 5],
                "[0.000012] [1.234500e-05] [1.2345e-05] [1.2345e-05] [0.0000123450]",
            ),
            (
                "%v %v %v %v %v %v",
                vec![f(1e6), f(1e20), f(1e21), f(1e-4), f(1e-5), f(1234567.0)],
                "1e+06 1e+20 1e+21 0.0001 1e-05 1.234567e+06",
            ),
            (
                "%v %v %v %v",
                vec![f32v(1e6), f32v(1e21), f32v(0.1), f32v(2147483647.0)],
                "1e+06 1e+21 0.1 2.1474836e+09",
            ),
            (
                "%v %v %v %v",
                vec![f(100.0), f(2.0 / 3.0), f(-1.5), f(1.0e-320)],
                "100 0.6666666666666666 -1.5 1e-320",
            ),
            (
                "%v %v %v %v",
                vec![f(inf), f(-inf), f(f64::NAN), f(-0.0)],
                "+Inf -Inf NaN -0",
            ),
            (
                "[%f] [%5.1f] [%e] [%g] [%v]",
                vec![f(inf), f(-inf), f(f64::NAN), f(-0.0), f(-0.0)],
                "[+Inf] [ -Inf] [NaN] [-0] [-0]",
            ),
            (
                "[%08.2f] [%-8.2f] [%+f] [% f]",
                vec![f(-inf), f(f64::NAN), f(inf), f(f64::NAN)],
                "[    -Inf] [NaN     ] [+Inf] [ NaN]",
            ),
            (
                "[%.0f] [%.0f] [%.0f] [%.0f]",
                vec![f(0.5), f(1.5), f(2.5), f(-0.5)],
                "[0] [2] [2] [-0]",
            ),
            (
                "[%.1f] [%.1f] [%.2f] [%.2f]",
                vec![f(0.05), f(0.15), f(1.005), f(2.675)],
                "[0.1] [0.1] [1.00] [2.67]",
            ),
            (
                "[%6.2f%%] [%x] [%X] [%x]",
                vec![f(99.5), f(1.0), f(0.5), f(3.5)],
                "[ 99.50%] [0x1p+00] [0X1P-01] [0x1.cp+01]",
            ),
            (
                "[%#g] [%#.3g] [%#v] [%#v] [%#v]",
                vec![f(1.0), f(2.0), f(1.0), f(1e6), f(1e21)],
                "[1.00000] [2.00] [1] [1e+06] [1e+21]",
            ),
            (
                "[%v] [%.3v] [%10.4v]",
                vec![f(std::f64::consts::PI); 3],
                "[3.141592653589793] [3.14] [     3.142]",
            ),
            (
                "[%g] [%g] [%g] [%b]",
                vec![f(1e-7), f(100000.0), f(1e21), f(1.0)],
                "[1e-07] [100000] [1e+21] [4503599627370496p-52]",
            ),
            (
                "[%#e] [%#f] [%#.0f] [%#x] [%#.0e] [%#g]",
                vec![f(1.0), f(2.0), f(3.0), f(1.0), f(5.0), f(123456789.0)],
                "[1.000000e+00] [2.000000] [3.] [0x1.0000p+00] [5.e+00] [1.23456789e+08]",
            ),
            (
                "[%+.3e] [% .3E] [%010.2f] [%-10.2f|] [%+010.2f]",
                vec![f(12345.678), f(-0.001), f(-3.14159), f(2.5), f(2.5)],
                "[+1.235e+04] [-1.000E-03] [-000003.14] [2.50      |] [+000002.50]",
            ),
            (
                "[%F] [%.3F] [%G] [%.1G]",
                vec![f(1.5), f(2.0), f(1e-10), f(150.0)],
                "[1.500000] [2.000] [1E-10] [2E+02]",
            ),
            (
                "%v %.2f %5.1f",
                vec![
                    w.arg(
                        t.floats,
                        &w.slice(
                            t.float64,
                            &[vec![0.5f64.to_bits()], vec![1f64.to_bits()], vec![1e9f64.to_bits()]],
                        ),
                    ),
                    w.arg(
                        t.floats,
                        &w.slice(t.float64, &[vec![1.234f64.to_bits()], vec![5.678f64.to_bits()]]),
                    ),
                    w.arg(
                        t.float32x2,
                        &w.array(
                            t.float32,
                            &[vec![(9.99f32 as f64).to_bits()], vec![(0.01f32 as f64).to_bits()]],
                        ),
                    ),
                ],
                "[0.5 1 1e+09] [1.23 5.68] [ 10.0   0.0]",
            ),
            (
                "%v %v %.2f %+v %e",
                vec![
                    w.arg(t.complex128, &[1f64.to_bits(), 2f64.to_bits()]),
                    w.arg(t.complex64, &[(0.1f32 as f64).to_bits(), (-1.5f64).to_bits()]),
                    w.arg(t.complex128, &[1f64.to_bits(), (-2f64).to_bits()]),
                    w.arg(t.complex128, &[0f64.to_bits(), 0f64.to_bits()]),
                    w.arg(t.complex128, &[1f64.to_bits(), 0f64.to_bits()]),
                ],
                "(1+2i) (0.1-1.5i) (1.00-2.00i) (0+0i) (1.000000e+00+0.000000e+00i)",
            ),
            (
                "%d %s",
                vec![w.arg(t.complex128, &[0, 0]), f(1.0)],
                "%!d(complex128=(0+0i)) %!s(float64=1)",
            ),
        ],
    );
}

#[test]
fn flag_combinations() {
    let w = World::new();
    let t = &w.t;
    let (i, s, f) = (|v| w.int(v), |v| w.str(v), |v| w.f64(v));
    let bools = w.arg(t.bool_, &[1]);
    let byte_slices = w.add_byte_slices(&[b"a"]);
    let bool2 = w.arg(t.bool2, &w.array(t.bool_, &[vec![1], vec![0]]));
    check(
        &w,
        &[
            (
                "%08v|%-08v|%08q|%08t|%8.3x|%.1x",
                vec![s("ab"), i(3), s("q"), bools, s("abcdef"), i(255)],
                "000000ab|3       |00000\"q\"|0000true|  616263|ff",
            ),
            (
                "%#08x|%#-8x|%+q|%#+q|% 05d|%x|%X",
                vec![i(255), i(255), s("é\x01"), s("é"), i(-5), f(-1.5), s("hi")],
                "0x000000ff|0xff    |\"\\u00e9\\x01\"|`é`|-0005|-0x1.8p+00|6869",
            ),
            (
                "%6.3v|%-6.3v|%06.2f|%+06.1e|%x|%#.3x|%#X",
                vec![
                    f(1.0 / 3.0),
                    f(2.0 / 3.0),
                    f(-1.5),
                    f(1234.5),
                    f(1e-320),
                    f(1.0),
                    f(-0.75),
                ],
                " 0.333|0.667 |-01.50|+1.2e+03|0x1.fap-1064|0x1.000p+00|-0X1.8P-01",
            ),
            (
                "%.3x|%.0x|%10.2x|%X",
                vec![f(3.0), f(1.5), f(1.0), f(255.0)],
                "0x1.800p+01|0x1p+01|0x1.00p+00|0X1.FEP+07",
            ),
            (
                "%v|%.0f|%.30f|%.20e|%g|%g",
                vec![
                    f(5e-324),
                    f(1e23),
                    f(0.1),
                    f(1e23),
                    f(1e23),
                    w.arg(t.float32, &[16777216f64.to_bits()]),
                ],
                "5e-324|99999999999999991611392|0.100000000000000005551115123126|9.99999999999999916114e+22|1e+23|1.6777216e+07",
            ),
            (
                "%t|%v|%s|%q",
                vec![
                    w.arg(t.bool_, &[0]),
                    w.arg(t.int32, &[97]),
                    w.arg(t.bytes, &[0, 0, 0]),
                    w.arg(t.ints, &[0, 0, 0]),
                ],
                "false|97||[]",
            ),
            (
                "%s|%v|%d",
                vec![byte_slices, bool2, bool2],
                "[a]|[true false]|[%!d(bool=true) %!d(bool=false)]",
            ),
        ],
    );
}

#[test]
fn strings_and_bytes() {
    let w = World::new();
    let t = &w.t;
    let s = |v| w.str(v);
    let he = "héllo";
    let bytes = |b: &[u8]| {
        w.arg(
            t.bytes,
            &w.slice(t.uint8, &b.iter().map(|&c| vec![c as u64]).collect::<Vec<_>>()),
        )
    };
    let strs = |v: &[&str]| {
        w.arg(
            t.strings,
            &w.slice(t.string, &v.iter().map(|x| w.s(x)).collect::<Vec<_>>()),
        )
    };
    check(
        &w,
        &[
            (
                "[%s] [%10s] [%-10s] [%.2s] [%10.3s]",
                vec![s(he); 5],
                "[héllo] [     héllo] [héllo     ] [hé] [       hél]",
            ),
            (
                "[%q] [%+q] [%#q] [%x] [% x] [%X]",
                vec![s(he); 6],
                "[\"héllo\"] [\"h\\u00e9llo\"] [`héllo`] [68c3a96c6c6f] [68 c3 a9 6c 6c 6f] [68C3A96C6C6F]",
            ),
            (
                "[%q] [%q] [%#q]",
                vec![s("tab\there"), s("back\\slash"), s("has`tick")],
                "[\"tab\\there\"] [\"back\\\\slash\"] [\"has`tick\"]",
            ),
            (
                "[%v] [%v] [%s] [%q] [%q]",
                vec![
                    s(""),
                    strs(&["a", "b c"]),
                    strs(&["x"]),
                    strs(&["a", "b c"]),
                    w.arg(t.string2, &[w.s(""), w.s("")].concat()),
                ],
                "[] [[a b c]] [[x]] [[\"a\" \"b c\"]] [[\"\" \"\"]]",
            ),
            (
                "[%s] [%q] [%x] [%X] [% x] [%v] [%d]",
                vec![bytes(b"hi\x00!"); 7],
                "[hi\u{0}!] [\"hi\\x00!\"] [68690021] [68690021] [68 69 00 21] [[104 105 0 33]] [[104 105 0 33]]",
            ),
            (
                "[%5c] [%-5c|] [%05s]",
                vec![w.int(120), w.int(121), s("ab")],
                "[    x] [y    |] [000ab]",
            ),
            (
                "[%.1q] [%8q] [%-8q|] [%x] [%.2x]",
                vec![s("abc"), s("x"), s("y"), s("hello world"), s("hello")],
                "[\"a\"] [     \"x\"] [\"y\"     |] [68656c6c6f20776f726c64] [6865]",
            ),
            (
                "[%s] [%v] [%d]",
                vec![w.arg(t.byte3, &w.array(t.uint8, &[vec![65], vec![66], vec![67]])); 3],
                "[ABC] [[65 66 67]] [[65 66 67]]",
            ),
            (
                "[%t] [%v] [%5t] [%-6t|]",
                vec![
                    w.arg(t.bool_, &[1]),
                    w.arg(t.bool_, &[0]),
                    w.arg(t.bool_, &[1]),
                    w.arg(t.bool_, &[0]),
                ],
                "[true] [false] [ true] [false |]",
            ),
            (
                "[%s] [%x]",
                vec![w.arg(t.bytes_ptr, &[w.alloc(&w.slice(t.uint8, &[vec![104], vec![105]]))]); 2],
                "[&hi] [&6869]",
            ),
            (
                "%s|%10s|%-4s|",
                vec![s("世界"), s("世界"), s("世")],
                "世界|        世界|世   |",
            ),
            (
                "[%#x] [% #x] [%#X] [%8x] [%-8x|] [%#v]",
                vec![s("ab"), s("ab"), bytes(b"ab"), s("ab"), s("ab"), bytes(&[1, 2])],
                "[0x6162] [0x61 0x62] [0X6162] [    6162] [6162    |] [[]byte{0x1, 0x2}]",
            ),
            (
                "[%q] [%+q] [%#q] [%q]",
                vec![
                    s("\u{7}\u{1b}\u{ff}\u{FEFF}\u{10FFFF}"),
                    s("😀"),
                    s("a\nb"),
                    w.arg(t.string, &[w.alloc_bytes(b"\xffa\xe2\x82"), 4]),
                ],
                "[\"\\a\\x1b\u{ff}\\ufeff\\U0010ffff\"] [\"\\U0001f600\"] [\"a\\nb\"] [\"\\xffa\\xe2\\x82\"]",
            ),
            (
                "[%5x] [%#v] [%#v] [%s] [%x]",
                vec![s(""), s("a\"b"), bytes(b""), bytes(b""), w.arg(t.bytes, &[0, 0, 0])],
                "[     ] [\"a\\\"b\"] [[]byte{}] [] []",
            ),
        ],
    );
}

#[test]
fn bad_verbs_and_arguments() {
    let w = World::new();
    let t = &w.t;
    let (i, s) = (|v| w.int(v), |v| w.str(v));
    let point = w.arg(t.point, &[1, 2]);
    let nil_ptr = w.arg(t.point_ptr, &[0]);
    let errs = w.arg(t.errors, &w.slice(t.error, &[vec![0, 0]]));
    let err = |m: &str| w.arg(t.err_ptr, &[w.alloc(&w.s(m))]);
    let anys = w.arg(
        t.anys,
        &w.slice(t.any, &[w.iface(t.int, &[1]), w.iface(t.string, &w.s("a"))]),
    );
    check(
        &w,
        &[
            ("%d", vec![s("hi")], "%!d(string=hi)"),
            ("%s", vec![i(42)], "%!s(int=42)"),
            ("%d %d", vec![i(1)], "1 %!d(MISSING)"),
            ("%d", vec![i(1), i(2)], "1%!(EXTRA int=2)"),
            (
                "%d",
                vec![i(1), s("x"), w.f64(3.5), [0, 0]],
                "1%!(EXTRA string=x, float64=3.5, <nil>)",
            ),
            ("%z %!", vec![i(5)], "%!z(int=5) %!!(MISSING)"),
            ("trailing %", vec![], "trailing %!(NOVERB)"),
            ("%d %s %v %T", vec![[0, 0]; 4], "%!d(<nil>) %!s(<nil>) <nil> <nil>"),
            (
                "%t %x %d %f %c",
                vec![i(1), w.f64(3.5), w.f64(2.5), i(7), s("c")],
                "%!t(int=1) 0x1.cp+01 %!d(float64=2.5) %!f(int=7) %!c(string=c)",
            ),
            ("%d %s", vec![point, point], "{1 2} {%!s(int=1) %!s(int=2)}"),
            (
                "%d",
                vec![w.arg(t.strings, &w.slice(t.string, &[w.s("a")]))],
                "[%!d(string=a)]",
            ),
            ("%s %v %d", vec![err("e"), err("f"), errs], "e f [<nil>]"),
            (
                "%d %q %s %d",
                vec![w.arg(t.bool_, &[1]), w.f64(3.5), anys, anys],
                "%!d(bool=true) %!q(float64=3.5) [%!s(int=1) a] [1 %!d(string=a)]",
            ),
            ("%[3]d %[1]d", vec![i(1), i(2)], "%!d(BADINDEX) 1"),
            (
                "%[0]d|%[x]d|%[1]2d|%[1].2d|%[1",
                vec![i(1)],
                "%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|%!(NOVERB)",
            ),
            (
                "%.*d|%*d|",
                vec![s("bad"), i(5), i(99999999), i(5)],
                "%!(BADPREC)5|%!(BADWIDTH)5|",
            ),
            (
                "%d %s %p",
                vec![nil_ptr, nil_ptr, i(1)],
                "0 %!s(*main.P=<nil>) %!p(int=1)",
            ),
            ("%d%% %%d %5%| %-%", vec![i(50)], "50% %d %| %"),
            (
                "[%*d] [%-*d] [%*d]",
                vec![i(5), i(42), i(5), i(42), i(-5), i(42)],
                "[   42] [42   ] [42   ]",
            ),
            (
                "[%.*f] [%*.*f] [%-*.*f]",
                vec![
                    i(2),
                    w.f64(3.14159),
                    i(8),
                    i(3),
                    w.f64(3.14159),
                    i(8),
                    i(1),
                    w.f64(2.75),
                ],
                "[3.14] [   3.142] [2.8     ]",
            ),
            (
                "[%[2]d %[1]d] [%[1]d %[1]x %[1]o]",
                vec![i(10), i(20)],
                "[20 10] [10 a 12]",
            ),
            (
                "[%[2]*[1]d] [%[3]*.[2]*[1]f]",
                vec![w.f64(12.0), i(2), i(6)],
                "[%!d(float64=12)] [ 12.00]",
            ),
            (
                "[%d %d %[1]d %d] [%s %[3]s %s]",
                vec![i(1), i(2), s("c")],
                "[1 2 1 2] [c c %!s(MISSING)]",
            ),
            (
                "[%*d] [%.*d] [%[2]d]",
                vec![s("w"), i(1), i(-1), i(5)],
                "[%!(BADWIDTH)1] [%!(BADPREC)5] [1]",
            ),
            ("%[2]d", vec![i(1)], "%!d(BADINDEX)"),
            (
                "[%6.2v] [%.3v] [%.1v]",
                vec![
                    w.f64(3.14159),
                    s("abcdef"),
                    w.arg(t.strings, &w.slice(t.string, &[w.s("xyz"), w.s("uvw")])),
                ],
                "[   3.1] [abc] [[x u]]",
            ),
            (
                "[%10v] [%-10v] [%010v]",
                vec![
                    w.arg(t.ints, &w.slice(t.int, &[vec![1], vec![2]])),
                    w.arg(t.bool_, &[1]),
                    i(42),
                ],
                "[[         1          2]] [true      ] [0000000042]",
            ),
            (
                "[%5v] [%05v] [%*d]",
                vec![
                    point,
                    w.arg(t.ints, &w.slice(t.int, &[vec![7], vec![8]])),
                    w.arg(t.uint8, &[3]),
                    i(4),
                ],
                "[{    1     2}] [[00007 00008]] [  4]",
            ),
            ("%w", vec![err("x")], "%!w(*main.E=&{x})"),
            ("%☺ %é", vec![i(1)], "%!☺(int=1) %!é(MISSING)"),
            (
                "%v %v",
                vec![w.arg(t.uint64, &[u64::MAX]), i(1)],
                "18446744073709551615 1",
            ),
            ("%*d", vec![w.arg(t.uint64, &[u64::MAX]), i(1)], "%!(BADWIDTH)1"),
        ],
    );
}

#[test]
fn composite_values() {
    let w = World::new();
    let t = &w.t;
    let point = w.arg(t.point, &[1, 2]);
    let point_ptr = w.arg(t.point_ptr, &[w.alloc(&[1, 2])]);
    let nil_ptr = w.arg(t.point_ptr, &[0]);
    let map_si = w.arg(
        t.map_si,
        &w.map(&[(w.s("b"), vec![2]), (w.s("a"), vec![1]), (w.s("c"), vec![3])]),
    );
    let nan = f64::NAN.to_bits();
    let map_fs = w.arg(
        t.map_fs,
        &w.map(&[
            (vec![2f64.to_bits()], w.s("two")),
            (vec![nan], w.s("nan")),
            (vec![(-1f64).to_bits()], w.s("neg")),
        ]),
    );
    let map_any = w.arg(
        t.map_anyi,
        &w.map(&[
            (w.iface(t.string, &w.s("b")), vec![1]),
            (w.iface(t.int, &[2]), vec![2]),
            (vec![0, 0], vec![3]),
            (w.iface(t.int, &[1]), vec![4]),
            (w.iface(t.string, &w.s("a")), vec![5]),
        ]),
    );
    let map_pi = w.arg(
        t.map_pi,
        &w.map(&[(vec![2, 1], vec![1]), (vec![1, 5], vec![2]), (vec![1, 3], vec![3])]),
    );
    let nils = w.arg(t.nils, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let anon = w.arg(t.anon, &[[1, 2].as_slice(), &w.s("t")].concat());
    let anys = w.arg(
        t.anys,
        &w.slice(t.any, &[w.iface(t.int, &[1]), w.iface(t.string, &w.s("a")), vec![0, 0]]),
    );
    let target = w.alloc(&[7]);
    let target_slice = w.slice(t.int_ptr, &[vec![target]]);
    let some_ptr = w.arg(t.int_ptrs, &target_slice);
    let int_ptrs = w.arg(t.int_ptrs, &w.slice(t.int_ptr, &[vec![0], vec![0]]));
    let named = w.arg(t.named_ints, &w.slice(t.int, &[vec![1]]));
    let empty = w.arg(t.empty, &[]);
    let points_ptr_nil = w.arg(t.point_ptr, &[0]);
    let chan = w.arg(t.chan_int, &[0]);
    let func = w.arg(t.func, &[0]);
    check(
        &w,
        &[
            (
                "%v %+v %#v %T",
                vec![point, point, point, point],
                "{1 2} {X:1 Y:2} main.P{X:1, Y:2} main.P",
            ),
            (
                "%v %+v %#v %T",
                vec![point_ptr, point_ptr, point_ptr, point_ptr],
                "&{1 2} &{X:1 Y:2} &main.P{X:1, Y:2} *main.P",
            ),
            (
                "%v %+v %#v %d",
                vec![nil_ptr, nil_ptr, nil_ptr, nil_ptr],
                "<nil> <nil> (*main.P)(nil) 0",
            ),
            (
                "%v %#v %d %x",
                vec![map_si, map_si, map_si, map_si],
                "map[a:1 b:2 c:3] map[string]int{\"a\":1, \"b\":2, \"c\":3} map[%!d(string=a):1 %!d(string=b):2 %!d(string=c):3] map[61:1 62:2 63:3]",
            ),
            (
                "%v|%v|%v",
                vec![map_fs, map_any, map_pi],
                "map[NaN:nan -1:neg 2:two]|map[<nil>:3 1:4 2:2 a:5 b:1]|map[{1 3}:3 {1 5}:2 {2 1}:1]",
            ),
            ("%v", vec![nils], "{[] map[] <nil> <nil> <nil> <nil> <nil>}"),
            (
                "%+v",
                vec![nils],
                "{S:[] M:map[] P:<nil> I:<nil> F:<nil> C:<nil> E:<nil>}",
            ),
            (
                "%#v",
                vec![nils],
                "main.T{S:[]int(nil), M:map[string]int(nil), P:(*int)(nil), I:interface {}(nil), F:(func())(nil), C:(chan int)(nil), E:error(nil)}",
            ),
            (
                "%v %+v %#v %T",
                vec![anon, anon, anon, anon],
                "{1 2 t} {X:1 Y:2 Tag:t} struct { X int; Y int; Tag string }{X:1, Y:2, Tag:\"t\"} struct { X int; Y int; Tag string }",
            ),
            (
                "%v %#v %T",
                vec![anys, anys, anys],
                "[1 a <nil>] []interface {}{1, \"a\", interface {}(nil)} []interface {}",
            ),
            (
                "%v %#v",
                vec![int_ptrs, int_ptrs],
                "[<nil> <nil>] []*int{(*int)(nil), (*int)(nil)}",
            ),
            ("%v %#v %T", vec![named, named, named], "[1] main.Named{1} main.Named"),
            (
                "%v %+v %#v %T",
                vec![empty, empty, empty, empty],
                "{} {} main.Empty{} main.Empty",
            ),
            (
                "%v %v %v %T %T",
                vec![points_ptr_nil, chan, func, chan, func],
                "<nil> <nil> <nil> chan int func()",
            ),
            (
                "%v %v %#v %#v",
                vec![
                    w.arg(t.ints, &[0, 0, 0]),
                    w.arg(t.map_si, &[0]),
                    w.arg(t.ints, &[0, 0, 0]),
                    w.arg(t.ints, &w.slice(t.int, &[])),
                ],
                "[] map[] []int(nil) []int{}",
            ),
            (
                "%v %d",
                vec![w.arg(t.int8x2, &w.array(t.int8, &[vec![-1i64 as u64], vec![1]])); 2],
                "[-1 1] [-1 1]",
            ),
            (
                "%#v %#v",
                vec![
                    w.arg(t.float32x2, &[1f64.to_bits(), 2.5f64.to_bits()]),
                    w.arg(t.byte3, &w.array(t.uint8, &[vec![1], vec![2], vec![3]])),
                ],
                "[2]float32{1, 2.5} [3]uint8{0x1, 0x2, 0x3}",
            ),
            (
                "%#v %#v %#v %#v",
                vec![w.int(42), w.str("s"), w.arg(t.int32, &[114]), w.arg(t.bool_, &[1])],
                "42 \"s\" 114 true",
            ),
            (
                "%x %X % x %#x",
                vec![w.arg(t.ints, &w.slice(t.int, &[vec![10], vec![255]])); 4],
                "[a ff] [A FF] [ a  ff] [0xa 0xff]",
            ),
        ],
    );
    assert_eq!(w.sprintf("%v", &[some_ptr]), format!("[{target:#x}]"));
    let data = target_slice[0];
    assert_eq!(
        w.sprintf("%p %#p %x", &[some_ptr; 3]),
        format!("{data:#x} {data:x} [{target:x}]")
    );
}

#[test]
fn methods() {
    let w = World::new();
    let t = &w.t;
    let m = w.arg(t.money, &[12345]);
    let moneys = w.arg(t.moneys, &w.slice(t.money, &[vec![5], vec![1000]]));
    let secret = w.arg(t.secret, &w.s("x"));
    let account = [w.s("ann"), vec![250], w.s("pw")].concat();
    let acc = w.arg(t.account, &account);
    let acc_ptr = w.arg(t.account_ptr, &[w.alloc(&account)]);
    let p = w.arg(t.ptr_only, &[1]);
    let pp = w.arg(t.ptr_only_ptr, &[w.alloc(&[1])]);
    let err = w.arg(t.err_ptr, &[w.alloc(&w.s("disk full"))]);
    let status = w.arg(t.status, &err);
    let nil_status = w.arg(t.status, &[0, 0]);
    let loud = w.arg(t.loud, &w.s("hi"));
    let louds = w.arg(t.louds, &w.slice(t.loud, &[w.s("c")]));
    let hidden = w.arg(t.hidden, &[1, 2]);
    let nil_money = w.arg(t.money_ptr, &[0]);
    check(
        &w,
        &[
            ("%v %v", vec![m, moneys], "$123.45 [$0.05 $10.00]"),
            (
                "%v %s %d %x %q %5v|%-8v|",
                vec![m, m, m, m, m, w.arg(t.money, &[1]), w.arg(t.money, &[2])],
                "$123.45 $123.45 12345 243132332e3435 \"$123.45\" $0.01|$0.02   |",
            ),
            ("%v %#v %+v", vec![secret, secret, secret], "*** Secret(\"***\") ***"),
            (
                "%v|%+v|%#v|%v",
                vec![acc, acc, acc, acc_ptr],
                "{ann $2.50 ***}|{Owner:ann Balance:$2.50 Pass:***}|main.Account{Owner:\"ann\", Balance:250, Pass:Secret(\"***\")}|&{ann $2.50 ***}",
            ),
            ("%v %v", vec![p, pp], "{1} ptr-stringer"),
            (
                "%v %+v|%v %+v",
                vec![status, status, nil_status, nil_status],
                "{disk full} {Err:disk full}|{<nil>} {Err:<nil>}",
            ),
            (
                "%v|%d|%+08.3s|%v",
                vec![loud, loud, loud, louds],
                "LOUD(v,hi,\"\",None,None)|LOUD(d,hi,\"\",None,None)|LOUD(s,hi,\"+0\",Some(8),Some(3))|[LOUD(v,c,\"\",None,None)]",
            ),
            (
                "%#v %+v",
                vec![loud, loud],
                "LOUD(v,hi,\"#\",None,None) LOUD(v,hi,\"+\",None,None)",
            ),
            ("%v %+v", vec![hidden, hidden], "{1 $0.02} {m:1 M:$0.02}"),
            ("%v|%6v|%s", vec![nil_money; 3], "<nil>| <nil>|<nil>"),
            (
                "%v %s %d",
                vec![w.arg(t.boom, &[1]); 3],
                "%!v(PANIC=String method: boom) %!s(PANIC=String method: boom) 1",
            ),
            ("%T %v %x", vec![m, err, err], "main.Money disk full 6469736b2066756c6c"),
            ("%!", vec![], "%!!(MISSING)"),
        ],
    );
    let out = sprintln(
        &mut Host(&w),
        &w.prog,
        &[m, w.str("a"), w.int(1), [0, 0], w.arg(t.int32, &[120])],
    )
    .unwrap_or_default();
    assert_eq!(String::from_utf8_lossy(&out), "$123.45 a 1 <nil> 120\n");
    let fatal = sprint(&mut Host(&w), &w.prog, &[w.arg(t.fatal, &[1])]);
    assert!(matches!(fatal, Err(TestError::Fatal)));
    // A panic while printing a method's panic value propagates, as Go's fmt re-panics.
    let repanic = sprint(&mut Host(&w), &w.prog, &[w.arg(t.boom_boom, &[1])]);
    assert!(
        matches!(repanic, Err(TestError::Panic(ref m)) if m == "boom"),
        "{repanic:?}"
    );
}

#[test]
fn print_spacing() {
    let w = World::new();
    let t = &w.t;
    let (i, s) = (|v| w.int(v), |v| w.str(v));
    let print =
        |args: &[Arg]| String::from_utf8(sprint(&mut Host(&w), &w.prog, args).unwrap_or_default()).unwrap_or_default();
    assert_eq!(
        print(&[
            s("a"),
            s("b"),
            i(1),
            i(2),
            s("c"),
            w.f64(3.5),
            w.arg(t.bool_, &[1]),
            s("\n")
        ]),
        "ab1 2c3.5 true\n"
    );
    assert_eq!(print(&[[0, 0], [0, 0]]), "<nil> <nil>");
    assert_eq!(print(&[i(1), w.arg(t.secret, &w.s("x")), i(2)]), "1***2");
    assert_eq!(print(&[]), "");
    let println = sprintln(&mut Host(&w), &w.prog, &[]).unwrap_or_default();
    assert_eq!(println, b"\n");
}

#[test]
fn errorf_reports_wrapped_operands() {
    let w = World::new();
    let t = &w.t;
    let err = |m: &str| w.arg(t.err_ptr, &[w.alloc(&w.s(m))]);
    let (e1, e2) = (err("one"), err("two"));
    let run = |format: &str, args: &[Arg]| {
        let (msg, wrapped) = errorf(&mut Host(&w), &w.prog, format.as_bytes(), args).unwrap_or_default();
        (String::from_utf8(msg).unwrap_or_default(), wrapped)
    };
    assert_eq!(run("wrap %d: %w", &[w.int(7), e1]), ("wrap 7: one".into(), vec![1]));
    assert_eq!(
        run("%w and %w, %[1]w", &[e2, e1]),
        ("two and one, two".into(), vec![0, 1])
    );
    assert_eq!(run("%w", &[w.int(1)]), ("%!w(int=1)".into(), vec![0]));
    assert_eq!(
        run("%+w %#w", &[e1, w.arg(t.secret, &w.s("x"))]),
        ("one %!w(main.Secret=\"x\")".into(), vec![0, 1])
    );
    assert_eq!(run("no verbs", &[]), ("no verbs".into(), vec![]));
}

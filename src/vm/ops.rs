//! Ops both tiers leave to the runtime (those with the op table's `RUNTIME` fact): the
//! ones that allocate, reach maps or build strings and slices. The interpreter calls
//! [`Machine::exec`] for them, and machine code calls it through a helper, so each has
//! one implementation, with its panics.

use super::Machine;
use super::goroutine::{Deferred, Frame};
use super::interp::missing_method;
use super::panic::{PanicInfo, Trap};
use crate::bytecode::op::{Insn, Op, elem_width, slice_x};
use crate::bytecode::rtype::{Kind, TypeIdx};
use crate::runtime::heap::{PtrLayout, bytes_at, copy_bytes, load, store, store_byte, zero_bytes};
use crate::runtime::map::{GoMap, MapCell, MapIter};
use crate::runtime::slice::grow_cap;
use crate::runtime::value::{iface_equal, iface_slots, slots_at};

impl Machine<'_> {
    /// Runs `op`, a channel operation that may park the goroutine: its frame then waits
    /// at this instruction, which the partner completing it moves past (or which runs
    /// again, for a sender woken by close).
    fn parking(&mut self, op: impl FnOnce(&mut Self) -> Result<(), Trap>) -> Result<(), Trap> {
        let waiting = |m: &mut Self, by: isize| {
            let fr = m.g.frames.last_mut().expect("a frame runs");
            fr.pc = fr.pc.wrapping_add_signed(by);
        };
        waiting(self, -1);
        match op(self) {
            Err(Trap::Park) => Err(Trap::Park),
            done => {
                waiting(self, 1);
                done
            }
        }
    }

    /// Runs `i`, an op with the `RUNTIME` fact, on the frame whose first slot is at
    /// `regs`. The caller has saved the frame's pc (past `i`), for a panic's trace.
    ///
    /// # Safety
    ///
    /// `regs` is the innermost frame's first slot, of the function `i` belongs to (whose
    /// operands the verifier checked against the frame), and nothing else refers to the
    /// frame's slots meanwhile.
    #[inline(never)]
    pub(super) unsafe fn exec(&mut self, i: Insn, regs: *mut u64) -> Result<(), Trap> {
        let prog = self.prog;
        let (a, b, c) = (i.a as usize, i.b as usize, i.c as usize);
        let &Frame { func, base, .. } = self.g.frames.last().expect("a frame runs");
        macro_rules! r {
            ($i:expr) => {
                // SAFETY: the caller's promise: `$i` is a verified register of the frame.
                *unsafe { &mut *regs.add($i as usize) }
            };
        }
        macro_rules! regs {
            ($start:expr, $n:expr) => {
                // SAFETY: as for `r!`, for a verified span of registers.
                unsafe { std::slice::from_raw_parts_mut(regs.add($start), $n) }
            };
        }
        macro_rules! trap {
            ($e:expr) => {{
                let msg: String = $e;
                return Err(self.trap_runtime(&msg));
            }};
        }
        // A map operation claims its map for the instruction (see `runtime::map`); a
        // claim it cannot have is the program's race, Go's fatal error.
        macro_rules! claim {
            ($e:expr) => {
                match $e {
                    Ok(claim) => claim,
                    Err(race) => return Err(self.fatal_error(race.message())),
                }
            };
        }
        match i.op {
            Op::New => {
                let t = &prog.types[c];
                r!(a) = match t.elem {
                    Some(e) if t.kind == Kind::Array => self.heap.alloc_array(&prog.types, e, t.len as usize),
                    _ => self.heap.alloc(t.slots as usize, PtrLayout::Values(TypeIdx(c as u32))),
                };
            }

            Op::MakeClosure => {
                // Slot 0 is the function index; the captures are copies of unknown type.
                let obj = self.heap.alloc(1 + c, PtrLayout::Untyped);
                store(obj, b as u64);
                for k in 0..c {
                    store(obj + 8 * (k as u64 + 1), r!(a + 1 + k));
                }
                r!(a) = obj;
            }

            Op::Concat => {
                let x = bytes_at(r!(b), r!(b + 1));
                let y = bytes_at(r!(c), r!(c + 1));
                let (p, n) = if y.is_empty() {
                    (r!(b), r!(b + 1))
                } else if x.is_empty() {
                    (r!(c), r!(c + 1))
                } else {
                    let mut v = Vec::with_capacity(x.len() + y.len());
                    v.extend_from_slice(x);
                    v.extend_from_slice(y);
                    self.new_string(&v)
                };
                r!(a) = p;
                r!(a + 1) = n;
            }

            Op::StrSlice => {
                let len = r!(b + 1);
                // A string's capacity is its length, as an array's is.
                let x = i.x | slice_x::ARRAY;
                let (lo, hi, _) = match slice_bounds(x, len, len, r!(c), r!(c + 1), len) {
                    Ok(bounds) => bounds,
                    Err(e) => trap!(e),
                };
                let p = r!(b);
                r!(a) = if hi == lo { 0 } else { p + lo };
                r!(a + 1) = hi - lo;
            }

            Op::SliceSlice => {
                let (ptr, len, cap) = (r!(b), r!(b + 1), r!(b + 2));
                let (lo, hi, max) = match slice_bounds(i.x, len, cap, r!(c), r!(c + 1), r!(c + 2)) {
                    Ok(bounds) => bounds,
                    Err(e) => trap!(e),
                };
                let stride = r!(c + 3);
                r!(a) = if max - lo == 0 && lo == cap {
                    ptr
                } else {
                    ptr + lo * stride
                };
                r!(a + 1) = hi - lo;
                r!(a + 2) = max - lo;
            }

            Op::Append | Op::AppendSlice | Op::AppendStr => {
                let et = if i.op == Op::AppendStr {
                    None
                } else {
                    Some(&prog.types[c])
                };
                let (byte_elem, es) = match et {
                    Some(t) => (t.kind.is_byte_kind(), t.slots as u64),
                    None => (true, 1),
                };
                let go_size = et.map_or(1, |t| t.go_size);
                // The elements to add, as raw bytes of the slot (or byte) layout.
                let (src, n): (u64, u64) = match i.op {
                    Op::Append => (0, i.x as u64),
                    _ => (r!(b), r!(b + 1)),
                };
                let (ptr, len, cap) = (r!(a), r!(a + 1), r!(a + 2));
                let new_len = len + n;
                let width = if byte_elem { 1 } else { 8 * es };
                let (mut p, mut new_cap) = (ptr, cap);
                if new_len > cap {
                    // Go's growslice: a length an int cannot hold, or more memory than
                    // the allocator gives, is a panic; values of zero size need none.
                    if (new_len as i64) < 0 || new_len as u128 * go_size as u128 > 1 << 48 {
                        trap!("growslice: len out of range".to_string());
                    }
                    new_cap = if go_size == 0 {
                        new_len
                    } else {
                        grow_cap(cap, new_len, go_size)
                    };
                    p = match et {
                        Some(_) => self.heap.alloc_array(&prog.types, TypeIdx(c as u32), new_cap as usize),
                        None => self.heap.alloc_bytes(new_cap as usize),
                    };
                    copy_bytes(p, ptr, (len * width) as usize);
                }
                if i.op == Op::Append {
                    for k in 0..n {
                        let dst = p + (len + k) * width;
                        if byte_elem {
                            store_byte(dst, r!(b + k as usize) as u8);
                        } else {
                            for s in 0..es {
                                store(dst + 8 * s, r!(b + (k * es + s) as usize));
                            }
                        }
                    }
                } else {
                    copy_bytes(p + len * width, src, (n * width) as usize);
                }
                r!(a) = p;
                r!(a + 1) = new_len;
                r!(a + 2) = new_cap;
            }

            Op::Copy | Op::CopyStr => {
                let n = r!(b + 1).min(r!(c + 1));
                let width = if i.op == Op::CopyStr { 1 } else { elem_width(i.x) };
                copy_bytes(r!(b), r!(c), (n * width) as usize);
                r!(a) = n;
            }

            Op::MakeSlice => {
                let (len, cap) = (r!(b) as i64, r!(b + 1) as i64);
                // Go's makeslice: a size beyond what the allocator accepts (2^48 bytes
                // on amd64) or a negative length is the length's fault if the length
                // alone is too big, else the capacity's.
                let size = prog.types[c].go_size as i128;
                let too_big = |n: i64| n < 0 || n as i128 * size > 1 << 48;
                if too_big(cap) || cap < len {
                    if too_big(len) {
                        trap!("makeslice: len out of range".to_string());
                    }
                    trap!("makeslice: cap out of range".to_string());
                }
                let p = self.heap.alloc_array(&prog.types, TypeIdx(c as u32), cap as usize);
                r!(a) = p;
                r!(a + 1) = len as u64;
                r!(a + 2) = cap as u64;
            }

            Op::StrToBytes => {
                let v = bytes_at(r!(b), r!(b + 1)).to_vec();
                let cap = grow_cap(0, v.len() as u64, 1);
                let p = self.heap.alloc_bytes(cap as usize);
                copy_bytes(p, v.as_ptr() as u64, v.len());
                r!(a) = p;
                r!(a + 1) = v.len() as u64;
                r!(a + 2) = cap.max(v.len() as u64);
            }

            Op::BytesToStr => {
                let v = bytes_at(r!(b), r!(b + 1)).to_vec();
                let (p, n) = self.new_string(&v);
                r!(a) = p;
                r!(a + 1) = n;
            }

            Op::MakeMap => {
                let mt = &prog.types[c];
                let (kt, vt) = (mt.key.expect("map key"), mt.elem.expect("map value"));
                let m = GoMap::new(
                    kt,
                    prog.types[kt.0 as usize].slots as usize,
                    prog.types[vt.0 as usize].slots as usize,
                );
                r!(a) = self.new_map(m);
            }

            Op::MapGet | Op::MapGetOk => {
                let mt = &prog.types[c];
                let ks = prog.types[mt.key.expect("map key").0 as usize].slots as usize;
                let vs = prog.types[mt.elem.expect("map value").0 as usize].slots as usize;
                let m = r!(b);
                let present = if m == 0 {
                    if let Err(t) = hashable(&prog.types, mt.key.expect("map key"), regs!(b + 1, ks)) {
                        trap!(format!("hash of unhashable type {t}"));
                    }
                    regs!(a, vs).fill(0);
                    0
                } else {
                    let map = claim!(map_ref(m).read());
                    match map.get(&prog.types, regs!(b + 1, ks)) {
                        Ok(Some(v)) => {
                            regs!(a, vs).copy_from_slice(v);
                            1
                        }
                        Ok(None) => {
                            regs!(a, vs).fill(0);
                            0
                        }
                        Err(t) => trap!(format!("hash of unhashable type {t}")),
                    }
                };
                if i.op == Op::MapGetOk {
                    r!(a + vs) = present;
                }
            }

            Op::MapSet => {
                let mt = &prog.types[c];
                let ks = prog.types[mt.key.expect("map key").0 as usize].slots as usize;
                let vs = prog.types[mt.elem.expect("map value").0 as usize].slots as usize;
                let m = r!(a);
                if m == 0 {
                    let v = self.plain_error("assignment to entry in nil map");
                    return Err(Trap::Panic(PanicInfo::new(v)));
                }
                let (key, val) = (&*regs!(a + 1, ks), &*regs!(b, vs));
                let grown = claim!(map_ref(m).write()).set(&prog.types, key, val);
                match grown {
                    Ok(0) => {}
                    Ok(grown) => self.heap.account(grown),
                    Err(t) => trap!(format!("hash of unhashable type {t}")),
                }
            }

            Op::MakeIface => {
                let t = &prog.types[c];
                let data = match t.slots {
                    0 => 0,
                    1 => r!(b),
                    n => {
                        let bx = self.heap.alloc(n as usize, PtrLayout::Values(TypeIdx(c as u32)));
                        for k in 0..n as usize {
                            store(bx + 8 * k as u64, r!(b + k));
                        }
                        bx
                    }
                };
                r!(a) = c as u64 + 1;
                r!(a + 1) = data;
            }
            Op::ShiftCheck => {
                if (r!(a) as i64) < 0 {
                    trap!("negative shift amount".to_string());
                }
            }
            Op::MinF | Op::MaxF => {
                let (x, y) = (f64::from_bits(r!(b)), f64::from_bits(r!(c)));
                let v = if x.is_nan() || y.is_nan() {
                    f64::NAN
                } else if x == y {
                    // Equal values differ only in the sign of zero.
                    if (i.op == Op::MinF) == x.is_sign_negative() {
                        x
                    } else {
                        y
                    }
                } else if (x < y) == (i.op == Op::MinF) {
                    x
                } else {
                    y
                };
                r!(a) = v.to_bits();
            }
            Op::U2F => r!(a) = (r!(b) as f64).to_bits(),
            Op::F2I => {
                let f = f64::from_bits(r!(b));
                // amd64 gives the "integer indefinite" value for NaN and out-of-range.
                r!(a) = if f.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
                    0x8000_0000_0000_0000
                } else {
                    f as i64 as u64
                };
            }
            Op::F2U => {
                let f = f64::from_bits(r!(b));
                r!(a) = if f.is_nan() || !(-1.0..1.8446744073709552e19).contains(&f) {
                    0x8000_0000_0000_0000
                } else if f < 0.0 {
                    (f as i64) as u64
                } else {
                    f as u64
                };
            }
            Op::EqStr | Op::LtStr | Op::LeStr => {
                let x = bytes_at(r!(b), r!(b + 1));
                let y = bytes_at(r!(c), r!(c + 1));
                r!(a) = match i.op {
                    Op::EqStr => x == y,
                    Op::LtStr => x < y,
                    _ => x <= y,
                } as u64;
            }
            Op::EqIface => {
                let (ta, da, tb, db) = (r!(b), r!(b + 1), r!(c), r!(c + 1));
                match iface_equal(&prog.types, ta, &da, tb, &db) {
                    Ok(v) => r!(a) = v as u64,
                    Err(t) => trap!(format!("comparing uncomparable type {t}")),
                }
            }
            Op::StrDecode => {
                let s = bytes_at(r!(b), r!(b + 1));
                let (ch, w) = crate::runtime::strings::decode_rune(&s[r!(c) as usize..]);
                r!(a) = ch as u64;
                r!(a + 1) = w as u64;
            }
            Op::RuneToStr => {
                let v = r!(b) as i64;
                let ch = u32::try_from(v).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
                let mut buf = [0u8; 4];
                let (p, n) = self.new_string(ch.encode_utf8(&mut buf).as_bytes());
                r!(a) = p;
                r!(a + 1) = n;
            }
            Op::RunesToStr => {
                let (p, len) = (r!(b), r!(b + 1));
                let mut s = String::new();
                for k in 0..len {
                    let v = load(p + 8 * k) as i64;
                    s.push(u32::try_from(v).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}'));
                }
                let (p, n) = self.new_string(s.as_bytes());
                r!(a) = p;
                r!(a + 1) = n;
            }
            Op::StrToRunes => {
                let s = bytes_at(r!(b), r!(b + 1)).to_vec();
                let runes = crate::runtime::strings::runes(&s);
                let cap = grow_cap(0, runes.len() as u64, 4);
                let p = self.heap.alloc(cap as usize, PtrLayout::NoPointers);
                for (k, ch) in runes.iter().enumerate() {
                    store(p + 8 * k as u64, *ch as u64);
                }
                r!(a) = p;
                r!(a + 1) = runes.len() as u64;
                r!(a + 2) = cap;
            }
            Op::SliceToArray => {
                let t = &prog.types[c];
                let (ptr, len) = (r!(b), r!(b + 1));
                if len < t.len {
                    trap!(format!(
                        "cannot convert slice with length {len} to array or pointer to array with length {}",
                        t.len
                    ));
                }
                let byte_elems = t.elem.is_some_and(|e| prog.types[e.0 as usize].kind.is_byte_kind());
                if i.x == 1 {
                    r!(a) = ptr;
                } else if byte_elems {
                    // Packed eight to a slot as in memory; the slice's data need not be
                    // slot-aligned, nor hold the rest of the last slot.
                    for (k, bytes) in bytes_at(ptr, t.len).chunks(8).enumerate() {
                        let mut slot = [0u8; 8];
                        slot[..bytes.len()].copy_from_slice(bytes);
                        r!(a + k) = u64::from_ne_bytes(slot);
                    }
                } else {
                    let n = t.slots as usize;
                    regs!(a, n).copy_from_slice(slots_at(ptr, n));
                }
            }
            Op::ClearSlice => {
                let width = elem_width(i.x);
                zero_bytes(r!(a), (r!(a + 1) * width) as usize);
            }
            Op::MapDelete => {
                let m = r!(a);
                let kt = prog.types[c].key.expect("map key");
                let key = regs!(b, prog.types[kt.0 as usize].slots as usize);
                let deleted = if m == 0 {
                    hashable(&prog.types, kt, key)
                } else {
                    claim!(map_ref(m).write()).delete(&prog.types, key)
                };
                if let Err(t) = deleted {
                    trap!(format!("hash of unhashable type {t}"));
                }
            }
            Op::MapLen => {
                let m = r!(b);
                r!(a) = if m == 0 { 0 } else { map_ref(m).len() as u64 };
            }
            Op::MapClear => {
                let m = r!(a);
                if m != 0 {
                    claim!(map_ref(m).write()).clear();
                }
            }
            Op::MapIter => {
                let m = r!(b);
                let rnd = self.random();
                let it = if m == 0 {
                    MapIter {
                        start: 0,
                        visited: 0,
                        count: 0,
                    }
                } else {
                    claim!(map_ref(m).iterate()).iter(rnd)
                };
                r!(a) = self.new_iter(m, it);
            }
            Op::MapNext => {
                let (m, it) = iter_mut(r!(b));
                let found = m != 0 && {
                    let map = claim!(map_ref(m).iterate());
                    match map.next(it) {
                        Some(e) => {
                            regs!(a + 1, e.len()).copy_from_slice(e);
                            true
                        }
                        None => false,
                    }
                };
                r!(a) = found as u64;
            }
            Op::AssertType | Op::AssertTypeOk => {
                let t = &prog.types[c];
                let (tw, data) = (r!(b), r!(b + 1));
                let n = t.slots as usize;
                if tw == c as u64 + 1 {
                    let v = iface_slots(&prog.types, tw, &data).to_vec();
                    regs!(a, n).copy_from_slice(&v);
                    if i.op == Op::AssertTypeOk {
                        r!(a + n) = 1;
                    }
                } else if i.op == Op::AssertTypeOk {
                    regs!(a, n).fill(0);
                    r!(a + n) = 0;
                } else {
                    let have = if tw == 0 {
                        "nil".to_string()
                    } else {
                        prog.types[tw as usize - 1].name.clone()
                    };
                    let fr = self.g.frames.last().expect("a frame runs");
                    let iface = static_iface_name(prog, fr.func, fr.pc - 1);
                    let v = self.plain_error(&format!("interface conversion: {iface} is {have}, not {}", t.name));
                    return Err(Trap::Panic(PanicInfo::new(v)));
                }
            }
            Op::AssertIface | Op::AssertIfaceOk => {
                let (tw, data) = (r!(b), r!(b + 1));
                let missing = if tw == 0 {
                    Some(String::new())
                } else {
                    missing_method(prog, (tw - 1) as usize, c)
                };
                match missing {
                    None => {
                        r!(a) = tw;
                        r!(a + 1) = data;
                        if i.op == Op::AssertIfaceOk {
                            r!(a + 2) = 1;
                        }
                    }
                    Some(_) if i.op == Op::AssertIfaceOk => {
                        r!(a) = 0;
                        r!(a + 1) = 0;
                        r!(a + 2) = 0;
                    }
                    Some(m) => {
                        let target = prog.types[c].name.clone();
                        let msg = if tw == 0 {
                            format!("interface conversion: interface is nil, not {target}")
                        } else {
                            format!(
                                "interface conversion: {} is not {target}: missing method {m}",
                                prog.types[tw as usize - 1].name
                            )
                        };
                        let v = self.plain_error(&msg);
                        return Err(Trap::Panic(PanicInfo::new(v)));
                    }
                }
            }
            Op::TypeIs => {
                let tw = r!(b);
                r!(a) = if prog.types[c].kind == Kind::Nil {
                    tw == 0
                } else {
                    tw == c as u64 + 1
                } as u64;
            }
            Op::Implements => {
                let tw = r!(b);
                r!(a) = (tw != 0 && missing_method(prog, (tw - 1) as usize, c).is_none()) as u64;
            }
            Op::MakeChan => {
                let slots = prog.types[c].slots as usize;
                let size = r!(b) as i64;
                match self.make_chan(slots, size) {
                    Ok(ch) => r!(a) = ch,
                    Err(e) => {
                        return Err(e);
                    }
                }
            }
            Op::ChanLen => r!(a) = Machine::chan_len(r!(b), i.x == 1),
            Op::Print => {
                let t = TypeIdx(c as u32);
                let n = prog.types[c].slots as usize;
                let v = regs!(a, n).to_vec();
                let s = crate::runtime::print::value_text(&prog.types, t.0, &v);
                self.write_err(s.as_bytes());
            }
            Op::PrintStr => {
                let s = &prog.strings[i.bc() as usize];
                self.write_err(s);
            }
            Op::Go => {
                let cl = r!(b);
                if cl == 0 {
                    return Err(Trap::Fatal(format!(
                        "fatal error: go of nil func value\n\ngoroutine {} [running]:\n",
                        self.g.id()
                    )));
                }
                let args = smallvec::SmallVec::<[u64; 8]>::from_slice(regs!(a, c));
                self.spawn(cl, &args)?;
            }
            Op::Send => {
                let val = smallvec::SmallVec::<[u64; 4]>::from_slice(regs!(b, c));
                let ch = r!(a);
                self.parking(|m| m.chan_send(ch, &val))?;
            }
            Op::Recv => {
                let ch = r!(b);
                let ok_at = (i.x == 1).then_some(base + a + c);
                self.parking(|m| m.chan_recv(ch, base + a, c, ok_at))?;
            }
            Op::Close => {
                let ch = r!(a);
                self.parking(|m| m.chan_close(ch))?;
            }
            Op::Select => {
                let limit = base + prog.funcs[func as usize].nregs as usize;
                self.parking(|m| m.select(base + a, c, i.x == 1, limit))?;
            }
            Op::Defer => {
                let args = regs!(a, c).to_vec();
                let closure = r!(b);
                let depth = self.g.frames.len();
                self.g.defers.push(Deferred { depth, closure, args });
            }
            op => unreachable!("{} is not run by the runtime", op.name()),
        }
        Ok(())
    }

    fn new_map(&mut self, m: GoMap) -> u64 {
        self.heap.boxed(MapCell::new(m))
    }

    fn new_iter(&mut self, m: u64, it: MapIter) -> u64 {
        self.heap.boxed((m, it))
    }
}

/// The map a map word points to. Its table is reached only through a claim (see
/// `runtime::map`), and the reference must not be kept past the instruction or Rust
/// function that made it: a sweep may free the map once no goroutine holds the word.
pub(crate) fn map_ref<'m>(m: u64) -> &'m MapCell {
    // SAFETY: map words are only ever made by boxing a `MapCell` in the heap (`new_map`
    // here, `embed::value::new_map`), which frees it only when a sweep finds it
    // unreachable. The word was just read from a live goroutine's registers or from
    // a value it reaches (or, in the embedding API, from a value being converted, which
    // no collection can interrupt), and sweeps run only with the world stopped at
    // safepoints, none of which passes while the reference is used. A `MapCell` is
    // `Sync`: the machines share it through its claims.
    unsafe { &*(m as *const MapCell) }
}

fn iter_mut<'m>(it: u64) -> (u64, &'m mut MapIter) {
    // SAFETY: iterator words come only from `new_iter`, boxed in the heap until a sweep
    // finds them unreachable (as for `map_ref`), and each is held by the one goroutine
    // running the range loop that made it, in a register no other code reads: this is
    // the only reference to it.
    let b = unsafe { &mut *(it as *mut (u64, MapIter)) };
    (b.0, &mut b.1)
}

/// The static type of the interface the `AssertType` at `pc` of function `f` asserts on, as
/// Go names it in the panic (`interface {}` for code that does not record it).
fn static_iface_name(prog: &crate::bytecode::Program, f: u32, pc: usize) -> &str {
    let asserted = &prog.funcs[f as usize].asserted;
    match asserted.binary_search_by_key(&(pc as u32), |&(at, _)| at) {
        Ok(i) => &prog.types[asserted[i].1.0 as usize].name,
        Err(_) => "interface {}",
    }
}

/// Err(the type's name) if `key`, of type `kt`, holds a value that cannot be hashed. Go
/// hashes the key of every map access, so a nil map panics on such a key as others do.
fn hashable(types: &[crate::bytecode::RType], kt: TypeIdx, key: &[u64]) -> Result<(), String> {
    crate::runtime::value::hash(types, kt, key, &mut std::hash::DefaultHasher::new())
}

/// The bounds of `s[lo:hi:max]` for an operand of length `len` and capacity `cap`, with
/// what `x` (the [`slice_x`] bits) says was given; or Go's message for the first that is
/// out of range.
#[inline(always)]
fn slice_bounds(x: u8, len: u64, cap: u64, lo: u64, hi: u64, max: u64) -> Result<(u64, u64, u64), String> {
    let lo = if x & slice_x::LO != 0 { lo } else { 0 };
    let hi = if x & slice_x::HI != 0 { hi } else { len };
    let max = if x & slice_x::MAX != 0 { max } else { cap };
    // Compared unsigned, a negative bound is too big: one comparison each.
    if max > cap || hi > max || lo > hi {
        return Err(slice_error(x, cap, lo, hi, max));
    }
    Ok((lo, hi, max))
}

/// Go's message for bounds that [`slice_bounds`] refused, checked in Go's order: max
/// against the capacity, then hi against max, then lo against hi. The bound at fault is
/// printed signed (and then, if negative, alone) unless its type is unsigned.
#[cold]
fn slice_error(x: u8, cap: u64, lo: u64, hi: u64, max: u64) -> String {
    let negative = |v: u64, unsigned: u8| x & unsigned == 0 && (v as i64) < 0;
    let three = x & slice_x::MAX != 0;
    let what = if x & slice_x::ARRAY != 0 { "length" } else { "capacity" };
    let at = if max > cap {
        // Only with three indexes: with two, max is the capacity.
        if negative(max, slice_x::MAX_UNSIGNED) {
            format!("[::{}]", max as i64)
        } else {
            format!("[::{max}] with {what} {cap}")
        }
    } else if hi > max {
        match (three, negative(hi, slice_x::HI_UNSIGNED)) {
            (true, true) => format!("[:{}:]", hi as i64),
            (true, false) => format!("[:{hi}:{max}]"),
            (false, true) => format!("[:{}]", hi as i64),
            (false, false) => format!("[:{hi}] with {what} {cap}"),
        }
    } else {
        match (three, negative(lo, slice_x::LO_UNSIGNED)) {
            (true, true) => format!("[{}::]", lo as i64),
            (true, false) => format!("[{lo}:{hi}:]"),
            (false, true) => format!("[{}:]", lo as i64),
            (false, false) => format!("[{lo}:{hi}]"),
        }
    };
    format!("slice bounds out of range {at}")
}

//! fmt's Rust functions: the formatting engine (`runtime::fmt`) run over a goroutine's
//! values.
//!
//! The methods formatting calls are Go code that must run as ordinary calls of the
//! goroutine (they may block, be preempted or panic), which a Rust frame in the middle
//! of formatting could not allow. So the engine never calls them: `std/fmt.go` runs it
//! in a loop, and a run that needs results it was not given returns unfinished with the
//! calls to make (the design is described there). Here is the engine's side: the host
//! that answers from the log of calls made (and of map copies taken) by earlier runs,
//! and notes what is missing.

use super::super::panic::PanicInfo;
use super::super::{LibFn, Machine, Trap};
use super::{any_args, set_str, str_arg};
use crate::runtime::fmt::{self, Arg, Called, FmtHost, FormatState, Method};
use crate::runtime::heap::{PtrLayout, bytes_at, copy_bytes, load, store};

pub fn lookup(name: &str) -> Option<LibFn> {
    Some(match name {
        "fmt.engine" => engine,
        "fmt.writeStdout" => |vm, b| {
            vm.write_out(str_arg(vm, b, 0));
            Ok(())
        },
        _ => return None,
    })
}

/// The slot offsets of the fields of `fmt.call` (`std/fmt.go`), and its size.
mod call {
    pub const RECV: u64 = 0;
    pub const METHOD: u64 = 2;
    pub const VERB: u64 = 3;
    pub const WID: u64 = 4;
    pub const PREC: u64 = 5;
    pub const HAS_WID: u64 = 6;
    pub const HAS_PREC: u64 = 7;
    pub const FLAGS: u64 = 8;
    pub const MADE: u64 = 10;
    pub const ABSENT: u64 = 11;
    pub const OUT: u64 = 12;
    pub const PANICKED: u64 = 14;
    pub const P: u64 = 15;
    pub const MAP_ADDR: u64 = 17;
    pub const ENTRIES: u64 = 18;
    pub const COUNT: u64 = 21;
    pub const SLOTS: u64 = 22;
}

/// `fmt.call.method` of a map copy (`mapCopy` in `std/fmt.go`).
const MAP_COPY: u64 = 4;

/// `fmt.engine`'s modes (`modePrint`... in `std/fmt.go`).
const PRINT: u64 = 0;
const PRINTLN: u64 = 1;
const PRINTF: u64 = 2;

/// engine(mode int, format string, a []any, calls []call)
/// (s string, wrapped []int, more []call, done bool)
fn engine(vm: &mut Machine<'_>, base: usize) -> Result<(), Trap> {
    let mode = vm.g.stack[base];
    let format = str_arg(vm, base, 1).to_vec();
    let args = any_args(vm, base, 3);
    let given = (vm.g.stack[base + 6], vm.g.stack[base + 7] as usize);
    let prog = vm.prog;
    let mut host = Replay {
        vm,
        given,
        asked: 0,
        kept: None,
        wanted: Vec::new(),
    };
    let (s, wrapped) = match mode {
        PRINT => (fmt::sprint(&mut host, prog, &args)?, Vec::new()),
        PRINTLN => (fmt::sprintln(&mut host, prog, &args)?, Vec::new()),
        PRINTF => (fmt::sprintf(&mut host, prog, &format, &args)?, Vec::new()),
        _ => fmt::errorf(&mut host, prog, &format, &args)?,
    };
    let Replay { kept, wanted, .. } = host;
    let results = &mut vm.g.stack[base..base + 9];
    results.fill(0);
    if let Some(kept) = kept {
        let more = more_log(vm, given.0, kept, &wanted);
        let n = (kept + wanted.len()) as u64;
        vm.g.stack[base + 5..base + 8].copy_from_slice(&[more, n, n]);
        return Ok(());
    }
    set_str(vm, base, &s);
    if !wrapped.is_empty() {
        let p = vm.heap.alloc(wrapped.len(), PtrLayout::NoPointers);
        for (i, w) in wrapped.iter().enumerate() {
            store(p + 8 * i as u64, *w as u64);
        }
        let n = wrapped.len() as u64;
        vm.g.stack[base + 2..base + 5].copy_from_slice(&[p, n, n]);
    }
    vm.g.stack[base + 8] = 1;
    Ok(())
}

/// The engine's host in a Rust function. The log given holds what earlier runs needed:
/// the method calls Go has made since, and the copies of maps taken. This run follows it
/// while it asks for the same things in the same order; from the first thing the log
/// lacks, it notes what it needs, and formatting goes on with placeholder results to
/// find all of it (its output is thrown away).
struct Replay<'v, 's> {
    vm: &'v mut Machine<'s>,
    /// The log of earlier runs, `[]fmt.call`: the address of the first, and how many.
    given: (u64, usize),
    /// Entries of the log this run has asked for.
    asked: usize,
    /// How many entries of the log this run followed, once it needed one the log lacks:
    /// the rest are stale.
    kept: Option<usize>,
    /// What this run needed since.
    wanted: Vec<Need>,
}

/// An entry of the log a run needs.
enum Need {
    /// A method call, for Go to make.
    Call(Arg, Method),
    /// A copy of a map's entries, taken: the map, the copy, its length in slots and
    /// its number of entries.
    MapCopy(u64, u64, u64, u64),
}

impl Replay<'_, '_> {
    /// The next entry of the log, if this run has followed it so far.
    fn next_given(&mut self) -> Option<u64> {
        let k = self.asked;
        self.asked += 1;
        if self.kept.is_some() {
            return None;
        }
        if k < self.given.1 {
            return Some(self.given.0 + 8 * call::SLOTS * k as u64);
        }
        self.kept = Some(k);
        None
    }

    /// Notes a need the log lacks, which it does from entry `k` on if this run had
    /// followed it so far.
    fn need(&mut self, need: Need) {
        if self.kept.is_none() {
            self.kept = Some(self.asked - 1);
        }
        self.wanted.push(need);
    }
}

impl FmtHost for Replay<'_, '_> {
    type Error = Trap;

    fn map_entries(&mut self, m: u64) -> Result<Vec<(u64, u64)>, Trap> {
        let read = super::super::map_ref(m)
            .iterate()
            .map_err(|race| self.vm.fatal_error(race.message()))?;
        let (key_slots, stride) = (read.key_slots as u64, (read.key_slots + read.val_slots) as u64);
        let field = |c: u64, f: u64| load(c + 8 * f);
        let (copy, n) = match self.next_given() {
            Some(c) if field(c, call::METHOD) == MAP_COPY && field(c, call::MAP_ADDR) == m => {
                (field(c, call::ENTRIES), field(c, call::COUNT))
            }
            _ => {
                let slots: Vec<u64> = read.entries().flatten().copied().collect();
                // Untyped: the entries' slots are traced whatever their types.
                let p = self.vm.heap.alloc(slots.len(), PtrLayout::Untyped);
                copy_bytes(p, slots.as_ptr() as u64, 8 * slots.len());
                let n = read.len() as u64;
                self.need(Need::MapCopy(m, p, slots.len() as u64, n));
                (p, n)
            }
        };
        let entry = |i: u64| copy + 8 * i * stride;
        Ok((0..n).map(|i| (entry(i), entry(i) + 8 * key_slots)).collect())
    }

    fn call(&mut self, arg: Arg, method: Method) -> Result<Option<Called>, Trap> {
        if let Some(c) = self.next_given()
            && load(c + 8 * call::MADE) != 0
            && is_call(c, arg, &method)
        {
            return Ok(outcome(c));
        }
        self.need(Need::Call(arg, method));
        Ok(Some(Called::Returned(Vec::new())))
    }

    fn repanic(&mut self, value: Arg) -> Trap {
        Trap::Panic(PanicInfo::new(value))
    }
}

/// Method numbers in `fmt.call` (`callError`... in `std/fmt.go`).
fn method_code(m: &Method) -> u64 {
    match m {
        Method::Error => 0,
        Method::String => 1,
        Method::GoString => 2,
        Method::Format { .. } => 3,
    }
}

/// Whether the `fmt.call` at `c` is the call of `method` on `arg`.
fn is_call(c: u64, arg: Arg, method: &Method) -> bool {
    let field = |f: u64| load(c + 8 * f);
    if [field(call::RECV), field(call::RECV + 1)] != arg || field(call::METHOD) != method_code(method) {
        return false;
    }
    match method {
        Method::Format { verb, state } => {
            let optional = |has: u64, v: u64| (field(has) != 0).then_some(field(v) as i64);
            field(call::VERB) == *verb as u64
                && optional(call::HAS_WID, call::WID) == state.width
                && optional(call::HAS_PREC, call::PREC) == state.precision
                && bytes_at(field(call::FLAGS), field(call::FLAGS + 1)) == state.flags.as_bytes()
        }
        _ => true,
    }
}

/// The outcome of the `fmt.call` at `c`, which was made.
fn outcome(c: u64) -> Option<Called> {
    let field = |f: u64| load(c + 8 * f);
    if field(call::ABSENT) != 0 {
        None
    } else if field(call::PANICKED) != 0 {
        Some(Called::Panicked([field(call::P), field(call::P + 1)]))
    } else {
        Some(Called::Returned(
            bytes_at(field(call::OUT), field(call::OUT + 1)).to_vec(),
        ))
    }
}

/// A new log, `[]fmt.call`'s backing array: the first `kept` entries of `given`, then
/// what a run `wanted` (the calls not made yet).
fn more_log(vm: &mut Machine<'_>, given: u64, kept: usize, wanted: &[Need]) -> u64 {
    let n = kept + wanted.len();
    // Untyped: every slot is traced as a possible pointer, which is right for any
    // struct, without looking up `fmt.call`'s type.
    let p = vm.heap.alloc(n * call::SLOTS as usize, PtrLayout::Untyped);
    copy_bytes(p, given, kept * 8 * call::SLOTS as usize);
    for (i, need) in wanted.iter().enumerate() {
        let c = p + 8 * call::SLOTS * (kept + i) as u64;
        let set = |f: u64, v: u64| store(c + 8 * f, v);
        let (arg, method) = match need {
            Need::MapCopy(m, copy, len, n) => {
                set(call::METHOD, MAP_COPY);
                set(call::MADE, 1);
                set(call::MAP_ADDR, *m);
                set(call::ENTRIES, *copy);
                set(call::ENTRIES + 1, *len);
                set(call::ENTRIES + 2, *len);
                set(call::COUNT, *n);
                continue;
            }
            Need::Call(arg, method) => (arg, method),
        };
        set(call::RECV, arg[0]);
        set(call::RECV + 1, arg[1]);
        set(call::METHOD, method_code(method));
        if let Method::Format { verb, state } = method {
            let FormatState {
                width,
                precision,
                flags,
            } = state;
            set(call::VERB, *verb as u64);
            set(call::WID, width.unwrap_or(0) as u64);
            set(call::HAS_WID, width.is_some() as u64);
            set(call::PREC, precision.unwrap_or(0) as u64);
            set(call::HAS_PREC, precision.is_some() as u64);
            let (fp, fl) = vm.new_string(flags.as_bytes());
            set(call::FLAGS, fp);
            set(call::FLAGS + 1, fl);
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::call;

    /// The offsets above are `fmt.call`'s layout as the compiler lays it out.
    #[test]
    fn call_offsets_match_the_go_struct() {
        let src = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n";
        let file = crate::load::SourceFile {
            name: "main.go".into(),
            text: src.into(),
        };
        let prog = crate::load::compile_package(vec![file]).expect("compiles");
        let t = prog
            .types
            .iter()
            .find(|t| t.name == "fmt.call")
            .expect("fmt.call is compiled");
        let at = |name: &str| t.fields.iter().find(|f| f.name == name).expect("a field").offset as u64;
        let want = [
            ("recv", call::RECV),
            ("method", call::METHOD),
            ("verb", call::VERB),
            ("wid", call::WID),
            ("prec", call::PREC),
            ("hasWid", call::HAS_WID),
            ("hasPrec", call::HAS_PREC),
            ("flags", call::FLAGS),
            ("made", call::MADE),
            ("absent", call::ABSENT),
            ("out", call::OUT),
            ("panicked", call::PANICKED),
            ("p", call::P),
            ("mapAddr", call::MAP_ADDR),
            ("entries", call::ENTRIES),
            ("count", call::COUNT),
        ];
        for (name, offset) in want {
            assert_eq!(at(name), offset, "fmt.call.{name}");
        }
        assert_eq!(t.slots as u64, call::SLOTS);
    }
}

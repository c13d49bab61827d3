//! The instruction set: every opcode declared once.
//!
//! An instruction is one 8-byte word: `op`, a byte `x`, and three 16-bit operands `a b c`.
//! Each op's format gives the kind of each operand ([`Operand`]) by a letter:
//!
//! | letter | meaning |
//! |---|---|
//! | `R` | register (a 64-bit slot of the current frame, `R[n]`) |
//! | `N` | unsigned 16-bit number (a count, an offset in slots) |
//! | `T` | type index into `Program::types` |
//! | `M` | method name index into `Program::method_names` |
//! | `I` | signed 16-bit immediate |
//! | `f` | function index into `Program::funcs`, in 16 bits |
//! | `j` | signed 16-bit jump offset from the next instruction |
//! | `K` | (in b) with `c`: a 32-bit index into `Program::consts` |
//! | `S` | (in b) with `c`: a 32-bit index into `Program::strings` |
//! | `G` | (in b) with `c`: a 32-bit slot offset into the globals |
//! | `F` | (in b) with `c`: a 32-bit function index |
//! | `J` | (in b) with `c`: a signed 32-bit jump offset from the next instruction |
//! | `W` | (in b) with `c`: a signed 32-bit immediate |
//! | `_` | unused |
//!
//! The byte `x` is a small extra operand; each op that reads it says how ([`XUse`],
//! written `x: KIND` in the table), and it is 0 in every other op.
//! Multi-slot values sit in consecutive registers: `R[a..+3]` is a slice starting at `a`.
//!
//! Each op also states its [`Facts`] in brackets: what it may do besides writing its
//! registers (dereference a pointer, a slice's data, a map...; panic; check bounds; never
//! go on to the next instruction). Tests read them to know which ops must be tried on nil
//! operands and out-of-range indexes, and a JIT back end will read them (with facts to
//! come: may park, may allocate, may call Go code) to know which ops need a slow path.
//!
//! The [`ops!`] table below generates the `Op` enum, the names, the operand kinds, the
//! uses of `x`, the facts and the docs; the compiler, interpreter, disassembler and
//! verifier read them from here.

/// Declares the facts an op can have: one bit each, named as the op table writes them.
macro_rules! facts {
    ($( $(#[doc = $doc:literal])* $name:ident = $bit:literal, )*) => {
        impl Facts {
            $( $(#[doc = $doc])* pub const $name: Facts = Facts(1 << $bit); )*

            /// Every fact with its name.
            pub const ALL: &'static [(Facts, &'static str)] = &[$((Facts::$name, stringify!($name)),)*];
        }
    };
}

/// What an op may do besides computing its registers: a set of the facts below.
#[derive(Copy, Clone, Default, PartialEq, Eq, Hash)]
pub struct Facts(u16);

facts! {
    /// Reads or writes memory through a pointer operand; a nil one panics.
    PTR = 0,
    /// Reads or writes the elements of a slice or the bytes of a string through its data
    /// pointer (nil for a nil slice and may be for an empty string).
    DATA = 1,
    /// Reads or changes a map (a nil map is empty, and panics when assigned to).
    MAP = 2,
    /// Operates on a channel (a nil one blocks forever, and panics when closed).
    CHAN = 3,
    /// Reads a closure object: calls a function value or reads a captured variable.
    CLOSURE = 4,
    /// Reads an interface's dynamic value or dispatches on its type; a nil one panics.
    IFACE = 5,
    /// May panic with a run-time error.
    PANICS = 6,
    /// Checks an index, slice bounds or a length, panicking with Go's bounds messages.
    BOUNDS = 7,
    /// Never goes on to the next instruction: a function's code ends with such an op.
    STOPS = 8,
    /// Run by the runtime (`Machine::exec`) for both tiers: it allocates, reaches a map
    /// or builds a string or slice, and may panic.
    RUNTIME = 9,
    /// May park the goroutine, its frame waiting at this instruction.
    PARKS = 10,
}

#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "read by the tests of checks (vm::checks_tests), and next by the native back end"
    )
)]
impl Facts {
    pub const NONE: Facts = Facts(0);

    /// Every way of reaching memory through an operand.
    pub const DEREF: Facts =
        Facts(Facts::PTR.0 | Facts::DATA.0 | Facts::MAP.0 | Facts::CHAN.0 | Facts::CLOSURE.0 | Facts::IFACE.0);

    pub const fn with(self, other: Facts) -> Facts {
        Facts(self.0 | other.0)
    }

    /// Whether every fact of `other` is one of these.
    pub const fn contains(self, other: Facts) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether any fact of `other` is one of these.
    pub const fn intersects(self, other: Facts) -> bool {
        self.0 & other.0 != 0
    }

    /// Each fact of the set alone.
    pub fn iter(self) -> impl Iterator<Item = Facts> {
        Facts::ALL.iter().map(|&(f, _)| f).filter(move |&f| self.contains(f))
    }
}

impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = Facts::ALL
            .iter()
            .filter(|&&(fact, _)| self.contains(fact))
            .map(|&(_, name)| name)
            .collect();
        write!(f, "[{}]", names.join(", "))
    }
}

/// What an operand field holds, as the op table's format letters say (module docs).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    Unused,
    Reg,
    Num,
    Type,
    Method,
    Imm,
    /// A function index, in the field alone.
    Func16,
    /// A jump offset from the next instruction, in the field alone.
    Jump16,
    // The wide operands, in `b` and `c` together (`Insn::bc`).
    Const,
    Str,
    Global,
    Func,
    Jump,
    Wide,
}

impl Operand {
    const fn from_letter(letter: u8) -> Operand {
        match letter {
            b'_' => Operand::Unused,
            b'R' => Operand::Reg,
            b'N' => Operand::Num,
            b'T' => Operand::Type,
            b'M' => Operand::Method,
            b'I' => Operand::Imm,
            b'f' => Operand::Func16,
            b'j' => Operand::Jump16,
            b'K' => Operand::Const,
            b'S' => Operand::Str,
            b'G' => Operand::Global,
            b'F' => Operand::Func,
            b'J' => Operand::Jump,
            b'W' => Operand::Wide,
            _ => panic!("an op table format letter with no operand kind"),
        }
    }
}

/// What an op makes of its `x` byte.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum XUse {
    /// Nothing: `x` is 0.
    None,
    /// The stride of a slice's elements (see [`elem_width`]).
    Stride,
    /// A bit width below 64.
    Bits,
    /// A set of [`slice_x`] bits.
    SliceBits,
    /// A number of values.
    Count,
    /// A flag, 0 or 1, named for what it means when set.
    Flag(&'static str),
}

impl XUse {
    /// Whether `x` is a value this use allows.
    pub fn allows(self, x: u8) -> bool {
        match self {
            XUse::None => x == 0,
            XUse::Stride | XUse::Count => true,
            XUse::Bits => (1..64).contains(&x),
            XUse::SliceBits => x < 2 * slice_x::ARRAY,
            XUse::Flag(_) => x <= 1,
        }
    }

    /// `x` for a reader (`stride=8`, `signed`), or nothing when it says nothing.
    pub fn describe(self, x: u8) -> Option<String> {
        match self {
            XUse::None => None,
            XUse::Stride if x == BYTE_ELEMS => Some("stride=byte".into()),
            XUse::Stride => Some(format!("stride={}", elem_width(x))),
            XUse::Bits => Some(format!("bits={x}")),
            XUse::Count => Some(format!("n={x}")),
            XUse::SliceBits => {
                let names = slice_x::NAMES
                    .iter()
                    .filter(|&&(bit, _)| x & bit != 0)
                    .map(|&(_, name)| name);
                Some(names.collect::<Vec<_>>().join("|")).filter(|s| !s.is_empty())
            }
            XUse::Flag(name) => (x == 1).then(|| name.to_string()),
        }
    }
}

/// Declares the opcode table.
macro_rules! ops {
    ($( $(#[doc = $doc:literal])* $name:ident = $fmt:literal $(x: $xk:ident $(($xn:literal))?)? [$($fact:ident),*] ,)*) => {
        /// An opcode. See the table in this module's source for each one's meaning.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op { $( $(#[doc = $doc])* $name, )* }

        impl Op {
            pub fn name(self) -> &'static str {
                match self { $(Op::$name => stringify!($name),)* }
            }

            /// Operand letters for `a`, `b`, `c` (see the module docs).
            const fn format(self) -> &'static str {
                match self { $(Op::$name => $fmt,)* }
            }

            /// The kinds of `a`, `b` and `c`; a wide operand is in `b`, and `c` is unused.
            pub const fn operands(self) -> [Operand; 3] {
                let f = self.format().as_bytes();
                [Operand::from_letter(f[0]), Operand::from_letter(f[1]), Operand::from_letter(f[2])]
            }

            /// What the op makes of its `x` byte.
            pub const fn x_use(self) -> XUse {
                match self { $(Op::$name => x_use!($($xk $(($xn))?)?),)* }
            }

            /// What the op may do besides writing its registers.
            pub const fn facts(self) -> Facts {
                match self { $(Op::$name => Facts::NONE$(.with(Facts::$fact))*,)* }
            }
        }

        #[cfg_attr(not(test), expect(dead_code, reason = "read by the tests of checks (vm::checks_tests), and next by the native back end"))]
        impl Op {
            /// Every opcode, in declaration order.
            pub const ALL: &'static [Op] = &[$(Op::$name,)*];

            pub fn doc(self) -> &'static str {
                match self { $(Op::$name => concat!($($doc),*),)* }
            }
        }
    };
}

/// An op's use of `x` as the table writes it: `x: Stride`, `x: Flag("ok")`, or nothing.
macro_rules! x_use {
    () => {
        XUse::None
    };
    ($kind:ident) => {
        XUse::$kind
    };
    ($kind:ident ($name:literal)) => {
        XUse::$kind($name)
    };
}

ops! {

    // ---- moves and constants ----
    /// R[a] := R[b]
    Move = "RR_" [],
    /// R[a..+c] := R[b..+c]
    MoveN = "RRN" [],
    /// R[a] := consts[bc] (64 raw bits)
    LoadK = "RK_" [],
    /// R[a] := bc as i64
    LoadI = "RW_" [],
    /// R[a..+2] := strings[bc] (pointer, length)
    LoadStr = "RS_" [],
    /// R[a..+c] := 0
    Zero = "R_N" [],
    /// R[a] := the closure of function bc, which captures nothing
    LoadFunc = "RF_" [],
    /// R[a] := new closure of function b capturing R[a+1..+c]
    MakeClosure = "RfN" [RUNTIME],
    /// R[a] := the slot of a captured value number b of the running closure, as a slot copy
    LoadCapture = "RN_" [CLOSURE],
    /// R[a] := &globals[bc]
    GlobalAddr = "RG_" [],

    // ---- memory (every pointer dereference checks for nil) ----
    /// R[a] := *(R[b] + 8c)
    Load = "RRN" [PTR, PANICS],
    /// R[a..+c] := *R[b] (c slots)
    LoadN = "RRN" [PTR, PANICS],
    /// *(R[a] + 8c) := R[b]
    Store = "RRN" [PTR, PANICS],
    /// *R[a] (c slots) := R[b..+c]
    StoreN = "RRN" [PTR, PANICS],
    /// R[a] := *(u8 *)R[b], sign-extended when x says so
    LoadByte = "RR_" x: Flag("signed") [PTR, PANICS],
    /// *(u8 *)R[a] := R[b]
    StoreByte = "RR_" [PTR, PANICS],
    /// R[a] := R[b] + 8c, checking R[b] for nil
    FieldAddr = "RRN" [PTR, PANICS],
    /// panic as a nil dereference does if R[a] is 0: an interface's type word, whose method
    /// value Go makes only of a non-nil interface
    NilCheck = "R__" [IFACE, PANICS],
    /// R[a] := pointer to a new zeroed value of type c
    New = "R_T" [RUNTIME],
    /// R[a] := &R[b..+3][R[c]] (slice element address), x the element stride (see
    /// [`elem_width`]); panics if the index is out of range
    IndexAddr = "RRR" x: Stride [DATA, PANICS, BOUNDS],
    /// R[a] := R[b..+3][R[c]] for one-slot elements
    SliceLoad = "RRR" [DATA, PANICS, BOUNDS],
    /// R[a] := R[b..+3][R[c]] for byte elements, sign-extended when x says so
    SliceLoadB = "RRR" x: Flag("signed") [DATA, PANICS, BOUNDS],
    /// panic "index out of range [R[a]] with length R[b]" unless R[a] < R[b] unsigned;
    /// x says whether the index is of an unsigned type (so Go prints it unsigned), which
    /// the other indexing ops take as signed
    BoundsCheck = "RR_" x: Flag("unsigned") [PANICS, BOUNDS],

    // ---- integer arithmetic (64-bit; narrower kinds are re-normalised with SExt/ZExt) ----
    /// R[a] := R[b] + R[c]
    AddI = "RRR" [],
    /// R[a] := R[b] - R[c]
    SubI = "RRR" [],
    /// R[a] := R[b] * R[c]
    MulI = "RRR" [],
    /// R[a] := R[b] / R[c] signed (MinInt64 / -1 wraps; narrower kinds are normalised
    /// after); panics on zero
    DivI = "RRR" [PANICS],
    /// R[a] := R[b] / R[c] unsigned; panics on zero
    DivU = "RRR" [PANICS],
    /// R[a] := R[b] % R[c] signed; panics on zero
    RemI = "RRR" [PANICS],
    /// R[a] := R[b] % R[c] unsigned; panics on zero
    RemU = "RRR" [PANICS],
    /// R[a] := R[b] & R[c]
    And = "RRR" [],
    /// R[a] := R[b] | R[c]
    Or = "RRR" [],
    /// R[a] := R[b] ^ R[c]
    Xor = "RRR" [],
    /// R[a] := R[b] &^ R[c]
    AndNot = "RRR" [],
    /// R[a] := R[b] << R[c] (count as unsigned; >= 64 gives 0)
    Shl = "RRR" [],
    /// R[a] := R[b] >> R[c] arithmetic (count as unsigned; >= 64 gives 0 or -1)
    ShrI = "RRR" [],
    /// R[a] := R[b] >> R[c] logical (count as unsigned; >= 64 gives 0)
    ShrU = "RRR" [],
    /// panic "negative shift amount" if R[a] < 0
    ShiftCheck = "R__" [PANICS, RUNTIME],
    /// R[a] := R[b] + c (c signed)
    AddImm = "RRI" [],
    /// R[a] := -R[b]
    NegI = "RR_" [],
    /// R[a] := ^R[b]
    Com = "RR_" [],
    /// R[a] := R[b] truncated to x bits, sign-extended
    SExt = "RR_" x: Bits [],
    /// R[a] := R[b] truncated to x bits, zero-extended
    ZExt = "RR_" x: Bits [],

    // ---- floating point (f64; float32 values are re-rounded with F32) ----
    /// R[a] := R[b] + R[c]
    AddF = "RRR" [],
    /// R[a] := R[b] - R[c]
    SubF = "RRR" [],
    /// R[a] := R[b] * R[c]
    MulF = "RRR" [],
    /// R[a] := R[b] / R[c]
    DivF = "RRR" [],
    /// R[a] := -R[b]
    NegF = "RR_" [],
    /// R[a] := min(R[b], R[c]) as Go's min on floats: NaN if either is, -0 below +0
    MinF = "RRR" [RUNTIME],
    /// R[a] := max(R[b], R[c]) as Go's max on floats
    MaxF = "RRR" [RUNTIME],
    /// R[a] := R[b] rounded to float32
    F32 = "RR_" [],
    /// R[a] := float(R[b] signed)
    I2F = "RR_" [],
    /// R[a] := float(R[b] unsigned)
    U2F = "RR_" [RUNTIME],
    /// R[a] := int(R[b]) truncated toward zero
    F2I = "RR_" [RUNTIME],
    /// R[a] := uint(R[b]) truncated toward zero
    F2U = "RR_" [RUNTIME],

    // ---- comparisons (result 0 or 1) ----
    /// R[a] := R[b] == R[c] (64-bit words)
    EqI = "RRR" [],
    /// R[a] := R[b] != R[c]
    NeI = "RRR" [],
    /// R[a] := R[b] < R[c] signed
    LtI = "RRR" [],
    /// R[a] := R[b] <= R[c] signed
    LeI = "RRR" [],
    /// R[a] := R[b] < R[c] unsigned
    LtU = "RRR" [],
    /// R[a] := R[b] <= R[c] unsigned
    LeU = "RRR" [],
    /// R[a] := R[b] == R[c] as floats
    EqF = "RRR" [],
    /// R[a] := R[b] != R[c] as floats
    NeF = "RRR" [],
    /// R[a] := R[b] < R[c] as floats
    LtF = "RRR" [],
    /// R[a] := R[b] <= R[c] as floats
    LeF = "RRR" [],
    /// R[a] := !R[b]
    NotB = "RR_" [],
    /// R[a] := R[b..+2] == R[c..+2] as strings
    EqStr = "RRR" [DATA, RUNTIME],
    /// R[a] := R[b..+2] < R[c..+2] as strings (bytewise)
    LtStr = "RRR" [DATA, RUNTIME],
    /// R[a] := R[b..+2] <= R[c..+2] as strings
    LeStr = "RRR" [DATA, RUNTIME],
    /// R[a] := R[b..+2] == R[c..+2] as interfaces; panics comparing uncomparable types
    EqIface = "RRR" [IFACE, PANICS, RUNTIME],

    // ---- strings ----
    /// R[a..+2] := R[b..+2] + R[c..+2]
    Concat = "RRR" [DATA, RUNTIME],
    /// R[a] := R[b..+2][R[c]] (a byte); panics if out of range
    StrIndex = "RRR" [DATA, PANICS, BOUNDS],
    /// R[a..+2] := R[b..+2][R[c] : R[c+1]]; x: [`slice_x`] bits (LO, HI and their
    /// signedness)
    StrSlice = "RRR" x: SliceBits [PANICS, BOUNDS, RUNTIME],
    /// R[a] := rune at byte R[c] of R[b..+2], R[a+1] := its width (U+FFFD, 1 if invalid)
    StrDecode = "RRR" [DATA, RUNTIME],
    /// R[a..+2] := string(rune(R[b]))
    RuneToStr = "RR_" [RUNTIME],
    /// R[a..+2] := string(R[b..+3]) ([]byte)
    BytesToStr = "RR_" [DATA, RUNTIME],
    /// R[a..+3] := []byte(R[b..+2])
    StrToBytes = "RR_" [DATA, RUNTIME],
    /// R[a..+2] := string(R[b..+3]) ([]rune)
    RunesToStr = "RR_" [DATA, RUNTIME],
    /// R[a..+3] := []rune(R[b..+2])
    StrToRunes = "RR_" [DATA, RUNTIME],

    // ---- slices ----
    /// R[a..+3] := make([]T, R[b], R[b+1]) with T = type c; panics on bad sizes
    MakeSlice = "RRT" [PANICS, RUNTIME],
    /// R[a..+3] := R[b..+3][lo:hi:max] with lo, hi, max, stride (bytes) in R[c..+4];
    /// x: [`slice_x`] bits (which bounds are given, their signedness, an array operand)
    SliceSlice = "RRR" x: SliceBits [PANICS, BOUNDS, RUNTIME],
    /// R[a..] := [N]T(R[b..+3]) for the array type c, or when x says so R[a] :=
    /// (*[N]T)(R[b..+3]); panics if the slice is shorter than N
    SliceToArray = "RRT" x: Flag("pointer") [DATA, PANICS, BOUNDS, RUNTIME],
    /// R[a..+3] := append(R[a..+3], x values of type c taken from R[b..])
    Append = "RRT" x: Count [DATA, PANICS, RUNTIME],
    /// R[a..+3] := append(R[a..+3], R[b..+3]...) with element type c
    AppendSlice = "RRT" [DATA, PANICS, RUNTIME],
    /// R[a..+3] := append(R[a..+3], R[b..+2]...) ([]byte and a string)
    AppendStr = "RR_" [DATA, PANICS, RUNTIME],
    /// R[a] := copy(R[b..+3], R[c..+3]) with x the element stride (see [`elem_width`])
    Copy = "RRR" x: Stride [DATA, RUNTIME],
    /// R[a] := copy(R[b..+3], R[c..+2]) ([]byte from a string)
    CopyStr = "RRR" [DATA, RUNTIME],
    /// zero every element of R[a..+3], x the element stride (see [`elem_width`])
    ClearSlice = "R__" x: Stride [DATA, RUNTIME],

    // ---- maps ----
    /// R[a] := make(map type c) with a size hint R[b]
    MakeMap = "RRT" [RUNTIME],
    /// R[a..] := R[b][key R[b+1..]] (zero value if absent); map type c
    MapGet = "RRT" [MAP, PANICS, RUNTIME],
    /// as MapGet, and R[a + value slots] := whether the key was present
    MapGetOk = "RRT" [MAP, PANICS, RUNTIME],
    /// R[a][key R[a+1..]] := R[b..]; map type c; panics on a nil map
    MapSet = "RRT" [MAP, PANICS, RUNTIME],
    /// delete(R[a], key R[b..]); map type c
    MapDelete = "RRT" [MAP, PANICS, RUNTIME],
    /// R[a] := len(R[b]) (map)
    MapLen = "RR_" [MAP, RUNTIME],
    /// clear(R[a]) (map)
    MapClear = "R__" [MAP, RUNTIME],
    /// R[a] := new iterator over map R[b] of type c, starting at a random position
    MapIter = "RRT" [MAP, RUNTIME],
    /// advance iterator R[b]: R[a] := whether there was an entry, key at R[a+1..], value
    /// after the key; map type c
    MapNext = "RRT" [MAP, RUNTIME],

    // ---- interfaces ----
    /// R[a..+2] := interface holding the value R[b..] of type c
    MakeIface = "RRT" [RUNTIME],
    /// R[a..] := R[b..+2].(c) for a concrete type c; panics if the dynamic type differs
    AssertType = "RRT" [IFACE, PANICS, RUNTIME],
    /// as AssertType, but R[a + slots] := ok, and zero values instead of a panic
    AssertTypeOk = "RRT" [IFACE, RUNTIME],
    /// R[a..+2] := R[b..+2].(c) for an interface type c; panics if a method is missing
    AssertIface = "RRT" [PANICS, RUNTIME],
    /// as AssertIface, but R[a+2] := ok, and nil instead of a panic
    AssertIfaceOk = "RRT" [RUNTIME],
    /// R[a] := the dynamic type of R[b..+2] is type c (Nil kind: the interface is nil)
    TypeIs = "RRT" [RUNTIME],
    /// R[a] := the dynamic type of R[b..+2] implements interface type c
    Implements = "RRT" [RUNTIME],

    // ---- calls ----
    /// call function bc with its frame starting at R[a]; results come back in R[a..]
    Call = "RF_" [],
    /// call the closure R[b] with its frame at R[a]; panics if nil
    CallClosure = "RR_" [CLOSURE, PANICS],
    /// call method c of the interface R[b..+2] with its frame at R[a]: R[a] receives the
    /// data word, the arguments follow; panics if nil
    CallIface = "RRM" [IFACE, PANICS],
    /// run the deferred calls of this frame (before a return reads named results); a nil
    /// deferred function panics here, when it is called, as Go's does
    RunDefers = "___" [CLOSURE, PANICS],
    /// return R[a..+b]: copied to R[0..b] after any deferred calls have run
    Ret = "RN_" [STOPS],
    /// defer a call of the closure R[b] (which may be nil) with the c argument slots R[a..+c]
    Defer = "RRN" [RUNTIME],
    /// panic with the interface value R[a..+2]
    Panic = "R__" [PANICS, STOPS],
    /// R[a..+2] := recover()
    Recover = "R__" [],

    // ---- goroutines and channels ----
    /// start a goroutine calling the closure R[b] with the c argument slots R[a..+c]; a nil
    /// closure is a fatal error, as in Go
    Go = "RRN" [CLOSURE, RUNTIME],
    /// R[a] := make(chan T, R[b]) for an element type T = c
    MakeChan = "RRT" [PANICS, RUNTIME],
    /// send R[b..+c] on the channel R[a]; blocks until received or buffered
    Send = "RRN" [CHAN, PANICS, RUNTIME, PARKS],
    /// R[a..+c] := <-R[b], and when x says so R[a+c] := ok
    Recv = "RRN" x: Flag("ok") [CHAN, RUNTIME, PARKS],
    /// close(R[a])
    Close = "R__" [CHAN, PANICS, RUNTIME],
    /// R[a] := len(R[b]) of a channel, or its cap when x says so
    ChanLen = "RR_" x: Flag("cap") [CHAN, RUNTIME],
    /// select among c cases: R[a] := the chosen case (c: the default, allowed when x says so),
    /// R[a+1] := a receive's ok; case k is described at R[a+2+2k..+2]: the channel, and
    /// a send flag | value slots << 1; the values sent or received follow the
    /// descriptors, in case order
    Select = "R_N" x: Flag("default") [CHAN, PANICS, RUNTIME, PARKS],

    // ---- control ----
    /// pc += bc
    Jmp = "_J_" [STOPS],
    /// if R[a] != 0 { pc += bc }
    JmpIf = "RJ_" [],
    /// if R[a] == 0 { pc += bc }
    JmpIfNot = "RJ_" [],
    /// unless R[a] < R[b] (signed) { pc += c } (compare and branch, for loop and if
    /// conditions)
    BrNotLtI = "RRj" [],
    /// unless R[a] <= R[b] (signed) { pc += c }
    BrNotLeI = "RRj" [],
    /// unless R[a] == R[b] { pc += c }
    BrNotEqI = "RRj" [],
    /// unless R[a] != R[b] { pc += c }
    BrNotNeI = "RRj" [],

    // ---- builtins ----
    /// print the value R[a..] of type c to stderr as the print builtin does
    Print = "R_T" [DATA, RUNTIME],
    /// print a string constant bc to stderr (spaces and newlines of print/println)
    PrintStr = "_S_" [RUNTIME],
}

/// The `x` of an op that steps through the elements of a slice (`IndexAddr`, `Copy`,
/// `ClearSlice`) for elements of the byte kinds, which are packed one per byte.
pub const BYTE_ELEMS: u8 = u8::MAX;

/// The width in bytes of an element whose stride operand is `x`: its size in slots (0 for
/// values of zero size), or [`BYTE_ELEMS`].
#[inline(always)]
pub fn elem_width(x: u8) -> u64 {
    if x == BYTE_ELEMS { 1 } else { 8 * x as u64 }
}

/// The bits of the `x` of `SliceSlice` and `StrSlice`.
pub mod slice_x {
    /// The low bound is given (else 0).
    pub const LO: u8 = 1;
    /// The high bound is given (else the length).
    pub const HI: u8 = 2;
    /// The max bound is given (else the capacity).
    pub const MAX: u8 = 4;
    /// The low bound is of an unsigned type, so Go prints it unsigned in a bounds error.
    pub const LO_UNSIGNED: u8 = 8;
    pub const HI_UNSIGNED: u8 = 16;
    pub const MAX_UNSIGNED: u8 = 32;
    /// The operand is an array (through a pointer or not), whose capacity Go calls its length
    /// in bounds errors, as it does a string's.
    pub const ARRAY: u8 = 64;

    /// Each bit with its name in listings.
    pub const NAMES: &[(u8, &str)] = &[
        (LO, "lo"),
        (HI, "hi"),
        (MAX, "max"),
        (LO_UNSIGNED, "lo_unsigned"),
        (HI_UNSIGNED, "hi_unsigned"),
        (MAX_UNSIGNED, "max_unsigned"),
        (ARRAY, "array"),
    ];
}

/// One instruction word.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Insn {
    pub op: Op,
    pub x: u8,
    pub a: u16,
    pub b: u16,
    pub c: u16,
}

impl Insn {
    pub fn new(op: Op, a: u16, b: u16, c: u16) -> Insn {
        Insn { op, x: 0, a, b, c }
    }

    /// An instruction whose `b` and `c` carry one 32-bit operand (K, F, J, W formats).
    pub fn wide(op: Op, a: u16, bc: u32) -> Insn {
        Insn {
            op,
            x: 0,
            a,
            b: bc as u16,
            c: (bc >> 16) as u16,
        }
    }

    pub fn with_x(mut self, x: u8) -> Insn {
        self.x = x;
        self
    }

    /// The 32-bit operand of a wide instruction.
    pub fn bc(self) -> u32 {
        self.b as u32 | (self.c as u32) << 16
    }

    /// The signed 32-bit operand of a jump or immediate.
    pub fn sbc(self) -> i32 {
        self.bc() as i32
    }

    /// Where the op jumps, as an offset from the next instruction, if it jumps.
    pub fn jump(self) -> Option<i64> {
        match self.op.operands() {
            [_, _, Operand::Jump16] => Some(self.c as i16 as i64),
            [_, Operand::Jump, _] => Some(self.sbc() as i64),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_op_has_three_operands_and_a_doc() {
        use Operand::*;
        let is_wide = |o| matches!(o, Const | Str | Global | Func | Jump | Wide);
        for &op in Op::ALL {
            assert_eq!(op.format().len(), 3, "{}", op.name());
            let [a, b, c] = op.operands();
            assert!(!is_wide(a) && !is_wide(c), "{}: a wide operand is in b", op.name());
            if is_wide(b) {
                assert_eq!(c, Operand::Unused, "{}: a wide operand takes c too", op.name());
            }
            assert!(!op.doc().is_empty(), "{}", op.name());
        }
        assert_eq!(std::mem::size_of::<Insn>(), 8);
    }

    #[test]
    fn an_op_that_stops_is_not_a_conditional_branch() {
        for &op in Op::ALL {
            if op.facts().contains(Facts::STOPS) {
                let jumps = op
                    .operands()
                    .iter()
                    .filter(|o| matches!(o, Operand::Jump | Operand::Jump16))
                    .count();
                assert!(op == Op::Jmp || jumps == 0, "{}", op.name());
            }
        }
    }

    #[test]
    fn x_is_described_by_its_use() {
        assert_eq!(
            Op::IndexAddr.x_use().describe(BYTE_ELEMS).as_deref(),
            Some("stride=byte")
        );
        assert_eq!(Op::IndexAddr.x_use().describe(3).as_deref(), Some("stride=24"));
        assert_eq!(Op::Recv.x_use().describe(1).as_deref(), Some("ok"));
        assert_eq!(Op::Recv.x_use().describe(0), None);
        let lo_array = slice_x::LO | slice_x::ARRAY;
        assert_eq!(Op::SliceSlice.x_use().describe(lo_array).as_deref(), Some("lo|array"));
        assert!(Op::AddI.x_use().allows(0) && !Op::AddI.x_use().allows(64));
        assert!(Op::SExt.x_use().allows(32) && !Op::SExt.x_use().allows(64));
        assert!(!Op::Recv.x_use().allows(2));
    }

    #[test]
    fn a_failed_bounds_or_nil_pointer_check_is_a_panic() {
        for &op in Op::ALL {
            let f = op.facts();
            if f.intersects(Facts::BOUNDS.with(Facts::PTR)) {
                assert!(f.contains(Facts::PANICS), "{}: {f:?}", op.name());
            }
        }
    }

    #[test]
    fn ops_that_park_are_the_runtimes_channel_ops() {
        // Machine code leaves parking to `Machine::exec`, which leaves the frame
        // waiting at the instruction as the interpreter does.
        for &op in Op::ALL {
            let f = op.facts();
            if f.contains(Facts::PARKS) {
                assert!(f.contains(Facts::RUNTIME.with(Facts::CHAN)), "{}: {f:?}", op.name());
            }
        }
        assert!(Op::Recv.facts().contains(Facts::PARKS) && !Op::AddI.facts().contains(Facts::PARKS));
    }

    #[test]
    fn wide_operands_round_trip() {
        let i = Insn::wide(Op::Jmp, 0, (-5i32) as u32);
        assert_eq!(i.sbc(), -5);
        let i = Insn::wide(Op::LoadK, 3, 0x0012_3456);
        assert_eq!(i.bc(), 0x0012_3456);
    }
}

//! Go's `fmt` formatting engine over Go values in memory: `Sprint`, `Sprintln`, `Sprintf`
//! and the message of `Errorf`.
//!
//! The structure follows Go's own `fmt/print.go`, so its behaviour can be checked against
//! it piece by piece: [`printer`] parses the format and walks values by their runtime type
//! (`printArg`, `handleMethods`, `printValue`, `badVerb`), [`format`] pads and formats
//! single numbers and strings (`fmt/format.go`), [`quote`] is strconv's quoting, [`sort`]
//! orders map keys like `internal/fmtsort`, and [`value`] reads value memory.
//!
//! The engine needs the running program for three things only, asked through [`FmtHost`]:
//! a map's entries, calling `Error`/`String`/`GoString`/`Format` methods, and telling
//! whether a failed call was a Go panic it may report in the output (`%!v(PANIC=String
//! method: boom)`) instead of propagating.
//!
//! Operands are interface values ([`Arg`]); every value they reach must stay alive (rooted
//! by the caller) while formatting runs, including across the method calls it makes.

mod format;
mod printer;
mod quote;
mod sort;
mod value;

#[cfg(test)]
mod tests;

pub use quote::{can_backquote, is_print, quote, quote_rune, quote_rune_to_ascii, quote_to_ascii};

use crate::bytecode::{Program, TypeIdx};
use printer::Printer;

/// An operand: an interface value (type word: type index + 1, or 0 for nil; data word).
pub type Arg = [u64; 2];

/// The `fmt.State` a `Format` method sees: the verb's width, precision and flags.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormatState {
    pub width: Option<i64>,
    pub precision: Option<i64>,
    /// The flags set, each at most once, from `+-# 0`.
    pub flags: String,
}

/// What formatting needs from the running program.
pub trait FmtHost {
    /// A failed method call: a Go panic or anything else that stops the program.
    type Error;

    /// The entries of the nonzero map object `m`: for each, the address of its key's slots
    /// and of its value's slots. Any order. They are a copy, as Go's fmt prints a copy of
    /// the entries: the methods it calls may change the map, or other goroutines may. The
    /// copy stays readable, and keeps what it points to alive, until the formatting call
    /// that asked for it returns.
    fn map_entries(&mut self, m: u64) -> Result<Vec<(u64, u64)>, Self::Error>;

    /// Calls method `name` — `Error`, `String` or `GoString`, with no arguments and one
    /// string result — of dynamic type `ty` on interface data word `data`. `Ok(None)` when
    /// the type has no method of that name and signature.
    fn call_string_method(&mut self, ty: TypeIdx, data: u64, name: &str) -> Result<Option<Vec<u8>>, Self::Error>;

    /// Calls `Format(f fmt.State, verb rune)` on the interface value `arg` with a State
    /// reporting `state`, and returns what it wrote; `Ok(None)` when the dynamic type has
    /// no such method. (`fmt.runFormat` in `std/fmt.go` does the Go side of this.)
    fn call_format(&mut self, arg: Arg, verb: char, state: &FormatState) -> Result<Option<Vec<u8>>, Self::Error>;

    /// If `err` is a Go panic that has been recovered (the program can go on), its value.
    /// fmt then prints it in place of the method's result, as Go does; `None` propagates
    /// `err`.
    fn panic_value(&self, err: &Self::Error) -> Option<Arg>;
}

/// `fmt.Sprint`: operands formatted with `%v`, with a space between two operands when
/// neither is a string.
pub fn sprint<H: FmtHost>(host: &mut H, prog: &Program, args: &[Arg]) -> Result<Vec<u8>, H::Error> {
    let mut p = Printer::new(host, prog);
    p.do_print(args)?;
    Ok(p.finish())
}

/// `fmt.Sprintln`: operands formatted with `%v`, separated by spaces, then a newline.
pub fn sprintln<H: FmtHost>(host: &mut H, prog: &Program, args: &[Arg]) -> Result<Vec<u8>, H::Error> {
    let mut p = Printer::new(host, prog);
    p.do_println(args)?;
    Ok(p.finish())
}

/// `fmt.Sprintf`.
pub fn sprintf<H: FmtHost>(host: &mut H, prog: &Program, format: &[u8], args: &[Arg]) -> Result<Vec<u8>, H::Error> {
    let mut p = Printer::new(host, prog);
    p.do_printf(format, args)?;
    Ok(p.finish())
}

/// The message of `fmt.Errorf`, where `%w` formats an error like `%v`, and the indexes of
/// the operands of its `%w` verbs (ascending, without repeats), which the error wraps.
pub fn errorf<H: FmtHost>(
    host: &mut H,
    prog: &Program,
    format: &[u8],
    args: &[Arg],
) -> Result<(Vec<u8>, Vec<usize>), H::Error> {
    let mut p = Printer::new(host, prog);
    p.wrap_errs = true;
    p.do_printf(format, args)?;
    let mut wrapped = std::mem::take(&mut p.wrapped);
    wrapped.sort_unstable();
    wrapped.dedup();
    Ok((p.finish(), wrapped))
}

//! Go's `fmt` formatting engine over Go values in memory: `Sprint`, `Sprintln`, `Sprintf`
//! and the message of `Errorf`.
//!
//! The structure follows Go's own `fmt/print.go`, so its behaviour can be checked against
//! it piece by piece: [`printer`] parses the format and walks values by their runtime type
//! (`printArg`, `handleMethods`, `printValue`, `badVerb`), [`format`] pads and formats
//! single numbers and strings (`fmt/format.go`), [`quote`] is strconv's quoting, [`sort`]
//! orders map keys like `internal/fmtsort`, and [`value`] reads value memory.
//!
//! The engine needs the running program for two things only, asked through [`FmtHost`]:
//! a map's entries, and the outcome of `Error`/`String`/`GoString`/`Format` methods (a
//! result, or a panic it reports in the output: `%!v(PANIC=String method: boom)`).
//!
//! Operands are interface values ([`Arg`]); every value they reach must stay alive (rooted
//! by the caller) while formatting runs.

mod format;
mod printer;
mod quote;
mod sort;
mod value;

#[cfg(test)]
mod tests;

pub use quote::{quote, quote_rune, quote_rune_to_ascii, quote_to_ascii};

use crate::bytecode::Program;
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

/// A method formatting calls on an operand, with what `Format` is given.
#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    Error,
    String,
    GoString,
    Format { verb: char, state: FormatState },
}

impl Method {
    /// The method's Go name, as `%!v(PANIC=String method: ...)` prints it.
    pub fn name(&self) -> &'static str {
        match self {
            Method::Error => "Error",
            Method::String => "String",
            Method::GoString => "GoString",
            Method::Format { .. } => "Format",
        }
    }
}

/// How a method call ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Called {
    /// It returned this string (`Format`: it wrote this).
    Returned(Vec<u8>),
    /// It panicked with this value, which the program may go on from: fmt prints it in
    /// place of the result, as Go does.
    Panicked(Arg),
}

/// What formatting needs from the running program.
pub trait FmtHost {
    /// What stops formatting: a panic propagating out of it, or anything that ends the
    /// program.
    type Error;

    /// The entries of the nonzero map object `m`: for each, the address of its key's slots
    /// and of its value's slots. Any order. They are a copy, as Go's fmt prints a copy of
    /// the entries (other goroutines may change the map meanwhile), which stays readable
    /// until the formatting call that asked for it returns.
    fn map_entries(&mut self, m: u64) -> Result<Vec<(u64, u64)>, Self::Error>;

    /// Calls `method` on the operand `arg`, whose dynamic type has a method of that name.
    /// `Ok(None)` when the value does not implement the method's interface after all
    /// (`String() int` is not a `fmt.Stringer`).
    fn call(&mut self, arg: Arg, method: Method) -> Result<Option<Called>, Self::Error>;

    /// The error that carries a panic out of formatting: a method panicked while the
    /// value of an earlier method's panic was being printed, which Go's fmt re-panics.
    fn repanic(&mut self, value: Arg) -> Self::Error;
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

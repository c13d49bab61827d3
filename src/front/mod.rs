//! The front end: source text to a checked program.
//!
//! `lex` turns text into tokens (with Go's semicolon insertion), `parse` builds the `ast` in
//! a bumpalo arena, `check` resolves names and computes types and constant values into side
//! tables. Nothing here knows about bytecode.

pub mod ast;
pub mod check;
pub mod constant;
pub mod diag;
pub mod lex;
pub mod parse;
pub mod source;
pub mod token;
pub mod types;

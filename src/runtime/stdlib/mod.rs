//! The standard library's Go side: each package is embedded Go source. Functions declared
//! without a body are implemented in Rust (see the natives) under their qualified name.

/// The Go source of a standard package, by import path.
pub fn source(path: &str) -> Option<&'static str> {
    Some(match path {
        "runtime" => include_str!("../std/runtime.go"),
        _ => return None,
    })
}

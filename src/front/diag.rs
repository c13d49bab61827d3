//! Diagnostics: `file.go:LINE:COL: message`, as Go prints them.

use super::source::{Pos, SourceMap};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub pos: Pos,
    pub msg: String,
}

/// Collected diagnostics. Go stops after 10 errors; so do we.
#[derive(Default, Debug)]
pub struct Diagnostics {
    pub list: Vec<Diagnostic>,
}

pub const MAX_ERRORS: usize = 10;

impl Diagnostics {
    pub fn error(&mut self, pos: Pos, msg: impl Into<String>) {
        self.list.push(Diagnostic { pos, msg: msg.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The diagnostics sorted by position, one per line, at most [`MAX_ERRORS`] of them
    /// followed by Go's "too many errors" line when more were found.
    pub fn render(&self, map: &SourceMap) -> String {
        let mut list = self.list.clone();
        list.sort_by_key(|d| d.pos);
        list.dedup_by(|a, b| a.pos == b.pos && a.msg == b.msg);
        let mut out = String::new();
        for d in list.iter().take(MAX_ERRORS) {
            out.push_str(&format!("{}: {}\n", map.location(d.pos), d.msg));
        }
        if list.len() > MAX_ERRORS {
            out.push_str("too many errors\n");
        }
        out
    }
}

//! Source files and positions.
//!
//! A [`Pos`] is one `u32`: a byte offset into the concatenation of every file loaded into a
//! [`SourceMap`] (as go/token's `FileSet` does). AST nodes stay small, and a position turns
//! into `file.go:LINE:COL` only when a diagnostic or a stack trace needs it.

/// A position: an offset into a [`SourceMap`]. `Pos::NONE` means "no position".
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos(pub u32);

impl Pos {
    pub const NONE: Pos = Pos(u32::MAX);
}

/// One loaded file: its display name, text and the start offset of each line.
pub struct SourceFile {
    pub name: String,
    /// The library's files are embedded in the binary: borrowed, not copied.
    pub text: std::borrow::Cow<'static, str>,
    /// Offset of this file's first byte in the map.
    pub base: u32,
    /// Computed when a position in the file is first resolved: most library files
    /// never need it.
    line_starts: std::cell::OnceCell<Vec<u32>>,
}

impl SourceFile {
    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let newlines = self.text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
            std::iter::once(0).chain(newlines.map(|(i, _)| i as u32 + 1)).collect()
        })
    }
}

/// Every file of a program, addressed by [`Pos`].
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

/// A resolved position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location<'m> {
    pub file: &'m str,
    pub line: u32,
    /// 1-based column counted in bytes, as Go's compiler counts it.
    pub col: u32,
}

impl std::fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its index. Each file is followed by one byte of gap so that
    /// the end-of-file position of one file is never the first position of the next.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<std::borrow::Cow<'static, str>>) -> usize {
        let text = text.into();
        let base = self.files.last().map_or(0, |f| f.base + f.text.len() as u32 + 1);
        self.files.push(SourceFile {
            name: name.into(),
            text,
            base,
            line_starts: std::cell::OnceCell::new(),
        });
        self.files.len() - 1
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    pub fn file(&self, idx: usize) -> &SourceFile {
        &self.files[idx]
    }

    /// The file holding `pos`, if any.
    pub fn file_of(&self, pos: Pos) -> Option<&SourceFile> {
        if pos == Pos::NONE {
            return None;
        }
        let i = self.files.partition_point(|f| f.base <= pos.0);
        i.checked_sub(1).map(|i| &self.files[i])
    }

    pub fn location(&self, pos: Pos) -> Location<'_> {
        match self.file_of(pos) {
            None => Location {
                file: "?",
                line: 0,
                col: 0,
            },
            Some(f) => {
                let off = pos.0 - f.base;
                let starts = f.line_starts();
                let line = starts.partition_point(|&s| s <= off);
                let col = off - starts[line - 1] + 1;
                Location {
                    file: &f.name,
                    line: line as u32,
                    col,
                }
            }
        }
    }

    pub fn line(&self, pos: Pos) -> u32 {
        self.location(pos).line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_resolve_to_line_and_column() {
        let mut m = SourceMap::new();
        m.add("a.go", "package a\nvar x\n");
        m.add("b.go", "package a\n\nfunc f()\n");
        let b = m.file(1).base;
        assert_eq!(m.location(Pos(0)).to_string(), "a.go:1:1");
        assert_eq!(m.location(Pos(14)).to_string(), "a.go:2:5");
        assert_eq!(m.location(Pos(b + 11)).to_string(), "b.go:3:1");
    }
}

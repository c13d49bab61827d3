//! UTF-8 decoding with Go's rules: invalid bytes decode as U+FFFD of width 1.

/// The rune at the start of `s` and its width in bytes (U+FFFD, 1 for invalid UTF-8; 0 for
/// an empty input).
pub fn decode_rune(s: &[u8]) -> (char, usize) {
    let Some(&b0) = s.first() else {
        return ('\u{FFFD}', 0);
    };
    if b0 < 0x80 {
        return (b0 as char, 1);
    }
    let n = match b0 {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return ('\u{FFFD}', 1),
    };
    match s.get(..n).and_then(|b| std::str::from_utf8(b).ok()) {
        Some(t) => (t.chars().next().unwrap_or('\u{FFFD}'), n),
        None => ('\u{FFFD}', 1),
    }
}

/// The runes of `s` as ranging over it yields them.
pub fn runes(s: &[u8]) -> Vec<char> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let (c, w) = decode_rune(&s[i..]);
        out.push(c);
        i += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_are_replacement_runes_of_width_one() {
        assert_eq!(decode_rune("é".as_bytes()), ('é', 2));
        assert_eq!(decode_rune(b"\xffa"), ('\u{FFFD}', 1));
        assert_eq!(decode_rune(b"\xe2\x82"), ('\u{FFFD}', 1));
        assert_eq!(runes(b"a\xffb"), vec!['a', '\u{FFFD}', 'b']);
    }
}

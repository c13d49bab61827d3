//! Text algorithms shared by the Rust functions of `strings` and `bytes`, over the bytes
//! of a Go string or byte slice (the two have the same packed layout). They follow Go's
//! rules for invalid UTF-8: an invalid byte decodes as U+FFFD of width 1. Functions whose
//! Go counterparts return parts of their argument return byte ranges, so that each
//! package can build its own results (substrings, or sub-slices aliasing the argument).

use std::ops::Range;

use super::unicode;

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

/// The index of the first `t` in `s` (0 for an empty `t`).
pub fn index(s: &[u8], t: &[u8]) -> Option<usize> {
    if t.is_empty() {
        return Some(0);
    }
    s.windows(t.len()).position(|w| w == t)
}

/// The index of the last `t` in `s` (`s.len()` for an empty `t`).
pub fn last_index(s: &[u8], t: &[u8]) -> Option<usize> {
    if t.is_empty() {
        return Some(s.len());
    }
    s.windows(t.len()).rposition(|w| w == t)
}

/// The number of non-overlapping `t` in `s`; one more than the rune count for an empty `t`.
pub fn count(s: &[u8], t: &[u8]) -> usize {
    if t.is_empty() {
        return runes(s).len() + 1;
    }
    let (mut n, mut i) = (0, 0);
    while let Some(k) = index(&s[i..], t) {
        n += 1;
        i += k + t.len();
    }
    n
}

/// Go's `Map` with a total mapping: every rune replaced by `f` of it (invalid bytes by
/// `f(U+FFFD)`), the result re-encoded.
pub fn map_runes(s: &[u8], f: fn(char) -> char) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let (c, w) = decode_rune(&s[i..]);
        let mut buf = [0; 4];
        out.extend_from_slice(f(c).encode_utf8(&mut buf).as_bytes());
        i += w;
    }
    out
}

/// Go's `EqualFold`: equal under simple Unicode case folding.
pub fn equal_fold(s: &[u8], t: &[u8]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < s.len() && j < t.len() {
        let ((a, wa), (b, wb)) = (decode_rune(&s[i..]), decode_rune(&t[j..]));
        (i, j) = (i + wa, j + wb);
        // Walk a's fold orbit upwards from the smaller rune until reaching b or passing it.
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        let mut r = lo;
        while r < hi {
            r = unicode::simple_fold(r);
            if r <= lo {
                break;
            }
        }
        if r != hi {
            return false;
        }
    }
    i == s.len() && j == t.len()
}

/// The part of `s` left after removing leading (if `left`) and trailing (if `right`) runes
/// satisfying `pred`.
pub fn trim(s: &[u8], pred: impl Fn(char) -> bool, left: bool, right: bool) -> Range<usize> {
    let (mut start, mut end, mut i) = (0, 0, 0);
    let mut leading = left;
    while i < s.len() {
        let (c, w) = decode_rune(&s[i..]);
        if leading && pred(c) {
            start = i + w;
        } else {
            leading = false;
            if !right || !pred(c) {
                end = i + w;
            }
        }
        i += w;
    }
    start..end.max(start)
}

/// [`trim`] of the runes in `cutset`.
pub fn trim_set(s: &[u8], cutset: &[u8], left: bool, right: bool) -> Range<usize> {
    let set = runes(cutset);
    trim(s, |c| set.contains(&c), left, right)
}

/// Go's `Fields`: the runs of non-space runes.
pub fn fields(s: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut i) = (None, 0);
    while i < s.len() {
        let (c, w) = decode_rune(&s[i..]);
        match (unicode::is_space(c), start) {
            (true, Some(st)) => {
                out.push(st..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        i += w;
    }
    if let Some(st) = start {
        out.push(st..s.len());
    }
    out
}

/// Go's `genSplit`: at most `n` parts (all if `n < 0`) of `s` around `sep`, each keeping
/// `sep_save` bytes of the separator that ends it. An empty `sep` splits after each
/// UTF-8 sequence.
pub fn split(s: &[u8], sep: &[u8], sep_save: usize, n: i64) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let mut i = 0;
    while out.len() + 1 < limit && i < s.len() {
        // The part ends at `end`; the next starts at `next`.
        let (end, next) = if sep.is_empty() {
            let w = decode_rune(&s[i..]).1;
            (i + w, i + w)
        } else {
            let Some(k) = index(&s[i..], sep) else { break };
            (i + k + sep_save, i + k + sep.len())
        };
        out.push(i..end);
        i = next;
    }
    // The rest is the last part, except that exploding an empty rest yields nothing.
    if !sep.is_empty() || i < s.len() {
        out.push(i..s.len());
    }
    out
}

/// Go's `Replace`: the first `n` (all if `n < 0`) non-overlapping `old` in `s` replaced by
/// `new`. An empty `old` matches before each rune and at the end.
pub fn replace(s: &[u8], old: &[u8], new: &[u8], n: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let (mut done, mut i) = (0, 0);
    while n < 0 || done < n {
        let mut at = i;
        if old.is_empty() {
            // Each empty match but the first is one rune further on.
            if done > 0 {
                if i == s.len() {
                    break;
                }
                at += decode_rune(&s[i..]).1;
            }
        } else {
            match index(&s[i..], old) {
                Some(k) => at += k,
                None => break,
            }
        }
        out.extend_from_slice(&s[i..at]);
        out.extend_from_slice(new);
        i = at + old.len();
        done += 1;
    }
    out.extend_from_slice(&s[i..]);
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

    #[test]
    fn split_follows_go() {
        let parts = |s: &[u8], sep: &[u8], save, n| -> Vec<Vec<u8>> {
            split(s, sep, save, n).into_iter().map(|r| s[r].to_vec()).collect()
        };
        assert_eq!(
            parts(b"a,b,c", b",", 0, -1),
            [b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]
        );
        assert_eq!(parts(b"a,b,c", b",", 1, 2), [b"a,".to_vec(), b"b,c".to_vec()]);
        assert_eq!(parts(b"", b",", 0, -1), [b"".to_vec()]);
        assert_eq!(
            parts(b"a\xffb", b"", 0, -1),
            [b"a".to_vec(), b"\xff".to_vec(), b"b".to_vec()]
        );
        assert_eq!(parts(b"abc", b"", 0, 2), [b"a".to_vec(), b"bc".to_vec()]);
        assert!(parts(b"", b"", 0, -1).is_empty());
        assert!(parts(b"abc", b",", 0, 0).is_empty());
    }

    #[test]
    fn replace_follows_go() {
        assert_eq!(replace(b"aaa", b"a", b"b", 2), b"bba");
        assert_eq!(replace(b"ab", b"", b"-", -1), b"-a-b-");
        assert_eq!(replace(b"ab", b"", b"-", 2), b"-a-b");
        assert_eq!(replace(b"", b"", b"-", -1), b"-");
    }

    #[test]
    fn trim_and_fold() {
        assert_eq!(trim_set(b"xxaxbxx", b"x", true, true), 2..5);
        assert_eq!(trim_set(b"xxx", b"x", false, true), 0..0);
        assert_eq!(trim_set(b"xxx", b"x", true, false), 3..3);
        assert_eq!(fields(b" a  bc "), [1..2, 4..6]);
        assert!(!equal_fold("Straße K".as_bytes(), "STRASSE k".as_bytes()));
        assert!(equal_fold("Σ k".as_bytes(), "ς \u{212A}".as_bytes()));
    }
}

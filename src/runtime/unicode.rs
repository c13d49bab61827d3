//! Character classes for the `unicode` package.
//!
//! Rust's standard library knows the Unicode properties (`Alphabetic`, `Uppercase`,
//! `White_Space`, ...) but not the general categories Go's predicates are defined by, so
//! each predicate here is the property that agrees with Go's category on the runes
//! programs meet, with small tables where they differ (punctuation, titlecase, scripts).

/// `unicode.IsLetter` (category L).
pub fn is_letter(r: char) -> bool {
    if r.is_ascii() {
        return r.is_ascii_alphabetic();
    }
    // Alphabetic also covers letter numbers (Nl) and some combining marks.
    r.is_alphabetic() && !r.is_numeric() && !is_in(MARKS, r)
}

/// `unicode.IsDigit` (category Nd).
pub fn is_digit(r: char) -> bool {
    if r.is_ascii() {
        return r.is_ascii_digit();
    }
    // Every Nd block is ten consecutive runes starting at a rune whose value is a
    // multiple of 16 plus 0 or 6 (U+0660, U+06F0, U+0966, ...); other numerics (Nl, No:
    // superscripts, fractions, roman numerals) fall outside these runs.
    r.is_numeric() && is_in(DECIMAL_DIGITS, r)
}

/// `unicode.IsSpace`: Go's White_Space property, as Rust's.
pub fn is_space(r: char) -> bool {
    r.is_whitespace()
}

/// `unicode.IsUpper` (category Lu).
pub fn is_upper(r: char) -> bool {
    r.is_uppercase() && !is_title(r)
}

/// `unicode.IsLower` (category Ll).
pub fn is_lower(r: char) -> bool {
    r.is_lowercase() && is_letter(r)
}

/// `unicode.IsTitle` (category Lt).
pub fn is_title(r: char) -> bool {
    is_in(TITLECASE, r)
}

/// `unicode.IsControl` (category Cc).
pub fn is_control(r: char) -> bool {
    r.is_control()
}

/// `unicode.IsPunct` (category P). In ASCII, `$+<=>^`|~` are symbols (S), not
/// punctuation.
pub fn is_punct(r: char) -> bool {
    if r.is_ascii() {
        return r.is_ascii_punctuation() && !"$+<=>^`|~".contains(r);
    }
    is_in(PUNCTUATION, r)
}

/// `unicode.IsPrint` restricted to what `strconv` and `unicode` callers need: graphic
/// runes and the ASCII space.
pub fn is_print(r: char) -> bool {
    r == ' ' || (!r.is_control() && !r.is_whitespace() && !is_in(UNPRINTABLE, r))
}

/// `unicode.ToUpper`: the single-rune uppercase mapping (runes whose uppercase is several
/// runes, such as `ß`, map to themselves, as in Go).
pub fn to_upper(r: char) -> char {
    single(r.to_uppercase()).unwrap_or(r)
}

/// `unicode.ToLower`. The one rune whose full lowercase mapping is longer than its simple
/// one is `İ`, which Go maps to `i`.
pub fn to_lower(r: char) -> char {
    if r == '\u{130}' {
        return 'i';
    }
    single(r.to_lowercase()).unwrap_or(r)
}

/// `unicode.ToTitle`: the uppercase mapping except for the digraphs (`ǆ`, `ǉ`, `ǌ`, `ǳ`)
/// that have a distinct titlecase form.
pub fn to_title(r: char) -> char {
    match r {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        _ => to_upper(r),
    }
}

fn single(mut it: impl Iterator<Item = char>) -> Option<char> {
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// `unicode.SimpleFold`: the next rune, cyclically upwards, among the runes equivalent to
/// `r` under simple case folding.
pub fn simple_fold(r: char) -> char {
    let mut orbit: Vec<char> = match FOLD_ORBITS.iter().find(|o| o.contains(&r)) {
        Some(o) => o.to_vec(),
        None => vec![r, to_upper(r), to_lower(r)],
    };
    orbit.sort_unstable();
    orbit.dedup();
    orbit.iter().copied().find(|&c| c > r).unwrap_or(orbit[0])
}

/// Scripts and categories that programs name as `unicode.X` range tables, by the index
/// the Go declarations give them.
pub fn in_table(table: i64, r: char) -> bool {
    let ranges: &[(u32, u32)] = match table {
        0 => LATIN,
        1 => GREEK,
        2 => CYRILLIC,
        3 => HAN,
        4 => return is_letter(r),
        5 => return is_digit(r),
        6 => return is_space(r),
        7 => return is_upper(r),
        8 => return is_lower(r),
        9 => return is_punct(r),
        _ => return false,
    };
    is_in(ranges, r)
}

fn is_in(ranges: &[(u32, u32)], r: char) -> bool {
    let r = r as u32;
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < r {
                std::cmp::Ordering::Less
            } else if lo > r {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Runs of decimal digits (Nd) outside ASCII, for the scripts in common use.
const DECIMAL_DIGITS: &[(u32, u32)] = &[
    (0x0660, 0x0669),
    (0x06F0, 0x06F9),
    (0x07C0, 0x07C9),
    (0x0966, 0x096F),
    (0x09E6, 0x09EF),
    (0x0A66, 0x0A6F),
    (0x0AE6, 0x0AEF),
    (0x0B66, 0x0B6F),
    (0x0BE6, 0x0BEF),
    (0x0C66, 0x0C6F),
    (0x0CE6, 0x0CEF),
    (0x0D66, 0x0D6F),
    (0x0E50, 0x0E59),
    (0x0ED0, 0x0ED9),
    (0x0F20, 0x0F29),
    (0x1040, 0x1049),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0xFF10, 0xFF19),
    (0x1D7CE, 0x1D7FF),
];

/// Combining marks that Rust counts as Alphabetic but Go does not count as letters.
const MARKS: &[(u32, u32)] = &[(0x0345, 0x0345), (0x05B0, 0x05C7), (0x0610, 0x061A), (0x064B, 0x0657)];

/// Titlecase letters (Lt).
const TITLECASE: &[(u32, u32)] = &[
    (0x01C5, 0x01C5),
    (0x01C8, 0x01C8),
    (0x01CB, 0x01CB),
    (0x01F2, 0x01F2),
    (0x1F88, 0x1F8F),
    (0x1F98, 0x1F9F),
    (0x1FA8, 0x1FAF),
    (0x1FBC, 0x1FBC),
    (0x1FCC, 0x1FCC),
    (0x1FFC, 0x1FFC),
];

/// Punctuation (P) outside ASCII: Latin-1, general punctuation and CJK.
const PUNCTUATION: &[(u32, u32)] = &[
    (0x00A1, 0x00A1),
    (0x00A7, 0x00A7),
    (0x00AB, 0x00AB),
    (0x00B6, 0x00B7),
    (0x00BB, 0x00BB),
    (0x00BF, 0x00BF),
    (0x037E, 0x037E),
    (0x0387, 0x0387),
    (0x055A, 0x055F),
    (0x0589, 0x058A),
    (0x060C, 0x060D),
    (0x061B, 0x061F),
    (0x066A, 0x066D),
    (0x06D4, 0x06D4),
    (0x0964, 0x0965),
    (0x2010, 0x2027),
    (0x2030, 0x2043),
    (0x2045, 0x2051),
    (0x2053, 0x205E),
    (0x2E00, 0x2E2E),
    (0x3001, 0x3003),
    (0x3008, 0x3011),
    (0x3014, 0x301F),
    (0xFF01, 0xFF03),
    (0xFF05, 0xFF0A),
    (0xFF0C, 0xFF0F),
    (0xFF1A, 0xFF1B),
    (0xFF1F, 0xFF20),
];

/// Format characters, surrogates, private use and noncharacters: not printable.
const UNPRINTABLE: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x206F),
    (0xE000, 0xF8FF),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0xF0000, 0x10FFFF),
];

const LATIN: &[(u32, u32)] = &[
    (0x0041, 0x005A),
    (0x0061, 0x007A),
    (0x00AA, 0x00AA),
    (0x00BA, 0x00BA),
    (0x00C0, 0x00D6),
    (0x00D8, 0x00F6),
    (0x00F8, 0x02B8),
    (0x02E0, 0x02E4),
    (0x1D00, 0x1D25),
    (0x1E00, 0x1EFF),
    (0x2071, 0x2071),
    (0x207F, 0x207F),
    (0x212A, 0x212B),
    (0x2C60, 0x2C7F),
    (0xA722, 0xA7FF),
    (0xFB00, 0xFB06),
    (0xFF21, 0xFF3A),
    (0xFF41, 0xFF5A),
];

const GREEK: &[(u32, u32)] = &[
    (0x0370, 0x0373),
    (0x0375, 0x0377),
    (0x037A, 0x037D),
    (0x037F, 0x037F),
    (0x0384, 0x0384),
    (0x0386, 0x0386),
    (0x0388, 0x03E1),
    (0x03F0, 0x03FF),
    (0x1D26, 0x1D2A),
    (0x1F00, 0x1FFE),
    (0x2126, 0x2126),
];

const CYRILLIC: &[(u32, u32)] = &[
    (0x0400, 0x0484),
    (0x0487, 0x052F),
    (0x1C80, 0x1C88),
    (0x2DE0, 0x2DFF),
    (0xA640, 0xA69F),
];

const HAN: &[(u32, u32)] = &[
    (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBE0),
    (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A),
];

/// Case-folding orbits with more than an upper and a lower member.
const FOLD_ORBITS: &[&[char]] = &[
    &['K', 'k', '\u{212A}'],
    &['S', 's', '\u{17F}'],
    &['\u{C5}', '\u{E5}', '\u{212B}'],
    &['\u{B5}', '\u{39C}', '\u{3BC}'],
    &['\u{3A9}', '\u{3C9}', '\u{2126}'],
    &['\u{398}', '\u{3B8}', '\u{3D1}', '\u{3F4}'],
    &['\u{392}', '\u{3B2}', '\u{3D0}'],
    &['\u{395}', '\u{3B5}', '\u{3F5}'],
    &['\u{399}', '\u{3B9}', '\u{345}', '\u{1FBE}'],
    &['\u{39A}', '\u{3BA}', '\u{3F0}'],
    &['\u{3A0}', '\u{3C0}', '\u{3D6}'],
    &['\u{3A1}', '\u{3C1}', '\u{3F1}'],
    &['\u{3A3}', '\u{3C2}', '\u{3C3}'],
    &['\u{3A6}', '\u{3C6}', '\u{3D5}'],
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_follow_go_categories() {
        assert!(is_letter('é') && is_letter('世') && !is_letter('5') && !is_letter('_'));
        assert!(is_digit('5') && is_digit('٣') && !is_digit('²') && !is_digit('Ⅻ'));
        assert!(is_punct('!') && is_punct('_') && !is_punct('+') && !is_punct('$') && is_punct('«'));
        assert!(is_upper('Ω') && !is_upper('ǅ') && is_title('ǅ') && is_lower('é'));
        assert!(is_space('\u{85}') && is_space('\u{a0}') && !is_space('\u{200b}'));
        assert_eq!((to_upper('é'), to_lower('Ω'), to_upper('ß')), ('É', 'ω', 'ß'));
    }

    #[test]
    fn simple_fold_walks_the_orbit() {
        assert_eq!(simple_fold('A'), 'a');
        assert_eq!(simple_fold('a'), 'A');
        assert_eq!(simple_fold('K'), 'k');
        assert_eq!(simple_fold('k'), '\u{212A}');
        assert_eq!(simple_fold('\u{212A}'), 'K');
        assert_eq!(simple_fold('1'), '1');
    }

    #[test]
    fn script_tables() {
        assert!(in_table(3, '世') && in_table(1, 'α') && !in_table(0, 'α') && in_table(0, 'é'));
    }
}

// Package unicode: character classes. The predicates are Rust functions over the runtime's
// tables (src/runtime/unicode.rs); a RangeTable names one of those tables.
package unicode

const (
	MaxRune         = '\U0010FFFF'
	ReplacementChar = '\uFFFD'
	MaxASCII        = '\u007F'
	MaxLatin1       = '\u00FF'
)

// RangeTable identifies a set of runes known to the runtime.
type RangeTable struct {
	id int
}

// The tables, numbered as the runtime's inTable expects.
var (
	Latin       = &RangeTable{0}
	Greek       = &RangeTable{1}
	Cyrillic    = &RangeTable{2}
	Han         = &RangeTable{3}
	Letter      = &RangeTable{4}
	L           = Letter
	Digit       = &RangeTable{5}
	Nd          = Digit
	White_Space = &RangeTable{6}
	Upper       = &RangeTable{7}
	Lu          = Upper
	Lower       = &RangeTable{8}
	Ll          = Lower
	Punct       = &RangeTable{9}
	P           = Punct
)

func inTable(id int, r rune) bool

func Is(rangeTab *RangeTable, r rune) bool { return inTable(rangeTab.id, r) }

func In(r rune, ranges ...*RangeTable) bool {
	for _, t := range ranges {
		if inTable(t.id, r) {
			return true
		}
	}
	return false
}

func IsOneOf(ranges []*RangeTable, r rune) bool { return In(r, ranges...) }

func IsLetter(r rune) bool
func IsDigit(r rune) bool
func IsNumber(r rune) bool
func IsSpace(r rune) bool
func IsUpper(r rune) bool
func IsLower(r rune) bool
func IsTitle(r rune) bool
func IsControl(r rune) bool
func IsPunct(r rune) bool
func IsPrint(r rune) bool
func IsGraphic(r rune) bool { return IsPrint(r) || IsSpace(r) && !IsControl(r) }
func ToUpper(r rune) rune
func ToLower(r rune) rune
func SimpleFold(r rune) rune

// ToTitle is ToUpper except for the digraphs that have a distinct titlecase form.
func ToTitle(r rune) rune {
	switch r {
	case 0x1C4, 0x1C5, 0x1C6:
		return 0x1C5
	case 0x1C7, 0x1C8, 0x1C9:
		return 0x1C8
	case 0x1CA, 0x1CB, 0x1CC:
		return 0x1CB
	case 0x1F1, 0x1F2, 0x1F3:
		return 0x1F2
	}
	return ToUpper(r)
}

// To maps r to the case given by _case: UpperCase, LowerCase or TitleCase.
func To(_case int, r rune) rune {
	switch _case {
	case UpperCase:
		return ToUpper(r)
	case LowerCase:
		return ToLower(r)
	case TitleCase:
		return ToTitle(r)
	}
	return ReplacementChar
}

const (
	UpperCase = iota
	LowerCase
	TitleCase
	MaxCase
)

// Package utf8 implements functions for UTF-8 encoded text.
package utf8

const (
	RuneError = '\uFFFD'
	RuneSelf  = 0x80
	MaxRune   = '\U0010FFFF'
	UTFMax    = 4
)

func RuneLen(r rune) int {
	switch {
	case r < 0:
		return -1
	case r < 0x80:
		return 1
	case r < 0x800:
		return 2
	case 0xD800 <= r && r <= 0xDFFF:
		return -1
	case r < 0x10000:
		return 3
	case r <= MaxRune:
		return 4
	}
	return -1
}

func ValidRune(r rune) bool {
	return (0 <= r && r < 0xD800) || (0xDFFF < r && r <= MaxRune)
}

// DecodeRuneInString returns the first rune of s and its width; RuneError, 1 for an
// invalid encoding and RuneError, 0 for an empty string.
func DecodeRuneInString(s string) (rune, int)

// DecodeRune is DecodeRuneInString for a byte slice.
func DecodeRune(p []byte) (rune, int)

// DecodeLastRune is DecodeLastRuneInString for a byte slice.
func DecodeLastRune(p []byte) (rune, int) {
	if n := len(p); n > UTFMax {
		p = p[n-UTFMax:]
	}
	return DecodeLastRuneInString(string(p))
}

func DecodeLastRuneInString(s string) (rune, int) {
	if len(s) == 0 {
		return RuneError, 0
	}
	start := len(s) - 1
	for start > 0 && start > len(s)-UTFMax && !RuneStart(s[start]) {
		start--
	}
	r, size := DecodeRuneInString(s[start:])
	if start+size != len(s) {
		return RuneError, 1
	}
	return r, size
}

func RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func RuneCountInString(s string) int {
	n := 0
	for range s {
		n++
	}
	return n
}

func RuneCount(p []byte) int { return RuneCountInString(string(p)) }

func ValidString(s string) bool {
	for i := 0; i < len(s); {
		r, size := DecodeRuneInString(s[i:])
		if r == RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}

func Valid(p []byte) bool { return ValidString(string(p)) }

func FullRune(p []byte) bool {
	if len(p) == 0 {
		return false
	}
	r, size := DecodeRune(p)
	if r != RuneError || size != 1 {
		return true
	}
	// An incomplete but valid prefix of a multi-byte sequence is not full.
	b := p[0]
	need := 0
	switch {
	case b&0xE0 == 0xC0:
		need = 2
	case b&0xF0 == 0xE0:
		need = 3
	case b&0xF8 == 0xF0:
		need = 4
	}
	return need == 0 || len(p) >= need
}

func EncodeRune(p []byte, r rune) int {
	s := string(r)
	copy(p, s)
	return len(s)
}

func AppendRune(p []byte, r rune) []byte { return append(p, string(r)...) }

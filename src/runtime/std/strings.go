// Package strings: functions on UTF-8 strings. Searching and case mapping are in Rust.
package strings

import (
	"io"
	"unicode"
)

func Index(s, substr string) int
func LastIndex(s, substr string) int
func Count(s, substr string) int
func ToUpper(s string) string
func ToLower(s string) string
func TrimSpace(s string) string
func Fields(s string) []string
func Replace(s, old, new string, n int) string
func EqualFold(s, t string) bool
func Title(s string) string
func IndexByte(s string, c byte) int

// trim returns s without its leading (if left) and trailing (if right) runes in cutset.
func trim(s, cutset string, left, right bool) string

// genSplit returns at most n (all if n < 0) parts of s around sep, each with sepSave
// bytes of the separator that ends it; nil if n == 0.
func genSplit(s, sep string, sepSave, n int) []string

func Trim(s, cutset string) string      { return trim(s, cutset, true, true) }
func TrimLeft(s, cutset string) string  { return trim(s, cutset, true, false) }
func TrimRight(s, cutset string) string { return trim(s, cutset, false, true) }

func Split(s, sep string) []string              { return genSplit(s, sep, 0, -1) }
func SplitN(s, sep string, n int) []string      { return genSplit(s, sep, 0, n) }
func SplitAfter(s, sep string) []string         { return genSplit(s, sep, len(sep), -1) }
func SplitAfterN(s, sep string, n int) []string { return genSplit(s, sep, len(sep), n) }

func ReplaceAll(s, old, new string) string { return Replace(s, old, new, -1) }

func Contains(s, substr string) bool { return Index(s, substr) >= 0 }

func ContainsRune(s string, r rune) bool { return Index(s, string(r)) >= 0 }

func ContainsAny(s, chars string) bool {
	for _, c := range chars {
		if Index(s, string(c)) >= 0 {
			return true
		}
	}
	return false
}

func IndexRune(s string, r rune) int { return Index(s, string(r)) }

func HasPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && s[:len(prefix)] == prefix
}

func HasSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}

func TrimPrefix(s, prefix string) string {
	if HasPrefix(s, prefix) {
		return s[len(prefix):]
	}
	return s
}

func TrimSuffix(s, suffix string) string {
	if HasSuffix(s, suffix) {
		return s[:len(s)-len(suffix)]
	}
	return s
}

func Repeat(s string, count int) string {
	if count < 0 {
		panic("strings: negative Repeat count")
	}
	b := make([]byte, 0, len(s)*count)
	for i := 0; i < count; i++ {
		b = append(b, s...)
	}
	return string(b)
}

func Join(elems []string, sep string) string {
	if len(elems) == 0 {
		return ""
	}
	n := len(sep) * (len(elems) - 1)
	for _, e := range elems {
		n += len(e)
	}
	b := make([]byte, 0, n)
	for i, e := range elems {
		if i > 0 {
			b = append(b, sep...)
		}
		b = append(b, e...)
	}
	return string(b)
}

func Compare(a, b string) int {
	if a == b {
		return 0
	}
	if a < b {
		return -1
	}
	return 1
}

func Cut(s, sep string) (before, after string, found bool) {
	if i := Index(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

func Map(mapping func(rune) rune, s string) string {
	b := make([]rune, 0, len(s))
	for _, c := range s {
		r := mapping(c)
		if r >= 0 {
			b = append(b, r)
		}
	}
	return string(b)
}

// Builder builds a string with appends.
type Builder struct {
	buf []byte
}

func (b *Builder) WriteString(s string) (int, error) {
	b.buf = append(b.buf, s...)
	return len(s), nil
}

func (b *Builder) WriteByte(c byte) error {
	b.buf = append(b.buf, c)
	return nil
}

func (b *Builder) WriteRune(r rune) (int, error) {
	s := string(r)
	b.buf = append(b.buf, s...)
	return len(s), nil
}

func (b *Builder) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	return len(p), nil
}

func (b *Builder) String() string { return string(b.buf) }
func (b *Builder) Len() int       { return len(b.buf) }
func (b *Builder) Reset()         { b.buf = nil }

func (b *Builder) Grow(n int) {
	if cap(b.buf)-len(b.buf) < n {
		nb := make([]byte, len(b.buf), 2*cap(b.buf)+n)
		copy(nb, b.buf)
		b.buf = nb
	}
}

func FieldsFunc(s string, f func(rune) bool) []string {
	var out []string
	start := -1
	for i, c := range s {
		if f(c) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func IndexFunc(s string, f func(rune) bool) int {
	for i, c := range s {
		if f(c) {
			return i
		}
	}
	return -1
}

func IndexAny(s, chars string) int {
	for i, c := range s {
		if IndexRune(chars, c) >= 0 {
			return i
		}
	}
	return -1
}

func LastIndexByte(s string, c byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func TrimFunc(s string, f func(rune) bool) string {
	return TrimRightFunc(TrimLeftFunc(s, f), f)
}

func TrimLeftFunc(s string, f func(rune) bool) string {
	for i, c := range s {
		if !f(c) {
			return s[i:]
		}
	}
	return ""
}

func TrimRightFunc(s string, f func(rune) bool) string {
	end := 0
	for i, c := range s {
		if !f(c) {
			end = i + len(string(c))
		}
	}
	return s[:end]
}

func ToTitle(s string) string { return Map(unicode.ToTitle, s) }

// Reader reads from a string.
type Reader struct {
	s string
	i int
}

func NewReader(s string) *Reader { return &Reader{s, 0} }

func (r *Reader) Len() int { return len(r.s) - r.i }

func (r *Reader) Size() int64 { return int64(len(r.s)) }

func (r *Reader) Read(b []byte) (n int, err error) {
	if r.i >= len(r.s) {
		return 0, io.EOF
	}
	n = copy(b, r.s[r.i:])
	r.i += n
	return n, nil
}

func (r *Reader) ReadByte() (byte, error) {
	if r.i >= len(r.s) {
		return 0, io.EOF
	}
	b := r.s[r.i]
	r.i++
	return b, nil
}

func (r *Reader) ReadRune() (ch rune, size int, err error) {
	if r.i >= len(r.s) {
		return 0, 0, io.EOF
	}
	for _, c := range r.s[r.i:] {
		ch = c
		break
	}
	size = len(string(ch))
	if ch == 0xFFFD && (r.i+3 > len(r.s) || r.s[r.i:r.i+3] != "\uFFFD") {
		size = 1
	}
	r.i += size
	return ch, size, nil
}

func (r *Reader) ReadString(delim byte) (string, error) {
	start := r.i
	for r.i < len(r.s) {
		c := r.s[r.i]
		r.i++
		if c == delim {
			return r.s[start:r.i], nil
		}
	}
	return r.s[start:], io.EOF
}

func (r *Reader) Seek(offset int64, whence int) (int64, error) {
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = int64(r.i) + offset
	default:
		abs = int64(len(r.s)) + offset
	}
	r.i = int(abs)
	return abs, nil
}

// Replacer replaces a list of strings with replacements, scanning the input once.
type Replacer struct {
	oldnew []string
}

// NewReplacer returns a Replacer from old, new string pairs. At each position the first
// pair (in argument order) whose old string matches is applied; matches do not overlap.
func NewReplacer(oldnew ...string) *Replacer {
	if len(oldnew)%2 == 1 {
		panic("strings.NewReplacer: odd argument count")
	}
	return &Replacer{append([]string(nil), oldnew...)}
}

func (r *Replacer) Replace(s string) string {
	var b []byte
	for i := 0; i <= len(s); {
		matched := false
		for k := 0; k < len(r.oldnew); k += 2 {
			old := r.oldnew[k]
			if old != "" && HasPrefix(s[i:], old) {
				b = append(b, r.oldnew[k+1]...)
				i += len(old)
				matched = true
				break
			}
		}
		if matched {
			continue
		}
		if i < len(s) {
			b = append(b, s[i])
		}
		i++
	}
	return string(b)
}

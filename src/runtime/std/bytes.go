// Package bytes: functions on byte slices, Buffer and Reader. Searching, case mapping,
// trimming and splitting are Rust functions shared with strings; functions returning
// parts of their argument return sub-slices aliasing it, with the capacities (and the nil
// results) Go gives them.
package bytes

import (
	"errors"
	"io"
	"unicode"
	"unicode/utf8"
)

// MinRead is the minimum slice size passed to a Read call by Buffer.ReadFrom.
const MinRead = 512

func Index(s, sep []byte) int
func LastIndex(s, sep []byte) int
func Count(s, sep []byte) int
func IndexByte(b []byte, c byte) int
func ToUpper(s []byte) []byte
func ToLower(s []byte) []byte
func EqualFold(s, t []byte) bool

// Replace returns a copy of s with the first n (all if n < 0) non-overlapping instances
// of old replaced by new.
func Replace(s, old, new []byte, n int) []byte

// trimSpace returns s without leading and trailing white space.
func trimSpace(s []byte) []byte

// trim returns s without its leading (if left) and trailing (if right) runes in cutset.
func trim(s []byte, cutset string, left, right bool) []byte

// fieldsBounds returns the start and end of each run of non-space runes of s.
func fieldsBounds(s []byte) []int

// splitBounds returns the start and end of at most n (all if n < 0) parts of s around
// sep, each with sepSave bytes of the separator that ends it.
func splitBounds(s, sep []byte, sepSave, n int) []int

func ReplaceAll(s, old, new []byte) []byte { return Replace(s, old, new, -1) }

func Equal(a, b []byte) bool { return string(a) == string(b) }

func Compare(a, b []byte) int {
	sa, sb := string(a), string(b)
	if sa == sb {
		return 0
	}
	if sa < sb {
		return -1
	}
	return 1
}

func Contains(b, subslice []byte) bool { return Index(b, subslice) != -1 }

func ContainsAny(b []byte, chars string) bool { return IndexAny(b, chars) >= 0 }

func ContainsRune(b []byte, r rune) bool { return IndexRune(b, r) >= 0 }

func ContainsFunc(b []byte, f func(rune) bool) bool { return IndexFunc(b, f) >= 0 }

func HasPrefix(s, prefix []byte) bool {
	return len(s) >= len(prefix) && Equal(s[:len(prefix)], prefix)
}

func HasSuffix(s, suffix []byte) bool {
	return len(s) >= len(suffix) && Equal(s[len(s)-len(suffix):], suffix)
}

// IndexRune returns the index of the first instance of r in s; for utf8.RuneError, of
// the first invalid UTF-8 sequence or U+FFFD.
func IndexRune(s []byte, r rune) int {
	switch {
	case 0 <= r && r < utf8.RuneSelf:
		return IndexByte(s, byte(r))
	case r == utf8.RuneError:
		for i := 0; i < len(s); {
			r1, n := utf8.DecodeRune(s[i:])
			if r1 == utf8.RuneError {
				return i
			}
			i += n
		}
		return -1
	case !utf8.ValidRune(r):
		return -1
	}
	return Index(s, []byte(string(r)))
}

// IndexAny returns the index of the first rune of s that is in chars.
func IndexAny(s []byte, chars string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		for _, c := range chars {
			if c == r {
				return i
			}
		}
		i += n
	}
	return -1
}

// LastIndexAny returns the index of the last rune of s that is in chars.
func LastIndexAny(s []byte, chars string) int {
	last := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		for _, c := range chars {
			if c == r {
				last = i
				break
			}
		}
		i += n
	}
	return last
}

func LastIndexByte(s []byte, c byte) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func IndexFunc(s []byte, f func(r rune) bool) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		if f(r) {
			return i
		}
		i += n
	}
	return -1
}

func LastIndexFunc(s []byte, f func(r rune) bool) int {
	for i := len(s); i > 0; {
		r, n := utf8.DecodeLastRune(s[:i])
		i -= n
		if f(r) {
			return i
		}
	}
	return -1
}

// Fields splits s around runs of white space; the parts alias s.
func Fields(s []byte) [][]byte {
	b := fieldsBounds(s)
	a := make([][]byte, len(b)/2)
	for i := range a {
		start, end := b[2*i], b[2*i+1]
		a[i] = s[start:end:end]
	}
	return a
}

// FieldsFunc splits s around runs of runes satisfying f; the parts alias s.
func FieldsFunc(s []byte, f func(rune) bool) [][]byte {
	var a [][]byte
	start := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		if f(r) {
			if start >= 0 {
				a = append(a, s[start:i:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += n
	}
	if start >= 0 {
		a = append(a, s[start:len(s):len(s)])
	}
	if a == nil {
		return [][]byte{}
	}
	return a
}

// genSplit is Split, SplitN, SplitAfter and SplitAfterN: each part but the last ends (in
// length and capacity) after sepSave bytes of its separator; the last is the rest of s.
func genSplit(s, sep []byte, sepSave, n int) [][]byte {
	if n == 0 {
		return nil
	}
	b := splitBounds(s, sep, sepSave, n)
	a := make([][]byte, len(b)/2)
	for i := range a {
		start, end := b[2*i], b[2*i+1]
		if i == len(a)-1 {
			a[i] = s[start:]
		} else {
			a[i] = s[start:end:end]
		}
	}
	return a
}

func Split(s, sep []byte) [][]byte              { return genSplit(s, sep, 0, -1) }
func SplitN(s, sep []byte, n int) [][]byte      { return genSplit(s, sep, 0, n) }
func SplitAfter(s, sep []byte) [][]byte         { return genSplit(s, sep, len(sep), -1) }
func SplitAfterN(s, sep []byte, n int) [][]byte { return genSplit(s, sep, len(sep), n) }

func Join(s [][]byte, sep []byte) []byte {
	if len(s) == 0 {
		return []byte{}
	}
	n := len(sep) * (len(s) - 1)
	for _, v := range s {
		n += len(v)
	}
	b := make([]byte, 0, n)
	for i, v := range s {
		if i > 0 {
			b = append(b, sep...)
		}
		b = append(b, v...)
	}
	return b
}

func Repeat(b []byte, count int) []byte {
	if count == 0 {
		return []byte{}
	}
	if count < 0 {
		panic("bytes: negative Repeat count")
	}
	if len(b) > 0 && len(b)*count/count != len(b) {
		panic("bytes: Repeat count causes overflow")
	}
	out := make([]byte, 0, len(b)*count)
	for i := 0; i < count; i++ {
		out = append(out, b...)
	}
	return out
}

// Map returns a copy of s with each rune replaced by mapping of it; runes mapped to a
// negative value are dropped.
func Map(mapping func(r rune) rune, s []byte) []byte {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		if m := mapping(r); m >= 0 {
			b = utf8.AppendRune(b, m)
		}
		i += n
	}
	return b
}

func ToTitle(s []byte) []byte { return Map(unicode.ToTitle, s) }

// ToValidUTF8 returns a copy of s with each run of invalid UTF-8 replaced by replacement.
func ToValidUTF8(s, replacement []byte) []byte {
	b := make([]byte, 0, len(s)+len(replacement))
	invalid := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && n == 1 {
			if !invalid {
				invalid = true
				b = append(b, replacement...)
			}
		} else {
			invalid = false
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

func Runes(s []byte) []rune {
	t := make([]rune, 0, utf8.RuneCount(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		t = append(t, r)
		i += n
	}
	return t
}

// nilIfEmpty gives the nil slice that Go's trimming functions return when nothing is
// left.
func nilIfEmpty(s []byte) []byte {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TrimSpace(s []byte) []byte               { return nilIfEmpty(trimSpace(s)) }
func Trim(s []byte, cutset string) []byte     { return nilIfEmpty(trim(s, cutset, true, true)) }
func TrimLeft(s []byte, cutset string) []byte { return nilIfEmpty(trim(s, cutset, true, false)) }

// TrimRight keeps an empty non-nil result, as Go's does.
func TrimRight(s []byte, cutset string) []byte { return trim(s, cutset, false, true) }

func TrimFunc(s []byte, f func(r rune) bool) []byte {
	return TrimRightFunc(TrimLeftFunc(s, f), f)
}

func TrimLeftFunc(s []byte, f func(r rune) bool) []byte {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		if !f(r) {
			return s[i:]
		}
		i += n
	}
	return nil
}

func TrimRightFunc(s []byte, f func(r rune) bool) []byte {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRune(s[:i])
		if !f(r) {
			break
		}
		i -= n
	}
	return s[:i]
}

func TrimPrefix(s, prefix []byte) []byte {
	if HasPrefix(s, prefix) {
		return s[len(prefix):]
	}
	return s
}

func TrimSuffix(s, suffix []byte) []byte {
	if HasSuffix(s, suffix) {
		return s[:len(s)-len(suffix)]
	}
	return s
}

func Cut(s, sep []byte) (before, after []byte, found bool) {
	if i := Index(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, nil, false
}

func CutPrefix(s, prefix []byte) (after []byte, found bool) {
	if !HasPrefix(s, prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

func CutSuffix(s, suffix []byte) (before []byte, found bool) {
	if !HasSuffix(s, suffix) {
		return s, false
	}
	return s[:len(s)-len(suffix)], true
}

func Clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// Buffer is a growable byte buffer read from the front and written at the back; the
// zero value is empty and ready. The unread bytes are buf[off:]. Its growth policy
// is observable through Cap (and through which Bytes results keep aliasing it), so
// the sizes below were matched against Go 1.19 by probe programs.
type Buffer struct {
	buf []byte
	off int
	// undo says what Unread* may take back: noUndo, anyRead (UnreadByte only), or
	// the size of the rune ReadRune just returned.
	undo int
}

const (
	noUndo  = 0
	anyRead = -1
)

// firstAlloc is the capacity of a buffer's first allocation, for small writes.
const firstAlloc = 64

// ErrTooLarge is passed to panic if memory cannot be allocated to store data in a buffer.
var ErrTooLarge = errors.New("bytes.Buffer: too large")

var errUnreadByte = errors.New("bytes.Buffer: UnreadByte: previous operation was not a successful read")
var errUnreadRune = errors.New("bytes.Buffer: UnreadRune: previous operation was not a successful ReadRune")

// NewBuffer returns a Buffer whose contents are buf and which writes into buf's spare capacity.
func NewBuffer(buf []byte) *Buffer { return &Buffer{buf: buf} }

// NewBufferString returns a Buffer holding a copy of s.
func NewBufferString(s string) *Buffer { return &Buffer{buf: []byte(s)} }

// Bytes returns the unread bytes, aliasing the buffer until it is next modified.
func (b *Buffer) Bytes() []byte { return b.buf[b.off:] }

// String returns the unread bytes as a string; "<nil>" for a nil *Buffer.
func (b *Buffer) String() string {
	if b == nil {
		return "<nil>"
	}
	return string(b.buf[b.off:])
}

func (b *Buffer) Len() int                { return len(b.buf) - b.off }
func (b *Buffer) Cap() int                { return cap(b.buf) }
func (b *Buffer) Available() int          { return cap(b.buf) - len(b.buf) }
func (b *Buffer) AvailableBuffer() []byte { return b.buf[len(b.buf):] }

// Truncate keeps only the first n unread bytes.
func (b *Buffer) Truncate(n int) {
	if n == 0 {
		b.Reset()
		return
	}
	if n < 0 || n > b.Len() {
		panic("bytes.Buffer: truncation out of range")
	}
	b.undo = noUndo
	b.buf = b.buf[:b.off+n]
}

// Reset empties the buffer, keeping its storage.
func (b *Buffer) Reset() {
	b.buf, b.off, b.undo = b.buf[:0], 0, noUndo
}

// extend lengthens the buffer by n bytes for a write and returns where they start.
//
// In order of preference: the spare capacity is used; a never-allocated buffer
// gets firstAlloc bytes; the unread bytes slide to the front if that leaves at
// least as much free as the buffer holds after the write (half the capacity or
// more); otherwise a new array of at least the length needed and twice the
// capacity beyond the read-off front, rounded up by append to an allocation size.
func (b *Buffer) extend(n int) int {
	unread := b.Len()
	if unread == 0 && b.off > 0 {
		b.Reset() // everything was read: write from the front again
	}
	if n <= cap(b.buf)-len(b.buf) {
		start := len(b.buf)
		b.buf = b.buf[:start+n]
		return start
	}
	if b.buf == nil && n <= firstAlloc {
		b.buf = make([]byte, n, firstAlloc)
		return 0
	}
	c := cap(b.buf)
	switch {
	case n <= c/2-unread:
		copy(b.buf, b.buf[b.off:])
	case c > int(^uint(0)>>1)-c-n:
		panic(ErrTooLarge)
	default:
		size := len(b.buf) + n
		if twice := 2 * (c - b.off); twice > size {
			size = twice
		}
		grown := append([]byte(nil), make([]byte, size)...)
		copy(grown, b.buf[b.off:])
		b.buf = grown
	}
	b.off = 0
	b.buf = b.buf[:unread+n]
	return unread
}

// Grow makes room for n more bytes without another allocation.
func (b *Buffer) Grow(n int) {
	if n < 0 {
		panic("bytes.Buffer.Grow: negative count")
	}
	at := b.extend(n) // (before reading b.buf, which extend may replace)
	b.buf = b.buf[:at]
}

func (b *Buffer) Write(p []byte) (n int, err error) {
	b.undo = noUndo
	at := b.extend(len(p))
	return copy(b.buf[at:], p), nil
}

func (b *Buffer) WriteString(s string) (n int, err error) {
	b.undo = noUndo
	at := b.extend(len(s))
	return copy(b.buf[at:], s), nil
}

func (b *Buffer) WriteByte(c byte) error {
	b.undo = noUndo
	at := b.extend(1)
	b.buf[at] = c
	return nil
}

// WriteRune reserves the longest encoding, then keeps only what r needs.
func (b *Buffer) WriteRune(r rune) (n int, err error) {
	if uint32(r) < utf8.RuneSelf {
		b.WriteByte(byte(r))
		return 1, nil
	}
	b.undo = noUndo
	at := b.extend(utf8.UTFMax)
	n = utf8.EncodeRune(b.buf[at:], r)
	b.buf = b.buf[:at+n]
	return n, nil
}

// ReadFrom appends r's data until EOF, always offering Read at least MinRead bytes
// of space.
func (b *Buffer) ReadFrom(r io.Reader) (n int64, err error) {
	b.undo = noUndo
	for {
		at := b.extend(MinRead)
		b.buf = b.buf[:at]
		got, err := r.Read(b.buf[at:cap(b.buf)])
		if got < 0 {
			panic(errors.New("bytes.Buffer: reader returned negative count from Read"))
		}
		b.buf = b.buf[:at+got]
		n += int64(got)
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// WriteTo hands all unread bytes to one Write; what w accepted is consumed.
func (b *Buffer) WriteTo(w io.Writer) (n int64, err error) {
	b.undo = noUndo
	if pending := b.Len(); pending > 0 {
		m, err := w.Write(b.buf[b.off:])
		if m > pending {
			panic("bytes.Buffer.WriteTo: invalid Write count")
		}
		b.off += m
		if err == nil && m < pending {
			err = io.ErrShortWrite
		}
		if err != nil {
			return int64(m), err
		}
		n = int64(m)
	}
	b.Reset()
	return n, nil
}

// Read copies unread bytes into p. An empty buffer resets itself and reports EOF
// (unless p is empty too).
func (b *Buffer) Read(p []byte) (n int, err error) {
	b.undo = noUndo
	if b.Len() == 0 {
		b.Reset()
		if len(p) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	n = copy(p, b.buf[b.off:])
	b.consume(n)
	return n, nil
}

// consume advances past n bytes a read returned; any read of bytes can be undone
// by UnreadByte.
func (b *Buffer) consume(n int) {
	b.off += n
	if n > 0 {
		b.undo = anyRead
	}
}

// Next returns (and consumes) the next n unread bytes, or all of them if fewer,
// aliasing the buffer until it is next modified.
func (b *Buffer) Next(n int) []byte {
	b.undo = noUndo
	if n > b.Len() {
		n = b.Len()
	}
	data := b.buf[b.off : b.off+n]
	b.consume(n)
	return data
}

func (b *Buffer) ReadByte() (byte, error) {
	if b.Len() == 0 {
		b.Reset()
		return 0, io.EOF
	}
	c := b.buf[b.off]
	b.off++
	b.undo = anyRead
	return c, nil
}

func (b *Buffer) ReadRune() (r rune, size int, err error) {
	if b.Len() == 0 {
		b.Reset()
		return 0, 0, io.EOF
	}
	r, size = rune(b.buf[b.off]), 1
	if r >= utf8.RuneSelf {
		r, size = utf8.DecodeRune(b.buf[b.off:])
	}
	b.off += size
	b.undo = size
	return r, size, nil
}

// UnreadRune takes back the rune of an immediately preceding ReadRune.
func (b *Buffer) UnreadRune() error {
	if b.undo <= 0 {
		return errUnreadRune
	}
	if b.off >= b.undo {
		b.off -= b.undo
	}
	b.undo = noUndo
	return nil
}

// UnreadByte takes back the last byte of an immediately preceding read.
func (b *Buffer) UnreadByte() error {
	if b.undo == noUndo {
		return errUnreadByte
	}
	b.undo = noUndo
	if b.off > 0 {
		b.off--
	}
	return nil
}

// ReadBytes consumes through the first delim (everything, with io.EOF, if there is
// none) and returns a copy.
func (b *Buffer) ReadBytes(delim byte) (line []byte, err error) {
	view, err := b.readThrough(delim)
	return append([]byte(nil), view...), err
}

// ReadString is ReadBytes returning a string.
func (b *Buffer) ReadString(delim byte) (line string, err error) {
	view, err := b.readThrough(delim)
	return string(view), err
}

// readThrough consumes through the first delim and returns those bytes in place.
func (b *Buffer) readThrough(delim byte) ([]byte, error) {
	end, err := len(b.buf), error(io.EOF)
	if i := IndexByte(b.buf[b.off:], delim); i >= 0 {
		end, err = b.off+i+1, nil
	}
	view := b.buf[b.off:end]
	b.off = end
	b.undo = anyRead
	return view, err
}

// Reader reads, seeks in and unreads a byte slice it never modifies. The position
// may be set past the end by Seek; reads there see EOF.
type Reader struct {
	data []byte
	pos  int64
	rune int64 // where the rune ReadRune just read starts, or -1
}

func NewReader(b []byte) *Reader { return &Reader{b, 0, -1} }

// Reset makes r read b from the start.
func (r *Reader) Reset(b []byte) { *r = Reader{b, 0, -1} }

// Len returns the number of unread bytes.
func (r *Reader) Len() int {
	if r.pos >= int64(len(r.data)) {
		return 0
	}
	return len(r.data) - int(r.pos)
}

// Size returns the length of the whole slice, whatever has been read.
func (r *Reader) Size() int64 { return int64(len(r.data)) }

func (r *Reader) Read(b []byte) (n int, err error) {
	if r.Len() == 0 {
		return 0, io.EOF
	}
	r.rune = -1
	n = copy(b, r.data[r.pos:])
	r.pos += int64(n)
	return n, nil
}

// ReadAt reads at off without moving the position; a short read is io.EOF.
func (r *Reader) ReadAt(b []byte, off int64) (n int, err error) {
	if off < 0 {
		return 0, errors.New("bytes.Reader.ReadAt: negative offset")
	}
	if off >= int64(len(r.data)) {
		return 0, io.EOF
	}
	n = copy(b, r.data[off:])
	if n < len(b) {
		err = io.EOF
	}
	return n, err
}

func (r *Reader) ReadByte() (byte, error) {
	r.rune = -1
	if r.Len() == 0 {
		return 0, io.EOF
	}
	c := r.data[r.pos]
	r.pos++
	return c, nil
}

// UnreadByte steps back one byte, from anywhere but the start.
func (r *Reader) UnreadByte() error {
	if r.pos <= 0 {
		return errors.New("bytes.Reader.UnreadByte: at beginning of slice")
	}
	r.rune = -1
	r.pos--
	return nil
}

func (r *Reader) ReadRune() (ch rune, size int, err error) {
	if r.Len() == 0 {
		r.rune = -1
		return 0, 0, io.EOF
	}
	r.rune = r.pos
	ch, size = rune(r.data[r.pos]), 1
	if ch >= utf8.RuneSelf {
		ch, size = utf8.DecodeRune(r.data[r.pos:])
	}
	r.pos += int64(size)
	return ch, size, nil
}

// UnreadRune returns to the start of the rune an immediately preceding ReadRune read.
func (r *Reader) UnreadRune() error {
	if r.pos <= 0 {
		return errors.New("bytes.Reader.UnreadRune: at beginning of slice")
	}
	if r.rune < 0 {
		return errors.New("bytes.Reader.UnreadRune: previous operation was not ReadRune")
	}
	r.pos, r.rune = r.rune, -1
	return nil
}

// Seek sets the position relative to the start, the current position or the end.
func (r *Reader) Seek(offset int64, whence int) (int64, error) {
	r.rune = -1
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.pos
	case io.SeekEnd:
		offset += int64(len(r.data))
	default:
		return 0, errors.New("bytes.Reader.Seek: invalid whence")
	}
	if offset < 0 {
		return 0, errors.New("bytes.Reader.Seek: negative position")
	}
	r.pos = offset
	return offset, nil
}

// WriteTo writes the unread bytes to w in one Write.
func (r *Reader) WriteTo(w io.Writer) (n int64, err error) {
	r.rune = -1
	if r.Len() == 0 {
		return 0, nil
	}
	rest := r.data[r.pos:]
	m, err := w.Write(rest)
	if m > len(rest) {
		panic("bytes.Reader.WriteTo: invalid Write count")
	}
	r.pos += int64(m)
	if m < len(rest) && err == nil {
		err = io.ErrShortWrite
	}
	return int64(m), err
}

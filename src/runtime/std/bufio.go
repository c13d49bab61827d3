// Package bufio: buffered input and output over io.Readers and io.Writers, and the
// Scanner that splits input into tokens. Written for govm from the package's
// documentation; where a program can observe the details (buffer sizes, how many
// calls reach the wrapped reader or writer, which slices alias the buffer) they were
// checked against Go 1.19 with probe programs and are pinned by the stdlib tests.
package bufio

import (
	"bytes"
	"errors"
	"io"
	"unicode"
	"unicode/utf8"
)

const defaultBufSize = 4096

// minReaderSize keeps a Reader's buffer big enough for any rune and short lines.
const minReaderSize = 16

// patience is how many times in a row a wrapped reader may return nothing (and no
// error) before we give up with io.ErrNoProgress; it also bounds empty tokens.
const patience = 100

var (
	ErrInvalidUnreadByte = errors.New("bufio: invalid use of UnreadByte")
	ErrInvalidUnreadRune = errors.New("bufio: invalid use of UnreadRune")
	ErrBufferFull        = errors.New("bufio: buffer full")
	ErrNegativeCount     = errors.New("bufio: negative count")
)

// ---- Reader ----

// Reader buffers an io.Reader. The unread bytes are buf[start:end]; an error from
// the source is held in err until those bytes have been consumed.
type Reader struct {
	src        io.Reader
	buf        []byte
	start, end int
	err        error
	lastByte   int // the byte UnreadByte may put back, or -1
	lastRune   int // the size of the rune UnreadRune may put back, or -1
}

// NewReaderSize returns a Reader with a buffer of at least size bytes, or rd itself
// if it already is a Reader that large.
func NewReaderSize(rd io.Reader, size int) *Reader {
	if b, ok := rd.(*Reader); ok && len(b.buf) >= size {
		return b
	}
	if size < minReaderSize {
		size = minReaderSize
	}
	b := &Reader{}
	b.reset(make([]byte, size), rd)
	return b
}

// NewReader returns a Reader with the default 4096-byte buffer.
func NewReader(rd io.Reader) *Reader { return NewReaderSize(rd, defaultBufSize) }

// Size returns the size of the buffer.
func (b *Reader) Size() int { return len(b.buf) }

// Buffered returns how many bytes can be read without touching the source.
func (b *Reader) Buffered() int { return b.end - b.start }

// Reset drops all buffered data and state and reads from r from now on. A zero
// Reader gets the default buffer here.
func (b *Reader) Reset(r io.Reader) {
	if b.buf == nil {
		b.buf = make([]byte, defaultBufSize)
	}
	b.reset(b.buf, r)
}

func (b *Reader) reset(buf []byte, r io.Reader) {
	*b = Reader{src: r, buf: buf, lastByte: -1, lastRune: -1}
}

// forgetUnread makes the next UnreadByte and UnreadRune fail, as after any operation
// that is not a read.
func (b *Reader) forgetUnread() { b.lastByte, b.lastRune = -1, -1 }

// consumed records the bytes a read operation just returned, for UnreadByte.
func (b *Reader) consumed(p []byte) {
	b.lastRune = -1
	if len(p) > 0 {
		b.lastByte = int(p[len(p)-1])
	}
}

// fill moves the unread bytes to the front and reads once more from the source,
// retrying reads that return nothing a limited number of times.
func (b *Reader) fill() {
	if b.start > 0 {
		b.end = copy(b.buf, b.buf[b.start:b.end])
		b.start = 0
	}
	if b.end == len(b.buf) {
		panic("bufio: tried to fill full buffer")
	}
	for try := 0; try < patience; try++ {
		n, err := b.src.Read(b.buf[b.end:])
		if n < 0 {
			panic(errors.New("bufio: reader returned negative count from Read"))
		}
		b.end += n
		if err != nil {
			b.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	b.err = io.ErrNoProgress
}

// takeErr reports the held source error once.
func (b *Reader) takeErr() error {
	err := b.err
	b.err = nil
	return err
}

// Peek returns the next n bytes without consuming them; they alias the buffer. A
// short result comes with the reason: the source's error, or ErrBufferFull when n
// exceeds the buffer.
func (b *Reader) Peek(n int) ([]byte, error) {
	if n < 0 {
		return nil, ErrNegativeCount
	}
	b.forgetUnread()
	for b.Buffered() < n && b.Buffered() < len(b.buf) && b.err == nil {
		b.fill()
	}
	if n > len(b.buf) {
		return b.buf[b.start:b.end], ErrBufferFull
	}
	var err error
	if avail := b.Buffered(); avail < n {
		n = avail
		if err = b.takeErr(); err == nil {
			err = ErrBufferFull
		}
	}
	return b.buf[b.start : b.start+n], err
}

// Discard skips n bytes, reading from the source only when the buffer runs out.
func (b *Reader) Discard(n int) (discarded int, err error) {
	if n < 0 {
		return 0, ErrNegativeCount
	}
	b.forgetUnread()
	for left := n; left > 0; {
		if b.Buffered() == 0 {
			if b.err != nil {
				return n - left, b.takeErr()
			}
			b.fill()
		}
		skip := b.Buffered()
		if skip > left {
			skip = left
		}
		b.start += skip
		left -= skip
	}
	return n, nil
}

// Read reads into p using at most one Read of the source. A p at least as large as
// the buffer, with nothing buffered, is read into directly.
func (b *Reader) Read(p []byte) (n int, err error) {
	if len(p) == 0 {
		if b.Buffered() > 0 {
			return 0, nil
		}
		return 0, b.takeErr()
	}
	if b.Buffered() == 0 {
		if b.err != nil {
			return 0, b.takeErr()
		}
		if len(p) >= len(b.buf) {
			n, b.err = b.src.Read(p)
			if n < 0 {
				panic(errors.New("bufio: reader returned negative count from Read"))
			}
			b.consumed(p[:n])
			return n, b.takeErr()
		}
		b.start, b.end = 0, 0
		n, b.err = b.src.Read(b.buf)
		if n < 0 {
			panic(errors.New("bufio: reader returned negative count from Read"))
		}
		if n == 0 {
			return 0, b.takeErr()
		}
		b.end = n
	}
	n = copy(p, b.buf[b.start:b.end])
	b.start += n
	b.consumed(p[:n])
	return n, nil
}

// ReadByte reads one byte.
func (b *Reader) ReadByte() (byte, error) {
	b.lastRune = -1
	for b.Buffered() == 0 {
		if b.err != nil {
			return 0, b.takeErr()
		}
		b.fill()
	}
	c := b.buf[b.start]
	b.start++
	b.lastByte = int(c)
	return c, nil
}

// UnreadByte puts back the last byte of the latest read operation.
func (b *Reader) UnreadByte() error {
	// With start at 0 and data buffered, the byte's slot was overwritten by a refill.
	if b.lastByte < 0 || b.start == 0 && b.end > 0 {
		return ErrInvalidUnreadByte
	}
	if b.start > 0 {
		b.start--
	} else {
		b.end = 1 // the buffer was empty after reading directly into the caller's slice
	}
	b.buf[b.start] = byte(b.lastByte)
	b.forgetUnread()
	return nil
}

// ReadRune reads one UTF-8 encoded rune; an invalid encoding yields U+FFFD and
// consumes one byte.
func (b *Reader) ReadRune() (r rune, size int, err error) {
	for b.Buffered() < utf8.UTFMax && !utf8.FullRune(b.buf[b.start:b.end]) &&
		b.err == nil && b.Buffered() < len(b.buf) {
		b.fill()
	}
	b.lastRune = -1
	if b.Buffered() == 0 {
		return 0, 0, b.takeErr()
	}
	r, size = rune(b.buf[b.start]), 1
	if r >= utf8.RuneSelf {
		r, size = utf8.DecodeRune(b.buf[b.start:b.end])
	}
	b.start += size
	b.lastByte = int(b.buf[b.start-1])
	b.lastRune = size
	return r, size, nil
}

// UnreadRune puts back the rune of an immediately preceding ReadRune.
func (b *Reader) UnreadRune() error {
	if b.lastRune < 0 || b.start < b.lastRune {
		return ErrInvalidUnreadRune
	}
	b.start -= b.lastRune
	b.forgetUnread()
	return nil
}

// ReadSlice reads through the first delim and returns the bytes in place in the
// buffer (valid until the next read). Without delim it returns what it has with the
// source's error, or the whole buffer with ErrBufferFull.
func (b *Reader) ReadSlice(delim byte) (line []byte, err error) {
	searched := 0 // bytes already known to hold no delim
	for {
		if i := bytes.IndexByte(b.buf[b.start+searched:b.end], delim); i >= 0 {
			line = b.buf[b.start : b.start+searched+i+1]
			b.start += len(line)
			break
		}
		if b.err != nil {
			line, err = b.buf[b.start:b.end], b.takeErr()
			b.start = b.end
			break
		}
		if b.Buffered() == len(b.buf) {
			line, err = b.buf, ErrBufferFull
			b.start = b.end
			break
		}
		searched = b.Buffered()
		b.fill()
	}
	b.consumed(line)
	return line, err
}

// ReadLine returns one line without its "\n" or "\r\n"; a line longer than the
// buffer comes in pieces with isPrefix set. It returns a line or an error, not both.
func (b *Reader) ReadLine() (line []byte, isPrefix bool, err error) {
	line, err = b.ReadSlice('\n')
	if err == ErrBufferFull {
		// Keep a final '\r' for the next piece, in case a '\n' follows it there.
		if n := len(line); n > 0 && line[n-1] == '\r' {
			b.start--
			line = line[:n-1]
		}
		return line, true, nil
	}
	if len(line) == 0 {
		if err != nil {
			line = nil
		}
		return line, false, err
	}
	if n := len(line); line[n-1] == '\n' {
		n--
		if n > 0 && line[n-1] == '\r' {
			n--
		}
		line = line[:n]
	}
	return line, false, nil
}

// readThrough is ReadSlice without the buffer-size limit: it returns a new slice,
// sized exactly, holding everything through delim.
func (b *Reader) readThrough(delim byte) ([]byte, error) {
	var full []byte // copies of buffers that filled up without delim
	for {
		piece, err := b.ReadSlice(delim)
		if err == ErrBufferFull {
			full = append(full, piece...)
			continue
		}
		out := make([]byte, len(full)+len(piece))
		copy(out[copy(out, full):], piece)
		return out, err
	}
}

// ReadBytes reads through the first delim, returning a new slice; err is non-nil
// exactly when the data does not end in delim.
func (b *Reader) ReadBytes(delim byte) ([]byte, error) { return b.readThrough(delim) }

// ReadString is ReadBytes returning a string.
func (b *Reader) ReadString(delim byte) (string, error) {
	data, err := b.readThrough(delim)
	return string(data), err
}

// WriteTo writes the buffered bytes and then the rest of the source to w, letting
// the source or w do the copy when one of them knows how.
func (b *Reader) WriteTo(w io.Writer) (n int64, err error) {
	b.forgetUnread()
	if n, err = b.flushTo(w); err != nil {
		return n, err
	}
	var more int64
	if wt, ok := b.src.(io.WriterTo); ok {
		more, err = wt.WriteTo(w)
		return n + more, err
	}
	if rf, ok := w.(io.ReaderFrom); ok {
		more, err = rf.ReadFrom(b.src)
		return n + more, err
	}
	for b.err == nil {
		b.fill()
		more, err = b.flushTo(w)
		n += more
		if err != nil {
			return n, err
		}
	}
	if b.err == io.EOF {
		b.err = nil
	}
	return n, b.takeErr()
}

// flushTo writes the buffered bytes to w.
func (b *Reader) flushTo(w io.Writer) (int64, error) {
	n, err := w.Write(b.buf[b.start:b.end])
	if n < 0 {
		panic(errors.New("bufio: writer returned negative count from Write"))
	}
	b.start += n
	return int64(n), err
}

// ---- Writer ----

// Writer buffers an io.Writer. The pending bytes are buf[:n]. The first write error
// sticks: every later write and Flush returns it.
type Writer struct {
	dst io.Writer
	buf []byte
	n   int
	err error
}

// NewWriterSize returns a Writer with a buffer of size bytes (the default when size
// is not positive), or w itself if it already is a Writer that large.
func NewWriterSize(w io.Writer, size int) *Writer {
	if b, ok := w.(*Writer); ok && len(b.buf) >= size {
		return b
	}
	if size <= 0 {
		size = defaultBufSize
	}
	return &Writer{dst: w, buf: make([]byte, size)}
}

// NewWriter returns a Writer with the default 4096-byte buffer.
func NewWriter(w io.Writer) *Writer { return NewWriterSize(w, defaultBufSize) }

// Size returns the size of the buffer.
func (b *Writer) Size() int { return len(b.buf) }

// Reset drops unflushed data and any error and writes to w from now on. A zero
// Writer gets the default buffer here.
func (b *Writer) Reset(w io.Writer) {
	if b.buf == nil {
		b.buf = make([]byte, defaultBufSize)
	}
	b.dst, b.n, b.err = w, 0, nil
}

// Available returns how many bytes fit before the next flush.
func (b *Writer) Available() int { return len(b.buf) - b.n }

// AvailableBuffer returns the free part of the buffer, empty, for appending to and
// passing straight back to Write.
func (b *Writer) AvailableBuffer() []byte { return b.buf[b.n:][:0] }

// Buffered returns how many bytes are waiting to be flushed.
func (b *Writer) Buffered() int { return b.n }

// Flush writes the buffered bytes out. After a short write the unwritten rest stays
// buffered and the error sticks.
func (b *Writer) Flush() error {
	if b.err != nil || b.n == 0 {
		return b.err
	}
	n, err := b.dst.Write(b.buf[:b.n])
	if n < b.n && err == nil {
		err = io.ErrShortWrite
	}
	if err != nil {
		if n > 0 && n < b.n {
			copy(b.buf, b.buf[n:b.n])
		}
		b.n -= n
		b.err = err
		return err
	}
	b.n = 0
	return nil
}

// Write buffers p. Data that does not fit tops the buffer up and flushes it; when
// the buffer is empty a large p goes to the destination directly instead of being
// copied through it.
func (b *Writer) Write(p []byte) (nn int, err error) {
	for len(p) > b.Available() && b.err == nil {
		var n int
		if b.n == 0 {
			n, b.err = b.dst.Write(p)
		} else {
			n = copy(b.buf[b.n:], p)
			b.n += n
			b.Flush()
		}
		nn += n
		p = p[n:]
	}
	if b.err != nil {
		return nn, b.err
	}
	n := copy(b.buf[b.n:], p)
	b.n += n
	return nn + n, nil
}

// WriteString is Write for a string; the direct path uses the destination's
// WriteString when it has one.
func (b *Writer) WriteString(s string) (nn int, err error) {
	sw, direct := b.dst.(io.StringWriter)
	for len(s) > b.Available() && b.err == nil {
		var n int
		if b.n == 0 && direct {
			n, b.err = sw.WriteString(s)
		} else {
			n = copy(b.buf[b.n:], s)
			b.n += n
			b.Flush()
		}
		nn += n
		s = s[n:]
	}
	if b.err != nil {
		return nn, b.err
	}
	n := copy(b.buf[b.n:], s)
	b.n += n
	return nn + n, nil
}

// WriteByte buffers one byte.
func (b *Writer) WriteByte(c byte) error {
	if b.err != nil {
		return b.err
	}
	if b.Available() == 0 && b.Flush() != nil {
		return b.err
	}
	b.buf[b.n] = c
	b.n++
	return nil
}

// WriteRune buffers r's UTF-8 encoding, flushing first unless the longest encoding
// fits. A buffer smaller than that writes the rune as a string.
func (b *Writer) WriteRune(r rune) (size int, err error) {
	if uint32(r) < utf8.RuneSelf {
		if err = b.WriteByte(byte(r)); err != nil {
			return 0, err
		}
		return 1, nil
	}
	if b.err != nil {
		return 0, b.err
	}
	if b.Available() < utf8.UTFMax {
		if b.Flush(); b.err != nil {
			return 0, b.err
		}
		if b.Available() < utf8.UTFMax {
			return b.WriteString(string(r))
		}
	}
	size = utf8.EncodeRune(b.buf[b.n:], r)
	b.n += size
	return size, nil
}

// ReadFrom reads r to its end into the buffer, flushing as it fills. With nothing
// buffered, a destination that is an io.ReaderFrom takes over the copy.
func (b *Writer) ReadFrom(r io.Reader) (n int64, err error) {
	if b.err != nil {
		return 0, b.err
	}
	rf, delegate := b.dst.(io.ReaderFrom)
	for {
		if b.Available() == 0 {
			if err = b.Flush(); err != nil {
				return n, err
			}
		}
		if delegate && b.n == 0 {
			m, err := rf.ReadFrom(r)
			b.err = err
			return n + m, err
		}
		m, tries := 0, 0
		for m == 0 && err == nil {
			if tries++; tries > patience {
				return n, io.ErrNoProgress
			}
			m, err = r.Read(b.buf[b.n:])
		}
		b.n += m
		n += int64(m)
		if err == io.EOF {
			// A full buffer is flushed now rather than on the next write.
			if b.Available() == 0 {
				return n, b.Flush()
			}
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// ReadWriter pairs a Reader and a Writer, providing both sets of methods.
type ReadWriter struct {
	*Reader
	*Writer
}

// NewReadWriter returns a ReadWriter dispatching to r and w.
func NewReadWriter(r *Reader, w *Writer) *ReadWriter { return &ReadWriter{r, w} }

// ---- Scanner ----

// MaxScanTokenSize is the default limit on a token's size (and so on the buffer).
const MaxScanTokenSize = 64 * 1024

// Errors returned by Scanner.
var (
	ErrTooLong         = errors.New("bufio.Scanner: token too long")
	ErrNegativeAdvance = errors.New("bufio.Scanner: SplitFunc returns negative advance count")
	ErrAdvanceTooFar   = errors.New("bufio.Scanner: SplitFunc returns advance count beyond input")
	ErrBadReadCount    = errors.New("bufio.Scanner: Read returned impossible count")
)

// ErrFinalToken, returned by a split function with a token, makes that token the
// last one; scanning then stops without an error.
var ErrFinalToken = errors.New("final token")

// SplitFunc finds the next token in data: it returns how many bytes to consume and
// the token (nil for none yet; ask for more data with 0, nil, nil). atEOF says no
// more data will come.
type SplitFunc func(data []byte, atEOF bool) (advance int, token []byte, err error)

// Scanner reads input token by token. Unprocessed input is buf[start:end]; err is
// the first error, io.EOF once the input is exhausted.
type Scanner struct {
	src        io.Reader
	split      SplitFunc
	maxToken   int
	buf        []byte
	start, end int
	token      []byte
	err        error
	empties    int  // tokens in a row that consumed nothing at EOF
	started    bool // Buffer and Split may no longer be called
	done       bool
}

// NewScanner returns a Scanner reading lines from r.
func NewScanner(r io.Reader) *Scanner {
	return &Scanner{src: r, split: ScanLines, maxToken: MaxScanTokenSize}
}

// Err returns the first error other than io.EOF.
func (s *Scanner) Err() error {
	if s.err == io.EOF {
		return nil
	}
	return s.err
}

// Bytes returns the latest token; it may alias the buffer until the next Scan.
func (s *Scanner) Bytes() []byte { return s.token }

// Text returns the latest token as a string.
func (s *Scanner) Text() string { return string(s.token) }

// Buffer sets the initial buffer (its whole capacity is used) and the largest size
// the buffer may grow to. It must be called before Scan.
func (s *Scanner) Buffer(buf []byte, max int) {
	if s.started {
		panic("Buffer called after Scan")
	}
	s.buf = buf[:cap(buf)]
	s.maxToken = max
}

// Split sets the split function. It must be called before Scan.
func (s *Scanner) Split(split SplitFunc) {
	if s.started {
		panic("Split called after Scan")
	}
	s.split = split
}

// Scan advances to the next token, reporting whether there is one. Once it returns
// false (end of input or an error) it keeps returning false.
func (s *Scanner) Scan() bool {
	if s.done {
		return false
	}
	s.started = true
	for {
		// Offer what is buffered; once input has ended the split function gets a
		// last look (atEOF), even at no data.
		if s.end > s.start || s.err != nil {
			advance, token, err := s.split(s.buf[s.start:s.end], s.err != nil)
			if err == ErrFinalToken {
				s.token, s.done = token, true
				return true
			}
			if err != nil {
				s.fail(err)
				return s.stop()
			}
			if advance < 0 {
				s.fail(ErrNegativeAdvance)
				return s.stop()
			}
			if advance > s.end-s.start {
				s.fail(ErrAdvanceTooFar)
				return s.stop()
			}
			s.start += advance
			s.token = token
			if token != nil {
				if s.err == nil || advance > 0 {
					s.empties = 0
				} else if s.empties++; s.empties > patience {
					panic("bufio.Scan: too many empty tokens without progressing")
				}
				return true
			}
		}
		if s.err != nil {
			return s.stop()
		}
		if !s.makeRoom() {
			return s.stop()
		}
		s.read()
	}
}

// stop ends scanning for good.
func (s *Scanner) stop() bool {
	s.start, s.end, s.done = 0, 0, true
	return false
}

// fail records err unless an earlier real error is already recorded.
func (s *Scanner) fail(err error) {
	if s.err == nil || s.err == io.EOF {
		s.err = err
	}
}

// makeRoom ensures free space after end: it slides the data to the front when that
// is needed or the front is more than half unused, and otherwise doubles the buffer
// (from 4096 bytes, up to maxToken). A full buffer at maxToken means the token is
// too long.
func (s *Scanner) makeRoom() bool {
	if s.start > 0 && (s.end == len(s.buf) || s.start > len(s.buf)/2) {
		s.end = copy(s.buf, s.buf[s.start:s.end])
		s.start = 0
	}
	if s.end < len(s.buf) {
		return true
	}
	if len(s.buf) >= s.maxToken || len(s.buf) > int(^uint(0)>>2) {
		s.fail(ErrTooLong)
		return false
	}
	size := 2 * len(s.buf)
	if size == 0 {
		size = 4096
	}
	if size > s.maxToken {
		size = s.maxToken
	}
	grown := make([]byte, size)
	s.end = copy(grown, s.buf[s.start:s.end])
	s.start = 0
	s.buf = grown
	return true
}

// read reads once into the free space, retrying empty reads a limited number of
// times; errors (including io.EOF) are recorded.
func (s *Scanner) read() {
	for tries := 1; ; tries++ {
		n, err := s.src.Read(s.buf[s.end:])
		if n < 0 || n > len(s.buf)-s.end {
			s.fail(ErrBadReadCount)
			return
		}
		s.end += n
		if err != nil {
			s.fail(err)
			return
		}
		if n > 0 {
			s.empties = 0
			return
		}
		if tries >= patience {
			s.fail(io.ErrNoProgress)
			return
		}
	}
}

// ScanBytes is a SplitFunc returning each byte.
func ScanBytes(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if len(data) == 0 {
		return 0, nil, nil
	}
	return 1, data[:1], nil
}

// replacement is U+FFFD's encoding, the token for a byte that starts no valid rune.
var replacement = []byte(string(utf8.RuneError))

// ScanRunes is a SplitFunc returning each UTF-8 encoded rune; each byte of an invalid
// encoding becomes a U+FFFD token.
func ScanRunes(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if len(data) == 0 {
		return 0, nil, nil
	}
	if data[0] < utf8.RuneSelf {
		return 1, data[:1], nil
	}
	if _, size := utf8.DecodeRune(data); size > 1 {
		return size, data[:size], nil
	}
	if !atEOF && !utf8.FullRune(data) {
		return 0, nil, nil // the rest of the rune may still come
	}
	return 1, replacement, nil
}

// ScanLines is a SplitFunc returning each line without its "\n" or "\r\n"; the last
// line need not end in a newline.
func ScanLines(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, trimCR(data[:i]), nil
	}
	if atEOF && len(data) > 0 {
		return len(data), trimCR(data), nil
	}
	return 0, nil, nil
}

func trimCR(line []byte) []byte {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		return line[:n-1]
	}
	return line
}

// ScanWords is a SplitFunc returning each run of non-space runes (unicode.IsSpace).
func ScanWords(data []byte, atEOF bool) (advance int, token []byte, err error) {
	from := 0
	for from < len(data) {
		r, size := utf8.DecodeRune(data[from:])
		if !unicode.IsSpace(r) {
			break
		}
		from += size
	}
	for i := from; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if unicode.IsSpace(r) {
			return i + size, data[from:i], nil
		}
		i += size
	}
	if atEOF && len(data) > from {
		return len(data), data[from:], nil
	}
	return from, nil, nil // skip the spaces, wait for the word's end
}

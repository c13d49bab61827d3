// Package io: the basic stream interfaces, and the helpers and wrappers built on them,
// written for govm from the package's documented contracts.
package io

import "errors"

// EOF is returned by Read when no more input is available.
var EOF = errors.New("EOF")

type Writer interface {
	Write(p []byte) (n int, err error)
}

type Reader interface {
	Read(p []byte) (n int, err error)
}

type StringWriter interface {
	WriteString(s string) (n int, err error)
}

// WriteString writes s to w.
func WriteString(w Writer, s string) (n int, err error) {
	if sw, ok := w.(StringWriter); ok {
		return sw.WriteString(s)
	}
	return w.Write([]byte(s))
}

type Seeker interface {
	Seek(offset int64, whence int) (int64, error)
}

type ByteReader interface {
	ReadByte() (byte, error)
}

type RuneReader interface {
	ReadRune() (r rune, size int, err error)
}

const (
	SeekStart   = 0
	SeekCurrent = 1
	SeekEnd     = 2
)

// ErrUnexpectedEOF means that EOF was met in the middle of a fixed-size block or data
// structure.
var ErrUnexpectedEOF = errors.New("unexpected EOF")

// ErrShortWrite means that a write accepted fewer bytes than requested.
var ErrShortWrite = errors.New("short write")

// ErrShortBuffer means that a read required a longer buffer than was provided.
var ErrShortBuffer = errors.New("short buffer")

// ErrNoProgress is returned by some clients of a Reader when many calls to Read have
// failed to return any data or error.
var ErrNoProgress = errors.New("multiple Read calls return no data or error")

// ErrClosedPipe is the error used for read or write operations on a closed pipe.
var ErrClosedPipe = errors.New("io: read/write on closed pipe")

var errInvalidWrite = errors.New("invalid write result")

type Closer interface {
	Close() error
}

type ReadWriter interface {
	Reader
	Writer
}

type ReadCloser interface {
	Reader
	Closer
}

type WriteCloser interface {
	Writer
	Closer
}

type ReadWriteCloser interface {
	Reader
	Writer
	Closer
}

type ReadSeeker interface {
	Reader
	Seeker
}

type WriteSeeker interface {
	Writer
	Seeker
}

type ReadWriteSeeker interface {
	Reader
	Writer
	Seeker
}

type ReaderFrom interface {
	ReadFrom(r Reader) (n int64, err error)
}

type WriterTo interface {
	WriteTo(w Writer) (n int64, err error)
}

type ReaderAt interface {
	ReadAt(p []byte, off int64) (n int, err error)
}

type WriterAt interface {
	WriteAt(p []byte, off int64) (n int, err error)
}

type ByteScanner interface {
	ByteReader
	UnreadByte() error
}

type ByteWriter interface {
	WriteByte(c byte) error
}

type RuneScanner interface {
	RuneReader
	UnreadRune() error
}

// ReadAll reads r to its end. Reaching EOF is success, so the error is nil then.
// The data grows from 512 bytes by append, which picks the capacities.
func ReadAll(r Reader) ([]byte, error) {
	data := make([]byte, 0, 512)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == EOF {
			return data, nil
		}
		if err != nil {
			return data, err
		}
	}
}

// ReadAtLeast reads into buf until at least min bytes arrived. Running out early is
// EOF when nothing was read and ErrUnexpectedEOF otherwise; once min bytes are in,
// an error from the last Read is dropped.
func ReadAtLeast(r Reader, buf []byte, min int) (n int, err error) {
	if len(buf) < min {
		return 0, ErrShortBuffer
	}
	for n < min && err == nil {
		var got int
		got, err = r.Read(buf[n:])
		n += got
	}
	switch {
	case n >= min:
		err = nil
	case n > 0 && err == EOF:
		err = ErrUnexpectedEOF
	}
	return n, err
}

// ReadFull fills buf completely, or says why it could not.
func ReadFull(r Reader, buf []byte) (n int, err error) {
	return ReadAtLeast(r, buf, len(buf))
}

// CopyN copies exactly n bytes unless src ends (EOF) or fails first.
func CopyN(dst Writer, src Reader, n int64) (written int64, err error) {
	written, err = Copy(dst, LimitReader(src, n))
	if written < n && err == nil {
		err = EOF // the limit was not reached, so src ended
	}
	if written == n {
		err = nil
	}
	return written, err
}

// Copy moves src to dst until src's EOF (which is success) or an error.
func Copy(dst Writer, src Reader) (written int64, err error) {
	return copyThrough(dst, src, nil)
}

// CopyBuffer is Copy using buf as its staging area when it needs one.
func CopyBuffer(dst Writer, src Reader, buf []byte) (written int64, err error) {
	if buf != nil && len(buf) == 0 {
		panic("empty buffer in CopyBuffer")
	}
	return copyThrough(dst, src, buf)
}

// copyThrough lets either side do the copy itself when it knows how (WriterTo,
// ReaderFrom); otherwise it shuttles chunks through buf, 32 KiB by default, or
// no more than a LimitedReader's remaining allowance.
func copyThrough(dst Writer, src Reader, buf []byte) (written int64, err error) {
	if wt, ok := src.(WriterTo); ok {
		return wt.WriteTo(dst)
	}
	if rf, ok := dst.(ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	if buf == nil {
		size := int64(32 << 10)
		if lr, ok := src.(*LimitedReader); ok && lr.N < size {
			size = lr.N
			if size < 1 {
				size = 1
			}
		}
		buf = make([]byte, size)
	}
	for {
		nr, rerr := src.Read(buf)
		if nr > 0 {
			nw, werr := dst.Write(buf[:nr])
			if nw < 0 || nw > nr { // a broken Writer: count nothing
				nw = 0
				if werr == nil {
					werr = errInvalidWrite
				}
			}
			written += int64(nw)
			if werr == nil && nw < nr {
				werr = ErrShortWrite
			}
			if werr != nil {
				return written, werr
			}
		}
		if rerr == EOF {
			return written, nil
		}
		if rerr != nil {
			return written, rerr
		}
	}
}

// LimitReader returns a Reader that reads from r but stops with EOF after n bytes.
func LimitReader(r Reader, n int64) Reader { return &LimitedReader{r, n} }

// A LimitedReader reads from R, at most N more bytes; N counts down as it reads.
type LimitedReader struct {
	R Reader // underlying reader
	N int64  // max bytes remaining
}

func (l *LimitedReader) Read(p []byte) (n int, err error) {
	if l.N <= 0 {
		return 0, EOF
	}
	if int64(len(p)) > l.N {
		p = p[:l.N]
	}
	n, err = l.R.Read(p)
	l.N -= int64(n)
	return n, err
}

// TeeReader returns a Reader that writes to w whatever it reads from r; a failed
// write is reported as the read's error.
func TeeReader(r Reader, w Writer) Reader { return &tee{r, w} }

type tee struct {
	src  Reader
	copy Writer
}

func (t *tee) Read(p []byte) (int, error) {
	n, err := t.src.Read(p)
	if n > 0 {
		if wn, werr := t.copy.Write(p[:n]); werr != nil {
			return wn, werr
		}
	}
	return n, err
}

// Discard is a Writer on which all Write calls succeed without doing anything.
var Discard Writer = sink{}

type sink struct{}

func (sink) Write(p []byte) (int, error)       { return len(p), nil }
func (sink) WriteString(s string) (int, error) { return len(s), nil }

// ReadFrom drains r through a small scratch buffer, so Copy(Discard, r) does not
// allocate Copy's 32 KiB one.
func (sink) ReadFrom(r Reader) (n int64, err error) {
	scratch := make([]byte, 8<<10)
	for {
		got, err := r.Read(scratch)
		n += int64(got)
		if err == EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// NopCloser returns a ReadCloser with a no-op Close method wrapping r.
func NopCloser(r Reader) ReadCloser { return noClose{r} }

type noClose struct{ Reader }

func (noClose) Close() error { return nil }

// MultiReader returns a Reader that reads its readers one after another. Only the
// last one's EOF is reported; the others' EOFs just move on to the next.
func MultiReader(readers ...Reader) Reader {
	return &chain{append([]Reader(nil), readers...)}
}

type chain struct{ rest []Reader }

func (c *chain) Read(p []byte) (int, error) {
	for len(c.rest) > 0 {
		n, err := c.rest[0].Read(p)
		if err != EOF {
			return n, err
		}
		c.rest = c.rest[1:]
		if n > 0 {
			if len(c.rest) > 0 {
				err = nil // more to come
			}
			return n, err
		}
	}
	return 0, EOF
}

// MultiWriter returns a Writer that writes everything to each of writers in turn,
// stopping at the first error or short write. Nested MultiWriters are flattened.
func MultiWriter(writers ...Writer) Writer {
	var fan fanOut
	for _, w := range writers {
		if inner, ok := w.(*fanOut); ok {
			fan = append(fan, *inner...)
		} else {
			fan = append(fan, w)
		}
	}
	return &fan
}

type fanOut []Writer

func (f *fanOut) Write(p []byte) (int, error) {
	for _, w := range *f {
		if n, err := w.Write(p); err != nil || n != len(p) {
			return n, orShort(err)
		}
	}
	return len(p), nil
}

// WriteString passes s as a string to writers that take one, converting it to bytes
// once for the others.
func (f *fanOut) WriteString(s string) (int, error) {
	var p []byte
	for _, w := range *f {
		var n int
		var err error
		if sw, ok := w.(StringWriter); ok {
			n, err = sw.WriteString(s)
		} else {
			if p == nil {
				p = []byte(s)
			}
			n, err = w.Write(p)
		}
		if err != nil || n != len(s) {
			return n, orShort(err)
		}
	}
	return len(s), nil
}

// orShort is err, or ErrShortWrite for a write that stopped short without one.
func orShort(err error) error {
	if err == nil {
		return ErrShortWrite
	}
	return err
}

// Package fmt implements formatted I/O. The formatting engine is written in Rust (the
// runtime's fmt module); this file holds the interfaces and the functions built on it,
// and the scanning functions, written in Go here.
package fmt

import (
	"errors"
	"io"
	"math"
	"os"
	"strconv"
	"unicode/utf8"
)

// Stringer is implemented by any value that has a String method, which defines the
// value's own format (%v, and %s, %q, %x, %X).
type Stringer interface {
	String() string
}

// GoStringer is implemented by any value that has a GoString method, which defines the
// Go syntax (%#v) for the value.
type GoStringer interface {
	GoString() string
}

// State is what a Formatter's Format method writes to, and where it reads the verb's
// width, precision and flags.
type State interface {
	Write(b []byte) (n int, err error)
	Width() (wid int, ok bool)
	Precision() (prec int, ok bool)
	Flag(c int) bool
}

// Formatter is implemented by any value with a Format method, which then controls how
// every verb prints the value.
type Formatter interface {
	Format(f State, verb rune)
}

// Sprintf formats according to a format specifier and returns the resulting string.
func Sprintf(format string, a ...any) string {
	s, _ := sprint(modePrintf, format, a)
	return s
}

// Sprint formats its operands with %v, adding spaces between operands when neither is a
// string.
func Sprint(a ...any) string {
	s, _ := sprint(modePrint, "", a)
	return s
}

// Sprintln formats its operands with %v, always adding spaces between them and a newline.
func Sprintln(a ...any) string {
	s, _ := sprint(modePrintln, "", a)
	return s
}

// The formatting engine is in Rust (engine, below). The methods it calls (Error, String,
// GoString and Format) are Go code, and run here as ordinary calls of the formatting
// goroutine, so that they block, are preempted and panic as any other code does; the
// engine cannot call them itself, as its Rust frames could not be suspended with the
// goroutine. So it asks for them: a run of the engine that needs results it was not
// given returns unfinished, with the calls it needs appended to those it was given, and
// runs again once they are made. Calls are made in the order Go's fmt makes them, and a
// run matches each call it needs against the next one it was given (receiver, method
// and Format's arguments), so a second run is all it takes unless a result leads to
// calls nobody could foresee (the method of a panic value, or of a value that an
// earlier method changed). Go's fmt prints a copy of a map's entries, taken when it
// reaches the map; the copies the engine takes are kept in the same list, so that every
// run prints the same entries whatever the methods do to the map.

// What the engine formats.
const (
	modePrint = iota
	modePrintln
	modePrintf
	modeErrorf // Sprintf with %w allowed
)

// The methods the engine calls.
const (
	callError = iota
	callString
	callGoString
	callFormat
	mapCopy // not a call: a copy of a map's entries (mapAddr, entries, count)
)

// call is a method call the engine asked for and, once made, its outcome. The engine
// reads and writes these fields by their slot offsets (vm/rustlib/fmt.rs).
type call struct {
	recv            any
	method          int
	verb            rune // Format's verb and State
	wid, prec       int
	hasWid, hasPrec bool
	flags           string // Format's flags that are set, among "+-# 0"
	made            bool
	absent          bool // recv does not implement the method's interface
	out             string
	panicked        bool
	p               any     // what the method panicked with
	mapAddr         uintptr   // which map was copied
	entries         []uintptr // the key and value slots of each entry in turn
	count           int       // how many entries
}

// engine formats a (by format, in mode) given the method calls made so far. When it
// needs more it returns done false and the calls to make; errorf also gives the indexes
// of the operands of %w verbs, ascending and without repeats.
func engine(mode int, format string, a []any, calls []call) (s string, wrapped []int, more []call, done bool)

// sprint runs the engine to the end, making the method calls it asks for.
func sprint(mode int, format string, a []any) (string, []int) {
	var calls []call
	for {
		s, wrapped, more, done := engine(mode, format, a, calls)
		if done {
			return s, wrapped
		}
		calls = more
		for i := range calls {
			calls[i].run()
		}
	}
}

// run makes the call, unless it was made; a panic in the method is its outcome.
func (c *call) run() {
	if c.made {
		return
	}
	c.made = true
	defer catch(c)
	switch c.method {
	case callError:
		if e, ok := c.recv.(error); ok {
			c.out = e.Error()
			return
		}
	case callString:
		if s, ok := c.recv.(Stringer); ok {
			c.out = s.String()
			return
		}
	case callGoString:
		if s, ok := c.recv.(GoStringer); ok {
			c.out = s.GoString()
			return
		}
	case callFormat:
		if f, ok := c.recv.(Formatter); ok {
			s := &formatState{wid: c.wid, prec: c.prec, hasWid: c.hasWid, hasPrec: c.hasPrec, flags: c.flags}
			f.Format(s, c.verb)
			c.out = string(s.buf)
			return
		}
	}
	c.absent = true
}

// catch makes a panic in c's method its outcome.
func catch(c *call) {
	if p := recover(); p != nil {
		c.panicked, c.p = true, p
	}
}

// writeStdout writes s to the program's standard output.
func writeStdout(s string)

func Print(a ...any) (n int, err error) {
	s := Sprint(a...)
	writeStdout(s)
	return len(s), nil
}

func Println(a ...any) (n int, err error) {
	s := Sprintln(a...)
	writeStdout(s)
	return len(s), nil
}

func Printf(format string, a ...any) (n int, err error) {
	s := Sprintf(format, a...)
	writeStdout(s)
	return len(s), nil
}

func Fprint(w io.Writer, a ...any) (n int, err error) {
	return w.Write([]byte(Sprint(a...)))
}

func Fprintln(w io.Writer, a ...any) (n int, err error) {
	return w.Write([]byte(Sprintln(a...)))
}

func Fprintf(w io.Writer, format string, a ...any) (n int, err error) {
	return w.Write([]byte(Sprintf(format, a...)))
}

func Append(b []byte, a ...any) []byte {
	return append(b, []byte(Sprint(a...))...)
}

func Appendln(b []byte, a ...any) []byte {
	return append(b, []byte(Sprintln(a...))...)
}

func Appendf(b []byte, format string, a ...any) []byte {
	return append(b, []byte(Sprintf(format, a...))...)
}

// Errorf formats according to a format specifier and returns the string as an error.
// The error wraps the operands of %w verbs: Unwrap() error for one, Unwrap() []error for
// several.
func Errorf(format string, a ...any) error {
	msg, wrapped := sprint(modeErrorf, format, a)
	switch len(wrapped) {
	case 0:
		return errors.New(msg)
	case 1:
		w := &wrapError{msg: msg}
		w.err, _ = a[wrapped[0]].(error)
		return w
	}
	var errs []error
	for _, i := range wrapped {
		if e, ok := a[i].(error); ok {
			errs = append(errs, e)
		}
	}
	return &wrapErrors{msg, errs}
}

type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

type wrapErrors struct {
	msg  string
	errs []error
}

func (e *wrapErrors) Error() string   { return e.msg }
func (e *wrapErrors) Unwrap() []error { return e.errs }

// formatState is the State a Format method gets: it collects what Format writes.
type formatState struct {
	buf     []byte
	wid     int
	prec    int
	hasWid  bool
	hasPrec bool
	flags   string
}

func (s *formatState) Write(b []byte) (n int, err error) {
	s.buf = append(s.buf, b...)
	return len(b), nil
}

func (s *formatState) WriteString(str string) (n int, err error) {
	s.buf = append(s.buf, []byte(str)...)
	return len(str), nil
}

func (s *formatState) Width() (wid int, ok bool) { return s.wid, s.hasWid }

func (s *formatState) Precision() (prec int, ok bool) { return s.prec, s.hasPrec }

func (s *formatState) Flag(c int) bool {
	for i := 0; i < len(s.flags); i++ {
		if int(s.flags[i]) == c {
			return true
		}
	}
	return false
}

// Scanning. Without reflection, operands must be pointers to the basic types
// themselves (*int, *string, ...) or implement Scanner; a pointer to another type
// gets the "can't scan type" error. The rules for spaces, newlines, widths and
// number syntax are those of the package documentation; error texts and how much
// input a failed scan consumes were matched against Go 1.19.

// ScanState is what a Scanner's Scan method reads its input from.
type ScanState interface {
	// ReadRune reads the next rune from the input; io.EOF at the end (or the width limit).
	ReadRune() (r rune, size int, err error)
	// UnreadRune causes the next call to ReadRune to return the same rune.
	UnreadRune() error
	// SkipSpace skips space in the input; newlines are treated as the operation says.
	SkipSpace()
	// Token skips space if skipSpace is true, then returns the run of runes satisfying f
	// (!unicode.IsSpace if f is nil).
	Token(skipSpace bool, f func(rune) bool) (token []byte, err error)
	// Width returns the value of the width option and whether it has been set.
	Width() (wid int, ok bool)
	// Read is part of the interface, but should not be called: use ReadRune.
	Read(buf []byte) (n int, err error)
}

// Scanner is implemented by values that scan their own representation.
type Scanner interface {
	Scan(state ScanState, verb rune) error
}

// Scan reads space-separated values from standard input; newlines count as space.
func Scan(a ...any) (n int, err error) { return Fscan(os.Stdin, a...) }

// Scanln is Scan stopping at a newline, which (or EOF) must follow the last value.
func Scanln(a ...any) (n int, err error) { return Fscanln(os.Stdin, a...) }

// Scanf reads standard input as the format says.
func Scanf(format string, a ...any) (n int, err error) {
	return Fscanf(os.Stdin, format, a...)
}

func Sscan(str string, a ...any) (n int, err error) { return Fscan(&textSource{s: str}, a...) }

func Sscanln(str string, a ...any) (n int, err error) {
	return Fscanln(&textSource{s: str}, a...)
}

func Sscanf(str string, format string, a ...any) (n int, err error) {
	return Fscanf(&textSource{s: str}, format, a...)
}

func Fscan(r io.Reader, a ...any) (n int, err error) {
	return newScan(r, true, false).values(a)
}

func Fscanln(r io.Reader, a ...any) (n int, err error) {
	return newScan(r, false, true).values(a)
}

func Fscanf(r io.Reader, format string, a ...any) (n int, err error) {
	return newScan(r, false, false).formatted(format, a)
}

// textSource is the rune source of the Sscan functions.
type textSource struct {
	s         string
	pos, last int
}

func (t *textSource) Read(p []byte) (int, error) {
	if t.pos >= len(t.s) {
		return 0, io.EOF
	}
	n := copy(p, t.s[t.pos:])
	t.pos += n
	return n, nil
}

func (t *textSource) ReadRune() (rune, int, error) {
	if t.pos >= len(t.s) {
		return 0, 0, io.EOF
	}
	r, n := utf8.DecodeRuneInString(t.s[t.pos:])
	t.pos += n
	t.last = n
	return r, n, nil
}

func (t *textSource) UnreadRune() error {
	t.pos -= t.last
	t.last = 0
	return nil
}

// byteSource turns a plain Reader into runes, reading a byte at a time so that no
// more input is taken than scanned. A rune put back is only remembered for the
// duration of one scanning call (the documented "one rune past" caveat).
type byteSource struct {
	r    io.Reader
	pend []byte // bytes read but not yet returned as runes
	last []byte // the encoding of the rune returned last, for UnreadRune
}

func (b *byteSource) ReadRune() (rune, int, error) {
	for !utf8.FullRune(b.pend) {
		var one [1]byte
		n, err := b.r.Read(one[:])
		if n == 1 {
			b.pend = append(b.pend, one[0])
			continue
		}
		if err == nil {
			continue
		}
		if len(b.pend) == 0 {
			return 0, 0, err
		}
		break // an incomplete encoding at the end: one invalid byte
	}
	r, n := utf8.DecodeRune(b.pend)
	b.last = append(b.last[:0], b.pend[:n]...)
	b.pend = b.pend[n:]
	return r, n, nil
}

func (b *byteSource) UnreadRune() error {
	b.pend = append(append([]byte(nil), b.last...), b.pend...)
	b.last = b.last[:0]
	return nil
}

// scanFailure is the panic that carries a scanning error to the call's end.
type scanFailure struct{ err error }

const noWidth = 1 << 30

// scan is the state of one scanning call; it is the ScanState of custom Scanners.
type scan struct {
	src     io.RuneScanner
	nlSpace bool // newlines are plain space (Scan)
	nlEnds  bool // a newline must end the values (Scanln)
	ended   bool // the source reported EOF
	left    int  // runes the current operand may still read
	width   int  // the current verb's width, or noWidth
	tok     []byte
}

func newScan(r io.Reader, nlSpace, nlEnds bool) *scan {
	src, ok := r.(io.RuneScanner)
	if !ok {
		src = &byteSource{r: r}
	}
	return &scan{src: src, nlSpace: nlSpace, nlEnds: nlEnds, left: noWidth, width: noWidth}
}

func (s *scan) fail(msg string) { panic(scanFailure{errors.New(msg)}) }

// ReadRune reads through the width limit; input errors other than EOF end the scan.
func (s *scan) ReadRune() (r rune, size int, err error) {
	if s.ended || s.left <= 0 {
		return 0, 0, io.EOF
	}
	r, size, err = s.src.ReadRune()
	if err == io.EOF {
		s.ended = true
	}
	if err == nil {
		s.left--
	}
	return r, size, err
}

func (s *scan) UnreadRune() error {
	s.src.UnreadRune()
	s.left++
	s.ended = false
	return nil
}

func (s *scan) Width() (wid int, ok bool) {
	if s.width == noWidth {
		return 0, false
	}
	return s.width, true
}

func (s *scan) Read(buf []byte) (n int, err error) {
	return 0, errors.New("ScanState's Read should not be called. Use ReadRune")
}

// next returns the next rune or eof; "\r\n" reads as '\n'.
const eof = -1

func (s *scan) next() rune {
	r, _, err := s.ReadRune()
	if err == io.EOF {
		return eof
	}
	if err != nil {
		panic(scanFailure{err})
	}
	if r == '\r' {
		switch s.next() {
		case '\n':
			return '\n'
		case eof:
		default:
			s.back()
		}
	}
	return r
}

func (s *scan) back() { s.UnreadRune() }

// needMore fails with io.EOF if the input is over.
func (s *scan) needMore() {
	if s.next() == eof {
		panic(io.EOF)
	}
	s.back()
}

// mustNext is next where the end of input is an unexpected EOF.
func (s *scan) mustNext() rune {
	r := s.next()
	if r == eof {
		panic(scanFailure{io.ErrUnexpectedEOF})
	}
	return r
}

// isSpace is unicode.IsSpace; fmt cannot import unicode's tables cheaply.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\v', '\f', '\r', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return 0x2000 <= r && r <= 0x200A
}

func notSpace(r rune) bool { return !isSpace(r) }

// SkipSpace skips spaces; a newline is one of them only for Scan, and otherwise an error.
func (s *scan) SkipSpace() {
	for {
		r := s.next()
		switch {
		case r == eof:
			return
		case r == '\n' && !s.nlSpace:
			s.fail("unexpected newline")
		case !isSpace(r):
			s.back()
			return
		}
	}
}

func (s *scan) Token(skipSpace bool, f func(rune) bool) (tok []byte, err error) {
	defer func() {
		if e := recover(); e != nil {
			failure, ok := e.(scanFailure)
			if !ok {
				panic(e)
			}
			err = failure.err
		}
	}()
	if f == nil {
		f = notSpace
	}
	return s.run(skipSpace, f), nil
}

// run returns the run of runes satisfying f, after spaces if skipSpace.
func (s *scan) run(skipSpace bool, f func(rune) bool) []byte {
	if skipSpace {
		s.SkipSpace()
	}
	s.tok = s.tok[:0]
	for {
		r := s.next()
		if r == eof {
			break
		}
		if !f(r) {
			s.back()
			break
		}
		s.tok = utf8.AppendRune(s.tok, r)
	}
	return s.tok
}

// take reads the next rune into the token if it is one of set.
func (s *scan) take(set string) bool {
	r := s.next()
	if r == eof {
		return false
	}
	for _, c := range set {
		if c == r {
			s.tok = utf8.AppendRune(s.tok, r)
			return true
		}
	}
	s.back()
	return false
}

// takeAll reads runes of set into the token while there are any; it reports whether
// there was at least one.
func (s *scan) takeAll(set string) bool {
	found := false
	for s.take(set) {
		found = true
	}
	return found
}

// values scans operands separated by space (Scan, Scanln).
func (s *scan) values(a []any) (n int, err error) {
	defer s.catch(&err)
	for _, arg := range a {
		s.operand('v', arg)
		n++
	}
	if s.nlEnds { // only spaces may come before the newline or the end
		for {
			r := s.next()
			if r == '\n' || r == eof {
				break
			}
			if !isSpace(r) {
				s.fail("expected newline")
			}
		}
	}
	return n, nil
}

// catch turns scanning's panics into the call's error.
func (s *scan) catch(err *error) {
	e := recover()
	if e == nil {
		return
	}
	if failure, ok := e.(scanFailure); ok {
		*err = failure.err
	} else if e == io.EOF {
		*err = io.EOF
	} else {
		panic(e)
	}
}

// formatted scans as format says (Scanf).
func (s *scan) formatted(format string, a []any) (n int, err error) {
	defer s.catch(&err)
	for i := 0; i < len(format); {
		c := format[i]
		switch {
		case c == '%':
			i++
			// An optional width, then the verb.
			// The last byte of the format is never width: it is taken as the verb.
			w, wstart := 0, i
			for i+1 < len(format) && '0' <= format[i] && format[i] <= '9' {
				w = 10*w + int(format[i]-'0')
				i++
			}
			if i == len(format) {
				s.fail("missing verb: % at end of format string")
			}
			verb, size := utf8.DecodeRuneInString(format[i:])
			if verb == '%' { // "%%" is a literal percent sign
				i = s.literal(format, i)
				continue
			}
			if verb != 'c' {
				s.SkipSpace()
			}
			if n >= len(a) {
				s.fail("too few operands for format '%" + format[i:] + "'")
			}
			s.width = noWidth
			if i > wstart {
				s.width = w
				s.left = w
			}
			s.operand(verb, a[n])
			s.width, s.left = noWidth, noWidth
			n++
			i += size
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i = s.spaces(format, i)
		default:
			i = s.literal(format, i)
		}
	}
	if n < len(a) {
		s.fail("too many operands")
	}
	return n, nil
}

// literal matches the rune of format at i, which the input must hold, and returns
// the index after it.
func (s *scan) literal(format string, i int) int {
	r, size := utf8.DecodeRuneInString(format[i:])
	if s.mustNext() != r {
		s.fail("input does not match format")
	}
	return i + size
}

// spaces matches the run of spaces and newlines in format at i against the input,
// as documented: a newline (with the spaces before it) takes the input's spaces and
// one newline or the end; spaces right after a newline take any spaces; any other run
// takes at least one space or the end, and no newline. It returns the index after
// the run.
func (s *scan) spaces(format string, i int) int {
	for {
		j := i
		for j < len(format) && (format[j] == ' ' || format[j] == '\t' || format[j] == '\r') {
			j++
		}
		if j < len(format) && format[j] == '\n' {
			s.inputSpaces()
			if r := s.next(); r != '\n' && r != eof {
				s.fail("newline in format does not match input")
			}
			// Spaces after the newline take any spaces, then maybe another newline.
			i = j + 1
			for i < len(format) && (format[i] == ' ' || format[i] == '\t') {
				i++
			}
			s.inputSpaces()
			if i < len(format) && (format[i] == '\n' || format[i] == '\r') {
				continue
			}
			return i
		}
		if j == i {
			return i
		}
		if s.inputSpaces() == 0 {
			switch s.next() {
			case eof:
			case '\n':
				s.fail("newline in input does not match format")
			default:
				s.fail("expected space in input to match format")
			}
		}
		return j
	}
}

// inputSpaces skips spaces other than newlines and returns how many.
func (s *scan) inputSpaces() int {
	n := 0
	for {
		r := s.next()
		if r == eof {
			return n
		}
		if r == '\n' || !isSpace(r) {
			s.back()
			return n
		}
		n++
	}
}

const (
	intBits     = 32 << (^uint(0) >> 63)
	uintptrBits = 32 << (^uintptr(0) >> 63)
)

// operand scans one value into arg.
func (s *scan) operand(verb rune, arg any) {
	if sc, ok := arg.(Scanner); ok {
		if err := sc.Scan(s, verb); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF // the operand was begun
			}
			panic(scanFailure{err})
		}
		return
	}
	switch v := arg.(type) {
	case *bool:
		*v = s.boolean(verb)
	case *int:
		*v = int(s.signed(verb, intBits))
	case *int8:
		*v = int8(s.signed(verb, 8))
	case *int16:
		*v = int16(s.signed(verb, 16))
	case *int32:
		*v = int32(s.signed(verb, 32))
	case *int64:
		*v = s.signed(verb, 64)
	case *uint:
		*v = uint(s.unsigned(verb, intBits))
	case *uint8:
		*v = uint8(s.unsigned(verb, 8))
	case *uint16:
		*v = uint16(s.unsigned(verb, 16))
	case *uint32:
		*v = uint32(s.unsigned(verb, 32))
	case *uint64:
		*v = s.unsigned(verb, 64)
	case *uintptr:
		*v = uintptr(s.unsigned(verb, uintptrBits))
	case *float32:
		*v = float32(s.float(verb, 32, "float32"))
	case *float64:
		*v = s.float(verb, 64, "float64")
	case *string:
		*v = s.text(verb)
	case *[]byte:
		*v = []byte(s.text(verb))
	default:
		t := Sprintf("%T", arg)
		if t == "" || t[0] != '*' {
			s.fail("type not a pointer: " + t)
		}
		s.fail("can't scan type: " + t)
	}
}

// verbFor fails unless verb is one of those allowed for typ.
func (s *scan) verbFor(verb rune, allowed, typ string) {
	for _, v := range allowed {
		if v == verb {
			return
		}
	}
	s.fail("bad verb '%" + string(verb) + "' for " + typ)
}

// boolean accepts 0, 1, t, f, true and false in any case. An unknown first rune
// is consumed and reads as false, as Go does.
func (s *scan) boolean(verb rune) bool {
	s.verbFor(verb, "tv", "boolean")
	s.SkipSpace()
	s.needMore()
	s.tok = s.tok[:0]
	switch s.next() {
	case '1':
		return true
	case 't', 'T':
		if s.take("rR") && !(s.take("uU") && s.take("eE")) {
			s.fail("syntax error scanning boolean")
		}
		return true
	case 'f', 'F':
		if s.take("aA") && !(s.take("lL") && s.take("sS") && s.take("eE")) {
			s.fail("syntax error scanning boolean")
		}
	}
	return false
}

// Digits by base. Underscores between digits are accepted by %v (and for floats).
const (
	binDigits = "01"
	octDigits = "01234567"
	decDigits = "0123456789"
	hexDigits = "0123456789aAbBcCdDeEfF"
)

// integer reads an integer token for verb and returns it with the base to parse it
// in (0: the token carries its prefix). %c is handled by the callers.
func (s *scan) integer(verb rune, signed bool) (string, int) {
	s.verbFor(verb, "bdoUxXv", "integer")
	s.SkipSpace()
	s.needMore()
	s.tok = s.tok[:0]
	base, digits := 10, decDigits
	switch verb {
	case 'b':
		base, digits = 2, binDigits
	case 'o':
		base, digits = 8, octDigits
	case 'x', 'X', 'U':
		base, digits = 16, hexDigits
	}
	found := false // digits already in the token
	if verb == 'U' {
		if s.next() != 'U' || s.next() != '+' {
			s.fail("bad unicode format ")
		}
	} else {
		if signed {
			s.take("+-")
		}
		if verb == 'v' {
			// Base prefixes; a lone or leading 0 means octal.
			base, digits = 0, decDigits+"_"
			if s.take("0") {
				found = true
				digits = octDigits + "_"
				switch {
				case s.take("bB"):
					digits, found = binDigits+"_", false
				case s.take("oO"):
					digits, found = octDigits+"_", false
				case s.take("xX"):
					digits, found = hexDigits+"_", false
				}
			}
		}
	}
	if !s.takeAll(digits) && !found {
		s.fail("expected integer")
	}
	return string(s.tok), base
}

// character reads one rune, spaces included, for %c. Its value must fit a signed
// integer of the operand's size, even for unsigned operands.
func (s *scan) character(bits uint) rune {
	r := s.next()
	if r == eof {
		panic(io.EOF)
	}
	if shift := 64 - bits; int64(r)<<shift>>shift != int64(r) {
		s.fail("overflow on character value " + string(r))
	}
	return r
}

func (s *scan) signed(verb rune, bits uint) int64 {
	if verb == 'c' {
		return int64(s.character(bits))
	}
	tok, base := s.integer(verb, true)
	x, err := strconv.ParseInt(tok, base, 64)
	if err != nil {
		panic(scanFailure{err})
	}
	if shift := 64 - bits; x<<shift>>shift != x {
		s.fail("integer overflow on token " + tok)
	}
	return x
}

func (s *scan) unsigned(verb rune, bits uint) uint64 {
	if verb == 'c' {
		return uint64(s.character(bits))
	}
	tok, base := s.integer(verb, false)
	x, err := strconv.ParseUint(tok, base, 64)
	if err != nil {
		panic(scanFailure{err})
	}
	if shift := 64 - bits; x<<shift>>shift != x {
		s.fail("unsigned integer overflow on token " + tok)
	}
	return x
}

// float reads the longest prefix that can be a float (signs, nan, inf, decimal or
// hexadecimal mantissa, exponent) and converts it; every float verb accepts all forms.
func (s *scan) float(verb rune, bits int, typ string) float64 {
	s.verbFor(verb, "beEfFgGxXv", typ)
	s.SkipSpace()
	s.needMore()
	s.tok = s.tok[:0]
	// NaN takes no sign (so "-nan" is a bad "-"); infinities may have one.
	if s.take("nN") && s.take("aA") && s.take("nN") {
		return s.toFloat(bits)
	}
	s.take("+-")
	if s.take("iI") && s.take("nN") && s.take("fF") {
		return s.toFloat(bits)
	}
	digits, exp := decDigits+"_", "eEpP"
	if s.take("0") && s.take("xX") {
		digits, exp = hexDigits+"_", "pP"
	}
	s.takeAll(digits)
	if s.take(".") {
		s.takeAll(digits)
	}
	if s.take(exp) {
		s.take("+-")
		s.takeAll(decDigits + "_")
	}
	return s.toFloat(bits)
}

// toFloat converts the token. strconv takes a binary exponent only with a hexadecimal
// mantissa, so "1.5p3" is scaled here.
func (s *scan) toFloat(bits int) float64 {
	tok := string(s.tok)
	if p := indexAny(tok, "pP"); p >= 0 && indexAny(tok, "xX") < 0 {
		mant, err := strconv.ParseFloat(tok[:p], bits)
		if err != nil {
			panic(scanFailure{err})
		}
		e, err := strconv.Atoi(tok[p+1:])
		if err != nil {
			panic(scanFailure{err})
		}
		return math.Ldexp(mant, e)
	}
	f, err := strconv.ParseFloat(tok, bits)
	if err != nil {
		panic(scanFailure{err})
	}
	return f
}

func indexAny(s, chars string) int {
	for i := 0; i < len(s); i++ {
		for j := 0; j < len(chars); j++ {
			if s[i] == chars[j] {
				return i
			}
		}
	}
	return -1
}

// text reads a string operand: a space-free word, a Go quoted string (%q) or hex
// pairs (%x).
func (s *scan) text(verb rune) string {
	s.verbFor(verb, "svqxX", "string")
	s.SkipSpace()
	s.needMore()
	switch verb {
	case 'q':
		return s.quoted()
	case 'x', 'X':
		return s.hexBytes()
	}
	return string(s.run(true, notSpace))
}

func (s *scan) quoted() string {
	s.tok = s.tok[:0]
	switch quote := s.mustNext(); quote {
	case '`':
		for r := s.mustNext(); r != '`'; r = s.mustNext() {
			s.tok = utf8.AppendRune(s.tok, r)
		}
		return string(s.tok)
	case '"':
		s.tok = append(s.tok, '"')
		for {
			r := s.mustNext()
			s.tok = utf8.AppendRune(s.tok, r)
			if r == '\\' {
				s.tok = utf8.AppendRune(s.tok, s.mustNext())
			} else if r == '"' {
				break
			}
		}
		str, err := strconv.Unquote(string(s.tok))
		if err != nil {
			panic(scanFailure{err})
		}
		return str
	}
	s.fail("expected quoted string")
	return ""
}

func hexValue(r rune) (byte, bool) {
	switch {
	case '0' <= r && r <= '9':
		return byte(r - '0'), true
	case 'a' <= r && r <= 'f':
		return byte(r - 'a' + 10), true
	case 'A' <= r && r <= 'F':
		return byte(r - 'A' + 10), true
	}
	return 0, false
}

// hexBytes reads pairs of hex digits up to the first rune that is not one.
func (s *scan) hexBytes() string {
	var out []byte
	for {
		r := s.next()
		hi, ok := hexValue(r)
		if !ok {
			if r != eof {
				s.back()
			}
			break
		}
		lo, ok := hexValue(s.mustNext())
		if !ok {
			s.fail("illegal hex digit")
		}
		out = append(out, hi<<4|lo)
	}
	if len(out) == 0 {
		s.fail("no hex data for %x string")
	}
	return string(out)
}

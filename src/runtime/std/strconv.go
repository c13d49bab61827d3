// Package strconv converts between strings and numbers.
package strconv

import "errors"

// ErrRange and ErrSyntax are the causes a NumError carries.
var ErrRange = errors.New("value out of range")
var ErrSyntax = errors.New("invalid syntax")

// NumError records a failed conversion.
type NumError struct {
	Func string
	Num  string
	Err  error
}

func (e *NumError) Error() string {
	return "strconv." + e.Func + ": " + "parsing " + Quote(e.Num) + ": " + e.Err.Error()
}

func (e *NumError) Unwrap() error { return e.Err }

func formatInt(i int64, base int) string
func parseInt(s string, base int, bits int) (int64, int)
func parseFloat(s string) (float64, int)

func Quote(s string) string
func QuoteToASCII(s string) string
func QuoteRune(r rune) string
func QuoteRuneToASCII(r rune) string
func parseUint(s string, base int, bits int) (uint64, int)
func formatUint(i uint64, base int) string
func unquote(s string) (string, bool)

func FormatUint(i uint64, base int) string { return formatUint(i, base) }

func ParseUint(s string, base int, bitSize int) (uint64, error) {
	n, code := parseUint(s, base, bitSize)
	if code != 0 {
		if code == 1 {
			return 0, numError("ParseUint", s, code)
		}
		return n, numError("ParseUint", s, code)
	}
	return n, nil
}
func FormatFloat(f float64, fmt byte, prec, bitSize int) string

func FormatInt(i int64, base int) string { return formatInt(i, base) }
func Itoa(i int) string                 { return formatInt(int64(i), 10) }

func AppendInt(dst []byte, i int64, base int) []byte { return append(dst, formatInt(i, base)...) }
func AppendQuote(dst []byte, s string) []byte        { return append(dst, Quote(s)...) }

// Unquote interprets s as a Go string, rune or raw string literal.
func Unquote(s string) (string, error) {
	v, ok := unquote(s)
	if !ok {
		return "", ErrSyntax
	}
	return v, nil
}

func FormatBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func numError(fn, s string, code int) error {
	if code == 1 {
		return &NumError{fn, s, ErrSyntax}
	}
	return &NumError{fn, s, ErrRange}
}

func Atoi(s string) (int, error) {
	n, code := parseInt(s, 10, 64)
	if code != 0 {
		if code == 1 {
			return 0, numError("Atoi", s, code)
		}
		return int(n), numError("Atoi", s, code)
	}
	return int(n), nil
}

func ParseInt(s string, base int, bitSize int) (int64, error) {
	n, code := parseInt(s, base, bitSize)
	if code != 0 {
		if code == 1 {
			return 0, numError("ParseInt", s, code)
		}
		return n, numError("ParseInt", s, code)
	}
	return n, nil
}

func ParseFloat(s string, bitSize int) (float64, error) {
	f, code := parseFloat(s)
	if code != 0 {
		return f, numError("ParseFloat", s, code)
	}
	if bitSize == 32 {
		f = float64(float32(f))
	}
	return f, nil
}

func ParseBool(str string) (bool, error) {
	switch str {
	case "1", "t", "T", "true", "TRUE", "True":
		return true, nil
	case "0", "f", "F", "false", "FALSE", "False":
		return false, nil
	}
	return false, &NumError{"ParseBool", str, ErrSyntax}
}

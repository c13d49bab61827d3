// Package time: durations (the clock and timers come with goroutines).
package time

// A Duration is an elapsed time in nanoseconds.
type Duration int64

const (
	Nanosecond  Duration = 1
	Microsecond          = 1000 * Nanosecond
	Millisecond          = 1000 * Microsecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
	Hour                 = 60 * Minute
)

func (d Duration) Nanoseconds() int64   { return int64(d) }
func (d Duration) Microseconds() int64  { return int64(d) / 1e3 }
func (d Duration) Milliseconds() int64  { return int64(d) / 1e6 }
func (d Duration) Seconds() float64     { return float64(d) / 1e9 }
func (d Duration) Minutes() float64     { return float64(d) / 6e10 }
func (d Duration) Hours() float64       { return float64(d) / 3.6e12 }

// String formats the duration as Go does: "72h3m0.5s", "1.5s", "300ms", "0s".
func (d Duration) String() string {
	if d == 0 {
		return "0s"
	}
	neg := d < 0
	u := uint64(d)
	if neg {
		u = -u
	}
	var s string
	if u < uint64(Second) {
		// Sub-second: one unit with a fraction.
		var prec int
		var unit string
		switch {
		case u < uint64(Microsecond):
			prec, unit = 0, "ns"
		case u < uint64(Millisecond):
			prec, unit = 3, "µs"
		default:
			prec, unit = 6, "ms"
		}
		s = fmtFrac(u, prec) + unit
	} else {
		s = fmtFrac(u%uint64(Minute), 9) + "s"
		u /= uint64(Minute)
		if u > 0 {
			s = uitoa(u%60) + "m" + s
			u /= 60
			if u > 0 {
				s = uitoa(u) + "h" + s
			}
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// fmtFrac formats v/10^prec with trailing zeros (and a lone point) dropped.
func fmtFrac(v uint64, prec int) string {
	pow := uint64(1)
	for i := 0; i < prec; i++ {
		pow *= 10
	}
	s := uitoa(v / pow)
	frac := v % pow
	if frac == 0 {
		return s
	}
	digits := make([]byte, prec)
	for i := prec - 1; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	end := prec
	for end > 0 && digits[end-1] == '0' {
		end--
	}
	return s + "." + string(digits[:end])
}

func uitoa(v uint64) string {
	if v == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for v > 0 {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b[i:])
}

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

func (d Duration) Nanoseconds() int64  { return int64(d) }
func (d Duration) Microseconds() int64 { return int64(d) / 1e3 }
func (d Duration) Milliseconds() int64 { return int64(d) / 1e6 }
func (d Duration) Seconds() float64    { return float64(d) / 1e9 }
func (d Duration) Minutes() float64    { return float64(d) / 6e10 }
func (d Duration) Hours() float64      { return float64(d) / 3.6e12 }

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

// Truncate rounds d toward zero to a multiple of m.
func (d Duration) Truncate(m Duration) Duration {
	if m <= 0 {
		return d
	}
	return d - d%m
}

// Round rounds d to the nearest multiple of m, halfway values away from zero.
func (d Duration) Round(m Duration) Duration {
	if m <= 0 {
		return d
	}
	r := d % m
	if d < 0 {
		r = -r
		if lessThanHalf(r, m) {
			return d + r
		}
		if d1 := d - m + r; d1 < d {
			return d1
		}
		return minDuration
	}
	if lessThanHalf(r, m) {
		return d - r
	}
	if d1 := d + m - r; d1 > d {
		return d1
	}
	return maxDuration
}

const (
	minDuration Duration = -1 << 63
	maxDuration Duration = 1<<63 - 1
)

func lessThanHalf(x, y Duration) bool { return uint64(x)+uint64(x) < uint64(y) }

func (d Duration) Abs() Duration {
	switch {
	case d >= 0:
		return d
	case d == minDuration:
		return maxDuration
	default:
		return -d
	}
}

type durationError struct{ s string }

func (e *durationError) Error() string { return e.s }

func quote(s string) string { return "\"" + s + "\"" }

var unitMap = map[string]uint64{
	"ns": uint64(Nanosecond),
	"us": uint64(Microsecond),
	"µs": uint64(Microsecond),
	"μs": uint64(Microsecond),
	"ms": uint64(Millisecond),
	"s":  uint64(Second),
	"m":  uint64(Minute),
	"h":  uint64(Hour),
}

// ParseDuration parses a duration string such as "300ms", "-1.5h" or "2h45m".
func ParseDuration(s string) (Duration, error) {
	orig := s
	var d uint64
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "0" {
		return 0, nil
	}
	if s == "" {
		return 0, &durationError{"time: invalid duration " + quote(orig)}
	}
	for s != "" {
		var v, f uint64
		scale := 1.0
		if !(s[0] == '.' || '0' <= s[0] && s[0] <= '9') {
			return 0, &durationError{"time: invalid duration " + quote(orig)}
		}
		pl := len(s)
		i := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			if v > (1<<63-1)/10 {
				return 0, &durationError{"time: invalid duration " + quote(orig)}
			}
			v = v*10 + uint64(s[i]-'0')
			i++
		}
		s = s[i:]
		pre := pl != len(s)
		post := false
		if s != "" && s[0] == '.' {
			s = s[1:]
			pl := len(s)
			i := 0
			overflow := false
			for i < len(s) && '0' <= s[i] && s[i] <= '9' {
				if !overflow {
					if f > (1<<63-1)/10 {
						overflow = true
					} else {
						f = f*10 + uint64(s[i]-'0')
						scale *= 10
					}
				}
				i++
			}
			s = s[i:]
			post = pl != len(s)
		}
		if !pre && !post {
			return 0, &durationError{"time: invalid duration " + quote(orig)}
		}
		i = 0
		for i < len(s) && (s[i] == '.' || s[i] < '0' || s[i] > '9') {
			i++
		}
		if i == 0 {
			return 0, &durationError{"time: missing unit in duration " + quote(orig)}
		}
		u := s[:i]
		s = s[i:]
		unit, ok := unitMap[u]
		if !ok {
			return 0, &durationError{"time: unknown unit " + quote(u) + " in duration " + quote(orig)}
		}
		if v > (1<<63)/unit {
			return 0, &durationError{"time: invalid duration " + quote(orig)}
		}
		v *= unit
		if f > 0 {
			v += uint64(float64(f) * (float64(unit) / scale))
			if v > 1<<63 {
				return 0, &durationError{"time: invalid duration " + quote(orig)}
			}
		}
		d += v
		if d > 1<<63 {
			return 0, &durationError{"time: invalid duration " + quote(orig)}
		}
	}
	if neg {
		return -Duration(d), nil
	}
	if d > 1<<63-1 {
		return 0, &durationError{"time: invalid duration " + quote(orig)}
	}
	return Duration(d), nil
}

// Time is an instant: nanoseconds since the Unix epoch by the wall clock, and a
// monotonic reading that Sub, Since and Until prefer when both times have one. The
// runtime's timers send values of this layout.
type Time struct {
	wall int64
	mono int64
}

func now() (wall, mono int64)

// Now returns the current time.
func Now() Time {
	w, m := now()
	return Time{w, m}
}

// Unix returns the time sec seconds and nsec nanoseconds after the Unix epoch.
func Unix(sec, nsec int64) Time { return Time{wall: sec*1e9 + nsec} }

// UnixMilli returns the time msec milliseconds after the Unix epoch.
func UnixMilli(msec int64) Time { return Time{wall: msec * 1e6} }

func (t Time) Sub(u Time) Duration {
	if t.mono != 0 && u.mono != 0 {
		return Duration(t.mono - u.mono)
	}
	return Duration(t.wall - u.wall)
}

func Since(t Time) Duration { return Now().Sub(t) }
func Until(t Time) Duration { return t.Sub(Now()) }

func (t Time) Add(d Duration) Time {
	t.wall += int64(d)
	if t.mono != 0 {
		t.mono += int64(d)
	}
	return t
}

func (t Time) After(u Time) bool  { return t.Sub(u) > 0 }
func (t Time) Before(u Time) bool { return t.Sub(u) < 0 }
func (t Time) Equal(u Time) bool  { return t.Sub(u) == 0 }
func (t Time) Compare(u Time) int {
	switch d := t.Sub(u); {
	case d < 0:
		return -1
	case d > 0:
		return 1
	}
	return 0
}
func (t Time) IsZero() bool     { return t.wall == 0 && t.mono == 0 }
func (t Time) Unix() int64      { return floorDiv(t.wall, 1e9) }
func (t Time) UnixMilli() int64 { return floorDiv(t.wall, 1e6) }
func (t Time) UnixMicro() int64 { return floorDiv(t.wall, 1e3) }
func (t Time) UnixNano() int64  { return t.wall }
func (t Time) Nanosecond() int  { return int(t.wall - floorDiv(t.wall, 1e9)*1e9) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// Sleep pauses the current goroutine for at least d.
func Sleep(d Duration)

// startTimer arranges for the current time to be sent on c (without blocking) after d
// nanoseconds, and every period nanoseconds after that if period > 0; it returns the
// timer's id. stopTimer cancels it and reports whether it was still pending.
func startTimer(c chan Time, d, period int64) int64
func stopTimer(id int64) bool

// Timer sends the time on C once, after its duration.
type Timer struct {
	C  <-chan Time
	c  chan Time
	id int64
}

func NewTimer(d Duration) *Timer {
	c := make(chan Time, 1)
	return &Timer{C: c, c: c, id: startTimer(c, int64(d), 0)}
}

func (t *Timer) Stop() bool { return stopTimer(t.id) }

func (t *Timer) Reset(d Duration) bool {
	active := stopTimer(t.id)
	t.id = startTimer(t.c, int64(d), 0)
	return active
}

// After waits for the duration to elapse and then sends the current time on the
// returned channel.
func After(d Duration) <-chan Time { return NewTimer(d).C }

// AfterFunc calls f in its own goroutine after d.
func AfterFunc(d Duration, f func()) *Timer {
	t := NewTimer(d)
	go func() {
		<-t.c
		f()
	}()
	return t
}

// Ticker sends the time on C every period; a slow receiver misses ticks.
type Ticker struct {
	C  <-chan Time
	c  chan Time
	id int64
}

func NewTicker(d Duration) *Ticker {
	if d <= 0 {
		panic("non-positive interval for NewTicker")
	}
	c := make(chan Time, 1)
	return &Ticker{C: c, c: c, id: startTimer(c, int64(d), int64(d))}
}

func (t *Ticker) Stop() { stopTimer(t.id) }

func (t *Ticker) Reset(d Duration) {
	if d <= 0 {
		panic("non-positive interval for Ticker.Reset")
	}
	stopTimer(t.id)
	t.id = startTimer(t.c, int64(d), int64(d))
}

// Tick is NewTicker(d).C, or nil if d <= 0.
func Tick(d Duration) <-chan Time {
	if d <= 0 {
		return nil
	}
	return NewTicker(d).C
}

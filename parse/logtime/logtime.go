// Package logtime reads the timestamp at the start of a log line: every
// adb logcat format, ISO 8601 and RFC 3339 (logback, log4j, Python, Spring
// Boot, Android Studio, RFC 5424 syslog), RFC 3164 syslog, nginx's error and
// access logs, and Go's log package. It does no I/O, keeps no mutable state
// and does not allocate.
//
// Times are nanoseconds since the Unix epoch. A timestamp with a zone (Z,
// +08:00, +0800) is converted to UTC. A timestamp without one is taken as
// UTC as it is written: "11-25 18:35:01" reads as 18:35:01Z. Logs rarely say
// their zone, and reading them as written keeps every time in a report the
// time the log shows.
package logtime

import "time"

// Ref is what timestamps without a year (logcat's "11-25 18:35:01.123",
// syslog's "Dec  2 10:00:00") or without a date (logback's "10:00:00.123")
// are read against: the time their log was last written, such as the
// file's modification time. A line is never written after its log was, so
// a year-less timestamp gets Ref's year, or the year before when that
// would put it more than a day after Ref; a date-less one gets Ref's date,
// or the day before when it would be more than a minute after Ref (the
// slack allows for clocks and zones that differ a little).
//
// The zero Ref reads no year-less or date-less timestamp.
type Ref struct {
	ns   int64 // the wall-clock reading as if it were UTC, in ns since the epoch
	year int
	day  int64 // days since the epoch of that reading
}

// NewRef returns the Ref of t, read on t's own wall clock (a file's
// modification time in the machine's zone: the zone of the device, when the
// log was captured there).
func NewRef(t time.Time) Ref {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	day := daysFromCivil(y, int(mo), d)
	return Ref{ns: (day*86400+int64(h*3600+mi*60+s))*1e9 + int64(t.Nanosecond()), year: y, day: day}
}

const (
	minYear = 1900 // years outside [minYear, maxYear] are not timestamps
	maxYear = 2200
	// epochMin is the smallest epoch-seconds value read as a time
	// (2001-09-09): logcat -v monotonic prints seconds since boot in the
	// same shape, and those are not a wall time.
	epochMin = 1_000_000_000
	epochMax = 9_000_000_000 // beyond what int64 nanoseconds hold, about
	// prefixMax is how far into a line the bracketed timestamp of a
	// Common Log Format line (nginx's access log) is looked for.
	prefixMax = 128
	maxPad    = 19 // logcat pads epoch seconds to 19 columns
)

// Parse reads the timestamp at the start of line and returns it in
// nanoseconds since the Unix epoch. line may hold its terminator. ok is
// false when the line does not start with a timestamp of a known shape, or
// the timestamp is not a valid date (month 13, February 30, hour 24). The
// shapes, where F is 1 to 9 fraction digits after '.' or ',', Z a zone ('Z',
// ±HH, ±HHMM or ±HH:MM), [x] optional:
//
//	YYYY-MM-DD(T| )HH:MM:SS[F][[ ]Z]   ISO 8601, RFC 3339, logcat -v year
//	MM-DD HH:MM:SS[F][[ ]Z]            logcat (threadtime, time), year from Ref
//	[SP]SECONDS.FFF                    logcat -v epoch, seconds >= 10^9 (-v monotonic is no wall time)
//	YYYY/MM/DD HH:MM:SS[F]             Go's log package, nginx's error log
//	Mmm [D]D HH:MM:SS[F]               RFC 3164 syslog ("Dec  2 10:00:00"), year from Ref
//	<PRI>[1 ]...                       syslog with its priority (RFC 5424 or 3164)
//	HH:MM:SS(.|,)F                     logback's default pattern, date from Ref
//	[ ...                              any of the above in brackets, logcat -v long's header
//	... [DD/Mon/YYYY:HH:MM:SS ±HHMM]   Common Log Format (nginx's access log), within 128 bytes
//
// A timestamp must not run into a digit ("2026-12-02 10:00:00123" is none).
func Parse(line []byte, ref Ref) (ns int64, ok bool) {
	if len(line) == 0 {
		return 0, false
	}
	switch c := line[0]; {
	case isDigit(c):
		if ns, ok = digits(line, 0, ref); ok {
			return ns, true
		}
	case c == ' ':
		if i := spaces(line, 0); i <= maxPad {
			if ns, ok = epoch(line, i); ok {
				return ns, true
			}
		}
	case c == '[':
		i := spaces(line, 1)
		if i-1 <= maxPad {
			if ns, ok = digits(line, i, ref); ok {
				return ns, true
			}
		}
	case c == '<':
		if ns, ok = syslogPri(line, ref); ok {
			return ns, true
		}
	case c >= 'A' && c <= 'S':
		if ns, ok = syslog(line, 0, ref); ok {
			return ns, true
		}
	}
	return clf(line)
}

// digits reads a timestamp that starts with a digit at b[i].
func digits(b []byte, i int, ref Ref) (int64, bool) {
	n := 0
	for i+n < len(b) && isDigit(b[i+n]) && n <= 19 {
		n++
	}
	switch sep := at(b, i+n); {
	case n == 4 && sep == '-':
		return iso(b, i)
	case n == 4 && sep == '/':
		return slashed(b, i)
	case n == 2 && sep == '-':
		return logcat(b, i, ref)
	case n == 2 && sep == ':':
		return timeOfDay(b, i, ref)
	case n >= 1 && sep == '.':
		return epoch(b, i)
	}
	return 0, false
}

// iso reads YYYY-MM-DD(T| )HH:MM:SS[F][[ ]Z].
func iso(b []byte, i int) (int64, bool) {
	y, ok1 := num(b, i, 4)
	mo, ok2 := num(b, i+5, 2)
	d, ok3 := num(b, i+8, 2)
	if !ok1 || !ok2 || !ok3 || at(b, i+4) != '-' || at(b, i+7) != '-' {
		return 0, false
	}
	if c := at(b, i+10); c != 'T' && c != 't' && c != ' ' {
		return 0, false
	}
	sec, frac, j, ok := clock(b, i+11, false)
	if !ok {
		return 0, false
	}
	off, j, ok := zone(b, j, true, true)
	if !ok {
		return 0, false
	}
	return finish(b, j, y, mo, d, sec, frac, off)
}

// slashed reads YYYY/MM/DD HH:MM:SS[F].
func slashed(b []byte, i int) (int64, bool) {
	y, ok1 := num(b, i, 4)
	mo, ok2 := num(b, i+5, 2)
	d, ok3 := num(b, i+8, 2)
	if !ok1 || !ok2 || !ok3 || at(b, i+4) != '/' || at(b, i+7) != '/' || at(b, i+10) != ' ' {
		return 0, false
	}
	sec, frac, j, ok := clock(b, i+11, false)
	if !ok {
		return 0, false
	}
	return finish(b, j, y, mo, d, sec, frac, 0)
}

// logcat reads MM-DD HH:MM:SS[F][[ ]±HHMM], the year from ref.
func logcat(b []byte, i int, ref Ref) (int64, bool) {
	mo, ok1 := num(b, i, 2)
	d, ok2 := num(b, i+3, 2)
	if !ok1 || !ok2 || at(b, i+5) != ' ' {
		return 0, false
	}
	sec, frac, j, ok := clock(b, i+6, false)
	if !ok {
		return 0, false
	}
	off, j, ok := zone(b, j, true, false)
	if !ok || isDigit(at(b, j)) {
		return 0, false
	}
	return yearless(ref, mo, d, sec, frac, off)
}

// timeOfDay reads HH:MM:SS(.|,)F, the date from ref.
func timeOfDay(b []byte, i int, ref Ref) (int64, bool) {
	sec, frac, j, ok := clock(b, i, true)
	if !ok || isDigit(at(b, j)) || ref.year == 0 {
		return 0, false
	}
	ns := (ref.day*86400+sec)*1e9 + frac
	if ns > ref.ns+int64(time.Minute) {
		ns -= int64(24 * time.Hour)
	}
	return ns, true
}

// epoch reads SECONDS.FFF (3, 6 or 9 fraction digits) followed by a space
// or the end of the line.
func epoch(b []byte, i int) (int64, bool) {
	var s int64
	j := i
	for j < len(b) && isDigit(b[j]) && j-i < 19 {
		s = s*10 + int64(b[j]-'0')
		j++
	}
	if j == i || at(b, j) != '.' || s < epochMin || s > epochMax {
		return 0, false
	}
	frac, k := fraction(b, j+1)
	if n := k - j - 1; n != 3 && n != 6 && n != 9 {
		return 0, false
	}
	if k < len(b) && b[k] != ' ' && b[k] != '\r' && b[k] != '\n' {
		return 0, false
	}
	return s*1e9 + frac, true
}

// common reads the Common Log Format's DD/Mon/YYYY:HH:MM:SS ±HHMM and
// returns the index after it.
func common(b []byte, i int) (ns int64, end int, ok bool) {
	d, ok1 := num(b, i, 2)
	mo := month(b, i+3)
	y, ok2 := num(b, i+7, 4)
	if !ok1 || mo == 0 || !ok2 || at(b, i+2) != '/' || at(b, i+6) != '/' || at(b, i+11) != ':' {
		return 0, 0, false
	}
	sec, frac, j, ok := clock(b, i+12, false)
	if !ok || at(b, j) != ' ' {
		return 0, 0, false
	}
	off, k, ok := zone(b, j+1, false, false)
	if !ok || k == j+1 {
		return 0, 0, false
	}
	ns, ok = finish(b, k, y, mo, d, sec, frac, off)
	return ns, k, ok
}

// clf finds the bracketed timestamp of a Common Log Format line
// ("127.0.0.1 - - [02/Dec/2026:10:00:00 +0000] ...") within prefixMax bytes.
func clf(b []byte) (int64, bool) {
	p := b[:min(len(b), prefixMax)]
	for i := range p {
		if p[i] == '[' && isDigit(at(b, i+1)) {
			if ns, end, ok := common(b, i+1); ok && at(b, end) == ']' {
				return ns, true
			}
		}
	}
	return 0, false
}

// syslogPri reads "<PRI>" and the timestamp after it: RFC 5424's
// "<PRI>1 " and an ISO timestamp, or RFC 3164's "<PRI>Mmm dd ...".
func syslogPri(b []byte, ref Ref) (int64, bool) {
	j := 1
	for j < len(b) && j <= 4 && isDigit(b[j]) {
		j++
	}
	if j == 1 || at(b, j) != '>' {
		return 0, false
	}
	j++
	if at(b, j) == '1' && at(b, j+1) == ' ' {
		return iso(b, j+2)
	}
	if isDigit(at(b, j)) {
		return iso(b, j)
	}
	return syslog(b, j, ref)
}

// syslog reads RFC 3164's "Mmm [D]D HH:MM:SS[F]", the year from ref.
func syslog(b []byte, i int, ref Ref) (int64, bool) {
	mo := month(b, i)
	if mo == 0 || at(b, i+3) != ' ' {
		return 0, false
	}
	j := i + 4
	if at(b, j) == ' ' {
		j++
	}
	d, k := 0, j
	for k < len(b) && isDigit(b[k]) && k-j < 2 {
		d = d*10 + int(b[k]-'0')
		k++
	}
	if k == j || at(b, k) != ' ' {
		return 0, false
	}
	sec, frac, e, ok := clock(b, k+1, false)
	if !ok || isDigit(at(b, e)) {
		return 0, false
	}
	return yearless(ref, mo, d, sec, frac, 0)
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// month reads an English month abbreviation at b[i:] and returns 1 to
// 12, or 0.
func month(b []byte, i int) int {
	if i+3 > len(b) {
		return 0
	}
	for k, m := range months {
		if b[i] == m[0] && b[i+1] == m[1] && b[i+2] == m[2] {
			return k + 1
		}
	}
	return 0
}

// clock reads HH:MM:SS and an optional fraction (required when needFrac is
// set), and returns the seconds of the day, the fraction in nanoseconds and
// the index after them. A second of 60 (a leap second) reads as 59.
func clock(b []byte, i int, needFrac bool) (sec, frac int64, end int, ok bool) {
	h, ok1 := num(b, i, 2)
	m, ok2 := num(b, i+3, 2)
	s, ok3 := num(b, i+6, 2)
	if !ok1 || !ok2 || !ok3 || at(b, i+2) != ':' || at(b, i+5) != ':' || h > 23 || m > 59 || s > 60 {
		return 0, 0, 0, false
	}
	end = i + 8
	if c := at(b, end); (c == '.' || c == ',') && isDigit(at(b, end+1)) {
		frac, end = fraction(b, end+1)
		if isDigit(at(b, end)) {
			return 0, 0, 0, false // more than 9 digits
		}
	} else if needFrac {
		return 0, 0, 0, false
	}
	return int64(h*3600 + m*60 + min(s, 59)), frac, end, true
}

// fraction reads up to 9 digits at b[i:] as nanoseconds.
func fraction(b []byte, i int) (ns int64, end int) {
	scale := int64(1e8)
	j := i
	for j < len(b) && isDigit(b[j]) && j-i < 9 {
		ns += int64(b[j]-'0') * scale
		scale /= 10
		j++
	}
	return ns, j
}

// zone reads a zone at b[i:]: ±HHMM, with space set after one optional
// space; with iso set also ±HH:MM, and 'Z' and ±HH right at b[i]. No digit
// may follow. It returns the offset east of UTC in seconds and the index
// after the zone, or 0 and i when there is none; ok is false when there is
// one but its hours or minutes are out of range.
func zone(b []byte, i int, space, iso bool) (off int64, end int, ok bool) {
	j := i
	if space && at(b, j) == ' ' {
		j++
	}
	c := at(b, j)
	if iso && j == i && (c == 'Z' || c == 'z') && !isDigit(at(b, j+1)) {
		return 0, j + 1, true
	}
	h, okh := num(b, j+1, 2)
	if c != '+' && c != '-' || !okh {
		return 0, i, true
	}
	k, m := j+3, 0
	switch {
	case iso && at(b, k) == ':' && isDigit(at(b, k+1)) && isDigit(at(b, k+2)) && !isDigit(at(b, k+3)):
		m, _ = num(b, k+1, 2)
		k += 3
	case isDigit(at(b, k)) && isDigit(at(b, k+1)) && !isDigit(at(b, k+2)):
		m, _ = num(b, k, 2)
		k += 2
	case iso && j == i && !isDigit(at(b, k)):
		// ±HH
	default:
		return 0, i, true
	}
	if h > 23 || m > 59 {
		return 0, 0, false
	}
	off = int64(h*3600 + m*60)
	if c == '-' {
		off = -off
	}
	return off, k, true
}

// finish checks that no digit follows the timestamp at b[end] and makes
// the time.
func finish(b []byte, end, y, mo, d int, sec, frac, off int64) (int64, bool) {
	if isDigit(at(b, end)) || !validDate(y, mo, d) {
		return 0, false
	}
	return (daysFromCivil(y, mo, d)*86400+sec-off)*1e9 + frac, true
}

// yearless makes the time of a timestamp without a year: ref's year, or
// the year before when that puts it more than a day after ref.
func yearless(ref Ref, mo, d int, sec, frac, off int64) (int64, bool) {
	if ref.year == 0 {
		return 0, false
	}
	for y := ref.year; y >= ref.year-1; y-- {
		if !validDate(y, mo, d) {
			continue
		}
		ns := (daysFromCivil(y, mo, d)*86400+sec-off)*1e9 + frac
		if y < ref.year || ns <= ref.ns+int64(24*time.Hour) {
			return ns, true
		}
	}
	return 0, false
}

func validDate(y, mo, d int) bool {
	if y < minYear || y > maxYear || mo < 1 || mo > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[mo]
	if mo == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// daysFromCivil returns the days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar (Howard Hinnant's days_from_civil).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// num reads exactly n digits at b[i:].
func num(b []byte, i, n int) (int, bool) {
	if i < 0 || i+n > len(b) {
		return 0, false
	}
	v := 0
	for _, c := range b[i : i+n] {
		if !isDigit(c) {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// at returns b[i], or 0 when i is out of range.
func at(b []byte, i int) byte {
	if i >= 0 && i < len(b) {
		return b[i]
	}
	return 0
}

func spaces(b []byte, i int) int {
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}

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

import (
	"bytes"
	"time"
)

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
	if h, ok := start(line, ref); ok {
		if ns, ok := h.rest(line, ref); ok {
			return ns, true
		}
	}
	return clf(line)
}

// A timestamp of every shape but the Common Log Format's is read in two
// parts: its head, up to its seconds (for the epoch shape, up to the '.'
// after them), which start reads, and the rest (fraction, zone, what
// follows), which head.rest reads. The head's bytes alone, with the Ref,
// make the head: consecutive lines often share them, which is what Memo
// uses.

// The shapes of heads.
const (
	shapeDate      = iota + 1 // YYYY-MM-DD(T| )HH:MM:SS: a zone may follow
	shapeSlashed              // YYYY/MM/DD HH:MM:SS
	shapeLogcat               // MM-DD HH:MM:SS, year from Ref: a zone may follow
	shapeSyslog               // Mmm [D]D HH:MM:SS, year from Ref
	shapeTimeOfDay            // HH:MM:SS, date from Ref: a fraction must follow
	shapeEpoch                // SECONDS.
)

// head is what the head of a timestamp says.
type head struct {
	shape uint8
	end   int   // the index after the head
	sec   int64 // seconds of the day; for shapeEpoch, since the epoch
	// day is the days since the epoch of the date; for the shapes
	// without a year, of the date in Ref's year, when okDay: the date
	// exists then. mo and d are their month and day, for the year before
	// (see prev).
	day   int64
	okDay bool
	mo, d uint8
}

// prev returns the days since the epoch of h's month and day in the year
// before ref's, and whether that date exists.
func (h *head) prev(ref Ref) (int64, bool) {
	y, mo, d := ref.year-1, int(h.mo), int(h.d)
	if !validDate(y, mo, d) {
		return 0, false
	}
	return daysFromCivil(y, mo, d), true
}

// start reads the head of the timestamp at the start of line.
func start(line []byte, ref Ref) (head, bool) {
	if len(line) == 0 {
		return head{}, false
	}
	switch c := line[0]; {
	case isDigit(c):
		return digits(line, 0, ref)
	case c == ' ':
		if i := spaces(line, 0); i <= maxPad {
			return epoch(line, i)
		}
	case c == '[':
		i := spaces(line, 1)
		if i-1 <= maxPad {
			return digits(line, i, ref)
		}
	case c == '<':
		return syslogPri(line, ref)
	case c >= 'A' && c <= 'S':
		return syslog(line, 0, ref)
	}
	return head{}, false
}

// rest reads the rest of the timestamp whose head is h, in line, and makes
// its time.
func (h *head) rest(b []byte, ref Ref) (int64, bool) {
	if h.shape == shapeEpoch {
		frac, k := fraction(b, h.end)
		if n := k - h.end; n != 3 && n != 6 && n != 9 {
			return 0, false
		}
		if k < len(b) && b[k] != ' ' && b[k] != '\r' && b[k] != '\n' {
			return 0, false
		}
		return h.sec*1e9 + frac, true
	}
	frac, j, ok := subsec(b, h.end, h.shape == shapeTimeOfDay)
	if !ok {
		return 0, false
	}
	var off int64
	switch h.shape {
	case shapeDate, shapeLogcat:
		if off, j, ok = zone(b, j, true, h.shape == shapeDate); !ok {
			return 0, false
		}
	}
	if isDigit(at(b, j)) {
		return 0, false
	}
	switch h.shape {
	case shapeLogcat, shapeSyslog:
		// Ref's year, or the year before when that puts it more than a
		// day after Ref.
		if h.okDay {
			if ns := (h.day*86400+h.sec-off)*1e9 + frac; ns <= ref.ns+int64(24*time.Hour) {
				return ns, true
			}
		}
		if prev, ok := h.prev(ref); ok {
			return (prev*86400+h.sec-off)*1e9 + frac, true
		}
		return 0, false
	case shapeTimeOfDay:
		ns := (h.day*86400+h.sec)*1e9 + frac
		if ns > ref.ns+int64(time.Minute) {
			ns -= int64(24 * time.Hour)
		}
		return ns, true
	}
	return (h.day*86400+h.sec-off)*1e9 + frac, true
}

// digits reads the head of a timestamp that starts with a digit at b[i].
func digits(b []byte, i int, ref Ref) (head, bool) {
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
	return head{}, false
}

// ymd reads YYYY?MM?DD at b[i:], with sep between the numbers, as days
// since the epoch.
func ymd(b []byte, i int, sep byte) (int64, bool) {
	y, ok1 := num(b, i, 4)
	mo, ok2 := num(b, i+5, 2)
	d, ok3 := num(b, i+8, 2)
	if !ok1 || !ok2 || !ok3 || at(b, i+4) != sep || at(b, i+7) != sep || !validDate(y, mo, d) {
		return 0, false
	}
	return daysFromCivil(y, mo, d), true
}

// iso reads the head of YYYY-MM-DD(T| )HH:MM:SS[F][[ ]Z].
func iso(b []byte, i int) (head, bool) {
	day, ok := ymd(b, i, '-')
	if !ok {
		return head{}, false
	}
	if c := at(b, i+10); c != 'T' && c != 't' && c != ' ' {
		return head{}, false
	}
	sec, ok := hms(b, i+11)
	return head{shape: shapeDate, end: i + 19, sec: sec, day: day}, ok
}

// slashed reads the head of YYYY/MM/DD HH:MM:SS[F].
func slashed(b []byte, i int) (head, bool) {
	day, ok := ymd(b, i, '/')
	if !ok || at(b, i+10) != ' ' {
		return head{}, false
	}
	sec, ok := hms(b, i+11)
	return head{shape: shapeSlashed, end: i + 19, sec: sec, day: day}, ok
}

// logcat reads the head of MM-DD HH:MM:SS[F][[ ]±HHMM], the year from ref.
func logcat(b []byte, i int, ref Ref) (head, bool) {
	mo, ok1 := num(b, i, 2)
	d, ok2 := num(b, i+3, 2)
	if !ok1 || !ok2 || at(b, i+5) != ' ' {
		return head{}, false
	}
	sec, ok := hms(b, i+6)
	if !ok {
		return head{}, false
	}
	return yearless(head{shape: shapeLogcat, end: i + 14, sec: sec}, ref, mo, d)
}

// timeOfDay reads the head of HH:MM:SS(.|,)F, the date from ref.
func timeOfDay(b []byte, i int, ref Ref) (head, bool) {
	sec, ok := hms(b, i)
	if !ok || ref.year == 0 {
		return head{}, false
	}
	return head{shape: shapeTimeOfDay, end: i + 8, sec: sec, day: ref.day}, true
}

// epoch reads the head of SECONDS.FFF (3, 6 or 9 fraction digits followed
// by a space or the end of the line): the seconds and the '.'.
func epoch(b []byte, i int) (head, bool) {
	var s int64
	j := i
	for j < len(b) && isDigit(b[j]) && j-i < 19 {
		s = s*10 + int64(b[j]-'0')
		j++
	}
	if j == i || at(b, j) != '.' || s < epochMin || s > epochMax {
		return head{}, false
	}
	return head{shape: shapeEpoch, end: j + 1, sec: s}, true
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
	for i := 0; ; i++ {
		// IndexByte: the lines looked back through for a time (NDJSON,
		// say) are read up to here, and most have no '[' at all.
		j := bytes.IndexByte(p[i:], '[')
		if j < 0 {
			return 0, false
		}
		i += j
		if isDigit(at(b, i+1)) {
			if ns, end, ok := common(b, i+1); ok && at(b, end) == ']' {
				return ns, true
			}
		}
	}
}

// syslogPri reads "<PRI>" and the head of the timestamp after it: RFC
// 5424's "<PRI>1 " and an ISO timestamp, or RFC 3164's "<PRI>Mmm dd ...".
func syslogPri(b []byte, ref Ref) (head, bool) {
	j := 1
	for j < len(b) && j <= 4 && isDigit(b[j]) {
		j++
	}
	if j == 1 || at(b, j) != '>' {
		return head{}, false
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

// syslog reads the head of RFC 3164's "Mmm [D]D HH:MM:SS[F]", the year
// from ref.
func syslog(b []byte, i int, ref Ref) (head, bool) {
	mo := month(b, i)
	if mo == 0 || at(b, i+3) != ' ' {
		return head{}, false
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
		return head{}, false
	}
	sec, ok := hms(b, k+1)
	if !ok {
		return head{}, false
	}
	return yearless(head{shape: shapeSyslog, end: k + 9, sec: sec}, ref, mo, d)
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
	if sec, ok = hms(b, i); !ok {
		return 0, 0, 0, false
	}
	if frac, end, ok = subsec(b, i+8, needFrac); !ok {
		return 0, 0, 0, false
	}
	return sec, frac, end, true
}

// hms reads HH:MM:SS at b[i:] as seconds of the day. A second of 60 (a
// leap second) reads as 59.
func hms(b []byte, i int) (int64, bool) {
	if i < 0 || i+8 > len(b) {
		return 0, false
	}
	p := b[i : i+8]
	h0, h1, m0, m1, s0, s1 := p[0]-'0', p[1]-'0', p[3]-'0', p[4]-'0', p[6]-'0', p[7]-'0'
	if h0 > 9 || h1 > 9 || m0 > 9 || m1 > 9 || s0 > 9 || s1 > 9 || p[2] != ':' || p[5] != ':' {
		return 0, false
	}
	h, m, s := int(h0)*10+int(h1), int(m0)*10+int(m1), int(s0)*10+int(s1)
	if h > 23 || m > 59 || s > 60 {
		return 0, false
	}
	return int64(h*3600 + m*60 + min(s, 59)), true
}

// subsec reads the optional fraction of a second at b[i:], '.' or ','
// then 1 to 9 digits (required when needFrac is set), and returns it in
// nanoseconds and the index after it.
func subsec(b []byte, i int, needFrac bool) (frac int64, end int, ok bool) {
	if c := at(b, i); (c == '.' || c == ',') && isDigit(at(b, i+1)) {
		frac, end = fraction(b, i+1)
		if isDigit(at(b, end)) {
			return 0, 0, false // more than 9 digits
		}
		return frac, end, true
	}
	return 0, i, !needFrac
}

// fraction reads up to 9 digits at b[i:] as nanoseconds.
func fraction(b []byte, i int) (ns int64, end int) {
	if i >= 0 && i+3 < len(b) {
		// milliseconds, the most common
		d0, d1, d2, d3 := b[i]-'0', b[i+1]-'0', b[i+2]-'0', b[i+3]-'0'
		if d0 <= 9 && d1 <= 9 && d2 <= 9 && d3 > 9 {
			return int64(d0)*1e8 + int64(d1)*1e7 + int64(d2)*1e6, i + 3
		}
	}
	j := i
	for j < len(b) && j-i < 9 {
		c := b[j] - '0'
		if c > 9 {
			break
		}
		ns = ns*10 + int64(c)
		j++
	}
	return ns * pow10[9-(j-i)], j
}

var pow10 = [10]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

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
	if c != '+' && c != '-' {
		if iso && j == i && (c == 'Z' || c == 'z') && !isDigit(at(b, j+1)) {
			return 0, j + 1, true
		}
		return 0, i, true
	}
	h, okh := num(b, j+1, 2)
	if !okh {
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

// yearless completes h, the head of a timestamp without a year, with the
// days of its date in ref's year and in the year before (see head.rest).
func yearless(h head, ref Ref, mo, d int) (head, bool) {
	if ref.year == 0 {
		return head{}, false
	}
	if h.okDay = validDate(ref.year, mo, d); h.okDay {
		h.day = daysFromCivil(ref.year, mo, d)
	}
	h.mo, h.d = uint8(mo), uint8(d)
	return h, h.okDay || validDate(ref.year-1, mo, d)
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

// maxHead is the longest head a Memo keeps: "[", 19 spaces and a date and
// time of 19 bytes, or "<PRI>1 " and 19, fit.
const maxHead = 48

// Memo reads timestamps as Parse does, faster when consecutive lines share
// their timestamp up to the second ("11-25 18:35:01.127", "11-25
// 18:35:01.141"), as lines of a busy log do: it keeps the bytes of the
// last timestamp up to its seconds (its head) and what they say, and on a
// line that starts with the same bytes, read against the same Ref, only
// reads the rest (fraction, zone). Its results are Parse's, line for line.
// The zero Memo is ready to use; it does not allocate.
type Memo struct {
	ref Ref
	h   head
	n   int // len of the head kept in key; 0 when none
	// fast is the time of the head with a zero fraction and no zone, when
	// fastOK: then a rest of three fraction digits and a space (no zone)
	// only adds its fraction.
	fast   int64
	fastOK bool
	key    [maxHead]byte
}

// Parse returns Parse(line, ref).
func (m *Memo) Parse(line []byte, ref Ref) (int64, bool) {
	if m.n == 0 || len(line) < m.n || string(line[:m.n]) != string(m.key[:m.n]) || ref != m.ref {
		if m.nextSecond(line, ref) {
			goto rest
		}
		h, ok := start(line, ref)
		if !ok {
			return clf(line) // the head kept stays: a line without a time changes nothing
		}
		m.h, m.ref, m.n, m.fastOK = h, ref, 0, false
		if h.end <= maxHead {
			m.n = copy(m.key[:], line[:h.end])
			m.prepare()
		}
	}
rest:
	if b := line[m.n:]; m.fastOK && len(b) >= 5 && (b[0] == '.' || b[0] == ',') && b[4] == ' ' {
		d0, d1, d2 := b[1]-'0', b[2]-'0', b[3]-'0'
		if d0 <= 9 && d1 <= 9 && d2 <= 9 && (len(b) == 5 || b[5] != '+' && b[5] != '-') {
			return m.fast + int64(d0)*1e8 + int64(d1)*1e7 + int64(d2)*1e6, true
		}
	}
	if ns, ok := m.h.rest(line, ref); ok {
		return ns, true
	}
	return clf(line)
}

// nextSecond takes line's head from the one kept when they differ only in
// their seconds, the last two bytes of every head but shapeEpoch's, as in
// a log of a line or so a second. It reports whether it did.
func (m *Memo) nextSecond(line []byte, ref Ref) bool {
	n := m.n
	if n < 2 || len(line) < n || m.h.shape == shapeEpoch || ref != m.ref || string(line[:n-2]) != string(m.key[:n-2]) {
		return false
	}
	s0, s1 := line[n-2]-'0', line[n-1]-'0'
	if s0 > 9 || s1 > 9 || s0*10+s1 > 60 {
		return false
	}
	old := int64(min((m.key[n-2]-'0')*10+m.key[n-1]-'0', 59))
	m.h.sec += int64(min(s0*10+s1, 59)) - old
	m.key[n-2], m.key[n-1] = line[n-2], line[n-1]
	m.fastOK = false
	m.prepare()
	return true
}

// prepare sets fast and fastOK for the head kept: for the shapes whose rest
// is a fraction, maybe a zone, and no digit, when the fraction cannot
// change the year a year-less timestamp gets (see head.rest).
func (m *Memo) prepare() {
	h := &m.h
	at := func(day int64) int64 { return (day*86400 + h.sec) * 1e9 }
	switch h.shape {
	case shapeDate, shapeSlashed:
		m.fast, m.fastOK = at(h.day), true
	case shapeLogcat, shapeSyslog:
		limit := m.ref.ns + int64(24*time.Hour)
		switch {
		case h.okDay && at(h.day)+int64(time.Second)-1 <= limit:
			m.fast, m.fastOK = at(h.day), true
		case !h.okDay || at(h.day) > limit:
			if prev, ok := h.prev(m.ref); ok {
				m.fast, m.fastOK = at(prev), true
			}
		}
	}
}

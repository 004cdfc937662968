package parse

import "bytes"

// LogcatFormat names a logcat -v output format.
type LogcatFormat uint8

// The logcat formats ParseLogcat recognises. The examples show a line of each
// as "adb logcat -v <name>" writes it; see ParseLogcat for the exact grammar.
const (
	LogcatNone       LogcatFormat = iota // not a logcat line
	LogcatThreadtime                     // "11-25 18:35:01.123  4321  4390 E JIM     : message" (the adb logcat default)
	LogcatBrief                          // "E/JIM     ( 4321): message"
	LogcatTime                           // "11-25 18:35:01.123 E/JIM     ( 4321): message"
	LogcatProcess                        // "E( 4321) message  (JIM)"
	LogcatTag                            // "E/JIM     : message"
	LogcatThread                         // "E( 4321: 4390) message"
	LogcatLongHeader                     // "[ 11-25 18:35:01.123  4321: 4390 E/JIM      ]": the header line of -v long
	LogcatMarker                         // "--------- beginning of main", "--------- switch to main"
)

var logcatFormatNames = [...]string{
	LogcatNone:       "",
	LogcatThreadtime: "threadtime",
	LogcatBrief:      "brief",
	LogcatTime:       "time",
	LogcatProcess:    "process",
	LogcatTag:        "tag",
	LogcatThread:     "thread",
	LogcatLongHeader: "long",
	LogcatMarker:     "marker",
}

// String returns the name logcat -v gives the format ("threadtime", "brief",
// "time", "process", "tag", "thread", "long"), "marker" for LogcatMarker, and
// "" for LogcatNone and for values that are not a LogcatFormat constant.
func (f LogcatFormat) String() string {
	if int(f) < len(logcatFormatNames) {
		return logcatFormatNames[f]
	}
	return ""
}

// LogcatLine holds the fields of one logcat line. Byte-slice fields alias the
// input line (no copies); their capacity is cut to their length, so appending
// to one copies it rather than overwriting the line.
type LogcatLine struct {
	Format    LogcatFormat
	Timestamp []byte // as written, e.g. "11-25 18:35:01.123"; nil when the format has none
	PID, TID  int    // -1 when absent
	Level     byte   // 'V','D','I','W','E','F','A' or 'S'; 0 when absent
	Tag       []byte // trimmed of the padding spaces logcat adds; nil when absent
	Message   []byte // the rest; for LogcatMarker the buffer name ("main", "/dev/log/system"); for LogcatLongHeader nil
}

// ParseLogcat recognises line as a line of "adb logcat" output and returns
// its fields. line excludes its terminator; trailing '\r' bytes (from CRLF or
// the "\r\r\n" of old adb shells) are tolerated and excluded from the fields.
// For anything else ParseLogcat returns ok=false and a LogcatLine with Format
// LogcatNone, PID and TID -1 and no other field set. It does not allocate.
//
// The accepted grammar, where SP is one or more spaces, [x] is optional (so
// [SP] is any number of spaces: the amount of padding never matters), LVL
// is one of the bytes V D I W E F A S ('?', liblog's unknown priority, is not
// accepted), NUM is a decimal number of at most 2147483647, TS a timestamp
// as described below, TAG any bytes but ASCII control bytes, MSG any bytes:
//
//	threadtime  TS SP [UID SP] NUM SP NUM SP LVL SP TAG (": " MSG | ":" end)
//	time        TS SP LVL "/" TAG "(" ID "):" [" " MSG]
//	brief       LVL "/" TAG "(" ID "):" [" " MSG]
//	tag         LVL "/" TAG ":" [" " MSG]
//	process     LVL "(" ID ") " [MSG] "  (" TAG ")"
//	thread      LVL "(" [[SP] UID ":"] [SP] NUM ":" [SP] NUM ")" [" " MSG]
//	long        "[" SP TS SP [UID ":"] [SP] NUM ":" [SP] TID SP LVL "/" TAG " ]"
//	marker      "--------- beginning of " NAME | "--------- switch to " NAME
//
// ID is [SP] NUM or [SP] UID ":" [SP] NUM. UID is a NUM or a user name, a
// lowercase letter or '_' and up to 31 more lowercase letters, digits or
// '_', as -v uid prints it ("root", "u0_a123"); it is skipped, not reported.
// TID is a NUM or, as old versions printed the tid of long headers with "%p",
// "0x" and lowercase hex digits. NAME is a buffer name ("main",
// "/dev/log/system") without spaces or control bytes.
//
// TS is one of
//
//	MM-DD HH:MM:SS.FFF           the default
//	YYYY-MM-DD HH:MM:SS.FFF      -v year
//	[SP] SECONDS.FFF             -v epoch, -v monotonic: 1 to 19 digits
//
// where FFF is 3, 6 or 9 digits (-v usec, -v nsec), month, day, hour, minute
// and second are range-checked (second up to 60), and the first two forms may
// be followed by a -v zone offset, a sign and 4 digits, with or without a
// space before it ("18:35:01.123 +0800"). Timestamp is the timestamp as
// written, zone included, without leading spaces. A line may start with
// spaces (up to 19, as logcat right-aligns epoch seconds) only before the
// SECONDS form.
//
// The tag ends at the first ": " in threadtime and tag lines; in time and
// brief lines at the first "(" that opens a well-formed "(ID): ", provided no
// ": " comes before that "("; in long lines at the final " ]"; in process
// lines it lies between the last two spaces and "(" and the final ")". Tag is
// trimmed of spaces on both sides; it may be empty. In the formats without a
// timestamp, whose only anchor is punctuation, the tag must in addition look
// like one logcat wrote, so that prose is not taken for a log line: in brief
// lines it may not start with a space and may contain one only if the pid
// field is at least 5 bytes wide, as logcat's "%5d" makes it ("( 4321)"); in
// tag lines it may contain no space and its field, padding included, must be
// at least 8 bytes wide (logcat's "%-8s"); in both, an empty tag must be
// padded to 8 spaces. So "I/O error: disk full", "I/O error (5): x" and
// "E/ something (2): x" are not logcat lines, nor is a squeezed tag line
// "E/JIM: x".
//
// "(A: B)" with two numbers reads as pid A and tid B (thread), so a
// "-v process,uid" line with a numeric uid is misread as a thread line; with
// a user name it is read right. Not recognised: the message lines of a -v
// long record, blank lines, stack trace lines and other text not prefixed by
// a logcat header, and the output of -v raw (no header), -v color (escape
// sequences around the line), -v descriptive and Android Studio's logcat
// window.
func ParseLogcat(line []byte) (LogcatLine, bool) {
	n := len(line)
	for n > 0 && line[n-1] == '\r' {
		n--
	}
	b := line[:n:n]
	if n == 0 {
		return LogcatLine{PID: -1, TID: -1}, false
	}
	var l LogcatLine
	ok := false
	switch c := b[0]; {
	case c >= '0' && c <= '9' || c == ' ':
		l, ok = parseLogcatTimed(b)
	case logcatLevel[c]:
		l, ok = parseLogcatUntimed(b)
	case c == '[':
		l, ok = parseLogcatLong(b)
	case c == '-':
		l, ok = parseLogcatMarker(b)
	}
	if !ok {
		return LogcatLine{PID: -1, TID: -1}, false
	}
	return l, true
}

// IsLogcatLongHeader reports whether line (without its terminator; trailing
// '\r' bytes are tolerated) is the header line of a -v long record, that is,
// whether ParseLogcat returns it with Format LogcatLongHeader. The record's
// message follows on the next lines, up to an empty line. It does not
// allocate.
func IsLogcatLongHeader(line []byte) bool {
	n := len(line)
	for n > 0 && line[n-1] == '\r' {
		n--
	}
	if n == 0 || line[0] != '[' {
		return false
	}
	_, ok := parseLogcatLong(line[:n:n])
	return ok
}

// logcatLevel marks the priority letters logcat prints.
var logcatLevel = [256]bool{'V': true, 'D': true, 'I': true, 'W': true, 'E': true, 'F': true, 'A': true, 'S': true}

// logcatTimestampMaxPad is the widest padding before an epoch timestamp
// (logcat prints the seconds with "%19lld").
const logcatTimestampMaxPad = 19

func logcatIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// logcatAt returns b[i], or 0 when i is out of range.
func logcatAt(b []byte, i int) byte {
	if i >= 0 && i < len(b) {
		return b[i]
	}
	return 0
}

// logcatSpaces returns the index of the first non-space byte at or after i.
func logcatSpaces(b []byte, i int) int {
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}

// logcatTrim returns b[i:j] without leading and trailing spaces, with its
// capacity cut to its length. The result is never nil.
func logcatTrim(b []byte, i, j int) []byte {
	for j > i && b[j-1] == ' ' {
		j--
	}
	for i < j && b[i] == ' ' {
		i++
	}
	return b[i:j:j]
}

// logcatHasControl reports whether t holds an ASCII control byte.
func logcatHasControl(t []byte) bool {
	for _, c := range t {
		if c < 0x20 || c == 0x7f {
			return true
		}
	}
	return false
}

// logcatNum reads a decimal number at b[i:], at least one digit and at most
// 2147483647 (so at most 10 digits, leading zeros aside), not followed by a
// digit, and returns it and the index after it.
func logcatNum(b []byte, i int) (v, end int, ok bool) {
	const maxInt32 = 1<<31 - 1
	j := i
	for j < len(b) && logcatIsDigit(b[j]) {
		d := int(b[j] - '0')
		if v > (maxInt32-d)/10 {
			return 0, 0, false
		}
		v = v*10 + d
		j++
	}
	if j == i {
		return 0, 0, false
	}
	return v, j, true
}

// logcatHex reads "0x" and lowercase hex digits, at most 0x7fffffff, not
// followed by a hex digit.
func logcatHex(b []byte, i int) (v, end int, ok bool) {
	if logcatAt(b, i) != '0' || logcatAt(b, i+1) != 'x' {
		return 0, 0, false
	}
	j := i + 2
	for j < len(b) {
		c := b[j]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		default:
			goto done
		}
		if v > 0x7ffffff {
			return 0, 0, false
		}
		v = v<<4 | int(d)
		j++
	}
done:
	if j == i+2 {
		return 0, 0, false
	}
	return v, j, true
}

// logcatName reads a user name as -v uid prints it: a lowercase letter or '_'
// and up to 31 lowercase letters, digits or '_'.
func logcatName(b []byte, i int) (end int, ok bool) {
	c := logcatAt(b, i)
	if !(c >= 'a' && c <= 'z' || c == '_') {
		return 0, false
	}
	j := i + 1
	for j < len(b) {
		c = b[j]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			break
		}
		j++
	}
	if j-i > 32 {
		return 0, false
	}
	return j, true
}

// logcatIDs is what logcatColonIDs reads: up to 3 colon-separated fields.
type logcatIDs struct {
	v     [3]int // the numeric fields, in order
	n     int    // how many numeric fields
	named bool   // whether a user name came before them
	width int    // width of the last field, its padding included
	end   int    // index after the last field
}

// logcatColonIDs reads "[SP] F [":" [SP] F [":" [SP] F]]" at b[i:], where F
// is a NUM, a user name (first field only) or, if hex, "0x" hex digits
// (last field only: only the tid was printed in hex).
func logcatColonIDs(b []byte, i int, hex bool) (ids logcatIDs, ok bool) {
	for field := 0; ; field++ {
		start := i
		i = logcatSpaces(b, i)
		var v int
		switch {
		case logcatIsDigit(logcatAt(b, i)) && !(hex && logcatAt(b, i+1) == 'x'):
			if v, i, ok = logcatNum(b, i); !ok {
				return ids, false
			}
			ids.v[ids.n] = v
			ids.n++
		case hex && logcatAt(b, i) == '0':
			if v, i, ok = logcatHex(b, i); !ok {
				return ids, false
			}
			ids.v[ids.n] = v
			ids.n++
			if logcatAt(b, i) == ':' {
				return ids, false
			}
		case field == 0:
			if i, ok = logcatName(b, i); !ok {
				return ids, false
			}
			ids.named = true
		default:
			return ids, false
		}
		ids.width = i - start
		if field == 2 || logcatAt(b, i) != ':' {
			ids.end = i
			return ids, ids.n > 0
		}
		i++
	}
}

// logcatTime reads a timestamp (see ParseLogcat) starting exactly at b[i],
// and returns the index after it (zone included) and whether it is the
// SECONDS form.
func logcatTime(b []byte, i int) (end int, seconds, ok bool) {
	d := 0
	for i+d < len(b) && logcatIsDigit(b[i+d]) && d <= 19 {
		d++
	}
	j := i
	switch {
	case d == 2 && logcatAt(b, i+2) == '-':
	case d == 4 && logcatAt(b, i+4) == '-':
		j += 5
	case d >= 1 && d <= 19 && logcatAt(b, i+d) == '.':
		seconds = true
		j += d
	default:
		return 0, false, false
	}
	if !seconds {
		// "MM-DD HH:MM:SS"
		if len(b)-j < 14 || b[j+2] != '-' || b[j+5] != ' ' || b[j+8] != ':' || b[j+11] != ':' {
			return 0, false, false
		}
		var f [5]int
		for k := range f {
			p := j + 3*k
			hi, lo := b[p], b[p+1]
			if !logcatIsDigit(hi) || !logcatIsDigit(lo) {
				return 0, false, false
			}
			f[k] = int(hi-'0')*10 + int(lo-'0')
		}
		if f[0] < 1 || f[0] > 12 || f[1] < 1 || f[1] > 31 || f[2] > 23 || f[3] > 59 || f[4] > 60 {
			return 0, false, false
		}
		j += 14
	}
	// ".FFF", ".FFFFFF" or ".FFFFFFFFF"
	if logcatAt(b, j) != '.' {
		return 0, false, false
	}
	j++
	k := j
	for k < len(b) && logcatIsDigit(b[k]) && k-j <= 9 {
		k++
	}
	if f := k - j; f != 3 && f != 6 && f != 9 {
		return 0, false, false
	}
	j = k
	if !seconds {
		// Optional zone: [" "] ("+"|"-") 4 digits.
		z := j
		if logcatAt(b, z) == ' ' {
			z++
		}
		if c := logcatAt(b, z); (c == '+' || c == '-') && len(b)-z >= 5 &&
			logcatIsDigit(b[z+1]) && logcatIsDigit(b[z+2]) && logcatIsDigit(b[z+3]) && logcatIsDigit(b[z+4]) &&
			!logcatIsDigit(logcatAt(b, z+5)) {
			j = z + 5
		}
	}
	return j, seconds, true
}

// parseLogcatTimed parses threadtime and time lines; b[0] is a digit or a
// space.
func parseLogcatTimed(b []byte) (l LogcatLine, ok bool) {
	ts := logcatSpaces(b, 0)
	tsEnd, seconds, ok := logcatTime(b, ts)
	if !ok || ts > 0 && (!seconds || ts > logcatTimestampMaxPad) {
		return l, false
	}
	if logcatAt(b, tsEnd) != ' ' {
		return l, false
	}
	l.Timestamp = b[ts:tsEnd:tsEnd]
	i := logcatSpaces(b, tsEnd)
	if logcatLevel[logcatAt(b, i)] && logcatAt(b, i+1) == '/' {
		l.Format = LogcatTime
		return parseLogcatBrief(b, i, l)
	}

	// threadtime: [UID SP] NUM SP NUM SP LVL SP TAG ": " MSG
	l.Format = LogcatThreadtime
	var ids [3]int
	n, named := 0, false
	for {
		if n >= 2 && logcatLevel[logcatAt(b, i)] && logcatAt(b, i+1) == ' ' {
			break
		}
		switch c := logcatAt(b, i); {
		case logcatIsDigit(c) && n < 3 && !(named && n == 2):
			if ids[n], i, ok = logcatNum(b, i); !ok {
				return l, false
			}
			n++
		case n == 0 && !named:
			if i, ok = logcatName(b, i); !ok {
				return l, false
			}
			named = true
		default:
			return l, false
		}
		if logcatAt(b, i) != ' ' {
			return l, false
		}
		i = logcatSpaces(b, i)
	}
	l.PID, l.TID = ids[n-2], ids[n-1]
	l.Level = b[i]
	i += 2
	sep := bytes.Index(b[i:], []byte(": "))
	msg := 0
	switch {
	case sep >= 0:
		sep += i
		msg = sep + 2
	case b[len(b)-1] == ':':
		sep = len(b) - 1
		msg = len(b)
	default:
		return l, false
	}
	l.Tag = logcatTrim(b, i, sep)
	if logcatHasControl(l.Tag) {
		return l, false
	}
	l.Message = b[msg:]
	return l, true
}

// parseLogcatUntimed parses brief, tag, process and thread lines; b[0] is a
// level letter.
func parseLogcatUntimed(b []byte) (l LogcatLine, ok bool) {
	switch logcatAt(b, 1) {
	case '/':
		l.Format = LogcatBrief
		if l, ok = parseLogcatBrief(b, 0, l); ok {
			return l, true
		}
		return parseLogcatTag(b)
	case '(':
		return parseLogcatProcessThread(b)
	}
	return l, false
}

// parseLogcatBrief parses LVL "/" TAG "(" ID "):" [" " MSG] at b[i:] for the
// brief and time formats; l has Format and, for time, Timestamp set.
func parseLogcatBrief(b []byte, i int, l LogcatLine) (LogcatLine, bool) {
	l.Level = b[i]
	tag := i + 2
	colon := bytes.Index(b[tag:], []byte(": "))
	if colon >= 0 {
		colon += tag
	}
	for q := tag; ; q++ {
		p := bytes.IndexByte(b[q:], '(')
		if p < 0 {
			return l, false
		}
		q += p
		if colon >= 0 && colon < q {
			// The tag would contain ": ": a tag line, or not a log line.
			return l, false
		}
		ids, ok := logcatColonIDs(b, q+1, false)
		if !ok || ids.n != 1 && !(ids.n == 2 && !ids.named) {
			continue
		}
		e := ids.end
		if logcatAt(b, e) != ')' || logcatAt(b, e+1) != ':' {
			continue
		}
		msg := e + 2
		if msg < len(b) {
			if b[msg] != ' ' {
				continue
			}
			msg++
		}
		t := logcatTrim(b, tag, q)
		if logcatHasControl(t) {
			return l, false
		}
		if l.Format == LogcatBrief {
			if len(t) == 0 {
				if q-tag < 8 {
					return l, false
				}
			} else if b[tag] == ' ' || bytes.IndexByte(t, ' ') >= 0 && ids.width < 5 {
				return l, false
			}
		}
		l.Tag = t
		l.PID, l.TID = ids.v[ids.n-1], -1
		l.Message = b[msg:]
		return l, true
	}
}

// parseLogcatTag parses LVL "/" TAG ":" [" " MSG].
func parseLogcatTag(b []byte) (l LogcatLine, ok bool) {
	l.Format = LogcatTag
	l.Level = b[0]
	l.PID, l.TID = -1, -1
	sep := bytes.Index(b, []byte(": "))
	msg := 0
	switch {
	case sep >= 0:
		msg = sep + 2
	case b[len(b)-1] == ':':
		sep = len(b) - 1
		msg = len(b)
	default:
		return l, false
	}
	if sep-2 < 8 {
		return l, false
	}
	t := logcatTrim(b, 2, sep)
	if len(t) > 0 && (b[2] == ' ' || bytes.IndexByte(t, ' ') >= 0) || logcatHasControl(t) {
		return l, false
	}
	l.Tag = t
	l.Message = b[msg:]
	return l, true
}

// parseLogcatProcessThread parses LVL "(" ... lines: process and thread.
func parseLogcatProcessThread(b []byte) (l LogcatLine, ok bool) {
	l.Level = b[0]
	ids, ok := logcatColonIDs(b, 2, false)
	if !ok || logcatAt(b, ids.end) != ')' {
		return l, false
	}
	e := ids.end + 1 // after ')'
	if e < len(b) && b[e] != ' ' {
		return l, false
	}
	msg := min(e+1, len(b))
	switch {
	case ids.n == 1:
		// process: ")" [" " MSG] "  (" TAG ")"
		if e == len(b) || b[len(b)-1] != ')' {
			return l, false
		}
		p := bytes.LastIndex(b[e:len(b)-1], []byte("  ("))
		if p < 0 {
			return l, false
		}
		p += e
		t := logcatTrim(b, p+3, len(b)-1)
		if logcatHasControl(t) {
			return l, false
		}
		l.Format = LogcatProcess
		l.PID, l.TID = ids.v[0], -1
		l.Tag = t
		l.Message = b[msg:max(msg, p):max(msg, p)]
		return l, true
	case ids.n == 2 || ids.n == 3 && !ids.named:
		l.Format = LogcatThread
		l.PID, l.TID = ids.v[ids.n-2], ids.v[ids.n-1]
		l.Message = b[msg:]
		return l, true
	}
	return l, false
}

// parseLogcatLong parses "[" SP TS SP [UID ":"] [SP] NUM ":" [SP] TID SP LVL
// "/" TAG " ]"; b[0] is '['.
func parseLogcatLong(b []byte) (l LogcatLine, ok bool) {
	n := len(b)
	if n < 4 || b[1] != ' ' || b[n-1] != ']' || b[n-2] != ' ' {
		return l, false
	}
	ts := logcatSpaces(b, 1)
	if ts-1 > logcatTimestampMaxPad {
		return l, false
	}
	tsEnd, _, ok := logcatTime(b, ts)
	if !ok || logcatAt(b, tsEnd) != ' ' {
		return l, false
	}
	ids, ok := logcatColonIDs(b, tsEnd, true)
	if !ok || !(ids.n == 2 || ids.n == 3 && !ids.named) || logcatAt(b, ids.end) != ' ' {
		return l, false
	}
	i := logcatSpaces(b, ids.end)
	if !logcatLevel[logcatAt(b, i)] || logcatAt(b, i+1) != '/' || i+2 > n-2 {
		return l, false
	}
	t := logcatTrim(b, i+2, n-2)
	if logcatHasControl(t) {
		return l, false
	}
	return LogcatLine{
		Format:    LogcatLongHeader,
		Timestamp: b[ts:tsEnd:tsEnd],
		PID:       ids.v[ids.n-2],
		TID:       ids.v[ids.n-1],
		Level:     b[i],
		Tag:       t,
	}, true
}

// parseLogcatMarker parses "--------- beginning of NAME" and
// "--------- switch to NAME"; b[0] is '-'.
func parseLogcatMarker(b []byte) (l LogcatLine, ok bool) {
	const dashes = "--------- "
	if !bytes.HasPrefix(b, []byte(dashes)) {
		return l, false
	}
	rest := b[len(dashes):]
	switch {
	case bytes.HasPrefix(rest, []byte("beginning of ")):
		rest = rest[len("beginning of "):]
	case bytes.HasPrefix(rest, []byte("switch to ")):
		rest = rest[len("switch to "):]
	default:
		return l, false
	}
	if len(rest) == 0 || bytes.IndexByte(rest, ' ') >= 0 || logcatHasControl(rest) {
		return l, false
	}
	return LogcatLine{Format: LogcatMarker, PID: -1, TID: -1, Message: rest}, true
}

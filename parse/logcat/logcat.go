// Package logcat reads the fields of "adb logcat" output lines: every -v
// format (threadtime, brief, time, process, tag, thread, long) and the
// buffer markers. It does no I/O, keeps no mutable state and does not
// allocate; byte-slice fields alias the line. Printers use it, and the
// filter reads the fields of lines with codes for breakdowns; finding codes
// does not depend on it.
package logcat

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/jmlog/jmlog/parse"
)

// Format names a logcat -v output format.
type Format uint8

// The logcat formats Parse recognises. The examples show a line of each
// as "adb logcat -v <name>" writes it; see Parse for the exact grammar.
const (
	None       Format = iota // not a logcat line
	Threadtime               // "11-25 18:35:01.123  4321  4390 E JIM     : message" (the adb logcat default)
	Brief                    // "E/JIM     ( 4321): message"
	Time                     // "11-25 18:35:01.123 E/JIM     ( 4321): message"
	Process                  // "E( 4321) message  (JIM)"
	Tag                      // "E/JIM     : message"
	Thread                   // "E( 4321: 4390) message"
	LongHeader               // "[ 11-25 18:35:01.123  4321: 4390 E/JIM      ]": the header line of -v long
	Marker                   // "--------- beginning of main", "--------- switch to main"
	// Android Studio's classic Logcat window, as copied from it; also
	// without the timestamp: "546-546/? I/vold: message".
	StudioClassic // "2024-05-01 12:00:00.123 1234-1234/com.example.chat E/JIM: message"
	// Android Studio's current Logcat window (Dolphin and later).
	Studio // "2024-05-01 12:00:00.123  1234-1234  JIM  com.example.chat  E  message"
	// Kubernetes CRI container logs (see parse.ParseCRI).
	CRI // "2026-12-02T10:00:00.123456789Z stderr F message"
)

var formatNames = [...]string{
	None:          "",
	Threadtime:    "threadtime",
	Brief:         "brief",
	Time:          "time",
	Process:       "process",
	Tag:           "tag",
	Thread:        "thread",
	LongHeader:    "long",
	Marker:        "marker",
	StudioClassic: "studio-classic",
	Studio:        "studio",
	CRI:           "cri",
}

// String returns the name logcat -v gives the format ("threadtime", "brief",
// "time", "process", "tag", "thread", "long"), "marker" for Marker,
// "studio-classic", "studio" and "cri" for the formats that are not
// logcat's own, and "" for None and for values that are not a Format
// constant.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return ""
}

// Line holds the fields of one logcat line. Byte-slice fields alias the
// input line (no copies); their capacity is cut to their length, so appending
// to one copies it rather than overwriting the line.
type Line struct {
	Format    Format
	Timestamp []byte // as written, e.g. "11-25 18:35:01.123"; nil when the format has none
	PID, TID  int    // -1 when absent
	Level     byte   // 'V','D','I','W','E','F','A' or 'S'; 0 when absent
	Tag       []byte // trimmed of the padding spaces logcat adds; nil when absent
	Message   []byte // the rest; for Marker the buffer name ("main", "/dev/log/system"); for LongHeader nil
	Package   []byte // StudioClassic and Studio: the app's package name; nil when absent or "?"
	Stream    []byte // CRI: "stdout" or "stderr"; nil otherwise
	Partial   bool   // CRI: a P piece, whose message goes on in the stream's next line
}

// Parse recognises line as a line of "adb logcat" output and returns
// its fields. line excludes its terminator; trailing '\r' bytes (from CRLF or
// the "\r\r\n" of old adb shells) are tolerated and excluded from the fields.
// For anything else Parse returns ok=false and a Line with Format
// None, PID and TID -1 and no other field set. It does not allocate.
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
// sequences around the line) and -v descriptive.
//
// Besides logcat's own formats, Parse recognises the lines of Android
// Studio's Logcat windows, as people copy them (see parseStudio), with the
// app's package in Package, and Kubernetes CRI container log lines (see
// parse.ParseCRI), with Stream and Partial:
//
//	studio-classic  [TS SP] NUM "-" NUM "/" PKG SP LVL "/" TAG (": " MSG | ":" end)
//	studio          TS SP NUM "-" NUM SP TAG SP PKG SP LVL (SP MSG | [SP] end)
//	cri             RFC3339 SP ("stdout" | "stderr") SP ("P" | "F") [":" ...] [SP MSG]
//
// A UTF-8 byte-order mark at the start of line, as the first line of a file
// saved on Windows has, is skipped.
func Parse(line []byte) (l Line, ok bool) {
	// The parsers below fill l in place (a Line is 160 bytes: copies of it
	// were a good part of the time of a parse); they start from a zero l.
	n := len(line)
	for n > 0 && line[n-1] == '\r' {
		n--
	}
	b := line[:n:n]
	if len(b) >= len(bom) && string(b[:len(bom)]) == bom {
		b = b[len(bom):] // a UTF-8 mark on the first line of a file
	}
	if len(b) == 0 {
		return Line{PID: -1, TID: -1}, false
	}
	switch c := b[0]; {
	case c >= '0' && c <= '9':
		if ok = parseTimed(&l, b); !ok {
			l = Line{}
			ok = parseOther(&l, b)
		}
	case c == ' ':
		ok = parseTimed(&l, b)
	case level[c]:
		ok = parseUntimed(&l, b)
	case c == '[':
		ok = parseLong(&l, b)
	case c == '-':
		ok = parseMarker(&l, b)
	}
	if !ok {
		return Line{PID: -1, TID: -1}, false
	}
	return l, true
}

// bom is the UTF-8 byte-order mark, which Parse skips at the start of a
// line.
const bom = "\ufeff"

// IsLongHeader reports whether line (without its terminator; trailing
// '\r' bytes are tolerated) is the header line of a -v long record, that is,
// whether Parse returns it with Format LongHeader. The record's
// message follows on the next lines, up to an empty line. It does not
// allocate.
func IsLongHeader(line []byte) bool {
	n := len(line)
	for n > 0 && line[n-1] == '\r' {
		n--
	}
	b := line[:n:n]
	if len(b) >= len(bom) && string(b[:len(bom)]) == bom {
		b = b[len(bom):]
	}
	if len(b) == 0 || b[0] != '[' {
		return false
	}
	var l Line
	return parseLong(&l, b)
}

// level marks the priority letters logcat prints.
var level = [256]bool{'V': true, 'D': true, 'I': true, 'W': true, 'E': true, 'F': true, 'A': true, 'S': true}

// timestampMaxPad is the widest padding before an epoch timestamp
// (logcat prints the seconds with "%19lld").
const timestampMaxPad = 19

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// at returns b[i], or 0 when i is out of range.
func at(b []byte, i int) byte {
	if i >= 0 && i < len(b) {
		return b[i]
	}
	return 0
}

// spaces returns the index of the first non-space byte at or after i.
func spaces(b []byte, i int) int {
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}

// trim returns b[i:j] without leading and trailing spaces, with its
// capacity cut to its length. The result is never nil.
func trim(b []byte, i, j int) []byte {
	for j > i && b[j-1] == ' ' {
		j--
	}
	for i < j && b[i] == ' ' {
		i++
	}
	return b[i:j:j]
}

// hasControl reports whether t holds an ASCII control byte.
func hasControl(t []byte) bool {
	for _, c := range t {
		if c < 0x20 || c == 0x7f {
			return true
		}
	}
	return false
}

// num reads a decimal number at b[i:], at least one digit and at most
// 2147483647 (so at most 10 digits, leading zeros aside), not followed by a
// digit, and returns it and the index after it.
func num(b []byte, i int) (v, end int, ok bool) {
	const maxInt32 = 1<<31 - 1
	j := i
	var u uint64
	for j < len(b) && isDigit(b[j]) {
		// u grows with each digit (but for leading zeros) and stops past
		// maxInt32, so it cannot overflow.
		if u = u*10 + uint64(b[j]-'0'); u > maxInt32 {
			return 0, 0, false
		}
		j++
	}
	if j == i {
		return 0, 0, false
	}
	return int(u), j, true
}

// colonSpace returns the index of the first ": " in b at or after i, or
// -1.
func colonSpace(b []byte, i int) int {
	// Tags are short: 8 bytes at a time first (a word of b[i:] and one of
	// b[i+1:], for the ':' and the ' ' after it), then IndexByte.
	for end := min(len(b)-8, i+32); i < end; i += 8 {
		m := eqBytes(binary.LittleEndian.Uint64(b[i:]), ':') & eqBytes(binary.LittleEndian.Uint64(b[i+1:]), ' ')
		if m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for i < len(b) {
		k := bytes.IndexByte(b[i:], ':')
		if k < 0 {
			return -1
		}
		i += k + 1
		if i < len(b) && b[i] == ' ' {
			return i - 1
		}
	}
	return -1
}

// eqBytes returns the high bit of each byte of w that is c, and no other
// bit.
func eqBytes(w uint64, c byte) uint64 {
	const lo7, hi = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	x := w ^ uint64(c)*0x0101010101010101
	// A byte of x has its high bit set after this exactly when it is not
	// zero; no carry crosses bytes.
	return ^((x&lo7 + lo7) | x) & hi
}

// hex reads "0x" and lowercase hex digits, at most 0x7fffffff, not
// followed by a hex digit.
func hexNum(b []byte, i int) (v, end int, ok bool) {
	if at(b, i) != '0' || at(b, i+1) != 'x' {
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

// name reads a user name as -v uid prints it: a lowercase letter or '_'
// and up to 31 lowercase letters, digits or '_'.
func name(b []byte, i int) (end int, ok bool) {
	c := at(b, i)
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

// idList is what colonIDs reads: up to 3 colon-separated fields.
type idList struct {
	v     [3]int // the numeric fields, in order
	n     int    // how many numeric fields
	named bool   // whether a user name came before them
	width int    // width of the last field, its padding included
	end   int    // index after the last field
}

// colonIDs reads "[SP] F [":" [SP] F [":" [SP] F]]" at b[i:], where F
// is a NUM, a user name (first field only) or, if hex, "0x" hex digits
// (last field only: only the tid was printed in hex).
func colonIDs(b []byte, i int, hex bool) (ids idList, ok bool) {
	for field := 0; ; field++ {
		start := i
		i = spaces(b, i)
		var v int
		switch {
		case isDigit(at(b, i)) && !(hex && at(b, i+1) == 'x'):
			if v, i, ok = num(b, i); !ok {
				return ids, false
			}
			ids.v[ids.n] = v
			ids.n++
		case hex && at(b, i) == '0':
			if v, i, ok = hexNum(b, i); !ok {
				return ids, false
			}
			ids.v[ids.n] = v
			ids.n++
			if at(b, i) == ':' {
				return ids, false
			}
		case field == 0:
			if i, ok = name(b, i); !ok {
				return ids, false
			}
			ids.named = true
		default:
			return ids, false
		}
		ids.width = i - start
		if field == 2 || at(b, i) != ':' {
			ids.end = i
			return ids, ids.n > 0
		}
		i++
	}
}

// time reads a timestamp (see Parse) starting exactly at b[i],
// and returns the index after it (zone included) and whether it is the
// SECONDS form.
func time(b []byte, i int) (end int, seconds, ok bool) {
	d := 0
	for i+d < len(b) && isDigit(b[i+d]) && d <= 19 {
		d++
	}
	j := i
	switch {
	case d == 2 && len(b)-i >= 14 && clock(b[i:i+14]):
		// "MM-DD HH:MM:SS", read a word at a time
		j += 14
		goto frac
	case d == 2 && at(b, i+2) == '-':
	case d == 4 && at(b, i+4) == '-':
		j += 5
	case d >= 1 && d <= 19 && at(b, i+d) == '.':
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
			if !isDigit(hi) || !isDigit(lo) {
				return 0, false, false
			}
			f[k] = int(hi-'0')*10 + int(lo-'0')
		}
		if f[0] < 1 || f[0] > 12 || f[1] < 1 || f[1] > 31 || f[2] > 23 || f[3] > 59 || f[4] > 60 {
			return 0, false, false
		}
		j += 14
	}
frac:
	// ".FFF", ".FFFFFF" or ".FFFFFFFFF"
	if at(b, j) != '.' {
		return 0, false, false
	}
	j++
	k := j
	for k < len(b) && isDigit(b[k]) && k-j <= 9 {
		k++
	}
	if f := k - j; f != 3 && f != 6 && f != 9 {
		return 0, false, false
	}
	j = k
	if !seconds {
		// Optional zone: [" "] ("+"|"-") 4 digits.
		z := j
		if at(b, z) == ' ' {
			z++
		}
		if c := at(b, z); (c == '+' || c == '-') && len(b)-z >= 5 &&
			isDigit(b[z+1]) && isDigit(b[z+2]) && isDigit(b[z+3]) && isDigit(b[z+4]) &&
			!isDigit(at(b, z+5)) {
			j = z + 5
		}
	}
	return j, seconds, true
}

// clock reports whether b, of 14 bytes, is "MM-DD HH:MM:SS" with each
// field in range, as time requires. It reads b as two words, "MM-DD HH"
// and "HH:MM:SS", each with digits at bytes 0, 1, 3, 4, 6 and 7.
func clock(b []byte) bool {
	const (
		digits = 0xffff00ffff00ffff // the digit bytes of a word
		seps   = ^uint64(digits)
		d0     = 0x3030003030003030 // '0' in each digit byte
		date   = d0 | ' '<<40 | '-'<<16
		hms    = d0 | ':'<<40 | ':'<<16
	)
	w0 := binary.LittleEndian.Uint64(b)
	w1 := binary.LittleEndian.Uint64(b[6:])
	// Digit bytes are 0x30 to 0x39: their high nibble is 3 and their low
	// nibble plus 6 does not reach 0x10.
	const high, low, six, carry = digits & 0xf0f0f0f0f0f0f0f0, digits & 0x0f0f0f0f0f0f0f0f, digits & 0x0606060606060606, digits & 0x1010101010101010
	if w0&(seps|high) != date || w1&(seps|high) != hms || ((w0&low+six)|(w1&low+six))&carry != 0 {
		return false
	}
	v := func(w uint64, k uint) int { return int(w>>(8*k)&0xf)*10 + int(w>>(8*k+8)&0xf) }
	month, day, hour, min, sec := v(w0, 0), v(w0, 3), v(w0, 6), v(w1, 3), v(w1, 6)
	return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && min <= 59 && sec <= 60
}

// parseTimed parses threadtime and time lines; b[0] is a digit or a
// space.
func parseTimed(l *Line, b []byte) bool {
	ts := spaces(b, 0)
	tsEnd, seconds, ok := time(b, ts)
	if !ok || ts > 0 && (!seconds || ts > timestampMaxPad) {
		return false
	}
	if at(b, tsEnd) != ' ' {
		return false
	}
	l.Timestamp = b[ts:tsEnd:tsEnd]
	i := spaces(b, tsEnd)
	if level[at(b, i)] && at(b, i+1) == '/' {
		l.Format = Time
		return parseBrief(l, b, i)
	}
	// threadtime: [UID SP] NUM SP NUM SP LVL SP TAG ": " MSG
	l.Format = Threadtime
	if isDigit(at(b, i)) {
		// The pid, unless it is Android Studio's "PID-TID"; then the
		// common shape, a pid, a tid and the level, read straight.
		pid, j, ok := num(b, i)
		switch {
		case !ok:
			return false // too large, for Android Studio's pid too
		case at(b, j) == '-' && isDigit(at(b, j+1)):
			l.Format = None
			return parseStudio(l, b, i)
		case at(b, j) == ' ':
			k := spaces(b, j)
			if tid, e, ok := num(b, k); ok && at(b, e) == ' ' {
				if m := spaces(b, e); level[at(b, m)] && at(b, m+1) == ' ' {
					l.PID, l.TID, l.Level = pid, tid, b[m]
					return tagged(l, b, m+2)
				}
			}
		}
	}
	var ids [3]int
	n, named := 0, false
	for {
		if n >= 2 && level[at(b, i)] && at(b, i+1) == ' ' {
			break
		}
		switch c := at(b, i); {
		case isDigit(c) && n < 3 && !(named && n == 2):
			if ids[n], i, ok = num(b, i); !ok {
				return false
			}
			n++
		case n == 0 && !named:
			if i, ok = name(b, i); !ok {
				return false
			}
			named = true
		default:
			return false
		}
		if at(b, i) != ' ' {
			return false
		}
		i = spaces(b, i)
	}
	l.PID, l.TID = ids[n-2], ids[n-1]
	l.Level = b[i]
	return tagged(l, b, i+2) // no package here: tagged's "?" rule does nothing
}

// parseUntimed parses brief, tag, process and thread lines; b[0] is a
// level letter.
func parseUntimed(l *Line, b []byte) bool {
	switch at(b, 1) {
	case '/':
		l.Format = Brief
		if parseBrief(l, b, 0) {
			return true
		}
		*l = Line{}
		return parseTag(l, b)
	case '(':
		return parseProcessThread(l, b)
	}
	return false
}

// parseBrief parses LVL "/" TAG "(" ID "):" [" " MSG] at b[i:] for the
// brief and time formats; l has Format and, for time, Timestamp set.
func parseBrief(l *Line, b []byte, i int) bool {
	l.Level = b[i]
	tag := i + 2
	colon := colonSpace(b, tag)
	for q := tag; ; q++ {
		p := bytes.IndexByte(b[q:], '(')
		if p < 0 {
			return false
		}
		q += p
		if colon >= 0 && colon < q {
			// The tag would contain ": ": a tag line, or not a log line.
			return false
		}
		ids, ok := colonIDs(b, q+1, false)
		if !ok || ids.n != 1 && !(ids.n == 2 && !ids.named) {
			continue
		}
		e := ids.end
		if at(b, e) != ')' || at(b, e+1) != ':' {
			continue
		}
		msg := e + 2
		if msg < len(b) {
			if b[msg] != ' ' {
				continue
			}
			msg++
		}
		t := trim(b, tag, q)
		if hasControl(t) {
			return false
		}
		if l.Format == Brief {
			if len(t) == 0 {
				if q-tag < 8 {
					return false
				}
			} else if b[tag] == ' ' || bytes.IndexByte(t, ' ') >= 0 && ids.width < 5 {
				return false
			}
		}
		l.Tag = t
		l.PID, l.TID = ids.v[ids.n-1], -1
		l.Message = b[msg:]
		return true
	}
}

// parseTag parses LVL "/" TAG ":" [" " MSG].
func parseTag(l *Line, b []byte) bool {
	l.Format = Tag
	l.Level = b[0]
	l.PID, l.TID = -1, -1
	sep := colonSpace(b, 0)
	msg := 0
	switch {
	case sep >= 0:
		msg = sep + 2
	case b[len(b)-1] == ':':
		sep = len(b) - 1
		msg = len(b)
	default:
		return false
	}
	if sep-2 < 8 {
		return false
	}
	t := trim(b, 2, sep)
	if len(t) > 0 && (b[2] == ' ' || bytes.IndexByte(t, ' ') >= 0) || hasControl(t) {
		return false
	}
	l.Tag = t
	l.Message = b[msg:]
	return true
}

// parseProcessThread parses LVL "(" ... lines: process and thread.
func parseProcessThread(l *Line, b []byte) bool {
	l.Level = b[0]
	ids, ok := colonIDs(b, 2, false)
	if !ok || at(b, ids.end) != ')' {
		return false
	}
	e := ids.end + 1 // after ')'
	if e < len(b) && b[e] != ' ' {
		return false
	}
	msg := min(e+1, len(b))
	switch {
	case ids.n == 1:
		// process: ")" [" " MSG] "  (" TAG ")"
		if e == len(b) || b[len(b)-1] != ')' {
			return false
		}
		p := bytes.LastIndex(b[e:len(b)-1], []byte("  ("))
		if p < 0 {
			return false
		}
		p += e
		t := trim(b, p+3, len(b)-1)
		if hasControl(t) {
			return false
		}
		l.Format = Process
		l.PID, l.TID = ids.v[0], -1
		l.Tag = t
		l.Message = b[msg:max(msg, p):max(msg, p)]
		return true
	case ids.n == 2 || ids.n == 3 && !ids.named:
		l.Format = Thread
		l.PID, l.TID = ids.v[ids.n-2], ids.v[ids.n-1]
		l.Message = b[msg:]
		return true
	}
	return false
}

// parseLong parses "[" SP TS SP [UID ":"] [SP] NUM ":" [SP] TID SP LVL
// "/" TAG " ]"; b[0] is '['.
func parseLong(l *Line, b []byte) bool {
	n := len(b)
	if n < 4 || b[1] != ' ' || b[n-1] != ']' || b[n-2] != ' ' {
		return false
	}
	ts := spaces(b, 1)
	if ts-1 > timestampMaxPad {
		return false
	}
	tsEnd, _, ok := time(b, ts)
	if !ok || at(b, tsEnd) != ' ' {
		return false
	}
	ids, ok := colonIDs(b, tsEnd, true)
	if !ok || !(ids.n == 2 || ids.n == 3 && !ids.named) || at(b, ids.end) != ' ' {
		return false
	}
	i := spaces(b, ids.end)
	if !level[at(b, i)] || at(b, i+1) != '/' || i+2 > n-2 {
		return false
	}
	t := trim(b, i+2, n-2)
	if hasControl(t) {
		return false
	}
	*l = Line{
		Format:    LongHeader,
		Timestamp: b[ts:tsEnd:tsEnd],
		PID:       ids.v[ids.n-2],
		TID:       ids.v[ids.n-1],
		Level:     b[i],
		Tag:       t,
	}
	return true
}

// parseMarker parses "--------- beginning of NAME" and
// "--------- switch to NAME"; b[0] is '-'.
func parseMarker(l *Line, b []byte) bool {
	const dashes = "--------- "
	if !bytes.HasPrefix(b, []byte(dashes)) {
		return false
	}
	rest := b[len(dashes):]
	switch {
	case bytes.HasPrefix(rest, []byte("beginning of ")):
		rest = rest[len("beginning of "):]
	case bytes.HasPrefix(rest, []byte("switch to ")):
		rest = rest[len("switch to "):]
	default:
		return false
	}
	if len(rest) == 0 || bytes.IndexByte(rest, ' ') >= 0 || hasControl(rest) {
		return false
	}
	*l = Line{Format: Marker, PID: -1, TID: -1, Message: rest}
	return true
}

// parseOther parses the lines that start with a digit but no logcat
// timestamp: a CRI line, or a classic Android Studio line without its
// timestamp.
func parseOther(l *Line, b []byte) bool {
	if len(b) > 10 && b[10] == 'T' {
		c, ok := parse.ParseCRI(b)
		if !ok {
			return false
		}
		*l = Line{Format: CRI, Timestamp: c.Timestamp, PID: -1, TID: -1, Stream: c.Stream,
			Partial: c.Partial, Message: b[c.Message:]}
		return true
	}
	if studio(b, 0) {
		return parseStudio(l, b, 0)
	}
	return false
}

// studio reports whether b[i:] starts with Android Studio's "PID-TID".
func studio(b []byte, i int) bool {
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	return i > 0 && isDigit(b[i-1]) && at(b, i) == '-' && isDigit(at(b, i+1))
}

// parseStudio parses the rest of an Android Studio line from its PID at
// b[i]; l has Timestamp set, if the line has one:
//
//	classic  NUM "-" NUM "/" PKG SP LVL "/" TAG (": " MSG | ":" end)
//	current  NUM "-" NUM SP TAG SP PKG SP LVL (SP MSG | [SP] end)
//
// PKG is "?" (unknown) or bytes without spaces and control bytes; TAG in
// the current format has no spaces either (the window pads its columns), in
// the classic one it ends at the first ": ". The classic format is accepted
// without a timestamp too ("546-546/? I/vold: message"); the current one
// only with one.
func parseStudio(l *Line, b []byte, i int) bool {
	var ok bool
	if l.PID, i, ok = num(b, i); !ok || at(b, i) != '-' {
		return false
	}
	if l.TID, i, ok = num(b, i+1); !ok {
		return false
	}
	if at(b, i) == '/' {
		l.Format = StudioClassic
		pkg := i + 1
		for i < len(b) && b[i] != ' ' {
			i++
		}
		l.Package = token(b, pkg, i)
		if l.Package == nil || at(b, i) != ' ' || !level[at(b, i+1)] || at(b, i+2) != '/' {
			return false
		}
		l.Level = b[i+1]
		return tagged(l, b, i+3)
	}
	if l.Timestamp == nil || at(b, i) != ' ' {
		return false
	}
	l.Format = Studio
	var f [2][]byte // tag, package
	for k := range f {
		s := spaces(b, i)
		for i = s; i < len(b) && b[i] != ' '; i++ {
		}
		if f[k] = token(b, s, i); f[k] == nil || at(b, i) != ' ' {
			return false
		}
	}
	i = spaces(b, i)
	if !level[at(b, i)] || i+1 < len(b) && b[i+1] != ' ' {
		return false
	}
	l.Tag, l.Package, l.Level = f[0], f[1], b[i]
	l.Message = b[min(spaces(b, i+1), len(b)):]
	if string(l.Package) == "?" {
		l.Package = nil
	}
	return true
}

// token returns b[i:j] when it is not empty and holds no control byte, and
// nil otherwise.
func token(b []byte, i, j int) []byte {
	if j <= i || hasControl(b[i:j]) {
		return nil
	}
	return b[i:j:j]
}

// tagged reads TAG (": " MSG | ":" end) at b[i:] into l.
func tagged(l *Line, b []byte, i int) bool {
	sep := colonSpace(b, i)
	msg := 0
	switch {
	case sep >= 0:
		msg = sep + 2
	case b[len(b)-1] == ':':
		sep = len(b) - 1
		msg = len(b)
	default:
		return false
	}
	l.Tag = trim(b, i, sep)
	if hasControl(l.Tag) {
		return false
	}
	if string(l.Package) == "?" {
		l.Package = nil
	}
	l.Message = b[msg:]
	return true
}

package logcat

// The reference parser: Parse as it was before it was made faster (issue
// 15), its identifiers prefixed with "ref". FuzzParseRef checks that Parse
// gives exactly what it gives.

import (
	"bytes"

	"github.com/jmlog/jmlog/parse"
)

// refParse is the reference for Parse.
func refParse(line []byte) (Line, bool) {
	n := len(line)
	for n > 0 && line[n-1] == '\r' {
		n--
	}
	b := line[:n:n]
	if len(b) >= len(refBom) && string(b[:len(refBom)]) == refBom {
		b = b[len(refBom):] // a UTF-8 mark on the first line of a file
	}
	if len(b) == 0 {
		return Line{PID: -1, TID: -1}, false
	}
	var l Line
	ok := false
	switch c := b[0]; {
	case c >= '0' && c <= '9':
		if l, ok = refParseTimed(b); !ok {
			l, ok = refParseOther(b)
		}
	case c == ' ':
		l, ok = refParseTimed(b)
	case refLevel[c]:
		l, ok = refParseUntimed(b)
	case c == '[':
		l, ok = refParseLong(b)
	case c == '-':
		l, ok = refParseMarker(b)
	}
	if !ok {
		return Line{PID: -1, TID: -1}, false
	}
	return l, true
}

// refBom is the UTF-8 byte-order mark, which Parse skips at the start of a
// line.
const refBom = "\ufeff"

// refIsLongHeader reports whether line (without its terminator; trailing
// '\r' bytes are tolerated) is the header line of a -v long record, that is,
// whether Parse returns it with Format LongHeader. The record's
// message follows on the next lines, up to an empty line. It does not
// allocate.
func refIsLongHeader(line []byte) bool {
	n := len(line)
	for n > 0 && line[n-1] == '\r' {
		n--
	}
	b := line[:n:n]
	if len(b) >= len(refBom) && string(b[:len(refBom)]) == refBom {
		b = b[len(refBom):]
	}
	if len(b) == 0 || b[0] != '[' {
		return false
	}
	_, ok := refParseLong(b)
	return ok
}

// refLevel marks the priority letters logcat prints.
var refLevel = [256]bool{'V': true, 'D': true, 'I': true, 'W': true, 'E': true, 'F': true, 'A': true, 'S': true}

// refTimestampMaxPad is the widest padding before an epoch timestamp
// (logcat prints the seconds with "%19lld").
const refTimestampMaxPad = 19

func refIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// refAt returns b[i], or 0 when i is out of range.
func refAt(b []byte, i int) byte {
	if i >= 0 && i < len(b) {
		return b[i]
	}
	return 0
}

// refSpaces returns the index of the first non-space byte at or after i.
func refSpaces(b []byte, i int) int {
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}

// refTrim returns b[i:j] without leading and trailing spaces, with its
// capacity cut to its length. The result is never nil.
func refTrim(b []byte, i, j int) []byte {
	for j > i && b[j-1] == ' ' {
		j--
	}
	for i < j && b[i] == ' ' {
		i++
	}
	return b[i:j:j]
}

// refHasControl reports whether t holds an ASCII control byte.
func refHasControl(t []byte) bool {
	for _, c := range t {
		if c < 0x20 || c == 0x7f {
			return true
		}
	}
	return false
}

// refNum reads a decimal number at b[i:], at least one digit and at most
// 2147483647 (so at most 10 digits, leading zeros aside), not followed by a
// digit, and returns it and the index after it.
func refNum(b []byte, i int) (v, end int, ok bool) {
	const maxInt32 = 1<<31 - 1
	j := i
	for j < len(b) && refIsDigit(b[j]) {
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

// hex reads "0x" and lowercase hex digits, at most 0x7fffffff, not
// followed by a hex digit.
func refHexNum(b []byte, i int) (v, end int, ok bool) {
	if refAt(b, i) != '0' || refAt(b, i+1) != 'x' {
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

// refName reads a user name as -v uid prints it: a lowercase letter or '_'
// and up to 31 lowercase letters, digits or '_'.
func refName(b []byte, i int) (end int, ok bool) {
	c := refAt(b, i)
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

// refIdList is what colonIDs reads: up to 3 colon-separated fields.
type refIdList struct {
	v     [3]int // the numeric fields, in order
	n     int    // how many numeric fields
	named bool   // whether a user name came before them
	width int    // width of the last field, its padding included
	end   int    // index after the last field
}

// refColonIDs reads "[SP] F [":" [SP] F [":" [SP] F]]" at b[i:], where F
// is a NUM, a user name (first field only) or, if hex, "0x" hex digits
// (last field only: only the tid was printed in hex).
func refColonIDs(b []byte, i int, hex bool) (ids refIdList, ok bool) {
	for field := 0; ; field++ {
		start := i
		i = refSpaces(b, i)
		var v int
		switch {
		case refIsDigit(refAt(b, i)) && !(hex && refAt(b, i+1) == 'x'):
			if v, i, ok = refNum(b, i); !ok {
				return ids, false
			}
			ids.v[ids.n] = v
			ids.n++
		case hex && refAt(b, i) == '0':
			if v, i, ok = refHexNum(b, i); !ok {
				return ids, false
			}
			ids.v[ids.n] = v
			ids.n++
			if refAt(b, i) == ':' {
				return ids, false
			}
		case field == 0:
			if i, ok = refName(b, i); !ok {
				return ids, false
			}
			ids.named = true
		default:
			return ids, false
		}
		ids.width = i - start
		if field == 2 || refAt(b, i) != ':' {
			ids.end = i
			return ids, ids.n > 0
		}
		i++
	}
}

// refTime reads a timestamp (see Parse) starting exactly at b[i],
// and returns the index after it (zone included) and whether it is the
// SECONDS form.
func refTime(b []byte, i int) (end int, seconds, ok bool) {
	d := 0
	for i+d < len(b) && refIsDigit(b[i+d]) && d <= 19 {
		d++
	}
	j := i
	switch {
	case d == 2 && refAt(b, i+2) == '-':
	case d == 4 && refAt(b, i+4) == '-':
		j += 5
	case d >= 1 && d <= 19 && refAt(b, i+d) == '.':
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
			if !refIsDigit(hi) || !refIsDigit(lo) {
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
	if refAt(b, j) != '.' {
		return 0, false, false
	}
	j++
	k := j
	for k < len(b) && refIsDigit(b[k]) && k-j <= 9 {
		k++
	}
	if f := k - j; f != 3 && f != 6 && f != 9 {
		return 0, false, false
	}
	j = k
	if !seconds {
		// Optional zone: [" "] ("+"|"-") 4 digits.
		z := j
		if refAt(b, z) == ' ' {
			z++
		}
		if c := refAt(b, z); (c == '+' || c == '-') && len(b)-z >= 5 &&
			refIsDigit(b[z+1]) && refIsDigit(b[z+2]) && refIsDigit(b[z+3]) && refIsDigit(b[z+4]) &&
			!refIsDigit(refAt(b, z+5)) {
			j = z + 5
		}
	}
	return j, seconds, true
}

// refParseTimed parses threadtime and time lines; b[0] is a digit or a
// space.
func refParseTimed(b []byte) (l Line, ok bool) {
	ts := refSpaces(b, 0)
	tsEnd, seconds, ok := refTime(b, ts)
	if !ok || ts > 0 && (!seconds || ts > refTimestampMaxPad) {
		return l, false
	}
	if refAt(b, tsEnd) != ' ' {
		return l, false
	}
	l.Timestamp = b[ts:tsEnd:tsEnd]
	i := refSpaces(b, tsEnd)
	if refLevel[refAt(b, i)] && refAt(b, i+1) == '/' {
		l.Format = Time
		return refParseBrief(b, i, l)
	}
	if refStudio(b, i) {
		return refParseStudio(b, i, l)
	}

	// threadtime: [UID SP] NUM SP NUM SP LVL SP TAG ": " MSG
	l.Format = Threadtime
	var ids [3]int
	n, named := 0, false
	for {
		if n >= 2 && refLevel[refAt(b, i)] && refAt(b, i+1) == ' ' {
			break
		}
		switch c := refAt(b, i); {
		case refIsDigit(c) && n < 3 && !(named && n == 2):
			if ids[n], i, ok = refNum(b, i); !ok {
				return l, false
			}
			n++
		case n == 0 && !named:
			if i, ok = refName(b, i); !ok {
				return l, false
			}
			named = true
		default:
			return l, false
		}
		if refAt(b, i) != ' ' {
			return l, false
		}
		i = refSpaces(b, i)
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
	l.Tag = refTrim(b, i, sep)
	if refHasControl(l.Tag) {
		return l, false
	}
	l.Message = b[msg:]
	return l, true
}

// refParseUntimed parses brief, tag, process and thread lines; b[0] is a
// refLevel letter.
func refParseUntimed(b []byte) (l Line, ok bool) {
	switch refAt(b, 1) {
	case '/':
		l.Format = Brief
		if l, ok = refParseBrief(b, 0, l); ok {
			return l, true
		}
		return refParseTag(b)
	case '(':
		return refParseProcessThread(b)
	}
	return l, false
}

// refParseBrief parses LVL "/" TAG "(" ID "):" [" " MSG] at b[i:] for the
// brief and time formats; l has Format and, for time, Timestamp set.
func refParseBrief(b []byte, i int, l Line) (Line, bool) {
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
		ids, ok := refColonIDs(b, q+1, false)
		if !ok || ids.n != 1 && !(ids.n == 2 && !ids.named) {
			continue
		}
		e := ids.end
		if refAt(b, e) != ')' || refAt(b, e+1) != ':' {
			continue
		}
		msg := e + 2
		if msg < len(b) {
			if b[msg] != ' ' {
				continue
			}
			msg++
		}
		t := refTrim(b, tag, q)
		if refHasControl(t) {
			return l, false
		}
		if l.Format == Brief {
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

// refParseTag parses LVL "/" TAG ":" [" " MSG].
func refParseTag(b []byte) (l Line, ok bool) {
	l.Format = Tag
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
	t := refTrim(b, 2, sep)
	if len(t) > 0 && (b[2] == ' ' || bytes.IndexByte(t, ' ') >= 0) || refHasControl(t) {
		return l, false
	}
	l.Tag = t
	l.Message = b[msg:]
	return l, true
}

// refParseProcessThread parses LVL "(" ... lines: process and thread.
func refParseProcessThread(b []byte) (l Line, ok bool) {
	l.Level = b[0]
	ids, ok := refColonIDs(b, 2, false)
	if !ok || refAt(b, ids.end) != ')' {
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
		t := refTrim(b, p+3, len(b)-1)
		if refHasControl(t) {
			return l, false
		}
		l.Format = Process
		l.PID, l.TID = ids.v[0], -1
		l.Tag = t
		l.Message = b[msg:max(msg, p):max(msg, p)]
		return l, true
	case ids.n == 2 || ids.n == 3 && !ids.named:
		l.Format = Thread
		l.PID, l.TID = ids.v[ids.n-2], ids.v[ids.n-1]
		l.Message = b[msg:]
		return l, true
	}
	return l, false
}

// refParseLong parses "[" SP TS SP [UID ":"] [SP] NUM ":" [SP] TID SP LVL
// "/" TAG " ]"; b[0] is '['.
func refParseLong(b []byte) (l Line, ok bool) {
	n := len(b)
	if n < 4 || b[1] != ' ' || b[n-1] != ']' || b[n-2] != ' ' {
		return l, false
	}
	ts := refSpaces(b, 1)
	if ts-1 > refTimestampMaxPad {
		return l, false
	}
	tsEnd, _, ok := refTime(b, ts)
	if !ok || refAt(b, tsEnd) != ' ' {
		return l, false
	}
	ids, ok := refColonIDs(b, tsEnd, true)
	if !ok || !(ids.n == 2 || ids.n == 3 && !ids.named) || refAt(b, ids.end) != ' ' {
		return l, false
	}
	i := refSpaces(b, ids.end)
	if !refLevel[refAt(b, i)] || refAt(b, i+1) != '/' || i+2 > n-2 {
		return l, false
	}
	t := refTrim(b, i+2, n-2)
	if refHasControl(t) {
		return l, false
	}
	return Line{
		Format:    LongHeader,
		Timestamp: b[ts:tsEnd:tsEnd],
		PID:       ids.v[ids.n-2],
		TID:       ids.v[ids.n-1],
		Level:     b[i],
		Tag:       t,
	}, true
}

// refParseMarker parses "--------- beginning of NAME" and
// "--------- switch to NAME"; b[0] is '-'.
func refParseMarker(b []byte) (l Line, ok bool) {
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
	if len(rest) == 0 || bytes.IndexByte(rest, ' ') >= 0 || refHasControl(rest) {
		return l, false
	}
	return Line{Format: Marker, PID: -1, TID: -1, Message: rest}, true
}

// refParseOther parses the lines that start with a digit but no logcat
// timestamp: a CRI line, or a classic Android Studio line without its
// timestamp.
func refParseOther(b []byte) (Line, bool) {
	if len(b) > 10 && b[10] == 'T' {
		c, ok := parse.ParseCRI(b)
		if !ok {
			return Line{}, false
		}
		return Line{Format: CRI, Timestamp: c.Timestamp, PID: -1, TID: -1, Stream: c.Stream,
			Partial: c.Partial, Message: b[c.Message:]}, true
	}
	if refStudio(b, 0) {
		return refParseStudio(b, 0, Line{})
	}
	return Line{}, false
}

// refStudio reports whether b[i:] starts with Android Studio's "PID-TID".
func refStudio(b []byte, i int) bool {
	for i < len(b) && refIsDigit(b[i]) {
		i++
	}
	return i > 0 && refIsDigit(b[i-1]) && refAt(b, i) == '-' && refIsDigit(refAt(b, i+1))
}

// refParseStudio parses the rest of an Android Studio line from its PID at
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
func refParseStudio(b []byte, i int, l Line) (Line, bool) {
	var ok bool
	if l.PID, i, ok = refNum(b, i); !ok || refAt(b, i) != '-' {
		return l, false
	}
	if l.TID, i, ok = refNum(b, i+1); !ok {
		return l, false
	}
	if refAt(b, i) == '/' {
		l.Format = StudioClassic
		pkg := i + 1
		for i < len(b) && b[i] != ' ' {
			i++
		}
		l.Package = refToken(b, pkg, i)
		if l.Package == nil || refAt(b, i) != ' ' || !refLevel[refAt(b, i+1)] || refAt(b, i+2) != '/' {
			return l, false
		}
		l.Level = b[i+1]
		return refTagged(b, i+3, l)
	}
	if l.Timestamp == nil || refAt(b, i) != ' ' {
		return l, false
	}
	l.Format = Studio
	var f [2][]byte // tag, package
	for k := range f {
		s := refSpaces(b, i)
		for i = s; i < len(b) && b[i] != ' '; i++ {
		}
		if f[k] = refToken(b, s, i); f[k] == nil || refAt(b, i) != ' ' {
			return l, false
		}
	}
	i = refSpaces(b, i)
	if !refLevel[refAt(b, i)] || i+1 < len(b) && b[i+1] != ' ' {
		return l, false
	}
	l.Tag, l.Package, l.Level = f[0], f[1], b[i]
	l.Message = b[min(refSpaces(b, i+1), len(b)):]
	if string(l.Package) == "?" {
		l.Package = nil
	}
	return l, true
}

// refToken returns b[i:j] when it is not empty and holds no control byte, and
// nil otherwise.
func refToken(b []byte, i, j int) []byte {
	if j <= i || refHasControl(b[i:j]) {
		return nil
	}
	return b[i:j:j]
}

// refTagged reads TAG (": " MSG | ":" end) at b[i:] into l.
func refTagged(b []byte, i int, l Line) (Line, bool) {
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
	l.Tag = refTrim(b, i, sep)
	if refHasControl(l.Tag) {
		return l, false
	}
	if string(l.Package) == "?" {
		l.Package = nil
	}
	l.Message = b[msg:]
	return l, true
}

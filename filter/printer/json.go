package printer

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/parse"
	"github.com/jmlog/jmlog/parse/logcat"
)

// JSONOptions configure the JSON-lines printer.
type JSONOptions struct {
	// Matched prints only the records that carry codes.
	Matched bool
	// Field names the member that holds the codes; "" means
	// DefaultJSONField.
	Field string
	// Context is the context written around the records with codes with
	// Matched, counted in records (a -v long entry is one); its Separator
	// is not used. Context records are line records with
	// "context":true, JSON object lines included.
	Context Context
}

// MaxLongRecord is the most bytes of input the JSON-lines printer gathers
// into the record of one logcat -v long entry. When an entry's lines
// would go past it, the record is written with the lines so far, and the
// entry's further lines become records of their own.
const MaxLongRecord = 1 << 20

// JSONLines is the JSON-lines printer (-o json): it writes one JSON object
// per input line, each ending in "\n", for log shippers.
//
//   - A line that is a JSON object, with nothing but white space around it,
//     is written as it is, with the codes member inserted before its
//     closing brace when it has codes (see Text).
//   - Any other line becomes
//     {"line":"...","format":"...","timestamp":"...","pid":N,"tid":N,"level":"E","tag":"...","message":"...","jmlog":[...]}
//     where "line" is the line without its terminator (a CR before the LF
//     is part of the terminator), the logcat fields follow when
//     logcat.Parse recognises the line (each only when the format has
//     it; a marker line has "format":"marker" and "buffer"; Android Studio
//     lines add "package", CRI lines "stream", and "partial":true for a P
//     piece), and the codes member only when the line has codes. A CRI
//     message split into P pieces stays one record per line: a code split
//     across two pieces is noted on the record of the piece it ends in.
//   - A logcat -v long entry, its header line and the message lines up to
//     the next empty line, header or marker, is one record with format
//     "long": "line" holds its lines joined by "\n", "message" its message
//     lines. The empty lines that end it belong to it (logcat writes two
//     when the message itself ends in a newline). See MaxLongRecord.
//   - A line longer than the Filter's buffer is written as it arrives, as
//     {"line":"...","jmlog":[...]} without logcat fields.
//
// Strings are escaped as JSON requires, and each byte that is not part of
// valid UTF-8 becomes U+FFFD, so every record is valid JSON and UTF-8.
type JSONLines struct {
	out   *Out
	opt   JSONOptions
	notes *jsonNotes
	// buf is the arena of out (see Out.grab) while a method of the
	// Sink appends records to it, nil otherwise.
	buf []byte

	// The pending -v long entry, of source longSrc.
	long      bool
	longSrc   *filter.Source
	afterLong bool   // the last line ended a -v long entry
	longText  []byte // its lines, copied, joined by "\n"
	longHead  int    // the length of the header line in longText
	longNotes []filter.Note
	longMore  int

	// A line longer than the buffer, while its pieces arrive.
	chunked bool
	open    bool  // its record has been started
	skipped int64 // bytes of it not written (Matched)
	stream  jsonStream

	ctxs map[*filter.Source]*jsonContext
	ctx  *jsonContext   // the current source's
	src  *filter.Source // the current source

	pool *arenaPool // its Forks' (fork.go)
}

// NewJSONLines returns a JSON-lines printer writing to out.
func NewJSONLines(out *Out, opt JSONOptions) *JSONLines {
	return &JSONLines{out: out, opt: opt, notes: newJSONNotes(opt.Field), ctxs: make(map[*filter.Source]*jsonContext),
		pool: newArenaPool(forkArenas)}
}

// grab makes buf the arena of out, with room for k more bytes: records are
// encoded in place, not gathered in a buffer of their own and copied (that
// copy was the largest single cost of -o json after the encoding itself).
// Every method that writes starts with grab and ends with put, and nothing
// else writes to out between them.
func (j *JSONLines) grab(k int) { j.buf = j.out.grab(k) }

// put hands buf back to out.
func (j *JSONLines) put() {
	j.out.put(j.buf)
	j.buf = nil
}

// lineRoom is the room grabbed for the record of a line of n bytes: enough
// for the line and its message when up to half of their bytes need a
// two-byte escape (the quotes of a JSON payload), and the fields. Records
// that need more are still right, but slower: append then moves the whole
// arena to a new array twice its size, a copy of up to 128 KiB and new
// memory to fault in. With room for 2n bytes, 11 lines of the 200 MB
// logcat corpus (JSON payloads of about 10 KB) did that, and -o json took
// 800 more page faults (TestJSONLinesAllocs).
func lineRoom(n int) int { return 3*n + 512 }

func (j *JSONLines) Begin(src *filter.Source) error {
	j.grab(lineRoom(len(j.longText)))
	defer j.put()
	j.context(src)
	j.endLong() // an entry left pending is written, never dropped
	j.afterLong, j.chunked = false, false
	delete(j.ctxs, src)
	j.context(src)
	return nil
}

func (j *JSONLines) End(src *filter.Source) error {
	j.grab(lineRoom(len(j.longText)))
	j.context(src)
	defer delete(j.ctxs, src)
	if j.chunked {
		// The input ended inside a long line (a read error).
		j.finishChunked(nil, nil, 0)
	}
	j.endLong()
	j.put()
	j.out.EndSource()
	return j.out.Err()
}

func (j *JSONLines) Flush(release func(error)) error {
	return j.out.Flush(release)
}

func (j *JSONLines) Pass(src *filter.Source, p []byte) error {
	j.grab(lineRoom(0))
	defer j.put()
	j.context(src)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		text := p
		if i >= 0 {
			text, p = p[:i], p[i+1:]
			if n := len(text); n > 0 && text[n-1] == '\r' {
				text = text[:n-1]
			}
		} else {
			p = nil
		}
		j.out.put(j.buf)
		j.grab(lineRoom(len(text) + len(j.longText)))
		if j.chunked {
			j.finishChunked(text, nil, 0)
		} else {
			j.line(text, nil, 0, [2]int{-1, -1})
		}
	}
	return j.out.Err()
}

func (j *JSONLines) Line(l *filter.Line) error {
	j.grab(lineRoom(len(l.Text) + len(j.longText)))
	defer j.put()
	j.context(l.Source)
	if l.Continued {
		j.finishChunked(l.Text, l.Notes, l.Omitted)
	} else {
		s, e := l.JSON()
		j.line(l.Text, l.Notes, l.Omitted, [2]int{s, e})
	}
	return j.out.Err()
}

func (j *JSONLines) Chunk(src *filter.Source, p []byte, seen bool) error {
	j.grab(lineRoom(len(p) + len(j.longText)))
	defer j.put()
	j.context(src)
	if !j.chunked {
		j.endLong()
		j.afterLong = false
		j.chunked, j.open, j.skipped, j.stream = true, false, 0, jsonStream{}
	}
	if !j.open {
		if j.opt.Matched && !seen {
			j.skipped += int64(len(p))
			return nil
		}
		j.group()
		j.buf = append(j.buf, `{"line":"`...)
		j.open = true
	}
	j.buf = j.stream.append(j.buf, p, true)
	return j.out.Err()
}

// finishChunked ends the record of a long line with its last piece.
func (j *JSONLines) finishChunked(text []byte, notes []filter.Note, more int) {
	j.chunked = false
	coded := len(notes) > 0 || more > 0
	if !j.open {
		if j.opt.Matched && !coded {
			j.ctx.ring.drain(func([]byte) {}) // never context: the lines before it are left out too
			return
		}
		j.group()
		j.buf = append(j.buf, `{"line":"`...)
	}
	j.buf = j.stream.append(j.buf, text, false)
	j.buf = append(j.buf, '"')
	if j.skipped > 0 {
		j.buf = append(j.buf, `,"skipped_bytes":`...)
		j.buf = strconv.AppendInt(j.buf, j.skipped, 10)
	}
	j.closeRecord(notes, more)
}

// closeRecord appends the codes member, if there are codes, and ends the
// record.
func (j *JSONLines) closeRecord(notes []filter.Note, more int) {
	if len(notes) > 0 || more > 0 {
		j.buf = append(j.buf, ',')
		j.buf = j.notes.appendMember(j.buf, notes, more)
	}
	j.buf = append(j.buf, '}', '\n')
}

// line handles a whole line, text, without its terminator. obj is the span
// of its JSON object when the Filter found one.
func (j *JSONLines) line(text []byte, notes []filter.Note, more int, obj [2]int) {
	coded := len(notes) > 0 || more > 0
	if j.afterLong && len(text) == 0 {
		return // more empty lines after an entry: a message that ended in "\n"
	}
	j.afterLong = false
	if j.long {
		switch {
		case len(text) == 0:
			j.endLong() // the empty line ends the entry and belongs to it
			j.afterLong = true
			return
		case isEntryStart(text):
			j.endLong()
		case len(j.longText)+1+len(text) > MaxLongRecord:
			j.endLong()
			j.record(text, notes, more, obj)
			return
		default:
			j.longText = append(append(j.longText, '\n'), text...)
			j.addLongNotes(notes, more)
			return
		}
	}
	if logcat.IsLongHeader(text) && len(text) <= MaxLongRecord {
		j.long, j.longSrc = true, j.src
		j.longText = append(j.longText[:0], text...)
		j.longHead = len(text)
		j.longNotes, j.longMore = j.longNotes[:0], 0
		j.addLongNotes(notes, more)
		return
	}
	if j.opt.Matched && !coded {
		j.skip(text, -1)
		return
	}
	j.record(text, notes, more, obj)
}

// isEntryStart reports whether text starts a new logcat entry: a -v long
// header or a marker.
func isEntryStart(text []byte) bool {
	if len(text) == 0 || text[0] != '[' && text[0] != '-' {
		return false
	}
	l, ok := logcat.Parse(text)
	return ok && (l.Format == logcat.LongHeader || l.Format == logcat.Marker)
}

// record writes the record of one line that is not part of a -v long
// entry.
func (j *JSONLines) record(text []byte, notes []filter.Note, more int, obj [2]int) {
	coded := len(notes) > 0 || more > 0
	if j.opt.Matched && !coded {
		j.skip(text, -1)
		return
	}
	j.group()
	if obj[0] < 0 && !coded {
		if i := skipSpace(text, 0); i < len(text) && text[i] == '{' {
			if s, e, ok := parse.JSONObject(text); ok {
				obj = [2]int{s, e}
			}
		}
	}
	if obj[0] >= 0 && skipSpace(text, 0) == obj[0] {
		if coded {
			j.buf = j.notes.appendEnriched(j.buf, text, obj, notes, more)
		} else {
			j.buf = append(j.buf, text...)
		}
		j.buf = append(j.buf, '\n')
		return
	}
	j.buf = appendLine(j.buf, text)
	j.closeRecord(notes, more)
}

// appendLine appends the start of the record of a line, text:
// {"line":"..." and the logcat fields, if it has them.
func appendLine(dst, text []byte) []byte {
	dst = append(dst, `{"line":"`...)
	l, ok := logcat.Parse(text)
	a, b, split := msgSpan(text, l.Message)
	if !ok || !split {
		dst, _ = appendEscaped(dst, text, false)
		dst = append(dst, '"')
		if ok {
			dst = appendLogcat(dst, &l)
		}
		return dst
	}
	// The message is escaped once, as part of the line, and copied.
	dst, _ = appendEscaped(dst, text[:a], false)
	ms := len(dst)
	dst, _ = appendEscaped(dst, text[a:b], false)
	me := len(dst)
	if b < len(text) {
		dst, _ = appendEscaped(dst, text[b:], false)
	}
	dst = append(dst, '"')
	return appendFields(dst, &l, ms, me)
}

// msgSpan reports whether text, a line, and m, the message logcat.Parse
// read from it, are such that the escape of text is the escapes of
// text[:a], m and text[b:], one after the other: m is text[a:b], it ends
// the line but for '\r' bytes, and the byte before it is ASCII (so no
// UTF-8 sequence spans a or b).
func msgSpan(text, m []byte) (a, b int, ok bool) {
	b = len(text)
	for b > 0 && text[b-1] == '\r' {
		b--
	}
	a = b - len(m)
	if len(m) == 0 || a < 1 || &text[a] != &m[0] || text[a-1] >= utf8.RuneSelf {
		return 0, 0, false
	}
	return a, b, true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isJSONSpace(b[i]) {
		i++
	}
	return i
}

// appendLogcat appends the fields of l: ,"format":...
func appendLogcat(dst []byte, l *logcat.Line) []byte {
	return appendFields(dst, l, -1, -1)
}

// appendFields is appendLogcat, where dst[ms:me], when ms >= 0, is
// already the escape of l.Message.
func appendFields(dst []byte, l *logcat.Line, ms, me int) []byte {
	if int(l.Format) < len(formatFields) {
		dst = append(dst, formatFields[l.Format]...)
	} else {
		dst = append(dst, `,"format":"`+l.Format.String()+`"`...)
	}
	if l.Format == logcat.Marker {
		dst = append(dst, `,"buffer":`...)
		return appendJSONString(dst, l.Message)
	}
	if l.Timestamp != nil {
		dst = append(dst, `,"timestamp":"`...)
		dst = appendShort(dst, l.Timestamp)
		dst = append(dst, '"')
	}
	if l.PID >= 0 {
		dst = append(dst, `,"pid":`...)
		dst = appendInt(dst, l.PID)
	}
	if l.TID >= 0 {
		dst = append(dst, `,"tid":`...)
		dst = appendInt(dst, l.TID)
	}
	if l.Level != 0 {
		dst = append(dst, `,"level":"`...)
		dst = append(dst, l.Level, '"')
	}
	if l.Tag != nil {
		dst = append(dst, `,"tag":"`...)
		dst = appendShort(dst, l.Tag)
		dst = append(dst, '"')
	}
	switch {
	case l.Format == logcat.LongHeader:
	case ms >= 0:
		dst = append(dst, `,"message":"`...)
		dst = append(dst, dst[ms:me]...)
		dst = append(dst, '"')
	default:
		dst = append(dst, `,"message":`...)
		dst = appendJSONString(dst, l.Message)
	}
	return appendMoreFields(dst, l)
}

// formatFields holds `,"format":"NAME"` for the logcat formats.
var formatFields = func() (t [16]string) {
	for f := range t {
		t[f] = `,"format":"` + logcat.Format(f).String() + `"`
	}
	return t
}()

// appendInt appends the decimal form of v, a pid or a tid.
func appendInt(dst []byte, v int) []byte {
	if v < 0 || v >= 1e9 {
		return strconv.AppendInt(dst, int64(v), 10)
	}
	var b [9]byte
	i := len(b)
	for v >= 100 {
		q := v / 100
		r := (v - q*100) * 2
		i -= 2
		b[i], b[i+1] = digits2[r], digits2[r+1]
		v = q
	}
	if v >= 10 {
		i -= 2
		b[i], b[i+1] = digits2[2*v], digits2[2*v+1]
	} else {
		i--
		b[i] = byte('0' + v)
	}
	return append(dst, b[i:]...)
}

// digits2 holds the two digits of each number below 100.
const digits2 = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// appendMoreFields appends the fields of the formats that are not logcat's
// own: "package" (Android Studio), "stream" and "partial" (CRI).
func appendMoreFields(dst []byte, l *logcat.Line) []byte {
	if l.Package != nil {
		dst = append(dst, `,"package":`...)
		dst = appendJSONString(dst, l.Package)
	}
	if l.Stream != nil {
		dst = append(dst, `,"stream":`...)
		dst = appendJSONString(dst, l.Stream)
	}
	if l.Partial {
		dst = append(dst, `,"partial":true`...)
	}
	return dst
}

// addLongNotes merges the codes of one line into those of the pending
// entry.
func (j *JSONLines) addLongNotes(notes []filter.Note, more int) {
	j.longMore += more
next:
	for _, n := range notes {
		for i := range j.longNotes {
			if j.longNotes[i].Code == n.Code {
				j.longNotes[i].Count += n.Count
				continue next
			}
		}
		if len(j.longNotes) < filter.MaxNotes {
			j.longNotes = append(j.longNotes, n)
		} else {
			j.longMore += n.Count
		}
	}
}

// endLong writes the pending -v long entry, if any.
func (j *JSONLines) endLong() {
	if !j.long {
		return
	}
	j.long = false
	if j.opt.Matched && len(j.longNotes) == 0 && j.longMore == 0 {
		j.skip(j.longText, j.longHead)
		return
	}
	j.group()
	j.buf = append(j.buf, `{"line":`...)
	j.buf = appendJSONString(j.buf, j.longText)
	l, _ := logcat.Parse(j.longText[:j.longHead])
	j.buf = appendLogcat(j.buf, &l)
	j.buf = append(j.buf, `,"message":`...)
	j.buf = appendJSONString(j.buf, j.longText[min(j.longHead+1, len(j.longText)):])
	j.closeRecord(j.longNotes, j.longMore)
}

var _ filter.Sink = (*JSONLines)(nil)

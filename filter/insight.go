package filter

import (
	"fmt"
	"strconv"
	"time"

	"github.com/jmlog/jmlog/parse/logcat"
	"github.com/jmlog/jmlog/parse/logtime"
)

// What the Filter learns about the lines that carry codes, beyond their
// codes: their log time, and the fields the breakdowns count by. Only
// lines with codes pay for it; every other line goes to the Sink
// untouched, as before.

// By names a breakdown: each code's count per value of a field.
type By uint8

// The breakdowns. Tag, pid, package and level are the fields of logcat
// lines (see logcat.Parse); file is the source's name.
const (
	ByTag By = iota + 1
	ByPID
	ByPackage
	ByFile
	ByLevel
	numBy
)

var byNames = [numBy]string{ByTag: "tag", ByPID: "pid", ByPackage: "package", ByFile: "file", ByLevel: "level"}

func (b By) String() string {
	if b > 0 && b < numBy {
		return byNames[b]
	}
	return "by(" + strconv.Itoa(int(b)) + ")"
}

// ParseBy reads "tag", "pid", "package", "file" or "level".
func ParseBy(s string) (By, error) {
	for b := ByTag; b < numBy; b++ {
		if byNames[b] == s {
			return b, nil
		}
	}
	return 0, fmt.Errorf("%q: use tag, pid, package, file or level", s)
}

// lookBack is how many lines before a line with codes but no time of its
// own are looked at for the nearest line with one, and how many before the
// end of a block for the last time in it.
const lookBack = 64

// maxHeader is the longest -v long header line kept to give its fields to
// the entry's message lines.
const maxHeader = 512

// timeState is what a stream knows of log time at one point of its input.
type timeState struct {
	ref     logtime.Ref
	memo    logtime.Memo // reads the times: consecutive lines often share their head
	fixed   bool         // ref is the source's ModTime; otherwise it is renewed every block
	ns      int64        // the last time seen
	timed   bool
	hdr     []byte // a copy of the header of the -v long entry being read, when inEntry
	inEntry bool
	pos     int // the block's bytes before pos are looked at
}

func newTimeState(src *Source, now func() time.Time) timeState {
	if !src.ModTime.IsZero() {
		return timeState{ref: logtime.NewRef(src.ModTime), fixed: true}
	}
	return timeState{ref: logtime.NewRef(now())}
}

// entry notes that the line text, which has a time, is the last line with
// one: the header of a -v long entry, or a line of its own.
func (tm *timeState) entry(text []byte, blank bool) {
	tm.inEntry = !blank && longHeader(text)
	if tm.inEntry {
		tm.hdr = append(tm.hdr[:0], text...)
	}
}

// longHeader reports whether text is the header of a -v long entry that
// entry keeps. A header starts with '[' (after a byte-order mark, if any):
// most lines need no closer look.
func longHeader(text []byte) bool {
	return len(text) <= maxHeader && len(text) > 0 && (text[0] == '[' || text[0] == 0xef) && logcat.IsLongHeader(text)
}

// lineFields is what a line with codes says: its time and its logcat
// fields (tag and pkg nil when absent, pid -1, level 0).
type lineFields struct {
	ns       int64
	timed    bool
	pid      int
	level    byte
	tag, pkg []byte
}

// lineInfo is a lineFields kept in a tally: the fields are spans of its
// arena, n -1 when absent.
type lineInfo struct {
	ns       int64
	timed    bool
	level    byte
	pid      int32
	tag, pkg span
}

type span struct{ off, n int32 }

// lineCtx is the line whose codes are being counted.
type lineCtx struct {
	text       []byte // the line without its terminator
	start, end int    // its offsets in the block, with its terminator; -1 for a piece of a long line
	info       int32  // its index in the tally's infos; -1 until a code is counted
	long       bool   // the line is longer than the buffer: its fields are the stream's long.fields
}

// info returns the index of the current line's lineInfo in the tally,
// finding out what the line says the first time it is asked.
func (f *Filter) info() int32 {
	if f.cur.info >= 0 {
		return f.cur.info
	}
	var lf lineFields
	switch {
	case f.cur.long:
		lf = f.st.long.fields
		if f.cur.end >= 0 {
			f.st.tm.pos = f.cur.end
		}
	case !f.fields:
		// Only the time: the same as describe's, without the fields.
		tm := f.readTime(f.cur.text, f.cur.start, f.cur.end)
		f.cur.info = f.delta.keepTime(tm.ns, tm.timed)
		return f.cur.info
	default:
		lf = f.describe(f.cur.text, f.cur.start, f.cur.end)
	}
	f.cur.info = f.delta.keep(&lf)
	return f.cur.info
}

// readTime reads the time of text as describe does, and returns the
// stream's timeState, which holds it.
func (f *Filter) readTime(text []byte, start, end int) *timeState {
	tm := &f.st.tm
	if ns, ok := tm.memo.Parse(text, tm.ref); ok {
		tm.ns, tm.timed = ns, true
		tm.entry(text, false)
	} else if start >= 0 {
		f.lookBack(start)
	}
	if start >= 0 {
		tm.pos = end
	}
	return tm
}

// describe reads the time and fields of text, a line with codes at
// blk[start:end] (start -1 for the first piece of a long line). A line
// without a time takes the last one seen in its source: the nearest line
// with one among the lookBack lines before it (not before the last line
// looked at), or else the time known before those. A -v long message line,
// which is no logcat line of its own, takes the fields of its entry's
// header.
func (f *Filter) describe(text []byte, start, end int) lineFields {
	tm := f.readTime(text, start, end)
	lf := lineFields{ns: tm.ns, timed: tm.timed, pid: -1}
	if f.fields {
		l, ok := logcat.Parse(text)
		if !ok && tm.inEntry {
			l, ok = logcat.Parse(tm.hdr)
		}
		if ok {
			lf.pid, lf.level, lf.tag, lf.pkg = l.PID, l.Level, l.Tag, l.Package
		}
	}
	return lf
}

// lookBack looks for the last line with a time in blk[tm.pos:to], which
// holds whole lines, from the end: at most lookBack lines. It notes an
// empty line on the way, which ends a -v long entry.
func (f *Filter) lookBack(to int) {
	tm := &f.st.tm
	p := f.blk[tm.pos:to]
	blank := false
	for k := 0; k < lookBack && len(p) > 0; k++ {
		i := lastNL(p[:len(p)-1]) + 1
		text, _ := split(p[i:])
		if n := len(text); n == 0 || n == 1 && text[0] == '\r' {
			blank = true
		} else if ns, ok := tm.memo.Parse(text, tm.ref); ok {
			tm.ns, tm.timed = ns, true
			tm.entry(text, blank)
			tm.pos = to
			return
		}
		p = p[:i]
	}
	if blank || len(p) > 0 {
		tm.inEntry = false // an empty line, or lines not looked at
	}
	tm.pos = to
}

// endBlock notes the last time of a block of lines, for the next block.
func (f *Filter) endBlock() {
	f.lookBack(len(f.blk))
	f.st.tm.pos = 0
	if !f.st.tm.fixed {
		f.st.tm.ref = logtime.NewRef(f.now())
	}
}

// startLong describes a line longer than the buffer from its first piece,
// p, and keeps what it says for its later pieces.
func (f *Filter) startLong(p []byte) {
	lg := &f.st.long
	lf := f.describe(p, -1, -1)
	lg.keys = append(append(lg.keys[:0], lf.tag...), lf.pkg...)
	if lf.tag != nil {
		lf.tag = lg.keys[:len(lf.tag):len(lf.tag)]
	}
	if lf.pkg != nil {
		lf.pkg = lg.keys[len(lg.keys)-len(lf.pkg):]
	}
	lg.fields = lf
}

// keep stores lf in the tally and returns its index.
func (t *tally) keep(lf *lineFields) int32 {
	li := lineInfo{ns: lf.ns, timed: lf.timed, level: lf.level, pid: int32(lf.pid)}
	li.tag, li.pkg = t.store(lf.tag), t.store(lf.pkg)
	t.infos = append(t.infos, li)
	return int32(len(t.infos) - 1)
}

// keepTime stores a lineInfo of time ns (timed) and no fields in the
// tally, as keep would, and returns its index.
func (t *tally) keepTime(ns int64, timed bool) int32 {
	t.infos = append(t.infos, lineInfo{ns: ns, timed: timed, pid: -1, tag: span{n: -1}, pkg: span{n: -1}})
	return int32(len(t.infos) - 1)
}

func (t *tally) store(b []byte) span {
	if b == nil {
		return span{n: -1}
	}
	s := span{off: int32(len(t.arena)), n: int32(len(b))}
	t.arena = append(t.arena, b...)
	return s
}

// key appends to dst the group of li in breakdown by.
func (t *tally) key(li *lineInfo, by By, dst []byte) []byte {
	var s span
	switch by {
	case ByFile:
		return append(dst, t.src.Label()...)
	case ByPID:
		if li.pid < 0 {
			return append(dst, noGroup...)
		}
		return strconv.AppendInt(dst, int64(li.pid), 10)
	case ByLevel:
		if li.level == 0 {
			return append(dst, noGroup...)
		}
		return append(dst, li.level)
	case ByTag:
		s = li.tag
	case ByPackage:
		s = li.pkg
	}
	if s.n < 0 {
		return append(dst, noGroup...)
	}
	return append(dst, t.arena[s.off:s.off+s.n]...)
}

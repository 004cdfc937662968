package printer

import (
	"bytes"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/parse/logcat"
)

// Context says which lines around the lines with codes a printer prints
// when it prints only those (Matched), as grep's -B, -A and -C do.
//
// Before-context is kept in a ring of at most Before lines, copied, and at
// most MaxBeforeBytes bytes in all (the oldest lines go first). Lines
// reach a printer whole when they fit the Filter's buffer; a longer line,
// which arrives in pieces, is never kept as before-context (the lines
// before it are left out too) but is printed whole as after-context.
type Context struct {
	Before, After int
	// Separator is the line written between groups of lines that are not
	// next to each other in the input, without its "\n"; nil writes none.
	Separator []byte
}

// MaxBeforeBytes bounds the bytes of before-context kept, whatever Before
// is.
const MaxBeforeBytes = 4 << 20

// DefaultSeparator is grep's group separator.
var DefaultSeparator = []byte("--")

// entryLook is how many lines before a printed group are looked at for the
// header of the logcat -v long entry the group starts in.
const entryLook = 64

// maxHeader is the longest -v long header kept to print before a group
// that starts inside its entry.
const maxHeader = 512

// lineRing keeps the last lines it was given, copied: at most max lines and
// maxBytes bytes.
type lineRing struct {
	lines    [][]byte // oldest first, from head
	head, n  int
	bytes    int
	max      int
	maxBytes int
}

func newRing(n, maxBytes int) lineRing {
	return lineRing{lines: make([][]byte, n), max: n, maxBytes: maxBytes}
}

// push adds a copy of line and calls evicted with each line it drops to
// make room, oldest first.
func (r *lineRing) push(line []byte, evicted func([]byte)) {
	if r.max == 0 || len(line) > r.maxBytes {
		r.drain(evicted)
		evicted(line)
		return
	}
	for r.n == r.max || r.bytes+len(line) > r.maxBytes {
		evicted(r.lines[r.head])
		r.pop()
	}
	i := (r.head + r.n) % r.max
	r.lines[i] = append(r.lines[i][:0], line...)
	r.bytes += len(line)
	r.n++
}

func (r *lineRing) pop() {
	r.bytes -= len(r.lines[r.head])
	r.head = (r.head + 1) % r.max
	r.n--
}

// at returns the i-th line, oldest first.
func (r *lineRing) at(i int) []byte { return r.lines[(r.head+i)%r.max] }

// drain drops every line, oldest first, calling evicted with each.
func (r *lineRing) drain(evicted func([]byte)) {
	for r.n > 0 {
		evicted(r.lines[r.head])
		r.pop()
	}
}

// textContext is the text printer's state for Context with Matched, for
// one source: sources that are followed together keep their context apart.
type textContext struct {
	Context
	ring    lineRing
	left    int  // after-context lines still to print
	longCtx bool // a line longer than the buffer is being printed as after-context
	gap     bool // lines were left out since the last line printed
	// The logcat -v long entry that the line before the ring is in.
	hdr     []byte
	inEntry bool
	skipped func([]byte)
}

func newTextContext(c Context) *textContext {
	tc := &textContext{Context: c, ring: newRing(c.Before, MaxBeforeBytes)}
	tc.skipped = func(line []byte) { tc.observe(line); tc.gap = true }
	return tc
}

// observe moves the entry state past line, with its terminator.
func (c *textContext) observe(line []byte) {
	switch entryLine(trimTerm(line)) {
	case entryHeader:
		c.inEntry = true
		c.hdr = append(c.hdr[:0], line...)
	case entryEnd:
		c.inEntry = false
	}
}

// What a line says about -v long entries.
const (
	entryMessage = iota // a line of an entry's message, if any entry is open
	entryHeader         // the header line of an entry
	entryEnd            // an empty line, a marker or a logcat line of another format: no entry goes on past it
)

func entryLine(text []byte) int {
	switch {
	case len(text) == 0 || isMarker(text):
		return entryEnd
	case len(text) <= maxHeader && logcat.IsLongHeader(text):
		return entryHeader
	case isLogcat(text):
		return entryEnd
	}
	return entryMessage
}

func isMarker(text []byte) bool {
	if !bytes.HasPrefix(text, []byte("--------- ")) {
		return false
	}
	l, ok := logcat.Parse(text)
	return ok && l.Format == logcat.Marker
}

// isLogcat reports whether text is a logcat line of a format other than
// -v long's.
func isLogcat(text []byte) bool {
	_, ok := logcat.Parse(text)
	return ok
}

// trimTerm returns line without its "\n" or "\r\n".
func trimTerm(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}

// nextLine returns the first line of p, with its terminator if it has one.
func nextLine(p []byte) []byte {
	if i := bytes.IndexByte(p, '\n'); i >= 0 {
		return p[:i+1]
	}
	return p
}

// lastLines returns where the last n lines of p start (len(p) for n 0).
func lastLines(p []byte, n int) int {
	start := len(p)
	for ; n > 0 && start > 0; n-- {
		start = bytes.LastIndexByte(p[:start-1], '\n') + 1
	}
	return start
}

// context selects the context state of src.
func (t *Text) context(src *filter.Source) *textContext {
	if t.ctxSrc != src {
		c := t.ctxs[src]
		if c == nil {
			c = newTextContext(t.opt.Context)
			t.ctxs[src] = c
		}
		t.ctx, t.ctxSrc = c, src
	}
	return t.ctx
}

// passMatched handles p, lines without codes, with Matched: the tail of
// a line left out or printed as context, after-context, then the lines
// kept for before-context; the rest is left out.
func (t *Text) passMatched(src *filter.Source, p []byte) error {
	c := t.context(src)
	if t.dropped > 0 || c.longCtx {
		tail := nextLine(p)
		p = p[len(tail):]
		if c.longCtx {
			t.writeCtx(src, tail)
			c.longCtx, t.open = false, false
			c.left--
		} else {
			t.dropped = 0
			c.ring.drain(c.skipped)
			c.gap, c.inEntry = true, false
		}
	}
	for c.left > 0 && len(p) > 0 {
		line := nextLine(p)
		p = p[len(line):]
		t.writeCtx(src, line)
		c.observe(line)
		c.left--
	}
	if len(p) == 0 {
		return t.out.Err()
	}
	start := lastLines(p, c.Before)
	if start > 0 {
		c.ring.drain(c.skipped)
		c.look(p[:start])
		c.gap = true
	}
	for q := p[start:]; len(q) > 0; {
		line := nextLine(q)
		q = q[len(line):]
		c.ring.push(line, c.skipped)
	}
	return t.out.Err()
}

// look moves the entry state past p, lines left out, looking at most
// entryLook lines back from its end for the last line that decides it.
func (c *textContext) look(p []byte) {
	for k := 0; k < entryLook && len(p) > 0; k++ {
		i := lastLines(p, 1)
		if entryLine(trimTerm(p[i:])) != entryMessage {
			c.observe(p[i:])
			return
		}
		p = p[:i]
	}
	if len(p) > 0 {
		c.inEntry = false // too far back to tell
	}
}

// startGroup writes what goes before a line with codes, whose text (or
// first piece) is first: when lines were left out since the last line
// printed, the separator, and the header of the -v long entry that the
// group's first line is a message line of; then the before-context.
func (t *Text) startGroup(src *filter.Source, first []byte) {
	c := t.ctx
	if c.ring.n > 0 {
		first = trimTerm(c.ring.at(0))
	}
	needHdr := c.gap && c.inEntry && entryLine(first) == entryMessage
	if t.midLine && (c.gap && c.Separator != nil || needHdr) {
		t.out.Write(newline) // the separator and the header go on lines of their own
	}
	if t.printed && c.gap && c.Separator != nil {
		if t.opt.Color {
			t.out.WriteString(sgrSeparator)
			t.out.Write(c.Separator)
			t.out.WriteString(sgrReset + "\n")
		} else {
			t.out.Write(c.Separator)
			t.out.Write(newline)
		}
	}
	if needHdr {
		t.writeCtx(src, c.hdr)
		if !bytes.HasSuffix(c.hdr, newline) {
			t.writeCtx(src, newline) // the header was a line with codes, seen without its terminator
		}
	}
	for i := range c.ring.n {
		line := c.ring.at(i)
		t.writeCtx(src, line)
		c.observe(line)
	}
	c.ring.drain(func([]byte) {})
	c.gap = false
}

var newline = []byte("\n")

const sgrSeparator = "\x1b[36m"

// writeCtx writes context bytes, copied (the ring's lines are reused),
// with "NAME-" before each line when Prefix is set, as grep does.
func (t *Text) writeCtx(src *filter.Source, p []byte) {
	for len(p) > 0 {
		line := nextLine(p)
		if t.opt.Prefix && t.bol {
			t.out.WriteString(src.Label())
			t.out.Write(dash)
		}
		t.out.Write(line)
		t.bol = line[len(line)-1] == '\n'
		t.midLine = !t.bol
		p = p[len(line):]
	}
}

var dash = []byte("-")

// chunkMatched handles a piece of a long line with Matched: printed as
// after-context, or, once it has codes, as the start of a group; else left
// out for now.
func (t *Text) chunkMatched(src *filter.Source, p []byte, seen bool) error {
	c := t.context(src)
	switch {
	case t.open:
	case seen:
		t.startGroup(src, p)
		t.open = true
	case c.left > 0:
		c.longCtx, t.open = true, true
	default:
		t.dropped += int64(len(p))
		return nil
	}
	if c.longCtx && !seen {
		t.writeCtx(src, p)
		return t.out.Err()
	}
	return t.write(src, p)
}

// lineMatched is what Line does around a line with codes with Matched.
func (t *Text) lineMatched(l *filter.Line) {
	c := t.context(l.Source)
	if !t.open {
		t.startGroup(l.Source, l.Text)
	}
	if !l.Continued {
		c.observe(l.Text)
	}
	c.longCtx, t.open = false, false
	t.printed = true
	t.midLine = len(l.Term) == 0
	c.left = c.After
}

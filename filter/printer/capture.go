package printer

import (
	"github.com/jmlog/jmlog/filter"
)

// Capture is a Sink that hands everything on to another Sink unchanged and
// keeps, for the first line of each code, that line and the lines around
// it: the context a report shows (see filter/report/html). What it keeps
// is bounded: at most MaxShots codes, each with at most Before lines
// before and After lines after its line, each line cut to MaxShotLine
// bytes.
//
// It costs next to nothing per line: it keeps references to the last
// spans and lines it was given (they stay valid until the next Flush), and
// looks for lines in them only for the first line of a code; at each
// Flush it copies the last Before lines, for the next block.
//
// Context does not cross sources, nor a line longer than the Filter's
// buffer (the lines before it are not kept, and after-context stops at
// it). Shots may be called once the Filter has returned.
type Capture struct {
	next          filter.Sink
	before, after int
	seen          map[uint32]bool
	shots         []*Shot
	srcs          map[*filter.Source]*captureState
	tmp           [][]byte
}

// captureState is a Capture's state for one source: sources that are
// followed together keep their context apart.
type captureState struct {
	// The lines before the next one: the last refs (spans of whole lines
	// with their terminators, or a line without its terminator), given
	// since the last Flush, and before them kept, copied at that Flush.
	// Every ref holds at least one line, so the last before refs hold the
	// last before lines.
	kept lineRing
	refs []ref
	open []*Shot // shots still taking after-context
	long bool    // a line longer than the buffer is going by
}

// ref is a span given to Pass, or the text of a Line.
type ref struct {
	p    []byte
	line bool
}

// Shot is the context of the first line of one code.
type Shot struct {
	Code   uint32
	Source string // the source's label
	Line   int64  // the number of the line with the code
	Lines  []ShotLine
	after  int // lines of after-context still to take
}

// ShotLine is one line of a Shot.
type ShotLine struct {
	Num  int64
	Text string // without its terminator, cut to MaxShotLine bytes
	Cut  bool   // the line was longer
	// Codes is set on lines with codes: the Shot's own line, and any other
	// such line among its context.
	Codes bool
}

// MaxShots is the most codes a Capture keeps the context of, and
// MaxShotLine the longest line it keeps.
const (
	MaxShots    = 200
	MaxShotLine = 512
)

// NewCapture returns a Capture handing everything on to next, keeping
// before lines before and after lines after the first line of each code.
func NewCapture(next filter.Sink, before, after int) *Capture {
	return &Capture{next: next, before: before, after: after, seen: make(map[uint32]bool),
		srcs: make(map[*filter.Source]*captureState)}
}

func (c *Capture) state(src *filter.Source) *captureState {
	s := c.srcs[src]
	if s == nil {
		s = &captureState{kept: newRing(c.before, c.before*(MaxShotLine+2))}
		c.srcs[src] = s
	}
	return s
}

// Shots returns the context of each code's first line, in the order the
// codes were first seen.
func (c *Capture) Shots() []*Shot { return c.shots }

func (c *Capture) Begin(src *filter.Source) error {
	delete(c.srcs, src)
	return c.next.Begin(src)
}

func (c *Capture) End(src *filter.Source) error {
	delete(c.srcs, src)
	return c.next.End(src)
}

// Flush copies the last lines of each source, whose references are about
// to go, then hands on.
func (c *Capture) Flush(release func(error)) error {
	for _, st := range c.srcs {
		if len(st.refs) == 0 {
			continue
		}
		c.tmp = st.last(c.before, c.tmp[:0])
		st.kept.drain(func([]byte) {})
		for i := len(c.tmp) - 1; i >= 0; i-- {
			st.kept.push(cut(c.tmp[i]), func([]byte) {})
		}
		clear(st.refs)
		st.refs = st.refs[:0]
	}
	return c.next.Flush(release)
}

// last appends to dst the last n lines (without terminators), newest
// first: from the refs, then from kept.
func (st *captureState) last(n int, dst [][]byte) [][]byte {
	for i := len(st.refs) - 1; i >= 0 && len(dst) < n; i-- {
		r := st.refs[i]
		if r.line {
			dst = append(dst, r.p)
			continue
		}
		for p := r.p; len(p) > 0 && len(dst) < n; {
			k := lastLines(p, 1)
			dst = append(dst, trimTerm(p[k:]))
			p = p[:k]
		}
	}
	for i := st.kept.n - 1; i >= 0 && len(dst) < n; i-- {
		dst = append(dst, st.kept.at(i))
	}
	return dst
}

// add keeps a reference to r, dropping the ones it makes useless.
func (st *captureState) add(r ref, before int) {
	if before == 0 {
		return
	}
	if len(st.refs) == 2*before {
		n := copy(st.refs, st.refs[before:])
		clear(st.refs[n:])
		st.refs = st.refs[:n]
	}
	st.refs = append(st.refs, r)
}

// forget drops every line kept: the lines before a long line are not
// context.
func (st *captureState) forget() {
	clear(st.refs)
	st.refs = st.refs[:0]
	st.kept.drain(func([]byte) {})
	st.open = st.open[:0]
}

func (c *Capture) Chunk(src *filter.Source, p []byte, seen bool) error {
	st := c.state(src)
	st.long = true
	st.forget()
	return c.next.Chunk(src, p, seen)
}

func (c *Capture) Pass(src *filter.Source, all []byte) error {
	st, p := c.state(src), all
	if st.long {
		p = p[len(nextLine(p)):] // the end of a long line
		st.long = false
	}
	for q := p; len(st.open) > 0 && len(q) > 0; {
		line := nextLine(q)
		q = q[len(line):]
		st.takeAfter(trimTerm(line), false)
	}
	if len(p) > 0 {
		st.add(ref{p: p}, c.before)
	}
	return c.next.Pass(src, all)
}

// takeAfter gives text, the next line, to the shots that take
// after-context.
func (st *captureState) takeAfter(text []byte, codes bool) {
	k := 0
	for _, s := range st.open {
		last := s.Lines[len(s.Lines)-1]
		s.Lines = append(s.Lines, shotLine(last.Num+1, text, codes))
		if s.after--; s.after > 0 {
			st.open[k] = s
			k++
		}
	}
	clear(st.open[k:])
	st.open = st.open[:k]
}

func (c *Capture) Line(l *filter.Line) error {
	st, text := c.state(l.Source), l.Text
	if st.long || l.Continued {
		st.long = false
		st.forget()
	}
	st.takeAfter(text, true)
	for _, n := range l.Notes {
		if c.seen[n.Code] || len(c.shots) >= MaxShots {
			continue
		}
		c.seen[n.Code] = true
		s := &Shot{Code: n.Code, Source: l.Source.Label(), Line: l.Num, after: c.after}
		c.tmp = st.last(c.before, c.tmp[:0])
		for i := len(c.tmp) - 1; i >= 0; i-- {
			s.Lines = append(s.Lines, shotLine(l.Num-int64(i+1), c.tmp[i], false))
		}
		sl := shotLine(l.Num, text, true)
		sl.Cut = sl.Cut || l.Continued
		s.Lines = append(s.Lines, sl)
		c.shots = append(c.shots, s)
		if s.after > 0 {
			st.open = append(st.open, s)
		}
	}
	if !l.Continued {
		st.add(ref{p: text, line: true}, c.before)
	}
	return c.next.Line(l)
}

// cut returns at most MaxShotLine+1 bytes of text: one more than kept
// tells shotLine that the line was longer.
func cut(text []byte) []byte { return text[:min(len(text), MaxShotLine+1)] }

func shotLine(num int64, text []byte, codes bool) ShotLine {
	sl := ShotLine{Num: num, Codes: codes}
	if len(text) > MaxShotLine {
		text, sl.Cut = text[:MaxShotLine], true
	}
	sl.Text = string(text)
	return sl
}

var _ filter.Sink = (*Capture)(nil)

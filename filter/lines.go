package filter

import (
	"bytes"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/parse"
)

// window is how many bytes the finder looks at at once, about: a block is
// cut into windows at line ends, so that the hits of a block full of codes
// take bounded memory. A line longer than a window is looked at a window
// at a time, cut like chunks (see cut).
const window = 64 << 10

// chunk handles part of a line longer than the buffer.
func (f *Filter) chunk(p []byte) error {
	lg := &f.st.long
	if !lg.active {
		lg.active = true
		f.long++
		lg.notes = lg.notes[:0]
		lg.omitted = 0
		f.startLong(p)
	}
	f.cur = lineCtx{start: -1, end: -1, info: -1, long: true}
	f.findLong(p, &lg.notes, &lg.omitted, f.st.lineNo+1)
	return f.sink.Chunk(f.st.src, p, len(lg.notes) > 0)
}

// findLong finds the codes of p, part of line num, a window at a time, so
// that the hits of a piece full of codes take bounded memory; windows are
// cut like chunks.
func (f *Filter) findLong(p []byte, notes *[]Note, omitted *int, num int64) {
	finder := f.pre
	if f.line != nil {
		finder = f.line
	}
	for q := p; len(q) > 0; {
		n := len(q)
		if n > window {
			n = cut(q[:window])
		}
		hits := finder.Find(q[:n], f.hits[:0])
		f.hits = hits[:0]
		for _, h := range hits {
			f.note(h.Code, notes, omitted, num)
		}
		q = q[n:]
	}
}

// lines handles data, which holds whole lines; when final is set the last
// one may lack its terminator.
//
// It hands data to window a window of lines at a time, so that the hits of
// a block full of codes take bounded memory: the windows found ahead
// (ahead.go) where there are some, else as windows cuts them. A line
// longer than a window goes to bigLine, which looks for its codes a window
// at a time. The counts of the windows go to the Counts once the tally
// holds tallyMax of anything (see windowDone), and at the end of the block
// (handle), so that the tally too stays bounded, not the size of a block's.
func (f *Filter) lines(data []byte, final bool) error {
	for {
		if n, ok := f.found.span(cap(f.blk) - cap(data)); ok {
			// A window found ahead (ahead.go).
			if err := f.window(data[:n], final && n == len(data)); err != nil || n == len(data) {
				return err
			}
			f.windowDone()
			data = data[n:]
			continue
		}
		if len(data) <= window {
			break
		}
		if i := lastNL(data[:window]); i >= 0 {
			if err := f.window(data[:i+1], false); err != nil {
				return err
			}
			data = data[i+1:]
			f.windowDone()
			continue
		}
		n := len(data)
		if i := bytes.IndexByte(data[window:], '\n'); i >= 0 {
			n = window + i + 1
		}
		if err := f.bigLine(data[:n], final && n == len(data)); err != nil {
			return err
		}
		data = data[n:]
		f.windowDone()
	}
	return f.window(data, final)
}

// split returns the text and terminator of line, which holds one line with
// its terminator, if any.
func split(line []byte) (text, term []byte) {
	n := len(line)
	switch {
	case n >= 2 && line[n-2] == '\r' && line[n-1] == '\n':
		return line[:n-2], line[n-2:]
	case n >= 1 && line[n-1] == '\n':
		return line[:n-1], line[n-1:]
	}
	return line, line[n:]
}

// advance counts n more lines of the current source as read.
func (f *Filter) advance(n int64) {
	f.st.lineNo += n
	f.delta.lines += n
}

// newLine starts f.l as the next line of the stream, text and term, taking
// over the codes of its earlier parts when it ends a long line. A last
// line without a terminator gets "\n" when the block is a final one of
// Follow (see Filter.Follow).
func (f *Filter) newLine(text, term []byte) *Line {
	if len(term) == 0 && f.endNL {
		term = nl
	}
	lg := &f.st.long
	l := &f.l
	*l = Line{Source: f.st.src, Num: f.st.lineNo + 1, Text: text, Term: term,
		Notes: l.Notes[:0], Continued: lg.active && !lg.broken}
	f.counted = false
	if lg.active {
		l.Notes = append(l.Notes, lg.notes...)
		l.Omitted = lg.omitted
		f.counted = lg.counted
		lg.active, lg.broken, lg.counted = false, false, false
		f.long--
	}
	return l
}

// breakLine ends, in the output, the line of st that is open there: its
// start went to Chunk, and Follow is to hand the Sink a block of another
// source (see Filter.Follow). The Sink gets a Line with an empty Text, the
// Term "\n" and the codes of the pieces since the start of the line or
// the last break, or a Pass of "\n" when they had none. The rest of the
// line is then given to the Sink as a line of its own; the line is counted
// when its end is read, as usual, and as a line with codes only once.
func (f *Filter) breakLine(st *stream) error {
	f.st, f.endNL = st, false
	lg := &st.long
	var err error
	if len(lg.notes) > 0 || lg.omitted > 0 {
		l := &f.l
		*l = Line{Source: st.src, Num: st.lineNo + 1, Term: nl, Notes: append(l.Notes[:0], lg.notes...),
			Omitted: lg.omitted, Continued: true}
		if !lg.counted {
			f.delta.matched++
			lg.counted = true
		}
		err = f.sink.Line(l)
	} else {
		err = f.sink.Pass(st.src, nl)
	}
	lg.notes, lg.omitted, lg.broken = lg.notes[:0], 0, true
	f.addCounts()
	return err
}

// tallyMax is how many hits, lines with codes, or distinct codes the tally
// gathers over the windows of a block before they go to the Counts: about
// 60 KB of tally at most. Adding them costs a map lookup per distinct code
// and a timeline update per hit, so the fewer times the better; but a
// block full of codes would otherwise make the tally the size of the
// block's lines with codes.
const tallyMax = 1 << 10

// windowDone ends a window of lines: its counts go to the Counts once
// the tally holds tallyMax of anything. The last window of a block always
// goes with the block (handle).
func (f *Filter) windowDone() {
	if d := &f.delta; len(d.hits) >= tallyMax || len(d.infos) >= tallyMax || len(d.codes) >= tallyMax {
		f.addCounts()
	}
}

// addCounts adds the tally to the Counts, and starts it again.
func (f *Filter) addCounts() {
	f.counts.add(&f.delta)
	f.delta.reset()
}

// matched reports whether l carries codes. If so it counts it (unless a
// break counted it already).
func (f *Filter) matched(l *Line) bool {
	if len(l.Notes) == 0 && l.Omitted == 0 {
		return false
	}
	if !f.counted {
		f.delta.matched++
	}
	return true
}

// bigLine handles one line, with its terminator unless final, that is
// longer than a window but fits the buffer. A line finder, or a block
// finder that depends on line ends (parse.LineBound), sees the line whole;
// the default Scanner looks at it a window at a time.
func (f *Filter) bigLine(data []byte, final bool) error {
	text, term := split(data)
	base := cap(f.blk) - cap(data)
	f.cur = lineCtx{text: text, start: base, end: base + len(data), info: -1, long: f.st.long.active}
	l := f.newLine(text, term)
	whole := f.line
	if _, ok := f.pre.(parse.LineBound); ok && whole == nil {
		whole = f.pre
	}
	if whole != nil {
		hits := whole.Find(text, f.lhits[:0])
		f.lhits = hits[:0]
		for _, h := range hits {
			f.note(h.Code, &l.Notes, &l.Omitted, l.Num)
		}
	} else {
		f.findLong(text, &l.Notes, &l.Omitted, l.Num)
	}
	if len(term) > 0 || final {
		f.advance(1)
	}
	if f.matched(l) {
		return f.sink.Line(l)
	}
	return f.pass(data)
}

// pass hands data, which carries no code, to the Sink; when its last line
// lacks a terminator and the block is a final one of Follow, a "\n" after
// it (see newLine).
func (f *Filter) pass(data []byte) error {
	if f.quiet {
		return nil
	}
	if err := f.sink.Pass(f.st.src, data); err != nil || !f.endNL || data[len(data)-1] == '\n' {
		return err
	}
	return f.sink.Pass(f.st.src, nl)
}

// window handles data, which holds whole lines, like lines. Lines are
// counted before they go to the Sink, so that the counts never show more
// lines with codes than lines, whatever the Sink returns.
func (f *Filter) window(data []byte, final bool) error {
	var hits []parse.Hit
	lineFound := false
	if f.pre != nil {
		var done bool
		var err error
		if hits, lineFound, done, err = f.windowHits(data); done || err != nil {
			return err
		}
		if f.quiet {
			defer func() { f.quiet = false }()
		}
	}
	w := windowState{data: data, hits: hits, seams: f.findSeams(data), final: lineFound}
	for w.next < len(data) {
		if f.pre != nil && !f.st.long.active && w.h == len(hits) && w.s == len(w.seams) {
			break // no hit left: the rest goes to Pass
		}
		ls, next, lineHits, seamHits := w.line(f.pre != nil && !f.st.long.active)
		text, term := split(data[ls:next])
		if f.line != nil && (f.pre == nil || len(lineHits) > 0 && !w.final || f.st.long.active) {
			lineHits = f.line.Find(text, f.lhits[:0])
			f.lhits = lineHits[:0]
		}
		if ls > w.counted {
			f.advance(int64(bytes.Count(data[w.counted:ls], nl)))
			w.counted = ls
		}
		base := cap(f.blk) - cap(data)
		f.cur = lineCtx{text: text, start: base + ls, end: base + next, info: -1, long: f.st.long.active}
		l := f.newLine(text, term)
		for _, hit := range seamHits {
			f.note(hit.Code, &l.Notes, &l.Omitted, l.Num)
		}
		for _, hit := range lineHits {
			f.note(hit.Code, &l.Notes, &l.Omitted, l.Num)
		}
		if !f.matched(l) {
			continue // the line stays in the span that goes to Pass
		}
		if len(term) > 0 || final {
			f.advance(1)
		}
		w.counted = next
		if err := f.emit(data[w.pos:ls], l); err != nil {
			return err
		}
		w.pos = next
	}
	f.advance(int64(bytes.Count(data[w.counted:], nl)))
	if final && w.counted < len(data) && data[len(data)-1] != '\n' {
		f.advance(1)
	}
	if w.pos < len(data) {
		return f.pass(data[w.pos:])
	}
	return nil
}

// windowHits returns the codes of data, a window of the block: found
// ahead (ahead.go) or found now. It reports done when there is nothing
// more to do with the window: it was counted (count_ahead.go), and its
// output, if any, was rendered ahead and given to the Sink
// (render_ahead.go). When only its output was, it sets f.quiet, so that
// window only counts it. lineFound reports that the hits are the line
// finder's, run by the helper (ahead.line).
func (f *Filter) windowHits(data []byte) (hits []parse.Hit, lineFound, done bool, err error) {
	base := cap(f.blk) - cap(data)
	aw, ok := f.found.take(f.ahead, base, data)
	if ok && aw.rendered && f.useCounted() {
		spliced, err := f.forker.Splice(f.st.src, aw.out)
		if err != nil {
			return nil, false, true, err
		}
		if spliced {
			f.taken++
			f.spliced++
			if aw.counted {
				f.tallied++
				f.countedWindow(&aw.cw, base)
				return nil, false, true, nil
			}
			f.quiet = true
		}
	}
	switch {
	case ok && aw.counted && f.ahead.count && f.useCounted():
		f.taken++
		f.tallied++
		f.countedWindow(&aw.cw, base) // -c: no more to do (count_ahead.go)
		return nil, false, true, nil
	case ok && aw.kept:
		// With a line finder, the helper ran it (ahead.line): its hits
		// are final, and window need not run it again, but on a line
		// whose start went before (long.active), which it runs it on as
		// if the hits were the block finder's.
		if !f.quiet {
			f.taken++
		}
		hits = aw.appendHits(f.hits[:0])
		lineFound = f.line != nil
	default:
		hits = f.pre.Find(data, f.hits[:0])
		if f.countOwn(data, hits, base) {
			f.hits = hits[:0]
			return nil, false, true, nil // -c: no more to do (count_ahead.go)
		}
	}
	f.hits = hits[:0]
	return hits, lineFound, false, nil
}

// emit hands the Sink the untouched lines before l, if any, then l.
func (f *Filter) emit(before []byte, l *Line) error {
	if f.quiet {
		return nil
	}
	if len(before) > 0 {
		if err := f.sink.Pass(f.st.src, before); err != nil {
			return err
		}
	}
	return f.sink.Line(l)
}

// windowState is where window is in its data.
type windowState struct {
	data    []byte
	hits    []parse.Hit
	final   bool // hits are the line finder's (ahead.line)
	pos     int  // data[:pos] has gone to the Sink
	counted int  // the line feeds in data[:counted] are counted
	next    int  // where the next line to look at may start
	h       int  // hits[:h] are done
	seams   []parse.Hit
	s       int // seams[:s] are done
}

// line returns the next line to look at, data[ls:next] with its
// terminator, and the block finder's hits and the seam codes (seam.go) in
// it. With skip set it goes straight to the line of the next hit or seam
// code.
func (w *windowState) line(skip bool) (ls, next int, hits, seams []parse.Hit) {
	ls = w.next
	le := bytes.IndexByte(w.data[ls:], '\n')
	if skip {
		to := len(w.data)
		if w.h < len(w.hits) {
			to = w.hits[w.h].Start
		}
		if w.s < len(w.seams) {
			to = min(to, w.seams[w.s].Start)
		}
		// In a dense block the next hit is in the next line; else its
		// line starts after the last line end before it.
		if le >= 0 && ls+le < to {
			ls += le + 1 + lastNL(w.data[ls+le+1:to]) + 1
			le = bytes.IndexByte(w.data[ls:], '\n')
		}
	}
	if le < 0 {
		le, next = len(w.data), len(w.data)
	} else {
		le += ls
		next = le + 1
	}
	k := w.h
	for k < len(w.hits) && w.hits[k].Start < le {
		k++
	}
	hits = w.hits[w.h:k]
	j := w.s
	for j < len(w.seams) && w.seams[j].Start < next {
		j++
	}
	seams = w.seams[w.s:j]
	w.h, w.s, w.next = k, j, next
	return ls, next, hits, seams
}

var nl = []byte{'\n'}

// note classifies one code found in line num of the current source, counts
// it, and records it in notes. A code in the table is known. A code that is
// not in the table is unknown when it has 6 digits and starts with 871,
// whichever finder found it; any other value is not a JMessage code and is
// ignored. Code 0 ("Success") is never annotated or counted.
func (f *Filter) note(code uint32, notes *[]Note, omitted *int, num int64) {
	e, ok := noted(&f.rows, f.table, code)
	if !ok {
		return
	}
	f.delta.add(code, e, num, f.info())
	addNote(notes, omitted, code, e)
}

// noted reports whether code is annotated and counted (see note), with
// its row of tab, looked up through rows.
func noted(rows *jmRows, tab *codes.Table, code uint32) (*codes.Entry, bool) {
	if code == 0 {
		return nil, false
	}
	e, ok := rows.lookup(tab, code)
	if !ok && code/1000 != 871 {
		return nil, false
	}
	return e, true
}

// addNote records code, of row e, in the notes of a line.
func addNote(notes *[]Note, omitted *int, code uint32, e *codes.Entry) {
	for i := range *notes {
		if (*notes)[i].Code == code {
			(*notes)[i].Count++
			return
		}
	}
	if len(*notes) < MaxNotes {
		*notes = append(*notes, Note{Code: code, Count: 1, Entry: e})
	} else {
		*omitted++
	}
}

// Package filter is jmlog's stream: it reads sources in large blocks, finds
// codes with package parse, annotates them from package codes, counts them,
// and hands the result to a Sink.
//
// The data path is source → block scanner → finder → annotator → sink.
// Untouched bytes go to the Sink as whole spans, with no work per line.
package filter

import (
	"bytes"
	"errors"
	"io"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/parse"
)

// DefaultBufSize is the size of the Filter's read buffer: the largest block
// read at once, and the longest line that is given to a Sink in one piece.
const DefaultBufSize = 1 << 20

// minBufSize keeps the long-line cut (see cut) meaningful.
const minBufSize = 64

// Config says how a Filter finds codes and where the results go.
type Config struct {
	// Table is the code table; nil means the embedded table.
	Table *codes.Table
	// Pre is the block finder. When Line is nil its hits are final. When
	// Line is set, Pre only picks the lines worth giving to Line, so it may
	// report false candidates but must never miss a line that Line would
	// find a code in. nil means every line goes to Line.
	Pre *parse.Scanner
	// Line, when set, finds the codes of each line Pre picked (or of every
	// line, when Pre is nil).
	Line parse.Finder
	// Sink receives the output; nil means Discard.
	Sink Sink
	// Counts receives the counts; nil means a new Counts.
	Counts *Counts
	// BufSize is the read buffer size; 0 means DefaultBufSize.
	BufSize int
}

// Filter is the block scanner. It is not safe for concurrent use, but its
// Counts may be read concurrently.
type Filter struct {
	table  *codes.Table
	pre    *parse.Scanner
	line   parse.Finder
	sink   Sink
	counts *Counts

	free  chan []byte // Run's buffers
	size  int         // buffer size
	hits  []parse.Hit // the block finder's hits
	lhits []parse.Hit // the line finder's hits
	l     Line

	// The stream being worked on.
	st *stream
}

// stream is the state of one source while it is read.
type stream struct {
	src    *Source
	lineNo int64 // lines of src finished so far
	long   long
	free   chan []byte // buffers its reader may fill
}

// long is the state of a line longer than the buffer while it is read.
type long struct {
	active  bool
	notes   []Note
	omitted int
}

// New returns a Filter for cfg.
func New(cfg Config) *Filter {
	f := &Filter{table: cfg.Table, pre: cfg.Pre, line: cfg.Line, sink: cfg.Sink, counts: cfg.Counts}
	if f.table == nil {
		f.table = codes.Embedded()
	}
	if f.pre == nil && f.line == nil {
		f.pre = parse.NewScanner(nil)
	}
	if f.sink == nil {
		f.sink = Discard{}
	}
	if f.counts == nil {
		f.counts = &Counts{}
	}
	n := cfg.BufSize
	if n == 0 {
		n = DefaultBufSize
	}
	if n < minBufSize {
		n = minBufSize
	}
	f.size = n
	f.free = buffers(4, n)
	f.l.Notes = make([]Note, 0, MaxNotes)
	return f
}

// Counts returns the Filter's counts.
func (f *Filter) Counts() *Counts { return f.counts }

func buffers(n, size int) chan []byte {
	c := make(chan []byte, n)
	for range n {
		c <- make([]byte, size)
	}
	return c
}

func (f *Filter) newStream(src *Source, free chan []byte) *stream {
	return &stream{src: src, free: free, long: long{notes: make([]Note, 0, MaxNotes)}}
}

// ErrNoProgress is returned when a source keeps returning no bytes and no
// error.
var ErrNoProgress = errors.New("filter: the input returns no data and no error")

// Run filters src to its end. It returns nil at io.EOF. On a read error
// it still hands what was read before the error to the Sink, as if the
// input ended there, then returns the error; a *DecompressError gets the
// number of lines read in its Lines. An error from the Sink stops Run at
// once.
//
// Reading overlaps with the rest: a reader goroutine fills one buffer while
// Run finds and annotates the previous one, and the Sink may write an
// earlier one on its own goroutine. There are four buffers, so memory stays
// at four times the buffer size; when the Sink is slow the reader waits for
// a free buffer, and no more is read.
func (f *Filter) Run(src *Source) error {
	st := f.newStream(src, f.free)
	if err := f.begin(st); err != nil {
		return err
	}
	blocks := make(chan block, cap(st.free))
	done := make(chan struct{})
	defer close(done)
	go f.read(st, blocks, done)
	for b := range blocks {
		if err := f.handle(b); err != nil || b.final {
			if err == nil && b.err != io.EOF {
				err = b.err
				var de *DecompressError
				if errors.As(err, &de) {
					de.Lines = st.lineNo
				}
			}
			return err
		}
	}
	return nil
}

// Follow filters several sources at once, as their readers deliver lines:
// a line of one source is never mixed with a line of another, and the lines
// of each source keep their order. Each source gets two buffers of size
// bytes (0 means DefaultBufSize). When a source ends, with io.EOF or an
// error, report is called with the error (nil for io.EOF) and the others go
// on. Follow returns when every source has ended, or at the first error of
// the Sink.
func (f *Filter) Follow(srcs []*Source, size int, report func(*Source, error)) error {
	if size <= 0 {
		size = DefaultBufSize
	}
	size = max(size, minBufSize)
	blocks := make(chan block, 2*len(srcs))
	done := make(chan struct{})
	defer close(done)
	for _, src := range srcs {
		st := f.newStream(src, buffers(2, size))
		if err := f.begin(st); err != nil {
			return err
		}
		go f.read(st, blocks, done)
	}
	// While a line longer than the buffer goes out in chunks, the blocks of
	// other sources wait in pending, so that the line stays whole.
	var pending []block
	var excl *stream
	for left := len(srcs); left > 0; {
		var b block
		if excl == nil && len(pending) > 0 {
			b, pending = pending[0], pending[1:]
		} else {
			b = <-blocks
			if excl != nil && b.st != excl {
				pending = append(pending, b)
				continue
			}
		}
		if err := f.handle(b); err != nil {
			return err
		}
		switch {
		case b.final:
			excl = nil
			left--
			if report != nil {
				err := b.err
				if err == io.EOF {
					err = nil
				}
				report(b.st.src, err)
			}
		case b.chunk:
			excl = b.st
		case excl == b.st:
			excl = nil
		}
	}
	return nil
}

func (f *Filter) begin(st *stream) error {
	f.counts.lock()
	defer f.counts.unlock()
	f.st = st
	return f.sink.Begin(st.src)
}

// handle gives one block to the finder, the annotator and the Sink, and
// flushes the Sink. For the final block of a source it waits until the
// Sink has written everything.
func (f *Filter) handle(b block) error {
	f.counts.lock()
	if f.counts.held {
		// The program is ending; let it.
		select {}
	}
	f.st = b.st
	var err error
	if b.chunk {
		err = f.chunk(b.data)
	} else {
		err = f.lines(b.data, b.final)
	}
	if err == nil && b.final {
		err = f.sink.End(b.st.src)
	}
	var written chan struct{}
	if err == nil {
		buf, free := b.buf, b.st.free
		if b.final {
			written = make(chan struct{})
			err = f.sink.Flush(func() { free <- buf; close(written) })
		} else {
			err = f.sink.Flush(func() { free <- buf })
		}
	}
	f.counts.unlock()
	if err == nil && written != nil {
		<-written // everything of the source is written
	}
	return err
}

// block is what the reader hands to Run: data to handle, at the start of
// buf, which goes back to the free list when Run is done with it.
type block struct {
	st    *stream
	buf   []byte
	data  []byte // whole lines, or part of a long line when chunk is set
	chunk bool
	final bool  // no more blocks follow
	err   error // why: io.EOF or a read error; set when final
}

// read fills buffers from r and sends them to blocks. A buffer is sent as
// soon as a read brings a line end, so lines are never held back waiting for
// more input; the bytes after the last line end are copied to the start of
// the next buffer. A buffer full of one line is sent as a chunk, cut where
// no code can be split (see cut).
func (f *Filter) read(st *stream, blocks chan<- block, done <-chan struct{}) {
	r := st.src.R
	var buf []byte
	select {
	case buf = <-st.free:
	case <-done:
		return
	}
	filled, empty := 0, 0
	for {
		n, err := r.Read(buf[filled:])
		if n < 0 || n > len(buf)-filled {
			n, err = 0, errors.New("filter: the input returned an impossible count")
		}
		filled += n
		if n == 0 && err == nil {
			if empty++; empty < 100 {
				continue
			}
			err = ErrNoProgress
		}
		empty = 0
		b := block{st: st, buf: buf, final: err != nil, err: err}
		end := filled
		if !b.final {
			// Only the new bytes can hold a line end: the bytes kept from
			// the last read are the start of a line.
			if i := bytes.LastIndexByte(buf[filled-n:filled], '\n'); i >= 0 {
				end = filled - n + i + 1
			} else if filled == len(buf) {
				end, b.chunk = cut(buf), true
			} else {
				continue // only part of a line so far
			}
		}
		b.data = buf[:end]
		if !b.final {
			// The reader is the only writer of buffers, and Run does not
			// look past data, so the tail can be copied while Run works.
			var next []byte
			select {
			case next = <-st.free:
			case <-done:
				return
			}
			filled = copy(next, buf[end:filled])
			buf = next
		}
		select {
		case blocks <- b:
		case <-done:
			return
		}
		if b.final {
			return
		}
	}
}

// cut picks where to split a buffer that holds part of one long line. The
// split goes just before a byte that cannot be part of a code (see
// parse.IsWord), so a code is never split and the finders see true
// boundaries on both sides; and never just after a '\r', so that a CRLF
// terminator stays whole. When the last 64 bytes are all word bytes, no
// code can end or begin near there, and the split goes 32 bytes from the
// end.
func cut(data []byte) int {
	n := len(data)
	for c := n - 1; c > max(0, n-64); c-- {
		if !parse.IsWord(data[c]) && data[c-1] != '\r' {
			return c
		}
	}
	return n - 32
}

// chunk handles part of a line longer than the buffer.
func (f *Filter) chunk(p []byte) error {
	if !f.st.long.active {
		f.st.long.active = true
		f.st.long.notes = f.st.long.notes[:0]
		f.st.long.omitted = 0
	}
	num := f.st.lineNo + 1
	// Find codes a window at a time, so that the hits of a chunk full of
	// codes take bounded memory; windows are cut like chunks.
	for q := p; len(q) > 0; {
		n := len(q)
		if n > window {
			n = cut(q[:window])
		}
		var hits []parse.Hit
		if f.line != nil {
			hits = f.line.Find(q[:n], f.hits[:0])
		} else {
			hits = f.pre.Find(q[:n], f.hits[:0])
		}
		f.hits = hits[:0]
		for _, h := range hits {
			f.note(h.Code, &f.st.long.notes, &f.st.long.omitted, num)
		}
		q = q[n:]
	}
	return f.sink.Chunk(f.st.src, p, len(f.st.long.notes) > 0)
}

// window is how many bytes the finder looks at at once, about: a block is
// cut into windows at line ends, so that the hits of a block full of codes
// take bounded memory (a line is never cut; a long line is at most a
// buffer).
const window = 64 << 10

// lines handles data, which holds whole lines; when final is set the last
// one may lack its terminator.
//
// It hands data to window a window of lines at a time, so that the hits of
// a block full of codes take bounded memory. A line longer than a window
// goes to bigLine, which looks for its codes a window at a time.
func (f *Filter) lines(data []byte, final bool) error {
	for len(data) > window {
		if i := bytes.LastIndexByte(data[:window], '\n'); i >= 0 {
			if err := f.window(data[:i+1], false); err != nil {
				return err
			}
			data = data[i+1:]
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

// newLine starts f.l as the next line of the stream, text and term, taking
// over the codes of its earlier parts when it ends a long line.
func (f *Filter) newLine(text, term []byte) *Line {
	l := &f.l
	*l = Line{Source: f.st.src, Num: f.st.lineNo + 1, Text: text, Term: term,
		Notes: l.Notes[:0], Continued: f.st.long.active, JSON: [2]int{-1, -1}}
	if f.st.long.active {
		l.Notes = append(l.Notes, f.st.long.notes...)
		l.Omitted = f.st.long.omitted
		f.st.long.active = false
	}
	return l
}

// matched reports whether l carries codes. If so it counts it, and notes
// where the line holds a JSON object, if it does (see parse.JSONObject):
// only lines with codes are looked at, and never a line whose start went
// to Chunk.
func (f *Filter) matched(l *Line) bool {
	if len(l.Notes) == 0 && l.Omitted == 0 {
		return false
	}
	f.counts.matched++
	if !l.Continued {
		if s, e, ok := parse.JSONObject(l.Text); ok {
			l.JSON = [2]int{s, e}
		}
	}
	return true
}

// bigLine handles one line, with its terminator unless final, that is
// longer than a window but fits the buffer.
func (f *Filter) bigLine(data []byte, final bool) error {
	text, term := split(data)
	l := f.newLine(text, term)
	if f.line != nil {
		hits := f.line.Find(text, f.lhits[:0])
		f.lhits = hits[:0]
		for _, h := range hits {
			f.note(h.Code, &l.Notes, &l.Omitted, l.Num)
		}
	} else {
		for q := text; len(q) > 0; {
			n := len(q)
			if n > window {
				n = cut(q[:window])
			}
			hits := f.pre.Find(q[:n], f.hits[:0])
			f.hits = hits[:0]
			for _, h := range hits {
				f.note(h.Code, &l.Notes, &l.Omitted, l.Num)
			}
			q = q[n:]
		}
	}
	if len(term) > 0 || final {
		f.st.lineNo++
		f.counts.lines++
	}
	if f.matched(l) {
		return f.sink.Line(l)
	}
	return f.sink.Pass(f.st.src, data)
}

// window handles data, which holds whole lines, like lines.
func (f *Filter) window(data []byte, final bool) error {
	var hits []parse.Hit
	if f.pre != nil {
		hits = f.pre.Find(data, f.hits[:0])
	}
	f.hits = hits[:0]
	start := f.st.lineNo

	pos := 0     // data[:pos] has gone to the Sink
	counted := 0 // the line feeds in data[:counted] are in f.st.lineNo
	next := 0    // where the next line to look at may start
	h := 0       // hits[:h] are done
	for next < len(data) {
		ls := next
		if f.pre != nil && !f.st.long.active {
			// Go straight to the line of the next hit.
			if h == len(hits) {
				break
			}
			ls += bytes.LastIndexByte(data[next:hits[h].Start], '\n') + 1
		}
		le := bytes.IndexByte(data[ls:], '\n')
		if le < 0 {
			le, next = len(data), len(data)
		} else {
			le += ls
			next = le + 1
		}
		k := h
		for k < len(hits) && hits[k].Start < le {
			k++
		}
		lineHits := hits[h:k]
		h = k
		text, term := split(data[ls:next])
		if f.line != nil {
			if f.pre == nil || len(lineHits) > 0 || f.st.long.active {
				lineHits = f.line.Find(text, f.lhits[:0])
				f.lhits = lineHits[:0]
			}
		}

		f.st.lineNo += int64(bytes.Count(data[counted:ls], nl))
		counted = ls
		l := f.newLine(text, term)
		for _, hit := range lineHits {
			f.note(hit.Code, &l.Notes, &l.Omitted, l.Num)
		}
		if !f.matched(l) {
			continue // the line stays in the span that goes to Pass
		}
		if pos < ls {
			if err := f.sink.Pass(f.st.src, data[pos:ls]); err != nil {
				return err
			}
		}
		if err := f.sink.Line(l); err != nil {
			return err
		}
		pos = next
	}
	if pos < len(data) {
		if err := f.sink.Pass(f.st.src, data[pos:]); err != nil {
			return err
		}
	}
	f.st.lineNo += int64(bytes.Count(data[counted:], nl))
	if final && len(data) > 0 && data[len(data)-1] != '\n' {
		f.st.lineNo++
	}
	f.counts.lines += f.st.lineNo - start
	return nil
}

var nl = []byte{'\n'}

// note classifies one code found in line num of the current source, counts
// it, and records it in notes. A code in the table is known. A code that is
// not in the table is unknown when it has 6 digits and starts with 871,
// whichever finder found it; any other value is not a JMessage code and is
// ignored. Code 0 ("Success") is never annotated or counted.
func (f *Filter) note(code uint32, notes *[]Note, omitted *int, num int64) {
	if code == 0 {
		return
	}
	e, ok := f.table.Lookup(code)
	if !ok {
		if code/1000 != 871 {
			return
		}
		e = nil
	}
	f.counts.add(code, e, f.st.src, num)
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

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

	free  chan []byte // buffers the reader may fill
	bufs  int
	hits  []parse.Hit // the block finder's hits
	lhits []parse.Hit // the line finder's hits
	l     Line

	// Per source.
	src    *Source
	lineNo int64 // lines of src finished so far
	long   long
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
	f.free = make(chan []byte, 4)
	for range cap(f.free) {
		f.free <- make([]byte, n)
	}
	f.bufs = cap(f.free)
	f.l.Notes = make([]Note, 0, MaxNotes)
	f.long.notes = make([]Note, 0, MaxNotes)
	return f
}

// Counts returns the Filter's counts.
func (f *Filter) Counts() *Counts { return f.counts }

// ErrNoProgress is returned when a source keeps returning no bytes and no
// error.
var ErrNoProgress = errors.New("filter: the input returns no data and no error")

// Run filters src to its end. It returns nil at io.EOF. On a read error
// it still hands what was read before the error to the Sink, as if the
// input ended there, then returns the error. An error from the Sink stops
// Run at once.
//
// Reading overlaps with the rest: a reader goroutine fills one buffer while
// Run finds and annotates the previous one, and the Sink may write an
// earlier one on its own goroutine. There are four buffers, so memory stays
// at four times the buffer size; when the Sink is slow the reader waits for
// a free buffer, and no more is read.
func (f *Filter) Run(src *Source) error {
	f.counts.lock()
	f.src, f.lineNo, f.long.active = src, 0, false
	err := f.sink.Begin(src)
	f.counts.unlock()
	if err != nil {
		return err
	}
	blocks := make(chan block, f.bufs)
	done := make(chan struct{})
	defer close(done)
	go f.read(src.R, blocks, done)
	for b := range blocks {
		f.counts.lock()
		if f.counts.held {
			// The program is ending; let it.
			select {}
		}
		var err error
		if b.chunk {
			err = f.chunk(b.data)
		} else {
			err = f.lines(b.data, b.final)
		}
		if err == nil && b.final {
			err = f.sink.End(src)
		}
		var written chan struct{}
		if err == nil {
			buf := b.buf
			if b.final {
				written = make(chan struct{})
				err = f.sink.Flush(func() { f.free <- buf; close(written) })
			} else {
				err = f.sink.Flush(func() { f.free <- buf })
			}
		}
		f.counts.unlock()
		if err != nil {
			return err
		}
		if b.final {
			// Everything of src is written before Run returns.
			<-written
			if b.err == io.EOF {
				return nil
			}
			return b.err
		}
	}
	return nil
}

// block is what the reader hands to Run: data to handle, at the start of
// buf, which goes back to the free list when Run is done with it.
type block struct {
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
func (f *Filter) read(r io.Reader, blocks chan<- block, done <-chan struct{}) {
	defer close(blocks)
	var buf []byte
	select {
	case buf = <-f.free:
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
		b := block{buf: buf, final: err != nil, err: err}
		end := filled
		if !b.final {
			if i := bytes.LastIndexByte(buf[:filled], '\n'); i >= 0 {
				end = i + 1
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
			case next = <-f.free:
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
	var hits []parse.Hit
	if f.line != nil {
		hits = f.line.Find(p, f.hits[:0])
	} else {
		hits = f.pre.Find(p, f.hits[:0])
	}
	f.hits = hits[:0]
	if !f.long.active {
		f.long.active = true
		f.long.notes = f.long.notes[:0]
		f.long.omitted = 0
	}
	num := f.lineNo + 1
	for _, h := range hits {
		f.note(h.Code, &f.long.notes, &f.long.omitted, num)
	}
	return f.sink.Chunk(f.src, p, len(f.long.notes) > 0)
}

// lines handles data, which holds whole lines; when final is set the last
// one may lack its terminator.
func (f *Filter) lines(data []byte, final bool) error {
	var hits []parse.Hit
	if f.pre != nil {
		hits = f.pre.Find(data, f.hits[:0])
	}
	f.hits = hits[:0]
	start := f.lineNo

	pos := 0     // data[:pos] has gone to the Sink
	counted := 0 // the line feeds in data[:counted] are in f.lineNo
	next := 0    // where the next line to look at may start
	h := 0       // hits[:h] are done
	for next < len(data) {
		ls := next
		if f.pre != nil && !f.long.active {
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
		text, term := data[ls:le], data[le:next]
		if n := len(text); n > 0 && text[n-1] == '\r' && len(term) > 0 {
			text, term = text[:n-1], data[le-1:next]
		}
		if f.line != nil {
			if f.pre == nil || len(lineHits) > 0 || f.long.active {
				lineHits = f.line.Find(text, f.lhits[:0])
				f.lhits = lineHits[:0]
			}
		} else {
			for i := range lineHits {
				lineHits[i].Start -= ls
				lineHits[i].End -= ls
			}
		}

		f.lineNo += int64(bytes.Count(data[counted:ls], nl))
		counted = ls
		l := &f.l
		*l = Line{Source: f.src, Num: f.lineNo + 1, Text: text, Term: term,
			Notes: l.Notes[:0], Hits: lineHits, Continued: f.long.active, JSON: [2]int{-1, -1}}
		if f.long.active {
			l.Notes = append(l.Notes, f.long.notes...)
			l.Omitted = f.long.omitted
			f.long.active = false
		}
		for _, hit := range lineHits {
			f.note(hit.Code, &l.Notes, &l.Omitted, l.Num)
		}
		if len(l.Notes) == 0 && l.Omitted == 0 {
			continue // the line stays in the span that goes to Pass
		}
		if !l.Continued {
			if s, e, ok := parse.JSONObject(text); ok {
				l.JSON = [2]int{s, e}
			}
		}
		f.counts.matched++
		if pos < ls {
			if err := f.sink.Pass(f.src, data[pos:ls]); err != nil {
				return err
			}
		}
		if err := f.sink.Line(l); err != nil {
			return err
		}
		pos = next
	}
	if pos < len(data) {
		if err := f.sink.Pass(f.src, data[pos:]); err != nil {
			return err
		}
	}
	f.lineNo += int64(bytes.Count(data[counted:], nl))
	if final && len(data) > 0 && data[len(data)-1] != '\n' {
		f.lineNo++
	}
	f.counts.lines += f.lineNo - start
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
	f.counts.add(code, e, f.src, num)
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

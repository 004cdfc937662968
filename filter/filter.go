// Package filter is jmlog's searcher: it reads sources in large blocks,
// finds codes with package parse, annotates them from package codes, counts
// them, and hands the result to a Sink.
//
// The data path is source → block scanner → finder → annotator → sink.
// Untouched bytes go to the Sink as whole spans, with no work per line.
// Inputs (decompression, following files), printers and reports are
// packages of their own under this one; filter itself imports only codes
// and parse.
package filter

import (
	"context"
	"errors"
	"io"
	"sync"

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
	// Pre is the block finder: it is given blocks of whole lines. When
	// Line is nil its hits are final. When Line is set, Pre only picks the
	// lines worth giving to Line: it may report false candidates, but must
	// never miss a line that Line would find a code in. nil means every
	// line goes to Line.
	Pre parse.Finder
	// Line, when set, finds the codes of each line Pre picked (or of every
	// line, when Pre is nil).
	Line parse.Finder
	// Sink receives the output; nil means Discard.
	Sink Sink
	// Tables, when set, replaces Table, Pre and Line: it holds the Finding
	// in force, which its owner may replace at any time (a reloaded code
	// table). The Filter takes the one in force before each block, except
	// while a line longer than the buffer is half done, so that every line
	// is annotated from exactly one table.
	Tables *Tables
	// Counts receives the counts; nil means a new Counts.
	Counts *Counts
	// BufSize is the read buffer size; 0 means DefaultBufSize.
	BufSize int
}

// Filter is the block scanner. It is not safe for concurrent use, but its
// Counts may be read concurrently. One Filter may Run any number of
// sources, one after the other, whatever became of the earlier ones.
type Filter struct {
	table  *codes.Table
	pre    parse.Finder
	line   parse.Finder
	sink   Sink
	counts *Counts

	tables  *Tables  // see Config.Tables
	finding *Finding // the one in force, from tables
	long    int      // streams inside a line longer than the buffer

	free  chan []byte // Run's buffers
	size  int         // buffer size
	hits  []parse.Hit // the block finder's hits
	lhits []parse.Hit // the line finder's hits
	l     Line
	delta tally // the counts of the block being handled

	// The stream being worked on.
	st *stream
}

// stream is the state of one source while it is read.
type stream struct {
	src    *Source
	lineNo int64 // lines of src finished so far
	long   long
	free   chan []byte // buffers its reader may fill
	seams  seams       // CRI pieces (seam.go)
}

// long is the state of a line longer than the buffer while it is read.
type long struct {
	active  bool
	notes   []Note
	omitted int
}

// New returns a Filter for cfg.
func New(cfg Config) *Filter {
	f := &Filter{sink: cfg.Sink, counts: cfg.Counts, tables: cfg.Tables}
	f.use(&Finding{Table: cfg.Table, Pre: cfg.Pre, Line: cfg.Line})
	if f.tables != nil {
		f.refresh()
	}
	if f.sink == nil {
		f.sink = Discard{}
	}
	if f.counts == nil {
		f.counts = &Counts{}
	}
	f.size = max(cfg.BufSize, minBufSize)
	if cfg.BufSize == 0 {
		f.size = DefaultBufSize
	}
	f.free = buffers(4, f.size)
	f.l.Notes = make([]Note, 0, MaxNotes)
	return f
}

// use makes fd the table and finders in force.
func (f *Filter) use(fd *Finding) {
	f.finding = fd
	f.table, f.pre, f.line = fd.Table, fd.Pre, fd.Line
	if f.table == nil {
		f.table = codes.Embedded()
	}
	if f.pre == nil && f.line == nil {
		f.pre = parse.NewScanner(nil)
	}
}

// refresh takes the Finding in force from f.tables, unless a line is half
// done.
func (f *Filter) refresh() {
	if f.tables == nil || f.long > 0 {
		return
	}
	if fd := f.tables.Load(); fd != f.finding {
		f.use(fd)
	}
}

// forget drops what the Filter keeps of streams that are done with, such
// as a long line a Sink error cut short.
func (f *Filter) forget(sts ...*stream) {
	for _, st := range sts {
		if st.long.active {
			st.long.active = false
			f.long--
		}
	}
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

func newStream(src *Source, free chan []byte) *stream {
	return &stream{src: src, free: free, long: long{notes: make([]Note, 0, MaxNotes)}}
}

// Run filters src to its end, or until ctx is cancelled.
//
// It returns nil at io.EOF. On a read error it still hands what was read
// before the error to the Sink, as if the input ended there, then returns
// a *ReadError. When ctx is cancelled, Run stops reading at the next block
// boundary (calling src.Stop, if set, to end a Read that waits), hands every
// block already read to the finder and the Sink, a last unterminated line
// included, waits until the Sink has written them, and returns ctx.Err().
// An error from the Sink stops Run at once; Run returns it as it is.
//
// Reading overlaps with the rest: a reader goroutine fills one buffer while
// Run finds and annotates the previous one, and the Sink may write an
// earlier one on its own goroutine. There are four buffers, so memory stays
// at four times the buffer size; when the Sink is slow the reader waits for
// a free buffer, and no more is read. Run returns only after its reader
// goroutine has ended.
func (f *Filter) Run(ctx context.Context, src *Source) error {
	st := newStream(src, f.free)
	if err := f.sink.Begin(src); err != nil {
		return err
	}
	blocks := make(chan block, cap(st.free))
	rd := startReaders(ctx, blocks, st)
	defer rd.stop()
	defer f.forget(st)
	for b := range blocks {
		err := f.handle(b)
		if err != nil {
			return err
		}
		if b.final {
			return f.readErr(b)
		}
	}
	return nil
}

// readErr is what Run returns for the final block b of a source.
func (f *Filter) readErr(b block) error {
	switch {
	case b.err == io.EOF:
		return nil
	case isCtxErr(b.err):
		return b.err
	}
	return &ReadError{Source: b.st.src, Err: b.err, Lines: b.st.lineNo}
}

// Follow filters several sources at once, as their readers deliver lines,
// until every one has ended or ctx is cancelled: a line of one source is
// never mixed with a line of another, and the lines of each source keep
// their order. Each source gets two buffers of size bytes (0 means
// DefaultBufSize).
//
// When a source ends, with io.EOF or a read error, report is called with
// nil or the *ReadError, and the others go on. When ctx is cancelled, every
// source is stopped as Run stops one, the blocks already read are handled,
// and Follow returns ctx.Err() once every source has ended, without
// reporting those that ended because of it. Follow returns at the first
// error of the Sink, as it is.
func (f *Filter) Follow(ctx context.Context, srcs []*Source, size int, report func(*Source, error)) error {
	if size <= 0 {
		size = DefaultBufSize
	}
	size = max(size, minBufSize)
	blocks := make(chan block, 2*len(srcs))
	sts := make([]*stream, len(srcs))
	for i, src := range srcs {
		sts[i] = newStream(src, buffers(2, size))
		if err := f.sink.Begin(src); err != nil {
			return err
		}
	}
	rd := startReaders(ctx, blocks, sts...)
	defer rd.stop()
	defer f.forget(sts...)
	var q queue
	for left := len(srcs); left > 0; {
		b, ok := q.next(blocks)
		if !ok {
			continue
		}
		if err := f.handle(b); err != nil {
			return err
		}
		q.handled(b)
		if !b.final {
			continue
		}
		left--
		if err := f.readErr(b); report != nil && !isCtxErr(err) {
			report(b.st.src, err)
		}
	}
	return ctx.Err()
}

// queue orders the blocks of several sources for Follow: while a line
// longer than the buffer goes out in chunks, the blocks of other sources
// wait, so that the line stays whole.
type queue struct {
	pending []block
	excl    *stream
}

// next returns the next block to handle, or false when the block it took
// must wait.
func (q *queue) next(blocks <-chan block) (block, bool) {
	if q.excl == nil && len(q.pending) > 0 {
		b := q.pending[0]
		q.pending = q.pending[1:]
		return b, true
	}
	b := <-blocks
	if q.excl != nil && b.st != q.excl {
		q.pending = append(q.pending, b)
		return block{}, false
	}
	return b, true
}

// handled notes that b went to the Sink.
func (q *queue) handled(b block) {
	switch {
	case b.final:
		q.excl = nil
	case b.chunk:
		q.excl = b.st
	case q.excl == b.st:
		q.excl = nil
	}
}

func isCtxErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// handle gives one block to the finder, the annotator and the Sink, adds
// its counts, and flushes the Sink. For the final block of a source it
// waits until the Sink has written everything, and returns the Sink's
// write error, if any. After an error it still flushes, so that the Sink
// hands the buffer back.
func (f *Filter) handle(b block) error {
	f.refresh()
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
	f.counts.add(&f.delta)
	f.delta.reset()
	buf, free := b.buf, b.st.free
	if err != nil || !b.final {
		ferr := f.sink.Flush(func(error) { free <- buf })
		return cmpErr(err, ferr)
	}
	var wg sync.WaitGroup
	var werr error
	wg.Add(1)
	ferr := f.sink.Flush(func(e error) { werr = e; free <- buf; wg.Done() })
	wg.Wait() // everything of the source is written
	return cmpErr(ferr, werr)
}

// cmpErr returns the first of errs that is not nil.
func cmpErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// Package filter is jmlog's searcher: it reads sources in large blocks,
// finds codes with package parse, annotates them from package codes, counts
// them, and hands the result to a Sink.
//
// The data path is source → block scanner → finder → annotator → sink.
// Untouched bytes go to the Sink as whole spans, with no work per line.
// Lines with codes are also read for their log time (parse/logtime) and,
// for breakdowns, their logcat fields (parse/logcat). Inputs
// (decompression, following files), printers and reports are packages of
// their own under this one; filter itself imports only codes, parse and
// parse's subpackages.
package filter

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

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
	// By lists the breakdowns to count (see By). The logcat fields are
	// read only from lines with codes.
	By []By
	// Now is the clock that year-less timestamps of sources without a
	// ModTime are read against; nil means time.Now.
	Now func() time.Time
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
	delta tally  // the counts of the block being handled
	rows  jmRows // the table's rows of the JMessage codes, as looked up
	endNL bool   // the block is a final one of Follow: end its last line
	// counted: the line being handled was already counted as a line with
	// codes, before Follow broke it (see long).
	counted bool

	// The stream being worked on.
	st  *stream
	blk []byte  // the data of the block being handled
	cur lineCtx // the line whose codes are being counted

	fields bool // a breakdown needs the logcat fields
	now    func() time.Time

	// Finding ahead (ahead.go): the block finder in force, as Run's
	// reader sees it and as the Filter does, and the hits found ahead
	// for the block being handled.
	aheadPtr atomic.Pointer[ahead]
	ahead    *ahead
	found    *found
	noAhead  bool // for tests: Run does not find ahead
	inline   bool // for tests: Run reads every Regular source itself (runInline)
	// joinAhead, for tests: Run's reader waits until the helper is done
	// with a block before it hands it on, so that the helper does every
	// window it would (ahead.go), the first ones too.
	joinAhead bool
	taken     int64 // windows whose hits were found ahead, for tests
	tallied   int64 // windows counted ahead, for tests

	// Rendering ahead (render_ahead.go): the Sink, when it is a Forker,
	// and whether window is counting a window whose output was spliced.
	forker  Forker
	quiet   bool
	spliced int64 // windows spliced, for tests

	own    counter // countOwn's (count_ahead.go)
	lean   int64   // windows counted by countOwn, for tests
	noLean bool    // for tests: no countOwn
}

// stream is the state of one source while it is read.
type stream struct {
	src    *Source
	lineNo int64 // lines of src finished so far
	long   long
	free   chan []byte // buffers its reader may fill
	seams  seams       // CRI pieces (seam.go)

	// For Follow.
	endLines bool  // end a last line without a line end with '\n'
	held     block // the first piece of a long line, held back
	holding  bool
	third    bool // a third buffer was added for held pieces
	size     int  // buffer size

	tm timeState // log time (time.go)

	// For Run: the reader hands each block to the helper (ahead.go),
	// which claims its windows from the end, with the finder in ahead,
	// into founds, one per buffer; nil for Follow.
	ahead     *atomic.Pointer[ahead]
	joinAhead bool // see Filter.joinAhead
	founds    map[*byte]*found
	half      *half // the reader's helper
}

// long is the state of a line longer than the buffer while it is read.
type long struct {
	active  bool
	notes   []Note // the codes of the pieces since the start or the last break
	omitted int
	// broken: Follow ended the line in the output (see breakLine); the
	// rest goes to the Sink as a line of its own. counted: the line was
	// counted as a line with codes then.
	broken, counted bool
	fields          lineFields // what its first piece says
	keys            []byte     // fields' tag and package
}

// New returns a Filter for cfg.
func New(cfg Config) *Filter {
	f := &Filter{sink: cfg.Sink, counts: cfg.Counts, tables: cfg.Tables}
	if f.sink == nil {
		f.sink = Discard{}
	}
	f.forker = forker(f.sink)
	f.delta.by = cfg.By // before use, which looks at it
	f.use(&Finding{Table: cfg.Table, Pre: cfg.Pre, Line: cfg.Line})
	if f.tables != nil {
		f.refresh()
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
	f.now = cfg.Now
	if f.now == nil {
		f.now = time.Now
	}
	for _, b := range cfg.By {
		f.fields = f.fields || b != ByFile
	}
	return f
}

// use makes fd the table and finders in force.
func (f *Filter) use(fd *Finding) {
	f.finding = fd
	f.table, f.pre, f.line = fd.Table, fd.Pre, fd.Line
	if f.table == nil {
		f.table = codes.Embedded()
	}
	f.rows.reset()
	if f.pre == nil && f.line == nil {
		f.pre = parse.NewScanner(nil)
	}
	_, discard := f.sink.(Discard)
	f.ahead = &ahead{pre: f.pre, line: f.line, count: discard && len(f.delta.by) == 0, table: f.table, fork: f.forker}
	f.aheadPtr.Store(f.ahead)
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

// buffers returns a free list of n buffers of size bytes, in huge pages
// where the system has them (see HugeBuffers).
func buffers(n, size int) chan []byte {
	c := make(chan []byte, n)
	for _, b := range HugeBuffers(n, size) {
		c <- b
	}
	return c
}

// plainBuffers returns n buffers of size bytes, each made on its own.
func plainBuffers(n, size int) [][]byte {
	bufs := make([][]byte, n)
	for i := range bufs {
		bufs[i] = make([]byte, size)
	}
	return bufs
}

func (f *Filter) newStream(src *Source, free chan []byte) *stream {
	return &stream{src: src, free: free, long: long{notes: make([]Note, 0, MaxNotes)}, tm: newTimeState(src, f.now)}
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
// Lines with codes are also read for their log time (parse/logtime, with
// src.ModTime for year-less timestamps); a line with codes but no time
// takes the last time seen in src: that of the nearest line with one among
// the lookBack lines before it (lines not looked at before), or else the
// time known before them (from a line with codes, or from the end of a
// block, looking lookBack lines back). With Config.By, they are read for
// their logcat fields too; a -v long message line takes its header's.
// Both are imprecise only in those bounds, and cost nothing for lines
// without codes.
//
// Reading overlaps with the rest: a reader goroutine fills one buffer while
// Run finds and annotates the previous one, and the Sink may write an
// earlier one on its own goroutine. There are four buffers, so memory stays
// at four times the buffer size; when the Sink is slow the reader waits for
// a free buffer, and no more is read. Run returns only after its reader
// goroutine has ended. A regular file that fits in one buffer is read by
// Run itself, with no reader goroutine (see readsInline).
func (f *Filter) Run(ctx context.Context, src *Source) error {
	st := f.newStream(src, f.free)
	if err := f.sink.Begin(src); err != nil {
		return err
	}
	st.joinAhead = f.joinAhead
	if src.Regular && !f.noAhead {
		// Only a regular file: a pipe's reader waits for the writer,
		// whose core it would take (see ahead.go).
		st.ahead = &f.aheadPtr
	}
	if f.readsInline(src) {
		defer f.forget(st)
		return f.runInline(ctx, st)
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
// until every one has ended or ctx is cancelled. Each source gets two
// buffers of size bytes (0 means DefaultBufSize), and a third once a line
// longer than the buffer comes (for the held piece, below).
//
// The lines of each source keep their order, and one source never holds
// back another: every block a source's reader delivers goes to the Sink
// as soon as Follow takes it, or (the first piece of a long line, below)
// as soon as the source's next block comes. The output never mixes two
// lines byte-wise:
//
//   - a line that fits the buffer goes to the Sink whole;
//   - a longer line goes in pieces (Sink.Chunk). Its first piece is held
//     back until its next piece or its end is read, so that a line of up
//     to about twice the buffer goes out whole whatever the other sources
//     do. From its second piece on the line is open in the output, and its
//     source's next pieces go out at once;
//   - when a block of another source is to go out while a line is open,
//     the open line is broken first: it is ended in the output with a
//     '\n' that is not in the input (a Line with Term "\n", Text empty
//     and the codes of its pieces so far, or a Pass of "\n" when they had
//     none), and the rest of the line comes later as a line of its own
//     (Continued unset) with the same number, annotated with the codes of
//     the rest. The line is still counted once, as one line, and once as
//     a line with codes;
//   - the last line of a source that ends without a line end (a read
//     error, or ctx cancelled while a long line was read) is ended with a
//     '\n' that is not in the input, so that what follows starts a line.
//
// When a source ends, with io.EOF or a read error, report is called with
// nil or the *ReadError, and the others go on. When ctx is cancelled, every
// source is stopped as Run stops one, the blocks already read are handled
// (held pieces included), and Follow returns ctx.Err() once every source
// has ended, without reporting those that ended because of it. Follow
// returns at the first error of the Sink, as it is.
func (f *Filter) Follow(ctx context.Context, srcs []*Source, size int, report func(*Source, error)) error {
	if size <= 0 {
		size = DefaultBufSize
	}
	size = max(size, minBufSize)
	blocks := make(chan block, 2*len(srcs))
	sts := make([]*stream, len(srcs))
	for i, src := range srcs {
		free := make(chan []byte, 3) // the third only for a held piece (see take)
		free <- make([]byte, size)
		free <- make([]byte, size)
		sts[i] = f.newStream(src, free)
		sts[i].endLines, sts[i].size = true, size
		if err := f.sink.Begin(src); err != nil {
			return err
		}
	}
	rd := startReaders(ctx, blocks, sts...)
	defer rd.stop()
	defer release(sts)
	defer f.forget(sts...)
	var open *stream // the stream whose line is open in the output
	for left := len(srcs); left > 0; {
		b := <-blocks
		var err error
		if open, err = f.take(b, open); err != nil {
			return err
		}
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

// take hands block b to the Sink for Follow, or holds it back when it is
// the first piece of a long line (see Follow). open is the stream whose
// line is open in the output, if any; take returns the one after b.
func (f *Filter) take(b block, open *stream) (*stream, error) {
	st := b.st
	if b.chunk && open != st && !st.holding {
		st.held, st.holding = b, true
		if !st.third {
			// The reader needs a buffer to go on while this one is held.
			st.free <- make([]byte, st.size)
			st.third = true
		}
		return open, nil
	}
	if open != nil && open != st {
		if err := f.breakLine(open); err != nil {
			return nil, err
		}
	}
	if st.holding {
		st.holding = false
		if err := f.handle(st.held); err != nil {
			return nil, err
		}
	}
	if err := f.handle(b); err != nil {
		return nil, err
	}
	if b.chunk {
		return st, nil
	}
	return nil, nil
}

// release gives the buffers of the blocks still held back to their
// streams, when Follow returns early.
func release(sts []*stream) {
	for _, st := range sts {
		if st.holding {
			st.holding = false
			st.free <- st.held.buf
		}
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
	f.st, f.blk, f.delta.src = b.st, b.data, b.st.src
	f.endNL = b.final && b.st.endLines
	var err error
	if b.chunk {
		err = f.chunk(b.data)
	} else {
		f.found = b.found
		err = f.lines(b.data, b.final)
		f.found.join() // the helper is done with the buffer
		f.found = nil
		f.endBlock()
	}
	if err == nil && b.final {
		err = f.sink.End(b.st.src)
	}
	f.addCounts()
	buf, free, fd := b.buf, b.st.free, b.found
	if err != nil || !b.final {
		ferr := f.sink.Flush(func(error) { fd.release(); free <- buf })
		return cmpErr(err, ferr)
	}
	var wg sync.WaitGroup
	var werr error
	wg.Add(1)
	ferr := f.sink.Flush(func(e error) { werr = e; fd.release(); free <- buf; wg.Done() })
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

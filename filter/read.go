package filter

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"

	"github.com/jmlog/jmlog/parse"
)

// block is what a reader hands to Run: data to handle, at the start of buf,
// which goes back to its stream's free list when Run is done with it.
type block struct {
	st    *stream
	buf   []byte
	data  []byte // whole lines, or part of a long line when chunk is set
	chunk bool
	found *found // the hits found ahead, for Run (ahead.go)
	final bool   // no more blocks follow
	err   error  // why: io.EOF, a read error, or the context's error; set when final
}

// readers are the reader goroutines of a Run or a Follow, one per stream.
type readers struct {
	streams   []*stream
	blocks    chan block
	done      chan struct{} // closed by stop: readers return their buffers and end
	wg        sync.WaitGroup
	live      atomic.Int32 // readers still running
	stopAfter func() bool  // unregisters interrupt from the context
}

// startReaders starts a reader goroutine for each stream, sending to
// blocks. When ctx is cancelled, every source's Stop is called, so that a
// Read that waits returns.
func startReaders(ctx context.Context, blocks chan block, sts ...*stream) *readers {
	rd := &readers{streams: sts, blocks: blocks, done: make(chan struct{})}
	rd.stopAfter = context.AfterFunc(ctx, rd.interrupt)
	for _, st := range sts {
		rd.live.Add(1)
		rd.wg.Go(func() {
			defer rd.live.Add(-1)
			read(ctx, st, blocks, rd.done)
		})
	}
	return rd
}

// interrupt makes every source's Read in progress return.
func (rd *readers) interrupt() {
	for _, st := range rd.streams {
		if st.src.Stop != nil {
			st.src.Stop()
		}
	}
}

// stop ends the readers and waits for them: those still reading are
// interrupted. Every buffer they held, and every block sent but not
// handled, goes back to its free list, so that the Filter can run again.
func (rd *readers) stop() {
	rd.stopAfter()
	close(rd.done)
	if rd.live.Load() > 0 {
		rd.interrupt()
	}
	rd.wg.Wait()
	for {
		select {
		case b := <-rd.blocks:
			b.found.discard()
			b.st.free <- b.buf
		default:
			return
		}
	}
}

// read fills buffers from st's source and sends them to blocks. A buffer is
// sent as soon as a read brings a line end, so lines are never held back
// waiting for more input; the bytes after the last line end are copied to
// the start of the next buffer. A buffer full of one line is sent as a
// chunk, cut where no code can be split (see cut). Once ctx is done it reads
// no more and sends what it has as the final block. When done is closed it
// returns the buffers it holds and ends.
func read(ctx context.Context, st *stream, blocks chan<- block, done <-chan struct{}) {
	var buf []byte
	select {
	case buf = <-st.free:
	case <-done:
		return
	}
	defer st.stopHelper()
	r := reading{st: st, buf: buf}
	for {
		b, ok := r.block(ctx)
		if !ok {
			continue // only part of a line so far
		}
		var next []byte
		if !b.final {
			// The reader is the only writer of buffers, and Run does
			// not look past data, so the tail can be copied while Run
			// works.
			select {
			case next = <-st.free:
			case <-done:
				b.found.discard()
				st.free <- b.buf
				return
			}
			r.carry(next, len(b.data))
		}
		select {
		case blocks <- b:
		case <-done:
			b.found.discard()
			st.free <- b.buf
			if next != nil {
				st.free <- next
			}
			return
		}
		if b.final {
			return
		}
	}
}

// reading is one reader's state between reads.
type reading struct {
	st     *stream
	buf    []byte
	filled int // buf[:filled] holds bytes read and not yet sent
	empty  int // reads in a row that returned nothing
}

// next reads once and returns the block to send, or false when there is
// none yet: no line end and room left.
func (r *reading) next(ctx context.Context) (block, bool) {
	n, err := 0, ctx.Err()
	if err == nil {
		n, err = r.st.src.R.Read(r.buf[r.filled:])
		if n < 0 || n > len(r.buf)-r.filled {
			n, err = 0, errImpossibleCount
		}
		if err != nil && ctx.Err() != nil {
			err = ctx.Err() // Stop interrupted the read
		}
	}
	r.filled += n
	if n == 0 && err == nil {
		if r.empty++; r.empty < 100 {
			return block{}, false
		}
		err = ErrNoProgress
	}
	r.empty = 0
	b := block{st: r.st, buf: r.buf, final: err != nil, err: err}
	end := r.filled
	if !b.final {
		// Only the new bytes can hold a line end: the bytes kept from the
		// last read are the start of a line.
		if i := bytes.LastIndexByte(r.buf[r.filled-n:r.filled], '\n'); i >= 0 {
			end = r.filled - n + i + 1
		} else if r.filled == len(r.buf) {
			end, b.chunk = cut(r.buf), true
		} else {
			return block{}, false
		}
	}
	b.data = r.buf[:end]
	return b, true
}

// block is next, and hands a block of whole lines to the stream's helper
// to find ahead (findAhead), when the stream has one.
func (r *reading) block(ctx context.Context) (block, bool) {
	b, ok := r.next(ctx)
	if ok && r.st.ahead != nil && !b.chunk {
		b.found = findAhead(r.st, r.st.ahead, b.buf, b.data)
		if r.st.joinAhead {
			b.found.join()
		}
	}
	return b, ok
}

// carry moves the bytes after the first sent ones to the start of next,
// which becomes the buffer to fill.
func (r *reading) carry(next []byte, sent int) {
	r.filled = copy(next, r.buf[sent:r.filled])
	r.buf = next
}

// cut picks where to split a buffer that holds part of one long line. The
// split goes just before a byte that cannot be part of a code (see
// parse.IsWord), so a code is never split and the finders see true
// boundaries on both sides; never just after a '\r', so that a CRLF
// terminator stays whole; and never before a UTF-8 continuation byte, so
// that a piece that Follow ends with a break (see Filter.Follow) ends with
// a whole character. When no byte of the last 64 qualifies, no code can
// end or begin near there, and the split goes 32 bytes from the end.
func cut(data []byte) int {
	n := len(data)
	for c := n - 1; c > max(0, n-64); c-- {
		if b := data[c]; !parse.IsWord(b) && b&0xc0 != 0x80 && data[c-1] != '\r' {
			return c
		}
	}
	return n - 32
}

// readsInline reports whether Run reads src itself (runInline) rather
// than on a reader goroutine: a regular file (Source.Regular) that fits in
// one buffer. Its reads never wait, and there are at most two of them, so
// a goroutine and the hand-overs between it and Run cost more than they
// overlap: jmlog -c over 1,000 files of 20 KB took 0.75 of the time. A
// larger file keeps its reader, whose read copy then runs beside the
// finding (bench/cores.sh: reading every block on Run's own goroutine made
// -c on the 200 MB corpus take 1.1 to 1.2 times as long).
func (f *Filter) readsInline(src *Source) bool {
	return src.Regular && (f.inline || src.Size > 0 && src.Size < int64(f.size))
}

// runInline is Run's loop for a source it reads itself (readsInline): it
// reads a block, hands it to the helper when it is large enough to find
// ahead (findAhead), and only then handles the block before it, so that
// the helper works on one block while Run handles the other, as with a
// reader goroutine. Reads do not wait (Source.Regular), so the context is
// only checked between them, as read does.
func (f *Filter) runInline(ctx context.Context, st *stream) error {
	defer st.stopHelper()
	r := reading{st: st, buf: <-st.free}
	var prev block
	held := false // prev is read and not yet handled
	for {
		b, ok := r.block(ctx)
		if !ok {
			continue // only part of a line so far
		}
		if held && b.final && len(b.data) == 0 {
			// The input ended with the block before: that one ends it,
			// so that the Sink can write it as the source's end (a small
			// file is then written in one go; see printer.Out.EndSource).
			b.found.discard()
			st.free <- b.buf
			prev.final, prev.err = true, b.err
			b, held = prev, false
		}
		if held {
			if err := f.handle(prev); err != nil {
				b.found.discard()
				st.free <- b.buf
				return err
			}
		}
		if b.final {
			if err := f.handle(b); err != nil {
				return err
			}
			return f.readErr(b)
		}
		next := <-st.free // the Sink gives one back once it has written it
		r.carry(next, len(b.data))
		prev, held = b, true
	}
}

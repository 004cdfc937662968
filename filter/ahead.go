package filter

import (
	"bytes"
	"runtime"
	"sync/atomic"

	"github.com/jmlog/jmlog/parse"
)

// Finding ahead. Run's reader goroutine runs the block finder over each
// block it reads before it hands the block on, so that finding overlaps
// with the rest of the work on the block before (line counting, notes,
// the Sink). With more than one CPU a helper goroutine takes the second
// half of each block, from a line end near its middle, so that both cores
// find. The block is cut into windows as lines cuts it (see windows), the
// second half from its own start; lines then cuts the block where the
// found windows are, and window takes their hits instead of calling the
// finder when the window and the finder match. Otherwise (a code table
// reloaded in between, say) window finds them itself. Only a source in
// memory (Source.Data, a mapped file) is found ahead: the reader of a pipe
// waits for the writer, which needs a core of its own (with finding ahead
// `cat F | jmlog -c` took 1.18 times as long, bench/cores.sh), and Follow's
// blocks are small and come as they are written.
//
// Memory stays bounded: a block keeps at most about maxAhead hits; the
// windows after those keep only their bounds, and window finds their hits.

// maxAhead is the most hits kept for one block.
const maxAhead = 8 << 10

// minSplit is the smallest block whose finding is shared with the helper.
const minSplit = 4 * window

// ahead is the block finder in force, as the reader sees it: the Filter
// stores a new one whenever its finders change (see use).
type ahead struct {
	pre parse.Finder
}

// found is the hits of one block, found ahead.
type found struct {
	by   *ahead // the finder they are from
	wins []foundWin
	hits []parse.Hit
	next int // wins[:next] were taken by window
	at   int // wins[:at] were passed by span
}

// foundWin is one window of a block: data[off:off+n], and its hits,
// hits[h0:h1]; h0 is -1 when they were not found (past maxAhead).
type foundWin struct{ off, n, h0, h1 int }

// findAhead runs the block finder in force over the windows of data, the
// whole lines of a block, into the found kept for buf. It returns nil when
// there is no block finder. With more than one CPU and a block of several
// windows, st's helper goroutine finds the part of data after a line end
// near its middle while findAhead finds the part before.
func findAhead(st *stream, cur *atomic.Pointer[ahead], buf, data []byte) *found {
	a := cur.Load()
	if a == nil || a.pre == nil || len(data) == 0 {
		return nil
	}
	fd := st.founds[&buf[0]]
	if fd == nil {
		if st.founds == nil {
			st.founds = make(map[*byte]*found)
		}
		fd = &found{}
		st.founds[&buf[0]] = fd
	}
	fd.by, fd.next, fd.at = a, 0, 0
	mid := 0
	if len(data) >= minSplit && runtime.GOMAXPROCS(0) > 1 {
		mid = lastNL(data[:len(data)/2]) + 1
	}
	if mid == 0 {
		fd.wins, fd.hits = findPart(a.pre, data, 0, fd.wins[:0], fd.hits[:0], maxAhead)
		return fd
	}
	h := st.helper()
	h.job.pre, h.job.data, h.job.from = a.pre, data, mid
	h.req <- struct{}{}
	fd.wins, fd.hits = findPart(a.pre, data[:mid], 0, fd.wins[:0], fd.hits[:0], maxAhead/2)
	if n := len(fd.wins); fd.wins[n-1].n == 0 {
		fd.wins = fd.wins[:n-1] // at mid, not at the end of the block
	}
	<-h.done
	base := len(fd.hits)
	fd.hits = append(fd.hits, h.job.hits...)
	for _, w := range h.job.wins {
		if w.h0 >= 0 {
			w.h0 += base
			w.h1 += base
		}
		fd.wins = append(fd.wins, w)
	}
	return fd
}

// findPart appends to wins the windows of data, which starts at offset
// from of its block, and to hits the hits of each, until more than limit
// were found; the windows after that keep only their bounds. The last
// window may be empty: lines hands one to window at the end of a block.
func findPart(pre parse.Finder, data []byte, from int, wins []foundWin, hits []parse.Hit, limit int) ([]foundWin, []parse.Hit) {
	windows(data, func(off, n int) {
		w := foundWin{off: from + off, n: n, h0: -1}
		if len(hits) <= limit {
			w.h0 = len(hits)
			hits = pre.Find(data[off:off+n], hits)
			w.h1 = len(hits)
		}
		wins = append(wins, w)
	})
	return wins, hits
}

// half is a stream's helper goroutine, which finds ahead the second part
// of each block (see findAhead). It is started with the first block that
// needs it and ends when the stream's reader does.
type half struct {
	job  halfJob
	req  chan struct{}
	done chan struct{}
}

// halfJob is the part of data from from on.
type halfJob struct {
	pre  parse.Finder
	data []byte
	from int
	wins []foundWin
	hits []parse.Hit
}

// helper returns st's helper, starting it if need be.
func (st *stream) helper() *half {
	if st.half == nil {
		h := &half{req: make(chan struct{}), done: make(chan struct{})}
		st.half = h
		go func() {
			for range h.req {
				j := &h.job
				j.wins, j.hits = findPart(j.pre, j.data[j.from:], j.from, j.wins[:0], j.hits[:0], maxAhead/2)
				h.done <- struct{}{}
			}
		}()
	}
	return st.half
}

// stopHelper ends st's helper goroutine, if it has one.
func (st *stream) stopHelper() {
	if st.half != nil {
		close(st.half.req)
		st.half = nil
	}
}

// windows calls fn with each window that lines hands to window when it
// finds no windows ahead, as data[off:off+n], in order. The lines longer
// than a window, which go to bigLine, are left out.
func windows(data []byte, fn func(off, n int)) {
	off := 0
	for len(data)-off > window {
		if i := lastNL(data[off : off+window]); i >= 0 {
			fn(off, i+1)
			off += i + 1
			continue
		}
		n := len(data) - off
		if i := bytes.IndexByte(data[off+window:], '\n'); i >= 0 {
			n = window + i + 1
		}
		off += n
	}
	fn(off, len(data)-off)
}

// span returns the length of the found window that starts at offset off of
// the block, if there is one: lines cuts the block there.
func (fd *found) span(off int) (int, bool) {
	if fd == nil {
		return 0, false
	}
	for fd.at < len(fd.wins) && fd.wins[fd.at].off < off {
		fd.at++
	}
	if fd.at == len(fd.wins) || fd.wins[fd.at].off != off {
		return 0, false
	}
	fd.at++
	return fd.wins[fd.at-1].n, true
}

// take returns the hits found ahead for data, the window at offset off of
// the block, if they were found with the finder a.
func (fd *found) take(a *ahead, off int, data []byte) ([]parse.Hit, bool) {
	if fd == nil || fd.by != a {
		return nil, false
	}
	for fd.next < len(fd.wins) && fd.wins[fd.next].off < off {
		fd.next++
	}
	if fd.next == len(fd.wins) {
		return nil, false
	}
	w := fd.wins[fd.next]
	if w.off != off || w.n != len(data) || w.h0 < 0 {
		return nil, false
	}
	fd.next++
	return fd.hits[w.h0:w.h1:w.h1], true
}

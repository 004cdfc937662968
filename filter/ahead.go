package filter

import (
	"bytes"
	"runtime"
	"sync/atomic"

	"github.com/jmlog/jmlog/parse"
)

// Finding ahead. For a regular file (Source.Regular), with more than one
// CPU, Run's reader hands the part of each block after a line end near its
// middle to a helper goroutine, which finds that part's codes while the
// Filter works through the first part itself; the Filter takes the
// helper's hits when it reaches the middle. So three goroutines share a
// block's work: the reader copies the next block in, the Filter finds and
// counts the first half and counts the second, and the helper finds the
// second half. The first part is cut into windows as lines cuts a block
// (see windows), bounds only; the second from the middle on, with their
// hits. lines then cuts the block where these windows are, and window
// takes the helper's hits instead of calling the finder when the window
// and the finder match. Otherwise (a code table reloaded in between, say)
// window finds them itself. A pipe is not found ahead: its reader waits for
// the writer, which needs a core of its own (finding ahead made
// `cat F | jmlog -c` take 1.18 times as long, bench/cores.sh); nor are
// Follow's blocks, which are small and come as they are written.
//
// An earlier version (727ddd3) had the reader find the first half while
// the helper found the second: the reader then copied no block while it
// found, and with the read copy on the same goroutine two cores gave
// nothing.
//
// Memory stays bounded: a block keeps at most about maxAhead hits; the
// windows after those keep only their bounds, and window finds their hits.

// maxAhead is about the most hits the helper keeps for one block (it
// finishes the window in which it passes the limit). Logs with codes here
// and there have tens per block, so it bounds only dense blocks, where
// the annotating and writing, not the finding, are the work: at 8 Ki hits
// the hits kept made jmlog's peak RSS 2.2 MiB larger on the 200 MB corpus
// with a code on every line (22.0 against 19.7 MiB), at 1 Ki 0.5 MiB.
const maxAhead = 1 << 10

// minSplit is the smallest block whose finding is shared with the helper.
const minSplit = 4 * window

// ahead is the block finder in force, as the reader sees it: the Filter
// stores a new one whenever its finders change (see use).
type ahead struct {
	pre parse.Finder
}

// found is the windows of one block, and the hits the helper found in
// those from mid on. It is kept for the block's buffer and reused.
type found struct {
	by   *ahead // the finder of the helper's hits
	mid  int    // where the helper's part starts
	wins []foundWin
	hits []parse.Hit
	next int // wins[:next] were taken by window
	at   int // wins[:at] were passed by span

	// pending: the helper's part is not joined yet; it sends on done
	// when job is done.
	pending bool
	done    chan struct{}
	job     halfJob
}

// foundWin is one window of a block: data[off:off+n], and its hits,
// hits[h0:h1]; h0 is -1 when they were not found (the first part, or past
// maxAhead).
type foundWin struct{ off, n, h0, h1 int }

// halfJob is the helper's part of a block: data from from on, and what it
// found there.
type halfJob struct {
	pre  parse.Finder
	data []byte
	from int
	wins []foundWin
	hits []parse.Hit
}

// findAhead cuts data, the whole lines of a block, at a line end near its
// middle, notes the windows of the first part, and hands the second part to
// st's helper goroutine; it returns the found kept for buf, which the
// Filter joins (see join) to take the helper's windows. It returns nil when
// there is no block finder, one CPU, or a block too small to share.
func findAhead(st *stream, cur *atomic.Pointer[ahead], buf, data []byte) *found {
	a := cur.Load()
	if a == nil || a.pre == nil || len(data) < minSplit || runtime.GOMAXPROCS(0) < 2 {
		return nil
	}
	mid := lastNL(data[:len(data)/2]) + 1
	if mid == 0 {
		return nil
	}
	fd := st.founds[&buf[0]]
	if fd == nil {
		if st.founds == nil {
			st.founds = make(map[*byte]*found)
		}
		fd = &found{done: make(chan struct{}, 1)}
		st.founds[&buf[0]] = fd
	}
	fd.by, fd.mid, fd.next, fd.at = a, mid, 0, 0
	fd.wins, fd.hits = fd.wins[:0], fd.hits[:0]
	windows(data[:mid], func(off, n int) {
		if n > 0 { // not the empty one at mid
			fd.wins = append(fd.wins, foundWin{off: off, n: n, h0: -1})
		}
	})
	fd.job.pre, fd.job.data, fd.job.from = a.pre, data, mid
	fd.pending = true
	st.helper().jobs <- fd
	return fd
}

// join waits until the helper has found its part of fd's block, and adds
// its windows to fd's. Every found that findAhead returned must be joined
// before its buffer is read into again. It does nothing for a nil or
// joined found.
func (fd *found) join() {
	if fd == nil || !fd.pending {
		return
	}
	<-fd.done
	fd.pending = false
	fd.wins = append(fd.wins, fd.job.wins...)
	fd.hits = fd.job.hits // the first part's windows have none
}

// half is a stream's helper goroutine, which finds the second part of each
// block (see findAhead). It is started with the first block that needs it
// and ends when the stream's reader does, once it has done every job.
type half struct {
	jobs chan *found
}

// helper returns st's helper, starting it if need be.
func (st *stream) helper() *half {
	if st.half == nil {
		h := &half{jobs: make(chan *found, cap(st.free))}
		st.half = h
		go func() {
			for fd := range h.jobs {
				j := &fd.job
				j.wins, j.hits = findPart(j.pre, j.data[j.from:], j.from, j.wins[:0], j.hits[:0], maxAhead)
				fd.done <- struct{}{}
			}
		}()
	}
	return st.half
}

// stopHelper ends st's helper goroutine, if it has one, once it has done
// the jobs it was given.
func (st *stream) stopHelper() {
	if st.half != nil {
		close(st.half.jobs)
		st.half = nil
	}
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
	if fd.pending && off >= fd.mid {
		fd.join()
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
	if fd.pending && off >= fd.mid {
		fd.join()
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

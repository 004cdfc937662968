package filter

import (
	"bytes"
	"runtime"
	"runtime/debug"
	"sync/atomic"

	"github.com/jmlog/jmlog/parse"
)

// Finding ahead. Run's reader goroutine runs the block finder over each
// block it reads before it hands the block on, so that finding overlaps
// with the rest of the work on the block before (line counting, notes,
// the Sink) and a second core does part of the job. The hits are kept
// with the block, one list per window, exactly as window would find them;
// window takes them instead of calling the finder when the window and the
// finder match, and finds them itself otherwise (a code table reloaded in
// between, say). Follow does not find ahead: its blocks are small and come
// as they are written.
//
// Memory stays bounded: a block keeps at most maxAhead hits, and the
// windows after those are left to window.

// maxAhead is the most hits kept for one block.
const maxAhead = 8 << 10

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
}

// foundWin is one window of a block: data[off:off+n] and its hits,
// hits[h0:h1].
type foundWin struct{ off, n, h0, h1 int }

// findAhead runs the block finder in force over the windows of data, the
// whole lines of a block, into the found kept for buf. It returns nil when
// there is no block finder. With more than one CPU, and a block of
// several windows, st's helper goroutine finds the second half of the
// windows while findAhead finds the first.
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
	fd.by, fd.wins, fd.next = a, fd.wins[:0], 0
	windows(data, func(off, n int) bool {
		fd.wins = append(fd.wins, foundWin{off: off, n: n})
		return true
	})
	if len(fd.wins) >= 4 && runtime.GOMAXPROCS(0) > 1 {
		k := len(fd.wins) / 2
		h := st.helper()
		h.job = halfJob{pre: a.pre, data: data, wins: fd.wins[k:]}
		h.req <- struct{}{}
		waiting := true
		defer func() {
			if waiting { // the first half faulted: the helper still owes its answer
				<-h.done
			}
		}()
		fd.hits = findWins(a.pre, data, fd.wins[:k], fd.hits[:0], maxAhead/2)
		<-h.done
		waiting = false
		if h.fault {
			st.faulted = true
			return nil
		}
		base := len(fd.hits)
		fd.hits = append(fd.hits, h.job.hits...)
		for i := k; i < len(fd.wins); i++ {
			fd.wins[i].h0 += base
			fd.wins[i].h1 += base
		}
		return fd
	}
	fd.hits = findWins(a.pre, data, fd.wins, fd.hits[:0], maxAhead)
	return fd
}

// findWins finds the hits of each window of data in wins, appending them
// to hits, until more than limit were found; the windows after that are
// marked as not done (n -1).
func findWins(pre parse.Finder, data []byte, wins []foundWin, hits []parse.Hit, limit int) []parse.Hit {
	for i := range wins {
		w := &wins[i]
		if len(hits) > limit {
			w.n = -1
			continue
		}
		w.h0 = len(hits)
		hits = pre.Find(data[w.off:w.off+w.n], hits)
		w.h1 = len(hits)
	}
	return hits
}

// half is a stream's helper goroutine, which finds ahead the second half
// of each block's windows (see findAhead). It is started with the first
// block that needs it and ends when the stream's reader does.
type half struct {
	job   halfJob
	req   chan struct{}
	done  chan struct{}
	fault bool // the job faulted
}

type halfJob struct {
	pre  parse.Finder
	data []byte
	wins []foundWin
	hits []parse.Hit
}

// helper returns st's helper, starting it if need be.
func (st *stream) helper() *half {
	if st.half == nil {
		h := &half{req: make(chan struct{}), done: make(chan struct{})}
		st.half = h
		go func() {
			debug.SetPanicOnFault(true) // for a mapped source (see readMapped)
			for range h.req {
				h.fault = !h.find()
				h.done <- struct{}{}
			}
		}()
	}
	return st.half
}

// find does h's job, and reports false when it faulted: a mapped source
// shrank.
func (h *half) find() (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if !isFault(r) {
				panic(r)
			}
			ok = false
		}
	}()
	j := &h.job
	j.hits = findWins(j.pre, j.data, j.wins, j.hits[:0], maxAhead/2)
	return true
}

// stopHelper ends st's helper goroutine, if it has one.
func (st *stream) stopHelper() {
	if st.half != nil {
		close(st.half.req)
		st.half = nil
	}
}

// windows calls fn with each window that lines hands to window, as
// data[off:off+n], in order, until fn returns false. The lines longer than
// a window, which go to bigLine, are left out.
func windows(data []byte, fn func(off, n int) bool) {
	off := 0
	for len(data)-off > window {
		if i := bytes.LastIndexByte(data[off:off+window], '\n'); i >= 0 {
			if !fn(off, i+1) {
				return
			}
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
	if w.off != off || w.n != len(data) {
		return nil, false
	}
	fd.next++
	return fd.hits[w.h0:w.h1:w.h1], true
}

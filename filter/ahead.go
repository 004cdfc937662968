package filter

import (
	"bytes"
	"runtime"
	"sync/atomic"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/parse"
	"github.com/jmlog/jmlog/parse/logtime"
)

// Finding ahead. For a regular file (Source.Regular), with more than one
// CPU, Run's reader cuts each block into windows, as lines cuts a block
// (see windows), and hands the block to a helper goroutine, which finds
// the codes of its windows from the last one backwards while the Filter
// works through them from the first. Each window is claimed once, by
// whichever of the two gets to it first (found.state): the helper keeps
// the hits of the windows it claims, and window takes them when it gets
// there; the windows the Filter claims it finds itself. So the work shares
// itself out: where the Filter has little to do per line (-c) the two meet
// near the middle of each block, and where it has much (-o json, or a
// pattern that matches on most lines) the helper runs ahead of it, a block
// or more, and finds every window of the blocks the Filter has yet to
// reach, so that the Filter does no finding at all. If the finder changes
// in between (a code table reloaded), window finds the block's codes
// itself. A pipe is not found ahead: its reader waits for the writer,
// which needs a core of its own (finding ahead made `cat F | jmlog -c`
// take 1.18 times as long, bench/cores.sh); nor are Follow's blocks, which
// are small and come as they are written.
//
// Earlier versions: 727ddd3 had the reader find the first half while the
// helper found the second, so the reader copied no block while it found,
// and with the read copy on the same goroutine two cores gave nothing;
// 9c31197 to 1b83a53 cut each block in two halves, the helper finding the
// second, so the Filter found half of every block even when it was the
// one goroutine with work to spare for none (see found.take).
//
// Memory stays bounded: the helper stops claiming windows once it holds
// maxAhead hits of a block, and the Filter finds the rest.

// maxAhead is about the most hits the helper keeps for one block (it
// finishes the window in which it passes the limit). Logs with codes here
// and there have tens per block, so it bounds only dense blocks. The hits
// kept cost peak RSS: at 8 Ki, 22.0 MiB against 19.7 on the 200 MB corpus
// with a code on every line; at 1 Ki, 0.5 MiB more than without.
const maxAhead = 1 << 10

// maxCounted is about the most codes the helper counts for one block
// (count_ahead.go), at 8 bytes each and 16 a line: enough for the 2,800
// codes a 1 MiB block of the 200 MB logcat corpus has for -e '871\d{3}'.
const maxCounted = 1 << 12

// aheadSlack is the room past maxAhead and maxCounted that the helper's
// slices get at first, for the window in which it passes the limit, so
// that they do not grow: the garbage of growing them would stay in peak
// RSS.
const aheadSlack = 1 << 11

// minSplit is the smallest block whose finding is shared with the helper.
const minSplit = 4 * window

// ahead is the block finder in force, as the reader sees it: the Filter
// stores a new one whenever its finders change (see use).
type ahead struct {
	pre parse.Finder
	// line, when set, is the line finder: the helper runs it on each line
	// in which pre found a candidate, so that its hits are final, as
	// window's are once it has run it (see found.lineFind).
	line parse.Finder
	// count: the helper also counts the codes of the windows it finds,
	// where it can (count_ahead.go): the Sink is Discard (-c), with no
	// line finder and no breakdowns, so that counting is all the Filter
	// would do with them.
	count bool
	// fork, when set, is the Sink's: the helper also renders the windows
	// it finds, with a Fork of it (render_ahead.go), whose codes it looks
	// up in table.
	fork  Forker
	table *codes.Table
}

// The states of a window of a found.
const (
	winFree   = iota // claimed by neither
	winBusy          // the helper is finding its codes
	winDone          // the helper found them: foundWin.hits
	winFilter        // the Filter claimed it, and finds them itself
)

// found is the windows of one block, and the hits the helper found in
// those it claimed. It is kept for the block's buffer and reused.
type found struct {
	by      *ahead // the finder of the helper's hits
	data    []byte // the block's whole lines
	wins    []foundWin
	state   []atomic.Int32 // of each window: winFree, ...
	hits    []aheadHit     // the helper's, for the next block
	find    []parse.Hit    // the helper's, for one window
	lfind   []parse.Hit    // the helper's, for the line finder (lineFind)
	counter                // the helper's counts (count_ahead.go)
	fork    Fork           // the helper's renderer, when by.fork is set (render_ahead.go)
	line    Line           // the helper's, for fork
	src     *Source
	ref     logtime.Ref // the source's, for the log times, when timed
	timed   bool        // the source's times are read against a fixed ref
	next    int         // wins[:next] were taken by window
	at      int         // wins[:at] were passed by span

	// waiting is the window whose hits the Filter waits for, or -1: the
	// helper sends on wake when it is done with it.
	waiting atomic.Int32
	wake    chan struct{}

	// pending: the helper has the block and has not said it is done with
	// it; it sends on done when it is.
	pending bool
	done    chan struct{}
}

// foundWin is one window of a block: data[off:off+n], and its hits once
// its state is winDone.
type foundWin struct {
	off, n int
	hits   []aheadHit
	// counted: the helper counted the window instead (count_ahead.go).
	counted bool
	cw      countedWin
	// kept: hits holds its codes (it is not counted, or it is rendered).
	kept bool
	// rendered: the helper rendered the window too, into out.
	rendered bool
	out      [][]byte
}

// aheadHit is a hit found ahead, as window reads it: where the code
// starts in its window, and the code: a third of a parse.Hit's memory.
type aheadHit struct{ start, code uint32 }

// findAhead cuts data, the whole lines of a block, into windows and hands
// it to st's helper goroutine; it returns the found kept for buf, which the
// Filter takes the helper's hits from (see take) and joins (see join). It
// returns nil when there is no block finder, one CPU, or a block too small
// to share.
func findAhead(st *stream, cur *atomic.Pointer[ahead], buf, data []byte) *found {
	a := cur.Load()
	if a == nil || a.pre == nil || len(data) < minSplit || runtime.GOMAXPROCS(0) < 2 {
		return nil
	}
	fd := st.founds[&buf[0]]
	if fd == nil {
		if st.founds == nil {
			st.founds = make(map[*byte]*found)
		}
		fd = &found{done: make(chan struct{}, 1), wake: make(chan struct{}, 1)}
		st.founds[&buf[0]] = fd
	}
	fd.by, fd.data, fd.next, fd.at, fd.src = a, data, 0, 0, st.src
	if a.fork != nil && fd.fork == nil {
		fd.fork = a.fork.Fork()
		fd.line.Notes = make([]Note, 0, MaxNotes)
	}
	fd.timed = st.tm.fixed // then ref is never written again
	if fd.timed {
		fd.ref = st.tm.ref
	}
	if cap(fd.hits) < fd.maxHits()+aheadSlack {
		// Room for the most a block keeps, so that the helper's hits
		// make no garbage as they grow: peak RSS counts it.
		fd.hits = make([]aheadHit, 0, fd.maxHits()+aheadSlack)
	}
	if (a.count || a.fork != nil) && cap(fd.recs) < fd.maxCounted()+aheadSlack {
		fd.recs = make([]countHit, 0, fd.maxCounted()+aheadSlack)
		fd.lns = make([]countLine, 0, fd.maxCounted()+aheadSlack)
	}
	fd.wins = fd.wins[:0]
	windows(data, func(off, n int) {
		fd.wins = append(fd.wins, foundWin{off: off, n: n})
	})
	if cap(fd.state) < len(fd.wins) {
		fd.state = make([]atomic.Int32, len(fd.wins), 2*len(fd.wins))
	}
	fd.state = fd.state[:len(fd.wins)]
	for i := range fd.state {
		fd.state[i].Store(winFree)
	}
	fd.waiting.Store(-1)
	select {
	case <-fd.wake: // a wake-up the Filter did not wait for
	default:
	}
	fd.pending = true
	st.helper().jobs <- fd
	return fd
}

// lineFind returns the codes that fd.by.line finds in the lines of data, a
// window, in which the block finder found the candidates pre, as window
// finds them: each line's text without its terminator, the hits moved to
// where the line starts in data.
func (fd *found) lineFind(data []byte, pre []parse.Hit) []parse.Hit {
	out := fd.lfind[:0]
	scan := 0 // data[:scan] is looked at
	for k := 0; k < len(pre); {
		ls, le, next := lineAt(data, scan, pre[k].Start)
		for k < len(pre) && pre[k].Start < le {
			k++
		}
		text, _ := split(data[ls:next])
		n := len(out)
		out = fd.by.line.Find(text, out)
		for i := n; i < len(out); i++ {
			out[i].Start += ls
			out[i].End += ls
		}
		scan = next
	}
	fd.lfind = out[:0]
	return out
}

// maxHits is about the most hits the helper keeps for fd's block.
func (fd *found) maxHits() int {
	if fd.by.fork != nil {
		return maxAheadRender
	}
	return maxAhead
}

// maxCounted is about the most codes the helper counts for fd's block.
func (fd *found) maxCounted() int {
	if fd.by.fork != nil {
		return maxAheadRender
	}
	return maxCounted
}

// release gives back the memory of what the helper rendered for fd's
// block, once the Sink has written it (see Fork.Reset). It does nothing
// for a nil found, or one without a Fork.
func (fd *found) release() {
	if fd != nil && fd.fork != nil {
		fd.fork.Reset()
	}
}

// discard is for a block that never reaches the Sink: it waits until the
// helper is done with it, and gives back what the helper rendered.
func (fd *found) discard() {
	fd.join()
	fd.release()
}

// join waits until the helper is done with fd's block. Every found that
// findAhead returned must be joined before its buffer is read into again.
// It does nothing for a nil or joined found.
func (fd *found) join() {
	if fd == nil || !fd.pending {
		return
	}
	<-fd.done
	fd.pending = false
}

// claim is the helper's part of fd's block: it finds the codes of the
// windows from the last one backwards, each one it claims before the
// Filter does, until it holds more than limit hits.
func (fd *found) claim(memo *logtime.Memo, rows *helperRows) {
	hits := fd.hits[:0]
	fd.recs, fd.lns = fd.recs[:0], fd.lns[:0]
	render := fd.by.fork != nil && fd.fork != nil
	limit := fd.maxHits()
	for i := len(fd.wins) - 1; i >= 0 && len(hits) <= limit && len(fd.recs) <= fd.maxCounted(); i-- {
		if render && fd.fork.Full() {
			break
		}
		if !fd.state[i].CompareAndSwap(winFree, winBusy) {
			break // the Filter has come this far
		}
		w := &fd.wins[i]
		data := fd.data[w.off : w.off+w.n]
		found := fd.by.pre.Find(data, fd.find[:0])
		fd.find = found[:0]
		if fd.by.line != nil {
			found = fd.lineFind(data, found)
		}
		w.counted = (fd.by.count || render) && fd.timed && fd.count(&w.cw, data, found, memo, fd.ref)
		w.hits, w.kept = nil, !w.counted || render
		if w.kept {
			h0 := len(hits)
			for _, h := range found {
				hits = append(hits, aheadHit{start: uint32(h.Start), code: h.Code})
			}
			// Later appends may move hits, not what w.hits holds.
			w.hits = hits[h0:len(hits):len(hits)]
		}
		w.rendered = render && fd.render(w, data, found, rows.of(fd.by.table))
		fd.state[i].Store(winDone)
		if fd.waiting.Load() == int32(i) {
			select {
			case fd.wake <- struct{}{}:
			default:
			}
		}
	}
	fd.hits = hits
}

// half is a stream's helper goroutine, which finds codes ahead of the
// Filter (see findAhead). It is started with the first block that needs
// it and ends when the stream's reader does, once it has done every job.
type half struct {
	jobs chan *found
}

// helper returns st's helper, starting it if need be.
func (st *stream) helper() *half {
	if st.half == nil {
		h := &half{jobs: make(chan *found, cap(st.free))}
		st.half = h
		go func() {
			var memo logtime.Memo // the helper's: it reads times as the Filter does
			var rows helperRows
			for fd := range h.jobs {
				fd.claim(&memo, &rows)
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

// span returns the length of the window of fd that starts at offset off
// of the block, if there is one: lines cuts the block there.
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

// take returns the window of fd at offset off of the block, if its
// length is len(data) and the helper did it with the finder a: found its
// hits (foundWin.appendHits), or counted it (foundWin.counted). Otherwise
// the Filter claims the window, if the helper has not, and finds its codes
// itself. When the helper is doing the window, take waits for it: once a
// block, where the two meet, for the time of one window at most.
func (fd *found) take(a *ahead, off int, data []byte) (*foundWin, bool) {
	if fd == nil {
		return nil, false
	}
	for fd.next < len(fd.wins) && fd.wins[fd.next].off < off {
		fd.next++
	}
	if fd.next == len(fd.wins) {
		return nil, false
	}
	i := fd.next
	w := &fd.wins[i]
	if w.off != off || w.n != len(data) {
		return nil, false
	}
	fd.next++
	st := &fd.state[i]
	if st.CompareAndSwap(winFree, winFilter) || fd.by != a {
		return nil, false
	}
	if st.Load() == winBusy {
		fd.waiting.Store(int32(i))
		for st.Load() == winBusy {
			<-fd.wake
		}
		fd.waiting.Store(-1)
	}
	return w, true
}

// appendHits appends the hits the helper found in w to dst, as
// parse.Hits with End = Start, which window does not read.
func (w *foundWin) appendHits(dst []parse.Hit) []parse.Hit {
	for _, h := range w.hits {
		dst = append(dst, parse.Hit{Start: int(h.start), End: int(h.start), Code: h.code})
	}
	return dst
}

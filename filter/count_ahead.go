package filter

import (
	"bytes"

	"github.com/jmlog/jmlog/parse"
	"github.com/jmlog/jmlog/parse/logtime"
)

// Counting ahead, and counting lean. With -c (the Sink is Discard), no line finder and no
// breakdowns, all the Filter does with a window of lines is count its
// codes: per line with codes its log time, per code its tally. Where the
// codes are many (-e '871\d{3}' matches 569,000 on the 200 MB logcat
// corpus, on 443,000 lines), that was two thirds of the run's CPU, on the
// Filter's goroutine. So the helper, which finds the codes of the windows
// it claims (ahead.go), also reads what the Filter would read of them:
// the number of each line with codes in the window, its log time, and the
// lines of the window. The Filter then only adds these to its tally, in
// the order it would have, and learns the last time as if it had read the
// lines itself (countedWindow): the Counts are the same to the byte.
//
// The helper counts a window only where the Filter's reading would not
// depend on what came before it:
//   - every code is a JMessage code (871000 to 871999), which note counts
//     whatever the table (known or unknown);
//   - every line with codes has a log time of its own, read against a
//     fixed reference (a regular file's ModTime), and is not a -v long
//     header, whose time and fields go on to the lines after it;
//   - the window ends with a line feed.
// And the Filter takes the helper's counts only where its own state would
// not change them: no line longer than the buffer in progress, and the
// source decided not to be CRI (seam.go). Otherwise it counts the window
// itself, finding its codes again.

// countHit is one code counted ahead: the index of its line among the
// window's lines with codes (countedWin.lns), and the code.
type countHit struct{ ln, code uint32 }

// countLine is a line with codes counted ahead: the line feeds before it
// in its window, and its log time.
type countLine struct {
	rel uint32
	ns  int64
}

// countedWin is what the helper counted in a window.
type countedWin struct {
	recs  []countHit  // the codes, in order
	lns   []countLine // the lines with codes, in order
	lines int64       // the line feeds in the window
	end   int         // where the last line with codes ends in the window, with its line feed
}

// counter counts windows for -c (see above): recs and lns hold what it
// counted, window after window, until they are cut back.
type counter struct {
	recs []countHit
	lns  []countLine
}

// count counts hits, the codes of data, a window that starts at a line,
// into cw, appending to c's recs and lns, and reports whether it could
// (see above). It reads the log times with memo against ref.
func (c *counter) count(cw *countedWin, data []byte, hits []parse.Hit, memo *logtime.Memo, ref logtime.Ref) bool {
	r0, l0 := len(c.recs), len(c.lns)
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return false
	}
	var rel uint32 // line feeds in data[:end]
	end := 0       // the end of the last line with codes, with its line feed
	for _, h := range hits {
		if h.Code-jmFirst >= jmCodes {
			c.recs, c.lns = c.recs[:r0], c.lns[:l0]
			return false
		}
		if h.Start >= end {
			ls, _, next := lineAt(data, end, h.Start)
			rel += uint32(bytes.Count(data[end:ls], nl)) // the lines between
			end = next
			text, _ := split(data[ls:end])
			ns, ok := memo.Parse(text, ref)
			if !ok || longHeader(text) {
				c.recs, c.lns = c.recs[:r0], c.lns[:l0]
				return false
			}
			c.lns = append(c.lns, countLine{rel: rel, ns: ns})
			rel++ // its own line feed
		}
		c.recs = append(c.recs, countHit{ln: uint32(len(c.lns) - l0 - 1), code: h.Code})
	}
	cw.lines = int64(rel) + int64(bytes.Count(data[end:], nl))
	cw.end = end
	// Later appends may move recs and lns, not what cw holds.
	cw.recs = c.recs[r0:len(c.recs):len(c.recs)]
	cw.lns = c.lns[l0:len(c.lns):len(c.lns)]
	return true
}

// countOwn counts data, a window at offset base of the block whose codes
// the Filter found itself (hits), the way the helper counts its windows,
// when it can (see above): for -c, that is all window has to do. It reads
// the times as window does, with the stream's memo and reference.
func (f *Filter) countOwn(data []byte, hits []parse.Hit, base int) bool {
	if !f.ahead.count || f.noLean || f.line != nil || !f.useCounted() {
		return false
	}
	c := &f.own
	c.recs, c.lns = c.recs[:0], c.lns[:0]
	var cw countedWin
	if !c.count(&cw, data, hits, &f.st.tm.memo, f.st.tm.ref) {
		return false
	}
	f.lean++
	f.countedWindow(&cw, base)
	return true
}

// useCounted reports whether the Filter may take what the helper counted
// in a window instead of counting it itself (see above). The helper's
// hits must be final: with a line finder, the helper ran it (ahead.line).
func (f *Filter) useCounted() bool {
	return !f.st.long.active && !f.endNL && f.st.seams.decided && !f.st.seams.on
}

// countedWindow adds what was counted in the window at offset base of the
// block to the Counts, as window would have counted it, lines numbered
// from the lines before the window: straight to the Counts, under one lock,
// without the tally's bookkeeping (Counts.addWindow), once the tally holds
// nothing of the windows before it, so that the order of first and last
// seen stays. The stream's log time is then the one window would have
// left: the last line with codes', read at its end.
func (f *Filter) countedWindow(cw *countedWin, base int) {
	if d := &f.delta; len(d.codes) > 0 || d.lines > 0 || d.matched > 0 {
		f.addCounts()
	}
	f.counts.addWindow(f.st.src, cw, f.st.lineNo+1, &f.rows, f.table)
	f.st.lineNo += cw.lines
	if n := len(cw.lns); n > 0 {
		tm := &f.st.tm
		tm.ns, tm.timed, tm.inEntry, tm.pos = cw.lns[n-1].ns, true, false, base+cw.end
	}
}

package filter

import (
	"bytes"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/parse"
)

// Rendering ahead. Where the Sink is a Forker whose Fork renders lines
// from themselves alone (-o json), the helper does not stop at finding the
// codes of the windows it claims (ahead.go): it also makes the Sink's
// calls that window would make for them, on a Fork of the Sink, which
// renders them into memory, kept with the block (found.fork). When the
// Filter gets to such a window it hands that to the Sink (Forker.Splice)
// and only counts the window's lines and codes, from the hits the helper
// found, as for a Discard Sink (quiet). So the formatting, most of the
// work of -o json, is shared by two cores, as the finding is.
//
// The output is the same to the byte: the Filter splices a window only
// where its own calls for it would not depend on what came before: no
// line finder, no line longer than the buffer in progress, the source
// decided not to be CRI (as useCounted), and the Sink in the state a Fork
// starts in (Splice). The helper keeps a window's rendering only if the
// Fork ends it in that state too (Fork.Cut): a window with a -v long entry
// that runs on past its end is left to the Filter.
//
// Memory stays bounded: what the helper renders for a block stays until
// the Sink has written the block (found.release, from the release of
// handle's Flush), and the Forks of a Sink share a bounded memory: the
// helper stops claiming windows when it is used up (Fork.Full), and the
// Filter does the rest.

// maxAheadRender is maxAhead when the helper renders: with a code on
// every line the records, not the hits, bound the memory.
const maxAheadRender = 16 << 10

// forker returns the Forker of sink, if it is one whose Fork renders
// lines from themselves.
func forker(sink Sink) Forker {
	if fk, ok := sink.(Forker); ok && fk.Fork() != nil {
		return fk
	}
	return nil
}

// render makes, on fd's Fork, the Sink calls that window would make for
// data, a window of whole lines whose codes are hits, and cuts their
// output into w.out. It reports whether the Fork kept it (Fork.Cut). The
// codes are looked up in fd.by.table through rows, the helper's.
func (fd *found) render(w *foundWin, data []byte, hits []parse.Hit, rows *jmRows) bool {
	fk, l := fd.fork, &fd.line
	pos, scan := 0, 0 // data[:pos] is rendered, data[:scan] looked at
	for k := 0; k < len(hits); {
		ls, le, next := lineAt(data, scan, hits[k].Start)
		notes, omitted := l.Notes[:0], 0
		for ; k < len(hits) && hits[k].Start < le; k++ {
			if e, ok := noted(rows, fd.by.table, hits[k].Code); ok {
				addNote(&notes, &omitted, hits[k].Code, e)
			}
		}
		scan = next
		if len(notes) == 0 && omitted == 0 {
			continue // the line stays in the span that goes to Pass
		}
		if ls > pos {
			fk.Pass(fd.src, data[pos:ls])
		}
		text, term := split(data[ls:next])
		*l = Line{Source: fd.src, Text: text, Term: term, Notes: notes, Omitted: omitted}
		fk.Line(l)
		pos = next
	}
	if pos < len(data) {
		fk.Pass(fd.src, data[pos:])
	}
	var ok bool
	w.out, ok = fk.Cut(w.out[:0])
	return ok
}

// lineAt returns the line of data that holds offset at, which is not
// before scan, a line start: it starts at ls, and its line feed, if any, is
// at le (else le is len(data)); the next line starts at next.
func lineAt(data []byte, scan, at int) (ls, le, next int) {
	ls = scan + lastNL(data[scan:at]) + 1
	if i := bytes.IndexByte(data[at:], '\n'); i >= 0 {
		return ls, at + i, at + i + 1
	}
	return ls, len(data), len(data)
}

// helperRows is the helper's jmRows, for the table it was made for.
type helperRows struct {
	jmRows
	tab *codes.Table
}

// of returns r for tab, reset if it was for another table.
func (r *helperRows) of(tab *codes.Table) *jmRows {
	if r.tab != tab {
		r.reset()
		r.tab = tab
	}
	return &r.jmRows
}

package filter

import (
	"bytes"

	"github.com/jmlog/jmlog/parse"
)

// Kubernetes CRI logs (see parse.ParseCRI) split a long message into P
// pieces, one line each, ended by an F piece: a code may be split across
// two pieces ("... code=8713" then "00 ..."). The Filter sees lines, so it
// joins them: in a source whose first line is a CRI line, the end of each P
// piece's message is kept per stream, and the finder is run over that end
// joined with the start of the stream's next piece. A code that crosses the
// seam is noted on the line where it ends, before the line's own codes.
// Text output is unchanged: the join is only for finding codes.
//
// Limits: the finder sees seamLen bytes on each side of a seam (a -e match
// longer than that is not found); lines longer than a window (64 KiB) are
// not joined (the runtime's pieces are 16 KiB); a code that ends a P piece
// is found there even when the next piece goes on with digits.

// seamLen is how many bytes of each side of a seam the finder sees.
const seamLen = 64

// seams is the CRI state of a source.
type seams struct {
	decided bool // whether the source is CRI has been decided
	on      bool // it is
	tail    [2]seamTail
	hits    []parse.Hit // the seam codes of the window being handled
	buf     []byte      // a seam, joined
}

// seamTail is the end of the last piece of one stream, when that piece
// was a P piece.
type seamTail struct {
	buf  [seamLen]byte
	n    int
	open bool
}

// findSeams appends to s.hits the codes that cross a seam between the
// pieces in data, which holds whole lines, each as a Hit with an empty span
// at the start of the line where it ends; hits are in order of position.
func (f *Filter) findSeams(data []byte) []parse.Hit {
	s := &f.st.seams
	s.hits = s.hits[:0]
	if !s.decided {
		s.decided = true
		first, _, _ := bytes.Cut(data, nl)
		_, s.on = parse.ParseCRI(first)
	}
	if !s.on {
		return nil
	}
	for ls := 0; ls < len(data); {
		le := bytes.IndexByte(data[ls:], '\n')
		next := len(data)
		if le >= 0 {
			next = ls + le + 1
			le += ls
		} else {
			le = len(data)
		}
		text, _ := split(data[ls:next])
		if c, ok := parse.ParseCRI(text); ok {
			f.piece(ls, c, text[c.Message:])
		}
		ls = next
	}
	return s.hits
}

// piece handles one CRI line, which starts at ls, with message msg.
func (f *Filter) piece(ls int, c parse.CRILine, msg []byte) {
	s := &f.st.seams
	t := &s.tail[0]
	if c.Stream[3] == 'e' { // stderr
		t = &s.tail[1]
	}
	if t.open {
		tail := t.buf[:t.n]
		s.buf = append(append(s.buf[:0], tail...), msg[:min(len(msg), seamLen)]...)
		finder := f.line
		if finder == nil {
			finder = f.pre
		}
		hits := finder.Find(s.buf, f.lhits[:0])
		f.lhits = hits[:0]
		for _, h := range hits {
			if h.Start < len(tail) && h.End > len(tail) {
				s.hits = append(s.hits, parse.Hit{Start: ls, End: ls, Code: h.Code})
			}
		}
	}
	if !c.Partial {
		t.open, t.n = false, 0
		return
	}
	// Keep the last seamLen bytes of the stream's message so far.
	if len(msg) >= seamLen {
		t.n = copy(t.buf[:], msg[len(msg)-seamLen:])
	} else {
		keep := min(t.n, seamLen-len(msg))
		if !t.open {
			keep = 0
		}
		copy(t.buf[:], t.buf[t.n-keep:t.n])
		t.n = keep + copy(t.buf[keep:], msg)
	}
	t.open = true
}

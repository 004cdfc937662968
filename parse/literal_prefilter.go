package parse

import (
	"bytes"
	"regexp"
	"slices"
)

// needle is a sequence whose positions s.e[at:at+n] are its literal, the
// part that is searched for; the positions around it are checked.
type needle struct {
	s     seq
	at, n int
}

// litGroup is one literal and the needles that hold it.
type litGroup struct {
	search  *litSearch
	needles []needle
	score   float64
}

// newGroups sorts the sequences of a needle set by their literal.
func newGroups(seqs []seq, groups []*litGroup) []*litGroup {
	for _, s := range seqs {
		at, n, v := litRun(&s)
		lit, mask := make([]byte, n), make([]byte, n)
		for k, e := range s.e[at : at+n] {
			if c, ok := e.fold(); ok {
				lit[k], mask[k] = c, 0x20
			} else {
				lit[k] = e.set.first()
			}
		}
		nd := needle{s: s, at: at, n: n}
		i := slices.IndexFunc(groups, func(g *litGroup) bool {
			return bytes.Equal(g.search.lit, lit) && bytes.Equal(g.search.mask, mask)
		})
		if i >= 0 {
			groups[i].needles = append(groups[i].needles, nd)
			groups[i].score = min(groups[i].score, v)
			continue
		}
		groups = append(groups, &litGroup{search: newLitSearch(lit, mask), needles: []needle{nd}, score: v})
	}
	return groups
}

// check reports whether the needle's sequence is at hay[p-at:], where
// hay[p:] holds its literal: the bytes before and after the literal are in
// their positions' sets, up to the first wide position from the literal,
// and a sequence that starts (ends) a line does so. A newline is in no
// set, so the whole sequence is within one line.
func (nd *needle) check(hay []byte, p int) bool {
	e := nd.s.e
	q := p + nd.n
	i := nd.at + nd.n
	for ; i < len(e); i++ {
		if q >= len(hay) || !e[i].set.has(hay[q]) {
			return false
		}
		if e[i].wide {
			break
		}
		q++
	}
	if i == len(e) && nd.s.eol && !lineEnd(hay, q) {
		return false
	}
	q = p - 1
	for i = nd.at - 1; i >= 0; i-- {
		if q < 0 || !e[i].set.has(hay[q]) {
			return false
		}
		if e[i].wide {
			break
		}
		q--
	}
	return i >= 0 || !nd.s.bol || q < 0 || hay[q] == '\n'
}

// lineEnd reports whether a line's text ends at hay[q]: q is the end of
// hay, or the line's terminator, "\n" or "\r\n", starts there.
func lineEnd(hay []byte, q int) bool {
	return q == len(hay) || hay[q] == '\n' || hay[q] == '\r' && q+1 < len(hay) && hay[q+1] == '\n'
}

// check reports whether one of the group's needles is at hay[p:].
func (g *litGroup) check(hay []byte, p int) bool {
	for i := range g.needles {
		if g.needles[i].check(hay, p) {
			return true
		}
	}
	return false
}

// inLine reports whether one of the group's needles is in line.
func (g *litGroup) inLine(line []byte) bool {
	c := g.search.cursor(0)
	for p := g.search.next(line, 0, &c); p >= 0; p = g.search.next(line, p+1, &c) {
		if g.check(line, p) {
			return true
		}
	}
	return false
}

// scan appends a hit for each line of block that starts in [a, b) and
// holds one of the group's needles before b. a is the start of a line.
func (g *litGroup) scan(block []byte, a, b int, dst []Hit) []Hit {
	hay := block[:b]
	c := g.search.cursor(a)
	for from := a; from < b; {
		p := g.search.next(hay, from, &c)
		if p < 0 {
			break
		}
		if !g.check(hay, p) {
			from = p + 1
			continue
		}
		dst = appendLine(block, a, p, dst)
		from = dst[len(dst)-1].End + 1
		a = from
	}
	return dst
}

// appendLine appends the hit for the line of block that holds p, which is
// not a newline; the line starts at or after from.
func appendLine(block []byte, from, p int, dst []Hit) []Hit {
	ls := from + bytes.LastIndexByte(block[from:p], '\n') + 1
	le := len(block)
	if k := bytes.IndexByte(block[p:], '\n'); k >= 0 {
		le = p + k
	}
	return append(dst, Hit{Start: ls, End: le})
}

// regexPrefilter is the Finder that RegexFinder.Prefilter returns.
type regexPrefilter struct {
	groups []*litGroup    // the commonest literal first
	re     *regexp.Regexp // the expressions without needles, rewritten for blocks; or nil
}

// Find implements Finder for a block of whole lines (see
// RegexFinder.Prefilter). Each pass, one per literal and the last for the
// regular expression, looks only at the lines that no earlier pass picked.
func (f *regexPrefilter) Find(block []byte, dst []Hit) []Hit {
	base := len(dst)
	for _, g := range f.groups {
		dst = f.pass(block, dst, base, g)
	}
	if f.re != nil {
		dst = f.pass(block, dst, base, nil)
	}
	return dst
}

// pass adds to the hits in dst[base:] the lines between them that g (or,
// when g is nil, f.re) picks, keeping them in order. It builds the new
// list after the old one in dst and moves it back.
func (f *regexPrefilter) pass(block []byte, dst []Hit, base int, g *litGroup) []Hit {
	m := len(dst) - base
	o := len(dst)
	a := 0 // where the gap before the next old hit starts
	for k := 0; k <= m; k++ {
		b := len(block)
		if k < m {
			b = dst[base+k].Start
		}
		if a < b {
			if g != nil {
				dst = g.scan(block, a, b, dst)
			} else {
				dst = f.scanRE(block, a, b, dst)
			}
		}
		if k < m {
			dst = append(dst, dst[base+k])
			a = dst[base+k].End + 1
		}
	}
	n := copy(dst[base:], dst[o:])
	return dst[:base+n]
}

// scanRE appends a hit for each line in block[a:b] in which f.re matches,
// and maybe some more. It takes the leftmost match and goes on from the
// start of the next line, so that a match that goes on past its line does
// not hide one that starts in the next.
func (f *regexPrefilter) scanRE(block []byte, a, b int, dst []Hit) []Hit {
	for from := a; from < b; {
		loc := f.re.FindIndex(block[from:b])
		if loc == nil {
			break
		}
		s := from + loc[0]
		if block[s] == '\n' {
			// A match that starts at a line's terminator says nothing
			// about that line.
			from = s + 1
			continue
		}
		dst = appendLine(block, from, s, dst)
		from = dst[len(dst)-1].End + 1
	}
	return dst
}

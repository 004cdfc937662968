package parse

import (
	"bytes"
	"regexp"
	"slices"
)

// test is one byte that a needle checks: hay[p+off] is in set, where p is
// the place of the needle's literal.
type test struct {
	off int
	set byteSet
}

// needle is a sequence compiled for checking around a place where its
// literal was found: the bytes before and after the literal are in their
// positions' sets, up to the first wide position from the literal, and a
// sequence that starts (ends) a line does so. A newline is in no set, so
// the whole sequence is within one line.
type needle struct {
	tests    []test // fewest bytes first
	bol, eol int    // p+bol starts a line, p+eol ends one, when set
	hasBol   bool
	hasEol   bool
}

// litGroup is one literal and the needles that hold it.
type litGroup struct {
	search  *litSearch
	common  []test // the tests all needles make, with their sets' union
	needles []needle
	score   float64
	seqs    []litSeq // what the needles are made of, until compile
}

// litSeq is a sequence whose positions s.e[at:at+n] are its literal.
type litSeq struct {
	s     seq
	at, n int
}

// newGroups sorts the sequences of a needle set by their literal. The
// groups must be compiled before use.
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
		ls := litSeq{s: s, at: at, n: n}
		i := slices.IndexFunc(groups, func(g *litGroup) bool {
			return bytes.Equal(g.search.lit, lit) && bytes.Equal(g.search.mask, mask)
		})
		if i >= 0 {
			groups[i].seqs = append(groups[i].seqs, ls)
			groups[i].score = min(groups[i].score, v)
			continue
		}
		groups = append(groups, &litGroup{search: newLitSearch(lit, mask), seqs: []litSeq{ls}, score: v})
	}
	return groups
}

// compile makes the group's needles, and moves the tests that they all
// make to common.
func (g *litGroup) compile() {
	g.needles = g.needles[:0]
	for _, ls := range g.seqs {
		g.needles = append(g.needles, newNeedle(ls))
	}
	g.common = g.common[:0]
	for _, t := range g.needles[0].tests {
		c := t
		all := true
		for i := range g.needles[1:] {
			k := slices.IndexFunc(g.needles[1+i].tests, func(u test) bool { return u.off == t.off })
			if k < 0 {
				all = false
				break
			}
			c.set.or(&g.needles[1+i].tests[k].set)
		}
		if all {
			g.common = append(g.common, c)
		}
	}
	for i := range g.needles {
		nd := &g.needles[i]
		nd.tests = slices.DeleteFunc(nd.tests, func(t test) bool {
			return slices.Contains(g.common, t)
		})
	}
}

func newNeedle(ls litSeq) needle {
	var nd needle
	e := ls.s.e
	i := ls.at + ls.n
	for ; i < len(e); i++ {
		nd.tests = append(nd.tests, test{off: i - ls.at, set: e[i].set})
		if e[i].wide {
			break
		}
	}
	if i == len(e) && ls.s.eol {
		nd.eol, nd.hasEol = len(e)-ls.at, true
	}
	for i = ls.at - 1; i >= 0; i-- {
		nd.tests = append(nd.tests, test{off: i - ls.at, set: e[i].set})
		if e[i].wide {
			break
		}
	}
	if i < 0 && ls.s.bol {
		nd.bol, nd.hasBol = -ls.at, true
	}
	slices.SortStableFunc(nd.tests, func(a, b test) int { return a.set.count() - b.set.count() })
	return nd
}

// pass reports whether hay[p+t.off] is in t's set, for each test.
func pass(tests []test, hay []byte, p int) bool {
	for i := range tests {
		q := p + tests[i].off
		if uint(q) >= uint(len(hay)) || !tests[i].set.has(hay[q]) {
			return false
		}
	}
	return true
}

// check reports whether the needle is at p, which holds its literal, in
// hay, once its group's common tests have passed.
func (nd *needle) check(hay []byte, p int) bool {
	if nd.hasEol && !lineEnd(hay, p+nd.eol) {
		return false
	}
	if nd.hasBol {
		if q := p + nd.bol; q > 0 && hay[q-1] != '\n' {
			return false
		}
	}
	return pass(nd.tests, hay, p)
}

// lineEnd reports whether a line's text ends at hay[q]: q is the end of
// hay, or the line's terminator, "\n" or "\r\n", starts there.
func lineEnd(hay []byte, q int) bool {
	return q >= len(hay) || hay[q] == '\n' || hay[q] == '\r' && q+1 < len(hay) && hay[q+1] == '\n'
}

// check reports whether one of the group's needles is at p in hay, which
// holds the literal there.
func (g *litGroup) check(hay []byte, p int) bool {
	if !pass(g.common, hay, p) {
		return false
	}
	for i := range g.needles {
		if g.needles[i].check(hay, p) {
			return true
		}
	}
	return false
}

// inLine reports whether one of the group's needles is in line.
func (g *litGroup) inLine(line []byte) bool {
	if g.search.absent(line) {
		return false
	}
	var c cursor
	g.search.start(&c, 0)
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
	var c cursor
	g.search.start(&c, a)
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
// not a newline; the line starts at or after from, which starts a line.
func appendLine(block []byte, from, p int, dst []Hit) []Hit {
	le := len(block)
	if k := bytes.IndexByte(block[p:], '\n'); k >= 0 {
		le = p + k
	}
	return append(dst, Hit{Start: lineStart(block, from, p), End: le})
}

// lineStart returns the start of the line of b that holds p; the line
// starts at or after from. It looks 64 bytes at a time, from p backwards,
// with bytes.IndexByte: bytes.LastIndexByte is a byte-at-a-time loop.
func lineStart(b []byte, from, p int) int {
	for hi := p; hi > from; {
		lo := max(from, hi-64)
		k := bytes.IndexByte(b[lo:hi], '\n')
		if k < 0 {
			hi = lo
			continue
		}
		for k += lo + 1; k < hi; {
			j := bytes.IndexByte(b[k:hi], '\n')
			if j < 0 {
				break
			}
			k += j + 1
		}
		return k
	}
	return from
}

// regexPrefilter is the Finder that RegexFinder.Prefilter returns.
type regexPrefilter struct {
	groups []*litGroup    // the commonest literal first
	re     *regexp.Regexp // the expressions without needles, rewritten for blocks; or nil
	// With AVX2, the groups whose literals multiLit takes are searched
	// in one pass: multi's literal i is the literal of multiGroups[i].
	multi       *multiLit
	multiGroups []*litGroup
	inMulti     []bool // for each of groups
}

// setMulti sets f.multi when two groups or more have literals that
// multiLit takes. As for a multiDSP, a literal of digits alone keeps its
// own pass.
func (f *regexPrefilter) setMulti() {
	var lits []*litSearch
	var gs []*litGroup
	in := make([]bool, len(f.groups))
	for i, g := range f.groups {
		if len(g.search.lit) >= multiMinLen && !digitsOnly(g.search.lit) {
			lits, gs, in[i] = append(lits, g.search), append(gs, g), true
		}
	}
	if len(lits) < 2 {
		return
	}
	if f.multi = newMultiLit(lits); f.multi != nil {
		f.multiGroups, f.inMulti = gs, in
	}
}

// Find implements Finder for a block of whole lines (see
// RegexFinder.Prefilter). Each pass, one per literal and the last for the
// regular expression, looks only at the lines that no earlier pass picked.
// With AVX2, the first pass is for all the literals that multiLit takes.
func (f *regexPrefilter) Find(block []byte, dst []Hit) []Hit {
	base := len(dst)
	multi := f.multi != nil && useAVX2
	if multi {
		dst = f.multiPass(block, dst)
	}
	for i, g := range f.groups {
		if !multi || !f.inMulti[i] {
			dst = f.pass(block, dst, base, g)
		}
	}
	if f.re != nil {
		dst = f.pass(block, dst, base, nil)
	}
	return dst
}

// multiPass appends a hit for each line of block that holds a needle of
// one of multiGroups, in order.
func (f *regexPrefilter) multiPass(block []byte, dst []Hit) []Hit {
	var c multiCursor
	from := 0 // the start of the line after the last picked
	for {
		p, i := f.multi.next(block, &c)
		if p < 0 {
			return dst
		}
		if p < from || !f.multiGroups[i].check(block, p) {
			continue
		}
		dst = appendLine(block, from, p, dst)
		from = dst[len(dst)-1].End + 1
	}
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

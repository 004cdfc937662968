package parse

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/jmlog/jmlog/codes"
)

// RegexFinder finds codes with user regular expressions (RE2 syntax, as in
// Go's regexp package). The first capture group of a match, or the whole
// match when the expression has no group, must be the code: 1 to MaxDigits
// ASCII digits with no leading zero. Matches whose group is anything else,
// or did not take part in the match, are skipped.
//
// Find takes one line. Its results are those of RE2's leftmost-first
// search of each expression, but it skips an expression at once on a line
// that lacks the literals that all the expression's matches hold (see
// analyze), and runs the simplest expressions without RE2: a literal and
// greedy byte classes, with a lead and a trail (see dsp), such as
// code=(\d+), 871\d{3} or (?:^|\W)(871\d{3})(?:\W|$). RE2 allocates; the
// rest does not. For blocks of lines, Prefilter picks the lines worth
// giving to Find, and Block, when every expression runs without RE2, finds
// the codes of a whole block at once. A RegexFinder and its Finders are
// safe for concurrent use.
type RegexFinder struct {
	pats  []pattern
	pre   *regexPrefilter // nil when there is nothing to gain
	block bool            // every expression is a dsp, or never matches
	multi *multiDSP       // for Block: the dsps found in one pass; or nil
}

// pattern is one expression.
type pattern struct {
	re    *regexp.Regexp
	group int         // the group that holds the code
	never bool        // the expression cannot match within a line
	gate  []*litGroup // a line that holds none of their needles has no match; nil: unknown
	dsp   *dsp        // matches without RE2; or nil
}

// RegexError is a user expression that does not compile.
type RegexError struct {
	Expr string
	Err  error
}

func (e *RegexError) Error() string {
	return fmt.Sprintf("bad regular expression %q: %v", e.Expr, e.Err)
}

func (e *RegexError) Unwrap() error { return e.Err }

// NewRegexFinder compiles exprs. The error of the first expression that does
// not compile is a *RegexError.
func NewRegexFinder(exprs []string) (*RegexFinder, error) {
	f := &RegexFinder{}
	pre := &regexPrefilter{}
	var blockExprs []string
	for _, x := range exprs {
		re, err := regexp.Compile(x)
		if err != nil {
			return nil, &RegexError{Expr: x, Err: err}
		}
		p := pattern{re: re}
		if re.NumSubexp() > 0 {
			p.group = 1
		}
		tree, err := syntax.Parse(x, syntax.Perl)
		if err != nil { // regexp.Compile parsed it the same way
			return nil, &RegexError{Expr: x, Err: err}
		}
		inf := analyze(tree.Simplify())
		if score(inf.req) == math.Inf(-1) {
			inf.req = nil // no literal to search for
		}
		switch {
		case inf.never:
			p.never = true
		case inf.req != nil:
			p.gate = newGroups(inf.req, nil)
			if pre != nil {
				pre.groups = newGroups(inf.req, pre.groups)
			}
		case pre != nil:
			if b, ok := blockExpr(tree); ok {
				blockExprs = append(blockExprs, "(?:"+b+")")
			} else {
				pre = nil // this one has to see every line
			}
		}
		p.dsp = newDSP(tree, re.NumSubexp())
		f.pats = append(f.pats, p)
	}
	if pre != nil && len(blockExprs) > 0 {
		re, err := regexp.Compile(strings.Join(blockExprs, "|"))
		if err != nil {
			pre = nil
		} else {
			pre.re = re
		}
	}
	f.block = true
	for _, p := range f.pats {
		f.block = f.block && (p.dsp != nil || p.never)
		for _, g := range p.gate {
			g.compile()
		}
	}
	if f.block {
		f.multi = newMultiDSP(f.pats)
	}
	if pre != nil {
		for _, g := range pre.groups {
			g.compile()
		}
		slices.SortStableFunc(pre.groups, func(a, b *litGroup) int { return cmp.Compare(a.score, b.score) })
		pre.setMulti()
		f.pre = pre
	}
	return f, nil
}

// Prefilter returns a Finder that picks, in a block of whole lines, the
// lines worth giving to Find; or nil when it would have to pick every line
// (when an expression can match an empty text, or has no literal and
// cannot be run over a block: see below).
//
// The block holds whole lines, each ending with "\n" but maybe the last;
// as for Find, a line's text excludes its terminator, "\n" or "\r\n". The
// Finder's hits are the picked lines, in order, one hit per line: Start is
// the line's first byte, End the index of its "\n" (or the end of the
// block), Code is 0. Every line in which Find finds a code is picked; other
// lines may be picked too (a line that holds a literal of an expression
// where the expression does not match).
//
// For the expressions with literals that all their matches hold (see
// analyze), the Finder searches for the literals and checks the bytes
// around each place found. The others run as one RE2 expression over the
// block, with ^ and $ rewritten to hold at each line's start and end
// (blockExpr), taking the leftmost match and going on at the start of the
// next line, so that a match that runs past its line's end does not hide
// the next line's. Each literal, and the RE2 expression last, looks only at
// the lines that none before picked. The Finder uses the room after the
// hits in dst as scratch (2 hits per picked line); it allocates nothing
// when dst has that room, but the RE2 expression allocates per match.
func (f *RegexFinder) Prefilter() Finder {
	if f.pre == nil {
		return nil
	}
	return f.pre
}

// Block returns a Finder that finds in a block of whole lines (as for
// Prefilter) exactly the codes that Find finds in each of its lines, at
// their places in the block; or nil when an expression needs RE2. It can
// take the place of Prefilter and Find, as the default Scanner does, and
// costs about one Prefilter pass: where most lines hold a code, that is
// much less than Find on each line. With AVX2, the literals of several
// expressions are found in one pass (multiDSP), which costs about what one
// literal does. Given part of a line, it takes the
// part's ends for the line's ends (for ^, $ and the characters around a
// match). It uses the room after the hits in dst as scratch when there are
// several expressions, and allocates nothing when dst has room.
func (f *RegexFinder) Block() Finder {
	if !f.block {
		return nil
	}
	return blockFinder{f}
}

type blockFinder struct{ f *RegexFinder }

// WholeLines implements LineBound: the expressions' ^, $ and the bytes
// around a match depend on the line's ends.
func (blockFinder) WholeLines() {}

// Find implements Finder.
func (b blockFinder) Find(block []byte, dst []Hit) []Hit {
	base := len(dst)
	if m := b.f.multi; m != nil && useAVX2 {
		var ok bool
		if dst, ok = m.find(block, dst); ok {
			for i := range b.f.pats {
				if p := &b.f.pats[i]; !p.never && !m.has(i) {
					mid := len(dst)
					dst = mergeRuns(p.dsp.findLines(block, dst), base, mid)
				}
			}
			if !tiesDiffer(dst[base:]) {
				return dropOverlaps(dst, base)
			}
		}
		// Hits out of order, or two that start at one place and differ:
		// the order of the expressions decides, as below.
		dst = dst[:base]
	}
	for i := range b.f.pats {
		if p := &b.f.pats[i]; !p.never {
			mid := len(dst)
			dst = mergeRuns(p.dsp.findLines(block, dst), base, mid)
		}
	}
	if len(b.f.pats) < 2 {
		return dst
	}
	return dropOverlaps(dst, base)
}

// tiesDiffer reports whether two hits of hits, which are in order of
// Start, start at the same place and differ.
func tiesDiffer(hits []Hit) bool {
	for i := 1; i < len(hits); i++ {
		if hits[i].Start == hits[i-1].Start && hits[i] != hits[i-1] {
			return true
		}
	}
	return false
}

// mergeRuns merges the runs of hits dst[base:mid] and dst[mid:], each in
// order of Start, keeping the first run's hit first when two start at the
// same place. It merges into dst's tail, and moves the result back.
func mergeRuns(dst []Hit, base, mid int) []Hit {
	end := len(dst)
	if mid == base || mid == end || dst[mid-1].Start <= dst[mid].Start {
		return dst
	}
	i, j := base, mid
	for i < mid && j < end {
		if dst[j].Start < dst[i].Start {
			dst = append(dst, dst[j])
			j++
		} else {
			dst = append(dst, dst[i])
			i++
		}
	}
	dst = append(append(dst, dst[i:mid]...), dst[j:end]...)
	n := copy(dst[base:], dst[end:])
	return dst[:base+n]
}

// dropOverlaps drops from dst[base:], which is in order of Start, each hit
// that overlaps the one kept before it.
func dropOverlaps(dst []Hit, base int) []Hit {
	out := dst[base:base]
	for _, h := range dst[base:] {
		if len(out) > 0 && h.Start < out[len(out)-1].End {
			continue
		}
		out = append(out, h)
	}
	return dst[:base+len(out)]
}

// Find implements Finder. With several expressions the hits of all of them
// are merged in order of position; a hit that overlaps an earlier one is
// dropped.
func (f *RegexFinder) Find(line []byte, dst []Hit) []Hit {
	base := len(dst)
	for i := range f.pats {
		p := &f.pats[i]
		switch {
		case p.never:
		case p.dsp != nil:
			dst = p.dsp.find(line, dst, len(f.pats) > 1)
		case p.gate != nil && !inLine(p.gate, line):
		default:
			dst = p.find(line, dst)
		}
	}
	if len(f.pats) < 2 {
		return dst
	}
	hits := dst[base:]
	// A stable insertion sort: few hits, and no allocation.
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].Start < hits[j-1].Start; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	return dropOverlaps(dst, base)
}

// find runs the expression with RE2.
func (p *pattern) find(line []byte, dst []Hit) []Hit {
	g := p.group
	for _, m := range p.re.FindAllSubmatchIndex(line, -1) {
		s, e := m[2*g], m[2*g+1]
		if s < 0 {
			continue
		}
		if code, ok := codes.ParseCode(line[s:e]); ok {
			dst = append(dst, Hit{Start: s, End: e, Code: code})
		}
	}
	return dst
}

func inLine(groups []*litGroup, line []byte) bool {
	for _, g := range groups {
		if g.inLine(line) {
			return true
		}
	}
	return false
}

// blockExpr returns re, a parsed expression, rewritten to be run over a
// block of lines by regexPrefilter.scanRE: where re matches a line's text
// at some place, the result matches the block at the same place. ^ (\A)
// becomes (?m:^), and $ (\z, (?m)$) becomes (?:(?m:$)|\r), which also
// holds before a "\r\n" terminator. ok is false when re can match an empty
// text (every line would be picked), or when something could follow a $
// (the \r it may take would be in the way).
func blockExpr(re *syntax.Regexp) (string, bool) {
	if minLen(re) == 0 || !endsLast(re, true) {
		return "", false
	}
	return rewriteEnds(re).String(), true
}

// minLen returns the fewest characters that a match of re holds (a large
// number when it never matches).
func minLen(re *syntax.Regexp) int {
	const never = 1 << 30
	switch re.Op {
	case syntax.OpNoMatch:
		return never
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return never
		}
		return 1
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1
	case syntax.OpCapture, syntax.OpPlus:
		return minLen(re.Sub[0])
	case syntax.OpRepeat:
		return min(never, re.Min*minLen(re.Sub[0]))
	case syntax.OpConcat:
		n := 0
		for _, s := range re.Sub {
			n = min(never, n+minLen(s))
		}
		return n
	case syntax.OpAlternate:
		n := never
		for _, s := range re.Sub {
			n = min(n, minLen(s))
		}
		return n
	}
	return 0 // empty-width assertions, x*, x?
}

// endsLast reports whether every $ in re is the last thing in its match;
// last says whether re itself is.
func endsLast(re *syntax.Regexp, last bool) bool {
	switch re.Op {
	case syntax.OpEndText, syntax.OpEndLine:
		return last
	case syntax.OpConcat:
		for i, s := range re.Sub {
			if !endsLast(s, last && i == len(re.Sub)-1) {
				return false
			}
		}
	case syntax.OpCapture, syntax.OpAlternate, syntax.OpQuest:
		for _, s := range re.Sub {
			if !endsLast(s, last) {
				return false
			}
		}
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		return endsLast(re.Sub[0], last && re.Op == syntax.OpRepeat && re.Max == 1)
	}
	return true
}

// rewriteEnds returns a copy of re with ^ and $ rewritten (see blockExpr).
func rewriteEnds(re *syntax.Regexp) *syntax.Regexp {
	switch re.Op {
	case syntax.OpBeginText:
		return &syntax.Regexp{Op: syntax.OpBeginLine, Flags: re.Flags}
	case syntax.OpEndText, syntax.OpEndLine:
		return &syntax.Regexp{Op: syntax.OpAlternate, Sub: []*syntax.Regexp{
			{Op: syntax.OpEndLine},
			{Op: syntax.OpLiteral, Rune: []rune{'\r'}},
		}}
	}
	c := *re
	c.Sub = make([]*syntax.Regexp, len(re.Sub))
	for i, s := range re.Sub {
		c.Sub[i] = rewriteEnds(s)
	}
	return &c
}

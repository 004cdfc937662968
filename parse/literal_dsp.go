package parse

import (
	"bytes"
	"cmp"
	"regexp/syntax"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/jmlog/jmlog/codes"
)

// dsp is an expression that RegexFinder runs itself, without RE2: an
// optional lead, a body that starts with a literal and goes on with byte
// classes, each repeated greedily, and an optional trail. No repetition in
// the body may give back a byte to what follows it, so matching never
// backtracks into the body. The lead is ^, \b, \B, one character of a
// class, or (?:^|C) or (?:C|^); the trail is $, \b, \B, one character, or
// (?:C|$). For example code=(\d+), 871\d{3}, err(\d{6}),
// \b871\d{3}\b or (?:^|\W)(871\d{3})(?:\W|$). Its matches are exactly those
// of RE2's leftmost-first search (FuzzRegexFinder compares them).
type dsp struct {
	lead, trail edge
	items       []dspItem  // the body
	nlit        int        // items[:nlit] are the literal: one byte (or one letter, either case) once each
	lit         *litSearch // finds the literal; nil when the lead is ^ and there is no literal
	// The code is the text between two places, each given as: -1 the start
	// of the match, k in [0, len(items)] the start of items[k] (or the end
	// of the body), len(items)+1 the end of the match.
	g0, g1 int
	crlf   bool // an item may take '\r' or '\n': see find
	// fixed is the length of every match where it follows from the
	// literal's place alone (see fixedWidth), else 0; f0 and f1 are then
	// the code's start and end in a match.
	fixed, f0, f1 int
}

type dspItem struct {
	set      byteSet // only ASCII bytes, or one byte of a literal character
	min, max int     // max < 0: no limit
}

// edge is a dsp's lead or trail.
type edge struct {
	kind  edgeKind
	class runeClass
}

type edgeKind uint8

const (
	edgeNone       edgeKind = iota
	edgeText                // ^ as lead, $ as trail
	edgeWord                // \b
	edgeNotWord             // \B
	edgeRune                // one character of class
	edgeRuneOrText          // (?:C|^) as lead, (?:C|$) as trail: the character first
	edgeTextOrRune          // (?:^|C), (?:$|C)
)

func (k edgeKind) consumes() bool { return k >= edgeRune }

// runeClass is a class of characters.
type runeClass struct {
	ascii  byteSet
	ranges []rune // the ranges from U+0080, as pairs lo, hi
}

func newRuneClass(ranges []rune) runeClass {
	var c runeClass
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if lo < utf8.RuneSelf {
			c.ascii.addRange(int(lo), int(min(hi, utf8.RuneSelf-1)))
		}
		if hi >= utf8.RuneSelf {
			c.ranges = append(c.ranges, max(lo, utf8.RuneSelf), hi)
		}
	}
	return c
}

func (c *runeClass) has(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && c.ascii.has(byte(r))
	}
	for i := 0; i < len(c.ranges); i += 2 {
		if r <= c.ranges[i+1] {
			return r >= c.ranges[i]
		}
	}
	return false
}

// firstBytes returns the bytes that a character of c may start with.
func (c *runeClass) firstBytes() byteSet {
	s := c.ascii
	if len(c.ranges) > 0 {
		s.addRange(0x80, 0xff)
	}
	return s
}

// unit is one step of an expression as newDSP reads it.
type unit struct {
	kind  unitKind
	item  dspItem   // unitByte
	class runeClass // unitRune, unitAlt
	op    syntax.Op // unitAssert, unitAlt: the assertion
	first bool      // unitAlt: the assertion is the first alternative
}

type unitKind uint8

const (
	unitByte   unitKind = iota
	unitRune            // one character of a class with non-ASCII characters
	unitAssert          // ^, $, \b or \B
	unitAlt             // an assertion or one character
)

// units reads the steps of an expression; g0, g1 are where group 1 starts
// and ends, in units.
type units struct {
	u      []unit
	g0, g1 int
}

// newDSP returns the dsp of re, a parsed (not simplified) expression with
// ncap groups, or nil when re is not one.
func newDSP(re *syntax.Regexp, ncap int) *dsp {
	us := &units{g0: -1, g1: -1}
	if !us.add(re) || len(us.u) == 0 {
		return nil
	}
	if ncap == 0 {
		us.g0, us.g1 = 0, len(us.u)
	}
	if us.g0 < 0 {
		return nil
	}
	d := &dsp{}
	i0, iN := 0, len(us.u)
	if d.lead = leadEdge(us.u); d.lead.kind != edgeNone {
		i0 = 1
	}
	if iN > i0 {
		if d.trail = trailEdge(us.u[iN-1]); d.trail.kind != edgeNone {
			iN--
		}
	}
	for _, u := range us.u[i0:iN] {
		if u.kind != unitByte {
			return nil
		}
		d.items = append(d.items, u.item)
	}
	// Where the group starts and ends, in the body.
	place := func(k int) (int, bool) {
		switch {
		case k < i0:
			return -1, !d.lead.kind.consumes()
		case k > iN:
			return len(d.items) + 1, !d.trail.kind.consumes()
		}
		return k - i0, true
	}
	var ok0, ok1 bool
	d.g0, ok0 = place(us.g0)
	d.g1, ok1 = place(us.g1)
	if ncap > 0 && !(ok0 && ok1) || !d.deterministic() {
		return nil
	}
	if ncap > 0 {
		d.g0, d.g1 = max(d.g0, 0), min(d.g1, len(d.items))
	}
	if !d.literal() {
		return nil
	}
	for _, it := range d.items {
		d.crlf = d.crlf || it.set.has('\r') || it.set.has('\n')
	}
	return d
}

// leadEdge returns the lead of an expression made of us, if it has one.
func leadEdge(us []unit) edge {
	u := us[0]
	switch u.kind {
	case unitAssert:
		switch u.op {
		case syntax.OpBeginText, syntax.OpBeginLine: // within a line, (?m)^ is ^
			return edge{kind: edgeText}
		case syntax.OpWordBoundary:
			return edge{kind: edgeWord}
		case syntax.OpNoWordBoundary:
			return edge{kind: edgeNotWord}
		}
	case unitRune:
		return edge{kind: edgeRune, class: u.class}
	case unitAlt:
		if u.op == syntax.OpBeginText || u.op == syntax.OpBeginLine {
			if u.first {
				return edge{kind: edgeTextOrRune, class: u.class}
			}
			return edge{kind: edgeRuneOrText, class: u.class}
		}
	case unitByte:
		// One character of an ASCII class before the literal.
		e := elem{set: u.item.set}
		if len(us) > 1 && u.item.min == 1 && u.item.max == 1 && !e.lit() {
			return edge{kind: edgeRune, class: runeClass{ascii: u.item.set}}
		}
	}
	return edge{}
}

// trailEdge returns the trail of an expression whose last unit is u, if u
// is one.
func trailEdge(u unit) edge {
	switch u.kind {
	case unitAssert:
		switch u.op {
		case syntax.OpEndText, syntax.OpEndLine:
			return edge{kind: edgeText}
		case syntax.OpWordBoundary:
			return edge{kind: edgeWord}
		case syntax.OpNoWordBoundary:
			return edge{kind: edgeNotWord}
		}
	case unitRune:
		return edge{kind: edgeRune, class: u.class}
	case unitAlt:
		if u.op == syntax.OpEndText || u.op == syntax.OpEndLine {
			return edge{kind: edgeRuneOrText, class: u.class}
		}
	}
	return edge{}
}

// literal finds the body's literal, and makes its search.
func (d *dsp) literal() bool {
	for d.nlit < len(d.items) && d.items[d.nlit].min == 1 && d.items[d.nlit].max == 1 {
		e := elem{set: d.items[d.nlit].set}
		if !e.lit() {
			break
		}
		d.nlit++
	}
	if d.nlit == 0 {
		return d.lead.kind == edgeText // it can only start a line
	}
	lit, mask := make([]byte, d.nlit), make([]byte, d.nlit)
	for k, it := range d.items[:d.nlit] {
		e := elem{set: it.set}
		if c, ok := e.fold(); ok {
			lit[k], mask[k] = c, 0x20
		} else {
			lit[k] = it.set.first()
		}
	}
	d.lit = newLitSearch(lit, mask)
	d.lit.withRanges(d.ranges())
	d.fixedWidth()
	return true
}

// fixedWidth sets fixed, f0 and f1 when the literal's place alone
// decides a match: no lead or trail, and after the literal items that
// each take a fixed number of bytes of one range, every one of those
// bytes tested by the search's ranges (withRanges), so that a place where
// inRanges holds is a match, and its length is fixed. find then tests
// those few bytes instead of running matchAt, which cost about 160
// instructions a match for 871\d{3} (callgrind).
func (d *dsp) fixedWidth() {
	if d.lead.kind != edgeNone || d.trail.kind != edgeNone {
		return
	}
	covered := func(off int, lo, hi byte) bool {
		for _, r := range d.lit.rs {
			if r.off == off && r.lo == lo && r.hi == hi {
				return true
			}
		}
		return false
	}
	place := make([]int, len(d.items)+2) // where items[k] starts; then the end
	for k := range d.nlit {
		place[k] = k
	}
	off := d.nlit
	for k := d.nlit; k < len(d.items); k++ {
		it := &d.items[k]
		place[k] = off
		lo, hi := it.set.first(), it.set.last()
		if it.min < 1 || it.min != it.max || it.set.count() != int(hi-lo)+1 {
			return
		}
		for j := range it.min {
			if !covered(off+j, lo, hi) {
				return
			}
		}
		off += it.min
	}
	place[len(d.items)], place[len(d.items)+1] = off, off
	at := func(g int) int {
		if g < 0 {
			return 0
		}
		return place[g]
	}
	d.fixed, d.f0, d.f1 = off, at(d.g0), at(d.g1)
}

// ranges returns up to three places after the literal that every match
// holds a byte of some range at (the first bytes of the items that must
// take one, up to the first that may take a varying number), the narrowest
// ranges first, the nearest when as narrow. A range of more than 127 bytes
// leaves out too few places to pay.
func (d *dsp) ranges() []byteRange {
	var rs []byteRange
	off := d.nlit
	for _, it := range d.items[d.nlit:] {
		if it.min > 0 {
			lo, hi := it.set.first(), it.set.last()
			for j := range min(it.min, 3) {
				if hi-lo < 128 {
					rs = append(rs, byteRange{off: off + j, lo: lo, hi: hi})
				}
			}
		}
		if it.min != it.max || len(rs) >= 3 {
			break
		}
		off += it.min
	}
	slices.SortStableFunc(rs, func(a, b byteRange) int { return cmp.Compare(a.hi-a.lo, b.hi-b.lo) })
	return rs[:min(len(rs), 3)]
}

// add appends the units of re; false when re is not made of them.
func (us *units) add(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return true
	case syntax.OpBeginText, syntax.OpBeginLine, syntax.OpEndText, syntax.OpEndLine,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		us.u = append(us.u, unit{kind: unitAssert, op: re.Op})
		return true
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !us.add(s) {
				return false
			}
		}
		return true
	case syntax.OpCapture:
		if re.Cap != 1 {
			return us.add(re.Sub[0])
		}
		us.g0 = len(us.u)
		ok := us.add(re.Sub[0])
		us.g1 = len(us.u)
		return ok
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if !us.addRune(r, re.Flags&syntax.FoldCase != 0) {
				return false
			}
		}
		return true
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		u, ok := charUnit(re)
		us.u = append(us.u, u)
		return ok
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		return us.addRepeat(re)
	case syntax.OpAlternate:
		return us.addAlt(re)
	}
	return false
}

// charUnit is one character: a literal, a class or any character.
func charUnit(re *syntax.Regexp) (unit, bool) {
	var ranges []rune
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) != 1 {
			return unit{}, false
		}
		r := re.Rune[0]
		ranges = []rune{r, r}
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				ranges = append(ranges, f, f)
			}
			ranges = sortRanges(ranges)
		}
	case syntax.OpCharClass:
		ranges = re.Rune
	case syntax.OpAnyCharNotNL:
		ranges = []rune{0, '\n' - 1, '\n' + 1, unicode.MaxRune}
	case syntax.OpAnyChar:
		ranges = []rune{0, unicode.MaxRune}
	default:
		return unit{}, false
	}
	c := newRuneClass(ranges)
	if len(c.ranges) == 0 {
		return unit{kind: unitByte, item: dspItem{set: c.ascii, min: 1, max: 1}}, len(ranges) > 0
	}
	return unit{kind: unitRune, class: c}, true
}

// sortRanges sorts single-character ranges.
func sortRanges(r []rune) []rune {
	for i := 2; i < len(r); i += 2 {
		for j := i; j > 0 && r[j] < r[j-2]; j -= 2 {
			r[j], r[j+1], r[j-2], r[j-1] = r[j-2], r[j-1], r[j], r[j+1]
		}
	}
	return r
}

// addRune appends a literal character.
func (us *units) addRune(r rune, fold bool) bool {
	if r < utf8.RuneSelf {
		set, ok := asciiRune(r, fold)
		us.u = append(us.u, unit{kind: unitByte, item: dspItem{set: set, min: 1, max: 1}})
		if !ok { // (?i)k and (?i)s: one character, of 1 to 3 bytes
			u, _ := charUnit(&syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{r}, Flags: syntax.FoldCase})
			us.u[len(us.u)-1] = u
		}
		return true
	}
	if fold && unicode.SimpleFold(r) != r || r == utf8.RuneError || !utf8.ValidRune(r) {
		u, _ := charUnit(&syntax.Regexp{Op: syntax.OpLiteral, Rune: []rune{r}, Flags: syntax.FoldCase * flagIf(fold)})
		us.u = append(us.u, u)
		return true
	}
	var buf [utf8.UTFMax]byte
	for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
		var set byteSet
		set.add(c)
		us.u = append(us.u, unit{kind: unitByte, item: dspItem{set: set, min: 1, max: 1}})
	}
	return true
}

func flagIf(b bool) syntax.Flags {
	if b {
		return 1
	}
	return 0
}

// addRepeat appends a greedy repetition of one ASCII character or class.
func (us *units) addRepeat(re *syntax.Regexp) bool {
	if re.Flags&syntax.NonGreedy != 0 {
		return false
	}
	lo, hi := re.Min, re.Max
	switch re.Op {
	case syntax.OpStar:
		lo, hi = 0, -1
	case syntax.OpPlus:
		lo, hi = 1, -1
	case syntax.OpQuest:
		lo, hi = 0, 1
	}
	u, ok := charUnit(re.Sub[0])
	if !ok || u.kind != unitByte || hi >= 0 && hi < lo {
		return false
	}
	u.item.min, u.item.max = lo, hi
	us.u = append(us.u, u)
	return true
}

// addAlt appends (?:A|B), where one of A and B is ^ or $ and the other one
// character.
func (us *units) addAlt(re *syntax.Regexp) bool {
	if len(re.Sub) != 2 {
		return false
	}
	for i, a := range re.Sub {
		switch a.Op {
		case syntax.OpBeginText, syntax.OpBeginLine, syntax.OpEndText, syntax.OpEndLine:
			u, ok := charUnit(re.Sub[1-i])
			if !ok {
				return false
			}
			if u.kind == unitByte {
				u.class = runeClass{ascii: u.item.set}
			}
			us.u = append(us.u, unit{kind: unitAlt, class: u.class, op: a.Op, first: i == 0})
			return true
		}
	}
	return false
}

// asciiRune is the set of an ASCII character, both cases when fold is set;
// false when a case of it is not ASCII (k and s fold to K and ſ).
func asciiRune(r rune, fold bool) (set byteSet, ok bool) {
	set.add(byte(r))
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f >= utf8.RuneSelf {
				return set, false
			}
			set.add(byte(f))
		}
	}
	return set, true
}

// deterministic reports whether greedy matching, item after item, finds
// what a backtracking leftmost-first search finds: no item that may take a
// varying number of bytes shares a byte with what may follow it (the items
// up to the next that must take one, and the trail's first character). A
// trailing \b needs the last item to take at least one byte of one kind
// (word or not), so that a shorter run never ends at a boundary; \B needs
// a fixed last item.
func (d *dsp) deterministic() bool {
	for k, it := range d.items {
		if it.min == it.max {
			continue
		}
		var follow byteSet
		end := true
		for _, next := range d.items[k+1:] {
			follow.or(&next.set)
			if next.min > 0 {
				end = false
				break
			}
		}
		if end && d.trail.kind.consumes() {
			f := d.trail.class.firstBytes()
			follow.or(&f)
		}
		for w := range follow {
			if follow[w]&it.set[w] != 0 {
				return false
			}
		}
	}
	if d.trail.kind == edgeWord || d.trail.kind == edgeNotWord {
		n := len(d.items)
		if n == 0 {
			return false
		}
		last := d.items[n-1]
		words := 0
		for c := 0; c < 256; c++ {
			if last.set.has(byte(c)) && word[c] {
				words++
			}
		}
		if last.min == 0 || last.min != last.max && (d.trail.kind == edgeNotWord || words != 0 && words != last.set.count()) {
			return false
		}
	}
	return true
}

// The matching below works on a line's text, or on a block of whole lines
// when the body takes no '\r' and no '\n' (dsp.crlf is false): there, a
// line starts at the start of the block or after a "\n", and its text ends
// at the end of the block or before "\n" or "\r\n" (see lineEnd); in a
// line's text alone these are its start and its end. A newline and a CR
// before it are not word characters, as the ends of a text are not, so \b
// holds at the same places.

// textStart reports whether a line's text starts at hay[x].
func textStart(hay []byte, x int) bool { return x == 0 || hay[x-1] == '\n' }

// boundary reports whether \b holds at x in hay.
func boundary(hay []byte, x int) bool {
	return (x > 0 && word[hay[x-1]]) != (x < len(hay) && word[hay[x]])
}

// body matches the body at hay[p:], whose literal is there, and the
// trail. It returns the end of the match and the places of the code.
func (d *dsp) body(hay []byte, p int) (end, g0, g1 int, ok bool) {
	g0, g1 = p+d.g0, p+d.g1 // right when the group starts (ends) in the literal
	pos := p + d.nlit
	for k := d.nlit; k < len(d.items); k++ {
		it := &d.items[k]
		n := 0
		for (it.max < 0 || n < it.max) && pos < len(hay) && it.set.has(hay[pos]) {
			pos++
			n++
		}
		if n < it.min {
			return 0, 0, 0, false
		}
		if k+1 == d.g0 {
			g0 = pos
		}
		if k+1 == d.g1 {
			g1 = pos
		}
	}
	end = pos
	switch d.trail.kind {
	case edgeText:
		ok = lineEnd(hay, pos)
	case edgeWord:
		ok = boundary(hay, pos)
	case edgeNotWord:
		ok = !boundary(hay, pos)
	case edgeRune, edgeRuneOrText:
		if lineEnd(hay, pos) {
			ok = d.trail.kind == edgeRuneOrText
			break
		}
		r, w := utf8.DecodeRune(hay[pos:])
		if ok = d.trail.class.has(r); ok {
			end += w
		}
	default:
		ok = true
	}
	if d.g1 == len(d.items)+1 {
		g1 = end
	}
	return end, g0, g1, ok
}

// matchAt matches the expression with its body at hay[p:], where the
// literal is, and its start at or after from, the end of the previous
// match (in hay, from is at or before the start of p's line). It returns
// the match and the places of the code.
func (d *dsp) matchAt(hay []byte, from, p int) (s, e, g0, g1 int, ok bool) {
	s = p
	switch d.lead.kind {
	case edgeText:
		ok = textStart(hay, p)
	case edgeWord:
		ok = boundary(hay, p)
	case edgeNotWord:
		ok = !boundary(hay, p)
	case edgeRune, edgeTextOrRune, edgeRuneOrText:
		if textStart(hay, p) {
			if d.lead.kind == edgeRuneOrText && !lineEnd(hay, p) {
				// The character comes first: a match with the literal after
				// the line's first character has priority.
				if r, w := utf8.DecodeRune(hay[p:]); d.lead.class.has(r) && d.lit.at(hay, p+w) {
					if e, g0, g1, ok := d.body(hay, p+w); ok {
						return p, e, g0, g1, true
					}
				}
			}
			ok = d.lead.kind != edgeRune
			break
		}
		r, w := utf8.DecodeLastRune(hay[from:p])
		s, ok = p-w, w > 0 && d.lead.class.has(r)
	default:
		ok = true
	}
	if !ok {
		return 0, 0, 0, 0, false
	}
	e, g0, g1, ok = d.body(hay, p)
	if d.g0 == -1 {
		g0 = s
	}
	return s, e, g0, g1, ok
}

// find appends the codes of the matches in hay, as RegexFinder.Find does
// for one expression: hay is a line's text, or a block of lines when
// d.crlf is false, and then the places are in the block. With quick set,
// it first tests whether the literal is absent, which pays when it often
// is (one expression of several).
func (d *dsp) find(hay []byte, dst []Hit, quick bool) []Hit {
	if d.lit == nil { // ^ then no literal: one match at most, at a line's start
		for ls := 0; ls < len(hay); {
			if _, e, g0, g1, ok := d.matchAt(hay, ls, ls); ok && e > ls {
				dst = appendCode(hay, g0, g1, dst)
			}
			k := bytes.IndexByte(hay[ls:], '\n')
			if k < 0 {
				break
			}
			ls += k + 1
		}
		return dst
	}
	if quick && d.lit.absent(hay) {
		return dst
	}
	var c cursor
	d.lit.start(&c, 0)
	from := 0 // the end of the last match
	for at := 0; ; {
		p := d.lit.next(hay, at, &c)
		if p < 0 {
			return dst
		}
		var e, g0, g1 int
		ok := false
		if d.fixed > 0 {
			if ok = d.lit.inRanges(hay, p); ok {
				e, g0, g1 = p+d.fixed, p+d.f0, p+d.f1
			}
		} else {
			_, e, g0, g1, ok = d.matchAt(hay, from, p)
		}
		if !ok {
			d.lit.miss(&c, p)
			at = p + 1
			continue
		}
		dst = appendCode(hay, g0, g1, dst)
		from, at = e, e
	}
}

func appendCode(line []byte, s, e int, dst []Hit) []Hit {
	if s <= e {
		if code, ok := codes.ParseCode(line[s:e]); ok {
			dst = append(dst, Hit{Start: s, End: e, Code: code})
		}
	}
	return dst
}

// findLines appends the codes that find reports in each line of block, a
// run of whole lines, at their places in block. A line's text excludes its
// "\n" or "\r\n"; the expression runs on each line's text alone.
func (d *dsp) findLines(block []byte, dst []Hit) []Hit {
	if !d.crlf {
		return d.find(block, dst, false)
	}
	if d.lit == nil {
		for ls := 0; ls < len(block); {
			te, le := lineText(block, ls, ls)
			n := len(dst)
			dst = shift(d.find(block[ls:te], dst, false), n, ls)
			ls = le + 1
		}
		return dst
	}
	var c cursor
	d.lit.start(&c, 0)
	ls, te, le := 0, 0, -1 // the line of the last place: its start, text end, "\n"
	from := 0              // the end of the last match, in the line
	for at := 0; ; {
		p := d.lit.next(block, at, &c)
		if p < 0 {
			return dst
		}
		if p > le {
			ls = lineStart(block, le+1, p)
			te, le = lineText(block, ls, p)
			from = 0
		}
		if p+d.nlit > te { // the literal runs into the terminator
			at = p + 1
			continue
		}
		line := block[ls:te]
		_, e, g0, g1, ok := d.matchAt(line, from, p-ls)
		if !ok {
			d.lit.miss(&c, p)
			at = p + 1
			continue
		}
		n := len(dst)
		dst = shift(appendCode(line, g0, g1, dst), n, ls)
		from, at = e, ls+e
	}
}

// lineText returns the end of the text of the line of block that starts at
// ls and holds p, and the index of its "\n" (or the end of block).
func lineText(block []byte, ls, p int) (te, le int) {
	le = len(block)
	if k := bytes.IndexByte(block[p:], '\n'); k >= 0 {
		le = p + k
	}
	te = le
	if le < len(block) && te > ls && block[te-1] == '\r' {
		te--
	}
	return te, le
}

// shift adds off to the places of dst[from:].
func shift(dst []Hit, from, off int) []Hit {
	for i := from; i < len(dst); i++ {
		dst[i].Start += off
		dst[i].End += off
	}
	return dst
}

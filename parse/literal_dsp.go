package parse

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"

	"github.com/jmlog/jmlog/codes"
)

// dsp is an expression that RegexFinder runs itself, without RE2: a
// literal, then a run of byte classes each repeated greedily, where no
// repetition could give back a byte to what follows it, so that matching
// never backtracks. For example code=(\d+), 871\d{3} or err(\d{6}). Its
// matches are exactly those of RE2's leftmost-first search (FuzzRegexFinder
// compares them).
type dsp struct {
	items    []dspItem
	nlit     int        // items[:nlit] are the literal, each one byte (or one letter, either case) once
	lit      *litSearch // finds the literal; nil when bol is set and there is no literal
	bol, eol bool       // the expression starts with ^ (\A), ends with $ (\z)
	g0, g1   int        // the code is the text of items[g0:g1]
}

type dspItem struct {
	set      byteSet // only ASCII bytes, or one byte of a literal character
	min, max int     // max < 0: no limit
}

// newDSP returns the dsp of re, a parsed (not simplified) expression with
// ncap groups, or nil when re is not one.
func newDSP(re *syntax.Regexp, ncap int) *dsp {
	d := &dsp{g0: -1, g1: -1}
	if !d.add(re) {
		return nil
	}
	if ncap == 0 {
		d.g0, d.g1 = 0, len(d.items)
	}
	if d.g0 < 0 || d.g1 < 0 || !d.deterministic() {
		return nil
	}
	for d.nlit < len(d.items) && d.items[d.nlit].min == 1 && d.items[d.nlit].max == 1 {
		e := elem{set: d.items[d.nlit].set}
		if !e.lit() {
			break
		}
		d.nlit++
	}
	if d.nlit > 0 {
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
	} else if !d.bol {
		return nil
	}
	return d
}

// add appends the items of re; false when re is not made of them.
func (d *dsp) add(re *syntax.Regexp) bool {
	if d.eol {
		return re.Op == syntax.OpEmptyMatch
	}
	switch re.Op {
	case syntax.OpEmptyMatch:
		return true
	case syntax.OpBeginText, syntax.OpBeginLine:
		// Within a line, (?m)^ is ^.
		if len(d.items) > 0 {
			return false
		}
		d.bol = true
		return true
	case syntax.OpEndText, syntax.OpEndLine:
		d.eol = true
		return true
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !d.add(s) {
				return false
			}
		}
		return true
	case syntax.OpCapture:
		if re.Cap != 1 {
			return d.add(re.Sub[0])
		}
		d.g0 = len(d.items)
		ok := d.add(re.Sub[0])
		d.g1 = len(d.items)
		return ok
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if !d.addRune(r, re.Flags&syntax.FoldCase != 0) {
				return false
			}
		}
		return true
	case syntax.OpCharClass:
		set, ok := asciiClass(re)
		d.items = append(d.items, dspItem{set: set, min: 1, max: 1})
		return ok
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		return d.addRepeat(re)
	}
	return false
}

// addRune appends a literal character.
func (d *dsp) addRune(r rune, fold bool) bool {
	if r < utf8.RuneSelf {
		set, ok := asciiRune(r, fold)
		d.items = append(d.items, dspItem{set: set, min: 1, max: 1})
		return ok
	}
	if fold && unicode.SimpleFold(r) != r || r == utf8.RuneError || !utf8.ValidRune(r) {
		return false
	}
	var buf [utf8.UTFMax]byte
	for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
		var set byteSet
		set.add(c)
		d.items = append(d.items, dspItem{set: set, min: 1, max: 1})
	}
	return true
}

// addRepeat appends a greedy repetition of one ASCII character or class.
func (d *dsp) addRepeat(re *syntax.Regexp) bool {
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
	sub := re.Sub[0]
	var set byteSet
	ok := false
	switch {
	case sub.Op == syntax.OpCharClass:
		set, ok = asciiClass(sub)
	case sub.Op == syntax.OpLiteral && len(sub.Rune) == 1 && sub.Rune[0] < utf8.RuneSelf:
		set, ok = asciiRune(sub.Rune[0], sub.Flags&syntax.FoldCase != 0)
	}
	d.items = append(d.items, dspItem{set: set, min: lo, max: hi})
	return ok && (hi < 0 || hi >= lo)
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

// asciiClass is the set of a class of ASCII characters only.
func asciiClass(re *syntax.Regexp) (set byteSet, ok bool) {
	for i := 0; i+1 < len(re.Rune); i += 2 {
		if re.Rune[i+1] >= utf8.RuneSelf {
			return set, false
		}
		set.addRange(int(re.Rune[i]), int(re.Rune[i+1]))
	}
	return set, len(re.Rune) > 0
}

// deterministic reports whether greedy matching, item after item, finds
// what a backtracking leftmost-first search finds: the expression cannot
// match an empty text, and no item that may take a varying number of bytes
// shares a byte with what may follow it (the items up to the next that
// must take one).
func (d *dsp) deterministic() bool {
	total := 0
	for k, it := range d.items {
		total += it.min
		if it.min == it.max {
			continue
		}
		var follow byteSet
		for _, next := range d.items[k+1:] {
			follow.or(&next.set)
			if next.min > 0 {
				break
			}
		}
		for w := range follow {
			if follow[w]&it.set[w] != 0 {
				return false
			}
		}
	}
	return total > 0
}

// matchAt matches the items at line[s:], whose literal is there. It
// returns the end of the match and the span of the code.
func (d *dsp) matchAt(line []byte, s int) (end, g0, g1 int, ok bool) {
	g0, g1 = s+d.g0, s+d.g1 // right when the group starts (ends) in the literal
	pos := s + d.nlit
	for k := d.nlit; k < len(d.items); k++ {
		it := &d.items[k]
		n := 0
		for (it.max < 0 || n < it.max) && pos < len(line) && it.set.has(line[pos]) {
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
	if d.eol && pos != len(line) {
		return 0, 0, 0, false
	}
	return pos, g0, g1, true
}

// find appends the codes of the matches in line, as RegexFinder.Find does
// for one expression.
func (d *dsp) find(line []byte, dst []Hit) []Hit {
	if d.lit == nil {
		if e, g0, g1, ok := d.matchAt(line, 0); ok && e > 0 {
			dst = appendCode(line, g0, g1, dst)
		}
		return dst
	}
	c := d.lit.cursor(0)
	for from := 0; ; {
		s := d.lit.next(line, from, &c)
		if s < 0 || d.bol && s > 0 {
			return dst
		}
		e, g0, g1, ok := d.matchAt(line, s)
		if !ok {
			from = s + 1
			continue
		}
		dst = appendCode(line, g0, g1, dst)
		from = e
	}
}

func appendCode(line []byte, s, e int, dst []Hit) []Hit {
	if code, ok := codes.ParseCode(line[s:e]); ok {
		dst = append(dst, Hit{Start: s, End: e, Code: code})
	}
	return dst
}

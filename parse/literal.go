package parse

import (
	"math"
	"math/bits"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file derives, from a regular expression's parse tree, byte patterns
// that every match of the expression within one line must contain: the
// needles that the regex prefilter searches for (see RegexFinder.Prefilter).
// The model is ripgrep's inner-literal extraction, with byte sets instead of
// literal strings at each position, so that a class such as \d or a
// case-folded letter costs one position instead of multiplying the strings.

// byteSet is a set of bytes.
type byteSet [4]uint64

func (s *byteSet) add(c byte)      { s[c>>6] |= 1 << (c & 63) }
func (s *byteSet) del(c byte)      { s[c>>6] &^= 1 << (c & 63) }
func (s *byteSet) has(c byte) bool { return s[c>>6]&(1<<(c&63)) != 0 }
func (s *byteSet) or(t *byteSet)   { s[0], s[1], s[2], s[3] = s[0]|t[0], s[1]|t[1], s[2]|t[2], s[3]|t[3] }
func (s *byteSet) addRange(lo, hi int) {
	for c := lo; c <= hi; c++ {
		s.add(byte(c))
	}
}

func (s *byteSet) count() int {
	return bits.OnesCount64(s[0]) + bits.OnesCount64(s[1]) + bits.OnesCount64(s[2]) + bits.OnesCount64(s[3])
}

// first returns the smallest byte of a non-empty set.
func (s *byteSet) first() byte {
	for i, w := range s {
		if w != 0 {
			return byte(i*64 + bits.TrailingZeros64(w))
		}
	}
	return 0
}

// last returns the largest byte of a non-empty set.
func (s *byteSet) last() byte {
	for i := len(s) - 1; i >= 0; i-- {
		if w := s[i]; w != 0 {
			return byte(i*64 + 63 - bits.LeadingZeros64(w))
		}
	}
	return 0
}

// elem is one position of a needle: the bytes that a match may hold there.
//
// A wide elem stands for one character of a class that also holds
// non-ASCII characters, which takes 1 to 4 bytes: only its byte next to the
// needle's literal is known, and its set holds the class's ASCII bytes and
// every byte from 0x80 (the first and the last byte of a multi-byte
// character, and an invalid byte, which matches as U+FFFD, are all there).
type elem struct {
	set  byteSet
	wide bool
}

// fold reports whether e is an ASCII letter in either case, and which.
func (e *elem) fold() (lower byte, ok bool) {
	if e.wide || e.set.count() != 2 {
		return 0, false
	}
	c := e.set.first() | 0x20
	if c < 'a' || c > 'z' || !e.set.has(c) || !e.set.has(c&^0x20) {
		return 0, false
	}
	return c, true
}

// lit reports whether e can be part of a searched literal: one byte, or an
// ASCII letter in either case.
func (e *elem) lit() bool {
	if e.wide {
		return false
	}
	if e.set.count() == 1 {
		return true
	}
	_, ok := e.fold()
	return ok
}

// seq is a run of positions that a match holds, byte after byte (up to its
// first wide elem from either end). bol says that the run starts a line,
// eol that it ends one.
type seq struct {
	e        []elem
	bol, eol bool
}

// Limits on the needles kept for an expression.
const (
	maxSeqs  = 64 // sequences in a set
	maxElems = 24 // positions in a sequence
)

// info is what analyze knows about a node. Every set may be nil, for
// unknown; a known set is never empty.
type info struct {
	never bool  // the node cannot match within a line
	exact bool  // lang is the node's whole language
	lang  []seq // exact only
	pre   []seq // every match starts with an instance of one of these
	suf   []seq // every match ends with one
	req   []seq // every match contains one
}

func exactInfo(l []seq) info { return info{exact: true, lang: l, pre: l, suf: l, req: l} }

var (
	emptyInfo   = exactInfo([]seq{{}})
	unknownInfo = info{}
	neverInfo   = info{never: true}
)

// newline never appears in a line's text.
func one(set byteSet, wide bool) info {
	set.del('\n')
	if set == (byteSet{}) {
		return neverInfo
	}
	return exactInfo([]seq{{e: []elem{{set: set, wide: wide}}}})
}

// analyze returns what every match of re within one line holds.
// re must be simplified (no OpRepeat is needed, but it is handled).
func analyze(re *syntax.Regexp) info {
	switch re.Op {
	case syntax.OpNoMatch:
		return neverInfo
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return emptyInfo
	case syntax.OpBeginLine, syntax.OpBeginText:
		return exactInfo([]seq{{bol: true}})
	case syntax.OpEndLine, syntax.OpEndText:
		return exactInfo([]seq{{eol: true}})
	case syntax.OpLiteral:
		out := emptyInfo
		for _, r := range re.Rune {
			out = concatInfo(out, runeInfo(r, re.Flags&syntax.FoldCase != 0))
		}
		return out
	case syntax.OpCharClass:
		return classInfo(re.Rune)
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		var all byteSet
		all.addRange(0, 255)
		return one(all, true)
	case syntax.OpCapture:
		return analyze(re.Sub[0])
	case syntax.OpConcat:
		out := emptyInfo
		for _, s := range re.Sub {
			out = concatInfo(out, analyze(s))
		}
		return out
	case syntax.OpAlternate:
		return altInfo(re.Sub)
	case syntax.OpQuest:
		return repeatInfo(analyze(re.Sub[0]), 0, 1)
	case syntax.OpStar:
		return repeatInfo(analyze(re.Sub[0]), 0, -1)
	case syntax.OpPlus:
		return repeatInfo(analyze(re.Sub[0]), 1, -1)
	case syntax.OpRepeat:
		return repeatInfo(analyze(re.Sub[0]), re.Min, re.Max)
	}
	return unknownInfo
}

// runeInfo is one literal character, case-folded when fold is set.
func runeInfo(r rune, fold bool) info {
	forms := []rune{r}
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			forms = append(forms, f)
		}
	}
	return formsInfo(forms)
}

// formsInfo is one character that may be any of forms. When all forms have
// the same length, each byte position gets the union of the forms' bytes;
// otherwise the character is a wide elem.
func formsInfo(forms []rune) info {
	n := -1
	for _, r := range forms {
		w := utf8.RuneLen(r)
		if r == utf8.RuneError || w < 0 || (n >= 0 && w != n) {
			n = 0 // U+FFFD also matches any invalid byte
			break
		}
		n = w
	}
	if n <= 0 {
		var set byteSet
		for _, r := range forms {
			if r < utf8.RuneSelf {
				set.add(byte(r))
			}
		}
		set.addRange(0x80, 0xff)
		return one(set, true)
	}
	elems := make([]elem, n)
	var buf [utf8.UTFMax]byte
	for _, r := range forms {
		utf8.EncodeRune(buf[:], r)
		for i := range elems {
			elems[i].set.add(buf[i])
		}
	}
	out := emptyInfo
	for _, e := range elems {
		out = concatInfo(out, one(e.set, false))
	}
	return out
}

// classInfo is a character class, given as ranges.
func classInfo(ranges []rune) info {
	var set byteSet
	wide := false
	var forms []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if lo < utf8.RuneSelf {
			set.addRange(int(lo), int(min(hi, utf8.RuneSelf-1)))
		}
		if hi >= utf8.RuneSelf {
			wide = true
			if len(forms) <= 16 {
				for r := max(lo, utf8.RuneSelf); r <= hi && len(forms) <= 16; r++ {
					forms = append(forms, r)
				}
			}
		}
	}
	if !wide {
		return one(set, false)
	}
	if set == (byteSet{}) && len(forms) <= 16 {
		return formsInfo(forms)
	}
	set.addRange(0x80, 0xff)
	return one(set, true)
}

// repeatInfo is x{lo,hi} (hi < 0: no upper bound).
func repeatInfo(x info, lo, hi int) info {
	switch {
	case lo == 0 && hi == 1:
		if x.never {
			return emptyInfo
		}
		if x.exact {
			if l, ok := union([]seq{{}}, x.lang); ok {
				return exactInfo(l)
			}
		}
		return unknownInfo
	case lo == 0:
		return unknownInfo
	case x.never:
		return neverInfo
	case lo == 1 && hi == 1:
		return x
	}
	// x{lo,hi} starts with x, ends with x and holds x.
	return info{pre: x.pre, suf: x.suf, req: x.req}
}

// concatInfo is x followed by y.
func concatInfo(x, y info) info {
	if x.never || y.never {
		return neverInfo
	}
	if x.exact && y.exact {
		l, ok := cross(x.lang, y.lang)
		switch {
		case ok && len(l) == 0:
			return neverInfo
		case ok:
			return exactInfo(l)
		}
		return info{pre: x.lang, suf: y.lang, req: best(x.lang, y.lang)}
	}
	out := info{pre: x.pre, suf: y.suf}
	var join []seq
	if x.suf != nil && y.pre != nil {
		l, ok := cross(x.suf, y.pre)
		if ok && len(l) == 0 {
			return neverInfo
		}
		if ok {
			join = l
		}
	}
	if x.exact && join != nil {
		out.pre = join
	}
	if y.exact && join != nil {
		out.suf = join
	}
	out.req = best(x.req, y.req, join)
	return out
}

// altInfo is the alternation of subs.
func altInfo(subs []*syntax.Regexp) info {
	var infos []info
	for _, s := range subs {
		if i := analyze(s); !i.never {
			infos = append(infos, i)
		}
	}
	if len(infos) == 0 {
		return neverInfo
	}
	exact := true
	for _, i := range infos {
		exact = exact && i.exact
	}
	if exact {
		var l []seq
		ok := true
		for _, i := range infos {
			if l, ok = union(l, i.lang); !ok {
				break
			}
		}
		if ok {
			return exactInfo(l)
		}
	}
	var out info
	out.pre = unionAll(infos, func(i info) []seq { return i.pre })
	out.suf = unionAll(infos, func(i info) []seq { return i.suf })
	out.req = unionAll(infos, func(i info) []seq { return i.req })
	if score(out.req) == math.Inf(-1) {
		out.req = nil
	}
	return out
}

func unionAll(infos []info, f func(info) []seq) []seq {
	var l []seq
	for _, i := range infos {
		s := f(i)
		if s == nil {
			return nil
		}
		var ok bool
		if l, ok = union(l, s); !ok {
			return nil
		}
	}
	return l
}

// cross returns every sequence of a followed by one of b, but for those
// that cannot be (something after a line's end, or before its start); ok
// is false when the result would be too big.
func cross(a, b []seq) (out []seq, ok bool) {
	for _, x := range a {
		for _, y := range b {
			if x.eol && len(y.e) > 0 || y.bol && len(x.e) > 0 {
				continue
			}
			if len(x.e)+len(y.e) > maxElems {
				return nil, false
			}
			s := seq{bol: x.bol || y.bol, eol: x.eol || y.eol}
			s.e = append(append(make([]elem, 0, len(x.e)+len(y.e)), x.e...), y.e...)
			if out, ok = add(out, s); !ok {
				return nil, false
			}
		}
	}
	return out, true
}

func union(a, b []seq) (out []seq, ok bool) {
	out = append([]seq(nil), a...)
	for _, s := range b {
		if out, ok = add(out, s); !ok {
			return nil, false
		}
	}
	return out, true
}

// add adds s to l unless l holds it already.
func add(l []seq, s seq) ([]seq, bool) {
	for _, t := range l {
		if t.bol == s.bol && t.eol == s.eol && equalElems(t.e, s.e) {
			return l, true
		}
	}
	if len(l) == maxSeqs {
		return nil, false
	}
	return append(l, s), true
}

func equalElems(a, b []elem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// best returns the known set of the highest score, or nil when none of
// them can be searched for.
func best(sets ...[]seq) []seq {
	var out []seq
	top := math.Inf(-1)
	for _, s := range sets {
		if s == nil {
			continue
		}
		if v := score(s); v > top {
			out, top = s, v
		}
	}
	return out
}

// litRun returns the longest-scoring run of literal positions of s, and
// its score; n is 0 when s has none.
func litRun(s *seq) (at, n int, v float64) {
	for i := 0; i < len(s.e); {
		if !s.e[i].lit() {
			i++
			continue
		}
		j, w := i, 0.0
		for ; j < len(s.e) && s.e[j].lit() && j-i < maxLit; j++ {
			w += rarity(s.e[j].set.first() | 0x20*b2u(s.e[j].set.count() == 2))
		}
		if w > v {
			at, n, v = i, j-i, w
		}
		i = j
	}
	return at, n, v
}

// maxLit bounds the length of a searched literal; the rest of a sequence
// is checked as its context.
const maxLit = 16

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// score rates a set of sequences as needles: higher is fewer false
// candidates and a faster search. A set with a sequence that has no
// literal cannot be searched for and scores -Inf.
func score(l []seq) float64 {
	if len(l) == 0 {
		return math.Inf(-1)
	}
	v := math.Inf(1)
	lits := 0
	for i := range l {
		_, n, w := litRun(&l[i])
		if n == 0 {
			return math.Inf(-1)
		}
		// The context narrows the candidates a little.
		for _, e := range l[i].e {
			w += 0.25 * (1 - float64(e.set.count())/256)
		}
		v = min(v, w)
		lits++
	}
	return v - 0.5*math.Log2(float64(lits))
}

// rarity is how rarely byte c (lower-cased when it stands for both cases)
// appears in logs, roughly: digits, lower-case letters and spaces are
// everywhere; upper case, most punctuation and non-ASCII bytes are rarer.
func rarity(c byte) float64 {
	switch {
	case c >= '0' && c <= '9', c == ' ':
		return 1
	case c >= 'a' && c <= 'z':
		// English letter frequencies, roughly: e is the commonest, z the rarest.
		return 1.05 + 0.4*float64(strings.IndexByte("etaoinsrhdlcumwfgypbvkjxqz", c))/25
	case c == '.', c == ':', c == '-', c == '/', c == '_', c == ',', c == '=':
		return 1.5
	case c >= 'A' && c <= 'Z':
		return 2
	case c >= 0x80:
		return 2.2
	case c < ' ' || c == 0x7f:
		return 3
	}
	return 2.5
}

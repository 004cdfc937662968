package parse

import (
	"encoding/binary"
	"fmt"
	"iter"
	"math/bits"
	"slices"
	"strings"
)

// Shapes are the anchored shapes: the only places where codes of 1 to
// MaxShort digits (JPush 6002, REST 1003) are found, since such numbers
// are far too common on their own. One shape a line; adding a shape is one
// line here and a case in TestAnchoredCases. The syntax:
//
//	#   the code: a whole run of 1 to MaxShort ASCII digits, without a leading zero
//	~   any number of spaces and TABs, none included (at most 16)
//	*   any number of bytes other than space, TAB, CR and LF (at most 64)
//	<   at the start only: the byte before the shape is not a letter, digit or '_'
//
// Every other byte stands for itself (case matters). When nothing follows
// '#', the byte after the code must not be a letter, digit or '_' (see
// IsWord), as for every code.
var Shapes = []string{
	`Error Domain=jmsg_error Code=#`, // the JMessage iOS NSError: Error Domain=jmsg_error Code=6002 "..."
	`Error Domain=JPush* Code=#`,     // a JPush NSError: Error Domain=JPush.Flutter Code=6002
	`PlatformException(#,`,           // Flutter: PlatformException(6002, ...)
	`PlatformException(Error #,`,     // Flutter on iOS: PlatformException(Error 6002, JPush.Flutter, ...)
	`"code":~#`,                      // JSON: {"error":{"code":1003,...}}
	`"code":~"#"`,                    // JSON: {"code":"1003"}
	`<code:~#`,                       // code:6002, {code: 6002}
	`<code~=~#`,                      // code = 6002, code=6002
	`<errorCode~=~#`,                 // errorCode=6002
	`<responseCode~=~#`,              // responseCode=1003
	`错误码#`,                           // 错误码6002
	`错误#`,                            // （JPush.Flutter错误6002。）
}

// MaxShort is the longest code, in digits, that only an anchored shape
// finds; longer codes are found by the boundary rule (see Scanner).
const MaxShort = 5

const (
	maxSpaces = 16 // the most bytes a '~' covers
	maxToken  = 64 // the most bytes a '*' covers
)

// shape is one compiled Shapes entry.
type shape struct {
	before []string // the part before '#', split at '~' and '*' (kept as tokens "~", "*")
	after  string   // the literal after '#'
	bound  bool     // '<': a word boundary before the shape
}

// shapes are Shapes, compiled; prev marks the bytes that may come right
// before a code in some shape, for a quick test.
var shapes, prev = compileShapes(Shapes)

func compileShapes(src []string) ([]shape, *[256]bool) {
	var out []shape
	var pv [256]bool
	for _, s := range src {
		sh, err := compileShape(s)
		if err != nil {
			panic("parse: shape " + s + ": " + err.Error())
		}
		out = append(out, sh)
		// The byte before the code ends the last literal, or is a space
		// or TAB of a '~' after it.
		for i := len(sh.before) - 1; i >= 0; i-- {
			t := sh.before[i]
			if t == "~" {
				pv[' '], pv['\t'] = true, true
				continue
			}
			pv[t[len(t)-1]] = true
			break
		}
	}
	return out, &pv
}

func compileShape(s string) (shape, error) {
	var sh shape
	if rest, ok := strings.CutPrefix(s, "<"); ok {
		sh.bound, s = true, rest
	}
	before, after, ok := strings.Cut(s, "#")
	switch {
	case !ok || strings.Contains(after, "#"):
		return sh, fmt.Errorf("needs exactly one '#'")
	case strings.Trim(before, "~") == "":
		return sh, fmt.Errorf("needs a literal before '#'")
	case strings.ContainsAny(after, "~*"):
		return sh, fmt.Errorf("only a literal may follow '#'")
	case after != "" && IsWord(after[0]):
		return sh, fmt.Errorf("a letter, digit or '_' may not follow '#'")
	}
	for before != "" {
		i := strings.IndexAny(before, "~*")
		switch {
		case i < 0:
			sh.before, before = append(sh.before, before), ""
		case i > 0:
			sh.before, before = append(sh.before, before[:i]), before[i:]
		default:
			sh.before, before = append(sh.before, before[:1]), before[1:]
		}
	}
	for i, t := range sh.before {
		switch {
		case t == "*" && (i == len(sh.before)-1 || sh.before[i+1] == "~"):
			return sh, fmt.Errorf("a literal must follow '*'")
		case t == "~" || t == "*":
		case i+1 < len(sh.before) && sh.before[i+1] == "~" && (t[len(t)-1] == ' ' || t[len(t)-1] == '\t'):
			return sh, fmt.Errorf("a literal before '~' may not end in a space or TAB")
		case lastLiteral(sh.before) == i && IsWord(t[len(t)-1]):
			return sh, fmt.Errorf("a letter, digit or '_' may not come right before '#'")
		}
	}
	sh.after = after
	return sh, nil
}

// lastLiteral returns the position of the last literal of toks, the one
// that ends right before the code or before its last '~'.
func lastLiteral(toks []string) int {
	i := len(toks) - 1
	for i >= 0 && toks[i] == "~" {
		i--
	}
	return i
}

// matchBefore reports whether toks (a shape's part before the code) end
// at hay[:end], and the shape's boundary rule holds where they start.
// '~' takes every space and TAB there is, up to maxSpaces: the same as
// trying every count, since the literal before a '~' does not end in one;
// '*' tries every length.
func (sh *shape) matchBefore(hay []byte, end int, toks []string) bool {
	if len(toks) == 0 {
		return !sh.bound || end == 0 || !word[hay[end-1]]
	}
	t := toks[len(toks)-1]
	rest := toks[:len(toks)-1]
	switch t {
	case "~":
		i := end
		for i > 0 && end-i < maxSpaces && (hay[i-1] == ' ' || hay[i-1] == '\t') {
			i--
		}
		return sh.matchBefore(hay, i, rest)
	case "*":
		for i := end; i >= 0 && end-i <= maxToken; i-- {
			if sh.matchBefore(hay, i, rest) {
				return true
			}
			if i == 0 || isSpaceOrEOL(hay[i-1]) {
				break
			}
		}
		return false
	}
	return end >= len(t) && string(hay[end-len(t):end]) == t && sh.matchBefore(hay, end-len(t), rest)
}

func isSpaceOrEOL(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// match reports whether the code hay[start:end] stands in this shape.
func (sh *shape) match(hay []byte, start, end int) bool {
	if sh.after == "" {
		if end < len(hay) && word[hay[end]] {
			return false
		}
	} else if len(hay)-end < len(sh.after) || string(hay[end:end+len(sh.after)]) != sh.after {
		return false
	}
	return sh.matchBefore(hay, start, sh.before)
}

// Anchored finds codes of 1 to MaxShort digits that stand in one of the
// Shapes, and are among the codes given to NewAnchored. Codes are read by
// the rule of codes.ParseCode: no leading zero. Its hits are the code's
// digits.
//
// Every hit of Anchored is also a candidate by the boundary rule (the
// bytes around the digits of every shape are not letters, digits or '_'),
// so a Scanner that knows the same codes finds every line Anchored finds a
// code in. A shape never spans a line feed, so Anchored may be given a
// block of whole lines. It is safe for concurrent use, and Find does not
// allocate when dst has room.
type Anchored struct {
	known [(maxShortValue + 64) / 64]uint64 // bit n: code n is wanted
}

const maxShortValue = 99999 // the largest code of MaxShort digits

// NewAnchored returns the Anchored finder of the given codes of 1 to
// MaxShort digits; other codes and code 0 are ignored. It returns nil when
// no code is left: there is nothing to look for.
func NewAnchored(codes []uint32) *Anchored { return newAnchored(slices.Values(codes)) }

func newAnchored(codes iter.Seq[uint32]) *Anchored {
	var a Anchored
	n := 0
	for c := range codes {
		if c == 0 || c > maxShortValue {
			continue
		}
		a.known[c/64] |= 1 << (c % 64)
		n++
	}
	if n == 0 {
		return nil
	}
	return &a
}

// digits8 returns the high bit of each of the 8 bytes of w (little
// endian: byte 0 in bits 0-7) that is an ASCII digit, and no other bit:
// with the high bit of each byte cleared, adding 0x80-'0' carries into the
// high bit when the byte is at least '0', and 0x80+'9' minus it keeps the
// high bit when it is at most '9', neither crossing into the next byte;
// bytes of 0x80 and above are not digits.
func digits8(w uint64) uint64 {
	const lsb, msb, low7 = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	v := w & low7
	return (v + (0x80-'0')*lsb) & ((0x80+'9')*lsb - v) &^ w & msb
}

func (a *Anchored) has(c uint32) bool { return a.known[c/64]&(1<<(c%64)) != 0 }

// Find implements Finder. line may hold several lines.
func (a *Anchored) Find(line []byte, dst []Hit) []Hit {
	n := len(line)
	for i := 0; i < n; {
		// Skip to the next digit, eight bytes at a time.
		for i+8 <= n {
			if m := digits8(binary.LittleEndian.Uint64(line[i:])); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		for i < n && !digit[line[i]] {
			i++
		}
		if i == n {
			break
		}
		start := i
		for i < n && digit[line[i]] {
			i++
		}
		if i-start > MaxShort || start == 0 || !prev[line[start-1]] || (line[start] == '0' && i-start > 1) {
			continue
		}
		var code uint32
		for _, c := range line[start:i] {
			code = code*10 + uint32(c-'0')
		}
		if code == 0 || !a.has(code) {
			continue
		}
		for k := range shapes {
			if shapes[k].match(line, start, i) {
				dst = append(dst, Hit{Start: start, End: i, Code: code})
				break
			}
		}
	}
	return dst
}

// NewTextFinder returns jmlog's default finder for a table of the given
// codes: a Scanner for 871xxx codes and the known codes of more than
// MaxShort digits (the boundary rule), and an Anchored finder for the
// known codes of 1 to MaxShort digits (the Shapes only). With no short
// codes it is the Scanner itself, and costs nothing more. Its hits are in
// order of position and never overlap (the Scanner's have more than
// MaxShort digits, Anchored's at most MaxShort). It may be given blocks of
// whole lines, is safe for concurrent use, and Find does not allocate when
// dst has room.
func NewTextFinder(known []uint32) Finder { return NewTextFinderSeq(slices.Values(known)) }

// NewTextFinderSeq is NewTextFinder of the codes that known yields, so
// that a large table's codes need not be copied into a slice first (see
// codes.Table.AllCodes). It ranges over known three times at most.
func NewTextFinderSeq(known iter.Seq[uint32]) Finder {
	sc := &Scanner{set: newCodeSetAbove(known, maxShortValue)} // NewScanner of the long codes, without a copy of them
	an := newAnchored(known)
	if an == nil {
		return sc
	}
	return &textFinder{sc: sc, an: an}
}

// textFinder is a Scanner and an Anchored finder together.
type textFinder struct {
	sc *Scanner
	an *Anchored
}

func (t *textFinder) Find(line []byte, dst []Hit) []Hit {
	n0 := len(dst)
	dst = t.sc.Find(line, dst)
	n1 := len(dst)
	dst = t.an.Find(line, dst)
	if n1 > n0 && len(dst) > n1 {
		slices.SortFunc(dst[n0:], func(a, b Hit) int { return a.Start - b.Start })
	}
	return dst
}

package parse

import (
	"math"
	"regexp/syntax"

	"github.com/jmlog/jmlog/codes"
)

// CanFind reports whether expr, as a RegexFinder uses it, can ever find a
// code: whether its first capture group, or the whole match when it has no
// group, can match a run of 1 to MaxDigits ASCII digits. It leans towards
// yes: false is certain (the empty expression, a group of letters only, a
// whole match that must hold a letter, more than MaxDigits digits), while
// true only says that the group can match digits (assertions such as ^,
// $ and \b are taken to hold, and leading zeros are not looked at). The
// error is a *RegexError when expr does not compile.
func CanFind(expr string) (bool, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return false, &RegexError{Expr: expr, Err: err}
	}
	re = re.Simplify()
	if g := firstGroup(re); g != nil {
		re = g
	}
	_, least := digitRuns(re)
	return least <= codes.MaxDigits, nil
}

// firstGroup returns the capture group 1 of re, or nil.
func firstGroup(re *syntax.Regexp) *syntax.Regexp {
	if re.Op == syntax.OpCapture && re.Cap == 1 {
		return re
	}
	for _, s := range re.Sub {
		if g := firstGroup(s); g != nil {
			return g
		}
	}
	return nil
}

// noDigits stands for "cannot match a non-empty run of digits".
const noDigits = math.MaxInt32

// digitRuns says what re can match within a run of ASCII digits: empty,
// whether it can match the empty string (assertions taken to hold); least,
// the length of the shortest non-empty run of digits it can match, or
// noDigits.
func digitRuns(re *syntax.Regexp) (empty bool, least int) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true, noDigits
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			if r < '0' || r > '9' {
				return false, noDigits
			}
		}
		return len(re.Rune) == 0, max(len(re.Rune), 1)
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] <= '9' && re.Rune[i+1] >= '0' {
				return false, 1
			}
		}
		return false, noDigits
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return false, 1
	case syntax.OpCapture, syntax.OpPlus:
		return digitRuns(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		_, least := digitRuns(re.Sub[0])
		return true, least
	case syntax.OpRepeat:
		return repeatRuns(re)
	case syntax.OpConcat:
		return concatRuns(re.Sub)
	case syntax.OpAlternate:
		empty, least := false, noDigits
		for _, s := range re.Sub {
			e, l := digitRuns(s)
			empty, least = empty || e, min(least, l)
		}
		return empty, least
	}
	return false, noDigits // OpNoMatch
}

// repeatRuns is digitRuns for x{min,max}.
func repeatRuns(re *syntax.Regexp) (bool, int) {
	e, l := digitRuns(re.Sub[0])
	empty := re.Min == 0 || e
	switch {
	case re.Max == 0 || l == noDigits:
		return empty, noDigits
	case e:
		return empty, l // one copy matches digits, the others nothing
	}
	return empty, min(noDigits, max(re.Min, 1)*l)
}

// concatRuns is digitRuns for parts in a row: each must match digits or
// nothing, and one at least digits.
func concatRuns(parts []*syntax.Regexp) (bool, int) {
	empty, base := true, 0 // all parts empty; the digits the others need at least
	es := make([]bool, len(parts))
	ls := make([]int, len(parts))
	for i, s := range parts {
		es[i], ls[i] = digitRuns(s)
		switch {
		case !es[i] && ls[i] == noDigits:
			return false, noDigits
		case !es[i]:
			empty = false
			base = min(noDigits, base+ls[i])
		}
	}
	least := noDigits
	for i := range parts {
		switch {
		case !es[i]:
			least = min(least, base) // part i is non-empty already
		case ls[i] != noDigits:
			least = min(least, min(noDigits, base+ls[i]))
		}
	}
	return empty, least
}

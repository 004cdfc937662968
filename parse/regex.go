package parse

import (
	"fmt"
	"regexp"
	"sort"

	"github.com/jmlog/jmlog/codes"
)

// RegexFinder finds codes with user regular expressions (RE2 syntax, as in
// Go's regexp package). The first capture group of a match, or the whole
// match when the expression has no group, must be the code: 1 to MaxDigits
// ASCII digits with no leading zero. Matches whose group is anything else,
// or did not take part in the match, are skipped.
//
// RegexFinder runs every expression on every line given to it, so it is much
// slower than the Scanner and allocates. A RegexFinder is safe for
// concurrent use.
type RegexFinder struct {
	res []*regexp.Regexp
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
	for _, x := range exprs {
		re, err := regexp.Compile(x)
		if err != nil {
			return nil, &RegexError{Expr: x, Err: err}
		}
		f.res = append(f.res, re)
	}
	return f, nil
}

// Find implements Finder. With several expressions the hits of all of them
// are merged in order of position; a hit that overlaps an earlier one is
// dropped.
func (f *RegexFinder) Find(line []byte, dst []Hit) []Hit {
	base := len(dst)
	for _, re := range f.res {
		g := 0
		if re.NumSubexp() > 0 {
			g = 1
		}
		for _, m := range re.FindAllSubmatchIndex(line, -1) {
			s, e := m[2*g], m[2*g+1]
			if s < 0 {
				continue
			}
			if code, ok := codes.ParseCode(line[s:e]); ok {
				dst = append(dst, Hit{Start: s, End: e, Code: code})
			}
		}
	}
	if len(f.res) < 2 {
		return dst
	}
	hits := dst[base:]
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Start < hits[j].Start })
	out := hits[:0]
	for _, h := range hits {
		if len(out) > 0 && h.Start < out[len(out)-1].End {
			continue
		}
		out = append(out, h)
	}
	return dst[:base+len(out)]
}

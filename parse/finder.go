// Package parse finds JMessage error codes in byte slices.
//
// It is the matcher of jmlog: it does no I/O, keeps no global mutable state
// (only read-only tables), and on its default path allocates nothing. A
// Finder is given a line, or for the block Scanner a run of whole lines, and
// appends what it finds to a caller-provided slice.
package parse

import "github.com/jmlog/jmlog/codes"

// Hit is one code found in a byte slice: hay[Start:End] is the text the code
// was read from (its digits for the text finders, the raw JSON value for a
// JSON path).
type Hit struct {
	Start, End int
	Code       uint32
}

// Finder finds codes in a line.
//
// Find appends to dst the codes found in line, in the order of their
// position, and returns the extended slice. line excludes its terminator.
// Hits do not overlap. Find must not keep line or dst after it returns, and
// must not allocate when dst has room for the hits.
//
// A Finder must be safe for concurrent use: a Filter runs its block finder,
// and its line finder, on a helper goroutine over the windows of a block
// it claims (see filter's ahead.go) while its own goroutine calls them on
// the others.
//
// Find reports candidates: digits that may be a code. Deciding whether a
// candidate is a known or an unknown code, or is ignored, is the caller's job
// (see the codes package).
type Finder interface {
	Find(line []byte, dst []Hit) []Hit
}

// LineBound is implemented by block Finders whose hits depend on where a
// line starts and ends (a regular expression's ^ and $, the bytes around a
// match): given part of a line, they take the part's ends for the line's.
// A caller gives them whole lines wherever it can; the default Scanner,
// whose hits never depend on more than a code's neighbours, is not one.
type LineBound interface {
	Finder
	WholeLines()
}

// MaxDigits is the longest code, in decimal digits, that any finder reports.
const MaxDigits = codes.MaxDigits

// word marks the bytes that join a digit run into a longer token: ASCII
// letters, ASCII digits and '_'. Every other byte, including every non-ASCII
// byte, is a boundary.
var word = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	t['_'] = true
	return t
}()

var digit = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	return t
}()

// IsWord reports whether c joins a digit run into a longer token: an ASCII
// letter, an ASCII digit or '_'. A code is never part of a longer token,
// so it is never directly followed by such a byte, nor preceded by one
// unless that letter ends a control sequence (see Scanner).
func IsWord(c byte) bool { return word[c] }

package parse

import "bytes"

// anchor is the prefix every JMessage Android code shares. The Scanner's fast
// path looks for it with bytes.Index, which is vectorised.
var anchor = []byte("871")

// Scanner is the default finder: the word-boundary scanner.
//
// A candidate is a run of ASCII digits that is not directly preceded or
// followed by an ASCII letter, an ASCII digit or '_' (see IsWord); non-ASCII
// bytes, punctuation, spaces, line feeds and the ends of the slice are
// boundaries. The Scanner reports a candidate when it has exactly 6 digits
// and starts with "871" (every JMessage Android code, known or not), or when
// its value is one of the extra codes given to NewScanner and it is written
// without leading zeros.
//
// Because a line feed is a boundary and a digit run never contains one, the
// Scanner may be given a whole block of lines at once: the hits are the same
// as those of each line on its own. The zero Scanner reports 871xxx
// candidates only. A Scanner is safe for concurrent use.
type Scanner struct {
	extra  map[uint32]struct{}
	lens   uint16 // bit n is set when a candidate may have n digits
	minLen int    // the shortest candidate
}

// NewScanner returns a Scanner that also reports the given codes, whatever
// their length (1 to MaxDigits digits). Code 0 and codes of more than
// MaxDigits digits are ignored, as are 871xxx codes, which are always
// reported. With no other codes the Scanner uses its fast path.
func NewScanner(extra []uint32) *Scanner {
	s := &Scanner{}
	for _, c := range extra {
		n := digits(c)
		if c == 0 || n > MaxDigits || (n == 6 && c/1000 == 871) {
			continue
		}
		if s.extra == nil {
			s.extra = make(map[uint32]struct{})
		}
		s.extra[c] = struct{}{}
		s.lens |= 1 << n
	}
	if s.extra != nil {
		s.lens |= 1 << 6
		s.minLen = 6
		for n := 1; n < 6; n++ {
			if s.lens&(1<<n) != 0 {
				s.minLen = n
				break
			}
		}
	}
	return s
}

func digits(c uint32) int {
	n := 1
	for c >= 10 {
		c /= 10
		n++
	}
	return n
}

// Find implements Finder. line may hold several lines.
func (s *Scanner) Find(line []byte, dst []Hit) []Hit {
	if s == nil || s.extra == nil {
		return find871(line, dst)
	}
	return s.findAll(line, dst)
}

// find871 is the fast path: only 871xxx candidates. It finds "871" with
// bytes.Index and checks the boundaries only there.
func find871(hay []byte, dst []Hit) []Hit {
	for i := 0; ; {
		j := bytes.Index(hay[i:], anchor)
		if j < 0 {
			return dst
		}
		p := i + j
		e := p + 6
		if e <= len(hay) && digit[hay[p+3]] && digit[hay[p+4]] && digit[hay[p+5]] &&
			(e == len(hay) || !word[hay[e]]) && (p == 0 || !word[hay[p-1]]) {
			code := 871000 + uint32(hay[p+3]-'0')*100 + uint32(hay[p+4]-'0')*10 + uint32(hay[p+5]-'0')
			dst = append(dst, Hit{Start: p, End: e, Code: code})
			i = e
			continue
		}
		// "871" cannot start again before p+3: neither '7' nor '1' is '8'.
		i = p + 3
		if i >= len(hay) {
			return dst
		}
	}
}

// findAll reports every candidate when the Scanner has extra codes. It looks
// only at every minLen-th byte until it meets a digit: a run of minLen digits
// or more must cover one of the bytes it looks at.
func (s *Scanner) findAll(hay []byte, dst []Hit) []Hit {
	m := s.minLen
	n := len(hay)
	// Invariant: hay[i-1], if any, is not part of a run still to be looked at.
	for i := 0; i+m <= n; {
		k := i + m - 1
		if !digit[hay[k]] {
			i = k + 1
			continue
		}
		start := k
		for start > i && digit[hay[start-1]] {
			start--
		}
		end := k + 1
		for end < n && digit[hay[end]] {
			end++
		}
		i = end
		l := end - start
		if l > MaxDigits || s.lens&(1<<l) == 0 ||
			(start > 0 && word[hay[start-1]]) || (end < n && word[hay[end]]) {
			continue
		}
		code, ok := ParseCode(hay[start:end])
		if !ok {
			continue
		}
		if _, known := s.extra[code]; known || (l == 6 && code/1000 == 871) {
			dst = append(dst, Hit{Start: start, End: end, Code: code})
		}
	}
	return dst
}

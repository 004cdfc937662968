package parse

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

// multiPlace is a literal found at a place.
type multiPlace struct{ p, lit int }

// multiRef is multiLit.next's reference: at each place, the literals found
// there by litSearch.at, in the order of their buckets.
func multiRef(m *multiLit, hay []byte) []multiPlace {
	var out []multiPlace
	for p := range hay {
		for b := range m.buckets {
			for _, i := range m.buckets[b] {
				if m.lits[i].at(hay, p) {
					out = append(out, multiPlace{p, i})
				}
			}
		}
	}
	return out
}

func multiAll(m *multiLit, hay []byte) []multiPlace {
	var out []multiPlace
	var c multiCursor
	for {
		p, i := m.next(hay, &c)
		if p < 0 {
			return out
		}
		out = append(out, multiPlace{p, i})
	}
}

// newTestMulti makes a multiLit of words; a word in (?i:...) is folded.
func newTestMulti(words []string) *multiLit {
	var lits []*litSearch
	for _, w := range words {
		fold := strings.HasPrefix(w, "(?i:") && strings.HasSuffix(w, ")")
		if fold {
			w = w[4 : len(w)-1]
		}
		lit, mask := []byte(w), make([]byte, len(w))
		for k, c := range lit {
			if fold && (c|0x20) >= 'a' && (c|0x20) <= 'z' {
				lit[k], mask[k] = c|0x20, 0x20
			}
		}
		lits = append(lits, newLitSearch(lit, mask))
	}
	return newMultiLit(lits)
}

func checkMulti(t *testing.T, words []string, hay []byte) {
	t.Helper()
	m := newTestMulti(words)
	want := multiRef(m, hay)
	if got := multiAll(m, hay); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q in %q:\n got %v\nwant %v", words, hay, got, want)
	}
}

// TestMultiLit: every place of every literal, in order, at every length
// of haystack around the vector block (32 places) and the end of the
// haystack, with more literals than buckets, folded letters, and more
// candidates than one call of teddyAVX2 returns.
func TestMultiLit(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	sets := [][]string{
		{"code=", "Code=", "errorCode=", "status ", "\"code\":"},
		{"abc", "abd", "abe", "xbc", "(?i:ABC)", "871", "错误码", "a\xffc", "zzz", "code = ", "desc="},
		{"aaa", "aab"}, // more than 32 candidates in a block
	}
	hays := []string{
		"",
		"ab",
		"code=1 Code=2 errorCode=3 status 4 \"code\":5 CODE=6",
		strings.Repeat("a", 100),
		strings.Repeat("aab", 50) + "abcabdABCxbc错误码871zzzz",
		strings.Repeat("x", 31) + "abc" + strings.Repeat("y", 29) + "abd",
	}
	for _, words := range sets {
		for _, h := range hays {
			for n := 0; n <= len(h); n++ { // every prefix
				checkMulti(t, words, []byte(h[:n]))
			}
			for pad := 0; pad < 70; pad++ {
				checkMulti(t, words, []byte(strings.Repeat(".", pad)+h))
			}
		}
	}
}

// TestMultiLitRandom: random haystacks made of pieces of the literals.
func TestMultiLitRandom(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	rnd := rand.New(rand.NewSource(1))
	pieces := []string{"co", "de", "=", "Co", "err", "or", "a", "b", "c", "\x00", "\xff", " ", "aa", "\n"}
	for i := 0; i < 2000; i++ {
		nw := 1 + rnd.Intn(12)
		var words []string
		for len(words) < nw {
			var w bytes.Buffer
			for w.Len() < 3 {
				w.WriteString(pieces[rnd.Intn(len(pieces))])
			}
			words = append(words, w.String())
		}
		var hay bytes.Buffer
		for n := rnd.Intn(300); hay.Len() < n; {
			hay.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		checkMulti(t, words, hay.Bytes())
	}
}

// FuzzMultiLit compares multiLit with the byte-at-a-time reference, for
// 1 to 16 literals read from the input, and the rest as the haystack.
func FuzzMultiLit(f *testing.F) {
	if !useAVX2 {
		f.Skip("no AVX2")
	}
	f.Add([]byte("\x03code=|Code=|errorCode=|status code=1 Code=2 errorCode=3"))
	f.Add([]byte("\x02aaa|aab|" + strings.Repeat("aab", 40)))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		n := 1 + int(b[0])%16
		parts := bytes.SplitN(b[1:], []byte("|"), n+1)
		if len(parts) <= n {
			return
		}
		var words []string
		for _, w := range parts[:n] {
			if len(w) < multiMinLen {
				return
			}
			if w[0] == '~' { // fold
				if len(w) < multiMinLen+1 {
					return
				}
				words = append(words, fmt.Sprintf("(?i:%s)", w[1:]))
				continue
			}
			words = append(words, string(w))
		}
		checkMulti(t, words, parts[n])
	})
}

// TestMultiDSP: the Block finder with the dsps' literals found in one
// pass gives the codes of RE2 on each line (checkFinder), and the same
// hits as with a pass for each dsp, including where they come out of
// order or two differ at one place and the finder falls back to the
// passes.
func TestMultiDSP(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	cases := []struct {
		exprs []string
		in    string
		want  []uint32
		ok    bool // multiDSP.find reports the hits in order
	}{
		{tenShExprs, "code=1 Code=2 errorCode=3 responseCode=4 status 871300 onFailed 5 error 871301 desc=6 \"code\":7 code = 8",
			[]uint32{1, 2, 3, 4, 871300, 5, 871301, 6, 7, 8}, true},
		// The code of the first literal starts after the second's.
		{[]string{`abc [a-z0-9 ]*_(\d+)`, `xyz(\d+)`}, "abc xyz7 _9", []uint32{7, 9}, false},
		// Two codes start at one place and differ: the first expression's.
		{[]string{`abc(\d+)`, `abc(\d)`, `xyz(\d+)`}, "abc12 xyz3", []uint32{12, 3}, true},
		{[]string{`abc(\d)`, `abc(\d+)`, `xyz(\d+)`}, "abc12 xyz3", nil, true}, // 1 has no leading zero... see below
		// The same code through two expressions, once.
		{[]string{`errorCode=(\d+)`, `Code=(\d+)`, `871\d{3}`}, "errorCode=871300 Code=871301", []uint32{871300, 871301}, true},
		{[]string{`(?i:code)=(\d+)`, `desc=(\d+)`, `\bstatus (\d+)\b`}, "CODE=1 Code=2 desc=3 xstatus 4 status 5", []uint32{1, 2, 3, 5}, true},
	}
	cases[3].want = []uint32{1, 3}
	for _, c := range cases {
		f, err := NewRegexFinder(c.exprs)
		if err != nil {
			t.Fatal(err)
		}
		if f.multi == nil {
			t.Fatalf("%q: no multiDSP", c.exprs)
		}
		block := []byte(c.in + "\n" + c.in)
		if _, ok := f.multi.find(block, nil); ok != c.ok {
			t.Errorf("%q on %q: multiDSP.find in order %v, want %v", c.exprs, c.in, ok, c.ok)
		}
		got := f.Block().Find(block, nil)
		if codes := codesOf(got); !reflect.DeepEqual(codes, append(c.want, c.want...)) {
			t.Errorf("%q on %q: %v, want %v twice", c.exprs, c.in, codes, c.want)
		}
		checkFinder(t, c.exprs, block)
	}
}

// TestMultiDSPRandom compares the Block finder and the prefilter with and
// without multiLit, and with RE2 on each line, for random sets of 2 to 8
// expressions on random blocks.
func TestMultiDSPRandom(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2")
	}
	rnd := rand.New(rand.NewSource(2))
	used := 0
	for i := 0; i < 3000; i++ {
		b := make([]byte, 40+rnd.Intn(200))
		rnd.Read(b)
		exprs, block := fuzzDSPExprs(b)
		if checkMultiDSP(t, exprs, block) {
			used++
		}
	}
	if used < 1000 {
		t.Errorf("multiLit ran on only %d of 3000 inputs", used)
	}
}

// checkMultiDSP checks the finder of exprs on block (see TestMultiDSP),
// and its prefilter, against the same without multiLit; it reports
// whether either used multiLit, and skips invalid expressions.
func checkMultiDSP(t *testing.T, exprs []string, block []byte) bool {
	t.Helper()
	for _, x := range exprs {
		if _, err := regexp.Compile(x); err != nil {
			return false
		}
	}
	f, err := NewRegexFinder(exprs)
	if err != nil {
		t.Fatal(err)
	}
	used := false
	if f.multi != nil && f.Block() != nil {
		used = true
		got := f.Block().Find(block, nil)
		f.multi = nil
		want := f.Block().Find(block, nil)
		if !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q on %q: %v, with a pass for each %v", exprs, block, got, want)
		}
	}
	if f.pre != nil && f.pre.multi != nil {
		used = true
		got := f.pre.Find(block, nil)
		f.pre.multi = nil
		want := f.pre.Find(block, nil)
		if !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q on %q: prefilter %v, with a pass for each %v", exprs, block, got, want)
		}
	}
	if used {
		checkFinder(t, exprs, block)
	}
	return used
}

// fuzzDSPExprs reads 2 to 8 expressions and a block of lines from b, as
// fuzzExprs does. The expressions start with one of multiLits; when the
// first byte is odd, each goes on as fuzzExprs's do, else it is of the dsp
// form.
func fuzzDSPExprs(b []byte) (exprs []string, block []byte) {
	r := &fuzzReader{b: b}
	c := r.next()
	for n := 2 + int(c>>1)%7; n > 0; n-- {
		if c&1 != 0 {
			exprs = append(exprs, multiLits[int(r.next())%len(multiLits)]+r.expr(1))
			continue
		}
		// Up to four tries for one that is a dsp: where one is not, there
		// is no Block finder.
		x := r.dspExprOf(multiLits)
		for try := 1; try < 4 && !isDSP(x); try++ {
			x = r.dspExprOf(multiLits)
		}
		exprs = append(exprs, x)
	}
	for r.i < len(r.b) {
		block = append(block, multiTokens[int(r.next())%len(multiTokens)]...)
	}
	return exprs, block
}

func isDSP(x string) bool {
	re, err := syntax.Parse(x, syntax.Perl)
	if err != nil {
		return false
	}
	ncap := re.MaxCap()
	return newDSP(re, ncap) != nil
}

// multiLits are the literals of fuzzDSPExprs: most of them multiLit takes.
var multiLits = []string{`code=`, `(?i:code)`, `错误码`, `Code=`, `err`, `(?i:err)`, `status `, `871`, `a=b`, `co`, `errorCode=`}

// multiTokens are fuzzTokens with multiLits and some of their pieces.
var multiTokens = append([]string{"code=", "CoDe", "Code=", "错误码", "871", "code=871300", "a8", "=1", "err", "ERR", "error",
	"errorCode=", "status ", "a=b", "co", "de", "stat"}, fuzzTokens...)

// FuzzMultiDSP runs checkMultiDSP on the expressions and block that
// fuzzDSPExprs reads from the input.
func FuzzMultiDSP(f *testing.F) {
	if !useAVX2 {
		f.Skip("no AVX2")
	}
	f.Add([]byte("\x03\x00\x01\x01\x00\x00\x03\x03\x01\x00\x00\x04\x01\x01\x00\x00\x00\x00\x07\x03\x10"))
	f.Fuzz(func(t *testing.T, b []byte) {
		exprs, block := fuzzDSPExprs(b)
		checkMultiDSP(t, exprs, block)
	})
}

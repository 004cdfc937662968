package parse

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// needleLits returns the literals the prefilter searches for with expr,
// folded ones in upper case, and whether expr never matches a line.
func needleLits(t *testing.T, expr string) (lits []string, never bool) {
	t.Helper()
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		t.Fatal(err)
	}
	inf := analyze(re.Simplify())
	if inf.never {
		return nil, true
	}
	if score(inf.req) < -1e300 {
		return nil, false
	}
	for _, g := range newGroups(inf.req, nil) {
		b := []byte(string(g.search.lit))
		for i, m := range g.search.mask {
			b[i] -= m
		}
		lits = append(lits, string(b))
	}
	slices.Sort(lits)
	return lits, false
}

func TestAnalyze(t *testing.T) {
	cases := []struct {
		expr  string
		lits  []string
		never bool
	}{
		{`code=(\d+)`, []string{"code="}, false},
		{`871\d{3}`, []string{"871"}, false},
		{`(?i)code=(\d+)`, []string{"CODE="}, false},
		{`(?:code|errno)=(\d+)`, []string{"code=", "errno="}, false},
		{`(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)`, []string{"871"}, false},
		{`错误码(\d+)`, []string{"错误码"}, false},
		{`PlatformException\((\d+),`, []string{"PlatformExceptio"}, false}, // maxLit bytes
		{`(\d+)`, nil, false},
		{`\b(\d{6})\b`, nil, false},
		{`(?i)k(\d+)`, nil, false}, // K is three bytes: no literal
		{`x?(\d+)`, nil, false},
		{`a\nb(\d)`, nil, true},
		{`$a`, nil, true},
		{`a^`, nil, true},
		{`(?:a\nb)?code=(\d)`, []string{"code="}, false},
		{`(?:ab|cd)(?:ef|gh)x(\d)`, []string{"abefx", "abghx", "cdefx", "cdghx"}, false},
		{`(?:a|b)(?:c|d)x(\d)`, []string{"x"}, false}, // [ab][cd]x: sets, not literals
		{`\d+code=\d+err`, []string{"code="}, false},
		{`[é-ë]x(\d)`, []string{"\xc3"}, false}, // the first byte of é to ë
		{`.*code(\d)`, []string{"code"}, false},
		{`(code)+=(\d)`, []string{"code="}, false},
	}
	for _, c := range cases {
		lits, never := needleLits(t, c.expr)
		if never != c.never || !reflect.DeepEqual(lits, c.lits) {
			t.Errorf("%s: %q never %v, want %q %v", c.expr, lits, never, c.lits, c.never)
		}
	}
}

// TestNeedleCheck: the bytes around a literal, and line ends.
func TestNeedleCheck(t *testing.T) {
	cases := []struct {
		expr string
		hay  string
		want bool // a needle is in hay
	}{
		{`(?:^|\W)(871\d{3})(?:\W|$)`, "871300", true},
		{`(?:^|\W)(871\d{3})(?:\W|$)`, "x 871300\r\n", true},
		{`(?:^|\W)(871\d{3})(?:\W|$)`, "x871300", false},
		{`(?:^|\W)(871\d{3})(?:\W|$)`, "8713001", false},
		{`(?:^|\W)(871\d{3})(?:\W|$)`, "错871300错", true},
		{`(?:^|\W)(871\d{3})(?:\W|$)`, "\xff871300", true},
		{`^code=(\d)$`, "code=1", true},
		{`^code=(\d)$`, "code=1\r\n", true},
		{`^code=(\d)$`, "code=1\r", false},
		{`^code=(\d)$`, "a\ncode=1\nb", true},
		{`^code=(\d)$`, " code=1", false},
		{`(?i)code=(\d)`, "CoDe=1", true},
		{`(?i)code=(\d)`, "CoDe=x", false},
		{`code\d`, "code\n1", false},
	}
	for _, c := range cases {
		re, err := syntax.Parse(c.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		groups := newGroups(analyze(re.Simplify()).req, nil)
		got := false
		for _, g := range groups {
			g.compile()
			if g.inLine([]byte(c.hay)) {
				got = true
			}
		}
		if got != c.want {
			t.Errorf("%s in %q: %v, want %v", c.expr, c.hay, got, c.want)
		}
	}
}

// allModes runs fn with a cursor of each mode that s can search with.
func allModes(s *litSearch, from int, fn func(name string, c cursor)) {
	var c cursor
	s.start(&c, from)
	c.mode = modePair
	fn("pair", c)
	if s.rare >= 0 {
		c.mode = modeRare
		fn("rare", c)
	}
	if useAVX2 {
		c.mode = modeVec
		fn("avx2", c)
		if s.rng != nil {
			c.rng = true
			fn("avx2+ranges", c)
		}
	}
}

// naiveFind returns the places of lit in hay, the letters where mask has
// 0x20 in either case.
func naiveFind(hay, lit, mask []byte) []int {
	var out []int
	for p := 0; p+len(lit) <= len(hay); p++ {
		ok := true
		for k := range lit {
			c := hay[p+k]
			if mask[k] != 0 && c >= 'A' && c <= 'Z' {
				c += 0x20
			}
			if c != lit[k] {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

func TestLitSearch(t *testing.T) {
	hay := []byte(strings.Repeat("x871 code=8713 CODE=1 8871871 ", 20) + "871")
	for _, c := range []struct{ lit, mask string }{
		{"871", "\x00\x00\x00"},
		{"code=", "\x00\x00\x00\x00\x00"},
		{"code=", "\x20\x20\x20\x20\x00"},
		{"=871", "\x00\x00\x00\x00"},
		{"1", "\x00"},
		{"x", "\x20"},
	} {
		checkLitSearch(t, []byte(c.lit), []byte(c.mask), hay)
	}
}

// checkLitSearch compares the search for lit in hay, in every mode and
// from every place, with naiveFind.
func checkLitSearch(t *testing.T, lit, mask, hay []byte) {
	t.Helper()
	checkLitSearchRanges(t, lit, mask, nil, hay)
}

// checkLitSearchRanges is checkLitSearch for a search withRanges(rs): the
// AVX2 search leaves out exactly the places where a byte of rs is out of
// its range (or past the end of hay) once the cursor's rng is set, the
// others find every place of lit.
func checkLitSearchRanges(t *testing.T, lit, mask []byte, rs []byteRange, hay []byte) {
	t.Helper()
	s := newLitSearch(lit, mask)
	s.withRanges(rs)
	all := naiveFind(hay, lit, mask)
	var inRange []int
	for _, p := range all {
		ok := true
		for _, r := range rs {
			ok = ok && p+r.off < len(hay) && hay[p+r.off] >= r.lo && hay[p+r.off] <= r.hi
		}
		if ok {
			inRange = append(inRange, p)
		}
	}
	for from := 0; from <= len(hay); from += 1 + from/7 {
		allModes(s, from, func(name string, c cursor) {
			want := all
			if name == "avx2+ranges" {
				want = inRange
			}
			var got []int
			for p := s.next(hay, from, &c); p >= 0; p = s.next(hay, p+1, &c) {
				got = append(got, p)
			}
			i, _ := slices.BinarySearch(want, from)
			if !(len(got) == 0 && len(want[i:]) == 0) && !reflect.DeepEqual(got, want[i:]) {
				t.Fatalf("%s %q (mask %x, ranges %v) in %q from %d: %v, want %v", name, lit, mask, rs, hay, from, got, want[i:])
			}
		})
	}
	if useAVX2 {
		if got, want := s.absent(hay), len(inRange) == 0; got && !want {
			t.Fatalf("%q (ranges %v) absent from %q, but is at %v", lit, rs, hay, inRange)
		}
	}
}

func TestLitSearchRanges(t *testing.T) {
	digits := []byteRange{{3, '0', '9'}, {4, '0', '9'}, {5, '0', '9'}}
	for _, hay := range []string{
		strings.Repeat("x871 8713 871300 8718713456 871a00 ", 5) + "87130",
		strings.Repeat("1871", 40) + "871300",
		strings.Repeat("y", 29) + "871300" + strings.Repeat("871", 12) + "871/00871:00",
		strings.Repeat("871370 871270 871371 871070 871377 ", 3),
	} {
		bothPaths(t, func(string) {
			checkLitSearchRanges(t, []byte("871"), []byte("\x00\x00\x00"), digits, []byte(hay))
			checkLitSearchRanges(t, []byte("871"), []byte("\x00\x00\x00"), digits[:1], []byte(hay))
			checkLitSearchRanges(t, []byte("71"), []byte("\x00\x00"), []byteRange{{5, '0', '3'}, {2, '3', '3'}}, []byte(hay))
			checkLitSearchRanges(t, []byte("871"), []byte("\x00\x00\x00"), []byteRange{{4, '7', '7'}, {3, '1', '3'}, {5, '0', '0'}}, []byte(hay))
		})
	}
}

// FuzzLitSearch compares the literal search, in every mode, with a naive
// one. The first byte of the input is the literal's length; with its bit
// 0x40, the next three bytes give ranges after the literal (withRanges).
func FuzzLitSearch(f *testing.F) {
	f.Add([]byte("\x03871 x871 8871871" + strings.Repeat("1871 ", 20)))
	f.Add([]byte("\x05code= Code=1 code=" + strings.Repeat("cod ", 20)))
	f.Add([]byte("\x62\x00\x01\x02871" + strings.Repeat("1871 871300 8718713", 4)))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 2 {
			return
		}
		flags := b[0]
		n := 1 + int(flags&7)
		b = b[1:]
		var rs []byteRange
		if flags&0x40 != 0 {
			if len(b) < 3 {
				return
			}
			// Each byte: an offset after the literal (0 to 7) and one of a
			// few ranges; 1 to 3 ranges, some maybe at the same offset.
			ranges := [][2]byte{{'0', '9'}, {'1', '1'}, {'a', 'z'}, {' ', '~'}}
			for _, c := range b[:3] {
				r := ranges[c>>3&3]
				rs = append(rs, byteRange{off: n + int(c&7), lo: r[0], hi: r[1]})
			}
			rs = rs[:1+int(flags>>4&3)%3]
			b = b[3:]
		}
		if len(b) < n {
			return
		}
		lit, hay := bytes.Clone(b[:n]), b[n:]
		mask := make([]byte, n)
		for k, c := range lit {
			if flags&0x80 != 0 && c|0x20 >= 'a' && c|0x20 <= 'z' {
				lit[k], mask[k] = c|0x20, 0x20
			}
		}
		bothPaths(t, func(string) { checkLitSearchRanges(t, lit, mask, rs, hay) })
	})
}

func ExampleRegexFinder_Prefilter() {
	f, _ := NewRegexFinder([]string{`code=(\d+)`})
	block := []byte("a\nlogin failed code=871300\r\nb code=x\n")
	for _, h := range f.Prefilter().Find(block, nil) {
		line := block[h.Start:h.End]
		fmt.Printf("%q: %v\n", line, codesOf(f.Find(bytes.TrimSuffix(line, []byte("\r")), nil)))
	}
	// Output: "login failed code=871300\r": [871300]
}

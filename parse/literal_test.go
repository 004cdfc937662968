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
	s := newLitSearch(lit, mask)
	want := naiveFind(hay, lit, mask)
	for from := 0; from <= len(hay); from += 1 + from/7 {
		allModes(s, from, func(name string, c cursor) {
			var got []int
			for p := s.next(hay, from, &c); p >= 0; p = s.next(hay, p+1, &c) {
				got = append(got, p)
			}
			i, _ := slices.BinarySearch(want, from)
			if !(len(got) == 0 && len(want[i:]) == 0) && !reflect.DeepEqual(got, want[i:]) {
				t.Fatalf("%s %q (mask %x) in %q from %d: %v, want %v", name, lit, mask, hay, from, got, want[i:])
			}
		})
	}
}

// FuzzLitSearch compares the literal search, in every mode, with a naive
// one. The first byte of the input is the literal's length.
func FuzzLitSearch(f *testing.F) {
	f.Add([]byte("\x03871 x871 8871871" + strings.Repeat("1871 ", 20)))
	f.Add([]byte("\x05code= Code=1 code=" + strings.Repeat("cod ", 20)))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 2 {
			return
		}
		n := 1 + int(b[0]&7)
		if len(b) < 1+n {
			return
		}
		lit, hay := bytes.Clone(b[1:1+n]), b[1+n:]
		mask := make([]byte, n)
		for k, c := range lit {
			if b[0]&0x80 != 0 && c|0x20 >= 'a' && c|0x20 <= 'z' {
				lit[k], mask[k] = c|0x20, 0x20
			}
		}
		bothPaths(t, func(string) { checkLitSearch(t, lit, mask, hay) })
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

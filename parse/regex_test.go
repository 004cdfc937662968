package parse

import (
	"bytes"
	"math/rand"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

func TestRegexFinder(t *testing.T) {
	cases := []struct {
		exprs []string
		in    string
		want  []uint32
	}{
		{[]string{`code=(\d+)`}, "a code=871300 b code=42 c code=x", []uint32{871300, 42}},
		{[]string{`8713\d\d`}, "871300 and 18713001", []uint32{871300, 871300}},
		{[]string{`code=(\d+)`}, "code=0123 code=1234567890", nil}, // leading zero; 10 digits
		{[]string{`(\d+)?x`}, "x 12x", []uint32{12}},               // an unmatched group is skipped
		{[]string{`err=(\d+)`, `code:(\d+)`}, "code:871104 err=871300", []uint32{871104, 871300}},
		{[]string{`(\d{6})`, `(871\d{3})`}, "871300", []uint32{871300}}, // overlapping hits once
		{[]string{`(\d+)`}, "会报871504错误", []uint32{871504}},
		// Leftmost-first, non-overlapping: the second 871 is taken by the first match.
		{[]string{`871\d{3}`}, "871871871 871300", []uint32{871871, 871300}},
		{[]string{`(?i)code=(\d+)`}, "CODE=1 Code=2 cOdE=3", []uint32{1, 2, 3}},
		{[]string{`(?i)k(\d+)`}, "K1 k2 \u212a3", []uint32{1, 2, 3}}, // Kelvin sign folds to k
		{[]string{`^(\d+)`}, "12 34", []uint32{12}},
		{[]string{`(\d+)$`}, "12 34", []uint32{34}},
		{[]string{`(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)`}, "871300 871301,x871302 871303", []uint32{871300, 871303}},
		{[]string{`错误码(\d+)`}, "错误码871300。", []uint32{871300}},
		{[]string{`PlatformException\((\d+),`}, "PlatformException(871300, x) PlatformException(7)", []uint32{871300}},
		{[]string{`a\nb(\d)`}, "a b1", nil}, // cannot match within a line
	}
	for _, c := range cases {
		f, err := NewRegexFinder(c.exprs)
		if err != nil {
			t.Fatal(err)
		}
		if got := codesOf(f.Find([]byte(c.in), nil)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q on %q: %v, want %v", c.exprs, c.in, got, c.want)
		}
		checkFinder(t, c.exprs, []byte(c.in+"\n"))
	}
}

func TestRegexFinderBadExpr(t *testing.T) {
	_, err := NewRegexFinder([]string{`ok`, `code=(\d+`})
	re, ok := err.(*RegexError)
	if !ok || re.Expr != `code=(\d+` {
		t.Fatalf("err = %v", err)
	}
}

// TestRegexFinderNoAlloc: the expressions that run without RE2 allocate
// nothing, nor does the prefilter with literals, nor the Block finder.
// TestRegexFinderNoAlloc: Find, the prefilter and the Block finder do not
// allocate, for expressions whose literals have a pass each and for the
// ten of bench/regex.sh, found in one pass (multiLit) with AVX2.
func TestRegexFinderNoAlloc(t *testing.T) {
	sets := [][]string{{`code=(\d+)`, `871\d{3}`, `(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)`}, tenShExprs}
	for _, exprs := range sets {
		f, err := NewRegexFinder(exprs)
		if err != nil {
			t.Fatal(err)
		}
		line := []byte("11-25 18:00:00.000 1 2 I JIM: login failed uid 187101234 desc=x code=871300 status 871301")
		block := bytes.Repeat(append(line, '\n'), 100)
		dst := make([]Hit, 0, 1024)
		if useAVX2 && len(exprs) == len(tenShExprs) && (f.multi == nil || f.pre.multi == nil) {
			t.Fatalf("%q: not found in one pass", exprs)
		}
		pre, bf := f.Prefilter(), f.Block()
		if n := testing.AllocsPerRun(100, func() {
			dst = f.Find(line, dst[:0])
			dst = pre.Find(block, dst[:0])
			dst = bf.Find(block, dst[:0])
		}); n != 0 {
			t.Errorf("%q: %v allocations per run", exprs, n)
		}
		if len(dst) == 0 {
			t.Errorf("%q: no codes found", exprs)
		}
	}
}

// TestPrefilter covers the cases where the per-line and the block views
// of an expression differ. Each case gives a block; the want lists are the
// lines (0-based) that must be picked, and the lines that must not (a
// false candidate would do no harm, but these ones show a needle at work).
func TestPrefilter(t *testing.T) {
	cases := []struct {
		name    string
		exprs   []string
		block   string
		must    []int
		mustNot []int
		nilPre  bool
	}{
		{name: "literal", exprs: []string{`code=(\d+)`}, block: "x\ncode=1\ncode=\ncode=x\n", must: []int{1}, mustNot: []int{0, 2, 3}},
		{name: "no final newline", exprs: []string{`code=(\d+)`}, block: "x\ncode=1", must: []int{1}},
		{name: "anchor ^", exprs: []string{`^code=(\d+)`}, block: "code=1\n code=2\n", must: []int{0}, mustNot: []int{1}},
		{name: "anchor $", exprs: []string{`code=(\d)$`}, block: "code=1\ncode=2 \ncode=3\r\ncode=4\r", must: []int{0, 2}, mustNot: []int{1, 3}},
		{name: "CR inside a line", exprs: []string{`code=(\d+)\r`}, block: "code=1\r \ncode=2\r\n", must: []int{0}},
		{name: "fold", exprs: []string{`(?i)code=(\d+)`}, block: "CODE=1\nCoDe=2\ncode=3\ncod=4\n", must: []int{0, 1, 2}, mustNot: []int{3}},
		{name: "fold to non-ASCII", exprs: []string{`(?i)k(\d+)`}, block: "\u212a1\nK2\nx3\n", must: []int{0, 1}},
		{name: "alternation", exprs: []string{`(?:code|errno)=(\d+)`}, block: "errno=1\ncode=2\nerr=3\n", must: []int{0, 1}, mustNot: []int{2}},
		{name: "boundary", exprs: []string{`(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)`},
			block: "871300\nx871300\n 871300 \n1871300\n8713001\n错871300\n871300\r\n", must: []int{0, 2, 5, 6}, mustNot: []int{1, 3, 4}},
		{name: "no literal", exprs: []string{`\b(\d{6})\b`}, block: "x\n123456\n1234567\n", must: []int{1}},
		{name: "no literal, $ and CRLF", exprs: []string{`(\d+)$`}, block: "1 \n2\r\n3\n4", must: []int{1, 2, 3}},
		{name: "no literal, ^", exprs: []string{`^(\d+)`}, block: "a1\n2\n", must: []int{1}},
		{name: "class matches newline", exprs: []string{`[^a](\d{3})`}, block: "x\n123\nx123\n", must: []int{2}},
		{name: "match spans lines", exprs: []string{`a[^b]*(\d)`}, block: "a\nza5\n", must: []int{1}},
		{name: "match spans lines, literal", exprs: []string{`code[^b]*=(\d)`}, block: "code\nxcode=5\n", must: []int{1}},
		{name: "can match empty", exprs: []string{`(\d*)`}, nilPre: true},
		{name: "$ not last", exprs: []string{`(\d)$\b`}, nilPre: true},
		{name: "one without literal", exprs: []string{`code=(\d+)`, `(\d+)`}, block: "code=1\n2\nx\n", must: []int{0, 1}},
		{name: "never", exprs: []string{`a\nb(\d)`}, block: "a\nb1\n", mustNot: []int{0, 1}},
		{name: "ten", exprs: tenExprs, block: "x\n错误码12\nstatus 3\nerr123456\n\"code\":4\n", must: []int{1, 2, 3, 4}, mustNot: []int{0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := NewRegexFinder(c.exprs)
			if err != nil {
				t.Fatal(err)
			}
			pre := f.Prefilter()
			if (pre == nil) != c.nilPre {
				t.Fatalf("Prefilter() = %v, want nil %v", pre, c.nilPre)
			}
			if pre == nil {
				return
			}
			checkFinder(t, c.exprs, []byte(c.block))
			picked := map[int]bool{}
			for _, h := range pre.Find([]byte(c.block), nil) {
				picked[bytes.Count([]byte(c.block[:h.Start]), []byte("\n"))] = true
			}
			for _, l := range c.must {
				if !picked[l] {
					t.Errorf("line %d not picked", l)
				}
			}
			for _, l := range c.mustNot {
				if picked[l] {
					t.Errorf("line %d picked", l)
				}
			}
		})
	}
}

var tenExprs = []string{`code=(\d+)`, `errorCode=(\d+)`, `871\d{3}`, `responseCode: (\d+)`, `jmsg_error Code=(\d+)`,
	`PlatformException\((\d+),`, `"code":(\d+)`, `错误码(\d+)`, `status (\d+)`, `err(\d{6})`}

// refFind is RegexFinder.Find as it was before the prefilter: every
// expression with RE2, the hits merged by position.
func refFind(res []*regexp.Regexp, line []byte) []Hit {
	var hits []Hit
	for _, re := range res {
		g := min(re.NumSubexp(), 1)
		for _, m := range re.FindAllSubmatchIndex(line, -1) {
			s, e := m[2*g], m[2*g+1]
			if s < 0 {
				continue
			}
			if code, ok := codes.ParseCode(line[s:e]); ok {
				hits = append(hits, Hit{Start: s, End: e, Code: code})
			}
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Start < hits[j].Start })
	var out []Hit
	for _, h := range hits {
		if len(out) > 0 && h.Start < out[len(out)-1].End {
			continue
		}
		out = append(out, h)
	}
	return out
}

// blockLines splits a block as the filter does: each line's text, without
// its "\n" or "\r\n", and where the line starts and its "\n" (or the end).
func blockLines(block []byte) (texts [][]byte, starts, ends []int) {
	for ls := 0; ls < len(block); {
		le := len(block)
		if k := bytes.IndexByte(block[ls:], '\n'); k >= 0 {
			le = ls + k
		}
		text := block[ls:le]
		if le < len(block) && len(text) > 0 && text[len(text)-1] == '\r' {
			text = text[:len(text)-1]
		}
		texts, starts, ends = append(texts, text), append(starts, ls), append(ends, le)
		ls = le + 1
	}
	return texts, starts, ends
}

// checkFinder checks the RegexFinder of exprs on block against refFind:
// Find gives the same hits on every line, the prefilter's hits are whole
// lines, in order, once each, and include every line with a hit, and the
// Block finder gives the hits of all lines.
func checkFinder(t *testing.T, exprs []string, block []byte) {
	t.Helper()
	f, err := NewRegexFinder(exprs)
	if err != nil {
		t.Fatal(err)
	}
	var res []*regexp.Regexp
	for _, x := range exprs {
		res = append(res, regexp.MustCompile(x))
	}
	texts, starts, ends := blockLines(block)
	pre := f.Prefilter()
	var hits []Hit
	if pre != nil {
		hits = pre.Find(block, nil)
	}
	var wantBlock []Hit // the hits of every line, at their places in block
	h := 0
	for i, text := range texts {
		want := refFind(res, text)
		for _, w := range want {
			wantBlock = append(wantBlock, Hit{Start: starts[i] + w.Start, End: starts[i] + w.End, Code: w.Code})
		}
		if got := f.Find(text, nil); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: Find(%q) = %v, want %v", exprs, text, got, want)
		}
		picked := false
		for h < len(hits) && hits[h].Start <= ends[i] {
			if hits[h].Start != starts[i] || hits[h].End != ends[i] || picked {
				t.Fatalf("%q on %q: prefilter hit %v; line %d is [%d, %d)", exprs, block, hits[h], i, starts[i], ends[i])
			}
			picked = true
			h++
		}
		if pre != nil && len(want) > 0 && !picked {
			t.Fatalf("%q on %q: prefilter missed line %d %q (hits %v)", exprs, block, i, text, hits)
		}
	}
	if h < len(hits) {
		t.Fatalf("%q on %q: prefilter hits past the lines: %v", exprs, block, hits[h:])
	}
	if bf := f.Block(); bf != nil {
		if got := bf.Find(block, nil); !(len(got) == 0 && len(wantBlock) == 0) && !reflect.DeepEqual(got, wantBlock) {
			t.Fatalf("%q: Block().Find(%q) = %v, want %v", exprs, block, got, wantBlock)
		}
	}
}

// FuzzRegexFinder checks the regex finder against its contract on any
// input: hits are in order, do not overlap, lie within the line, and are
// codes written canonically, whose value is Code. Then it reads the input
// as expressions from a small grammar and a block of lines, and checks
// their finder against refFind (see checkFinder).
func FuzzRegexFinder(f *testing.F) {
	for _, c := range finderCases {
		f.Add([]byte(c.in))
	}
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	rf, err := NewRegexFinder([]string{`(\d+)`, `code=(\d+)`})
	if err != nil {
		f.Fatal(err)
	}
	digits := regexp.MustCompile(`^[0-9]+$`)
	f.Fuzz(func(t *testing.T, b []byte) {
		hits := rf.Find(b, nil)
		end := 0
		for _, h := range hits {
			if h.Start < end || h.End > len(b) || h.Start >= h.End {
				t.Fatalf("bad hit %+v after %d in %q", h, end, b)
			}
			end = h.End
			if !digits.Match(b[h.Start:h.End]) {
				t.Fatalf("hit %+v is not digits in %q", h, b)
			}
			if code, ok := codes.ParseCode(b[h.Start:h.End]); !ok || code != h.Code {
				t.Fatalf("hit %+v: ParseCode %d %v", h, code, ok)
			}
		}
		exprs, block := fuzzExprs(b)
		for _, x := range exprs {
			if _, err := regexp.Compile(x); err != nil {
				return
			}
		}
		bothPaths(t, func(string) { checkFinder(t, exprs, block) })
	})
}

// fuzzSeeds are inputs for fuzzExprs.
var fuzzSeeds = []string{
	"\x03\x00\x01\x10\x20|8710code=\n871300\n",
	"\x02\x31\x01\x22\x33\x40|a\nza5\n",
	"\x04\x10\x41\x50\x02\x01|871300 \r\n",
	// 871\d{3} on a long line of 871s inside longer numbers.
	"\x00\x01\x00\x00\x01\x03\x00\x00\x00\x1e\x06\x06\x02\x04\x05\x1e\x1d\x06\x19\x09\x1c\x19\x06\x04\x1e\x06\x03",
}

// Pieces of the expressions of fuzzExprs.
var (
	fuzzAtoms = []string{`871`, `code=`, `8`, `7`, `1`, `0`, `a`, `A`, `é`, `错误码`, `=`, ` `, `\.`,
		`\d`, `[0-9]`, `[1-9]`, `\w`, `\W`, `\s`, `[^0-9A-Za-z_]`, `.`, `(?s:.)`, `[^a]`, `[\r\n]`, `\n`, `\r`,
		`[a-f]`, `(?i:k)`, `(?i:code)`, `(?i:É)`, `\x{FFFD}`, `[é-ë]`, `\pL`,
		`^`, `$`, `\b`, `\B`, `\A`, `\z`, `(?m:^)`, `(?m:$)`,
		`(?:^|\W)`, `(?:\W|$)`, `(?:\W|^)`, `(?:$|\D)`, `(?:^|[^0-9])`, `\D`, `(?:^|é)`, `(?:[ =]|$)`}
	fuzzQuants = []string{``, ``, ``, `*`, `+`, `?`, `{2}`, `{1,3}`, `{0,2}`, `*?`, `+?`, `{3}`}
	fuzzTokens = []string{"8", "7", "1", "0", "3", "9", "871", "code=", "\n", "\r\n", "\r", " ", "a", "A", "_",
		"é", "错", "误码", "K", "\u212a", "\xff", "\xe9", "=", "-", "CODE=", "871300", "x", ".",
		"８", "1871", strings.Repeat("x", 32)}
)

// fuzzExprs reads 1 to 3 expressions and a block of lines from b.
func fuzzExprs(b []byte) (exprs []string, block []byte) {
	r := &fuzzReader{b: b}
	n := 1 + int(r.next())%3
	for i := 0; i < n; i++ {
		if c := r.next(); c&1 != 0 {
			exprs = append(exprs, r.dspExpr())
		} else {
			exprs = append(exprs, r.expr(2))
		}
	}
	raw := r.next()&0x80 != 0
	for r.i < len(r.b) {
		c := r.next()
		if raw {
			block = append(block, c)
		} else {
			block = append(block, fuzzTokens[int(c)%len(fuzzTokens)]...)
		}
	}
	return exprs, block
}

type fuzzReader struct {
	b []byte
	i int
}

// next returns the next byte, 0 past the end.
func (r *fuzzReader) next() byte {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

// Pieces of the expressions of fuzzReader.dspExpr.
var (
	fuzzLeads = []string{``, ``, `^`, `\b`, `\B`, `(?:^|\W)`, `(?:\W|^)`, `\D`, `[ =]`, `(?i:k)`, `é`, `.`, `(?m:^)`}
	fuzzLits  = []string{`871`, `code=`, `a`, `(?i:code)`, `错误码`, `8`, `(?i:a)`, `=`}
	fuzzItems = []string{`\d`, `\d+`, `\d*`, `\d{3}`, `\d{1,3}`, `[a-f]?`, `\s*`, `=`, `x`, `[0-9a-f]+`, `1`, `\w+`,
		`[0-9]{2}`, `\d{6}`, `[1-3]`, `(\d{2})`, `\w{2}`}
	fuzzTrails = []string{``, ``, `$`, `\b`, `\B`, `(?:\W|$)`, `\D`, `[^0-9]`, `é`, `(?:$|\D)`, `(?m:$)`, `.`}
)

// dspExpr returns an expression of the form that dsp runs, or nearly.
func (r *fuzzReader) dspExpr() string { return r.dspExprOf(fuzzLits) }

// dspExprOf is dspExpr with one of lits as the literal.
func (r *fuzzReader) dspExprOf(lits []string) string {
	parts := []string{fuzzLeads[int(r.next())%len(fuzzLeads)], lits[int(r.next())%len(lits)]}
	for n := int(r.next()) % 4; n > 0; n-- {
		parts = append(parts, fuzzItems[int(r.next())%len(fuzzItems)])
	}
	parts = append(parts, fuzzTrails[int(r.next())%len(fuzzTrails)])
	g := r.next()
	i, j := int(g)%len(parts), int(g>>4)%(len(parts)+1)
	if i < j {
		parts[i] = "(" + parts[i]
		parts[j-1] += ")"
	}
	return strings.Join(parts, "")
}

func (r *fuzzReader) expr(depth int) string {
	var sb strings.Builder
	c := r.next()
	n := 1 + int(c&3)
	for i := 0; i < n; i++ {
		k := r.next()
		switch {
		case k >= 0xf0 && depth > 0:
			sb.WriteString("(" + r.expr(depth-1) + ")")
		case k >= 0xe0 && depth > 0:
			sb.WriteString("(?:" + r.expr(depth-1) + "|" + r.expr(depth-1) + ")")
		default:
			sb.WriteString(fuzzAtoms[int(k)%len(fuzzAtoms)])
		}
		sb.WriteString(fuzzQuants[int(r.next())%len(fuzzQuants)])
	}
	if c&0x80 != 0 {
		return "(" + sb.String() + ")"
	}
	return sb.String()
}

// TestFuzzExprs: the grammar makes valid expressions.
func TestFuzzExprs(t *testing.T) {
	valid := 0
	rnd := rand.New(rand.NewSource(1))
	for i := 0; i < 1000; i++ {
		b := make([]byte, 10+rnd.Intn(50))
		rnd.Read(b)
		exprs, _ := fuzzExprs(b)
		ok := true
		for _, x := range exprs {
			if _, err := regexp.Compile(x); err != nil {
				ok = false
			}
		}
		if ok {
			valid++
		}
	}
	if valid < 900 {
		t.Errorf("only %d of 1000 inputs give valid expressions", valid)
	}
}

// TestDSP: which expressions Find runs without RE2 (their results are
// checked against RE2 by TestRegexFinder and FuzzRegexFinder).
func TestDSP(t *testing.T) {
	yes := []string{`code=(\d+)`, `871\d{3}`, `err(\d{6})`, `(?i)code=(\d+)`, `错误码(\d+)`, `PlatformException\((\d+),`,
		`\b871\d{3}\b`, `(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)`, `(?:\W|^)(871\d{3})`, `\D(871\d{3})\D`,
		`^code=(\d+)$`, `^(\d+)`, `[ =](871\d\d\d)`, `code=\s*(\d{1,9})\b`, `(?m)^871(\d+)$`}
	no := []string{`(\d+)`, `\d+871`, `code=(\d+?)`, `code=(\d*)\d`, `(?:code|errno)=(\d+)`, `(\W871\d{3})`,
		`code=(\d+)\B`, `code=(\w*)\b`, `a.b(\d)`, `(?i)k(\d)`, `(code=)+(\d)`}
	for _, list := range []struct {
		exprs []string
		want  bool
	}{{yes, true}, {no, false}} {
		for _, x := range list.exprs {
			f, err := NewRegexFinder([]string{x})
			if err != nil {
				t.Fatal(err)
			}
			if got := f.pats[0].dsp != nil; got != list.want {
				t.Errorf("%s: dsp %v, want %v", x, got, list.want)
			}
		}
	}
	// The fuzz grammar makes some.
	rnd := rand.New(rand.NewSource(1))
	n := 0
	for i := 0; i < 1000; i++ {
		b := make([]byte, 10+rnd.Intn(50))
		rnd.Read(b)
		exprs, _ := fuzzExprs(b)
		if f, err := NewRegexFinder(exprs); err == nil && f.pats[0].dsp != nil {
			n++
		}
	}
	if n < 200 {
		t.Errorf("the fuzz grammar makes %d dsp expressions in 1000", n)
	}
	t.Logf("the fuzz grammar makes %d dsp expressions in 1000", n)
}

// dspOf returns the dsp of the regex finder of expr, failing t if it has
// none.
func dspOf(t *testing.T, expr string) *dsp {
	t.Helper()
	f, err := NewRegexFinder([]string{expr})
	if err != nil {
		t.Fatal(err)
	}
	if f.pats[0].dsp == nil {
		t.Fatalf("%s: no dsp", expr)
	}
	return f.pats[0].dsp
}

// TestDSPRanges: which bytes after the literal the AVX2 search of a dsp
// tests (see dsp.ranges).
func TestDSPRanges(t *testing.T) {
	for _, c := range []struct {
		expr string
		want []byteRange // nil: none
	}{
		{`871\d{3}`, []byteRange{{3, '0', '9'}, {4, '0', '9'}, {5, '0', '9'}}},
		{`871[0-9]{3}`, []byteRange{{3, '0', '9'}, {4, '0', '9'}, {5, '0', '9'}}},
		{`code=(\d+)`, []byteRange{{5, '0', '9'}}},
		{`(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)`, []byteRange{{3, '0', '9'}, {4, '0', '9'}, {5, '0', '9'}}},
		// The narrowest first: [1-3] before \d, the x (one byte) first.
		{`err\d[1-3]x`, []byteRange{{5, 'x', 'x'}, {4, '1', '3'}, {3, '0', '9'}}},
		// Past an item of varying length the offsets are unknown.
		{`code=\s*(\d+)`, nil},
		{`code=(\d{2})-?\d`, []byteRange{{5, '0', '9'}, {6, '0', '9'}}},
		{`a\w\w`, []byteRange{{1, '0', 'z'}, {2, '0', 'z'}}},
		{`a[^b]`, nil}, // too wide
	} {
		d := dspOf(t, c.expr)
		if got := d.ranges(); !(len(got) == 0 && len(c.want) == 0) && !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: ranges %v, want %v", c.expr, got, c.want)
		}
		if (d.lit.rng != nil) != (len(c.want) > 0) {
			t.Errorf("%s: rng %v", c.expr, d.lit.rng)
		}
	}
}

// TestDSPFixed: the expressions whose matches follow from the literal's
// place and the bytes its search tests (dsp.fixedWidth), where find skips
// matchAt, and the code's place in such a match. TestDSPEdges and
// FuzzRegexFinder check their matches against RE2.
func TestDSPFixed(t *testing.T) {
	for _, c := range []struct {
		expr                string
		fixed, code0, code1 int
	}{
		{`871\d{3}`, 6, 0, 6},
		{`871(\d{3})`, 6, 3, 6},
		{`(871)\d{3}`, 6, 0, 3},
		{`87(1\d)\d{2}`, 6, 2, 4},
		{`err\d[1-3]x`, 6, 0, 6},
		{`871\d{4}`, 0, 0, 0},           // the fourth digit is not tested
		{`\b871\d{3}\b`, 0, 0, 0},       // a lead and a trail
		{`(?:\W|^)(871\d{3})`, 0, 0, 0}, // a lead
		{`code=(\d+)`, 0, 0, 0},
		{`871\d{2,3}`, 0, 0, 0},
		{`871[0-9a-f]{3}`, 0, 0, 0}, // not one range
		{`a\w\w`, 0, 0, 0},
	} {
		d := dspOf(t, c.expr)
		if d.fixed != c.fixed || c.fixed > 0 && (d.f0 != c.code0 || d.f1 != c.code1) {
			t.Errorf("%s: fixed %d, code at %d:%d; want %d, %d:%d", c.expr, d.fixed, d.f0, d.f1, c.fixed, c.code0, c.code1)
		}
	}
}

// TestDSPEdges: the matches of simple expressions where the literal is
// common and the bytes after it decide, against RE2 (checkFinder, both
// searches) and against the codes written down. Each text is also tried
// after 0 to 70 bytes of padding and as the last of two lines, so that its
// matches fall on every place of the 32-byte blocks of the AVX2 search and
// at the block's end.
func TestDSPEdges(t *testing.T) {
	cases := []struct {
		expr string
		in   string
		want []uint32
	}{
		// Leftmost-first: 871871 is taken at 0, and the match ends there.
		{`871\d{3}`, "8718713456", []uint32{871871}},
		// The next search starts where the match ends, not on its last byte.
		{`871\d{3}`, "87187871234", []uint32{871878}},
		{`871\d{3}`, "871871871", []uint32{871871}},
		{`871\d{3}`, "871300871301", []uint32{871300, 871301}}, // adjacent
		{`871\d{3}`, "1871300 87130 871", []uint32{871300}},
		{`871\d{3}`, "x87130", nil}, // ends before the third digit
		{`871\d{3}`, "871300", []uint32{871300}},
		{`871\d{3}`, "871300\r", []uint32{871300}},
		{`871\d{3}`, "871３00 871\uff18\uff18\uff18 87130０", nil}, // full-width digits are not \d
		{`871[0-9]{3}`, "a871300b8713001", []uint32{871300, 871300}},
		{`871(\d{3})`, "871300 871030 871871", []uint32{300, 871}}, // the group is the code; 030 has a leading zero
		{`(871)\d{3}`, "871300 87130", []uint32{871}},
		{`8(71\d{3})`, "871300", []uint32{71300}},
		{`code=(\d+)`, "code=871300code=1 code= code=x", []uint32{871300, 1}},
		{`code=(\d{6})`, "code=87130 code=8713001", []uint32{871300}},
		{`\b871\d{3}\b`, "871300 1871300 8713001 _871300 871300_ 871301", []uint32{871300, 871301}},
		// The space after 871300 is the first match's: none is left before 871301.
		{`(?:^|[^0-9A-Za-z_])(871\d{3})(?:[^0-9A-Za-z_]|$)`, "871300 871301 x871302,871303  871304", []uint32{871300, 871303, 871304}},
		{`(?:^|\D)(871\d{3})(?:\D|$)`, "871300871301 871302", []uint32{871302}},
		{`err(\d{6})`, "err871300err871301 err87130", []uint32{871300, 871301}},
		// Enough misses to turn the range search on (litSearch.miss) midway.
		{`871\d{3}`, strings.Repeat("1871 ", 40) + "871300 " + strings.Repeat("871x", 20) + "8718713456 87130",
			[]uint32{871300, 871871}},
	}
	for _, c := range cases {
		f, err := NewRegexFinder([]string{c.expr})
		if err != nil {
			t.Fatal(err)
		}
		if f.pats[0].dsp == nil {
			t.Fatalf("%s: no dsp", c.expr)
		}
		bothPaths(t, func(path string) {
			if got := codesOf(f.Find([]byte(c.in), nil)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s %s on %q: %v, want %v", path, c.expr, c.in, got, c.want)
			}
			if got := codesOf(f.Block().Find([]byte(c.in), nil)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s %s: Block on %q: %v, want %v", path, c.expr, c.in, got, c.want)
			}
			for pad := 0; pad <= 70; pad++ {
				p := strings.Repeat("x", pad)
				checkFinder(t, []string{c.expr}, []byte(p+c.in))
				checkFinder(t, []string{c.expr}, []byte(p+c.in+"\n"))
				checkFinder(t, []string{c.expr}, []byte(p+c.in+"\r\n"+c.in+p+"\r\n"+p+c.in))
				checkFinder(t, []string{c.expr}, []byte(p+"\n"+c.in+" "+c.in))
			}
		})
	}
}

// TestLitSearchMiss: the search turns to testing the bytes after the
// literal when the caller misses more than about once in 256 bytes.
func TestLitSearchMiss(t *testing.T) {
	f, err := NewRegexFinder([]string{`871\d{3}`})
	if err != nil {
		t.Fatal(err)
	}
	s := f.pats[0].dsp.lit
	var c cursor
	s.start(&c, 0)
	for p := 0; p < 64<<10; p += 512 { // one miss in 512 bytes
		s.miss(&c, p)
	}
	if c.rng {
		t.Errorf("rng set after one miss in 512 bytes")
	}
	for p := 64 << 10; p < 128<<10 && !c.rng; p += 64 {
		s.miss(&c, p)
	}
	if !c.rng {
		t.Errorf("rng not set after misses every 64 bytes")
	}
	s.start(&c, 0)
	if c.rng || c.misses != 0 {
		t.Errorf("start keeps rng %v, misses %d", c.rng, c.misses)
	}
}

package parse

import (
	"reflect"
	"regexp"
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
	}
	for _, c := range cases {
		f, err := NewRegexFinder(c.exprs)
		if err != nil {
			t.Fatal(err)
		}
		if got := codesOf(f.Find([]byte(c.in), nil)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q on %q: %v, want %v", c.exprs, c.in, got, c.want)
		}
	}
}

func TestRegexFinderBadExpr(t *testing.T) {
	_, err := NewRegexFinder([]string{`ok`, `code=(\d+`})
	re, ok := err.(*RegexError)
	if !ok || re.Expr != `code=(\d+` {
		t.Fatalf("err = %v", err)
	}
}

// FuzzRegexFinder checks the regex finder against its contract on any
// input: hits are in order, do not overlap, lie within the line, and are
// codes written canonically, whose value is Code.
func FuzzRegexFinder(f *testing.F) {
	for _, c := range finderCases {
		f.Add([]byte(c.in))
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
	})
}

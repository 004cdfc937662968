package parse

import (
	"reflect"
	"regexp"
	"regexp/syntax"
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

// TestCanFind is issue 10, defect 9: expressions that can never find a
// code are told apart.
func TestCanFind(t *testing.T) {
	for _, c := range []struct {
		expr string
		want bool
	}{
		{`code[:=] ?(\d+)`, true},
		{`8713\d\d`, true},
		{`errorCode=(\d+)`, true},
		{`(\w+)`, true},
		{`(.*)`, true},
		{`(\d*)`, true},
		{`\b(\d+)\b`, true},
		{`(x|\d)`, true},
		{`(\d{3,})`, true},
		{`(\d?){20}`, true},
		{`(0)`, true}, // a leading zero is not looked at
		{`(?i)CODE=(\d+)`, true},
		{`(?:a|(\d))`, true},
		{``, false},
		{`()`, false},
		{`(?:)`, false},
		{`(^)`, false},
		{`error`, false},
		{`code=\d+`, false}, // the whole match holds letters
		{`([a-z]+)`, false},
		{`(\d{10})`, false},
		{`(\d{5}\d{5})`, false},
		{`([0-9]{2}){5}`, true}, // the group holds its last repetition: 2 digits
		{`((?:[0-9]{2}){5})`, false},
		{`(\D+)`, false},
		{`(x\d)`, false},
		{`[^\d\s]+`, false},
	} {
		got, err := CanFind(c.expr)
		if err != nil || got != c.want {
			t.Errorf("CanFind(%q) = %v, %v; want %v", c.expr, got, err, c.want)
		}
	}
	if _, err := CanFind(`(`); err == nil {
		t.Error("CanFind(`(`): no error")
	}
}

// FuzzCanFind: when an expression's group matches some run of 1 to 4
// digits (tried one by one, the reference), CanFind must say yes.
func FuzzCanFind(f *testing.F) {
	for _, s := range []string{`(\d+)`, `code=(\d+)`, `(\d{2}){2}`, `()`, `a|1`, `(x?\d?){3}`, `(\b\d)`} {
		f.Add(s)
	}
	runs := digitStrings(4)
	f.Fuzz(func(t *testing.T, expr string) {
		if len(expr) > 64 {
			return
		}
		ok, err := CanFind(expr)
		if err != nil {
			return
		}
		re, _ := syntax.Parse(expr, syntax.Perl)
		g := firstGroup(re.Simplify())
		sub := re
		if g != nil {
			sub = g.Sub[0]
		}
		ref, err := regexp.Compile(`^(?:` + sub.String() + `)$`)
		if err != nil {
			return
		}
		for _, s := range runs {
			if ref.MatchString(s) && !ok {
				t.Fatalf("CanFind(%q) = false, but its group matches %q", expr, s)
			}
		}
	})
}

// digitStrings returns every string of 1 to n ASCII digits.
func digitStrings(n int) []string {
	var all, last []string
	last = []string{""}
	for range n {
		var next []string
		for _, p := range last {
			for d := '0'; d <= '9'; d++ {
				next = append(next, p+string(d))
			}
		}
		all = append(all, next...)
		last = next
	}
	return all
}

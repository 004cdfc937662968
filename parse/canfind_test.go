package parse

import (
	"regexp"
	"regexp/syntax"
	"testing"
)

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

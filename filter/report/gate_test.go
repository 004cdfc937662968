package report

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
)

func TestParseGate(t *testing.T) {
	cases := []struct {
		values []string
		want   string // Gate.String, or "error: " and a part of the message
	}{
		{nil, ""},
		{[]string{"any"}, "any"},
		{[]string{"unknown"}, "unknown"},
		{[]string{"871300"}, "871300"},
		{[]string{"871300,871104", " 871300 , unknown"}, "unknown,871104,871300"},
		{[]string{"7130001", "1"}, "1,7130001"},
		{[]string{"87130x"}, `error: "87130x" is not any, unknown or a code of 1 to 9 digits`},
		{[]string{"871300,"}, "error: an empty item"},
		{[]string{""}, "error: an empty item"},
		{[]string{"ANY"}, `error: "ANY" is not`},
		{[]string{"0871300"}, "error: (no leading zeros)"},
		{[]string{"1234567890"}, "error: 1 to 9 digits"},
		{[]string{"-1"}, "error: "},
		{[]string{"0"}, "error: code 0 means success"},
	}
	for _, c := range cases {
		g, err := ParseGate(c.values)
		got := g.String()
		if err != nil {
			got = "error: " + err.Error()
		}
		if msg, isErr := strings.CutPrefix(c.want, "error: "); isErr {
			// Library errors quote the value and never name a flag.
			if err == nil || !strings.Contains(err.Error(), msg) || strings.Contains(err.Error(), "--") {
				t.Errorf("%q: got %q, want an error with %q", c.values, got, msg)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.values, got, c.want)
		}
	}
}

func TestGateCheck(t *testing.T) {
	extra, err := codes.Parse("x.tsv", strings.NewReader("7130001\tServer busy.\t\n"), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	withExtra := codes.Merge(codes.Embedded(), extra)
	for _, c := range []struct {
		gate string
		tab  *codes.Table
		ok   bool
	}{
		{"871300", codes.Embedded(), true},
		{"871999", codes.Embedded(), true}, // unknown, but counted as such
		{"7130001", codes.Embedded(), false},
		{"7130001", withExtra, true},
		{"any,unknown", codes.Embedded(), true},
	} {
		g, err := ParseGate([]string{c.gate})
		if err != nil {
			t.Fatal(err)
		}
		if err := g.Check(c.tab); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.gate, err)
		}
	}
}

func TestGateTripped(t *testing.T) {
	run := func(in string) filter.Summary {
		f := filter.New(filter.Config{})
		if err := f.Run(context.Background(), &filter.Source{Name: "-", R: strings.NewReader(in)}); err != nil {
			t.Fatal(err)
		}
		return f.Counts().Snapshot()
	}
	some := run("871300 871300 871104\n871999 plain\n")
	none := run("plain\nlines 871 8713001\n")
	cases := []struct {
		gate string
		sum  filter.Summary
		want string // the codes that trip it
	}{
		{"any", some, "871300 871104 871999"},
		{"any", none, ""},
		{"unknown", some, "871999"},
		{"871104", some, "871104"},
		{"871105,871999", some, "871999"},
		{"871105", some, ""},
		{"unknown,871300", some, "871300 871999"},
		{"", some, ""},
	}
	for _, c := range cases {
		var vals []string
		if c.gate != "" {
			vals = []string{c.gate}
		}
		g, err := ParseGate(vals)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, cc := range g.Tripped(&c.sum) {
			got = append(got, fmt.Sprint(cc.Code))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: tripped by %q, want %q", c.gate, got, c.want)
		}
		if g.Active() != (c.gate != "") {
			t.Errorf("%s: Active %v", c.gate, g.Active())
		}
	}
	g, _ := ParseGate([]string{"any"})
	if msg := TripMessage(g.Tripped(&some)); msg != "871300 seen 2 times, 871104 seen once, 871999 seen once" {
		t.Errorf("message %q", msg)
	}
}

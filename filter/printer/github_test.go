package printer_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/printer/printertest"
)

func TestGitHubEscape(t *testing.T) {
	// The toolkit's rules: data escapes % CR LF; properties also : and ,.
	cases := []struct{ in, data, prop string }{
		{"plain text", "plain text", "plain text"},
		{"100%", "100%25", "100%25"},
		{"%0A", "%250A", "%250A"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"logs/a,b:c.log", "logs/a,b:c.log", "logs/a%2Cb%3Ac.log"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"会报871300", "会报871300", "会报871300"},
	}
	for _, c := range cases {
		if got := printer.EscapeData(c.in); got != c.data {
			t.Errorf("printer.EscapeData(%q) = %q, want %q", c.in, got, c.data)
		}
		if got := printer.EscapeProperty(c.in); got != c.prop {
			t.Errorf("printer.EscapeProperty(%q) = %q, want %q", c.in, got, c.prop)
		}
	}
}

// unescapeProperty is the runner's inverse, for the round trip below.
var unescapeProperty = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")

func TestGitHubEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{"%3A", "%%2C%", "a:b,c\r\n%", "%250A"} {
		e := printer.EscapeProperty(s)
		if strings.ContainsAny(e, ":,\r\n") || unescapeProperty.Replace(e) != s {
			t.Errorf("%q escapes to %q", s, e)
		}
	}
}

func github(t *testing.T, name, in string, tab *codes.Table, level printer.Level) string {
	t.Helper()
	var out bytes.Buffer
	var got string
	forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
		out.Reset()
		o := printer.NewOut(&out)
		f := filter.New(filter.Config{Table: tab, Sink: printer.NewGitHub(o, level), BufSize: size})
		if err := f.Run(context.Background(), &filter.Source{Name: name, R: wrap(strings.NewReader(in))}); err != nil {
			t.Fatal(err)
		}
		if err := o.Close(); err != nil {
			t.Fatal(err)
		}
		if got != "" && out.String() != got {
			t.Fatalf("output depends on the reader or buffer:\n%s\nvs\n%s", out.String(), got)
		}
		got = out.String()
	})
	return got
}

func TestGitHubSink(t *testing.T) {
	tab, err := codes.Parse("x.json", strings.NewReader(`[
		{"code": 871901, "message": "Quota 100% used", "instruction": "retry: later, slowly"},
		{"code": 871902, "message": "", "instruction": ""},
		{"code": 871903, "message": "Line\u001b[31m one\nand two", "instruction": ""}]`), codes.JSON)
	if err != nil {
		t.Fatal(err)
	}
	tab = codes.Merge(codes.Embedded(), tab)
	in := "plain\r\n" +
		"a 871300 b 871300 871999\r\n" +
		"no code\n" +
		"871901 871902 871903\n" +
		strings.Repeat("x", 300) + " long line 871104"
	got := github(t, "logs/a,b:c.log", in, tab, printer.LevelWarning)
	want := "::warning file=logs/a%2Cb%3Ac.log,line=2,title=JMessage 871300::Have not logged in. (Initiator of api call has not logged in)\n" +
		"::warning file=logs/a%2Cb%3Ac.log,line=2,title=JMessage 871999 (unknown)::871999 is not in the code table (an unknown JMessage code)\n" +
		"::warning file=logs/a%2Cb%3Ac.log,line=4,title=JMessage 871901::Quota 100%25 used (retry: later, slowly)\n" +
		"::warning file=logs/a%2Cb%3Ac.log,line=4,title=JMessage 871902::(no message)\n" +
		"::warning file=logs/a%2Cb%3Ac.log,line=4,title=JMessage 871903::Line [31m one and two\n" +
		"::warning file=logs/a%2Cb%3Ac.log,line=5,title=JMessage 871104::Server internal error. (Server internal error)\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Standard input: no file property; the line number is kept.
	got = github(t, "-", "x\n871300\n", nil, printer.LevelNotice)
	if want := "::notice line=2,title=JMessage 871300::Have not logged in. (Initiator of api call has not logged in)\n"; got != want {
		t.Errorf("stdin: got %q, want %q", got, want)
	}
	// Every command is one line that starts with "::".
	for _, l := range strings.Split(strings.TrimSuffix(github(t, "f", randomText(), nil, printer.LevelError), "\n"), "\n") {
		if !strings.HasPrefix(l, "::error file=f,line=") {
			t.Fatalf("not a command: %q", l)
		}
	}
}

func randomText() string {
	var b strings.Builder
	for i := range 200 {
		b.WriteString("line ")
		if i%3 == 0 {
			b.WriteString("871300 871999\r")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestParseLevel(t *testing.T) {
	for _, l := range []printer.Level{printer.LevelError, printer.LevelWarning, printer.LevelNotice} {
		got, err := printer.ParseLevel(l.String())
		if err != nil || got != l {
			t.Errorf("ParseLevel(%q) = %v, %v", l.String(), got, err)
		}
	}
	if _, err := printer.ParseLevel("fatal"); err == nil || err.Error() != `"fatal": use error, warning or notice` {
		t.Errorf("ParseLevel(fatal): %v", err)
	}
}

// TestGrouper: grouped annotations count every occurrence of a code per
// source, point at its first line, and agree with a naive count; the
// wrapped Sink still gets everything.
func TestGrouper(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	pieces := []string{"871300", "871104", "871999", "x", " ", "\n", "\r\n", "8713001", "871300 871300"}
	for iter := 0; iter < 50; iter++ {
		var srcs [2]strings.Builder
		for i := range srcs {
			for range r.Intn(300) {
				srcs[i].WriteString(pieces[r.Intn(len(pieces))])
			}
			srcs[i].WriteString("\n") // so that Strip sees the sources' lines apart
		}
		var plain bytes.Buffer
		o := printer.NewOut(&plain)
		g := printer.NewGrouper(printer.NewText(o, printer.TextOptions{}))
		f := filter.New(filter.Config{Table: codes.Embedded(), Sink: g, BufSize: 64 + r.Intn(200)})
		names := []string{"a.log", "-"}
		for i, s := range srcs {
			if err := f.Run(context.Background(), &filter.Source{Name: names[i], R: strings.NewReader(s.String())}); err != nil {
				t.Fatal(err)
			}
		}
		o.Close()
		// The naive reference: split lines, find codes with a regexp.
		want := map[string][2]int64{} // "file code" -> first line, count
		re := regexp.MustCompile(`(?:^|[^0-9A-Za-z_])(871\d\d\d)(?:$|[^0-9A-Za-z_])`)
		for i, s := range srcs {
			for n, line := range strings.Split(s.String(), "\n") {
				line = strings.TrimSuffix(line, "\r")
				for _, m := range allOverlapping(re, line) {
					k := names[i] + " " + m
					v := want[k]
					if v[1] == 0 {
						v[0] = int64(n + 1)
					}
					v[1]++
					want[k] = v
				}
			}
		}
		gs := g.Groups()
		if len(gs) != len(want) {
			t.Fatalf("%d groups, want %d: %v", len(gs), len(want), gs)
		}
		for i, gr := range gs {
			w := want[fmt.Sprintf("%s %d", gr.File, gr.Code)]
			if gr.Line != w[0] || gr.Count != w[1] {
				t.Fatalf("%s %d: line %d count %d, want line %d count %d", gr.File, gr.Code, gr.Line, gr.Count, w[0], w[1])
			}
			if i > 0 && gs[i-1].Count < gr.Count {
				t.Fatalf("not by count: %v", gs)
			}
		}
		if got := printertest.Strip(plain.Bytes()); string(got) != srcs[0].String()+srcs[1].String() {
			t.Fatalf("the wrapped Sink did not get everything:\n%q\n%q", got, srcs[0].String()+srcs[1].String())
		}
	}
}

// allOverlapping returns the codes of line: matches that may share their
// boundary character.
func allOverlapping(re *regexp.Regexp, line string) []string {
	var out []string
	for i := 0; i < len(line); {
		loc := re.FindStringSubmatchIndex(line[i:])
		if loc == nil {
			break
		}
		out = append(out, line[i+loc[2]:i+loc[3]])
		i += loc[3]
	}
	return out
}

func TestWriteGroups(t *testing.T) {
	e := &codes.Entry{Code: 871300, Message: "Have not logged in.", Instruction: "Log in"}
	gs := []printer.Group{
		{File: "logs/a,b:c.log", Code: 871300, Entry: e, Line: 7, Count: 42},
		{File: "-", Code: 871999, Line: 3, Count: 1},
		{File: "x.log", Code: 871300, Entry: e, Line: 1, Count: 1},
	}
	var b strings.Builder
	n, err := printer.WriteGroups(&b, gs, printer.LevelWarning, 2)
	if err != nil || n != 2 {
		t.Fatalf("%d, %v", n, err)
	}
	want := "::warning file=logs/a%2Cb%3Ac.log,line=7,title=JMessage 871300 ×42::Have not logged in. (Log in); 42 times in logs/a,b:c.log, first on line 7\n" +
		"::warning line=3,title=JMessage 871999 (unknown) ×1::871999 is not in the code table (an unknown JMessage code); 1 time in (standard input), first on line 3\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	if n, _ := printer.WriteGroups(&b, gs, printer.LevelError, 0); n != 0 || b.Len() != 0 {
		t.Errorf("max 0: %d, %q", n, b.String())
	}
}

// TestOutAtLineStart: Out knows whether what it wrote ends a line.
func TestOutAtLineStart(t *testing.T) {
	for _, c := range []struct {
		writes []string
		want   bool
	}{
		{nil, true},
		{[]string{"a\n"}, true},
		{[]string{"a\n", "b"}, false},
		{[]string{"a", "\n"}, true},
		{[]string{strings.Repeat("x", 1000) + "\n", ""}, true},
		{[]string{"a\n", strings.Repeat("x", 1000)}, false},
	} {
		var b bytes.Buffer
		o := printer.NewOut(&b)
		for _, w := range c.writes {
			o.Ref([]byte(w))
			o.Flush(nil)
		}
		o.Close()
		if got := o.AtLineStart(); got != c.want {
			t.Errorf("%q: AtLineStart %v, want %v", c.writes, got, c.want)
		}
	}
}

// TestGitHubFollowSeveral: with -f, lines of several sources interleave,
// and each command names the file of its own line (every annotation used
// to name the last file given).
func TestGitHubFollowSeveral(t *testing.T) {
	var out bytes.Buffer
	o := printer.NewOut(&out)
	ra, wa := io.Pipe()
	rb, wb := io.Pipe()
	f := filter.New(filter.Config{Sink: printer.NewGitHub(o, printer.LevelError)})
	done := make(chan error, 1)
	go func() {
		done <- f.Follow(context.Background(), []*filter.Source{{Name: "a.log", R: ra}, {Name: "b.log", R: rb}}, 64, nil)
	}()
	io.WriteString(wa, "in a 871300\n")
	io.WriteString(wb, "in b 871104\n")
	io.WriteString(wa, "again a 871504\n")
	wa.Close()
	wb.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	o.Close()
	for _, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		want := "file=a.log,"
		if strings.Contains(l, "JMessage 871104") {
			want = "file=b.log,"
		}
		if !strings.Contains(l, want) {
			t.Errorf("%q does not name %s", l, want)
		}
	}
	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Errorf("%d commands, want 3:\n%s", n, out.String())
	}
}

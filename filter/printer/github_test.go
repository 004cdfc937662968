package printer_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
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

package html

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
)

// hostile is log text that would break a page that did not escape it.
const hostile = `<script>alert(1)</script></textarea><img src=x onerror=alert(2)>"'&amp;<!--`

// run filters in through a Capture and renders the report.
func run(t *testing.T, in string, tab *codes.Table, by ...filter.By) ([]byte, *filter.Summary) {
	t.Helper()
	capt := printer.NewCapture(filter.Discard{}, 3, 3)
	f := filter.New(filter.Config{Table: tab, Sink: capt, By: by})
	src := &filter.Source{Name: "x<script>.log", R: strings.NewReader(in), ModTime: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}
	if err := f.Run(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	s := f.Counts().Snapshot()
	page, err := Render(&s, Options{Inputs: []string{src.Name, "-"}, Shots: capt.Shots(), Version: "test", Generated: time.Date(2025, 12, 1, 1, 2, 3, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return page, &s
}

// TestEscaping: log lines, tags, file names and table text that hold
// markup come out as text: no element, no attribute and no comment of
// theirs reaches the page.
func TestEscaping(t *testing.T) {
	tab, err := codes.Parse("evil.tsv", strings.NewReader("code\tmessage\tinstruction\n871300\t"+hostile+"\t"+hostile+"\n"), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	in := "11-25 18:35:01.123  4321  4390 E " + hostile + ": before\n" +
		"11-25 18:35:01.124  4321  4390 E " + hostile + ": 871300 " + hostile + "\n" +
		"after " + hostile + "\n"
	page, _ := run(t, in, codes.Merge(codes.Embedded(), tab), filter.ByTag, filter.ByFile)
	for _, bad := range []string{"<script", "</script", "</textarea", "<img", "<!--"} {
		if bytes.Contains(bytes.ToLower(page), []byte(bad)) {
			i := bytes.Index(bytes.ToLower(page), []byte(bad))
			t.Errorf("%q reaches the page: %s", bad, page[max(0, i-80):min(len(page), i+80)])
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;&lt;/textarea&gt;", "x&lt;script&gt;.log"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("no %q in the page", want)
		}
	}
	// The hostile text is shown: in the table, the breakdown and the context.
	if n := bytes.Count(page, []byte("&lt;/textarea&gt;")); n < 5 {
		t.Errorf("the hostile text appears %d times", n)
	}
}

// TestSelfContained: nothing is loaded from anywhere.
func TestSelfContained(t *testing.T) {
	page, _ := run(t, "11-25 18:35:01.123  4321  4390 E JIM: 871300\n", nil)
	for _, bad := range []string{"http://", "https://", "src=", "<link rel=\"stylesheet", "@import", "url("} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if !bytes.Contains(page, []byte(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)) {
		t.Error("no Content Security Policy")
	}
}

// rowCounts reads the code table's counts from a page.
func rowCounts(page []byte) map[uint32]int64 {
	m := map[uint32]int64{}
	for _, s := range regexp.MustCompile(`<tr data-code="(\d+)" data-count="(\d+)"`).FindAllSubmatch(page, -1) {
		c, _ := strconv.ParseUint(string(s[1]), 10, 32)
		n, _ := strconv.ParseInt(string(s[2]), 10, 64)
		m[uint32(c)] = n
	}
	return m
}

// TestContent: the totals, every code with its count and times, the
// chart, the breakdown and the first occurrences.
func TestContent(t *testing.T) {
	var b strings.Builder
	for i := range 600 {
		fmt.Fprintf(&b, "11-25 18:%02d:%02d.000  4321  4390 E JIM     : step %d\n", 30+i/60, i%60, i)
		if i%7 == 0 {
			fmt.Fprintf(&b, "11-25 18:%02d:%02d.500  4321  4390 W Net     : failed 871300\n", 30+i/60, i%60)
		}
		if i%50 == 0 {
			fmt.Fprintf(&b, "11-25 18:%02d:%02d.500  4321  4390 E JIM     : failed 871104 and 871999\n", 30+i/60, i%60)
		}
	}
	page, s := run(t, b.String(), nil, filter.ByTag)
	got := rowCounts(page)
	if len(got) != 3 || got[871300] != 86 || got[871104] != 12 || got[871999] != 12 {
		t.Errorf("rows %v", got)
	}
	for _, want := range []string{
		`id="lines" data-value="` + strconv.FormatInt(s.Lines, 10) + `"`,
		`id="total" data-value="110"`,
		`<svg viewBox="0 0 1000 280"`,
		`data-buckets="` + strconv.Itoa(s.Timeline.Buckets) + `"`,
		`<h2>By tag</h2>`,
		`<span class="chip">Net <b>86</b></span>`,
		`<h3 id="first-871104">871104`,
		`2025-11-25 18:30:00.500`,
		`one bar per 10 seconds`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("no %q in the page", want)
		}
	}
	if bytes.Contains(page, []byte("ZgotmplZ")) {
		t.Error("html/template refused a value (ZgotmplZ)")
	}
}

// TestNoTime: a log without times has no chart, and says nothing of times.
func TestNoTime(t *testing.T) {
	page, _ := run(t, "a 871300\nb\n", nil)
	if bytes.Contains(page, []byte("<svg")) || bytes.Contains(page, []byte("Log time from")) {
		t.Error("a chart or a time span without any time")
	}
	if rowCounts(page)[871300] != 1 {
		t.Error("no row for 871300")
	}
	page, _ = run(t, "nothing\n", nil)
	if !bytes.Contains(page, []byte("No JMessage code was found.")) {
		t.Error("an empty run does not say so")
	}
}

// TestMaxSize: whatever the input, the page is at most MaxSize: here
// every 871xxx code, each on lines of 100 KB of markup, with hundreds of
// tags, and a table with long messages.
func TestMaxSize(t *testing.T) {
	var rows strings.Builder
	rows.WriteString("code\tmessage\tinstruction\n")
	for c := 871000; c < 872000; c++ {
		fmt.Fprintf(&rows, "%d\t%s\t%s\n", c, strings.Repeat("<&>", 500), strings.Repeat(`"'`, 800))
	}
	tab, err := codes.Parse("big.tsv", strings.NewReader(rows.String()), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	junk := strings.Repeat("\"", 600) // 5 bytes each in the page, &#34;; lines are cut at 512 bytes
	for c := 871000; c < 872000; c++ {
		for k := range 3 {
			fmt.Fprintf(&b, "11-%02d %02d:00:00.000  %d  1 E tag%d_%s: %s %d %s\n", 1+c%12, c%24, 1000+c, c*3+k, strings.Repeat("<", 30), junk, c, junk)
		}
	}
	page, s := run(t, b.String(), codes.Merge(codes.Embedded(), tab), filter.ByTag, filter.ByPID)
	if len(page) > MaxSize {
		t.Errorf("%d bytes, more than %d", len(page), MaxSize)
	}
	if s.Total() != 3000 || !bytes.Contains(page, []byte("more codes, left out to keep this page small")) ||
		!bytes.Contains(page, []byte("more, left out to keep this page small")) {
		t.Errorf("total %d; the page does not say what it left out", s.Total())
	}
	t.Logf("%d bytes for %d codes", len(page), len(s.Codes))
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 4865058: "4,865,058", -1234: "-1,234"} {
		if got := groupDigits(n); got != want {
			t.Errorf("%d: %q", n, got)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{time.Second: "1 second", 10 * time.Second: "10 seconds", 2 * time.Minute: "2 minutes",
		time.Hour: "1 hour", 6 * time.Hour: "6 hours", 48 * time.Hour: "2 days", 90 * time.Second: "90 seconds"} {
		if got := duration(d); got != want {
			t.Errorf("%v: %q", d, got)
		}
	}
}

package report

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmlog/jmlog/filter"
)

func TestSparkline(t *testing.T) {
	for _, c := range []struct {
		counts []int64
		cells  int
		want   string
	}{
		{[]int64{0, 1, 2, 3, 4, 5}, 6, " ▁▂▃▅▇"},
		{[]int64{0, 1, 2, 3, 4, 5}, 3, "▁▃▇"}, // merged in pairs: 1, 5, 9
		{[]int64{5, 0, 0, 0}, 2, "▇ "},
		{[]int64{1, 1, 1}, 20, "▇▇▇"},
		{[]int64{0, 0}, 2, "  "},
		{[]int64{100, 1}, 2, "▇▁"},
		{nil, 5, ""},
	} {
		if got := Sparkline(c.counts, c.cells, SparkUnicode); got != c.want {
			t.Errorf("Sparkline(%v, %d) = %q, want %q", c.counts, c.cells, got, c.want)
		}
	}
	if got := Sparkline([]int64{0, 1, 5}, 3, SparkASCII); got != " .#" {
		t.Errorf("ASCII: %q", got)
	}
}

func TestGroupLine(t *testing.T) {
	gs := []filter.Group{{Value: "JIM", Count: 30}, {Value: "Chat", Count: 10}, {None: true, Count: 2}, {Value: "x\x1b[31m", Count: 1}, {Other: true, Count: 1}}
	for _, c := range []struct {
		top, width int
		want       string
	}{
		{3, 80, "tag: JIM 30, Chat 10, (none) 2, +2 more"},
		{5, 80, "tag: JIM 30, Chat 10, (none) 2, x [31m 1, (other) 1"},
		{3, 30, "tag: JIM 30, Chat 10, +3 more"},
		{3, 10, "tag: +5 more"},
	} {
		if got := GroupLine(filter.ByTag, gs, c.top, c.width, false); got != c.want {
			t.Errorf("top %d width %d: %q, want %q", c.top, c.width, got, c.want)
		}
	}
	long := []filter.Group{{Value: "/var/log/very/deep/directory/app-2026-12-02.log", Count: 3}}
	if got := GroupLine(filter.ByFile, long, 3, 80, false); got != "file: …tory/app-2026-12-02.log 3" {
		t.Errorf("file: %q", got)
	}
	if got := GroupLine(filter.ByFile, long, 3, 80, true); got != "file: ...ry/app-2026-12-02.log 3" {
		t.Errorf("file, ascii: %q", got)
	}
	// Wide characters count two cells, in the width and in the cut.
	cjk := []filter.Group{{Value: "即时通讯登录服务错误日志标签很长很长", Count: 4}, {Value: "聊天", Count: 1}}
	if got := GroupLine(filter.ByTag, cjk, 3, 80, false); got != "tag: 即时通讯登录服务错误日… 4, 聊天 1" {
		t.Errorf("cjk: %q", got)
	}
	if got := GroupLine(filter.ByTag, cjk, 3, 38, false); got != "tag: 即时通讯登录服务错误日… 4, 聊天 1" {
		t.Errorf("cjk at 38: %q (%d cells)", got, Width(got))
	}
	if got := GroupLine(filter.ByTag, cjk, 3, 37, false); got != "tag: +2 more" {
		t.Errorf("cjk at 37: %q (%d cells)", got, Width(got))
	}
}

// TestWriteTextInsight: breakdown lines under each code, and the sparkline
// column when asked for.
func TestWriteTextInsight(t *testing.T) {
	in := "11-25 18:35:00.000  4321  4390 E JIM     : 871300\n" +
		"11-25 18:35:30.000  4321  4390 W Net     : 871300\n" +
		"11-25 18:36:00.000  4321  4390 E JIM     : 871300 871104\n"
	f := filter.New(filter.Config{By: []filter.By{filter.ByTag, filter.ByLevel}})
	if err := f.Run(context.Background(), &filter.Source{Name: "a.log", R: strings.NewReader(in), ModTime: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	s := f.Counts().Snapshot()
	var b strings.Builder
	if err := WriteText(&b, &s, TextOptions{Width: 100, ASCII: true, Spark: SparkASCII}); err != nil {
		t.Fatal(err)
	}
	want := "jmlog: 3 lines, 3 with codes (100.00%); 4 codes, 2 distinct\n" +
		"  COUNT  CODE     MESSAGE                 FIRST SEEN    TIMELINE\n" +
		"      3  871300   Have not logged in.     a.log:1       #        #         #  ####################\n" +
		"                  tag: JIM 2, Net 1\n" +
		"                  level: E 2, W 1\n" +
		"      1  871104   Server internal error.  a.log:3                          #  #######\n" +
		"                  tag: JIM 1\n" +
		"                  level: E 1\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
	// Narrower: the bar gives way first, then the sparkline, and the
	// breakdowns keep fewer groups to fit.
	b.Reset()
	WriteText(&b, &s, TextOptions{Width: 60, ASCII: true, Spark: SparkASCII})
	if strings.Contains(b.String(), "TIMELINE") || strings.Contains(b.String(), "###") {
		t.Errorf("a sparkline or a bar at 60 columns:\n%s", b.String())
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if Width(l) > 60 {
			t.Errorf("line wider than 60: %q", l)
		}
	}
	if !strings.Contains(b.String(), "tag: JIM 2") {
		t.Errorf("no breakdown at 60 columns:\n%s", b.String())
	}
	// No sparkline glyphs asked for: no column.
	b.Reset()
	WriteText(&b, &s, TextOptions{Width: 100, ASCII: true})
	if strings.Contains(b.String(), "TIMELINE") {
		t.Errorf("a sparkline without glyphs:\n%s", b.String())
	}
}

package report

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/rivo/uniseg"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
)

func TestFit(t *testing.T) {
	cases := []struct {
		s           string
		width       int
		left, ascii bool
		want        string
	}{
		{"hello", 5, false, false, "hello"},
		{"hello", 10, false, false, "hello"},
		{"hello world", 8, false, false, "hello w…"},
		{"hello world", 8, false, true, "hello..."},
		{"hello world", 8, true, false, "…o world"},
		{"app.log:12345", 8, true, true, "...12345"},
		{"未登录。请先登录", 8, false, false, "未登录…"},      // 3 wide chars (6) + "…" (1) = 7: an 8th cell would split a character
		{"未登录。请先登录", 9, false, false, "未登录。…"},     // 4×2 + 1 = 9
		{"未登录。请先登录", 9, true, false, "…请先登录"},      // from the end
		{"未登录。请先登录", 16, false, false, "未登录。请先登录"}, // exactly fits
		{"é́x", 2, false, false, "é́x"},            // a combining mark is part of its cluster: 2 cells
		{"👍🏽 ok", 3, false, false, "👍🏽…"},          // an emoji with a skin tone is one cluster, 2 cells
		{"abc", 0, false, false, ""},
		{"abc", 2, false, true, "ab"}, // no room for "...": cut without a mark
		{"", 3, false, false, ""},
	}
	for _, c := range cases {
		got := Fit(c.s, c.width, c.left, c.ascii)
		if got != c.want {
			t.Errorf("Fit(%q, %d, left=%v, ascii=%v) = %q, want %q", c.s, c.width, c.left, c.ascii, got, c.want)
		}
		if Width(got) > c.width {
			t.Errorf("Fit(%q, %d) is %d cells wide", c.s, c.width, Width(got))
		}
	}
}

func TestGroup(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 4865058: "4,865,058",
		100000: "100,000", -1234: "-1,234", 9223372036854775807: "9,223,372,036,854,775,807"} {
		if got := Group(n); got != want {
			t.Errorf("Group(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestWrapWords(t *testing.T) {
	got := wrapWords("jmlog: 4,865,058 lines, 19,682 with codes", 20, "  ")
	want := "jmlog: 4,865,058\n  lines, 19,682 with\n  codes\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := wrapWords("a-very-long-word-that-does-not-fit", 10, " "); got != "a-very-long-word-that-does-not-fit\n" {
		t.Errorf("a long word: %q", got)
	}
}

// summaryOf runs a Filter over in with the embedded table plus extra
// rows (TSV) and returns the counts.
func summaryOf(t *testing.T, name, extra, in string) filter.Summary {
	t.Helper()
	tab := codes.Embedded()
	if extra != "" {
		x, err := codes.Parse("x.tsv", strings.NewReader(extra), codes.TSV)
		if err != nil {
			t.Fatal(err)
		}
		tab = codes.Merge(tab, x)
	}
	f := filter.New(filter.Config{Table: tab})
	if err := f.Run(context.Background(), &filter.Source{Name: name, R: strings.NewReader(in)}); err != nil {
		t.Fatal(err)
	}
	return f.Counts().Snapshot()
}

// columnStarts returns the display column at which each heading starts in
// the heading line.
func columnStarts(head string, names []string) []int {
	var starts []int
	for _, n := range names {
		i := strings.Index(head, n)
		if i < 0 {
			starts = append(starts, -1)
			continue
		}
		starts = append(starts, Width(head[:i]))
	}
	return starts
}

// TestWriteTextFits: at every width from 24 to 220, with English and wide
// (CJK) messages and long file names, no line of the summary is wider
// than the width, and every cell of a column starts at the display column
// of its heading (left-aligned) or ends where it ends (COUNT).
func TestWriteTextFits(t *testing.T) {
	zh := "871300\t未登录。\t请先登录\n871105\t请求的用户信息不存在。\t\n871310\t网络不可用，请检查网络连接后再试。这一条写得很长，用来检查截断。\t\n871403\t\t\n"
	in := "871300 871300 871300\n871105\n871310 871999\n871403 871504\n"
	for _, tc := range []struct{ name, extra, file string }{
		{"english", "", "app.log"},
		{"chinese", zh, "logs/2026/12/02/device-very-long-name.log"},
		{"chinese-file", zh, "日志/设备.log"},
	} {
		s := summaryOf(t, tc.file, tc.extra, in)
		for width := 26; width <= 220; width++ {
			for _, ascii := range []bool{false, true} {
				var b strings.Builder
				if err := WriteText(&b, &s, TextOptions{Width: width, ASCII: ascii}); err != nil {
					t.Fatal(err)
				}
				checkTable(t, fmt.Sprintf("%s width %d ascii %v", tc.name, width, ascii), b.String(), width)
			}
		}
	}
}

func checkTable(t *testing.T, what, out string, width int) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	var head int
	for i, l := range lines {
		if Width(l) > width {
			t.Fatalf("%s: line %d is %d cells wide:\n%s", what, i+1, Width(l), out)
		}
		if strings.HasSuffix(l, " ") {
			t.Fatalf("%s: trailing space on line %d", what, i+1)
		}
		if strings.HasPrefix(l, "  COUNT") {
			head = i
		}
	}
	names := []string{"CODE", "MESSAGE", "FIRST SEEN"}
	starts := columnStarts(lines[head], names)
	countEnd := Width("  COUNT")
	for _, l := range lines[head+1:] {
		// Cells are separated by two spaces; find each cell's start column.
		fields := splitCells(l)
		if len(fields) < 3 {
			t.Fatalf("%s: row %q has %d cells", what, l, len(fields))
		}
		if end := fields[0].col + Width(fields[0].text); end != countEnd {
			t.Fatalf("%s: COUNT ends at %d, not %d: %q", what, end, countEnd, l)
		}
		for j, st := range starts {
			if st >= 0 && j+1 < len(fields) && fields[j+1].col != st && !strings.HasPrefix(fields[j+1].text, "#") && !strings.HasPrefix(fields[j+1].text, "█") {
				t.Fatalf("%s: %s starts at %d, its cell at %d: %q\n%s", what, names[j], st, fields[j+1].col, l, strings.Join(lines, "\n"))
			}
		}
	}
}

type cellAt struct {
	col  int
	text string
}

// splitCells splits a row at runs of two or more spaces, with the display
// column at which each cell starts.
func splitCells(l string) []cellAt {
	var cells []cellAt
	col, i := 0, 0
	for i < len(l) {
		if l[i] == ' ' {
			col++
			i++
			continue
		}
		j := i
		for j < len(l) && !(l[j] == ' ' && j+1 < len(l) && l[j+1] == ' ') {
			j++
		}
		cells = append(cells, cellAt{col, l[i:j]})
		col += Width(l[i:j])
		i = j
	}
	return cells
}

// TestWriteTextGolden: the summary at several widths, English and Chinese.
func TestWriteTextGolden(t *testing.T) {
	zh := "871300\t未登录。\t请先登录\n871105\t请求的用户信息不存在。\t\n871310\t网络不可用，请检查网络连接后再试。这一条写得很长，用来检查截断。\t\n871403\t\t\n"
	in := strings.Repeat("871300 871300 871300\n", 1500) + "871105\n871310 871999\n871403 871504\n"
	en := summaryOf(t, "device.log", "", in)
	cn := summaryOf(t, "device.log", zh, in)
	var got strings.Builder
	for _, c := range []struct {
		name string
		s    *filter.Summary
		o    TextOptions
	}{
		{"english, 200 columns", &en, TextOptions{Width: 200}},
		{"english, 80 columns", &en, TextOptions{Width: 80}},
		{"english, 60 columns, ASCII", &en, TextOptions{Width: 60, ASCII: true}},
		{"english, 40 columns", &en, TextOptions{Width: 40}},
		{"english, top 3", &en, TextOptions{Width: 80, Top: 3}},
		{"chinese, 200 columns", &cn, TextOptions{Width: 200}},
		{"chinese, 80 columns", &cn, TextOptions{Width: 80}},
		{"chinese, 50 columns", &cn, TextOptions{Width: 50}},
		{"colour, title", &en, TextOptions{Width: 80, Color: true, Top: 2, Title: "jmlog: so far (10:35:01, +1,504 lines since the last)"}},
	} {
		fmt.Fprintf(&got, "== %s\n", c.name)
		WriteText(&got, c.s, c.o)
	}
	golden(t, "testdata/summary.golden", got.String())
}

// TestLayoutRandom: random tables at random widths never make a line
// wider than the width while a column can still give way.
func TestLayoutRandom(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	words := []string{"a", "未登录", "message", "👍🏽", "x", "network not available", "请检查"}
	for i := 0; i < 2000; i++ {
		tab := Table{Cols: []Column{
			{Name: "N", Min: 3, Right: true},
			{Name: "TEXT", Flex: true, Min: 4, Want: r.Intn(40)},
			{Name: "WHERE", Min: 6, Drop: 1 + r.Intn(2), CutLeft: true},
			{Min: 4, Max: 20, Bar: true, Drop: 3},
		}}
		for range 1 + r.Intn(5) {
			var txt, where []string
			for range r.Intn(8) {
				txt = append(txt, words[r.Intn(len(words))])
				where = append(where, words[r.Intn(len(words))])
			}
			tab.Rows = append(tab.Rows, []Cell{{Text: fmt.Sprint(r.Intn(100000))}, {Text: strings.Join(txt, " ")},
				{Text: strings.Join(where, "/")}, {Frac: r.Float64()}})
		}
		width := 10 + r.Intn(200)
		var b strings.Builder
		tab.Write(&b, width, TableStyle{Indent: 2, Gap: 2, ASCII: r.Intn(2) == 0})
		// What can never give way: the indent, N, a gap and TEXT's Min.
		if floor := 2 + tab.natural(0) + 2 + 4; floor > width {
			continue
		}
		for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if Width(l) > width {
				t.Fatalf("width %d: a line %d cells wide: %q\n%s", width, Width(l), l, b.String())
			}
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// FuzzFit: Fit never returns more cells than asked, never splits a
// grapheme cluster, and keeps the start of s (the end, with left) against
// a naive reference that takes whole clusters one by one.
func FuzzFit(f *testing.F) {
	for _, s := range []string{"", "hello world", "未登录。请先登录", "👍🏽 ok", "é́x", "\xff\xfe871300", "a\u200db"} {
		f.Add(s, 5, false, false)
	}
	f.Fuzz(func(t *testing.T, s string, width int, left, ascii bool) {
		width %= 300
		if width < 0 {
			width = -width
		}
		got := Fit(s, width, left, ascii)
		if Width(got) > width {
			t.Fatalf("Fit(%q, %d) = %q: %d cells", s, width, got, Width(got))
		}
		if Width(s) <= width {
			if got != s {
				t.Fatalf("Fit(%q, %d) = %q, but it fits", s, width, got)
			}
			return
		}
		mark := "…"
		if ascii {
			mark = "..."
		}
		if width < Width(mark) {
			mark = ""
		}
		// The naive reference: whole clusters, from the start (or the end),
		// while they fit beside the mark.
		var clusters []string
		var widths []int
		g := uniseg.NewGraphemes(s)
		for g.Next() {
			clusters = append(clusters, g.Str())
			widths = append(widths, g.Width())
		}
		room := width - Width(mark)
		want, used := "", 0
		if left {
			for i := len(clusters) - 1; i >= 0 && used+widths[i] <= room; i-- {
				want, used = clusters[i]+want, used+widths[i]
			}
			want = mark + want
		} else {
			for i := 0; i < len(clusters) && used+widths[i] <= room; i++ {
				want, used = want+clusters[i], used+widths[i]
			}
			want += mark
		}
		if got != want {
			t.Fatalf("Fit(%q, %d, left=%v) = %q, want %q", s, width, left, got, want)
		}
	})
}

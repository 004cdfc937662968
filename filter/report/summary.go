package report

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// jsonSummary is the JSON form of a Summary. Field order is the documented
// shape.
type jsonSummary struct {
	Lines        int64         `json:"lines"`
	MatchedLines int64         `json:"matched_lines"`
	Codes        []jsonCode    `json:"codes"`
	Unknown      []jsonUnknown `json:"unknown"`
	By           jsonBy        `json:"by"`
	Timeline     jsonTimeline  `json:"timeline"`
	Partial      *jsonPartial  `json:"partial,omitempty"`
}

type jsonPartial struct {
	Time     string `json:"time"`
	NewLines int64  `json:"new_lines"`
}

// Partial marks a summary so far: when it was taken, and how many lines
// were counted since the one before it.
type Partial struct {
	Time     time.Time
	NewLines int64
}

type jsonCode struct {
	Code        uint32 `json:"code"`
	Count       int64  `json:"count"`
	Message     string `json:"message"`
	Instruction string `json:"instruction"`
	FirstSeen   string `json:"first_seen"`
	// LastSeen, FirstTime and LastTime were added for issue 13 (see
	// codeJSON), Platform and Alt for issue 14: the part of the product
	// (see codes.Entry.Platform), and the row in the other language.
	LastSeen  string   `json:"last_seen"`
	FirstTime *string  `json:"first_time"`
	LastTime  *string  `json:"last_time"`
	Platform  string   `json:"platform"`
	Alt       *jsonAlt `json:"alt,omitempty"`
}

type jsonUnknown struct {
	Code      uint32  `json:"code"`
	Count     int64   `json:"count"`
	FirstSeen string  `json:"first_seen"`
	LastSeen  string  `json:"last_seen"`
	FirstTime *string `json:"first_time"`
	LastTime  *string `json:"last_time"`
}

// JSON returns the summary s as one line of JSON:
//
//	{"lines":N,"matched_lines":N,"codes":[{"code":871300,"count":N,"message":"...","instruction":"...","first_seen":"FILE:LINE","last_seen":"FILE:LINE","first_time":"TIME","last_time":"TIME","platform":"JMessage Android"}],"unknown":[{"code":871999,"count":N,"first_seen":"FILE:LINE","last_seen":"FILE:LINE","first_time":"TIME","last_time":"TIME"}],"by":{...},"timeline":{...}}
//
// Times are in TimeFormat, null when no line of the code had a log time;
// by and timeline are as jsonBy and jsonTimeline say.
//
// A code whose row has a counterpart in another language (see
// codes.MergeLang) also has "alt":{"lang","message","instruction",
// "platform","source"} after "platform".
//
// codes and unknown are sorted by count, highest first, then by code, and
// are empty arrays, not null, when nothing was seen.
func JSON(s *filter.Summary) []byte { return JSONPartial(s, nil) }

// JSONPartial is JSON, with, when p is not nil, a last member
// "partial":{"time":"RFC 3339 time","new_lines":N} that marks a summary so
// far.
func JSONPartial(s *filter.Summary, p *Partial) []byte {
	j := jsonSummary{Lines: s.Lines, MatchedLines: s.MatchedLines, Codes: []jsonCode{}, Unknown: []jsonUnknown{},
		By: jsonBy{s}, Timeline: jsonTimeline{s}}
	for _, c := range s.Codes {
		j.Codes = append(j.Codes, codeJSON(c))
	}
	for _, c := range s.Unknown {
		j.Unknown = append(j.Unknown, unknownJSON(c))
	}
	if p != nil {
		j.Partial = &jsonPartial{p.Time.Format(time.RFC3339), p.NewLines}
	}
	b, err := json.Marshal(j)
	if err != nil {
		panic(err) // cannot happen: only strings and numbers
	}
	return append(b, '\n')
}

// TextOptions says how WriteText draws the summary.
type TextOptions struct {
	// Width is the width of the terminal in cells; 0 means 80.
	Width int
	// Top is the largest number of code rows; 0 means every code.
	Top int
	// Color marks unknown codes in colour and the headings in bold.
	Color bool
	// ASCII draws bars with '#' and cuts with "...".
	ASCII bool
	// Title, when set, is a line written before the headline, such as the
	// "so far" header of a partial summary.
	Title string
	// Spark is the glyphs of the TIMELINE column (SparkUnicode or
	// SparkASCII); nil shows none. The column shows only when the log
	// times span 2 buckets or more, and gives way before FIRST SEEN.
	Spark []string
}

// DefaultTop is the number of code rows the text summary shows by default.
const DefaultTop = 20

// DefaultWidth is the width used when the terminal's is not known.
const DefaultWidth = 80

// summaryRow is one code of the text summary.
type summaryRow struct {
	filter.CodeCount
	unknown bool
	max     int64 // the highest count of any code, for the bar
}

// summaryColumn is a column of the text summary: its layout and how a row
// fills it.
type summaryColumn struct {
	Column
	cell func(r *summaryRow) Cell
}

const (
	sgrUnknown     = "\x1b[1;33m" // bold yellow, as unknown codes in the annotation
	sgrUnknownText = "\x1b[33m"
	unknownText    = "UNKNOWN: not in the code table"
)

// summaryColumns are the columns of the text summary, in order. A new
// column is one more element: its Column says how it gives way when the
// terminal is narrow (Drop), and cell fills it from a row.
func summaryColumns(s *filter.Summary, o TextOptions) []summaryColumn {
	cols := []summaryColumn{
		{Column{Name: "COUNT", Min: 5, Right: true}, func(r *summaryRow) Cell {
			return Cell{Text: Group(r.Count)}
		}},
		{Column{Name: "CODE", Min: 7}, func(r *summaryRow) Cell {
			if r.unknown {
				return Cell{Text: strconv.FormatUint(uint64(r.Code), 10) + "?", Style: sgrUnknown}
			}
			return Cell{Text: strconv.FormatUint(uint64(r.Code), 10)}
		}},
		{Column{Name: "MESSAGE", Flex: true, Min: 8, Want: 24}, func(r *summaryRow) Cell {
			if r.unknown {
				return Cell{Text: unknownText, Style: sgrUnknownText}
			}
			msg := sanitize.Text(r.Entry.Message)
			if msg == "" {
				msg = sanitize.NoMessage
			}
			return Cell{Text: msg}
		}},
		{Column{Name: "FIRST SEEN", Min: 12, Drop: 1, CutLeft: true}, func(r *summaryRow) Cell {
			return Cell{Text: sanitize.Name(r.First)}
		}},
	}
	if o.Spark != nil && s.Timeline.Buckets >= 2 {
		cells := min(SparkCells, s.Timeline.Buckets)
		// At least as wide as its heading: a cut "TIME…" tells nothing.
		cols = append(cols, summaryColumn{Column{Name: "TIMELINE", Min: 8, Max: max(8, cells), Drop: 2},
			func(r *summaryRow) Cell {
				tl := r.Timeline
				return Cell{Render: func(width int) string { return Sparkline(tl, width, o.Spark) }}
			}})
	}
	return append(cols, summaryColumn{Column{Min: 8, Max: 20, Bar: true, Drop: 3}, func(r *summaryRow) Cell {
		return Cell{Frac: float64(r.Count) / float64(r.max)}
	}})
}

// WriteText writes the summary s as a table a person can read at a glance,
// fitted to o.Width (26 cells at least: COUNT, CODE and 8 cells of
// MESSAGE; narrower lines wrap): a headline with the totals, then one row per code,
// known and unknown together, sorted by count (highest first, then by
// code), at most o.Top of them, then a line saying how many were left out.
// Unknown codes are marked with "?" and the text UNKNOWN (and in colour
// with o.Color). MESSAGE takes the width left over; the bar shrinks, then
// drops out, then FIRST SEEN does, before any line is wider than o.Width.
// Counts are grouped by thousands (4,865,058). With breakdowns (--by),
// each code's top 3 groups per breakdown follow its row, under MESSAGE.
func WriteText(w io.Writer, s *filter.Summary, o TextOptions) error {
	if o.Width <= 0 {
		o.Width = DefaultWidth
	}
	var b strings.Builder
	if o.Title != "" {
		b.WriteString(wrapWords(o.Title, o.Width, "       "))
	}
	b.WriteString(wrapWords(headline(s), o.Width, "       "))
	rows := summaryRows(s)
	if len(rows) == 0 {
		_, err := io.WriteString(w, b.String())
		return err
	}
	more := 0
	if o.Top > 0 && len(rows) > o.Top {
		more = len(rows) - o.Top
		rows = rows[:o.Top]
	}
	cols := summaryColumns(s, o)
	t := Table{UnderCol: 2}
	for _, c := range cols {
		t.Cols = append(t.Cols, c.Column)
	}
	for i := range rows {
		cells := make([]Cell, len(cols))
		for j, c := range cols {
			cells[j] = c.cell(&rows[i])
		}
		t.Rows = append(t.Rows, cells)
		t.Under = append(t.Under, groupLines(s, &rows[i].CodeCount, o.ASCII))
	}
	t.Write(&b, o.Width, TableStyle{Indent: 2, Gap: 2, Color: o.Color, ASCII: o.ASCII})
	if more > 0 {
		mark := "…"
		if o.ASCII {
			mark = "..."
		}
		b.WriteString(wrapWords(fmt.Sprintf("  %s and %s more %s (--top 0 or --summary json for all)",
			mark, Group(int64(more)), pluralWord(int64(more), "code")), o.Width, "    "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// headline is the summary's first line: the totals.
func headline(s *filter.Summary) string {
	pct := 0.0
	if s.Lines > 0 {
		pct = 100 * float64(s.MatchedLines) / float64(s.Lines)
	}
	h := fmt.Sprintf("jmlog: %s, %s with codes (%.2f%%); %s, %s distinct",
		plural(s.Lines, "line"), Group(s.MatchedLines), pct, plural(s.Total(), "code"), Group(int64(len(s.Codes)+len(s.Unknown))))
	if len(s.Unknown) > 0 {
		h += fmt.Sprintf(", %s unknown", Group(int64(len(s.Unknown))))
	}
	return h
}

// summaryRows are the codes of s, known and unknown, by count (highest
// first), then by code.
func summaryRows(s *filter.Summary) []summaryRow {
	var rows []summaryRow
	var top int64
	for _, l := range [][]filter.CodeCount{s.Codes, s.Unknown} {
		for _, c := range l {
			rows = append(rows, summaryRow{CodeCount: c, unknown: c.Entry == nil})
			top = max(top, c.Count)
		}
	}
	slices.SortStableFunc(rows, func(a, b summaryRow) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Code, b.Code))
	})
	for i := range rows {
		rows[i].max = top
	}
	return rows
}

// wrapWords breaks s at spaces into lines of at most width cells, the
// later ones starting with indent, each ending in "\n". The spaces s starts
// with are kept. A word wider than the line stays whole.
func wrapWords(s string, width int, indent string) string {
	var b strings.Builder
	trimmed := strings.TrimLeft(s, " ")
	lead := s[:len(s)-len(trimmed)]
	line := ""
	for _, word := range strings.Fields(trimmed) {
		switch {
		case line == "":
			line = lead + word
		case Width(line)+1+Width(word) <= width:
			line += " " + word
		default:
			b.WriteString(line + "\n")
			line = indent + word
		}
	}
	b.WriteString(line + "\n")
	return b.String()
}

// Group writes n with its digits grouped by thousands: 4,865,058.
func Group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// plural is "1 line", "2 lines", "4,865,058 lines".
func plural(n int64, word string) string {
	return Group(n) + " " + pluralWord(n, word)
}

func pluralWord(n int64, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

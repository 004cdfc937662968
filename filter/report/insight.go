package report

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// The parts of the summaries that tell when and where codes came from:
// log times, last sightings, breakdowns and timelines (issue 13).

// TimeFormat is how log times are written in the JSON summary and the
// HTML report: RFC 3339 in UTC, with the fraction the log had.
const TimeFormat = time.RFC3339Nano

// jsonTime is t in TimeFormat, or nil (null) for the zero time.
func jsonTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(TimeFormat)
	return &s
}

func codeJSON(c filter.CodeCount) jsonCode {
	return jsonCode{Code: c.Code, Count: c.Count, Message: c.Entry.Message, Instruction: c.Entry.Instruction,
		FirstSeen: c.First, LastSeen: c.Last, FirstTime: jsonTime(c.FirstTime), LastTime: jsonTime(c.LastTime),
		Platform: platformOf(c.Entry), Alt: altOf(c.Entry)}
}

func unknownJSON(c filter.CodeCount) jsonUnknown {
	return jsonUnknown{Code: c.Code, Count: c.Count, FirstSeen: c.First, LastSeen: c.Last,
		FirstTime: jsonTime(c.FirstTime), LastTime: jsonTime(c.LastTime)}
}

// jsonBy is the "by" member: {"tag":{"871300":[{"value":"JIM","count":3},
// {"value":null,"count":1},{"value":null,"other":true,"count":5}]}}, the
// breakdowns in the order given, each code in the summary's order. A group
// with a null value counts the lines without the field; with "other" the
// occurrences beyond the groups kept.
type jsonBy struct{ s *filter.Summary }

func (j jsonBy) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, by := range j.s.By {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, by.String())
		b = append(b, ':', '{')
		n := 0
		for _, c := range allCodes(j.s) {
			if len(c.By) <= i || len(c.By[i]) == 0 {
				continue
			}
			if n++; n > 1 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = strconv.AppendUint(b, uint64(c.Code), 10)
			b = append(b, '"', ':', '[')
			for k, g := range c.By[i] {
				if k > 0 {
					b = append(b, ',')
				}
				b = appendGroup(b, g)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

func appendGroup(b []byte, g filter.Group) []byte {
	b = append(b, `{"value":`...)
	if g.None || g.Other {
		b = append(b, "null"...)
	} else {
		v, _ := json.Marshal(strings.ToValidUTF8(g.Value, "\uFFFD"))
		b = append(b, v...)
	}
	if g.Other {
		b = append(b, `,"other":true`...)
	}
	b = append(b, `,"count":`...)
	b = strconv.AppendInt(b, g.Count, 10)
	return append(b, '}')
}

// jsonTimeline is the "timeline" member:
// {"start":"2025-11-25T18:35:00Z","step_seconds":1,"buckets":61,"codes":{"871300":[1,0,...]}},
// or null when no line with a code had a log time.
type jsonTimeline struct{ s *filter.Summary }

func (j jsonTimeline) MarshalJSON() ([]byte, error) {
	tl := j.s.Timeline
	if tl.Buckets == 0 {
		return []byte("null"), nil
	}
	b := []byte(`{"start":`)
	b = strconv.AppendQuote(b, tl.Start.Format(TimeFormat))
	b = append(b, `,"step_seconds":`...)
	b = strconv.AppendInt(b, int64(tl.Step/time.Second), 10)
	b = append(b, `,"buckets":`...)
	b = strconv.AppendInt(b, int64(tl.Buckets), 10)
	b = append(b, `,"codes":{`...)
	n := 0
	for _, c := range allCodes(j.s) {
		if c.Timeline == nil {
			continue
		}
		if n++; n > 1 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = strconv.AppendUint(b, uint64(c.Code), 10)
		b = append(b, '"', ':', '[')
		for k, v := range c.Timeline {
			if k > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, v, 10)
		}
		b = append(b, ']')
	}
	return append(b, '}', '}'), nil
}

// allCodes returns the known codes, then the unknown ones.
func allCodes(s *filter.Summary) []filter.CodeCount {
	return append(append([]filter.CodeCount(nil), s.Codes...), s.Unknown...)
}

// Sparkline glyphs: five heights, lowest first. A bucket without any
// occurrence is a space.
var (
	SparkUnicode = []string{"▁", "▂", "▃", "▅", "▇"}
	SparkASCII   = []string{".", ":", "-", "=", "#"}
)

// SparkCells is how many cells the text summary's sparkline has at most.
const SparkCells = 20

// Sparkline draws counts in at most cells cells: the buckets are merged
// into cells of equal spans (the first ones one bucket wider when they do
// not divide evenly), and each cell is drawn with one of glyphs by its
// share of the highest cell: the shape of the code over time, whatever its
// count. All-zero counts give spaces.
func Sparkline(counts []int64, cells int, glyphs []string) string {
	if len(counts) == 0 || cells <= 0 || len(glyphs) == 0 {
		return ""
	}
	cells = min(cells, len(counts))
	merged := make([]int64, cells)
	for i, v := range counts {
		merged[i*cells/len(counts)] += v
	}
	var top int64
	for _, v := range merged {
		top = max(top, v)
	}
	var b strings.Builder
	for _, v := range merged {
		if v == 0 {
			b.WriteByte(' ')
			continue
		}
		level := int((v*int64(len(glyphs)) - 1) / top) // 0 .. len-1
		b.WriteString(glyphs[min(level, len(glyphs)-1)])
	}
	return b.String()
}

// GroupLine is one breakdown of one code as a line of at most width
// display cells: "tag: JIM 30, Chat 10, (none) 2, +4 more". It shows at
// most top groups, fewer when they do not fit, and says how many it left
// out. Values are made safe to print (sanitize.Text) and cut to 24 cells,
// a file name at its start; ascii cuts with "..." instead of "…".
func GroupLine(by filter.By, groups []filter.Group, top, width int, ascii bool) string {
	head := by.String() + ": "
	var items []string
	for _, g := range groups {
		items = append(items, groupText(g, by == filter.ByFile, ascii)+" "+strconv.FormatInt(g.Count, 10))
	}
	for n := min(top, len(items)); n >= 0; n-- {
		line := head + strings.Join(items[:n], ", ")
		if rest := len(items) - n; rest > 0 {
			if n > 0 {
				line += ", "
			}
			line += "+" + strconv.Itoa(rest) + " more"
		}
		if Width(line) <= width || n == 0 {
			return line
		}
	}
	return head
}

// groupText is how a group's value is shown to people: at most 24 cells,
// a file name cut at its start, to keep its last part.
func groupText(g filter.Group, file, ascii bool) string {
	switch {
	case g.None:
		return "(none)"
	case g.Other:
		return "(other)"
	}
	v := Fit(sanitize.Text(g.Value), 24, file, ascii)
	if v == "" {
		return `""`
	}
	return v
}

// groupLines are the breakdown lines of c, one per breakdown with
// groups, each drawn with its top 3 groups, fewer when they do not fit
// the width the table gives it.
func groupLines(s *filter.Summary, c *filter.CodeCount, ascii bool) []func(width int) string {
	var lines []func(int) string
	for i, by := range s.By {
		if i >= len(c.By) || len(c.By[i]) == 0 {
			continue
		}
		groups := c.By[i]
		lines = append(lines, func(width int) string { return GroupLine(by, groups, 3, width, ascii) })
	}
	return lines
}

package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

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
}

type jsonCode struct {
	Code        uint32 `json:"code"`
	Count       int64  `json:"count"`
	Message     string `json:"message"`
	Instruction string `json:"instruction"`
	FirstSeen   string `json:"first_seen"`
}

type jsonUnknown struct {
	Code      uint32 `json:"code"`
	Count     int64  `json:"count"`
	FirstSeen string `json:"first_seen"`
}

// JSON returns the summary s as one line of JSON:
//
//	{"lines":N,"matched_lines":N,"codes":[{"code":871300,"count":N,"message":"...","instruction":"...","first_seen":"FILE:LINE"}],"unknown":[{"code":871999,"count":N,"first_seen":"FILE:LINE"}]}
//
// codes and unknown are sorted by count, highest first, then by code, and
// are empty arrays, not null, when nothing was seen.
func JSON(s *filter.Summary) []byte {
	j := jsonSummary{Lines: s.Lines, MatchedLines: s.MatchedLines, Codes: []jsonCode{}, Unknown: []jsonUnknown{}}
	for _, c := range s.Codes {
		j.Codes = append(j.Codes, jsonCode{c.Code, c.Count, c.Entry.Message, c.Entry.Instruction, c.First})
	}
	for _, c := range s.Unknown {
		j.Unknown = append(j.Unknown, jsonUnknown{c.Code, c.Count, c.First})
	}
	b, err := json.Marshal(j)
	if err != nil {
		panic(err) // cannot happen: only strings and numbers
	}
	return append(b, '\n')
}

// SummaryStyle says how WriteText draws the summary table.
type SummaryStyle struct {
	// Bar is the character the bar column is drawn with; "" draws none.
	Bar string
	// Width is the widest the message column gets, in characters.
	Width int
}

// WriteText writes the summary s as a table a person can read at a glance:
// a headline with the totals, then one row per code sorted by count, with a
// bar scaled to the most frequent code, then the unknown codes.
func WriteText(w io.Writer, s *filter.Summary, st SummaryStyle) error {
	if st.Width <= 0 {
		st.Width = 44
	}
	var b strings.Builder
	total := s.Total()
	pct := 0.0
	if s.Lines > 0 {
		pct = 100 * float64(s.MatchedLines) / float64(s.Lines)
	}
	fmt.Fprintf(&b, "jmlog: %s, %d with codes (%.2f%%); %s, %d distinct",
		plural(s.Lines, "line"), s.MatchedLines, pct, plural(total, "code"), len(s.Codes)+len(s.Unknown))
	if len(s.Unknown) > 0 {
		fmt.Fprintf(&b, ", %d unknown", len(s.Unknown))
	}
	b.WriteString("\n")
	if total == 0 {
		_, err := io.WriteString(w, b.String())
		return err
	}
	var max int64
	first := 10
	for _, l := range [][]filter.CodeCount{s.Codes, s.Unknown} {
		for _, c := range l {
			if c.Count > max {
				max = c.Count
			}
			if n := utf8.RuneCountInString(sanitize.Name(c.First)); n > first {
				first = n
			}
		}
	}
	cw := len(fmt.Sprint(max))
	if cw < 5 {
		cw = 5
	}
	row := func(count, code, msg, seen, bar string) {
		line := fmt.Sprintf("  %*s  %-7s  %s  %s  %s", cw, count, code, pad(msg, st.Width), pad(seen, first), bar)
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteString("\n")
	}
	bar := func(n int64) string {
		if st.Bar == "" {
			return ""
		}
		k := int((n*20 + max - 1) / max)
		return strings.Repeat(st.Bar, k)
	}
	row("COUNT", "CODE", "MESSAGE", "FIRST SEEN", "")
	for _, c := range s.Codes {
		row(fmt.Sprint(c.Count), fmt.Sprint(c.Code), sanitize.Text(c.Entry.Message), sanitize.Name(c.First), bar(c.Count))
	}
	for _, c := range s.Unknown {
		row(fmt.Sprint(c.Count), fmt.Sprint(c.Code), "(unknown: not in the code table)", sanitize.Name(c.First), bar(c.Count))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// pad cuts s to width characters, ending it with "…" when cut, and pads it
// with spaces to width.
func pad(s string, width int) string {
	n := utf8.RuneCountInString(s)
	if n > width {
		r := []rune(s)
		return string(r[:width-1]) + "…"
	}
	return s + strings.Repeat(" ", width-n)
}

// plural is "1 line", "2 lines".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.FormatInt(n, 10) + " " + word + "s"
}

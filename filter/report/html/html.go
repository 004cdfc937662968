// Package html writes jmlog's HTML report (--report FILE.html): one page
// that holds everything it shows, for CI artefacts and bug reports. It
// loads nothing (no script, no stylesheet, no font, no image; its Content
// Security Policy forbids it all), draws the timeline as inline SVG, and is
// at most MaxSize bytes whatever the input. Every text that comes from a
// log or a table goes through html/template, which escapes it.
package html

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// MaxSize is the largest report Render writes, in bytes.
const MaxSize = 2 << 20

// Options is what a report says beside the Summary.
type Options struct {
	// Inputs are the names of the inputs, as given ("-" is standard
	// input).
	Inputs []string
	// Shots are the lines around the first line of each code (see
	// printer.Capture).
	Shots []*printer.Shot
	// Generated is when the report was written; zero leaves it out.
	Generated time.Time
	// Version is jmlog's version.
	Version string
	// Partial marks a run that was interrupted.
	Partial bool
}

//go:embed report.tmpl
var pageTemplate string

//go:embed style.css
var css string

// page is parsed the first time it is needed, not when jmlog starts: most
// runs write no report.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{"num": groupDigits}).Parse(pageTemplate))
})

// limits bound what a page shows; Render halves them until the page fits
// MaxSize.
type limits struct {
	rows, groups, shots, lines int
}

var startLimits = limits{rows: 500, groups: 10, shots: printer.MaxShots, lines: 7}

// shrink halves the limits, the context first; it reports false when
// nothing is left to take away.
func (l *limits) shrink() bool {
	switch {
	case l.shots > 0:
		l.shots /= 2
	case l.groups > 1:
		l.groups /= 2
	case l.rows > 10:
		l.rows /= 2
	default:
		return false
	}
	return true
}

// Render returns the report of s: the totals, a timeline chart, the code
// table, the breakdowns and the context of each code's first line. It is
// at most MaxSize bytes: when the whole would be larger, the context, the
// groups and then the rows are cut, and the page says so.
func Render(s *filter.Summary, opt Options) ([]byte, error) {
	lim := startLimits
	for {
		p := newPage(s, &opt, lim)
		var b bytes.Buffer
		b.Grow(256 << 10)
		if err := p.write(&b, page()); err != nil {
			return nil, err
		}
		if b.Len() <= MaxSize || !lim.shrink() {
			return b.Bytes(), nil
		}
	}
}

// Prepare makes the first Render faster: html/template analyses a
// template the first time it runs it, and the code and data it uses are
// cold. A program that knows it will render a report may call Prepare
// beforehand, on a goroutine of its own (jmlog does while it reads its
// input), so that the report at the end costs less. It is safe to call
// from any goroutine, any number of times.
func Prepare() {
	var s filter.Summary
	var b bytes.Buffer
	newPage(&s, &Options{Inputs: []string{"-"}}, startLimits).write(&b, page())
}

// write writes the page: html/template's parts of the template around
// what Go writes itself (the chart, the breakdowns' rows, the lines of the
// first occurrences: the bulk of a page, numbers and escaped text written
// straight into b, which keeps the rendering fast and its memory small).
func (p *pageData) write(b *bytes.Buffer, t *template.Template) error {
	var err error
	run := func(name string, data any) {
		if err == nil {
			err = t.ExecuteTemplate(b, name, data)
		}
	}
	run("top", p)
	if c := p.Chart; c != nil {
		run("chartTop", c)
		c.writeBody(b)
		run("chartBottom", c)
	}
	run("codes", p)
	for _, bd := range p.Breakdowns {
		run("byTop", bd)
		groupRows(b, p.all, bd.i, bd.lim)
		run("byBottom", bd)
	}
	if len(p.Shots) > 0 || p.MoreShots > 0 {
		run("shotsTop", p)
		for _, s := range p.Shots {
			run("shotTop", s)
			preLines(b, s.shot, s.around)
			run("shotBottom", s)
		}
		run("shotsBottom", p)
	}
	run("end", p)
	return err
}

// pageData is what the template shows.
type pageData struct {
	Title, Version, Generated, Span string
	Inputs                          []string
	MoreInputs                      int
	Partial                         bool
	Lines, Matched, Total           int64
	Distinct, UnknownCodes          int
	MatchedPct                      string
	Chart                           *chart
	Rows                            []row
	MoreRows                        int
	Breakdowns                      []breakdown
	Shots                           []shot
	MoreShots                       int
	CSS                             template.CSS
	all                             []filter.CodeCount
}

type row struct {
	Code                 uint32
	Known                bool
	Message, Instruction string
	Count                int64
	CountText            string
	First, Last          string
	FirstTime, LastTime  string
	Color                template.CSS
}

// breakdown is the table of the i-th breakdown; write writes its rows.
type breakdown struct {
	Name string
	i    int
	lim  limits
}

// shot is one first occurrence; write writes its lines.
type shot struct {
	Code           uint32
	Message, Where string
	shot           *printer.Shot
	around         int
}

const maxInputs = 20

func newPage(s *filter.Summary, opt *Options, lim limits) *pageData {
	p := &pageData{Version: opt.Version, Partial: opt.Partial, CSS: template.CSS(css),
		Lines: s.Lines, Matched: s.MatchedLines, Total: s.Total(),
		Distinct: len(s.Codes) + len(s.Unknown), UnknownCodes: len(s.Unknown)}
	p.Title = title(opt.Inputs)
	for i, n := range opt.Inputs {
		if i == maxInputs {
			p.MoreInputs = len(opt.Inputs) - i
			break
		}
		p.Inputs = append(p.Inputs, label(n))
	}
	if !opt.Generated.IsZero() {
		p.Generated = opt.Generated.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	p.MatchedPct = "0%"
	if s.Lines > 0 {
		p.MatchedPct = strconv.FormatFloat(100*float64(s.MatchedLines)/float64(s.Lines), 'f', 2, 64) + "%"
	}
	p.all = allCodes(s)
	p.Span = span(p.all)
	colors := map[uint32]template.CSS{}
	p.Chart = newChart(s, colors)
	p.rows(s, colors, lim)
	p.breakdowns(s, lim)
	p.shots(s, opt.Shots, lim)
	return p
}

// title names the inputs in a few words.
func title(inputs []string) string {
	switch len(inputs) {
	case 0:
		return "(standard input)"
	case 1:
		return label(inputs[0])
	}
	if len(inputs) == 2 {
		return label(inputs[0]) + " and 1 more input"
	}
	return fmt.Sprintf("%s and %d more inputs", label(inputs[0]), len(inputs)-1)
}

func label(name string) string {
	return cut(sanitize.Text((&filter.Source{Name: name}).Label()), 200)
}

// span is the log time covered by the codes, or "".
func span(all []filter.CodeCount) string {
	var lo, hi time.Time
	for _, c := range all {
		if c.FirstTime.IsZero() {
			continue
		}
		if lo.IsZero() || c.FirstTime.Before(lo) {
			lo = c.FirstTime
		}
		if c.LastTime.After(hi) {
			hi = c.LastTime
		}
	}
	if lo.IsZero() {
		return ""
	}
	return "from " + when(lo) + " to " + when(hi)
}

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02 15:04:05.000")
}

func allCodes(s *filter.Summary) []filter.CodeCount {
	return append(append([]filter.CodeCount(nil), s.Codes...), s.Unknown...)
}

func (p *pageData) rows(s *filter.Summary, colors map[uint32]template.CSS, lim limits) {
	all := p.all
	for i, c := range all {
		if i == lim.rows {
			p.MoreRows = len(all) - i
			break
		}
		r := row{Code: c.Code, Known: c.Entry != nil, Count: c.Count, CountText: groupDigits(c.Count), First: cut(sanitize.Text(c.First), 120),
			Last: cut(sanitize.Text(c.Last), 120), FirstTime: when(c.FirstTime), LastTime: when(c.LastTime), Color: colors[c.Code]}
		if c.Entry != nil {
			r.Message = cut(sanitize.Text(c.Entry.Message), 300)
			if r.Message == "" {
				r.Message = sanitize.NoMessage
			}
			r.Instruction = cut(sanitize.Text(c.Entry.Instruction), 500)
		}
		p.Rows = append(p.Rows, r)
	}
}

// breakdowns shows every breakdown of s.
func (p *pageData) breakdowns(s *filter.Summary, lim limits) {
	for i, by := range s.By {
		p.Breakdowns = append(p.Breakdowns, breakdown{Name: by.String(), i: i, lim: lim})
	}
}

// groupRows writes the rows of the i-th breakdown of codes, one per code
// with groups: <tr><td class="code">CODE</td><td><div class="groups">
// and a chip for each group, <span class="chip">NAME <b>COUNT</b></span>.
// Names are escaped with template.HTMLEscape, as html/template would: a
// breakdown has hundreds of rows and thousands of groups, and writing them
// here keeps the page's rendering fast.
func groupRows(b *bytes.Buffer, all []filter.CodeCount, i int, lim limits) {
	for k, c := range all {
		if k == lim.rows {
			break
		}
		if i >= len(c.By) || len(c.By[i]) == 0 {
			continue
		}
		b.WriteString(`<tr><td class="code">`)
		b.WriteString(strconv.FormatUint(uint64(c.Code), 10))
		b.WriteString(`</td><td><div class="groups">`)
		groups := c.By[i][:min(len(c.By[i]), lim.groups)]
		for _, g := range groups {
			b.WriteString(`<span class="chip">`)
			template.HTMLEscape(b, []byte(groupName(g)))
			b.WriteString(` <b>`)
			b.WriteString(groupDigits(g.Count))
			b.WriteString(`</b></span>`)
		}
		if more := len(c.By[i]) - len(groups); more > 0 {
			b.WriteString(`<span class="note">+`)
			b.WriteString(strconv.Itoa(more))
			b.WriteString(` more</span>`)
		}
		b.WriteString("</div></td></tr>\n")
	}
}

func groupName(g filter.Group) string {
	switch {
	case g.None:
		return "(none)"
	case g.Other:
		return "(other)"
	case g.Value == "":
		return `""`
	}
	return cut(sanitize.Text(g.Value), 64)
}

func (p *pageData) shots(s *filter.Summary, shots []*printer.Shot, lim limits) {
	msgs := map[uint32]string{}
	for _, c := range p.all {
		msgs[c.Code] = "unknown: not in the code table"
		if c.Entry != nil {
			msgs[c.Code] = cut(sanitize.Text(c.Entry.Message), 120)
		}
	}
	for i, sh := range shots {
		if i == lim.shots {
			p.MoreShots = len(shots) - i
			break
		}
		x := shot{Code: sh.Code, Message: msgs[sh.Code], Where: cut(sanitize.Text(sh.Source), 200) + ":" + strconv.FormatInt(sh.Line, 10),
			shot: sh, around: lim.lines / 2}
		p.Shots = append(p.Shots, x)
	}
}

// preLines writes the lines of sh, at most around of them on each side of
// its line, as <span><i>NUM</i>TEXT</span> (class "hit" for its line),
// each text made safe by logText and escaped with
// template.HTMLEscapeString, as html/template would (there are hundreds of
// them; writing them here keeps the page's rendering fast).
func preLines(b *bytes.Buffer, sh *printer.Shot, around int) {
	var num []byte
	for _, l := range sh.Lines {
		hit := l.Num == sh.Line
		if !hit && absDiff(l.Num, sh.Line) > int64(around) {
			continue
		}
		if hit {
			b.WriteString(`<span class="hit"><i>`)
		} else {
			b.WriteString(`<span><i>`)
		}
		num = strconv.AppendInt(num[:0], l.Num, 10)
		b.Write(num)
		b.WriteString(`</i>`)
		if text := logText(l.Text); text == l.Text && !strings.ContainsAny(text, `<>&'"`) {
			b.WriteString(text) // nothing to escape: no copy
		} else {
			template.HTMLEscape(b, []byte(text))
		}
		if l.Cut {
			b.WriteString(" …")
		}
		b.WriteString(`</span>`)
	}
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// cut shortens s to at most n characters, ending it with "…" when cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// groupDigits writes n with thousands separated by commas.
func groupDigits(n any) string {
	var v int64
	switch x := n.(type) {
	case int64:
		v = x
	case int:
		v = int64(x)
	}
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// logText makes a log line safe to show in a <pre>: control characters
// become spaces, but for TAB, and invalid UTF-8 becomes U+FFFD.
func logText(s string) string {
	clean := true
	for i := 0; i < len(s) && clean; i++ {
		c := s[i]
		clean = c >= 0x20 && c < 0x7f || c == '\t'
	}
	if clean {
		return s // printable ASCII, the common case
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return r
		}
		if r < 0x20 || r >= 0x7f && r < 0xa0 {
			return ' '
		}
		return r
	}, s)
}

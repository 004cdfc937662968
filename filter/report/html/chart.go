package html

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"time"

	"github.com/jmlog/jmlog/filter"
)

// chart is the timeline as stacked bars: one bar per bucket of the
// Summary's timeline, one colour per code for the most frequent codes with
// a timeline, and one for the rest. writeBody writes the SVG's content:
// numbers, colours of the palette, and texts that are codes, digits and
// times (a chart has hundreds of elements; writing them in Go keeps the
// page's rendering fast).
type chart struct {
	W, H                 int
	Buckets, StepSeconds int64
	Step                 string
	Legend               []legend
	tl                   filter.Timeline
	ss                   []series
	top                  int64
}

type legend struct {
	Name  string
	Count int64
	Color template.CSS
}

// palette is Tableau 10: colours told apart by most people, on white.
var palette = []template.CSS{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7"}

const otherColor template.CSS = "#bab0ac"

// Plot area, in the SVG's own units.
const (
	chartW, chartH         = 1000, 280
	plotL, plotR           = 56.0, 990.0
	plotT, plotB           = 12.0, 240.0
	xLabelY, yLabelX       = 260.0, 48.0
	maxXTicks, minXSpacing = 7, 110.0
)

// series is the counts of one colour of the chart.
type series struct {
	name   string
	color  template.CSS
	counts []int64
	total  int64
}

// newChart returns the chart of s, or nil when no code had a log time. It
// records the colour of each code it draws in colors.
func newChart(s *filter.Summary, colors map[uint32]template.CSS) *chart {
	tl := s.Timeline
	if tl.Buckets == 0 {
		return nil
	}
	c := &chart{W: chartW, H: chartH, Buckets: int64(tl.Buckets), StepSeconds: int64(tl.Step / time.Second), Step: duration(tl.Step),
		tl: tl, ss: chartSeries(s, tl.Buckets, colors)}
	for i := range tl.Buckets {
		var sum int64
		for _, x := range c.ss {
			sum += x.counts[i]
		}
		c.top = max(c.top, sum)
	}
	c.top = niceMax(c.top)
	for _, x := range c.ss {
		c.Legend = append(c.Legend, legend{Name: x.name, Count: x.total, Color: x.color})
	}
	return c
}

// writeBody writes the SVG's content: the grid, the bars, the axes.
func (c *chart) writeBody(b *bytes.Buffer) {
	scale := (plotB - plotT) / float64(c.top)
	for _, v := range []int64{0, c.top / 2, c.top} {
		y := f(plotB - float64(v)*scale)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e4e8ec"/><text x="%s" y="%s" text-anchor="end">%s</text>`+"\n",
			f(plotL), y, f(plotR), y, f(yLabelX), f(plotB-float64(v)*scale+4), groupDigits(v))
	}
	bars(b, c.tl, c.ss, scale)
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#8c959f"/>`+"\n", f(plotL), f(plotB), f(plotR), f(plotB))
	xTicks(b, c.tl, (plotR-plotL)/float64(c.tl.Buckets))
}

// bars writes the stacked bars, with a title each: the series and the
// count, and the time of the bar. Names are codes or "other codes", and
// times digits: nothing to escape.
func bars(b *bytes.Buffer, tl filter.Timeline, ss []series, scale float64) {
	bw := (plotR - plotL) / float64(tl.Buckets)
	gap := math.Min(bw*0.15, 2)
	w := appendF(nil, math.Max(bw-gap, 0.5))
	var buf []byte
	for i := range tl.Buckets {
		y := plotB
		at := stamp(tl.Start.Add(time.Duration(i)*tl.Step), tl.Step)
		x := appendF(nil, plotL+float64(i)*bw+gap/2)
		for _, s := range ss {
			n := s.counts[i]
			if n == 0 {
				continue
			}
			h := float64(n) * scale
			y -= h
			buf = append(buf[:0], `<rect x="`...)
			buf = append(buf, x...)
			buf = append(append(buf, `" y="`...), appendF(nil, y)...)
			buf = append(append(buf, `" width="`...), w...)
			buf = appendF(append(buf, `" height="`...), h)
			buf = append(append(append(buf, `" fill="`...), s.color...), `"><title>`...)
			buf = append(append(buf, s.name...), ": "...)
			buf = strconv.AppendInt(buf, n, 10)
			buf = append(append(append(buf, " from "...), at...), "</title></rect>\n"...)
			b.Write(buf)
		}
	}
}

// chartSeries makes a series for each of the most frequent codes with a
// timeline, and one for the others.
func chartSeries(s *filter.Summary, buckets int, colors map[uint32]template.CSS) []series {
	var ss []series
	other := series{name: "other codes", color: otherColor, counts: make([]int64, buckets)}
	for _, c := range allCodesByCount(s) {
		if c.Timeline == nil {
			continue
		}
		x := &other
		if len(ss) < len(palette) {
			ss = append(ss, series{name: strconv.FormatUint(uint64(c.Code), 10), color: palette[len(ss)], counts: make([]int64, buckets)})
			x = &ss[len(ss)-1]
			colors[c.Code] = x.color
		}
		for i, n := range c.Timeline {
			x.counts[i] += n
			x.total += n
		}
	}
	if other.total > 0 {
		ss = append(ss, other)
	}
	return ss
}

// allCodesByCount is every code, known or not, by count.
func allCodesByCount(s *filter.Summary) []filter.CodeCount {
	all := allCodes(s)
	for i := 1; i < len(all); i++ { // insertion sort: the two lists are sorted already
		for j := i; j > 0 && all[j].Count > all[j-1].Count; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	return all
}

// xTicks labels a few bucket starts, evenly spaced, at least minXSpacing
// apart.
func xTicks(b *bytes.Buffer, tl filter.Timeline, bw float64) {
	every := max(1, int(math.Ceil(minXSpacing/bw)))
	if n := tl.Buckets / every; n > maxXTicks {
		every = int(math.Ceil(float64(tl.Buckets) / maxXTicks))
	}
	layout := tickLayout(tl)
	for i := 0; i <= tl.Buckets; i += every {
		x := f(plotL + float64(i)*bw)
		label := tl.Start.Add(time.Duration(i) * tl.Step).Format(layout)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#8c959f"/><text x="%s" y="%s" text-anchor="middle">%s</text>`+"\n",
			x, f(plotB), x, f(plotB+5), x, f(xLabelY), template.HTMLEscapeString(label))
	}
}

// tickLayout is how the x axis writes times: dates for steps of a day or
// more, the time of day when the timeline stays within one day.
func tickLayout(tl filter.Timeline) string {
	end := tl.Start.Add(time.Duration(tl.Buckets) * tl.Step)
	sameDay := tl.Start.Format("2006-01-02") == end.Add(-time.Nanosecond).Format("2006-01-02")
	switch {
	case tl.Step >= 24*time.Hour:
		return "2006-01-02"
	case sameDay && tl.Step < time.Minute:
		return "15:04:05"
	case sameDay:
		return "15:04"
	}
	return "01-02 15:04"
}

// stamp is the start of a bucket, as precise as its step.
func stamp(t time.Time, step time.Duration) string {
	if step < time.Minute {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02 15:04")
}

// niceMax rounds n up to 1, 2 or 5 times a power of ten (at least 1).
func niceMax(n int64) int64 {
	if n <= 1 {
		return 1
	}
	p := int64(1)
	for p*10 < n {
		p *= 10
	}
	for _, m := range []int64{1, 2, 5, 10} {
		if m*p >= n {
			return m * p
		}
	}
	return 10 * p
}

// duration writes a step for people: "1 second", "5 minutes", "2 days".
func duration(d time.Duration) string {
	s := int64(d / time.Second)
	for _, u := range []struct {
		n    int64
		name string
	}{{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}} {
		if s%u.n == 0 && s >= u.n {
			if s == u.n {
				return "1 " + u.name
			}
			return strconv.FormatInt(s/u.n, 10) + " " + u.name + "s"
		}
	}
	return d.String()
}

// f writes v, at least 0, with one decimal.
func f(v float64) string { return string(appendF(nil, v)) }

// appendF appends v, at least 0, with one decimal.
func appendF(dst []byte, v float64) []byte {
	t := int64(math.Round(v * 10))
	dst = strconv.AppendInt(dst, t/10, 10)
	return append(dst, '.', byte('0'+t%10))
}

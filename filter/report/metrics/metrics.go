// Package metrics serves jmlog's counts to Prometheus.
package metrics

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/sanitize"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Collector is a prometheus.Collector for a filter.Counts. It reads a Snapshot on
// each scrape, so counting costs nothing per line:
//
//	jmlog_lines_total                         lines read
//	jmlog_code_total{code,message}            occurrences of each code in the table
//	jmlog_unknown_code_total{code}            occurrences of 871xxx codes not in the table
//
// A series appears once its code has been seen. The values are those of
// the Counts, so they agree with the summary; they start again from 0 when
// jmlog starts, which Prometheus's rate() and increase() handle.
//
// With Options.FileLabel, the code series carry a file label too: one
// series per code and file, from the Counts' file breakdown (filter.ByFile,
// which must be counted). The number of files is bounded by the command
// line. Tags and pids are not: they stay out of labels.
type Collector struct {
	counts                *filter.Counts
	lines, codes, unknown *prometheus.Desc
	file                  bool
}

// Options configure a Collector.
type Options struct {
	// FileLabel labels the code series with the file the codes were read
	// from (for jmlog following several files).
	FileLabel bool
}

// NewCollector returns the collector of c.
func NewCollector(c *filter.Counts) *Collector { return NewCollectorWith(c, Options{}) }

// NewCollectorWith returns the collector of c with opt.
func NewCollectorWith(c *filter.Counts, opt Options) *Collector {
	codeLabels, unknownLabels := []string{"code", "message"}, []string{"code"}
	if opt.FileLabel {
		codeLabels, unknownLabels = append(codeLabels, "file"), append(unknownLabels, "file")
	}
	return &Collector{
		counts:  c,
		file:    opt.FileLabel,
		lines:   prometheus.NewDesc("jmlog_lines_total", "Lines read.", nil, nil),
		codes:   prometheus.NewDesc("jmlog_code_total", "Occurrences of each JMessage error code in the code table, with its message.", codeLabels, nil),
		unknown: prometheus.NewDesc("jmlog_unknown_code_total", "Occurrences of 871xxx codes that are not in the code table.", unknownLabels, nil),
	}
}

// Describe implements prometheus.Collector.
func (m *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.lines
	ch <- m.codes
	ch <- m.unknown
}

// Collect implements prometheus.Collector.
func (m *Collector) Collect(ch chan<- prometheus.Metric) {
	s := m.counts.Snapshot()
	ch <- prometheus.MustNewConstMetric(m.lines, prometheus.CounterValue, float64(s.Lines))
	if m.file {
		m.collectFiles(ch, &s)
		return
	}
	for _, c := range s.Codes {
		msg := strings.ToValidUTF8(sanitize.Text(c.Entry.Message), "\uFFFD")
		ch <- prometheus.MustNewConstMetric(m.codes, prometheus.CounterValue, float64(c.Count), strconv.FormatUint(uint64(c.Code), 10), msg)
	}
	for _, c := range s.Unknown {
		ch <- prometheus.MustNewConstMetric(m.unknown, prometheus.CounterValue, float64(c.Count), strconv.FormatUint(uint64(c.Code), 10))
	}
}

// collectFiles sends the code series with a file label: one per code and
// file. Files beyond the groups the Counts keep are labelled "(other)".
func (m *Collector) collectFiles(ch chan<- prometheus.Metric, s *filter.Summary) {
	k := slices.Index(s.By, filter.ByFile)
	for _, c := range append(append([]filter.CodeCount(nil), s.Codes...), s.Unknown...) {
		code := strconv.FormatUint(uint64(c.Code), 10)
		if k < 0 || k >= len(c.By) {
			continue
		}
		for _, g := range c.By[k] {
			file := strings.ToValidUTF8(sanitize.Text(g.Value), "\uFFFD")
			if g.Other || g.None {
				file = "(other)"
			}
			if c.Entry == nil {
				ch <- prometheus.MustNewConstMetric(m.unknown, prometheus.CounterValue, float64(g.Count), code, file)
				continue
			}
			msg := strings.ToValidUTF8(sanitize.Text(c.Entry.Message), "\uFFFD")
			ch <- prometheus.MustNewConstMetric(m.codes, prometheus.CounterValue, float64(g.Count), code, msg, file)
		}
	}
}

// Handler serves the metrics of c, and of the extra collectors (such as a
// TableCollector), with the Go runtime's and the process's, from a
// registry of its own.
func Handler(c *filter.Counts, extra ...prometheus.Collector) http.Handler {
	return HandlerWith(c, Options{}, extra...)
}

// HandlerWith is Handler with a collector made with opt.
func HandlerWith(c *filter.Counts, opt Options, extra ...prometheus.Collector) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		NewCollectorWith(c, opt),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	reg.MustRegister(extra...)
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Package metrics serves jmlog's counts to Prometheus.
package metrics

import (
	"net/http"
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
type Collector struct {
	counts                *filter.Counts
	lines, codes, unknown *prometheus.Desc
}

// NewCollector returns the collector of c.
func NewCollector(c *filter.Counts) *Collector {
	return &Collector{
		counts:  c,
		lines:   prometheus.NewDesc("jmlog_lines_total", "Lines read.", nil, nil),
		codes:   prometheus.NewDesc("jmlog_code_total", "Occurrences of each JMessage error code in the code table, with its message.", []string{"code", "message"}, nil),
		unknown: prometheus.NewDesc("jmlog_unknown_code_total", "Occurrences of 871xxx codes that are not in the code table.", []string{"code"}, nil),
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
	for _, c := range s.Codes {
		msg := strings.ToValidUTF8(sanitize.Text(c.Entry.Message), "\uFFFD")
		ch <- prometheus.MustNewConstMetric(m.codes, prometheus.CounterValue, float64(c.Count), strconv.FormatUint(uint64(c.Code), 10), msg)
	}
	for _, c := range s.Unknown {
		ch <- prometheus.MustNewConstMetric(m.unknown, prometheus.CounterValue, float64(c.Count), strconv.FormatUint(uint64(c.Code), 10))
	}
}

// Handler serves the metrics of c, and of the extra collectors (such as a
// TableCollector), with the Go runtime's and the process's, from a
// registry of its own.
func Handler(c *filter.Counts, extra ...prometheus.Collector) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		NewCollector(c),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	reg.MustRegister(extra...)
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

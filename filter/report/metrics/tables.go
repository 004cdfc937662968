package metrics

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// TableStatus is the state of the code table in force, for the table
// metrics: how many reloads succeeded and failed, and the rows and load
// time of the table in force. It is safe for concurrent use; the zero
// TableStatus has no table yet.
type TableStatus struct {
	mu         sync.Mutex
	ok, failed int64
	rows       int
	loaded     time.Time
}

// Loaded records that a table of rows rows was put in force at t; reload
// counts it as a successful reload (the first load is not one).
func (s *TableStatus) Loaded(rows int, t time.Time, reload bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows, s.loaded = rows, t
	if reload {
		s.ok++
	}
}

// Failed records a reload that failed: the table in force stays.
func (s *TableStatus) Failed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed++
}

// Snapshot returns the successful and failed reloads, and the rows and
// load time of the table in force.
func (s *TableStatus) Snapshot() (ok, failed int64, rows int, loaded time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ok, s.failed, s.rows, s.loaded
}

// TableCollector is the prometheus.Collector of a TableStatus:
//
//	jmlog_table_reloads_total{result="ok|error"}   reloads of the --codes files
//	jmlog_table_rows                               rows of the table in force
//	jmlog_table_loaded_timestamp_seconds           when it was loaded (Unix time)
//
// Both reload series are there from the start, at 0; the gauges once a
// table is loaded.
type TableCollector struct {
	s                     *TableStatus
	reloads, rows, loaded *prometheus.Desc
}

// NewTableCollector returns the collector of s.
func NewTableCollector(s *TableStatus) *TableCollector {
	return &TableCollector{
		s:       s,
		reloads: prometheus.NewDesc("jmlog_table_reloads_total", "Reloads of the --codes tables (SIGHUP or a change of a file), by result; a failed one keeps the table in force.", []string{"result"}, nil),
		rows:    prometheus.NewDesc("jmlog_table_rows", "Rows of the code table in force.", nil, nil),
		loaded:  prometheus.NewDesc("jmlog_table_loaded_timestamp_seconds", "When the code table in force was loaded, in seconds since the Unix epoch.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (m *TableCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- m.reloads
	ch <- m.rows
	ch <- m.loaded
}

// Collect implements prometheus.Collector.
func (m *TableCollector) Collect(ch chan<- prometheus.Metric) {
	ok, failed, rows, loaded := m.s.Snapshot()
	ch <- prometheus.MustNewConstMetric(m.reloads, prometheus.CounterValue, float64(ok), "ok")
	ch <- prometheus.MustNewConstMetric(m.reloads, prometheus.CounterValue, float64(failed), "error")
	if loaded.IsZero() {
		return
	}
	ch <- prometheus.MustNewConstMetric(m.rows, prometheus.GaugeValue, float64(rows))
	ch <- prometheus.MustNewConstMetric(m.loaded, prometheus.GaugeValue, float64(loaded.Unix())+float64(loaded.Nanosecond())/1e9)
}

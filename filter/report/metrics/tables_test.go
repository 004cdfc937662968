package metrics

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestTableCollector(t *testing.T) {
	var s TableStatus
	m := NewTableCollector(&s)
	// Before a table: the reload counters only, at 0.
	if err := testutil.CollectAndCompare(m, strings.NewReader(`
# HELP jmlog_table_reloads_total Reloads of the --codes tables (SIGHUP or a change of a file), by result; a failed one keeps the table in force.
# TYPE jmlog_table_reloads_total counter
jmlog_table_reloads_total{result="error"} 0
jmlog_table_reloads_total{result="ok"} 0
`)); err != nil {
		t.Error(err)
	}
	s.Loaded(40, time.Unix(1700000000, 500e6), false) // the first load is no reload
	s.Failed()
	s.Loaded(52, time.Unix(1700000100, 250e6), true)
	s.Failed()
	s.Failed()
	want := `
# HELP jmlog_table_loaded_timestamp_seconds When the code table in force was loaded, in seconds since the Unix epoch.
# TYPE jmlog_table_loaded_timestamp_seconds gauge
jmlog_table_loaded_timestamp_seconds 1.70000010025e+09
# HELP jmlog_table_reloads_total Reloads of the --codes tables (SIGHUP or a change of a file), by result; a failed one keeps the table in force.
# TYPE jmlog_table_reloads_total counter
jmlog_table_reloads_total{result="error"} 3
jmlog_table_reloads_total{result="ok"} 1
# HELP jmlog_table_rows Rows of the code table in force.
# TYPE jmlog_table_rows gauge
jmlog_table_rows 52
`
	if err := testutil.CollectAndCompare(m, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	if err := testutil.CollectAndCompare(m, strings.NewReader(want)); err != nil {
		t.Error("a second scrape differs:", err)
	}
}

package metrics

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/filter"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestMetrics(t *testing.T) {
	c := &filter.Counts{}
	f := filter.New(filter.Config{Counts: c})
	m := NewCollector(c)
	// Before any input: the lines counter only.
	if err := testutil.CollectAndCompare(m, strings.NewReader(`
# HELP jmlog_lines_total Lines read.
# TYPE jmlog_lines_total counter
jmlog_lines_total 0
`)); err != nil {
		t.Error(err)
	}
	in := "a 871300 871300\nb 871104\nplain\nc 871999 and 871300\r\nlast 871999"
	if err := f.Run(context.Background(), &filter.Source{Name: "x", R: strings.NewReader(in)}); err != nil {
		t.Fatal(err)
	}
	want := `
# HELP jmlog_code_total Occurrences of each JMessage error code in the code table, with its message.
# TYPE jmlog_code_total counter
jmlog_code_total{code="871104",message="Server internal error."} 1
jmlog_code_total{code="871300",message="Have not logged in."} 3
# HELP jmlog_lines_total Lines read.
# TYPE jmlog_lines_total counter
jmlog_lines_total 5
# HELP jmlog_unknown_code_total Occurrences of 871xxx codes that are not in the code table.
# TYPE jmlog_unknown_code_total counter
jmlog_unknown_code_total{code="871999"} 2
`
	if err := testutil.CollectAndCompare(m, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(m, "jmlog_code_total"); n != 2 {
		t.Errorf("%d code series", n)
	}
}

// TestMetricsHandler: the endpoint serves jmlog's metrics with the Go and
// process collectors' beside them.
func TestMetricsHandler(t *testing.T) {
	c := &filter.Counts{}
	if err := filter.New(filter.Config{Counts: c}).Run(context.Background(), &filter.Source{Name: "x", R: strings.NewReader("871300\n")}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(c))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, s := range []string{
		"\njmlog_lines_total 1\n",
		"\njmlog_code_total{code=\"871300\",message=\"Have not logged in.\"} 1\n",
		"\ngo_goroutines ",
		"\nprocess_cpu_seconds_total ",
		"\nprocess_resident_memory_bytes ",
	} {
		if !bytes.Contains(body, []byte(s)) {
			t.Errorf("no %q in:\n%s", s, body)
		}
	}
}

// TestMetricsFileLabel: following several files, each code series has a
// file label; tags and pids never become labels.
func TestMetricsFileLabel(t *testing.T) {
	c := &filter.Counts{}
	f := filter.New(filter.Config{Counts: c, By: []filter.By{filter.ByFile, filter.ByTag, filter.ByPID}})
	for _, in := range []struct{ name, text string }{
		{"a.log", "11-25 18:35:01.123  4321  4390 E JIM: 871300 871300\n871999\n"},
		{"b.log", "11-25 18:35:01.123  999  999 E Other: 871300\n"},
	} {
		if err := f.Run(context.Background(), &filter.Source{Name: in.name, R: strings.NewReader(in.text)}); err != nil {
			t.Fatal(err)
		}
	}
	want := `
# HELP jmlog_code_total Occurrences of each JMessage error code in the code table, with its message.
# TYPE jmlog_code_total counter
jmlog_code_total{code="871300",file="a.log",message="Have not logged in."} 2
jmlog_code_total{code="871300",file="b.log",message="Have not logged in."} 1
# HELP jmlog_unknown_code_total Occurrences of 871xxx codes that are not in the code table.
# TYPE jmlog_unknown_code_total counter
jmlog_unknown_code_total{code="871999",file="a.log"} 1
`
	if err := testutil.CollectAndCompare(NewCollectorWith(c, Options{FileLabel: true}), strings.NewReader(want), "jmlog_code_total", "jmlog_unknown_code_total"); err != nil {
		t.Error(err)
	}
}

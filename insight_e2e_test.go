//go:build unix

// These tests send signals to a jmlog process (os.Process.Signal): unix only.

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFollowFilesMetricsAndContext: following two files, the metrics'
// code series carry a file label, -C keeps each file's context apart, and
// --report is written on SIGTERM.
func TestFollowFilesMetricsAndContext(t *testing.T) {
	dir := t.TempDir()
	a, b, page := filepath.Join(dir, "a.log"), filepath.Join(dir, "b.log"), filepath.Join(dir, "r.html")
	appendFile(t, a, "")
	appendFile(t, b, "")
	p := startJmlog(t, nil, "-f", "--from-start", "--metrics-addr", "127.0.0.1:0", "-C", "1", "--report", page, a, b)
	p.waitErr("/metrics\n")
	url := strings.Fields(strings.TrimPrefix(p.stderr(), "jmlog: serving metrics on "))[0]
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/metrics")
	appendFile(t, a, "a1\na2 871300\na3\n")
	p.waitOut("a3")
	appendFile(t, b, "b1\nb2 871300\nb3 871104\nb4\n")
	p.waitOut("b4")
	resp, err := httpGet(addr)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		`jmlog_code_total{code="871300",file="` + a + `",message="Have not logged in."} 1` + "\n",
		`jmlog_code_total{code="871300",file="` + b + `",message="Have not logged in."} 1` + "\n",
		`jmlog_code_total{code="871104",file="` + b + `",message="Server internal error."} 1` + "\n",
	} {
		if !strings.Contains(resp, s) {
			t.Errorf("no %q in:\n%s", s, resp)
		}
	}
	p.signal(syscall.SIGTERM)
	if s := p.exit(); s != 0 {
		t.Errorf("status %d; stderr %s", s, p.stderr())
	}
	var lines []string
	for _, l := range strings.Split(p.stdout(), "\n") {
		if i := strings.Index(l, "\t[jmlog]"); i >= 0 {
			l = l[:i]
		}
		lines = append(lines, l)
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{a + "-a1\n" + a + ":a2 871300\n" + a + "-a3", b + "-b1\n" + b + ":b2 871300\n" + b + ":b3 871104\n" + b + "-b4"} {
		if !strings.Contains(got, want) {
			t.Errorf("no\n%s\nin\n%s", want, got)
		}
	}
	html, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(html), `<tr data-code="871300" data-count="2"`) || !strings.Contains(string(html), "<h2>By file</h2>") {
		t.Errorf("report: %v\n%.2000s", err, html)
	}
}

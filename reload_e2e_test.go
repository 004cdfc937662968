//go:build unix

// These tests send signals to a jmlog process (os.Process.Signal): unix only.

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// TestReloadE2E (issue 14): a real jmlog follows a file; the table's
// message for 871300 is changed and SIGHUP sent: the next line carries the
// new message. Then the table is broken and SIGHUP sent again: the error
// is reported with the file and line, the last good table stays in force,
// and jmlog goes on and exits with 0 on SIGTERM.
func TestReloadE2E(t *testing.T) {
	dir := t.TempDir()
	page, log := filepath.Join(dir, "codes.md"), filepath.Join(dir, "app.log")
	writePage := func(rows string) {
		t.Helper()
		s := "# Codes\n\n## JMessage Android\n\n<table>\n<tr><th>Code</th><th>Error Message</th><th>说明</th></tr>\n" + rows + "</table>\n"
		if err := os.WriteFile(page, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writePage("<tr><td>871300</td><td>Old message.</td><td>old</td></tr>\n")
	if err := os.WriteFile(log, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	p := startJmlog(t, nil, "-f", "--codes", page, "--log-format", "json", "--summary", "none", log)
	p.ready(log)
	appendFile(t, log, "one 871300\n")
	p.waitOut("one 871300\t[jmlog] 871300 Old message. (old)\n")

	writePage("<tr><td>871300</td><td>New message.</td><td>new</td></tr>\n")
	p.signal(syscall.SIGHUP)
	p.until("the reload on SIGHUP", func(_, err []byte, _ int) bool {
		return regexp.MustCompile(`"event":"reload".*reloaded \([^)]*SIGHUP`).Match(err)
	})
	appendFile(t, log, "two 871300\n")
	p.waitOut("two 871300\t[jmlog] 871300 New message. (new)\n")

	writePage("<tr><td>871300</td><td>Broken.</td><td>x</td></tr>\n<tr><td>87130x</td><td>not a code</td><td>x</td></tr>\n")
	p.signal(syscall.SIGHUP)
	p.waitErr("SIGHUP) failed: " + page + ":8: codes: code is not a number")
	appendFile(t, log, "three 871300\n")
	p.waitOut("three 871300\t[jmlog] 871300 New message. (new)\n")
	if strings.Contains(p.stdout(), "Broken.") {
		t.Error("a line was annotated from the broken table")
	}
	p.signal(syscall.SIGTERM)
	if s := p.exit(); s != 0 {
		t.Errorf("status %d, want 0; stderr:\n%s", s, p.stderr())
	}
}

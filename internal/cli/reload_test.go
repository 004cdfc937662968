package cli

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// reloadPage is a vendor-style page with one row for 871300.
func reloadPage(msg string) string {
	return "# Test page\n\n## JMessage Android\n\n| Code | Error Message | Description |\n| --- | --- | --- |\n| 871300 | " + msg + " | log in first |\n"
}

// writeAtomic replaces path by a new file, as editors and config managers
// do.
func writeAtomic(t *testing.T, path, s string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

func appendLine(t *testing.T, path, s string) {
	t.Helper()
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if _, err := io.WriteString(fh, s); err != nil {
		t.Fatal(err)
	}
}

func scrape(t *testing.T, addr string) string {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestReloadFollow: following a file, a changed table is put in force by
// SIGHUP (and by the change itself), and the next line carries its
// message; a broken table is reported with its file and line, the table in
// force stays, and jmlog goes on; the metrics count both, and the exit
// status is 0.
func TestReloadFollow(t *testing.T) {
	dir := t.TempDir()
	page, log := filepath.Join(dir, "codes.md"), filepath.Join(dir, "app.log")
	writeAtomic(t, page, reloadPage("Old message."))
	if err := os.WriteFile(log, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	sigs := make(chan os.Signal, 4)
	var stdout, stderr syncBuffer
	a := &App{Stdout: &stdout, Stderr: &stderr, Signals: sigs}
	done := runAsync(a, "-f", "--from-start", "--codes", page, "--summary", "none", "--log-format", "json", "--metrics-addr", "127.0.0.1:0", log)
	waitFor(t, 10*time.Second, "the metrics address", func() bool { return strings.Contains(stderr.String(), "/metrics") })
	addr := regexp.MustCompile(`http://([^/"]+)/metrics`).FindStringSubmatch(stderr.String())[1]

	appendLine(t, log, "one 871300\n")
	waitFor(t, 10*time.Second, "line one", func() bool { return strings.Contains(stdout.String(), "one 871300\t[jmlog] 871300 Old message.") })

	writeAtomic(t, page, reloadPage("New message."))
	sigs <- syscall.SIGHUP
	waitFor(t, 10*time.Second, "the reload on SIGHUP", func() bool {
		return regexp.MustCompile(`"event":"reload".*reloaded \([^)]*SIGHUP`).MatchString(stderr.String())
	})
	appendLine(t, log, "two 871300\n")
	waitFor(t, 10*time.Second, "line two", func() bool { return strings.Contains(stdout.String(), "two 871300\t[jmlog] 871300 New message.") })

	writeAtomic(t, page, reloadPage("Broken.")+"| 87130x | not a code | x |\n")
	sigs <- syscall.SIGHUP
	waitFor(t, 10*time.Second, "the failed reload", func() bool {
		return strings.Contains(stderr.String(), `"level":"warn","event":"reload"`) &&
			strings.Contains(stderr.String(), `SIGHUP) failed: `+page+`:8: codes: code is not a number`)
	})
	appendLine(t, log, "three 871300\n")
	waitFor(t, 10*time.Second, "line three", func() bool { return strings.Contains(stdout.String(), "three 871300\t[jmlog] 871300 New message.") })
	if strings.Contains(stdout.String(), "Broken.") {
		t.Error("a line was annotated from the broken table")
	}
	m := scrape(t, addr)
	for _, re := range []string{
		`jmlog_table_reloads_total\{result="ok"\} [1-9]`,
		`jmlog_table_reloads_total\{result="error"\} [1-9]`,
		`jmlog_table_rows 40\n`,
		`jmlog_table_loaded_timestamp_seconds 1\.[0-9.]+e\+09\n`,
	} {
		if !regexp.MustCompile(re).MatchString(m) {
			t.Errorf("no %s in the metrics:\n%s", re, m)
		}
	}
	sigs <- syscall.SIGTERM
	if s := status(t, done, 10*time.Second, "SIGTERM"); s != 0 {
		t.Errorf("status %d, want 0 (a failed reload keeps the status); stderr:\n%s", s, stderr.String())
	}
	for _, l := range strings.Split(stdout.String(), "\n") {
		if strings.Count(l, "[jmlog]") > 1 {
			t.Errorf("a line annotated twice: %q", l)
		}
	}
}

// TestReloadStdinOnChange: reading standard input (adb logcat | jmlog), a
// change of a --codes file reloads it without a signal.
func TestReloadStdinOnChange(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "codes.md")
	writeAtomic(t, page, reloadPage("Old message."))
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	var stdout, stderr syncBuffer
	a := &App{Stdin: pr, Stdout: &stdout, Stderr: &stderr}
	done := runAsync(a, "--codes", page, "--summary", "json")
	io.WriteString(pw, "one 871300\n")
	waitFor(t, 10*time.Second, "line one", func() bool { return strings.Contains(stdout.String(), "Old message.") })
	// The watch starts with the run, so a change is seen; append to the
	// page (a write in place, not a rename) and wait until it is in force.
	fh, err := os.OpenFile(page, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fh, reloadPage("New message."))
	fh.Close()
	waitFor(t, 10*time.Second, "the new message", func() bool {
		io.WriteString(pw, "probe 871300\n")
		time.Sleep(20 * time.Millisecond)
		return strings.Contains(stdout.String(), "New message.")
	})
	pw.Close()
	if s := status(t, done, 10*time.Second, "end of input"); s != 0 {
		t.Errorf("status %d; stderr:\n%s", s, stderr.String())
	}
	// Each line carries one message, old or new; the summary has the new.
	sc := bufio.NewScanner(strings.NewReader(stdout.String()))
	for sc.Scan() {
		if l := sc.Text(); strings.Contains(l, "Old message.") == strings.Contains(l, "New message.") {
			t.Errorf("line %q: not exactly one table's message", l)
		}
	}
	if !strings.Contains(stderr.String(), `"message":"New message."`) {
		t.Errorf("the summary does not give the new message:\n%s", stderr.String())
	}
}

// TestReloadNoWatchWithoutLongRun: reading files (no -f, no standard
// input), --codes files are not watched; SIGHUP still reloads.
func TestReloadNoWatchWithoutLongRun(t *testing.T) {
	c := &config{names: []string{"a.log"}, f: &flags{tables: []string{"t.md"}}}
	if (&reloader{c: c}).long() {
		t.Error("a run over files is long")
	}
	c.names = []string{"a.log", "-"}
	if !(&reloader{c: c}).long() {
		t.Error("a run over standard input is not long")
	}
	c.names, c.follow = []string{"a.log"}, true
	if !(&reloader{c: c}).long() {
		t.Error("a run with -f is not long")
	}
}

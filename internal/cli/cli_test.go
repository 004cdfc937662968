package cli

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/jmlog/jmlog/filter/printer/printertest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestMain runs the tests from the repository's root, where the fixtures
// are, so that file names in outputs read as a user would write them.
func TestMain(m *testing.M) {
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// testModTime is the modification time of every input file in tests, so
// that the years of logcat's year-less times do not depend on when the
// fixtures were checked out.
func testModTime(os.FileInfo) time.Time { return time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC) }

// run is jmlog on the given streams, with no signals.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &App{Stdin: stdin, Stdout: stdout, Stderr: stderr, IsTerminal: func(io.Writer) bool { return false }, ModTime: testModTime,
		Now: func() time.Time { return time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC) }}
	return a.Run(args)
}

// cliCase is one run of jmlog: arguments, standard input, expected exit
// status, and golden files testdata/golden/NAME.stdout and NAME.stderr.
type cliCase struct {
	name      string
	args      []string
	stdin     string
	stdinFile string // standard input from this file instead
	status    int
	env       map[string]string
}

var cliCases = []cliCase{
	{name: "sample", args: []string{"testdata/logcat-sample.txt"}},
	{name: "sample-matched", args: []string{"--matched", "testdata/logcat-sample.txt"}},
	{name: "sample-count", args: []string{"-c", "testdata/logcat-sample.txt"}},
	{name: "sample-summary-json", args: []string{"--summary", "json", "--matched", "testdata/logcat-sample.txt"}},
	{name: "sample-summary-none", args: []string{"--summary=none", "testdata/logcat-sample.txt"}},
	{name: "sample-color", args: []string{"--color", "always", "--matched", "--summary", "none", "testdata/logcat-sample.txt"}},
	{name: "no-color-env", args: []string{"--matched", "--summary", "none", "testdata/logcat-sample.txt"}, env: map[string]string{"NO_COLOR": "1"}},
	{name: "stdin-crlf", args: nil, stdin: "a 871300\r\nplain\r\nlast 871104"},
	{name: "stdin-dash", args: []string{"-", "testdata/crlf.txt"}, stdin: "from stdin 871201\n"},
	{name: "codes-file", args: []string{"--codes", "testdata/codes-extra.tsv", "testdata/crlf.txt"}},
	{name: "regexp", args: []string{"-e", `code[:=] ?(\d+)`, "testdata/logcat-sample.txt"}},
	{name: "regexp-no-group", args: []string{"--regexp", `8713\d\d`, "--matched", "testdata/logcat-sample.txt"}},
	{name: "missing-file", args: []string{"testdata/nope.log", "testdata/crlf.txt", "testdata"}, status: 2},
	{name: "bad-regexp", args: []string{"-e", "code=(\\d+"}, status: 2},
	{name: "bad-flag", args: []string{"--colr", "never"}, status: 2},
	{name: "bad-flag-far", args: []string{"--frobnicate"}, status: 2},
	{name: "bad-short-flag", args: []string{"-x"}, status: 2},
	{name: "colour-alias", args: []string{"--colour", "never", "--matched", "--summary", "none", "testdata/crlf.txt"}},
	{name: "bad-interval-unit", args: []string{"--summary-interval", "10", "testdata/crlf.txt"}, status: 2},
	{name: "bad-interval-word", args: []string{"--summary-interval", "soon", "testdata/crlf.txt"}, status: 2},
	{name: "bad-top", args: []string{"--top", "-1", "testdata/crlf.txt"}, status: 2},
	{name: "bad-top-word", args: []string{"--top", "all", "testdata/crlf.txt"}, status: 2},
	{name: "top-2", args: []string{"-c", "--top", "2", "testdata/logcat-sample.txt"}},
	{name: "count-json", args: []string{"-c", "--summary", "json", "testdata/logcat-sample.txt"}},
	{name: "bad-ci", args: []string{"--ci", "gitlab", "testdata/crlf.txt"}, status: 2},
	{name: "ci-github", args: []string{"--ci", "github", "--matched", "testdata/ci/a,b:c.log", "testdata/crlf.txt"}},
	{name: "ci-github-max", args: []string{"--ci", "github", "--ci-max", "2", "--ci-level", "warning", "-c", "--summary", "none", "testdata/ci/a,b:c.log", "testdata/crlf.txt", "-"}, stdin: "from stdin 871300 871300\n"},
	{name: "explain-source-column", args: []string{"explain", "--codes", "testdata/codes-zh.tsv", "871300", "899070"}},
	{name: "zh-table", args: []string{"-c", "--codes", "testdata/codes-zh.tsv", "testdata/logcat-sample.txt"}},
	{name: "zh-table-narrow", args: []string{"-c", "--codes", "testdata/codes-zh.tsv", "testdata/logcat-sample.txt"}, env: map[string]string{"COLUMNS": "50"}},
	{name: "sample-wide", args: []string{"-c", "testdata/logcat-sample.txt"}, env: map[string]string{"COLUMNS": "200"}},
	{name: "sample-narrow", args: []string{"-c", "testdata/logcat-sample.txt"}, env: map[string]string{"COLUMNS": "60"}},
	{name: "sample-tiny", args: []string{"-c", "testdata/logcat-sample.txt"}, env: map[string]string{"COLUMNS": "30"}},
	{name: "bad-color", args: []string{"--color", "sometimes"}, status: 2},
	{name: "bad-summary", args: []string{"--summary", "yaml"}, status: 2},
	{name: "missing-codes-file", args: []string{"--codes", "jmessage-codes.tsv", "testdata/crlf.txt"}, status: 2},
	{name: "bad-codes-file", args: []string{"--codes", "testdata/logcat-sample.txt"}, status: 2},
	{name: "explain", args: []string{"explain", "871300", "871104"}},
	{name: "explain-unknown", args: []string{"explain", "871300", "871999", "42"}, status: 1},
	{name: "explain-bad", args: []string{"explain", "87130x"}, status: 2},
	{name: "explain-none", args: []string{"explain"}, status: 2},
	{name: "explain-codes-file", args: []string{"explain", "--codes", "testdata/codes-extra.tsv", "7130001", "871300"}},
	{name: "codes-text", args: []string{"codes"}},
	{name: "codes-tsv", args: []string{"codes", "--format", "tsv", "--codes", "testdata/codes-extra.tsv"}},
	{name: "codes-json", args: []string{"codes", "--format=json"}},
	{name: "codes-bad-format", args: []string{"codes", "--format", "xml"}, status: 2},
	{name: "help", args: []string{"--help"}},
	// CI: the gate, -o github, compressed input.
	{name: "fail-on-any", args: []string{"--fail-on", "any", "-c", "testdata/crlf.txt"}, status: 1},
	{name: "fail-on-any-none-seen", args: []string{"--fail-on", "any"}, stdin: "plain\n871 8713001\n"},
	{name: "fail-on-unknown", args: []string{"--fail-on=unknown", "--summary", "none", "testdata/crlf.txt"}, status: 1},
	{name: "fail-on-unknown-none", args: []string{"--fail-on", "unknown", "-c", "-"}, stdin: "871300\n"},
	{name: "fail-on-list", args: []string{"--fail-on", "871104,871105", "--fail-on", " 871504", "-c", "testdata/crlf.txt"}, status: 1},
	{name: "fail-on-list-not-seen", args: []string{"--fail-on", "871104,871105", "-c", "testdata/crlf.txt"}},
	{name: "fail-on-codes-file", args: []string{"--codes", "testdata/codes-extra.tsv", "--fail-on", "7130001", "-c", "testdata/crlf.txt"}, status: 1},
	{name: "fail-on-error-wins", args: []string{"--fail-on", "any", "-c", "testdata/crlf.txt", "testdata/nope.log"}, status: 2},
	{name: "fail-on-bad", args: []string{"--fail-on", "87130x", "testdata/crlf.txt"}, status: 2},
	{name: "fail-on-empty-item", args: []string{"--fail-on", "871300,", "testdata/crlf.txt"}, status: 2},
	{name: "fail-on-not-in-table", args: []string{"--fail-on", "7130001", "testdata/crlf.txt"}, status: 2},
	{name: "github", args: []string{"-o", "github", "testdata/ci/a,b:c.log", "testdata/crlf.txt"}},
	{name: "github-stdin", args: []string{"--output=github", "--ci-level", "warning", "--summary", "none"}, stdin: "x\nfrom stdin 871201 871999\n"},
	{name: "github-escaping", args: []string{"-o", "github", "--ci-level=notice", "--codes", "testdata/ci/percent.tsv", "testdata/ci/a,b:c.log"}},
	{name: "github-fail-on", args: []string{"-o", "github", "--fail-on", "871403", "--summary", "none", "testdata/ci/a,b:c.log"}, status: 1},
	{name: "bad-ci-level", args: []string{"-o", "github", "--ci-level", "fatal"}, status: 2},
	{name: "bad-output", args: []string{"-o", "xml"}, status: 2},
	{name: "gzip", args: []string{"--matched", "testdata/ci/app.log.gz"}},
	{name: "gzip-stdin", args: []string{"--matched", "--summary", "json"}, stdinFile: "testdata/ci/app.log.gz"},
	{name: "gzip-members", args: []string{"-c", "testdata/ci/multi.log.gz"}},
	{name: "zstd", args: []string{"--summary", "json", "--matched", "testdata/ci/app.log.zst"}},
	{name: "gzip-truncated", args: []string{"-c", "testdata/ci/truncated.log.gz", "testdata/crlf.txt"}, status: 2},
	{name: "gzip-corrupt", args: []string{"--matched", "testdata/ci/corrupt.log.gz"}, status: 2},
	{name: "gzip-trailing-garbage", args: []string{"-c", "--summary", "json", "testdata/ci/trailing.log.gz"}, status: 2},
	{name: "zstd-truncated", args: []string{"-c", "--fail-on", "any", "testdata/ci/truncated.log.zst"}, status: 2},
	// JSON (issue 3): in-place enrichment, -j paths, -o json, codes --check.
	{name: "json-enrich", args: []string{"--summary", "none", "testdata/server.ndjson"}},
	{name: "json-path", args: []string{"-j", "error.code", "testdata/server.ndjson"}},
	{name: "json-path-array-modifier", args: []string{"-j", "errors.#.code", "-j", "data|@fromstr|error.code", "--matched", "--summary", "none", "testdata/server.ndjson"}},
	{name: "json-path-regexp", args: []string{"-j", "error.code", "-e", `code[:=] ?(\d+)`, "--matched", "--summary", "none", "testdata/server.ndjson", "testdata/logcat/brief.log"}},
	{name: "json-path-codes-file", args: []string{"--codes", "testdata/codes-extra.tsv", "-j", "error.code", "--matched", "testdata/server.ndjson"}},
	{name: "json-prefix-logcat", args: []string{"-j", "code", "--summary", "none"}, stdin: "11-25 18:35:01.123  4321  4390 E JIM: {\"uid\":871104,\"code\":871300}\r\nE/JIM     ( 4321): {}\n"},
	{name: "json-field", args: []string{"--json-field", "codes", "--matched", "--summary", "none", "testdata/server.ndjson"}},
	{name: "json-output", args: []string{"-o", "json", "-j", "error.code", "--summary", "none", "testdata/server.ndjson"}},
	{name: "json-output-matched", args: []string{"-o", "json", "--matched", "--color", "always", "--summary", "none", "testdata/server.ndjson", "testdata/logcat/long.log"}},
	{name: "json-output-utf8", args: []string{"-o", "json", "--summary", "none", "testdata/invalid-utf8.txt"}},
	{name: "json-output-threadtime", args: []string{"-o", "json", "--summary", "none", "testdata/logcat/threadtime.log"}},
	{name: "json-output-brief", args: []string{"-o", "json", "--summary", "none", "testdata/logcat/brief.log"}},
	{name: "json-output-time", args: []string{"-o", "json", "--summary", "none", "testdata/logcat/time.log"}},
	{name: "json-output-process", args: []string{"-o", "json", "--summary", "none", "testdata/logcat/process.log"}},
	{name: "json-output-tag", args: []string{"-o", "json", "--summary", "none", "testdata/logcat/tag.log"}},
	{name: "json-output-thread", args: []string{"-o", "json", "--summary", "none", "testdata/logcat/thread.log"}},
	{name: "json-output-long", args: []string{"-o", "json", "testdata/logcat/long.log"}},
	{name: "bad-json-path", args: []string{"-j", "error.code", "-j", "errors.#(code>0"}, status: 2},
	{name: "bad-json-modifier", args: []string{"-j", "@timestamp"}, status: 2},
	{name: "bad-json-field", args: []string{"--json-field="}, status: 2},
	{name: "codes-check", args: []string{"codes", "--check", "testdata/codes-dups.tsv", "--check", "testdata/codes-extra.tsv"}, status: 1},
	{name: "codes-check-clean", args: []string{"codes", "--check", "testdata/codes-extra.tsv"}},
	{name: "codes-check-bad", args: []string{"codes", "--check", "testdata/codes-bad.tsv", "--check", "testdata/codes-dups.tsv"}, status: 2},
	// Following and live counts.
	{name: "with-filename", args: []string{"-H", "--matched", "--summary", "none", "testdata/crlf.txt"}},
	{name: "from-start-alone", args: []string{"--from-start", "testdata/crlf.txt"}, status: 2},
	{name: "filename-both", args: []string{"-H", "--no-filename", "testdata/crlf.txt"}, status: 2},
	{name: "bad-interval", args: []string{"--summary-interval", "-1s", "testdata/crlf.txt"}, status: 2},
	{name: "bad-metrics-addr", args: []string{"--metrics-addr", "9100", "testdata/crlf.txt"}, status: 2},
	// Real logs as they come (issue 12).
	{name: "docker", args: []string{"-j", "log", "testdata/docker.log"}},
	{name: "docker-json", args: []string{"-o", "json", "-j", "log", "--summary", "none", "testdata/docker.log"}},
	{name: "docker-regexp", args: []string{"-j", "log", "-e", `code=(\d+)`, "--matched", "--summary", "none", "testdata/docker.log"}},
	{name: "docker-no-path", args: []string{"--matched", "--summary", "none", "testdata/docker.log"}},
	{name: "cri", args: []string{"testdata/cri.log"}},
	{name: "cri-json", args: []string{"-o", "json", "--summary", "none", "testdata/cri.log"}},
	{name: "journald", args: []string{"-j", "MESSAGE", "testdata/journald.json"}},
	{name: "studio-json", args: []string{"-o", "json", "--summary", "none", "testdata/studio.log"}},
	{name: "bom-json", args: []string{"-o", "json", "--summary", "none", "testdata/bom.log"}},
	{name: "bom-text", args: []string{"--summary", "none", "testdata/bom.log"}},
	{name: "utf16", args: []string{"testdata/utf16le.log"}},
	{name: "utf16-stdin-json", args: []string{"-o", "json", "--summary", "none"}, stdinFile: "testdata/utf16le.log"},
	{name: "utf16-none", args: []string{"-E", "none", "-c", "testdata/utf16le.log"}},
	{name: "gb18030", args: []string{"--encoding", "gb18030", "testdata/gb18030.log"}},
	{name: "gb18030-auto", args: []string{"-c", "testdata/gb18030.log"}},
	{name: "bad-encoding", args: []string{"-E", "utf-32", "testdata/crlf.txt"}, status: 2},
	{name: "follow-compressed", args: []string{"-f", "--from-start", "--matched", "--summary", "none", "testdata/ci/app.log.zst"}},
	// Context, breakdowns, log time (issue 13).
	{name: "context", args: []string{"-C", "1", "--summary", "none", "testdata/logcat-sample.txt"}},
	{name: "context-prefix", args: []string{"-B", "1", "-H", "--group-separator", "~~", "--summary", "none", "testdata/crlf.txt", "testdata/logcat/threadtime.log"}},
	{name: "matched-long", args: []string{"--matched", "--summary", "none", "testdata/logcat/long.log"}},
	{name: "context-long", args: []string{"-A", "1", "--no-group-separator", "--summary", "none", "testdata/logcat/long.log"}},
	{name: "context-json", args: []string{"-o", "json", "-C", "1", "--summary", "none", "testdata/logcat/long.log", "testdata/logcat/threadtime.log"}},
	{name: "by", args: []string{"-c", "--by", "tag", "--by", "pid", "--by=level", "--by", "file", "--by", "package", "testdata/logcat-sample.txt", "testdata/logcat/long.log", "testdata/crlf.txt"}},
	{name: "by-json", args: []string{"-c", "--summary", "json", "--by", "tag", "--by", "file", "testdata/logcat-sample.txt", "testdata/logcat/long.log"}},
	{name: "bad-by", args: []string{"--by", "uid", "testdata/crlf.txt"}, status: 2},
	{name: "bad-context", args: []string{"-C", "-1", "testdata/crlf.txt"}, status: 2},
	{name: "context-count", args: []string{"-c", "-A", "2", "testdata/crlf.txt"}, status: 2},
	{name: "context-github", args: []string{"-o", "github", "-B", "2", "testdata/crlf.txt"}, status: 2},
}

func TestCLI(t *testing.T) {
	for _, c := range cliCases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			for _, k := range []string{"NO_COLOR", "COLUMNS"} {
				if c.env[k] == "" {
					t.Setenv(k, "")
				}
			}
			stdin := []byte(c.stdin)
			if c.stdinFile != "" {
				var err error
				if stdin, err = os.ReadFile(c.stdinFile); err != nil {
					t.Fatal(err)
				}
			}
			var stdout, stderr bytes.Buffer
			status := run(c.args, bytes.NewReader(stdin), &stdout, &stderr)
			if status != c.status {
				t.Errorf("status %d, want %d; stderr:\n%s", status, c.status, stderr.String())
			}
			golden(t, c.name+".stdout", stdout.Bytes())
			golden(t, c.name+".stderr", stderr.Bytes())
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if len(got) == 0 {
			os.Remove(path)
			return
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestSummaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sum.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	status := run([]string{"--summary", "none", "--summary-file", path, "testdata/crlf.txt"}, nil, &stdout, &stderr)
	if status != 0 {
		t.Fatalf("status %d: %s", status, stderr.String())
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"lines":4,"matched_lines":3,"codes":[{"code":871300,"count":3,"message":"Have not logged in.","instruction":"Initiator of api call has not logged in","first_seen":"testdata/crlf.txt:1","last_seen":"testdata/crlf.txt:2","first_time":"2025-11-25T18:35:01.123Z","last_time":"2025-11-25T18:35:01.123Z","platform":"JMessage Android"},{"code":871504,"count":1,"message":"Push register not finished.","instruction":"Push registration is not completed. Please try again later. If this problem persists, your JPush configuration may be incorrect.","first_seen":"testdata/crlf.txt:4","last_seen":"testdata/crlf.txt:4","first_time":"2025-11-25T18:35:01.123Z","last_time":"2025-11-25T18:35:01.123Z","platform":"JMessage Android"}],"unknown":[{"code":871999,"count":1,"first_seen":"testdata/crlf.txt:2","last_seen":"testdata/crlf.txt:2","first_time":"2025-11-25T18:35:01.123Z","last_time":"2025-11-25T18:35:01.123Z"}],"by":{},"timeline":{"start":"2025-11-25T18:35:01Z","step_seconds":1,"buckets":1,"codes":{"871300":[3],"871504":[1],"871999":[1]}}}` + "\n"
	if string(got) != want {
		t.Errorf("summary file:\n%s\nwant:\n%s", got, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// A directory that cannot be written: the error says so, status 2.
	stderr.Reset()
	status = run([]string{"--summary", "none", "--summary-file", filepath.Join(dir, "no", "such", "dir.json"), "testdata/crlf.txt"}, nil, &stdout, &stderr)
	if status != 2 || !strings.Contains(stderr.String(), "--summary-file") {
		t.Errorf("status %d, stderr %q", status, stderr.String())
	}
}

// testCLI returns a cli on buffers with a fixed clock and host name, whose
// streams count as terminals when tty is set.
func testCLI(stdin string, tty bool) (*App, *bytes.Buffer, *bytes.Buffer) {
	var stdout, stderr bytes.Buffer
	c := &App{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr,
		IsTerminal: func(io.Writer) bool { return tty },
		Now:        func() time.Time { return time.Date(2025, 11, 25, 10, 35, 1, 0, time.UTC) },
		Hostname:   func() (string, error) { return "ci-host", nil }, ModTime: testModTime}
	return c, &stdout, &stderr
}

func TestCompressedInput(t *testing.T) {
	// The same log, plain, gzip, zstd, or gzip on standard input, gives the
	// same output and summary, whatever the file is called.
	gz, err := os.ReadFile("testdata/ci/app.log.gz")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	renamed := filepath.Join(dir, "app.log") // a gzip file without .gz
	if err := os.WriteFile(renamed, gz, 0o644); err != nil {
		t.Fatal(err)
	}
	var want, wantSum string
	for _, in := range []struct{ file, stdin string }{
		{"testdata/logcat-sample.txt", ""},
		{"testdata/ci/app.log.gz", ""},
		{"testdata/ci/app.log.zst", ""},
		{renamed, ""},
		{"-", string(gz)},
	} {
		c, stdout, stderr := testCLI(in.stdin, false)
		if s := c.Run([]string{"--summary", "json", in.file}); s != 0 {
			t.Fatalf("%s: status %d: %s", in.file, s, stderr)
		}
		sum := strings.ReplaceAll(stderr.String(), `"`+in.file+`:`, `"F:`)
		sum = strings.ReplaceAll(sum, `"(standard input):`, `"F:`)
		if want == "" {
			want, wantSum = stdout.String(), sum
			continue
		}
		if stdout.String() != want || sum != wantSum {
			t.Errorf("%s: output or summary differs from the plain file's:\n%s", in.file, sum)
		}
	}
}

func TestJUnitReport(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
	}{
		{"junit-codes.xml", []string{"--codes", "testdata/ci/percent.tsv", "testdata/ci/a,b:c.log", "testdata/crlf.txt"}},
		{"junit-none.xml", []string{"-"}},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		cl, _, stderr := testCLI("no codes here\n", false)
		if s := cl.Run(append([]string{"-c", "--summary", "none", "--junit", path}, c.args...)); s != 0 {
			t.Fatalf("status %d: %s", s, stderr)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, c.name, got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	// A report that cannot be written: status 2, and the gate's 1 loses.
	cl, _, stderr := testCLI("", false)
	s := cl.Run([]string{"-c", "--fail-on", "any", "--junit", filepath.Join(dir, "no", "dir.xml"), "testdata/crlf.txt"})
	if s != 2 || !strings.Contains(stderr.String(), "jmlog: --junit: ") {
		t.Errorf("status %d, stderr %q", s, stderr)
	}
}

func TestStepSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "step_summary.md")
	if err := os.WriteFile(path, []byte("## Build\n\nEarlier steps wrote this.\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GITHUB_STEP_SUMMARY", path)
	for _, args := range [][]string{
		{"-o", "github", "--codes", "testdata/ci/percent.tsv", "testdata/ci/a,b:c.log", "testdata/crlf.txt"},
		{"-o", "github", "-c", "-"}, // no code: said so; -c does not stop it
		{"--ci", "github", "--ci-max", "1", "-c", "testdata/crlf.txt", "testdata/ci/app.log.gz", "testdata/logcat-sample.txt", "-", "testdata/codes-zh.tsv"},
		{"testdata/crlf.txt"},            // text output: no job summary
		{"--summary", "none", "-c", "-"}, // nor here
	} {
		c, _, stderr := testCLI("no codes\n", false)
		if s := c.Run(args); s != 0 {
			t.Fatalf("%q: status %d: %s", args, s, stderr)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "step-summary.md", got)

	// A file that cannot be opened: status 2, named in the message.
	t.Setenv("GITHUB_STEP_SUMMARY", t.TempDir())
	c, _, stderr := testCLI("", false)
	if s := c.Run([]string{"-o", "github", "-c", "testdata/crlf.txt"}); s != 2 || !strings.Contains(stderr.String(), "jmlog: GITHUB_STEP_SUMMARY: ") {
		t.Errorf("status %d, stderr %q", s, stderr)
	}
}

func TestProgressBar(t *testing.T) {
	files := []string{"testdata/ci/app.log.gz", "testdata/crlf.txt"}
	var total int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		total += st.Size()
	}
	// With -c on files and a terminal: a bar of the bytes read (compressed
	// bytes for compressed files), cleared before the summary.
	c, stdout, stderr := testCLI("", true)
	if s := c.Run(append([]string{"-c"}, files...)); s != 0 {
		t.Fatalf("status %d: %s", s, stderr)
	}
	out := stderr.String()
	first, _, _ := strings.Cut(strings.TrimPrefix(out, "\r"), "\r")
	if want := fmt.Sprintf("jmlog   0%% |%s| ( 0 B/%.1f KiB) [0s:0s]", strings.Repeat(" ", 30), float64(total)/1024); first != want {
		t.Errorf("first render %q, want %q", first, want)
	}
	i := strings.LastIndex(out, "\r")
	cleared := out[strings.LastIndex(out[:i], "\r")+1 : i]
	if strings.Trim(cleared, " ") != "" || len(cleared) < len(first) {
		t.Errorf("bar not cleared: %q", cleared)
	}
	if out[i+1:] != "" || !strings.HasPrefix(stdout.String(), "jmlog: 26 lines, 12 with codes") {
		t.Errorf("with -c, the summary goes to standard output after the bar is cleared: stderr after the bar %q, stdout %q", out[i+1:], stdout)
	}
	// Never without a terminal, on standard input, or when lines are printed.
	for _, c := range []struct {
		tty  bool
		args []string
	}{
		{false, append([]string{"-c"}, files...)},
		{true, []string{"-c", "-"}},
		{true, []string{"-c", "testdata/crlf.txt", "-"}},
		{true, []string{"testdata/crlf.txt"}},
		{true, []string{"-c", "testdata/nope.log", "testdata/crlf.txt"}},
	} {
		cl, _, stderr := testCLI("871300\n", c.tty)
		cl.Run(c.args)
		if strings.Contains(stderr.String(), "\r") || strings.Contains(stderr.String(), "%  |") {
			t.Errorf("tty %v %q: a bar: %q", c.tty, c.args, stderr)
		}
	}
}

// TestJSONOutputIsJSON: -o json gives one valid JSON object in UTF-8 per
// line for every input in testdata, whatever it holds.
func TestJSONOutputIsJSON(t *testing.T) {
	inputs, _ := filepath.Glob("testdata/*.*")
	more, _ := filepath.Glob("testdata/logcat/*.log")
	for _, in := range append(inputs, more...) {
		var stdout, stderr bytes.Buffer
		if status := run([]string{"-o", "json", "--summary", "none", in}, nil, &stdout, &stderr); status != 0 {
			t.Fatalf("%s: status %d: %s", in, status, stderr.String())
		}
		for i, l := range bytes.Split(bytes.TrimSuffix(stdout.Bytes(), []byte("\n")), []byte("\n")) {
			if !json.Valid(l) || !utf8.Valid(l) || l[0] != '{' {
				t.Errorf("%s: record %d is not a JSON object: %q", in, i+1, l)
			}
		}
	}
}

// propertyInput makes an input for TestPropertyStrip: random bytes, or
// pieces that matter to jmlog (codes, near-codes, CR/LF mixes, NULs, digit
// runs, JSON objects, escape sequences, invalid UTF-8), now and then with a
// line of up to 1 MiB.
func propertyInput(r *rand.Rand) []byte {
	if r.Intn(5) == 0 {
		b := make([]byte, r.Intn(4000))
		r.Read(b)
		return b
	}
	pieces := []string{"871300", "871999", "871", "8713001", "a871300", "_871300", "871300x", "\r\n", "\n", "\n",
		"\r", "\x00", "\xff\xfe", "会报", " ", "code=", "0", "7130001", "12345678901234567890", "\t",
		`{"code":871104}`, `{"error":{"code":871300},"uid":871310}`, `{"error":{"code":"871201"}}`, "{", "}",
		"\x1b[31m", "\x1b", "\t[jmlog]"[1:], "E/JIM( 123): ",
		"\n2026-12-02T10:00:00Z stderr P 8713", "\n2026-12-02T10:00:00Z stderr F 00", "\n2026-12-02T10:00:00Z stdout P x", `{"log":"a\n871300\t871104"}`}
	var b []byte
	n := r.Intn(3000)
	for len(b) < n {
		if r.Intn(200) == 0 {
			b = append(b, bytes.Repeat([]byte("x871300 12 "), r.Intn(95000))...) // up to 1 MiB
		}
		b = append(b, pieces[r.Intn(len(pieces))]...)
	}
	// The pieces may make jmlog's marker; a line that holds it but no code
	// would lose its end to Strip (see the README).
	return bytes.ReplaceAll(b, []byte("\t[jmlog] "), []byte("\t[jmlog]_"))
}

// annotated keeps the lines of out that carry an annotation.
func annotated(out []byte) []byte {
	var b []byte
	for _, l := range bytes.SplitAfter(out, []byte("\n")) {
		if !bytes.Equal(printertest.Strip(l), l) {
			b = append(b, l...)
		}
	}
	return b
}

// TestPropertyStrip: for any input and any combination of the options that
// change text output, removing the annotations (filter.Strip) gives back the
// input byte for byte; and --matched prints exactly the annotated lines.
func TestPropertyStrip(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	finders := [][]string{nil, {"-e", `(\d+)`}, {"-e", `code=(\d+)`, "-e", `(871\d\d\d)`}, {"-j", "error.code"}, {"-j", "error.code", "-e", `(\d+)`}, {"-j", "log"}, {"-j", "log", "-e", `(\d+)`}}
	iters := 150
	if testing.Short() {
		iters = 30
	}
	for i := 0; i < iters; i++ {
		in := propertyInput(r)
		if r.Intn(5) == 0 {
			in = append([]byte("2026-12-02T10:00:00.1Z stdout P 87"), in...) // a CRI source: pieces are joined
		}
		if r.Intn(6) == 0 {
			in = utf16Input(in, r.Intn(2) == 0) // a UTF-16 capture with its mark
		}
		want := refDecode(in)
		args := []string{"--summary", "none", "--color", []string{"never", "always"}[r.Intn(2)]}
		if r.Intn(6) == 0 {
			args, want = append(args, "-E", "none"), in
		}
		args = append(args, finders[r.Intn(len(finders))]...)
		if r.Intn(2) == 0 {
			args = append(args, "--codes", "testdata/codes-extra.tsv")
		}
		var out, errb bytes.Buffer
		if s := run(args, bytes.NewReader(in), &out, &errb); s != 0 {
			t.Fatalf("%q: status %d: %s", args, s, errb.String())
		}
		if got := printertest.Strip(out.Bytes()); !bytes.Equal(got, want) {
			t.Fatalf("%q: strip(out) != in\nin:  %q\nout: %q", args, trunc(in), trunc(out.Bytes()))
		}
		var matched bytes.Buffer
		run(append(args, "--matched"), bytes.NewReader(in), &matched, &errb)
		if want := annotated(out.Bytes()); !bytes.Equal(matched.Bytes(), want) {
			t.Fatalf("%q --matched:\n got %q\nwant %q", args, trunc(matched.Bytes()), trunc(want))
		}
	}
}

// utf16Input is in, read as UTF-8 (invalid bytes as U+FFFD), in UTF-16
// with a byte-order mark; now and then with a lone surrogate or an odd
// last byte.
func utf16Input(in []byte, big bool) []byte {
	order := binary.AppendByteOrder(binary.LittleEndian)
	b := []byte{0xff, 0xfe}
	if big {
		order, b = binary.BigEndian, []byte{0xfe, 0xff}
	}
	for _, u := range utf16.Encode([]rune(string(in))) {
		b = order.AppendUint16(b, u)
	}
	if len(in)%7 == 0 {
		b = order.AppendUint16(b, 0xdc00)
	}
	if len(in)%5 == 0 {
		b = append(b, '1')
	}
	return b
}

// refDecode is the naive reference for -E auto: UTF-16 with a mark decoded
// by unicode/utf16 (a lone surrogate and an odd last byte are U+FFFD),
// anything else as it is.
func refDecode(in []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(in, []byte{0xff, 0xfe}):
		order = binary.LittleEndian
	case bytes.HasPrefix(in, []byte{0xfe, 0xff}):
		order = binary.BigEndian
	default:
		return in
	}
	var units []uint16
	b := in[2:]
	for ; len(b) >= 2; b = b[2:] {
		units = append(units, order.Uint16(b))
	}
	out := []byte(string(utf16.Decode(units)))
	if len(b) == 1 {
		out = append(out, "\ufffd"...)
	}
	return out
}

func trunc(b []byte) []byte {
	if len(b) > 600 {
		return append(append(b[:300:300], "..."...), b[len(b)-300:]...)
	}
	return b
}

// closedPipe takes n bytes, then fails every write as a pipe whose reader
// has gone does.
type closedPipe struct{ n int }

func (p *closedPipe) Write(b []byte) (int, error) {
	if len(b) <= p.n {
		p.n -= len(b)
		return len(b), nil
	}
	k := p.n
	p.n = 0
	return k, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
}

// TestSubcommandClosedPipe: jmlog codes into a reader that has gone (jmlog
// codes | head -1) stops quietly with status 0, as the filter does, in
// every format.
func TestSubcommandClosedPipe(t *testing.T) {
	for _, format := range []string{"text", "tsv", "csv", "json", "md"} {
		var stderr strings.Builder
		status := run([]string{"codes", "--format", format}, strings.NewReader(""), &closedPipe{n: 40}, &stderr)
		if status != exitOK || stderr.Len() > 0 {
			t.Errorf("codes --format %s into a closed pipe: status %d, stderr %q; want 0 and nothing", format, status, stderr.String())
		}
	}
}

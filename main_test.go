package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// cliCase is one run of jmlog: arguments, standard input, expected exit
// status, and golden files testdata/golden/NAME.stdout and NAME.stderr.
type cliCase struct {
	name   string
	args   []string
	stdin  string
	status int
	env    map[string]string
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
	{name: "bad-flag", args: []string{"--colour"}, status: 2},
	{name: "bad-color", args: []string{"--color", "sometimes"}, status: 2},
	{name: "bad-summary", args: []string{"--summary", "yaml"}, status: 2},
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
	// Following and live counts.
	{name: "with-filename", args: []string{"-H", "--matched", "--summary", "none", "testdata/crlf.txt"}},
	{name: "from-start-alone", args: []string{"--from-start", "testdata/crlf.txt"}, status: 2},
	{name: "filename-both", args: []string{"-H", "--no-filename", "testdata/crlf.txt"}, status: 2},
	{name: "bad-interval", args: []string{"--summary-interval", "-1s", "testdata/crlf.txt"}, status: 2},
	{name: "bad-metrics-addr", args: []string{"--metrics-addr", "9100", "testdata/crlf.txt"}, status: 2},
}

func TestCLI(t *testing.T) {
	for _, c := range cliCases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			if c.env["NO_COLOR"] == "" {
				t.Setenv("NO_COLOR", "")
			}
			var stdout, stderr bytes.Buffer
			status := run(c.args, strings.NewReader(c.stdin), &stdout, &stderr)
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
	want := `{"lines":4,"matched_lines":3,"codes":[{"code":871300,"count":3,"message":"Have not logged in.","instruction":"Initiator of api call has not logged in","first_seen":"testdata/crlf.txt:1"},{"code":871504,"count":1,"message":"Push register not finished.","instruction":"Push registration is not completed. Please try again later. If this problem persists, your JPush configuration may be incorrect.","first_seen":"testdata/crlf.txt:4"}],"unknown":[{"code":871999,"count":1,"first_seen":"testdata/crlf.txt:2"}]}` + "\n"
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

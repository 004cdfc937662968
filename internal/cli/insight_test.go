package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/filter/printer/printertest"
)

// grepPattern is a code as jmlog's default finder sees it, for GNU grep.
const grepPattern = `(?<![0-9A-Za-z_])871[0-9]{3}(?![0-9A-Za-z_])`

// contextInput is lines for TestGrepContext: known codes, near-codes that
// are not codes, logcat and JSON lines, empty lines and CRLF, never a
// logcat -v long header (jmlog adds it where grep does not) and no 871xxx
// code outside the table.
func contextInput(r *rand.Rand) []byte {
	pieces := []string{"871300", "871104", "871504", "871310", "8713001", "a871300", "871300b", "_871300", "871",
		"1871300", "87130", "会报871504错误", " ", "x", "login failed", "code=", "\t", "0x871300", "871300_1",
		`{"error":{"code":871300}}`, `{"code":"871201"}`, "11-25 18:35:01.123  4321  4390 E JIM     : ", "E/JIM( 1): "}
	var b []byte
	lines := 1 + r.Intn(80)
	for range lines {
		switch r.Intn(8) {
		case 0: // empty line
		case 1:
			b = append(b, "plain line "...)
			b = strconv.AppendInt(b, r.Int63n(1e6), 10)
		default:
			for n := r.Intn(6); n >= 0; n-- {
				b = append(b, pieces[r.Intn(len(pieces))]...)
			}
		}
		if r.Intn(10) == 0 {
			b = append(b, '\r')
		}
		b = append(b, '\n')
	}
	return b
}

// TestGrepContext: jmlog --matched -C N, annotations removed, prints what
// GNU grep -C N prints for the codes' pattern, on inputs where every
// candidate is a code in the table. -A and -B alone, and the separator
// options, likewise.
func TestGrepContext(t *testing.T) {
	grep, err := exec.LookPath("grep")
	if err != nil {
		t.Skip("GNU grep is not installed (.ci/run installs it)")
	}
	if out, err := exec.Command(grep, "-P", "x").CombinedOutput(); err != nil && !strings.Contains(string(out), "") {
		t.Skipf("grep -P does not work here: %s", out)
	}
	r := rand.New(rand.NewSource(13))
	opts := [][]string{{"-C", "2"}, {"-C", "0"}, {"-A", "1"}, {"-B", "3"}, {"-A", "2", "-B", "1"}, {"-C", "1", "--group-separator", "=="}, {"-C", "1", "--no-group-separator"}}
	iters := 150
	if testing.Short() {
		iters = 50
	}
	for i := range iters {
		in := contextInput(r)
		opt := opts[i%len(opts)]
		var out, errb bytes.Buffer
		args := append([]string{"--matched", "--summary", "none"}, opt...)
		if s := run(args, bytes.NewReader(in), &out, &errb); s != 0 {
			t.Fatalf("%q: status %d: %s", args, s, errb.String())
		}
		cmd := exec.Command(grep, append(append([]string{}, opt...), "-P", grepPattern)...)
		cmd.Stdin = bytes.NewReader(in)
		cmd.Env = []string{"LC_ALL=C"}
		want, err := cmd.Output()
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
			t.Fatalf("grep: %v", err)
		}
		if got := printertest.Strip(out.Bytes()); !bytes.Equal(got, want) {
			t.Fatalf("jmlog %q differs from grep on\n%q\njmlog: %q\ngrep:  %q", args, in, got, want)
		}
	}
}

// TestReportFile: --report writes the page atomically, beside --summary-file
// with the same counts; a page that cannot be written is status 2, named.
func TestReportFile(t *testing.T) {
	dir := t.TempDir()
	page, sum := filepath.Join(dir, "r.html"), filepath.Join(dir, "s.json")
	if err := os.WriteFile(page, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"-c", "--summary", "none", "--report", page, "--summary-file", sum, "testdata/logcat-sample.txt", "testdata/logcat/long.log"}
	if s := run(args, nil, &stdout, &stderr); s != 0 {
		t.Fatalf("status %d: %s", s, stderr.String())
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	var js struct {
		Codes []struct {
			Code  uint32
			Count int64
		}
		By map[string]map[string][]struct{ Count int64 }
	}
	data, _ := os.ReadFile(sum)
	if err := json.Unmarshal(data, &js); err != nil {
		t.Fatal(err)
	}
	for _, c := range js.Codes {
		if row := fmt.Sprintf(`<tr data-code="%d" data-count="%d"`, c.Code, c.Count); !bytes.Contains(html, []byte(row)) {
			t.Errorf("no %s in the page", row)
		}
	}
	if js.By["tag"] == nil || js.By["file"] == nil || !bytes.Contains(html, []byte("<h2>By tag</h2>")) || !bytes.Contains(html, []byte("<h2>By file</h2>")) {
		t.Errorf("--report with two inputs counts by tag and file: %v", js.By)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	stderr.Reset()
	args = []string{"-c", "--summary", "none", "--report", filepath.Join(dir, "no", "r.html"), "testdata/crlf.txt"}
	if s := run(args, nil, &stdout, &stderr); s != 2 || !strings.HasPrefix(stderr.String(), "jmlog: --report: ") {
		t.Errorf("status %d, stderr %q", s, stderr.String())
	}
}

//go:build unix

// These tests send signals to a jmlog process (os.Process.Signal): unix only.

package main

// Regression tests for issue 10 ("Hardening, round 2"), run against the
// real binary (see e2e_test.go). Follow-mode tests wait for what jmlog
// prints, each with a deadline (see follow_e2e_test.go).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jmlog/jmlog/filter/printer/printertest"
)

// TestDeepJSONBoundedMemory is issue 10, defect 5: a line just under 1 MiB
// of deeply nested JSON took 130 MiB (gjson's validator recurses); a line
// nested deeper than parse.MaxJSONDepth is text now, and peak RSS stays
// within the usual bound with the default finder, -j and -o json.
func TestDeepJSONBoundedMemory(t *testing.T) {
	n := (1<<20)/2 - 64
	arrays := `{"code":871300,"a":` + strings.Repeat("[", n) + strings.Repeat("]", n) + "}\n"
	m := (1<<20)/6 - 16
	objects := `{"code":871300,"a":` + strings.Repeat(`{"a":`, m) + "1" + strings.Repeat("}", m) + "}\n"
	dir := t.TempDir()
	for _, c := range []struct{ name, line string }{{"arrays", arrays}, {"objects", objects}} {
		path := filepath.Join(dir, c.name+".json")
		if err := os.WriteFile(path, []byte(c.line), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{}, {"-j", "code"}, {"-o", "json"}} {
			t.Run(c.name+"/"+strings.Join(args, " "), func(t *testing.T) {
				cmd, maxRSS := measuredCmd(t, append(args, "--summary", "json", path)...)
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Run(); err != nil {
					t.Fatalf("%v: %s", err, stderr.String())
				}
				out := stdout.Bytes()
				switch {
				case len(args) == 0:
					// Text: the annotation at the end of the line, not
					// inside the object.
					if !bytes.Equal(printertest.Strip(out), []byte(c.line)) || !bytes.Contains(out, []byte("}\t[jmlog] 871300")) {
						t.Errorf("not annotated as text; output ends %q", out[max(0, len(out)-80):])
					}
				case args[0] == "-j":
					// Not JSON, so the text finder: the code is found.
					if !strings.HasPrefix(stderr.String(), `{"lines":1,"matched_lines":1,`) {
						t.Errorf("summary %s", stderr.String())
					}
				default:
					if !bytes.HasPrefix(out, []byte(`{"line":"{\"code\":871300`)) {
						t.Errorf("-o json: not a record of a text line: %q", out[:min(len(out), 60)])
					}
				}
				checkGrowth(t, maxRSS())
			})
		}
	}
}

// TestOutputFullDisk: a write to a full disk is reported once, without
// the prefix repeated (issue 10, defect 9: "writing output: write output:
// no space left on device"), through writev(2) and plain writes alike.
func TestOutputFullDisk(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	for _, args := range [][]string{{}, {"-o", "json"}, {"--matched"}} {
		cmd := jmlogCmd(t, append(args, "--summary", "none", "testdata/logcat-sample.txt")...)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = full, &stderr
		cmd.Run()
		if s, want := cmd.ProcessState.ExitCode(), "jmlog: writing output: no space left on device\n"; s != 2 || stderr.String() != want {
			t.Errorf("%v: status %d, stderr %q; want 2, %q", args, s, stderr.String(), want)
		}
	}
}

// readyAs waits until jmlog follows path: it appends "ready NAME" lines
// until one comes out.
func (p *proc) readyAs(path, name string) {
	p.t.Helper()
	end := time.Now().Add(waitLimit)
	for !strings.Contains(p.stdout(), "ready "+name+"\n") {
		if time.Now().After(end) {
			p.t.Fatalf("%s: not followed within %v; stderr:\n%s", path, waitLimit, p.stderr())
		}
		appendFile(p.t, path, "ready "+name+"\n")
		time.Sleep(20 * time.Millisecond)
	}
}

// summaryLines is the "lines" and the count of code of a JSON summary file.
func summaryCounts(t *testing.T, path string, code int) (lines, count int) {
	t.Helper()
	var sum struct {
		Lines int `json:"lines"`
		Codes []struct {
			Code  int `json:"code"`
			Count int `json:"count"`
		} `json:"codes"`
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
	for _, c := range sum.Codes {
		if c.Code == code {
			count = c.Count
		}
	}
	return sum.Lines, count
}

// TestFollowLongLineDoesNotBlockOthers is issue 10, defect 1, as
// reported: jmlog -f a.log b.log; 100 KB without a newline go to a.log,
// then 50 lines to b.log. b's lines come out at once; on SIGTERM the part
// of a's line read so far comes out, ended with '\n', and the counts hold
// every line.
func TestFollowLongLineDoesNotBlockOthers(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.log"), filepath.Join(dir, "b.log")
	sum := filepath.Join(dir, "sum.json")
	appendFile(t, a, "")
	appendFile(t, b, "")
	p := startJmlog(t, nil, "-f", "--summary-file", sum, a, b)
	p.readyAs(a, "a")
	p.readyAs(b, "b")
	appendFile(t, a, strings.Repeat("x", 100_000))
	var want []string
	for i := range 50 {
		l := fmt.Sprintf("b line %d 871300", i)
		appendFile(t, b, l+"\n")
		want = append(want, b+":"+l)
	}
	p.waitOut(b + ":b line 49 871300")
	p.signal(syscall.SIGTERM)
	if s := p.exit(); s != 0 {
		t.Errorf("status %d; stderr:\n%s", s, p.stderr())
	}
	out := p.stdout()
	if !strings.HasSuffix(out, "\n") {
		t.Errorf("the output ends without a newline: %q", out[max(0, len(out)-40):])
	}
	var bs []string
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		switch {
		case strings.HasPrefix(l, b+":"):
			if m := strings.Index(l, "\t[jmlog] "); m >= 0 {
				l = l[:m]
			}
			if !strings.HasPrefix(l, b+":ready") {
				bs = append(bs, l)
			}
		case strings.HasPrefix(l, a+":"):
			if rest := strings.TrimPrefix(l, a+":"); rest != "ready a" && strings.Trim(rest, "x") != "" {
				t.Errorf("a line of a.log mixed with something: %q", rest[:min(len(rest), 80)])
			}
		default:
			t.Errorf("a line without a file name: %q", l[:min(len(l), 80)])
		}
	}
	if fmt.Sprint(bs) != fmt.Sprint(want) {
		t.Errorf("b's lines:\n%q\nwant\n%q", bs, want)
	}
	lines, n := summaryCounts(t, sum, 871300)
	readies := strings.Count(out, "ready ")
	if lines != readies+50+1 || n != 50 {
		t.Errorf("summary: %d lines, %d codes; want %d lines (the readies, b's 50, a's part), 50 codes", lines, n, readies+51)
	}
}

// TestFollowTruncateLongLineE2E is issue 10, defect 2: more than the
// buffer of a line without a newline, then a plain truncation (not
// copytruncate) and a new line. The new line comes out on a line of its
// own, not glued to the part already read.
func TestFollowTruncateLongLineE2E(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	appendFile(t, path, "")
	p := startJmlog(t, nil, "-f", path)
	p.ready(path)
	appendFile(t, path, strings.Repeat("x", 200_000))
	p.until("part of the long line", func(out, _ []byte, _ int) bool { return len(out) > 100_000 })
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	appendFile(t, path, "new line 871300\n")
	p.waitOut("new line 871300")
	p.signal(syscall.SIGTERM)
	p.exit()
	lines := strings.Split(strings.TrimPrefix(p.stdout(), "ready\n"), "\n")
	if len(lines) < 2 || strings.Trim(lines[0], "x") != "" || !strings.HasPrefix(lines[1], "new line 871300\t[jmlog] 871300 ") {
		t.Errorf("output after ready: %d lines; the second %q", len(lines), lines[min(1, len(lines)-1)][:min(60, len(lines[min(1, len(lines)-1)]))])
	}
}

// TestFollowSymlinkLatencyE2E is issue 10, defect 3: following a symbolic
// link to a file in another directory (Kubernetes'
// /var/log/containers/*.log) is as fast as following the file: lines come
// out within the latency limit, not on the 1 s safety tick.
func TestFollowSymlinkLatencyE2E(t *testing.T) {
	base := t.TempDir()
	os.Mkdir(filepath.Join(base, "containers"), 0o755)
	os.Mkdir(filepath.Join(base, "pods"), 0o755)
	target := filepath.Join(base, "pods", "0.log")
	link := filepath.Join(base, "containers", "app.log")
	appendFile(t, target, "")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	cmd := jmlogCmd(t, "-f", "--from-start", link)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	r := bufio.NewReader(stdout)
	var ds []time.Duration
	for i := range 21 {
		line := fmt.Sprintf("line %d 871300\n", i)
		start := appendFile(t, target, line)
		var got string
		within(t, 10*time.Second, "line", func() { got, _ = r.ReadString('\n') })
		d := time.Since(start)
		if !strings.HasPrefix(got, strings.TrimSuffix(line, "\n")) {
			t.Fatalf("got %q", got)
		}
		if i > 0 { // the first waits for jmlog to start
			ds = append(ds, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
	slices.Sort(ds)
	t.Logf("through a link: median %v, worst %v", ds[len(ds)/2], ds[len(ds)-1])
	if ds[len(ds)-1] > latencyLimit {
		t.Errorf("worst latency %v > %v: %v", ds[len(ds)-1], latencyLimit, ds)
	}
}

//go:build unix

// These tests send signals to a jmlog process (os.Process.Signal): unix only.

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jmlog/jmlog/filter/printer/printertest"
)

// The regression tests of issue 9 ("one lifecycle that never hangs or
// drops what it read"), on a real jmlog process.

// bigLog writes a log of about size bytes, with a code on every fifth
// line, and returns its path and its bytes.
func bigLog(t *testing.T, size int) (string, []byte) {
	t.Helper()
	var b []byte
	for i := 0; len(b) < size; i++ {
		if i%5 == 0 {
			b = fmt.Appendf(b, "11-25 18:35:01.%03d  4321  4401 E JIM     : sendMessage onFailed 871300 seq %d\n", i%1000, i)
		} else {
			b = fmt.Appendf(b, "11-25 18:35:01.%03d  4321  4401 D OkHttp  : <-- 200 OK (96ms, 871-byte body) seq %d\n", i%1000, i)
		}
	}
	path := filepath.Join(t.TempDir(), "big.log")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b
}

// stdinPos is the offset of jmlog's standard input, from /proc.
func stdinPos(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/fdinfo/0", pid))
	if err != nil {
		return -1
	}
	m := regexp.MustCompile(`(?m)^pos:\s+(\d+)`).FindSubmatch(b)
	if m == nil {
		return -1
	}
	n, _ := strconv.ParseInt(string(m[1]), 10, 64)
	return n
}

// stuckRun starts jmlog on a big log with its standard output on a pipe
// that nobody reads, and waits until it has read past what the pipe holds:
// its output is then blocked.
func stuckRun(t *testing.T, args ...string) (*proc, *os.File) {
	t.Helper()
	path, _ := bigLog(t, 24<<20)
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	r, w := osPipe(t) // r is never read
	_ = r
	cmd := jmlogCmd(t, args...)
	cmd.Stdout = w
	p := startCmdStderr(t, cmd, in)
	w.Close()
	end := time.Now().Add(waitLimit)
	for stdinPos(cmd.Process.Pid) < 3<<20 {
		if time.Now().After(end) {
			t.Fatalf("jmlog read %d bytes within %v", stdinPos(cmd.Process.Pid), waitLimit)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return p, r
}

// startCmdStderr starts cmd, whose standard output the caller has set,
// collecting only its standard error.
func startCmdStderr(t *testing.T, cmd *exec.Cmd, stdin io.Reader) *proc {
	t.Helper()
	p := &proc{t: t, cmd: cmd, exited: make(chan struct{})}
	cmd.Stdin = stdin
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, err := stderr.Read(buf)
			p.mu.Lock()
			p.err.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				break
			}
		}
		cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.exited
	})
	return p
}

// TestStuckOutputSecondSignal: with standard output on a pipe nobody reads
// and --summary-interval on, SIGTERM cannot finish writing; a second
// SIGINT or SIGTERM ends jmlog at once with status 2, also after SIGUSR1,
// and a /metrics scrape during the drain is answered (issue 9, defect 1:
// jmlog used to hang until SIGKILL).
func TestStuckOutputSecondSignal(t *testing.T) {
	for _, tc := range []struct {
		name    string
		signals []syscall.Signal
		metrics bool
	}{
		{"term-int", []syscall.Signal{syscall.SIGTERM, syscall.SIGINT}, false},
		{"term-usr1-term", []syscall.Signal{syscall.SIGTERM, syscall.SIGUSR1, syscall.SIGTERM}, false},
		{"term-scrape-term", []syscall.Signal{syscall.SIGTERM, syscall.SIGTERM}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"--summary-interval", "100ms"}
			if tc.metrics {
				args = append(args, "--metrics-addr", "127.0.0.1:0")
			}
			p, _ := stuckRun(t, args...)
			addr := ""
			if tc.metrics {
				p.waitErr("/metrics\n")
				m := regexp.MustCompile(`http://([^/]+)/metrics`).FindStringSubmatch(p.stderr())
				addr = m[1]
			}
			for i, s := range tc.signals {
				// Counted before the signal: jmlog may answer SIGUSR1
				// before this goroutine looks (a flake in CI, stop 22).
				n := strings.Count(p.stderr(), "with codes")
				p.signal(s)
				if i == 0 {
					// Two SIGTERMs sent before jmlog takes the first
					// are one: wait until it says it is draining.
					p.waitErr("interrupt again to exit at once\n")
				}
				switch {
				case s == syscall.SIGUSR1:
					p.until("the summary so far after SIGUSR1", func(_, err []byte, _ int) bool {
						return bytes.Count(err, []byte("with codes")) > n
					})
				case i == 0 && tc.metrics:
					body, err := httpGet(addr)
					if err != nil || !strings.Contains(body, "jmlog_lines_total") {
						t.Fatalf("scrape during the drain: %v", err)
					}
				}
				if i < len(tc.signals)-1 && p.state() != "running" {
					t.Fatalf("exited before the last signal: %s", p.state())
				}
			}
			if s := p.exit(); s != 2 {
				t.Errorf("status %d, want 2", s)
			}
			if !strings.Contains(p.stderr(), "jmlog: interrupted again: exiting without writing the rest of the output\n") {
				t.Errorf("stderr: %s", p.stderr()[max(0, len(p.stderr())-500):])
			}
		})
	}
}

// TestTermWritesEverythingRead: SIGTERM early in a run on a regular file
// writes out every byte jmlog read from its standard input (the input's
// offset after jmlog exited), annotated, the last piece of an unfinished
// line included, and counts exactly those lines (issue 9, defect 2: the
// read-ahead buffers, about 4 MiB, were lost).
func TestTermWritesEverythingRead(t *testing.T) {
	path, data := bigLog(t, 130<<20)
	for run := 0; run < 3; run++ {
		in, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var stdout bytes.Buffer
		cmd := jmlogCmd(t, "--summary", "json")
		cmd.Stdout = &stdout
		p := startCmdStderr(t, cmd, in)
		end := time.Now().Add(waitLimit)
		for stdinPos(cmd.Process.Pid) < int64(1+run)<<20 {
			if time.Now().After(end) {
				t.Fatal("jmlog read nothing")
			}
			time.Sleep(time.Millisecond)
		}
		p.signal(syscall.SIGTERM)
		if s := p.exit(); s != 0 {
			t.Fatalf("status %d; stderr %s", s, p.stderr())
		}
		// jmlog's descriptor and in share one file description: its
		// offset is what jmlog read.
		off, err := in.Seek(0, io.SeekCurrent)
		in.Close()
		if err != nil {
			t.Fatal(err)
		}
		if off == int64(len(data)) {
			t.Fatalf("jmlog read the whole input before SIGTERM; the test needs a bigger input")
		}
		read := data[:off]
		if got := printertest.Strip(stdout.Bytes()); !bytes.Equal(got, read) {
			t.Fatalf("read %d bytes, wrote %d (annotations removed): what was read was not all written", off, len(got))
		}
		var sum struct {
			Lines int64 `json:"lines"`
		}
		// A drain slower than a second (a loaded machine) also says so.
		stderr := regexp.MustCompile(`(?m)^jmlog: interrupted: still writing.*\n`).ReplaceAllString(p.stderr(), "")
		if err := json.Unmarshal([]byte(stderr), &sum); err != nil {
			t.Fatalf("summary %q: %v", p.stderr(), err)
		}
		want := int64(bytes.Count(read, []byte("\n")))
		if len(read) > 0 && read[len(read)-1] != '\n' {
			want++
		}
		if sum.Lines != want {
			t.Errorf("summary counts %d lines; %d were read", sum.Lines, want)
		}
	}
}

// TestClosedPipeSummaryConsistent: "jmlog --summary-file s.json big.log |
// head -1": the summary file never has more lines with codes than lines,
// and counts the line that was written (issue 9, defect 3: matched_lines
// was larger than lines in 10 runs of 10).
func TestClosedPipeSummaryConsistent(t *testing.T) {
	path, _ := bigLog(t, 8<<20)
	for run := 0; run < 10; run++ {
		sumFile := filepath.Join(t.TempDir(), "s.json")
		cmd := jmlogCmd(t, "--summary-file", sumFile, path)
		r, w := osPipe(t)
		cmd.Stdout = w
		p := startCmdStderr(t, cmd, nil)
		w.Close()
		if _, err := bufio.NewReader(r).ReadString('\n'); err != nil {
			t.Fatal(err)
		}
		r.Close() // head -1 exits
		if s := p.exit(); s != 0 {
			t.Fatalf("status %d; stderr %s", s, p.stderr())
		}
		if p.stderr() != "" {
			t.Errorf("stderr on a closed pipe: %q", p.stderr())
		}
		b, err := os.ReadFile(sumFile)
		if err != nil {
			t.Fatal(err)
		}
		var sum struct {
			Lines        int64 `json:"lines"`
			MatchedLines int64 `json:"matched_lines"`
		}
		if err := json.Unmarshal(b, &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Lines < 1 || sum.MatchedLines > sum.Lines {
			t.Fatalf("run %d: %d lines, %d with codes", run, sum.Lines, sum.MatchedLines)
		}
	}
}

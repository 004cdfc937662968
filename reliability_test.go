//go:build reliability

// The reliability suite: faults and hostile input, run against the real
// binary (the test binary re-executed as jmlog, see e2e_test.go). It takes
// minutes and needs root for some cases, so it runs only with
// `go test -tags reliability -run Reliability .`; .ci/run runs it.
package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// feed writes the bytes of gen to w in 1 MiB pieces, hashing them, and
// closes w. gen(i) returns piece i, or nil at the end.
func feed(w io.WriteCloser, sum *[32]byte, gen func(i int) []byte) {
	h := sha256.New()
	for i := 0; ; i++ {
		p := gen(i)
		if p == nil {
			break
		}
		h.Write(p)
		if _, err := w.Write(p); err != nil {
			break
		}
	}
	w.Close()
	copy(sum[:], h.Sum(nil))
}

// run starts jmlog with args on stdin from gen and returns the stripped
// output's hash, the output's tail, stderr and peak RSS in KiB.
type runResult struct {
	inSum, outSum [32]byte
	tail          []byte
	stderr        string
	rss           int64
	status        int
}

func runOn(t *testing.T, gen func(i int) []byte, args ...string) runResult {
	t.Helper()
	cmd, maxRSS := measuredCmd(t, args...)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var r runResult
	go feed(stdin, &r.inSum, gen)
	// Hash the output as it comes, except the annotation of the last line:
	// keep the last 64 KiB aside, and look for the annotation there.
	h := sha256.New()
	buf := make([]byte, 1<<20)
	var keep []byte
	for {
		n, err := stdout.Read(buf)
		keep = append(keep, buf[:n]...)
		if len(keep) > 64<<10 {
			h.Write(keep[:len(keep)-32<<10])
			keep = append(keep[:0], keep[len(keep)-32<<10:]...)
		}
		if err != nil {
			break
		}
	}
	if m := bytes.LastIndex(keep, []byte("\t[jmlog] ")); m >= 0 {
		// The annotation holds no line feed; the terminator after it is
		// input.
		h.Write(keep[:m])
		r.tail = keep[m:]
		if bytes.HasSuffix(r.tail, []byte("\r\n")) {
			h.Write([]byte("\r\n"))
		} else if bytes.HasSuffix(r.tail, []byte("\n")) {
			h.Write([]byte("\n"))
		}
	} else {
		h.Write(keep)
	}
	copy(r.outSum[:], h.Sum(nil))
	cmd.Wait()
	r.status = cmd.ProcessState.ExitCode()
	r.stderr = stderr.String()
	r.rss = maxRSS()
	return r
}

func repeat(piece []byte, total int) func(int) []byte {
	n := total / len(piece)
	block := bytes.Repeat(piece, max(1, (1<<20)/len(piece)))
	per := len(block) / len(piece)
	return func(i int) []byte {
		left := n - i*per
		if left <= 0 {
			return nil
		}
		if left < per {
			return block[:left*len(piece)]
		}
		return block
	}
}

func checkRSS(t *testing.T, r runResult) {
	t.Helper()
	checkGrowth(t, r.rss)
}

func TestReliabilityGiBLine(t *testing.T) {
	// 1 GiB in one line, with a code at its start; then the line's end.
	piece := []byte("abcdefghij 0123456789 ")
	gen := repeat(piece, 1<<30)
	first := true
	r := runOn(t, func(i int) []byte {
		if first {
			first = false
			return []byte("871300 ")
		}
		return gen(i - 1)
	}, "--summary", "json")
	if r.inSum != r.outSum {
		t.Error("the 1 GiB line did not pass through unchanged")
	}
	if !bytes.HasPrefix(r.tail, []byte("\t[jmlog] 871300 Have not logged in.")) {
		t.Errorf("annotation %q", r.tail)
	}
	if !strings.HasPrefix(r.stderr, `{"lines":1,"matched_lines":1,"codes":[{"code":871300,"count":1,`) {
		t.Errorf("summary %s", r.stderr)
	}
	checkRSS(t, r)
}

func TestReliabilityTenMillionLines(t *testing.T) {
	r := runOn(t, repeat([]byte("x\n"), 2*10_000_000), "--summary", "json")
	if r.inSum != r.outSum {
		t.Error("output differs from input")
	}
	if !strings.HasPrefix(r.stderr, `{"lines":10000000,"matched_lines":0,"codes":[],"unknown":[],`) {
		t.Errorf("summary %s", r.stderr)
	}
	checkRSS(t, r)
}

func TestReliabilityOnlyDigits(t *testing.T) {
	r := runOn(t, repeat([]byte("8713008713"), 200<<20), "--summary", "json")
	if r.inSum != r.outSum {
		t.Error("output differs from input")
	}
	if !strings.HasPrefix(r.stderr, `{"lines":1,"matched_lines":0,"codes":[],"unknown":[],`) {
		t.Errorf("summary %s", r.stderr)
	}
	checkRSS(t, r)
}

func TestReliabilityMillionCodesInOneLine(t *testing.T) {
	gen := repeat([]byte("871300 "), 7*1_000_000)
	ended := false
	r := runOn(t, func(i int) []byte {
		if p := gen(i); p != nil {
			return p
		}
		if !ended {
			ended = true
			return []byte("\n")
		}
		return nil
	}, "--summary", "json")
	if r.inSum != r.outSum {
		t.Error("output differs from input")
	}
	want := "\t[jmlog] 871300 x1000000 Have not logged in. (Initiator of api call has not logged in)\n"
	if string(r.tail) != want {
		t.Errorf("annotation %q, want %q", r.tail, want)
	}
	if !strings.Contains(r.stderr, `"code":871300,"count":1000000,`) {
		t.Errorf("summary %s", r.stderr)
	}
	checkRSS(t, r)
}

// TestReliabilitySlowReader: a reader that takes 1 KB/s. jmlog must wait
// for it (backpressure) instead of buffering the input.
func TestReliabilitySlowReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.log")
	line := []byte("11-25 18:35:01.123  4321  4390 E JIM     : login failed, code = 871300\n")
	if err := os.WriteFile(path, bytes.Repeat(line, 1<<20), 0o644); err != nil { // 72 MiB
		t.Fatal(err)
	}
	cmd := jmlogCmd(t, path)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// The reader takes 1 KB/s for 6 s. jmlog fills its buffers and the
	// pipe within the first second; after that its memory must not grow.
	var at1s, peak int64
	buf := make([]byte, 100)
	start := time.Now()
	for time.Since(start) < 6*time.Second {
		if _, err := io.ReadFull(stdout, buf); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
		rss := vmRSS(cmd.Process.Pid)
		peak = max(peak, rss)
		if at1s == 0 && time.Since(start) > time.Second {
			at1s = rss
		}
	}
	t.Logf("RSS while the reader is slow: %.1f MiB after 1 s, peak %.1f MiB", float64(at1s)/1024, float64(peak)/1024)
	// Bound: 4 read buffers of 1 MiB, at most 4 output batches, the Go
	// runtime and its GC headroom.
	if peak > 32<<10 || peak > at1s+2<<10 {
		t.Errorf("RSS grows while the reader is slow: jmlog buffers instead of waiting for its reader")
	}
}

// vmRSS is the resident memory of a process in KiB, from /proc.
func vmRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	return 0
}

// TestReliabilitySummaryFileFullDisk: --summary-file on a full disk fails
// with a clear message and status 2, and the old file stays as it was.
func TestReliabilitySummaryFileFullDisk(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=16k"); err != nil {
		t.Fatalf("mounting a small tmpfs (needs root): %v", err)
	}
	defer syscall.Unmount(dir, 0)
	old := []byte("old summary\n")
	sum := filepath.Join(dir, "sum.json")
	if err := os.WriteFile(sum, old, 0o644); err != nil {
		t.Fatal(err)
	}
	// Fill the disk.
	f, _ := os.Create(filepath.Join(dir, "fill"))
	f.Write(make([]byte, 64<<10))
	f.Close()
	var lines strings.Builder
	for c := 871101; c <= 871506; c++ {
		fmt.Fprintf(&lines, "x %d\n", c) // a long summary
	}
	cmd := jmlogCmd(t, "--summary", "none", "--summary-file", sum)
	cmd.Stdin = strings.NewReader(lines.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Run()
	if s := cmd.ProcessState.ExitCode(); s != 2 || !strings.Contains(stderr.String(), "--summary-file") ||
		!strings.Contains(stderr.String(), "no space left on device") {
		t.Errorf("status %d, stderr %q", s, stderr.String())
	}
	if got, _ := os.ReadFile(sum); !bytes.Equal(got, old) {
		t.Errorf("old summary file changed to %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("files left behind: %v", entries)
	}
}

// TestReliabilitySummaryFileReadOnlyDir: the same in a directory jmlog may
// not write to (run as an unprivileged user when the test runs as root).
func TestReliabilitySummaryFileReadOnlyDir(t *testing.T) {
	dir := t.TempDir()
	os.Chmod(filepath.Dir(dir), 0o755)
	sum := filepath.Join(dir, "sum.json")
	old := []byte("old summary\n")
	os.WriteFile(sum, old, 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	cmd := jmlogCmd(t, "--summary", "none", "--summary-file", sum)
	asNobody(t, cmd)
	cmd.Stdin = strings.NewReader("x 871300\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Run()
	if s := cmd.ProcessState.ExitCode(); s != 2 || !strings.Contains(stderr.String(), "permission denied") {
		t.Errorf("status %d, stderr %q", s, stderr.String())
	}
	if got, _ := os.ReadFile(sum); !bytes.Equal(got, old) {
		t.Errorf("old summary file changed to %q", got)
	}
}

// asNobody makes cmd run as the user nobody when the test runs as root, who
// may read and write anywhere: from a copy of the test binary that nobody
// may execute.
func asNobody(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if os.Getuid() != 0 {
		return
	}
	bin, err := os.MkdirTemp("", "jmlog-bin")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(bin) })
	os.Chmod(bin, 0o755)
	exe, _ := os.Executable()
	copyExe := filepath.Join(bin, "jmlog.test")
	if out, err := exec.Command("cp", exe, copyExe).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	os.Chmod(copyExe, 0o755)
	cmd.Path = copyExe
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// TestReliabilityPermissionRevoked: while jmlog follows a file, the file is
// rotated and the new one may not be read. jmlog says so, keeps following,
// reads the new file once it may, and ends with status 2 on SIGTERM. No line
// of the old file is lost.
func TestReliabilityPermissionRevoked(t *testing.T) {
	dir, err := os.MkdirTemp("", "jmlog-perm")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	path := filepath.Join(dir, "app.log")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := jmlogCmd(t, "-f", "--summary", "json", path)
	asNobody(t, cmd)
	p := startCmd(t, cmd, nil)
	p.ready(path) // writes "ready" lines until one is printed
	appendFile(t, path, "before 871300\n")
	p.waitOut("before 871300\t[jmlog] 871300")
	// Rotate: the new file may not be read (as nobody).
	os.Rename(path, path+".1")
	if err := os.WriteFile(path, []byte("secret 871104\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	appendFile(t, path+".1", "late line in the old file 871310\n")
	p.waitErr("permission denied")
	p.waitOut("late line in the old file 871310\t[jmlog]")
	// Permission is given back: the new file is read from its start.
	os.Chmod(path, 0o644)
	p.waitOut("secret 871104\t[jmlog] 871104")
	appendFile(t, path, "after 871201\n")
	p.waitOut("after 871201\t[jmlog]")
	p.signal(syscall.SIGTERM)
	if s := p.exit(); s != 2 {
		t.Errorf("status %d, want 2 (an input error was reported)\nstderr: %s", s, p.stderr())
	}
	if !strings.Contains(p.stderr(), `"lines":5,"matched_lines":4`) {
		t.Errorf("summary: %s", p.stderr())
	}
}

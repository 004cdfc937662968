//go:build reliability

package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// The extended zero-loss run (issue 10, "must show" 2): two followed files
// written at 25,000 lines/s each (50,000 in all) for 10 s, rotated 100
// times in all by every way logrotate and applications rotate: create (the
// writer reopens at once, or keeps writing the old file for 20 ms),
// copytruncate, delaycompress (the file before the last is gzipped and
// removed), delete and recreate, and for the second file, which jmlog
// follows through a symbolic link into another directory, retargeting the
// link. Every line comes out exactly once, byte for byte; the counts are
// exact after SIGTERM; the latency of every line (written to printed) is
// reported.
const (
	extPerFile  = 250_000
	extRate     = 25_000 // lines per second and file
	extRotation = extPerFile / 50
	extLag      = extRate / 50 // lines a late writer still writes to the old file
)

// extLine is line seq of file name, and the code it holds.
func extLine(name string, seq int) (string, string) {
	line, code := zeroLossLine(seq)
	return strings.Replace(line, ": seq=", ": "+name+" seq=", 1), code
}

// extFile is one followed file of the run and what was seen of it.
type extFile struct {
	name   string // "A" or "B"
	follow string // the path jmlog follows
	link   string // B: the symbolic link (follow); its target is target
	target string // the file the writer writes now
	kinds  []string

	ready   atomic.Bool  // jmlog has printed a "ready" line of it
	first   atomic.Int64 // the first line of the current file
	printed atomic.Int64 // the highest line jmlog has printed

	written []int64 // when each line was written (Unix ns)
	arrived []int64 // when it came out
	seen    []uint8
}

func newExtFile(name, follow, target string, kinds []string) *extFile {
	f := &extFile{name: name, follow: follow, target: target, kinds: kinds,
		written: make([]int64, extPerFile), arrived: make([]int64, extPerFile), seen: make([]uint8, extPerFile)}
	f.printed.Store(-1)
	return f
}

func TestReliabilityZeroLossExtended(t *testing.T) {
	base := t.TempDir()
	for _, d := range []string{"a", "containers", "pods"} {
		if err := os.Mkdir(filepath.Join(base, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	a := newExtFile("A", filepath.Join(base, "a", "app.log"), filepath.Join(base, "a", "app.log"),
		[]string{"create", "copytruncate", "create-late", "delaycompress", "delete", "delete-late"})
	b := newExtFile("B", filepath.Join(base, "containers", "app.log"), filepath.Join(base, "pods", "0.log"),
		[]string{"retarget", "create", "copytruncate", "delaycompress", "retarget-late", "delete-late", "create-late"})
	b.link = b.follow
	appendFile(t, a.target, "")
	appendFile(t, b.target, "")
	if err := os.Symlink(b.target, b.link); err != nil {
		t.Fatal(err)
	}
	sum := filepath.Join(base, "summary.json")
	cmd := jmlogCmd(t, "-f", "--from-start", "--summary", "none", "--summary-file", sum, a.follow, b.follow)
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	r := &extReader{files: []*extFile{a, b}}
	done := make(chan struct{})
	go func() { r.read(stdout); close(done) }()
	for _, f := range []*extFile{a, b} {
		waitReady(t, f)
	}

	start := time.Now()
	errs := make(chan error, 2)
	for _, f := range []*extFile{a, b} {
		go func() { errs <- f.write(start) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	deadline := time.Now().Add(waitLimit)
	for r.total.Load() < 2*extPerFile && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	<-done
	cmd.Wait()
	if s := cmd.ProcessState.ExitCode(); s != 0 {
		t.Errorf("status %d; stderr:\n%s", s, stderr.String())
	}
	t.Logf("%d lines in %v (%.0f lines/s), 100 rotations", 2*extPerFile, elapsed.Round(time.Millisecond), 2*extPerFile/elapsed.Seconds())
	r.check(t)
	checkExtSummary(t, sum, r.readies)
	logLatency(t, a, b)
}

// waitReady appends "ready" lines to f until one comes out.
func waitReady(t *testing.T, f *extFile) {
	t.Helper()
	end := time.Now().Add(waitLimit)
	for !f.ready.Load() {
		appendFile(t, f.target, "ready "+f.name+"\n")
		time.Sleep(20 * time.Millisecond)
		if time.Now().After(end) {
			t.Fatalf("%s: not followed within %v", f.follow, waitLimit)
		}
	}
}

// extReader reads jmlog's output as it comes, and checks every line.
type extReader struct {
	files   []*extFile
	readies int
	total   atomic.Int64 // lines of the run seen
	mu      sync.Mutex
	bad     []string // lines that are not lines of the run
}

func (r *extReader) read(out io.Reader) {
	br := bufio.NewReaderSize(out, 1<<20)
	for {
		line, err := br.ReadString('\n')
		if len(line) > 0 {
			r.line(line, time.Now().UnixNano())
		}
		if err != nil {
			return
		}
	}
}

// line checks one line of output, which came out at now.
func (r *extReader) line(line string, now int64) {
	for _, f := range r.files {
		rest, ok := strings.CutPrefix(line, f.follow+":")
		if !ok {
			continue
		}
		if rest == "ready "+f.name+"\n" {
			r.readies++
			f.ready.Store(true)
			return
		}
		if m := strings.LastIndex(rest, "\t[jmlog] "); m >= 0 {
			term := "\n"
			if strings.HasSuffix(rest, "\r\n") {
				term = "\r\n"
			}
			rest = rest[:m] + term
		}
		i := strings.Index(rest, " seq=")
		if i < 0 || len(rest) < i+12 {
			break
		}
		seq, err := strconv.Atoi(rest[i+5 : i+12])
		if err != nil || seq >= extPerFile {
			break
		}
		if want, _ := extLine(f.name, seq); rest != want {
			break
		}
		if f.seen[seq]++; f.seen[seq] == 1 {
			f.arrived[seq] = now
			r.total.Add(1)
		}
		if int64(seq) > f.printed.Load() {
			f.printed.Store(int64(seq))
		}
		return
	}
	r.mu.Lock()
	if len(r.bad) < 10 {
		r.bad = append(r.bad, line[:min(len(line), 200)])
	}
	r.mu.Unlock()
}

// check fails unless every line came out exactly once and nothing else did.
func (r *extReader) check(t *testing.T) {
	t.Helper()
	if len(r.bad) > 0 {
		t.Errorf("lines that were not written: %q", r.bad)
	}
	for _, f := range r.files {
		var missing, dup []int
		for seq, n := range f.seen {
			switch {
			case n == 0:
				missing = append(missing, seq)
			case n > 1:
				dup = append(dup, seq)
			}
		}
		if len(missing)+len(dup) > 0 {
			t.Errorf("%s: %d lines missing (first %v), %d duplicated (first %v)", f.name,
				len(missing), missing[:min(len(missing), 10)], len(dup), dup[:min(len(dup), 10)])
		}
	}
}

// write writes f's lines at extRate, rotating it every extRotation lines.
func (f *extFile) write(start time.Time) error {
	w, err := os.OpenFile(f.target, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	var late *os.File
	lateUntil := 0
	var buf []byte
	for seq := 0; seq < extPerFile; {
		if seq > 0 && seq%extRotation == 0 && late == nil {
			if err := f.waitPrinted(); err != nil {
				return err
			}
			kind := f.kinds[(seq/extRotation-1)%len(f.kinds)]
			nw, err := f.rotate(kind, seq/extRotation)
			if err != nil {
				return fmt.Errorf("%s: rotation %d (%s): %v", f.name, seq/extRotation, kind, err)
			}
			f.first.Store(int64(seq))
			if nw != nil {
				if strings.HasSuffix(kind, "-late") {
					late, lateUntil = w, seq+extLag
					f.first.Store(int64(seq + extLag))
				} else {
					w.Close()
				}
				w = nw
			}
		}
		// One burst: the lines due by now, up to the next rotation or the
		// end of the late writes.
		due := min(int(time.Since(start).Seconds()*extRate)+1, extPerFile, (seq/extRotation+1)*extRotation)
		dst := w
		if late != nil {
			if seq < lateUntil {
				dst, due = late, min(due, lateUntil)
			} else {
				late.Close()
				late = nil
			}
		}
		buf = buf[:0]
		from := seq
		for ; seq < due; seq++ {
			line, _ := extLine(f.name, seq)
			buf = append(buf, line...)
		}
		if _, err := dst.Write(buf); err != nil {
			return err
		}
		now := time.Now().UnixNano()
		for i := from; i < seq; i++ {
			f.written[i] = now
		}
		if ahead := time.Duration(seq)*time.Second/extRate - time.Since(start); ahead > 0 {
			time.Sleep(min(ahead, time.Millisecond))
		}
	}
	if late != nil {
		late.Close()
	}
	return w.Close()
}

// waitPrinted waits until jmlog has printed a line of the current file, so
// that a machine that stalls jmlog for longer than a rotation period does
// not turn the run into a documented limit (a file rotated away before
// jmlog could open it).
func (f *extFile) waitPrinted() error {
	end := time.Now().Add(waitLimit)
	for f.printed.Load() < f.first.Load() {
		if time.Now().After(end) {
			return fmt.Errorf("%s: jmlog printed no line of the file started at line %d within %v", f.name, f.first.Load(), waitLimit)
		}
		time.Sleep(100 * time.Microsecond)
	}
	return nil
}

// rotate rotates f's file by kind (n is the rotation's number) and returns
// the new file to write, or nil when the writer goes on with its file.
func (f *extFile) rotate(kind string, n int) (*os.File, error) {
	path := f.target
	create := func(p string) (*os.File, error) {
		return os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_EXCL, 0o644)
	}
	switch strings.TrimSuffix(kind, "-late") {
	case "create":
		if err := os.Rename(path, fmt.Sprintf("%s.r%d", path, n)); err != nil {
			return nil, err
		}
		return create(path)
	case "copytruncate":
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(fmt.Sprintf("%s.ct%d", path, n), data, 0o644); err != nil {
			return nil, err
		}
		return nil, os.Truncate(path, 0)
	case "delaycompress":
		if err := gzipAway(path+".1", path+".2.gz"); err != nil {
			return nil, err
		}
		if err := os.Rename(path, path+".1"); err != nil {
			return nil, err
		}
		return create(path)
	case "delete":
		if err := os.Remove(path); err != nil {
			return nil, err
		}
		return create(path)
	case "retarget":
		next := filepath.Join(filepath.Dir(path), fmt.Sprintf("%d.log", n))
		nw, err := create(next)
		if err != nil {
			return nil, err
		}
		tmp := f.link + ".tmp"
		if err := os.Symlink(next, tmp); err != nil {
			return nil, err
		}
		f.target = next
		return nw, os.Rename(tmp, f.link)
	}
	return nil, fmt.Errorf("unknown rotation %q", kind)
}

// gzipAway compresses from into to and removes from, as logrotate's
// delaycompress does with the file before the last; nothing when from does
// not exist.
func gzipAway(from, to string) error {
	data, err := os.ReadFile(from)
	if os.IsNotExist(err) {
		return nil
	} else if err != nil {
		return err
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	if err := os.WriteFile(to, b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Remove(from)
}

// checkExtSummary checks the summary file jmlog wrote on SIGTERM: every
// line counted, and every code.
func checkExtSummary(t *testing.T, path string, readies int) {
	t.Helper()
	want := map[string]int{}
	for _, name := range []string{"A", "B"} {
		for seq := range extPerFile {
			if _, code := extLine(name, seq); code != "" {
				want[code]++
			}
		}
	}
	var sum struct {
		Lines   int `json:"lines"`
		Codes   []struct{ Code, Count int }
		Unknown []struct{ Code, Count int }
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range append(sum.Codes, sum.Unknown...) {
		got[strconv.Itoa(c.Code)] = c.Count
	}
	if sum.Lines != 2*extPerFile+readies || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("summary: %d lines, codes %v; want %d lines, codes %v", sum.Lines, got, 2*extPerFile+readies, want)
	}
}

// logLatency reports the latency of the lines, written to printed.
func logLatency(t *testing.T, files ...*extFile) {
	var ds []time.Duration
	for _, f := range files {
		for seq, at := range f.arrived {
			if at > 0 {
				ds = append(ds, time.Duration(at-f.written[seq]))
			}
		}
	}
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	t.Logf("latency of %d lines, written to printed: p50 %v, p99 %v, max %v", len(ds), q(0.50), q(0.99), ds[len(ds)-1])
}

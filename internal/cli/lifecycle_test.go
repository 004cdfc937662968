package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for one writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor fails the test unless cond holds within d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(time.Millisecond)
	}
}

// runAsync runs a with args and returns the channel of its status.
func runAsync(a *App, args ...string) chan int {
	done := make(chan int, 1)
	go func() { done <- a.Run(args) }()
	return done
}

func status(t *testing.T, done chan int, d time.Duration, what string) int {
	t.Helper()
	select {
	case s := <-done:
		return s
	case <-time.After(d):
		t.Fatalf("%s: jmlog did not end within %v", what, d)
	}
	return -1
}

// TestSignalEndsRun: SIGTERM ends a run on a pipe that stays open as the
// end of input does: everything read is written, the last unterminated
// line included, and the summary counts it.
func TestSignalEndsRun(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	defer pr.Close()
	sigs := make(chan os.Signal, 4)
	var stdout, stderr syncBuffer
	a := &App{Stdin: pr, Stdout: &stdout, Stderr: &stderr, Signals: sigs}
	done := runAsync(a, "--summary", "json")
	pw.Write([]byte("first 871300\nsecond\nthird, unterminated 871104"))
	waitFor(t, 5*time.Second, "the lines", func() bool { return strings.HasPrefix(stdout.String(), "first 871300\t") })
	sigs <- syscall.SIGTERM
	if s := status(t, done, 5*time.Second, "SIGTERM"); s != 0 {
		t.Errorf("status %d; stderr %s", s, stderr.String())
	}
	if !strings.HasSuffix(stdout.String(), "second\nthird, unterminated 871104\t[jmlog] 871104 Server internal error. (Server internal error)") {
		t.Errorf("stdout %q", stdout.String())
	}
	if !strings.HasPrefix(stderr.String(), `{"lines":3,"matched_lines":2,`) {
		t.Errorf("summary %q", stderr.String())
	}
}

// TestSecondSignalAborts: with an output nobody reads, the first SIGTERM
// cannot finish writing, and a second one ends jmlog at once with status
// 2, also after a SIGUSR1 whose summary so far is printed meanwhile (issue
// 9, defect 1).
func TestSecondSignalAborts(t *testing.T) {
	big := bytes.Repeat([]byte("11-25 18:35:01.020  4321  4401 E JIM : onFailed 871300 and more text\n"), 200000)
	for _, seq := range [][]os.Signal{{syscall.SIGTERM, syscall.SIGINT}, {syscall.SIGTERM, sigProgress, syscall.SIGTERM}} {
		pr, pw, err := os.Pipe() // the output: never read
		if err != nil {
			t.Fatal(err)
		}
		sigs := make(chan os.Signal, 4)
		var stderr syncBuffer
		// Once jmlog has read 1 MiB, its output for it is more than a
		// pipe holds, even one grown to 1 MiB (pipes.Grow): before, the
		// test waited for the first Read, the sniffer's 3 bytes, and a
		// SIGTERM that came before the block was read ended the run at
		// once, with all of its output in the pipe (5 in 300 runs).
		in := &readPast{r: bytes.NewReader(big), n: 1<<20 - 1, read: make(chan struct{})}
		a := &App{Stdin: in, Stdout: pw, Stderr: &stderr, Signals: sigs}
		done := runAsync(a, "--summary-interval", "100ms") // the shortest allowed
		// Its output is then stuck. The counts (of what was written) then do
		// not change, so the interval prints nothing; SIGUSR1 always does.
		select {
		case <-in.read:
		case <-time.After(5 * time.Second):
			t.Fatalf("%v: jmlog did not read 1 MiB within 5s", seq)
		}
		sigs <- sigProgress
		waitFor(t, 5*time.Second, "a summary so far", func() bool { return strings.Contains(stderr.String(), "lines") })
		for i, s := range seq {
			sigs <- s
			if s == sigProgress {
				n := strings.Count(stderr.String(), "jmlog: ")
				waitFor(t, 5*time.Second, "the summary after SIGUSR1", func() bool { return strings.Count(stderr.String(), "jmlog: ") > n })
			}
			if i < len(seq)-1 {
				select {
				case s := <-done:
					t.Fatalf("%v: ended with %d before the second signal", seq, s)
				case <-time.After(20 * time.Millisecond):
				}
			}
		}
		if s := status(t, done, 5*time.Second, "second signal"); s != 2 {
			t.Errorf("%v: status %d, want 2", seq, s)
		}
		if !strings.Contains(stderr.String(), "jmlog: interrupted again: exiting without writing the rest of the output\n") {
			t.Errorf("%v: stderr %q", seq, stderr.String())
		}
		pr.Close()
		pw.Close()
	}
}

// readPast is a reader that closes read once more than n bytes have been
// read through it. Its first Reads are a few bytes long: the decompressor
// and the encoding sniffer look at the head of the input first.
type readPast struct {
	r     io.Reader
	n     int
	total int
	once  sync.Once
	read  chan struct{}
}

func (f *readPast) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if f.total += n; f.total > f.n {
		f.once.Do(func() { close(f.read) })
	}
	return n, err
}

// errWriter fails every write.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("device gone") }

// TestOutputErrorIsNotInputError: an output that fails, and is not a file,
// is reported as an output error, never under an input's name (issue 9,
// defect 4).
func TestOutputErrorIsNotInputError(t *testing.T) {
	var stderr bytes.Buffer
	a := &App{Stdin: strings.NewReader("a 871300\nb\n"), Stdout: errWriter{}, Stderr: &stderr}
	if s := a.Run([]string{"--summary", "none", "-", "testdata/crlf.txt"}); s != 2 {
		t.Errorf("status %d", s)
	}
	if got := stderr.String(); got != "jmlog: writing output: device gone\n" {
		t.Errorf("stderr %q", got)
	}
}

// TestBatchGCPercent: a run that does not follow sets GOGC to
// batchGCPercent before it makes its buffers, unless GOGC is set; a run
// that follows leaves it alone; an App without SetGCPercent (every other
// test) never touches it.
func TestBatchGCPercent(t *testing.T) {
	record := func(calls *[]int) func(int) int {
		return func(p int) int { *calls = append(*calls, p); return 100 }
	}
	env := func(gogc string) func(string) string {
		return func(k string) string {
			if k == "GOGC" {
				return gogc
			}
			return ""
		}
	}
	for _, c := range []struct {
		name string
		gogc string
		want []int
	}{
		{"unset", "", []int{batchGCPercent}},
		{"set by the user", "50", nil},
	} {
		var calls []int
		var stdout, stderr bytes.Buffer
		a := &App{Stdin: strings.NewReader("a 871300\n"), Stdout: &stdout, Stderr: &stderr, Getenv: env(c.gogc), SetGCPercent: record(&calls)}
		if s := a.Run([]string{"-c"}); s != 0 {
			t.Fatalf("%s: status %d; stderr %s", c.name, s, stderr.String())
		}
		if !reflect.DeepEqual(calls, c.want) {
			t.Errorf("%s: SetGCPercent calls %v, want %v", c.name, calls, c.want)
		}
	}

	// Following: the first line is out, so the Filter is wired; then a
	// signal ends the run.
	dir := t.TempDir()
	log := filepath.Join(dir, "app.log")
	if err := os.WriteFile(log, []byte("first 871300\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var calls []int
	sigs := make(chan os.Signal, 1)
	var stdout, stderr syncBuffer
	a := &App{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Signals: sigs, Getenv: env(""), SetGCPercent: record(&calls)}
	done := runAsync(a, "-f", "--from-start", log)
	waitFor(t, 5*time.Second, "the first line", func() bool { return strings.HasPrefix(stdout.String(), "first 871300\t") })
	sigs <- syscall.SIGTERM
	status(t, done, 5*time.Second, "SIGTERM")
	if len(calls) != 0 {
		t.Errorf("-f: SetGCPercent calls %v, want none", calls)
	}
}

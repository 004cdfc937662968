package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests in this file run jmlog as a real process: the test binary
// re-executes itself with JMLOG_AS_MAIN=1 and runs main.
func TestMain(m *testing.M) {
	if os.Getenv("JMLOG_AS_MAIN") == "1" {
		main()
		return
	}
	if out := os.Getenv("JMLOG_MAXRSS_TO"); out != "" {
		os.Exit(measure(out))
	}
	os.Exit(m.Run())
}

// measure runs jmlog as a child of this small process and writes the
// child's peak RSS in KiB to the file out. It exists because Linux keeps a
// process's ru_maxrss across execve: a child started straight from the big
// test process would report the test's own memory.
func measure(out string) int {
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), "JMLOG_AS_MAIN=1", "JMLOG_MAXRSS_TO=")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		return 125
	}
	if rss, ok := maxRSS(cmd.ProcessState); ok {
		os.WriteFile(out, []byte(strconv.FormatInt(rss, 10)), 0o644)
	}
	return cmd.ProcessState.ExitCode()
}

// measuredCmd is jmlogCmd with peak-memory measurement: after Wait, call
// the returned function for jmlog's peak RSS in KiB.
func measuredCmd(t *testing.T, args ...string) (*exec.Cmd, func() int64) {
	file := filepath.Join(t.TempDir(), "maxrss")
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "JMLOG_MAXRSS_TO="+file, "NO_COLOR=")
	return cmd, func() int64 {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("peak RSS not measured: %v", err)
		}
		n, _ := strconv.ParseInt(string(b), 10, 64)
		return n
	}
}

func jmlogCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "JMLOG_AS_MAIN=1", "NO_COLOR=")
	return cmd
}

// within fails the test if fn does not return within d.
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: nothing after %v", what, d)
	}
}

// TestLiveness: with input from a pipe, every finished line reaches the
// output while jmlog waits for more input.
func TestLiveness(t *testing.T) {
	cmd := jmlogCmd(t)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stdout)
	for i, line := range []string{"first 871300\n", "plain line\n", "third 871104\r\n"} {
		if _, err := io.WriteString(stdin, line); err != nil {
			t.Fatal(err)
		}
		var got string
		within(t, 10*time.Second, "line "+line, func() { got, _ = r.ReadString('\n') })
		if !strings.HasPrefix(got, strings.TrimRight(line, "\r\n")) {
			t.Fatalf("line %d: got %q", i, got)
		}
	}
	stdin.Close()
	rest, _ := io.ReadAll(r)
	within(t, 10*time.Second, "exit", func() { cmd.Wait() })
	if len(rest) != 0 || cmd.ProcessState.ExitCode() != 0 {
		t.Errorf("rest %q, status %d", rest, cmd.ProcessState.ExitCode())
	}
	if !strings.Contains(stderr.String(), "jmlog: 3 lines, 2 with codes") {
		t.Errorf("summary: %q", stderr.String())
	}
}

// TestLivenessJSON: with -o json, every finished line's record reaches the
// output while jmlog waits for more input; a -v long entry's record comes
// with the empty line that ends it.
func TestLivenessJSON(t *testing.T) {
	cmd := jmlogCmd(t, "-o", "json", "-j", "code")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stdout)
	for _, c := range []struct{ in, want string }{
		{"first 871300\n", `{"line":"first 871300","jmlog":[{"code":871300,`},
		{`{"uid":871300,"code":871104}` + "\r\n", `{"uid":871300,"code":871104,"jmlog":[{"code":871104,`},
		{"[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nlogin failed 871300\n\n", `{"line":"[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nlogin failed 871300","format":"long",`},
	} {
		if _, err := io.WriteString(stdin, c.in); err != nil {
			t.Fatal(err)
		}
		var got string
		within(t, 10*time.Second, "record for "+c.in, func() { got, _ = r.ReadString('\n') })
		if !strings.HasPrefix(got, c.want) {
			t.Fatalf("got %q, want it to start with %q", got, c.want)
		}
	}
	stdin.Close()
	within(t, 10*time.Second, "exit", func() { cmd.Wait() })
}

// TestBrokenPipe: `jmlog big.log | head -1` ends at once, quietly, with
// status 0; with --fail-on, with the gate's status for what was read.
func TestBrokenPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.log")
	line := []byte("11-25 18:35:01.123  4321  4390 E JIM     : login failed, code = 871300\n")
	if err := os.WriteFile(path, bytes.Repeat(line, 1<<19), 0o644); err != nil { // 36 MB
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   []string
		status int
	}{{nil, 0}, {[]string{"--fail-on", "any"}, 1}, {[]string{"--fail-on", "871104"}, 0}} {
		brokenPipe(t, append(c.args, path), c.status)
	}
}

func brokenPipe(t *testing.T, args []string, want int) {
	cmd := jmlogCmd(t, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(stdout).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	stdout.Close()
	within(t, 10*time.Second, "exit after the pipe closed", func() { cmd.Wait() })
	if s := cmd.ProcessState.ExitCode(); s != want || stderr.Len() != 0 {
		t.Errorf("%q: status %d, stderr %q", args, s, stderr.String())
	}
}

// TestHugeLine: a 100 MiB line without a newline passes through byte for
// byte in bounded memory, and its codes are found wherever they are.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MiB")
	}
	const size = 100 << 20
	path := filepath.Join(t.TempDir(), "huge.log")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	block := bytes.Repeat([]byte("abc 12345 "), 1<<16) // 640 KiB
	in := sha256.New()
	w := io.MultiWriter(f, in)
	io.WriteString(w, "871300 ")
	n := 7
	for i := 0; n < size; i++ {
		b := block
		if n+len(b) > size {
			b = b[:size-n]
		}
		w.Write(b)
		n += len(b)
		if i == 1 {
			n += must(io.WriteString(w, " 871104 ")) // past the first MiB
		}
	}
	io.WriteString(w, " 871310") // the very end
	f.Close()

	cmd, maxRSS := measuredCmd(t, "--summary", "json", path)
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Read the output, hash all of it but the annotation, which starts at
	// the last Marker.
	out, err := io.ReadAll(stdout)
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	m := bytes.LastIndex(out, []byte("\t[jmlog] "))
	if m < 0 {
		t.Fatalf("no annotation; output ends %q", out[len(out)-200:])
	}
	if got := sha256.Sum256(out[:m]); !bytes.Equal(got[:], in.Sum(nil)) {
		t.Errorf("the line did not pass through unchanged (%d bytes out before the annotation)", m)
	}
	ann := string(out[m:])
	for _, c := range []string{"871300 Have not", "871104 Server", "871310 Network"} {
		if !strings.Contains(ann, c) {
			t.Errorf("annotation %q lacks %s", ann, c)
		}
	}
	if !strings.HasPrefix(stderr.String(), `{"lines":1,"matched_lines":1,`) {
		t.Errorf("summary %s", stderr.String())
	}
	checkGrowth(t, maxRSS())
}

// baselineRSS is the peak RSS in KiB of jmlog (this test binary as jmlog)
// reading an empty input: the binary, the runtime and the buffers it
// allocates up front. It is measured once.
var baselineRSS = sync.OnceValue(func() int64 {
	cmd := exec.Command(os.Args[0], "--summary", "none")
	file, err := os.CreateTemp("", "jmlog-rss")
	if err != nil {
		panic(err)
	}
	file.Close()
	defer os.Remove(file.Name())
	cmd.Env = append(os.Environ(), "JMLOG_MAXRSS_TO="+file.Name())
	if err := cmd.Run(); err != nil {
		panic(err)
	}
	b, _ := os.ReadFile(file.Name())
	n, _ := strconv.ParseInt(string(b), 10, 64)
	return n
})

// maxGrowth is how much more than baselineRSS jmlog may use on any input:
// its four 1 MiB read buffers (allocated up front, but resident only once
// used), output batches, the hits of a window, the Go heap's headroom. The test
// binary's own size (bigger than jmlog's) is in the baseline, so the bound
// holds for jmlog itself, whose whole peak RSS stays under 20 MiB in
// bench/compare.sh.
const maxGrowth = 10 << 10 // KiB

// checkGrowth fails the test when a run's peak RSS (KiB) grew more than
// maxGrowth over the baseline.
func checkGrowth(t *testing.T, rss int64) {
	t.Helper()
	base := baselineRSS()
	t.Logf("peak RSS %.1f MiB (%.1f MiB over the %.1f MiB of an empty run)", float64(rss)/1024, float64(rss-base)/1024, float64(base)/1024)
	limit := int64(maxGrowth)
	if raceEnabled {
		limit *= 8 // the race detector's shadow memory
	}
	if rss-base > limit {
		t.Errorf("peak RSS grew %d KiB over an empty run: memory is not bounded", rss-base)
	}
}

func must(n int, err error) int {
	if err != nil {
		panic(err)
	}
	return n
}

package input

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
)

// hub wakes every Follower of the tests: one Hub per process may follow a
// path.
var hub = &Hub{}

// The tests here drive a Follower's Read from the test goroutine, so that
// "the reader is busy elsewhere" is simply not calling expect. They never
// sleep to let the Follower catch up: they wait for what it reads, or for
// it to have looked at the file (settle), each with a deadline.

const deadline = 10 * time.Second

// events records a Follower's events.
type events struct {
	mu sync.Mutex
	l  []FollowEvent
}

func (e *events) add(ev FollowEvent) { e.mu.Lock(); e.l = append(e.l, ev); e.mu.Unlock() }

func (e *events) kinds() []FollowEventKind {
	e.mu.Lock()
	defer e.mu.Unlock()
	var k []FollowEventKind
	for _, ev := range e.l {
		k = append(k, ev.Kind)
	}
	return k
}

// wait waits until an event of kind k has been recorded, and returns it.
func (e *events) wait(t *testing.T, k FollowEventKind) FollowEvent {
	t.Helper()
	end := time.Now().Add(deadline)
	for time.Now().Before(end) {
		e.mu.Lock()
		for _, ev := range e.l {
			if ev.Kind == k {
				e.mu.Unlock()
				return ev
			}
		}
		e.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("no event %d within %v; got %v", k, deadline, e.kinds())
	return FollowEvent{}
}

func follow(t *testing.T, path string, opt FollowOptions) (*Follower, *events) {
	t.Helper()
	ev := &events{}
	opt.Event = ev.add
	f := hub.Follow(path, opt)
	t.Cleanup(func() { f.Close() })
	return f, ev
}

// expect reads from f until it has len(want) bytes, and fails unless they
// are want, or if they do not come within the deadline. Every Read must
// return whole lines, unless it fills the buffer.
func expect(t *testing.T, f *Follower, want string) {
	t.Helper()
	expectBuf(t, f, want, 64<<10)
}

func expectBuf(t *testing.T, f *Follower, want string, size int) {
	t.Helper()
	timer := time.AfterFunc(deadline, func() { f.Close() })
	defer timer.Stop()
	var got []byte
	buf := make([]byte, size)
	for len(got) < len(want) {
		n, err := f.Read(buf)
		if err != nil {
			t.Fatalf("read %q, want %q: %v (nothing more within %v?)", got, want, err, deadline)
		}
		if buf[n-1] != '\n' && n < len(buf) {
			t.Fatalf("Read returned part of a line: %q", buf[:n])
		}
		got = append(got, buf[:n]...)
	}
	if string(got) != want {
		t.Fatalf("read %q\nwant %q", got, want)
	}
}

// settle makes f look at its file once, as a Read does, when there is no
// whole line to read.
func settle(t *testing.T, f *Follower) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if n, _ := f.step(make([]byte, 64<<10)); n > 0 {
		t.Fatal("settle: there was a line to read")
	}
}

// wakeUp writes line to path once f waits in Read, and returns how long
// the line took to come out of Read.
func wakeUp(t *testing.T, f *Follower, path, line string) time.Duration {
	t.Helper()
	s := f.steps.Load()
	wrote := make(chan time.Time, 1)
	go func() {
		end := time.Now().Add(deadline)
		for f.steps.Load() == s && time.Now().Before(end) {
			time.Sleep(50 * time.Microsecond)
		}
		now := time.Now()
		if fh, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
			fh.WriteString(line)
			fh.Close()
		}
		wrote <- now
	}()
	expect(t, f, line)
	return time.Since(<-wrote)
}

// armed reports whether the hub watches path's directory as it is now.
func armed(path string) bool {
	abs, _ := filepath.Abs(path)
	hub.mu.Lock()
	defer hub.mu.Unlock()
	w := hub.paths[abs]
	if w == nil || !w.live {
		return false
	}
	st, err := os.Stat(filepath.Dir(abs))
	return err == nil && os.SameFile(st, w.dir)
}

func waitArmed(t *testing.T, path string) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !armed(path) {
		if time.Now().After(end) {
			t.Fatalf("%s: not watched after %v", path, deadline)
		}
		time.Sleep(time.Millisecond)
	}
}

func (e *events) count(k FollowEventKind) int {
	n := 0
	for _, x := range e.kinds() {
		if x == k {
			n++
		}
	}
	return n
}

func write(t *testing.T, path, s string) {
	t.Helper()
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fh.WriteString(s); err != nil {
		t.Fatal(err)
	}
	fh.Close()
}

func TestFollowAppendFromEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "before 1\nbefore 2\n")
	f, _ := follow(t, path, FollowOptions{})
	write(t, path, "after 871300\r\n")
	expect(t, f, "after 871300\r\n")
	write(t, path, "a\r\nb\n\r\n")
	expect(t, f, "a\r\nb\n\r\n") // CR bytes pass untouched
}

func TestFollowFromStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "before 1\nbefore 2\n")
	f, _ := follow(t, path, FollowOptions{FromStart: true})
	write(t, path, "after\n")
	expect(t, f, "before 1\nbefore 2\nafter\n")
}

// TestFollowStartsAtLineStart: a last line that is not finished when
// following starts is read whole once it is.
func TestFollowStartsAtLineStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "done\nhalf a")
	f, _ := follow(t, path, FollowOptions{})
	write(t, path, " line\n")
	expect(t, f, "half a line\n")
}

// TestFollowPartialLine: a line written in two parts, with the Follower
// looking at the file in between, is read once and whole.
func TestFollowPartialLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	f, _ := follow(t, path, FollowOptions{})
	write(t, path, "first part")
	settle(t, f)
	write(t, path, ", second part\nnext\n")
	expect(t, f, "first part, second part\nnext\n")
}

// TestFollowSameSizeRewrite is nxadm/tail #62: `echo "$(date)" > f` every
// second rewrites the file to the same size.
func TestFollowSameSizeRewrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tick.log")
	write(t, path, "")
	f, ev := follow(t, path, FollowOptions{})
	for i := range 5 {
		line := fmt.Sprintf("tick-%d\n", i)
		if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
		expect(t, f, line)
	}
	if n := ev.count(FollowTruncated); n != 4 {
		t.Errorf("events %v: want a truncation for each of the 4 rewrites", ev.kinds())
	}
}

// TestFollowTruncateRefill is hpcloud/tail #145: the file is truncated and
// written past the old offset before the reader looks again. No fragment of
// the new content may come out.
func TestFollowTruncateRefill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	f, ev := follow(t, path, FollowOptions{})
	write(t, path, "a1\na2\n")
	expect(t, f, "a1\na2\n")
	// The reader is busy: nothing reads while the file is replaced.
	refill := "w-line-1\nw-line-2\nw-line-3\n"
	if err := os.WriteFile(path, []byte(refill), 0o644); err != nil {
		t.Fatal(err)
	}
	expect(t, f, refill)
	if e := ev.wait(t, FollowTruncated); e.Copy != "" {
		t.Errorf("copy %q", e.Copy)
	}
}

// TestFollowCopyTruncate: logrotate's copytruncate while the reader is
// behind. The lines it had not read yet are read from the copy, once.
func TestFollowCopyTruncate(t *testing.T) {
	for _, withCopy := range []bool{true, false} {
		t.Run(fmt.Sprintf("copy=%v", withCopy), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "app.log")
			write(t, path, "")
			f, ev := follow(t, path, FollowOptions{})
			write(t, path, "a1\na2\n")
			expect(t, f, "a1\na2\n")
			write(t, path, "a3 not read yet\na4 not read yet\n")
			if withCopy {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				// An unrelated sibling, newer, that must not be taken.
				write(t, filepath.Join(dir, "app.log.2"), "a1\nother\nother\nother\nother\nother\n")
				if err := os.WriteFile(filepath.Join(dir, "app.log.1"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
			write(t, path, "b1\n")
			if withCopy {
				expect(t, f, "a3 not read yet\na4 not read yet\nb1\n")
				if e := ev.wait(t, FollowTruncated); e.Copy != "app.log.1" {
					t.Errorf("copy %q, want app.log.1", e.Copy)
				}
			} else {
				expect(t, f, "b1\n")
				ev.wait(t, FollowTruncated)
			}
			write(t, path, "end\n")
			expect(t, f, "end\n")
		})
	}
}

// TestFollowRenameRace is nxadm/tail #72 and hpcloud/tail #127: writes
// right before and after each rename, and a writer that keeps writing the
// old file for a while after it was renamed. Every line comes out once, and
// the lines of each file in order. (Each rotation waits until the Follower
// has opened the new file: a file that is renamed away again before any
// reader opens it cannot be followed by name.)
func TestFollowRenameRace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	write(t, path, "")
	f, _ := follow(t, path, FollowOptions{})
	old, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	const rotations = 30
	var want []string
	for g := range rotations {
		for i := range 20 {
			want = append(want, fmt.Sprintf("gen %d line %d before", g, i))
		}
		want = append(want, fmt.Sprintf("gen %d first line of the new file", g+1))
		for i := range 20 {
			want = append(want, fmt.Sprintf("gen %d line %d after the rename", g, i))
		}
	}
	errc := make(chan error, 1)
	go func() {
		errc <- func() error {
			for g := range rotations {
				for i := range 20 {
					fmt.Fprintf(old, "gen %d line %d before\n", g, i)
				}
				os.Rename(path, fmt.Sprintf("%s.%d", path, g))
				cur, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_EXCL, 0o644)
				if err != nil {
					return err
				}
				fmt.Fprintf(cur, "gen %d first line of the new file\n", g+1)
				for i := range 20 {
					fmt.Fprintf(old, "gen %d line %d after the rename\n", g, i) // not reopened yet
				}
				old.Close()
				old = cur
				if err := waitOpened(f, cur); err != nil {
					return err
				}
			}
			return old.Close()
		}()
	}()
	got := readLines(t, f, len(want))
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	checkOnceInOrder(t, got, want)
}

// waitOpened waits until f has opened the file fh.
func waitOpened(f *Follower, fh *os.File) error {
	st, err := fh.Stat()
	if err != nil {
		return err
	}
	end := time.Now().Add(deadline)
	for time.Now().Before(end) {
		f.qmu.Lock()
		ok := slices.ContainsFunc(f.queue, func(g *gen) bool { return os.SameFile(g.id, st) })
		f.qmu.Unlock()
		f.mu.Lock()
		ok = ok || f.known(st)
		f.mu.Unlock()
		if ok {
			return nil
		}
		time.Sleep(100 * time.Microsecond)
	}
	return fmt.Errorf("%s: not opened within %v", fh.Name(), deadline)
}

// readLines reads n lines from f.
func readLines(t *testing.T, f *Follower, n int) []string {
	t.Helper()
	timer := time.AfterFunc(deadline, func() { f.Close() })
	defer timer.Stop()
	var data []byte
	buf := make([]byte, 64<<10)
	for bytes.Count(data, []byte{'\n'}) < n {
		k, err := f.Read(buf)
		if err != nil {
			t.Fatalf("%d of %d lines within %v; last: %q", bytes.Count(data, []byte{'\n'}), n, deadline, data[max(0, len(data)-300):])
		}
		data = append(data, buf[:k]...)
	}
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

// checkOnceInOrder checks that got holds every line of want once, nothing
// else, and the lines of each "gen N" in the order of want.
func checkOnceInOrder(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d lines, want %d", len(got), len(want))
	}
	seen := make(map[string]int)
	for _, l := range got {
		seen[l]++
	}
	for _, l := range want {
		if seen[l] != 1 {
			t.Errorf("%q seen %d times", l, seen[l])
		}
	}
	pos := make(map[string]int)
	for i, l := range got {
		pos[l] = i
	}
	last := make(map[string]int) // "gen N" -> position of its last line
	for _, l := range want {
		g := strings.Join(strings.Fields(l)[:2], " ")
		if p, ok := last[g]; ok && pos[l] < p {
			t.Errorf("%q out of order", l)
		}
		last[g] = pos[l]
	}
}

// TestFollowRotationPartialLine: the last line of a rotated-away file that
// has no '\n' yet is read whole if the writer finishes it within the
// grace, and ended with a '\n' if it never does.
func TestFollowRotationPartialLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	write(t, path, "")
	f, _ := follow(t, path, FollowOptions{Grace: time.Second})
	write(t, path, "finished later")
	settle(t, f)
	if err := os.Rename(path, path+".1"); err != nil {
		t.Fatal(err)
	}
	write(t, path, "new 1\n")
	expect(t, f, "new 1\n")
	write(t, path+".1", " by the old writer\n")
	write(t, path+".1", "never finished")
	got := readLines(t, f, 2)
	slices.Sort(got)
	if want := []string{"finished later by the old writer", "never finished"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	write(t, path, "new 2\n")
	expect(t, f, "new 2\n")
}

func TestFollowDeleteRecreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	f, _ := follow(t, path, FollowOptions{})
	write(t, path, "one\n")
	expect(t, f, "one\n")
	for i := range 3 {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
		// The new file is bigger than the old one (hpcloud/tail #122):
		// size alone would call it the same file.
		s := fmt.Sprintf("recreated %d %s\n", i, strings.Repeat("x", 100*i))
		write(t, path, s)
		expect(t, f, s)
	}
}

// TestFollowMissing: a file whose directory does not exist yet either.
func TestFollowMissing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "not", "yet")
	path := filepath.Join(dir, "app.log")
	f, ev := follow(t, path, FollowOptions{})
	ev.wait(t, FollowMissing)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, path, "first line of a new file\n")
	expect(t, f, "first line of a new file\n")
	ev.wait(t, FollowFound)
	// The directory is deleted and made again: inotify must follow it.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	waitArmed(t, path)
	if d := wakeUp(t, f, path, "again\n"); d > SafetyTick/2 {
		t.Errorf("took %v: not woken by inotify in the new directory", d)
	}
}

// TestFollowNotRegular: the name is taken by a directory, then by a file
// again.
func TestFollowNotRegular(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	f, ev := follow(t, path, FollowOptions{})
	if e := ev.wait(t, FollowFailed); !errors.Is(e.Err, syscall.EISDIR) {
		t.Errorf("error %v", e.Err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	mkfifo(t, path)
	settle(t, f) // must not block on the named pipe
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	write(t, path, "a file again\n")
	expect(t, f, "a file again\n")
	ev.wait(t, FollowFound)
	if k := ev.kinds(); !slices.Equal(k, []FollowEventKind{FollowFailed, FollowFailed, FollowFound}) {
		t.Errorf("events %v", k)
	}
}

// TestFollowPausedRotations: while nothing reads (the output is blocked),
// the file is rotated several times. Each new file is opened as soon as it
// appears, so all of them are read, in order, once reading resumes.
func TestFollowPausedRotations(t *testing.T) {
	if !inotifyOK() {
		t.Skip("needs inotify")
	}
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	f, _ := follow(t, path, FollowOptions{})
	write(t, path, "gen 0\n")
	var want string
	want += "gen 0\n"
	for g := 1; g <= 5; g++ {
		if err := os.Rename(path, fmt.Sprintf("%s.%d", path, g)); err != nil {
			t.Fatal(err)
		}
		write(t, path, fmt.Sprintf("gen %d\n", g))
		want += fmt.Sprintf("gen %d\n", g)
		// Wait until the hub has opened the new file.
		end := time.Now().Add(deadline)
		for {
			f.qmu.Lock()
			n := len(f.queue)
			f.qmu.Unlock()
			if n == g {
				break
			}
			if time.Now().After(end) {
				t.Fatalf("generation %d not opened", g)
			}
			time.Sleep(time.Millisecond)
		}
	}
	if err := os.Rename(path, path+".6"); err != nil { // the last one is gone too
		t.Fatal(err)
	}
	expect(t, f, want)
}

// TestFollowLongLine: lines longer than the buffer given to Read come out
// in pieces that add up to the line, and lines stay whole through the
// Filter.
func TestFollowLongLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	f, _ := follow(t, path, FollowOptions{})
	long := strings.Repeat("0123456789 ", 10000) + "871300\n"
	fh, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	for i := 0; i < len(long); i += 7000 {
		fh.WriteString(long[i:min(i+7000, len(long))])
	}
	fh.WriteString("short 871104\r\n")
	fh.Close()
	expectBuf(t, f, long+"short 871104\r\n", 4096)
}

// TestFollowThroughFilter: a followed file through Filter.Follow with a
// small buffer and the text printer: byte for byte, annotated, with the
// file name in front.
func TestFollowThroughFilter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	fw, _ := follow(t, path, FollowOptions{})
	pr, pw := io.Pipe()
	o := printer.NewOut(pw)
	flt := filter.New(filter.Config{Sink: printer.NewText(o, printer.TextOptions{Prefix: true})})
	done := make(chan error, 1)
	go func() { done <- flt.Follow(context.Background(), []*filter.Source{{Name: "app", R: fw}}, 64, nil) }()
	long := strings.Repeat("x", 300) + " 871300 " + strings.Repeat("y", 300)
	in := "a 871300\r\n" + long + "\r\nplain\n"
	write(t, path, in)
	want := "app:a 871300\t[jmlog] 871300 Have not logged in. (Initiator of api call has not logged in)\r\n" +
		"app:" + long + "\t[jmlog] 871300 Have not logged in. (Initiator of api call has not logged in)\r\n" +
		"app:plain\n"
	got := make([]byte, len(want))
	var err error
	within(t, "output", func() { _, err = io.ReadFull(pr, got) })
	if err != nil || string(got) != want {
		t.Fatalf("got %q, %v\nwant %q", got, err, want)
	}
	fw.Close()
	within(t, "Follow to return after Close", func() { err = <-done })
	if err != nil {
		t.Fatal(err)
	}
	if s := flt.Counts().Snapshot(); s.Lines != 3 || s.Total() != 2 {
		t.Errorf("counts %+v", s)
	}
}

func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { fn(); close(done) }()
	select {
	case <-done:
	case <-time.After(deadline):
		t.Fatalf("%s: nothing after %v", what, deadline)
	}
}

// TestFollowBurst: nothing is dropped or limited: 200,000 lines written at
// once all come out.
func TestFollowBurst(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	f, _ := follow(t, path, FollowOptions{})
	var b strings.Builder
	for i := range 200000 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	write(t, path, b.String())
	expect(t, f, b.String())
}

// TestFollowClose: Close ends a Read that waits, at once, and a Follower
// that nobody reads closes too (nxadm/tail's Stop deadlock).
func TestFollowClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	f := hub.Follow(path, FollowOptions{})
	errc := make(chan error)
	go func() {
		_, err := f.Read(make([]byte, 10))
		errc <- err
	}()
	for f.steps.Load() == 0 { // Read has looked, and found nothing
		time.Sleep(time.Millisecond)
	}
	f.Close()
	within(t, "Read to return after Close", func() {
		if err := <-errc; err != io.EOF {
			t.Errorf("Read: %v", err)
		}
	})
	f.Close()
	if _, err := f.Read(make([]byte, 10)); err != io.EOF {
		t.Errorf("Read after Close: %v", err)
	}
	// Nobody reads, and lines wait in the file.
	g := hub.Follow(path, FollowOptions{FromStart: true})
	write(t, path, strings.Repeat("unread\n", 1000))
	within(t, "Close without a reader", func() { g.Close() })
}

// TestFollowTwoOnOnePath: two Followers of one path both get every line,
// and closing one does not silence the other (nxadm/tail #30, #41).
func TestFollowTwoOnOnePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	a, _ := follow(t, path, FollowOptions{})
	b, _ := follow(t, path, FollowOptions{})
	write(t, path, "both\n")
	expect(t, a, "both\n")
	expect(t, b, "both\n")
	a.Close()
	if d := wakeUp(t, b, path, "b only\n"); d > SafetyTick/2 {
		t.Errorf("took %v: the second follower lost its inotify events", d)
	}
}

// TestFollowLatency: a line appended to a quiet file comes out of Read
// within 50 ms, in the worst of 20 tries (inotify, not polling).
func TestFollowLatency(t *testing.T) {
	if !inotifyOK() {
		t.Skip("needs inotify")
	}
	path := filepath.Join(t.TempDir(), "app.log")
	write(t, path, "")
	f, _ := follow(t, path, FollowOptions{})
	var ds []time.Duration
	for i := range 20 {
		ds = append(ds, wakeUp(t, f, path, fmt.Sprintf("line %d\n", i)))
	}
	slices.Sort(ds)
	t.Logf("latency of 20 lines: median %v, worst %v", ds[len(ds)/2], ds[len(ds)-1])
	// The goal is 50 ms, and on an idle machine the worst is well under
	// 1 ms; the limit allows for a loaded CI machine, and still fails
	// when a line waits for the 1 s safety tick instead of inotify.
	if limit := 250 * time.Millisecond; ds[len(ds)-1] > limit {
		t.Errorf("worst latency %v > %v (all: %v)", ds[len(ds)-1], limit, ds)
	}
}

// TestFollowGoroutines: after 100 rotations and Close, no goroutine is
// left behind.
func TestFollowGoroutines(t *testing.T) {
	dir := t.TempDir()
	// nxadm/tail's tracker and fsnotify's reader start with the first
	// watch and stay: start them before counting.
	warm := hub.Follow(filepath.Join(dir, "warm.log"), FollowOptions{})
	warm.Close()
	base := goroutines(t, -1)

	path := filepath.Join(dir, "app.log")
	write(t, path, "")
	f := hub.Follow(path, FollowOptions{Grace: 10 * time.Millisecond})
	for i := range 100 {
		if err := os.Rename(path, fmt.Sprintf("%s.%d", path, i)); err != nil {
			t.Fatal(err)
		}
		write(t, path, fmt.Sprintf("rotation %d\n", i))
		expect(t, f, fmt.Sprintf("rotation %d\n", i))
	}
	during := runtime.NumGoroutine()
	f.Close()
	after := goroutines(t, base)
	t.Logf("goroutines: %d before, %d while following, %d after Close", base, during, after)
}

// goroutines waits until there are at most want goroutines (want < 0: until
// the number stays the same for a while) and returns the number.
func goroutines(t *testing.T, want int) int {
	t.Helper()
	end := time.Now().Add(deadline)
	prev, same := -1, 0
	for {
		n := runtime.NumGoroutine()
		if want >= 0 && n <= want {
			return n
		}
		if want < 0 {
			if n == prev {
				if same++; same == 50 {
					return n
				}
			} else {
				prev, same = n, 0
			}
		}
		if time.Now().After(end) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, want %d:\n%s", n, want, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// readPieces reads from f with a buffer of size bytes until it has n
// bytes, within the deadline.
func readPieces(t *testing.T, f *Follower, n, size int) string {
	t.Helper()
	timer := time.AfterFunc(deadline, func() { f.Close() })
	defer timer.Stop()
	var got []byte
	buf := make([]byte, size)
	for len(got) < n {
		k, err := f.Read(buf)
		if err != nil {
			t.Fatalf("read %d bytes of %d: %v", len(got), n, err)
		}
		got = append(got, buf[:k]...)
	}
	return string(got)
}

// TestFollowTruncateMidLine is issue 10, defect 2: part of a line longer
// than the buffer was handed over, then the file is truncated (plainly, or
// by copytruncate) and a new line written. The part handed over is ended
// before the new line: with the rest from the copy when there is one,
// otherwise at once (the rest is lost).
func TestFollowTruncateMidLine(t *testing.T) {
	for _, withCopy := range []bool{false, true} {
		t.Run(fmt.Sprintf("copy=%v", withCopy), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "app.log")
			write(t, path, "")
			f, ev := follow(t, path, FollowOptions{})
			long := strings.Repeat("abcdefg ", 25) // 200 bytes, no '\n'
			write(t, path, long)
			if got := readPieces(t, f, 192, 64); got != long[:192] {
				t.Fatalf("pieces %q", got)
			}
			if withCopy {
				if err := os.WriteFile(path+".1", []byte(long), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Truncate(path, 0); err != nil {
				t.Fatal(err)
			}
			write(t, path, "new line\n")
			if withCopy {
				expect(t, f, long[192:]+"\nnew line\n")
			} else {
				expect(t, f, "\nnew line\n")
			}
			ev.wait(t, FollowTruncated)
		})
	}
}

// TestFollowRotatedMidLine: part of a long line was handed over, and the
// file is rotated away with the line unfinished. The new file's lines wait
// until the old file's line ends: finished by the old writer within the
// grace, or ended with '\n' after it.
func TestFollowRotatedMidLine(t *testing.T) {
	for _, finished := range []bool{true, false} {
		t.Run(fmt.Sprintf("finished=%v", finished), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "app.log")
			write(t, path, "")
			f, _ := follow(t, path, FollowOptions{Grace: 300 * time.Millisecond})
			long := strings.Repeat("abcdefg ", 25)
			write(t, path, long)
			if got := readPieces(t, f, 192, 64); got != long[:192] {
				t.Fatalf("pieces %q", got)
			}
			if err := os.Rename(path, path+".1"); err != nil {
				t.Fatal(err)
			}
			write(t, path, "new 1\n")
			settle(t, f) // the new file is open, and must wait
			if finished {
				write(t, path+".1", "end\n")
				expect(t, f, long[192:]+"end\nnew 1\n")
			} else {
				expect(t, f, long[192:]+"\nnew 1\n")
			}
		})
	}
}

// TestFollowSymlinkLatency is issue 10, defect 3: the followed path is a
// symbolic link to a file in another directory (Kubernetes'
// /var/log/containers/*.log). Writes to the target wake the Follower
// through inotify on the target's directory, not the 1 s safety tick; a
// retargeted link (ln -sfn: a new link renamed over the old one) is
// followed, its new target watched, and the old target's watch removed.
func TestFollowSymlinkLatency(t *testing.T) {
	if !inotifyOK() {
		t.Skip("needs inotify")
	}
	base := t.TempDir()
	for _, d := range []string{"containers", "pods1", "pods2"} {
		if err := os.Mkdir(filepath.Join(base, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(base, "containers", "app.log")
	target1 := filepath.Join(base, "pods1", "0.log")
	target2 := filepath.Join(base, "pods2", "0.log")
	write(t, target1, "")
	if err := os.Symlink(target1, link); err != nil {
		t.Fatal(err)
	}
	f, ev := follow(t, link, FollowOptions{})
	worst := func(target string) time.Duration {
		var ds []time.Duration
		for i := range 10 {
			ds = append(ds, wakeUp(t, f, target, fmt.Sprintf("line %d\n", i)))
		}
		slices.Sort(ds)
		t.Logf("%s: median %v, worst %v", filepath.Base(filepath.Dir(target)), ds[len(ds)/2], ds[len(ds)-1])
		return ds[len(ds)-1]
	}
	if d := worst(target1); d > 250*time.Millisecond {
		t.Errorf("worst latency %v through the link: the target's directory is not watched", d)
	}
	// Retarget, as ln -sfn does it.
	write(t, target2, "first of the new target\n")
	tmp := link + ".tmp"
	if err := os.Symlink(target2, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
	expect(t, f, "first of the new target\n")
	ev.wait(t, FollowRotated)
	if d := worst(target2); d > 250*time.Millisecond {
		t.Errorf("worst latency %v after the link was retargeted", d)
	}
	hub.mu.Lock()
	_, stale := hub.paths[target1]
	_, watched := hub.paths[target2]
	hub.mu.Unlock()
	if stale || !watched {
		t.Errorf("watches: old target %v (want false), new target %v (want true)", stale, watched)
	}
}

// TestTargetKey: which name the target of a followed path is watched by.
func TestTargetKey(t *testing.T) {
	base := t.TempDir()
	mk := func(p string) string {
		p = filepath.Join(base, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		write(t, p, "")
		return p
	}
	ln := func(target, name string) string {
		name = filepath.Join(base, name)
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
		return name
	}
	real := mk("real/app.log")
	mk("real/app-2.log")
	ln(filepath.Join(base, "real"), "dirlink")
	for _, c := range []struct {
		name, path, key string
		ok              bool
	}{
		{"regular file", real, "", true},
		{"link to another directory", ln(real, "links/app.log"), real, true},
		{"relative link in the same directory", ln("app-2.log", "real/current"), filepath.Join(base, "real/app-2.log"), true},
		{"regular file in a linked directory", filepath.Join(base, "dirlink/app.log"), "", true},
		{"link in a linked directory", ln("app-2.log", "real/cur2") + "", filepath.Join(base, "real/app-2.log"), true},
		{"link in a linked directory, by the link's name", filepath.Join(base, "dirlink/cur2"), filepath.Join(base, "dirlink/app-2.log"), true},
		{"dangling link", ln(filepath.Join(base, "gone.log"), "links/gone.log"), "", false},
	} {
		key, ok := targetKey(c.path)
		if key != c.key || ok != c.ok {
			t.Errorf("%s: targetKey(%s) = %q, %v; want %q, %v", c.name, c.path, key, ok, c.key, c.ok)
		}
	}
}

// TestFollowCopyTruncateThroughLink: copytruncate of the target of a
// followed symbolic link: the copy is beside the target, in another
// directory, and the lines not read yet are read from it.
func TestFollowCopyTruncateThroughLink(t *testing.T) {
	base := t.TempDir()
	os.Mkdir(filepath.Join(base, "logs"), 0o755)
	target := filepath.Join(base, "logs", "app-1.log")
	link := filepath.Join(base, "current.log")
	write(t, target, "")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	f, ev := follow(t, link, FollowOptions{})
	write(t, target, "a1\n")
	expect(t, f, "a1\n")
	write(t, target, "a2 not read yet\n")
	data, _ := os.ReadFile(target)
	if err := os.WriteFile(target+".1", data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(target, 0); err != nil {
		t.Fatal(err)
	}
	write(t, target, "b1\n")
	expect(t, f, "a2 not read yet\nb1\n")
	if e := ev.wait(t, FollowTruncated); e.Copy != "app-1.log.1" {
		t.Errorf("copy %q, want app-1.log.1", e.Copy)
	}
}

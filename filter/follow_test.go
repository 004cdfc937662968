package filter

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedKitchen is a kitchen that Follow's tests read while Follow runs.
type lockedKitchen struct {
	mu sync.Mutex
	k  kitchen
}

func (l *lockedKitchen) Begin(s *Source) error { l.mu.Lock(); defer l.mu.Unlock(); return l.k.Begin(s) }
func (l *lockedKitchen) End(s *Source) error   { l.mu.Lock(); defer l.mu.Unlock(); return l.k.End(s) }
func (l *lockedKitchen) Flush(release func(error)) error {
	release(nil)
	return nil
}
func (l *lockedKitchen) Pass(s *Source, p []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.k.b, "pass:%s:%q\n", s.Label(), p)
	return nil
}
func (l *lockedKitchen) Chunk(s *Source, p []byte, seen bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(&l.k.b, "chunk:%s:%v:%q\n", s.Label(), seen, p)
	return nil
}
func (l *lockedKitchen) Line(ln *Line) error { l.mu.Lock(); defer l.mu.Unlock(); return l.k.Line(ln) }

func (l *lockedKitchen) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.k.b.String() }

// waitFor waits until the events so far contain s, for at most 10 s.
func (l *lockedKitchen) waitFor(t *testing.T, s string) {
	t.Helper()
	end := time.Now().Add(10 * time.Second)
	for !strings.Contains(l.String(), s) {
		if time.Now().After(end) {
			t.Fatalf("no %q within 10 s; events:\n%s", s, l.String())
		}
		time.Sleep(time.Millisecond)
	}
}

// pipeSource is a source fed by the test, that Stop ends as a Follower's
// Close does.
func pipeSource(name string) (*Source, *io.PipeWriter) {
	r, w := io.Pipe()
	return &Source{Name: name, R: r, Stop: func() { r.CloseWithError(io.EOF) }}, w
}

// followRun runs Follow on srcs with 64-byte buffers until cancel is
// called; the returned channel gives Follow's result.
func followRun(t *testing.T, k Sink, srcs ...*Source) (*Filter, context.CancelFunc, chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	f := New(Config{Sink: k})
	done := make(chan error, 1)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		done <- f.Follow(ctx, srcs, 64, func(s *Source, err error) {
			if err != nil {
				t.Errorf("%s: %v", s.Name, err)
			}
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-finished:
		case <-time.After(10 * time.Second):
			t.Error("Follow did not return within 10 s of the cancel")
		}
	})
	return f, cancel, done
}

func write(t *testing.T, w io.Writer, s string) {
	t.Helper()
	if _, err := io.WriteString(w, s); err != nil {
		t.Fatal(err)
	}
}

// TestFollowLongLineDoesNotHoldBack: source a's line is longer than twice
// the buffer and unfinished; b's lines go out all the same, and a's line
// is broken in the output (issue 10, defect 1). Its rest comes later as a
// line of its own with the same number; the line is counted once.
func TestFollowLongLineDoesNotHoldBack(t *testing.T) {
	k := &lockedKitchen{}
	a, aw := pipeSource("a")
	b, bw := pipeSource("b")
	f, cancel, done := followRun(t, k, a, b)
	long := "start 871300 " + strings.Repeat("x", 187) // 200 bytes: two pieces go out
	write(t, aw, long)
	k.waitFor(t, "chunk:a:true:")
	for i := range 3 {
		write(t, bw, fmt.Sprintf("b%d 871104\n", i))
		k.waitFor(t, fmt.Sprintf(`line:b:%d:"b%d 871104"`, i+1, i))
	}
	write(t, aw, "yyy 871310\nnext\n")
	k.waitFor(t, `pass:a:"next\n"`)
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Follow: %v", err)
	}
	// a's line: pieces, the break, pieces, the end.
	var before, after strings.Builder
	cur, breaks := &before, 0
	var end string
	for _, ev := range strings.Split(k.String(), "\n") {
		switch {
		case strings.HasPrefix(ev, "chunk:a:"):
			var p string
			fmt.Sscanf(ev[strings.LastIndex(ev, `:"`)+1:], "%q", &p)
			cur.WriteString(p)
		case strings.HasPrefix(ev, `line:a:1:""`):
			if ev != `line:a:1:"":"\n": 871300*1/known continued` {
				t.Errorf("break: %s", ev)
			}
			cur, breaks = &after, breaks+1
		case strings.HasPrefix(ev, "line:a:1:"):
			end = ev
			var text string
			fmt.Sscanf(strings.TrimPrefix(ev, "line:a:1:"), "%q", &text)
			cur.WriteString(text)
		}
	}
	if breaks != 1 || before.String()+after.String() != long+"yyy 871310" || len(before.String()) < 128 {
		t.Errorf("%d breaks; before %q, after %q", breaks, before.String(), after.String())
	}
	if !strings.HasSuffix(end, `:"\n": 871310*1/known`) {
		t.Errorf("the end of the line: %s", end)
	}
	rest := end
	// b's lines came between the break and the rest.
	ev := k.String()
	if i, j, r := strings.Index(ev, `line:a:1:"":`), strings.Index(ev, "line:b:1:"), strings.Index(ev, rest); !(i < j && j < r) {
		t.Errorf("order of break %d, b %d, rest %d:\n%s", i, j, r, ev)
	}
	s := f.Counts().Snapshot()
	if s.Lines != 5 || s.MatchedLines != 4 || s.Total() != 5 {
		t.Errorf("counts: %d lines, %d matched, %d codes; want 5, 4, 5", s.Lines, s.MatchedLines, s.Total())
	}
}

// TestFollowHeldPieceKeepsLineWhole: a line longer than the buffer but
// shorter than twice it goes out whole while another source's lines go
// out (its first piece is held back).
func TestFollowHeldPieceKeepsLineWhole(t *testing.T) {
	k := &lockedKitchen{}
	a, aw := pipeSource("a")
	b, bw := pipeSource("b")
	_, cancel, done := followRun(t, k, a, b)
	write(t, aw, strings.Repeat("abcdefg ", 12)) // 96 bytes: one piece of 63 bytes, held
	write(t, bw, "b 871104\n")
	k.waitFor(t, `line:b:1:"b 871104"`)
	if ev := k.String(); strings.Contains(ev, ":a:") {
		t.Fatalf("a went out before its line ended:\n%s", ev)
	}
	write(t, aw, "871300\n")
	k.waitFor(t, "line:a:1:")
	cancel()
	<-done
	var a1 []string
	for _, ev := range strings.Split(k.String(), "\n") {
		if strings.Contains(ev, ":a:") {
			a1 = append(a1, ev)
		}
	}
	if len(a1) != 2 || !strings.HasPrefix(a1[0], "chunk:a:false:") || !strings.HasSuffix(a1[1], `:"\n": 871300*1/known continued`) {
		t.Errorf("a's line: %q", a1)
	}
}

// TestFollowCancelWritesHeldPieces: when Follow is cancelled, the pieces
// held back and the unfinished line read so far go out, ended with '\n'
// (issue 10, defect 1: nothing read is lost on a signal).
func TestFollowCancelWritesHeldPieces(t *testing.T) {
	k := &lockedKitchen{}
	a, aw := pipeSource("a")
	b, bw := pipeSource("b")
	c, cw := pipeSource("c")
	f, cancel, done := followRun(t, k, a, b, c)
	write(t, aw, strings.Repeat("abcdefg ", 12))
	write(t, bw, "b 871104\npartial")
	write(t, cw, "c 871300\nhalf 871300")
	k.waitFor(t, `line:b:1:"b 871104"`)
	k.waitFor(t, `line:c:1:"c 871300"`)
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Follow: %v", err)
	}
	ev := k.String()
	for _, want := range []string{
		"chunk:a:false:\"" + strings.Repeat("abcdefg ", 7) + "abcdefg\"\npass:a:\" abcdefg ", // the held piece, then the rest
		`pass:a:"\n"` + "\nend:a",
		`pass:b:"partial"` + "\n" + `pass:b:"\n"`,
		`line:c:2:"half 871300":"\n": 871300*1/known`,
	} {
		if !strings.Contains(ev, want) {
			t.Errorf("no %q in:\n%s", want, ev)
		}
	}
	if n := strings.Count(ev, "abcdefg"); n != 12 {
		t.Errorf("%d of a's 12 words went out", n)
	}
	s := f.Counts().Snapshot()
	if s.Lines != 5 || s.MatchedLines != 3 {
		t.Errorf("counts: %d lines, %d matched; want 5, 3", s.Lines, s.MatchedLines)
	}
}

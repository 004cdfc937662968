package input

import (
	"context"
	"errors"
	"io"
	"os"
	"testing"
	"time"

	"github.com/jmlog/jmlog/filter"
)

// TestStoppablePipe: Stop ends a Read of a pipe that waits, and no byte
// written to the pipe is taken without being returned.
func TestStoppablePipe(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	r, stop, release := Stoppable(pr)
	defer release()
	if _, err := pw.Write([]byte("first\n")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	n, err := r.Read(buf)
	if err != nil || string(buf[:n]) != "first\n" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	got := make(chan error, 1)
	go func() {
		_, err := r.Read(buf)
		got <- err
	}()
	stop()
	select {
	case err := <-got:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("stopped Read: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not end a Read that waits")
	}
	// What is written after the stop is still in the pipe for the next
	// reader: nothing was taken.
	pw.Write([]byte("after\n"))
	release()
	n, err = pr.Read(buf)
	if err != nil || string(buf[:n]) != "after\n" {
		t.Errorf("the pipe lost bytes: %q, %v", buf[:n], err)
	}
}

// TestStoppablePump: the goroutine reader used for terminals returns what
// it reads, and Stop ends a Read that waits.
func TestStoppablePump(t *testing.T) {
	pr, pw := io.Pipe()
	p := &pump{r: pr, stop: make(chan struct{}), res: make(chan readResult, 1), buf: make([]byte, 4)}
	go pw.Write([]byte("abcdef"))
	var got []byte
	buf := make([]byte, 3)
	for len(got) < 6 {
		n, err := p.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, buf[:n]...)
	}
	if string(got) != "abcdef" {
		t.Fatalf("got %q", got)
	}
	done := make(chan error, 1)
	go func() {
		_, err := p.Read(buf)
		done <- err
	}()
	p.halt()
	select {
	case err := <-done:
		if err != ErrStopped {
			t.Errorf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("halt did not end a Read that waits")
	}
	pw.Close()
}

// TestRunStopsPipe: a Filter reading a pipe that stays open ends when its
// context is cancelled, and hands over everything it read, the last
// unterminated line included (issue 9, defect 2).
func TestRunStopsPipe(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer pw.Close()
	src, release := Open("-", pr)
	defer release()
	var lines []string
	k := sinkFunc(func(p []byte) { lines = append(lines, string(p)) })
	f := filter.New(filter.Config{Sink: k})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx, src) }()
	pw.Write([]byte("one 871300\ntwo\nthree, not ended"))
	deadline := time.Now().Add(5 * time.Second)
	for f.Counts().Snapshot().Lines < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the lines were not read")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not end when its context was cancelled")
	}
	if s := f.Counts().Snapshot(); s.Lines != 3 || s.Total() != 1 {
		t.Errorf("%d lines, %d codes; want 3 and 1", s.Lines, s.Total())
	}
	var all string
	for _, l := range lines {
		all += l
	}
	if all != "two\nthree, not ended" {
		t.Errorf("passed %q", all)
	}
}

// sinkFunc is a Sink that gives every untouched span to fn.
type sinkFunc func(p []byte)

func (sinkFunc) Begin(*filter.Source) error               { return nil }
func (s sinkFunc) Pass(_ *filter.Source, p []byte) error  { s(p); return nil }
func (sinkFunc) Chunk(*filter.Source, []byte, bool) error { return nil }
func (sinkFunc) Line(*filter.Line) error                  { return nil }
func (sinkFunc) End(*filter.Source) error                 { return nil }
func (sinkFunc) Flush(release func(error)) error          { release(nil); return nil }

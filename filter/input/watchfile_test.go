package input

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// waitCalls waits until n reports calls, or fails after a deadline.
func waitCalls(t *testing.T, n *atomic.Int32, want int32, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for n.Load() < want {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d calls within 10s, want %d", what, n.Load(), want)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestWatch: Watch reports a write, a replacement by rename, a removal and
// a re-creation, once each, and nothing after stop.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "codes.md")
	if err := os.WriteFile(path, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	var hub Hub
	var calls atomic.Int32
	stop := hub.Watch(path, func() { calls.Add(1) })
	step := func(what string, change func()) {
		t.Helper()
		before := calls.Load()
		change()
		waitCalls(t, &calls, before+1, what)
		// Once: nothing more within three settle times.
		time.Sleep(3 * WatchSettle)
		if n := calls.Load(); n != before+1 {
			t.Fatalf("%s: %d calls, want 1", what, n-before)
		}
	}
	step("write", func() { os.WriteFile(path, []byte("two, longer"), 0o644) })
	step("rename over", func() {
		tmp := filepath.Join(dir, "codes.md.tmp")
		os.WriteFile(tmp, []byte("three"), 0o644)
		os.Rename(tmp, path)
	})
	step("remove", func() { os.Remove(path) })
	step("create", func() { os.WriteFile(path, []byte("four"), 0o644) })
	// Writes in quick succession (here back to back, so that a loaded
	// machine cannot spread them over more than WatchSettle) are one change,
	// reported when they stop.
	step("burst", func() {
		for i := range 5 {
			os.WriteFile(path, []byte(string(rune('a'+i))+"-burst-"+string(rune('a'+i))), 0o644)
		}
	})
	stop()
	n := calls.Load()
	os.WriteFile(path, []byte("after stop, something else"), 0o644)
	time.Sleep(2*WatchSettle + SafetyTick)
	if calls.Load() != n {
		t.Error("a call after stop")
	}
}

// TestWatchStopWaits: stop returns only after a call under way has ended.
func TestWatchStopWaits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.tsv")
	var hub Hub
	started, release := make(chan struct{}), make(chan struct{})
	var ended atomic.Bool
	stop := hub.Watch(path, func() {
		close(started)
		<-release
		ended.Store(true)
	})
	os.WriteFile(path, []byte("x"), 0o644) // the file appears: a change
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("no call within 10s")
	}
	done := make(chan struct{})
	go func() { stop(); close(done) }()
	select {
	case <-done:
		t.Fatal("stop returned while a call was under way")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("stop did not return")
	}
	if !ended.Load() {
		t.Error("stop returned before the call ended")
	}
}

// TestWatchBesideFollower: a watched file and a followed file share a hub;
// closing one leaves the other working.
func TestWatchBesideFollower(t *testing.T) {
	dir := t.TempDir()
	log, tab := filepath.Join(dir, "app.log"), filepath.Join(dir, "t.tsv")
	os.WriteFile(log, nil, 0o644)
	os.WriteFile(tab, []byte("1"), 0o644)
	var hub Hub
	var calls atomic.Int32
	stop := hub.Watch(tab, func() { calls.Add(1) })
	f := hub.Follow(log, FollowOptions{})
	os.WriteFile(tab, []byte("22"), 0o644)
	waitCalls(t, &calls, 1, "table change while following")
	stop()
	watchAppend(t, log, "line\n")
	buf := make([]byte, 64)
	n, err := watchRead(f, buf, 10*time.Second)
	if err != nil || string(buf[:n]) != "line\n" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	f.Close()
}

func watchAppend(t *testing.T, path, s string) {
	t.Helper()
	fh, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if _, err := fh.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// watchRead reads from f, failing with an error after d.
func watchRead(f *Follower, p []byte, d time.Duration) (int, error) {
	type res struct {
		n   int
		err error
	}
	c := make(chan res, 1)
	go func() { n, err := f.Read(p); c <- res{n, err} }()
	select {
	case r := <-c:
		return r.n, r.err
	case <-time.After(d):
		f.Close()
		return 0, os.ErrDeadlineExceeded
	}
}

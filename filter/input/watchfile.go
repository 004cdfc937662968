package input

import (
	"os"
	"path/filepath"
	"time"
)

// WatchSettle is how long a watched file must stay unchanged after a
// change before Watch reports it, so that a file written in several steps
// (truncated, then written) is reported once, when it is whole.
const WatchSettle = 100 * time.Millisecond

// Watch calls changed, on a goroutine of its own, each time the file at
// path has changed and then stayed unchanged for WatchSettle: its size or
// modification time, or which file has the name (replaced by a rename,
// removed, created). Symbolic links are followed. It is woken as Followers
// are, by inotify events and the safety tick (SafetyTick, or PollTick
// without inotify), so a change is seen within a tick at worst, and
// changes that restore a file's size and modification time exactly are
// not seen. A missing file is watched for; its removal is a change.
//
// changed is never called twice at once, nor after stop returns; stop
// ends the watch and waits for a call of changed that is under way.
func (h *Hub) Watch(path string, changed func()) (stop func()) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = filepath.Clean(path)
	}
	// A Follower that is never read: the hub wakes it like the others.
	// With its queue closed, a create event opens and closes the file at
	// once (see created), and nothing is kept.
	f := &Follower{path: path, abs: abs, hub: h, kick: make(chan struct{}, 1), done: make(chan struct{}), qclosed: true}
	last := statFile(abs)
	h.subscribe(f)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		for {
			select {
			case <-f.kick:
			case <-f.done:
				return
			}
			cur := statFile(abs)
			if cur.same(last) {
				continue
			}
			for settled := false; !settled; {
				select {
				case <-time.After(WatchSettle):
				case <-f.done:
					return
				}
				next := statFile(abs)
				settled = next.same(cur)
				cur = next
			}
			last = cur
			changed()
		}
	}()
	return func() {
		f.Close()
		<-ended
	}
}

// fileState is what Watch compares: the file's identity, size and
// modification time, or nothing when it cannot be looked at.
type fileState struct{ fi os.FileInfo }

func statFile(path string) fileState {
	fi, err := os.Stat(path)
	if err != nil {
		return fileState{}
	}
	return fileState{fi}
}

func (a fileState) same(b fileState) bool {
	if a.fi == nil || b.fi == nil {
		return a.fi == nil && b.fi == nil
	}
	return os.SameFile(a.fi, b.fi) && a.fi.Size() == b.fi.Size() && a.fi.ModTime().Equal(b.fi.ModTime())
}

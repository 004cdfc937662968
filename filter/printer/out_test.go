package printer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// outDest is a destination of Out for the tests: where it writes, and how
// to get back what it wrote once Out is closed.
type outDest struct {
	name string
	open func(t *testing.T) (io.Writer, func() []byte)
}

var outDests = []outDest{
	{"buffer", func(t *testing.T) (io.Writer, func() []byte) {
		var b bytes.Buffer
		return &b, b.Bytes
	}},
	{"file", func(t *testing.T) (io.Writer, func() []byte) {
		name := filepath.Join(t.TempDir(), "out")
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		return f, func() []byte {
			f.Close()
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}},
	// A pipe read a little at a time: writev(2) on it writes part of a
	// batch, or returns EAGAIN (os.Pipe is non-blocking) until the reader
	// makes room.
	{"pipe", func(t *testing.T) (io.Writer, func() []byte) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan []byte)
		go func() {
			var got []byte
			buf := make([]byte, 1000)
			for {
				n, err := r.Read(buf)
				got = append(got, buf[:n]...)
				if err != nil {
					break
				}
			}
			r.Close()
			done <- got
		}()
		return w, func() []byte {
			w.Close()
			return <-done
		}
	}},
}

// TestOutWritesEverything writes random sequences of pieces (copies, and
// references to blocks that are overwritten once released, as the
// Filter's read buffers are) and checks that the destination gets exactly
// their concatenation, and that every release comes once, in order,
// without an error.
func TestOutWritesEverything(t *testing.T) {
	for _, d := range outDests {
		for seed := int64(1); seed <= 6; seed++ {
			t.Run(fmt.Sprintf("%s/%d", d.name, seed), func(t *testing.T) {
				r := rand.New(rand.NewSource(seed))
				w, result := d.open(t)
				o := NewOut(w)
				want, released := writeRandom(o, r)
				if err := o.Close(); err != nil {
					t.Fatal(err)
				}
				got := result()
				if !bytes.Equal(got, want) {
					t.Fatalf("wrote %d bytes, want %d; first difference at %d", len(got), len(want), firstDiff(got, want))
				}
				for i, err := range released {
					if err != nil {
						t.Errorf("release %d: %v", i, err)
					}
				}
			})
		}
	}
}

// writeRandom writes random pieces to o, flushing after each block, and
// returns what o must have written and the errors its releases were
// called with, in the order of the Flush calls.
func writeRandom(o *Out, r *rand.Rand) (want []byte, released []error) {
	blocks := [][]byte{make([]byte, 64<<10), make([]byte, 64<<10)}
	var dones []chan struct{}
	released = make([]error, 40)
	for blk := 0; blk < 40; blk++ {
		if blk >= 2 {
			<-dones[blk-2] // the block is released: it may be overwritten
		}
		block := blocks[blk%2]
		r.Read(block)
		at := 0
		for at < len(block) {
			switch k := r.Intn(10); {
			case k < 4: // a reference to the next span of the block
				n := min(len(block)-at, refSize(r))
				o.Ref(block[at : at+n])
				want = append(want, block[at:at+n]...)
				at += n
			case k < 5: // a reference to a span further on: not joined to the last
				at = min(len(block), at+r.Intn(100))
			case k < 8: // a copy
				p := make([]byte, r.Intn(600))
				r.Read(p)
				o.Write(p)
				want = append(want, p...)
				clear(p) // Write copied it
			default:
				s := string(rune('a' + r.Intn(26)))
				o.WriteString(s)
				want = append(want, s...)
			}
		}
		done := make(chan struct{})
		dones = append(dones, done)
		released[blk] = errors.New("not released")
		o.Flush(func(err error) {
			released[blk] = err
			close(done)
		})
		if blk%3 == 2 {
			o.Wait() // now and then, Out is idle when the next block comes
		}
	}
	return want, released
}

// refSize is the length of a random reference: often one a byte copied
// rather than referenced (below refMin), sometimes a large one.
func refSize(r *rand.Rand) int {
	if r.Intn(4) == 0 {
		return 1 + r.Intn(3*refMin)
	}
	return 1 + r.Intn(20000)
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestOutManyPieces flushes more references than one writev(2) takes
// (iovMax), each a separate piece, to a pipe.
func TestOutManyPieces(t *testing.T) {
	w, result := outDests[2].open(t)
	o := NewOut(w)
	block := make([]byte, 3*iovMax*(refMin+1))
	for i := range block {
		block[i] = byte(i % 251)
	}
	var want []byte
	for i := 0; i+refMin <= len(block); i += refMin + 1 {
		o.Ref(block[i : i+refMin]) // one byte left out: not joined
		want = append(want, block[i:i+refMin]...)
	}
	if n := len(o.cur.vec); n < 2*iovMax {
		t.Fatalf("%d pieces, want more than %d", n, 2*iovMax)
	}
	o.Flush(nil)
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if got := result(); !bytes.Equal(got, want) {
		t.Fatalf("wrote %d bytes, want %d; first difference at %d", len(got), len(want), firstDiff(got, want))
	}
}

// TestOutJoins checks which pieces a batch holds: consecutive copies are
// one piece of the arena, consecutive spans of one buffer are one piece,
// and nothing else is joined.
func TestOutJoins(t *testing.T) {
	buf := bytes.Repeat([]byte("r"), 4*refMin)
	tests := []struct {
		name   string
		write  func(o *Out)
		pieces []string
	}{
		{"copies", func(o *Out) {
			for range 1000 {
				o.WriteString("ab")
				o.Write([]byte("c\n"))
			}
		}, []string{string(bytes.Repeat([]byte("abc\n"), 1000))}},
		{"short refs are copies", func(o *Out) {
			o.Write([]byte("x"))
			o.Ref([]byte("y"))
			o.WriteString("z")
		}, []string{"xyz"}},
		{"spans of one buffer", func(o *Out) {
			o.Ref(buf[:refMin])
			o.Ref(buf[refMin : 3*refMin])
		}, []string{string(buf[:3*refMin])}},
		{"a gap between spans", func(o *Out) {
			o.Ref(buf[:refMin])
			o.Ref(buf[refMin+1 : 2*refMin+1])
		}, []string{string(buf[:refMin]), string(buf[:refMin])}},
		{"copies around a reference", func(o *Out) {
			o.WriteString("a")
			o.WriteString("b")
			o.Ref(buf[:refMin])
			o.WriteString("c")
			o.WriteString("d")
		}, []string{"ab", string(buf[:refMin]), "cd"}},
		{"a copy is not joined to a following reference", func(o *Out) {
			o.Ref(buf[:refMin])
			o.Write(buf[refMin : refMin+1])
			o.Ref(buf[refMin+1 : 2*refMin+1])
		}, []string{string(buf[:refMin]), "r", string(buf[:refMin])}},
		{"a copy larger than the first arena", func(o *Out) {
			o.WriteString("a")
			o.Write(bytes.Repeat([]byte("b"), arenaMin))
			o.WriteString("c")
		}, []string{"a", repeat(arenaMin, "b") + "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := NewOut(io.Discard)
			defer o.Close()
			tt.write(o)
			o.cur.seal()
			var got []string
			for _, p := range o.cur.vec {
				got = append(got, string(p))
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.pieces) {
				t.Errorf("pieces %q\nwant   %q", got, tt.pieces)
			}
			o.Flush(nil)
		})
	}
}

func repeat(n int, s string) string { return string(bytes.Repeat([]byte(s), n)) }

// TestOutArenaBounded: a long run of copies goes out in batches of at most
// arenaMax copied bytes, each a single piece.
func TestOutArenaBounded(t *testing.T) {
	var out bytes.Buffer
	o := NewOut(&out)
	line := []byte("11-25 18:35:01.127  8712  8724 W JMessage: request error (871305)\t[jmlog] 871305 x\n")
	sent := 0
	for range 20000 {
		n := len(o.cur.arena)
		o.Write(line)
		if len(o.cur.arena) < n {
			sent++
		}
		// One piece once: the arena of arenaMin bytes, before the next.
		if len(o.cur.vec) > 1 || len(o.cur.arena) > arenaMax {
			t.Fatalf("%d pieces, %d bytes copied", len(o.cur.vec), len(o.cur.arena))
		}
	}
	if want := 20000 * len(line) / arenaMax; sent < want {
		t.Errorf("%d batches went out, want at least %d", sent, want)
	}
	o.Flush(nil)
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 20000*len(line) {
		t.Errorf("wrote %d bytes, want %d", out.Len(), 20000*len(line))
	}
}

// TestOutGrabOverflow: appending more than grab was asked for moves the
// arena, which loses nothing: neither the open span, which moves with it,
// nor the pieces before it, which keep the old array.
func TestOutGrabOverflow(t *testing.T) {
	for _, d := range outDests {
		t.Run(d.name, func(t *testing.T) {
			w, result := d.open(t)
			o := NewOut(w)
			big := bytes.Repeat([]byte("0123456789"), arenaMax/4)
			var want []byte
			for i := range 6 {
				o.WriteString("open span ")
				a := o.grab(3)
				a = append(a, big[:(i+1)*arenaMax/3]...) // far more than 3
				o.put(a)
				o.Ref(big[:refMin])
				o.WriteString("after\n")
				want = append(want, "open span "...)
				want = append(want, big[:(i+1)*arenaMax/3]...)
				want = append(want, big[:refMin]...)
				want = append(want, "after\n"...)
				o.Flush(nil)
			}
			if err := o.Close(); err != nil {
				t.Fatal(err)
			}
			if got := result(); !bytes.Equal(got, want) {
				t.Fatalf("wrote %d bytes, want %d; first difference at %d", len(got), len(want), firstDiff(got, want))
			}
		})
	}
}

// TestOutBrokenPipe: writing to a pipe whose reader has gone fails with
// EPIPE, which sticks, and the releases get the error.
func TestOutBrokenPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	defer w.Close()
	o := NewOut(w)
	block := bytes.Repeat([]byte("x"), 4*refMin)
	var got error
	o.Ref(block)
	o.Flush(func(err error) { got = err })
	o.Wait()
	if !isEPIPE(got) || !isEPIPE(o.Err()) {
		t.Fatalf("release got %v, Err %v; want EPIPE", got, o.Err())
	}
	o.WriteString("more")
	if err := o.Flush(func(err error) { got = err }); !isEPIPE(err) {
		t.Errorf("Flush after the error: %v", err)
	}
	if err := o.Close(); !isEPIPE(err) || !isEPIPE(got) {
		t.Errorf("Close: %v, second release %v", err, got)
	}
}

// TestOutNoAllocs: once its arenas have grown, writing through Out to a
// file allocates nothing, however many pieces and batches.
func TestOutNoAllocs(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	o := NewOut(null)
	block := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	release := func(error) {}
	write := func() {
		for i := 0; i+1000 <= len(block); i += 1000 {
			o.Write(block[i : i+300])
			o.WriteString("\t[jmlog] 871300 Have not logged in.\n")
			o.Ref(block[i+100 : i+1000])
		}
		o.Flush(release)
		o.Wait()
	}
	for range batches {
		write()
	}
	if n := testing.AllocsPerRun(20, write); n != 0 {
		t.Errorf("%v allocations per block", n)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
}

func isEPIPE(err error) bool { return errors.Is(err, syscall.EPIPE) }

// gateWriter holds every Write until open is closed, and keeps what it
// was given.
type gateWriter struct {
	open chan struct{}
	mu   sync.Mutex
	got  []byte
}

func (g *gateWriter) Write(p []byte) (int, error) {
	<-g.open
	g.mu.Lock()
	defer g.mu.Unlock()
	g.got = append(g.got, p...)
	return len(p), nil
}

func (g *gateWriter) bytes() []byte {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]byte(nil), g.got...)
}

// TestOutWhereWritten: a batch that is mostly references goes to the
// writer goroutine, and Flush returns while it is being written; one that
// is mostly copies is written by Flush itself, after the batches before
// it, so that it is all written, in order, when Flush returns.
func TestOutWhereWritten(t *testing.T) {
	g := &gateWriter{open: make(chan struct{})}
	o := NewOut(g)
	block := bytes.Repeat([]byte("r"), 4*refMin)
	o.WriteString("c")
	o.Ref(block)
	flushed := make(chan error, 1)
	go func() { flushed <- o.Flush(nil) }()
	flushReturns(t, flushed, "Flush of a batch of references waited for the writer")
	if got := g.bytes(); len(got) != 0 {
		t.Fatalf("wrote %q before the gate opened", got)
	}
	copies := bytes.Repeat([]byte("c"), 2*refMin)
	o.Write(copies)
	go func() { flushed <- o.Flush(nil) }()
	close(g.open)
	flushReturns(t, flushed, "Flush of a batch of copies did not return")
	want := append(append([]byte("c"), block...), copies...)
	if got := g.bytes(); !bytes.Equal(got, want) {
		t.Fatalf("when Flush returned: %d bytes written, want %d (first difference at %d)", len(got), len(want), firstDiff(got, want))
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestOutEndSource: after EndSource, a batch of references is written by
// Flush itself, as a batch of copies is: Flush does not return before it
// is written, and then everything is; the batch after it goes to the
// writer again.
func TestOutEndSource(t *testing.T) {
	g := &gateWriter{open: make(chan struct{})}
	o := NewOut(g)
	block := bytes.Repeat([]byte("r"), 4*refMin)
	o.WriteString("c")
	o.Ref(block)
	o.EndSource()
	flushed := make(chan error, 1)
	go func() { flushed <- o.Flush(nil) }()
	select {
	case <-flushed:
		t.Fatal("Flush returned before the source's end was written")
	case <-time.After(200 * time.Millisecond):
	}
	close(g.open)
	flushReturns(t, flushed, "Flush did not return once the writer could write")
	want := append([]byte("c"), block...)
	if got := g.bytes(); !bytes.Equal(got, want) {
		t.Fatalf("when Flush returned: %d bytes written, want %d", len(got), len(want))
	}
	if o.ending {
		t.Fatal("EndSource still holds after the Flush it was for")
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
}

// flushReturns waits, with a deadline, for the result of a Flush on
// flushed, and fails with msg if none comes.
func flushReturns(t *testing.T, flushed <-chan error, msg string) {
	t.Helper()
	select {
	case err := <-flushed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal(msg)
	}
}

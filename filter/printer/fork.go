package printer

import "github.com/jmlog/jmlog/filter"

// Rendering ahead (filter.Forker): the JSON-lines printer's record of a
// line depends on the line and its codes alone, but for a logcat -v long
// entry, which gathers the lines after its header, a line longer than the
// buffer, and printed context. So a Fork of it renders windows of lines
// with a JSONLines of its own, which writes to memory; a window that leaves
// it inside an entry is dropped (Cut), and the Filter makes its calls
// itself; and Splice takes a Fork's records only where this printer is in
// none of those states. -o json on the 200 MB logcat corpus spent 72% of
// its CPU formatting, on the Filter's goroutine alone: the helper now
// formats the windows it claims.
//
// What the Forks of a Sink render takes at most forkArenas arenas of
// arenaMax bytes (arenaPool), which they give back once the Sink has
// written it (Fork.Reset): the helper stops rendering when they are all in
// use. The helper renders about half of each block, 1.3 MB of records of
// a 1 MiB block of logcat, and what it rendered stays until the block is
// written, a block or two later: with 16 arenas -o json took 2.86 times
// as long as cat, with 32 2.31, with 64 2.07 and without a bound 2.15
// (7 alternating runs each; stop 22's build 2.91). 64 arenas are 8 MiB.
//
// The text printer has no Fork. With one, jmlog F | cat on the 200 MB
// corpus with a code on every line took 0.65 of the time (2.23 times cat
// of the input against 3.44), but its peak RSS went from 19.7 MiB to 27
// MiB with 64 arenas (21.1 MiB with 8, which gave nothing): issue 15 bounds
// it at 20 MiB.

// forkArenas is the most arenas the Forks of one Sink hold.
const forkArenas = 64

// Fork returns a Fork of j, or nil with Matched, whose context depends on
// the records before.
func (j *JSONLines) Fork() filter.Fork {
	if j.opt.Matched {
		return nil
	}
	return &jsonFork{j: NewJSONLines(newMemOut(j.pool), JSONOptions{Field: j.opt.Field})}
}

// Splice adds the records of a Fork, by reference, unless j is inside a
// -v long entry or a long line, or just after an entry, where a Fork would
// not have started.
func (j *JSONLines) Splice(src *filter.Source, out [][]byte) (bool, error) {
	j.grab(0)
	j.context(src)
	j.put()
	if j.opt.Matched || j.long || j.afterLong || j.chunked {
		return false, nil
	}
	for _, p := range out {
		j.out.Ref(p)
	}
	return true, j.out.Err()
}

// jsonFork is a Fork of a JSONLines.
type jsonFork struct {
	j *JSONLines
}

func (f *jsonFork) Pass(src *filter.Source, p []byte) error { return f.j.Pass(src, p) }
func (f *jsonFork) Line(l *filter.Line) error               { return f.j.Line(l) }
func (f *jsonFork) Full() bool                              { return f.j.out.pool.empty() }

func (f *jsonFork) Cut(dst [][]byte) ([][]byte, bool) {
	j := f.j
	dst = j.out.cut(dst)
	if j.long || j.afterLong || j.chunked || j.out.over {
		j.long, j.afterLong, j.chunked = false, false, false
		return dst, false
	}
	return dst, true
}

func (f *jsonFork) Reset() {
	f.j.out.reset()
	f.j.long, f.j.afterLong, f.j.chunked = false, false, false
	clear(f.j.ctxs)
	f.j.src, f.j.ctx = nil, nil
}

var _ filter.Forker = (*JSONLines)(nil)

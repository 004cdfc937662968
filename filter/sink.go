package filter

import (
	"io"
	"time"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/parse"
)

// Source is one input: the name the user gave it and its bytes. Following
// and rotation live in the Reader, so the Filter only ever sees bytes.
type Source struct {
	// Name is the path as given, or "-" for standard input.
	Name string
	R    io.Reader
	// Stop, when set, makes a Read of R that waits for input return at
	// once, and every later Read too; it may be called from any goroutine,
	// more than once. The Filter calls it when it stops early (its context
	// is cancelled, or the Sink failed), then waits for the Read in
	// progress to return. A Source without Stop must not block for long
	// in Read: a regular file, or a reader over memory.
	Stop func()
	// ModTime is when the input was last written: a file's modification
	// time. Timestamps without a year (logcat's, syslog's) take it from
	// ModTime (see logtime.Ref). Zero means the time of reading
	// (Config.Now), renewed with every block: standard input and followed
	// files, whose lines are being written now.
	ModTime time.Time
	// Regular says that R reads a regular file as it is stored: its
	// bytes are all there, so a Read never waits for a writer. Run
	// then shares each block's finding (and with a Discard Sink, its
	// counting) with a helper goroutine, window by window (finding ahead,
	// ahead.go), so that a second core shares the work. Leave it unset for pipes,
	// terminals and decompressed input, whose reader needs its core.
	Regular bool
	// Size is how many bytes a Regular source had left to read when it
	// was opened, or 0 if not known. One that fits in one read buffer is
	// read by Run itself, with no reader goroutine (Filter.readsInline).
	Size int64
}

// Label is the name shown to people: the path, or "(standard input)".
func (s *Source) Label() string {
	if s == nil || s.Name == "-" || s.Name == "" {
		return "(standard input)"
	}
	return s.Name
}

// Note is one code of a line, as it is annotated.
type Note struct {
	Code uint32
	// Count is how many times the code occurs in the line.
	Count int
	// Entry is the code's table row; nil for an unknown code.
	Entry *codes.Entry
}

// MaxNotes is the largest number of distinct codes annotated on one line.
// Further codes are still counted, and the annotation says how many
// occurrences it left out, so that the annotation of a line is bounded
// whatever the line holds.
const MaxNotes = 16

// Line is a line that carries at least one code.
type Line struct {
	Source *Source
	// Num is the 1-based number of the line in its source.
	Num int64
	// Text is the line without its terminator. When Continued is set it is
	// only the last part of the line; the earlier parts went to Sink.Chunk.
	Text []byte
	// Term is the line's terminator as read: "\n", "\r\n", or empty for a
	// last line without one.
	Term []byte
	// Notes are the line's distinct codes in order of first appearance, at
	// most MaxNotes of them.
	Notes []Note
	// Omitted counts the occurrences of codes beyond the first MaxNotes
	// distinct ones.
	Omitted int
	// Continued is set when the line was longer than the Filter's buffer
	// and its earlier bytes went to Sink.Chunk. (When Follow broke the
	// line, the part before the break ends with a Line whose Term is "\n"
	// and whose Text is empty, and the rest comes with Continued unset:
	// see Filter.Follow.)
	Continued bool

	json     [2]int // JSON's answer, once jsonDone
	jsonDone bool
}

// JSON returns the span of Text that holds a JSON object, as
// parse.JSONObject finds it, or -1, -1; always -1, -1 when Continued is
// set. Sinks that keep JSON valid insert their annotation at end-1, before
// the object's closing brace. It is worked out on the first call, so that
// a Sink that never asks (-c) does not pay for it: on the 200 MB corpus
// with a code on every line, checking every line took about 5% of
// jmlog -c's time.
func (l *Line) JSON() (start, end int) {
	if !l.jsonDone {
		l.jsonDone, l.json = true, [2]int{-1, -1}
		if !l.Continued {
			if s, e, ok := parse.JSONObject(l.Text); ok {
				l.json = [2]int{s, e}
			}
		}
	}
	return l.json[0], l.json[1]
}

// Sink receives the Filter's output. It is the printer: it never reads
// input and never knows where bytes came from beyond their Source.
//
// The Filter calls Begin once per source, then any number of Pass, Chunk
// and Line calls in input order, then End; and Flush after every block,
// which is whenever the input has nothing more ready or a buffer is full.
// Follow interleaves the calls of several sources between lines (never
// within one), and may end a line that the input has not ended yet with a
// '\n' (a Pass of "\n", or a Line with Term "\n"); see Filter.Follow.
//
// Every byte slice given to a Sink (p, and Line's Text and Term) stays
// valid and unchanged until the Sink calls the release function of the next
// Flush, and no longer: a Sink may keep references to them until then
// instead of copying, which is how the text printer writes untouched spans
// without copying them, on another goroutine. The *Line itself is only
// valid during the call.
//
// An error from Begin, Pass, Chunk, Line or End stops the Filter, which
// returns it. End is not called after an error; Flush is called once more,
// so that the Sink hands back the slices it holds: it must release them
// without writing anything more.
type Sink interface {
	// Begin is called before the first bytes of src.
	Begin(src *Source) error
	// Pass is given bytes of src that carry no code: whole lines with their
	// terminators, possibly ending with the tail of a line whose start went
	// to Chunk, possibly ending with a last line without a terminator.
	Pass(src *Source, p []byte) error
	// Chunk is given part of a line longer than the Filter's buffer, before
	// the line's end is known. seen is set when codes were found in the line
	// so far.
	Chunk(src *Source, p []byte, seen bool) error
	// Line is given a line that carries codes.
	Line(l *Line) error
	// End is called after the last bytes of src.
	End(src *Source) error
	// Flush writes out what the Sink has buffered, or hands it to a writer
	// that does so without delay. The Sink calls release exactly once,
	// from any goroutine, when it no longer needs the slices it was given
	// since the last Flush, with the first error of writing so far (nil
	// when everything flushed until then was written); it may call it
	// before Flush returns. Flush returns the first error of writing known
	// when it returns.
	Flush(release func(error)) error
}

// Discard is a Sink that writes nothing, for -c/--count.
type Discard struct{}

func (Discard) Begin(*Source) error               { return nil }
func (Discard) Pass(*Source, []byte) error        { return nil }
func (Discard) Chunk(*Source, []byte, bool) error { return nil }
func (Discard) Line(*Line) error                  { return nil }
func (Discard) End(*Source) error                 { return nil }
func (Discard) Flush(release func(error)) error   { release(nil); return nil }

// A Forker is a Sink whose output for lines can be made ahead, on another
// goroutine (rendering ahead, see ahead.go): for a regular file, Run's
// helper hands the windows of lines it claims to a Fork, which renders into
// memory what the Sink would write for them, and the Filter gives that to
// the Sink with Splice in place of the Pass and Line calls it would have
// made. The Sink's output is the same to the byte.
type Forker interface {
	Sink
	// Fork returns a new Fork of the Sink, or nil when its output for a
	// line depends on more than the line, its codes and the lines of the
	// same window (printed context, line numbers). It may be called from
	// any goroutine.
	Fork() Fork
	// Splice adds out, what a Fork rendered for lines of src (Fork.Cut),
	// as if the Pass and Line calls that the Fork was given had been made
	// here, and reports true. It adds nothing and reports false when the
	// Sink is not in the state a Fork starts in (in a logcat -v long
	// entry, say): the Filter then makes the calls itself. The slices of
	// out stay valid until the release of the next Flush, like Pass's p.
	Splice(src *Source, out [][]byte) (bool, error)
}

// A Fork renders what its Sink would write, for the Pass and Line calls it
// is given, starting in the state of a Sink that has just begun a source.
// It is given whole lines only, and Lines whose Num is 0 (their numbers are
// not known ahead) and whose Continued is unset. It is used by one
// goroutine at a time.
type Fork interface {
	Pass(src *Source, p []byte) error
	Line(l *Line) error
	// Cut appends to dst what was rendered since the last Cut, as slices
	// that stay valid and unchanged until Reset, and reports whether the
	// Fork is back in the state it started in, so that what follows is
	// rendered right. If not, the caller must drop what Cut returned, and
	// the Fork is set back to that state.
	Cut(dst [][]byte) ([][]byte, bool)
	// Full reports whether the Forks of the Sink hold all the memory they
	// may: what is rendered now is likely to be dropped (Cut).
	Full() bool
	// Reset drops everything rendered, so that its memory is reused. It
	// may be called from any goroutine while the Fork is not in use, once
	// the slices Cut returned are no longer needed.
	Reset()
}

package printer

import (
	"bytes"
	"strconv"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// Marker starts the annotation that the text printer appends to a line that
// carries codes. It begins with a TAB, and annotations never contain a TAB
// (control characters in table text are replaced by spaces), so the last
// Marker in an output line starts jmlog's annotation; removing it through
// the end of the line's content gives back the input line.
const Marker = "\t[jmlog] "

// ColorMarker is how Marker looks with colour (TextOptions.Color).
const ColorMarker = "\t" + sgrMarker + "[jmlog]" + sgrReset + " "

// TextOptions configure the text printer.
type TextOptions struct {
	// Matched prints only the lines that carry codes.
	Matched bool
	// Color wraps the annotation's parts in ANSI SGR sequences.
	Color bool
	// Prefix prints each line's source name and ':' first, as grep -H does.
	Prefix bool
	// JSONField names the member added to JSON objects; "" means
	// DefaultJSONField.
	JSONField string
	// Context is the context printed around the lines with codes with
	// Matched. With Matched, a line of a logcat -v long entry whose
	// header is not printed just before it (a group that starts inside
	// the entry) is preceded by the header, found up to 64 lines back.
	Context Context
}

// Text is the text printer: it writes every input byte unchanged and
// appends an annotation to each line that carries codes, just before the
// line's terminator.
//
// The annotation is Marker followed by one note per distinct code of the
// line, in order of first appearance, joined by " | ":
//
//	CODE[ xCOUNT] MESSAGE (INSTRUCTION)
//	CODE[ xCOUNT] unknown code (not in the code table)
//
// " xCOUNT" appears when the code occurs more than once in the line. After
// MaxNotes distinct codes the rest are summed up as "+N more".
//
// A line that holds a JSON object (Line.JSON) is annotated inside the
// object instead, so that it stays JSON: one member is inserted just
// before the object's closing brace (see jsonNotes), never coloured, and
// every other byte of the line is kept.
type Text struct {
	out  *Out
	opt  TextOptions
	tail noteCache // " MESSAGE (INSTRUCTION)" per code, as printed
	near *[1 << nearBits]nearTail
	num  []byte
	json *jsonNotes

	bol       bool // the next byte starts a line (for Prefix)
	labelOf   *filter.Source
	labelText string // labelOf's prefix (see label)
	dropped   int64  // bytes of the current long line not printed (Matched)
	open      bool   // the current long line is being printed (Matched)
	printed   bool   // a line has been printed (Matched): a separator may follow
	midLine   bool   // the last line printed had no terminator (the end of an input)
	ctxs      map[*filter.Source]*textContext
	ctx       *textContext // ctxs[ctxSrc]
	ctxSrc    *filter.Source
}

// NewText returns a text printer writing to out.
func NewText(out *Out, opt TextOptions) *Text {
	return &Text{out: out, opt: opt, tail: noteCache{}, near: new([1 << nearBits]nearTail), bol: true, json: newJSONNotes(opt.JSONField),
		ctxs: make(map[*filter.Source]*textContext)}
}

// Begin starts a source. Context does not carry over from one source to
// another: each has its own, and a separator comes before the first group
// of the next.
func (t *Text) Begin(src *filter.Source) error {
	t.bol, t.dropped, t.open = true, 0, false
	delete(t.ctxs, src)
	t.ctxSrc = nil
	t.context(src).gap = true
	return nil
}

func (t *Text) End(src *filter.Source) error {
	delete(t.ctxs, src)
	t.ctxSrc = nil
	t.out.EndSource()
	return t.out.Err()
}

func (t *Text) Flush(release func(error)) error {
	return t.out.Flush(release)
}

func (t *Text) Pass(src *filter.Source, p []byte) error {
	if t.opt.Matched {
		return t.passMatched(src, p)
	}
	return t.write(src, p)
}

// write writes input bytes p: by reference, with the source name before
// every line when Prefix is set.
func (t *Text) write(src *filter.Source, p []byte) error {
	for len(p) > 0 && t.opt.Prefix {
		if t.bol {
			t.out.WriteString(t.label(src))
			t.out.Write(colon)
		}
		i := len(p)
		if nl := bytes.IndexByte(p, '\n'); nl >= 0 {
			i = nl + 1
		}
		t.out.Ref(p[:i])
		t.bol = p[i-1] == '\n'
		p = p[i:]
	}
	t.out.Ref(p)
	return t.out.Err()
}

var colon = []byte(":")

func (t *Text) Chunk(src *filter.Source, p []byte, seen bool) error {
	if t.opt.Matched {
		return t.chunkMatched(src, p, seen)
	}
	return t.write(src, p)
}

func (t *Text) Line(l *filter.Line) error {
	if t.opt.Matched {
		t.lineMatched(l)
	}
	if t.opt.Prefix && t.bol {
		t.out.WriteString(t.label(l.Source))
		t.out.Write(colon)
	}
	if start, end := l.JSON(); start >= 0 {
		end--
		t.out.Ref(l.Text[:end])
		t.num = t.json.appendInsert(t.num[:0], l.Text[start+1:end], l.Notes, l.Omitted)
		t.out.Write(t.num)
		t.out.Ref(l.Text[end:])
		t.out.Write(l.Term)
	} else {
		// The annotation and the terminator are appended to Out's arena
		// in place, after the line when it is copied: when every line
		// has a code, the cost of each call to Out counts.
		k := t.annotationSize(l) + len(l.Term)
		var a []byte
		if len(l.Text) < refMin {
			a = append(t.out.grab(len(l.Text)+k), l.Text...)
		} else {
			t.out.Ref(l.Text)
			a = t.out.grab(k)
		}
		a = t.appendAnnotation(a, l)
		t.out.put(append(a, l.Term...))
	}
	t.bol = true
	t.dropped = 0
	return t.out.Err()
}

const (
	sgrReset   = "\x1b[0m"
	sgrMarker  = "\x1b[2m"
	sgrCode    = "\x1b[1;31m"
	sgrUnknown = "\x1b[1;33m"
	sgrDim     = "\x1b[2m"
)

// annotationSize is at least the length of the annotation of l.
func (t *Text) annotationSize(l *filter.Line) int {
	k := len("\x18"+ColorMarker) + len(" | +") + 20 + len(" more") + len(" | ") + 20 +
		len(" bytes of this line before its first code not shown")
	for _, n := range l.Notes {
		k += len(t.note(n).b) + len(" | ") + len(sgrCode) + len(" x") + 20 + len(sgrReset)
	}
	return k
}

// appendAnnotation appends the annotation of l to dst: at most
// annotationSize(l) bytes.
func (t *Text) appendAnnotation(dst []byte, l *filter.Line) []byte {
	if t.opt.Color {
		if openEscape(l.Text) {
			// The line ends inside an escape sequence. CAN ends it, so
			// that the terminal neither swallows the annotation nor
			// reads our colours as part of the input's sequence.
			dst = append(dst, "\x18"...)
		}
		dst = append(dst, ColorMarker...)
	} else {
		dst = append(dst, Marker...)
	}
	for i, n := range l.Notes {
		if i > 0 {
			dst = append(dst, " | "...)
		}
		if t.opt.Color {
			if n.Entry != nil {
				dst = append(dst, sgrCode...)
			} else {
				dst = append(dst, sgrUnknown...)
			}
		}
		s := t.note(n)
		if n.Count == 1 && !t.opt.Color {
			dst = append(dst, s.b...)
			continue
		}
		dst = append(dst, s.b[:s.digits]...)
		if n.Count > 1 {
			dst = append(dst, " x"...)
			dst = strconv.AppendInt(dst, int64(n.Count), 10)
		}
		if t.opt.Color {
			dst = append(dst, sgrReset...)
		}
		dst = append(dst, s.b[s.digits:]...)
	}
	if l.Omitted > 0 {
		dst = append(dst, " | +"...)
		dst = strconv.AppendInt(dst, int64(l.Omitted), 10)
		dst = append(dst, " more"...)
	}
	if t.dropped > 0 {
		dst = append(dst, " | "...)
		dst = strconv.AppendInt(dst, t.dropped, 10)
		dst = append(dst, " bytes of this line before its first code not shown"...)
	}
	return dst
}

// nearTail is a slot of Text.near, which keeps recent codes' notes in
// front of the map, as printed: the code's digits, then its tail. When
// every line carries a code, formatting the code and looking it up in the
// map were a third of the printer's time.
type nearTail struct {
	code   uint32
	entry  *codes.Entry
	b      []byte // digits and tail; nil for an empty slot
	digits int
}

const nearBits = 8

// note returns n's slot of near, filled for n.
func (t *Text) note(n filter.Note) *nearTail {
	s := &t.near[(n.Code*0x9e3779b1)>>(32-nearBits)]
	if s.b == nil || s.code != n.Code || s.entry != n.Entry {
		b := strconv.AppendUint(s.b[:0], uint64(n.Code), 10)
		digits := len(b)
		s.code, s.entry, s.b, s.digits = n.Code, n.Entry, append(b, t.noteTail(n)...), digits
	}
	return s
}

// noteTail returns " MESSAGE (INSTRUCTION)" for n, rendered once per code.
func (t *Text) noteTail(n filter.Note) []byte {
	if b, ok := t.tail.get(n); ok {
		return b
	}
	var b []byte
	switch {
	case n.Entry == nil:
		b = append(b, " unknown code (not in the code table)"...)
	default:
		msg, ins := sanitize.Text(n.Entry.Message), sanitize.Text(n.Entry.Instruction)
		if msg == "" {
			msg = "(no message)"
		}
		b = append(b, ' ')
		b = append(b, msg...)
		if ins != "" {
			b = append(b, ' ')
			if t.opt.Color {
				b = append(b, sgrDim...)
			}
			b = append(b, '(')
			b = append(b, ins...)
			b = append(b, ')')
			if t.opt.Color {
				b = append(b, sgrReset...)
			}
		}
	}
	t.tail.put(n, b)
	return b
}

// openEscape reports whether text ends inside a terminal escape sequence
// (ECMA-48): after its last ESC there is no final byte yet, or a control
// string (OSC, DCS, SOS, PM, APC) has not been terminated. Only the last
// ESC matters: an ESC ends any sequence or string before it.
func openEscape(text []byte) bool {
	i := bytes.LastIndexByte(text, 0x1b)
	if i < 0 {
		return false
	}
	seq := text[i+1:]
	if len(seq) == 0 {
		return true
	}
	switch c := seq[0]; {
	case c == '[': // CSI: parameters and intermediates, then a final byte
		for _, c := range seq[1:] {
			if c >= 0x40 && c <= 0x7e {
				return false
			}
		}
		return true
	case c == ']': // OSC: ends with BEL here (ST would be another ESC)
		return bytes.IndexByte(seq, 0x07) < 0
	case c == 'P' || c == 'X' || c == '^' || c == '_': // DCS, SOS, PM, APC: end with ST
		return true
	case c >= 0x20 && c <= 0x2f: // intermediates, then a final byte
		for _, c := range seq[1:] {
			if c >= 0x30 && c <= 0x7e {
				return false
			}
		}
		return true
	}
	return false
}

var _ filter.Sink = (*Text)(nil)

// label is src's name as the prefix prints it: with control characters
// escaped (sanitize.Name), worked out once per source in a row.
func (t *Text) label(src *filter.Source) string {
	if src != t.labelOf {
		t.labelOf, t.labelText = src, sanitize.Name(src.Label())
	}
	return t.labelText
}

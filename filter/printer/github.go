package printer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// GitHub is the printer for -o github: instead of lines it writes GitHub
// Actions workflow commands, one per distinct code of each line that
// carries codes (at most MaxNotes per line, as in the text printer):
//
//	::LEVEL file=FILE,line=N,title=JMessage CODE::MESSAGE (INSTRUCTION)
//	::LEVEL file=FILE,line=N,title=JMessage CODE (unknown)::CODE is not in the code table
//
// LEVEL is error, warning or notice. FILE is the source's name as given;
// for standard input there is no file property. Lines without codes give
// no output.
//
// One command per code, not per line, so that each code is an annotation
// of its own, titled by the code: GitHub lists annotations by title and
// message, and a line's several codes stay apart.
type GitHub struct {
	out   *Out
	level Level
	file  []byte    // "file=ESCAPED," for the current source, or empty
	tail  noteCache // ",title=...::MESSAGE\n" per code
	buf   []byte
}

// Level is the level of GitHub's workflow commands: how GitHub shows the
// annotation.
type Level int

// The levels.
const (
	LevelError Level = iota
	LevelWarning
	LevelNotice
)

var levelNames = [...]string{LevelError: "error", LevelWarning: "warning", LevelNotice: "notice"}

// String returns the level's command name: "error", "warning" or "notice".
func (l Level) String() string {
	if l >= 0 && int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// ParseLevel reads a level by its name. The error names s and the names
// that are valid.
func ParseLevel(s string) (Level, error) {
	for l, name := range levelNames {
		if s == name {
			return Level(l), nil
		}
	}
	return 0, fmt.Errorf("%q: use error, warning or notice", s)
}

// NewGitHub returns the workflow-command printer writing to out at level.
func NewGitHub(out *Out, level Level) *GitHub {
	return &GitHub{out: out, level: level, tail: noteCache{}}
}

func (g *GitHub) Begin(src *filter.Source) error {
	g.file = g.file[:0]
	if src.Name != "-" && src.Name != "" {
		g.file = append(g.file, "file="...)
		g.file = append(g.file, EscapeProperty(src.Name)...)
		g.file = append(g.file, ',')
	}
	return nil
}

func (g *GitHub) Pass(*filter.Source, []byte) error        { return nil }
func (g *GitHub) Chunk(*filter.Source, []byte, bool) error { return nil }
func (g *GitHub) End(*filter.Source) error                 { return g.out.Err() }

// Flush hands the commands to the writer.
func (g *GitHub) Flush(release func(error)) error {
	return g.out.Flush(release)
}

func (g *GitHub) Line(l *filter.Line) error {
	for _, n := range l.Notes {
		b := append(g.buf[:0], "::"...)
		b = append(b, g.level.String()...)
		b = append(b, ' ')
		b = append(b, g.file...)
		b = append(b, "line="...)
		b = strconv.AppendInt(b, l.Num, 10)
		b = append(b, g.noteTail(n)...)
		g.buf = b
		g.out.Write(b)
	}
	return g.out.Err()
}

// noteTail returns ",title=JMessage CODE::MESSAGE (INSTRUCTION)\n" for n,
// escaped, rendered once per code.
func (g *GitHub) noteTail(n filter.Note) []byte {
	if b, ok := g.tail.get(n); ok {
		return b
	}
	code := strconv.FormatUint(uint64(n.Code), 10)
	var title, msg string
	if n.Entry == nil {
		title = "JMessage " + code + " (unknown)"
		msg = code + " is not in the code table (an unknown JMessage code)"
	} else {
		title = "JMessage " + code
		msg = sanitize.Note(n.Entry.Message, n.Entry.Instruction)
	}
	b := []byte(",title=" + EscapeProperty(title) + "::" + EscapeData(msg) + "\n")
	g.tail.put(n, b)
	return b
}

// The escaping of workflow commands, as GitHub's own toolkit does it
// (actions/toolkit, packages/core/src/command.ts, escapeData and
// escapeProperty): in the message, % CR LF become %25 %0D %0A; in a
// property value, also : and , become %3A and %2C, since they end the
// value. '%' goes first, so that the escapes are not escaped again.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// EscapeData escapes the message of a workflow command.
func EscapeData(s string) string { return dataEscaper.Replace(s) }

// EscapeProperty escapes a property value of a workflow command.
func EscapeProperty(s string) string { return propertyEscaper.Replace(s) }

var _ filter.Sink = (*GitHub)(nil)

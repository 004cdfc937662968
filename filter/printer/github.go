package printer

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// GitHub is the printer for -o github: instead of lines it writes GitHub
// Actions workflow commands for every occurrence: one per distinct code of
// each line that carries codes (at most MaxNotes per line, as in the text printer):
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
//
// GitHub shows 10 annotations of a level per step, so in Actions grouped
// annotations (Grouper and WriteGroups: one per code and file, after the
// log) are what a person wants; this printer stays for tools that read
// every occurrence as a workflow command.
type GitHub struct {
	out    *Out
	level  Level
	file   []byte         // "file=ESCAPED," for fileOf, or empty
	fileOf *filter.Source // the source file was rendered for
	tail   noteCache      // ",title=...::MESSAGE\n" per code
	buf    []byte
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

func (g *GitHub) Begin(*filter.Source) error { return nil }

// fileProp returns "file=ESCAPED," for src, or nothing for standard input.
// It is rendered again only when the source changes: with -f, lines of
// several sources interleave.
func (g *GitHub) fileProp(src *filter.Source) []byte {
	if src != g.fileOf {
		g.fileOf = src
		g.file = g.file[:0]
		if src.Name != "-" && src.Name != "" {
			g.file = append(g.file, "file="...)
			g.file = append(g.file, EscapeProperty(src.Name)...)
			g.file = append(g.file, ',')
		}
	}
	return g.file
}

func (g *GitHub) Pass(*filter.Source, []byte) error        { return nil }
func (g *GitHub) Chunk(*filter.Source, []byte, bool) error { return nil }
func (g *GitHub) End(*filter.Source) error {
	g.out.EndSource()
	return g.out.Err()
}

// Flush hands the commands to the writer.
func (g *GitHub) Flush(release func(error)) error {
	return g.out.Flush(release)
}

func (g *GitHub) Line(l *filter.Line) error {
	for _, n := range l.Notes {
		b := append(g.buf[:0], "::"...)
		b = append(b, g.level.String()...)
		b = append(b, ' ')
		b = append(b, g.fileProp(l.Source)...)
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

// Grouper is a Sink that passes every call on to the Sink it wraps and
// gathers, for each distinct code of each source, how many times it
// occurred and the first line it was on: what grouped annotations (--ci
// github) are made of. Occurrences beyond a line's first filter.MaxNotes
// distinct codes are not attributed (the summary still counts them).
// Grouper is safe for use by one Filter and a reader of Groups.
type Grouper struct {
	filter.Sink
	mu     sync.Mutex
	groups map[groupKey]*Group
}

type groupKey struct {
	file string
	code uint32
}

// Group is one code in one source.
type Group struct {
	// File is the source's name as given; "-" for standard input.
	File string
	Code uint32
	// Entry is the code's table row; nil for an unknown code.
	Entry *codes.Entry
	// Line is the first line of File the code was on.
	Line int64
	// Count is the number of occurrences in File.
	Count int64
}

// NewGrouper returns a Grouper in front of s.
func NewGrouper(s filter.Sink) *Grouper {
	return &Grouper{Sink: s, groups: make(map[groupKey]*Group)}
}

// Line records l's codes and passes l on.
func (g *Grouper) Line(l *filter.Line) error {
	name := "-"
	if l.Source != nil && l.Source.Name != "" {
		name = l.Source.Name
	}
	g.mu.Lock()
	for _, n := range l.Notes {
		k := groupKey{name, n.Code}
		gr := g.groups[k]
		if gr == nil {
			gr = &Group{File: name, Code: n.Code, Entry: n.Entry, Line: l.Num}
			g.groups[k] = gr
		}
		gr.Count += int64(n.Count)
	}
	g.mu.Unlock()
	return g.Sink.Line(l)
}

// Groups returns the groups so far, by count (highest first), then by file
// and code.
func (g *Grouper) Groups() []Group {
	g.mu.Lock()
	gs := make([]Group, 0, len(g.groups))
	for _, gr := range g.groups {
		gs = append(gs, *gr)
	}
	g.mu.Unlock()
	slices.SortFunc(gs, func(a, b Group) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.File, b.File), cmp.Compare(a.Code, b.Code))
	})
	return gs
}

// WriteGroups writes one workflow command per group, at most max of them
// (the first ones: the most frequent), and returns how many it wrote:
//
//	::LEVEL file=FILE,line=FIRST,title=JMessage CODE ×COUNT::MESSAGE (INSTRUCTION); COUNT times in FILE, first on line FIRST
//
// An unknown code is titled "JMessage CODE (unknown) ×COUNT". Standard
// input has no file property. Escaping is as for -o github.
func WriteGroups(w io.Writer, gs []Group, level Level, max int) (int, error) {
	if len(gs) > max {
		gs = gs[:max]
	}
	var b strings.Builder
	for _, g := range gs {
		code := strconv.FormatUint(uint64(g.Code), 10)
		title := "JMessage " + code
		msg := sanitize.Note(messageOf(g.Entry), instructionOf(g.Entry))
		if g.Entry == nil {
			title += " (unknown)"
			msg = code + " is not in the code table (an unknown JMessage code)"
		}
		title += " ×" + strconv.FormatInt(g.Count, 10)
		label := "(standard input)"
		b.WriteString("::" + level.String() + " ")
		if g.File != "-" {
			label = sanitize.Text(g.File)
			b.WriteString("file=" + EscapeProperty(g.File) + ",")
		}
		times := "times"
		if g.Count == 1 {
			times = "time"
		}
		msg += fmt.Sprintf("; %d %s in %s, first on line %d", g.Count, times, label, g.Line)
		fmt.Fprintf(&b, "line=%d,title=%s::%s\n", g.Line, EscapeProperty(title), EscapeData(msg))
	}
	_, err := io.WriteString(w, b.String())
	return len(gs), err
}

func messageOf(e *codes.Entry) string {
	if e == nil {
		return ""
	}
	return e.Message
}

func instructionOf(e *codes.Entry) string {
	if e == nil {
		return ""
	}
	return e.Instruction
}

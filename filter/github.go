package filter

import (
	"fmt"
	"io"
	"strconv"
	"strings"
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
	level string
	file  []byte            // "file=ESCAPED," for the current source, or empty
	tail  map[uint32][]byte // ",title=...::MESSAGE\n" per code
	buf   []byte
}

// CILevels are the levels -o github takes (--ci-level).
var CILevels = []string{"error", "warning", "notice"}

// NewGitHub returns the workflow-command printer writing to out at level,
// which is one of CILevels.
func NewGitHub(out *Out, level string) *GitHub {
	return &GitHub{out: out, level: level, tail: make(map[uint32][]byte)}
}

func (g *GitHub) Begin(src *Source) error {
	g.file = g.file[:0]
	if src.Name != "-" && src.Name != "" {
		g.file = append(g.file, "file="...)
		g.file = append(g.file, EscapeProperty(src.Name)...)
		g.file = append(g.file, ',')
	}
	return nil
}

func (g *GitHub) Pass(*Source, []byte) error        { return nil }
func (g *GitHub) Chunk(*Source, []byte, bool) error { return nil }
func (g *GitHub) End(*Source) error                 { return g.out.Err() }

// Flush hands the commands to the writer; they are copies, so the Filter's
// buffers are released at once.
func (g *GitHub) Flush(release func()) error {
	release()
	return g.out.Flush(nil)
}

func (g *GitHub) Line(l *Line) error {
	for _, n := range l.Notes {
		b := append(g.buf[:0], "::"...)
		b = append(b, g.level...)
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
func (g *GitHub) noteTail(n Note) []byte {
	if b, ok := g.tail[n.Code]; ok {
		return b
	}
	code := strconv.FormatUint(uint64(n.Code), 10)
	var title, msg string
	if n.Entry == nil {
		title = "JMessage " + code + " (unknown)"
		msg = code + " is not in the code table (an unknown JMessage code)"
	} else {
		title = "JMessage " + code
		msg = noteText(n.Entry.Message, n.Entry.Instruction)
	}
	b := []byte(",title=" + EscapeProperty(title) + "::" + EscapeData(msg) + "\n")
	g.tail[n.Code] = b
	return b
}

// noteText is "MESSAGE (INSTRUCTION)" as the text printer writes it,
// without colour: control characters become spaces, an empty message is
// "(no message)" and an empty instruction is left out.
func noteText(message, instruction string) string {
	msg, ins := Clean(message), Clean(instruction)
	if msg == "" {
		msg = "(no message)"
	}
	if ins != "" {
		msg += " (" + ins + ")"
	}
	return msg
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

// WriteMarkdown writes the summary as a Markdown section for a GitHub job
// summary ($GITHUB_STEP_SUMMARY): a heading, the totals, and a table of the
// codes with their count, message and first sighting; or a line saying no
// code was seen. Table text is escaped so that it cannot break the table or
// turn into markup.
func (s *Summary) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("### JMessage codes\n\n")
	total := s.Total()
	if total == 0 {
		fmt.Fprintf(&b, "No JMessage codes in %s.\n\n", plural(s.Lines, "line"))
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "%s (%d distinct, %d unknown) in %d of %s.\n\n",
		plural(total, "code"), len(s.Codes)+len(s.Unknown), len(s.Unknown), s.MatchedLines, plural(s.Lines, "line"))
	b.WriteString("| count | code | message | first seen |\n| ---: | --- | --- | --- |\n")
	for _, c := range s.Codes {
		fmt.Fprintf(&b, "| %d | %d | %s | %s |\n", c.Count, c.Code, markdownCell(noteText(c.Entry.Message, c.Entry.Instruction)), markdownCell(c.First))
	}
	for _, c := range s.Unknown {
		fmt.Fprintf(&b, "| %d | %d | %s | %s |\n", c.Count, c.Code, "(unknown: not in the code table)", markdownCell(c.First))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// plural is "1 line", "2 lines".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.FormatInt(n, 10) + " " + word + "s"
}

// markdownEscaper puts a backslash before the ASCII punctuation that is
// markup in a GitHub table cell (CommonMark lets any ASCII punctuation be
// escaped so), and makes the text one line.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "~", `\~`, "&", `\&`, "#", `\#`, "!", `\!`)

func markdownCell(s string) string { return markdownEscaper.Replace(Clean(s)) }

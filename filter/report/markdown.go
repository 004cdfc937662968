package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// MarkdownOptions is what a job-summary section says besides the counts.
type MarkdownOptions struct {
	// Inputs are the names of the inputs as given ("-" for standard
	// input); the heading names them, so that several jmlog steps of one
	// job write sections that can be told apart.
	Inputs []string
	// Annotations, when set, says that grouped annotations were written:
	// how many there were (one per code and file), how many were written,
	// and the cap (--ci-max).
	Annotations *AnnotationCount
}

// AnnotationCount is how many grouped annotations there were and were
// written.
type AnnotationCount struct {
	Groups, Written, Max int
}

// WriteMarkdown writes the summary s as a Markdown section for a GitHub job
// summary ($GITHUB_STEP_SUMMARY): a heading that names the inputs, the
// totals, what became of the annotations, and a table of every code with
// its count, message and first sighting; or a line saying no code was
// seen. Table text and names are escaped so that they cannot break the
// table or turn into markup.
func WriteMarkdown(w io.Writer, s *filter.Summary, o MarkdownOptions) error {
	var b strings.Builder
	b.WriteString("### JMessage codes in " + inputList(o.Inputs) + "\n\n")
	total := s.Total()
	if total == 0 {
		fmt.Fprintf(&b, "No JMessage codes in %s.\n\n", plural(s.Lines, "line"))
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(&b, "%s (%s distinct, %s unknown) in %s of %s.\n\n",
		plural(total, "code"), Group(int64(len(s.Codes)+len(s.Unknown))), Group(int64(len(s.Unknown))), Group(s.MatchedLines), plural(s.Lines, "line"))
	if a := o.Annotations; a != nil {
		fmt.Fprintf(&b, "Annotations: %d of %d (one per code and file, the most frequent first", a.Written, a.Groups)
		if a.Written < a.Groups {
			fmt.Fprintf(&b, "; %d left out by `--ci-max %d`", a.Groups-a.Written, a.Max)
		}
		b.WriteString("). Every code is in the table.\n\n")
	}
	b.WriteString("| count | code | message | first seen |\n| ---: | --- | --- | --- |\n")
	for _, c := range s.Codes {
		fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", Group(c.Count), c.Code, markdownCell(sanitize.Note(c.Entry.Message, c.Entry.Instruction)), markdownCell(c.First))
	}
	for _, c := range s.Unknown {
		fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", Group(c.Count), c.Code, "(unknown: not in the code table)", markdownCell(c.First))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// inputList names the inputs for a heading: `a.log`, `b.log` and 3 more.
func inputList(names []string) string {
	const shown = 3
	if len(names) == 0 {
		names = []string{"-"}
	}
	var parts []string
	for i, n := range names {
		if i == shown && len(names) > shown+1 {
			parts = append(parts, fmt.Sprintf("%d more", len(names)-shown))
			break
		}
		if n == "-" {
			parts = append(parts, "standard input")
			continue
		}
		parts = append(parts, markdownCell(n))
	}
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " and " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// markdownEscaper puts a backslash before the ASCII punctuation that is
// markup in a GitHub table cell (CommonMark lets any ASCII punctuation be
// escaped so), and makes the text one line.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "~", `\~`, "&", `\&`, "#", `\#`, "!", `\!`)

func markdownCell(s string) string { return markdownEscaper.Replace(sanitize.Text(s)) }

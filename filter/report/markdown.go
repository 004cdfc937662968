package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// WriteMarkdown writes the summary s as a Markdown section for a GitHub job
// summary ($GITHUB_STEP_SUMMARY): a heading, the totals, and a table of the
// codes with their count, message and first sighting; or a line saying no
// code was seen. Table text is escaped so that it cannot break the table or
// turn into markup.
func WriteMarkdown(w io.Writer, s *filter.Summary) error {
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
		fmt.Fprintf(&b, "| %d | %d | %s | %s |\n", c.Count, c.Code, markdownCell(sanitize.Note(c.Entry.Message, c.Entry.Instruction)), markdownCell(c.First))
	}
	for _, c := range s.Unknown {
		fmt.Fprintf(&b, "| %d | %d | %s | %s |\n", c.Count, c.Code, "(unknown: not in the code table)", markdownCell(c.First))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// markdownEscaper puts a backslash before the ASCII punctuation that is
// markup in a GitHub table cell (CommonMark lets any ASCII punctuation be
// escaped so), and makes the text one line.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "~", `\~`, "&", `\&`, "#", `\#`, "!", `\!`)

func markdownCell(s string) string { return markdownEscaper.Replace(sanitize.Text(s)) }

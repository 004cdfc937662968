package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// WriteCodes lists table entries for `jmlog codes` in format, with all
// columns: WriteTable with only a format.
func WriteCodes(w io.Writer, es []codes.Entry, format TableFormat) error {
	return WriteTable(w, es, TableOptions{Format: format})
}

// WriteExplain prints one entry for `jmlog explain`: the code and message,
// the instruction, the extra columns of the table (a "source" column among
// them), the platform (see Entry.Platform; a table's own "platform" column
// is one of its extra columns), and where jmlog read the row, as
// "table row: embedded" or "table row: FILE:LINE". When the row has a
// counterpart in another language (Entry.Alt), its message, instruction
// and row follow, under "LANG:".
func WriteExplain(w io.Writer, e *codes.Entry) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d  %s\n", e.Code, messageText(e.Message))
	if e.Instruction != "" {
		fmt.Fprintf(&b, "    %s\n", sanitize.Text(e.Instruction))
	}
	for _, x := range e.Extra() {
		fmt.Fprintf(&b, "    %s: %s\n", sanitize.Text(x.Name), sanitize.Text(x.Value))
	}
	if e.Platform() != "" {
		fmt.Fprintf(&b, "    platform: %s\n", sanitize.Text(e.Platform()))
	}
	fmt.Fprintf(&b, "    table row: %s\n", sanitize.Text(e.Source()))
	if a := e.Alt(); a != nil {
		fmt.Fprintf(&b, "    %s: %s\n", sanitize.Text(a.Lang()), messageText(a.Message))
		if a.Instruction != "" {
			fmt.Fprintf(&b, "        %s\n", sanitize.Text(a.Instruction))
		}
		fmt.Fprintf(&b, "        table row: %s\n", sanitize.Text(a.Source()))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func messageText(m string) string {
	if m == "" {
		return "(no message)"
	}
	return sanitize.Text(m)
}

// WriteDuplicates reports, for `jmlog codes --check`, the codes that appear
// more than once in the table file path, one line each:
//
//	PATH: code 871300 is on lines 3, 7 and 9; the row on line 9 wins
//
// or "PATH: no code appears twice" when dups is empty.
func WriteDuplicates(w io.Writer, path string, dups []codes.Duplicate) error {
	var b strings.Builder
	for _, d := range dups {
		lines := make([]string, len(d.Lines))
		for i, l := range d.Lines {
			lines[i] = fmt.Sprint(l)
		}
		last := len(lines) - 1
		fmt.Fprintf(&b, "%s: code %d is on lines %s and %s; the row on line %s wins\n",
			path, d.Code, strings.Join(lines[:last], ", "), lines[last], lines[last])
	}
	if len(dups) == 0 {
		fmt.Fprintf(&b, "%s: no code appears twice\n", path)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// padCells cuts s to width display cells (see Fit) and pads it with spaces
// to width.
func padCells(s string, width int) string {
	s = Fit(s, width, false, false)
	return s + strings.Repeat(" ", max(0, width-Width(s)))
}

package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// WriteCodes lists table entries for `jmlog codes` in format TableText
// (aligned columns for people), TableTSV (code, message, instruction, source,
// then extra columns as name=value) or TableJSON (an array of objects).
func WriteCodes(w io.Writer, es []codes.Entry, format TableFormat) error {
	var b strings.Builder
	switch format {
	case TableText:
		fmt.Fprintf(&b, "%-9s  %-50s  %s\n", "CODE", "MESSAGE", "SOURCE")
		for _, e := range es {
			fmt.Fprintf(&b, "%-9d  %s  %s\n", e.Code, padCells(sanitize.Text(e.Message), 50), sanitize.Text(e.Source))
		}
	case TableTSV:
		b.WriteString("code\tmessage\tinstruction\tsource\textra\n")
		for _, e := range es {
			fmt.Fprintf(&b, "%d\t%s\t%s\t%s", e.Code, sanitize.Text(e.Message), sanitize.Text(e.Instruction), sanitize.Text(e.Source))
			for i, x := range e.Extra {
				if i == 0 {
					b.WriteString("\t")
				} else {
					b.WriteString(" ")
				}
				b.WriteString(sanitize.Text(x.Name) + "=" + sanitize.Text(x.Value))
			}
			b.WriteString("\n")
		}
	case TableJSON:
		type field struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		}
		type row struct {
			Code        uint32  `json:"code"`
			Message     string  `json:"message"`
			Instruction string  `json:"instruction"`
			Source      string  `json:"source"`
			Extra       []field `json:"extra,omitempty"`
		}
		rows := make([]row, 0, len(es))
		for _, e := range es {
			r := row{Code: e.Code, Message: e.Message, Instruction: e.Instruction, Source: e.Source}
			for _, x := range e.Extra {
				r.Extra = append(r.Extra, field{x.Name, x.Value})
			}
			rows = append(rows, r)
		}
		enc, err := json.MarshalIndent(rows, "", "  ")
		if err != nil {
			return err
		}
		b.Write(enc)
		b.WriteString("\n")
	default:
		return fmt.Errorf("unknown table format %v", format)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteExplain prints one entry for `jmlog explain`: the code and message,
// the instruction, the extra columns of the table (a "source" column among
// them), and where jmlog read the row, as "table row: embedded" or
// "table row: FILE:LINE".
func WriteExplain(w io.Writer, e *codes.Entry) error {
	var b strings.Builder
	msg := sanitize.Text(e.Message)
	if msg == "" {
		msg = "(no message)"
	}
	fmt.Fprintf(&b, "%d  %s\n", e.Code, msg)
	if e.Instruction != "" {
		fmt.Fprintf(&b, "    %s\n", sanitize.Text(e.Instruction))
	}
	for _, x := range e.Extra {
		fmt.Fprintf(&b, "    %s: %s\n", sanitize.Text(x.Name), sanitize.Text(x.Value))
	}
	fmt.Fprintf(&b, "    table row: %s\n", sanitize.Text(e.Source))
	_, err := io.WriteString(w, b.String())
	return err
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

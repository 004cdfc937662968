package report

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// TableOptions says how WriteTable lists a code table.
type TableOptions struct {
	Format TableFormat
	// Columns, for TableCSV, TableTSV and TableMarkdown, are the columns
	// to write, in order, by name (see TableColumns); nil means all of
	// them.
	Columns []string
	// NoHeader leaves out the header row of TableCSV and TableTSV.
	NoHeader bool
}

// The columns that every listing has, in order; a table's extra columns
// follow them (see TableColumns).
var fixedColumns = []string{"code", "message", "instruction", "platform", "lang", "source"}

// TableColumns returns the names of the columns of a listing of es: code,
// message, instruction, platform (Entry.Platform, or for a row without one
// its table's own "platform" column), lang, source (where jmlog read the
// row: "embedded" or "FILE:LINE"), then the union of the rows' extra
// columns in order of appearance. An extra column whose name is taken
// (such as a table's own "source" column) is named "extra_NAME".
func TableColumns(es []codes.Entry) []string {
	cols := slices.Clone(fixedColumns)
	for i := range es {
		for _, x := range es[i].Extra() {
			if x.Name == "platform" {
				continue
			}
			n := extraName(x.Name)
			if !slices.Contains(cols, n) {
				cols = append(cols, n)
			}
		}
	}
	return cols
}

func extraName(n string) string {
	if slices.Contains(fixedColumns, n) {
		return "extra_" + n
	}
	return n
}

// cell returns the value of e in column col; text is as the table has it.
func cell(e *codes.Entry, col string) string {
	switch col {
	case "code":
		return strconv.FormatUint(uint64(e.Code), 10)
	case "message":
		return e.Message
	case "instruction":
		return e.Instruction
	case "platform":
		return platformOf(e)
	case "lang":
		return e.Lang()
	case "source":
		return e.Source()
	}
	for _, x := range e.Extra() {
		if extraName(x.Name) == col && x.Name != "platform" {
			return x.Value
		}
	}
	return ""
}

// platformOf returns the platform of e: Entry.Platform, or the value of
// its table's own "platform" column.
func platformOf(e *codes.Entry) string {
	if e.Platform() != "" {
		return e.Platform()
	}
	for _, x := range e.Extra() {
		if x.Name == "platform" {
			return x.Value
		}
	}
	return ""
}

// WriteTable lists the rows es for `jmlog codes`:
//
//   - TableText: aligned columns for people (code, message, platform, source);
//   - TableCSV: RFC 4180, a header row, then one record a row, "\n" line ends; a
//     field is quoted only when it holds a comma, a quote or starts with a
//     space (encoding/csv). Every record has the same number of fields;
//   - TableTSV: the same columns, TAB-separated, never quoted;
//   - TableJSON: an array of objects: code, message, instruction, platform,
//     lang, source, extra (name and value of each extra column) and alt (the
//     row in the other language, see codes.MergeLang), the last two when set;
//   - TableMarkdown: a pipe table, cells escaped so that they cannot break it.
//
// In every format but JSON, control characters in text (TAB, CR, LF, ...)
// are written as spaces, so that a row is one line: the CSV loads in tools
// that read a line at a time. An unknown column in o.Columns is an error,
// and nothing is written.
func WriteTable(w io.Writer, es []codes.Entry, o TableOptions) error {
	cols := TableColumns(es)
	if o.Columns != nil {
		for _, c := range o.Columns {
			if !slices.Contains(cols, c) {
				return fmt.Errorf("no column %q: the columns are %s", c, strings.Join(cols, ","))
			}
		}
		cols = o.Columns
	}
	var b strings.Builder
	var err error
	switch o.Format {
	case TableText:
		writeTableText(&b, es)
	case TableCSV:
		err = writeTableCSV(&b, es, cols, o.NoHeader)
	case TableTSV:
		writeTableTSV(&b, es, cols, o.NoHeader)
	case TableJSON:
		err = writeTableJSON(&b, es)
	case TableMarkdown:
		writeTableMarkdown(&b, es, cols)
	default:
		err = fmt.Errorf("unknown table format %v", o.Format)
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, b.String())
	return err
}

func writeTableText(b *strings.Builder, es []codes.Entry) {
	fmt.Fprintf(b, "%-9s  %-50s  %-20s  %s\n", "CODE", "MESSAGE", "PLATFORM", "SOURCE")
	for i := range es {
		e := &es[i]
		fmt.Fprintf(b, "%-9d  %s  %s  %s\n", e.Code, padCells(sanitize.Text(e.Message), 50),
			padCells(sanitize.Text(platformOf(e)), 20), sanitize.Text(e.Source()))
	}
}

func writeTableCSV(b *strings.Builder, es []codes.Entry, cols []string, noHeader bool) error {
	cw := csv.NewWriter(b)
	if !noHeader {
		cw.Write(cols)
	}
	rec := make([]string, len(cols))
	for i := range es {
		for j, c := range cols {
			rec[j] = sanitize.Text(cell(&es[i], c))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

func writeTableTSV(b *strings.Builder, es []codes.Entry, cols []string, noHeader bool) {
	if !noHeader {
		b.WriteString(strings.Join(cols, "\t") + "\n")
	}
	for i := range es {
		for j, c := range cols {
			if j > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(sanitize.Text(cell(&es[i], c)))
		}
		b.WriteByte('\n')
	}
}

func writeTableMarkdown(b *strings.Builder, es []codes.Entry, cols []string) {
	b.WriteString("| " + strings.Join(cols, " | ") + " |\n|")
	for range cols {
		b.WriteString(" --- |")
	}
	b.WriteByte('\n')
	for i := range es {
		b.WriteByte('|')
		for _, c := range cols {
			b.WriteString(" " + markdownCell(cell(&es[i], c)) + " |")
		}
		b.WriteByte('\n')
	}
}

type jsonField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type jsonAlt struct {
	Lang        string `json:"lang"`
	Message     string `json:"message"`
	Instruction string `json:"instruction"`
	Platform    string `json:"platform"`
	Source      string `json:"source"`
}

type jsonRow struct {
	Code        uint32      `json:"code"`
	Message     string      `json:"message"`
	Instruction string      `json:"instruction"`
	Platform    string      `json:"platform"`
	Lang        string      `json:"lang"`
	Source      string      `json:"source"`
	Extra       []jsonField `json:"extra,omitempty"`
	Alt         *jsonAlt    `json:"alt,omitempty"`
}

func altOf(e *codes.Entry) *jsonAlt {
	if e.Alt() == nil {
		return nil
	}
	a := e.Alt()
	return &jsonAlt{Lang: a.Lang(), Message: a.Message, Instruction: a.Instruction, Platform: platformOf(a), Source: a.Source()}
}

func writeTableJSON(b *strings.Builder, es []codes.Entry) error {
	rows := make([]jsonRow, 0, len(es))
	for i := range es {
		e := &es[i]
		r := jsonRow{Code: e.Code, Message: e.Message, Instruction: e.Instruction, Platform: platformOf(e),
			Lang: e.Lang(), Source: e.Source(), Alt: altOf(e)}
		for _, x := range e.Extra() {
			r.Extra = append(r.Extra, jsonField{x.Name, x.Value})
		}
		rows = append(rows, r)
	}
	enc, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return err
	}
	b.Write(enc)
	b.WriteString("\n")
	return nil
}

// ParseColumns reads a comma-separated list of column names (--columns);
// an empty list or name is an error.
func ParseColumns(s string) ([]string, error) {
	var cols []string
	for _, c := range strings.Split(s, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			return nil, errors.New("an empty column name: write names separated by commas, e.g. code,message")
		}
		cols = append(cols, c)
	}
	return cols, nil
}

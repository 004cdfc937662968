package codes

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A record is the cells of one TSV or CSV row and the line it starts on.
type record struct {
	cells []string
	line  int
}

// parseTSV reads TAB-separated rows. data has no BOM and is valid UTF-8.
func parseTSV(name string, data []byte) ([]row, error) {
	var recs []record
	for line := 1; len(data) > 0; line++ {
		var text []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			text, data = data[:i], data[i+1:]
		} else {
			text, data = data, nil
		}
		text = bytes.TrimSuffix(text, []byte("\r"))
		if len(text) > 0 && text[0] == '#' {
			continue
		}
		recs = append(recs, record{strings.Split(string(text), "\t"), line})
	}
	return parseRecords(name, recs, "separate columns with one TAB")
}

// parseCSV reads comma-separated rows. data has no BOM and is valid UTF-8.
func parseCSV(name string, data []byte) ([]row, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	var recs []record
	for {
		cells, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.Line, pe.Err
			}
			return nil, &LoadError{Path: name, Line: line, Err: fmt.Errorf(
				"%w: %w; put a field that holds a comma, a quote or a line break in double quotes, and write a quote inside it as \"\"",
				ErrSyntax, err)}
		}
		line, _ := r.FieldPos(0)
		recs = append(recs, record{cells, line})
	}
	return parseRecords(name, recs, "separate columns with a comma")
}

// layout is where the columns of a TSV or CSV file are.
type layout struct {
	header   int      // line of the header, or 0 if there is none
	names    []string // the header's cells, trimmed
	code     int      // column of the code
	message  int      // column of the message, or -1
	instruct int      // column of the instruction, or -1
}

var noHeader = layout{code: 0, message: 1, instruct: 2}

// parseRecords turns records into rows, finding the header if there is one.
// sep says how to separate columns, for error messages.
func parseRecords(name string, recs []record, sep string) ([]row, error) {
	var (
		lay  *layout
		rows = make([]row, 0, len(recs))
	)
	for _, rec := range recs {
		if blank(rec.cells) {
			continue
		}
		if lay == nil {
			l, err := newLayout(rec)
			if err != nil {
				return nil, &LoadError{Path: name, Line: rec.line, Err: err}
			}
			lay = &l
			if lay.header > 0 {
				continue
			}
		}
		e, err := lay.entry(rec.cells, sep)
		if err != nil {
			return nil, &LoadError{Path: name, Line: rec.line, Err: err}
		}
		rows = append(rows, row{e, rec.line})
	}
	return rows, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// newLayout returns the layout that the first row rec implies: rec's own if
// it is a header, noHeader if it is not.
func newLayout(rec record) (layout, error) {
	cells := rec.cells
	if _, ok := cellCode(cells[0]); ok {
		return noHeader, nil
	}
	names := make([]string, len(cells))
	for i, c := range cells {
		names[i] = strings.TrimSpace(c)
	}
	find := func(want string) int {
		for i, n := range names {
			if strings.EqualFold(n, want) {
				return i
			}
		}
		return -1
	}
	l := layout{header: rec.line, names: names, code: find("code"), message: find("message"), instruct: find("instruction")}
	if l.message < 0 {
		l.message = find("msg")
	}
	if l.instruct < 0 {
		l.instruct = find("instruction_en")
	}
	if l.code < 0 {
		if l.message < 0 && l.instruct < 0 {
			// Not a header: a data row with a bad code.
			return noHeader, nil
		}
		return layout{}, fmt.Errorf("%w: the header on this line has no column named \"code\"; name the column that holds the codes \"code\"", ErrNoCode)
	}
	return l, nil
}

// entry returns the entry that the cells of a data row give.
func (l *layout) entry(cells []string, sep string) (Entry, error) {
	if l.header > 0 {
		if len(cells) != len(l.names) {
			return Entry{}, fmt.Errorf("%w: want %d as in the header on line %d, got %d; %s",
				ErrColumns, len(l.names), l.header, len(cells), sep)
		}
	} else if len(cells) < 3 {
		return Entry{}, fmt.Errorf("%w: want at least 3 (code, message, instruction), got %d; %s",
			ErrColumns, len(cells), sep)
	}
	code, ok := cellCode(cells[l.code])
	if !ok {
		return Entry{}, codeError(cells[l.code])
	}
	e := Entry{Code: code}
	if l.message >= 0 {
		e.Message = cells[l.message]
	}
	if l.instruct >= 0 {
		e.Instruction = cells[l.instruct]
	}
	n := len(cells)
	for _, i := range []int{l.code, l.message, l.instruct} {
		if i >= 0 {
			n--
		}
	}
	if n == 0 {
		return e, nil
	}
	e.Extra = make([]Field, 0, n)
	for i, c := range cells {
		if i == l.code || i == l.message || i == l.instruct {
			continue
		}
		var name string
		if l.header > 0 {
			name = l.names[i]
		}
		if name == "" {
			name = "col" + strconv.Itoa(i+1)
		}
		e.Extra = append(e.Extra, Field{name, c})
	}
	return e, nil
}

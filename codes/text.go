package codes

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// parseTSV reads TAB-separated rows. text has no BOM and is valid UTF-8.
// The cells are substrings of text: TSV rows do not copy their text.
func parseTSV(rs *rowSet, text string) error {
	rs.es = make([]Entry, 0, min(strings.Count(text, "\n")+1, MaxRows+1))
	p := recordParser{rs: rs, sep: tsvSep}
	var cells []string
	for line := 1; len(text) > 0; line++ {
		var l string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			l, text = text, ""
		}
		if err := p.tsvLine(l, line, &cells); err != nil {
			return err
		}
	}
	return nil
}

const tsvSep = "separate columns with one TAB"

// tsvLine reads line l of a TSV file, without its LF; cells is scratch
// space.
func (p *recordParser) tsvLine(l string, line int, cells *[]string) error {
	l = strings.TrimSuffix(l, "\r")
	if len(l) > 0 && l[0] == '#' {
		return nil
	}
	cs := (*cells)[:0]
	for {
		i := strings.IndexByte(l, '\t')
		if i < 0 {
			break
		}
		cs = append(cs, l[:i])
		l = l[i+1:]
	}
	cs = append(cs, l)
	*cells = cs
	return p.add(cs, line)
}

// parseCSV reads comma-separated rows. text has no BOM and is valid UTF-8.
func parseCSV(rs *rowSet, text string) error {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	p := recordParser{rs: rs, sep: "separate columns with a comma"}
	for {
		cells, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line, err = pe.Line, pe.Err
			}
			return &LoadError{Path: rs.name, Line: line, Err: fmt.Errorf(
				"%w: %w; put a field that holds a comma, a quote or a line break in double quotes, and write a quote inside it as \"\"",
				ErrSyntax, err)}
		}
		line, _ := r.FieldPos(0)
		if err := p.add(cells, line); err != nil {
			return err
		}
	}
}

// recordParser turns the records of a TSV or CSV file into rows, finding
// the header if there is one.
type recordParser struct {
	rs  *rowSet
	lay *layout
	sep string // how to separate columns, for error messages
}

// add reads one record; cells may be reused by the caller afterwards.
func (p *recordParser) add(cells []string, line int) error {
	if blank(cells) {
		return nil
	}
	if p.lay == nil {
		l, err := newLayout(cells, line)
		if err != nil {
			return &LoadError{Path: p.rs.name, Line: line, Err: err}
		}
		p.lay = &l
		if l.header > 0 {
			return nil
		}
	}
	e, err := p.lay.entry(cells, p.sep, &p.rs.fields)
	if err != nil {
		return &LoadError{Path: p.rs.name, Line: line, Err: err}
	}
	return p.rs.add(e, line)
}

// layout is where the columns of a TSV or CSV file are.
type layout struct {
	header   int      // line of the header, or 0 if there is none
	names    []string // the header's cells, trimmed
	code     int      // column of the code
	message  int      // column of the message, or -1
	instruct int      // column of the instruction, or -1
	lang     int      // column of the language, or -1
}

var noHeader = layout{code: 0, message: 1, instruct: 2, lang: -1}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// newLayout returns the layout that the first row implies: the row's own
// if it is a header, noHeader if it is not.
func newLayout(cells []string, line int) (layout, error) {
	if _, ok := cellCode(cells[0]); ok {
		return noHeader, nil
	}
	names := make([]string, len(cells))
	for i, c := range cells {
		names[i] = strings.Clone(strings.TrimSpace(c)) // cells may be reused
	}
	find := func(want string) int {
		for i, n := range names {
			if strings.EqualFold(n, want) {
				return i
			}
		}
		return -1
	}
	l := layout{header: line, names: names, code: find("code"), message: find("message"), instruct: find("instruction"),
		lang: find("lang")}
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

// entry returns the entry that the cells of a data row give. Its Extra
// fields come from fields.
func (l *layout) entry(cells []string, sep string, fields *fieldArena) (rawRow, error) {
	if l.header > 0 {
		if len(cells) != len(l.names) {
			return rawRow{}, fmt.Errorf("%w: want %d as in the header on line %d, got %d; %s",
				ErrColumns, len(l.names), l.header, len(cells), sep)
		}
	} else if len(cells) < 3 {
		return rawRow{}, fmt.Errorf("%w: want at least 3 (code, message, instruction), got %d; %s",
			ErrColumns, len(cells), sep)
	}
	code, ok := cellCode(cells[l.code])
	if !ok {
		return rawRow{}, codeError(cells[l.code])
	}
	e := rawRow{Code: code}
	n := len(cells) - 1 // cells that go to Extra
	if l.message >= 0 {
		e.Message = cells[l.message]
		n--
	}
	if l.instruct >= 0 {
		e.Instruction = cells[l.instruct]
		n--
	}
	if l.lang >= 0 {
		lang, err := readLang(cells[l.lang])
		if err != nil {
			return rawRow{}, err
		}
		e.Lang = lang
		n--
	}
	if n == 0 {
		return e, nil
	}
	e.Extra = fields.make(n)
	for i, c := range cells {
		if i == l.code || i == l.message || i == l.instruct || i == l.lang {
			continue
		}
		var name string
		if l.header > 0 {
			name = l.names[i]
		}
		if name == "" {
			name = colName(i)
		}
		e.Extra = append(e.Extra, Field{name, c})
	}
	return e, nil
}

// colNames are the names of unnamed columns, "col1" to "col64", made once.
var colNames = func() (n [64]string) {
	for i := range n {
		n[i] = "col" + strconv.Itoa(i+1)
	}
	return n
}()

// colName returns the name of the unnamed column i (0-based): "col" and
// i+1.
func colName(i int) string {
	if i < len(colNames) {
		return colNames[i]
	}
	return "col" + strconv.Itoa(i+1)
}

package codes

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Format is the file format of a code table.
type Format int

// The formats Load and Parse read. See Parse for what each must look like.
const (
	TSV  Format = iota + 1 // tab-separated values, extension .tsv
	CSV                    // comma-separated values (RFC 4180), extension .csv
	JSON                   // JSON, extension .json
)

// String returns "tsv", "csv" or "json", or "Format(N)" for other values.
func (f Format) String() string {
	switch f {
	case TSV:
		return "tsv"
	case CSV:
		return "csv"
	case JSON:
		return "json"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// FormatOf returns the format that the extension of path names: .tsv, .csv
// or .json, in any letter case. For any other extension it returns a
// *LoadError wrapping ErrFormat that names path and the accepted extensions.
func FormatOf(path string) (Format, error) {
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".tsv":
		return TSV, nil
	case ".csv":
		return CSV, nil
	case ".json":
		return JSON, nil
	}
	var err error
	if ext == "" {
		err = fmt.Errorf("%w: the file name has no extension; name the file *.tsv, *.csv or *.json after its format", ErrFormat)
	} else {
		err = fmt.Errorf("%w %q: name the file *.tsv, *.csv or *.json after its format", ErrFormat, ext)
	}
	return 0, &LoadError{Path: path, Err: err}
}

// Load reads the code table in the file path, in the format its extension
// names (see FormatOf). See Parse for the formats. All errors are
// *LoadError; for a file that cannot be read, Err is the operating system's
// error, so errors.Is(err, fs.ErrNotExist) works.
func Load(path string) (*Table, error) {
	rows, err := loadRows(path)
	if err != nil {
		return nil, err
	}
	return tableOf(rows), nil
}

// Parse reads a code table in format f from r. The name stands for the
// input in errors and in the entries' Source ("NAME:LINE").
//
// TSV and CSV files have one row per line (a CSV row may span lines inside
// quotes), with LF or CRLF line ends. TSV columns are separated by one TAB
// and have no quoting; a line starting with '#' is a comment. CSV follows
// RFC 4180 as encoding/csv reads it. A line that is empty or has only white
// space in its cells is skipped, but still counts for line numbers.
//
// A TSV or CSV input without rows gives an empty table; an empty JSON input
// is an error, as it is not JSON.
//
// A TSV or CSV file may start with a header row. The first row that is not
// skipped is a header if its first cell is not a valid code and one of its
// cells is "code" (in any letter case). With a header, columns are found by
// name: "code"; "message" or "msg"; "instruction" or, if there is none,
// "instruction_en"; every other column becomes an Extra field named as in
// the header, and every row must have as many cells as the header. Without a
// header, the columns are code, message and instruction, and further
// columns become Extra fields named "col4", "col5" and so on.
//
// A JSON file is either an array of objects,
//
//	[{"code": 871300, "message": "...", "instruction": "...", ...}, ...]
//
// whose code is a JSON number or a string of digits, or an object mapping
// codes to objects:
//
//	{"871300": {"message": "...", "instruction": "..."}, ...}
//
// The member names are those of the header above. Other members become
// Extra fields in the order they appear: strings as they are, numbers and
// booleans as written; null members are skipped. The line of a JSON row is
// the line of its object (array form) or of its key (object form).
//
// Input must be UTF-8; a UTF-8 byte order mark at the start is skipped. Text
// is kept as it is, except that the code is read with surrounding spaces
// removed, by ParseCode's rule: "0871300" is an error, not 871300. When a code appears more than once, the last row wins; Check
// reports such codes.
//
// All errors are *LoadError with Path name and, where one applies, the line.
func Parse(name string, r io.Reader, f Format) (*Table, error) {
	if err := checkFormat(name, f); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &LoadError{Path: name, Err: err}
	}
	rows, err := parseRows(name, data, f)
	if err != nil {
		return nil, err
	}
	return tableOf(rows), nil
}

// Duplicate is a code that appears on more than one row of a file.
type Duplicate struct {
	Code  uint32
	Lines []int // every line where the code appears, ascending
}

// Check loads the file path like Load and reports the codes that appear
// more than once in it, sorted by code. It returns a nil slice when every
// code is unique, and the error Load would return if the file is malformed.
func Check(path string) ([]Duplicate, error) {
	rows, err := loadRows(path)
	if err != nil {
		return nil, err
	}
	return duplicates(rows), nil
}

// row is an entry read from a file and the line it was read from.
type row struct {
	Entry
	line int
}

func loadRows(path string) ([]row, error) {
	f, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &LoadError{Path: path, Err: err}
	}
	return parseRows(path, data, f)
}

func checkFormat(name string, f Format) error {
	switch f {
	case TSV, CSV, JSON:
		return nil
	}
	return &LoadError{Path: name, Err: fmt.Errorf("%w %v: use codes.TSV, codes.CSV or codes.JSON", ErrFormat, f)}
}

var bom = []byte("\ufeff")

// parseRows reads the rows of data, in file order, duplicates included.
// Every row's Source is "name:LINE".
func parseRows(name string, data []byte, f Format) ([]row, error) {
	if err := checkFormat(name, f); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data) {
		return nil, encodingError(name, data)
	}
	var (
		rows []row
		err  error
	)
	switch f {
	case TSV:
		rows, err = parseTSV(name, data)
	case CSV:
		rows, err = parseCSV(name, data)
	case JSON:
		rows, err = parseJSON(name, data)
	}
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Source = name + ":" + strconv.Itoa(rows[i].line)
	}
	return rows, nil
}

func encodingError(name string, data []byte) error {
	line, off := 1, 0
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n == 1 {
			break
		}
		if r == '\n' {
			line++
		}
		data = data[n:]
		off += n
	}
	hint := "save the file as UTF-8"
	if off == 0 && len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff) {
		hint = "the file is UTF-16; save it as UTF-8"
	}
	return &LoadError{Path: name, Line: line, Err: fmt.Errorf("%w: byte %#02x; %s", ErrEncoding, data[0], hint)}
}

func tableOf(rows []row) *Table {
	es := make([]Entry, len(rows))
	for i := range rows {
		es[i] = rows[i].Entry
	}
	return newTable(es)
}

func duplicates(rows []row) []Duplicate {
	lines := make(map[uint32][]int, len(rows))
	for _, r := range rows {
		lines[r.Code] = append(lines[r.Code], r.line)
	}
	var dups []Duplicate
	for code, ls := range lines {
		if len(ls) > 1 {
			slices.Sort(ls)
			dups = append(dups, Duplicate{Code: code, Lines: ls})
		}
	}
	slices.SortFunc(dups, func(a, b Duplicate) int { return cmp.Compare(a.Code, b.Code) })
	return dups
}

// cellCode reads the code in a table cell: the cell without its
// surrounding white space, by ParseCode's rule.
func cellCode(s string) (uint32, bool) { return ParseCode(strings.TrimSpace(s)) }

// codeError explains why s is not a code.
func codeError(s string) error {
	t := strings.TrimSpace(s)
	const fix = "write the code in decimal digits only, e.g. 871300"
	switch {
	case t == "":
		return fmt.Errorf("%w: the code is empty; %s", ErrBadCode, fix)
	case strings.Trim(t, "0123456789") == "" && len(t) > MaxDigits:
		return fmt.Errorf("%w: %s has %d digits; codes have at most %d digits", ErrBadCode, quote(t), len(t), MaxDigits)
	case strings.Trim(t, "0123456789") == "" && t[0] == '0':
		return fmt.Errorf("%w: %s has a leading zero; write the code without it, e.g. %s", ErrBadCode, quote(t), canonical(t))
	}
	return fmt.Errorf("%w: got %s; %s", ErrBadCode, quote(t), fix)
}

// canonical is the digits t without their leading zeros ("0" for zeros
// only).
func canonical(t string) string {
	if u := strings.TrimLeft(t, "0"); u != "" {
		return u
	}
	return "0"
}

// quote quotes s for an error message, shortened if it is long.
func quote(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		return strconv.Quote(string(r[:max])) + "..."
	}
	return strconv.Quote(s)
}

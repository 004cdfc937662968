package codes

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Format is the file format of a code table.
type Format int

// The formats Load and Parse read. See Parse for what each must look like.
const (
	TSV  Format = iota + 1 // tab-separated values, extension .tsv
	CSV                    // comma-separated values (RFC 4180), extension .csv
	JSON                   // JSON, extension .json
	Page                   // a Markdown or HTML page with tables, extension .md, .markdown, .html or .htm
)

// String returns "tsv", "csv", "json" or "page", or "Format(N)" for other
// values.
func (f Format) String() string {
	switch f {
	case TSV:
		return "tsv"
	case CSV:
		return "csv"
	case JSON:
		return "json"
	case Page:
		return "page"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

const nameHint = "name the file *.tsv, *.csv or *.json after its format, or *.md for a page of tables such as the vendor's error-code pages"

// FormatOf returns the format that the extension of path names, in any
// letter case: .tsv, .csv, .json, or .md, .markdown, .html and .htm for
// Page. For any other extension it returns a *LoadError wrapping ErrFormat
// that names path and the accepted extensions.
func FormatOf(path string) (Format, error) {
	ext := filepath.Ext(path)
	switch strings.ToLower(ext) {
	case ".tsv":
		return TSV, nil
	case ".csv":
		return CSV, nil
	case ".json":
		return JSON, nil
	case ".md", ".markdown", ".html", ".htm":
		return Page, nil
	}
	var err error
	if ext == "" {
		err = fmt.Errorf("%w: the file name has no extension; %s", ErrFormat, nameHint)
	} else {
		err = fmt.Errorf("%w %q: %s", ErrFormat, ext, nameHint)
	}
	return 0, &LoadError{Path: path, Err: err}
}

// Load reads the code table in the file path, in the format its extension
// names (see FormatOf). See Parse for the formats and the bounds. All
// errors are *LoadError; for a file that cannot be read, Err is the
// operating system's error, so errors.Is(err, fs.ErrNotExist) works.
func Load(path string) (*Table, error) {
	rs, err := loadRows(path)
	if err != nil {
		return nil, err
	}
	if rs.st != nil {
		st := rs.st.store(rs.info("", "", nil))
		rs.st = nil
		return newTable([]seg{{st: st, to: st.len()}}), nil
	}
	return build(rs.es), nil
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
// "instruction_en"; "lang" (Entry.Lang; zh, en or empty, see Entry); every
// other column becomes an Extra field named as in the header, and every
// row must have as many cells as the header. Without a header, the columns
// are code, message and instruction, and further columns become Extra
// fields named "col4", "col5" and so on.
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
// A page (Format Page) is Markdown with HTML tables, as the vendor
// publishes its error codes, or with Markdown pipe tables (the full rules
// are in the comment at the top of page.go). Every table whose code
// column holds codes is read; other tables, fenced code blocks and HTML
// comments are not, and a page with no table of codes is an error
// (ErrNoTable). The heading above a table is its rows' Platform. A header
// row names the columns, in any letter case:
//
//	code         Code, Error Code, Status Code, 错误码, 状态码, 返回码, ...
//	message      Message, Msg, Error Message, Err Message, 错误信息, ...
//	instruction  Instruction(s), Explanation, Detailed Explanation, 说明, 详细解释, 解释, ...
//	either       Description, Desc, 描述: the message, or the instruction if a column is the message
//	lang         Lang, Language, 语言
//
// Without a code name the code is the first column; a message or
// instruction without a name takes the first column left unnamed; other
// cells become Extra fields named by the header, or "colN". Cell text has
// its tags removed (a link's text is kept), <br> and other block tags
// turned into spaces, entities decoded, white space collapsed and trimmed.
// Header rows (before the first row of codes) and empty rows are skipped;
// any other row of a table of codes whose code cell is not a code is an
// error. The line of a row is the line of its code. A page's Lang is "zh"
// when most of its rows have Chinese text, "en" otherwise.
//
// Input must be UTF-8; a UTF-8 byte order mark at the start is skipped. Text
// of TSV, CSV and JSON is kept as it is, except that the code is read with
// surrounding spaces removed, by ParseCode's rule: "0871300" is an error,
// not 871300. When a code appears more than once with the same platform
// and language, the last row wins; Check reports such codes. Rows of a
// code under other platforms or in other languages are all kept: Rows
// gives them, Lookup the last.
//
// Reading is bounded: at most MaxFileSize bytes, MaxLineLen bytes a line
// (except JSON) and MaxRows rows (ErrTooLarge); it stops at the first line
// that holds a NUL byte or is mostly control characters or invalid UTF-8
// (ErrBinary).
//
// All errors are *LoadError with Path name and, where one applies, the line.
func Parse(name string, r io.Reader, f Format) (*Table, error) {
	if err := checkFormat(name, f); err != nil {
		return nil, err
	}
	data, err := readBounded(name, r, f, -1)
	if err != nil {
		return nil, err
	}
	rs, err := parseRows(name, ownedString(data), f)
	if err != nil {
		return nil, err
	}
	return build(rs.es), nil
}

// ownedString returns data as a string without copying it. data must not
// be changed afterwards: the bounded reader's buffers are owned by the
// loader and never written after reading.
func ownedString(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(data), len(data))
}

// Duplicate is a code that appears on more than one row of a file with the
// same platform and language: the rows that Load keeps only the last of.
type Duplicate struct {
	Code  uint32
	Lines []int // every line where the code appears, ascending
	// Platform and Lang are the rows' Entry.Platform and Entry.Lang, often
	// empty.
	Platform, Lang string
}

// Check loads the file path like Load and reports the codes that appear
// more than once in it with the same platform and language, sorted by
// code, then platform and language. A code under two headings of a page is
// not a duplicate: the table keeps both rows. Check returns a nil slice
// when there are no duplicates, and the error Load would return if the
// file is malformed.
func Check(path string) ([]Duplicate, error) {
	rs, err := loadRows(path)
	if err != nil {
		return nil, err
	}
	return duplicates(rs), nil
}

// rowSet is the rows read from a file, in file order, duplicates included.
type rowSet struct {
	name string
	es   []Entry
	// st, when set, holds the rows instead of es: those of a file read
	// through a window (see loadStream) while they are plain (see store).
	// The first row that is not makes them entries.
	st *storeBuilder
	// text, when set, gets a copy of the text that entries keep: the
	// input is not kept (JSON), or is a window that is reused.
	text   *textArena
	fields fieldArena
	infos  infoArena
	shared map[[2]string]*rowInfo // by platform and lang: the infos of rows without Extra
	last   *rowInfo               // the last of shared handed out
}

// rawRow is a row as a parser reads it, before rowSet.add makes it an
// Entry.
type rawRow struct {
	Code                 uint32
	Message, Instruction string
	Platform, Lang       string
	Extra                []Field
}

// add appends a row read at line. Its text may be in a window that the
// caller reuses afterwards.
func (rs *rowSet) add(r rawRow, line int) error {
	if rs.len() >= MaxRows {
		return &LoadError{Path: rs.name, Line: line, Err: fmt.Errorf("%w: more than %d rows; a table has far fewer: check that this is the code table", ErrTooLarge, MaxRows)}
	}
	if rs.st != nil {
		if r.Extra == nil && r.Lang == "" && r.Platform == "" {
			rs.st.add(r.Code, r.Message, r.Instruction, line)
			return nil
		}
		rs.es = rs.st.entries(rs.info("", "", nil))
		rs.st = nil
	}
	if a := rs.text; a != nil {
		r.Message, r.Instruction = a.keep(r.Message), a.keep(r.Instruction)
		for i := range r.Extra {
			r.Extra[i].Value = a.keep(r.Extra[i].Value)
		}
	}
	rs.es = append(rs.es, Entry{Code: r.Code, line: int32(line), Message: r.Message, Instruction: r.Instruction,
		info: rs.info(r.Platform, r.Lang, r.Extra)})
	return nil
}

// len returns the number of rows.
func (rs *rowSet) len() int {
	if rs.st != nil {
		return rs.st.len()
	}
	return len(rs.es)
}

// truncate drops the rows from the n-th on.
func (rs *rowSet) truncate(n int) {
	if rs.st != nil {
		rs.st.truncate(n)
		return
	}
	clear(rs.es[n:])
	rs.es = rs.es[:n]
}

// all returns the rows, in file order: es, or entries made of st's rows.
func (rs *rowSet) all() []Entry {
	if rs.st != nil {
		return rs.st.entries(rs.info("", "", nil))
	}
	return rs.es
}

// info returns the rowInfo of a row: a shared one when it has no Extra
// fields, its own otherwise.
func (rs *rowSet) info(platform, lang string, extra []Field) *rowInfo {
	if extra != nil {
		return rs.infos.new(rowInfo{path: rs.name, platform: platform, lang: lang, extra: extra})
	}
	if x := rs.last; x != nil && x.platform == platform && x.lang == lang {
		return x
	}
	k := [2]string{platform, lang}
	x := rs.shared[k]
	if x == nil {
		if rs.shared == nil {
			rs.shared = make(map[[2]string]*rowInfo)
		}
		x = &rowInfo{path: rs.name, platform: platform, lang: lang}
		rs.shared[k] = x
	}
	rs.last = x
	return x
}

// setLang sets the language of row i.
func (rs *rowSet) setLang(i int, lang string) {
	e := &rs.es[i]
	if e.info.extra == nil {
		e.info = rs.info(e.info.platform, lang, nil)
	} else {
		e.info.lang = lang // the row's own
	}
}

// infoArena hands out rowInfos from shared blocks, so that rows with
// their own do not each allocate one.
type infoArena struct{ block []rowInfo }

func (a *infoArena) new(x rowInfo) *rowInfo {
	if len(a.block) == cap(a.block) {
		a.block = make([]rowInfo, 0, 256)
	}
	a.block = append(a.block, x)
	return &a.block[len(a.block)-1]
}

func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// fieldArena hands out Extra slices from shared blocks, so that rows do not
// each allocate one.
type fieldArena struct{ block []Field }

// make returns an empty slice with room for n fields; appending more than
// n to it reallocates it.
func (a *fieldArena) make(n int) []Field {
	if n == 0 {
		return nil
	}
	if cap(a.block)-len(a.block) < n {
		a.block = make([]Field, 0, max(n, 1024))
	}
	l := len(a.block)
	a.block = a.block[:l+n]
	return a.block[l : l : l+n]
}

func loadRows(path string) (*rowSet, error) {
	f, err := FormatOf(path)
	if err != nil {
		return nil, err
	}
	if f == TSV || f == JSON {
		if rs, ok, err := openStream(path, f); ok {
			return rs, err
		}
	}
	data, err := openBounded(path, f)
	if err != nil {
		return nil, err
	}
	return parseRows(path, ownedString(data), f)
}

func checkFormat(name string, f Format) error {
	switch f {
	case TSV, CSV, JSON, Page:
		return nil
	}
	return &LoadError{Path: name, Err: fmt.Errorf("%w %v: use codes.TSV, codes.CSV, codes.JSON or codes.Page", ErrFormat, f)}
}

const bom = "\ufeff"

// parseRows reads the rows of text, in file order, duplicates included,
// with their Source set.
func parseRows(name string, text string, f Format) (*rowSet, error) {
	if err := checkFormat(name, f); err != nil {
		return nil, err
	}
	text = strings.TrimPrefix(text, bom)
	if !utf8.ValidString(text) {
		return nil, encodingError(name, []byte(text))
	}
	rs := &rowSet{name: name}
	var err error
	switch f {
	case TSV:
		err = parseTSV(rs, text)
	case CSV:
		err = parseCSV(rs, text)
	case JSON:
		err = parseJSON(rs, text)
	case Page:
		err = parsePage(rs, text)
	}
	if err != nil {
		return nil, err
	}
	return rs, nil
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

// duplicates returns the rows that share code, platform and language.
func duplicates(rs *rowSet) []Duplicate {
	type key struct {
		code           uint32
		platform, lang string
	}
	es := rs.all()
	lines := make(map[key][]int, len(es))
	for i := range es {
		e := &es[i]
		k := key{e.Code, e.Platform(), e.Lang()}
		lines[k] = append(lines[k], int(e.line))
	}
	var dups []Duplicate
	for k, ls := range lines {
		if len(ls) > 1 {
			slices.Sort(ls)
			dups = append(dups, Duplicate{Code: k.code, Lines: ls, Platform: k.platform, Lang: k.lang})
		}
	}
	slices.SortFunc(dups, func(a, b Duplicate) int {
		return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Platform, b.Platform), cmp.Compare(a.Lang, b.Lang))
	})
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

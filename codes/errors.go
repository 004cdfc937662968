package codes

import (
	"errors"
	"strconv"
)

// Errors that Load, Parse, Check and FormatOf report, always wrapped in a
// *LoadError that says where. The wrapped message adds what was found and
// what to do about it; test for the kind of problem with errors.Is.
var (
	// ErrFormat means the file's format is not known: its name does not
	// end in .tsv, .csv, .json, .md, .markdown, .html or .htm, or the
	// Format value is not TSV, CSV, JSON or Page.
	ErrFormat = errors.New("codes: unknown table format")

	// ErrBadCode means a code is not a number of 1 to 9 decimal digits: it
	// is empty, negative, has other characters, or is too long.
	ErrBadCode = errors.New("codes: code is not a number of 1 to 9 digits")

	// ErrColumns means a row has the wrong number of columns: fewer than 3
	// in a file without a header, or not as many as the header.
	ErrColumns = errors.New("codes: wrong number of columns")

	// ErrNoCode means a header has no "code" column, or a JSON object has
	// no "code" member.
	ErrNoCode = errors.New("codes: row has no code column")

	// ErrSyntax means the file is not well-formed CSV or JSON, or its JSON
	// does not have the shape of a code table.
	ErrSyntax = errors.New("codes: syntax error")

	// ErrEncoding means the file is not valid UTF-8.
	ErrEncoding = errors.New("codes: text is not valid UTF-8")

	// ErrBinary means a line holds NUL bytes or is mostly control
	// characters and invalid UTF-8: the file is not text (an image, an
	// archive, a device such as /dev/zero, a UTF-16 file without a byte
	// order mark). Reading stops at the first such line.
	ErrBinary = errors.New("codes: binary data, not a text table")

	// ErrTooLarge means the input is beyond one of the bounds: more than
	// MaxFileSize bytes, a line longer than MaxLineLen bytes (TSV, CSV and
	// pages), or more than MaxRows rows.
	ErrTooLarge = errors.New("codes: table too large")

	// ErrNoTable means a page (Format Page) holds no table of codes: no
	// HTML or Markdown pipe table whose code column holds a code.
	ErrNoTable = errors.New("codes: no table of codes on the page")

	// ErrLang means a "lang" cell is not "zh", "en" or empty (see Entry.Lang
	// for the spellings that are read as those).
	ErrLang = errors.New("codes: unknown language")
)

// LoadError is the error of reading a code table: where it happened and
// what went wrong.
type LoadError struct {
	Path string // the file name, or the name given to Parse
	Line int    // 1-based line number, or 0 when no line applies
	Err  error  // what went wrong; usually wraps one of the Err variables
}

// Error returns "PATH:LINE: message", or "PATH: message" when Line is 0.
func (e *LoadError) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	switch {
	case e.Path == "" && e.Line <= 0:
		return msg
	case e.Line <= 0:
		return e.Path + ": " + msg
	}
	return e.Path + ":" + strconv.Itoa(e.Line) + ": " + msg
}

// Unwrap returns e.Err.
func (e *LoadError) Unwrap() error { return e.Err }

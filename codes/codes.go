// Package codes is the table of JMessage SDK error codes that jmlog annotates
// log lines with.
//
// A Table maps a code to its Entry. The rows of the JMessage Android SDK
// specification are built in (see Embedded); more tables are read from TSV,
// CSV or JSON files with Load or Parse and combined with Merge.
//
// The package only looks codes up: it never prints, keeps no mutable global
// state and does no I/O except reading the file named to Load and Check.
package codes

import (
	"cmp"
	_ "embed"
	"slices"
	"sync"
)

// Entry is one row of a table.
type Entry struct {
	// Code is the error code, 0 to 999999999 (1 to 9 decimal digits).
	Code uint32
	// Message is the error message the SDK reports, exactly as the table
	// gives it. It may be empty.
	Message string
	// Instruction explains the error and what to do about it. It may be
	// empty.
	Instruction string
	// Extra holds the other columns of a loaded table, in file column order,
	// for example table, instruction_zh or source. It is nil for the
	// embedded rows and for rows without other columns.
	Extra []Field
	// Source says where the row came from: "embedded" for the built-in
	// rows, or "PATH:LINE" for a row read from a file.
	Source string
}

// Field is one extra column of a row: the column's name and the row's value
// in it.
type Field struct{ Name, Value string }

// Table is an immutable code table: at most one Entry per code.
//
// The zero Table is empty and valid, and so is a nil *Table. A Table is safe
// for concurrent use.
type Table struct {
	entries []Entry          // sorted by Code; codes are unique
	index   map[uint32]int32 // Code -> position in entries
}

// newTable returns a table of rows. A later row replaces an earlier one with
// the same code. newTable keeps rows' Extra slices; it does not copy them.
func newTable(rows []Entry) *Table {
	index := make(map[uint32]int32, len(rows))
	entries := make([]Entry, 0, len(rows))
	for _, e := range rows {
		if i, ok := index[e.Code]; ok {
			entries[i] = e
			continue
		}
		index[e.Code] = int32(len(entries))
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b Entry) int { return cmp.Compare(a.Code, b.Code) })
	for i := range entries {
		index[entries[i].Code] = int32(i)
	}
	return &Table{entries: entries, index: index}
}

// Lookup returns the entry for code and true, or nil and false if the table
// has no such code.
//
// The returned Entry belongs to the table: it stays valid as long as the
// table and must not be modified. Lookup does not allocate.
func (t *Table) Lookup(code uint32) (*Entry, bool) {
	if t == nil {
		return nil, false
	}
	i, ok := t.index[code]
	if !ok {
		return nil, false
	}
	return &t.entries[i], true
}

// Len returns the number of codes in the table.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.entries)
}

// Entries returns all rows of the table, sorted by code. The result is a
// copy, Extra slices included, that the caller may modify.
func (t *Table) Entries() []Entry {
	if t == nil || len(t.entries) == 0 {
		return nil
	}
	out := slices.Clone(t.entries)
	for i := range out {
		out[i].Extra = slices.Clone(out[i].Extra)
	}
	return out
}

// Merge returns a table holding the rows of all tables. When several tables
// have the same code, the row of the latest table wins. Nil tables are
// skipped; Merge of no tables returns an empty table. The result shares no
// mutable state with its arguments.
func Merge(tables ...*Table) *Table {
	n := 0
	for _, t := range tables {
		n += t.Len()
	}
	rows := make([]Entry, 0, n)
	for _, t := range tables {
		if t != nil {
			rows = append(rows, t.entries...)
		}
	}
	return newTable(rows)
}

//go:embed android.tsv
var androidTSV []byte

// embedded parses android.tsv once, with the parser that reads TSV files.
var embedded = sync.OnceValue(func() *Table {
	rows, err := parseRows("android.tsv", androidTSV, TSV)
	if err != nil {
		panic("codes: the embedded table android.tsv is malformed: " + err.Error())
	}
	es := make([]Entry, len(rows))
	for i, r := range rows {
		es[i] = r.Entry
		es[i].Source = "embedded"
	}
	return newTable(es)
})

// Embedded returns the built-in table: the 40 rows of the JMessage Android
// SDK error-code specification, code 0 ("Success") and 871101 to 871506.
// Its entries have Source "embedded" and no Extra fields. Every call returns
// the same table.
func Embedded() *Table { return embedded() }

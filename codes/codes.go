// Package codes is the table of JMessage SDK error codes that jmlog annotates
// log lines with.
//
// A Table maps a code to its rows (Entry: message, instruction, extra
// columns, source, platform, language). The rows of the JMessage Android
// SDK specification are built in (see Embedded); more tables are read with
// Load or Parse from TSV, CSV or JSON files, or from the vendor's
// error-code pages (Markdown with HTML or pipe tables, Format Page), and
// combined with Merge, or with MergeLang to prefer one language and pair
// each row with its other-language counterpart.
//
// Reading is bounded: MaxFileSize bytes, MaxLineLen bytes a line, MaxRows
// rows; binary input stops at its first line. All load errors are
// *LoadError ("PATH:LINE: ...") wrapping one of the Err variables.
//
// A code is read by one rule everywhere (ParseCode). Lookup takes constant
// time and does not allocate; a row costs about 130 bytes beyond its text
// (see Table).
//
// The package only looks codes up: it never prints, keeps no mutable global
// state and does no I/O except reading the file named to Load and Check.
package codes

import (
	"cmp"
	_ "embed"
	"slices"
	"strconv"
	"sync"
)

// Entry is one row of a table: the code and its text, 48 bytes. What
// fewer rows need (Source, Platform, Lang, Extra, Alt) is behind one
// pointer that the rows of a file share, so a large table costs little
// beyond its text.
type Entry struct {
	// Code is the error code, 0 to 999999999 (1 to 9 decimal digits).
	Code uint32
	// line is the row's line in its file, or 0 for the embedded rows.
	line int32
	// Message is the error message the SDK reports, as the table gives it
	// (for a page, the cell's text; see Parse). It may be empty.
	Message string
	// Instruction explains the error and what to do about it. It may be
	// empty.
	Instruction string
	// info holds the rest; nil for an Entry made outside the package.
	info *rowInfo
}

// rowInfo is what an Entry has beyond its code and text. The rows of a
// file with the same platform and language and no Extra fields share one.
type rowInfo struct {
	path           string // the file's name, or "embedded"
	platform, lang string
	extra          []Field
	alt            *Entry
}

// Source says where the row came from: "embedded" for the built-in rows,
// or "PATH:LINE" for a row read from a file. It is made on each call.
func (e *Entry) Source() string {
	if e.info == nil {
		return ""
	}
	if e.line == 0 {
		return e.info.path
	}
	var d [12]byte
	return e.info.path + ":" + string(strconv.AppendInt(d[:0], int64(e.line), 10))
}

// Platform is the part of the product the row belongs to: for a page, the
// Markdown heading above the row's table ("JMessage Android", "JMRTC
// iOS"), or "" when there is none; "JMessage Android" for the embedded
// rows; "" for TSV, CSV and JSON rows (a "platform" column there is an
// Extra field, as it always was).
func (e *Entry) Platform() string {
	if e.info == nil {
		return ""
	}
	return e.info.platform
}

// Lang is the language of the row's text: "zh", "en" or "" (not known). A
// page is "zh" when most of its rows have Chinese text, "en" otherwise;
// TSV, CSV and JSON rows take it from a "lang" column, which may hold zh,
// en or empty in any letter case, or a tag such as zh-CN, zh_Hans or
// en-US. The embedded rows are "en".
func (e *Entry) Lang() string {
	if e.info == nil {
		return ""
	}
	return e.info.lang
}

// Extra holds the other columns of a loaded table, in file column order,
// for example table, instruction_zh or source. It is nil for the embedded
// rows and for rows without other columns. The slice belongs to the table
// and must not be modified.
func (e *Entry) Extra() []Field {
	if e.info == nil {
		return nil
	}
	return e.info.extra
}

// Alt is the same code's row in another language, set by MergeLang; nil
// otherwise. Alt().Alt() is nil.
func (e *Entry) Alt() *Entry {
	if e.info == nil {
		return nil
	}
	return e.info.alt
}

// Field is one extra column of a row: the column's name and the row's value
// in it.
type Field struct{ Name, Value string }

// Table is an immutable code table.
//
// A table holds at most one row per code, platform and language: a page
// may hold the same code under two headings (code 0 is under "JMessage
// Android" and "JMRTC Android" on the vendor's Chinese Android page), and a
// table with a lang column may hold a code in both languages. Lookup gives
// one of them, Rows all of them.
//
// Each row costs about 130 bytes beyond its text and its Source
// ("PATH:LINE", all of a file's in one string): the Entry (120 bytes, as
// Lookup hands out *Entry without allocating) and 8 to 16 bytes of index
// (TestRowMemory measures 127 for 1M rows). Text read from TSV files is
// not copied: the rows refer to the file's bytes, which the table keeps;
// JSON and page text is copied into shared blocks, and the file is not
// kept.
//
// The zero Table is empty and valid, and so is a nil *Table. A Table is safe
// for concurrent use.
type Table struct {
	// entries are sorted by Code, and within a code in source order (the
	// order of the file, or of Merge's arguments). (Code, Platform, Lang)
	// is unique.
	entries []Entry
	// slots is an open-addressing hash index, len a power of two and at
	// least twice the number of codes: slot i holds 1 + the position in
	// entries of the last row of a code, or 0 when empty. Linear probing.
	slots []int32
	shift uint8 // 32 - log2(len(slots))
}

// slot returns the first slot to probe for code.
func (t *Table) slot(code uint32) uint32 { return (code * 0x9E3779B1) >> t.shift }

// build returns the table of rows, taking rows over: it sorts them in
// place. rows are in source order; of rows with the same code, platform
// and language, the last wins.
func build(rows []Entry) *Table {
	sortStable(rows)
	rows = dedupe(rows)
	if len(rows) == 0 {
		return &Table{}
	}
	codes := 1
	for i := 1; i < len(rows); i++ {
		if rows[i].Code != rows[i-1].Code {
			codes++
		}
	}
	bits := uint8(1)
	for 1<<bits < 2*codes {
		bits++
	}
	t := &Table{entries: rows, slots: make([]int32, 1<<bits), shift: 32 - bits}
	mask := uint32(len(t.slots) - 1)
	for i := range rows {
		if i+1 < len(rows) && rows[i+1].Code == rows[i].Code {
			continue // not the last row of its code
		}
		j := t.slot(rows[i].Code)
		for t.slots[j] != 0 {
			j = (j + 1) & mask
		}
		t.slots[j] = int32(i + 1)
	}
	return t
}

// sortStable sorts rows by code, keeping the order of rows with the same
// code. It needs 8 bytes a row, for a key of code and position, and moves
// each row at most once.
func sortStable(rows []Entry) {
	if slices.IsSortedFunc(rows, func(a, b Entry) int { return cmp.Compare(a.Code, b.Code) }) {
		return
	}
	keys := make([]uint64, len(rows))
	for i := range rows {
		keys[i] = uint64(rows[i].Code)<<32 | uint64(i)
	}
	slices.Sort(keys)
	// Position i takes the row at uint32(keys[i]). Follow each cycle of
	// that permutation once; bit 63 (codes are below 2^30) marks done.
	const done = 1 << 63
	for i := range keys {
		if keys[i]&done != 0 {
			continue
		}
		tmp := rows[i]
		j := i
		for {
			k := int(uint32(keys[j]))
			keys[j] |= done
			if k == i {
				rows[j] = tmp
				break
			}
			rows[j] = rows[k]
			j = k
		}
	}
}

// dedupe drops, from rows sorted by code and in source order within a code,
// every row that a later row with the same code, platform and language
// replaces. It works in place and returns the shortened slice.
func dedupe(rows []Entry) []Entry {
	w := 0
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].Code == rows[i].Code {
			j++
		}
		if j-i == 1 {
			rows[w] = rows[i]
			w++
			i = j
			continue
		}
		// A run of one code: keep the last row of each (platform, lang),
		// in source order.
		type key struct{ platform, lang string }
		last := make(map[key]int, j-i)
		for k := i; k < j; k++ {
			last[key{rows[k].Platform(), rows[k].Lang()}] = k
		}
		for k := i; k < j; k++ {
			if last[key{rows[k].Platform(), rows[k].Lang()}] == k {
				rows[w] = rows[k]
				w++
			}
		}
		i = j
	}
	clear(rows[w:]) // let the dropped rows' text go
	return rows[:w]
}

// find returns the position of the last row of code, or -1.
func (t *Table) find(code uint32) int {
	if t == nil || len(t.slots) == 0 {
		return -1
	}
	mask := uint32(len(t.slots) - 1)
	for i := t.slot(code); ; i = (i + 1) & mask {
		p := t.slots[i]
		if p == 0 {
			return -1
		}
		if t.entries[p-1].Code == code {
			return int(p - 1)
		}
	}
}

// Lookup returns the entry for code and true, or nil and false if the table
// has no such code. When the table holds several rows for code (see
// Table), Lookup returns the last of them in source order: for a page, the
// one under the last heading.
//
// The returned Entry belongs to the table: it stays valid as long as the
// table and must not be modified. Lookup takes constant time and does not
// allocate.
func (t *Table) Lookup(code uint32) (*Entry, bool) {
	p := t.find(code)
	if p < 0 {
		return nil, false
	}
	return &t.entries[p], true
}

// Rows returns every row of code, one per platform and language, in source
// order; the last is the one Lookup returns. It returns nil if the table
// has no such code. The slice belongs to the table and must not be
// modified. Rows does not allocate.
func (t *Table) Rows(code uint32) []Entry {
	p := t.find(code)
	if p < 0 {
		return nil
	}
	q := p
	for q > 0 && t.entries[q-1].Code == code {
		q--
	}
	return t.entries[q : p+1 : p+1]
}

// Len returns the number of rows in the table, the length of Entries: the
// number of codes, plus one for each further platform or language that a
// code has rows in.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return len(t.entries)
}

// Codes returns the table's distinct codes, in increasing order. Unlike
// Entries it copies no rows: a 1M-row table costs 4 MB here, not 120 MB.
func (t *Table) Codes() []uint32 {
	if t == nil {
		return nil
	}
	var out []uint32
	for i := range t.entries {
		if c := t.entries[i].Code; len(out) == 0 || out[len(out)-1] != c {
			out = append(out, c)
		}
	}
	return out
}

// Entries returns all rows of the table, sorted by code, and rows of the
// same code in source order. The result is a copy that the caller may
// modify; what the rows' methods return (Extra, Alt) still belongs to the
// table.
func (t *Table) Entries() []Entry {
	if t == nil || len(t.entries) == 0 {
		return nil
	}
	return slices.Clone(t.entries)
}

// Merge returns a table holding the rows of all tables. When several tables
// have the same code, the rows of the latest table that has it win: all of
// its rows for that code, and none of the others'. Nil tables are skipped;
// Merge of no tables returns an empty table. The result shares no mutable
// state with its arguments (tables are immutable; it shares their text).
func Merge(tables ...*Table) *Table {
	return merge(tables, func(runs [][]Entry, out []Entry, _ bool) []Entry {
		for i := len(runs) - 1; i >= 0; i-- {
			if runs[i] != nil {
				return append(out, runs[i]...)
			}
		}
		return out
	})
}

// merge merges tables code by code: pick appends to out the rows to keep
// of one code, given runs[i], the rows of the code in tables[i] (nil if
// none). pick is called twice per code, first to count the rows (final
// false), then to keep them (final true); it must append the same rows
// both times.
func merge(tables []*Table, pick func(runs [][]Entry, out []Entry, final bool) []Entry) *Table {
	n := 0
	var scratch []Entry
	eachCode(tables, func(runs [][]Entry) {
		scratch = pick(runs, scratch[:0], false)
		n += len(scratch)
	})
	out := make([]Entry, 0, n)
	eachCode(tables, func(runs [][]Entry) { out = pick(runs, out, true) })
	return build(out) // sorted, and unique by (code, platform, lang), if pick keeps one table's rows
}

// eachCode calls fn once for each code of the tables, in increasing order,
// with runs[i] the rows of the code in tables[i], or nil.
func eachCode(tables []*Table, fn func(runs [][]Entry)) {
	pos := make([]int, len(tables))
	runs := make([][]Entry, len(tables))
	for {
		code, any := uint32(0), false
		for i, t := range tables {
			if p := pos[i]; t != nil && p < len(t.entries) && (!any || t.entries[p].Code < code) {
				code, any = t.entries[p].Code, true
			}
		}
		if !any {
			return
		}
		for i, t := range tables {
			runs[i] = nil
			if t == nil {
				continue
			}
			j := pos[i]
			for j < len(t.entries) && t.entries[j].Code == code {
				j++
			}
			if j > pos[i] {
				runs[i] = t.entries[pos[i]:j:j]
				pos[i] = j
			}
		}
		fn(runs)
	}
}

//go:embed android.tsv
var androidTSV string

// embedded parses android.tsv once, with the parser that reads TSV files.
var embedded = sync.OnceValue(func() *Table {
	rs, err := parseRows("android.tsv", androidTSV, TSV)
	if err != nil {
		panic("codes: the embedded table android.tsv is malformed: " + err.Error())
	}
	info := &rowInfo{path: "embedded", platform: "JMessage Android", lang: "en"}
	for i := range rs.es {
		rs.es[i].line, rs.es[i].info = 0, info
	}
	return build(rs.es)
})

// Embedded returns the built-in table: the 40 rows of the JMessage Android
// SDK error-code specification, code 0 ("Success") and 871101 to 871506.
// Its entries have Source "embedded", Platform "JMessage Android", Lang
// "en" and no Extra fields. Every call returns the same table.
func Embedded() *Table { return embedded() }

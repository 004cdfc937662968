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
// time and does not allocate, but for the first lookup of a table, which
// builds its index, and the first of a row of a large file, which makes
// its Entry and 7 others; a row costs about 56 bytes beyond its text, or
// 14 in a large file (see Table).
//
// The package only looks codes up: it never prints, keeps no mutable global
// state and does no I/O except reading the file named to Load and Check.
package codes

import (
	"cmp"
	_ "embed"
	"iter"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
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
// Each row costs about 56 bytes beyond its text: the Entry (48 bytes, as
// Lookup hands out *Entry without allocating; the rows of a file share
// their path, platform and language) and 8 bytes of index, built by the
// table's first lookup, so that a table that is only merged has none.
// Text read from a TSV file under 1 MiB is not copied: the rows refer to
// the file's bytes, which the table keeps. Larger TSV and JSON files are
// read through a window, never whole, and their text, like that of
// smaller JSON files and of pages, is copied into shared blocks; the file
// is not kept. The rows of such a file, when none has Extra fields or a
// language, are held as columns (see store): about 14 bytes a row beyond
// its text, with the Entries made 8 at a time by the first lookup of one
// of them (TestRowMemory measures 13 for 1M rows; BenchmarkLoad100k
// reports the live and allocated bytes a row of a 100,000-row table).
// Merge and MergeLang share the rows they keep as they are with the
// tables they merge, instead of copying them.
//
// The zero Table is empty and valid, and so is a nil *Table. A Table is safe
// for concurrent use.
type Table struct {
	// segs hold the rows, sorted by Code across and within segments, and
	// within a code in source order (the order of the file, or of
	// Merge's arguments); all rows of a code are in one segment.
	// (Code, Platform, Lang) is unique. A loaded table has one segment; a
	// merged one borrows the segments of its arguments where it keeps
	// their rows as they are (see merge), at most maxSegs of them.
	segs []seg
	n    int // rows in all segments
	// stores is set when a segment is a store's: find looks for the
	// segment of a code first (in his), and a store's segment up in its
	// store; slots index the other segments only.
	stores bool
	// slots is an open-addressing hash index, twice the number of codes
	// (of the segments that are not a store's) rounded up to a multiple
	// of 64: slot i holds 1 + seg<<segShift + the position in segs[seg]
	// of the last row of a code, or 0 when empty. Linear probing from the
	// slot of the code's hash scaled to len(slots) (see slot). It is
	// built by the first lookup (see buildIndex), so that a table that is
	// only merged, as a loaded file is, never has one; slots and his are
	// set before indexed.
	indexed atomic.Bool
	mu      sync.Mutex // held to build the index
	slots   []uint32
	his     []uint32 // with stores, the last code of each segment
}

// seg is a segment of a table: the rows es, or the rows from to to-1 of
// a store (see store) when st is set.
type seg struct {
	es       []Entry
	st       *store
	from, to int
}

func (s *seg) len() int {
	if s.st != nil {
		return s.to - s.from
	}
	return len(s.es)
}

// code returns the code of row i.
func (s *seg) code(i int) uint32 {
	if s.st != nil {
		return s.st.code(s.from + i)
	}
	return s.es[i].Code
}

// entry returns row i, which belongs to the table.
func (s *seg) entry(i int) *Entry {
	if s.st != nil {
		return s.st.entry(s.from + i)
	}
	return &s.es[i]
}

// slice returns the segment of rows i to j-1 of s.
func (s *seg) slice(i, j int) seg {
	if s.st != nil {
		return seg{st: s.st, from: s.from + i, to: s.from + j}
	}
	return seg{es: s.es[i:j:j]}
}

// The segments of a table: at most maxSegs, of fewer than 1<<segShift
// rows each (a table of 1<<28 rows would take more than 12 GB).
const (
	segShift = 28
	maxSegs  = 1 << (31 - segShift)
	posMask  = 1<<segShift - 1
)

// slot returns the first slot to probe for code.
func (t *Table) slot(code uint32) uint32 {
	return uint32(uint64(code*0x9E3779B1) * uint64(len(t.slots)) >> 32)
}

// build returns the table of rows, taking rows over: it sorts them in
// place. rows are in source order; of rows with the same code, platform
// and language, the last wins.
func build(rows []Entry) *Table {
	sortStable(rows)
	rows = dedupe(rows)
	if len(rows) == 0 {
		return &Table{}
	}
	return newTable([]seg{{es: rows}})
}

// newTable returns the table of segs, which hold sorted rows as
// Table.segs does.
func newTable(segs []seg) *Table {
	t := &Table{segs: segs}
	for i := range segs {
		t.n += segs[i].len()
		t.stores = t.stores || segs[i].st != nil
	}
	if t.n == 0 {
		return &Table{}
	}
	return t
}

// buildIndex builds the index of t once: the first lookup calls it, and
// the lookups that meet it meanwhile wait for it.
func (t *Table) buildIndex() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.indexed.Load() {
		return
	}
	codes := 0
	for k := range t.segs {
		seg := t.segs[k].es
		for i := range seg {
			if i == 0 || seg[i].Code != seg[i-1].Code {
				codes++
			}
		}
		if t.stores {
			t.his = append(t.his, t.segs[k].code(t.segs[k].len()-1))
		}
	}
	t.slots = make([]uint32, (2*codes+63)&^63)
	n := uint32(len(t.slots))
	for k := range t.segs {
		seg := t.segs[k].es
		for i := range seg {
			if i+1 < len(seg) && seg[i+1].Code == seg[i].Code {
				continue // not the last row of its code
			}
			j := t.slot(seg[i].Code)
			for t.slots[j] != 0 {
				if j++; j == n {
					j = 0
				}
			}
			t.slots[j] = 1 + uint32(k)<<segShift + uint32(i)
		}
	}
	t.indexed.Store(true)
}

// sortStable sorts rows by code, keeping the order of rows with the same
// code. When their lines increase, as those of a file read in order do
// (but for JSON objects on one line), the line is that order, and rows
// are sorted in place by code and line; else it needs 8 bytes a row, for
// a key of code and position, and moves each row at most once.
func sortStable(rows []Entry) {
	if slices.IsSortedFunc(rows, func(a, b Entry) int { return cmp.Compare(a.Code, b.Code) }) {
		return
	}
	if linesIncrease(rows) {
		slices.SortFunc(rows, func(a, b Entry) int { return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.line, b.line)) })
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

// linesIncrease reports whether each row's line is after the one before.
func linesIncrease(rows []Entry) bool {
	for i := 1; i < len(rows); i++ {
		if rows[i].line <= rows[i-1].line {
			return false
		}
	}
	return true
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

// find returns the segment and the position in it of the last row of
// code, or -1, -1.
func (t *Table) find(code uint32) (seg, pos int) {
	if t == nil || t.n == 0 {
		return -1, -1
	}
	if !t.indexed.Load() {
		t.buildIndex()
	}
	if t.stores {
		k := 0
		for k < len(t.his) && t.his[k] < code {
			k++
		}
		if k == len(t.his) {
			return -1, -1
		}
		if s := &t.segs[k]; s.st != nil {
			i := s.st.find(code)
			if i < s.from || i >= s.to {
				return -1, -1
			}
			return k, i - s.from
		}
	}
	n := uint32(len(t.slots))
	if n == 0 {
		return -1, -1
	}
	for i := t.slot(code); ; {
		v := t.slots[i]
		if v == 0 {
			return -1, -1
		}
		v--
		if s, p := v>>segShift, v&posMask; t.segs[s].es[p].Code == code {
			return int(s), int(p)
		}
		if i++; i == n {
			i = 0
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
// allocate, but for the first Lookup or Rows of a table, which builds its
// index (8 bytes a code; lookups that meet it meanwhile wait for it), and
// the first Lookup or Rows of a row held in a store, which makes the
// Entries of its group of 8 rows (see store).
func (t *Table) Lookup(code uint32) (*Entry, bool) {
	s, p := t.find(code)
	if s < 0 {
		return nil, false
	}
	return t.segs[s].entry(p), true
}

// Rows returns every row of code, one per platform and language, in source
// order; the last is the one Lookup returns. It returns nil if the table
// has no such code. The slice belongs to the table and must not be
// modified. Rows allocates only as Lookup does.
func (t *Table) Rows(code uint32) []Entry {
	s, p := t.find(code)
	if s < 0 {
		return nil
	}
	if sg := &t.segs[s]; sg.st != nil {
		return sg.st.entries(sg.from + p) // one row a code
	}
	seg := t.segs[s].es
	q := p
	for q > 0 && seg[q-1].Code == code {
		q--
	}
	return seg[q : p+1 : p+1]
}

// Len returns the number of rows in the table, the length of Entries: the
// number of codes, plus one for each further platform or language that a
// code has rows in.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	return t.n
}

// Codes returns the table's distinct codes, in increasing order. Unlike
// Entries it copies no rows: a 1M-row table costs 4 MB here, not 48 MB.
func (t *Table) Codes() []uint32 {
	if t == nil {
		return nil
	}
	n := 0
	for range t.AllCodes() {
		n++
	}
	out := make([]uint32, 0, n)
	for c := range t.AllCodes() {
		out = append(out, c)
	}
	return out
}

// AllCodes returns an iterator over the table's distinct codes, in
// increasing order: Codes without the slice. It may be ranged over more
// than once, and does not allocate.
func (t *Table) AllCodes() iter.Seq[uint32] {
	return func(yield func(uint32) bool) {
		if t == nil {
			return
		}
		for k := range t.segs {
			s := &t.segs[k]
			for i, prev := 0, uint32(0); i < s.len(); i++ {
				c := s.code(i)
				if (i == 0 || c != prev) && !yield(c) {
					return
				}
				prev = c
			}
		}
	}
}

// Entries returns all rows of the table, sorted by code, and rows of the
// same code in source order. The result is a copy that the caller may
// modify; what the rows' methods return (Extra, Alt) still belongs to the
// table.
func (t *Table) Entries() []Entry {
	if t == nil || t.n == 0 {
		return nil
	}
	out := make([]Entry, 0, t.n)
	for _, s := range t.segs {
		if s.st == nil {
			out = append(out, s.es...)
			continue
		}
		for i := s.from; i < s.to; i++ {
			out = append(out, s.st.row(i))
		}
	}
	return out
}

// Merge returns a table holding the rows of all tables. When several tables
// have the same code, the rows of the latest table that has it win: all of
// its rows for that code, and none of the others'. Nil tables are skipped;
// Merge of no tables returns an empty table. The result shares no mutable
// state with its arguments (tables are immutable; it shares their text).
func Merge(tables ...*Table) *Table {
	return merge(tables, func(runs [][]Entry, out []Entry, _ bool) ([]Entry, []Entry) {
		for i := len(runs) - 1; i >= 0; i-- {
			if runs[i] != nil {
				return runs[i], out
			}
		}
		return nil, out
	})
}

// merge merges tables code by code: pick gives the rows to keep of one
// code, given runs[i], the rows of the code in tables[i] (nil if none):
// either all of one run as it is (keep, a slice of runs[i]; out is
// returned as it is), or rows that it appends to out (keep nil). pick is
// called twice per code, first to count the rows (final false), then to
// keep them (final true); it must give the same rows both times.
//
// The result borrows the argument tables' rows that pick keeps as they
// are: a run of codes whose rows come from one segment of one table, in
// a row, is one segment of the result, which shares it. So merging the
// embedded table with a large file copies no row of the file. When that
// would make more than maxSegs segments, all rows are copied into one.
func merge(tables []*Table, pick func(runs [][]Entry, out []Entry, final bool) (keep, out2 []Entry)) *Table {
	// A piece is where the rows of one code come from: a segment of an
	// argument table (tab >= 0), or the rows pick made (tab -1).
	type piece struct{ tab, seg, from, to int }
	var cur piece
	segs, own, rows := 0, 0, 0
	var scratch []Entry
	next := func(p piece) bool { // whether p starts a new segment after cur
		return cur.to == 0 || p.tab != cur.tab || p.seg != cur.seg || p.from != cur.to
	}
	// The first pass only counts: a store's rows need not be read.
	eachCode(tables, false, func(runs [][]Entry, at []piece2) {
		keep, out := pick(runs, scratch[:0], false)
		scratch = out
		p := piece{tab: -1, from: own, to: own + len(out)}
		if keep != nil {
			i := slices.IndexFunc(runs, func(r []Entry) bool { return len(r) > 0 && &r[0] == &keep[0] })
			p = piece{tab: i, seg: at[i].seg, from: at[i].pos, to: at[i].pos + len(keep)}
		} else {
			own += len(out)
		}
		if p.to > p.from {
			if next(p) {
				segs++
			}
			cur = p
			rows += p.to - p.from
		}
	})
	if segs > maxSegs {
		out := make([]Entry, 0, rows)
		eachCode(tables, true, func(runs [][]Entry, _ []piece2) {
			keep, o := pick(runs, out, true)
			out = append(o, keep...)
		})
		return build(out) // sorted, and unique by (code, platform, lang), as pick keeps one table's rows
	}
	mine := make([]Entry, 0, own) // never grown: the segments made of it stay put
	var out []seg
	cur = piece{}
	flush := func() {
		if cur.to == 0 {
			return
		}
		if cur.tab < 0 {
			out = append(out, seg{es: mine[cur.from:cur.to:cur.to]})
		} else {
			out = append(out, tables[cur.tab].segs[cur.seg].slice(cur.from, cur.to))
		}
	}
	eachCode(tables, true, func(runs [][]Entry, at []piece2) {
		from := len(mine)
		keep, o := pick(runs, mine, true)
		mine = o
		p := piece{tab: -1, from: from, to: len(mine)}
		if keep != nil {
			i := slices.IndexFunc(runs, func(r []Entry) bool { return len(r) > 0 && &r[0] == &keep[0] })
			p = piece{tab: i, seg: at[i].seg, from: at[i].pos, to: at[i].pos + len(keep)}
		}
		if p.to == p.from {
			return
		}
		if next(p) {
			flush()
			cur = p
		} else {
			cur.to = p.to
		}
	})
	flush()
	return newTable(out)
}

// piece2 is where a run of eachCode starts: a segment and a position in it.
type piece2 struct{ seg, pos int }

// eachCode calls fn once for each code of the tables, in increasing order,
// with runs[i] the rows of the code in tables[i], or nil, and at[i] where
// runs[i] starts in tables[i]. The row of a code in a store's segment is a
// copy, which fn may not keep a pointer to; without text, it has only its
// code and what the file's rows share (Source's path, Platform, Lang,
// Extra, Alt), not its line, message or instruction: reading those from
// the store was a fifth of loading a 100,000-row file and merging it.
func eachCode(tables []*Table, text bool, fn func(runs [][]Entry, at []piece2)) {
	at := make([]piece2, len(tables)) // the next row of each table
	runs := make([][]Entry, len(tables))
	copies := make([]Entry, len(tables))
	// next returns the segment of the next row of table i, or nil.
	next := func(i int) *seg {
		t := tables[i]
		if t == nil {
			return nil
		}
		for at[i].seg < len(t.segs) && at[i].pos == t.segs[at[i].seg].len() {
			at[i] = piece2{at[i].seg + 1, 0}
		}
		if at[i].seg == len(t.segs) {
			return nil
		}
		return &t.segs[at[i].seg]
	}
	start := make([]piece2, len(tables))
	for {
		code, any := uint32(0), false
		for i := range tables {
			if s := next(i); s != nil && (!any || s.code(at[i].pos) < code) {
				code, any = s.code(at[i].pos), true
			}
		}
		if !any {
			return
		}
		for i := range tables {
			runs[i] = nil
			s := next(i)
			start[i] = at[i]
			if s == nil || s.code(at[i].pos) != code {
				continue
			}
			j := at[i].pos + 1
			for j < s.len() && s.code(j) == code {
				j++
			}
			if s.st != nil {
				if text {
					copies[i] = s.st.row(s.from + at[i].pos) // a store has one row a code
				} else {
					copies[i] = Entry{Code: code, info: s.st.info}
				}
				runs[i] = copies[i : i+1 : i+1]
			} else {
				runs[i] = s.es[at[i].pos:j:j]
			}
			at[i].pos = j
		}
		fn(runs, start)
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

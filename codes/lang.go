package codes

import (
	"fmt"
	"strings"
	"unicode"
)

// readLang reads a "lang" cell: "zh" or "en" in any letter case, alone or
// followed by a region or script subtag after '-' or '_' (zh-CN, zh_Hans,
// en-US), or empty.
func readLang(cell string) (string, error) {
	s := strings.TrimSpace(cell)
	if s == "" {
		return "", nil
	}
	base := s
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		base = s[:i]
		if i == len(s)-1 {
			base = "" // "zh-" is not a tag
		}
	}
	switch {
	case strings.EqualFold(base, "zh"):
		return "zh", nil
	case strings.EqualFold(base, "en"):
		return "en", nil
	}
	return "", fmt.Errorf("%w %s: write zh, en or nothing", ErrLang, quote(s))
}

// pageLang returns the language of a page's rows: "zh" when more than half
// of them have a Han character in their message or instruction, "en"
// otherwise, and "" for no rows.
func pageLang(rows []Entry) string {
	if len(rows) == 0 {
		return ""
	}
	han := 0
	for i := range rows {
		if hasHan(rows[i].Message) || hasHan(rows[i].Instruction) {
			han++
		}
	}
	if 2*han > len(rows) {
		return "zh"
	}
	return "en"
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x2e80 && unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// MergeLang merges tables like Merge, choosing rows in the language prefer
// ("zh" or "en") where there is a choice, and pairing each row with its
// counterpart in the other language.
//
// For each code: if some table has a row of the code in language prefer,
// or one of no known language (Lang ""), the rows of the code in that
// language or of no language from the latest such table are kept (its rows
// of the code in other languages are dropped); otherwise the rows of the
// latest table that has the code are kept, as Merge does. So a later table
// still overrides an earlier one unless its rows are known to be in the
// other language. With prefer "", the rows of the latest table are kept.
//
// Each kept row with a Lang gets in Alt the row of the same code in another
// language, from any table (the kept row's own included; the Alt of a row
// counts as a row, so merging a MergeLang result keeps its pairs): the
// latest one
// with the same Platform; failing that, when exactly one kept row of that
// language and exactly one platform of the other-language rows are left
// unpaired, the latest row of that platform. So the Chinese and English
// rows of "JMessage Android" pair up, a Chinese "JMRTC Android" row finds
// no English partner on a page that has none, and two pages with one
// table each pair up even when their headings differ by language. Alt
// points into the argument tables, or to a copy whose own Alt is nil.
//
// MergeLang("zh", en, zh).Lookup(871300) thus gives the Chinese row, and
// its Alt the English one.
func MergeLang(prefer string, tables ...*Table) *Table {
	var infos infoArena
	return merge(tables, func(runs [][]Entry, out []Entry, final bool) ([]Entry, []Entry) {
		w, only := -1, false
		for i := len(runs) - 1; i >= 0 && prefer != ""; i-- {
			if hasLang(runs[i], prefer) || hasLang(runs[i], "") {
				w, only = i, true
				break
			}
		}
		for i := len(runs) - 1; i >= 0 && w < 0; i-- {
			if runs[i] != nil {
				w = i
			}
		}
		run := runs[w]
		if keepsAll(run, runs, prefer, only) {
			return run, out // shared with the argument table, not copied
		}
		start := len(out)
		for i := range run {
			if l := run[i].Lang(); !only || l == prefer || l == "" {
				out = append(out, run[i])
			}
		}
		if !final {
			return nil, out
		}
		kept := out[start:]
		for i := range kept {
			// The kept rows are copies: their own rowInfo, if they get
			// an Alt, leaves the argument tables' rows as they are.
			if a := altOf(&kept[i], kept, runs); kept[i].Alt() != a {
				x := *kept[i].info
				x.alt = a
				kept[i].info = infos.new(x)
			}
		}
		return nil, out
	})
}

// keepsAll reports whether MergeLang keeps every row of run as it is: none
// is dropped for its language, and each already has the Alt it gets.
func keepsAll(run []Entry, runs [][]Entry, prefer string, only bool) bool {
	for i := range run {
		if l := run[i].Lang(); only && l != prefer && l != "" {
			return false
		}
	}
	for i := range run {
		if altOf(&run[i], run, runs) != run[i].Alt() {
			return false
		}
	}
	return true
}

func hasLang(rows []Entry, lang string) bool {
	for i := range rows {
		if rows[i].Lang() == lang {
			return true
		}
	}
	return false
}

// altOf returns the row of another language for r, one of the kept rows of
// its code, among runs (see MergeLang), or nil.
func altOf(r *Entry, kept []Entry, runs [][]Entry) *Entry {
	if r.Lang() == "" {
		return nil
	}
	other := func(e *Entry) bool { return e.Lang() != "" && e.Lang() != r.Lang() }
	// latest returns the latest other-language row that ok accepts.
	latest := func(ok func(*Entry) bool) *Entry {
		for i := len(runs) - 1; i >= 0; i-- {
			for j := len(runs[i]) - 1; j >= 0; j-- {
				if e := &runs[i][j]; other(e) && ok(e) {
					return e
				}
				if e := runs[i][j].Alt(); e != nil && other(e) && ok(e) {
					return e
				}
			}
		}
		return nil
	}
	samePlatform := func(p string) func(*Entry) bool { return func(e *Entry) bool { return e.Platform() == p } }
	if e := latest(samePlatform(r.Platform())); e != nil {
		return noAlt(e)
	}
	// Leftovers: kept rows of r's language without a same-platform partner,
	// and platforms of other-language rows that no kept row has.
	lonely := 0
	for i := range kept {
		if kept[i].Lang() == r.Lang() && latest(samePlatform(kept[i].Platform())) == nil {
			lonely++
		}
	}
	unclaimed := func(e *Entry) bool {
		for i := range kept {
			if kept[i].Platform() == e.Platform() {
				return false
			}
		}
		return true
	}
	e := latest(unclaimed)
	if lonely != 1 || e == nil || latest(func(o *Entry) bool { return unclaimed(o) && o.Platform() != e.Platform() }) != nil {
		return nil
	}
	return noAlt(e)
}

// noAlt returns e, or a copy of it without Alt if it has one.
func noAlt(e *Entry) *Entry {
	if e.Alt() == nil {
		return e
	}
	c := *e
	x := *c.info
	x.alt = nil
	c.info = &x
	return &c
}

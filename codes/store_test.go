package codes

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// tableText returns every row of tab, code by code, as Rows, Lookup and
// Entries give them, with a line for each code of probe that it does not
// have.
func tableText(tab *Table, probe []uint32) string {
	var b strings.Builder
	row := func(e *Entry) {
		fmt.Fprintf(&b, "%d %q %q %q %q %q %q", e.Code, e.Source(), e.Message, e.Instruction, e.Platform(), e.Lang(), e.Extra())
		if a := e.Alt(); a != nil {
			fmt.Fprintf(&b, " alt %d %q %q %q", a.Code, a.Source(), a.Message, a.Lang())
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "%d rows, codes %v\n", tab.Len(), tab.Codes())
	for _, c := range slices.Concat(tab.Codes(), probe) {
		e, ok := tab.Lookup(c)
		rows := tab.Rows(c)
		if !ok || len(rows) == 0 || &rows[len(rows)-1] != e {
			fmt.Fprintf(&b, "%d: Lookup %v, %d rows\n", c, ok, len(rows))
			continue
		}
		for i := range rows {
			row(&rows[i])
		}
	}
	b.WriteString("entries\n")
	for _, e := range tab.Entries() {
		row(&e)
	}
	return b.String()
}

// storeCases are tables of more than streamMin bytes, which Load reads
// through a window; plain ones are held in a store.
func storeCases() []struct {
	name, text string
	plain      bool
} {
	pad := strings.Repeat("x", 300)
	var tsv, noHeader, arr, obj, clustered, lateLang, extra strings.Builder
	tsv.WriteString("# a comment\ncode\tmessage\tinstruction\n")
	arr.WriteString("[\n")
	obj.WriteString("{")
	for i := range 4000 {
		c := 1000000 + (i*7919)%4000*17 // unsorted
		fmt.Fprintf(&tsv, "%d\tm %d 参数\ti %d %s\r\n", c, i, i, pad)
		if i%7 == 0 {
			fmt.Fprintf(&tsv, "\n%d\t\t\n", c) // a duplicate, empty: it wins
		}
		if i%9 == 0 {
			fmt.Fprintf(&tsv, "%d\tearlier %d\t\n", 1000000+(i*7919+1)%4000*17, i) // a duplicate that loses
		}
		fmt.Fprintf(&noHeader, "%d\tm %d\ti %d %s\n", c, i, i, pad)
		fmt.Fprintf(&arr, "{\"code\": %d, \"msg\": \"m\\u00e9 %d\\n\", \"instruction\": \"%s\"},\n", c, i, pad)
		sep := ", "
		if i%3 == 0 {
			sep = ",\n"
		}
		fmt.Fprintf(&obj, "\"%d\": {\"message\": \"m %d %s\", \"x\": null}%s", c, i, pad, sep)
		// Half the codes in a narrow range: buckets of many codes.
		fmt.Fprintf(&clustered, "%d\tm %d\t%s\n", []int{5000000 + i, i * 250000}[i%2], i, pad)
		fmt.Fprintf(&lateLang, "%d\tm %d\ti %s\t\n", c, i, pad)
		fmt.Fprintf(&extra, "%d\tm %d\ti %s\tx%d\n", c, i, pad, i)
	}
	fmt.Fprintf(&clustered, "0\tzero\t\n999999999\tlast\t\n")
	fmt.Fprintf(&lateLang, "1000017\t中文\t\tzh\n")
	huge := strings.Repeat("長", 400000) // a record larger than a block
	return []struct {
		name, text string
		plain      bool
	}{
		{"t.tsv", tsv.String(), true},
		{"noheader.tsv", noHeader.String(), true},
		{"clustered.tsv", clustered.String(), true},
		{"array.json", strings.TrimSuffix(arr.String(), ",\n") + "\n]\n", true},
		{"object.json", strings.TrimRight(obj.String(), ", \n") + "}", true},
		{"huge.json", `[{"code": 5, "message": "` + huge + `"}, {"code": 3, "instruction": "` + huge + `x"}, {"code": 4}]`, true},
		{"late_lang.tsv", "code\tmessage\tinstruction\tlang\n" + lateLang.String(), false},
		{"extra.tsv", extra.String(), false},
	}
}

// TestStoreSameAsEntries: a large plain table that Load holds in a store
// gives the rows that Parse gives, which holds them as entries; so do its
// merges with the embedded table; other large tables are entries.
func TestStoreSameAsEntries(t *testing.T) {
	dir := t.TempDir()
	probe := []uint32{0, 1, 2, 999999999, 999999998, 1000001, 1000018, 871300, 5000001, 5002000, 4999999}
	for _, tc := range storeCases() {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.text) < streamMin {
				t.Fatalf("%d bytes: not read through a window", len(tc.text))
			}
			path := filepath.Join(dir, tc.name)
			if err := os.WriteFile(path, []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			f, _ := FormatOf(path)
			want, err := Parse(path, strings.NewReader(tc.text), f)
			if err != nil {
				t.Fatal(err)
			}
			if stored := len(got.segs) == 1 && got.segs[0].st != nil; stored != tc.plain {
				t.Errorf("held in a store: %v, want %v", stored, tc.plain)
			}
			if g, w := tableText(got, probe), tableText(want, probe); g != w {
				t.Errorf("Load gives\n%.3000s\nParse gives\n%.3000s", g, w)
			}
			for _, m := range []func(...*Table) *Table{Merge, func(ts ...*Table) *Table { return MergeLang("zh", ts...) }} {
				if g, w := tableText(m(Embedded(), got), probe), tableText(m(Embedded(), want), probe); g != w {
					t.Errorf("merged, Load gives\n%.3000s\nParse gives\n%.3000s", g, w)
				}
				if g, w := tableText(m(got, Embedded()), probe), tableText(m(want, Embedded()), probe); g != w {
					t.Errorf("merged under, Load gives\n%.3000s\nParse gives\n%.3000s", g, w)
				}
			}
		})
	}
}

// TestStoreLookupConcurrent: goroutines that look up the rows of a store
// that no one has looked up yet get the same Entry for a code (run with
// -race).
func TestStoreLookupConcurrent(t *testing.T) {
	var b strings.Builder
	for i := range 30000 {
		fmt.Fprintf(&b, "%d\tm%d\tinstruction %d\n", 1000000+i*7, i, i)
	}
	path := filepath.Join(t.TempDir(), "t.tsv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		tab, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		m := Merge(Embedded(), tab)
		got := make([][]*Entry, 4)
		var wg sync.WaitGroup
		for g := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 30000 {
					i := (i + g*7500) % 30000 // each goroutine from another row on
					e, ok := m.Lookup(uint32(1000000 + i*7))
					if !ok || e.Message != fmt.Sprintf("m%d", i) {
						t.Errorf("Lookup(%d) = %v, %v", 1000000+i*7, e, ok)
						return
					}
					if _, ok := m.Lookup(uint32(1000001 + i*7)); ok {
						t.Errorf("Lookup(%d) found a code not in the table", 1000001+i*7)
						return
					}
					got[g] = append(got[g], e)
				}
				slices.SortFunc(got[g], func(a, b *Entry) int { return int(a.Code) - int(b.Code) })
			}()
		}
		wg.Wait()
		for g := 1; g < len(got); g++ {
			if !slices.Equal(got[g], got[0]) {
				t.Fatalf("goroutine %d got other Entries than goroutine 0", g)
			}
		}
	}
}

// TestStoreBuilderTruncate: rows added and then truncated away leave
// neither rows nor text: the builder is as if they had not been added.
func TestStoreBuilderTruncate(t *testing.T) {
	type r struct {
		code       uint32
		msg, instr string
		line       int
	}
	big := strings.Repeat("b", blockSize/2)
	rows := func(from, n int, text string) []r {
		var rs []r
		for i := range n {
			rs = append(rs, r{uint32(from + i), fmt.Sprint("m", from+i), text, from + 2*i})
		}
		return rs
	}
	for _, tc := range []struct {
		name                 string
		kept, dropped, after []r
	}{
		{"none dropped", rows(1, 5, "i"), nil, rows(20, 3, "j")},
		{"all dropped", nil, rows(1, 5, "i"), rows(20, 3, "j")},
		{"in a block", rows(1, 5, "i"), rows(10, 5, "i"), rows(20, 3, "j")},
		{"across blocks", rows(1, 3, big), rows(10, 5, big), rows(20, 3, big)},
		{"at a block's start", rows(1, 2, big), rows(10, 1, big), rows(20, 3, "j")},
		{"nothing after", rows(1, 3, big), rows(10, 5, "i"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, want := newStoreBuilder(0), newStoreBuilder(0)
			for _, x := range slices.Concat(tc.kept, tc.dropped) {
				got.add(x.code, x.msg, x.instr, x.line)
			}
			got.truncate(len(tc.kept))
			for _, x := range tc.after {
				got.add(x.code, x.msg, x.instr, x.line)
			}
			for _, x := range slices.Concat(tc.kept, tc.after) {
				want.add(x.code, x.msg, x.instr, x.line)
			}
			info := &rowInfo{path: "t"}
			text := func(b *storeBuilder) string {
				var s strings.Builder
				for _, e := range b.entries(info) {
					fmt.Fprintf(&s, "%d %s %q %q; ", e.Code, e.Source(), e.Message, e.Instruction)
				}
				for _, blk := range b.blocks {
					fmt.Fprintf(&s, "block of %d bytes; ", len(blk))
				}
				return s.String()
			}
			if g, w := text(got), text(want); g != w {
				t.Errorf("got  %.500s\nwant %.500s", g, w)
			}
		})
	}
}

// FuzzStore: a store built from any rows, in file order, finds the last row
// of each code, as a map of the rows does (message, instruction and line),
// and no code it does not hold. Every 5 bytes of data are a row: a code,
// kept to 12 bits when data[0] is even (dense codes, short directory
// buckets) and whole otherwise (sparse ones, long shifts), and a length of
// its text; 255 makes a record longer than a text block.
func FuzzStore(f *testing.F) {
	f.Add([]byte{0, 1, 0, 0, 0, 3, 1, 0, 0, 0, 200})
	f.Add([]byte{1, 0xff, 0xff, 0xff, 0xff, 255, 0, 0, 0, 0, 0, 7, 0, 0, 0, 9, 7, 0, 0, 0, 9})
	f.Add(slices.Repeat([]byte{2, 0x71, 0x4b, 0x0d, 0x00, 250}, 400)) // 871xxx-like codes over several blocks
	f.Fuzz(func(t *testing.T, data []byte) {
		type row struct {
			msg, instr string
			line       int32
		}
		b := newStoreBuilder(0)
		want := make(map[uint32]row)
		var probes []uint32
		line := 1
		for i := 0; i+5 <= len(data); i += 5 {
			code := binary.LittleEndian.Uint32(data[i:])
			if data[0]%2 == 0 {
				code %= 1 << 12
			}
			n := int(data[i+4])
			r := row{msg: strings.Repeat("m", n%7) + strconv.Itoa(i), instr: strings.Repeat("i", n), line: int32(line)}
			if n == 255 {
				r.instr = strings.Repeat("L", blockSize+10)
			}
			b.add(code, r.msg, r.instr, line)
			want[code] = r
			probes = append(probes, code, code+1, code-1)
			line += n % 3 // lines never decrease in file order
		}
		s := b.store(&rowInfo{path: "f"})
		if s.len() != len(want) {
			t.Fatalf("%d rows kept, want one a code: %d", s.len(), len(want))
		}
		for _, c := range probes {
			i := s.find(c)
			w, ok := want[c]
			if (i >= 0) != ok {
				t.Fatalf("find(%d) = %d; the rows have it: %v", c, i, ok)
			}
			if !ok {
				continue
			}
			e := s.entry(i)
			if e.Code != c || e.Message != w.msg || e.Instruction != w.instr || e.line != w.line {
				t.Fatalf("code %d: got %d %q (%d bytes of instruction) at line %d, want %q (%d) at line %d",
					c, e.Code, e.Message, len(e.Instruction), e.line, w.msg, len(w.instr), w.line)
			}
		}
	})
}

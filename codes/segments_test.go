package codes_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

// refMerge is Merge written plainly: for each code, the rows of the latest
// table that has it.
func refMerge(tables ...*codes.Table) []row {
	latest := map[uint32]int{}
	for i, t := range tables {
		for _, c := range t.Codes() {
			latest[c] = i
		}
	}
	var cs []uint32
	for c := range latest {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	var out []row
	for _, c := range cs {
		out = append(out, rowsOf(tables[latest[c]].Rows(c))...)
	}
	return out
}

// TestMergeSegments merges tables whose codes interleave little (the
// result borrows their rows) and much (it copies them into one segment),
// and checks Entries, Len, Codes, Lookup and Rows against refMerge, and
// that merging again keeps the rows.
func TestMergeSegments(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	table := func(name string, codes []int) *codes.Table {
		var b strings.Builder
		for _, c := range codes {
			fmt.Fprintf(&b, "%d\t%s %d\t\n", c, name, c)
			if r.IntN(4) == 0 { // a duplicate: the later row wins
				fmt.Fprintf(&b, "%d\t%s %d again\t\n", c, name, c)
			}
		}
		return mustParse(t, name+".tsv", b.String())
	}
	span := func(from, n, step int) []int {
		var cs []int
		for i := range n {
			cs = append(cs, from+i*step)
		}
		return cs
	}
	for _, tc := range []struct {
		name   string
		tables []*codes.Table
		shared bool // whether the last table's rows are borrowed
	}{
		{"apart", []*codes.Table{table("a", span(100, 50, 1)), table("b", span(1000, 500, 3))}, true},
		{"overlap", []*codes.Table{table("a", span(100, 50, 1)), table("b", span(120, 500, 1))}, true},
		{"embedded", []*codes.Table{codes.Embedded(), table("b", span(7000000, 300, 7))}, true},
		{"few holes", []*codes.Table{table("a", span(0, 1000, 1)), table("b", span(100, 3, 300))}, true},
		{"interleaved", []*codes.Table{table("a", span(0, 300, 2)), table("b", span(1, 300, 2))}, false},
		{"three", []*codes.Table{table("a", span(0, 300, 3)), table("b", span(1, 300, 3)), table("c", span(2, 300, 3))}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := refMerge(tc.tables...)
			for name, m := range map[string]*codes.Table{
				"Merge":           codes.Merge(tc.tables...),
				"MergeLang":       codes.MergeLang("en", tc.tables...),
				"Merge of Merge":  codes.Merge(codes.Merge(tc.tables[:len(tc.tables)-1]...), tc.tables[len(tc.tables)-1]),
				"Merge(m, empty)": codes.Merge(codes.Merge(tc.tables...), nil, &codes.Table{}),
			} {
				if got := rowsOf(m.Entries()); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: Entries() =\n%v\nwant\n%v", name, got, want)
				}
				if m.Len() != len(want) {
					t.Errorf("%s: Len() = %d, want %d", name, m.Len(), len(want))
				}
				codes := m.Codes()
				if len(codes) == 0 || !slices.IsSorted(codes) {
					t.Errorf("%s: Codes() not sorted", name)
				}
				last := tc.tables[len(tc.tables)-1]
				borrowed := 0
				for _, c := range codes {
					rows := m.Rows(c)
					e, ok := m.Lookup(c)
					if !ok || len(rows) == 0 || &rows[len(rows)-1] != e || rows[0].Code != c {
						t.Fatalf("%s: code %d: Lookup %v %v, Rows %v", name, c, e, ok, rows)
					}
					if le, ok := last.Lookup(c); ok && le == e {
						borrowed++
					}
				}
				if n := len(last.Codes()); tc.shared && borrowed != n {
					t.Errorf("%s: %d of the last table's %d codes are its rows, want all (not copied)", name, borrowed, n)
				} else if !tc.shared && borrowed != 0 {
					t.Errorf("%s: %d of the last table's codes are its rows, want copies (one segment)", name, borrowed)
				}
				for _, c := range []uint32{99, 999999, 871399} {
					if e, ok := m.Lookup(c); ok != (m.Rows(c) != nil) || (ok && e.Code != c) {
						t.Errorf("%s: Lookup(%d) = %v, %v", name, c, e, ok)
					}
				}
			}
		})
	}
}

package filter

import (
	"context"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

// TestCountsFollowTables: after a table is replaced, the counts carry the
// row of the table in force, and a code the new table knows is counted as
// known from then on; the first sighting stays where it was.
func TestCountsFollowTables(t *testing.T) {
	a, err := codes.Parse("a.tsv", strings.NewReader("871300\tfrom A\t\n"), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	b, err := codes.Parse("b.tsv", strings.NewReader("871300\tfrom B\t\n871999\tnow known\t\n"), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	tables := NewTables(Finding{Table: a})
	counts := &Counts{}
	f := New(Config{Tables: tables, Counts: counts})
	run := func(in string) {
		t.Helper()
		if err := f.Run(context.Background(), &Source{Name: "x", R: strings.NewReader(in)}); err != nil {
			t.Fatal(err)
		}
	}
	run("871300 871999\n")
	s := counts.Snapshot()
	if len(s.Codes) != 1 || s.Codes[0].Entry.Message != "from A" || len(s.Unknown) != 1 {
		t.Fatalf("before: %+v", s)
	}
	tables.Store(Finding{Table: b})
	run("871300 871999\n")
	s = counts.Snapshot()
	if len(s.Codes) != 2 || len(s.Unknown) != 0 {
		t.Fatalf("after: codes %+v, unknown %+v", s.Codes, s.Unknown)
	}
	for _, c := range s.Codes {
		want := map[uint32]string{871300: "from B", 871999: "now known"}[c.Code]
		if c.Entry.Message != want || c.Count != 2 || c.First != "x:1" {
			t.Errorf("code %d: %q, %d, %s; want %q, 2, x:1", c.Code, c.Entry.Message, c.Count, c.First, want)
		}
	}
}

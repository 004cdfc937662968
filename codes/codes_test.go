package codes_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

func TestEmbedded(t *testing.T) {
	tab := codes.Embedded()
	if got := tab.Len(); got != 40 {
		t.Fatalf("Embedded().Len() = %d, want 40", got)
	}
	if codes.Embedded() != tab {
		t.Error("Embedded() returned a different table the second time")
	}
	for _, want := range []row{
		{Code: 0, Message: "Success", Instruction: "success"},
		{Code: 871102, Message: "Request failed.please check your network connection.", Instruction: "Request failed. Please check the network"},
		{Code: 871300, Message: "Have not logged in.", Instruction: "Initiator of api call has not logged in"},
		{Code: 871318, Message: "Illegal message content.", Instruction: "Illegal message body. This problem may be caused by the upper layer not obfuscate the configuration according to integration document. About confusion configuration of jmessage, please see Integration Guide."},
		{Code: 871324, Message: "Illegal message content type, when send message.", Instruction: "The message body type is illegal when sending a message. Note that the message body of eventNotification and prompt cannot be sent"},
		{Code: 871504, Message: "Push register not finished.", Instruction: "Push registration is not completed. Please try again later. If this problem persists, your JPush configuration may be incorrect."},
		{Code: 871506, Message: "Push register error,invalid IMEI.", Instruction: "Push registration fails and device IMEI is invalid"},
	} {
		want.Source, want.Platform, want.Lang = "embedded", "JMessage Android", "en"
		got, ok := tab.Lookup(want.Code)
		if !ok {
			t.Errorf("Lookup(%d): not found", want.Code)
			continue
		}
		if !reflect.DeepEqual(*rowOf(got), want) {
			t.Errorf("Lookup(%d) =\n%#v\nwant\n%#v", want.Code, *rowOf(got), want)
		}
	}
	for _, code := range []uint32{1, 871100, 871316, 871325, 872001, 7130001} {
		if e, ok := tab.Lookup(code); ok {
			t.Errorf("Lookup(%d) = %+v, want not found", code, e)
		}
	}
	es := tab.Entries()
	if len(es) != 40 || es[0].Code != 0 || es[1].Code != 871101 || es[39].Code != 871506 {
		t.Errorf("Entries() has %d rows from %d to %d, want 40 from 0 to 871506", len(es), es[0].Code, es[len(es)-1].Code)
	}
	for _, e := range es {
		if e.Source() != "embedded" || e.Extra() != nil || e.Platform() != "JMessage Android" || e.Lang() != "en" || e.Alt() != nil {
			t.Errorf("code %d: Source %q, Extra %v, Platform %q, Lang %q, Alt %v; want \"embedded\", nil, \"JMessage Android\", \"en\", nil",
				e.Code, e.Source(), e.Extra(), e.Platform(), e.Lang(), e.Alt())
		}
		for _, s := range []string{e.Message, e.Instruction} {
			if s != strings.TrimSpace(s) || strings.ContainsAny(s, "<>\t\r\n") {
				t.Errorf("code %d: text %q has markup or surrounding space", e.Code, s)
			}
		}
	}
}

func TestZeroTable(t *testing.T) {
	var zero codes.Table
	var null *codes.Table
	for name, tab := range map[string]*codes.Table{
		"zero":        &zero,
		"nil":         null,
		"Merge()":     codes.Merge(),
		"Merge(nil)":  codes.Merge(nil, nil),
		"Merge(zero)": codes.Merge(&zero),
	} {
		if e, ok := tab.Lookup(0); ok || e != nil {
			t.Errorf("%s: Lookup(0) = %v, %v; want nil, false", name, e, ok)
		}
		if n := tab.Len(); n != 0 {
			t.Errorf("%s: Len() = %d, want 0", name, n)
		}
		if es := tab.Entries(); len(es) != 0 {
			t.Errorf("%s: Entries() = %v, want none", name, es)
		}
	}
}

func mustParse(t testing.TB, name, text string) *codes.Table {
	t.Helper()
	tab, err := codes.Parse(name, strings.NewReader(text), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// summary renders a table as "code=message@source" items, in code order.
func summary(tab *codes.Table) string {
	var b strings.Builder
	for _, e := range tab.Entries() {
		fmt.Fprintf(&b, "%d=%s@%s ", e.Code, e.Message, e.Source())
	}
	return strings.TrimSpace(b.String())
}

func TestMerge(t *testing.T) {
	a := mustParse(t, "a", "1\ta1\t\n2\ta2\t\n3\ta3\t\n")
	b := mustParse(t, "b", "2\tb2\t\n4\tb4\t\n")
	c := mustParse(t, "c", "3\tc3\t\n2\tc2\t\n")
	for _, tc := range []struct {
		name   string
		tables []*codes.Table
		want   string
	}{
		{"a", []*codes.Table{a}, "1=a1@a:1 2=a2@a:2 3=a3@a:3"},
		{"a,b", []*codes.Table{a, b}, "1=a1@a:1 2=b2@b:1 3=a3@a:3 4=b4@b:2"},
		{"b,a", []*codes.Table{b, a}, "1=a1@a:1 2=a2@a:2 3=a3@a:3 4=b4@b:2"},
		{"a,b,c", []*codes.Table{a, b, c}, "1=a1@a:1 2=c2@c:2 3=c3@c:1 4=b4@b:2"},
		{"a,c,b", []*codes.Table{a, c, b}, "1=a1@a:1 2=b2@b:1 3=c3@c:1 4=b4@b:2"},
		{"nil,a,nil,b,nil", []*codes.Table{nil, a, nil, b, nil}, "1=a1@a:1 2=b2@b:1 3=a3@a:3 4=b4@b:2"},
		{"zero,b", []*codes.Table{new(codes.Table), b}, "2=b2@b:1 4=b4@b:2"},
	} {
		m := codes.Merge(tc.tables...)
		if got := summary(m); got != tc.want {
			t.Errorf("Merge(%s) = %s\nwant %s", tc.name, got, tc.want)
		}
		for _, e := range m.Entries() {
			if got, ok := m.Lookup(e.Code); !ok || got.Message != e.Message {
				t.Errorf("Merge(%s).Lookup(%d) = %v, %v; want %q", tc.name, e.Code, got, ok, e.Message)
			}
		}
	}
	// Merging leaves its arguments alone.
	if got, want := summary(a), "1=a1@a:1 2=a2@a:2 3=a3@a:3"; got != want {
		t.Errorf("after Merge, a = %s, want %s", got, want)
	}
	// The embedded table under a loaded one: the loaded rows win.
	m := codes.Merge(codes.Embedded(), mustParse(t, "mine.tsv", "871300\tmine\tmy instruction\n9\tnew\t\n"))
	if m.Len() != 41 {
		t.Errorf("Merge(Embedded(), 2 rows).Len() = %d, want 41", m.Len())
	}
	if e, _ := m.Lookup(871300); e == nil || e.Message != "mine" || e.Source() != "mine.tsv:1" {
		t.Errorf("Lookup(871300) = %+v, want the row of mine.tsv", e)
	}
	if e, _ := m.Lookup(871301); e == nil || e.Source() != "embedded" {
		t.Errorf("Lookup(871301) = %+v, want the embedded row", e)
	}
}

func TestEntriesIsACopy(t *testing.T) {
	tab := mustParse(t, "t", "code\tmessage\tinstruction\tnote\n7\tseven\ti\tn\n")
	es := tab.Entries()
	es[0].Message, es[0].Instruction = "changed", "changed"
	e, _ := tab.Lookup(7)
	if e.Message != "seven" || e.Instruction != "i" || e.Extra()[0].Value != "n" || es[0].Extra()[0].Value != "n" {
		t.Errorf("changing Entries() changed the table: %+v", e)
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	tab := codes.Merge(codes.Embedded(), mustParse(t, "t", "7130001\tbig\t\n"))
	var sink *codes.Entry
	allocs := testing.AllocsPerRun(100, func() {
		for _, code := range []uint32{0, 871300, 871506, 7130001, 1, 999999999} {
			if e, ok := tab.Lookup(code); ok {
				sink = e
			}
		}
	})
	if allocs != 0 {
		t.Errorf("Lookup allocates %v times per run, want 0", allocs)
	}
	_ = sink
}

func TestConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tab := codes.Embedded()
			for j := range 1000 {
				code := uint32(871300 + (i+j)%10)
				if e, ok := tab.Lookup(code); ok && e.Code != code {
					t.Errorf("Lookup(%d) returned code %d", code, e.Code)
				}
			}
			_ = codes.Merge(tab, tab).Entries()
		}()
	}
	wg.Wait()
}

func BenchmarkLookup(b *testing.B) {
	tab := codes.Embedded()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tab.Lookup(871300 + uint32(i%300))
	}
}

// TestCodes: each code once, in increasing order, whatever the rows.
func TestCodes(t *testing.T) {
	tab, err := codes.Parse("t.tsv", strings.NewReader("code\tmessage\tplatform\n871300\ta\tAndroid\n6002\tb\tJPush\n871300\tc\tiOS\n7130001\td\tServer\n"), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(tab.Codes()), "[6002 871300 7130001]"; got != want {
		t.Errorf("Codes() = %s, want %s", got, want)
	}
	if got := (*codes.Table)(nil).Codes(); got != nil {
		t.Errorf("nil table: %v", got)
	}
	big := codes.Merge(codes.Embedded(), tab)
	if got, want := slices.Collect(big.AllCodes()), big.Codes(); !slices.Equal(got, want) || len(got) != 42 {
		t.Errorf("AllCodes() = %v, want %v", got, want)
	}
	for c := range big.AllCodes() {
		if c != 0 {
			t.Errorf("AllCodes went on after a break, to %d", c)
		}
		break
	}
	for c := range (*codes.Table)(nil).AllCodes() {
		t.Errorf("nil table: %d", c)
	}
}

// BenchmarkLookup100k looks codes up in a table of 100,000 random 7-digit
// codes, half of them in the table, in no order: the table parsed from
// memory ("parse"), and the table loaded from a file of more than 1 MiB,
// which is read through a window, and merged with the embedded table, as
// jmlog --codes does ("load-merged").
func BenchmarkLookup100k(b *testing.B) {
	var sb strings.Builder
	r := uint32(1)
	next := func() uint32 { r ^= r << 13; r ^= r >> 17; r ^= r << 5; return r }
	var queries []uint32
	for range 100_000 {
		c := 1_000_000 + next()%9_000_000
		fmt.Fprintf(&sb, "%d\tmessage\tinstruction\n", c)
		queries = append(queries, c, 1_000_000+next()%9_000_000)
	}
	parsed, err := codes.Parse("big.tsv", strings.NewReader(sb.String()), codes.TSV)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "big.tsv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	loaded, err := codes.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		tab  *codes.Table
	}{{"parse", parsed}, {"load-merged", codes.MergeLang("en", codes.Embedded(), loaded)}} {
		b.Run(tc.name, func(b *testing.B) {
			for _, q := range queries {
				tc.tab.Lookup(q) // every row looked up once before: the steady state
			}
			b.ReportAllocs()
			n := 0
			for i := 0; b.Loop(); i++ {
				if _, ok := tc.tab.Lookup(queries[i%len(queries)]); ok {
					n++
				}
			}
			if n == 0 {
				b.Fatal("no hits")
			}
		})
	}
}

// TestFirstLookupConcurrent: goroutines that look codes up in a table no
// one has looked up yet all see the index that the first builds (run with
// -race).
func TestFirstLookupConcurrent(t *testing.T) {
	var sb strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&sb, "%d\tm%d\ti\n", 1000000+i*7, i)
	}
	for range 20 {
		tab, err := codes.Parse("t.tsv", strings.NewReader(sb.String()), codes.TSV)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := g; i < 5000; i += 97 {
					e, ok := tab.Lookup(uint32(1000000 + i*7))
					if !ok || e.Message != fmt.Sprintf("m%d", i) {
						t.Errorf("Lookup(%d) = %v, %v", 1000000+i*7, e, ok)
						return
					}
					if _, ok := tab.Lookup(uint32(1000001 + i*7)); ok {
						t.Errorf("Lookup(%d) found a code not in the table", 1000001+i*7)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
}

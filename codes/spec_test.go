package codes_test

import (
	"html"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

// specPath is where the spec lives beside a checkout: the shared directory
// next to the project's (../../shared from this package). It is not part of
// the project, so the test that reads it skips when it is absent, unless
// JMLOG_REQUIRE_SPEC=1.
const specPath = "../../shared/spec/jmessage-android-error-codes.md"

// TestEmbeddedMatchesSpec compares the embedded table, row for row, with the
// HTML table of the spec, read by a parser of its own.
func TestEmbeddedMatchesSpec(t *testing.T) {
	path := os.Getenv("JMLOG_SPEC")
	if path == "" {
		path = specPath
	}
	data := readShared(t, path, "spec", "JMLOG_SPEC")
	rows := specRows(string(data))
	if len(rows) != 40 {
		t.Errorf("the spec has %d rows, want 40", len(rows))
	}
	tab := codes.Embedded()
	if tab.Len() != len(rows) {
		t.Errorf("the embedded table has %d rows, the spec %d", tab.Len(), len(rows))
	}
	seen := make(map[uint32]bool)
	for _, r := range rows {
		if len(r) != 3 {
			t.Errorf("spec row %q has %d cells, want 3", r, len(r))
			continue
		}
		code, err := strconv.ParseUint(r[0], 10, 32)
		if err != nil {
			t.Errorf("spec row %q: code: %v", r, err)
			continue
		}
		if seen[uint32(code)] {
			t.Errorf("spec has code %d twice", code)
		}
		seen[uint32(code)] = true
		e, ok := tab.Lookup(uint32(code))
		if !ok {
			t.Errorf("code %d of the spec is not embedded", code)
			continue
		}
		if e.Message != r[1] {
			t.Errorf("code %d: message\n%q\nthe spec says\n%q", code, e.Message, r[1])
		}
		if e.Instruction != r[2] {
			t.Errorf("code %d: instruction\n%q\nthe spec says\n%q", code, e.Instruction, r[2])
		}
	}
	for _, e := range tab.Entries() {
		if !seen[e.Code] {
			t.Errorf("embedded code %d is not in the spec", e.Code)
		}
	}
}

// readShared reads a file of the shared directory, or skips the test when
// it is absent, unless JMLOG_REQUIRE_SPEC=1.
func readShared(t *testing.T, path, what, env string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		abs, _ := filepath.Abs(path)
		msg := what + " not found at " + abs + " (set " + env + " to its path): " + err.Error()
		if os.Getenv("JMLOG_REQUIRE_SPEC") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return data
}

// TestEmbeddedIsTheSpecPage: the page reader, given the spec page itself,
// gives the embedded rows: the same codes, messages, instructions and
// platform, in the same language.
func TestEmbeddedIsTheSpecPage(t *testing.T) {
	path := os.Getenv("JMLOG_SPEC")
	if path == "" {
		path = specPath
	}
	data := readShared(t, path, "spec", "JMLOG_SPEC")
	page, err := codes.Parse("spec.md", strings.NewReader(string(data)), codes.Page)
	if err != nil {
		t.Fatal(err)
	}
	got, want := page.Entries(), codes.Embedded().Entries()
	if len(got) != len(want) {
		t.Fatalf("the spec page gives %d rows, the embedded table has %d", len(got), len(want))
	}
	for i := range got {
		g, w := rowOf(&got[i]), rowOf(&want[i])
		g.Source, w.Source = "", ""
		if !reflect.DeepEqual(g, w) {
			t.Errorf("row %d: the page gives\n%+v\nthe embedded table\n%+v", i, g, w)
		}
	}
}

var (
	trRE  = regexp.MustCompile(`(?is)<tr\b[^>]*>(.*?)</tr>`)
	tdRE  = regexp.MustCompile(`(?is)<td\b[^>]*>(.*?)</td>`)
	tagRE = regexp.MustCompile(`(?s)<[^>]*>`)
)

// specRows returns the cells of every table row that has <td> cells, with
// tags stripped, entities decoded and surrounding space trimmed.
func specRows(doc string) [][]string {
	var rows [][]string
	for _, tr := range trRE.FindAllStringSubmatch(doc, -1) {
		var cells []string
		for _, td := range tdRE.FindAllStringSubmatch(tr[1], -1) {
			cells = append(cells, strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(td[1], ""))))
		}
		if cells != nil { // the header row has <th> cells only
			rows = append(rows, cells)
		}
	}
	return rows
}

func TestSpecRows(t *testing.T) {
	// The test's own parser, on the spec's quirks.
	doc := `<table><tr bgcolor="#D3D3D3"><th>Code</th><th>Error Message</th></tr>
	<tr >
	  <td>871318</td>
	  <td>Illegal.</td>
	  <td>please see <a href="../g/" target="_blank">Integration Guide</a>.</td>
	</tr>
	<tr><td>871324</td><td>a &amp; b</td><td>cannot be sent
    </td></tr></table>`
	got := specRows(doc)
	want := [][]string{{"871318", "Illegal.", "please see Integration Guide."}, {"871324", "a & b", "cannot be sent"}}
	if len(got) != len(want) {
		t.Fatalf("specRows = %q, want %q", got, want)
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, got[i], want[i])
		}
	}
}

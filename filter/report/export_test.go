package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/internal/sanitize"
)

// exportTable is a table with the text that breaks naive CSV: commas,
// quotes, a leading space, TAB and line feeds, Chinese, an empty message,
// a table's own platform and source columns, and a code in two languages.
func exportTable(t *testing.T) []codes.Entry {
	t.Helper()
	tsv := "code\tmessage\tinstruction\tplatform\tsource\n" +
		"871300\tHave not logged in.\tlog in, then \"retry\"\tandroid\thttps://docs.example.com/a#1\n" +
		"7130001\t 消息体过长，请缩短\t单条消息, 最多 4 KB\tserver\t\n" +
		"899070\t\tEmpty message row\t\t\n"
	a, err := codes.Parse("t.tsv", strings.NewReader(tsv), codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	page := "## JPush\n\n| Code | Message | Description |\n| --- | --- | --- |\n| 6002 | Setting timeout | multi<br>line |\n"
	en, err := codes.Parse("en.md", strings.NewReader(page), codes.Page)
	if err != nil {
		t.Fatal(err)
	}
	zh, err := codes.Parse("zh.md", strings.NewReader("## JPush\n\n| Code | 描述 | 说明 |\n| --- | --- | --- |\n| 6002 | 设置超时 | 请重试 |\n"), codes.Page)
	if err != nil {
		t.Fatal(err)
	}
	return codes.MergeLang("en", a, zh, en).Entries()
}

// want is what a tool should read back for each row: the cells as the
// table has them, one line each.
func wantCells(es []codes.Entry, cols []string) [][]string {
	var out [][]string
	for i := range es {
		var rec []string
		for _, c := range cols {
			rec = append(rec, sanitize.Text(cell(&es[i], c)))
		}
		out = append(out, rec)
	}
	return out
}

// TestExportCSVEngines checks the CSV against what each engine documents:
//
//   - Vector's file enrichment table (csv crate, include_headers = true):
//     RFC 4180, a header row naming the columns, every record with the
//     same number of fields;
//   - Fluent Bit's lookup filter: the first row a header, the first column
//     the key and the second the value, other columns ignored, quoted fields
//     and escaped quotes, no record spanning lines;
//   - Logstash's translate filter (dictionary_path, .csv): exactly two
//     columns, key and value; the file is read a line at a time.
func TestExportCSVEngines(t *testing.T) {
	es := exportTable(t)
	cols := TableColumns(es)
	if want := []string{"code", "message", "instruction", "platform", "lang", "source", "extra_source"}; !reflect.DeepEqual(cols, want) {
		t.Fatalf("columns %v, want %v", cols, want)
	}
	var b bytes.Buffer
	if err := WriteTable(&b, es, TableOptions{Format: TableCSV}); err != nil {
		t.Fatal(err)
	}
	// Vector: one strict RFC 4180 read of the whole file.
	r := csv.NewReader(bytes.NewReader(b.Bytes()))
	r.FieldsPerRecord = 0 // every record as long as the first
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("strict CSV: %v\n%s", err, b.String())
	}
	if !reflect.DeepEqual(recs[0], cols) || !reflect.DeepEqual(recs[1:], wantCells(es, cols)) {
		t.Errorf("CSV read back as\n%q\nwant header %q and\n%q", recs, cols, wantCells(es, cols))
	}
	// Fluent Bit: each line on its own is one record; key and value are
	// its first two fields.
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(es)+1 {
		t.Fatalf("%d lines for %d rows and a header: a record spans lines", len(lines), len(es))
	}
	for i, l := range lines[1:] {
		rec, err := csv.NewReader(strings.NewReader(l)).Read()
		if err != nil || rec[0] != recs[i+1][0] || rec[1] != recs[i+1][1] {
			t.Errorf("line %q alone: %q, %v", l, rec, err)
		}
	}
	// Logstash: two columns, no header, a line at a time.
	b.Reset()
	if err := WriteTable(&b, es, TableOptions{Format: TableCSV, Columns: []string{"code", "message"}, NoHeader: true}); err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(es) {
		t.Fatalf("%d lines for %d rows", len(lines), len(es))
	}
	for i, l := range lines {
		rec, err := csv.NewReader(strings.NewReader(l)).Read()
		if err != nil || len(rec) != 2 || rec[0] != recs[i+1][0] || rec[1] != recs[i+1][1] {
			t.Errorf("Logstash line %q: %q, %v", l, rec, err)
		}
	}
}

// TestExportTSVRoundTrip: the TSV listing loads back as a table with the
// same codes, text and languages; platform and source come back as extra
// columns.
func TestExportTSVRoundTrip(t *testing.T) {
	es := exportTable(t)
	var b bytes.Buffer
	if err := WriteTable(&b, es, TableOptions{Format: TableTSV}); err != nil {
		t.Fatal(err)
	}
	back, err := codes.Parse("back.tsv", &b, codes.TSV)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Entries()
	if len(got) != len(es) {
		t.Fatalf("%d rows back, want %d", len(got), len(es))
	}
	for i := range es {
		g, w := &got[i], &es[i]
		if g.Code != w.Code || g.Message != sanitize.Text(w.Message) || g.Instruction != sanitize.Text(w.Instruction) || g.Lang() != w.Lang() || platformOf(g) != platformOf(w) {
			t.Errorf("row %d back as %+v, was %+v", i, g, w)
		}
	}
}

func TestExportMarkdownAndJSON(t *testing.T) {
	es := exportTable(t)
	var b bytes.Buffer
	if err := WriteTable(&b, es, TableOptions{Format: TableMarkdown, Columns: []string{"code", "instruction"}}); err != nil {
		t.Fatal(err)
	}
	want := "| code | instruction |\n| --- | --- |\n| 6002 | multi line |\n| 871300 | log in, then \"retry\" |\n| 899070 | Empty message row |\n| 7130001 | 单条消息, 最多 4 KB |\n"
	if b.String() != want {
		t.Errorf("md:\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := WriteTable(&b, es, TableOptions{Format: TableJSON}); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	if rows[0]["code"].(float64) != 6002 || rows[0]["lang"] != "en" || rows[0]["alt"].(map[string]any)["message"] != "设置超时" {
		t.Errorf("JSON row 0: %v", rows[0])
	}
	if rows[1]["platform"] != "android" || rows[1]["alt"] != nil {
		t.Errorf("JSON row 1: %v", rows[1])
	}
	if err := WriteTable(&b, es, TableOptions{Format: TableCSV, Columns: []string{"code", "nope"}}); err == nil || !strings.Contains(err.Error(), `no column "nope"`) {
		t.Errorf("unknown column: %v", err)
	}
}

package codes_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

func TestLangColumn(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    codes.Format
		in   string
		want string // lang of each row in order, or the error
	}{
		{"tsv", codes.TSV, "code\tmessage\tlang\n1\ta\tzh\n1\tb\tEN\n2\tc\t\n3\td\t zh-Hant \n4\te\ten_US\n", "1:zh 1:en 2: 3:zh 4:en"},
		{"csv", codes.CSV, "lang,code,message\nzh,1,a\n,2,b\n", "1:zh 2:"},
		{"json", codes.JSON, `[{"code":1,"lang":"zh"},{"code":1,"lang":"en"},{"code":2,"lang":null}]`, "1:zh 1:en 2:"},
		{"no lang column", codes.TSV, "1\ta\tb\n", "1:"},
		{"lang in col4 without header is Extra", codes.TSV, "1\ta\tb\tzh\n", "1:"},
		{"tsv bad", codes.TSV, "code\tlang\n1\tfr\n", `in:2: codes: unknown language "fr": write zh, en or nothing`},
		{"tsv tag without base", codes.TSV, "code\tlang\n1\tzh-\n", `in:2: codes: unknown language "zh-"`},
		{"tsv chinese", codes.TSV, "code\tlang\n1\t中文\n", `in:2: codes: unknown language "中文"`},
		{"json bad", codes.JSON, "[\n{\"code\":1,\"lang\":\"de\"}]", `in:2: codes: unknown language "de"`},
	} {
		tab, err := codes.Parse("in", strings.NewReader(tc.in), tc.f)
		var got string
		if err != nil {
			got = err.Error()
			if !errors.Is(err, codes.ErrLang) {
				got += " (not ErrLang)"
			}
		} else {
			var parts []string
			for _, e := range tab.Entries() {
				parts = append(parts, fmt.Sprintf("%d:%s", e.Code, e.Lang()))
			}
			got = strings.Join(parts, " ")
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func parsePage(t *testing.T, name, text string) *codes.Table {
	t.Helper()
	tab, err := codes.Parse(name, strings.NewReader(text), codes.Page)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// langSummary renders a table as "code=message(lang)[alt message(alt lang)]"
// items, in order.
func langSummary(tab *codes.Table) string {
	var b strings.Builder
	for _, e := range tab.Entries() {
		fmt.Fprintf(&b, "%d=%s(%s)", e.Code, e.Message, e.Lang())
		if e.Alt() != nil {
			fmt.Fprintf(&b, "[%s(%s)]", e.Alt().Message, e.Alt().Lang())
			if e.Alt().Alt() != nil {
				b.WriteString("[Alt.Alt set]")
			}
		}
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}

func TestMergeLang(t *testing.T) {
	zh := parsePage(t, "zh.md", "## Android\n| 1 | 一 |\n|-|-|\n| 1 | 一 |\n| 2 | 二 |\n| 3 | 三 |\n## RTC\n| 1 | 一r |\n|-|-|\n| 1 | 一r |\n")
	en := parsePage(t, "en.md", "## Android\n| 1 | one |\n|-|-|\n| 1 | one |\n| 2 | two |\n| 4 | four |\n")
	enOther := parsePage(t, "status.md", "## Status codes\n| 2 | two |\n|-|-|\n| 2 | two |\n")
	zhOther := parsePage(t, "状态.md", "## 状态码\n| 2 | 二 |\n|-|-|\n| 2 | 二 |\n")
	both := mustParse(t, "both.tsv", "code\tmessage\tlang\n5\tfive\ten\n5\t五\tzh\n6\tsix\t\n")
	noLang := mustParse(t, "nolang.tsv", "code\tmessage\n1\teins\n")
	mixed := mustParse(t, "mixed.tsv", "code\tmessage\tlang\n1\teins\t\n1\tone\ten\n")
	embedded := codes.Embedded()
	for _, tc := range []struct {
		name   string
		prefer string
		tables []*codes.Table
		want   string
	}{
		{"zh over en", "zh", []*codes.Table{en, zh}, "1=一(zh)[one(en)] 1=一r(zh) 2=二(zh)[two(en)] 3=三(zh) 4=four(en)[]"},
		{"zh under en", "zh", []*codes.Table{zh, en}, "1=一(zh)[one(en)] 1=一r(zh) 2=二(zh)[two(en)] 3=三(zh) 4=four(en)"},
		{"en", "en", []*codes.Table{zh, en}, "1=one(en)[一(zh)] 2=two(en)[二(zh)] 3=三(zh) 4=four(en)"},
		{"no preference: the latest table", "", []*codes.Table{en, zh}, "1=一(zh)[one(en)] 1=一r(zh) 2=二(zh)[two(en)] 3=三(zh) 4=four(en)"},
		{"headings differ: one each pairs", "zh", []*codes.Table{enOther, zhOther}, "2=二(zh)[two(en)]"},
		{"one table, both languages", "zh", []*codes.Table{both}, "5=五(zh)[five(en)] 6=six()"},
		{"one table, en", "en", []*codes.Table{both}, "5=five(en)[五(zh)] 6=six()"},
		{"a later table without the language does not win", "zh", []*codes.Table{zh, both, en}, "1=一(zh)[one(en)] 1=一r(zh) 2=二(zh)[two(en)] 3=三(zh) 4=four(en) 5=五(zh)[five(en)] 6=six()"},
		{"nil and empty tables", "zh", []*codes.Table{nil, new(codes.Table), both, nil}, "5=五(zh)[five(en)] 6=six()"},
		{"none", "zh", nil, ""},
		{"a later table of no language overrides", "en", []*codes.Table{en, noLang}, "1=eins()[] 2=two(en) 4=four(en)"},
		{"an earlier table of no language does not", "en", []*codes.Table{noLang, en}, "1=one(en) 2=two(en) 4=four(en)"},
		{"no language, and the other", "zh", []*codes.Table{zh, mixed}, "1=eins() 2=二(zh) 3=三(zh)"},
		{"merged again: Alt.Alt stays nil", "en", []*codes.Table{codes.MergeLang("zh", both)}, "5=五(zh)[five(en)] 6=six()"},
	} {
		tc.want = strings.ReplaceAll(tc.want, "[]", "")
		m := codes.MergeLang(tc.prefer, tc.tables...)
		if got := langSummary(m); got != tc.want {
			t.Errorf("%s: MergeLang(%q) =\n%s\nwant\n%s", tc.name, tc.prefer, got, tc.want)
		}
		for _, e := range m.Entries() {
			if got, ok := m.Lookup(e.Code); !ok || got.Code != e.Code {
				t.Errorf("%s: Lookup(%d) = %v, %v", tc.name, e.Code, got, ok)
			}
		}
	}
	// The embedded rows are English under "JMessage Android": a Chinese
	// page with that heading pairs with them.
	zhAndroid := parsePage(t, "zh-android.md", "## JMessage Android\n| Code | Error Message | 说明 |\n|-|-|-|\n| 871300 | Have not logged in. | api调用发起者尚未登录 |\n")
	m := codes.MergeLang("zh", embedded, zhAndroid)
	e, _ := m.Lookup(871300)
	if e == nil || e.Instruction != "api调用发起者尚未登录" || e.Alt() == nil || e.Alt().Instruction != "Initiator of api call has not logged in" || e.Alt().Source() != "embedded" {
		t.Errorf("MergeLang(zh, Embedded(), zh page).Lookup(871300) = %+v", e)
	}
	if e, _ := m.Lookup(871301); e == nil || e.Lang() != "en" || e.Alt() != nil {
		t.Errorf("Lookup(871301) = %+v, want the embedded row alone", e)
	}
	if m.Len() != embedded.Len() {
		t.Errorf("Len = %d, want %d", m.Len(), embedded.Len())
	}
	// Entries copies the rows, each with its Alt: changing a copy leaves
	// the table alone.
	es := m.Entries()
	for i := range es {
		if es[i].Code == 871300 && (es[i].Alt() == nil || es[i].Alt().Message != "Have not logged in.") {
			t.Errorf("Entries(): 871300's Alt = %+v, want the embedded row", es[i].Alt())
		}
		es[i].Message = "changed"
	}
	if e, _ := m.Lookup(871300); e.Message == "changed" || e.Alt().Message == "changed" || embedded.Rows(871300)[0].Message == "changed" {
		t.Error("changing an Entries() row changed a table")
	}
}

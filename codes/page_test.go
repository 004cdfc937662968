package codes_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

func TestLoadPage(t *testing.T) {
	type E = row
	for _, tc := range []struct {
		file string
		want []row // in table order; Source is "testdata/FILE:LINE"
		line []int
	}{
		{"page_html.md", []E{
			{Code: 0, Message: "Success", Instruction: "success", Platform: "Widget Android", Lang: "en"},
			{Code: 0, Message: "ok", Instruction: "ready", Platform: "Widget RTC", Lang: "en"},
			{Code: 910001, Message: "Bad request parameters.", Instruction: "See the Integration Guide.", Platform: "Widget Android", Lang: "en"},
			{Code: 910002, Message: "Tom & Jerry's <tag> error", Instruction: "Spread over three lines", Platform: "Widget Android", Lang: "en"},
			{Code: 910003, Message: "Quota", Instruction: "Retry later, a < b", Platform: "Widget Android", Lang: "en", Extra: []F{{"col4", "server"}}},
			{Code: 920001, Message: "Engine init failed", Platform: "Widget RTC", Lang: "en"},
		}, []int{18, 47, 23, 30, 35, 48}},
		{"page_pipe.md", []E{
			{Code: 0, Message: "success", Instruction: "Successful", Platform: "Gadget Web error codes", Lang: "en", Extra: []F{{"col4", "request"}}},
			{Code: 200, Message: "OK", Instruction: "Success!", Platform: "Gadget server", Lang: "en"},
			{Code: 404, Message: "Not Found", Instruction: "`missing` resource", Platform: "Gadget server", Lang: "en"},
			{Code: 940001, Message: "missing error", Instruction: "Unknown error code", Platform: "Gadget Web error codes", Lang: "en"},
			{Code: 940002, Message: "a | b", Instruction: "see the guide", Platform: "Gadget Web error codes", Lang: "en"},
			{Code: 940003, Message: "only a message", Platform: "Gadget Web error codes", Lang: "en"},
			{Code: 940004, Message: "no outer pipes", Instruction: "fine", Platform: "Gadget Web error codes", Lang: "en"},
		}, []int{8, 19, 20, 9, 10, 11, 12}},
		{"page_zh.md", []E{
			{Code: 0, Message: "Success", Instruction: "成功", Platform: "小部件 Android", Lang: "zh"},
			{Code: 910001, Message: "Invalid request parameters.", Instruction: "请求参数不合法", Platform: "小部件 Android", Lang: "zh"},
			{Code: 910002, Message: "Request failed.", Instruction: "请求失败，请检查网络", Platform: "小部件 Android", Lang: "zh"},
			{Code: 920001, Message: "Engine init failed", Instruction: "Engine 初始化失败", Platform: "小部件 Android", Lang: "zh"},
		}, []int{7, 8, 9, 10}},
		{"page_lang.html", []E{
			{Code: 910001, Message: "Bad request.", Instruction: "Check the parameters.", Platform: "Codes", Lang: "en"},
			{Code: 910001, Message: "Bad request.", Instruction: "请求参数不合法", Platform: "Codes", Lang: "zh"},
			{Code: 910002, Message: "Timeout.", Instruction: "Retry.", Platform: "Codes"},
		}, []int{5, 6, 7}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			for i := range tc.want {
				tc.want[i].Source = path + ":" + itoa(tc.line[i])
			}
			tab, err := codes.Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := rowsOf(tab.Entries()); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Entries() =\n%s\nwant\n%s", render(got), render(tc.want))
			}
			if tab.Len() != len(tc.want) {
				t.Errorf("Len() = %d, want %d", tab.Len(), len(tc.want))
			}
			// Lookup gives the last row of each code, Rows all of them.
			for i, w := range tc.want {
				rows := tab.Rows(w.Code)
				if i+1 < len(tc.want) && tc.want[i+1].Code == w.Code {
					continue
				}
				e, ok := tab.Lookup(w.Code)
				if !ok || !reflect.DeepEqual(*rowOf(e), w) {
					t.Errorf("Lookup(%d) = %+v, %v; want %+v", w.Code, e, ok, w)
				}
				if len(rows) == 0 || &rows[len(rows)-1] != e {
					t.Errorf("Rows(%d) does not end with Lookup's entry", w.Code)
				}
				first := i
				for first > 0 && tc.want[first-1].Code == w.Code {
					first--
				}
				if !reflect.DeepEqual(rowsOf(rows), tc.want[first:i+1]) {
					t.Errorf("Rows(%d) =\n%s\nwant\n%s", w.Code, render(rowsOf(rows)), render(tc.want[first:i+1]))
				}
			}
			if dups, err := codes.Check(path); err != nil || dups != nil {
				t.Errorf("Check = %v, %v; want no duplicates (a code under two headings is not one)", dups, err)
			}
		})
	}
}

func TestLoadPageErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		line int
		err  error
		text string
	}{
		{"page_bad_code.md", 7, codes.ErrBadCode, `"0910002" has a leading zero; write the code without it, e.g. 910002`},
		{"page_bad_pipe.md", 5, codes.ErrBadCode, `got "E910001"`},
		{"page_no_table.md", 0, codes.ErrNoTable, "none of the page's 2 tables has codes in its code column; a page needs a table with a row per code"},
	} {
		path := filepath.Join("testdata", tc.file)
		for fn, load := range map[string]func(string) error{
			"Load":  func(p string) error { _, err := codes.Load(p); return err },
			"Check": func(p string) error { _, err := codes.Check(p); return err },
		} {
			err := load(path)
			var le *codes.LoadError
			if !errors.As(err, &le) || le.Path != path || le.Line != tc.line || !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("%s(%s) error = %v; want %s at line %d containing %q", fn, path, err, tc.err, tc.line, tc.text)
			}
		}
	}
}

// pageSummary renders a page's table as "code=message/instruction@platform:line"
// items in code order, or "error: LINE SENTINEL".
func pageSummary(text string) string {
	tab, err := codes.Parse("p", strings.NewReader(text), codes.Page)
	if err != nil {
		var le *codes.LoadError
		errors.As(err, &le)
		return "error: " + itoa(le.Line) + " " + sentinel(err)
	}
	var b strings.Builder
	for _, e := range tab.Entries() {
		fmt.Fprintf(&b, "%d=%s/%s@%s:%s", e.Code, e.Message, e.Instruction, e.Platform(), strings.TrimPrefix(e.Source(), "p:"))
		for _, x := range e.Extra() {
			fmt.Fprintf(&b, "+%s:%s", x.Name, x.Value)
		}
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String())
}

func TestParsePage(t *testing.T) {
	const noTable = "error: 0 " + "codes: no table of codes on the page"
	const badCode = "codes: code is not a number of 1 to 9 digits"
	for _, tc := range []struct{ name, in, want string }{
		// Shapes of HTML tables.
		{"minimal", "<table><tr><td>1</td><td>m</td><td>i</td></tr></table>", "1=m/i@:1"},
		{"no end tags", "<table>\n<tr><td>1<td>m<td>i\n<tr><td>2<td>n\n", "1=m/i@:2 2=n/@:3"},
		{"cells outside a tr", "<table><td>1</td><td>m</td></table>", "1=m/@:1"},
		{"upper case and attributes", "<TABLE class=x><TR align=left><TD  width=\"9\">7</TD><TH>m</TH></TR></TABLE>", "7=m/@:1"},
		{"code on its own line", "<table><tr><td>\n\n  <b>\n42</b></td></tr></table>", "42=/@:4"},
		{"nested table is text", "<table><tr><td>1</td><td>a<table><tr><td>x</td><td>y</td></tr></table>b</td><td>i</td></tr></table>", "1=a x y b/i@:1"},
		{"two tables on one line", "<table><tr><td>1</td></tr></table><table><tr><td>2</td></tr></table>", "1=/@:1 2=/@:1"},
		{"table after tags", "<div><p><table><tr><td>1</td></tr></table></p></div>", "1=/@:1"},
		{"table after text is not a table", "see <table><tr><td>1</td></tr></table>", noTable},
		{"tag-like text is text", "<table><tr><td>1</td><td>a <b and <3 c > d</td></tr></table>", "1=a d/@:1"},
		{"lone less-than", "<table><tr><td>1</td><td>1 < 2 <</td></tr></table>", "1=1 < 2 </@:1"},
		{"entities", "<table><tr><td>&#49;</td><td>&quot;x&quot;&nbsp;&amp;&#x4e2d;</td></tr></table>", "1=\"x\" &中/@:1"},
		{"br and p are spaces", "<table><tr><td>1</td><td>a<br>b<br/>c<p>d</p>e<span>f</span></td></tr></table>", "1=a b c d ef/@:1"},
		{"entity across a tag is text", "<table><tr><td>7</td><td>&#<b>50</b> &amp;<i>amp;</i></td></tr></table>", "7=&#50 &amp;/@:1"},
		{"comment in a cell", "<table><tr><td>1</td><td>a<!-- <td>2</td> -->b</td></tr></table>", "1=ab/@:1"},
		{"unterminated comment", "<table><tr><td>1</td><td>a<!-- b</td></tr></table>", "1=a/@:1"},
		{"CRLF", "## P\r\n<table>\r\n<tr><td>5</td><td>m</td></tr>\r\n</table>\r\n", "5=m/@P:3"},
		// Headers.
		{"th header", "<table><tr><th>Code</th><th>Message</th></tr><tr><td>1</td><td>m</td></tr></table>", "1=m/@:1"},
		{"td header", "<table><tr><td>Code</td><td>Message</td></tr><tr><td>1</td><td>m</td></tr></table>", "1=m/@:1"},
		{"two th header rows", "<table><tr><th colspan=2>Codes</th></tr><tr><th>Message</th><th>Code</th></tr><tr><td>m</td><td>1</td></tr></table>", "1=m/@:1"},
		{"th row after codes is skipped", "<table><tr><td>1</td></tr><tr><th>More</th></tr><tr><td>2</td></tr></table>", "1=/@:1 2=/@:1"},
		{"td row after codes is an error", "<table><tr><td>1</td></tr>\n<tr><td>More</td></tr></table>", "error: 2 " + badCode},
		{"numeric-looking header without codes", "<table><tr><td>007</td></tr></table>", "error: 1 " + badCode},
		{"second td header is an error", "<table><tr><td>Code</td></tr>\n<tr><td>Message</td></tr><tr><td>1</td></tr></table>", "error: 2 " + badCode},
		{"named code column, no codes", "<table><tr><th>Error Code</th></tr>\n<tr><td>E1</td></tr></table>", "error: 2 " + badCode},
		{"named code column, no rows", "<table><tr><th>Code</th></tr></table>", ""},
		{"blank rows", "<table><tr></tr><tr><td> </td><td>&nbsp;</td></tr><tr><td>1</td></tr></table>", "1=/@:1"},
		{"code too long", "<table><tr><td>1</td></tr><tr><td>1234567890</td></tr></table>", "error: 1 " + badCode},
		{"a bad first row is not a header", "<table>\n<tr><td>0871300</td></tr>\n<tr><td>1</td></tr></table>", "error: 2 " + badCode},
		{"a bad th row is not a header", "<table>\n<tr><th>-1</th></tr>\n<tr><td>1</td></tr></table>", "error: 2 " + badCode},
		{"bad code in a second table on the line", "<table><tr><td>1</td></tr></table><table><tr><td>1</td></tr>\n<tr><td>x</td></tr></table>\n", "error: 2 " + badCode},
		{"table without codes", "<table><tr><td>a</td></tr><tr><td>b</td></tr></table>", noTable},
		{"no table", "# Codes\n\nnone here\n", noTable},
		{"empty page", "", noTable},
		{"description is the message", "<table><tr><th>Code</th><th>Description</th><th>Detailed Explanation</th></tr><tr><td>1</td><td>m</td><td>i</td></tr></table>", "1=m/i@:1"},
		{"description is the instruction", "<table><tr><th>Code</th><th>Err Message</th><th>DESCRIPTION</th></tr><tr><td>1</td><td>m</td><td>i</td></tr></table>", "1=m/i@:1"},
		{"zh names", "<table><tr><th>错误码</th><th>说明</th><th>错误信息</th></tr><tr><td>1</td><td>i</td><td>m</td></tr></table>", "1=m/i@:1"},
		{"unknown names are positional", "<table><tr><th>Code</th><th>Reason</th><th>Fix</th><th>Note</th></tr><tr><td>1</td><td>m</td><td>i</td><td>n</td></tr></table>", "1=m/i@:1+Note:n"},
		{"named extra column", "<table><tr><th>Code</th><th>Message</th><th>Instruction</th><th>Since</th><th></th></tr><tr><td>1</td><td>m</td><td>i</td><td>v2</td><td>x</td></tr></table>", "1=m/i@:1+Since:v2+col5:x"},
		{"more cells than the header", "<table><tr><th>Code</th></tr><tr><td>1</td><td>m</td></tr></table>", "1=/@:1+col2:m"},
		{"two descriptions", "<table><tr><th>Code</th><th>Description</th><th>描述</th></tr><tr><td>1</td><td>m</td><td>i</td></tr></table>", "1=m/i@:1"},
		// Headings and what is not read.
		{"headings", "# Title\n<table><tr><td>1</td></tr></table>\n## **Second** ##\n<table><tr><td>2</td></tr></table>\n### Third #5\n<table><tr><td>3</td></tr></table>",
			"1=/@Title:2 2=/@Second:4 3=/@Third #5:6"},
		{"setext", "Title\n=====\n| 1 | a |\n|---|---|\n| 2 | b |\n\nSub\n---\n<table><tr><td>3</td></tr></table>", "2=b/@Title:5 3=/@Sub:9"},
		{"hr is not a heading", "Title\n=====\n\n---\n<table><tr><td>3</td></tr></table>", "3=/@Title:5"},
		{"html heading", "<h2 id=x>Web <i>SDK</i></h2>\n<table><tr><td>3</td></tr></table>", "3=/@Web SDK:2"},
		{"fenced code is not read", "```\n<table><tr><td>1</td></tr></table>\n```\n~~~~\n| 2 | x |\n|---|---|\n~~~\n| 3 | x |\n~~~~\n<table><tr><td>4</td></tr></table>", "4=/@:10"},
		{"comment is not read", "<!--\n<table><tr><td>1</td></tr></table>\n-->\n<table><tr><td>2</td></tr></table>", "2=/@:4"},
		{"comment after text is not read", "text <!-- a --> b <!--\n<table><tr><td>1</td></tr></table>\n-->\n<table><tr><td>2</td></tr></table>", "2=/@:4"},
		{"text after a comment is read", "<!--\nx\n--><table><tr><td>3</td></tr></table>", "3=/@:3"},
		{"unterminated table", "<table><tr><td>1</td></tr>\n## Not a heading\n<tr><td>2</td>", "1=/@:1 2=/@:3"},
		// Pipe tables.
		{"pipe", "| Code | Message | Instruction |\n| --- | --- | --- |\n| 1 | m | i |", "1=m/i@:3"},
		{"pipe without outer pipes", "Code | Message\n:-- | --:\n1 | m\n2|n", "1=m/@:3 2=n/@:4"},
		{"pipe header is not data", "| 1 | m |\n|---|---|\n| 2 | n |", "2=n/@:3"},
		{"pipe ends at a blank line", "| Code |\n|---|\n| 1 |\n\n| 2 |", "1=/@:3"},
		{"pipe ends at a line without pipes", "| Code |\n|---|\n| 1 |\ntext\n| 2 |", "1=/@:3"},
		{"pipe one column", "Code\n---\n1", noTable},
		{"pipe one column with pipes", "| Code |\n| --- |\n| 1 |", "1=/@:3"},
		{"delimiter must have pipes or as many cells", "a | b\n---\n1 | c", noTable},
		{"escaped pipes", "| Code | A \\| B |\n|---|---|\n| 1 | x \\| y |", "1=x | y/@:3"},
		{"pipe cell markup", "| Code | Message |\n|---|---|\n| **1** | see [docs](http://x/) &amp; <b>this</b><br>now |", "1=see docs & this now/@:3"},
		{"pipe tabs", "|\tCode\t|\tMessage\t|\n|\t---\t|\t---\t|\n|\t1\t|\tm\t| i |", "1=m/@:3+col3:i"},
		{"pipe bad row", "| Code | Message |\n|---|---|\n| 1 | ok |\n| x1 | bad |", "error: 4 " + badCode},
		{"pipe empty row", "| Code | Message |\n|---|---|\n| | |\n| 1 | m |", "1=m/@:4"},
		{"pipe then html", "| Code |\n|---|\n| 1 |\n<table><tr><td>2</td></tr></table>", "1=/@:3 2=/@:4"},
	} {
		if got := pageSummary(tc.in); got != tc.want {
			t.Errorf("%s: Parse(%q) =\n%s\nwant\n%s", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestPageLang(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"| 1 | a | b |\n|-|-|-|\n| 2 | x | 中 |\n| 3 | x | y |", "en en"}, // 1 of 2 rows: not most
		{"| 1 | a | b |\n|-|-|-|\n| 2 | x | 中 |\n| 3 | 文 | y |", "zh zh"},
		{"| Code | Lang |\n|-|-|\n| 2 | ZH |\n| 3 | en-US |\n| 4 |  |\n| 5 | zh_Hans |", "zh en  zh"},
	} {
		tab, err := codes.Parse("p", strings.NewReader(tc.in), codes.Page)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		var langs []string
		for _, e := range tab.Entries() {
			langs = append(langs, e.Lang())
		}
		if got := strings.Join(langs, " "); got != tc.want {
			t.Errorf("%q: langs %q, want %q", tc.in, got, tc.want)
		}
	}
	_, err := codes.Parse("p", strings.NewReader("| Code | Lang |\n|-|-|\n| 2 | fr |"), codes.Page)
	if !errors.Is(err, codes.ErrLang) || !strings.Contains(err.Error(), `p:3: codes: unknown language "fr": write zh, en or nothing`) {
		t.Errorf("lang fr: error %v, want ErrLang at line 3", err)
	}
}

func TestPageDuplicates(t *testing.T) {
	const page = "## A\n| Code | Message |\n|-|-|\n| 1 | first |\n| 2 | two |\n| 1 | again |\n## B\n| Code | Message |\n|-|-|\n| 1 | b |\n"
	tab, err := codes.Parse("p", strings.NewReader(page), codes.Page)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pageSummary(page), "1=again/@A:6 1=b/@B:10 2=two/@A:5"; got != want {
		t.Errorf("table = %s, want %s", got, want)
	}
	if e, _ := tab.Lookup(1); e == nil || e.Message != "b" {
		t.Errorf("Lookup(1) = %+v, want the row under the last heading", e)
	}
	if tab.Len() != 3 || len(tab.Rows(1)) != 2 || len(tab.Rows(2)) != 1 || tab.Rows(3) != nil {
		t.Errorf("Len %d, Rows(1) %d, Rows(2) %d, Rows(3) %v", tab.Len(), len(tab.Rows(1)), len(tab.Rows(2)), tab.Rows(3))
	}
	path := filepath.Join(t.TempDir(), "p.md")
	writeFile(t, path, page)
	dups, err := codes.Check(path)
	want := []codes.Duplicate{{Code: 1, Lines: []int{4, 6}, Platform: "A", Lang: "en"}}
	if err != nil || !reflect.DeepEqual(dups, want) {
		t.Errorf("Check = %+v, %v; want %+v", dups, err, want)
	}
}

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

package codes_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/jmlog/jmlog/codes"
)

type F = codes.Field

func TestLoad(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []row // in code order; Source is "testdata/FILE:LINE"
		line []int // the line of each entry in want
	}{
		{"header.tsv", []row{
			{Code: 871300, Message: "Have not logged in.", Instruction: "Initiator of api call has not logged in", Extra: []F{{"instruction_zh", "未登录"}}},
			{Code: 871321, Message: "Get receipt details failed.", Instruction: "Only the sender can query", Extra: []F{{"instruction_zh", "只有发送者可以查询"}}},
			{Code: 871322, Message: "Get receipt details failed.", Instruction: "The message was not sent", Extra: []F{{"instruction_zh", "消息未发送成功"}}},
			{Code: 899070, Message: "", Instruction: "The added friend already exists in the buddy list.", Extra: []F{{"instruction_zh", "添加的好友已经存在好友列表中"}}},
		}, []int{4, 6, 8, 5}},
		{"noheader.tsv", []row{
			{Code: 0, Message: "Success", Instruction: "success"},
			{Code: 871504, Message: "Push register not finished.", Instruction: "Try again later."},
			{Code: 7130001, Message: "request user no permission", Instruction: "", Extra: []F{{"col4", "server"}, {"col5", "用户没有权限"}}},
		}, []int{2, 4, 3}},
		{"bom_crlf.tsv", []row{
			{Code: 871101, Message: "Invalid request parameters.", Instruction: "The request parameter is illegal"},
			{Code: 871102, Message: "Request failed.please check your network connection.", Instruction: "Request failed. Please check the network"},
		}, []int{2, 4}},
		{"public_like.tsv", []row{
			{Code: 0, Message: "success", Instruction: "Successful", Extra: []F{{"table", "js"}, {"instruction_zh", "请求成功"}, {"source", "js page"}}},
			{Code: 7130001, Message: "request user no permission", Instruction: "", Extra: []F{{"table", "server"}, {"instruction_zh", "用户没有权限设置管理员"}, {"source", "server page"}}},
		}, []int{3, 4}},
		{"dups.tsv", []row{
			{Code: 0, Message: "Success again", Instruction: "success"},
			{Code: 871300, Message: "third", Instruction: "third row"},
			{Code: 871301, Message: "once", Instruction: "once"},
		}, []int{7, 6, 5}},
		{"basic.csv", []row{
			{Code: 871300, Message: "Have not logged in.", Instruction: "Initiator of api call has not logged in", Extra: []F{{"instruction_zh", "未登录"}}},
			{Code: 871302, Message: "Message content exceeds its max length.", Instruction: "The body is too large, at most 4k.", Extra: []F{{"instruction_zh", "消息体过大"}}},
			{Code: 871303, Message: `Invalid "username".`, Instruction: "Username is illegal.\nIt may be empty.", Extra: []F{{"instruction_zh", "用户名不合法"}}},
			{Code: 871304, Message: "", Instruction: "Password is illegal", Extra: []F{{"instruction_zh", "密码不合法"}}},
		}, []int{2, 3, 5, 7}},
		{"crlf.csv", []row{
			{Code: 871300, Message: "Have not logged in.", Instruction: "Initiator of api call has not logged in"},
		}, []int{2}},
		{"bom_noheader.csv", []row{
			{Code: 871300, Message: "Have not logged in.", Instruction: "Initiator of api call has not logged in", Extra: []F{{"col4", "extra"}}},
		}, []int{1}},
		{"dups.csv", []row{
			{Code: 871300, Message: "second", Instruction: "z"},
			{Code: 871301, Message: "spans\ntwo lines", Instruction: "y"},
		}, []int{5, 3}},
		{"array.json", []row{
			{Code: 0, Message: "", Instruction: "success"},
			{Code: 871300, Message: "Have not logged in.", Instruction: "Initiator of api call has not logged in",
				Extra: []F{{"table", "android"}, {"instruction_zh", "未登录"}, {"priority", "2"}, {"deprecated", "false"}}},
			{Code: 7130001, Message: "request user no permission", Instruction: "", Extra: []F{{"instruction_zh", "用户没有权限"}}},
		}, []int{5, 2, 4}},
		{"object.json", []row{
			{Code: 871300, Message: "Have not logged in.", Instruction: "Initiator of api call has not logged in"},
			{Code: 871504, Message: "Push register not finished.", Instruction: "Push registration is not completed.", Extra: []F{{"source", "spec"}}},
		}, []int{2, 3}},
		{"dups.json", []row{
			{Code: 871300, Message: "second"},
			{Code: 871301, Message: "once"},
		}, []int{4, 3}},
		{"dups_object.json", []row{
			{Code: 0, Message: "Success again"},
			{Code: 871300, Message: "first"},
		}, []int{4, 3}},
		{"bom.json", []row{
			{Code: 871300, Message: "BOM first"},
		}, []int{1}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			for i := range tc.want {
				tc.want[i].Source = path + ":" + itoa(tc.line[i])
			}
			tab, err := codes.Load(path)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := rowsOf(tab.Entries()); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Load(%s).Entries() =\n%s\nwant\n%s", path, render(got), render(tc.want))
			}
			if tab.Len() != len(tc.want) {
				t.Errorf("Len() = %d, want %d", tab.Len(), len(tc.want))
			}
			for _, w := range tc.want {
				if e, ok := tab.Lookup(w.Code); !ok || !reflect.DeepEqual(*rowOf(e), w) {
					t.Errorf("Lookup(%d) = %v, %v; want %+v", w.Code, e, ok, w)
				}
			}

			// Parse gives the same table from any reader.
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f, err := codes.FormatOf(path)
			if err != nil {
				t.Fatal(err)
			}
			for name, r := range map[string]io.Reader{
				"whole":   bytes.NewReader(data),
				"OneByte": iotest.OneByteReader(bytes.NewReader(data)),
				"Half":    iotest.HalfReader(bytes.NewReader(data)),
				"DataErr": iotest.DataErrReader(bytes.NewReader(data)),
			} {
				tab, err := codes.Parse(path, r, f)
				if err != nil {
					t.Errorf("Parse with %s reader: %v", name, err)
					continue
				}
				if got := rowsOf(tab.Entries()); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("Parse with %s reader =\n%s\nwant\n%s", name, render(got), render(tc.want))
				}
			}
		})
	}
}

func TestFixturesKeepTheirBytes(t *testing.T) {
	// testdata/.gitattributes turns off line-end conversion; make sure of it.
	for file, want := range map[string]string{
		"bom_crlf.tsv": "\ufeffcode\tmessage\tinstruction\r\n",
		"crlf.csv":     "code,message,instruction\r\n",
		"bom.json":     "\ufeff{",
	} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte(want)) {
			t.Errorf("testdata/%s starts %q, want %q", file, data[:min(len(data), len(want))], want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		line int
		err  error
		text string // a part of the message
	}{
		{"bad_code.tsv", 3, codes.ErrBadCode, `got "abc"; write the code in decimal digits only`},
		{"long_code.tsv", 4, codes.ErrBadCode, `"1234567890" has 10 digits`},
		{"empty_code.tsv", 2, codes.ErrBadCode, "the code is empty"},
		{"few_columns.tsv", 3, codes.ErrColumns, "want at least 3 (code, message, instruction), got 2; separate columns with one TAB"},
		{"spaces.tsv", 1, codes.ErrColumns, "got 1; separate columns with one TAB"},
		{"many_columns.tsv", 3, codes.ErrColumns, "want 3 as in the header on line 1, got 4"},
		{"few_columns_header.tsv", 3, codes.ErrColumns, "want 4 as in the header on line 1, got 3"},
		{"no_code_header.tsv", 2, codes.ErrNoCode, `name the column that holds the codes "code"`},
		{"not_utf8.tsv", 2, codes.ErrEncoding, "save the file as UTF-8"},
		{"negative_code.csv", 3, codes.ErrBadCode, `got "-871301"`},
		{"bad_quote.csv", 3, codes.ErrSyntax, `write a quote inside it as ""`},
		{"many_columns.csv", 4, codes.ErrColumns, "want 3 as in the header on line 1, got 4; separate columns with a comma"},
		{"few_columns.csv", 2, codes.ErrColumns, "got 2; separate columns with a comma"},
		{"bad_syntax.json", 3, codes.ErrSyntax, "fix the JSON at this line"},
		{"truncated.json", 2, codes.ErrSyntax, "the JSON ends too early"},
		{"no_code.json", 4, codes.ErrNoCode, `add one, e.g. "code": 871300`},
		{"long_code.json", 3, codes.ErrBadCode, `"8713000000" has 10 digits`},
		{"float_code.json", 2, codes.ErrBadCode, `got "8.713e5"`},
		{"bad_key.json", 3, codes.ErrBadCode, `got "E871301"`},
		{"nested.json", 3, codes.ErrSyntax, `member "tags" is an array; want a string, a number, true, false or null`},
		{"not_table.json", 1, codes.ErrSyntax, "the file holds the string"},
		{"trailing.json", 2, codes.ErrSyntax, "after the end of the table"},
		{"mismatch.json", 2, codes.ErrSyntax, "the key is 871300 but the \"code\" member is 871301"},
		{"empty.json", 0, codes.ErrSyntax, "the file is empty"},
		{"table.txt", 0, codes.ErrFormat, `unknown table format ".txt": name the file *.tsv, *.csv or *.json after its format, or *.md for a page`},
		{"table", 0, codes.ErrFormat, "the file name has no extension"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			check := func(fn string, err error) {
				t.Helper()
				var le *codes.LoadError
				if !errors.As(err, &le) {
					t.Fatalf("%s(%s) error = %v (%T), want a *LoadError", fn, path, err, err)
				}
				if le.Path != path || le.Line != tc.line {
					t.Errorf("%s(%s): error at %s:%d, want %s:%d: %v", fn, path, le.Path, le.Line, path, tc.line, err)
				}
				if !errors.Is(err, tc.err) {
					t.Errorf("%s(%s) error = %v, want errors.Is %v", fn, path, err, tc.err)
				}
				prefix := path + ":" + itoa(tc.line) + ": " + tc.err.Error() + ":"
				if tc.line == 0 {
					prefix = path + ": " + tc.err.Error()
				}
				if msg := err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, tc.text) {
					t.Errorf("%s(%s) error =\n%s\nwant it to start %q and contain %q", fn, path, msg, prefix, tc.text)
				}
			}
			tab, err := codes.Load(path)
			if tab != nil {
				t.Errorf("Load returned a table with an error")
			}
			check("Load", err)
			dups, err := codes.Check(path)
			if dups != nil {
				t.Errorf("Check returned duplicates with an error")
			}
			check("Check", err)
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join("testdata", "no such file.tsv")
	_, err := codes.Load(path)
	var le *codes.LoadError
	if !errors.As(err, &le) || le.Path != path || le.Line != 0 || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load(%q) error = %#v, want a *LoadError for the path wrapping fs.ErrNotExist", path, err)
	}
	if got := err.Error(); strings.Count(got, path) != 1 {
		t.Errorf("error %q should name the path once", got)
	}
}

func TestParseReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := codes.Parse("stdin", io.MultiReader(strings.NewReader("0\tok\tok\n"), iotest.ErrReader(boom)), codes.TSV)
	var le *codes.LoadError
	if !errors.As(err, &le) || le.Path != "stdin" || !errors.Is(err, boom) {
		t.Errorf("Parse error = %v, want a *LoadError for stdin wrapping boom", err)
	}
}

func TestParseBadFormat(t *testing.T) {
	for _, f := range []codes.Format{0, 5, -1} {
		_, err := codes.Parse("x", strings.NewReader("0\tok\tok\n"), f)
		if !errors.Is(err, codes.ErrFormat) {
			t.Errorf("Parse with Format %d: error = %v, want ErrFormat", f, err)
		}
	}
}

func TestFormatOf(t *testing.T) {
	for path, want := range map[string]codes.Format{
		"a.tsv": codes.TSV, "dir.d/A.TSV": codes.TSV, "a.Csv": codes.CSV,
		"/x/a.b.json": codes.JSON, "a.JSON": codes.JSON,
		"zh-im_errorcode_android.md": codes.Page, "a.MD": codes.Page, "a.markdown": codes.Page,
		"a.html": codes.Page, "a.HTM": codes.Page,
	} {
		if got, err := codes.FormatOf(path); got != want || err != nil {
			t.Errorf("FormatOf(%q) = %v, %v; want %v", path, got, err, want)
		}
	}
	for _, path := range []string{"a.txt", "a.tsv.gz", "tsv", "a.", ".csv/x", "", "a.md.bak", "a.mdx", "md"} {
		got, err := codes.FormatOf(path)
		if got != 0 || !errors.Is(err, codes.ErrFormat) {
			t.Errorf("FormatOf(%q) = %v, %v; want 0 and ErrFormat", path, got, err)
		}
	}
	for f, want := range map[codes.Format]string{codes.TSV: "tsv", codes.CSV: "csv", codes.JSON: "json", codes.Page: "page", 9: "Format(9)"} {
		if got := f.String(); got != want {
			t.Errorf("Format(%d).String() = %q, want %q", int(f), got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	for file, want := range map[string][]codes.Duplicate{
		"dups.tsv":         {{Code: 0, Lines: []int{1, 7}}, {Code: 871300, Lines: []int{2, 4, 6}}},
		"dups.csv":         {{Code: 871300, Lines: []int{2, 5}}},
		"dups.json":        {{Code: 871300, Lines: []int{2, 4}}},
		"dups_object.json": {{Code: 0, Lines: []int{2, 4}}},
		"public_like.tsv":  {{Code: 0, Lines: []int{2, 3}}},
		"header.tsv":       nil,
		"array.json":       nil,
	} {
		path := filepath.Join("testdata", file)
		got, err := codes.Check(path)
		if err != nil {
			t.Errorf("Check(%s): %v", path, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Check(%s) = %v, want %v", path, got, want)
		}
	}
}

func TestParseText(t *testing.T) {
	// Small cases that need no file.
	for _, tc := range []struct {
		name string
		f    codes.Format
		in   string
		want string // summary of the table, or "error: LINE SENTINEL"
	}{
		{"empty tsv", codes.TSV, "", ""},
		{"only comments", codes.TSV, "# a\n\n#b\n", ""},
		{"header only", codes.TSV, "code\tmessage\tinstruction\n", ""},
		{"no final newline", codes.TSV, "1\ta\tb", "1=a@in:1"},
		{"tabs only line", codes.TSV, "\t\t\n1\ta\tb\n", "1=a@in:2"},
		{"spaces around code", codes.TSV, " 42 \tm\ti\n", "42=m@in:1"},
		{"leading zeros are refused (issue 9)", codes.TSV, "000871300\tm\ti\n", "error: 1 " + codes.ErrBadCode.Error()},
		{"max code", codes.TSV, "999999999\tm\ti\n", "999999999=m@in:1"},
		{"message kept as is", codes.TSV, "1\t  spaced  \ti\n", "1=  spaced  @in:1"},
		{"hash inside is not a comment", codes.TSV, "1\t# not a comment\ti\n", "1=# not a comment@in:1"},
		{"header in any case", codes.TSV, "CODE\tMsg\tInstruction_EN\n5\tm\ti\n", "5=m@in:2"},
		{"header after blank lines", codes.TSV, "\n\ncode\tmessage\n5\tm\n", "5=m@in:4"},
		{"header code column last", codes.TSV, "message\tcode\nm\t5\n", "5=m@in:2"},
		{"numeric first row is data", codes.TSV, "0\tcode\tx\n", "0=code@in:1"},
		{"no header row, bad code", codes.TSV, "x\ty\tz\n", "error: 1 " + codes.ErrBadCode.Error()},
		{"CR only line end kept", codes.TSV, "1\ta\tb\r\r\n", "1=a@in:1"},
		{"csv comment is data", codes.CSV, "#1,a,b\n", "error: 1 " + codes.ErrBadCode.Error()},
		{"csv blank record", codes.CSV, ",,\n1,a,b\n", "1=a@in:2"},
		{"csv quoted code", codes.CSV, "\"7\",a,b\n", "7=a@in:1"},
		{"json empty array", codes.JSON, "[]", ""},
		{"json empty object", codes.JSON, " {} \n", ""},
		{"json code string with spaces", codes.JSON, `[{"code": " 7 ", "message": "m"}]`, "7=m@in:1"},
		{"json null code", codes.JSON, `[{"code": null}]`, "error: 1 " + codes.ErrBadCode.Error()},
		{"json negative code", codes.JSON, `[{"code": -1}]`, "error: 1 " + codes.ErrBadCode.Error()},
		{"json duplicate member", codes.JSON, `[{"code": 1, "message": "a", "message": "b"}]`, "1=b@in:1"},
		{"json msg alias loses to message", codes.JSON, `[{"code": 1, "message": "a", "msg": "b"}]`, "1=a@in:1"},
		{"json array of non-objects", codes.JSON, `[1]`, "error: 1 " + codes.ErrSyntax.Error()},
		{"json object value not object", codes.JSON, "{\n\"1\": \"m\"}", "error: 2 " + codes.ErrSyntax.Error()},
		{"json only whitespace", codes.JSON, "\n\n", "error: 0 " + codes.ErrSyntax.Error()},
		{"json open object", codes.JSON, "{\"1\"", "error: 1 " + codes.ErrSyntax.Error()},
		{"json BOM then invalid UTF-8", codes.JSON, "\ufeff[\n\"\xff\"]", "error: 2 " + codes.ErrEncoding.Error()},
		{"utf16", codes.TSV, "\xff\xfe1\x00", "error: 1 " + codes.ErrEncoding.Error()},
	} {
		tab, err := codes.Parse("in", strings.NewReader(tc.in), tc.f)
		var got string
		if err != nil {
			var le *codes.LoadError
			if !errors.As(err, &le) {
				t.Errorf("%s: error %v (%T) is not a *LoadError", tc.name, err, err)
				continue
			}
			got = "error: " + itoa(le.Line) + " " + sentinel(err)
			if !strings.HasPrefix(tc.want, "error: ") {
				got += " (" + err.Error() + ")"
			}
		} else {
			got = summary(tab)
		}
		if got != tc.want {
			t.Errorf("%s: Parse(%q, %v) = %s\nwant %s", tc.name, tc.in, tc.f, got, tc.want)
		}
	}
}

func TestLoadErrorString(t *testing.T) {
	err := errors.New("codes: boom")
	for _, tc := range []struct {
		e    codes.LoadError
		want string
	}{
		{codes.LoadError{Path: "a.tsv", Line: 3, Err: err}, "a.tsv:3: codes: boom"},
		{codes.LoadError{Path: "a.tsv", Err: err}, "a.tsv: codes: boom"},
		{codes.LoadError{Err: err}, "codes: boom"},
		{codes.LoadError{Path: "a.tsv", Line: 1}, "a.tsv:1: <nil>"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("%#v.Error() = %q, want %q", tc.e, got, tc.want)
		}
		if tc.e.Unwrap() != tc.e.Err {
			t.Errorf("Unwrap() is not Err")
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func render(es []row) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString("  ")
		b.WriteString(fmt.Sprintf("%+v", e))
		b.WriteString("\n")
	}
	return b.String()
}

// sentinel returns the message of the Err variable that err wraps.
func sentinel(err error) string {
	for _, s := range []error{codes.ErrFormat, codes.ErrBadCode, codes.ErrColumns, codes.ErrNoCode, codes.ErrSyntax, codes.ErrEncoding,
		codes.ErrBinary, codes.ErrTooLarge, codes.ErrNoTable, codes.ErrLang} {
		if errors.Is(err, s) {
			return s.Error()
		}
	}
	return "no sentinel in " + err.Error()
}

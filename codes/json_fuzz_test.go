package codes

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzJSONScanner compares the JSON table scanner with the reader built on
// encoding/json's Decoder (json_ref_test.go): on every input both succeed
// with the same rows and lines, or both fail with the same sentinel error
// at the same line. Syntax errors may be worded differently and be put on
// another line by the reference.
func FuzzJSONScanner(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(string(data))
		}
	}
	for _, s := range []string{
		`[{"code":1,"message":"a\u00e9\ud83d\ude00\ud800x\"\\\/\b\f\n\r\t","x":-0.5e+3,"y":true,"z":null,"x":false}]`,
		`{"1":{"code":"1"},"2":{}}`,
		"[\n{\"code\": 1}\n,\n{\"code\": 2}\n]\n",
		`[{"code":1}{"code":2}]`, `[{"code":01}]`, `[{"code":1.}]`, `[{"code":-}]`, `[{"code":1e}]`,
		`[{"code":tru}]`, `[{"code":nul`, `[{"code":"1\u12"}]`, `["\x"]`, `{"1" 2}`, `{1:{}}`,
		`[{"msg":"m","message":"n","instruction_en":"e","instruction":"i","lang":"zh-CN"}]`,
		`[{"code":1,"lang":"fr"}]`, `[{"code":[1]}]`, `[{"code":{}}]`, `[] x`, `[] "s"`, `[] [`, `"top"`, `7`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // the callers validate the input first
		}
		got, want := &rowSet{name: "f"}, &rowSet{name: "f"}
		gerr, werr := parseJSON(got, text), parseJSONRef(want, text)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("scanner error %v, reference error %v", gerr, werr)
		}
		if gerr != nil {
			var g, w *LoadError
			if !errors.As(gerr, &g) || !errors.As(werr, &w) {
				t.Fatalf("errors %#v, %#v are not *LoadError", gerr, werr)
			}
			// The reference's lines of syntax errors come from
			// encoding/json's SyntaxError.Offset, which is off after a
			// ',' or ':' that Decoder.Token reads itself; the scanner's
			// are the line of the bad byte (TestJSONSyntaxLines).
			lineOK := g.Line == w.Line || errors.Is(gerr, ErrSyntax)
			if !lineOK || kindOf(gerr) != kindOf(werr) {
				t.Fatalf("scanner error\n%v\nreference error\n%v", gerr, werr)
			}
			return
		}
		if len(got.es) != len(want.es) || (len(got.es) > 0 && !reflect.DeepEqual(got.es, want.es)) {
			t.Fatalf("scanner rows\n%+v\nreference rows\n%+v", got.es, want.es)
		}
	})
}

func kindOf(err error) error {
	for _, s := range []error{ErrBadCode, ErrNoCode, ErrSyntax, ErrLang, ErrTooLarge} {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}

func TestJSONSyntaxLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
	}{
		{" \nA", 2},
		{"[ {\"code\":10}\n,\nA", 3},
		{"[\n{\"code\":1}\n{\"code\":2}]", 3},
		{"[\n{\"code\":\n01}]", 3},
		{"{\"1\"\n\n2}", 3},
		{"[\n{\"code\": \"a\tb\"}]", 2},
		{"[\n{\"code\": 1,\n\"m\": tru}]", 3},
		{"[\n{\"code\": 1}\n", 2}, // the end: the line of the last byte
		{"[\n{\"code\": 1}", 2},
		{"[\n{\"code\": \"1", 2},
	} {
		err := parseJSON(&rowSet{name: "f"}, tc.in)
		var le *LoadError
		if !errors.As(err, &le) || le.Line != tc.line || !errors.Is(err, ErrSyntax) {
			t.Errorf("%q: error %v, want a syntax error at line %d", tc.in, err, tc.line)
		}
	}
}

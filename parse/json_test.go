package parse

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

func TestJSONObject(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string // the object, or "" for none
	}{
		{"object", `{"code":871300}`, `{"code":871300}`},
		{"empty object", `{}`, `{}`},
		{"spaces inside", `{ "a" : [ 1 , 2 ] }`, `{ "a" : [ 1 , 2 ] }`},
		{"trailing spaces and CR", "{\"a\":1} \t\r", `{"a":1}`},
		{"logcat prefix", `11-25 18:35:01.123  4321  4390 E JIM: {"code":871300}`, `{"code":871300}`},
		{"leading spaces", `   {"a":1}`, `{"a":1}`},
		{"brace in string", `{"a":"}"}`, `{"a":"}"}`},
		{"nested", `{"a":{"b":{}}}`, `{"a":{"b":{}}}`},
		{"unicode", `{"msg":"会报871300错误"}`, `{"msg":"会报871300错误"}`},
		{"no brace", `plain 871300`, ""},
		{"empty", ``, ""},
		{"only open", `{`, ""},
		{"truncated", `{"code":871300`, ""},
		{"truncated in string", `{"msg":"a } b`, ""},
		{"brace only in string", `{"msg":"x}"`, ""},
		{"text after", `{"code":871300} done`, ""},
		{"two objects", `{"a":1} {"b":2}`, ""},
		{"bad escape", `{"a":"\x"}`, ""},
		{"control byte in string", "{\"a\":\"\x01\"}", ""},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", ""},
		{"array", `[{"a":1}]`, ""},
		{"brace in prefix", `{thread} {"a":1}`, ""},
		{"single quotes", `{'a':1}`, ""},
		{"trailing comma", `{"a":1,}`, ""},
		{"leading zero", `{"a":0871300}`, ""},
		{"only close", `}`, ""},
		{"only spaces and close", " \t}\r", ""},
		{"close before open", `} {"a":1}`, `{"a":1}`},
		{"close then text", `{"a":1}x`, ""},
		{"open at the end", `x}{`, ""},
		{"LF inside is not JSON whitespace here", "{\"a\":\n1}", `{"a":` + "\n" + `1}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, e, ok := JSONObject([]byte(c.in))
			got := ""
			if ok {
				got = c.in[s:e]
			} else if s != -1 || e != -1 {
				t.Errorf("not ok but start, end = %d, %d", s, e)
			}
			if got != c.want {
				t.Errorf("JSONObject(%q) = %q, want %q", c.in, got, c.want)
			}
			if ok != json.Valid([]byte(got)) || ok && !json.Valid([]byte(c.in[s:e])) {
				t.Errorf("disagrees with encoding/json")
			}
		})
	}
}

func TestJSONFinder(t *testing.T) {
	cases := []struct {
		name  string
		paths []string
		in    string
		want  []uint32
	}{
		{"error.code", []string{"error.code"}, `{"ts":1,"error":{"code":871300,"msg":"x"}}`, []uint32{871300}},
		{"uid is not a code", []string{"error.code"}, `{"uid":871300,"error":null}`, nil},
		{"message is not a code", []string{"error.code"}, `{"msg":"retry after 871104","error":{"code":404}}`, []uint32{404}},
		{"numeric string", []string{"error.code"}, `{"error":{"code":"871300"}}`, []uint32{871300}},
		{"fraction", []string{"code"}, `{"code":871300.5}`, nil},
		{"exponent", []string{"code"}, `{"code":8.713e5}`, nil},
		{"negative", []string{"code"}, `{"code":-871300}`, nil},
		{"true", []string{"code"}, `{"code":true}`, nil},
		{"null", []string{"code"}, `{"code":null}`, nil},
		{"object", []string{"code"}, `{"code":{"v":871300}}`, nil},
		{"string with space: searched", []string{"code"}, `{"code":" 871300"}`, []uint32{871300}},
		{"string with leading zero", []string{"code"}, `{"code":"0871300"}`, nil},
		{"escaped digits: a code", []string{"code"}, `{"code":"\u0038\u0037\u0031300"}`, []uint32{871300}},
		{"all digits escaped", []string{"code"}, `{"code":"\u0038\u0037\u0031\u0033\u0030\u0030"}`, []uint32{871300}},
		{"escaped 7 digits: a code", []string{"code"}, `{"code":"\u00371\u00330001"}`, []uint32{7130001}},
		// Issue 12: strings that are not just digits are searched as text.
		{"docker log", []string{"log"}, `{"log":"11-25 18:35:01.123  4321  4390 E JIM: login failed 871300\n","stream":"stderr","time":"2026-12-02T10:00:00.123456789Z"}`, []uint32{871300}},
		{"docker log, uid elsewhere", []string{"log"}, `{"log":"ok\n","uid":871300,"time":"871104"}`, nil},
		{"after an escape", []string{"log"}, `{"log":"a\n871300\t871104\r871201\b871202\f871203\u00e9871204\"871205"}`, []uint32{871300, 871104, 871201, 871202, 871203, 871204, 871205}},
		{"escaped backslash", []string{"log"}, `{"log":"a\\n871300"}`, nil},
		{"escaped word byte; an escaped digit", []string{"log"}, `{"log":"\u0041871300 \u003871300"}`, []uint32{871300}},
		{"surrogates", []string{"msg"}, `{"msg":"\ud83d\ude00871300 \ud800871104 \udc00\udc00871201"}`, []uint32{871300, 871104, 871201}},
		{"zap msg", []string{"msg"}, `{"level":"error","ts":1733133600.123,"caller":"im/send.go:42","msg":"send failed: code=871310 (Network not available)","uid":871300}`, []uint32{871310}},
		{"several codes in a string", []string{"msg"}, `{"msg":"871300 then 871300, then 871104"}`, []uint32{871300, 871300, 871104}},
		{"digits with a leading zero: ignored", []string{"code"}, `{"code":"0871300"}`, nil},
		{"10 digits string: ignored", []string{"code"}, `{"code":"8713001234"}`, nil},
		{"empty string", []string{"code"}, `{"code":""}`, nil},
		{"string in an array", []string{"msgs"}, `{"msgs":["a 871300","871104",["x\n871201"]]}`, []uint32{871300, 871104, 871201}},
		{"string twice by two paths", []string{"msg", "m*"}, `{"msg":"x\n871300 871104"}`, []uint32{871300, 871104}},
		{"string from a modifier", []string{"data|@fromstr|msg"}, `{"data":"{\"msg\":\"x 871300\"}"}`, []uint32{871300}},
		{"10 digits", []string{"code"}, `{"code":1234567890}`, nil},
		{"zero", []string{"code"}, `{"code":0}`, []uint32{0}},
		{"7 digits", []string{"code"}, `{"code":7130001}`, []uint32{7130001}},
		{"array", []string{"error.code"}, `{"error":{"code":[871300,"871104",true,871300.5,{"a":1}]}}`, []uint32{871300, 871104}},
		{"errors.#.code", []string{"errors.#.code"}, `{"errors":[{"code":871300},{"msg":"871999"},{"code":"871104"}]}`, []uint32{871300, 871104}},
		{"nested arrays", []string{"errors.#.codes"}, `{"errors":[{"codes":[871300,871301]},{"codes":[871104]}]}`, []uint32{871300, 871301, 871104}},
		{"query", []string{`errors.#(level=="fatal")#.code`}, `{"errors":[{"level":"warn","code":871300},{"level":"fatal","code":871104}]}`, []uint32{871104}},
		{"same value twice", []string{"error.code", "error.code"}, `{"error":{"code":871300}}`, []uint32{871300}},
		{"in order of position", []string{"b", "a"}, `{"a":871300,"b":871104}`, []uint32{871300, 871104}},
		{"missing path", []string{"code"}, `{"x":871300}`, nil},
		{"logcat prefix", []string{"code"}, `11-25 18:35:01.123  4321  4390 E JIM: {"code":871300,"uid":871104}`, []uint32{871300}},
		{"not JSON: text finder", []string{"code"}, `plain 871300 and 871104`, []uint32{871300, 871104}},
		{"truncated: text finder", []string{"code"}, `{"uid":871104,"code":871300`, []uint32{871104, 871300}},
		{"text after: text finder", []string{"code"}, `{"code":871300} and 871104`, []uint32{871300, 871104}},
		{"modifier", []string{"errors.@reverse.#.code"}, `{"errors":[{"code":871300},{"code":871104}]}`, []uint32{871104, 871300}},
		{"fromstr", []string{"data|@fromstr|error.code"}, `{"data":"{\"error\":{\"code\":871300}}","uid":871104}`, []uint32{871300}},
		{"multipath", []string{"[a,b]"}, `{"b":871104,"a":871300}`, []uint32{871300, 871104}},
		{"wildcard", []string{"err*.code"}, `{"error":{"code":871300}}`, []uint32{871300}},
		{"escaped key", []string{`fav\.code`}, `{"fav.code":871300}`, []uint32{871300}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := NewJSONFinder(c.paths, NewScanner(nil))
			if err != nil {
				t.Fatal(err)
			}
			line := []byte(c.in)
			hits := f.Find(line, nil)
			if got := codesOf(hits); !reflect.DeepEqual(got, c.want) {
				t.Errorf("codes %v, want %v", got, c.want)
			}
			checkHits(t, line, hits)
			if slices.ContainsFunc(hits, func(h Hit) bool { return h.Code/1000 == 871 }) && len(JSONPre{Text: NewScanner(nil)}.Find(line, nil)) == 0 {
				t.Errorf("JSONPre does not pick the line")
			}
		})
	}
}

// checkHits checks the Finder contract on hits: in bounds, in order, not
// overlapping, and each non-empty span the text of its code.
func checkHits(t *testing.T, line []byte, hits []Hit) {
	t.Helper()
	end := 0
	for _, h := range hits {
		if h.Start < end || h.End < h.Start || h.End > len(line) {
			t.Fatalf("hit %+v out of order or bounds (line %q, hits %+v)", h, line, hits)
		}
		end = h.End
		if h.Start == h.End {
			continue
		}
		text := strings.Trim(string(line[h.Start:h.End]), `"`)
		if strings.Contains(text, `\`) {
			var s string
			if err := json.Unmarshal([]byte(`"`+text+`"`), &s); err != nil {
				t.Fatalf("hit %+v spans %q, not whole escapes", h, text)
			}
			text = s
		}
		if code, ok := codes.ParseCode([]byte(text)); !ok || code != h.Code {
			t.Fatalf("hit %+v spans %q", h, line[h.Start:h.End])
		}
	}
}

func TestJSONFinderPositions(t *testing.T) {
	f, _ := NewJSONFinder([]string{"error.code", "errors.#.code", "s"}, nil)
	line := `E JIM: {"s":"871301","error":{"code":871300},"errors":[{"code":871104}]}`
	got := f.Find([]byte(line), nil)
	want := []Hit{
		{Start: strings.Index(line, `"871301"`), End: strings.Index(line, `"871301"`) + 8, Code: 871301},
		{Start: strings.Index(line, "871300"), End: strings.Index(line, "871300") + 6, Code: 871300},
		{Start: strings.Index(line, "871104"), End: strings.Index(line, "871104") + 6, Code: 871104},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hits %+v, want %+v", got, want)
	}
	// A value built by a modifier has no place in the line: an empty span
	// at the closing brace.
	f, _ = NewJSONFinder([]string{"errors.@reverse.0.code"}, nil)
	got = f.Find([]byte(line), nil)
	if b := len(line) - 1; len(got) != 1 || got[0] != (Hit{Start: b, End: b, Code: 871104}) {
		t.Errorf("modifier hits %+v", got)
	}
}

func TestJSONFinderStringPositions(t *testing.T) {
	// Codes in a string's text span the raw bytes their digits came from,
	// escapes included.
	f, _ := NewJSONFinder([]string{"log"}, NewScanner(nil))
	line := `{"log":"a\n871300 \u00e9871104 \u003871201\n"}`
	got := f.Find([]byte(line), nil)
	at := func(s string) int { return strings.Index(line, s) }
	want := []Hit{
		{Start: at("871300"), End: at("871300") + 6, Code: 871300},
		{Start: at("871104"), End: at("871104") + 6, Code: 871104},
		{Start: at(`\u003871201`), End: at(`\u003871201`) + 11, Code: 871201},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hits %+v, want %+v", got, want)
	}
}

func TestJSONPre(t *testing.T) {
	// Text's hits, and an empty hit at each escape before a digit, in
	// order of position.
	p := JSONPre{Text: NewScanner(nil)}
	block := "a 871300\n{\"log\":\"x\\n871104 \\\\n871999 \\t1 \\u00e98 \\u0039 \\\"871201\"}\nlast \\"
	got := p.Find([]byte(block), nil)
	at := func(s string) int { return strings.Index(block, s) }
	want := []Hit{
		{Start: at("871300"), End: at("871300") + 6, Code: 871300},
		{Start: at(`\n871104`), End: at(`\n871104`)},
		{Start: at(`\t1`), End: at(`\t1`)},
		{Start: at(`\u00e98`), End: at(`\u00e98`)},
		{Start: at(`\u0039`), End: at(`\u0039`)},
		{Start: at("871201"), End: at("871201") + 6, Code: 871201},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("hits %+v, want %+v", got, want)
	}
	b := []byte(block)
	if a := testing.AllocsPerRun(10, func() { got = p.Find(b, got[:0]) }); a != 0 {
		t.Errorf("%v allocations", a)
	}
}

func TestJSONFinderNoText(t *testing.T) {
	f, err := NewJSONFinder([]string{"code"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Find([]byte("plain 871300"), nil); len(got) != 0 {
		t.Errorf("hits %v without a text finder", got)
	}
}

func TestJSONFinderAllocs(t *testing.T) {
	f, _ := NewJSONFinder([]string{"error.code"}, NewScanner(nil))
	lines := [][]byte{
		[]byte(`{"ts":"2024-11-25T18:35:01.123Z","level":"error","svc":"im-gateway","uid":871300,"msg":"send failed","error":{"code":871300,"desc":"not logged in"},"req":"c0a8e2f1"}`),
		[]byte(`{"ts":"2024-11-25T18:35:01.123Z","level":"info","uid":871300,"msg":"ok"}`),
		[]byte(`11-25 18:35:01.123  4321  4390 E JIM     : login failed, code = 871300`),
	}
	dst := make([]Hit, 0, 16)
	for _, line := range lines {
		if n := testing.AllocsPerRun(100, func() { dst = f.Find(line, dst[:0]) }); n != 0 {
			t.Errorf("%d allocations per Find on %q", int(n), line)
		}
	}
}

func TestCheckJSONPath(t *testing.T) {
	// Every path of gjson's SYNTAX.md but the literals, and a few more.
	valid := []string{
		"name.last", "age", "children", "children.0", "friends.1.first", "child*.2", "c?ildren.0",
		`fav\.movie`, "friends.#", "friends.#.age",
		`friends.#(last=="Murphy").first`, `friends.#(last=="Murphy")#.first`, `friends.#(age>45)#.last`,
		`friends.#(first%"D*").last`, `friends.#(first!%"D*").last`, `children.#(!%"*a*")`, `children.#(%"*a*")#`,
		`friends.#(nets.#(=="fb"))#.first`, `vals.#(b==~true)#.a`, `vals.#(b==~*)#.a`, `vals.#(b!=~*)#.a`,
		"friends|0.first", "friends.0|first", "friends|#", `friends.#(last="Murphy")#|first`, `friends.#(last="Murphy")#.#`,
		"children.@reverse", "children.@reverse.0", `@pretty:{"sortKeys":true}`, "@this", "@this.error.code",
		`{name.first,age,"the_murphys":friends.#(last="Murphy")#.first}`, "[name.first,age]",
		`friends.#[last=="Murphy"].first`, "error.code", "errors.#.code", "data|@fromstr|error.code",
		"@dig:code", `errors.#(code>=871000)#.code`, `a\@b`, `\@timestamp`, `\!bang`, "a:b", "a,b", "日志.代码",
		`errors.#(msg%"*(*")#.code`,
	}
	for _, p := range valid {
		if err := CheckJSONPath(p); err != nil {
			t.Errorf("CheckJSONPath(%q) = %v, want nil", p, err)
		}
	}
	invalid := []struct{ path, msg string }{
		{"", "empty"},
		{"..a", `".."`},
		{"a..b", "empty component"},
		{".a", "empty component"},
		{"a.", "nothing after"},
		{"a|", "nothing after"},
		{"#x", `"#" stands alone`},
		{"errors.#(code>0", `unbalanced '('`},
		{"errors.#(code>0))", `unbalanced ')'`},
		{"errors.#(code>0].x", `unbalanced ']'`},
		{"errors.#(code>0)x", "after the query"},
		{"errors.#()", "empty query"},
		{"errors.#(code==)", "no value"},
		{"errors.#(!code)", "unknown operator"},
		{`errors.#(msg=="x)`, "unterminated string"},
		{"a)b", `unexpected ')'`},
		{"a]", `unexpected ']'`},
		{"a{b}", `unexpected '{'`},
		{"]", `unbalanced ']'`},
		{"@nope", `unknown modifier "@nope"`},
		{"error.@timestamp", `"\@timestamp"`},
		{"@", "without a modifier name"},
		{"@pretty:", "without an argument"},
		{"@pretty:{bad}", "not valid JSON"},
		{`@pretty:{"a":1}x`, "after the argument"},
		{`fav\`, `lone "\"`},
		{`code\d`, `"\d" escapes nothing`},
		{"[a,,b]", "empty part"},
		{"[a", `unbalanced '['`},
		{`{"k":}`, "empty part"},
		{"!true", "literals"},
		{`{a,"k":!true}`, "literals"},
		{"a.[b", `unbalanced '['`},
	}
	for _, c := range invalid {
		err := CheckJSONPath(c.path)
		pe, ok := err.(*JSONPathError)
		if !ok {
			t.Errorf("CheckJSONPath(%q) = %v, want a *JSONPathError", c.path, err)
			continue
		}
		if !strings.Contains(pe.Error(), c.msg) || pe.Path != c.path || pe.Off < 0 || pe.Off > len(c.path) {
			t.Errorf("CheckJSONPath(%q) = %v, want a message with %q", c.path, err, c.msg)
		}
	}
	if _, err := NewJSONFinder([]string{"ok", "a..b"}, nil); err == nil || !strings.Contains(err.Error(), `"a..b"`) {
		t.Errorf("NewJSONFinder with a bad path: %v", err)
	}
}

// FuzzJSONFinder checks the Finder contract on any line, and for JSON lines
// compares the codes at "error.code" with encoding/json's reading of them.
func FuzzJSONFinder(f *testing.F) {
	for _, s := range []string{
		`{"error":{"code":871300}}`, `{"error":{"code":"871300"},"uid":871104}`, `{"error":{"code":[871300,871104]}}`,
		`E JIM: {"error":{"code":871300}}`, `{"error":{"code":871300}`, `plain 871300`, `{"a":"}"} 871300`,
		`{"error":{"code":8.713e5}}`, `{"errors":[{"code":871300}]}`, "{\"error\":{\"code\":871300}}\r",
		`{"error":{"code":"x\n871300"}}`, `{"error":{"code":"\u0038\u0037\u0031\u0033\u0030\u0030"}}`, `{"log":"a\t871300\n","stream":"stderr"}`, `{"error":{"code":"\ud83d\ude00871300"}}`,
	} {
		f.Add([]byte(s))
	}
	paths := []string{"error.code", "errors.#.code", "@this.error.code", "error.@reverse", "log"}
	finders := make([]*JSONFinder, len(paths))
	for i, p := range paths {
		finders[i], _ = NewJSONFinder([]string{p}, NewScanner(nil))
	}
	pre := JSONPre{Text: NewScanner(nil)}
	f.Fuzz(func(t *testing.T, line []byte) {
		for _, jf := range finders {
			hits := jf.Find(line, nil)
			checkHits(t, line, hits)
			// JSONPre picks every line the finder finds an 871xxx code in
			// (the only codes its Scanner knows).
			has871 := slices.ContainsFunc(hits, func(h Hit) bool { return h.Code/1000 == 871 })
			if has871 && len(pre.Find(line, nil)) == 0 {
				t.Fatalf("JSONPre misses %q, where %s finds %v", line, jf.paths, codesOf(hits))
			}
		}
		s, e, ok := JSONObject(line)
		hits := finders[0].Find(line, nil)
		if !ok {
			if want := NewScanner(nil).Find(line, nil); !reflect.DeepEqual(hits, want) {
				t.Fatalf("not JSON: hits %v, want the text finder's %v", hits, want)
			}
			return
		}
		var obj map[string]any
		d := json.NewDecoder(bytes.NewReader(line[s:e]))
		d.UseNumber()
		if err := d.Decode(&obj); err != nil {
			t.Fatalf("JSONObject accepted %q, encoding/json says %v", line[s:e], err)
		}
		var want []uint32
		var add func(v any, depth int)
		add = func(v any, depth int) {
			var text string
			switch v := v.(type) {
			case json.Number:
				text = string(v)
			case string:
				if !allDigits(v) {
					want = append(want, codesOf(NewScanner(nil).Find([]byte(v), nil))...)
					return
				}
				text = v
			case []any:
				if depth < maxJSONDepth {
					for _, x := range v {
						add(x, depth+1)
					}
				}
				return
			}
			if code, ok := codes.ParseCode([]byte(text)); ok {
				want = append(want, code)
			}
		}
		if errObj, ok := obj["error"].(map[string]any); ok {
			if v, ok := errObj["code"]; ok {
				add(v, 0)
			}
		}
		got := codesOf(hits)
		// encoding/json keeps the last of duplicate keys, gjson the first.
		if !hasDuplicateKeys(line[s:e]) && !reflect.DeepEqual(got, want) {
			t.Fatalf("codes %v, encoding/json reads %v in %q", got, want, line[s:e])
		}
	})
}

// hasDuplicateKeys reports whether any key appears twice in obj, at any
// level: then encoding/json and gjson may read different members.
func hasDuplicateKeys(obj []byte) bool {
	seen := map[string]bool{}
	d := json.NewDecoder(bytes.NewReader(obj))
	var inObject []bool
	key := false // the next token is a key
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			inObject = append(inObject, true)
			key = true
			continue
		case json.Delim('['):
			inObject = append(inObject, false)
			key = false
			continue
		case json.Delim('}'), json.Delim(']'):
			inObject = inObject[:len(inObject)-1]
		default:
			if s, ok := tok.(string); ok && key {
				if seen[s] {
					return true
				}
				seen[s] = true
				key = false
				continue
			}
		}
		key = len(inObject) > 0 && inObject[len(inObject)-1]
	}
}

// FuzzCheckJSONPath: a path CheckJSONPath accepts can be used on any JSON
// line without a panic.
func FuzzCheckJSONPath(f *testing.F) {
	for _, s := range []string{"error.code", "errors.#.code", `errors.#(code>0)#.code`, "@reverse", "[a,b]", `{a,"b":c}`, `@pretty:{"a":1}`, `a\.b`} {
		f.Add(s)
	}
	docs := [][]byte{
		[]byte(`{"error":{"code":871300},"errors":[{"code":871104},{"code":"871300"}],"a":[1,[2,3]],"b":"{\"c\":1}"}`),
		[]byte(`{}`),
	}
	f.Fuzz(func(t *testing.T, path string) {
		jf, err := NewJSONFinder([]string{path}, nil)
		if err != nil {
			if _, ok := err.(*JSONPathError); !ok {
				t.Fatalf("error %T %v", err, err)
			}
			return
		}
		for _, d := range docs {
			checkHits(t, d, jf.Find(d, nil))
		}
	})
}

func BenchmarkJSONFinder(b *testing.B) {
	f, _ := NewJSONFinder([]string{"error.code"}, NewScanner(nil))
	line := []byte(`{"ts":"2024-11-25T18:35:01.123Z","level":"error","svc":"im-gateway","uid":871300,"msg":"send failed","req":"c0a8e2f1-77c2-4b1d-9e0f","error":{"code":871300,"desc":"not logged in"},"took_ms":96}`)
	dst := make([]Hit, 0, 16)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		dst = f.Find(line, dst[:0])
	}
}

// TestJSONObjectDepth: objects and arrays nested MaxJSONDepth deep are
// JSON, one level more is text; brackets in strings do not count.
func TestJSONObjectDepth(t *testing.T) {
	nest := func(depth int, open, close, inner string) string {
		// The object itself is level 1.
		return `{"a":` + strings.Repeat(open, depth-1) + inner + strings.Repeat(close, depth-1) + `}`
	}
	str := `"` + strings.Repeat(`[{\"`, MaxJSONDepth) + `"`
	for _, c := range []struct {
		name string
		in   string
		ok   bool
	}{
		{"arrays at the limit", nest(MaxJSONDepth, "[", "]", "871300"), true},
		{"arrays one deeper", nest(MaxJSONDepth+1, "[", "]", "871300"), false},
		{"objects at the limit", nest(MaxJSONDepth, `{"a":`, "}", "871300"), true},
		{"objects one deeper", nest(MaxJSONDepth+1, `{"a":`, "}", "871300"), false},
		{"deep in parallel, not nested", `{"a":[` + strings.Repeat("[],", 2*MaxJSONDepth) + "[]]}", true},
		{"brackets and escaped quotes in a string", nest(MaxJSONDepth, "[", "]", str), true},
		{"a string ending in a backslash", nest(MaxJSONDepth+1, "[", "]", `"\\"`), false},
		{"invalid and deep", "{" + strings.Repeat("[", 2*MaxJSONDepth), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, ok := JSONObject([]byte(c.in))
			if ok != c.ok {
				t.Errorf("ok = %v, want %v", ok, c.ok)
			}
			if c.ok && !json.Valid([]byte(c.in)) {
				t.Error("the case is not valid JSON")
			}
		})
	}
}

// naiveDepth is how deep brackets nest in b outside strings, the obvious
// way: with gjson.ValidBytes and utf8.Valid, the reference for validJSON.
func naiveDepth(b []byte) int {
	most, depth := 0, 0
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			most = max(most, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return most
}

func BenchmarkJSONObject(b *testing.B) {
	for _, c := range []struct{ name, line string }{
		{"logcat", `11-25 18:35:01.123  4321  4390 E JIM: {"ts":"2026-12-02T10:00:00Z","level":"error","error":{"code":871300,"msg":"Have not logged in."},"uid":871104,"tags":["a","b"]}`},
		{"deep", `{"a":` + strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1) + `}`},
	} {
		b.Run(c.name, func(b *testing.B) {
			line := []byte(c.line)
			b.SetBytes(int64(len(line)))
			b.ReportAllocs()
			for b.Loop() {
				JSONObject(line)
			}
		})
	}
}

package printer_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/filter/printer/printertest"
	"github.com/jmlog/jmlog/parse"
)

const (
	note871300 = `{"code":871300,"message":"Have not logged in.","instruction":"Initiator of api call has not logged in"}`
	note871104 = `{"code":871104,"message":"Server internal error.","instruction":"Server internal error"}`
	note871999 = `{"code":871999,"unknown":true}`
)

func TestTextJSONEnrich(t *testing.T) {
	jf, err := parse.NewJSONFinder([]string{"error.code"}, parse.NewScanner(nil))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		cfg     filter.Config
		opt     printer.TextOptions
		in, out string
	}{
		{"member before the brace", filter.Config{}, printer.TextOptions{},
			`{"ts":1, "code": 871300 }` + "\n",
			`{"ts":1, "code": 871300 ,"jmlog":[` + note871300 + `]}` + "\n"},
		{"CRLF and trailing spaces kept", filter.Config{}, printer.TextOptions{},
			"{\"code\":871300} \r\n",
			`{"code":871300,"jmlog":[` + note871300 + "]} \r\n"},
		{"numbers and order kept", filter.Config{}, printer.TextOptions{},
			`{"z":1.50,"a":1e3,"code":"871104","n":[871300,871300]}`,
			`{"z":1.50,"a":1e3,"code":"871104","n":[871300,871300],"jmlog":[` + note871104 + `,{"code":871300,"count":2,"message":"Have not logged in.","instruction":"Initiator of api call has not logged in"}]}`},
		{"logcat prefix", filter.Config{}, printer.TextOptions{},
			`11-25 18:35:01.123  4321  4390 E JIM: {"code":871300}` + "\n",
			`11-25 18:35:01.123  4321  4390 E JIM: {"code":871300,"jmlog":[` + note871300 + `]}` + "\n"},
		{"empty object", filter.Config{}, printer.TextOptions{},
			"871999 { }\n",
			`871999 { "jmlog":[` + note871999 + `]}` + "\n"},
		{"field name", filter.Config{}, printer.TextOptions{JSONField: `a"b`},
			`{"code":871300}`,
			`{"code":871300,"a\"b":[` + note871300 + `]}`},
		{"no colour in JSON", filter.Config{}, printer.TextOptions{Color: true},
			`{"code":871300}`,
			`{"code":871300,"jmlog":[` + note871300 + `]}`},
		{"malformed is text", filter.Config{}, printer.TextOptions{},
			`{"code":871300` + "\n",
			`{"code":871300` + printer.Marker + "871300 Have not logged in. (Initiator of api call has not logged in)\n"},
		{"text after the object", filter.Config{}, printer.TextOptions{},
			`{"code":871300} x`,
			`{"code":871300} x` + printer.Marker + "871300 Have not logged in. (Initiator of api call has not logged in)"},
		{"no code: byte for byte", filter.Config{}, printer.TextOptions{},
			`{"code":404,  "x" : 1}` + "\n",
			`{"code":404,  "x" : 1}` + "\n"},
		{"-j: only the path", filter.Config{Pre: parse.NewScanner(nil), Line: jf}, printer.TextOptions{},
			`{"uid":871300,"msg":"retry after 871104","error":{"code":871999}}` + "\n" + `{"uid":871300}` + "\nplain 871300\n",
			`{"uid":871300,"msg":"retry after 871104","error":{"code":871999},"jmlog":[` + note871999 + `]}` + "\n" + `{"uid":871300}` + "\nplain 871300" + printer.Marker + "871300 Have not logged in. (Initiator of api call has not logged in)\n"},
		{"many codes", filter.Config{}, printer.TextOptions{},
			`{"a":"` + strings.Repeat("871100 871101 871102 871103 871104 871105 871106 871107 871108 871109 ", 2) + `"}`,
			""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
				cfg := c.cfg
				cfg.BufSize = size
				if len(c.in) > size {
					return // a long line is never enriched as JSON
				}
				out, _ := text(t, []byte(c.in), cfg, c.opt, wrap)
				if c.out != "" && string(out) != c.out {
					t.Errorf("out:\n%s\nwant:\n%s", out, c.out)
				}
				for _, l := range bytes.Split(out, []byte("\n")) {
					if _, _, isObj := parse.JSONObject([]byte(strings.Split(c.in, "\n")[0])); isObj && len(l) > 0 && l[0] == '{' && !json.Valid(l) {
						t.Errorf("not JSON: %s", l)
					}
				}
				if c.opt.JSONField == "" && !bytes.Equal(printertest.Strip(out), []byte(c.in)) {
					t.Errorf("printertest.Strip(out) != in: %q", printertest.Strip(out))
				}
			})
		})
	}
}

func TestTextJSONManyCodes(t *testing.T) {
	var b strings.Builder
	for c := 871100; c < 871120; c++ {
		fmt.Fprintf(&b, "%d ", c)
	}
	in := `{"a":"` + b.String() + `"}`
	out, _ := text(t, []byte(in), filter.Config{}, printer.TextOptions{}, iotest.OneByteReader)
	if !json.Valid(out) || !bytes.HasSuffix(out, []byte(`,{"more":4}]}`)) {
		t.Errorf("out %s", out)
	}
}

// jsonLines runs the JSON-lines printer over in.
func jsonLines(t testing.TB, in []byte, cfg filter.Config, opt printer.JSONOptions, wrap func(io.Reader) io.Reader) []byte {
	out, _ := runSink(t, in, cfg, func(o *printer.Out) filter.Sink { return printer.NewJSONLines(o, opt) }, wrap)
	return out
}

func TestJSONLines(t *testing.T) {
	cases := []struct {
		name    string
		opt     printer.JSONOptions
		in, out string
	}{
		{"plain", printer.JSONOptions{}, "hello\n\nlast", `{"line":"hello"}` + "\n" + `{"line":""}` + "\n" + `{"line":"last"}` + "\n"},
		{"CRLF", printer.JSONOptions{}, "a 871300\r\nb\r\n",
			`{"line":"a 871300","jmlog":[` + note871300 + `]}` + "\n" + `{"line":"b"}` + "\n"},
		{"escapes", printer.JSONOptions{}, "q\"b\\t\tc\x01\x7f\n", `{"line":"q\"b\\t\tc\u0001` + "\x7f" + `"}` + "\n"},
		{"invalid UTF-8", printer.JSONOptions{}, "a\xffb\xe4\xb8c 会\n", `{"line":"a` + "\ufffd" + `b` + "\ufffd\ufffd" + `c 会"}` + "\n"},
		{"JSON line as it is", printer.JSONOptions{}, ` {"a": 1.50}  ` + "\n" + `{"code":871300}` + "\r\n",
			` {"a": 1.50}  ` + "\n" + `{"code":871300,"jmlog":[` + note871300 + `]}` + "\n"},
		{"JSON after a prefix is a line", printer.JSONOptions{}, `E/JIM     ( 4321): {"code":871300}` + "\n",
			`{"line":"E/JIM     ( 4321): {\"code\":871300}","format":"brief","pid":4321,"level":"E","tag":"JIM","message":"{\"code\":871300}","jmlog":[` + note871300 + `]}` + "\n"},
		{"threadtime", printer.JSONOptions{}, "11-25 18:35:01.123  4321  4390 E JIM     : login failed 871300\n",
			`{"line":"11-25 18:35:01.123  4321  4390 E JIM     : login failed 871300","format":"threadtime","timestamp":"11-25 18:35:01.123","pid":4321,"tid":4390,"level":"E","tag":"JIM","message":"login failed 871300","jmlog":[` + note871300 + `]}` + "\n"},
		{"marker", printer.JSONOptions{}, "--------- beginning of main\n",
			`{"line":"--------- beginning of main","format":"marker","buffer":"main"}` + "\n"},
		{"long entry", printer.JSONOptions{}, "[ 11-25 18:35:01.123  4321: 4390 E/JIM      ]\nlogin failed 871300\r\nretry 871104\n\n\n[ 11-25 18:35:01.200  4321: 4390 I/JIM ]\nok\n--------- beginning of system\n\nend\n",
			`{"line":"[ 11-25 18:35:01.123  4321: 4390 E/JIM      ]\nlogin failed 871300\nretry 871104","format":"long","timestamp":"11-25 18:35:01.123","pid":4321,"tid":4390,"level":"E","tag":"JIM","message":"login failed 871300\nretry 871104","jmlog":[` + note871300 + "," + note871104 + `]}` + "\n" +
				`{"line":"[ 11-25 18:35:01.200  4321: 4390 I/JIM ]\nok","format":"long","timestamp":"11-25 18:35:01.200","pid":4321,"tid":4390,"level":"I","tag":"JIM","message":"ok"}` + "\n" +
				`{"line":"--------- beginning of system","format":"marker","buffer":"system"}` + "\n" +
				`{"line":""}` + "\n" + `{"line":"end"}` + "\n"},
		{"long entry at the end", printer.JSONOptions{}, "[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\n871300",
			`{"line":"[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\n871300","format":"long","timestamp":"11-25 18:35:01.123","pid":4321,"tid":4390,"level":"E","tag":"JIM","message":"871300","jmlog":[` + note871300 + `]}` + "\n"},
		{"matched", printer.JSONOptions{Matched: true}, "a\n{\"b\":1}\nc 871999\n[ 11-25 18:35:01.200  4321: 4390 I/JIM ]\nok\n\n",
			`{"line":"c 871999","jmlog":[` + note871999 + `]}` + "\n"},
		{"field", printer.JSONOptions{Field: "codes"}, "871999\n", `{"line":"871999","codes":[` + note871999 + `]}` + "\n"},
		// Issue 12: a UTF-8 mark keeps its line's fields and stays in "line".
		{"BOM", printer.JSONOptions{}, "\ufeff11-25 18:35:01.123  4321  4390 E JIM     : 871300\r\n",
			`{"line":"` + "\ufeff" + `11-25 18:35:01.123  4321  4390 E JIM     : 871300","format":"threadtime","timestamp":"11-25 18:35:01.123","pid":4321,"tid":4390,"level":"E","tag":"JIM","message":"871300","jmlog":[` + note871300 + `]}` + "\n"},
		{"studio classic", printer.JSONOptions{}, "2024-05-01 12:00:00.123 1234-1250/com.example.chat E/JIM: login 871300\n546-546/? I/vold: x\n",
			`{"line":"2024-05-01 12:00:00.123 1234-1250/com.example.chat E/JIM: login 871300","format":"studio-classic","timestamp":"2024-05-01 12:00:00.123","pid":1234,"tid":1250,"level":"E","tag":"JIM","message":"login 871300","package":"com.example.chat","jmlog":[` + note871300 + `]}` + "\n" +
				`{"line":"546-546/? I/vold: x","format":"studio-classic","pid":546,"tid":546,"level":"I","tag":"vold","message":"x"}` + "\n"},
		{"studio", printer.JSONOptions{}, "2024-05-01 12:00:00.123  1234-1250  JIM  com.example.chat  E  login 871300\n",
			`{"line":"2024-05-01 12:00:00.123  1234-1250  JIM  com.example.chat  E  login 871300","format":"studio","timestamp":"2024-05-01 12:00:00.123","pid":1234,"tid":1250,"level":"E","tag":"JIM","message":"login 871300","package":"com.example.chat","jmlog":[` + note871300 + `]}` + "\n"},
		{"cri", printer.JSONOptions{}, "2026-12-02T10:00:00.123456789Z stderr F E JIM 871300\n2026-12-02T10:00:01Z stdout P part\n",
			`{"line":"2026-12-02T10:00:00.123456789Z stderr F E JIM 871300","format":"cri","timestamp":"2026-12-02T10:00:00.123456789Z","message":"E JIM 871300","stream":"stderr","jmlog":[` + note871300 + `]}` + "\n" +
				`{"line":"2026-12-02T10:00:01Z stdout P part","format":"cri","timestamp":"2026-12-02T10:00:01Z","message":"part","stream":"stdout","partial":true}` + "\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			forEach(t, func(t *testing.T, wrap func(io.Reader) io.Reader, size int) {
				if size < 256 {
					return // the lines here are whole below 256 bytes
				}
				out := jsonLines(t, []byte(c.in), filter.Config{BufSize: size}, c.opt, wrap)
				if string(out) != c.out {
					t.Errorf("out:\n%s\nwant:\n%s", out, c.out)
				}
				checkRecords(t, out)
			})
		})
	}
}

// checkRecords checks that out is lines of valid JSON objects in UTF-8.
func checkRecords(t testing.TB, out []byte) {
	t.Helper()
	if len(out) > 0 && out[len(out)-1] != '\n' {
		t.Fatalf("output does not end in a newline: %q", out[max(0, len(out)-50):])
	}
	for _, l := range bytes.SplitAfter(out, []byte("\n")) {
		if len(l) == 0 {
			continue
		}
		l = l[:len(l)-1]
		if !json.Valid(l) || l[0] != '{' && !bytes.HasPrefix(bytes.TrimLeft(l, " \t\r"), []byte("{")) {
			t.Fatalf("not a JSON object: %q", l)
		}
	}
}

// replaceInvalid replaces each byte that is not part of valid UTF-8 with
// U+FFFD, as the JSON-lines printer does.
func replaceInvalid(b []byte) string {
	var s strings.Builder
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			s.WriteRune(utf8.RuneError)
		} else {
			s.Write(b[:n])
		}
		b = b[n:]
	}
	return s.String()
}

func TestJSONLinesLongLine(t *testing.T) {
	// A line many times the buffer, with codes and multi-byte characters
	// at every offset, so that pieces split them.
	var b []byte
	b = append(b, "871300 "...)
	for i := 0; len(b) < 5000; i++ {
		b = append(b, "会报 é \xff x"[:1+i%12]...)
		b = append(b, ' ')
	}
	b = append(b, " 871104 end"...)
	line := string(b)
	in := []byte(line + "\r\nnext 871999\n")
	for _, size := range []int{64, 93, 4096} {
		for _, matched := range []bool{false, true} {
			out := jsonLines(t, in, filter.Config{BufSize: size}, printer.JSONOptions{Matched: matched}, iotest.HalfReader)
			checkRecords(t, out)
			recs := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
			if len(recs) != 2 {
				t.Fatalf("size %d: %d records", size, len(recs))
			}
			var r struct {
				Line  string
				JMLog []struct{ Code int }
			}
			if err := json.Unmarshal(recs[0], &r); err != nil {
				t.Fatal(err)
			}
			want := replaceInvalid(b)
			if r.Line != want {
				t.Errorf("size %d matched %v: line differs\ngot  %q\nwant %q", size, matched, r.Line, want)
			}
			if len(r.JMLog) != 2 || r.JMLog[0].Code != 871300 || r.JMLog[1].Code != 871104 {
				t.Errorf("size %d: codes %+v", size, r.JMLog)
			}
		}
	}
	// With Matched, a long line whose first code comes late starts there
	// and says how much it left out.
	in = []byte(strings.Repeat("y", 300) + " 871300 end\n")
	out := jsonLines(t, in, filter.Config{BufSize: 64}, printer.JSONOptions{Matched: true}, iotest.OneByteReader)
	checkRecords(t, out)
	var r struct {
		Line    string
		Skipped int `json:"skipped_bytes"`
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	if r.Skipped == 0 || r.Skipped+len(r.Line) != len(in)-1 || !strings.HasSuffix(r.Line, " 871300 end") {
		t.Errorf("record %s", out)
	}
}

func TestJSONStream(t *testing.T) {
	// Every split of every string into three pieces gives what one piece
	// gives.
	for _, str := range []string{"会报", "a\xe4\xb8", "\xe4\xb8\xe4\xb8\xad", "é\xff\xc3", "\xf0\x9f\x98\x80!", "\xf0\x9f\x98"} {
		want := printer.StreamPieces([]byte(str))
		for i := 0; i <= len(str); i++ {
			for k := i; k <= len(str); k++ {
				got := printer.StreamPieces([]byte(str[:i]), []byte(str[i:k]), []byte(str[k:]))
				if string(got) != string(want) {
					t.Errorf("%q split at %d, %d: %q, want %q", str, i, k, got, want)
				}
			}
		}
		if one := printer.AppendJSONString(nil, []byte(str)); string(one) != `"`+string(want)+`"` {
			t.Errorf("%q: as one string %s, in pieces %q", str, one, want)
		}
	}
}

func TestJSONLinesAllocs(t *testing.T) {
	var out bytes.Buffer
	o := printer.NewOut(&out)
	j := printer.NewJSONLines(o, printer.JSONOptions{})
	src := &filter.Source{Name: "x"}
	lines := [][]byte{
		[]byte("11-25 18:35:01.019  4321  4390 D JIM     : connecting to im.jpush.cn:7000 seq 871300112\n"),
		[]byte(`{"ts":"2024-11-25T18:35:01.123Z","level":"info","svc":"im","msg":"ok"}` + "\n"),
	}
	for _, line := range lines {
		n := testing.AllocsPerRun(200, func() {
			j.Pass(src, line)
			j.Flush(nil)
			o.Wait()
			out.Reset()
		})
		if n != 0 {
			t.Errorf("%v allocations per line for %q", n, line)
		}
	}
	// Blocks of lines whose JSON payload escapes to 1.5 times its size
	// (one quote in four bytes), as in the logcat corpus: each record
	// fits the room grabbed for it, so no arena grows however full it is.
	// The lines are of different lengths, so that records end at every
	// place of an arena.
	var block []byte
	for i := range 60 {
		block = append(block, "11-25 18:36:30.030  1287  1369 V InputMethodManager: [INFO:CONSOLE(1)] \"state\": ["...)
		for k := range 40 + 7*i {
			block = fmt.Appendf(block, `{"uid":%d,"name":"u%d"},`, k, k)
		}
		block = append(block, "]\n"...)
	}
	pass := func() {
		j.Pass(src, block)
		j.Flush(nil)
		o.Wait()
		out.Reset()
	}
	pass()
	if n := testing.AllocsPerRun(20, pass); n != 0 {
		t.Errorf("%v allocations per block of %d KB of quoted JSON payloads", n, len(block)>>10)
	}
	o.Close()
}

// FuzzJSONEnrich: whatever the input, the text printer's output lines that
// hold a JSON object the input line held are valid JSON, removing the
// inserted member gives back the input line, and Strip gives back the
// whole input.
func FuzzJSONEnrich(f *testing.F) {
	for _, s := range []string{
		`{"code":871300}`, `{"a":"}","code":"871104"} `, "871999 {}\r\n", `{"code":871300`, `{"a":"\x"} 871300`,
		"E JIM: {\"error\":{\"code\":871300}}\nplain 871104\n", `{"a":"871300",}`, "{\"a\":\"\xff871300\"}",
	} {
		f.Add([]byte(s), false)
	}
	jf, _ := parse.NewJSONFinder([]string{"error.code", "a"}, parse.NewScanner(nil))
	f.Fuzz(func(t *testing.T, in []byte, useJ bool) {
		cfg := filter.Config{BufSize: 4096}
		if useJ {
			cfg.Pre, cfg.Line = parse.NewScanner(nil), jf
		}
		out, _ := text(t, in, cfg, printer.TextOptions{}, iotest.HalfReader)
		if !bytes.Equal(printertest.Strip(out), in) {
			t.Fatalf("printertest.Strip(out) != in\nin:  %q\nout: %q", in, out)
		}
		outLines := bytes.SplitAfter(out, []byte("\n"))
		for i, l := range bytes.SplitAfter(in, []byte("\n")) {
			text := bytes.TrimRight(l, "\r\n")
			s, e, ok := parse.JSONObject(text)
			if !ok || len(l) > 4096 {
				continue
			}
			o := bytes.TrimRight(outLines[i], "\r\n")
			if !json.Valid(o[s : len(o)-(len(text)-e)]) {
				t.Fatalf("line %d: JSON in %q, not in %q", i, l, outLines[i])
			}
		}
	})
}

// FuzzJSONLines: whatever the input, every record is a valid JSON object in
// UTF-8 on a line of its own; without -v long headers there is one record
// per input line, and each "line" is the input line with invalid bytes
// replaced.
func FuzzJSONLines(f *testing.F) {
	for _, s := range []string{
		"a 871300\r\nb\n", `{"code":871300}`, "\xff\xfe871104\x00\n\n", "[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\n871300\n\nx",
		"11-25 18:35:01.123  4321  4390 E JIM     : 871300 会报\n--------- beginning of main\n", "E/JIM     ( 4321): {\"a\":1}",
	} {
		f.Add([]byte(s), false, uint8(0))
	}
	f.Fuzz(func(t *testing.T, in []byte, matched bool, size uint8) {
		bufSize := 64 + int(size)*4
		out := jsonLines(t, in, filter.Config{BufSize: bufSize}, printer.JSONOptions{Matched: matched}, iotest.HalfReader)
		checkRecords(t, out)
		if matched || bytes.Contains(in, []byte("\n[")) || bytes.HasPrefix(in, []byte("[")) {
			return
		}
		inLines := bytes.SplitAfter(in, []byte("\n"))
		if len(inLines) > 0 && len(inLines[len(inLines)-1]) == 0 {
			inLines = inLines[:len(inLines)-1]
		}
		recs := bytes.SplitAfter(out, []byte("\n"))
		recs = recs[:len(recs)-1]
		if len(recs) != len(inLines) {
			t.Fatalf("%d records for %d lines\nin:  %q\nout: %q", len(recs), len(inLines), in, out)
		}
		for i, l := range inLines {
			text := l
			if bytes.HasSuffix(text, []byte("\n")) {
				text = bytes.TrimSuffix(bytes.TrimSuffix(text, []byte("\n")), []byte("\r"))
			}
			var r map[string]any
			d := json.NewDecoder(bytes.NewReader(recs[i]))
			d.UseNumber()
			if err := d.Decode(&r); err != nil {
				t.Fatal(err)
			}
			if line, ok := r["line"].(string); ok {
				if line != replaceInvalid(text) {
					t.Fatalf("line %d: %q, want %q", i, line, text)
				}
				continue
			}
			// A JSON line, as it was but for the member.
			rec := bytes.TrimSuffix(recs[i], []byte("\n"))
			rec = printertest.Strip(rec)
			if !bytes.Equal(rec, text) || len(text) >= bufSize {
				t.Fatalf("line %d: record %q for %q", i, recs[i], text)
			}
		}
	})
}

func TestJSONLinesRandom(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for i := 0; i < 300; i++ {
		in := randomInput(r, 3000)
		for _, size := range bufSizes[:3] {
			checkRecords(t, jsonLines(t, in, filter.Config{BufSize: size}, printer.JSONOptions{}, iotest.HalfReader))
			checkRecords(t, jsonLines(t, in, filter.Config{BufSize: size}, printer.JSONOptions{Matched: true}, iotest.OneByteReader))
		}
	}
}

// FuzzAppendJSONString: the string jmlog writes decodes, with encoding/json,
// to the input with each invalid byte replaced by U+FFFD.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"plain ascii text", "q\"b\\t\tc\x01\x7f", "会报\xff\xe4\xb8", "0123456789abcdef\x1f", "\u2028<&>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		out := printer.AppendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(out, &got); err != nil || !utf8.Valid(out) {
			t.Fatalf("%q gives %q: %v", s, out, err)
		}
		if want := replaceInvalid(s); got != want {
			t.Fatalf("%q gives %q, which decodes to %q, want %q", s, out, got, want)
		}
	})
}

// TestJSONLinesLongEntryPerSource: under Follow, sources take turns at
// line boundaries. A -v long entry of one source pending when another's
// line comes is written then, and never takes that line in; an entry
// pending when a source begins again is written, not dropped.
func TestJSONLinesLongEntryPerSource(t *testing.T) {
	var b bytes.Buffer
	out := printer.NewOut(&b)
	j := printer.NewJSONLines(out, printer.JSONOptions{})
	a, c := &filter.Source{Name: "a.log"}, &filter.Source{Name: "c.log"}
	line := func(src *filter.Source, text string) {
		t.Helper()
		if err := j.Line(&filter.Line{Source: src, Text: []byte(text), Term: []byte("\n")}); err != nil {
			t.Fatal(err)
		}
	}
	j.Begin(a)
	j.Begin(c)
	line(a, "[ 11-25 18:35:01.123  4321: 4390 E/JIM ]")
	line(a, "login failed")
	line(c, "plain line of c")
	line(a, "more of a")
	line(a, "[ 11-25 18:35:02.000  4321: 4390 I/JIM ]")
	j.Begin(a) // a rotated: its pending entry is written
	j.End(c)
	j.End(a)
	if err := j.Flush(nil); err != nil {
		t.Fatal(err)
	}
	out.Close()
	want := `{"line":"[ 11-25 18:35:01.123  4321: 4390 E/JIM ]\nlogin failed","format":"long","timestamp":"11-25 18:35:01.123","pid":4321,"tid":4390,"level":"E","tag":"JIM","message":"login failed"}` + "\n" +
		`{"line":"plain line of c"}` + "\n" +
		`{"line":"more of a"}` + "\n" +
		`{"line":"[ 11-25 18:35:02.000  4321: 4390 I/JIM ]","format":"long","timestamp":"11-25 18:35:02.000","pid":4321,"tid":4390,"level":"I","tag":"JIM","message":""}` + "\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

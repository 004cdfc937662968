package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

func gen1(t *testing.T, kind string, size int64, seed uint64) ([]byte, *gen) {
	t.Helper()
	var buf bytes.Buffer
	rate := 0.007
	if kind == "ndjson" {
		rate = 0.01
	}
	g, err := generate(&buf, kind, size, seed, 12, rate)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), g
}

func TestDeterministicPrefix(t *testing.T) {
	for _, kind := range []string{"logcat", "ndjson"} {
		a, _ := gen1(t, kind, 3e6, 1)
		b, _ := gen1(t, kind, 3e6, 1)
		small, _ := gen1(t, kind, 1e6, 1)
		other, _ := gen1(t, kind, 1e6, 2)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: same seed, different bytes", kind)
		}
		if !bytes.HasPrefix(a, small) {
			t.Errorf("%s: the 1MB corpus is not a prefix of the 3MB one", kind)
		}
		if bytes.Equal(small, other[:min(len(small), len(other))]) {
			t.Errorf("%s: seeds 1 and 2 give the same bytes", kind)
		}
	}
}

// codeRE is an independent oracle for "a line with a code": a 6-digit 871xxx
// run with no [A-Za-z0-9_] on either side.
var codeRE = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])871[0-9]{3}(?:[^A-Za-z0-9_]|$)`)

func TestLogcatStatistics(t *testing.T) {
	data, g := gen1(t, "logcat", 4e6, 1)
	st := g.st
	if st.bytes != int64(len(data)) || st.lines != int64(bytes.Count(data, []byte("\n"))) {
		t.Fatalf("counted %d bytes, %d lines; wrote %d bytes, %d lines", st.bytes, st.lines, len(data), bytes.Count(data, []byte("\n")))
	}
	if st.textCodeLines != st.intendedCodeLines {
		t.Errorf("%d lines carry codes, %d were meant to", st.textCodeLines, st.intendedCodeLines)
	}
	var oracle int64
	header := regexp.MustCompile(`^\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [ \d]{5} [ \d]{5} [VDIWEF] \S+ *: `)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if codeRE.Match(sc.Bytes()) {
			oracle++
		}
		if !header.Match(sc.Bytes()) {
			t.Fatalf("not a threadtime line: %q", sc.Text())
		}
	}
	if oracle != st.textCodeLines {
		t.Errorf("regexp finds %d lines with codes, the generator counted %d", oracle, st.textCodeLines)
	}
	occ := float64(bytes.Count(data, []byte("871"))) / (float64(len(data)) / 1024)
	if occ < 11.5 || occ > 12.5 {
		t.Errorf(`"871" per KiB = %.2f, want about 12`, occ)
	}
	if f := float64(st.textCodeLines) / float64(st.lines); f < 0.005 || f > 0.009 {
		t.Errorf("%.4f of the lines carry codes, want about 0.007", f)
	}
}

func TestNDJSONValidAndErrorCodes(t *testing.T) {
	data, g := gen1(t, "ndjson", 3e6, 1)
	var withCode, asString int64
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var v struct {
			Error *struct {
				Code json.RawMessage `json:"code"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("invalid JSON %q: %v", line, err)
		}
		if v.Error == nil {
			continue
		}
		c := strings.Trim(string(v.Error.Code), `"`)
		if len(c) == 6 && strings.HasPrefix(c, "871") {
			withCode++
			if v.Error.Code[0] == '"' {
				asString++
			}
		}
	}
	if withCode != g.st.errCodeLines || asString != g.st.errCodeString {
		t.Errorf("decoded %d error.code lines (%d strings), the generator counted %d (%d)", withCode, asString, g.st.errCodeLines, g.st.errCodeString)
	}
	if f := float64(withCode) / float64(g.st.lines); f < 0.007 || f > 0.013 {
		t.Errorf("%.4f of the lines have error.code, want about 0.01", f)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"200MB": 200e6, "20mb": 20e6, "1MiB": 1 << 20, "5000B": 5000, "1e6": 1e6, "2GB": 2e9, "3KiB": 3072} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "MB", "-1MB", "10XB", "0.5B"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q): no error", bad)
		}
	}
}

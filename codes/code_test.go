package codes

import (
	"strings"
	"testing"
)

func TestParseCode(t *testing.T) {
	for _, c := range []struct {
		in   string
		code uint32
		ok   bool
	}{
		{"0", 0, true}, {"7", 7, true}, {"6002", 6002, true}, {"871300", 871300, true},
		{"7130001", 7130001, true}, {"999999999", 999999999, true},
		{"", 0, false}, {"00", 0, false}, {"01", 0, false}, {"0871300", 0, false},
		{"1234567890", 0, false}, {"12a", 0, false}, {"-1", 0, false}, {"+1", 0, false},
		{" 871300", 0, false}, {"871300 ", 0, false}, {"871300.0", 0, false}, {"８７１３００", 0, false},
	} {
		code, ok := ParseCode(c.in)
		if code != c.code || ok != c.ok {
			t.Errorf("ParseCode(%q) = %d, %v; want %d, %v", c.in, code, ok, c.code, c.ok)
		}
		if bc, bok := ParseCode([]byte(c.in)); bc != code || bok != ok {
			t.Errorf("ParseCode([]byte(%q)) = %d, %v; the string form gives %d, %v", c.in, bc, bok, code, ok)
		}
	}
}

// TestLeadingZeroRowRejected: a table row "0871300" used to be read as
// 871300 and silently override it (issue 9).
func TestLeadingZeroRowRejected(t *testing.T) {
	for _, f := range []struct {
		name string
		data string
		fmt  Format
	}{
		{"t.tsv", "871300\tok\tfine\n0871300\tshadow\tbad\n", TSV},
		{"t.csv", "code,message,instruction\n0871300,shadow,bad\n", CSV},
		{"t.json", `[{"code":"0871300","message":"shadow"}]`, JSON},
	} {
		_, err := parseRows(f.name, f.data, f.fmt)
		if err == nil {
			t.Errorf("%s: a row with code 0871300 was accepted", f.name)
			continue
		}
		if want := `"0871300" has a leading zero; write the code without it, e.g. 871300`; !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q does not say %q", f.name, err, want)
		}
	}
	// Spaces around a cell are the cell's, not the code's: still read.
	rs, err := parseRows("t.tsv", " 871300 \tok\tfine\n", TSV)
	if err != nil || len(rs.es) != 1 || rs.es[0].Code != 871300 {
		t.Errorf("a padded cell: rows %v, error %v", rs, err)
	}
}

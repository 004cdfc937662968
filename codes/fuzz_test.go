package codes_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jmlog/jmlog/codes"
)

// FuzzParse feeds the same bytes to Parse in every format. Parse must not
// panic; a table it returns must be sorted, hold valid codes and give back
// each entry through Lookup; an error must be a *LoadError wrapping one of
// the package's Err variables.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"",
		"0\t\t\n",
		"code\tmessage\n1\t\n",
		"\ufeff#c\r\n1\ta\tb\tc\td\r\n",
		"a,\"b\"\"\",c\n1,2,3\n",
		`{"1":{"code":"1","x":null,"y":1.5e3,"z":true}}`,
		`[{"code":999999999},{"code":"0"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []codes.Format{codes.TSV, codes.CSV, codes.JSON, codes.Page} {
			tab, err := codes.Parse("fuzz", bytes.NewReader(data), format)
			if err != nil {
				var le *codes.LoadError
				if !errors.As(err, &le) || le.Path != "fuzz" || le.Line < 0 {
					t.Fatalf("%v: error %#v is not a *LoadError for fuzz", format, err)
				}
				if sentinel(err) == "no sentinel in "+err.Error() {
					t.Fatalf("%v: error %q wraps none of the Err variables", format, err)
				}
				if tab != nil {
					t.Fatalf("%v: Parse returned a table and an error", format)
				}
				continue
			}
			es := tab.Entries()
			if len(es) != tab.Len() {
				t.Fatalf("%v: %d entries, Len %d", format, len(es), tab.Len())
			}
			for i, e := range es {
				if i > 0 && es[i-1].Code > e.Code {
					t.Fatalf("%v: entries not sorted: %d before %d", format, es[i-1].Code, e.Code)
				}
				if e.Code > 999999999 || !strings.HasPrefix(e.Source, "fuzz:") {
					t.Fatalf("%v: bad entry %+v", format, e)
				}
				if i+1 < len(es) && es[i+1].Code == e.Code {
					continue
				}
				// The last row of a code: Lookup gives it, Rows the run.
				got, ok := tab.Lookup(e.Code)
				if !ok || !reflect.DeepEqual(*got, e) {
					t.Fatalf("%v: Lookup(%d) = %+v, %v; want %+v", format, e.Code, got, ok, e)
				}
				first := i
				for first > 0 && es[first-1].Code == e.Code {
					first--
				}
				if rows := tab.Rows(e.Code); !reflect.DeepEqual(rows, es[first:i+1]) {
					t.Fatalf("%v: Rows(%d) = %+v; want %+v", format, e.Code, rows, es[first:i+1])
				}
				seen := make(map[[2]string]bool)
				for _, r := range es[first : i+1] {
					k := [2]string{r.Platform, r.Lang}
					if seen[k] {
						t.Fatalf("%v: code %d twice under platform %q, lang %q", format, e.Code, r.Platform, r.Lang)
					}
					seen[k] = true
				}
			}
		}
	})
}

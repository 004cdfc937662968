package codes

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// streamCases are inputs for both formats: the table files of testdata,
// the fuzz corpora, and cases made for the window's edges.
func streamCases(t testing.TB) [][]byte {
	var cases [][]byte
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	corpus, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "*", "*"))
	for _, file := range append(files, corpus...) {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		if bytes.HasPrefix(data, []byte("go test fuzz v1\n")) {
			for _, l := range strings.Split(string(data), "\n")[1:] {
				if q, ok := strings.CutPrefix(l, "[]byte("); ok {
					if s, err := strconv.Unquote(strings.TrimSuffix(q, ")")); err == nil {
						cases = append(cases, []byte(s))
					}
				}
			}
			continue
		}
		cases = append(cases, data)
	}
	var tsv, arr, obj strings.Builder
	arr.WriteString("[\n")
	obj.WriteString("{")
	for i := range 300 {
		fmt.Fprintf(&tsv, "%d\tmessage %d 参数\tinstruction %d\n", 1000000+i*37, i, i)
		fmt.Fprintf(&arr, "{\"code\": %d, \"message\": \"m\\u00e9 %d\", \"instruction\": \"i %d\", \"x\": %d},\n", 1000000+i*37, i, i, i)
		fmt.Fprintf(&obj, "\"%d\": {\"message\": \"m %d\"},", 1000000+i*37, i)
	}
	big := []string{tsv.String(), strings.TrimSuffix(arr.String(), ",\n") + "\n]\n", strings.TrimSuffix(obj.String(), ",") + "}"}
	for _, b := range big {
		cases = append(cases, []byte(b), []byte(bom+b))
		for _, at := range []int{len(b) / 3, len(b) / 2, len(b) - 2} {
			for _, bad := range []string{"x", "\x00", "\xff", "\n", "}", "\t0123\t"} {
				cases = append(cases, []byte(b[:at]+bad+b[at:]), []byte(b[:at]))
			}
		}
	}
	cases = append(cases, []byte("["+strings.Repeat(" ", 5000)+"]"), []byte(strings.Repeat("\n", 5000)+"[]"+strings.Repeat(" ", 300)+"x"))
	return cases
}

// sameLoad checks that loadStream reads data as parseRows reads it whole,
// in windows of each size.
func sameLoad(t testing.TB, dir string, data []byte, f Format, windows []int) {
	path := filepath.Join(dir, "t."+f.String())
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want, wantErr := func() (*rowSet, error) {
		b, err := readBounded(path, bytes.NewReader(data), f, len(data))
		if err != nil {
			return nil, err
		}
		return parseRows(path, ownedString(b), f)
	}()
	defer func(w int) { streamWindow = w }(streamWindow)
	for _, w := range windows {
		streamWindow = w
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := loadStream(path, file, len(data), f)
		file.Close()
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("%s window %d, input %q:\nerror %v\nwant  %v", f, w, data, err, wantErr)
		}
		if err != nil {
			continue
		}
		if g, w2 := rowsText(got), rowsText(want); g != w2 {
			t.Fatalf("%s window %d, input %q:\nrows %s\nwant %s", f, w, data, g, w2)
		}
	}
}

func rowsText(rs *rowSet) string {
	var b strings.Builder
	es := rs.all()
	for i := range es {
		e := &es[i]
		fmt.Fprintf(&b, "%d %q %q %q %q %q %q\n", e.Code, e.Source(), e.Message, e.Instruction, e.Platform(), e.Lang(), e.Extra())
	}
	return b.String()
}

// TestStreamSameAsWhole: a file read through a window gives the rows and
// the errors of the file read whole, in windows from one byte on.
func TestStreamSameAsWhole(t *testing.T) {
	dir := t.TempDir()
	for _, data := range streamCases(t) {
		for _, f := range []Format{TSV, JSON} {
			sameLoad(t, dir, data, f, []int{1, 7, 64, 4096})
		}
	}
}

func FuzzStream(f *testing.F) {
	for _, c := range streamCases(f) {
		if len(c) < 4096 {
			f.Add(c, uint8(3))
		}
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, w uint8) {
		for _, format := range []Format{TSV, JSON} {
			sameLoad(t, dir, data, format, []int{1 + int(w)})
		}
	})
}

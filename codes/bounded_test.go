package codes_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/jmlog/jmlog/codes"
)

// loadErr checks that err is a *LoadError at path:line wrapping sentinel
// and containing text.
func loadErr(t *testing.T, what string, err error, path string, line int, sentinel error, text string) {
	t.Helper()
	var le *codes.LoadError
	if !errors.As(err, &le) || le.Path != path || le.Line != line || !errors.Is(err, sentinel) || !strings.Contains(err.Error(), text) {
		t.Errorf("%s: error = %v; want %s:%d %v containing %q", what, err, path, line, sentinel, text)
	}
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	path := filepath.Join(t.TempDir(), "x.tsv")
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Fatal(err)
	}
	var err error
	start := time.Now()
	n := allocated(func() { _, err = codes.Load(path) })
	if d := time.Since(start); d > time.Second {
		t.Errorf("Load(/dev/zero) took %v", d)
	}
	if n > 256<<10 {
		t.Errorf("Load(/dev/zero) allocated %d bytes, want at most 256 KiB", n)
	}
	loadErr(t, "Load(/dev/zero)", err, path, 1, codes.ErrBinary, "it holds NUL bytes; this is not a text file")
	_, err = codes.Check(path)
	loadErr(t, "Check(/dev/zero)", err, path, 1, codes.ErrBinary, "NUL")
}

func TestBinaryFile(t *testing.T) {
	// A large file of NUL bytes fails after the first chunk: the buffer is
	// reserved for the whole size, but only the chunk is touched.
	path := filepath.Join(t.TempDir(), "blob.json")
	if err := os.WriteFile(path, make([]byte, 8<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	var err error
	n := allocated(func() { _, err = codes.Load(path) })
	loadErr(t, "Load(NUL file)", err, path, 1, codes.ErrBinary, "NUL")
	if n > 8<<20+64<<10 {
		t.Errorf("allocated %d bytes for an 8 MiB file", n)
	}
}

func TestTextChecks(t *testing.T) {
	long := strings.Repeat("x", codes.MaxLineLen)
	for _, tc := range []struct {
		name string
		f    codes.Format
		in   string
		line int
		err  error // nil: no error
		text string
	}{
		{"NUL on line 3", codes.TSV, "1\ta\tb\n2\ta\tb\n3\t\x00\tb\n4\ta\tb\n", 3, codes.ErrBinary, "it holds NUL bytes"},
		{"NUL without a line end", codes.CSV, "1,a,b\r\n\x00", 2, codes.ErrBinary, "NUL"},
		{"NUL in a JSON string", codes.JSON, "[{\"code\":1,\n\"message\":\"a\x00\"}]", 2, codes.ErrBinary, "NUL"},
		{"NUL in a page", codes.Page, "# x\n\n<table>\x00", 3, codes.ErrBinary, "NUL"},
		{"control characters", codes.TSV, "1\ta\tb\n\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11\x12\x13\x14\n", 2, codes.ErrBinary, "100% of it is control characters"},
		{"mostly invalid UTF-8", codes.TSV, "1\ta\tb\n\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7 text text\n", 2, codes.ErrBinary, "control characters or invalid UTF-8"},
		{"a Latin-1 byte is an encoding error", codes.TSV, "1\ta\tb\n2\tcaf\xe9 au lait\tb\n", 2, codes.ErrEncoding, "byte 0xe9; save the file as UTF-8"},
		{"UTF-16", codes.TSV, "\xff\xfe1\x00\t\x00", 1, codes.ErrEncoding, "the file is UTF-16"},
		{"UTF-16 big endian", codes.JSON, "\xfe\xff\x00[", 1, codes.ErrEncoding, "the file is UTF-16"},
		{"short control line is text", codes.TSV, "1\t\x01\x02\tb\n", 0, nil, ""},
		{"ANSI colours are text", codes.TSV, "1\t\x1b[31mred\x1b[0m\x1b[1mbold\x1b[0m\tb\n", 0, nil, ""},
		{"longest line", codes.TSV, "1\ta\t" + long[4:] + "\r\n", 0, nil, ""},
		{"line too long", codes.TSV, "1\ta\tb\n2\ta\t" + long + "\n", 2, codes.ErrTooLarge, "longer than 64 KiB"},
		{"line too long at the end", codes.CSV, "1,a,b\n2,a," + long, 2, codes.ErrTooLarge, "64 KiB"},
		{"page line too long", codes.Page, long + "x", 1, codes.ErrTooLarge, "64 KiB"},
		{"JSON has no line bound", codes.JSON, `[{"code":1,"message":"` + long + long + `"}]`, 0, nil, ""},
	} {
		for rname, r := range map[string]func(string) io.Reader{
			"whole":   func(s string) io.Reader { return strings.NewReader(s) },
			"OneByte": func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
		} {
			_, err := codes.Parse("in", r(tc.in), tc.f)
			if tc.err == nil {
				if err != nil {
					t.Errorf("%s (%s): %v", tc.name, rname, err)
				}
				continue
			}
			loadErr(t, tc.name+" ("+rname+")", err, "in", tc.line, tc.err, tc.text)
		}
	}
}

func TestFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.tsv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: its size fails it before a byte is read.
	if err := f.Truncate(codes.MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	n := allocated(func() { _, err = codes.Load(path) })
	mib := strconv.Itoa(codes.MaxFileSize>>20) + " MiB"
	loadErr(t, "Load(MaxFileSize + 1)", err, path, 0, codes.ErrTooLarge, "the file has "+strconv.Itoa(codes.MaxFileSize+1)+" bytes, more than the "+mib)
	if n > 64<<10 {
		t.Errorf("allocated %d bytes to refuse a large file", n)
	}
	// From a reader, the bound is found by reading: an endless stream of
	// valid rows stops after MaxFileSize bytes.
	if testing.Short() || raceEnabled {
		return
	}
	_, err = codes.Parse("stdin", endless("1\ta\tb\n"), codes.TSV)
	loadErr(t, "Parse(endless)", err, "stdin", 0, codes.ErrTooLarge, "the input has more than the "+mib)
}

// endless returns a reader that repeats s forever.
func endless(s string) io.Reader {
	block := strings.Repeat(s, (64<<10)/len(s))
	off := 0
	return readerFunc(func(p []byte) (int, error) {
		n := 0
		for n < len(p) {
			c := copy(p[n:], block[off:])
			n += c
			off = (off + c) % len(block)
		}
		return n, nil
	})
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestTooManyRows(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("reads MaxRows rows; skipped with -short and -race")
	}
	var b bytes.Buffer
	for i := range codes.MaxRows + 1 {
		b.WriteString(strconv.Itoa(i))
		b.WriteString("\t\t\n")
	}
	_, err := codes.Parse("rows.tsv", &b, codes.TSV)
	loadErr(t, "MaxRows+1 rows", err, "rows.tsv", codes.MaxRows+1, codes.ErrTooLarge, "more than 1048576 rows")
}

// bigTable writes a table of n rows in format f to a temporary file and
// returns its name and size.
func bigTable(t testing.TB, n int, f codes.Format) (string, int) {
	var b bytes.Buffer
	ext := ".tsv"
	if f == codes.JSON {
		ext = ".json"
		b.WriteString("[\n")
	}
	for i := range n {
		code := strconv.Itoa(100000000 + i)
		switch f {
		case codes.TSV:
			b.WriteString(code + "\tmessage " + code + "\tinstruction for " + code + "\n")
		case codes.JSON:
			sep := ",\n"
			if i == n-1 {
				sep = "\n"
			}
			b.WriteString(`{"code":` + code + `,"message":"message ` + code + `","instruction":"instruction for ` + code + `"}` + sep)
		}
	}
	if f == codes.JSON {
		b.WriteString("]\n")
	}
	path := filepath.Join(t.TempDir(), "big"+ext)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b.Len()
}

// TestRowMemory checks what a loaded table holds on to per row beyond the
// rows' text: a large file's rows are in a store (see store), 8 bytes of
// code and place, a record header of 3 to 5 bytes beside the text, and 2
// bytes of directory and Entries not yet made. It is measured as the live
// heap after loading 1M rows.
func TestRowMemory(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("loads 1M rows; skipped with -short and -race")
	}
	const n = 1_000_000
	for _, tc := range []struct {
		f   codes.Format
		max int // bytes per row beyond the text
	}{
		{codes.TSV, 16},
		{codes.JSON, 16},
	} {
		path, size := bigTable(t, n, tc.f)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		tab, err := codes.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		live := int(after.HeapAlloc) - int(before.HeapAlloc)
		text := n * len("message 100000000instruction for 100000000") // copied; the file is not kept
		perRow := (live - text) / n
		t.Logf("%v: %d rows, file %d bytes, text %d bytes, live heap %d bytes: %d bytes per row beyond the text; heap from the system %d MB",
			tc.f, tab.Len(), size, text, live, perRow, after.HeapSys>>20)
		if perRow > tc.max {
			t.Errorf("%v: %d bytes per row beyond the text, want at most %d", tc.f, perRow, tc.max)
		}
		if tab.Len() != n {
			t.Errorf("%d rows, want %d", tab.Len(), n)
		}
		line := n/2 + 1 // of row n/2
		if tc.f == codes.JSON {
			line++ // after the "["
		}
		if e, ok := tab.Lookup(100000000 + n/2); !ok || e.Message != "message "+strconv.Itoa(100000000+n/2) ||
			e.Source() != path+":"+strconv.Itoa(line) {
			t.Errorf("Lookup = %+v (Source %q), %v", e, e.Source(), ok)
		}
		runtime.KeepAlive(tab)
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, f := range []codes.Format{codes.TSV, codes.JSON} {
		b.Run(f.String(), func(b *testing.B) {
			const n = 100_000
			path, size := bigTable(b, n, f)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := codes.Load(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

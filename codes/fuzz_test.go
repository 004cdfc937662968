package codes_test

import (
	"bytes"
	"errors"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

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
				if e.Code > 999999999 || !strings.HasPrefix(e.Source(), "fuzz:") {
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
					k := [2]string{r.Platform(), r.Lang()}
					if seen[k] {
						t.Fatalf("%v: code %d twice under platform %q, lang %q", format, e.Code, r.Platform(), r.Lang())
					}
					seen[k] = true
				}
			}
		}
	})
}

var (
	naiveComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	naiveTag     = regexp.MustCompile(`<[A-Za-z/!][^>]*>`)
	naiveLineTag = regexp.MustCompile(`<[A-Za-z/!][^>\n]*>`) // a pipe table's row is one line
	naiveLink    = regexp.MustCompile(`\]\([^()]*\)`)
	naiveLineLnk = regexp.MustCompile(`\]\([^()\n]*\)`) // a pipe table's row is one line
)

// naiveText is a generous reading of a page's text: comments and tags
// replaced by tag (so "" joins the text around a tag, " " keeps an entity
// from running into the next cell), comments first or, with tagsFirst,
// tags first (in "<table <!-->" the comment's start is inside a tag),
// entities decoded, and Markdown marks (link targets, '[', ']',
// backslashes, emphasis and code marks) and white space dropped. With
// lineLocal, tags and link targets do not span lines, as in a pipe table.
func naiveText(page, tag string, lineLocal, tagsFirst bool) string {
	tags, links := naiveTag, naiveLink
	if lineLocal {
		tags, links = naiveLineTag, naiveLineLnk
	}
	s := page
	if tagsFirst {
		s = tags.ReplaceAllString(s, tag)
	}
	s = naiveComment.ReplaceAllString(s, tag)
	s = tags.ReplaceAllString(s, tag)
	s = links.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("[]\\*_`!", r) {
			return -1
		}
		return r
	}, s)
}

// tableLines returns, for each 1-based line of page, whether a naive
// reading puts it inside a table: it holds a '|', or it meets a byte range
// from a "<table" (in any case) to the first "</table" that is not inside
// another tag or a comment (tableEnd), or to the end of the page.
func tableLines(page string) []bool {
	low := strings.ToLower(page)
	var ranges [][2]int
	for pos := 0; ; {
		i := strings.Index(low[pos:], "<table")
		if i < 0 {
			break
		}
		start := pos + i
		end := tableEnd(low, start)
		ranges = append(ranges, [2]int{start, end})
		pos = min(end+1, len(low))
	}
	lines := strings.Split(page, "\n")
	in := make([]bool, len(lines)+1)
	off := 0
	for i, l := range lines {
		in[i+1] = strings.Contains(l, "|")
		for _, r := range ranges {
			in[i+1] = in[i+1] || r[0] <= off+len(l) && off <= r[1]
		}
		off += len(l) + 1
	}
	return in
}

// tableEnd is where the table whose tag starts at start ends: at the
// "</table>" tag that closes it (tables nest), outside other tags and
// comments, or len(low). Tags are
// read by the page reader's rule: '<', '/' or not, a name of letters then
// digits followed by white space, '/' or '>' (or "<!"), and a '>' later;
// "<!--" to "-->".
func tableEnd(low string, start int) int {
	depth := 0 // tables nest
	for i := start; ; {
		j := strings.IndexByte(low[i:], '<')
		if j < 0 {
			return len(low)
		}
		i += j
		rest := low[i:]
		if strings.HasPrefix(rest, "<!--") {
			k := strings.Index(rest[4:], "-->")
			if k < 0 {
				return len(low)
			}
			i += 4 + k + 3
			continue
		}
		name, closing, ok := naiveTagName(rest)
		gt := strings.IndexByte(rest, '>')
		switch {
		case !ok || gt < 0:
			i++
		case closing && name == "table" && depth <= 1:
			return i
		default:
			if name == "table" {
				depth += map[bool]int{true: -1, false: 1}[closing]
			}
			i += gt + 1
		}
	}
}

// naiveTagName reads the name of the tag that rest starts with, by the
// page reader's rule; ok is false when rest starts no tag.
func naiveTagName(rest string) (name string, closing, ok bool) {
	j := 1
	if j < len(rest) && rest[j] == '/' {
		closing = true
		j++
	}
	k := j
	for k < len(rest) && (rest[k] >= 'a' && rest[k] <= 'z' || k > j && rest[k] >= '0' && rest[k] <= '9') {
		k++
	}
	bang := !closing && j < len(rest) && rest[j] == '!'
	if k == j && !bang {
		return "", false, false
	}
	if k < len(rest) && !bang && strings.IndexByte(" \t\r\n/>", rest[k]) < 0 {
		return "", false, false
	}
	return rest[j:k], closing, true
}

// FuzzParsePage feeds pages to the page reader. It must not panic; every
// row's code must be in the page's text (naiveText) and its line inside a
// table (tableLines); cell text must be clean: trimmed, without line ends,
// tabs or runs of spaces.
func FuzzParsePage(f *testing.F) {
	for _, glob := range []string{"*.md", "*.html"} {
		files, _ := filepath.Glob(filepath.Join("testdata", glob))
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(string(data))
			}
		}
	}
	for _, s := range []string{
		"<table><tr><td>1</td><td>a<br>b &amp; <a href=x>c</a></td></tr></table>",
		"## P\n| Code | Msg |\n|---|---|\n| **2** | [x](y) \\| z |\n",
		"<table>\n<tr><td>\n&#49;&#50;</td></tr>\n<tr><th>x</th></tr>",
		"```\n<table><tr><td>1</td></tr></table>\n```\n<!--\n| 2 |\n|-|\n-->",
		"a | b\n-|-\n3 | c\n\n<TABLE><TR><TD>4<TD>d</TABLE>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		tab, err := codes.Parse("p", strings.NewReader(page), codes.Page)
		if err != nil {
			var le *codes.LoadError
			if !errors.As(err, &le) || le.Path != "p" || sentinel(err) == "no sentinel in "+err.Error() {
				t.Fatalf("error %#v", err)
			}
			return
		}
		// Every code the reader finds must be in one of the naive readings.
		var readings []string
		for _, tag := range []string{"", " "} {
			for _, lineLocal := range []bool{false, true} {
				for _, first := range []bool{false, true} {
					readings = append(readings, naiveText(page, tag, lineLocal, first))
				}
			}
		}
		in := tableLines(page)
		for _, e := range tab.Entries() {
			code := strconv.FormatUint(uint64(e.Code), 10)
			found := false
			for _, r := range readings {
				found = found || strings.Contains(r, code)
			}
			if !found {
				t.Fatalf("row %+v: code %s is in no naive reading of the page's text %q", e, code, readings)
			}
			line, err := strconv.Atoi(strings.TrimPrefix(e.Source(), "p:"))
			if err != nil || line < 1 || line >= len(in) || !in[line] {
				t.Fatalf("row %+v: line %d is not in a table", e, line)
			}
			for _, s := range append([]string{e.Message, e.Instruction, e.Platform()}, extraValues(e)...) {
				if s != strings.TrimSpace(s) || strings.ContainsAny(s, "\t\r\n") || strings.Contains(s, "  ") {
					t.Fatalf("row %+v: text %q is not clean", e, s)
				}
			}
		}
	})
}

func extraValues(e codes.Entry) []string {
	var vs []string
	for _, x := range e.Extra() {
		vs = append(vs, x.Value)
	}
	return vs
}

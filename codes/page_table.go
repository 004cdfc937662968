package codes

import (
	"html"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// tableReader turns the rows of one page table into entries.
type tableReader struct {
	p         *pageParser
	lay       pageLayout
	hasHeader bool
	codes     int    // rows of codes read
	badLine   int    // line of the first row whose code cell is not a code, or 0
	badCell   string // its code cell
	// badNumeric: the bad cell is digits and signs, a code written wrong,
	// which makes the table one of codes.
	badNumeric bool
}

func (p *pageParser) newTable() *tableReader {
	p.tables++
	return &tableReader{p: p, lay: defaultLayout}
}

// header takes names as the table's header.
func (t *tableReader) header(names []string) {
	t.lay = pageLayoutOf(names)
	t.hasHeader = true
}

// row reads one row of cells.
func (t *tableReader) row(cells []pcell) error {
	blank, allTH := true, len(cells) > 0
	for _, c := range cells {
		blank = blank && c.text == ""
		allTH = allTH && c.th
	}
	if blank {
		return nil
	}
	var codeCell pcell
	if t.lay.code < len(cells) {
		codeCell = cells[t.lay.code]
	}
	if code, ok := ParseCode(codeCell.text); ok {
		t.codes++
		return t.entry(code, cells, codeCell.line)
	}
	switch {
	case (allTH || t.codes == 0 && !t.hasHeader) && !numeric(codeCell.text):
		if t.codes == 0 {
			names := make([]string, len(cells))
			for i, c := range cells {
				names[i] = c.text
			}
			t.header(names)
		}
	case t.badLine == 0:
		t.badLine, t.badCell, t.badNumeric = codeCell.line, codeCell.text, numeric(codeCell.text)
		if t.badLine == 0 {
			t.badLine = cells[0].line
		}
	}
	return nil
}

// numeric reports whether s is made of digits and signs only: a code
// written wrong (0871300, 1234567890, -1), never a header.
func numeric(s string) bool {
	return s != "" && strings.Trim(s, "0123456789+-") == ""
}

// entry adds the row of code.
func (t *tableReader) entry(code uint32, cells []pcell, line int) error {
	l := &t.lay
	get := func(i int) string {
		if i >= 0 && i < len(cells) {
			return cells[i].text
		}
		return ""
	}
	e := rawRow{Code: code, Message: get(l.message), Instruction: get(l.instruct), Platform: t.p.platform}
	rs := t.p.rs
	if l.lang >= 0 {
		lang, err := readLang(get(l.lang))
		if err != nil {
			return &LoadError{Path: rs.name, Line: line, Err: err}
		}
		e.Lang = lang
	} else {
		t.p.autoLang = append(t.p.autoLang, len(rs.es))
	}
	n := 0
	for i := range cells {
		if !l.used(i) {
			n++
		}
	}
	if n > 0 {
		e.Extra = rs.fields.make(n)
		for i, c := range cells {
			if l.used(i) {
				continue
			}
			name := colName(i)
			if i < len(l.names) && l.names[i] != "" {
				name = l.names[i]
			}
			e.Extra = append(e.Extra, Field{name, c.text})
		}
	}
	return rs.add(e, line)
}

// end finishes the table: an error for a bad row in a table of codes.
func (t *tableReader) end() error {
	if t.codes == 0 && !t.lay.namedCode && !t.badNumeric {
		return nil
	}
	t.p.codeTables++
	if t.badLine > 0 {
		return &LoadError{Path: t.p.rs.name, Line: t.badLine, Err: codeError(t.badCell)}
	}
	return nil
}

// pageLayout is where the columns of a page table are; -1 for none.
type pageLayout struct {
	names                         []string
	code, message, instruct, lang int
	namedCode                     bool // the header names the code column
}

var defaultLayout = pageLayout{code: 0, message: 1, instruct: 2, lang: -1}

func (l *pageLayout) used(i int) bool {
	return i == l.code || i == l.message || i == l.instruct || i == l.lang
}

// Header names of the columns, lower case; see the comment at the top of
// page.go.
var (
	codeNames     = []string{"code", "error code", "errorcode", "error_code", "err code", "errcode", "status code", "http status code", "错误码", "错误代码", "状态码", "返回码", "代码"}
	messageNames  = []string{"message", "msg", "error message", "err message", "errmsg", "error msg", "error_message", "错误信息", "错误消息", "消息", "信息", "提示"}
	instructNames = []string{"instruction", "instructions", "instruction_en", "explanation", "detailed explanation", "detail", "details", "remark", "remarks", "说明", "详细解释", "解释", "详细说明", "含义", "备注"}
	eitherNames   = []string{"description", "desc", "描述", "错误描述"}
	langNames     = []string{"lang", "language", "语言"}
)

// pageLayoutOf returns the layout that a header row's cells give.
func pageLayoutOf(names []string) pageLayout {
	l := pageLayout{names: names, code: -1, message: -1, instruct: -1, lang: -1}
	norm := make([]string, len(names))
	for i, n := range names {
		norm[i] = strings.ToLower(strings.TrimRight(n, ":："))
	}
	find := func(list []string) int {
		for i, n := range norm {
			for _, w := range list {
				if n == w && !l.used(i) {
					return i
				}
			}
		}
		return -1
	}
	l.code = find(codeNames)
	l.namedCode = l.code >= 0
	if l.code < 0 {
		l.code = 0
	}
	l.message, l.instruct = find(messageNames), find(instructNames)
	l.lang = find(langNames)
	if i := find(eitherNames); i >= 0 && l.message < 0 {
		l.message = i
	}
	if i := find(eitherNames); i >= 0 && l.instruct < 0 {
		l.instruct = i
	}
	known := func(i int) bool {
		for _, list := range [][]string{codeNames, messageNames, instructNames, eitherNames, langNames} {
			for _, w := range list {
				if norm[i] == w {
					return true
				}
			}
		}
		return false
	}
	for i := range names {
		if l.used(i) || known(i) {
			continue
		}
		if l.message < 0 {
			l.message = i
		} else if l.instruct < 0 {
			l.instruct = i
		}
	}
	return l
}

// tag is an HTML tag found by tagScanner.
type tag struct {
	name     string // as written
	closing  bool   // </name>
	comment  bool   // <!-- ... -->
	end      int    // offset after the tag
	blockish bool   // a tag that separates words: br, p, div, li, ...
}

func (t tag) is(name string) bool { return strings.EqualFold(t.name, name) }

// tagScanner finds tags in s in linear time overall: it remembers the next
// '>' and the next "-->" it found, so that many '<' before one '>' are not
// each scanned to it.
type tagScanner struct {
	s          string
	gt, cmtEnd int // offsets of a '>' and of a "-->" found before, or 0
	noGT       bool
	noCmtEnd   bool
}

// at reads the tag that starts at s[i] == '<'. ok is false when s[i:] is
// not a tag: a '<' not followed by a letter, '/' and a letter, or '!'; or
// one with no '>' after it.
func (ts *tagScanner) at(i int) (t tag, ok bool) {
	s := ts.s
	j := i + 1
	if strings.HasPrefix(s[j:], "!--") {
		t.comment = true
		t.end = len(s)
		if !ts.noCmtEnd {
			if ts.cmtEnd < j+3 {
				if k := strings.Index(s[j+3:], "-->"); k >= 0 {
					ts.cmtEnd = j + 3 + k
				} else {
					ts.noCmtEnd = true
				}
			}
			if !ts.noCmtEnd {
				t.end = ts.cmtEnd + 3
			}
		}
		return t, true
	}
	if j < len(s) && s[j] == '/' {
		t.closing = true
		j++
	}
	k := j
	for k < len(s) && (isASCIILetter(s[k]) || k > j && s[k] >= '0' && s[k] <= '9') {
		k++
	}
	bang := !t.closing && j < len(s) && s[j] == '!'
	if k == j && !bang {
		return tag{}, false
	}
	if k < len(s) && !bang && strings.IndexByte(" \t\r\n/>", s[k]) < 0 {
		return tag{}, false
	}
	t.name = s[j:k]
	if ts.noGT {
		return tag{}, false
	}
	if ts.gt < k {
		g := strings.IndexByte(s[k:], '>')
		if g < 0 {
			ts.noGT = true
			return tag{}, false
		}
		ts.gt = k + g
	}
	t.end = ts.gt + 1
	switch strings.ToLower(t.name) {
	case "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "dt", "dd", "blockquote", "pre":
		t.blockish = true
	}
	return t, true
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// cleanCell returns the text of an HTML cell (see the comment at the top
// of page.go). It does not allocate when raw is clean already.
func cleanCell(raw string) string {
	if !strings.ContainsAny(raw, "<&") {
		return collapse(raw)
	}
	// Entities are decoded in each stretch of text between tags, as a
	// browser does: "&#<a>50" is "&#50" as text, not "2".
	var b strings.Builder
	ts := tagScanner{s: raw}
	for i := 0; i < len(raw); {
		j := strings.IndexByte(raw[i:], '<')
		if j < 0 {
			b.WriteString(html.UnescapeString(raw[i:]))
			break
		}
		b.WriteString(html.UnescapeString(raw[i : i+j]))
		i += j
		t, ok := ts.at(i)
		if !ok {
			b.WriteByte('<')
			i++
			continue
		}
		if t.blockish {
			b.WriteByte(' ')
		}
		i = t.end
	}
	return collapse(b.String())
}

// collapse replaces each run of white space in s by one space and trims s.
// It returns s itself when there is nothing to change.
func collapse(s string) string {
	clean, space := true, true // space: the last rune was a space (or the start)
	for _, r := range s {
		if unicode.IsSpace(r) {
			if space || r != ' ' {
				clean = false
				break
			}
			space = true
		} else {
			space = false
		}
	}
	if clean && !space || s == "" {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// asciiPunct are the characters that a backslash escapes in Markdown.
const asciiPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// mdLink is a Markdown link or image; compiled when a page table is first
// read, not at every start of jmlog.
var mdLink = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`!?\[([^\[\]]*)\]\([^()]*\)`) })

// cleanMarkdown returns the text of a pipe-table cell or a heading: links
// reduced to their text, backslash escapes removed, HTML cleaned as in
// cleanCell, and emphasis or code marks around the whole text removed.
func cleanMarkdown(s string) string {
	if strings.Contains(s, "](") {
		s = mdLink().ReplaceAllString(s, "$1")
	}
	if strings.IndexByte(s, '\\') >= 0 {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(asciiPunct, s[i+1]) >= 0 {
				i++
			}
			b.WriteByte(s[i])
		}
		s = b.String()
	}
	s = cleanCell(s)
	for _, m := range []string{"**", "__", "*", "_", "`"} {
		if len(s) > 2*len(m) && strings.HasPrefix(s, m) && strings.HasSuffix(s, m) {
			s = strings.TrimSpace(s[len(m) : len(s)-len(m)])
		}
	}
	return s
}

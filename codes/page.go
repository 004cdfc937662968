package codes

import (
	"fmt"
	"strings"
)

// A page (Format Page) is read as Markdown holding HTML tables or pipe
// tables, the two shapes of the vendor's error-code pages:
//
//	## JMessage Android
//	<div class="table-d" align="center" >
//	  <table border="1" width = "100%">
//	    <tr bgcolor="#D3D3D3"><th>Code</th><th>Error Message</th><th>说明</th></tr>
//	    <tr>
//	      <td>871300</td>
//	      <td>Have not logged in.</td>
//	      <td>api调用发起者尚未登录 <a href="../guide/">集成指南</a></td>
//	    </tr>
//	  </table>
//	</div>
//
//	## JMessage Web
//	| Code | Error Message | Description |
//	| ---- | ------------- | ----------- |
//	| 880001 | missing error | Unknown error code |
//
// What is read:
//
//   - Headings: the text of the last heading above a table, cleaned like a
//     cell, is the Platform of its rows: an ATX (## Title) or setext
//     heading, or an HTML <h1> to <h6> that starts and ends on one line.
//   - HTML tables: from a <table> tag that starts a line (only tags and
//     white space before it on the line) to its </table>, or to the end of
//     the page. A row is a <tr>; a cell is a <td> or <th>, ending at its
//     closing tag or at the next cell, row or table tag. Nested tables are
//     part of their cell's text. Tags end at the first '>'.
//   - Pipe tables (GitHub-flavoured Markdown): a line with a '|' followed
//     by a delimiter row (| --- | :-: |, which must hold a '|' or have as
//     many cells as the header line); the rows are the following lines
//     that hold a '|', up to a blank line or one without '|'. Leading and
//     trailing pipes are optional, "\|" is a pipe inside a cell, and a row
//     may have fewer or more cells than the header (missing cells are
//     empty; further cells become Extra fields).
//   - Nothing inside fenced code blocks (``` or ~~~) or in HTML comments
//     that start a line.
//
// Cell text: tags removed (a link's text is kept), <br>, <p>, <div>, <li>
// and other block tags replaced by a space, HTML comments removed, entities
// decoded (html.UnescapeString), white space (Unicode's, so &nbsp; too)
// collapsed to one space and trimmed. Pipe cells also lose Markdown link
// syntax ([text](url) gives text), backslash escapes, and emphasis or code
// marks around the whole cell (**Code** gives Code).
//
// Columns: the header row (the pipe table's first line; in an HTML table,
// the rows before the first row of codes whose cells are all <th>, or the
// first row) names them, in any letter case:
//
//	code         code, error code, errorcode, error_code, err code, errcode, status code,
//	             http status code, 错误码, 错误代码, 状态码, 返回码, 代码
//	message      message, msg, error message, err message, errmsg, error msg,
//	             error_message, 错误信息, 错误消息, 消息, 信息, 提示
//	instruction  instruction, instructions, instruction_en, explanation, detailed explanation,
//	             detail, details, remark, remarks, 说明, 详细解释, 解释, 详细说明, 含义, 备注
//	either       description, desc, 描述, 错误描述: the message if no column is named as the
//	             message, else the instruction if none is named as such, else Extra
//	lang         lang, language, 语言 (overrides the page's language; see readLang)
//
// Without a code name the code is the first column. A message or
// instruction still without a column takes the first unnamed column left,
// in order; so Code | Description | Detailed Explanation and Code | Error
// Message | DESCRIPTION both read as code, message, instruction. Other
// columns become Extra fields named by their header cell, or "colN" (N
// counted from 1) when they have no name.
//
// Rows: a row whose code cell is a code (ParseCode of the cleaned text) is
// a row of the table; a row with only empty cells is skipped; a non-code
// row before the first code row that is the first row or all <th> is a
// header, and an all-<th> row later is skipped; a row whose code cell is
// digits and signs (0871300, -1) is never a header. A table is a table of
// codes if it has a row of codes, its header names a code column, or such
// a row; in a table of codes, any other row is an error (ErrBadCode) at
// its line. Tables
// that are not of codes are skipped. The line of a row is the line of the
// first text of its code cell.

// parsePage reads the tables of a page. text has no BOM and is valid UTF-8.
func parsePage(rs *rowSet, text string) error {
	p := &pageParser{rs: rs, text: text, lineOff: 0, lineNum: 1, tags: tagScanner{s: text}}
	if err := p.run(); err != nil {
		return err
	}
	if p.codeTables == 0 {
		what := "the page has no table"
		if p.tables > 0 {
			what = fmt.Sprintf("none of the page's %d tables has codes in its code column", p.tables)
		}
		return &LoadError{Path: rs.name, Err: fmt.Errorf(
			"%w: %s; a page needs a table with a row per code, as <tr><td>871300</td><td>message</td><td>instruction</td></tr> or | 871300 | message | instruction |",
			ErrNoTable, what)}
	}
	if lang := pageLang(rs.es); lang != "" {
		for _, i := range p.autoLang {
			rs.setLang(i, lang)
		}
	}
	return nil
}

type pageParser struct {
	rs         *rowSet
	text       string
	platform   string // the text of the last heading
	tables     int    // tables seen
	codeTables int    // tables of codes seen
	autoLang   []int  // rows whose Lang is the page's

	lineOff, lineNum int // lineAt's memory: the line of offset lineOff
	tags             tagScanner
}

// lineAt returns the 1-based line of the byte at off.
func (p *pageParser) lineAt(off int) int {
	if off < p.lineOff {
		p.lineOff, p.lineNum = 0, 1
	}
	p.lineNum += strings.Count(p.text[p.lineOff:off], "\n")
	p.lineOff = off
	return p.lineNum
}

// run reads the page line by line.
func (p *pageParser) run() error {
	text := p.text
	fence := ""   // the opening marker of the fenced code block we are in
	para := false // whether the previous line is paragraph text (for setext headings)
	prev := ""    // the previous line
	for pos := 0; pos < len(text); {
		end := strings.IndexByte(text[pos:], '\n')
		next := len(text)
		if end < 0 {
			end = len(text)
		} else {
			end += pos
			next = end + 1
		}
		line := strings.TrimSuffix(text[pos:end], "\r")
		cut := false
		if k := unclosedComment(line); fence == "" && k >= 0 && (tableStart(line) < 0 || k < tableStart(line)) {
			// A comment that goes on past this line, outside a table
			// (which reads its own comments): the line ends where it
			// starts, and reading goes on after it.
			line, cut = line[:k], true
			next = len(text)
			if c := strings.Index(text[pos+k+4:], "-->"); c >= 0 {
				next = pos + k + 4 + c + 3
			}
		}
		t := strings.TrimLeft(line, " \t")
		indent := len(line) - len(t)
		switch {
		case fence != "":
			if closesFence(t, fence) && indent <= 3 {
				fence = ""
			}
		case indent <= 3 && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")):
			fence = t[:len(t)-len(strings.TrimLeft(t, t[:1]))]
		case tableStart(line) >= 0:
			after, err := p.htmlTable(pos + tableStart(line))
			if err == nil {
				next, err = p.afterTable(after)
			}
			if err != nil {
				return err
			}
		case indent <= 3 && atxHeading(t) != "":
			p.platform = cleanMarkdown(headingText(t))
		case htmlHeading(t) != "":
			p.platform = cleanCell(htmlHeading(t))
		case para && indent <= 3 && setextUnderline(t):
			p.platform = cleanMarkdown(strings.TrimSpace(prev))
		case !cut && next < len(text) && hasPipe(line) && isDelimiterRow(nextLine(text, next), line):
			after, err := p.pipeTable(line, pos, next)
			if err != nil {
				return err
			}
			next = after
		}
		para = fence == "" && strings.TrimSpace(line) != "" && next == end+1 && !strings.HasPrefix(t, "<") && atxHeading(t) == ""
		prev = line
		pos = next
	}
	return nil
}

// unclosedComment returns where in line an HTML comment starts that does
// not end on the line, or -1.
func unclosedComment(line string) int {
	for off := 0; ; {
		k := strings.Index(line[off:], "<!--")
		if k < 0 {
			return -1
		}
		k += off
		c := strings.Index(line[k+4:], "-->")
		if c < 0 {
			return k
		}
		off = k + 4 + c + 3
	}
}

// afterTable reads the tables that start on the rest of the line after an
// HTML table that ends at off, and returns where reading goes on: at the
// next line.
func (p *pageParser) afterTable(off int) (int, error) {
	for off < len(p.text) {
		end := strings.IndexByte(p.text[off:], '\n')
		if end < 0 {
			end = len(p.text)
		} else {
			end += off
		}
		i := tableStart(p.text[off:end])
		if i < 0 {
			return min(end+1, len(p.text)), nil
		}
		var err error
		if off, err = p.htmlTable(off + i); err != nil {
			return 0, err
		}
	}
	return off, nil
}

func nextLine(text string, pos int) string {
	if i := strings.IndexByte(text[pos:], '\n'); i >= 0 {
		return strings.TrimSuffix(text[pos:pos+i], "\r")
	}
	return text[pos:]
}

// closesFence reports whether the trimmed line t closes a code block that
// fence opened.
func closesFence(t, fence string) bool {
	rest := strings.TrimLeft(t, fence[:1])
	return len(t)-len(rest) >= len(fence) && strings.TrimSpace(rest) == ""
}

// atxHeading returns the marks of an ATX heading (#, ##, ...) that starts
// the trimmed line t, or "".
func atxHeading(t string) string {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n < len(t) && t[n] != ' ' && t[n] != '\t' {
		return ""
	}
	return t[:n]
}

// headingText returns the text of an ATX heading line: without its marks
// and a closing run of '#'.
func headingText(t string) string {
	s := strings.TrimSpace(t[len(atxHeading(t)):])
	if c := strings.TrimRight(s, "#"); c != s && (c == "" || strings.HasSuffix(c, " ") || strings.HasSuffix(c, "\t")) {
		s = strings.TrimSpace(c)
	}
	return s
}

// htmlHeading returns the inside of an HTML heading, <h1> to <h6>, that
// starts the trimmed line t and ends on it, or "".
func htmlHeading(t string) string {
	if len(t) < 4 || !hasPrefixFold(t, "<h") || t[2] < '1' || t[2] > '6' || t[3] != '>' && t[3] != ' ' {
		return ""
	}
	open := strings.IndexByte(t, '>')
	end := strings.Index(t, "</h"+t[2:3])
	if e := strings.Index(t, "</H"+t[2:3]); e >= 0 && (end < 0 || e < end) {
		end = e
	}
	if open < 0 || end < open {
		return ""
	}
	return t[open+1 : end]
}

// setextUnderline reports whether the trimmed line t is a run of '=' or of
// '-' (trailing spaces allowed).
func setextUnderline(t string) bool {
	t = strings.TrimRight(t, " \t")
	return t != "" && (strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "")
}

// tableStart returns the offset of a <table> tag on line that has only
// tags and white space before it, or -1.
func tableStart(line string) int {
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			i++
		case c != '<':
			return -1
		case hasPrefixFold(line[i:], "<table") && (i+6 == len(line) || strings.IndexByte(" \t\r\n/>", line[i+6]) >= 0):
			return i
		default:
			j := strings.IndexByte(line[i:], '>')
			if j < 0 {
				return -1
			}
			i += j + 1
		}
	}
	return -1
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// pcell is a cell of a page table: its cleaned text, whether it is a <th>,
// and the line of its first text.
type pcell struct {
	text string
	th   bool
	line int
}

// htmlTable reads the HTML table whose <table> tag is at start, and
// returns the offset after its </table>, or the end of the page.
func (p *pageParser) htmlTable(start int) (int, error) {
	text := p.text
	t := p.newTable()
	var (
		row       []pcell
		cellStart = -1 // offset of the current cell's content, or -1
		cellTH    bool
		depth     int
	)
	endCell := func(end int) {
		if cellStart >= 0 {
			raw := text[cellStart:end]
			row = append(row, pcell{cleanCell(raw), cellTH, p.lineAt(cellStart + firstText(raw))})
			cellStart = -1
		}
	}
	endRow := func(end int) error {
		endCell(end)
		err := t.row(row)
		row = row[:0]
		return err
	}
	for pos := start; pos < len(text); {
		i := strings.IndexByte(text[pos:], '<')
		if i < 0 {
			break
		}
		lt := pos + i
		tag, ok := p.tags.at(lt)
		if !ok {
			pos = lt + 1
			continue
		}
		pos = tag.end
		switch {
		case tag.comment:
		case tag.is("table") && !tag.closing:
			depth++
		case tag.is("table"):
			if depth--; depth == 0 {
				if err := endRow(lt); err != nil {
					return 0, err
				}
				return tag.end, t.end()
			}
		case depth != 1:
		case tag.is("tr"):
			if err := endRow(lt); err != nil {
				return 0, err
			}
		case tag.is("td") || tag.is("th"):
			endCell(lt)
			if !tag.closing {
				cellStart, cellTH = tag.end, tag.is("th")
			}
		}
	}
	if err := endRow(len(text)); err != nil {
		return 0, err
	}
	return len(text), t.end()
}

// firstText returns the offset of the first character of raw that is not
// white space and not inside a tag or comment, or len(raw).
func firstText(raw string) int {
	ts := tagScanner{s: raw}
	for i := 0; i < len(raw); {
		switch raw[i] {
		case ' ', '\t', '\r', '\n':
			i++
		case '<':
			tag, ok := ts.at(i)
			if !ok {
				return i
			}
			i = tag.end
		default:
			return i
		}
	}
	return len(raw)
}

// pipeTable reads the pipe table whose header line is header, at pos, and
// whose delimiter row starts at delim. It returns the offset of the first
// line after the table.
func (p *pageParser) pipeTable(header string, pos, delim int) (int, error) {
	t := p.newTable()
	var names []string
	for _, c := range splitPipes(header) {
		names = append(names, cleanMarkdown(c))
	}
	t.header(names)
	text := p.text
	next := len(text)
	if i := strings.IndexByte(text[delim:], '\n'); i >= 0 {
		next = delim + i + 1
	}
	var row []pcell
	for next < len(text) {
		line := nextLine(text, next)
		tl := strings.TrimLeft(line, " \t")
		if strings.TrimSpace(line) == "" || !hasPipe(line) || tableStart(line) >= 0 ||
			strings.HasPrefix(tl, "```") || strings.HasPrefix(tl, "~~~") {
			break
		}
		row = row[:0]
		ln := p.lineAt(next)
		for _, c := range splitPipes(line) {
			row = append(row, pcell{cleanMarkdown(c), false, ln})
		}
		if err := t.row(row); err != nil {
			return 0, err
		}
		next += len(line)
		if next < len(text) && text[next] == '\r' {
			next++
		}
		next++
	}
	return min(next, len(text)), t.end()
}

// hasPipe reports whether line holds a '|' that is not escaped.
func hasPipe(line string) bool {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '|':
			return true
		}
	}
	return false
}

// splitPipes returns the cells of a pipe-table line, not trimmed, with
// "\|" left in them.
func splitPipes(line string) []string {
	s := strings.TrimSpace(line)
	s = strings.TrimPrefix(s, "|")
	if strings.HasSuffix(s, "|") && !strings.HasSuffix(s, "\\|") {
		s = s[:len(s)-1]
	}
	var cells []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, s[start:i])
			start = i + 1
		}
	}
	return append(cells, s[start:])
}

// isDelimiterRow reports whether line is the delimiter row of a pipe table
// whose header line is header.
func isDelimiterRow(line, header string) bool {
	cells := splitPipes(line)
	for _, c := range cells {
		c = strings.TrimSpace(c)
		c = strings.TrimPrefix(c, ":")
		c = strings.TrimSuffix(c, ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return hasPipe(line) || len(cells) == len(splitPipes(header))
}

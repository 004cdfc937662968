package codes

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

const jsonShape = `want an array of objects [{"code": 871300, "message": "...", "instruction": "..."}] or an object {"871300": {"message": "...", "instruction": "..."}}`

// jsonScanner reads a JSON code table. It reads only the shapes of a table
// (see Parse): an array of flat objects or an object of flat objects,
// whose members are strings, numbers, true, false or null. It follows the
// JSON grammar (RFC 8259) as encoding/json does; the rows keep copies of
// the members' text in shared blocks (see rowSet.add), so that they cost
// no allocation each and do not keep the file.
type jsonScanner struct {
	rs    *rowSet
	s     string
	pos   int
	line  int     // line of s[pos]; JSON strings cannot hold a raw line end, so lines end only in white space
	src   *window // the window s is, when the input is read through one (see list)
	depth int     // of lists: 1 in the table's
}

// jsonValue is a scalar member value: its text (decoded for a string, as
// written for a number or literal; it may be a substring of the input,
// which rowSet.add copies if the row keeps it) and its kind.
type jsonValue struct {
	text string
	kind byte // '"' string, '0' number, 't' true, 'f' false, 'n' null
}

// parseJSON reads a JSON table. text has no BOM and is valid UTF-8.
func parseJSON(rs *rowSet, text string) error {
	rs.es = make([]Entry, 0, min(strings.Count(text, "{"), MaxRows+1))
	rs.text = &textArena{}
	return (&jsonScanner{rs: rs, s: text, line: 1}).table()
}

// parseJSONStream reads the JSON table of w, as parseJSON does; rs.es has
// room for the rows.
func parseJSONStream(rs *rowSet, w *window) error {
	return (&jsonScanner{rs: rs, s: ownedString(w.buf), line: 1, src: w}).table()
}

// table reads the table.
func (p *jsonScanner) table() error {
	rs := p.rs
	if p.src != nil {
		// Before the table, and after it, the whole input is read.
		for !p.src.eof {
			if p.ws(); p.pos < len(p.s) {
				break
			}
			if err := p.slide(false); err != nil {
				return err
			}
		}
	}
	p.ws()
	if p.pos == len(p.s) {
		return &LoadError{Path: rs.name, Err: fmt.Errorf("%w: the file is empty; %s", ErrSyntax, jsonShape)}
	}
	var err error
	switch p.s[p.pos] {
	case '[':
		err = p.array()
	case '{':
		err = p.object()
	default:
		if err := p.all(); err != nil {
			return err
		}
		what, err := p.describe()
		if err != nil {
			return err
		}
		return p.errorf(ErrSyntax, "the file holds %s; %s", what, jsonShape)
	}
	if err != nil {
		return err
	}
	if err := p.all(); err != nil {
		return err
	}
	if p.ws(); p.pos < len(p.s) {
		line := p.line
		what, err := p.describe()
		if err != nil {
			return err
		}
		return &LoadError{Path: rs.name, Line: line, Err: fmt.Errorf("%w: %s after the end of the table; remove it or put it inside the table", ErrSyntax, what)}
	}
	return nil
}

// array reads an array of row objects, from its '['.
func (p *jsonScanner) array() error {
	p.pos++
	return p.list(']', "array element", func() error {
		if p.s[p.pos] != '{' {
			what, err := p.describe()
			if err != nil {
				return err
			}
			return p.errorf(ErrSyntax, "an array element is %s; want an object such as {\"code\": 871300, \"message\": \"...\"}", what)
		}
		line := p.line
		e, hasCode, err := p.entry()
		if err != nil {
			return err
		}
		if !hasCode {
			return &LoadError{Path: p.rs.name, Line: line, Err: fmt.Errorf(
				"%w: the object has no \"code\" member; add one, e.g. \"code\": 871300", ErrNoCode)}
		}
		return p.rs.add(e, line)
	})
}

// object reads an object mapping codes to row objects, from its '{'.
func (p *jsonScanner) object() error {
	p.pos++
	return p.list('}', "object key:value pair", func() error {
		line := p.line
		if p.s[p.pos] != '"' {
			return p.invalid("looking for beginning of object key string")
		}
		key, err := p.str()
		if err != nil {
			return err
		}
		code, ok := cellCode(key)
		if !ok {
			return &LoadError{Path: p.rs.name, Line: line, Err: codeError(key)}
		}
		if err := p.colon(); err != nil {
			return err
		}
		if p.s[p.pos] != '{' {
			what, err := p.describe()
			if err != nil {
				return err
			}
			return p.errorf(ErrSyntax, "the value of %s is %s; want an object such as {\"message\": \"...\", \"instruction\": \"...\"}", quote(key), what)
		}
		e, hasCode, err := p.entry()
		if err != nil {
			return err
		}
		if hasCode && e.Code != code {
			return &LoadError{Path: p.rs.name, Line: line, Err: fmt.Errorf(
				"%w: the key is %d but the \"code\" member is %d; remove the member or make them agree", ErrSyntax, code, e.Code)}
		}
		e.Code = code
		return p.rs.add(e, line)
	})
}

// list reads the elements of an array or object after its opening, and its
// closing byte end. item reads one element, starting at a non-space byte.
// after names the element for syntax errors ("array element").
//
// Reading a window (src set), the table's list reads one element and the
// separator after it at a time, the window slid past what it has read;
// when that fails before the end of the input, perhaps at the window's
// end, it is read again from its start in a window twice as large. So the
// rows and errors are those of the whole input.
func (p *jsonScanner) list(end byte, after string, item func() error) error {
	p.depth++
	defer func() { p.depth-- }()
	first := true
	for {
		pos, line, rows := p.pos, p.line, p.rs.len()
		done, err := p.listStep(end, after, item, first)
		if err != nil && p.src != nil && p.depth == 1 && !p.src.eof {
			p.pos, p.line = pos, line
			p.rs.truncate(rows)
			if err := p.slide(true); err != nil {
				return err
			}
			continue
		}
		if err != nil || done {
			return err
		}
		first = false
		if p.src != nil && p.depth == 1 && len(p.s)-p.pos < streamWindow/2 {
			if err := p.slide(false); err != nil {
				return err
			}
		}
	}
}

// listStep reads one element of a list and the separator or end after
// it, or the end of an empty list when first.
func (p *jsonScanner) listStep(end byte, after string, item func() error, first bool) (done bool, err error) {
	if first {
		if p.ws(); p.pos < len(p.s) && p.s[p.pos] == end {
			p.pos++
			return true, nil
		}
	}
	if p.ws(); p.pos == len(p.s) {
		return false, p.eof()
	}
	if err := item(); err != nil {
		return false, err
	}
	if p.ws(); p.pos == len(p.s) {
		return false, p.eof()
	}
	switch p.s[p.pos] {
	case ',':
		p.pos++
		return false, nil
	case end:
		p.pos++
		return true, nil
	}
	return false, p.invalid("after " + after)
}

// all reads the rest of the input into the window.
func (p *jsonScanner) all() error {
	for p.src != nil && !p.src.eof {
		if err := p.slide(true); err != nil {
			return err
		}
	}
	return nil
}

// slide drops what has been read from the window and reads more, into a
// window twice as large when grow is set.
func (p *jsonScanner) slide(grow bool) error {
	p.src.drop(p.pos)
	p.pos = 0
	if err := p.src.fill(p.rs.name, grow); err != nil {
		return err
	}
	p.s = ownedString(p.src.buf)
	return nil
}

// key reads an object key and the ':' after it, and the white space after
// that; it leaves pos at the value, which is not the end of the input.
func (p *jsonScanner) key() (string, error) {
	if p.s[p.pos] != '"' {
		return "", p.invalid("looking for beginning of object key string")
	}
	k, err := p.str()
	if err != nil {
		return "", err
	}
	return k, p.colon()
}

// colon reads the ':' after a key, and the white space around it; it
// leaves pos at the value, which is not the end of the input.
func (p *jsonScanner) colon() error {
	if p.ws(); p.pos == len(p.s) {
		return p.eof()
	}
	if p.s[p.pos] != ':' {
		return p.invalid("after object key")
	}
	p.pos++
	if p.ws(); p.pos == len(p.s) {
		return p.eof()
	}
	return nil
}

// entry reads a row object, from its '{'. It reports whether the object
// has a code member. The members are read as in Parse.
func (p *jsonScanner) entry() (e rawRow, hasCode bool, err error) {
	var hasMsg, hasInstr bool // whether a member is named "message", "instruction"
	p.pos++
	err = p.list('}', "object key:value pair", func() error {
		name, err := p.key()
		if err != nil {
			return err
		}
		line := p.line
		v, err := p.value(name)
		if err != nil {
			return err
		}
		if v.kind == 'n' && !strings.EqualFold(name, "code") {
			return nil
		}
		switch {
		case strings.EqualFold(name, "code"):
			if v.kind != '"' && v.kind != '0' {
				return &LoadError{Path: p.rs.name, Line: line, Err: fmt.Errorf(
					"%w: member \"code\" is %s; write the code as a number, e.g. \"code\": 871300", ErrBadCode, v.describe())}
			}
			code, ok := cellCode(v.text)
			if !ok {
				return &LoadError{Path: p.rs.name, Line: line, Err: codeError(v.text)}
			}
			e.Code, hasCode = code, true
		case strings.EqualFold(name, "message"):
			e.Message, hasMsg = v.text, true
		case strings.EqualFold(name, "msg") && !hasMsg:
			e.Message = v.text
		case strings.EqualFold(name, "instruction"):
			e.Instruction, hasInstr = v.text, true
		case strings.EqualFold(name, "instruction_en") && !hasInstr:
			e.Instruction = v.text
		case strings.EqualFold(name, "lang"):
			lang, err := readLang(v.text)
			if err != nil {
				return &LoadError{Path: p.rs.name, Line: line, Err: err}
			}
			e.Lang = lang
		default:
			for i := range e.Extra {
				if e.Extra[i].Name == name {
					e.Extra[i].Value = v.text
					return nil
				}
			}
			e.Extra = append(e.Extra, Field{p.rs.text.keep(name), v.text})
		}
		return nil
	})
	return e, hasCode, err
}

// value reads the value of member name: a string, number or literal; an
// object or an array is an error.
func (p *jsonScanner) value(name string) (jsonValue, error) {
	switch c := p.s[p.pos]; {
	case c == '"':
		s, err := p.str()
		return jsonValue{s, '"'}, err
	case c == '-' || c >= '0' && c <= '9':
		s, err := p.number()
		return jsonValue{s, '0'}, err
	case c == 't' || c == 'f' || c == 'n':
		s, err := p.literal()
		return jsonValue{s, c}, err
	case c == '{' || c == '[':
		kind := "an object"
		if c == '[' {
			kind = "an array"
		}
		return jsonValue{}, p.errorf(ErrSyntax, "member %s is %s; want a string, a number, true, false or null", quote(name), kind)
	}
	return jsonValue{}, p.invalid("looking for beginning of value")
}

// describe reads the value at pos, for an error message: "an object",
// "the string ...", "the number 7", "true". It returns the error of a
// malformed value instead.
func (p *jsonScanner) describe() (string, error) {
	switch p.s[p.pos] {
	case '{':
		return "an object", nil
	case '[':
		return "an array", nil
	}
	v, err := p.value("")
	if err != nil {
		return "", err
	}
	return v.describe(), nil
}

func (v jsonValue) describe() string {
	switch v.kind {
	case '"':
		return "the string " + quote(v.text)
	case '0':
		return "the number " + v.text
	}
	return v.text
}

// ws skips white space, counting lines.
func (p *jsonScanner) ws() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case '\n':
			p.line++
		case ' ', '\t', '\r':
		default:
			return
		}
		p.pos++
	}
}

// str reads a string from its opening quote, and returns its value: a
// substring of the input when it has no escapes.
func (p *jsonScanner) str() (string, error) {
	start := p.pos + 1
	for i := start; i < len(p.s); i++ {
		switch c := p.s[i]; {
		case c == '"':
			p.pos = i + 1
			return p.s[start:i], nil
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			p.pos = i
			return "", p.invalid("in string literal")
		}
	}
	p.pos = len(p.s)
	return "", p.eof()
}

// escaped reads a string that has escapes, from the byte after its
// opening quote.
func (p *jsonScanner) escaped(start int) (string, error) {
	var b []byte
	for i := start; i < len(p.s); {
		c := p.s[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(b), nil
		case c < 0x20:
			p.pos = i
			return "", p.invalid("in string literal")
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 == len(p.s) {
			break
		}
		i++
		switch e := p.s[i]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, n, err := p.unicode(i + 1)
			if err != nil {
				return "", err
			}
			b = utf8.AppendRune(b, r)
			i += n
		default:
			p.pos = i
			return "", p.invalid("in string escape code")
		}
		i++
	}
	p.pos = len(p.s)
	return "", p.eof()
}

// unicode reads the 4 hex digits of a \u escape at i, and a second escape
// after it for a surrogate pair. It returns the rune (U+FFFD for a lone
// surrogate, as encoding/json) and how many bytes after i-1 it used, less
// one.
func (p *jsonScanner) unicode(i int) (rune, int, error) {
	r, err := p.hex4(i)
	if err != nil {
		return 0, 0, err
	}
	if !utf16.IsSurrogate(r) {
		return r, 4, nil
	}
	if strings.HasPrefix(p.s[i+4:], "\\u") {
		r2, err := p.hex4(i + 6)
		if err != nil {
			return 0, 0, err
		}
		if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
			return d, 10, nil
		}
	}
	return utf8.RuneError, 4, nil
}

func (p *jsonScanner) hex4(i int) (rune, error) {
	var r rune
	for j := i; j < i+4; j++ {
		if j == len(p.s) {
			p.pos = j
			return 0, p.eof()
		}
		c := p.s[j]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			c = c | 0x20 - 'a' + 10
		default:
			p.pos = j
			return 0, p.invalid("in \\u hexadecimal character escape")
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}

// number reads a number as written.
func (p *jsonScanner) number() (string, error) {
	start, i := p.pos, p.pos
	digits := func() bool {
		j := i
		for i < len(p.s) && p.s[i] >= '0' && p.s[i] <= '9' {
			i++
		}
		return i > j
	}
	fail := func() (string, error) {
		p.pos = i
		if i == len(p.s) {
			return "", p.eof()
		}
		return "", p.invalid("in numeric literal")
	}
	if p.s[i] == '-' {
		i++
	}
	if i < len(p.s) && p.s[i] == '0' {
		i++
	} else if !digits() {
		return fail()
	}
	if i < len(p.s) && p.s[i] == '.' {
		i++
		if !digits() {
			return fail()
		}
	}
	if i < len(p.s) && p.s[i]|0x20 == 'e' {
		i++
		if i < len(p.s) && (p.s[i] == '+' || p.s[i] == '-') {
			i++
		}
		if !digits() {
			return fail()
		}
	}
	p.pos = i
	return p.s[start:i], nil
}

// literal reads true, false or null.
func (p *jsonScanner) literal() (string, error) {
	for _, w := range [...]string{"true", "false", "null"} {
		if w[0] != p.s[p.pos] {
			continue
		}
		for j := 1; j < len(w); j++ {
			i := p.pos + j
			if i == len(p.s) {
				p.pos = i
				return "", p.eof()
			}
			if p.s[i] != w[j] {
				p.pos = i
				return "", p.invalid(fmt.Sprintf("in literal %s (expecting %q)", w, w[j]))
			}
		}
		p.pos += len(w)
		return w, nil
	}
	return "", p.invalid("looking for beginning of value")
}

// invalid is the syntax error of the byte at pos.
func (p *jsonScanner) invalid(context string) error {
	r, _ := utf8.DecodeRuneInString(p.s[p.pos:])
	c := fmt.Sprintf("%q", r)
	return p.errorf(ErrSyntax, "invalid character %s %s; fix the JSON at this line", c, context)
}

// eof is the error of an input that ends inside the table, at its last
// line.
func (p *jsonScanner) eof() error {
	line := p.line
	if strings.HasSuffix(p.s, "\n") {
		line-- // the line of the last byte
	}
	p.pos = len(p.s)
	return &LoadError{Path: p.rs.name, Line: max(line, 1), Err: fmt.Errorf(
		"%w: unexpected end of JSON input; the JSON ends too early: close every [ and { and every string", ErrSyntax)}
}

func (p *jsonScanner) errorf(sentinel error, format string, args ...any) error {
	return &LoadError{Path: p.rs.name, Line: p.line, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// textArena copies strings into shared blocks, so that many short strings
// cost one allocation per block and do not keep their source.
type textArena struct{ block []byte }

// keep returns a copy of s in the arena. Blocks are never written after a
// string is taken from them, so the strings stay immutable.
func (a *textArena) keep(s string) string {
	if len(s) == 0 {
		return ""
	}
	if cap(a.block)-len(a.block) < len(s) {
		a.block = make([]byte, 0, max(len(s), 64<<10)) // small blocks: the last one's unused end is small too
	}
	l := len(a.block)
	a.block = append(a.block, s...)
	return unsafe.String(&a.block[l], len(s))
}

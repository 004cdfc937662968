package codes

// This is the JSON table reader that jmlog used before json.go's scanner:
// encoding/json's Decoder, token by token. It is kept as the reference
// that FuzzJSONScanner compares the scanner with.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

const refJSONShape = `want an array of objects [{"code": 871300, "message": "...", "instruction": "..."}] or an object {"871300": {"message": "...", "instruction": "..."}}`

// refJSONReader reads a JSON code table token by token, so that member order
// and line numbers are known.
type refJSONReader struct {
	name   string
	dec    *json.Decoder
	starts []int // byte offset of the start of each line
	size   int   // length of the input
	rs     *rowSet
}

// parseJSON reads a JSON table. text has no BOM and is valid UTF-8.
func parseJSONRef(rs *rowSet, text string) error {
	name := rs.name
	p := &refJSONReader{name: name, dec: json.NewDecoder(strings.NewReader(text)), starts: []int{0}, size: len(text), rs: rs}
	p.dec.UseNumber()
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			p.starts = append(p.starts, i+1)
		}
	}
	tok, err := p.topToken()
	if err == io.EOF {
		return &LoadError{Path: name, Err: fmt.Errorf("%w: the file is empty; %s", ErrSyntax, refJSONShape)}
	}
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('['):
		err = p.array()
	case json.Delim('{'):
		err = p.object()
	default:
		err = p.errorf(ErrSyntax, "the file holds %s; %s", refKind(tok), refJSONShape)
	}
	if err != nil {
		return err
	}
	if tok, err := p.topToken(); err != io.EOF {
		if err != nil {
			return err
		}
		return p.errorf(ErrSyntax, "%s after the end of the table; remove it or put it inside the table", refKind(tok))
	}
	return nil
}

// array reads the rest of an array of row objects.
func (p *refJSONReader) array() error {
	for p.dec.More() {
		tok, err := p.token()
		if err != nil {
			return err
		}
		if tok != json.Delim('{') {
			return p.errorf(ErrSyntax, "an array element is %s; want an object such as {\"code\": 871300, \"message\": \"...\"}", refKind(tok))
		}
		line := p.line()
		e, hasCode, err := p.entry()
		if err != nil {
			return err
		}
		if !hasCode {
			return &LoadError{Path: p.name, Line: line, Err: fmt.Errorf(
				"%w: the object has no \"code\" member; add one, e.g. \"code\": 871300", ErrNoCode)}
		}
		if err := p.rs.add(e, line); err != nil {
			return err
		}
	}
	_, err := p.token() // ']'
	return err
}

// object reads the rest of an object mapping codes to row objects.
func (p *refJSONReader) object() error {
	for p.dec.More() {
		tok, err := p.token()
		if err != nil {
			return err
		}
		key, _ := tok.(string) // the decoder returns only strings as keys
		line := p.line()
		code, ok := cellCode(key)
		if !ok {
			return &LoadError{Path: p.name, Line: line, Err: codeError(key)}
		}
		if tok, err = p.token(); err != nil {
			return err
		}
		if tok != json.Delim('{') {
			return p.errorf(ErrSyntax, "the value of %s is %s; want an object such as {\"message\": \"...\", \"instruction\": \"...\"}", quote(key), refKind(tok))
		}
		e, hasCode, err := p.entry()
		if err != nil {
			return err
		}
		if hasCode && e.Code != code {
			return &LoadError{Path: p.name, Line: line, Err: fmt.Errorf(
				"%w: the key is %d but the \"code\" member is %d; remove the member or make them agree", ErrSyntax, code, e.Code)}
		}
		e.Code = code
		if err := p.rs.add(e, line); err != nil {
			return err
		}
	}
	_, err := p.token() // '}'
	return err
}

// entry reads the members of a row object after its '{', and its '}'.
// It reports whether the object has a code member.
func (p *refJSONReader) entry() (e rawRow, hasCode bool, err error) {
	var hasMsg, hasInstr bool // whether the member is named "message", "instruction"
	for p.dec.More() {
		tok, err := p.token()
		if err != nil {
			return e, false, err
		}
		name, _ := tok.(string) // the decoder returns only strings as keys
		if tok, err = p.token(); err != nil {
			return e, false, err
		}
		var value string
		switch v := tok.(type) {
		case string:
			value = v
		case json.Number:
			value = v.String()
		case bool:
			value = fmt.Sprint(v)
		case nil:
			if !strings.EqualFold(name, "code") {
				continue
			}
		default:
			return e, false, p.errorf(ErrSyntax, "member %s is %s; want a string, a number, true, false or null", quote(name), refKind(tok))
		}
		switch {
		case strings.EqualFold(name, "code"):
			if _, isStr := tok.(string); !isStr {
				if _, isNum := tok.(json.Number); !isNum {
					return e, false, p.errorf(ErrBadCode, "member \"code\" is %s; write the code as a number, e.g. \"code\": 871300", refKind(tok))
				}
			}
			code, ok := cellCode(value)
			if !ok {
				return e, false, &LoadError{Path: p.name, Line: p.line(), Err: codeError(value)}
			}
			e.Code, hasCode = code, true
		case strings.EqualFold(name, "message"):
			e.Message, hasMsg = value, true
		case strings.EqualFold(name, "msg") && !hasMsg:
			e.Message = value
		case strings.EqualFold(name, "instruction"):
			e.Instruction, hasInstr = value, true
		case strings.EqualFold(name, "instruction_en") && !hasInstr:
			e.Instruction = value
		case strings.EqualFold(name, "lang"):
			lang, err := readLang(value)
			if err != nil {
				return e, false, &LoadError{Path: p.name, Line: p.line(), Err: err}
			}
			e.Lang = lang
		default:
			i := slices.IndexFunc(e.Extra, func(f Field) bool { return f.Name == name })
			if i >= 0 {
				e.Extra[i].Value = value
			} else {
				e.Extra = append(e.Extra, Field{name, value})
			}
		}
	}
	_, err = p.token() // '}'
	return e, hasCode, err
}

// token returns the next token inside the table. The end of the input is an
// error there. All errors are *LoadError.
func (p *refJSONReader) token() (json.Token, error) {
	tok, err := p.topToken()
	if err == io.EOF {
		err = p.syntaxError(io.ErrUnexpectedEOF)
	}
	return tok, err
}

// topToken returns the next token, or io.EOF at the end of the input. Other
// errors are *LoadError.
func (p *refJSONReader) topToken() (json.Token, error) {
	tok, err := p.dec.Token()
	if err == nil || err == io.EOF {
		return tok, err
	}
	return nil, p.syntaxError(err)
}

// syntaxError wraps an error of the JSON decoder.
func (p *refJSONReader) syntaxError(err error) error {
	line := p.lineAt(p.size - 1) // the last line, for an unexpected end
	hint := "the JSON ends too early; close every [ and { and every string"
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line = p.lineAt(int(se.Offset) - 1)
		hint = "fix the JSON at this line"
	}
	return &LoadError{Path: p.name, Line: line, Err: fmt.Errorf("%w: %w; %s", ErrSyntax, err, hint)}
}

// line returns the line of the last token read.
func (p *refJSONReader) line() int { return p.lineAt(int(p.dec.InputOffset()) - 1) }

// lineAt returns the 1-based line of the byte at off.
func (p *refJSONReader) lineAt(off int) int {
	i, found := slices.BinarySearch(p.starts, max(off, 0))
	if found {
		return i + 1
	}
	return i
}

func (p *refJSONReader) errorf(sentinel error, format string, args ...any) error {
	return &LoadError{Path: p.name, Line: p.line(), Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// kind describes a token for an error message.
func refKind(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			return "an object"
		case '[':
			return "an array"
		}
		return fmt.Sprintf("%q", string(v))
	case string:
		return "the string " + quote(v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return fmt.Sprint(v)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

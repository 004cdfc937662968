package parse

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tidwall/gjson"
)

// JSONPathError is a path that CheckJSONPath rejects.
type JSONPathError struct {
	Path string
	Off  int    // byte offset of the problem in Path
	Msg  string // what is wrong, and what to write instead
}

func (e *JSONPathError) Error() string {
	return fmt.Sprintf("bad JSON path %q at byte %d: %s", e.Path, e.Off, e.Msg)
}

// CheckJSONPath reports whether path is a well-formed gjson path (see
// https://github.com/tidwall/gjson/blob/master/SYNTAX.md) that jmlog can use.
// gjson itself never rejects a path: a malformed one just finds nothing, so
// jmlog checks paths before it uses them. The error is a *JSONPathError.
//
// A path is components separated by '.' or '|'. A component is
//
//   - a key, with '*' and '?' wildcards and '\' escaping the next
//     punctuation character ("fav\.movie"); an unescaped bracket or
//     parenthesis in a key is rejected, and so is '\' before a letter or a
//     digit (it escapes nothing) or at the end;
//   - '#' alone ("errors.#.code"), or a query "#(...)" or "#[...]", with an
//     optional '#' after it; its path part is checked like a path, and its
//     operator must be one of == = != < <= > >= % !%;
//   - a modifier "@name" or "@name:ARG", where name is one gjson knows
//     (@reverse, @this, @fromstr, ...) and an ARG that starts with '{', '['
//     or '"' is valid JSON; a key that starts with '@' is written "\@key";
//   - a multipath "[p1,p2]" or "{p1,"name":p2}", each part checked like a
//     path.
//
// Rejected besides: the empty path, empty components ("a..b", ".a", "a."),
// unbalanced brackets, parentheses and quotes, literals ("!true": they are
// constants, not values of the line; write "\!" for a key that starts with
// '!'), and a leading ".." (gjson's JSON-lines mode: jmlog gives gjson one
// line at a time).
func CheckJSONPath(path string) error {
	c := &pathChecker{path: path}
	switch {
	case path == "":
		c.fail(0, "the path is empty; give a path such as error.code")
	case strings.HasPrefix(path, ".."):
		c.fail(0, `a leading ".." (JSON lines) does not apply: jmlog already gives gjson one line at a time`)
	default:
		c.body(0, len(path))
	}
	if c.err != nil {
		return c.err
	}
	return nil
}

// pathChecker checks a path by recursive descent. Its methods work on
// path[i:end] and return the offset after what they read; after the first
// error they do nothing more.
type pathChecker struct {
	path string
	err  *JSONPathError
}

func (c *pathChecker) fail(off int, format string, args ...any) {
	if c.err == nil {
		c.err = &JSONPathError{Path: c.path, Off: off, Msg: fmt.Sprintf(format, args...)}
	}
}

// body checks components separated by '.' or '|' in path[i:end].
func (c *pathChecker) body(i, end int) {
	if i == end {
		c.fail(i, "empty path")
		return
	}
	for c.err == nil {
		j := c.component(i, end)
		if c.err != nil || j >= end {
			return
		}
		if j+1 == end {
			c.fail(j, "nothing after %q: a component is missing", c.path[j])
			return
		}
		i = j + 1
	}
}

// component checks the component at path[i] and returns the offset of the
// separator after it, or end.
func (c *pathChecker) component(i, end int) int {
	switch ch := c.path[i]; ch {
	case '.', '|':
		c.fail(i, "empty component before %q", ch)
	case '@':
		return c.modifier(i, end)
	case '!':
		c.fail(i, `literals ("!...") are constants, not values of the line; write "\!" for a key that starts with "!"`)
	case '#':
		return c.array(i, end)
	case '[', '{':
		k := c.group(i, end)
		if c.err != nil {
			return end
		}
		c.selectors(i+1, k-1, ch)
		return c.after(k, end, "multipath")
	case ')', ']', '}':
		c.fail(i, "unbalanced %q", ch)
	default:
		return c.key(i, end)
	}
	return end
}

// after checks that path[k] ends a component.
func (c *pathChecker) after(k, end int, what string) int {
	if k < end {
		switch ch := c.path[k]; ch {
		case '.', '|':
		case ')', ']', '}':
			c.fail(k, "unbalanced %q", ch)
		default:
			c.fail(k, "unexpected %q after the %s: separate components with '.' or '|'", ch, what)
		}
	}
	return k
}

func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// escape checks the escape at path[j] == '\\' and returns the offset of the
// escaped byte.
func (c *pathChecker) escape(j, end int) int {
	switch {
	case j+1 >= end:
		c.fail(j, `a lone "\" at the end: "\" escapes the next character, as in fav\.movie`)
	case isAlnum(c.path[j+1]):
		c.fail(j, `"\%c" escapes nothing: only punctuation is escaped, as in fav\.movie`, c.path[j+1])
	}
	return j + 1
}

func (c *pathChecker) key(i, end int) int {
	for j := i; j < end && c.err == nil; j++ {
		switch ch := c.path[j]; ch {
		case '\\':
			j = c.escape(j, end)
		case '.', '|':
			return j
		case '(', ')', '[', ']', '{', '}':
			c.fail(j, `unexpected %q in key %q: escape it as "\%c", or write a query as #(...)`, ch, c.path[i:j], ch)
		}
	}
	return end
}

// stockModifiers are gjson's built-in modifiers, for messages.
const stockModifiers = "@reverse @ugly @pretty @this @valid @flatten @join @keys @values @tostr @fromstr @group @dig"

func (c *pathChecker) modifier(i, end int) int {
	j := i + 1
	for j < end && c.path[j] != ':' && c.path[j] != '.' && c.path[j] != '|' {
		j++
	}
	name := c.path[i+1 : j]
	switch {
	case name == "":
		c.fail(i, `"@" without a modifier name; gjson has %s`, stockModifiers)
		return end
	case !gjson.ModifierExists(name, nil):
		c.fail(i, `unknown modifier "@%s"; gjson has %s; write "\@%s" for a key that starts with "@"`, name, stockModifiers, name)
		return end
	case j == end || c.path[j] != ':':
		return j
	}
	a := j + 1
	if a == end {
		c.fail(j, `":" without an argument for @%s`, name)
		return end
	}
	switch c.path[a] {
	case '{', '[', '"':
		k := c.group(a, end)
		if c.err == nil && !json.Valid([]byte(c.path[a:k])) {
			c.fail(a, "the argument of @%s is not valid JSON", name)
		}
		return c.after(k, end, "argument of @"+name)
	}
	// A plain argument runs to the next '|'; dots belong to it.
	k := a
	for k < end && c.err == nil && c.path[k] != '|' {
		switch ch := c.path[k]; ch {
		case '{', '[', '"', '(':
			k = c.group(k, end)
			continue
		case ')', ']', '}':
			c.fail(k, "unbalanced %q", ch)
		case '\\':
			k = c.escape(k, end)
		}
		k++
	}
	return k
}

// array checks '#', "#(...)", "#[...]" and those followed by '#'.
func (c *pathChecker) array(i, end int) int {
	j := i + 1
	if j == end || c.path[j] == '.' || c.path[j] == '|' {
		return j
	}
	if c.path[j] != '(' && c.path[j] != '[' {
		c.fail(j, `"#" stands alone ("errors.#.code") or starts a query ("errors.#(code>0)")`)
		return end
	}
	k := c.group(j, end)
	if c.err != nil {
		return end
	}
	c.query(j+1, k-1)
	if k < end && c.path[k] == '#' {
		k++
	}
	return c.after(k, end, "query")
}

// query checks the inside of a query, path[a:b]: [PATH] [OP VALUE].
func (c *pathChecker) query(a, b int) {
	op := -1
	for k := a; k < b && op < 0 && c.err == nil; k++ {
		switch c.path[k] {
		case '!', '=', '<', '>', '%':
			op = k
		case '\\':
			k = c.escape(k, b)
		case '"', '(', '[', '{':
			k = c.group(k, b) - 1
		}
	}
	if c.err != nil {
		return
	}
	left := b
	if op >= 0 {
		left = op
	}
	s, e := trimSpace(c.path, a, left)
	switch {
	case s < e:
		c.body(s, e)
	case op < 0:
		c.fail(a, "empty query; write a condition such as #(code>0)")
	}
	if op < 0 || c.err != nil {
		return
	}
	rest := c.path[op:b]
	n := 0
	for _, o := range []string{"==", "!=", "!%", "<=", ">=", "=", "<", ">", "%"} {
		if strings.HasPrefix(rest, o) {
			n = len(o)
			break
		}
	}
	if n == 0 {
		c.fail(op, "unknown operator %q: use == != < <= > >= %% or !%%", rest[:1])
		return
	}
	if s, e := trimSpace(c.path, op+n, b); s == e {
		c.fail(op, "no value after the operator %q", rest[:n])
	}
}

// selectors checks the parts of a multipath, path[a:b], split at commas.
// kind is '[' or '{'. A part may be named: "name":path or name:path.
func (c *pathChecker) selectors(a, b int, kind byte) {
	start := a
	colon := -1
	for k := a; k <= b && c.err == nil; k++ {
		if k < b {
			switch c.path[k] {
			case '\\':
				k = c.escape(k, b)
				continue
			case '"', '(', '[', '{':
				k = c.group(k, b) - 1
				continue
			case '@':
				if colon < 0 {
					colon = b // a modifier's ':' names nothing
				}
				continue
			case ':':
				if colon < 0 {
					colon = k
				}
				continue
			case ',':
			default:
				continue
			}
		}
		p := start
		if colon >= start && colon < k {
			p = colon + 1
		}
		s, e := trimSpace(c.path, p, k)
		if s == e {
			c.fail(k, "empty part in the multipath %c...%c", kind, kind+2)
			return
		}
		c.body(s, e)
		start, colon = k+1, -1
	}
}

// group returns the offset after the bracketed group or string that starts
// at path[i], which is one of ( [ { ".
func (c *pathChecker) group(i, end int) int {
	var open []byte
	for j := i; j < end && c.err == nil; j++ {
		switch ch := c.path[j]; ch {
		case '\\':
			j = c.escape(j, end)
		case '"':
			k := j + 1
			for k < end && c.path[k] != '"' {
				if c.path[k] == '\\' {
					k++
				}
				k++
			}
			if k >= end {
				c.fail(j, "unterminated string")
				return end
			}
			j = k
			if len(open) == 0 {
				return j + 1
			}
		case '(', '[', '{':
			open = append(open, ch)
		case ')', ']', '}':
			if len(open) == 0 || closer(open[len(open)-1]) != ch {
				c.fail(j, "unbalanced %q", ch)
				return end
			}
			open = open[:len(open)-1]
			if len(open) == 0 {
				return j + 1
			}
		}
	}
	if c.err == nil {
		c.fail(i, "unbalanced %q: no %q closes it", c.path[i], closer(c.path[i]))
	}
	return end
}

func closer(open byte) byte {
	switch open {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

// trimSpace returns s[a:b] without leading and trailing spaces, as offsets.
func trimSpace(s string, a, b int) (int, int) {
	for a < b && s[a] <= ' ' {
		a++
	}
	for b > a && s[b-1] <= ' ' {
		b--
	}
	return a, b
}

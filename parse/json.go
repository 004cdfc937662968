package parse

import (
	"bytes"
	"slices"
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/jmlog/jmlog/codes"
)

// JSONObject locates the JSON object of a line. This is the one rule by
// which jmlog decides that a line holds JSON:
//
//   - the object starts at the first '{' of line; any bytes may come before
//     it (a logcat header, a timestamp, a level);
//   - it ends at the last '}' of line, after which only spaces, TABs and CRs
//     may follow;
//   - the bytes from that '{' to that '}' are one valid JSON object: RFC 8259
//     grammar (as gjson.Valid checks it) and valid UTF-8 (validJSON checks
//     both, and the depth, in one pass);
//   - objects and arrays nest at most MaxJSONDepth deep, the object itself
//     counting as 1.
//
// line[start:end] is then the object, and line[end-1] its closing brace.
// Otherwise ok is false and start and end are -1. A truncated object, a bad
// escape, a '}' that only closes a string, or text after the object all
// make a line that is not JSON. JSONObject does not allocate.
func JSONObject(line []byte) (start, end int, ok bool) {
	// The end first: most lines do not end with '}', and then the line
	// need not be searched for '{' (about 180 instructions a line with a
	// code when every line has one).
	end = len(line)
	for end > 0 && (line[end-1] == ' ' || line[end-1] == '\t' || line[end-1] == '\r') {
		end--
	}
	if end < 2 || line[end-1] != '}' {
		return -1, -1, false
	}
	start = bytes.IndexByte(line[:end-1], '{')
	if start < 0 {
		return -1, -1, false
	}
	if !validJSON(line[start:end], MaxJSONDepth) {
		return -1, -1, false
	}
	return start, end, true
}

// MaxJSONDepth is how deep objects and arrays may nest in a line that holds
// a JSON object (see JSONObject); a deeper line is text. The bound keeps
// the stack small where a value is walked level by level (appendValue;
// before validJSON, gjson's validator, which recursed once per level: a
// 1 MiB line of nested arrays took 128 MiB).
const MaxJSONDepth = 512

// JSONFinder finds codes at gjson paths in lines that hold a JSON object
// (see JSONObject), and hands every other line to a text finder.
//
// In a JSON line, codes come only from the values at the paths, taken in
// path order and then sorted by position; all other members are ignored,
// whatever numbers they hold. A value counts when it is
//
//   - a JSON number written with digits only (no sign, fraction or
//     exponent), or a JSON string whose text is digits only, of 1 to
//     MaxDigits digits and no leading zero, as codes.ParseCode reads them:
//     the value is a code;
//   - any other JSON string: its text, escapes decoded (an invalid
//     surrogate as U+FFFD, as encoding/json does), is searched with the
//     text finder, as a line would be, so that "-j log" finds the codes in
//     the messages of Docker's json-file logs and "-j msg" in zap's, pino's
//     or bunyan's. Without a text finder such strings are ignored.
//
// An array (as "errors.#.code" gives, or a member holding one) counts each
// of its elements by the same rules, nested arrays included up to
// maxJSONDepth levels (values in deeper arrays are ignored). Objects,
// booleans, null, fractions (871300.5),
// exponents (8.713e5) and negative numbers are ignored. Numbers and digits
// are read from the line's own bytes, so the text Scanner finds every code
// a JSONFinder finds except codes in strings right after an escape such as
// "\n"; JSONPre adds those lines, and with it the Scanner may serve as the
// prefilter. The exception is a value that a path computes rather than
// finds (a count such as "errors.#", a modifier that builds numbers),
// which such a prefilter may make Find miss.
//
// Each Hit spans the value's raw text in the line, quotes included, for a
// code value; for a code found in a string's text, the raw bytes its
// digits were decoded from. When gjson cannot tell where a value is (a
// modifier such as @reverse, or a multipath, built it), the Hit has an
// empty span at the object's closing brace. Hits never overlap: a value
// reached by two paths counts once.
//
// A JSONFinder is safe for concurrent use if its text finder is. Find does
// not allocate for paths of plain keys that lead to a number or a string
// without escapes; strings with escapes, arrays, queries and modifiers may
// allocate.
type JSONFinder struct {
	paths []string
	text  Finder
}

// maxJSONDepth bounds how deep Find looks into nested arrays.
const maxJSONDepth = 8

// NewJSONFinder returns a JSONFinder for paths, in gjson syntax, that gives
// lines which hold no JSON object to text (nil: such lines have no codes).
// Every path is checked first; the error for the first bad one is a
// *JSONPathError.
func NewJSONFinder(paths []string, text Finder) (*JSONFinder, error) {
	for _, p := range paths {
		if err := CheckJSONPath(p); err != nil {
			return nil, err
		}
	}
	return &JSONFinder{paths: slices.Clone(paths), text: text}, nil
}

// Find implements Finder.
func (f *JSONFinder) Find(line []byte, dst []Hit) []Hit {
	s, e, ok := JSONObject(line)
	if !ok {
		if f.text == nil {
			return dst
		}
		return f.text.Find(line, dst)
	}
	// gjson works on strings; the results alias line and die with this call.
	js := unsafe.String(&line[s], e-s)
	base := len(dst)
	for _, p := range f.paths {
		dst = f.appendValue(dst, gjson.Get(js, p), js, s, 0)
	}
	return tidy(dst, base)
}

// appendValue appends the codes of r, a value found in js, which starts at
// line offset off; or the codes of its elements when it is an array.
func (f *JSONFinder) appendValue(dst []Hit, r gjson.Result, js string, off, depth int) []Hit {
	var code uint32
	var ok bool
	switch r.Type {
	case gjson.Number:
		code, ok = codes.ParseCode(r.Raw)
	case gjson.String:
		return f.appendString(dst, r, js, off)
	case gjson.JSON:
		if depth < maxJSONDepth && r.IsArray() {
			return f.appendArray(dst, r, js, off, depth+1)
		}
	}
	if !ok {
		return dst
	}
	start, end := span(r, js)
	return append(dst, Hit{Start: off + start, End: off + end, Code: code})
}

// span returns where r's raw text is in js. gjson's Index is the value's
// offset in js, or 0 when unknown; it is trusted only where js holds the
// value's text. An unknown place is an empty span at the closing brace.
func span(r gjson.Result, js string) (start, end int) {
	if i := r.Index; i > 0 && i+len(r.Raw) <= len(js) && js[i:i+len(r.Raw)] == r.Raw {
		return i, i + len(r.Raw)
	}
	return len(js) - 1, len(js) - 1
}

// appendString appends the code of the string r when its text is digits
// only, or else the codes the text finder finds in its text.
func (f *JSONFinder) appendString(dst []Hit, r gjson.Result, js string, off int) []Hit {
	raw := r.Raw[1 : len(r.Raw)-1]
	text := raw
	var buf *[]byte
	if strings.IndexByte(raw, '\\') >= 0 {
		buf = unescapeBufs.Get().(*[]byte)
		defer unescapeBufs.Put(buf)
		*buf = unescapeJSON((*buf)[:0], raw)
		text = unsafe.String(unsafe.SliceData(*buf), len(*buf))
	}
	start, end := span(r, js)
	if allDigits(text) {
		if code, ok := codes.ParseCode(text); ok {
			dst = append(dst, Hit{Start: off + start, End: off + end, Code: code})
		}
		return dst
	}
	if f.text == nil || len(text) == 0 {
		return dst
	}
	k := len(dst)
	dst = f.text.Find(unsafe.Slice(unsafe.StringData(text), len(text)), dst)
	for i := k; i < len(dst); i++ {
		h := &dst[i]
		if start == end { // the value's place is unknown
			h.Start, h.End = off+start, off+start
			continue
		}
		s, e := h.Start, h.End
		if buf != nil {
			s, e = rawSpan(raw, s, e)
		}
		h.Start, h.End = off+start+1+s, off+start+1+e
	}
	return dst
}

// appendArray appends the codes of the elements of the array r. It is a
// function of its own so that only arrays pay for the closure.
func (f *JSONFinder) appendArray(dst []Hit, r gjson.Result, js string, off, depth int) []Hit {
	r.ForEach(func(_, v gjson.Result) bool {
		dst = f.appendValue(dst, v, js, off, depth)
		return true
	})
	return dst
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// tidy sorts dst[base:] by position and drops hits that overlap an earlier
// one.
func tidy(dst []Hit, base int) []Hit {
	hits := dst[base:]
	if len(hits) < 2 {
		return dst
	}
	slices.SortStableFunc(hits, func(a, b Hit) int { return a.Start - b.Start })
	out := hits[:1]
	for _, h := range hits[1:] {
		if h.Start < out[len(out)-1].End {
			continue
		}
		out = append(out, h)
	}
	return dst[:base+len(out)]
}

// Package printertest holds the test oracle of the printers: Strip, the
// inverse of the text printer.
package printertest

import (
	"bytes"

	"github.com/jmlog/jmlog/filter/printer"
	"github.com/jmlog/jmlog/parse"
)

// Strip removes jmlog's annotations from the text printer's output, so that
// for input whose lines never hold an annotation of their own it gives back
// the input byte for byte (the tests check this). In every line that holds
// a JSON object whose last member is jmlog's (named "jmlog"), it removes
// that member and the comma before it; in every other line that holds
// Marker, coloured or not, it removes the bytes from the last Marker (and
// the CAN written before a coloured one) to the line's terminator.
func Strip(out []byte) []byte {
	var b []byte
	for len(out) > 0 {
		i := bytes.IndexByte(out, '\n')
		line := out
		if i >= 0 {
			line = out[:i+1]
		}
		out = out[len(line):]
		if m, e, ok := jsonMember(line); ok {
			b = append(b, line[:m]...)
			b = append(b, line[e:]...)
			continue
		}
		m := bytes.LastIndex(line, []byte(printer.Marker))
		if c := bytes.LastIndex(line, []byte(printer.ColorMarker)); c > m {
			m = c
			if m > 0 && line[m-1] == 0x18 {
				m--
			}
		}
		if m >= 0 {
			term := 0
			if bytes.HasSuffix(line, []byte("\r\n")) {
				term = 2
			} else if bytes.HasSuffix(line, []byte("\n")) {
				term = 1
			}
			b = append(b, line[:m]...)
			b = append(b, line[len(line)-term:]...)
			continue
		}
		b = append(b, line...)
	}
	return b
}

// jsonMember finds jmlog's member in line, an output line with its
// terminator: line[m:e] is `,"jmlog":[...]` (or without the comma in an
// object that had no other member), just before the closing brace of the
// line's JSON object.
func jsonMember(line []byte) (m, e int, ok bool) {
	text := bytes.TrimSuffix(line, []byte("\n"))
	start, end, ok := parse.JSONObject(text)
	if !ok {
		return 0, 0, false
	}
	e = end - 1
	m = bytes.LastIndex(text[:e], []byte(`"`+printer.DefaultJSONField+`":[`))
	if m < 0 || !bytes.HasSuffix(text[:e], []byte("]")) {
		return 0, 0, false
	}
	switch {
	case text[m-1] == ',':
		m--
	case len(bytes.TrimLeft(text[start+1:m], " \t\r\n")) > 0:
		return 0, 0, false
	}
	return m, e, true
}

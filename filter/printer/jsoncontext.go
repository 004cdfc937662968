package printer

import (
	"github.com/jmlog/jmlog/filter"
	"github.com/jmlog/jmlog/parse/logcat"
)

// jsonContext is the JSON-lines printer's state for Context with Matched,
// for one source.
// Its ring holds the records left out, as their text: a line, or a -v
// long entry's lines with the length of its header line in a 4-byte prefix.
type jsonContext struct {
	ring lineRing
	left int // after-context records still to write
	tmp  []byte
}

// context selects the context state of src.
func (j *JSONLines) context(src *filter.Source) {
	if src != j.src {
		// Under Follow, sources take turns at line boundaries: a pending
		// -v long entry of another source ends here and is written, so no
		// line of this source joins it (its later lines are records of
		// their own).
		if j.long && j.longSrc != src {
			j.endLong()
		}
		j.afterLong = false
		j.src = src
	}
	c := j.ctxs[src]
	if c == nil {
		c = &jsonContext{ring: newRing(j.opt.Context.Before, MaxBeforeBytes)}
		j.ctxs[src] = c
	}
	j.ctx = c
}

// skip handles a record without codes with Matched: written as
// after-context, kept for before-context, or left out. head is the length
// of the header line of a -v long entry's text, -1 for a line.
func (j *JSONLines) skip(text []byte, head int) {
	c := j.ctx
	if c.left > 0 {
		c.left--
		j.contextRecord(text, head)
		return
	}
	if j.opt.Context.Before == 0 {
		return
	}
	c.tmp = append(c.tmp[:0], byte(head>>24), byte(head>>16), byte(head>>8), byte(head))
	c.tmp = append(c.tmp, text...)
	c.ring.push(c.tmp, func([]byte) {})
}

// group writes the before-context of a record with codes, and starts its
// after-context.
func (j *JSONLines) group() {
	if !j.opt.Matched {
		return
	}
	c := j.ctx
	for i := range c.ring.n {
		rec := c.ring.at(i)
		head := int(int32(uint32(rec[0])<<24 | uint32(rec[1])<<16 | uint32(rec[2])<<8 | uint32(rec[3])))
		j.contextRecord(rec[4:], head)
	}
	c.ring.drain(func([]byte) {})
	c.left = j.opt.Context.After
}

// contextRecord writes the record of text with "context":true: a line
// record with its logcat fields, or a -v long entry's.
func (j *JSONLines) contextRecord(text []byte, head int) {
	if head < 0 {
		j.buf = appendLine(j.buf, text)
	} else {
		j.buf = append(j.buf, `{"line":`...)
		j.buf = appendJSONString(j.buf, text)
		l, _ := logcat.Parse(text[:head])
		j.buf = appendLogcat(j.buf, &l)
		j.buf = append(j.buf, `,"message":`...)
		j.buf = appendJSONString(j.buf, text[min(head+1, len(text)):])
	}
	j.buf = append(j.buf, `,"context":true}`+"\n"...)
}

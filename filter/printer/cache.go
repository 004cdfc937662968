package printer

import (
	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/filter"
)

// noteCache keeps what a printer rendered for each code, so that a code's
// table text is rendered once. An entry is only reused for the same table
// row: when the table is reloaded, a code's new row is rendered again.
type noteCache map[uint32]cachedNote

type cachedNote struct {
	entry *codes.Entry
	b     []byte
}

// get returns what was rendered for n, if it was rendered for n's row.
func (c noteCache) get(n filter.Note) ([]byte, bool) {
	cn, ok := c[n.Code]
	return cn.b, ok && cn.entry == n.Entry
}

// put keeps b as the rendering of n.
func (c noteCache) put(n filter.Note, b []byte) { c[n.Code] = cachedNote{n.Entry, b} }

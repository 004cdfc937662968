package filter

import (
	"sync/atomic"

	"github.com/jmlog/jmlog/codes"
	"github.com/jmlog/jmlog/parse"
)

// Finding is what a Filter finds and annotates codes with: a code table
// and the finders made for it (see Config for what each field means and
// what nil means).
type Finding struct {
	Table *codes.Table
	Pre   parse.Finder
	Line  parse.Finder
}

// Tables holds the Finding in force for Filters that may see it replaced
// while they run: a code table reloaded by SIGHUP, say. It is safe for
// concurrent use.
type Tables struct {
	p atomic.Pointer[Finding]
}

// NewTables returns Tables holding fd.
func NewTables(fd Finding) *Tables {
	t := &Tables{}
	t.Store(fd)
	return t
}

// Load returns the Finding in force.
func (t *Tables) Load() *Finding { return t.p.Load() }

// Store puts fd in force. Filters take it before their next block.
func (t *Tables) Store(fd Finding) { t.p.Store(&fd) }

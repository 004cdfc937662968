package report

import (
	"strings"

	"github.com/rivo/uniseg"
)

// Column is one column of a Table: its heading and how its width is
// chosen. Widths are display cells (a CJK character takes two), measured
// with uniseg, never bytes or runes.
type Column struct {
	Name string
	// Min and Max bound the column's width; Max 0 means no upper bound. A
	// column is as wide as its widest cell (heading included) within them;
	// a Bar column is Max wide when there is room.
	Min, Max int
	// Want is, for the Flex column, the width that the other columns give
	// way for (capped by its widest cell); below it they shrink or drop.
	Want int
	// Right aligns the cells right (counts).
	Right bool
	// Flex marks the one column that takes the width left over.
	Flex bool
	// Bar draws the column as a bar of Cell.Frac of its width. A bar is
	// decoration: it only gets the width left once the Flex column has
	// its widest cell, from Min to Max, or it is dropped.
	Bar bool
	// Drop orders how columns give way when the width is short: the column
	// with the highest Drop shrinks to its Min first, then is dropped; then
	// the next. 0 is never dropped.
	Drop int
	// CutLeft cuts a cell that is too wide at its start, keeping its end
	// (for FILE:LINE, where the line number matters most).
	CutLeft bool
}

// Cell is one cell of a Table. Text must already be safe to print
// (sanitize.Text); Style, when colour is on, is an SGR sequence put
// around it.
type Cell struct {
	Text  string
	Style string
	// Frac is a Bar cell's length, from 0 to 1.
	Frac float64
	// Render, when set, draws the cell in the width its column got (a
	// sparkline); Text is then unused and the column is as wide as its Max.
	Render func(width int) string
}

// Table is rows of cells under column headings, laid out to fit a width.
// New columns are added by appending to Cols and to every row: nothing
// else in the layout knows which columns there are.
type Table struct {
	Cols []Column
	Rows [][]Cell
	// Under holds, per row, lines written under it (a code's breakdowns),
	// starting where column UnderCol starts and cut to the width left.
	Under    [][]func(width int) string
	UnderCol int
}

// TableStyle is how a Table is drawn.
type TableStyle struct {
	// Indent is the number of spaces before each row; Gap between columns.
	Indent, Gap int
	// Color puts each cell's Style around it and the headings in bold.
	Color bool
	// ASCII draws bars with '#' and cuts with "...", for terminals that
	// cannot show "█" and "…" (TERM=dumb, a locale that is not UTF-8).
	ASCII bool
}

const (
	sgrReset = "\x1b[0m"
	sgrBold  = "\x1b[1m"
)

// Width is the display width of s in terminal cells.
func Width(s string) int { return uniseg.StringWidth(s) }

// Layout returns the width of each column for a line of at most width
// cells, or -1 for a dropped column. The Flex column gets what is left
// after the others, up to its widest cell; while that is less than its
// Want, the columns with a Drop give way (see Column.Drop). Bar columns
// only get what is left after the Flex column has its widest cell: at
// least their Min, or they are dropped. Lines are wider than width only
// when the columns that are never dropped and the Flex column's Min do
// not fit.
func (t *Table) Layout(width int, st TableStyle) []int {
	w := make([]int, len(t.Cols))
	flex := -1
	for i, c := range t.Cols {
		w[i] = t.natural(i)
		if c.Bar {
			w[i] = -1 // placed last, in what is left
		}
		if c.Flex {
			flex = i
		}
	}
	if flex < 0 {
		return w
	}
	natural := w[flex]
	want := min(max(t.Cols[flex].Want, t.Cols[flex].Min), natural)
	for {
		avail := t.avail(w, flex, width, st)
		if avail >= want {
			w[flex] = min(avail, natural)
			break
		}
		if !t.giveWay(w, flex, want-avail) {
			w[flex] = max(avail, min(t.Cols[flex].Min, natural))
			break
		}
	}
	for i, c := range t.Cols {
		if !c.Bar {
			continue
		}
		left := t.avail(w, flex, width, st) - w[flex] - st.Gap
		if left >= c.Min {
			w[i] = min(left, c.Max)
		}
	}
	return w
}

// avail is the width left for the Flex column when the others are as in
// w.
func (t *Table) avail(w []int, flex, width int, st TableStyle) int {
	avail := width - st.Indent
	for i := range w {
		if i != flex && w[i] >= 0 {
			avail -= w[i] + st.Gap
		}
	}
	return avail
}

// giveWay shrinks or drops the column with the highest Drop to free need
// cells; it reports false when no column can give way.
func (t *Table) giveWay(w []int, flex, need int) bool {
	best := -1
	for i, c := range t.Cols {
		if i != flex && w[i] >= 0 && c.Drop > 0 && (best < 0 || c.Drop > t.Cols[best].Drop) {
			best = i
		}
	}
	if best < 0 {
		return false
	}
	if spare := w[best] - t.Cols[best].Min; spare > 0 {
		w[best] -= min(spare, need)
	} else {
		w[best] = -1
	}
	return true
}

// natural is column i's width when there is room: its widest cell or
// heading (Max for a bar), within Min and Max.
func (t *Table) natural(i int) int {
	c := t.Cols[i]
	n := Width(c.Name)
	rendered := c.Bar || len(t.Rows) > 0 && t.Rows[0][i].Render != nil
	if rendered {
		n = max(n, c.Max)
	}
	for _, r := range t.Rows {
		if !rendered {
			n = max(n, Width(r[i].Text))
		}
	}
	if c.Max > 0 {
		n = min(n, c.Max)
	}
	return max(n, c.Min)
}

// Write appends the table to b: the headings, then the rows, each line
// at most width cells (see Layout) with no trailing spaces.
func (t *Table) Write(b *strings.Builder, width int, st TableStyle) {
	w := t.Layout(width, st)
	head := make([]Cell, len(t.Cols))
	for i, c := range t.Cols {
		head[i] = Cell{Text: c.Name}
		if c.Bar {
			head[i].Text = ""
		}
		if st.Color {
			head[i].Style = sgrBold
		}
	}
	t.line(b, w, head, st, true)
	for k, r := range t.Rows {
		t.line(b, w, r, st, false)
		if k < len(t.Under) {
			t.under(b, w, width, t.Under[k], st)
		}
	}
}

// under appends the lines under a row, indented to where column
// t.UnderCol starts (or the first shown column after it) and cut to the
// width left.
func (t *Table) under(b *strings.Builder, w []int, width int, lines []func(int) string, st TableStyle) {
	indent := st.Indent
	first := true
	for i := range t.Cols {
		if i >= t.UnderCol {
			break
		}
		if w[i] < 0 {
			continue
		}
		if !first {
			indent += st.Gap
		}
		first = false
		indent += w[i]
	}
	if !first {
		indent += st.Gap
	}
	room := max(width-indent, 8)
	for _, l := range lines {
		b.WriteString(strings.Repeat(" ", indent))
		b.WriteString(Fit(l(room), room, false, st.ASCII))
		b.WriteString("\n")
	}
}

// line appends one row.
func (t *Table) line(b *strings.Builder, w []int, r []Cell, st TableStyle, head bool) {
	var l strings.Builder
	l.WriteString(strings.Repeat(" ", st.Indent))
	pending := 0 // spaces owed before the next text, dropped at the end
	first := true
	for i, c := range t.Cols {
		if w[i] < 0 {
			continue
		}
		if !first {
			pending += st.Gap
		}
		first = false
		text := r[i].Text
		if c.Bar && !head {
			text = bar(r[i].Frac, w[i], st.ASCII)
		} else if r[i].Render != nil && !head {
			text = r[i].Render(w[i])
		}
		text = Fit(text, w[i], c.CutLeft, st.ASCII)
		fill := w[i] - Width(text)
		if c.Right {
			pending += fill
			fill = 0
		}
		if text != "" {
			l.WriteString(strings.Repeat(" ", pending))
			pending = 0
			if st.Color && r[i].Style != "" {
				text = r[i].Style + text + sgrReset
			}
			l.WriteString(text)
		}
		pending += fill
	}
	b.WriteString(strings.TrimRight(l.String(), " "))
	b.WriteString("\n")
}

// bar is a bar of frac of width cells: at least one cell for any frac > 0.
func bar(frac float64, width int, ascii bool) string {
	n := int(frac*float64(width) + 0.999999)
	if frac <= 0 {
		n = 0
	}
	n = min(max(n, 0), width)
	if ascii {
		return strings.Repeat("#", n)
	}
	return strings.Repeat("█", n)
}

// Fit cuts s to at most width display cells at a grapheme boundary,
// marking the cut with "…" ("..." when ascii), at the end of s or, with
// left, at its start. A wide character that would straddle the limit is
// left out whole. s is returned as it is when it fits.
func Fit(s string, width int, left, ascii bool) string {
	if Width(s) <= width {
		return s
	}
	mark := "…"
	if ascii {
		mark = "..."
	}
	if width < Width(mark) {
		mark = ""
	}
	room := width - Width(mark)
	var parts []string
	var widths []int
	state := -1
	for rest := s; rest != ""; {
		var cluster string
		var cw int
		cluster, rest, cw, state = uniseg.FirstGraphemeClusterInString(rest, state)
		parts = append(parts, cluster)
		widths = append(widths, cw)
	}
	var out strings.Builder
	used := 0
	if left {
		i := len(parts)
		for i > 0 && used+widths[i-1] <= room {
			i--
			used += widths[i]
		}
		out.WriteString(mark)
		out.WriteString(strings.Join(parts[i:], ""))
		return out.String()
	}
	for i, p := range parts {
		if used+widths[i] > room {
			break
		}
		used += widths[i]
		out.WriteString(p)
	}
	out.WriteString(mark)
	return out.String()
}

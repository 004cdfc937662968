package printer

import (
	"bytes"
	"testing"
)

// TestMemOut: a Fork's Out keeps what it is given in arenas of its pool,
// hands it out in pieces with cut, in order, and gives the arenas back at
// reset, to be written again; when the pool has none left, or a piece
// needs more than an arena, it makes one of its own and is over until
// reset.
func TestMemOut(t *testing.T) {
	pool := newArenaPool(2)
	o := newMemOut(pool)
	var want []byte
	write := func(n int, c byte) {
		p := bytes.Repeat([]byte{c}, n)
		o.Write(p)
		want = append(want, p...)
	}
	join := func(pieces [][]byte) []byte { return bytes.Join(pieces, nil) }

	write(100, 'a')
	write(arenaMax-100, 'b') // fills the first arena
	if pool.empty() || o.over {
		t.Fatalf("one arena of two taken: empty %v, over %v", pool.empty(), o.over)
	}
	got := o.cut(nil)
	write(10, 'c') // the second arena
	if !pool.empty() || o.over {
		t.Fatalf("two arenas of two taken: empty %v, over %v", pool.empty(), o.over)
	}
	got = o.cut(got)
	if !bytes.Equal(join(got), want) {
		t.Fatal("cut lost or changed bytes")
	}
	first := &got[0][0]
	write(arenaMax, 'd') // no arena left
	if !o.over {
		t.Fatal("not over with the pool empty")
	}
	if got = o.cut(got); !bytes.Equal(join(got), want) {
		t.Fatal("cut lost or changed bytes over the pool")
	}

	o.reset()
	if o.over || len(pool.c) != 2 || pool.empty() {
		t.Fatalf("after reset: over %v, %d arenas in the pool", o.over, len(pool.c))
	}
	want = want[:0]
	write(5, 'e')
	got = o.cut(nil)
	if !bytes.Equal(join(got), want) || o.over {
		t.Fatalf("after reset: %q, over %v", join(got), o.over)
	}
	if p := &got[0][0]; p != first && p != &(<-pool.c)[:1][0] {
		t.Fatal("reset did not give the arenas back to be written again")
	}

	o.reset()
	o.put(append(o.grab(arenaMax+1), make([]byte, arenaMax+1)...)) // more than an arena
	if !o.over {
		t.Fatal("not over for a piece larger than an arena")
	}
	o.reset()
	if len(pool.c) != 2 {
		t.Fatalf("%d arenas in the pool after reset, want 2: an Out's own arena went in", len(pool.c))
	}
}

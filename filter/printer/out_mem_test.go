package printer

import (
	"bytes"
	"testing"
	"unsafe"
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

// TestArenaPoolChunks: the pool of -o json makes at most its 64 arenas,
// 16 at a time in one block each (huge pages, see arenaPool), each empty
// with room for arenaMax bytes; an arena filled past its room grows into
// new memory and never into the next one; and what is given back is given
// out again.
func TestArenaPoolChunks(t *testing.T) {
	pool := newArenaPool(forkArenas)
	var got [][]byte
	for range forkArenas {
		a, ok := pool.get()
		if !ok || len(a) != 0 || cap(a) != arenaMax {
			t.Fatalf("arena %d: ok %v, len %d, cap %d", len(got), ok, len(a), cap(a))
		}
		got = append(got, a)
	}
	if _, ok := pool.get(); ok || !pool.empty() {
		t.Fatalf("a %dth arena made", forkArenas+1)
	}
	for i := range got {
		a := got[i][:arenaMax]
		if i%arenaChunk > 0 && uintptr(unsafe.Pointer(&a[0]))-uintptr(unsafe.Pointer(&got[i-1][:1][0])) != arenaMax {
			t.Errorf("arena %d does not follow arena %d in its chunk", i, i-1)
		}
		for k := range a {
			a[k] = byte(i)
		}
	}
	grown := append(got[0][:arenaMax], 0xff)
	if &grown[0] == &got[0][:1][0] || got[1][:1][0] != 1 {
		t.Error("an arena grew in place, into the next")
	}
	pool.c <- got[5][:0]
	if a, ok := pool.get(); !ok || &a[:1][0] != &got[5][:1][0] {
		t.Error("the arena given back was not given out again")
	}
}

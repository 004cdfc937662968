package filter

import (
	"testing"
	"unsafe"
)

// The buffers of a Filter are of the size asked for, apart from one
// another (writing one leaves the others alone), and capped at their size,
// so that an append to one cannot run into the next.
func TestBuffersApart(t *testing.T) {
	for _, c := range []struct{ n, size int }{{4, DefaultBufSize}, {4, 64}, {2, 3 << 20}, {1, 1}} {
		bufs := make([][]byte, 0, c.n)
		free := buffers(c.n, c.size)
		for range c.n {
			bufs = append(bufs, <-free)
		}
		for i, b := range bufs {
			if len(b) != c.size || cap(b) != c.size {
				t.Fatalf("n=%d size=%d: buffer %d has len %d cap %d", c.n, c.size, i, len(b), cap(b))
			}
			for j := range b {
				b[j] = byte(i + 1)
			}
		}
		for i, b := range bufs {
			for j, x := range b {
				if x != byte(i+1) {
					t.Fatalf("n=%d size=%d: buffer %d byte %d is %d: buffers overlap", c.n, c.size, i, j, x)
				}
			}
		}
	}
}

// Where huge pages are asked for, the buffers start on a huge-page
// boundary, or the kernel could not back them with huge pages.
func TestHugeBuffersAligned(t *testing.T) {
	bufs := HugeBuffers(4, DefaultBufSize)
	if page := uintptr(hugePage); page > 0 && 4*DefaultBufSize >= page {
		if a := uintptr(unsafe.Pointer(&bufs[0][0])); a%page != 0 {
			t.Fatalf("first buffer at %#x, not on a %d-byte boundary", a, hugePage)
		}
	}
}

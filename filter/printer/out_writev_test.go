//go:build linux || freebsd || netbsd

package printer

import (
	"fmt"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

func TestAdvance(t *testing.T) {
	buf := []byte("abcdefghij")
	tests := []struct {
		lens []int
		n    int
		want []string
	}{
		{[]int{3, 3, 4}, 0, []string{"abc", "def", "ghij"}},
		{[]int{3, 3, 4}, 1, []string{"bc", "def", "ghij"}},
		{[]int{3, 3, 4}, 3, []string{"def", "ghij"}},
		{[]int{3, 3, 4}, 5, []string{"f", "ghij"}},
		{[]int{3, 3, 4}, 9, []string{"j"}},
		{[]int{3, 3, 4}, 10, nil},
		{[]int{10}, 7, []string{"hij"}},
	}
	for _, tt := range tests {
		var iov []unix.Iovec
		at := 0
		for _, l := range tt.lens {
			v := unix.Iovec{Base: &buf[at]}
			v.SetLen(l)
			iov = append(iov, v)
			at += l
		}
		var got []string
		for _, v := range advance(iov, tt.n) {
			got = append(got, string(unsafe.Slice(v.Base, v.Len)))
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("lens %v, advance %d: %q, want %q", tt.lens, tt.n, got, tt.want)
		}
	}
}

//go:build !amd64 || purego

package parse

var useAVX2 = false

func scan871AVX2(p []byte, pos *[64]int32) (n, off int) {
	panic("parse: no AVX2 search on this platform")
}

func scanRunsAVX2(p []byte, t *[96]byte, nd, wd, kmin, kmax, keep, long uint64, pos *[64]int32) (n, off int) {
	panic("parse: no AVX2 search on this platform")
}

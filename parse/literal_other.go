//go:build !amd64 || purego

package parse

func tripleAVX2(p []byte, lim int, t *tripleVec, pos *[64]int32) (n, off int) {
	panic("parse: no AVX2 search on this platform")
}

func tripleRangeAVX2(p []byte, lim int, t *tripleVec, r *rangeVec, pos *[64]int32) (n, off int) {
	panic("parse: no AVX2 search on this platform")
}

func teddyAVX2(p []byte, lim int, t *teddyVec, pos *[64]int32) (n, off int) {
	panic("parse: no AVX2 search on this platform")
}

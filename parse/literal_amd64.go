//go:build !purego

package parse

// tripleAVX2 is implemented in literal_amd64.s.
//
//go:noescape
func tripleAVX2(p []byte, lim int, t *tripleVec, pos *[64]int32) (n, off int)

// tripleRangeAVX2 is implemented in literal_amd64.s.
//
//go:noescape
func tripleRangeAVX2(p []byte, lim int, t *tripleVec, r *rangeVec, pos *[64]int32) (n, off int)

// teddyAVX2 is implemented in literal_amd64.s.
//
//go:noescape
func teddyAVX2(p []byte, lim int, t *teddyVec, pos *[64]int32) (n, off int)

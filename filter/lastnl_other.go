//go:build !amd64 || purego

package filter

var useAVX2 = false

func lastNLAVX2(p []byte) int {
	panic("filter: no AVX2 on this platform")
}

//go:build !amd64 || purego

package printer

var useAVX2 = false

func plainAVX2(p []byte) int {
	panic("printer: no AVX2 on this platform")
}

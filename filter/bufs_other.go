//go:build !linux

package filter

// HugeBuffers returns n buffers of size bytes; only linux asks for huge
// pages (bufs_linux.go).
func HugeBuffers(n, size int) [][]byte { return plainBuffers(n, size) }

// hugePage is 0 where huge pages are not asked for.
const hugePage = 0

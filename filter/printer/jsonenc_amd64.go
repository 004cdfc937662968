//go:build !purego

package printer

import "golang.org/x/sys/cpu"

// useAVX2 selects plainAVX2 (jsonenc_amd64.s) for runs of plain bytes of
// 32 bytes and more; without AVX2, or built with the purego tag, or on
// other architectures, plainRun reads 16 and 8 bytes at a time (SWAR).
// Tests flip it to check both against a reference.
var useAVX2 = cpu.X86.HasAVX2

// plainAVX2 is implemented in jsonenc_amd64.s.
//
//go:noescape
func plainAVX2(p []byte) int

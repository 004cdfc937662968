//go:build !purego

package parse

import "golang.org/x/sys/cpu"

// useAVX2 selects the AVX2 search for "871" (scan_amd64.s); without AVX2,
// or built with the purego tag, or on other architectures, find871 uses
// its portable SWAR loop. Tests flip it to check both against a reference.
var useAVX2 = cpu.X86.HasAVX2

// scan871AVX2 is implemented in scan_amd64.s.
//
//go:noescape
func scan871AVX2(p []byte, pos *[64]int32) (n, off int)

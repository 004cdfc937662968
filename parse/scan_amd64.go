//go:build !purego

package parse

import "golang.org/x/sys/cpu"

// useAVX2 selects the AVX2 searches (scan_amd64.s), which also use BMI1,
// BMI2 and POPCNT, as every AVX2 processor has them; without them, or built
// with the purego tag, or on other architectures, find871 and findRuns use
// their portable SWAR loops. Tests flip it to check both against a
// reference.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasBMI1 && cpu.X86.HasBMI2 && cpu.X86.HasPOPCNT

// scan871AVX2 is implemented in scan_amd64.s.
//
//go:noescape
func scan871AVX2(p []byte, pos *[64]int32) (n, off int)

// scanRunsAVX2 is implemented in scan_amd64.s.
//
//go:noescape
func scanRunsAVX2(p []byte, t *[96]byte, nd, wd, kmin, kmax, keep, long uint64, pos *[64]int32) (n, off int)

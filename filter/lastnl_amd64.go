//go:build !purego

package filter

import "golang.org/x/sys/cpu"

// useAVX2 selects lastNLAVX2 (lastnl_amd64.s); without AVX2, or built with
// the purego tag, or on other architectures, lastNL reads eight bytes at
// a time. Tests flip it to check both against bytes.LastIndexByte.
var useAVX2 = cpu.X86.HasAVX2

// lastNLAVX2 is implemented in lastnl_amd64.s.
//
//go:noescape
func lastNLAVX2(p []byte) int

package filter

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on linux/amd64 and
// arm64 (with 4 KiB pages).
const hugePage = 2 << 20

// HugeBuffers returns n buffers of size bytes, laid out one after the
// other in memory that the kernel is asked to back with transparent huge
// pages (madvise MADV_HUGEPAGE). read() faults a buffer in as it first
// fills it: with 4 KiB pages, the four 1 MiB buffers of Run cost 1,024
// page faults, about a fifth of `jmlog -c` on the 200 MB corpus on a
// 2-vCPU VM where a fault costs ~20 µs (bench/cores.sh); with huge pages
// they cost two. Small buffers, and kernels without THP or with THP off,
// get ordinary memory. The memory is the Go heap's, so the buffers are
// freed as any slice is. The printers' arenas are made with it too.
func HugeBuffers(n, size int) [][]byte {
	total := n * size
	if total < hugePage {
		return plainBuffers(n, size)
	}
	all := make([]byte, total+hugePage)
	off := hugePage - int(uintptr(unsafe.Pointer(&all[0]))%hugePage)
	all = all[off : off+total : off+total]
	// An error (EINVAL where THP is not built in) leaves ordinary pages.
	_ = syscall.Madvise(all, syscall.MADV_HUGEPAGE)
	bufs := make([][]byte, n)
	for i := range bufs {
		bufs[i] = all[i*size : (i+1)*size : (i+1)*size]
	}
	return bufs
}

//go:build !purego

#include "textflag.h"

// The three searches below share their loop, SCANBLOCKS: a block macro
// sets BX to the bits of the places of the 32 at AX that match; the loop
// writes each to pos (DI) as AX plus the bit's index, counting them in R8,
// until there may be too many for pos (R8 > 32) or the places up to lim
// (CX) are done. The last block starts at lim, overlapping the one
// before, and its places below the one where the loop stopped are left
// out. tmp and saved are scratch registers that the block macro leaves
// alone (saved may be tmp); the other arguments are the labels the loop
// uses, each unique in its function.

// EMITPOS writes AX plus the index of each bit of BX, which is not 0, to
// pos, in order.
#define EMITPOS(bits, tmp) \
bits: \
	BSFL BX, tmp \
	ADDL AX, tmp \
	MOVL tmp, (DI)(R8*4) \
	INCQ R8 \
	LEAL -1(BX), tmp \
	ANDL tmp, BX \
	JNZ  bits

#define SCANBLOCKS(BLOCK, tmp, saved, loop, bits, next, tail, tailbits, tailend, done) \
loop: \
	CMPQ R8, $32 \
	JA   done \
	CMPQ AX, CX \
	JA   tail \
	BLOCK \
	TESTL BX, BX \
	JZ    next \
	EMITPOS(bits, tmp) \
next: \
	ADDQ $32, AX \
	JMP  loop \
tail: \
	LEAQ 32(CX), BX \
	CMPQ AX, BX \
	JAE  done \
	MOVQ AX, saved \
	MOVQ CX, AX \
	BLOCK \
	MOVQ saved, CX \
	SUBQ AX, CX \
	SHRL CX, BX \
	SHLL CX, BX \
	TESTL BX, BX \
	JZ    tailend \
	EMITPOS(tailbits, tmp) \
tailend: \
	ADDQ $32, AX \
done: \
	VZEROUPPER

// func tripleAVX2(p []byte, lim int, t *tripleVec, pos *[64]int32) (n, off int)
//
// It looks at the places x of p up to lim+31, 32 at a time, from the
// start, and writes to pos[:n] every x where, for each k of 0, 1 and 2,
// p[x+t.off[k]] | t.mask[k] == t.want[k], in order. The last block starts
// at lim, overlapping the one before, its places already seen left out. It
// stops before a block when pos might not hold all of that block's places
// (n > 32); off is where it stopped: the places before off are all in
// pos[:n]. The caller makes sure that 0 <= lim and lim + max(t.off) + 32
// <= len(p).
//
// Registers: Y0-Y2 the bytes wanted, Y3-Y5 their masks, Y6-Y8 scratch;
// R9-R11 point at p plus each offset. TRIPLEMASK leaves in Y8 0xff for
// each place that matches.
#define TRIPLEMASK \
	VMOVDQU (R9)(AX*1), Y6 \
	VMOVDQU (R10)(AX*1), Y7 \
	VMOVDQU (R11)(AX*1), Y8 \
	VPOR     Y3, Y6, Y6 \
	VPOR     Y4, Y7, Y7 \
	VPOR     Y5, Y8, Y8 \
	VPCMPEQB Y0, Y6, Y6 \
	VPCMPEQB Y1, Y7, Y7 \
	VPCMPEQB Y2, Y8, Y8 \
	VPAND    Y6, Y7, Y7 \
	VPAND    Y7, Y8, Y8

#define TRIPLEBLOCK \
	TRIPLEMASK \
	VPMOVMSKB Y8, BX

TEXT ·tripleAVX2(SB), NOSPLIT, $0-64
	MOVQ p_base+0(FP), SI
	MOVQ lim+24(FP), CX
	MOVQ t+32(FP), DX
	MOVQ pos+40(FP), DI
	VMOVDQU 0(DX), Y0           // want
	VMOVDQU 32(DX), Y1
	VMOVDQU 64(DX), Y2
	VMOVDQU 96(DX), Y3          // mask
	VMOVDQU 128(DX), Y4
	VMOVDQU 160(DX), Y5
	MOVQ 192(DX), R9            // off
	MOVQ 200(DX), R10
	MOVQ 208(DX), R11
	ADDQ SI, R9
	ADDQ SI, R10
	ADDQ SI, R11
	XORQ AX, AX                 // off
	XORQ R8, R8                 // n

	SCANBLOCKS(TRIPLEBLOCK, R12, R13, loop, bits, next, tail, tailbits, tailend, done)
	MOVQ R8, n+48(FP)
	MOVQ AX, off+56(FP)
	RET

// func tripleRangeAVX2(p []byte, lim int, t *tripleVec, r *rangeVec, pos *[64]int32) (n, off int)
//
// It is tripleAVX2 with three more tests at each place x: for each k of 0,
// 1 and 2, p[x+r.off[k]] - r.lo[k] <= r.span[k] (bytes, unsigned). The
// caller makes sure that 0 <= lim and lim + max(t.off, r.off) + 32 <=
// len(p).
//
// Registers: Y0-Y5 the triple's want and mask, Y9-Y11 the ranges' lo,
// Y12-Y14 their span, Y6-Y8 and Y15 scratch; R9-R11 and DX, R12, R13 point
// at p plus each offset; SI is scratch.
#define RANGEBLOCK \
	TRIPLEMASK \
	VMOVDQU (DX)(AX*1), Y6 \
	VPSUBB   Y9, Y6, Y6 \
	VPMINUB  Y12, Y6, Y15 \
	VPCMPEQB Y6, Y15, Y15 \
	VPAND    Y15, Y8, Y8 \
	VMOVDQU (R12)(AX*1), Y6 \
	VPSUBB   Y10, Y6, Y6 \
	VPMINUB  Y13, Y6, Y15 \
	VPCMPEQB Y6, Y15, Y15 \
	VPAND    Y15, Y8, Y8 \
	VMOVDQU (R13)(AX*1), Y6 \
	VPSUBB   Y11, Y6, Y6 \
	VPMINUB  Y14, Y6, Y15 \
	VPCMPEQB Y6, Y15, Y15 \
	VPAND    Y15, Y8, Y8 \
	VPMOVMSKB Y8, BX

TEXT ·tripleRangeAVX2(SB), NOSPLIT, $0-72
	MOVQ p_base+0(FP), SI
	MOVQ lim+24(FP), CX
	MOVQ t+32(FP), DX
	MOVQ pos+48(FP), DI
	VMOVDQU 0(DX), Y0           // want
	VMOVDQU 32(DX), Y1
	VMOVDQU 64(DX), Y2
	VMOVDQU 96(DX), Y3          // mask
	VMOVDQU 128(DX), Y4
	VMOVDQU 160(DX), Y5
	MOVQ 192(DX), R9            // off
	MOVQ 200(DX), R10
	MOVQ 208(DX), R11
	ADDQ SI, R9
	ADDQ SI, R10
	ADDQ SI, R11
	MOVQ r+40(FP), DX
	VMOVDQU 0(DX), Y9           // lo
	VMOVDQU 32(DX), Y10
	VMOVDQU 64(DX), Y11
	VMOVDQU 96(DX), Y12         // span
	VMOVDQU 128(DX), Y13
	VMOVDQU 160(DX), Y14
	MOVQ 200(DX), R12           // off
	MOVQ 208(DX), R13
	MOVQ 192(DX), DX
	ADDQ SI, DX
	ADDQ SI, R12
	ADDQ SI, R13
	XORQ AX, AX                 // off
	XORQ R8, R8                 // n

	SCANBLOCKS(RANGEBLOCK, SI, SI, rloop, rbits, rnext, rtail, rtailbits, rtailend, rdone)
	MOVQ R8, n+56(FP)
	MOVQ AX, off+64(FP)
	RET

// func teddyAVX2(p []byte, lim int, t *teddyVec, pos *[64]int32) (n, off int)
//
// It is tripleAVX2 for multiLit: a place x is written to pos when, for
// some bit b, each of p[x], p[x+1] and p[x+2] has bit b set in both the
// table of its low nibble and that of its high nibble (t.lo[k], t.hi[k]
// for p[x+k]). The caller makes sure that 0 <= lim and lim + 34 <=
// len(p).
//
// Registers: Y0-Y2 t.lo, Y3-Y5 t.hi, Y6 0x0f in every byte, Y7 zero,
// Y8-Y10 scratch.
#define TEDDYNIBBLES(d, lo, hi) \
	VMOVDQU d(SI)(AX*1), Y8 \
	VPSRLW   $4, Y8, Y9 \
	VPAND    Y6, Y8, Y8 \
	VPAND    Y6, Y9, Y9 \
	VPSHUFB  Y8, lo, Y8 \
	VPSHUFB  Y9, hi, Y9 \
	VPAND    Y8, Y9, Y8

#define TEDDYBLOCK \
	TEDDYNIBBLES(0, Y0, Y3) \
	VMOVDQA  Y8, Y10 \
	TEDDYNIBBLES(1, Y1, Y4) \
	VPAND    Y8, Y10, Y10 \
	TEDDYNIBBLES(2, Y2, Y5) \
	VPAND    Y8, Y10, Y10 \
	VPCMPEQB Y7, Y10, Y10 \
	VPMOVMSKB Y10, BX \
	NOTL     BX

TEXT ·teddyAVX2(SB), NOSPLIT, $0-64
	MOVQ p_base+0(FP), SI
	MOVQ lim+24(FP), CX
	MOVQ t+32(FP), DX
	MOVQ pos+40(FP), DI
	VMOVDQU 0(DX), Y0           // lo
	VMOVDQU 32(DX), Y1
	VMOVDQU 64(DX), Y2
	VMOVDQU 96(DX), Y3          // hi
	VMOVDQU 128(DX), Y4
	VMOVDQU 160(DX), Y5
	MOVL    $0x0f0f0f0f, BX
	MOVD    BX, X6
	VPBROADCASTD X6, Y6
	VPXOR   Y7, Y7, Y7
	XORQ AX, AX                 // off
	XORQ R8, R8                 // n

	SCANBLOCKS(TEDDYBLOCK, R12, R13, tloop, tbits, tnext, ttail, ttailbits, ttailend, tdone)
	MOVQ R8, n+48(FP)
	MOVQ AX, off+56(FP)
	RET

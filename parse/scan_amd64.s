//go:build !purego

#include "textflag.h"

DATA c8<>+0(SB)/1, $0x38
GLOBL c8<>(SB), RODATA|NOPTR, $1
DATA c7<>+0(SB)/1, $0x37
GLOBL c7<>(SB), RODATA|NOPTR, $1
DATA c1<>+0(SB)/1, $0x31
GLOBL c1<>(SB), RODATA|NOPTR, $1

DATA c9<>+0(SB)/1, $0x09
GLOBL c9<>(SB), RODATA|NOPTR, $1

// func scan871AVX2(p []byte, pos *[64]int32) (n, off int)
//
// It looks at p 32 bytes at a time, from the start, for as long as 38 bytes
// are left, and writes to pos[:n] every position i where p[i:i+3] is "871",
// p[i+3:i+6] are digits and p[i+6] is not, in order: the bytes from i on
// that checkAt needs for a hit. It stops before a block when pos might not
// hold all of that block's positions (n > 32), or when fewer than 38 bytes
// are left; off is where it stopped: the positions before off are all in
// pos[:n].
//
// Testing the digits here, branch-free, and not in checkAt keeps most
// "871"s of number-heavy logs from the branch that gathers positions: in
// the 200 MB logcat corpus 87% of the lines hold an "871", twice on
// average, and about one in six is followed by three digits and no fourth.
// A byte is a digit when min(c-'0', 9) == c-'0' (unsigned).
//
// The constants are loaded with VEX-encoded instructions only: a legacy SSE
// instruction here (MOVQ to an X register) cost 250 ns per call on the
// development machine, an SSE/AVX transition penalty.
TEXT ·scan871AVX2(SB), NOSPLIT, $0-48
	MOVQ p_base+0(FP), SI
	MOVQ p_len+8(FP), CX
	MOVQ pos+24(FP), DI
	XORQ AX, AX                 // off
	XORQ R8, R8                 // n
	VPBROADCASTB c8<>(SB), Y0
	VPBROADCASTB c7<>(SB), Y1
	VPBROADCASTB c1<>(SB), Y2
	VPBROADCASTB c0<>(SB), Y6
	VPBROADCASTB c9<>(SB), Y7

loop:
	CMPQ R8, $32
	JA   done
	LEAQ 38(AX), DX
	CMPQ DX, CX
	JA   done
	VMOVDQU (SI)(AX*1), Y3
	VMOVDQU 1(SI)(AX*1), Y4
	VMOVDQU 2(SI)(AX*1), Y5
	VPCMPEQB Y0, Y3, Y3
	VPCMPEQB Y1, Y4, Y4
	VPCMPEQB Y2, Y5, Y5
	VPAND    Y3, Y4, Y4
	VPAND    Y4, Y5, Y5         // Y5: "871"
	VMOVDQU 3(SI)(AX*1), Y8
	VMOVDQU 4(SI)(AX*1), Y9
	VMOVDQU 5(SI)(AX*1), Y10
	VMOVDQU 6(SI)(AX*1), Y11
	VPSUBB   Y6, Y8, Y8
	VPSUBB   Y6, Y9, Y9
	VPSUBB   Y6, Y10, Y10
	VPSUBB   Y6, Y11, Y11
	VPMINUB  Y7, Y8, Y12
	VPMINUB  Y7, Y9, Y13
	VPMINUB  Y7, Y10, Y14
	VPMINUB  Y7, Y11, Y15
	VPCMPEQB Y12, Y8, Y8        // digit at +3
	VPCMPEQB Y13, Y9, Y9        // at +4
	VPCMPEQB Y14, Y10, Y10      // at +5
	VPCMPEQB Y15, Y11, Y11      // at +6
	VPAND    Y8, Y5, Y5
	VPAND    Y9, Y10, Y10
	VPAND    Y10, Y5, Y5
	VPANDN   Y5, Y11, Y5        // and no digit at +6
	VPMOVMSKB Y5, BX
	TESTL BX, BX
	JZ    next

bits:
	BSFL BX, DX
	ADDL AX, DX
	MOVL DX, (DI)(R8*4)
	INCQ R8
	LEAL -1(BX), DX
	ANDL DX, BX
	JNZ  bits

next:
	ADDQ $32, AX
	JMP  loop

done:
	VZEROUPPER
	MOVQ R8, n+32(FP)
	MOVQ AX, off+40(FP)
	RET

DATA c0<>+0(SB)/1, $0x30
GLOBL c0<>(SB), RODATA|NOPTR, $1
DATA c10<>+0(SB)/1, $0x0a
GLOBL c10<>(SB), RODATA|NOPTR, $1

// Constants of the word test, 32 bytes each (memory operands).
DATA w20<>+0(SB)/8, $0x2020202020202020
DATA w20<>+8(SB)/8, $0x2020202020202020
DATA w20<>+16(SB)/8, $0x2020202020202020
DATA w20<>+24(SB)/8, $0x2020202020202020
GLOBL w20<>(SB), RODATA|NOPTR, $32
DATA w1f<>+0(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA w1f<>+8(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA w1f<>+16(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA w1f<>+24(SB)/8, $0x1f1f1f1f1f1f1f1f
GLOBL w1f<>(SB), RODATA|NOPTR, $32
DATA w9a<>+0(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA w9a<>+8(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA w9a<>+16(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA w9a<>+24(SB)/8, $0x9a9a9a9a9a9a9a9a
GLOBL w9a<>(SB), RODATA|NOPTR, $32
DATA w5f<>+0(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA w5f<>+8(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA w5f<>+16(SB)/8, $0x5f5f5f5f5f5f5f5f
DATA w5f<>+24(SB)/8, $0x5f5f5f5f5f5f5f5f
GLOBL w5f<>(SB), RODATA|NOPTR, $32
DATA w1b<>+0(SB)/8, $0x1b1b1b1b1b1b1b1b
DATA w1b<>+8(SB)/8, $0x1b1b1b1b1b1b1b1b
DATA w1b<>+16(SB)/8, $0x1b1b1b1b1b1b1b1b
DATA w1b<>+24(SB)/8, $0x1b1b1b1b1b1b1b1b
GLOBL w1b<>(SB), RODATA|NOPTR, $32
DATA zero8<>+0(SB)/8, $0
GLOBL zero8<>(SB), RODATA|NOPTR, $8

// func scanRunsAVX2(p []byte, t *[96]byte, nd, wd, kmin, kmax, keep, long uint64, pos *[64]int32) (n, off int)
//
// It looks at p 64 bytes at a time, from the start, for as long as 66
// bytes are left, and writes to pos[:n], in order, every position i where
// a run of digits starts that may be a candidate:
//
//   - p[i] is a digit and p[i-1] is not (nd is 1 when the byte before p
//     is not a digit, or there is none);
//   - p[i-1] is not a word byte (wd is 1 when the byte before p is one),
//     or there is an ESC in the 64 bytes before p[i] (or p[i] is in the
//     first block, and the bytes before p are not looked at): a control
//     sequence (afterCSI), at most 64 bytes long, may end in p[i-1], and
//     the caller looks;
//   - the run is not too short and not too long (see runFilter; only the
//     runs that end in the same block are known to be so);
//   - the buckets of the classes of p[i], p[i+1] and p[i+2] in t meet
//     (see codeSet.vec).
//
// It stops before a block when pos might not hold all of that block's
// positions (n > 32: a block holds at most 32 starts), or when fewer than
// 66 bytes are left; off is where it stopped: the positions before off are
// all in pos[:n].
//
// A byte's class is min(c-'0', 10) (wrapping subtraction): 0-9 for a
// digit, 10 for anything else. VPSHUFB looks it up in t. A byte is a
// letter when (c|0x20)+0x1f, as a signed byte, is below -102 (0x9a).
// R14 and Y15 are used too: ABI0 code may clobber them (the ABI wrapper
// restores the goroutine pointer and the zero register).
TEXT ·scanRunsAVX2(SB), NOSPLIT, $0-104
	MOVQ p_base+0(FP), SI
	MOVQ t+24(FP), R9
	VMOVDQU (R9), Y10           // buckets of the first byte's class
	VMOVDQU 32(R9), Y11         // of the second
	VMOVDQU 64(R9), Y12         // of the third
	MOVQ nd+32(FP), R10
	MOVQ wd+40(FP), R9
	MOVQ pos+80(FP), DI
	XORQ AX, AX                 // off
	XORQ R8, R8                 // n
	VPBROADCASTB c0<>(SB), Y13
	VPBROADCASTB c10<>(SB), Y14
	VPXOR Y15, Y15, Y15
	MOVQ $-1, R14               // R14: the ESCs of the block before (unknown here)

rloop:
	CMPQ R8, $32
	JA   rdone
	LEAQ 66(AX), DX
	CMPQ DX, p_len+8(FP)
	JA   rdone
	VMOVDQU (SI)(AX*1), Y0
	VMOVDQU 32(SI)(AX*1), Y1
	VPCMPEQB w1b<>(SB), Y0, Y6
	VPCMPEQB w1b<>(SB), Y1, Y7
	VPOR     Y6, Y7, Y6
	VPMOVMSKB Y6, CX            // CX: not 0 when the block holds an ESC (folded)
	// Word bytes: letters and '_'.
	VPOR     w20<>(SB), Y0, Y6
	VPOR     w20<>(SB), Y1, Y7
	VPADDB   w1f<>(SB), Y6, Y6
	VPADDB   w1f<>(SB), Y7, Y7
	VMOVDQU  w9a<>(SB), Y8
	VPCMPGTB Y6, Y8, Y6
	VPCMPGTB Y7, Y8, Y7
	VMOVDQU  w5f<>(SB), Y9
	VPCMPEQB Y0, Y9, Y8
	VPCMPEQB Y1, Y9, Y9
	VPOR     Y8, Y6, Y6
	VPOR     Y9, Y7, Y7
	VPMOVMSKB Y6, R12
	VPMOVMSKB Y7, DX
	SHLQ $32, DX
	ORQ  DX, R12                // R12: bit j set when p[off+j] is a word byte
	VMOVDQU 1(SI)(AX*1), Y2
	VMOVDQU 33(SI)(AX*1), Y3
	VMOVDQU 2(SI)(AX*1), Y4
	VMOVDQU 34(SI)(AX*1), Y5
	VPSUBB  Y13, Y0, Y0
	VPSUBB  Y13, Y1, Y1
	VPSUBB  Y13, Y2, Y2
	VPSUBB  Y13, Y3, Y3
	VPSUBB  Y13, Y4, Y4
	VPSUBB  Y13, Y5, Y5
	VPMINUB Y14, Y0, Y0
	VPMINUB Y14, Y1, Y1
	VPMINUB Y14, Y2, Y2
	VPMINUB Y14, Y3, Y3
	VPMINUB Y14, Y4, Y4
	VPMINUB Y14, Y5, Y5
	VPCMPEQB Y14, Y0, Y6        // not a digit
	VPCMPEQB Y14, Y1, Y7
	VPMOVMSKB Y6, BX
	VPMOVMSKB Y7, DX
	SHLQ $32, DX
	ORQ  DX, BX                 // BX: bit j set when p[off+j] is not a digit
	VPSHUFB Y0, Y10, Y0
	VPSHUFB Y1, Y10, Y1
	VPSHUFB Y2, Y11, Y2
	VPSHUFB Y3, Y11, Y3
	VPSHUFB Y4, Y12, Y4
	VPSHUFB Y5, Y12, Y5
	VPAND   Y0, Y2, Y0
	VPAND   Y1, Y3, Y1
	VPAND   Y0, Y4, Y0
	VPAND   Y1, Y5, Y1
	VPCMPEQB Y15, Y0, Y0        // filtered out
	VPCMPEQB Y15, Y1, Y1
	VPMOVMSKB Y0, R11
	VPMOVMSKB Y1, DX
	SHLQ $32, DX
	ORQ  DX, R11
	NOTQ R11                    // R11: bit j set when p[off+j] passes the buckets
	// Starts of runs: the byte before is not a digit.
	MOVQ BX, DX
	SHLQ $1, DX
	ORQ  R10, DX
	ANDQ DX, R11
	MOVQ BX, R10
	SHRQ $63, R10
	// Not after a word byte, unless an ESC is near.
	MOVQ    R12, DX
	SHLQ    $1, DX
	ORQ     R9, DX              // DX: bit j set when p[off+j-1] is a word byte
	MOVQ    R12, R9
	SHRQ    $63, R9
	MOVQ    R14, R13
	ORQ     CX, R13
	JNZ     resc
	ANDNQ   R11, DX, R11        // R11 &^= DX
	JMP     rlen

resc:
	// Keep the positions after the first ESC of this block, and those up
	// to the last ESC of the block before (within 64 bytes of it).
	VMOVDQU  w1b<>(SB), Y7
	VPCMPEQB (SI)(AX*1), Y7, Y6
	VPCMPEQB 32(SI)(AX*1), Y7, Y7
	VPMOVMSKB Y6, CX
	VPMOVMSKB Y7, R12
	SHLQ    $32, R12
	ORQ     R12, CX             // CX: the ESCs of this block
	BSRQ    R14, R13            // the last ESC before; ZF when none
	MOVQ    $2, R12
	SHLXQ   R13, R12, R12
	LEAQ    -1(R12), R12        // bits 0 to the last ESC before
	CMOVQEQ zero8<>(SB), R12
	MOVQ    CX, R14
	BLSIQ   CX, R13             // the first ESC of this block
	ADDQ    R13, R13
	NEGQ    R13                 // the bits after it
	ORQ     R13, R12
	ANDNQ   DX, R12, DX         // DX &^= R12
	ANDNQ   R11, DX, R11

rlen:
	// Runs of a length no code has. Bit i of G_k is set when p[i:i+k] are
	// all digits; three steps G &= G>>a, with a from the bytes of kmax,
	// give G_{max+1}: runs longer than any code. long is 0 when a code
	// may have 8 digits or more.
	NOTQ   BX                   // BX: digits
	MOVQ   BX, DX
	MOVQ   kmax+56(FP), CX
	SHRXQ  CX, DX, R13
	ANDQ   R13, DX
	SHRQ   $8, CX
	SHRXQ  CX, DX, R13
	ANDQ   R13, DX
	SHRQ   $8, CX
	SHRXQ  CX, DX, R13
	ANDQ   R13, DX
	ANDQ   long+72(FP), DX
	NOTQ   DX
	ANDQ   DX, R11
	// G_min, from kmin the same way, when the shortest code has more than
	// one digit. Runs that may go on into the next block (keep) stay.
	MOVQ   kmin+48(FP), CX
	TESTQ  CX, CX
	JZ     rwrite
	SHRXQ  CX, BX, R13
	ANDQ   R13, BX
	SHRQ   $8, CX
	SHRXQ  CX, BX, R13
	ANDQ   R13, BX
	SHRQ   $8, CX
	SHRXQ  CX, BX, R13
	ANDQ   R13, BX
	ORQ    keep+64(FP), BX
	ANDQ   BX, R11

rwrite:
	// Write the first two positions whether or not there are that many,
	// and count the real ones: no branch for blocks with 0 to 2 starts
	// (TZCNT of 0 is 64, a position that is never counted).
	POPCNTQ R11, R13
	TZCNTQ R11, DX
	ADDQ   AX, DX
	MOVL   DX, (DI)(R8*4)
	BLSRQ  R11, R11
	TZCNTQ R11, DX
	ADDQ   AX, DX
	MOVL   DX, 4(DI)(R8*4)
	BLSRQ  R11, R11
	LEAQ   2(R8), R12
	ADDQ   R13, R8
	CMPQ   R13, $2
	JBE    rnext

rbits:
	TZCNTQ R11, DX
	ADDQ   AX, DX
	MOVL   DX, (DI)(R12*4)
	INCQ   R12
	BLSRQ  R11, R11
	JNZ    rbits

rnext:
	ADDQ $64, AX
	JMP  rloop

rdone:
	VZEROUPPER
	MOVQ R8, n+88(FP)
	MOVQ AX, off+96(FP)
	RET

//go:build !purego

#include "textflag.h"

// func lastNLAVX2(p []byte) int
//
// It returns the index of the last '\n' in p, or -1; len(p) must be at
// least 32. It compares 32 bytes at a time, from the end, then the first
// 32 bytes, which overlap bytes already looked at and found to hold no
// '\n'.
TEXT ·lastNLAVX2(SB), NOSPLIT, $0-32
	MOVQ p_base+0(FP), SI
	MOVQ p_len+8(FP), CX        // the bytes before CX are not looked at
	MOVL $0x0a0a0a0a, AX
	MOVD AX, X0
	VPBROADCASTD X0, Y0

loop:
	CMPQ CX, $32
	JB   head
	VPCMPEQB -32(SI)(CX*1), Y0, Y1
	VPMOVMSKB Y1, AX
	TESTL AX, AX
	JNZ  found
	SUBQ $32, CX
	JMP  loop

head:
	TESTQ CX, CX
	JZ    none
	VPCMPEQB (SI), Y0, Y1
	VPMOVMSKB Y1, AX            // p[CX:32] has no '\n': its marks are 0
	TESTL AX, AX
	JZ    none
	MOVQ $32, CX

found:
	// The last mark of the block that ends at CX.
	BSRL AX, AX
	LEAQ -32(CX)(AX*1), CX
	MOVQ CX, ret+24(FP)
	VZEROUPPER
	RET

none:
	MOVQ $-1, ret+24(FP)
	VZEROUPPER
	RET

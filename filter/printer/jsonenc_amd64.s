//go:build !purego

#include "textflag.h"

DATA c1f<>+0(SB)/1, $0x1f
GLOBL c1f<>(SB), RODATA|NOPTR, $1
DATA cquote<>+0(SB)/1, $0x22
GLOBL cquote<>(SB), RODATA|NOPTR, $1
DATA cbslash<>+0(SB)/1, $0x5c
GLOBL cbslash<>(SB), RODATA|NOPTR, $1

// func plainAVX2(p []byte) int
//
// It returns the index of the first byte of p that is not plain (see
// jsonPlain), or len(p); len(p) must be at least 32. It looks at p 32 bytes
// at a time, from the start, then at the last 32 bytes, which overlap bytes
// already found plain: plain bytes are never marked, so the first mark is
// the answer there too.
//
// A byte is plain when, as a signed byte, it is greater than 0x1f (so
// 0x20 to 0x7f) and it is neither '"' nor '\'.
TEXT ·plainAVX2(SB), NOSPLIT, $0-32
	MOVQ p_base+0(FP), SI
	MOVQ p_len+8(FP), CX
	XORQ AX, AX
	VPBROADCASTB c1f<>(SB), Y0
	VPBROADCASTB cquote<>(SB), Y1
	VPBROADCASTB cbslash<>(SB), Y2

loop:
	LEAQ 32(AX), DX
	CMPQ DX, CX
	JA   last
	VMOVDQU  (SI)(AX*1), Y3
	VPCMPGTB Y0, Y3, Y4 // Y4 = Y3 > 0x1f, signed
	VPCMPEQB Y1, Y3, Y5
	VPCMPEQB Y2, Y3, Y6
	VPOR     Y5, Y6, Y5
	VPANDN   Y4, Y5, Y4 // Y4 = plain: Y4 and not Y5
	VPMOVMSKB Y4, BX
	NOTL     BX
	TESTL    BX, BX
	JNZ      found
	MOVQ     DX, AX
	JMP      loop

found:
	BSFL BX, BX
	ADDQ BX, AX
	JMP  ret

last:
	// Fewer than 32 bytes are left: look at the last 32 bytes of p.
	CMPQ AX, CX
	JEQ  ret
	CMPQ CX, $32
	JB   ret
	VMOVDQU  -32(SI)(CX*1), Y3
	VPCMPGTB Y0, Y3, Y4
	VPCMPEQB Y1, Y3, Y5
	VPCMPEQB Y2, Y3, Y6
	VPOR     Y5, Y6, Y5
	VPANDN   Y4, Y5, Y4
	VPMOVMSKB Y4, BX
	NOTL     BX
	MOVQ     CX, AX
	TESTL    BX, BX
	JZ       ret
	BSFL     BX, BX
	LEAQ     -32(CX)(BX*1), AX

ret:
	VZEROUPPER
	MOVQ AX, ret+24(FP)
	RET

//go:build !purego

#include "textflag.h"

DATA c8<>+0(SB)/1, $0x38
GLOBL c8<>(SB), RODATA|NOPTR, $1
DATA c7<>+0(SB)/1, $0x37
GLOBL c7<>(SB), RODATA|NOPTR, $1
DATA c1<>+0(SB)/1, $0x31
GLOBL c1<>(SB), RODATA|NOPTR, $1

// func scan871AVX2(p []byte, pos *[64]int32) (n, off int)
//
// It looks at p 32 bytes at a time, from the start, for as long as 34 bytes
// are left, and writes to pos[:n] every position i where p[i:i+3] is "871",
// in order. It stops before a block when pos might not hold all of that
// block's positions (n > 32), or when fewer than 34 bytes are left; off is
// where it stopped: the positions before off are all in pos[:n].
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

loop:
	CMPQ R8, $32
	JA   done
	LEAQ 34(AX), DX
	CMPQ DX, CX
	JA   done
	VMOVDQU (SI)(AX*1), Y3
	VMOVDQU 1(SI)(AX*1), Y4
	VMOVDQU 2(SI)(AX*1), Y5
	VPCMPEQB Y0, Y3, Y3
	VPCMPEQB Y1, Y4, Y4
	VPCMPEQB Y2, Y5, Y5
	VPAND    Y3, Y4, Y4
	VPAND    Y4, Y5, Y5
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

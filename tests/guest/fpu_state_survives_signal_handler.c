// SPDX-License-Identifier: GPL-2.0-or-later
// The FPU/SSE/AVX state survives a signal handler that uses it: all 16
// ymm registers (xmm when the CPU has no AVX), an x87 stack value and the
// MXCSR rounding mode are loaded, the program sends itself SIGUSR1 with a
// raw kill system call (the handler runs on its return), the handler
// overwrites every register, resets the x87 unit and MXCSR and computes
// with doubles; after the handler every register holds what it held.
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "guest.h"

static uint8_t in[16][32] __attribute__((aligned(32)));
static uint8_t out[16][32] __attribute__((aligned(32)));
static volatile int handled;
static volatile double sink;

static void handler(int sig __attribute__((unused)))
{
	static const uint8_t junk[32] __attribute__((aligned(32))) = {
		0xaa, 0xbb, 0xcc, 0xdd, 0xaa, 0xbb, 0xcc, 0xdd, 0xaa, 0xbb, 0xcc,
		0xdd, 0xaa, 0xbb, 0xcc, 0xdd, 0xaa, 0xbb, 0xcc, 0xdd, 0xaa, 0xbb,
		0xcc, 0xdd, 0xaa, 0xbb, 0xcc, 0xdd, 0xaa, 0xbb, 0xcc, 0xdd,
	};
	uint32_t mx = 0x1f80;
	char buf[64];
	double d = 1.0;

	if (__builtin_cpu_supports("avx"))
		__asm__ volatile(
#define L(n) "vmovdqa %[j], %%ymm" #n "\n\t"
			L(0) L(1) L(2) L(3) L(4) L(5) L(6) L(7)
			L(8) L(9) L(10) L(11) L(12) L(13) L(14) L(15)
#undef L
			::[j] "m"(junk)
			: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
			  "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	else
		__asm__ volatile(
#define L(n) "movdqa %[j], %%xmm" #n "\n\t"
			L(0) L(1) L(2) L(3) L(4) L(5) L(6) L(7)
			L(8) L(9) L(10) L(11) L(12) L(13) L(14) L(15)
#undef L
			::[j] "m"(junk)
			: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
			  "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
	__asm__ volatile("fninit\n\tfld1\n\tfldpi\n\tldmxcsr %0" ::"m"(mx));
	for (int i = 1; i < 100; i++)
		d = d * 1.0001 + i / 3.0;
	snprintf(buf, sizeof(buf), "%.6f", d);
	sink = d + buf[0];
	handled++;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = handler };
	int avx = __builtin_cpu_supports("avx"), width = avx ? 32 : 16;
	long pid = getpid();
	long sig = SIGUSR1;
	double x87in = 3.25, x87out = 0;
	uint32_t mxin = 0x1f80 | (3u << 13), mxout = 0; /* round toward zero */

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 32; j++)
			in[i][j] = (uint8_t)(i * 32 + j + 1);

#define LOAD(n) "vmovdqa " #n "*32(%[in]), %%ymm" #n "\n\t"
#define STORE(n) "vmovdqa %%ymm" #n ", " #n "*32(%[out])\n\t"
#define LOADX(n) "movdqa " #n "*32(%[in]), %%xmm" #n "\n\t"
#define STOREX(n) "movdqa %%xmm" #n ", " #n "*32(%[out])\n\t"
#define ALL(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) \
	M(12) M(13) M(14) M(15)
#define KILL                                                                 \
	"fldl %[x87in]\n\t"                                                  \
	"ldmxcsr %[mxin]\n\t"                                                \
	"mov $62, %%eax\n\t" /* SYS_kill */                                  \
	"mov %[pid], %%rdi\n\t"                                              \
	"mov %[sig], %%rsi\n\t"                                              \
	"syscall\n\t"                                                        \
	"stmxcsr %[mxout]\n\t"                                               \
	"fstpl %[x87out]\n\t"
#define OPERANDS                                                             \
	: [x87out] "=m"(x87out), [mxout] "=m"(mxout)                         \
	: [in] "r"(in), [out] "r"(out), [pid] "r"(pid), [sig] "r"(sig),      \
	  [x87in] "m"(x87in), [mxin] "m"(mxin)                               \
	: "rax", "rdi", "rsi", "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", \
	  "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",   \
	  "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"
	if (avx)
		__asm__ volatile(ALL(LOAD) KILL ALL(STORE) OPERANDS);
	else
		__asm__ volatile(ALL(LOADX) KILL ALL(STOREX) OPERANDS);

	CHECK(handled == 1, "the handler ran %d times", handled);
	for (int i = 0; i < 16; i++)
		for (int j = 0; j < width; j++)
			CHECK(out[i][j] == in[i][j],
			      "%cmm%d byte %d is %#x after the handler, want %#x",
			      avx ? 'y' : 'x', i, j, out[i][j], in[i][j]);
	CHECK(x87out == 3.25, "the x87 stack top is %g after the handler, want 3.25", x87out);
	CHECK((mxout & ~0x3fu) == (mxin & ~0x3fu), "MXCSR is %#x after the handler, want %#x",
	      mxout, mxin);
	return 0;
}

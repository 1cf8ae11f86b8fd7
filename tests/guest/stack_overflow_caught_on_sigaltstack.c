// SPDX-License-Identifier: GPL-2.0-or-later
// Unbounded recursion runs into the end of the stack (RLIMIT_STACK 8 MiB
// here); the SIGSEGV is delivered on the alternate stack (the normal one
// is full) and the handler siglongjmps back to main.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include "guest.h"

#define ALT_SIZE (64 * 1024)

static sigjmp_buf back;
static char *alt;
static volatile uintptr_t handler_sp;

static void on_segv(int sig __attribute__((unused)))
{
	volatile char here;

	handler_sp = (uintptr_t)&here;
	siglongjmp(back, 1);
}

/* Recurses until the stack overflows (the limit is never reached). */
static int recurse(volatile char *prev, long depth)
{
	volatile char buf[1024];

	buf[0] = prev ? prev[0] + 1 : 0;
	if (depth == -1)
		return 0;
	return recurse(buf, depth + 1) + buf[1];
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_ONSTACK };
	struct rlimit rl = { 8 << 20, 8 << 20 };
	stack_t ss = { .ss_size = ALT_SIZE };

	CHECK_OK(setrlimit(RLIMIT_STACK, &rl));
	alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(alt != MAP_FAILED, "mmap: %s", strerror(errno));
	ss.ss_sp = alt;
	CHECK_OK(sigaltstack(&ss, NULL));
	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGSEGV, &sa, NULL));

	if (sigsetjmp(back, 1) == 0) {
		recurse(NULL, 0);
		FAIL("the recursion returned");
	}
	CHECK(handler_sp >= (uintptr_t)alt && handler_sp < (uintptr_t)alt + ALT_SIZE,
	      "the SIGSEGV handler ran at %#lx, outside the alternate stack",
	      (unsigned long)handler_sp);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
// sigaltstack: a handler installed with SA_ONSTACK runs on the alternate
// stack (a local's address is inside it) and sigaltstack() in the handler
// reports SS_ONSTACK; outside the handler it does not.  A handler without
// SA_ONSTACK stays on the normal stack.  Changing the stack while on it is
// EPERM; a stack smaller than MINSIGSTKSZ is ENOMEM.
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include "guest.h"

#define ALT_SIZE (64 * 1024)

static char *alt;
static volatile uintptr_t local_addr;
static volatile int ss_flags = -1, change_errno;

static void handler(int sig __attribute__((unused)))
{
	volatile char here;
	stack_t now, other = { .ss_sp = alt, .ss_size = ALT_SIZE };

	local_addr = (uintptr_t)&here;
	if (sigaltstack(NULL, &now) == 0)
		ss_flags = now.ss_flags;
	change_errno = sigaltstack(&other, NULL) == -1 ? errno : 0;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_ONSTACK };
	stack_t ss, old;

	alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(alt != MAP_FAILED, "mmap: %s", strerror(errno));

	ss.ss_sp = alt;
	ss.ss_size = 1024;
	ss.ss_flags = 0;
	CHECK_ERR(sigaltstack(&ss, NULL), ENOMEM);

	ss.ss_size = ALT_SIZE;
	CHECK_OK(sigaltstack(&ss, &old));
	CHECK(old.ss_flags == SS_DISABLE, "the first old stack has flags %#x, want SS_DISABLE",
	      old.ss_flags);
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK(old.ss_sp == alt && old.ss_size == ALT_SIZE && old.ss_flags == 0,
	      "sigaltstack reads back sp %p size %zu flags %#x", old.ss_sp,
	      old.ss_size, old.ss_flags);

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(raise(SIGUSR1));
	CHECK(local_addr >= (uintptr_t)alt && local_addr < (uintptr_t)alt + ALT_SIZE,
	      "the SA_ONSTACK handler's local is at %#lx, outside the alternate stack %p..%p",
	      (unsigned long)local_addr, alt, alt + ALT_SIZE);
	CHECK(ss_flags == SS_ONSTACK, "in the handler ss_flags is %#x, want SS_ONSTACK",
	      ss_flags);
	CHECK(change_errno == EPERM, "sigaltstack while on it: %s, want EPERM",
	      change_errno ? strerrorname_np(change_errno) : "success");
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK(old.ss_flags == 0, "after the handler ss_flags is %#x, want 0", old.ss_flags);

	/* Without SA_ONSTACK: the normal stack. */
	sa.sa_flags = 0;
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	CHECK_OK(raise(SIGUSR2));
	CHECK(!(local_addr >= (uintptr_t)alt && local_addr < (uintptr_t)alt + ALT_SIZE),
	      "a handler without SA_ONSTACK ran on the alternate stack");
	CHECK(ss_flags == 0, "without SA_ONSTACK ss_flags is %#x in the handler", ss_flags);

	ss.ss_flags = SS_DISABLE;
	CHECK_OK(sigaltstack(&ss, NULL));
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK(old.ss_flags == SS_DISABLE, "SS_DISABLE did not stick (%#x)", old.ss_flags);
	return 0;
}

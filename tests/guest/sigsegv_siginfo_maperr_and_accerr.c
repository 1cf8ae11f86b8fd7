// SPDX-License-Identifier: GPL-2.0-or-later
// SA_SIGINFO for faults: a read of an unmapped address gives SIGSEGV with
// si_code SEGV_MAPERR, a write to a read-only page SEGV_ACCERR, a read of
// a PROT_NONE page SEGV_ACCERR; si_addr is the faulting address each time,
// si_signo SIGSEGV.
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include "guest.h"

static sigjmp_buf env;
static volatile int got_signo, got_code;
static void *volatile got_addr;

static void on_segv(int sig __attribute__((unused)), siginfo_t *si, void *uc __attribute__((unused)))
{
	got_signo = si->si_signo;
	got_code = si->si_code;
	got_addr = si->si_addr;
	siglongjmp(env, 1);
}

static const char *code_name(int c)
{
	return c == SEGV_MAPERR ? "SEGV_MAPERR" : c == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
}

static void expect(const char *what, int write, volatile char *p, int code)
{
	got_signo = got_code = 0;
	got_addr = NULL;
	if (sigsetjmp(env, 1) == 0) {
		if (write)
			*p = 1;
		else
			(void)*p;
		FAIL("%s: no fault", what);
	}
	CHECK(got_signo == SIGSEGV, "%s: si_signo %d", what, got_signo);
	CHECK(got_code == code, "%s: si_code %d (%s), want %d (%s)", what, got_code,
	      code_name(got_code), code, code_name(code));
	CHECK(got_addr == (void *)p, "%s: si_addr %p, want %p", what, got_addr, (void *)p);
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	char *map;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGSEGV, &sa, NULL));
	map = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(map != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_OK(munmap(map + 4096, 4096));
	CHECK_OK(mprotect(map + 2 * 4096, 4096, PROT_READ));

	expect("read of an unmapped page", 0, map + 4096 + 123, SEGV_MAPERR);
	expect("write to an unmapped page", 1, map + 4096 + 7, SEGV_MAPERR);
	expect("write to a PROT_READ page", 1, map + 2 * 4096 + 99, SEGV_ACCERR);
	CHECK_OK(mprotect(map, 4096, PROT_NONE));
	expect("read of a PROT_NONE page", 0, map + 50, SEGV_ACCERR);
	return 0;
}

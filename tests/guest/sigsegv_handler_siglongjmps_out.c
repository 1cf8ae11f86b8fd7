// SPDX-License-Identifier: GPL-2.0-or-later
// A SIGSEGV handler that siglongjmps out of the fault, 1000 times in a row
// (reads of an unmapped page and writes to a read-only one); sigsetjmp(,1)
// restores the mask, so SIGSEGV is not left blocked and each fault is
// caught again.
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include "guest.h"

static sigjmp_buf env;
static volatile int faults;

static void on_segv(int sig __attribute__((unused)))
{
	faults++;
	siglongjmp(env, 1);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_segv };
	volatile char *ro, *none;
	sigset_t now;
	volatile int i;

	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED && none != MAP_FAILED, "mmap: %s", strerror(errno));
	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGSEGV, &sa, NULL));

	for (i = 0; i < 1000; i++) {
		if (sigsetjmp(env, 1) == 0) {
			if (i % 2)
				ro[i] = 1;
			else
				(void)none[i];
			FAIL("access %d did not fault", i);
		}
		CHECK(faults == i + 1, "after access %d: %d faults", i, faults);
	}
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &now));
	CHECK(!sigismember(&now, SIGSEGV), "SIGSEGV is left blocked");
	CHECK(ro[0] == 0, "the read-only page changed");
	return 0;
}

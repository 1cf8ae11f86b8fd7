// SPDX-License-Identifier: GPL-2.0-or-later
// After mprotect(PROT_READ), reading the page works and keeps its
// contents; a write kills the program with SIGSEGV (128+11).
// expect-status: 139
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	volatile char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	p[100] = 42;
	CHECK_OK(mprotect((void *)p, 4096, PROT_READ));
	CHECK(p[100] == 42, "contents lost by mprotect");
	p[100] = 43;
	FAIL("the write to a PROT_READ page did not fault");
}

// SPDX-License-Identifier: GPL-2.0-or-later
// mprotect to PROT_NONE and back to PROT_READ|PROT_WRITE keeps the page's
// contents; mprotect of an unaligned address fails with EINVAL.
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(p, 'x', 3 * 4096);
	CHECK_OK(mprotect(p + 4096, 4096, PROT_NONE));
	CHECK_OK(mprotect(p + 4096, 4096, PROT_READ | PROT_WRITE));
	for (int i = 0; i < 3 * 4096; i++)
		CHECK(p[i] == 'x', "byte %d changed", i);
	p[4096] = 'y';
	CHECK_ERR(mprotect(p + 1, 4096, PROT_READ), EINVAL);
	CHECK_OK(munmap(p, 3 * 4096));
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
// mremap grows a mapping (moving it if it must) and keeps its contents;
// the new tail is zero-filled.
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	size_t old = 4 * 4096, new = 64 * 4096;
	unsigned char *p = mmap(NULL, old, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	for (size_t i = 0; i < old; i++)
		p[i] = (unsigned char)(i % 251);

	unsigned char *q = mremap(p, old, new, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED, "mremap: %s", strerror(errno));
	for (size_t i = 0; i < old; i++)
		CHECK(q[i] == (unsigned char)(i % 251), "byte %zu changed", i);
	for (size_t i = old; i < new; i++)
		CHECK(q[i] == 0, "new byte %zu is not 0", i);
	q[new - 1] = 1;

	/* Shrinking in place keeps the start. */
	unsigned char *r = mremap(q, new, old, 0);
	CHECK(r == q, "shrink moved the mapping");
	CHECK(r[5] == 5, "shrink lost contents");
	CHECK_OK(munmap(r, old));
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
// mremap(MREMAP_MAYMOVE|MREMAP_FIXED) moves a mapping to the address asked
// for, keeps its contents, and leaves the old range unmapped.
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	size_t len = 8 * 4096;
	char *src = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *dst = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);

	CHECK(src != MAP_FAILED && dst != MAP_FAILED, "mmap: %s",
	      strerror(errno));
	for (size_t i = 0; i < len; i++)
		src[i] = (char)(i ^ (i >> 8));

	char *q = mremap(src, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	CHECK(q == dst, "mremap returned %p, want %p (%s)", (void *)q,
	      (void *)dst, strerror(errno));
	for (size_t i = 0; i < len; i++)
		CHECK(q[i] == (char)(i ^ (i >> 8)), "byte %zu changed", i);
	q[0] = 1; /* still writable */

	/* The old range is gone: mapping it again with MAP_FIXED_NOREPLACE
	 * succeeds only if nothing is there. */
	char *again = mmap(src, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
			   MAP_FIXED_NOREPLACE, -1, 0);
	CHECK(again == src, "old range still mapped (mmap: %s)",
	      again == MAP_FAILED ? strerror(errno) : "other address");
	return 0;
}

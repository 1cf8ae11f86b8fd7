// SPDX-License-Identifier: GPL-2.0-or-later
// Regression (busybox find died with "fault does not resolve"): mapping,
// touching and unmapping the same range many times faults at the same
// address each time; every one of those faults is a new, good fault.
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	size_t len = 9 * 4096;
	void *first = NULL;

	for (int i = 0; i < 200; i++) {
		unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		CHECK(p != MAP_FAILED, "mmap %d: %s", i, strerror(errno));
		if (!first)
			first = p;
		CHECK(p[0] == 0 && p[len - 1] == 0, "round %d: fresh memory is not zero", i);
		p[0] = (unsigned char)i;
		p[len - 1] = (unsigned char)i;
		CHECK(p[0] == (unsigned char)i, "round %d: write lost", i);
		CHECK_OK(munmap(p, len));
	}
	return 0;
}

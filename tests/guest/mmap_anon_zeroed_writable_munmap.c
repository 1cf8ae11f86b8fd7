// SPDX-License-Identifier: GPL-2.0-or-later
// An anonymous private mapping is zero-filled and writable; munmap of part
// of it leaves the rest intact.
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	size_t len = 64 * 4096;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(((unsigned long)p & 4095) == 0, "mapping not page aligned");
	for (size_t i = 0; i < len; i++)
		CHECK(p[i] == 0, "byte %zu is %d, not 0", i, p[i]);
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7);

	/* Punch out pages 10..19; the others keep their contents. */
	CHECK_OK(munmap(p + 10 * 4096, 10 * 4096));
	for (size_t i = 0; i < len; i++) {
		if (i >= 10 * 4096 && i < 20 * 4096)
			continue;
		CHECK(p[i] == (unsigned char)(i * 7), "byte %zu changed", i);
	}
	CHECK_ERR(munmap(p + 1, 4096), EINVAL);
	CHECK_OK(munmap(p, len));
	return 0;
}

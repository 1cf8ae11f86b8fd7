// SPDX-License-Identifier: GPL-2.0-or-later
// A file mapping unmapped and replaced by an anonymous one at the same
// address reads as zero from the first access, every time: the host's
// mapping of the file must be gone before the program runs again, even
// when umk hands the unmapping to the stub without waiting for it.
// (Regression: a thread could resume before its stub's batch ran and
// read the old file's bytes through the fresh mapping.)
#include <fcntl.h>
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	size_t len = 16 * 4096;
	int fd = open("/bin/sh", O_RDONLY);

	CHECK(fd >= 0, "open /bin/sh: %s", strerror(errno));
	for (int i = 0; i < 3000; i++) {
		unsigned char *f = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);

		CHECK(f != MAP_FAILED, "mmap file: %s", strerror(errno));
		CHECK(f[0] == 0x7f, "round %d: the file is not mapped", i);
		CHECK_OK(munmap(f, len));
		unsigned char *a = mmap(f, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

		CHECK(a == f, "mmap anonymous at %p: %s", (void *)f, strerror(errno));
		CHECK(a[0] == 0 && a[len - 1] == 0, "round %d: fresh memory reads %#x %#x",
		      i, a[0], a[len - 1]);
		a[1] = 1;
		CHECK_OK(munmap(a, len));
	}
	return 0;
}

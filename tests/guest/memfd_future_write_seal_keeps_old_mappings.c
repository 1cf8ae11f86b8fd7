// SPDX-License-Identifier: GPL-2.0-or-later
// F_SEAL_FUTURE_WRITE: write(2) and new writable shared mappings are EPERM,
// but a writable shared mapping made before the seal still writes.
#include <fcntl.h>
#include <sys/mman.h>
#include "guest.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

int main(void)
{
	char c;
	int fd = CHECK_OK(memfd_create("future", MFD_ALLOW_SEALING));

	CHECK_OK(ftruncate(fd, 4096));
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	CHECK_ERR(write(fd, "x", 1), EPERM);
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
	      MAP_FAILED && errno == EPERM, "new writable shared map allowed");
	m[7] = 'o';
	CHECK(CHECK_OK(pread(fd, &c, 1, 7)) == 1 && c == 'o',
	      "old mapping's write lost");
	CHECK_OK(munmap(m, 4096));
	close(fd);
	return 0;
}

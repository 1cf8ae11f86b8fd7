// SPDX-License-Identifier: GPL-2.0-or-later
// File seals on a memfd: F_SEAL_SHRINK and F_SEAL_GROW refuse size changes
// (EPERM), F_SEAL_WRITE is EBUSY while a writable shared mapping exists and
// then refuses write, punch and writable shared maps; F_SEAL_SEAL ends
// sealing; a read-only fd cannot add seals.
#include <fcntl.h>
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	char path[64], buf[16];
	int fd = CHECK_OK(memfd_create("seals", MFD_ALLOW_SEALING));

	CHECK_OK(ftruncate(fd, 4096));

	/* a read-only reopen cannot seal */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	int ro = CHECK_OK(open(path, O_RDONLY));
	CHECK_ERR(fcntl(ro, F_ADD_SEALS, F_SEAL_SHRINK), EPERM);
	CHECK(CHECK_OK(fcntl(ro, F_GET_SEALS)) == 0, "F_GET_SEALS on the reopen");
	close(ro);

	CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	CHECK_ERR(ftruncate(fd, 100), EPERM);
	CHECK_OK(ftruncate(fd, 8192));
	CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	CHECK(CHECK_OK(fcntl(fd, F_GET_SEALS)) == (F_SEAL_SHRINK | F_SEAL_GROW),
	      "seals after two adds");
	CHECK_ERR(ftruncate(fd, 8193), EPERM);
	CHECK_ERR(pwrite(fd, "x", 1, 8192), EPERM);
	CHECK(CHECK_OK(pwrite(fd, "in", 2, 100)) == 2, "write inside refused");
	CHECK_OK(ftruncate(fd, 8192));	/* no change: allowed */

	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
	CHECK_OK(munmap(m, 4096));
	/* read-only, but of a read-write fd: mprotect could make it writable */
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
	CHECK_OK(munmap(m, 4096));
	/* private mappings do not count */
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	CHECK_OK(munmap(m, 4096));

	CHECK_ERR(pwrite(fd, "x", 1, 0), EPERM);
	CHECK_ERR(write(fd, "x", 1), EPERM);
	CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
	      MAP_FAILED && errno == EPERM, "writable shared map of a sealed file");
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "read-only map: %s", strerror(errno));
	CHECK(m[100] == 'i', "map differs");
	CHECK_ERR(mprotect(m, 4096, PROT_READ | PROT_WRITE), EACCES);
	CHECK_OK(munmap(m, 4096));
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED, "private map: %s", strerror(errno));
	m[0] = 'p';
	CHECK_OK(munmap(m, 4096));
	CHECK(CHECK_OK(pread(fd, buf, 2, 100)) == 2 && !memcmp(buf, "in", 2),
	      "read of a sealed file");

	CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), EPERM);
	CHECK(CHECK_OK(fcntl(fd, F_GET_SEALS)) ==
	      (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE),
	      "final seals");
	close(fd);
	return 0;
}

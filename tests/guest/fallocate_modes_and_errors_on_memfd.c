// SPDX-License-Identifier: GPL-2.0-or-later
// fallocate(2) on a memfd (tmpfs): mode 0 grows the file, KEEP_SIZE does
// not, PUNCH_HOLE|KEEP_SIZE reads back as zeros; the argument errors
// (EINVAL, EBADF, ESPIPE, ENODEV, EFBIG, EOPNOTSUPP), seals (EPERM), and
// glibc's posix_fallocate.
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "guest.h"

static long blocks_of(int fd)
{
	struct stat st;

	CHECK_OK(fstat(fd, &st));
	return st.st_blocks;
}

static long size_of(int fd)
{
	struct stat st;

	CHECK_OK(fstat(fd, &st));
	return st.st_size;
}

int main(void)
{
	char buf[8192], zero[8192] = { 0 };
	int fd = CHECK_OK(memfd_create("falloc", MFD_ALLOW_SEALING));

	CHECK_OK(fallocate(fd, 0, 0, 10000));
	CHECK(size_of(fd) == 10000, "mode 0: size %ld", size_of(fd));
	CHECK(blocks_of(fd) >= 10000 / 512, "mode 0: blocks %ld", blocks_of(fd));
	CHECK_OK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 50000));
	CHECK(size_of(fd) == 10000, "KEEP_SIZE changed the size");
	CHECK(blocks_of(fd) >= 50000 / 512, "KEEP_SIZE: blocks %ld", blocks_of(fd));
	CHECK_OK(fallocate(fd, 0, 9000, 2000));
	CHECK(size_of(fd) == 11000, "mode 0 past the end: %ld", size_of(fd));

	memset(buf, 'd', sizeof(buf));
	CHECK(CHECK_OK(pwrite(fd, buf, 8192, 0)) == 8192, "short write");
	CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 6000));
	CHECK(size_of(fd) == 11000, "punch changed the size");
	CHECK(CHECK_OK(pread(fd, buf, 8192, 0)) == 8192, "short read");
	CHECK(buf[99] == 'd' && !memcmp(buf + 100, zero, 6000) && buf[6100] == 'd',
	      "punched range does not read as zeros");
	/* a hole to the end of all files: frames go */
	long before = blocks_of(fd);
	CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 6000,
			   LLONG_MAX - 6000));
	CHECK(blocks_of(fd) < before && blocks_of(fd) <= 16,
	      "blocks %ld after punching (%ld before)", blocks_of(fd), before);
	CHECK(size_of(fd) == 11000, "punch to the end changed the size");
	CHECK(CHECK_OK(pread(fd, buf, 8192, 0)) == 8192, "short read");
	CHECK(buf[99] == 'd' && !memcmp(buf + 100, zero, 8092),
	      "hole to the end does not read as zeros");

	/* errors, in Linux's order */
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, 0x10000, 0, 10), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_KEEP_SIZE, 0, 4096),
		  EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE |
			    FALLOC_FL_KEEP_SIZE, 0, 4096), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, 4096), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, 0, 0, 0), EINVAL);
	CHECK_ERR(fallocate(fd, 0, -1, 10), EINVAL);
	CHECK_ERR(fallocate(fd, 0, 0, -5), EINVAL);
	CHECK_ERR(fallocate(fd, 0, LLONG_MAX - 10, 100), EFBIG);
	CHECK_ERR(fallocate(-1, 0, 0, 10), EBADF);
	CHECK_ERR(fallocate(999, 0, 0, 10), EBADF);

	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	int ro = CHECK_OK(open(path, O_RDONLY));
	CHECK_ERR(fallocate(ro, 0, 0, 10), EBADF);
	close(ro);

	int p[2];
	CHECK_OK(pipe(p));
	CHECK_ERR(fallocate(p[1], 0, 0, 10), ESPIPE);
	int null = CHECK_OK(open("/dev/null", O_WRONLY));
	CHECK_ERR(fallocate(null, 0, 0, 10), ENODEV);

	/* glibc's posix_fallocate reports errors, not errno */
	CHECK(posix_fallocate(fd, 0, 20000) == 0, "posix_fallocate failed");
	CHECK(size_of(fd) == 20000, "posix_fallocate: size %ld", size_of(fd));
	CHECK(posix_fallocate(p[1], 0, 10) == ESPIPE, "posix_fallocate on a pipe");

	/* seals */
	CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	CHECK_ERR(fallocate(fd, 0, 19000, 2000), EPERM);
	CHECK_ERR(fallocate(fd, FALLOC_FL_KEEP_SIZE, 19000, 2000), EPERM);
	CHECK_OK(fallocate(fd, 0, 0, 2000));
	CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 10),
		  EPERM);
	return 0;
}

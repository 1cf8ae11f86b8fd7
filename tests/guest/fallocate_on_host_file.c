// SPDX-License-Identifier: GPL-2.0-or-later
// fallocate(2) on a file of the host tree (hostfs under umk: the host's
// fallocate on the open host fd): mode 0 grows it, KEEP_SIZE does not, a
// punched hole reads as zeros, and st_size/st_blocks follow.  Made next
// to the program (the build directory), not in /tmp (tmpfs under umk).
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include "guest.h"

int main(int argc, char **argv)
{
	char path[4096], dir[4096], buf[8192], zero[8192] = { 0 };
	struct stat st;
	int fd;

	(void)argc;
	snprintf(dir, sizeof(dir), "%s", argv[0]);
	snprintf(path, sizeof(path), "%s/fallocate-XXXXXX", dirname(dir));
	fd = CHECK_OK(mkstemp(path));
	CHECK_OK(unlink(path));

	CHECK_OK(fallocate(fd, 0, 0, 10000));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_size == 10000 && st.st_blocks >= 10000 / 512,
	      "mode 0: size %ld blocks %ld", (long)st.st_size, (long)st.st_blocks);
	CHECK_OK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 10000, 100000));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_size == 10000, "KEEP_SIZE: size %ld", (long)st.st_size);

	memset(buf, 'h', sizeof(buf));
	CHECK(CHECK_OK(pwrite(fd, buf, 8192, 0)) == 8192, "short write");
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 4096) == 0) {
		CHECK(CHECK_OK(pread(fd, buf, 8192, 0)) == 8192, "short read");
		CHECK(buf[4095] == 'h' && !memcmp(buf + 4096, zero, 4096),
		      "punched range does not read as zeros");
	} else {
		CHECK(errno == EOPNOTSUPP, "punch: %s", strerror(errno));
	}
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10), EOPNOTSUPP);
	CHECK(posix_fallocate(fd, 0, 30000) == 0, "posix_fallocate failed");
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_size == 30000, "posix_fallocate: size %ld", (long)st.st_size);
	close(fd);
	return 0;
}

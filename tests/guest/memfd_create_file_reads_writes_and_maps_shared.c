// SPDX-License-Identifier: GPL-2.0-or-later
// memfd_create gives a read-write anonymous file: write, pread, ftruncate
// and a MAP_SHARED mapping all see the same data; MFD_CLOEXEC sets
// FD_CLOEXEC; /proc/self/fd/N reads "/memfd:NAME (deleted)" and reopens it.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	char buf[64], link[256], path[64];
	struct stat st;
	int fd = CHECK_OK(memfd_create("guest-test", MFD_CLOEXEC));

	CHECK(CHECK_OK(fcntl(fd, F_GETFD)) == FD_CLOEXEC, "no FD_CLOEXEC");
	CHECK((CHECK_OK(fcntl(fd, F_GETFL)) & O_ACCMODE) == O_RDWR, "not O_RDWR");
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode) && st.st_size == 0 && st.st_nlink == 0,
	      "fstat: mode %o size %ld nlink %ld", st.st_mode, (long)st.st_size,
	      (long)st.st_nlink);

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ssize_t n = CHECK_OK(readlink(path, link, sizeof(link) - 1));
	link[n] = '\0';
	CHECK(!strcmp(link, "/memfd:guest-test (deleted)"), "readlink: %s", link);

	CHECK(CHECK_OK(write(fd, "hello memfd", 11)) == 11, "short write");
	CHECK(CHECK_OK(pread(fd, buf, sizeof(buf), 0)) == 11 &&
	      !memcmp(buf, "hello memfd", 11), "pread differs");

	CHECK_OK(ftruncate(fd, 8192));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_size == 8192, "size %ld after ftruncate", (long)st.st_size);
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(!memcmp(m, "hello memfd", 11) && m[8191] == 0, "map differs");
	memcpy(m + 4096, "through the map", 15);
	CHECK(CHECK_OK(pread(fd, buf, 15, 4096)) == 15 &&
	      !memcmp(buf, "through the map", 15), "map write not in the file");
	CHECK(CHECK_OK(pwrite(fd, "W", 1, 0)) == 1, "short pwrite");
	CHECK(m[0] == 'W', "file write not in the map");
	CHECK_OK(munmap(m, 8192));

	/* reopened through /proc: the same file */
	int fd2 = CHECK_OK(open(path, O_RDONLY));
	CHECK(CHECK_OK(read(fd2, buf, 5)) == 5 && !memcmp(buf, "Wello", 5),
	      "reopened file differs");
	CHECK_ERR(write(fd2, "x", 1), EBADF);
	close(fd2);

	CHECK_OK(ftruncate(fd, 3));
	CHECK(CHECK_OK(pread(fd, buf, sizeof(buf), 0)) == 3, "not truncated");
	close(fd);

	/* without MFD_CLOEXEC */
	fd = CHECK_OK(memfd_create("", 0));
	CHECK(CHECK_OK(fcntl(fd, F_GETFD)) == 0, "FD_CLOEXEC without MFD_CLOEXEC");
	close(fd);
	return 0;
}

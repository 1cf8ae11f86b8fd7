// SPDX-License-Identifier: GPL-2.0-or-later
// dup2, dup3 and fcntl(F_DUPFD, F_DUPFD_CLOEXEC) give the right numbers and
// close-on-exec flags, share the file offset, and reject bad arguments.
#include <fcntl.h>
#include "guest.h"

int main(void)
{
	int fd = CHECK_OK(open("/etc/os-release", O_RDONLY));

	CHECK(CHECK_OK(dup2(fd, 42)) == 42, "dup2 did not return 42");
	CHECK((CHECK_OK(fcntl(42, F_GETFD)) & FD_CLOEXEC) == 0,
	      "dup2 set FD_CLOEXEC");
	CHECK(CHECK_OK(dup2(fd, fd)) == fd, "dup2(fd, fd) is not fd");

	CHECK(CHECK_OK(dup3(fd, 43, O_CLOEXEC)) == 43, "dup3 did not return 43");
	CHECK(CHECK_OK(fcntl(43, F_GETFD)) & FD_CLOEXEC,
	      "dup3(O_CLOEXEC) did not set FD_CLOEXEC");
	CHECK_ERR(dup3(fd, fd, 0), EINVAL);
	CHECK_ERR(dup3(fd, 44, 0x1234), EINVAL);

	int c = CHECK_OK(fcntl(fd, F_DUPFD_CLOEXEC, 100));
	CHECK(c >= 100, "F_DUPFD_CLOEXEC gave %d, want >= 100", c);
	CHECK(CHECK_OK(fcntl(c, F_GETFD)) & FD_CLOEXEC,
	      "F_DUPFD_CLOEXEC did not set FD_CLOEXEC");
	int d = CHECK_OK(fcntl(fd, F_DUPFD, 100));
	CHECK(d > 100, "F_DUPFD gave %d, want > 100 (100 is taken)", d);
	CHECK((CHECK_OK(fcntl(d, F_GETFD)) & FD_CLOEXEC) == 0,
	      "F_DUPFD set FD_CLOEXEC");
	CHECK_OK(fcntl(d, F_SETFD, FD_CLOEXEC));
	CHECK(CHECK_OK(fcntl(d, F_GETFD)) & FD_CLOEXEC, "F_SETFD ignored");

	/* The duplicates share one open file, hence one offset. */
	char b;
	CHECK(CHECK_OK(read(42, &b, 1)) == 1, "read");
	CHECK(lseek(fd, 0, SEEK_CUR) == 1, "dup2's fd does not share the offset");

	CHECK_ERR(dup2(999, 5), EBADF);
	CHECK_ERR(dup2(fd, -1), EBADF);
	CHECK_ERR(dup2(fd, 1 << 30), EBADF);
	CHECK_ERR(fcntl(999, F_DUPFD, 0), EBADF);
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	CHECK_OK(close(42));
	CHECK_ERR(close(42), EBADF);
	return 0;
}

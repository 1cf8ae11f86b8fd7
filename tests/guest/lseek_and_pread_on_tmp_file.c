// SPDX-License-Identifier: GPL-2.0-or-later
// lseek SEEK_SET/CUR/END moves the offset, pread/pwrite do not; a negative
// offset fails with EINVAL.
#include <fcntl.h>
#include "guest.h"

int main(void)
{
	char path[256], buf[16];
	int fd = CHECK_OK(open(guest_path(path, sizeof(path), "s"),
			       O_RDWR | O_CREAT | O_TRUNC, 0600));

	CHECK(CHECK_OK(write(fd, "0123456789", 10)) == 10, "short write");
	CHECK(lseek(fd, 0, SEEK_CUR) == 10, "offset after write is not 10");
	CHECK(lseek(fd, 2, SEEK_SET) == 2, "SEEK_SET");
	CHECK(lseek(fd, 3, SEEK_CUR) == 5, "SEEK_CUR");
	CHECK(lseek(fd, -1, SEEK_END) == 9, "SEEK_END");
	CHECK_ERR(lseek(fd, -20, SEEK_CUR), EINVAL);
	CHECK_ERR(lseek(fd, 0, 42), EINVAL);

	CHECK(lseek(fd, 4, SEEK_SET) == 4, "SEEK_SET");
	CHECK(CHECK_OK(pread(fd, buf, 3, 7)) == 3, "short pread");
	CHECK(memcmp(buf, "789", 3) == 0, "pread read the wrong bytes");
	CHECK(CHECK_OK(pread(fd, buf, 3, 100)) == 0, "pread past EOF");
	CHECK(lseek(fd, 0, SEEK_CUR) == 4, "pread moved the offset");
	CHECK(CHECK_OK(pwrite(fd, "ab", 2, 0)) == 2, "short pwrite");
	CHECK(lseek(fd, 0, SEEK_CUR) == 4, "pwrite moved the offset");
	CHECK(CHECK_OK(read(fd, buf, 2)) == 2, "short read");
	CHECK(memcmp(buf, "45", 2) == 0, "read after pread: wrong bytes");

	/* Seeking past EOF and writing leaves a zero-filled hole. */
	CHECK(lseek(fd, 20, SEEK_SET) == 20, "seek past EOF");
	CHECK(CHECK_OK(write(fd, "x", 1)) == 1, "write past EOF");
	CHECK(CHECK_OK(pread(fd, buf, 12, 9)) == 12, "pread of the hole");
	CHECK(memcmp(buf, "9\0\0\0\0\0\0\0\0\0\0x", 12) == 0, "hole not zero");
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	close(fd);
	unlink(path);

	CHECK_ERR(pread(999, buf, 1, 0), EBADF);
	return 0;
}

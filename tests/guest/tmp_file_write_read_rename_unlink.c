// SPDX-License-Identifier: GPL-2.0-or-later
// /tmp is writable: create a file, write it, read it back, rename it,
// unlink it.
#include <fcntl.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	char a[256], b[256], buf[64];
	const char msg[] = "hello from the guest\n";
	struct stat st;

	guest_path(a, sizeof(a), "a");
	guest_path(b, sizeof(b), "b");

	int fd = CHECK_OK(open(a, O_WRONLY | O_CREAT | O_EXCL, 0644));
	CHECK(CHECK_OK(write(fd, msg, sizeof(msg))) == sizeof(msg),
	      "short write");
	CHECK_OK(close(fd));
	CHECK_ERR(open(a, O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);

	CHECK_OK(rename(a, b));
	CHECK_ERR(open(a, O_RDONLY), ENOENT);

	fd = CHECK_OK(open(b, O_RDONLY));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_size == sizeof(msg), "size %ld, want %zu",
	      (long)st.st_size, sizeof(msg));
	CHECK(S_ISREG(st.st_mode), "not a regular file");
	CHECK(CHECK_OK(read(fd, buf, sizeof(buf))) == sizeof(msg),
	      "short read");
	CHECK(memcmp(buf, msg, sizeof(msg)) == 0, "read back other bytes");
	CHECK(CHECK_OK(read(fd, buf, sizeof(buf))) == 0, "no EOF");
	CHECK_OK(close(fd));

	CHECK_OK(unlink(b));
	CHECK_ERR(unlink(b), ENOENT);
	CHECK_ERR(stat(b, &st), ENOENT);
	return 0;
}

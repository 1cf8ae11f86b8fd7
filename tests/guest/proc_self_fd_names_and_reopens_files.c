// SPDX-License-Identifier: GPL-2.0-or-later
// /proc/self/fd/N names the open file (with " (deleted)" once unlinked)
// and opening it reaches the same file; /proc/self is the caller's pid;
// /proc/self/exe is a symlink to the program.
#include <fcntl.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	char p[4096], link[64], buf[4096], want[4200];
	struct stat a, b;
	long n;
	int fd, fd2;

	fd = CHECK_OK(open(guest_path(p, sizeof(p), "named"), O_CREAT | O_RDWR, 0600));
	CHECK_OK(write(fd, "hello", 5));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = CHECK_OK(readlink(link, buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK(!strcmp(buf, p), "readlink %s = %s, want %s", link, buf, p);

	fd2 = CHECK_OK(open(link, O_RDONLY));
	CHECK_OK(fstat(fd, &a));
	CHECK_OK(fstat(fd2, &b));
	CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev, "reopen reached another file");
	CHECK(CHECK_OK(read(fd2, buf, sizeof(buf))) == 5, "reopened file has other contents");
	close(fd2);

	CHECK_OK(unlink(p));
	n = CHECK_OK(readlink(link, buf, sizeof(buf) - 1));
	buf[n] = 0;
	snprintf(want, sizeof(want), "%s (deleted)", p);
	CHECK(!strcmp(buf, want), "after unlink: %s", buf);
	close(fd);
	CHECK_ERR(readlink(link, buf, sizeof(buf)), ENOENT);

	n = CHECK_OK(readlink("/proc/self", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK(atoi(buf) == getpid(), "/proc/self -> %s, pid %d", buf, getpid());
	CHECK_OK(lstat("/proc/self/exe", &a));
	CHECK(S_ISLNK(a.st_mode), "/proc/self/exe is not a symlink");
	return 0;
}

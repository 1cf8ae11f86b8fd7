// SPDX-License-Identifier: GPL-2.0-or-later
// On a symlink (/etc/os-release -> ../usr/lib/os-release in Debian),
// lstat describes the link, stat and fstat the file it points to.
// Raw stat/lstat/fstat syscalls: glibc would use newfstatat for all three.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "guest.h"

int main(void)
{
	const char *link = "/etc/os-release";
	char target[256];
	struct stat l, s, f, t;

	CHECK_OK(syscall(SYS_lstat, link, &l));
	CHECK(S_ISLNK(l.st_mode), "lstat: %s is not a symlink", link);
	long n = CHECK_OK(readlink(link, target, sizeof(target) - 1));
	target[n] = 0;
	CHECK(l.st_size == n, "lstat size %ld, link length %ld",
	      (long)l.st_size, n);

	CHECK_OK(syscall(SYS_stat, link, &s));
	CHECK(S_ISREG(s.st_mode), "stat: %s is not a regular file", link);
	CHECK_OK(syscall(SYS_stat, "/usr/lib/os-release", &t));
	CHECK(s.st_ino == t.st_ino && s.st_dev == t.st_dev &&
	      s.st_size == t.st_size, "stat does not follow the link");
	CHECK(s.st_ino != l.st_ino, "stat and lstat give the same inode");

	int fd = CHECK_OK(open(link, O_RDONLY));
	CHECK_OK(syscall(SYS_fstat, fd, &f));
	CHECK(f.st_ino == s.st_ino && f.st_size == s.st_size &&
	      f.st_mode == s.st_mode, "fstat differs from stat");
	close(fd);

	CHECK_ERR(syscall(SYS_stat, "/nonexistent-umk", &s), ENOENT);
	CHECK_ERR(syscall(SYS_fstat, 999, &f), EBADF);
	return 0;
}

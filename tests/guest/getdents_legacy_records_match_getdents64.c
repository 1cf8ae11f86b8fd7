// SPDX-License-Identifier: GPL-2.0-or-later
// The legacy getdents(2) lists the same entries as getdents64(2), in its
// own record (d_ino, d_off, d_reclen, the name, d_type in the record's last
// byte, records 8-byte aligned); a buffer too small for one record is
// EINVAL, a file that is not a directory ENOTDIR, a bad fd EBADF.
#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "guest.h"

struct old_dirent {
	unsigned long d_ino;
	unsigned long d_off;
	unsigned short d_reclen;
	char d_name[];
};

struct new_dirent {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define N 40

int main(void)
{
	char top[] = "/tmp/getdentsXXXXXX", p[300];
	static char buf[1 << 16], buf64[1 << 16];
	int fd, seen = 0, seen64 = 0;
	long n, n64;

	CHECK(mkdtemp(top), "mkdtemp: %s", strerror(errno));
	for (int i = 0; i < N; i++) {
		snprintf(p, sizeof(p), "%s/%s%d", top, i % 2 ? "file-" : "d", i);
		if (i % 2)
			CHECK_OK(close(CHECK_OK(open(p, O_CREAT | O_WRONLY, 0644))));
		else
			CHECK_OK(mkdir(p, 0755));
	}
	fd = CHECK_OK(open(top, O_RDONLY | O_DIRECTORY));
	n = CHECK_OK(syscall(SYS_getdents, fd, buf, sizeof(buf)));
	CHECK_OK(lseek(fd, 0, SEEK_SET));
	n64 = CHECK_OK(syscall(SYS_getdents64, fd, buf64, sizeof(buf64)));
	for (long off = 0; off < n;) {
		struct old_dirent *d = (struct old_dirent *)(buf + off);
		unsigned char type = buf[off + d->d_reclen - 1];
		size_t len = strlen(d->d_name);

		CHECK(d->d_reclen % 8 == 0, "d_reclen %u", d->d_reclen);
		CHECK(offsetof(struct old_dirent, d_name) + len + 2 <= d->d_reclen,
		      "%s: record too short", d->d_name);
		if (d->d_name[0] == 'd')
			CHECK(type == DT_DIR, "%s: d_type %u", d->d_name, type);
		if (!strncmp(d->d_name, "file-", 5))
			CHECK(type == DT_REG, "%s: d_type %u", d->d_name, type);
		/* the same entry at the same place in getdents64's list */
		CHECK(seen64 < n64, "getdents64 has fewer entries");
		struct new_dirent *e = (struct new_dirent *)(buf64 + seen64);

		CHECK(!strcmp(e->d_name, d->d_name) && e->d_ino == d->d_ino &&
		      (unsigned long)e->d_off == d->d_off && e->d_type == type,
		      "entry %s differs from getdents64's %s", d->d_name, e->d_name);
		seen64 += e->d_reclen;
		off += d->d_reclen;
		seen++;
	}
	CHECK(seen == N + 2, "%d entries, want %d", seen, N + 2);
	CHECK(seen64 == n64, "getdents64 has more entries");

	CHECK_OK(lseek(fd, 0, SEEK_SET));
	CHECK_ERR(syscall(SYS_getdents, fd, buf, 10), EINVAL);
	CHECK_ERR(syscall(SYS_getdents, 999, buf, sizeof(buf)), EBADF);
	snprintf(p, sizeof(p), "%s/file-1", top);
	int ffd = CHECK_OK(open(p, O_RDONLY));

	CHECK_ERR(syscall(SYS_getdents, ffd, buf, sizeof(buf)), ENOTDIR);
	close(ffd);
	close(fd);
	for (int i = 0; i < N; i++) {
		snprintf(p, sizeof(p), "%s/%s%d", top, i % 2 ? "file-" : "d", i);
		if (i % 2)
			unlink(p);
		else
			rmdir(p);
	}
	rmdir(top);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
// getdents64 of /tmp lists a directory created there; getdents64 of that
// directory lists ".", ".." and the files created in it, each once.
#include <fcntl.h>
#include <sys/syscall.h>
#include "guest.h"

struct linux_dirent64 {
	unsigned long d_ino;
	long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* How many times NAME appears in directory DIR (raw getdents64, small
 * buffer so that several calls are needed). */
static int count(const char *dir, const char *name, int *entries)
{
	char buf[128];
	int n = 0, fd = CHECK_OK(open(dir, O_RDONLY | O_DIRECTORY));
	long len;

	*entries = 0;
	while ((len = CHECK_OK(syscall(SYS_getdents64, fd, buf, sizeof(buf)))) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			CHECK(d->d_reclen > 0 && off + d->d_reclen <= len,
			      "bad d_reclen %u", d->d_reclen);
			if (strcmp(d->d_name, name) == 0)
				n++;
			(*entries)++;
			off += d->d_reclen;
		}
	}
	close(fd);
	return n;
}

int main(void)
{
	const char *dir = guest_tmpdir();
	const char *names[] = { "alpha", "beta", "a-rather-long-file-name-to-"
				"need-more-than-one-getdents64-buffer" };
	char path[512];
	int entries;

	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		CHECK_OK(close(CHECK_OK(open(path, O_WRONLY | O_CREAT, 0600))));
	}
	CHECK(count("/tmp", strrchr(dir, '/') + 1, &entries) == 1,
	      "/tmp does not list %s once", dir);
	for (int i = 0; i < 3; i++)
		CHECK(count(dir, names[i], &entries) == 1,
		      "%s does not list %s once", dir, names[i]);
	CHECK(count(dir, ".", &entries) == 1, "no \".\"");
	CHECK(count(dir, "..", &entries) == 1, "no \"..\"");
	CHECK(entries == 5, "%d entries, want 5", entries);

	char buf[8];
	int fd = CHECK_OK(open(dir, O_RDONLY | O_DIRECTORY));
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), EINVAL);
	close(fd);
	fd = CHECK_OK(open("/etc/os-release", O_RDONLY));
	CHECK_ERR(syscall(SYS_getdents64, fd, path, sizeof(path)), ENOTDIR);
	close(fd);

	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		CHECK_OK(unlink(path));
	}
	return 0;
}

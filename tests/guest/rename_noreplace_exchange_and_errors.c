// SPDX-License-Identifier: GPL-2.0-or-later
// renameat2 RENAME_NOREPLACE refuses an existing target (EEXIST),
// RENAME_EXCHANGE swaps two names, both together are EINVAL; a directory
// cannot move into itself (EINVAL), a file cannot replace a directory
// (EISDIR), a directory cannot replace a file (ENOTDIR), nor a non-empty
// directory (ENOTEMPTY or EEXIST).
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include "guest.h"

static void put(const char *path, const char *text)
{
	int fd = CHECK_OK(open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644));

	CHECK_OK(write(fd, text, strlen(text)));
	close(fd);
}

static char got[64];

static const char *get(const char *path)
{
	int fd = CHECK_OK(open(path, O_RDONLY));
	long n = CHECK_OK(read(fd, got, sizeof(got) - 1));

	got[n] = 0;
	close(fd);
	return got;
}

int main(void)
{
	char a[4096], b[4096], d[4096], e[4096], x[4096];

	guest_path(a, sizeof(a), "a");
	guest_path(b, sizeof(b), "b");
	guest_path(d, sizeof(d), "d");
	guest_path(e, sizeof(e), "e");
	put(a, "A");
	put(b, "B");
	CHECK_OK(mkdir(d, 0755));
	CHECK_OK(mkdir(e, 0755));
	put(guest_path(x, sizeof(x), "e/inside"), "I");

	CHECK_ERR(renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE), EEXIST);
	CHECK_ERR(renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE | RENAME_EXCHANGE),
		  EINVAL);
	CHECK_OK(renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE));
	CHECK(!strcmp(get(a), "B") && !strcmp(get(b), "A"), "exchange did not swap");
	CHECK_ERR(renameat2(AT_FDCWD, a, AT_FDCWD, guest_path(x, sizeof(x), "nope"),
			    RENAME_EXCHANGE), ENOENT);

	CHECK_ERR(rename(d, guest_path(x, sizeof(x), "d/sub")), EINVAL);
	CHECK_ERR(rename(a, d), EISDIR);
	CHECK_ERR(rename(d, a), ENOTDIR);
	errno = 0;
	CHECK(rename(d, e) == -1 && (errno == ENOTEMPTY || errno == EEXIST),
	      "rename onto a non-empty directory: %s", strerrorname_np(errno));
	CHECK_OK(rename(a, b));
	CHECK(!strcmp(get(b), "B"), "rename did not replace");
	CHECK_ERR(access(a, F_OK), ENOENT);

	unlink(b);
	unlink(guest_path(x, sizeof(x), "e/inside"));
	rmdir(d);
	rmdir(e);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
// A name longer than 255 bytes, or a path of 4096 bytes or more (with its
// NUL), is ENAMETOOLONG for every call that takes a path: open, creat,
// mkdir, mknod, stat, lstat, access, chmod, chown, truncate, unlink, rmdir,
// rename (either side), link, symlink (the link's name; a target is up to
// 4095 bytes and need not resolve), readlink, utimensat, chdir and
// statfs, in /tmp and in the working directory.  Exactly 255 bytes is
// fine, and so is a path of 4095 bytes (with "/." and "//" in it).
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include "guest.h"

static const char *cwd_dir;

static void check_bad(const char *bad, const char *good)
{
	struct stat st;
	struct statfs sfs;
	char buf[16];

	CHECK_ERR(open(bad, O_RDONLY), ENAMETOOLONG);
	CHECK_ERR(open(bad, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	CHECK_ERR(creat(bad, 0644), ENAMETOOLONG);
	CHECK_ERR(mkdir(bad, 0755), ENAMETOOLONG);
	CHECK_ERR(mknod(bad, S_IFIFO | 0644, 0), ENAMETOOLONG);
	CHECK_ERR(stat(bad, &st), ENAMETOOLONG);
	CHECK_ERR(lstat(bad, &st), ENAMETOOLONG);
	CHECK_ERR(access(bad, F_OK), ENAMETOOLONG);
	CHECK_ERR(chmod(bad, 0644), ENAMETOOLONG);
	CHECK_ERR(chown(bad, -1, -1), ENAMETOOLONG);
	CHECK_ERR(truncate(bad, 0), ENAMETOOLONG);
	CHECK_ERR(unlink(bad), ENAMETOOLONG);
	CHECK_ERR(rmdir(bad), ENAMETOOLONG);
	CHECK_ERR(rename(good, bad), ENAMETOOLONG);
	CHECK_ERR(rename(bad, good), ENAMETOOLONG);
	CHECK_ERR(link(good, bad), ENAMETOOLONG);
	CHECK_ERR(link(bad, good), ENAMETOOLONG);
	CHECK_ERR(symlink("target", bad), ENAMETOOLONG);
	CHECK_ERR(readlink(bad, buf, sizeof(buf)), ENAMETOOLONG);
	CHECK_ERR(utimensat(AT_FDCWD, bad, NULL, 0), ENAMETOOLONG);
	CHECK_ERR(chdir(bad), ENAMETOOLONG);
	CHECK_ERR(statfs(bad, &sfs), ENAMETOOLONG);
	CHECK_OK(stat(good, &st));
}

static void check_in(const char *dir)
{
	static char name[300], bad[400], good[400], path[PATH_MAX + 16];
	char target[PATH_MAX], got[PATH_MAX];
	struct stat st;
	size_t n;
	int fd;

	/* a name of 255 bytes is fine, 256 is too long */
	memset(name, 'a', 255);
	name[255] = 0;
	snprintf(good, sizeof(good), "%s/%s", dir, name);
	fd = CHECK_OK(open(good, O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(stat(good, &st));
	snprintf(bad, sizeof(bad), "%s/%sb", dir, name);
	check_bad(bad, good);
	/* a long name in the middle of a path, too (the lookup stops there) */
	snprintf(bad, sizeof(bad), "%s/%sb/x", dir, name);
	check_bad(bad, good);

	/* a path of 4095 bytes resolves; 4096 is ENAMETOOLONG */
	n = snprintf(path, sizeof(path), "%s", dir);
	while (n + 2 <= PATH_MAX - 1 - 256)
		n += snprintf(path + n, sizeof(path) - n, "/.");
	while (n < PATH_MAX - 1 - 255)
		path[n++] = '/';
	strcpy(path + n, name);
	CHECK(strlen(path) == PATH_MAX - 1, "path of %zu bytes", strlen(path));
	CHECK_OK(stat(path, &st));
	memmove(path + 1, path, strlen(path) + 1);
	path[0] = '/';
	CHECK(strlen(path) == PATH_MAX, "path of %zu bytes", strlen(path));
	check_bad(path, good);

	/* a symlink's target may be 4095 bytes, not 4096 */
	memset(target, 'x', PATH_MAX - 1);
	target[PATH_MAX - 1] = 0;
	snprintf(bad, sizeof(bad), "%s/long-link", dir);
	CHECK_OK(symlink(target, bad));
	CHECK(readlink(bad, got, sizeof(got)) == PATH_MAX - 1,
	      "readlink of a 4095-byte target: %s", strerror(errno));
	CHECK(!memcmp(got, target, PATH_MAX - 1), "the target changed");
	CHECK_ERR(stat(bad, &st), ENAMETOOLONG);
	CHECK_OK(unlink(bad));
	{
		static char huge[PATH_MAX + 1];

		memset(huge, 'x', PATH_MAX);
		CHECK_ERR(symlink(huge, bad), ENAMETOOLONG);
	}
	CHECK_OK(unlink(good));
}

int main(void)
{
	check_in(guest_tmpdir());
	cwd_dir = guest_cwd_dir("nametoolong");
	check_in(cwd_dir);
	return 0;
}

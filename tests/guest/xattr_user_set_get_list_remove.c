// SPDX-License-Identifier: GPL-2.0-or-later
// user.* extended attributes of a file and a directory, in /tmp and in a
// directory of the working directory's file system (skipped, with a
// message, where that file system keeps no user attributes): set, get,
// list and remove in their path, l* and f* forms; XATTR_CREATE on an
// existing name is EEXIST, XATTR_REPLACE or remove of an absent one
// ENODATA; a size-0 get or list returns the size needed, a too small
// buffer is ERANGE; an empty value is kept; names of 256 bytes or empty
// are ERANGE, values over 64 KiB E2BIG; bad flags EINVAL; an O_PATH fd
// is EBADF; a file opened read-only may still get attributes set.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include "guest.h"

/* Whether the NUL-separated list (len bytes) holds name. */
static int in_list(const char *list, ssize_t len, const char *name)
{
	ssize_t off;

	for (off = 0; off < len; off += strlen(list + off) + 1)
		if (!strcmp(list + off, name))
			return 1;
	return 0;
}

static void checks(const char *path)
{
	char buf[256], list[1024], name[300];
	static char big[65537];
	ssize_t n;
	int fd;

	/* set and get */
	CHECK_OK(setxattr(path, "user.a", "hello", 5, 0));
	n = CHECK_OK(getxattr(path, "user.a", buf, sizeof(buf)));
	CHECK(n == 5 && !memcmp(buf, "hello", 5), "%s: user.a is %zd bytes", path, n);
	CHECK(getxattr(path, "user.a", NULL, 0) == 5, "size-0 get: not the size");
	CHECK_ERR(getxattr(path, "user.a", buf, 4), ERANGE);
	CHECK_ERR(getxattr(path, "user.none", buf, sizeof(buf)), ENODATA);

	/* flags */
	CHECK_ERR(setxattr(path, "user.a", "x", 1, XATTR_CREATE), EEXIST);
	CHECK_ERR(setxattr(path, "user.b", "x", 1, XATTR_REPLACE), ENODATA);
	CHECK_OK(setxattr(path, "user.a", "bye", 3, XATTR_REPLACE));
	n = CHECK_OK(getxattr(path, "user.a", buf, sizeof(buf)));
	CHECK(n == 3 && !memcmp(buf, "bye", 3), "replaced value: %zd bytes", n);
	CHECK_OK(setxattr(path, "user.b", "", 0, XATTR_CREATE));
	CHECK(getxattr(path, "user.b", buf, sizeof(buf)) == 0, "empty value: not 0 bytes");
	CHECK_ERR(setxattr(path, "user.c", "x", 1, XATTR_CREATE | XATTR_REPLACE | 4), EINVAL);

	/* list */
	n = CHECK_OK(listxattr(path, NULL, 0));
	CHECK(n >= (ssize_t)sizeof("user.a") + (ssize_t)sizeof("user.b"), "size-0 list: %zd", n);
	n = CHECK_OK(listxattr(path, list, sizeof(list)));
	CHECK(in_list(list, n, "user.a") && in_list(list, n, "user.b"), "list lacks user.a or user.b");
	CHECK_ERR(listxattr(path, list, 3), ERANGE);
	n = CHECK_OK(llistxattr(path, list, sizeof(list)));
	CHECK(in_list(list, n, "user.a"), "llistxattr lacks user.a");

	/* l* forms on the file itself */
	CHECK_OK(lsetxattr(path, "user.l", "l", 1, 0));
	CHECK(lgetxattr(path, "user.l", buf, sizeof(buf)) == 1, "lgetxattr");
	CHECK_OK(lremovexattr(path, "user.l"));

	/* f* forms */
	fd = CHECK_OK(open(path, O_RDONLY));
	CHECK_OK(fsetxattr(fd, "user.f", "ff", 2, 0));
	CHECK(fgetxattr(fd, "user.f", buf, sizeof(buf)) == 2 && !memcmp(buf, "ff", 2), "fgetxattr");
	n = CHECK_OK(flistxattr(fd, list, sizeof(list)));
	CHECK(in_list(list, n, "user.f"), "flistxattr lacks user.f");
	CHECK_OK(fremovexattr(fd, "user.f"));
	CHECK_ERR(fgetxattr(fd, "user.f", buf, sizeof(buf)), ENODATA);
	CHECK_ERR(fgetxattr(-1, "user.a", buf, sizeof(buf)), EBADF);
	close(fd);

	/* limits */
	memset(name, 'n', sizeof(name));
	memcpy(name, "user.", 5);
	name[255] = 0;
	CHECK_OK(setxattr(path, name, "x", 1, 0));	/* 255 bytes: fine */
	CHECK_OK(removexattr(path, name));
	name[255] = 'n';
	name[256] = 0;
	CHECK_ERR(setxattr(path, name, "x", 1, 0), ERANGE);
	CHECK_ERR(getxattr(path, name, buf, sizeof(buf)), ERANGE);
	CHECK_ERR(removexattr(path, name), ERANGE);
	CHECK_ERR(setxattr(path, "", "x", 1, 0), ERANGE);
	CHECK_ERR(setxattr(path, "user.big", big, sizeof(big), 0), E2BIG);

	/* remove */
	CHECK_OK(removexattr(path, "user.a"));
	CHECK_OK(removexattr(path, "user.b"));
	CHECK_ERR(removexattr(path, "user.a"), ENODATA);
	CHECK_ERR(getxattr(path, "user.a", buf, sizeof(buf)), ENODATA);
	n = CHECK_OK(listxattr(path, list, sizeof(list)));
	CHECK(!in_list(list, n, "user.a") && !in_list(list, n, "user.b"), "removed names still listed");
}

static void dir_checks(const char *dir)
{
	char file[512], path[512];
	int fd;

	snprintf(file, sizeof(file), "%s/file", dir);
	fd = CHECK_OK(open(file, O_CREAT | O_WRONLY, 0644));
	close(fd);
	if (setxattr(file, "user.probe", "1", 1, 0) < 0 && errno == EOPNOTSUPP) {
		printf("skipped %s: its file system keeps no user extended attributes\n", dir);
		CHECK_OK(unlink(file));
		return;
	}
	CHECK_OK(removexattr(file, "user.probe"));
	checks(file);
	checks(dir);

	/* O_PATH fds are EBADF */
	fd = CHECK_OK(open(file, O_PATH));
	CHECK_ERR(fsetxattr(fd, "user.p", "x", 1, 0), EBADF);
	close(fd);

	/* attributes go with the file: rename keeps them, unlink drops them */
	CHECK_OK(setxattr(file, "user.kept", "k", 1, 0));
	snprintf(path, sizeof(path), "%s/renamed", dir);
	CHECK_OK(rename(file, path));
	CHECK(getxattr(path, "user.kept", NULL, 0) == 1, "rename lost user.kept");
	CHECK_OK(unlink(path));
	fd = CHECK_OK(open(path, O_CREAT | O_WRONLY, 0644));
	close(fd);
	CHECK_ERR(getxattr(path, "user.kept", NULL, 0), ENODATA);
	CHECK_OK(unlink(path));
}

int main(void)
{
	char here[] = "xattr-test.XXXXXX", tmp[] = "/tmp/xattr-test.XXXXXX";

	CHECK(mkdtemp(here), "mkdtemp %s: %s", here, strerror(errno));
	dir_checks(here);
	CHECK_OK(rmdir(here));
	CHECK(mkdtemp(tmp), "mkdtemp %s: %s", tmp, strerror(errno));
	dir_checks(tmp);
	CHECK_OK(rmdir(tmp));
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
// On a read-only mount every change is EROFS: open for writing or
// creating, truncate, mkdir, mknod, symlink, link, unlink, rmdir, rename,
// chmod, chown, utimensat, access(W_OK); reading, stat and an O_CREAT open
// of an existing file without writing still work.  Linux's order of checks
// shows where a name is looked up first: a missing name to unlink, rmdir or
// rename is EROFS too, an existing one to create (mkdir, symlink, O_EXCL)
// is EEXIST, a missing one to chmod or link from is ENOENT.
//
// Natively the test takes a mount namespace of its own first (as root, or
// in a user namespace); umk has no unshare (ENOSYS) and a guest's mounts are
// its own anyway.
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "guest.h"

static char top[64];

static const char *at(const char *name)
{
	static char bufs[4][PATH_MAX];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, PATH_MAX, "%s/m/%s", top, name);
	return b;
}

static void private_tree(void)
{
	int ns = guest_private_ns(CLONE_NEWNS);

	if (ns >= 0)	/* natively: nothing leaks to the host's tree */
		CHECK_OK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
}

int main(void)
{
	struct timespec ts[2] = { { 1, 0 }, { 2, 0 } };
	char m[PATH_MAX], buf[8];
	struct stat st;
	int fd;

	snprintf(top, sizeof(top), "%s", guest_tmpdir());
	snprintf(m, sizeof(m), "%s/m", top);
	CHECK_OK(mkdir(m, 0755));
	private_tree();
	CHECK_OK(mount("ro-test", m, "tmpfs", 0, "mode=0755"));
	fd = CHECK_OK(open(at("f"), O_CREAT | O_WRONLY, 0644));
	CHECK(write(fd, "data", 4) == 4, "write: %s", strerror(errno));
	CHECK_OK(close(fd));
	CHECK_OK(mkdir(at("d"), 0755));
	CHECK_OK(mkdir(at("full"), 0755));
	fd = CHECK_OK(open(at("full/x"), O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(symlink("f", at("l")));
	CHECK_OK(mount(NULL, m, NULL, MS_REMOUNT | MS_RDONLY, NULL));

	/* what still works */
	fd = CHECK_OK(open(at("f"), O_RDONLY));
	CHECK(read(fd, buf, sizeof(buf)) == 4, "read: %s", strerror(errno));
	CHECK_ERR(ftruncate(fd, 0), EINVAL);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(at("f"), O_CREAT | O_RDONLY, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(stat(at("l"), &st));
	CHECK_OK(access(at("f"), R_OK));
	CHECK_OK(access(at("d"), X_OK));

	/* every change */
	CHECK_ERR(open(at("f"), O_WRONLY), EROFS);
	CHECK_ERR(open(at("f"), O_RDWR), EROFS);
	CHECK_ERR(open(at("f"), O_RDONLY | O_TRUNC), EROFS);
	CHECK_ERR(open(at("new"), O_CREAT | O_WRONLY, 0644), EROFS);
	CHECK_ERR(open(at("new"), O_CREAT | O_RDONLY, 0644), EROFS);
	CHECK_ERR(access(at("f"), W_OK), EROFS);
	CHECK_ERR(access(at("d"), W_OK), EROFS);
	CHECK_ERR(truncate(at("f"), 0), EROFS);
	CHECK_ERR(mkdir(at("newdir"), 0755), EROFS);
	CHECK_ERR(mknod(at("fifo"), S_IFIFO | 0644, 0), EROFS);
	CHECK_ERR(symlink("f", at("newlink")), EROFS);
	CHECK_ERR(link(at("f"), at("newhard")), EROFS);
	CHECK_ERR(unlink(at("f")), EROFS);
	CHECK_ERR(unlink(at("l")), EROFS);
	CHECK_ERR(rmdir(at("d")), EROFS);
	CHECK_ERR(rmdir(at("full")), EROFS);
	CHECK_ERR(rename(at("f"), at("g")), EROFS);
	CHECK_ERR(rename(at("f"), at("d/f")), EROFS);
	CHECK_ERR(renameat2(AT_FDCWD, at("f"), AT_FDCWD, at("d"),
			    RENAME_EXCHANGE), EROFS);
	CHECK_ERR(chmod(at("f"), 0600), EROFS);
	CHECK_ERR(chown(at("f"), -1, -1), EROFS);
	CHECK_ERR(lchown(at("l"), -1, -1), EROFS);
	CHECK_ERR(utimensat(AT_FDCWD, at("f"), ts, 0), EROFS);
	CHECK_ERR(utimensat(AT_FDCWD, at("f"), NULL, 0), EROFS);
	fd = CHECK_OK(open(at("f"), O_RDONLY));
	CHECK_ERR(fchmod(fd, 0600), EROFS);
	CHECK_ERR(fchown(fd, -1, -1), EROFS);
	CHECK_ERR(futimens(fd, NULL), EROFS);
	CHECK_OK(close(fd));

	/* where the name is looked up first */
	CHECK_ERR(unlink(at("missing")), EROFS);
	CHECK_ERR(rmdir(at("missing")), EROFS);
	CHECK_ERR(rename(at("missing"), at("g")), EROFS);
	CHECK_ERR(mkdir(at("d"), 0755), EEXIST);
	CHECK_ERR(symlink("x", at("f")), EEXIST);
	CHECK_ERR(open(at("f"), O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK_ERR(chmod(at("missing"), 0600), ENOENT);
	CHECK_ERR(link(at("missing"), at("new")), ENOENT);
	CHECK_ERR(truncate(at("missing"), 0), ENOENT);

	CHECK_OK(umount(m));
	CHECK_OK(rmdir(m));
	return 0;
}

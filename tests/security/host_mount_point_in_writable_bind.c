// SPDX-License-Identifier: GPL-2.0-or-later
// A host file system mounted inside the writable bind (a host mount point
// in the tree) is not entered: hostfs never crosses host mounts, so its
// files cannot be opened or listed (EACCES), and the mounted root itself
// cannot be changed through the name either: chmod, chown, utimes, mkdir
// and create in it, rename and rmdir of it all fail, and nothing reads its
// canary.  The same for a host file bind-mounted on a file of the bind:
// no open, truncate, chmod, utimes, unlink, rename or hard link.  tests/run-tests mounts the host tmpfs in a mount namespace of
// its own and checks the mounted root and its canary after the run (see
// host_mount_wrapper).  See escape.h for the box.
// umk-only: the box of mounts exists only under umk.
// host-mount: mnt
#include <sys/time.h>
#include "escape.h"

int main(void)
{
	const char *m = getenv("UMK_TEST_HOST_MOUNT");
	struct timespec times[2] = { { 1, 0 }, { 2, 0 } };
	char mnt[PATH_MAX];
	struct stat st;
	int fd;

	box_init("hostmount");
	CHECK(m && m[0] == '/', "UMK_TEST_HOST_MOUNT is not set");
	CHECK(strlen(m) < sizeof(mnt), "UMK_TEST_HOST_MOUNT is too long");
	strcpy(mnt, m);

	/* It is there (stat shows the mounted root, as on Linux)... */
	CHECK_OK(lstat(mnt, &st));
	CHECK(S_ISDIR(st.st_mode), "%s is not a directory", mnt);
	/* ... but not to be entered ... */
	expect_fail(open(mnt, O_RDONLY | O_DIRECTORY), EACCES, "opendir(mount point)");
	expect_fail(open(P("%s/canary", mnt), O_RDONLY), EACCES, "open(mount/canary)");
	try_open_close(AT_FDCWD, P("%s/canary", mnt), O_RDONLY, "open(mount/canary)");
	expect_fail(open(P("%s/new", mnt), O_WRONLY | O_CREAT, 0644), EACCES,
		    "create in the mount");
	expect_fail(mkdir(P("%s/new", mnt), 0755), EACCES, "mkdir in the mount");
	if (chdir(mnt) == 0) {	/* a place in umk's tree, but nothing in it */
		expect_fail(open("canary", O_RDONLY), EACCES, "chdir(mount); open(canary)");
		expect_fail(open(".", O_RDONLY), EACCES, "chdir(mount); open(.)");
		CHECK_OK(chdir("/"));
	}
	/* ... nor changed through its name. */
	expect_fail(chmod(mnt, 0777), EACCES, "chmod(mount point)");
	expect_fail(chmod(mnt, 0700), EACCES, "chmod(mount point, 0700)");
	expect_fail(utimensat(AT_FDCWD, mnt, times, 0), EACCES, "utimensat(mount point)");
	expect_fail(utimensat(AT_FDCWD, mnt, times, AT_SYMLINK_NOFOLLOW), EACCES,
		    "utimensat(mount point, NOFOLLOW)");
	expect_fail(utimes(mnt, NULL), EACCES, "utimes(mount point, now)");
	expect_fail(chown(mnt, 65534, 65534), 0, "chown(mount point)");
	expect_fail(rmdir(mnt), 0, "rmdir(mount point)");
	expect_fail(rename(mnt, P("%s/moved", work)), 0, "rename(mount point)");
	expect_fail(link(P("%s/canary", mnt), P("%s/hard", work)), 0,
		    "link(mount/canary)");
	/* Through a symlink and a directory fd of the bind. */
	CHECK_OK(symlink(mnt, P("%s/to-mount", work)));
	expect_fail(chmod(P("%s/to-mount", work), 0777), EACCES, "chmod(link to mount)");
	expect_fail(open(P("%s/to-mount/canary", work), O_RDONLY), EACCES,
		    "open(link to mount/canary)");
	fd = CHECK_OK(open(box_rw, O_RDONLY | O_DIRECTORY));
	expect_fail(fchmodat(fd, "mnt", 0777, 0), EACCES, "fchmodat(bind fd, mnt)");
	expect_fail(utimensat(fd, "mnt", NULL, 0), EACCES, "utimensat(bind fd, mnt)");
	try_open_close(fd, "mnt/canary", O_RDONLY, "openat(bind fd, mnt/canary)");
	close(fd);

	/* A file mounted on a file of the bind (the canary again). */
	char file[PATH_MAX + 8];

	snprintf(file, sizeof(file), "%s.file", mnt);
	CHECK_OK(lstat(file, &st));
	try_open_close(AT_FDCWD, file, O_RDONLY, "open(file mount)");
	expect_fail(open(file, O_RDONLY), EACCES, "open(file mount)");
	expect_fail(open(file, O_WRONLY | O_APPEND), EACCES, "open(file mount, O_WRONLY)");
	expect_fail(open(file, O_WRONLY | O_TRUNC), EACCES, "open(file mount, O_TRUNC)");
	expect_fail(truncate(file, 0), EACCES, "truncate(file mount)");
	expect_fail(chmod(file, 0666), EACCES, "chmod(file mount)");
	expect_fail(utimes(file, NULL), EACCES, "utimes(file mount)");
	expect_fail(unlink(file), 0, "unlink(file mount)");
	expect_fail(rename(file, P("%s/moved", work)), 0, "rename(file mount)");
	expect_fail(link(file, P("%s/hard", work)), 0, "link(file mount)");
	try_stat(AT_FDCWD, P("%s/hard", work), "stat(hard link of the file mount)");
	try_open_close(AT_FDCWD, P("%s/hard", work), O_RDONLY, "open(hard link of file mount)");
	return box_done();
}

// SPDX-License-Identifier: GPL-2.0-or-later
// Hard links cannot reach or copy a file from outside the writable bind:
// the canaries cannot be named (the guest's BOX is an empty tmpfs), a link
// from the read-only bind into the writable one or from the writable bind
// into a tmpfs crosses mounts (EXDEV), a link into the read-only bind is
// EROFS, also when the source is named by an O_PATH fd (AT_EMPTY_PATH) or
// /proc/self/fd/N (AT_SYMLINK_FOLLOW), and a link of a symlink that points
// outside links the symlink itself, never its target.  See escape.h.
// umk-only: the box of mounts exists only under umk.
#include "escape.h"

int main(void)
{
	int fd, pfd;

	box_init("links");
	CHECK_OK(chdir(work));
	fd = CHECK_OK(open("file", O_WRONLY | O_CREAT, 0644));
	close(fd);

	/* The canaries cannot even be named. */
	expect_fail(link(P("%s/canary", box), "c1"), ENOENT, "link(BOX/canary)");
	expect_fail(link(P("%s/canary", box_hidden), "c2"), ENOENT,
		    "link(BOX/rw/hidden/canary)");
	expect_fail(link(P("%s/../canary", box_rw), "c3"), ENOENT,
		    "link(BOX/rw/../canary)");
	expect_fail(link("../../canary", "c4"), ENOENT, "link(../../canary)");
	expect_fail(link(P("/proc/self/root%s/canary", box), "c5"), ENOENT,
		    "link(/proc/self/root/BOX/canary)");

	/* Across mounts: EXDEV; into the read-only bind: EROFS first (Linux
	 * checks the new name's mount before comparing the two). */
	expect_fail(link(P("%s/file", box_ro), "ro-file"), EXDEV, "link(ro/file, rw)");
	expect_fail(link("file", P("%s/file2", box_ro)), EROFS, "link(rw, ro)");
	expect_fail(link(P("%s/file", box_ro), P("%s/file2", box_ro)), EROFS,
		    "link(ro/file, ro/file2)");
	expect_fail(link("file", P("%s/file", box)), EXDEV, "link(rw, BOX tmpfs)");
	expect_fail(link("file", P("%s/file", box_hidden)), EXDEV,
		    "link(rw, rw/hidden tmpfs)");
	expect_fail(link("file", "/tmp/file"), EXDEV, "link(rw, /tmp)");
	expect_fail(link("/etc/passwd", "passwd"), EXDEV, "link(/etc/passwd, rw)");

	/* The source named by an fd. */
	pfd = CHECK_OK(open(P("%s/file", box_ro), O_PATH));
	expect_fail(linkat(pfd, "", AT_FDCWD, "ro-by-fd", AT_EMPTY_PATH), EXDEV,
		    "linkat(O_PATH fd of ro/file, AT_EMPTY_PATH)");
	expect_fail(linkat(AT_FDCWD, P("/proc/self/fd/%d", pfd), AT_FDCWD,
			   "ro-by-proc", AT_SYMLINK_FOLLOW),
		    EXDEV, "linkat(/proc/self/fd/N of ro/file, FOLLOW)");
	close(pfd);
	pfd = CHECK_OK(open(box_hidden, O_PATH | O_DIRECTORY));
	expect_fail(linkat(pfd, "canary", AT_FDCWD, "hidden-by-fd", 0), ENOENT,
		    "linkat(fd of rw/hidden, canary)");
	close(pfd);

	/* A symlink pointing outside, linked: the link itself. */
	CHECK_OK(symlink("../../canary", "sym"));
	CHECK_OK(link("sym", "sym-hard"));
	{
		struct stat a, b;

		CHECK_OK(lstat("sym", &a));
		CHECK_OK(lstat("sym-hard", &b));
		nattempts++;
		if (!S_ISLNK(b.st_mode) || a.st_ino != b.st_ino)
			LEAK("link(sym) is not the symlink itself");
		check_stat(&b, "link(sym)");
	}
	expect_fail(linkat(AT_FDCWD, "sym", AT_FDCWD, "sym-follow", AT_SYMLINK_FOLLOW),
		    ENOENT, "linkat(sym -> ../../canary, FOLLOW)");
	CHECK_OK(symlink(P("%s/file", box_ro), "sym-ro"));
	expect_fail(linkat(AT_FDCWD, "sym-ro", AT_FDCWD, "sym-ro-follow",
			   AT_SYMLINK_FOLLOW),
		    EXDEV, "linkat(sym -> ro/file, FOLLOW)");
	try_open_close(AT_FDCWD, "sym-hard", O_RDONLY, "open(sym-hard)");

	/* Directories cannot be linked, not even the bind's root. */
	expect_fail(link(".", "dot"), EPERM, "link(.)");
	expect_fail(link(box_rw, "root"), EPERM, "link(BOX/rw)");
	expect_fail(link(box_hidden, "hidden"), EXDEV, "link(BOX/rw/hidden)");
	return box_done();
}

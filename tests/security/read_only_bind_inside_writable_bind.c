// SPDX-License-Identifier: GPL-2.0-or-later
// A read-only bind inside a writable one (BOX/rw/rosub) cannot be written
// through its writable parent: not by path, not through symlinks or
// directory fds made in the writable bind, not by renaming, exchanging,
// removing or linking the mountpoint or its files (EROFS, EBUSY, EXDEV).
// run-tests checks that the host's BOX/rw/rosub and its file did not
// change.  See escape.h for the box.
// umk-only: the box of mounts exists only under umk.
#include <sys/time.h>
#include "escape.h"

int main(void)
{
	int fd, rofd;

	box_init("ro-inside");
	CHECK_OK(chdir(work));
	CHECK_OK(mkdir("d", 0755));
	fd = CHECK_OK(open("f", O_WRONLY | O_CREAT, 0644));
	close(fd);

	/* By path, and through symlinks made in the writable bind. */
	CHECK_OK(symlink(box_rosub, "to-rosub"));
	CHECK_OK(symlink(P("%s/file", box_rosub), "to-file"));
	CHECK_OK(symlink("../rosub/new", "to-new"));
	const char *files[] = { P("%s/file", box_rosub), "to-file", "to-rosub/file",
				"../rosub/file", "../rosub/sub/../file" };

	for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[PATH_MAX];

		strcpy(path, files[i]);
		expect_fail(open(path, O_WRONLY), EROFS, P("open(%s, O_WRONLY)", path));
		expect_fail(open(path, O_RDWR | O_APPEND), EROFS, P("open(%s, O_RDWR)", path));
		expect_fail(open(path, O_RDONLY | O_TRUNC), EROFS, P("open(%s, O_TRUNC)", path));
		expect_fail(truncate(path, 0), EROFS, P("truncate(%s)", path));
		expect_fail(chmod(path, 0777), EROFS, P("chmod(%s)", path));
		expect_fail(utimes(path, NULL), EROFS, P("utimes(%s)", path));
		if (strcmp(path, "to-file"))	/* (that would be the link) */
			expect_fail(unlink(path), EROFS, P("unlink(%s)", path));
	}
	expect_fail(open("to-new", O_WRONLY | O_CREAT, 0644), EROFS, "create through a link");
	expect_fail(mkdir("to-rosub/new", 0755), EROFS, "mkdir through a link");
	expect_fail(mkdir("../rosub/new", 0755), EROFS, "mkdir ../rosub/new");
	expect_fail(symlink("x", "../rosub/new"), EROFS, "symlink in rosub");
	expect_fail(mkfifo("../rosub/new", 0644), EROFS, "mkfifo in rosub");

	/* From directory fds of it (opened through the writable parent). */
	rofd = CHECK_OK(open("../rosub", O_RDONLY | O_DIRECTORY));
	expect_fail(openat(rofd, "file", O_WRONLY), EROFS, "openat(rosub fd, file, O_WRONLY)");
	expect_fail(openat(rofd, "new", O_WRONLY | O_CREAT, 0644), EROFS,
		    "openat(rosub fd, new, O_CREAT)");
	expect_fail(fchmodat(rofd, "file", 0777, 0), EROFS, "fchmodat(rosub fd, file)");
	expect_fail(unlinkat(rofd, "file", 0), EROFS, "unlinkat(rosub fd, file)");
	expect_fail(unlinkat(rofd, "sub", AT_REMOVEDIR), EROFS, "rmdir(rosub/sub)");
	expect_fail(fchmod(rofd, 0777), EROFS, "fchmod(rosub fd)");
	expect_fail(renameat(rofd, "file", rofd, "file2"), EROFS, "rename in rosub");
	expect_fail(renameat(rofd, "file", AT_FDCWD, "stolen"), EXDEV,
		    "rename(rosub/file, rw)");
	expect_fail(renameat(AT_FDCWD, "f", rofd, "file"), EXDEV,
		    "rename(rw/f over rosub/file)");
	expect_fail(linkat(rofd, "file", AT_FDCWD, "hard", 0), EXDEV, "link(rosub/file, rw)");
	expect_fail(linkat(AT_FDCWD, "f", rofd, "hard", 0), EROFS, "link(rw/f, rosub)");

	/* The mountpoint itself, from the writable parent. */
	expect_fail(rename("../rosub", "moved"), EBUSY, "rename(rosub)");
	expect_fail(rename("d", "../rosub"), EBUSY, "rename(d over rosub)");
	expect_fail(syscall(SYS_renameat2, AT_FDCWD, "d", AT_FDCWD, "../rosub",
			    RENAME_EXCHANGE),
		    EBUSY, "renameat2(d, rosub, EXCHANGE)");
	expect_fail(rmdir("../rosub"), EBUSY, "rmdir(rosub)");
	expect_fail(unlink("../rosub"), EISDIR, "unlink(rosub)");
	expect_fail(chmod("../rosub", 0777), EROFS, "chmod(rosub)");
	expect_fail(mkdir("../rosub", 0755), EEXIST, "mkdir(rosub)");
	expect_fail(symlink("/", "../rosub"), EEXIST, "symlink(rosub)");

	/* Its contents read as they were. */
	char buf[32] = "";

	fd = CHECK_OK(openat(rofd, "file", O_RDONLY));
	CHECK(read(fd, buf, sizeof(buf) - 1) > 0 && !strcmp(buf, "read-only\n"),
	      "rosub/file reads '%s'", buf);
	close(fd);
	close(rofd);
	return box_done();
}

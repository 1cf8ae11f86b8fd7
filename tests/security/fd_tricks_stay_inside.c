// SPDX-License-Identifier: GPL-2.0-or-later
// File descriptors give no way out of the guest's tree: an O_PATH fd of a
// bind root or of a tmpfs over a host directory, used with openat "..",
// fchdir, fstatat and AT_EMPTY_PATH, reaches only the guest's places;
// O_PATH fds cannot be read, listed, chmod'ed or written; an O_PATH fd of
// a symlink that points outside is the link, not its target; a file's fd
// is not a directory to walk from; and fds dup'ed and inherited across
// fork, while the other process moves the directory they name around, stay
// in the guest's tree.  See escape.h for the box.
// umk-only: the box of mounts exists only under umk.
#include <sys/time.h>
#include "escape.h"

static void from_fd(int fd, const char *dir, const char *parent)
{
	char cwd[PATH_MAX];
	int pfd;

	pfd = try_openat(fd, "..", O_RDONLY | O_DIRECTORY, "openat(fd, ..)");
	if (pfd < 0)
		LEAK("openat(fd of %s, ..): %s", dir, strerror(errno));
	else {
		expect_fd_is(pfd, parent, "openat(fd, ..)");
		close(pfd);
	}
	try_open_close(fd, "../canary", O_RDONLY, "openat(fd, ../canary)");
	try_open_close(fd, "../../canary", O_RDONLY, "openat(fd, ../../canary)");
	try_open_close(fd, "canary", O_RDONLY, "openat(fd, canary)");
	try_open_close(fd, "hidden/canary", O_RDONLY, "openat(fd, hidden/canary)");
	try_open_close(fd, "../canary", O_PATH, "openat(fd, ../canary, O_PATH)");
	try_stat(fd, "../canary", "fstatat(fd, ../canary)");
	try_stat(fd, "canary", "fstatat(fd, canary)");
	{
		struct stat st;

		nattempts++;
		if (fstatat(fd, "", &st, AT_EMPTY_PATH) == 0)
			check_stat(&st, "fstatat(fd, \"\", AT_EMPTY_PATH)");
	}
	CHECK_OK(fchdir(fd));
	CHECK(getcwd(cwd, sizeof(cwd)), "getcwd: %s", strerror(errno));
	if (strcmp(cwd, dir))
		LEAK("fchdir(fd of %s): getcwd says %s", dir, cwd);
	try_open_close(AT_FDCWD, "../canary", O_RDONLY, "fchdir(fd); ../canary");
	CHECK_OK(chdir(".."));
	expect_same(".", parent, "fchdir(fd); chdir(..)");
	try_open_close(AT_FDCWD, "canary", O_RDONLY, "fchdir(fd); chdir(..); canary");
	CHECK_OK(chdir("/"));
}

int main(void)
{
	char buf[256], up[PATH_MAX];
	int fd, fd2;

	box_init("fds");
	CHECK(realpath(P("%s/..", box), up), "realpath: %s", strerror(errno));

	/* O_PATH and plain directory fds of the mount roots. */
	const char *dirs[][2] = {
		{ box_rw, box }, { box_ro, box }, { box_hidden, box_rw },
		{ box, up }, { work, box_rw },
	};
	for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		for (int k = 0; k < 3; k++) {
			fd = CHECK_OK(open(dirs[i][0], (k == 0 ? O_PATH : O_RDONLY) |
						       O_DIRECTORY));
			if (k == 2) {	/* a dup of it */
				fd2 = CHECK_OK(dup(fd));
				close(fd);
				fd = fd2;
			}
			from_fd(fd, dirs[i][0], dirs[i][1]);
			close(fd);
		}

	/* O_PATH fds do no I/O. */
	fd = CHECK_OK(open(box_hidden, O_PATH | O_DIRECTORY));
	expect_fail(syscall(SYS_getdents64, fd, buf, sizeof(buf)), EBADF,
		    "getdents64(O_PATH fd)");
	expect_fail(fchmod(fd, 0777), EBADF, "fchmod(O_PATH fd)");
	expect_fail(fchown(fd, 0, 0), EBADF, "fchown(O_PATH fd)");
	close(fd);
	fd = CHECK_OK(open(P("%s/file", box_ro), O_PATH));
	expect_fail(read(fd, buf, sizeof(buf)), EBADF, "read(O_PATH fd)");
	expect_fail(write(fd, "x", 1), EBADF, "write(O_PATH fd)");
	expect_fail(ftruncate(fd, 0), EBADF, "ftruncate(O_PATH fd)");
	/* A file's fd is no directory to walk from. */
	expect_fail(openat(fd, "..", O_RDONLY), ENOTDIR, "openat(file fd, ..)");
	expect_fail(openat(fd, "../../canary", O_RDONLY), ENOTDIR,
		    "openat(file fd, ../../canary)");
	close(fd);

	/* An O_PATH fd of a symlink pointing outside: the link itself. */
	CHECK_OK(chdir(work));
	CHECK_OK(symlink("../../canary", "out"));
	CHECK_OK(symlink(P("%s/canary", box_hidden), "out-abs"));
	const char *links[] = { "out", "out-abs" };

	for (unsigned i = 0; i < 2; i++) {
		struct stat st;

		fd = CHECK_OK(open(links[i], O_PATH | O_NOFOLLOW));
		CHECK_OK(fstat(fd, &st));
		CHECK(S_ISLNK(st.st_mode), "O_PATH|O_NOFOLLOW of %s is not the link",
		      links[i]);
		check_stat(&st, "O_PATH fd of a symlink");
		nattempts++;
		if (fstatat(fd, "", &st, AT_EMPTY_PATH) == 0)
			check_stat(&st, "fstatat(link fd, \"\", AT_EMPTY_PATH)");
		/* Reopening through /proc follows the link's text, in the
		 * guest's tree: nothing there. */
		try_open_close(AT_FDCWD, P("/proc/self/fd/%d", fd), O_RDONLY,
			       "open(/proc/self/fd/N of a link fd)");
		expect_fail(openat(fd, "", O_RDONLY), ENOENT, "openat(link fd, \"\")");
		/* A hard link of it (AT_EMPTY_PATH) is the link again. */
		nattempts++;
		if (linkat(fd, "", AT_FDCWD, "hard", AT_EMPTY_PATH) == 0) {
			CHECK_OK(lstat("hard", &st));
			if (!S_ISLNK(st.st_mode))
				LEAK("linkat(fd of the link %s, AT_EMPTY_PATH) is no link",
				     links[i]);
			check_stat(&st, "linkat(link fd, AT_EMPTY_PATH)");
			CHECK_OK(unlink("hard"));
		}
		close(fd);
	}

	/* fds inherited across fork and dup'ed, while the child moves the
	 * directory they name up and down, and renames the bind's parts. */
	CHECK_OK(mkdir(P("%s/a", work), 0755));
	CHECK_OK(mkdir(P("%s/a/b", work), 0755));
	fd = CHECK_OK(open(P("%s/a/b", work), O_RDONLY | O_DIRECTORY));
	fd2 = CHECK_OK(dup(fd));
	pid_t child = fork();

	CHECK(child >= 0, "fork: %s", strerror(errno));
	if (child == 0) {
		char from[PATH_MAX], to[PATH_MAX];

		strcpy(from, P("%s/a/b", work));
		strcpy(to, P("%s/b", box_rw));
		for (int i = 0; i < 2000; i++) {
			if (rename(from, to) || rename(to, from))
				_exit(2);
			/* The child's copy, used too. */
			int c = openat(fd2, "../../../../canary", O_RDONLY);

			if (c >= 0)
				_exit(3);
		}
		CHECK_OK(fchdir(fd2));
		for (int i = 0; i < 64; i++)
			CHECK_OK(chdir(".."));
		_exit(open("canary", O_RDONLY) >= 0 ? 3 : 0);
	}
	for (int i = 0; i < 2000; i++) {
		const char *rels[] = { "../canary", "../../canary", "../../../canary",
				       "../../../../canary", "../../hidden/canary",
				       "../../../hidden/canary" };

		for (unsigned r = 0; r < sizeof(rels) / sizeof(rels[0]); r++)
			try_open_close(i % 2 ? fd : fd2, rels[r], O_RDONLY,
				       "openat(inherited fd, ..chain) while moved");
	}
	int status;

	CHECK_OK(waitpid(child, &status, 0));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		LEAK("the child (moving the directory, using its fds) ended with %#x",
		     status);
	expect_fd_is(fd, P("%s/a/b", work), "the fd after the moves");
	close(fd);
	close(fd2);
	CHECK_OK(rmdir(P("%s/a/b", work)));
	CHECK_OK(rmdir(P("%s/a", work)));
	CHECK_OK(chdir("/"));
	return box_done();
}

// SPDX-License-Identifier: GPL-2.0-or-later
// ".." from the root of a bind lands in the guest's parent directory (the
// mountpoint's directory, here the guest's tmpfs BOX), never in the host
// directory above the bound one; ".." from "/" stays "/".  Tried by path,
// from directory fds of the mount roots (openat, openat2, fchdir), from
// the writable bind, the read-only bind and a tmpfs inside the writable
// bind; creating through ".." makes the file in the guest's tree.  See
// escape.h for the box.
// umk-only: the box of mounts exists only under umk.
#include "escape.h"

static void from_dir(const char *dir, const char *parent)
{
	int fd, pfd;
	char cwd[PATH_MAX];

	expect_same(P("%s/..", dir), parent, P("%s/..", dir));
	expect_same(P("%s/../..", dir), P("%s/..", parent), P("%s/../..", dir));
	try_stat(AT_FDCWD, P("%s/../canary", dir), P("%s/../canary", dir));
	try_stat(AT_FDCWD, P("%s/../../canary", dir), P("%s/../../canary", dir));
	try_open_close(AT_FDCWD, P("%s/../canary", dir), O_RDONLY,
		       P("open %s/../canary", dir));
	try_open_close(AT_FDCWD, P("%s/../../box/canary", dir), O_RDONLY,
		       P("open %s/../../box/canary", dir));

	/* From a directory fd of it (and an O_PATH one). */
	for (int k = 0; k < 2; k++) {
		fd = open(dir, (k ? O_PATH : O_RDONLY) | O_DIRECTORY | O_CLOEXEC);
		CHECK(fd >= 0, "open %s: %s", dir, strerror(errno));
		pfd = try_openat(fd, "..", O_RDONLY | O_DIRECTORY, P("openat(%s, ..)", dir));
		if (pfd < 0)
			LEAK("openat(%s fd, \"..\"): %s", dir, strerror(errno));
		else
			expect_fd_is(pfd, parent, P("openat(%s fd, ..)", dir));
		if (pfd >= 0)
			close(pfd);
		try_open_close(fd, "../canary", O_RDONLY, P("openat(%s, ../canary)", dir));
		try_open_close(fd, "../../canary", O_RDONLY,
			       P("openat(%s, ../../canary)", dir));
		try_open_close(fd, "./.././../canary", O_RDONLY,
			       P("openat(%s, ./.././../canary)", dir));
		try_stat(fd, "../canary", P("fstatat(%s, ../canary)", dir));
		/* openat2: BENEATH refuses "..", IN_ROOT stays in dir. */
		pfd = try_openat2(fd, "..", O_RDONLY, RESOLVE_BENEATH,
				  P("openat2(%s, .., BENEATH)", dir));
		expect_fail(pfd, EXDEV, P("openat2(%s, .., BENEATH)", dir));
		if (pfd >= 0)
			close(pfd);
		pfd = try_openat2(fd, "../../..", O_RDONLY, RESOLVE_IN_ROOT,
				  P("openat2(%s, ../../.., IN_ROOT)", dir));
		if (pfd >= 0) {
			expect_fd_is(pfd, dir, P("openat2(%s, ../../.., IN_ROOT)", dir));
			close(pfd);
		}
		pfd = try_openat2(fd, "../canary", O_RDONLY, RESOLVE_IN_ROOT,
				  P("openat2(%s, ../canary, IN_ROOT)", dir));
		if (pfd >= 0)
			close(pfd);

		/* fchdir to it, then "..". */
		CHECK_OK(fchdir(fd));
		CHECK_OK(chdir(".."));
		CHECK(getcwd(cwd, sizeof(cwd)), "getcwd: %s", strerror(errno));
		if (strcmp(cwd, parent))
			LEAK("fchdir(%s); chdir(..): getcwd says %s, want %s", dir,
			     cwd, parent);
		expect_same(".", parent, P("fchdir(%s); chdir(..)", dir));
		try_open_close(AT_FDCWD, "canary", O_RDONLY, P("%s/.. canary", dir));
		/* All the way up: "/" and no further. */
		for (int i = 0; i < 64; i++)
			CHECK_OK(chdir(".."));
		CHECK(getcwd(cwd, sizeof(cwd)), "getcwd: %s", strerror(errno));
		if (strcmp(cwd, "/"))
			LEAK("64 times chdir(..) from %s: getcwd says %s", dir, cwd);
		expect_same(".", "/", P("64 times .. from %s", dir));
		close(fd);
	}

	/* Made through "..": in the guest's parent, seen there. */
	fd = try_openat(AT_FDCWD, P("%s/../made-through-dotdot", dir),
			O_WRONLY | O_CREAT | O_EXCL, P("create %s/../made", dir));
	if (fd >= 0) {
		char mp[PATH_MAX];

		snprintf(mp, sizeof(mp), "%s/made-through-dotdot", parent);
		expect_fd_is(fd, mp, P("created through %s/..", dir));
		close(fd);
		CHECK_OK(unlink(mp));
	}
}

int main(void)
{
	box_init("dotdot");

	/* "/" is its own parent. */
	expect_same("/..", "/", "/..");
	expect_same("/../../../..", "/", "/../../../..");
	expect_same(P("/../../..%s/rw/../ro/..", box), box, "/../../..BOX/rw/../ro/..");
	expect_same(P("%s/rw/../../../../../../../../../../../../../../../../../..%s",
		      box, box), box, "BOX/rw/ and 18 .. then BOX");

	from_dir(box_rw, box);		/* the writable bind */
	from_dir(box_ro, box);		/* the read-only bind */
	from_dir(box_hidden, box_rw);	/* a tmpfs inside the writable bind */
	from_dir(work, box_rw);		/* a directory in the writable bind */
	char up[PATH_MAX];

	CHECK(realpath(P("%s/..", box), up), "realpath BOX/..: %s", strerror(errno));
	from_dir(box, up);		/* the tmpfs over BOX */

	/* A directory of the bind, opened, then moved up and down: ".."
	 * follows where it is now. */
	CHECK_OK(mkdir(P("%s/a", work), 0755));
	CHECK_OK(mkdir(P("%s/a/b", work), 0755));
	int fd = CHECK_OK(open(P("%s/a/b", work), O_RDONLY | O_DIRECTORY));

	CHECK_OK(rename(P("%s/a/b", work), P("%s/b", box_rw)));
	int pfd = try_openat(fd, "..", O_RDONLY | O_DIRECTORY, "moved b, ..");

	if (pfd >= 0) {
		expect_fd_is(pfd, box_rw, "b moved to the bind's root, then ..");
		close(pfd);
	}
	try_open_close(fd, "../../canary", O_RDONLY, "moved b, ../../canary");
	try_open_close(fd, "../../../canary", O_RDONLY, "moved b, ../../../canary");
	pfd = try_openat(fd, "../..", O_RDONLY | O_DIRECTORY, "moved b, ../..");
	if (pfd >= 0) {
		expect_fd_is(pfd, box, "b moved to the bind's root, then ../..");
		close(pfd);
	}
	CHECK_OK(rename(P("%s/b", box_rw), P("%s/a/b", work)));
	try_open_close(fd, "../../../../canary", O_RDONLY, "b back, ../../../../canary");
	close(fd);
	CHECK_OK(rmdir(P("%s/a/b", work)));
	CHECK_OK(rmdir(P("%s/a", work)));
	return box_done();
}

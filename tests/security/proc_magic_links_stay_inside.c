// SPDX-License-Identifier: GPL-2.0-or-later
// /proc's magic links lead only to places of the guest's own tree:
// /proc/self/root is "/" (and ".." of it too), /proc/self/cwd and the cwd
// of another guest process followed by ".." land in the guest's parent
// directories, /proc/self/fd/N of a directory fd (of a bind root, of a
// tmpfs inside the writable bind, of a directory moved or removed since)
// followed by ".." as well, /proc/self/exe is the program; creating
// through them makes files in the guest's tree.  None reaches a canary.
// See escape.h for the box.
// umk-only: the box of mounts exists only under umk.
#include <signal.h>
#include "escape.h"

/* Try the canaries and "..", through a magic link to the directory dir
 * (whose guest parent is parent). */
static void through(const char *magic_arg, const char *dir_arg,
		    const char *parent_arg)
{
	char magic[PATH_MAX], dir[PATH_MAX], parent[PATH_MAX];

	/* (copies: the arguments may be P's buffers, which P reuses) */
	strcpy(magic, magic_arg);
	strcpy(dir, dir_arg);
	strcpy(parent, parent_arg);
	expect_same(magic, dir, magic);
	expect_same(P("%s/..", magic), parent, P("%s/..", magic));
	for (int n = 0; n < 4; n++) {
		char rel[64] = "";

		for (int i = 0; i < n; i++)
			strcat(rel, "../");
		try_open_close(AT_FDCWD, P("%s/%scanary", magic, rel), O_RDONLY,
			       P("%s/%scanary", magic, rel));
		try_open_close(AT_FDCWD, P("%s/%shidden/canary", magic, rel), O_RDONLY,
			       P("%s/%shidden/canary", magic, rel));
		try_stat(AT_FDCWD, P("%s/%scanary", magic, rel), P("stat %s/%scanary",
								    magic, rel));
	}
	try_open_close(AT_FDCWD, P("%s/../../../../../../../../../..%s/canary", magic, box),
		       O_RDONLY, P("%s/(many ..)/BOX/canary", magic));
	/* Created through it: in the guest's parent, seen there. */
	int fd = try_openat(AT_FDCWD, P("%s/../made-through-magic", magic),
			    O_WRONLY | O_CREAT | O_EXCL, P("create %s/../made", magic));

	if (fd >= 0) {
		expect_fd_is(fd, P("%s/made-through-magic", parent),
			     P("created through %s/..", magic));
		close(fd);
		CHECK_OK(unlink(P("%s/made-through-magic", parent)));
	}
}

int main(void)
{
	char buf[PATH_MAX];
	int fd, status;
	ssize_t n;
	pid_t child;
	int sync[2];

	box_init("proc");

	/* /proc/self/root: "/", whatever follows. */
	expect_same("/proc/self/root", "/", "/proc/self/root");
	expect_same("/proc/self/root/..", "/", "/proc/self/root/..");
	expect_same("/proc/self/root/../../..", "/", "/proc/self/root/../../..");
	n = readlink("/proc/self/root", buf, sizeof(buf) - 1);
	CHECK(n == 1 && buf[0] == '/', "readlink /proc/self/root");
	try_open_close(AT_FDCWD, P("/proc/self/root%s/canary", box), O_RDONLY,
		       "/proc/self/root/BOX/canary");
	try_open_close(AT_FDCWD, P("/proc/self/root/../..%s/rw/hidden/canary", box),
		       O_RDONLY, "/proc/self/root/../../BOX/rw/hidden/canary");
	try_open_close(AT_FDCWD, P("/proc/1/root%s/canary", box), O_RDONLY,
		       "/proc/1/root/BOX/canary");

	/* /proc/self/cwd from the mount roots and from a tmpfs inside the
	 * writable bind. */
	CHECK_OK(chdir(box_rw));
	through("/proc/self/cwd", box_rw, box);
	CHECK_OK(chdir(box_ro));
	through("/proc/self/cwd", box_ro, box);
	CHECK_OK(chdir(box_hidden));
	through("/proc/self/cwd", box_hidden, box_rw);
	CHECK_OK(chdir(box));
	through("/proc/self/cwd", box, P("%s/..", box));
	CHECK_OK(chdir("/"));

	/* The cwd and root of another guest process. */
	CHECK_OK(pipe(sync));
	child = fork();
	CHECK(child >= 0, "fork: %s", strerror(errno));
	if (child == 0) {
		char c;

		close(sync[1]);
		if (chdir(box_rw))
			_exit(2);
		(void)read(sync[0], &c, 1);	/* until the parent is done */
		_exit(0);
	}
	close(sync[0]);
	for (int i = 0; i < 1000; i++) {	/* until it is in BOX/rw */
		if (readlink(P("/proc/%d/cwd", child), buf, sizeof(buf)) > 0 &&
		    !strncmp(buf, box_rw, strlen(box_rw)))
			break;
		usleep(1000);
	}
	through(P("/proc/%d/cwd", child), box_rw, box);
	expect_same(P("/proc/%d/root/..", child), "/", "/proc/CHILD/root/..");
	try_open_close(AT_FDCWD, P("/proc/%d/root%s/canary", child, box), O_RDONLY,
		       "/proc/CHILD/root/BOX/canary");
	close(sync[1]);
	CHECK_OK(waitpid(child, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child failed");
	/* Gone: its links are gone too. */
	expect_fail(open(P("/proc/%d/cwd/..", child), O_RDONLY), ENOENT,
		    "/proc/DEAD/cwd/..");

	/* /proc/self/fd/N of directory fds (plain and O_PATH). */
	const char *dirs[][2] = {
		{ box_rw, box }, { box_ro, box }, { box_hidden, box_rw },
		{ work, box_rw }, { box, NULL },
	};
	char up[PATH_MAX];

	CHECK(realpath(P("%s/..", box), up), "realpath: %s", strerror(errno));
	dirs[4][1] = up;
	for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		for (int k = 0; k < 2; k++) {
			fd = CHECK_OK(open(dirs[i][0], (k ? O_PATH : O_RDONLY) |
							      O_DIRECTORY));
			through(P("/proc/self/fd/%d", fd), dirs[i][0], dirs[i][1]);
			close(fd);
		}

	/* A directory moved after its fd was opened: the link follows it. */
	CHECK_OK(mkdir(P("%s/a", work), 0755));
	CHECK_OK(mkdir(P("%s/a/b", work), 0755));
	fd = CHECK_OK(open(P("%s/a/b", work), O_RDONLY | O_DIRECTORY));
	CHECK_OK(rename(P("%s/a/b", work), P("%s/b", box_rw)));
	through(P("/proc/self/fd/%d", fd), P("%s/b", box_rw), box_rw);
	CHECK_OK(rename(P("%s/b", box_rw), P("%s/a/b", work)));
	through(P("/proc/self/fd/%d", fd), P("%s/a/b", work), P("%s/a", work));
	/* ... and removed: nothing in it, and ".." is not the host's. */
	CHECK_OK(rmdir(P("%s/a/b", work)));
	try_open_close(AT_FDCWD, P("/proc/self/fd/%d/../../canary", fd), O_RDONLY,
		       "/proc/self/fd/N (removed)/../../canary");
	try_open_close(AT_FDCWD, P("/proc/self/fd/%d/../../../canary", fd), O_RDONLY,
		       "/proc/self/fd/N (removed)/../../../canary");
	try_open_close(fd, "../../../canary", O_RDONLY, "openat(removed, ../../../canary)");
	expect_fail(openat(fd, "new", O_WRONLY | O_CREAT, 0600), ENOENT,
		    "create in a removed directory");
	close(fd);

	/* /proc/self/exe: the program, not a directory. */
	fd = try_openat(AT_FDCWD, "/proc/self/exe", O_RDONLY, "/proc/self/exe");
	CHECK(fd >= 0, "open /proc/self/exe: %s", strerror(errno));
	close(fd);
	expect_fail(open("/proc/self/exe/..", O_RDONLY), ENOTDIR, "/proc/self/exe/..");
	expect_fail(open("/proc/self/exe/../canary", O_RDONLY), ENOTDIR,
		    "/proc/self/exe/../canary");

	/* RESOLVE_NO_MAGICLINKS refuses them; BENEATH too. */
	expect_fail(try_openat2(AT_FDCWD, "/proc/self/root", O_RDONLY,
				RESOLVE_NO_MAGICLINKS, "openat2 NO_MAGICLINKS root"),
		    ELOOP, "openat2(/proc/self/root, NO_MAGICLINKS)");
	fd = CHECK_OK(open("/proc/self", O_RDONLY | O_DIRECTORY));
	expect_fail(try_openat2(fd, "cwd", O_RDONLY, RESOLVE_BENEATH,
				"openat2 BENEATH cwd"),
		    EXDEV, "openat2(/proc/self, cwd, BENEATH)");
	close(fd);

	CHECK_OK(rmdir(P("%s/a", work)));
	return box_done();
}

// SPDX-License-Identifier: GPL-2.0-or-later
// Symlinks made in the writable bind that point outside it (absolute,
// relative with many "..", through /proc/self/root and /proc/self/cwd,
// chains, loops, to directories) are resolved in the guest's namespace,
// never on the host: whatever is opened, stat'ed, created, chmod'ed,
// truncated, renamed or linked through them is not a canary (the guest's
// BOX and BOX/rw/hidden are empty tmpfs), loops are ELOOP, O_NOFOLLOW and
// RESOLVE_NO_SYMLINKS refuse them.  See escape.h for the box.
// umk-only: the box of mounts exists only under umk.
#include <sys/time.h>
#include "escape.h"

struct link {
	const char *name;
	const char *target;
};

int main(void)
{
	char deep[PATH_MAX] = "";
	int wfd;

	box_init("symlinks");
	CHECK_OK(chdir(work));
	wfd = CHECK_OK(open(".", O_RDONLY | O_DIRECTORY));

	/* Enough ".." to climb from anywhere to "/", then the canary. */
	for (int i = 0; i < 40; i++)
		strcat(deep, "../");
	const struct link links[] = {
		{ "abs", P("%s/canary", box) },
		{ "abs_hidden", P("%s/hidden/canary", box_rw) },
		{ "rel", "../../canary" },
		{ "rel_hidden", "../hidden/canary" },
		{ "rel_deep", P("%s%s/canary", deep, box + 1) },
		{ "rel_too_deep", "../../../../../../../../../../../../canary" },
		{ "proc_root", P("/proc/self/root%s/canary", box) },
		{ "proc_root_up", P("/proc/self/root/../../..%s/canary", box) },
		{ "proc_cwd", "/proc/self/cwd/../../canary" },
		{ "proc_cwd_hidden", "/proc/self/cwd/../hidden/canary" },
		{ "chain1", "chain2" },
		{ "chain2", "chain3" },
		{ "chain3", "../../canary" },
		{ "loop1", "loop2" },
		{ "loop2", "loop1" },
		{ "self", "self" },
		{ "dir_up", "../.." },
		{ "dir_hidden", "../hidden" },
		{ "dir_root", "/proc/self/root/.." },
		{ "dir_chain", "dir_up" },
	};
	const unsigned nlinks = sizeof(links) / sizeof(links[0]);
	const int flags[] = {
		O_RDONLY, O_WRONLY, O_RDWR, O_RDONLY | O_NOFOLLOW, O_PATH,
		O_PATH | O_NOFOLLOW, O_RDONLY | O_DIRECTORY,
		O_WRONLY | O_CREAT, O_RDWR | O_CREAT | O_APPEND,
		O_WRONLY | O_TRUNC,
	};
	const unsigned long resolves[] = {
		0, RESOLVE_BENEATH, RESOLVE_IN_ROOT, RESOLVE_NO_SYMLINKS,
		RESOLVE_NO_MAGICLINKS, RESOLVE_NO_XDEV,
		RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	for (unsigned i = 0; i < nlinks; i++)
		CHECK_OK(symlink(links[i].target, links[i].name));

	for (unsigned i = 0; i < nlinks; i++) {
		const char *l = links[i].name;
		const char *fmts[] = {
			"%s", "%s/%s", "%s/canary", "%s/../canary",
			"%s/../../canary", "%s/hidden/canary",
			"%s/rw/hidden/canary",
		};
		char buf[PATH_MAX], path[PATH_MAX];

		for (unsigned p = 0; p < sizeof(fmts) / sizeof(fmts[0]); p++) {
			/* (a copy: P reuses its buffers) */
			if (p == 1)
				strcpy(path, P("%s/%s", work, l));
			else
				strcpy(path, P(fmts[p], l));

			for (unsigned f = 0; f < sizeof(flags) / sizeof(flags[0]); f++)
				try_open_close(AT_FDCWD, path, flags[f],
					       P("open(%s, %#x)", path, flags[f]));
			for (unsigned r = 0; r < sizeof(resolves) / sizeof(resolves[0]); r++) {
				int fd = try_openat2(wfd, path, O_RDONLY, resolves[r],
						     P("openat2(%s, resolve %#lx)", path,
						       resolves[r]));
				if (fd >= 0)
					close(fd);
				fd = try_openat2(wfd, path, O_WRONLY | O_CREAT, resolves[r],
						 P("openat2(%s, O_CREAT, resolve %#lx)",
						   path, resolves[r]));
				if (fd >= 0)
					close(fd);
			}
			try_stat(AT_FDCWD, path, P("stat(%s)", path));
			nattempts++;
			(void)access(path, R_OK);
			(void)chmod(path, 0666);
			(void)chown(path, 0, 0);
			(void)lchown(path, 0, 0);
			(void)utimes(path, NULL);
			(void)utimensat(AT_FDCWD, path, NULL, 0);
			(void)truncate(path, 0);
			(void)readlink(path, buf, sizeof(buf));
			(void)mkdir(P("%s/newdir", path), 0755);
			(void)rename(path, P("%s.moved", l));
			(void)rename(P("%s.moved", l), path);
			(void)link(path, P("%s.hard", l));
			(void)linkat(AT_FDCWD, path, AT_FDCWD, P("%s.hardf", l),
				     AT_SYMLINK_FOLLOW);
			try_stat(AT_FDCWD, P("%s.hard", l), P("stat(%s.hard)", l));
			try_stat(AT_FDCWD, P("%s.hardf", l), P("stat(%s.hardf)", l));
			unlink(P("%s.hard", l));
			unlink(P("%s.hardf", l));
		}
	}

	/* The loops: ELOOP, not a host walk. */
	CHECK_ERR(open("loop1", O_RDONLY), ELOOP);
	CHECK_ERR(open("self", O_RDONLY), ELOOP);
	CHECK_ERR(open("self/x", O_RDONLY), ELOOP);
	CHECK_ERR(open("loop1", O_WRONLY | O_CREAT, 0600), ELOOP);
	/* O_NOFOLLOW and RESOLVE_NO_SYMLINKS refuse the link itself. */
	CHECK_ERR(open("abs", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR(open("rel", O_RDONLY | O_NOFOLLOW), ELOOP);
	{
		struct open_how how = { .flags = O_RDONLY,
					.resolve = RESOLVE_NO_SYMLINKS };

		CHECK_ERR(syscall(SYS_openat2, wfd, "rel", &how, sizeof(how)), ELOOP);
		how.resolve = RESOLVE_BENEATH;
		CHECK_ERR(syscall(SYS_openat2, wfd, "rel", &how, sizeof(how)), EXDEV);
		CHECK_ERR(syscall(SYS_openat2, wfd, "abs", &how, sizeof(how)), EXDEV);
		how.resolve = RESOLVE_NO_MAGICLINKS;
		CHECK_ERR(syscall(SYS_openat2, wfd, "proc_root", &how, sizeof(how)),
			  ELOOP);
	}

	/* Directories reached through the links are the guest's: BOX and
	 * BOX/rw/hidden (tmpfs), and "/". */
	expect_same("dir_up", box, "dir_up");
	expect_same("dir_chain", box, "dir_chain");
	expect_same("dir_hidden", box_hidden, "dir_hidden");
	expect_same("dir_root", "/", "dir_root");
	expect_same("dir_up/rw", box_rw, "dir_up/rw");

	/* Dangling links created their targets in the guest's tmpfs: there
	 * they are, and nowhere else (run-tests checks the host's BOX). */
	unlink(P("%s/canary", box));
	unlink(P("%s/canary", box_hidden));
	rmdir(P("%s/newdir", box));
	rmdir(P("%s/newdir", box_hidden));
	close(wfd);
	return box_done();
}

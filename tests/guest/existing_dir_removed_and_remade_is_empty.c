// SPDX-License-Identifier: GPL-2.0-or-later
// A directory that existed before (a lower one, under --overlay) cannot be
// removed while it has entries (ENOTEMPTY); emptied and removed, then made
// again, it is empty (an opaque directory: nothing old shows through).
#include "tree.h"

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	CHECK(d, "opendir %s: %s", dir, strerror(errno));
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void tree_setup(const char *dir)
{
	CHECK_OK(mkdir(P(dir, "d"), 0755));
	CHECK_OK(mkdir(P(dir, "d/sub"), 0755));
	write_file(P(dir, "d/x"), "x\n");
	write_file(P(dir, "d/sub/z"), "z\n");
}

static void tree_check(const char *dir)
{
	struct stat st;

	CHECK_ERR(rmdir(P(dir, "d")), ENOTEMPTY);
	CHECK_ERR(rmdir(P(dir, "d/sub")), ENOTEMPTY);
	CHECK_OK(unlink(P(dir, "d/sub/z")));
	CHECK(entries(P(dir, "d/sub")) == 0, "d/sub not empty");
	CHECK_OK(rmdir(P(dir, "d/sub")));
	CHECK_ERR(rmdir(P(dir, "d")), ENOTEMPTY);
	CHECK_OK(unlink(P(dir, "d/x")));
	CHECK_OK(rmdir(P(dir, "d")));
	CHECK_ERR(stat(P(dir, "d"), &st), ENOENT);
	CHECK_OK(mkdir(P(dir, "d"), 0700));
	CHECK_OK(stat(P(dir, "d"), &st));
	CHECK(S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700, "mode %o",
	      st.st_mode);
	CHECK(entries(P(dir, "d")) == 0, "the new d has %d entries",
	      entries(P(dir, "d")));
	CHECK_ERR(stat(P(dir, "d/x"), &st), ENOENT);
	CHECK_ERR(stat(P(dir, "d/sub"), &st), ENOENT);
	write_file(P(dir, "d/x"), "new\n");
	CHECK(entries(P(dir, "d")) == 1, "d has %d entries", entries(P(dir, "d")));
	CHECK_OK(mkdir(P(dir, "d/sub"), 0755));
	CHECK(entries(P(dir, "d/sub")) == 0, "the new d/sub is not empty");
}

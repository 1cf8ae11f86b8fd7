// SPDX-License-Identifier: GPL-2.0-or-later
// rename of files that existed before (lower files, under --overlay): the
// old name is gone, the new one has the data and the inode number, also
// over another existing file and into a subdirectory; renaming an existing
// directory works or, as Linux's overlayfs says, fails with EXDEV.
#include <stdio.h>
#include "tree.h"

static void tree_setup(const char *dir)
{
	write_file(P(dir, "a"), "A\n");
	write_file(P(dir, "c"), "C\n");
	CHECK_OK(mkdir(P(dir, "sub"), 0755));
	CHECK_OK(mkdir(P(dir, "d"), 0755));
	write_file(P(dir, "d/x"), "X\n");
}

static void tree_check(const char *dir)
{
	struct stat a, st;

	CHECK_OK(stat(P(dir, "a"), &a));
	CHECK_OK(rename(P(dir, "a"), P(dir, "b")));
	CHECK_ERR(stat(P(dir, "a"), &st), ENOENT);
	CHECK_OK(stat(P(dir, "b"), &st));
	CHECK(st.st_ino == a.st_ino, "inode changed in the rename");
	CHECK(!strcmp(read_file(P(dir, "b")), "A\n"), "b has '%s'",
	      read_file(P(dir, "b")));
	CHECK_OK(rename(P(dir, "b"), P(dir, "c")));
	CHECK_ERR(stat(P(dir, "b"), &st), ENOENT);
	CHECK(!strcmp(read_file(P(dir, "c")), "A\n"), "c has '%s'",
	      read_file(P(dir, "c")));
	CHECK_OK(rename(P(dir, "c"), P(dir, "sub/c")));
	CHECK(!strcmp(read_file(P(dir, "sub/c")), "A\n"), "sub/c has '%s'",
	      read_file(P(dir, "sub/c")));
	CHECK_ERR(stat(P(dir, "c"), &st), ENOENT);
	/* write after the moves: the same file */
	write_file(P(dir, "sub/c"), "again\n");
	CHECK(!strcmp(read_file(P(dir, "sub/c")), "again\n"), "sub/c has '%s'",
	      read_file(P(dir, "sub/c")));
	if (rename(P(dir, "d"), P(dir, "e")) == 0) {
		CHECK(!strcmp(read_file(P(dir, "e/x")), "X\n"), "e/x has '%s'",
		      read_file(P(dir, "e/x")));
		CHECK_ERR(stat(P(dir, "d"), &st), ENOENT);
	} else {
		CHECK(errno == EXDEV, "rename of a directory: %s", strerror(errno));
		CHECK_OK(stat(P(dir, "d/x"), &st));
	}
}

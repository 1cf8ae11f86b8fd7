// SPDX-License-Identifier: GPL-2.0-or-later
// A hard link to a file that existed before (a lower file, under
// --overlay): both names have the same inode number, a link count of 2,
// and a write through one name shows through the other.
#include "tree.h"

static void tree_setup(const char *dir)
{
	write_file(P(dir, "f"), "one\n");
}

static void tree_check(const char *dir)
{
	struct stat f, g;

	CHECK_OK(link(P(dir, "f"), P(dir, "g")));
	CHECK_OK(stat(P(dir, "f"), &f));
	CHECK_OK(stat(P(dir, "g"), &g));
	CHECK(f.st_ino == g.st_ino, "inodes %lu and %lu", (unsigned long)f.st_ino,
	      (unsigned long)g.st_ino);
	CHECK(f.st_nlink == 2 && g.st_nlink == 2, "link counts %lu and %lu",
	      (unsigned long)f.st_nlink, (unsigned long)g.st_nlink);
	CHECK(!strcmp(read_file(P(dir, "g")), "one\n"), "g has '%s'",
	      read_file(P(dir, "g")));
	write_file(P(dir, "g"), "two\n");
	CHECK(!strcmp(read_file(P(dir, "f")), "two\n"), "f has '%s'",
	      read_file(P(dir, "f")));
	CHECK_OK(unlink(P(dir, "f")));
	CHECK_OK(stat(P(dir, "g"), &g));
	CHECK(g.st_nlink == 1, "link count %lu", (unsigned long)g.st_nlink);
}

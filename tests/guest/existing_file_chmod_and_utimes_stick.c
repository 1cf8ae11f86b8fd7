// SPDX-License-Identifier: GPL-2.0-or-later
// chmod and utimensat on a file that existed before (a lower file, under
// --overlay) change its mode and times, keep its data and inode number; a
// truncate to 2 bytes keeps the first 2.
#include <sys/stat.h>
#include "tree.h"

static void tree_setup(const char *dir)
{
	write_file(P(dir, "f"), "data\n");
	CHECK_OK(chmod(P(dir, "f"), 0644));
}

static void tree_check(const char *dir)
{
	struct timespec ts[2] = { { 1000000000, 0 }, { 1234567890, 500 } };
	struct stat before, st;

	CHECK_OK(stat(P(dir, "f"), &before));
	CHECK_OK(chmod(P(dir, "f"), 0600));
	CHECK_OK(stat(P(dir, "f"), &st));
	CHECK((st.st_mode & 07777) == 0600, "mode %o", st.st_mode & 07777);
	CHECK_OK(utimensat(AT_FDCWD, P(dir, "f"), ts, 0));
	CHECK_OK(stat(P(dir, "f"), &st));
	CHECK(st.st_mtim.tv_sec == 1234567890 && st.st_mtim.tv_nsec == 500,
	      "mtime %ld.%09ld", (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	CHECK(st.st_atim.tv_sec == 1000000000, "atime %ld", (long)st.st_atim.tv_sec);
	CHECK(st.st_ino == before.st_ino, "inode changed");
	CHECK(!strcmp(read_file(P(dir, "f")), "data\n"), "data '%s'",
	      read_file(P(dir, "f")));
	CHECK_OK(truncate(P(dir, "f"), 2));
	CHECK(!strcmp(read_file(P(dir, "f")), "da"), "after truncate: '%s'",
	      read_file(P(dir, "f")));
}

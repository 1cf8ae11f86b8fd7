// SPDX-License-Identifier: GPL-2.0-or-later
// Writing to a file that existed before (a lower file, under --overlay):
// an append keeps the old data, a pwrite at 0 changes only its bytes, and
// the file keeps its inode number and st_dev.
#include "tree.h"

static void tree_setup(const char *dir)
{
	write_file(P(dir, "f"), "hello\n");
}

static void tree_check(const char *dir)
{
	struct stat before, after, d;
	int fd;

	CHECK_OK(stat(P(dir, "f"), &before));
	CHECK_OK(stat(dir, &d));
	fd = CHECK_OK(open(P(dir, "f"), O_WRONLY | O_APPEND));
	CHECK(write(fd, "more\n", 5) == 5, "append: %s", strerror(errno));
	CHECK_OK(close(fd));
	CHECK(!strcmp(read_file(P(dir, "f")), "hello\nmore\n"), "after append: '%s'",
	      read_file(P(dir, "f")));
	fd = CHECK_OK(open(P(dir, "f"), O_RDWR));
	CHECK(pwrite(fd, "H", 1, 0) == 1, "pwrite: %s", strerror(errno));
	CHECK_OK(close(fd));
	CHECK(!strcmp(read_file(P(dir, "f")), "Hello\nmore\n"), "after pwrite: '%s'",
	      read_file(P(dir, "f")));
	CHECK_OK(stat(P(dir, "f"), &after));
	CHECK(after.st_ino == before.st_ino, "inode %lu became %lu",
	      (unsigned long)before.st_ino, (unsigned long)after.st_ino);
	CHECK(after.st_dev == d.st_dev, "st_dev %lx, its directory's %lx",
	      (unsigned long)after.st_dev, (unsigned long)d.st_dev);
	CHECK(after.st_size == 11, "size %ld", (long)after.st_size);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest tests of a tree that exists before the program starts: with umk's
 * --overlay, the files of the lower layer (tests/e2e/overlay.sh runs these
 * programs that way, and checks afterwards that the lower tree on the host
 * did not change).  A test defines tree_setup() and tree_check():
 *
 *   NAME --setup DIR   make the tree in DIR (natively, before umk starts)
 *   NAME DIR           check the behaviour on the tree in DIR
 *   NAME               both, in a fresh directory under /tmp (tests/run-tests)
 */
#ifndef UMK_TESTS_TREE_H
#define UMK_TESTS_TREE_H

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>
#include "guest.h"

static void tree_setup(const char *dir);
static void tree_check(const char *dir);

/* "DIR/NAME" in one of a few rotating static buffers. */
static inline const char *P(const char *dir, const char *name)
{
	static char bufs[8][PATH_MAX];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, PATH_MAX, "%s/%s", dir, name);
	return b;
}

static inline void write_file(const char *path, const char *text)
{
	int fd = CHECK_OK(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));

	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text),
	      "write %s: %s", path, strerror(errno));
	CHECK_OK(close(fd));
}

/* The whole (small) file at path, NUL-terminated, in a static buffer. */
static inline const char *read_file(const char *path)
{
	static char buf[4096];
	int fd = CHECK_OK(open(path, O_RDONLY));
	ssize_t n = CHECK_OK(read(fd, buf, sizeof(buf) - 1));

	buf[n] = 0;
	CHECK_OK(close(fd));
	return buf;
}

static inline int tree_rm(const char *path, const struct stat *st, int type,
			  struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	return remove(path);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--setup")) {
		tree_setup(argv[2]);
		return 0;
	}
	if (argc == 2) {
		tree_check(argv[1]);
		return 0;
	}
	const char *dir = guest_tmpdir();

	tree_setup(dir);
	tree_check(dir);
	nftw(dir, tree_rm, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
// The listing of a directory that existed before (a merged directory, under
// --overlay) after adding, removing and replacing entries: every visible
// name exactly once, with d_ino equal to stat's st_ino and the right d_type.
#include <sys/syscall.h>
#include "tree.h"

struct linux_dirent64 {
	unsigned long d_ino;
	long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static const char *const want[] = { ".", "..", "a", "c", "dir", "new",
				     "newdir", NULL };

static void tree_setup(const char *dir)
{
	CHECK_OK(mkdir(P(dir, "m"), 0755));
	write_file(P(dir, "m/a"), "a\n");
	write_file(P(dir, "m/b"), "b\n");
	write_file(P(dir, "m/c"), "c\n");
	CHECK_OK(mkdir(P(dir, "m/dir"), 0755));
}

static void tree_check(const char *dir)
{
	const char *m = P(dir, "m");
	int seen[8] = { 0 }, fd;
	char buf[256];
	long len;

	write_file(P(m, "new"), "n\n");
	write_file(P(m, "c"), "replaced\n");
	CHECK_OK(unlink(P(m, "b")));
	CHECK_OK(mkdir(P(m, "newdir"), 0755));
	write_file(P(m, "dir/inside"), "i\n");
	fd = CHECK_OK(open(m, O_RDONLY | O_DIRECTORY));
	/* a small buffer: several getdents64 calls, positions resumed */
	while ((len = CHECK_OK(syscall(SYS_getdents64, fd, buf, sizeof(buf)))) > 0) {
		for (long off = 0; off < len;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			struct stat st;
			int i;

			for (i = 0; want[i] && strcmp(want[i], d->d_name); i++)
				;
			CHECK(want[i], "unexpected entry '%s'", d->d_name);
			seen[i]++;
			CHECK_OK(fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW));
			if (strcmp(d->d_name, ".."))
				CHECK(st.st_ino == d->d_ino, "%s: d_ino %lu, st_ino %lu",
				      d->d_name, (unsigned long)d->d_ino,
				      (unsigned long)st.st_ino);
			CHECK(d->d_type == (S_ISDIR(st.st_mode) ? DT_DIR : DT_REG),
			      "%s: d_type %d", d->d_name, d->d_type);
			off += d->d_reclen;
		}
	}
	CHECK_OK(close(fd));
	for (int i = 0; want[i]; i++)
		CHECK(seen[i] == 1, "'%s' listed %d times", want[i], seen[i]);
}

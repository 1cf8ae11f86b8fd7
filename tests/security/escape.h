/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the escape attempts of tests/security: programs that try to
 * reach a host file outside what the guest was given, and exit 0 when
 * every attempt failed (1, naming each leak, otherwise).
 *
 * tests/run-tests builds a box on the host for them (see part_security):
 *
 *   BOX/canary           the canary: outside everything the guest is given
 *   BOX/rw/              bound read-write (--bind) at its own path
 *   BOX/rw/hidden/canary a second canary, inside the writable bind's host
 *                        directory but covered by a --tmpfs BOX/rw/hidden
 *   BOX/ro/file, sub/    bound read-only (--ro-bind)
 *   BOX/rw/rosub/file, sub/  bound read-only inside the writable bind
 *
 * and BOX itself is covered by a --tmpfs, so the guest's BOX is an empty
 * tmpfs that holds only the two mountpoints rw and ro.  run-tests also
 * checks that nothing in the read-only binds changed.  Each canary starts
 * with CANARY_MAGIC.  The environment tells the guest:
 *   UMK_TEST_BOX        BOX
 *   UMK_TEST_FORBIDDEN  the host inode numbers of the two canaries, of BOX
 *                       and of BOX/rw/hidden (the host directories that
 *                       hold them)
 * A leak, seen from inside, is a file read that starts with the magic, or
 * a stat or a directory entry that shows one of those inodes.  run-tests checks the host side
 * after each program: the canaries' size, mode, links, inode, atime (set
 * older than mtime, so that any read moves it, also with relatime), mtime
 * and ctime, and those of the directories holding them, must not change.
 */
#ifndef UMK_TESTS_SECURITY_ESCAPE_H
#define UMK_TESTS_SECURITY_ESCAPE_H

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "../guest/guest.h"

#define CANARY_MAGIC "UMK-CANARY"

static const char *box;			/* BOX */
static char box_rw[PATH_MAX + 16];		/* BOX/rw */
static char box_ro[PATH_MAX + 16];		/* BOX/ro */
static char box_hidden[PATH_MAX + 16];	/* BOX/rw/hidden */
static char box_rosub[PATH_MAX + 16];	/* BOX/rw/rosub */
static char work[PATH_MAX / 2];		/* BOX/rw/NAME: this program's own */
static unsigned long forbidden[8];
static int nforbidden;
static int nleaks, nattempts;

/* One leak: say what, count it, go on (so that one run shows them all). */
#define LEAK(...)                                                            \
	do {                                                                 \
		fprintf(stderr, "%s:%d: LEAK: ", __FILE__, __LINE__);        \
		fprintf(stderr, __VA_ARGS__);                                \
		fputc('\n', stderr);                                         \
		nleaks++;                                                    \
	} while (0)

/* "BOX/rw/NAME/rest" and the like, in a static ring of buffers. */
static inline const char *P(const char *fmt, ...)
{
	static char bufs[16][PATH_MAX];
	static int next;
	char *b = bufs[next++ % 16];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, PATH_MAX, fmt, ap);
	va_end(ap);
	return b;
}

static inline bool is_forbidden_ino(unsigned long ino)
{
	for (int i = 0; i < nforbidden; i++)
		if (forbidden[i] == ino)
			return true;
	return false;
}

/* A stat result that is one of the canaries or their directories. */
static inline void check_stat(const struct stat *st, const char *what)
{
	nattempts++;
	if (is_forbidden_ino(st->st_ino))
		LEAK("%s: reached host inode %lu (a canary or its directory)",
		     what, (unsigned long)st->st_ino);
}

/* An open fd: its inode, and the first bytes when it can be read. */
static inline void check_fd(int fd, const char *what)
{
	struct stat st;
	char buf[64];
	ssize_t n;

	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0)
		check_stat(&st, what);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		n = pread(fd, buf, sizeof(buf), 0);
		if (n >= (ssize_t)strlen(CANARY_MAGIC) &&
		    !memcmp(buf, CANARY_MAGIC, strlen(CANARY_MAGIC)))
			LEAK("%s: read the canary", what);
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY);
		DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
		struct dirent *e;

		while (d && (e = readdir(d)))
			/* (by inode: a guest may make its own "canary" in
			 * its tmpfs; and as on Linux, a mountpoint's entry
			 * and a bind root's ".." show the host's inodes) */
			if (!strcmp(e->d_name, "canary") &&
			    is_forbidden_ino(e->d_ino))
				LEAK("%s: a directory that lists %s, host inode %lu",
				     what, e->d_name, (unsigned long)e->d_ino);
		if (d)
			closedir(d);
		else if (dfd >= 0)
			close(dfd);
	}
}

/* openat(dirfd, path, flags): whatever opens must not be a canary. */
static inline int try_openat(int dirfd, const char *path, int flags, const char *what)
{
	int fd = openat(dirfd, path, flags | O_CLOEXEC, 0600);

	nattempts++;
	if (fd >= 0 && !(flags & O_PATH))
		check_fd(fd, what);
	else if (fd >= 0) {
		struct stat st;

		if (fstat(fd, &st) == 0)
			check_stat(&st, what);
	}
	return fd;
}

static inline void try_open_close(int dirfd, const char *path, int flags,
			   const char *what)
{
	int fd = try_openat(dirfd, path, flags, what);

	if (fd >= 0)
		close(fd);
}

/* The same through openat2 with resolve flags. */
static inline int try_openat2(int dirfd, const char *path, int flags, unsigned long resolve,
		       const char *what)
{
	struct open_how how = { .flags = (unsigned)(flags | O_CLOEXEC),
				.mode = (flags & O_CREAT) ? 0600 : 0,
				.resolve = resolve };
	int fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));

	nattempts++;
	if (fd >= 0)
		check_fd(fd, what);
	return fd;
}

/* stat and lstat of path (from dirfd): never a canary's inode. */
static inline void try_stat(int dirfd, const char *path, const char *what)
{
	struct stat st;

	nattempts++;
	if (fstatat(dirfd, path, &st, 0) == 0)
		check_stat(&st, what);
	if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0)
		check_stat(&st, what);
}

/* The guest sees path as the very file of want (same device and inode). */
static inline void expect_same(const char *path, const char *want, const char *what)
{
	struct stat a, b;

	nattempts++;
	if (stat(path, &a) || stat(want, &b)) {
		LEAK("%s: stat(%s) or stat(%s): %s", what, path, want,
		     strerror(errno));
		return;
	}
	check_stat(&a, what);
	if (a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		LEAK("%s: %s is not %s", what, path, want);
}

/* Like expect_same, for an fd. */
static inline void expect_fd_is(int fd, const char *want, const char *what)
{
	struct stat a, b;

	nattempts++;
	if (fstat(fd, &a) || stat(want, &b)) {
		LEAK("%s: fstat or stat(%s): %s", what, want, strerror(errno));
		return;
	}
	check_stat(&a, what);
	if (a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		LEAK("%s: the fd is not %s", what, want);
}

/* r must be -1: the attempt failed (with errno want, when want != 0). */
static inline void expect_fail(long r, int want, const char *what)
{
	int e = errno;

	nattempts++;
	if (r != -1)
		LEAK("%s succeeded (returned %ld)", what, r);
	else if (want && e != want)
		LEAK("%s: %s, want %s", what, strerrorname_np(e),
		     strerrorname_np(want));
}

/* Neither the guest's BOX nor its BOX/rw/hidden (tmpfs, both) shows the
 * host's canary. */
static inline void check_box_listings(const char *what)
{
	const char *dirs[] = { box, box_hidden, box_rw };

	for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		int fd = open(dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0) {
			LEAK("%s: cannot open %s: %s", what, dirs[i], strerror(errno));
			continue;
		}
		check_fd(fd, what);
		close(fd);
	}
}

/* Read the environment; make the program's own directory BOX/rw/name. */
static inline void box_init(const char *name)
{
	const char *f = getenv("UMK_TEST_FORBIDDEN");
	char *end;

	box = getenv("UMK_TEST_BOX");
	CHECK(box && box[0] == '/' && f,
	      "UMK_TEST_BOX and UMK_TEST_FORBIDDEN are not set (run by tests/run-tests)");
	CHECK(strlen(box) + strlen(name) < PATH_MAX / 2 - 64, "UMK_TEST_BOX is too long");
	CHECK(snprintf(box_rw, sizeof(box_rw), "%s/rw", box) < (int)sizeof(box_rw) &&
	      snprintf(box_ro, sizeof(box_ro), "%s/ro", box) < (int)sizeof(box_ro) &&
	      snprintf(box_hidden, sizeof(box_hidden), "%s/rw/hidden", box) <
		      (int)sizeof(box_hidden) &&
	      snprintf(box_rosub, sizeof(box_rosub), "%s/rw/rosub", box) <
		      (int)sizeof(box_rosub) &&
	      snprintf(work, sizeof(work), "%s/%s", box_rw, name) < (int)sizeof(work),
	      "UMK_TEST_BOX is too long");
	while (*f && nforbidden < 8) {
		unsigned long v = strtoul(f, &end, 10);

		if (end == f)
			break;
		forbidden[nforbidden++] = v;
		f = end;
	}
	CHECK(nforbidden == 4, "UMK_TEST_FORBIDDEN: want 4 inode numbers");
	CHECK(mkdir(work, 0755) == 0 || errno == EEXIST, "mkdir %s: %s", work,
	      strerror(errno));
	check_box_listings("at the start");
}

/* The exit status: 0 when nothing leaked. */
static inline int box_done(void)
{
	check_box_listings("at the end");
	if (nleaks) {
		fprintf(stderr, "%d of %d attempts leaked\n", nleaks, nattempts);
		return 1;
	}
	printf("%d attempts, none reached a canary\n", nattempts);
	return 0;
}

#endif

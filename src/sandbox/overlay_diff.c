// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host side of the overlay (umk run --overlay=UPPERDIR): checking the
 * upper directory before boot, and two host commands on what a run left
 * there, UML's COW files and uml_moo for directory trees:
 *
 *   umk diff UPPERDIR [ROOT]     the change set against the lower tree ROOT
 *                                (default: the root the last run recorded,
 *                                else /), one "A|C|D /path" line per
 *                                added, changed or deleted path, sorted
 *   umk merge [-v] UPPERDIR ROOT apply it to ROOT: copy what was added or
 *                                changed (data, mode, times), delete what
 *                                was deleted, replace opaque directories
 *
 * The upper directory's markers are aufs-style, as fs/overlay.c makes
 * them: ".wh.NAME" deletes NAME, ".wh..wh..opq" makes its directory opaque
 * (nothing of the lower directory shows through), ".wh..wh.*" are umk's
 * own (".wh..wh.umk.root" records the lower root's path).
 *
 * These run as ordinary programs with the user's rights, outside the
 * kernel; every step names one component relative to a directory fd and
 * never follows a symlink, so a symlink in ROOT cannot send merge outside.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "sandbox.h"

#define WH_PREFIX	".wh."
#define WH_PREFIX_LEN	4
#define WH_META		".wh..wh."	/* umk's own: opaque, temporaries */
#define WH_OPAQUE	".wh..wh..opq"
#define ROOT_RECORD	".wh..wh.umk.root"

static int status;		/* 1 once something failed */
static bool verbose;

static void warn_path(const char *what, const char *path)
{
	fprintf(stderr, "umk: %s %s: %s\n", what, *path ? path : "/",
		strerror(errno));
	status = 1;
}

/* ---- --overlay=UPPERDIR ---- */

static bool is_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return true;
	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

int overlay_upper_open(const char *dir, const char *root)
{
	char *real, *rroot;
	struct stat st;
	FILE *f;
	int fd, rfd;

	if (!dir)
		return -1;		/* in memory */
	if (!*dir)
		die(UMK_EXIT_USAGE, "--overlay=: no upper directory given");
	real = realpath(dir, NULL);
	if (!real || stat(real, &st))
		die(UMK_EXIT_USAGE, "--overlay=%s: %s", dir,
		    errno == ENOENT ? "no such directory" : strerror(errno));
	if (!S_ISDIR(st.st_mode))
		die(UMK_EXIT_USAGE, "--overlay=%s: not a directory", dir);
	if (access(real, W_OK | X_OK))
		die(UMK_EXIT_USAGE, "--overlay=%s: not writable: %s", dir,
		    strerror(errno));
	rroot = realpath(root, NULL);
	if (rroot && is_below(rroot, real))
		die(UMK_EXIT_USAGE, "--overlay=%s: the upper directory cannot be "
		    "the root or contain it", dir);
	fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die(UMK_EXIT_USAGE, "--overlay=%s: %s", dir, strerror(errno));
	/* which tree this is a change set of, for `umk diff UPPERDIR` */
	rfd = openat(fd, ROOT_RECORD, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
		     O_CLOEXEC, 0644);
	f = rfd >= 0 ? fdopen(rfd, "w") : NULL;
	if (!f || fprintf(f, "%s\n", rroot ? rroot : root) < 0 || fclose(f))
		die(UMK_EXIT_USAGE, "--overlay=%s: cannot write in it: %s", dir,
		    strerror(errno));
	free(real);
	free(rroot);
	return fd;
}

/* ---- walking directories ---- */

/* The names in the directory fd (not taken over), sorted; NULL-ended. */
static char **list_dir(int fd, size_t *n)
{
	int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t cap = 16;
	char **names = malloc(cap * sizeof(*names));
	struct dirent *de;
	DIR *d;

	*n = 0;
	if (!names)
		die(UMK_EXIT_INTERNAL, "out of memory");
	d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		names[0] = NULL;
		return names;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (*n + 2 > cap) {
			cap *= 2;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				die(UMK_EXIT_INTERNAL, "out of memory");
		}
		names[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	names[*n] = NULL;
	qsort(names, *n, sizeof(*names), (int (*)(const void *, const void *))strcmp);
	return names;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_name(char **names, size_t n, const char *name)
{
	return bsearch(&name, names, n, sizeof(*names), cmp_name) != NULL;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int open_dir(int dirfd, const char *name)
{
	return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static bool is_marker(const char *name)
{
	return !strncmp(name, WH_PREFIX, WH_PREFIX_LEN);
}

static char *join(const char *path, const char *name)
{
	char *s;

	if (asprintf(&s, "%s/%s", path, name) < 0)
		die(UMK_EXIT_INTERNAL, "out of memory");
	return s;
}

/* ---- umk diff ---- */

struct change {
	char kind;
	char *path;
};

static struct change *changes;
static size_t nchanges, changes_cap;

static void add_change(char kind, const char *path, const char *name)
{
	if (nchanges == changes_cap) {
		changes_cap = changes_cap ? changes_cap * 2 : 64;
		changes = realloc(changes, changes_cap * sizeof(*changes));
		if (!changes)
			die(UMK_EXIT_INTERNAL, "out of memory");
	}
	changes[nchanges].kind = kind;
	changes[nchanges].path = join(path, name);
	nchanges++;
}

static int cmp_change(const void *a, const void *b)
{
	return strcmp(((const struct change *)a)->path,
		      ((const struct change *)b)->path);
}

/*
 * The upper directory ufd (guest path path, "" for the root) against the
 * lower directory lfd (-1: none).  hidden: the lower entries do not show
 * through (an opaque directory or one below it), so each one the upper
 * directory lacks is deleted and each it has is replaced.
 */
static void diff_dir(int ufd, int lfd, const char *path, bool hidden)
{
	size_t n, ln = 0;
	char **names = list_dir(ufd, &n), **lnames = NULL;

	if (lfd >= 0 && has_name(names, n, WH_OPAQUE))
		hidden = true;
	if (lfd >= 0 && hidden) {
		lnames = list_dir(lfd, &ln);
		for (size_t i = 0; i < ln; i++)
			if (!has_name(names, n, lnames[i]))
				add_change('D', path, lnames[i]);
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		struct stat us, ls;
		bool in_lower;
		int cu, cl;

		if (!strncmp(name, WH_META, strlen(WH_META)))
			continue;
		if (is_marker(name)) {
			/* a whiteout: deleted, if the lower tree has it */
			if (lfd >= 0 && !hidden &&
			    !fstatat(lfd, name + WH_PREFIX_LEN, &ls, AT_SYMLINK_NOFOLLOW))
				add_change('D', path, name + WH_PREFIX_LEN);
			continue;
		}
		if (fstatat(ufd, name, &us, AT_SYMLINK_NOFOLLOW)) {
			warn_path("diff: cannot read", path);
			continue;
		}
		in_lower = lfd >= 0 && !fstatat(lfd, name, &ls, AT_SYMLINK_NOFOLLOW);
		if (!in_lower)
			add_change('A', path, name);
		else if (!S_ISDIR(us.st_mode) || !S_ISDIR(ls.st_mode) ||
			 (us.st_mode & 07777) != (ls.st_mode & 07777))
			add_change('C', path, name);
		if (!S_ISDIR(us.st_mode))
			continue;
		cu = open_dir(ufd, name);
		if (cu < 0) {
			warn_path("diff: cannot read", path);
			continue;
		}
		cl = in_lower && S_ISDIR(ls.st_mode) ? open_dir(lfd, name) : -1;
		char *child = join(path, name);

		diff_dir(cu, cl, child, hidden);
		free(child);
		close(cu);
		if (cl >= 0)
			close(cl);
	}
	if (lnames)
		free_names(lnames, ln);
	free_names(names, n);
}

/* The lower root a run recorded in the upper directory, or NULL. */
static char *recorded_root(int ufd)
{
	char buf[PATH_MAX + 1];
	int fd = openat(ufd, ROOT_RECORD, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return *buf ? strdup(buf) : NULL;
}

static int open_top(const char *cmd, const char *what, const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		die(UMK_EXIT_USAGE, "%s: %s %s: %s", cmd, what, dir,
		    errno == ENOTDIR ? "not a directory" :
		    errno == ENOENT ? "no such directory" : strerror(errno));
	return fd;
}

int cmd_diff(int argc, char **argv)
{
	char *root;
	int ufd, lfd;

	if (argc < 2 || argc > 3 || argv[1][0] == '-')
		die(UMK_EXIT_USAGE, "usage: umk diff UPPERDIR [ROOT]");
	ufd = open_top("diff", "upper directory", argv[1]);
	root = argc == 3 ? strdup(argv[2]) : recorded_root(ufd);
	if (!root)
		root = strdup("/");
	lfd = open_top("diff", "root", root);
	diff_dir(ufd, lfd, "", false);
	qsort(changes, nchanges, sizeof(*changes), cmp_change);
	for (size_t i = 0; i < nchanges; i++)
		printf("%c %s\n", changes[i].kind, changes[i].path);
	if (fflush(stdout))
		status = 1;
	return status;
}

/* ---- umk merge ---- */

static void say(char kind, const char *path, const char *name)
{
	if (verbose)
		printf("%c %s/%s\n", kind, path, name);
}

/* rm -rf dirfd/name, never following a symlink. */
static int remove_tree(int dirfd, const char *name)
{
	struct stat st;
	size_t n;
	char **names;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0);
	fd = open_dir(dirfd, name);
	if (fd < 0)
		return -1;
	names = list_dir(fd, &n);
	for (size_t i = 0; i < n; i++)
		if (remove_tree(fd, names[i]))
			break;
	free_names(names, n);
	close(fd);
	return unlinkat(dirfd, name, AT_REMOVEDIR);
}

static void set_times(int dirfd, const char *name, const struct stat *st)
{
	struct timespec ts[2] = { st->st_atim, st->st_mtim };

	utimensat(dirfd, name, ts, AT_SYMLINK_NOFOLLOW);
}

static int copy_file(int ufd, int rfd, const char *name, const struct stat *st)
{
	char buf[65536];
	int in, out, err = 0;
	ssize_t n;

	in = openat(ufd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = openat(rfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		     0600);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			err = -1;
			break;
		}
	}
	if (n < 0)
		err = -1;
	if (!err)
		err = fchmod(out, st->st_mode & 07777);
	if (!err) {
		struct timespec ts[2] = { st->st_atim, st->st_mtim };

		err = futimens(out, ts);
	}
	close(in);
	if (close(out))
		err = -1;
	return err;
}

/* A non-directory of the upper directory, as a new entry of rfd. */
static int copy_entry(int ufd, int rfd, const char *name, const struct stat *st)
{
	char target[PATH_MAX];
	ssize_t n;

	switch (st->st_mode & S_IFMT) {
	case S_IFREG:
		return copy_file(ufd, rfd, name, st);
	case S_IFLNK:
		n = readlinkat(ufd, name, target, sizeof(target) - 1);
		if (n < 0)
			return -1;
		target[n] = 0;
		if (symlinkat(target, rfd, name))
			return -1;
		break;
	default:
		if (mknodat(rfd, name, st->st_mode, st->st_rdev))
			return -1;
		if (fchmodat(rfd, name, st->st_mode & 07777, 0))
			return -1;
		break;
	}
	set_times(rfd, name, st);
	return 0;
}

/*
 * Apply the upper directory ufd (guest path path) to the directory rfd of
 * the root.  hidden: in an opaque directory or below one, where nothing
 * of the root's directory stays but what the upper directory has.
 */
static void merge_dir(int ufd, int rfd, const char *path, bool hidden)
{
	size_t n, rn;
	char **names = list_dir(ufd, &n), **rnames;

	/* an opaque directory: what the root has beside it goes */
	if (hidden || has_name(names, n, WH_OPAQUE)) {
		hidden = true;
		rnames = list_dir(rfd, &rn);
		for (size_t i = 0; i < rn; i++) {
			if (has_name(names, n, rnames[i]))
				continue;
			say('D', path, rnames[i]);
			if (remove_tree(rfd, rnames[i]))
				warn_path("merge: cannot delete", path);
		}
		free_names(rnames, rn);
	}
	/* whiteouts: deleted */
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i] + WH_PREFIX_LEN;
		struct stat st;

		if (!is_marker(names[i]) || !strncmp(names[i], WH_META, strlen(WH_META)))
			continue;
		if (fstatat(rfd, name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		say('D', path, name);
		if (remove_tree(rfd, name))
			warn_path("merge: cannot delete", path);
	}
	/* everything else: added or changed */
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		struct stat us, rs;
		bool exists;
		int cu, cr;

		if (is_marker(name))
			continue;
		if (fstatat(ufd, name, &us, AT_SYMLINK_NOFOLLOW)) {
			warn_path("merge: cannot read", path);
			continue;
		}
		exists = !fstatat(rfd, name, &rs, AT_SYMLINK_NOFOLLOW);
		if (S_ISDIR(us.st_mode)) {
			if (exists && !S_ISDIR(rs.st_mode)) {
				say('C', path, name);
				if (remove_tree(rfd, name)) {
					warn_path("merge: cannot replace", path);
					continue;
				}
				exists = false;
			} else if (!exists) {
				say('A', path, name);
			}
			if (!exists && mkdirat(rfd, name, 0700)) {
				warn_path("merge: cannot make a directory in", path);
				continue;
			}
			cu = open_dir(ufd, name);
			cr = open_dir(rfd, name);
			if (cu >= 0 && cr >= 0) {
				char *child = join(path, name);
				struct timespec ts[2] = { us.st_atim, us.st_mtim };

				merge_dir(cu, cr, child, hidden);
				free(child);
				/* mode and times last: the filling changed them */
				if (fchmod(cr, us.st_mode & 07777) || futimens(cr, ts))
					warn_path("merge: cannot set the attributes in", path);
			} else {
				warn_path("merge: cannot open a directory in", path);
			}
			if (cu >= 0)
				close(cu);
			if (cr >= 0)
				close(cr);
			continue;
		}
		say(exists ? 'C' : 'A', path, name);
		if (exists && remove_tree(rfd, name)) {
			warn_path("merge: cannot replace", path);
			continue;
		}
		if (copy_entry(ufd, rfd, name, &us))
			warn_path("merge: cannot copy into", path);
	}
	free_names(names, n);
}

int cmd_merge(int argc, char **argv)
{
	struct stat us, rs;
	int i = 1, ufd, rfd;

	if (argc > 1 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--verbose"))) {
		verbose = true;
		i++;
	}
	if (argc - i != 2 || argv[i][0] == '-')
		die(UMK_EXIT_USAGE, "usage: umk merge [-v] UPPERDIR ROOT");
	ufd = open_top("merge", "upper directory", argv[i]);
	rfd = open_top("merge", "root", argv[i + 1]);
	if (!fstat(ufd, &us) && !fstat(rfd, &rs) && us.st_dev == rs.st_dev &&
	    us.st_ino == rs.st_ino)
		die(UMK_EXIT_USAGE, "merge: the upper directory and the root are the same");
	merge_dir(ufd, rfd, "", false);
	if (fflush(stdout))
		status = 1;
	return status;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mounts of `umk run`: the defaults and the user's --bind, --ro-bind
 * and --tmpfs, turned into the list the kernel mounts at boot (struct
 * umk_mount, in order, each over what is there).
 *
 * The defaults, before the user's options, so that those can override
 * them: the user's home directory ($HOME) is an empty tmpfs, and the
 * working directory is bound read-write at its own path (when the home
 * lies below the working directory, the home comes second, so that it
 * stays empty).  The root itself, /tmp, /dev and /proc are the kernel's
 * standard mounts (vfs/boot.c).
 *
 * Every host directory is opened here, O_PATH, before the kernel starts:
 * the kernel reaches a bound tree only through that fd.  Bad options end
 * umk with one line and status 125.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "umk/kernel_entry.h"
#include "sandbox.h"

#define MAX_MOUNTS 64

static struct umk_mount mounts[MAX_MOUNTS];
static int nmounts;

/*
 * An absolute guest path in its plain form ("//a/./b/" is "/a/b"), or NULL
 * when it is relative or climbs with "..".
 */
static char *normalise(const char *path)
{
	char *out, *o;

	if (path[0] != '/')
		return NULL;
	out = malloc(strlen(path) + 2);
	if (!out)
		die(UMK_EXIT_INTERNAL, "out of memory");
	o = out;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *end = strchrnul(p, '/');
		size_t n = (size_t)(end - p);

		if (n == 0)
			break;
		if (n == 2 && !strncmp(p, "..", 2)) {
			free(out);
			return NULL;
		}
		if (!(n == 1 && *p == '.')) {
			*o++ = '/';
			memcpy(o, p, n);
			o += n;
		}
		p = end;
	}
	if (o == out)
		*o++ = '/';
	*o = 0;
	return out;
}

static struct umk_mount *new_mount(void)
{
	if (nmounts == MAX_MOUNTS)
		die(UMK_EXIT_USAGE, "too many mounts (at most %d)", MAX_MOUNTS);
	return &mounts[nmounts++];
}

static char *option_text(const char *opt, const char *arg)
{
	char *s;

	if (asprintf(&s, "%s %s", opt, arg) < 0)
		die(UMK_EXIT_INTERNAL, "out of memory");
	return s;
}

/* --bind SRC[:DST] and --ro-bind SRC[:DST]; DST defaults to SRC's own
 * absolute path. */
void mounts_add_bind(const char *arg, bool rdonly)
{
	const char *opt = rdonly ? "--ro-bind" : "--bind";
	const char *colon = strchr(arg, ':');
	char *src = colon ? strndup(arg, (size_t)(colon - arg)) : strdup(arg);
	char *real, *dst;
	struct umk_mount *m;
	int fd;

	if (!src)
		die(UMK_EXIT_INTERNAL, "out of memory");
	if (!*src)
		die(UMK_EXIT_USAGE, "%s %s: no source directory", opt, arg);
	real = realpath(src, NULL);
	if (!real)
		die(UMK_EXIT_USAGE, "%s %s: %s: %s", opt, arg, src,
		    errno == ENOENT ? "no such directory" : strerror(errno));
	fd = open(real, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die(UMK_EXIT_USAGE, "%s %s: %s: %s", opt, arg, src,
		    errno == ENOTDIR ? "not a directory (umk binds directories)"
				     : strerror(errno));
	dst = normalise(colon ? colon + 1 : real);
	if (!dst)
		die(UMK_EXIT_USAGE, "%s %s: the guest path must be absolute, without '..'",
		    opt, arg);
	if (!strcmp(dst, "/"))
		die(UMK_EXIT_USAGE, "%s %s: cannot mount over the guest's root (use --root)",
		    opt, arg);
	m = new_mount();
	m->kind = UMK_MOUNT_BIND;
	m->host_fd = fd;
	m->source = real;
	m->guest_path = dst;
	m->rdonly = rdonly;
	m->option = option_text(opt, arg);
	free(src);
}

/* --tmpfs DST */
void mounts_add_tmpfs(const char *arg)
{
	char *dst = normalise(arg);
	struct umk_mount *m;

	if (!dst)
		die(UMK_EXIT_USAGE, "--tmpfs %s: the guest path must be absolute, without '..'",
		    arg);
	if (!strcmp(dst, "/"))
		die(UMK_EXIT_USAGE, "--tmpfs %s: cannot mount over the guest's root", arg);
	m = new_mount();
	m->kind = UMK_MOUNT_TMPFS;
	m->host_fd = -1;
	m->guest_path = dst;
	m->option = option_text("--tmpfs", arg);
}

/* Whether path is below dir (not equal), both normalised. */
static bool below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return strcmp(path, "/") != 0;
	return !strncmp(path, dir, n) && path[n] == '/';
}

/*
 * Put the defaults in front of what the options added: the empty home
 * (home, if not NULL) and the working directory cwd (guest path, if not
 * NULL) read-write from the host directory of umk's own working directory.
 */
void mounts_add_defaults(const char *home, const char *cwd)
{
	struct umk_mount def[2], *h = NULL, *c = NULL;
	char *home_n = home ? normalise(home) : NULL;
	int n = 0;

	if (home_n && strcmp(home_n, "/")) {
		h = &def[n++];
		*h = (struct umk_mount){ .kind = UMK_MOUNT_TMPFS, .host_fd = -1,
					 .guest_path = home_n, .optional = true,
					 .option = option_text("the empty home", home_n) };
	}
	if (cwd && strcmp(cwd, "/")) {
		int fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (fd >= 0) {
			c = &def[n++];
			*c = (struct umk_mount){ .kind = UMK_MOUNT_BIND, .host_fd = fd,
						 .source = getcwd(NULL, 0),
						 .guest_path = cwd, .optional = true,
						 .option = option_text("the working directory",
								       cwd) };
		}
	}
	/* The home below the working directory: the home goes on top. */
	if (h && c && below(h->guest_path, c->guest_path)) {
		struct umk_mount t = def[0];

		def[0] = def[1];
		def[1] = t;
	}
	if (nmounts + n > MAX_MOUNTS)
		die(UMK_EXIT_USAGE, "too many mounts (at most %d)", MAX_MOUNTS);
	memmove(mounts + n, mounts, (size_t)nmounts * sizeof(mounts[0]));
	memcpy(mounts, def, (size_t)n * sizeof(def[0]));
	nmounts += n;
}

const struct umk_mount *mounts_list(int *n)
{
	*n = nmounts;
	return mounts;
}

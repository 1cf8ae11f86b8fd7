// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * umk.conf(5): defaults for `umk run`, read before its options.
 *
 * Two files, in this order: /etc/umk/umk.conf (the system's), then
 * $XDG_CONFIG_HOME/umk/umk.conf (default ~/.config/umk/umk.conf, the
 * user's); the command line comes last.  A missing file is no setting.
 * Each setting is applied as the option of the same name would be: a
 * later `mem` replaces an earlier one and --mem replaces both; `bind`,
 * `ro-bind`, `tmpfs` and `module` add to a list in the order read, the
 * files' before the command line's, so that a later mount goes over an
 * earlier one; `fake-owners` and `allow-weak-sandbox` take yes or no.
 *
 * The syntax is strict, on purpose: a line is blank, a comment (its first
 * non-blank character is '#'), or KEY = VALUE, with blanks allowed around
 * both.  There are no quotes, no continuation lines and no comments after
 * a value (a path may hold '#').  An unknown key, a missing '=', an empty
 * or bad value ends umk with one line naming FILE:LINE and status 125:
 * a mistyped setting never passes silently as its default.
 *
 * UMK_CONFIG=FILE in umk's environment reads FILE alone instead of both
 * files (UMK_CONFIG= reads none): for tests, and to run without the
 * system's defaults.  It names nothing the command line could not.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "umk/kernel_entry.h"
#include "sandbox.h"

#define SYSTEM_CONF "/etc/umk/umk.conf"

/* "yes"/"true" 1, "no"/"false" 0, anything else -1. */
static int parse_bool(const char *v)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true"))
		return 1;
	if (!strcmp(v, "no") || !strcmp(v, "false"))
		return 0;
	return -1;
}

/* One KEY = VALUE line of where ("FILE:LINE"), applied to c. */
static void config_apply(struct umk_config *c, const char *where, const char *key,
			 const char *val)
{
	int flag;

	/* mounts.c and modules.c name where in their own errors */
	die_context = where;
	if (!strcmp(key, "mem")) {
		c->mem_size = parse_size(val);
		if (c->mem_size < MIN_MEM || c->mem_size > MAX_MEM)
			die(UMK_EXIT_USAGE, "mem = %s: not a size between 16M and 1T", val);
	} else if (!strcmp(key, "bind") || !strcmp(key, "ro-bind")) {
		mounts_add_bind(val, key[0] == 'r');
	} else if (!strcmp(key, "tmpfs")) {
		mounts_add_tmpfs(val);
	} else if (!strcmp(key, "module")) {
		if (val[0] != '/')
			die(UMK_EXIT_USAGE, "module = %s: not an absolute path to a module",
			    val);
		modules_add_from(val, where);
	} else if (!strcmp(key, "fake-owners") || !strcmp(key, "allow-weak-sandbox")) {
		flag = parse_bool(val);
		if (flag < 0)
			die(UMK_EXIT_USAGE, "%s = %s: the value must be yes or no", key, val);
		if (key[0] == 'f')
			c->fake_owners = flag;
		else
			c->allow_weak = flag;
	} else if (!strcmp(key, "network")) {
		/* the policy of TAP networking to come; only none exists yet */
		if (strcmp(val, "none"))
			die(UMK_EXIT_USAGE, "network = %s: the only network policy so far is none",
			    val);
	} else {
		die(UMK_EXIT_USAGE, "unknown setting '%s' (see umk.conf(5))", key);
	}
	die_context = NULL;
}

/* Strip blanks (and the newline) around s in place. */
static char *strip(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
			   end[-1] == '\r'))
		*--end = 0;
	return s;
}

/*
 * Read path into c; a missing file is none, and so is a file that cannot
 * even be seen: a user whose $HOME is someone else's (setpriv, su without
 * -l) has no file there.  A file that is there but cannot be read is an
 * error.  Strings of the file stay allocated: the mounts and modules keep
 * pointers to them.
 */
static void config_read_file(struct umk_config *c, const char *path)
{
	char *line = NULL, *where;
	struct stat st;
	size_t cap = 0;
	int lineno = 0;
	ssize_t len;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		int err = errno;

		if (err == ENOENT || err == ENOTDIR)
			return;
		if (err == EACCES && stat(path, &st))
			return;		/* a directory on the way is closed to us */
		die(UMK_EXIT_USAGE, "%s: %s", path, strerror(err));
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *p, *eq, *key, *val;

		lineno++;
		if (asprintf(&where, "%s:%d", path, lineno) < 0)
			die(UMK_EXIT_INTERNAL, "out of memory");
		if (strlen(line) != (size_t)len)
			die(UMK_EXIT_USAGE, "%s: a NUL byte in the line", where);
		p = strip(line);
		if (!*p || *p == '#') {
			free(where);
			continue;
		}
		eq = strchr(p, '=');
		if (!eq)
			die(UMK_EXIT_USAGE, "%s: '%s' is not KEY = VALUE", where, p);
		*eq = 0;
		key = strip(p);
		val = strip(eq + 1);
		if (!*key)
			die(UMK_EXIT_USAGE, "%s: a value without a key", where);
		if (!*val)
			die(UMK_EXIT_USAGE, "%s: %s has no value", where, key);
		val = strdup(val);
		if (!val)
			die(UMK_EXIT_INTERNAL, "out of memory");
		config_apply(c, where, key, val);
	}
	if (ferror(f))
		die(UMK_EXIT_USAGE, "%s: %s", path, strerror(errno));
	free(line);
	fclose(f);
}

void config_read(struct umk_config *c)
{
	const char *env = getenv("UMK_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *user = NULL;

	if (env) {
		if (*env)
			config_read_file(c, env);
		return;
	}
	config_read_file(c, SYSTEM_CONF);
	/* XDG: an unset, empty or relative XDG_CONFIG_HOME means ~/.config */
	if (xdg && xdg[0] == '/') {
		if (asprintf(&user, "%s/umk/umk.conf", xdg) < 0)
			user = NULL;
	} else if (home && home[0] == '/') {
		if (asprintf(&user, "%s/.config/umk/umk.conf", home) < 0)
			user = NULL;
	}
	if (user)
		config_read_file(c, user);
	free(user);
}

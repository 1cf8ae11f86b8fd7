// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Modules, the host side: finding and loading them (DESIGN.md §9).
 *
 * Boot modules come from /etc/umk/modules.conf (one absolute path a line;
 * blank lines and lines starting with '#' are ignored; a missing file means
 * none), then from the `module = PATH` lines of umk.conf(5) (config.c)
 * and from `--module PATH` (repeatable, in order).  Each is
 * dlopen()ed here, before umk confines itself (Landlock would not let umk
 * read it later, nor seccomp map it executable), and checked: it must
 * define `umk_module` (umk/module.h) with this umk's ABI version, a valid
 * name and an init function, and no two modules may share a name.  Any
 * failure ends umk with status 125 and one line naming the module.  The
 * kernel runs each init at boot (src/kernel/module.c).
 *
 * Loading runs the module's own ELF constructors, if it has any, as the
 * invoking user and before any confinement: a module is as trusted as umk
 * itself, which is why only the user who starts umk chooses them.
 *
 * With `umk run -U`, guest root may load a module after boot
 * (finit_module): see module_load.c.
 *
 * UMK_MODULES_CONF=FILE in umk's environment reads FILE instead of
 * /etc/umk/modules.conf (for tests; it names nothing --module could not).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "umk/kernel_entry.h"
#include "umk/module.h"
#include "sandbox.h"

#define MODULES_CONF "/etc/umk/modules.conf"
#define MODULES_MAX 64

static const char *cmdline_paths[MODULES_MAX];
static const char *cmdline_where[MODULES_MAX];	/* umk.conf's FILE:LINE, or NULL */
static int ncmdline;
static const struct umk_module *loaded[MODULES_MAX];
static const char *loaded_paths[MODULES_MAX];
static int nloaded;

void modules_add_from(const char *path, const char *where)
{
	if (ncmdline == MODULES_MAX)
		die(UMK_EXIT_USAGE, "--module %s: more than %d modules", path, MODULES_MAX);
	if (!*path)
		die(UMK_EXIT_USAGE, "--module: an empty path");
	cmdline_where[ncmdline] = where;
	cmdline_paths[ncmdline++] = path;
}

void modules_add(const char *path)
{
	modules_add_from(path, NULL);
}

static void load_boot_module(const char *path, const char *what)
{
	const struct umk_module *m;
	char why[400], *full = NULL;

	if (nloaded == MODULES_MAX)
		die(UMK_EXIT_USAGE, "%s: more than %d modules", what, MODULES_MAX);
	if (!strchr(path, '/')) {
		/* a bare name would make dlopen search the library path */
		if (asprintf(&full, "./%s", path) < 0)
			die(UMK_EXIT_INTERNAL, "out of memory");
		path = full;
	}
	if (module_load(path, &m, why, sizeof(why)))
		die(UMK_EXIT_USAGE, "%s: %s", what, why);
	for (int i = 0; i < nloaded; i++)
		if (!strcmp(loaded[i]->name, m->name))
			die(UMK_EXIT_USAGE, "%s: module %s is loaded already (from %s)", what,
			    m->name, loaded_paths[i]);
	loaded[nloaded] = m;
	loaded_paths[nloaded++] = path;
}

/* /etc/umk/modules.conf: each path loaded in turn.  A missing file is no
 * module; anything else wrong ends umk (125). */
static void read_conf(void)
{
	const char *conf = getenv("UMK_MODULES_CONF");
	char *line = NULL, what[600];
	size_t cap = 0;
	int lineno = 0;
	ssize_t len;
	FILE *f;

	if (!conf || !*conf)
		conf = MODULES_CONF;
	f = fopen(conf, "re");
	if (!f) {
		if (errno == ENOENT)
			return;
		die(UMK_EXIT_USAGE, "%s: %s", conf, strerror(errno));
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *p = line, *end;

		lineno++;
		if (strlen(line) != (size_t)len)
			die(UMK_EXIT_USAGE, "%s:%d: a NUL byte in the line", conf, lineno);
		while (*p == ' ' || *p == '\t')
			p++;
		end = p + strlen(p);
		while (end > p && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t' ||
				   end[-1] == '\r'))
			*--end = 0;
		if (!*p || *p == '#')
			continue;
		if (*p != '/')
			die(UMK_EXIT_USAGE, "%s:%d: '%s' is not an absolute path to a module",
			    conf, lineno, p);
		snprintf(what, sizeof(what), "%s:%d: %s", conf, lineno, p);
		load_boot_module(strdup(p), what);
	}
	if (ferror(f))
		die(UMK_EXIT_USAGE, "%s: %s", conf, strerror(errno));
	free(line);
	fclose(f);
}

void modules_load(struct umk_boot *b)
{
	char what[600];

	read_conf();
	for (int i = 0; i < ncmdline; i++) {
		if (cmdline_where[i])
			snprintf(what, sizeof(what), "%s: module = %s", cmdline_where[i],
				 cmdline_paths[i]);
		else
			snprintf(what, sizeof(what), "--module %s", cmdline_paths[i]);
		load_boot_module(cmdline_paths[i], what);
	}
	b->modules = loaded;
	b->module_paths = loaded_paths;
	b->nmodules = nloaded;
	confinement.modules = nloaded;
}

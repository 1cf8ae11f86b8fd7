// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading one module: dlopen() and the checks of its struct umk_module
 * (src/include/umk/module.h).  Used at boot for the modules of the command
 * line and /etc/umk/modules.conf (modules.c), and, with `umk run -U`
 * only, for a module guest root loads with finit_module(2)
 * (host_module_load, for src/kernel/module.c).
 *
 * After boot the kernel copies the guest's file into a memfd and the
 * module is dlopen()ed as /proc/self/fd/N.  That works under Landlock
 * (memfds live on an internal mount, which Landlock does not govern) and
 * under umk's seccomp filter because -U lets it allow executable mappings
 * (seccomp.c); without -U the kernel refuses before it gets here.
 *
 * A module that dlopen() accepts but these checks refuse is closed again;
 * one that passes is never unloaded.  Its memfd stays open as long: the
 * dynamic loader knows an object by its name and would take a later
 * /proc/self/fd/N, N reused, for the module already loaded.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "umk/host.h"
#include "umk/module.h"
#include "sandbox.h"

/* [a-z0-9_], 1 to UMK_MODULE_NAME_MAX characters (as module.c checks). */
static bool name_ok(const char *name)
{
	size_t n = 0;

	if (!name)
		return false;
	for (; name[n]; n++) {
		char c = name[n];

		if (n >= UMK_MODULE_NAME_MAX ||
		    !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return n > 0;
}

int module_load(const char *path, const struct umk_module **out, char *why, size_t n)
{
	const struct umk_module *m;
	void *h;

	dlerror();
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();

		snprintf(why, n, "%s", e ? e : "cannot load it");
		return -ENOEXEC;
	}
	m = dlsym(h, UMK_MODULE_SYMBOL);
	if (!m) {
		snprintf(why, n, "not a umk module (it defines no %s)", UMK_MODULE_SYMBOL);
		goto out_close;
	}
	if (m->abi != UMK_MODULE_ABI) {
		snprintf(why, n, "built for module ABI %u; this umk takes ABI %d", m->abi,
			 UMK_MODULE_ABI);
		goto out_close;
	}
	if (!name_ok(m->name)) {
		snprintf(why, n, "a bad module name (1-%d characters of a-z, 0-9, _)",
			 UMK_MODULE_NAME_MAX);
		goto out_close;
	}
	if (!m->init) {
		snprintf(why, n, "module %s has no init function", m->name);
		goto out_close;
	}
	*out = m;
	return 0;

out_close:
	dlclose(h);
	return -ENOEXEC;
}

int host_module_load(int fd, const struct umk_module **m, char *why, size_t whylen)
{
	char path[64];
	int ret;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ret = module_load(path, m, why, whylen);
	if (ret)
		close(fd);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loading one module: dlopen() and the checks of its struct umk_module
 * (src/include/umk/module.h).  Used at boot for the modules of the command
 * line and /etc/umk/modules.conf (modules.c), and, with `umk run -U`
 * only, for a module guest root loads with finit_module(2)
 * (host_module_load, for src/kernel/module.c).
 *
 * After boot the kernel reads the guest's file, host_module_load() copies
 * it into a memfd and dlopen()s /proc/self/fd/N.  That works under Landlock
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
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "umk/host.h"
#include "umk/module.h"
#include "sandbox.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U	/* Linux 6.3 */
#endif

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
	if (!umk_module_name_ok(m->name)) {
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

int host_module_load(const void *image, size_t len, const struct umk_module **m, char *why,
		     size_t whylen)
{
	char path[64];
	size_t done;
	ssize_t n;
	int fd, ret;

	/* MFD_EXEC: hosts with vm.memfd_noexec=1 make memfds unmappable as
	 * code by default; kernels before 6.3 do not know the flag. */
	fd = memfd_create("umk-module", MFD_CLOEXEC | MFD_EXEC);
	if (fd < 0 && errno == EINVAL)
		fd = memfd_create("umk-module", MFD_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		snprintf(why, whylen, "a memory file for it: %s%s", strerror(errno),
			 errno == EACCES ? " (the host forbids executable memory files: "
					   "vm.memfd_noexec=2)" : "");
		return ret;
	}
	for (done = 0; done < len; done += n) {
		n = write(fd, (const char *)image + done, len - done);
		if (n <= 0) {
			ret = n < 0 ? -errno : -EIO;
			snprintf(why, whylen, "copying it to a memory file: %s", strerror(-ret));
			goto out_fd;
		}
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ret = module_load(path, m, why, whylen);
	if (!ret)
		return 0;	/* fd stays open: see the top of this file */
out_fd:
	close(fd);
	return ret;
}

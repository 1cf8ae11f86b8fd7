/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The module API: everything a umk module sees of umk.
 *
 * A module is a driver built as a shared object (see modules/hello/ and
 * the Makefile's `modules` target): kernel code like umk's own, compiled
 * freestanding with -fPIC, and linked with -nostdlib -Wl,-z,defs, so it
 * can call nothing but what this header's api table gives it.  It does not
 * depend on umk's internal structures or symbols, only on this file.
 *
 * A module defines one object, named umk_module:
 *
 *	UMK_MODULE("hello", "a greeting in /dev/hello", hello_init);
 *
 * umk loads modules only at boot (`umk run --module PATH`, and the paths in
 * /etc/umk/modules.conf): the host side dlopen()s each one before umk
 * confines itself, checks abi and name, and the kernel calls init(api)
 * once, with the kernel lock held, before init (pid 1) starts.  init
 * registers what the module provides and returns 0, or -errno to stop the
 * boot.  Modules are never unloaded.  After boot umk is sealed: no code
 * can be added (guest init_module/finit_module get EPERM, and umk's
 * seccomp filter forbids executable mappings), except with `umk run -U`,
 * where guest root may load a module file with finit_module(2), for
 * kernel development only.
 *
 * Every callback runs in umk with the kernel lock held, on the thread of
 * the guest task that made the call.  It must not block for long: the
 * whole kernel waits.  A module is as trusted as umk itself: it runs
 * outside every guest check, and a bug in it is a bug in umk.
 *
 * Bump UMK_MODULE_ABI for any change to these structures that is not an
 * addition at the end of struct umk_module_api.
 */
#ifndef UMK_MODULE_H
#define UMK_MODULE_H

#include <stdarg.h>
#include "umk/types.h"

#define UMK_MODULE_ABI 1
#define UMK_MODULE_NAME_MAX 31		/* [a-z0-9_], not empty */

/* Whether name is a module name: [a-z0-9_], 1 to UMK_MODULE_NAME_MAX
 * characters (both umk's loader and its kernel check). */
static inline bool umk_module_name_ok(const char *name)
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

/* A character device's open file, as its driver sees it. */
struct umk_mod_file {
	void *dev;		/* what register_chrdev was given */
	void *priv;		/* the driver's own, per open file (NULL at open) */
	unsigned flags;		/* the open flags (Linux O_*) */
};

/*
 * A character device.  Every operation is optional: a missing read or
 * write is -EINVAL, a missing ioctl -ENOTTY.  read and write move bytes
 * through a kernel buffer (at most 64 KiB a call) at *pos, which they
 * update, and return the count or -errno.
 */
struct umk_chrdev_ops {
	int (*open)(struct umk_mod_file *f);
	long (*read)(struct umk_mod_file *f, char *buf, size_t len, s64 *pos);
	long (*write)(struct umk_mod_file *f, const char *buf, size_t len, s64 *pos);
	/* arg as the guest passed it; a pointer is read and written with
	 * copy_from_user/copy_to_user below */
	long (*ioctl)(struct umk_mod_file *f, unsigned cmd, u64 arg);
	void (*release)(struct umk_mod_file *f);
};

/* Text being generated for a /proc file (opaque). */
struct umk_seq;

/* A few numbers of the running kernel, for drivers that report them. */
struct umk_stats {
	u64 uptime_ns;		/* since boot */
	u64 mem_total;		/* bytes of guest memory */
	u64 mem_free;
	u32 processes;		/* guest processes, zombies included */
	u32 modules;		/* modules loaded */
};

/* What umk offers a module.  Functions return 0 (or a count) or -errno. */
struct umk_module_api {
	u32 abi;		/* UMK_MODULE_ABI */
	u32 size;		/* sizeof(struct umk_module_api) of this umk */
	const char *version;	/* umk's version */

	/* One line in the kernel log, "NAME: " before it (dmesg, umk -v). */
	void (*log)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

	/* /dev/NAME, a character device of mode (e.g. 0666) served by ops
	 * with dev as its f->dev.  The number is dynamic (major 240, the
	 * first of Linux's "local use" majors; one minor per device).
	 * -EEXIST: a device of that name is registered; -EINVAL: a bad name;
	 * -ENOSPC: no minor left. */
	int (*register_chrdev)(const char *name, u32 mode, const struct umk_chrdev_ops *ops,
			       void *dev);
	/* /proc/umk/NAME, a read-only file whose text show() writes with
	 * seq_printf each time the file is opened. */
	int (*register_proc)(const char *name, int (*show)(struct umk_seq *s, void *priv),
			     void *priv);
	void (*seq_printf)(struct umk_seq *s, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));

	/* The calling guest task's memory (in a chrdev callback): -EFAULT
	 * for an address it may not read or write. */
	int (*copy_from_user)(void *dst, u64 src, size_t n);
	int (*copy_to_user)(u64 dst, const void *src, size_t n);

	/* The C library a freestanding module lacks. */
	int (*snprintf)(char *buf, size_t size, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));
	void *(*memcpy)(void *dst, const void *src, size_t n);
	void *(*memset)(void *s, int c, size_t n);
	size_t (*strlen)(const char *s);
	void *(*malloc)(size_t n);	/* NULL when out of memory */
	void (*free)(void *p);

	void (*stats)(struct umk_stats *st);
};

struct umk_module {
	u32 abi;		/* UMK_MODULE_ABI, as the module was built */
	const char *name;
	const char *description;
	int (*init)(const struct umk_module_api *api);
};

/* The symbol umk looks for in a module. */
#define UMK_MODULE_SYMBOL "umk_module"

#define UMK_MODULE(name_, description_, init_)                                          \
	__attribute__((visibility("default"))) const struct umk_module umk_module = {   \
		.abi = UMK_MODULE_ABI,                                                  \
		.name = name_,                                                          \
		.description = description_,                                            \
		.init = init_,                                                          \
	}

#endif

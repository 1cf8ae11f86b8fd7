/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the file syscall handlers (sys_rw.c, sys_open.c,
 * sys_stat.c, sys_fd.c, sys_dir.c, sys_fs.c).
 */
#ifndef UMK_SYS_VFS_H
#define UMK_SYS_VFS_H

#include "kernel.h"
#include "syscall.h"
#include "task.h"
#include "mm.h"
#include "vfs/vfs.h"

/* One read or write moves at most this (Linux's MAX_RW_COUNT). */
#define MAX_RW_COUNT	0x7ffff000L
/* readv/writev: iovecs at most (UIO_MAXIOV). */
#define IOV_MAX		1024

/* The file at fd for I/O: NULL (-EBADF) for a bad fd or an O_PATH one. */
static inline struct file *fd_get_io(struct task *t, int fd)
{
	struct file *f = fd_get(t, fd);

	if (f && (f->fmode & FMODE_PATH)) {
		file_put(f);
		return NULL;
	}
	return f;
}

/* The guest path at upath, looked up from the cwd (vfs_lookup flags):
 * 0 and a reference in *p, or -errno. */
static inline long user_path_lookup(struct task *t, struct uptr upath,
				    unsigned flags, struct path *p)
{
	char *path;
	long ret = getname(t, upath, &path);

	if (ret < 0)
		return ret;
	ret = vfs_lookup(t, AT_FDCWD, path, flags, p);
	kfree(path);
	return ret;
}

/* The dirfd argument of *at() calls: Linux takes the low 32 bits. */
static inline int arg_dirfd(u64 v)
{
	return (int)v;
}

#endif

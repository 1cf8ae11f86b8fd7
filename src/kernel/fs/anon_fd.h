/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Files that are only an fd: epoll, eventfd, timerfd, signalfd, inotify.  Each is
 * an anonymous file ("anon_inode:[eventfd]") on an inode of mode 0600
 * with no file type, as Linux's anon_inode files show in fstat.
 */
#ifndef UMK_FS_ANON_FD_H
#define UMK_FS_ANON_FD_H

#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"

/* A new file named name with fop and priv, open for acc (O_RDONLY,
 * O_RDWR), installed at the lowest free fd.  flags: O_NONBLOCK and
 * O_CLOEXEC count.  The fd, or -errno: priv is then still the caller's
 * (fop->release must accept a NULL priv). */
static inline int anon_fd_install_mode(struct task *t, const char *name,
				       const struct file_ops *fop, void *priv,
				       unsigned acc, unsigned flags)
{
	struct inode *ino = anon_inode_alloc(0600);
	struct file *f;
	int err, fd;

	if (!ino)
		return -ENOMEM;
	err = anon_file_open(ino, name, fop, acc | (flags & O_NONBLOCK), &f);
	if (err)
		return err;
	f->priv = priv;
	fd = fd_install(t, f, 0, flags & O_CLOEXEC);
	if (fd < 0) {
		f->priv = NULL;
		file_put(f);
	}
	return fd;
}

/* The same, open for reading and writing (most of them). */
static inline int anon_fd_install(struct task *t, const char *name,
				  const struct file_ops *fop, void *priv,
				  unsigned flags)
{
	return anon_fd_install_mode(t, name, fop, priv, O_RDWR, flags);
}

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Open files: what an fd refers to.
 *
 * A struct file is an open of an inode at a place in the tree: its access
 * mode and status flags, its position, and the operations of its kind of
 * file.  fds, dup()s and fork()s share one struct file (and so its
 * position); the last file_put() releases it.
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"

struct file *file_alloc(void)
{
	static u64 serials;
	struct file *f = kzalloc(sizeof(*f));

	if (f) {
		f->refs = 1;
		f->serial = ++serials;
	}
	return f;
}

struct file *file_get(struct file *f)
{
	if (f)
		f->refs++;
	return f;
}

void file_put(struct file *f)
{
	if (!f)
		return;
	BUG_ON(f->refs <= 0);
	if (--f->refs)
		return;
	if (f->fop)		/* NULL: an open that failed */
		fsnotify_close(f);
	if (f->f_ep)
		eventpoll_release(f);
	locks_remove_file(f);
	if (f->fop && f->fop->release)
		f->fop->release(f);
	if (f->fmode & FMODE_WRITER)
		f->inode->writers--;
	if (f->fmode & FMODE_DENY_WRITE)
		f->inode->exec_denials--;
	inode_put(f->inode);
	if (f->path.dentry)
		path_put(&f->path);
	kfree(f);
}

long vfs_kernel_read(struct file *f, void *buf, size_t len, s64 off)
{
	struct uio u;
	s64 pos = off;
	long n;

	if (off < 0)
		return -EINVAL;
	uio_from_kernel(&u, buf, len);
	n = vfs_read(f, &u, &pos);
	uio_release(&u);
	return n;
}

long vfs_kernel_write(struct file *f, const void *buf, size_t len, s64 off)
{
	struct uio u;
	s64 pos = off;
	long n;

	if (off < 0)
		return -EINVAL;
	uio_from_kernel(&u, (void *)buf, len);
	n = vfs_write(f, &u, &pos);
	uio_release(&u);
	return n;
}

int vfs_fstat(struct file *f, struct linux_stat *st)
{
	if (f->fop && f->fop->getattr)
		return f->fop->getattr(f, st);
	if (!f->inode)
		return -EBADF;
	if (f->inode->iop && f->inode->iop->revalidate)
		f->inode->iop->revalidate(f->inode);
	vfs_fill_stat(f->inode, st);
	return 0;
}

long vfs_file_path(struct task *t, struct file *f, char *buf, size_t len)
{
	struct fs_struct *fs = t ? t->proc->fs : NULL;

	if (!f->path.dentry)
		return -ENOENT;
	return d_path(&f->path, fs ? &fs->root : NULL, buf, len);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading, writing, seeking, listing and truncating open files: the checks
 * every file shares, before the file system's own operation.
 *
 * Data moves in struct uio pieces (mm.h): guest pages referenced for the
 * duration of one operation, so a file system can hand them straight to a
 * host readv/writev, even with the kernel lock dropped.
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"

long vfs_read(struct file *f, struct uio *u, s64 *pos)
{
	long n;

	if (!(f->fmode & FMODE_READ))
		return -EBADF;
	if (f->inode && S_ISDIR(f->inode->mode))
		return -EISDIR;
	if (!f->fop || !f->fop->read)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if (!u->len)
		return 0;
	n = f->fop->read(f, u, pos);
	if (n > 0)
		fsnotify_access(f);
	return n;
}

long vfs_write(struct file *f, struct uio *u, s64 *pos)
{
	long n;

	if (!(f->fmode & FMODE_WRITE))
		return -EBADF;
	if (!f->fop || !f->fop->write)
		return -EINVAL;
	if ((f->flags & O_APPEND) && f->inode && S_ISREG(f->inode->mode))
		*pos = f->inode->size;
	if (*pos < 0)
		return -EINVAL;
	if (!u->len)
		return 0;
	n = f->fop->write(f, u, pos);
	if (n > 0)
		fsnotify_modify(f);
	return n;
}

s64 generic_llseek(struct file *f, s64 off, int whence, s64 size)
{
	s64 pos;

	switch (whence) {
	case SEEK_SET:
		pos = off;
		break;
	case SEEK_CUR:
		if (__builtin_add_overflow(f->pos, off, &pos))
			return -EOVERFLOW;
		break;
	case SEEK_END:
		if (__builtin_add_overflow(size, off, &pos))
			return -EOVERFLOW;
		break;
	case SEEK_DATA:
		if (off < 0 || off >= size)
			return -ENXIO;
		pos = off;
		break;
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		pos = size;
		break;
	default:
		return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->pos = pos;
	return pos;
}

s64 vfs_llseek(struct file *f, s64 off, int whence)
{
	if (f->fmode & FMODE_PATH)
		return -EBADF;
	if (!(f->fmode & FMODE_LSEEK))
		return -ESPIPE;
	if (f->fop && f->fop->llseek)
		return f->fop->llseek(f, off, whence);
	return generic_llseek(f, off, whence, f->inode ? f->inode->size : 0);
}

int vfs_readdir(struct file *f, struct dir_ctx *ctx)
{
	int err;

	if (f->fmode & FMODE_PATH)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode) || !f->fop ||
	    !f->fop->readdir)
		return -ENOTDIR;
	ctx->pos = f->pos;
	err = f->fop->readdir(f, ctx);
	f->pos = ctx->pos;
	if (!err)
		fsnotify_access(f);
	return err;
}

int vfs_ftruncate(struct file *f, s64 size)
{
	struct inode *ino = f->inode;
	int err;

	if (size < 0)
		return -EINVAL;
	if (!ino || !S_ISREG(ino->mode))
		return -EINVAL;
	if (!ino->iop || !ino->iop->truncate)
		return -EPERM;
	err = ino->iop->truncate(ino, size);
	if (!err)
		fsnotify_modify(f);
	return err;
}

int vfs_truncate(struct task *t, const struct path *p, s64 size)
{
	struct inode *ino = p->dentry->inode;
	int err;

	if (size < 0)
		return -EINVAL;
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	err = path_permission(t, p, MAY_WRITE);
	if (err)
		return err;
	if (!ino->iop || !ino->iop->truncate)
		return -EPERM;
	err = ino->iop->truncate(ino, size);
	if (!err)
		fsnotify_truncate(p->dentry);
	return err;
}

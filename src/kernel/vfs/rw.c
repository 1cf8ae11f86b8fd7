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
	if (f->inode && (f->inode->seals & ~F_SEAL_SEAL)) {
		struct inode *ino = f->inode;

		if (ino->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
			return -EPERM;
		/* F_SEAL_GROW: what fits below the end is written */
		if ((ino->seals & F_SEAL_GROW) && *pos + (s64)u->len > ino->size) {
			if (*pos >= ino->size)
				return -EPERM;
			u->len = ino->size - *pos;
		}
	}
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

#define SYNC_FILE_RANGE_ALL (SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | \
			     SYNC_FILE_RANGE_WAIT_AFTER)

int vfs_sync_file_range(struct file *f, s64 off, s64 nbytes, unsigned flags)
{
	struct inode *ino = f->inode;
	u64 end = (u64)off + (u64)nbytes;

	if (flags & ~SYNC_FILE_RANGE_ALL)
		return -EINVAL;
	if (off < 0 || (s64)end < 0 || end < (u64)off)
		return -EINVAL;
	if (!ino || !(S_ISREG(ino->mode) || S_ISBLK(ino->mode) ||
		      S_ISDIR(ino->mode) || S_ISLNK(ino->mode)))
		return -ESPIPE;
	if (f->fop && f->fop->sync_range)
		return f->fop->sync_range(f, off, nbytes, flags);
	return 0;	/* umk's own files live in memory */
}

int vfs_readahead(struct file *f, s64 off, u64 count)
{
	struct inode *ino = f->inode;

	if (!(f->fmode & FMODE_READ))
		return -EBADF;
	if (!ino || !S_ISREG(ino->mode) || (s64)count < 0)
		return -EINVAL;
	if (f->fop && f->fop->fadvise)
		return f->fop->fadvise(f, off, count, POSIX_FADV_WILLNEED);
	return 0;
}

int vfs_seal_check_size(struct inode *ino, s64 size)
{
	if ((size < ino->size && (ino->seals & F_SEAL_SHRINK)) ||
	    (size > ino->size && (ino->seals & F_SEAL_GROW)))
		return -EPERM;
	return 0;
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
	err = vfs_seal_check_size(ino, size);
	if (err)
		return err;
	err = ino->iop->truncate(ino, size);
	if (!err)
		fsnotify_modify(f);
	return err;
}

#define FALLOC_FL_WRITE_ZEROES	0x80
#define FALLOC_FL_MODE_MASK (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | \
			     FALLOC_FL_ZERO_RANGE | FALLOC_FL_INSERT_RANGE | \
			     FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_WRITE_ZEROES)
#define MAX_LFS_FILESIZE ((s64)0x7fffffffffffffffLL)

/* The checks of Linux's vfs_fallocate (6.13 and later), in its order:
 * one mode at most (0 allocates), KEEP_SIZE the only modifier. */
int vfs_fallocate(struct file *f, int mode, s64 off, s64 len)
{
	struct inode *ino = f->inode;
	s64 end;
	int err;

	if (off < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~(FALLOC_FL_MODE_MASK | FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	switch (mode & FALLOC_FL_MODE_MASK) {
	case 0:
	case FALLOC_FL_UNSHARE_RANGE:
	case FALLOC_FL_ZERO_RANGE:
		break;
	case FALLOC_FL_PUNCH_HOLE:
		if (!(mode & FALLOC_FL_KEEP_SIZE))
			return -EOPNOTSUPP;
		break;
	case FALLOC_FL_COLLAPSE_RANGE:
	case FALLOC_FL_INSERT_RANGE:
	case FALLOC_FL_WRITE_ZEROES:
		if (mode & FALLOC_FL_KEEP_SIZE)
			return -EOPNOTSUPP;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (!(f->fmode & FMODE_WRITE))
		return -EBADF;
	if (!ino)
		return -ENODEV;
	if (S_ISFIFO(ino->mode))
		return -ESPIPE;
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -ENODEV;
	if (__builtin_add_overflow(off, len, &end) || end > MAX_LFS_FILESIZE)
		return -EFBIG;
	/* umk's file systems know these modes only */
	if (!f->fop || !f->fop->fallocate ||
	    (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) &&
	    (ino->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
		return -EPERM;
	if (!(mode & FALLOC_FL_PUNCH_HOLE) && (ino->seals & F_SEAL_GROW) &&
	    end > ino->size)
		return -EPERM;
	err = f->fop->fallocate(f, mode, off, len);
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
	err = vfs_seal_check_size(ino, size);
	if (err)
		return err;
	err = ino->iop->truncate(ino, size);
	if (!err)
		fsnotify_truncate(p->dentry);
	return err;
}

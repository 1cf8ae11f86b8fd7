// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Directories: getdents64 and getdents, and the calls that change the tree (mkdir,
 * mkdirat, mknod, mknodat, unlink, unlinkat, rmdir, rename, renameat, renameat2, symlink,
 * symlinkat).
 *
 * getdents64 gathers struct linux_dirent64 records (8-byte aligned, d_off
 * the position after the entry) in a kernel buffer and copies them out at
 * once; a buffer too small for the first entry is -EINVAL.  The legacy
 * getdents gives the older record: d_ino, d_off, d_reclen, the name and
 * its NUL, then d_type in the record's last byte.
 */
#include "sys/sys_vfs.h"

#define DIRENT_BUF_MAX	(64 << 10)

struct getdents_ctx {
	struct dir_ctx ctx;
	char *buf;
	size_t size;
	size_t used;
	int err;
	bool legacy;		/* getdents's records, not getdents64's */
};

/* The legacy record (x86-64): the name starts at byte 18. */
struct linux_dirent {
	u64 d_ino;
	u64 d_off;
	u16 d_reclen;
	char d_name[];
};

static bool getdents_emit(struct dir_ctx *ctx, const char *name, size_t len,
			  u64 ino, unsigned dtype)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = g->legacy
		? ALIGN_UP(__builtin_offsetof(struct linux_dirent, d_name) + len + 2, 8)
		: ALIGN_UP(__builtin_offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	char *rec = g->buf + g->used;

	if (g->used + reclen > g->size) {
		if (!g->used)
			g->err = -EINVAL;
		return false;
	}
	memset(rec, 0, reclen);
	if (g->legacy) {
		struct linux_dirent *d = (struct linux_dirent *)rec;

		d->d_ino = ino;
		d->d_off = ctx->pos;
		d->d_reclen = reclen;
		memcpy(d->d_name, name, len);
		rec[reclen - 1] = dtype;
	} else {
		struct linux_dirent64 *d = (struct linux_dirent64 *)rec;

		d->d_ino = ino;
		d->d_off = ctx->pos;
		d->d_reclen = reclen;
		d->d_type = dtype;
		memcpy(d->d_name, name, len);
	}
	g->used += reclen;
	return true;
}

static long getdents(struct task *t, const struct sysargs *a, bool legacy)
{
	struct file *f = fd_get_io(t, (int)a->a[0]);
	struct getdents_ctx g = { .ctx.emit = getdents_emit, .legacy = legacy };
	u64 count = (unsigned)a->a[2];
	long ret;

	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode)) {
		ret = -ENOTDIR;
		goto out;
	}
	g.size = MIN(count, (u64)DIRENT_BUF_MAX);
	g.buf = kmalloc(g.size ? g.size : 1);
	if (!g.buf) {
		ret = -ENOMEM;
		goto out;
	}
	ret = vfs_readdir(f, &g.ctx);
	if (g.used)
		ret = copy_to_user(t, UPTR(a->a[1]), g.buf, g.used) ?
		      -EFAULT : (long)g.used;
	else if (!ret)
		ret = g.err;
	kfree(g.buf);
out:
	file_put(f);
	return ret;
}

long sys_getdents64(struct task *t, const struct sysargs *a)
{
	return getdents(t, a, false);
}

long sys_getdents(struct task *t, const struct sysargs *a)
{
	return getdents(t, a, true);
}

/* Call fn with the guest path at upath. */
static long with_path(struct task *t, struct uptr upath,
		      long (*fn)(struct task *t, const char *path, void *arg),
		      void *arg)
{
	char *path;
	long ret;

	ret = getname(t, upath, &path);
	if (ret < 0)
		return ret;
	ret = fn(t, path, arg);
	kfree(path);
	return ret;
}

struct at_args {
	int dirfd;
	u32 mode;
	const char *target;
	u64 dev;
};

static long mkdir_fn(struct task *t, const char *path, void *arg)
{
	struct at_args *aa = arg;

	return vfs_mkdir(t, aa->dirfd, path, aa->mode);
}

long sys_mkdir(struct task *t, const struct sysargs *a)
{
	struct at_args aa = { AT_FDCWD, a->a[1] };

	return with_path(t, UPTR(a->a[0]), mkdir_fn, &aa);
}

long sys_mkdirat(struct task *t, const struct sysargs *a)
{
	struct at_args aa = { arg_dirfd(a->a[0]), a->a[2] };

	return with_path(t, UPTR(a->a[1]), mkdir_fn, &aa);
}

static long mknod_fn(struct task *t, const char *path, void *arg)
{
	struct at_args *aa = arg;
	u32 dev = (u32)aa->dev;		/* the kernel's old 32-bit dev_t */

	return vfs_mknod(t, aa->dirfd, path, aa->mode,
			 vfs_mkdev((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00)));
}

long sys_mknod(struct task *t, const struct sysargs *a)
{
	struct at_args aa = { AT_FDCWD, a->a[1], NULL, a->a[2] };

	return with_path(t, UPTR(a->a[0]), mknod_fn, &aa);
}

long sys_mknodat(struct task *t, const struct sysargs *a)
{
	struct at_args aa = { arg_dirfd(a->a[0]), a->a[2], NULL, a->a[3] };

	return with_path(t, UPTR(a->a[1]), mknod_fn, &aa);
}

static long unlink_fn(struct task *t, const char *path, void *arg)
{
	return vfs_unlink(t, ((struct at_args *)arg)->dirfd, path);
}

static long rmdir_fn(struct task *t, const char *path, void *arg)
{
	return vfs_rmdir(t, ((struct at_args *)arg)->dirfd, path);
}

long sys_unlink(struct task *t, const struct sysargs *a)
{
	struct at_args aa = { AT_FDCWD };

	return with_path(t, UPTR(a->a[0]), unlink_fn, &aa);
}

long sys_rmdir(struct task *t, const struct sysargs *a)
{
	struct at_args aa = { AT_FDCWD };

	return with_path(t, UPTR(a->a[0]), rmdir_fn, &aa);
}

long sys_unlinkat(struct task *t, const struct sysargs *a)
{
	struct at_args aa = { arg_dirfd(a->a[0]) };

	if (a->a[2] & ~(u64)AT_REMOVEDIR)
		return -EINVAL;
	return with_path(t, UPTR(a->a[1]),
			 (a->a[2] & AT_REMOVEDIR) ? rmdir_fn : unlink_fn, &aa);
}

static long symlink_fn(struct task *t, const char *path, void *arg)
{
	struct at_args *aa = arg;

	return vfs_symlink(t, aa->target, aa->dirfd, path);
}

static long do_symlink(struct task *t, struct uptr utarget, int dirfd,
		       struct uptr upath)
{
	struct at_args aa = { dirfd };
	char *target;
	long ret;

	ret = getname(t, utarget, &target);
	if (ret < 0)
		return ret;
	aa.target = target;
	ret = with_path(t, upath, symlink_fn, &aa);
	kfree(target);
	return ret;
}

long sys_symlink(struct task *t, const struct sysargs *a)
{
	return do_symlink(t, UPTR(a->a[0]), AT_FDCWD, UPTR(a->a[1]));
}

long sys_symlinkat(struct task *t, const struct sysargs *a)
{
	return do_symlink(t, UPTR(a->a[0]), arg_dirfd(a->a[1]), UPTR(a->a[2]));
}

static long do_rename(struct task *t, int odirfd, struct uptr uold, int ndirfd,
		      struct uptr unew, u64 flags)
{
	char *oldpath, *newpath;
	long ret;

	if (flags & ~(u64)(RENAME_NOREPLACE | RENAME_EXCHANGE |
			   RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_WHITEOUT)
		return -EINVAL;		/* no file system of umk has whiteouts */
	ret = getname(t, uold, &oldpath);
	if (ret < 0)
		return ret;
	ret = getname(t, unew, &newpath);
	if (ret >= 0) {
		ret = vfs_rename(t, odirfd, oldpath, ndirfd, newpath, flags);
		kfree(newpath);
	}
	kfree(oldpath);
	return ret;
}

long sys_rename(struct task *t, const struct sysargs *a)
{
	return do_rename(t, AT_FDCWD, UPTR(a->a[0]), AT_FDCWD, UPTR(a->a[1]), 0);
}

long sys_renameat(struct task *t, const struct sysargs *a)
{
	return do_rename(t, arg_dirfd(a->a[0]), UPTR(a->a[1]),
			 arg_dirfd(a->a[2]), UPTR(a->a[3]), 0);
}

long sys_renameat2(struct task *t, const struct sysargs *a)
{
	return do_rename(t, arg_dirfd(a->a[0]), UPTR(a->a[1]),
			 arg_dirfd(a->a[2]), UPTR(a->a[3]), (unsigned)a->a[4]);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Looking at files: stat, fstat, lstat, newfstatat, statx, statfs,
 * fstatfs, readlink, readlinkat, access, faccessat, faccessat2.
 */
#include "sys/sys_vfs.h"

#define STATX__RESERVED		0x80000000U
#define AT_STATX_FORCE_SYNC	0x2000
#define AT_STATX_DONT_SYNC	0x4000

/* The path of a *at() call, or NULL for "" when AT_EMPTY_PATH allows a
 * null pointer (as Linux 6.11 does).  Returns 0 or -errno. */
static long get_path(struct task *t, struct uptr upath, unsigned at_flags,
		     char **out)
{
	long n;

	*out = NULL;
	if (uptr_null(upath) && (at_flags & AT_EMPTY_PATH))
		return 0;
	n = getname(t, upath, out);
	return n < 0 ? n : 0;
}

/* stat of dirfd/path (at_flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH);
 * also says which mount it is on. */
static long stat_at(struct task *t, int dirfd, struct uptr upath,
		    unsigned at_flags, struct linux_stat *st, int *mnt_id)
{
	unsigned lookup = 0;
	struct file *f;
	struct path p;
	char *path;
	long ret;

	ret = get_path(t, upath, at_flags, &path);
	if (ret)
		return ret;
	if ((!path || !*path) && (at_flags & AT_EMPTY_PATH) &&
	    dirfd != AT_FDCWD) {
		kfree(path);
		f = fd_get(t, dirfd);
		if (!f)
			return -EBADF;
		ret = vfs_fstat(f, st);
		if (mnt_id)
			*mnt_id = f->path.mnt ? f->path.mnt->id : 0;
		file_put(f);
		return ret;
	}
	if (!(at_flags & AT_SYMLINK_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (at_flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	ret = vfs_lookup(t, dirfd, path ? path : "", lookup, &p);
	kfree(path);
	if (ret)
		return ret;
	ret = vfs_getattr(&p, st);
	if (mnt_id)
		*mnt_id = p.mnt->id;
	path_put(&p);
	return ret;
}

static long put_stat(struct task *t, u64 ubuf, long ret,
		     const struct linux_stat *st)
{
	if (ret)
		return ret;
	return copy_to_user(t, UPTR(ubuf), st, sizeof(*st)) ? -EFAULT : 0;
}

long sys_stat(struct task *t, const struct sysargs *a)
{
	struct linux_stat st;

	return put_stat(t, a->a[1],
			stat_at(t, AT_FDCWD, UPTR(a->a[0]), 0, &st, NULL), &st);
}

long sys_lstat(struct task *t, const struct sysargs *a)
{
	struct linux_stat st;

	return put_stat(t, a->a[1],
			stat_at(t, AT_FDCWD, UPTR(a->a[0]), AT_SYMLINK_NOFOLLOW,
				&st, NULL), &st);
}

long sys_fstat(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	struct linux_stat st;
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_fstat(f, &st);
	file_put(f);
	return put_stat(t, a->a[1], ret, &st);
}

long sys_newfstatat(struct task *t, const struct sysargs *a)
{
	unsigned flags = a->a[3];
	struct linux_stat st;

	if (a->a[3] & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH |
			     AT_NO_AUTOMOUNT))
		return -EINVAL;
	return put_stat(t, a->a[2],
			stat_at(t, arg_dirfd(a->a[0]), UPTR(a->a[1]), flags,
				&st, NULL), &st);
}

static struct linux_statx_timestamp statx_ts(struct linux_timespec ts)
{
	struct linux_statx_timestamp s = { ts.tv_sec, (u32)ts.tv_nsec, 0 };

	return s;
}

long sys_statx(struct task *t, const struct sysargs *a)
{
	unsigned flags = a->a[2];
	u32 mask = a->a[3];
	struct linux_statx stx;
	struct linux_stat st;
	int mnt_id = 0;
	long ret;

	if (a->a[2] & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH |
			     AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	ret = stat_at(t, arg_dirfd(a->a[0]), UPTR(a->a[1]), flags, &st,
		      &mnt_id);
	if (ret)
		return ret;
	memset(&stx, 0, sizeof(stx));
	stx.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	stx.stx_blksize = st.st_blksize;
	stx.stx_nlink = st.st_nlink;
	stx.stx_uid = st.st_uid;
	stx.stx_gid = st.st_gid;
	stx.stx_mode = st.st_mode;
	stx.stx_ino = st.st_ino;
	stx.stx_size = st.st_size;
	stx.stx_blocks = st.st_blocks;
	stx.stx_atime = statx_ts(st.st_atim);
	stx.stx_mtime = statx_ts(st.st_mtim);
	stx.stx_ctime = statx_ts(st.st_ctim);
	stx.stx_rdev_major = vfs_major(st.st_rdev);
	stx.stx_rdev_minor = vfs_minor(st.st_rdev);
	stx.stx_dev_major = vfs_major(st.st_dev);
	stx.stx_dev_minor = vfs_minor(st.st_dev);
	stx.stx_mnt_id = mnt_id;
	return copy_to_user(t, UPTR(a->a[4]), &stx, sizeof(stx)) ? -EFAULT : 0;
}

long sys_statfs(struct task *t, const struct sysargs *a)
{
	struct linux_statfs sf;
	struct path p;
	long ret;

	ret = user_path_lookup(t, UPTR(a->a[0]), LOOKUP_FOLLOW, &p);
	if (ret)
		return ret;
	ret = vfs_statfs(&p, &sf);
	path_put(&p);
	if (ret)
		return ret;
	return copy_to_user(t, UPTR(a->a[1]), &sf, sizeof(sf)) ? -EFAULT : 0;
}

long sys_fstatfs(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	struct linux_statfs sf;
	long ret;

	if (!f)
		return -EBADF;
	ret = f->path.dentry ? vfs_statfs(&f->path, &sf) : -EINVAL;
	file_put(f);
	if (ret)
		return ret;
	return copy_to_user(t, UPTR(a->a[1]), &sf, sizeof(sf)) ? -EFAULT : 0;
}

static long do_readlink(struct task *t, int dirfd, struct uptr upath,
			struct uptr ubuf, u64 bufsiz)
{
	struct path p;
	char *path, *buf;
	bool empty;
	long ret;

	if ((int)bufsiz <= 0)
		return -EINVAL;
	ret = getname(t, upath, &path);
	if (ret < 0)
		return ret;
	empty = !*path;
	ret = vfs_lookup(t, dirfd, path, LOOKUP_EMPTY, &p);
	if (ret) {
		linkcache_readlink(t, path, ret);
		kfree(path);
		return ret;
	}
	buf = kmalloc(PATH_MAX);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	ret = vfs_readlink(t, &p, buf, MIN(bufsiz, (u64)PATH_MAX));
	if (ret == -EINVAL && empty)
		ret = -ENOENT;	/* readlinkat(fd, "") of a non-link */
	if (ret > 0 && copy_to_user(t, ubuf, buf, ret))
		ret = -EFAULT;
	kfree(buf);
	linkcache_readlink(t, path, ret);
out:
	kfree(path);
	path_put(&p);
	return ret;
}

long sys_readlink(struct task *t, const struct sysargs *a)
{
	return do_readlink(t, AT_FDCWD, UPTR(a->a[0]), UPTR(a->a[1]), a->a[2]);
}

long sys_readlinkat(struct task *t, const struct sysargs *a)
{
	return do_readlink(t, arg_dirfd(a->a[0]), UPTR(a->a[1]), UPTR(a->a[2]),
			   a->a[3]);
}

static long do_access(struct task *t, int dirfd, struct uptr upath, u64 mode,
		      u64 flags)
{
	unsigned lookup = 0;
	struct path p;
	char *path;
	int mask = 0;
	long ret;

	if (mode & ~(u64)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(u64)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	ret = get_path(t, upath, flags, &path);
	if (ret)
		return ret;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	ret = vfs_lookup(t, dirfd, path ? path : "", lookup, &p);
	kfree(path);
	if (ret)
		return ret;
	if (mode & R_OK)
		mask |= MAY_READ;
	if (mode & W_OK)
		mask |= MAY_WRITE;
	if (mode & X_OK)
		mask |= MAY_EXEC;
	if (!(flags & AT_EACCESS))
		mask |= MAY_REAL_IDS;
	ret = (mask & ~MAY_REAL_IDS) ? path_permission(t, &p, mask) : 0;
	path_put(&p);
	return ret;
}

long sys_access(struct task *t, const struct sysargs *a)
{
	return do_access(t, AT_FDCWD, UPTR(a->a[0]), a->a[1], 0);
}

long sys_faccessat(struct task *t, const struct sysargs *a)
{
	return do_access(t, arg_dirfd(a->a[0]), UPTR(a->a[1]), a->a[2], 0);
}

long sys_faccessat2(struct task *t, const struct sysargs *a)
{
	return do_access(t, arg_dirfd(a->a[0]), UPTR(a->a[1]), a->a[2],
			 a->a[3]);
}

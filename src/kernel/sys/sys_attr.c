// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Attributes and hard links: chmod, fchmod, fchmodat, fchmodat2, chown,
 * fchown, lchown, fchownat, utime, utimes, futimesat, utimensat, link,
 * linkat.
 * The rules live in vfs/attr.c and vfs/dirops.c; here are the argument
 * checks and the copying in.
 */
#include "sys/sys_vfs.h"
#include "sched.h"

#define USEC_PER_SEC	1000000L

/* Resolve dirfd/path (at_flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH; a
 * null path with AT_EMPTY_PATH means dirfd itself); the last symlink is
 * followed if follow and not AT_SYMLINK_NOFOLLOW. */
static long at_path(struct task *t, int dirfd, struct uptr upath,
		    unsigned at_flags, bool follow, struct path *out)
{
	unsigned lookup = follow && !(at_flags & AT_SYMLINK_NOFOLLOW) ?
			  LOOKUP_FOLLOW : 0;
	char *path;
	long ret;

	if (at_flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	if (uptr_null(upath) && (at_flags & AT_EMPTY_PATH))
		return vfs_lookup(t, dirfd, "", lookup, out);
	ret = getname(t, upath, &path);
	if (ret < 0)
		return ret;
	ret = vfs_lookup(t, dirfd, path, lookup, out);
	kfree(path);
	return ret;
}

/* The open file at fd as a path (not O_PATH ones). */
static long fd_path(struct task *t, int fd, struct path *out)
{
	struct file *f = fd_get_io(t, fd);

	if (!f)
		return -EBADF;
	if (!f->path.dentry) {
		file_put(f);
		return -EBADF;
	}
	*out = f->path;
	path_get(out);
	file_put(f);
	return 0;
}

static long chmod_path(struct task *t, long ret, struct path *p, u32 mode)
{
	if (ret)
		return ret;
	ret = vfs_chmod(t, p, mode);
	path_put(p);
	return ret;
}

long sys_chmod(struct task *t, const struct sysargs *a)
{
	struct path p;

	return chmod_path(t, at_path(t, AT_FDCWD, UPTR(a->a[0]), 0, true, &p),
			  &p, a->a[1]);
}

long sys_fchmod(struct task *t, const struct sysargs *a)
{
	struct path p;

	return chmod_path(t, fd_path(t, (int)a->a[0], &p), &p, a->a[1]);
}

long sys_fchmodat(struct task *t, const struct sysargs *a)
{
	struct path p;

	return chmod_path(t, at_path(t, arg_dirfd(a->a[0]), UPTR(a->a[1]), 0,
				     true, &p), &p, a->a[2]);
}

/* fchmodat2 (Linux 6.6): fchmodat with flags; a symlink's own mode cannot
 * change (-EOPNOTSUPP, from vfs_chmod). */
long sys_fchmodat2(struct task *t, const struct sysargs *a)
{
	struct path p;

	if (a->a[3] & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return chmod_path(t, at_path(t, arg_dirfd(a->a[0]), UPTR(a->a[1]),
				     a->a[3], true, &p), &p, a->a[2]);
}

static long chown_path(struct task *t, long ret, struct path *p, u64 uid,
		       u64 gid)
{
	if (ret)
		return ret;
	ret = vfs_chown(t, p, (u32)uid, (u32)gid);
	path_put(p);
	return ret;
}

long sys_chown(struct task *t, const struct sysargs *a)
{
	struct path p;

	return chown_path(t, at_path(t, AT_FDCWD, UPTR(a->a[0]), 0, true, &p),
			  &p, a->a[1], a->a[2]);
}

long sys_lchown(struct task *t, const struct sysargs *a)
{
	struct path p;

	return chown_path(t, at_path(t, AT_FDCWD, UPTR(a->a[0]), 0, false, &p),
			  &p, a->a[1], a->a[2]);
}

long sys_fchown(struct task *t, const struct sysargs *a)
{
	struct path p;

	return chown_path(t, fd_path(t, (int)a->a[0], &p), &p, a->a[1],
			  a->a[2]);
}

long sys_fchownat(struct task *t, const struct sysargs *a)
{
	struct path p;

	if (a->a[4] & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return chown_path(t, at_path(t, arg_dirfd(a->a[0]), UPTR(a->a[1]),
				     a->a[4], true, &p), &p, a->a[2], a->a[3]);
}

static bool nsec_ok(s64 nsec)
{
	return (nsec >= 0 && nsec < NSEC_PER_SEC) || nsec == UTIME_NOW ||
	       nsec == UTIME_OMIT;
}

static long utimes_path(struct task *t, long ret, struct path *p,
			const struct linux_timespec *times)
{
	if (ret)
		return ret;
	ret = vfs_utimes(t, p, times);
	path_put(p);
	return ret;
}

long sys_utimensat(struct task *t, const struct sysargs *a)
{
	struct linux_timespec ts[2], *times = NULL;
	int dirfd = arg_dirfd(a->a[0]);
	struct uptr upath = UPTR(a->a[1]);
	unsigned flags = a->a[3];
	struct path p;
	long ret;

	if (a->a[3] & ~(u64)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (a->a[2]) {
		if (copy_from_user(t, ts, UPTR(a->a[2]), sizeof(ts)))
			return -EFAULT;
		if (!nsec_ok(ts[0].tv_nsec) || !nsec_ok(ts[1].tv_nsec))
			return -EINVAL;
		times = ts;
	}
	if (uptr_null(upath)) {
		/* futimens(): the file at dirfd */
		if (flags & AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		if (dirfd == AT_FDCWD)
			return -EFAULT;
		ret = fd_path(t, dirfd, &p);
	} else {
		ret = at_path(t, dirfd, upath, flags, true, &p);
	}
	return utimes_path(t, ret, &p, times);
}

/* utimes and futimesat: struct timeval pairs (NULL: now). */
static long do_futimesat(struct task *t, int dirfd, struct uptr upath,
			 u64 utv)
{
	struct linux_timeval tv[2];
	struct linux_timespec ts[2];
	struct path p;
	int i;

	if (utv) {
		if (copy_from_user(t, tv, UPTR(utv), sizeof(tv)))
			return -EFAULT;
		for (i = 0; i < 2; i++) {
			if (tv[i].tv_usec < 0 || tv[i].tv_usec >= USEC_PER_SEC)
				return -EINVAL;
			ts[i].tv_sec = tv[i].tv_sec;
			ts[i].tv_nsec = tv[i].tv_usec * 1000;
		}
	}
	return utimes_path(t, at_path(t, dirfd, upath, 0, true, &p), &p,
			   utv ? ts : NULL);
}

long sys_utimes(struct task *t, const struct sysargs *a)
{
	return do_futimesat(t, AT_FDCWD, UPTR(a->a[0]), a->a[1]);
}

long sys_futimesat(struct task *t, const struct sysargs *a)
{
	return do_futimesat(t, arg_dirfd(a->a[0]), UPTR(a->a[1]), a->a[2]);
}

long sys_utime(struct task *t, const struct sysargs *a)
{
	struct linux_timespec ts[2] = { { 0, 0 }, { 0, 0 } };
	s64 buf[2];		/* struct utimbuf: actime, modtime */
	struct path p;

	if (a->a[1]) {
		if (copy_from_user(t, buf, UPTR(a->a[1]), sizeof(buf)))
			return -EFAULT;
		ts[0].tv_sec = buf[0];
		ts[1].tv_sec = buf[1];
	}
	return utimes_path(t, at_path(t, AT_FDCWD, UPTR(a->a[0]), 0, true, &p),
			   &p, a->a[1] ? ts : NULL);
}

static long do_link(struct task *t, int odirfd, struct uptr uold, int ndirfd,
		    struct uptr unew, u64 flags)
{
	unsigned lookup = 0;
	char *oldpath, *newpath;
	long ret;

	if (flags & ~(u64)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		lookup |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	ret = getname(t, uold, &oldpath);
	if (ret < 0)
		return ret;
	ret = getname(t, unew, &newpath);
	if (ret >= 0) {
		ret = vfs_link(t, odirfd, oldpath, lookup, ndirfd, newpath);
		kfree(newpath);
	}
	kfree(oldpath);
	return ret;
}

long sys_link(struct task *t, const struct sysargs *a)
{
	return do_link(t, AT_FDCWD, UPTR(a->a[0]), AT_FDCWD, UPTR(a->a[1]), 0);
}

long sys_linkat(struct task *t, const struct sysargs *a)
{
	return do_link(t, arg_dirfd(a->a[0]), UPTR(a->a[1]), arg_dirfd(a->a[2]),
		       UPTR(a->a[3]), a->a[4]);
}

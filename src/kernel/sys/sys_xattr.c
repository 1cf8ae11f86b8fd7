// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Extended attributes: none yet.  umk's file systems keep no extended
 * attributes (hostfs does not pass the host's through), so, after the
 * usual checks of the file and the name, reading one is -ENODATA,
 * listing gives an empty list, setting is -EOPNOTSUPP and removing is
 * -ENODATA — what ls, cp -a and Python's shutil expect from a file
 * system without them.  (Metadata mode will keep user.umk.* later.)
 */
#include "sys/sys_vfs.h"

#define XATTR_NAME_MAX	255
#define XATTR_CREATE	0x1
#define XATTR_REPLACE	0x2

/* The file of a path-based call: followed unless nofollow. */
static long xattr_path(struct task *t, struct uptr upath, bool nofollow)
{
	struct path p;
	char *path;
	long ret;

	ret = getname(t, upath, &path);
	if (ret < 0)
		return ret;
	ret = vfs_lookup(t, AT_FDCWD, path, nofollow ? 0 : LOOKUP_FOLLOW, &p);
	kfree(path);
	if (!ret)
		path_put(&p);
	return ret;
}

static long xattr_fd(struct task *t, u64 fd)
{
	struct file *f = fd_get_io(t, (int)fd);

	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

/* The attribute name: 1 to XATTR_NAME_MAX bytes, else -ERANGE. */
static long xattr_name(struct task *t, struct uptr uname)
{
	char name[XATTR_NAME_MAX + 1];
	long n = strncpy_from_user(t, name, uname, sizeof(name));

	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? n : 0;
}

static long do_get(struct task *t, long ret, u64 uname)
{
	if (!ret)
		ret = xattr_name(t, UPTR(uname));
	return ret ? ret : -ENODATA;
}

static long do_set(struct task *t, long ret, u64 uname, u64 flags)
{
	if (flags & ~(u64)(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if (!ret)
		ret = xattr_name(t, UPTR(uname));
	return ret ? ret : -EOPNOTSUPP;
}

long sys_getxattr(struct task *t, const struct sysargs *a)
{
	return do_get(t, xattr_path(t, UPTR(a->a[0]), false), a->a[1]);
}

long sys_lgetxattr(struct task *t, const struct sysargs *a)
{
	return do_get(t, xattr_path(t, UPTR(a->a[0]), true), a->a[1]);
}

long sys_fgetxattr(struct task *t, const struct sysargs *a)
{
	return do_get(t, xattr_fd(t, a->a[0]), a->a[1]);
}

long sys_listxattr(struct task *t, const struct sysargs *a)
{
	return xattr_path(t, UPTR(a->a[0]), false);
}

long sys_llistxattr(struct task *t, const struct sysargs *a)
{
	return xattr_path(t, UPTR(a->a[0]), true);
}

long sys_flistxattr(struct task *t, const struct sysargs *a)
{
	return xattr_fd(t, a->a[0]);
}

long sys_setxattr(struct task *t, const struct sysargs *a)
{
	return do_set(t, xattr_path(t, UPTR(a->a[0]), false), a->a[1], a->a[4]);
}

long sys_lsetxattr(struct task *t, const struct sysargs *a)
{
	return do_set(t, xattr_path(t, UPTR(a->a[0]), true), a->a[1], a->a[4]);
}

long sys_fsetxattr(struct task *t, const struct sysargs *a)
{
	return do_set(t, xattr_fd(t, a->a[0]), a->a[1], a->a[4]);
}

long sys_removexattr(struct task *t, const struct sysargs *a)
{
	return do_get(t, xattr_path(t, UPTR(a->a[0]), false), a->a[1]);
}

long sys_lremovexattr(struct task *t, const struct sysargs *a)
{
	return do_get(t, xattr_path(t, UPTR(a->a[0]), true), a->a[1]);
}

long sys_fremovexattr(struct task *t, const struct sysargs *a)
{
	return do_get(t, xattr_fd(t, a->a[0]), a->a[1]);
}

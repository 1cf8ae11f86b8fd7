// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Extended attributes: getxattr, setxattr, listxattr, removexattr and
 * their l* (the symlink itself) and f* (an open file) forms.  The handlers
 * copy the name (1 to XATTR_NAME_MAX bytes, else -ERANGE) and the value
 * in, find the file, and leave the rules to vfs/xattr.c.  As Linux: a
 * buffer larger than the largest value or list is taken as that largest
 * size, and a value or list that does not fit even there is -E2BIG rather
 * than -ERANGE.
 */
#include "sys/sys_vfs.h"

/* The file of a path-based call: followed unless nofollow. */
static long xattr_path(struct task *t, struct uptr upath, bool nofollow,
		       struct path *p)
{
	char *path;
	long ret;

	ret = getname(t, upath, &path);
	if (ret < 0)
		return ret;
	ret = vfs_lookup(t, AT_FDCWD, path, nofollow ? 0 : LOOKUP_FOLLOW, p);
	kfree(path);
	return ret;
}

/* The file of an f* call (not O_PATH: -EBADF), its path referenced. */
static long xattr_fd(struct task *t, u64 fd, struct path *p)
{
	struct file *f = fd_get_io(t, (int)fd);

	if (!f)
		return -EBADF;
	*p = f->path;
	path_get(p);
	file_put(f);
	return 0;
}

/* Where the call's file is: a path (a[0], followed unless nofollow) or,
 * for fd, the open file a[0]. */
static long xattr_file(struct task *t, const struct sysargs *a, bool fd,
		       bool nofollow, struct path *p)
{
	if (fd)
		return xattr_fd(t, a->a[0], p);
	return xattr_path(t, UPTR(a->a[0]), nofollow, p);
}

/* The attribute name (name: XATTR_NAME_MAX + 1 bytes). */
static long xattr_name(struct task *t, struct uptr uname, char *name)
{
	long n = strncpy_from_user(t, name, uname, XATTR_NAME_MAX + 1);

	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? n : 0;
}

/*
 * getxattr (name) and listxattr (name NULL): into a kernel buffer of at
 * most max bytes, then out to the guest's ubuf.  A size 0 call asks for
 * the size; a buffer already as large as the largest possible answer that
 * still does not fit is -E2BIG, as on Linux.
 */
static long xattr_read(struct task *t, const struct sysargs *a, bool fd, bool nofollow,
		       const char *name, u64 ubuf, size_t size, size_t max)
{
	void *buf = NULL;
	struct path p;
	long ret;

	if (size > max)
		size = max;
	if (size) {
		buf = kmalloc(size);
		if (!buf)
			return -ENOMEM;
	}
	ret = xattr_file(t, a, fd, nofollow, &p);
	if (ret)
		goto out_buf;
	ret = name ? vfs_getxattr(t, &p, name, buf, size) : vfs_listxattr(t, &p, buf, size);
	path_put(&p);
	if (ret > 0 && size && copy_to_user(t, UPTR(ubuf), buf, ret))
		ret = -EFAULT;
	else if (ret == -ERANGE && size >= max)
		ret = -E2BIG;
out_buf:
	kfree(buf);
	return ret;
}

static long do_getxattr(struct task *t, const struct sysargs *a, bool fd,
			bool nofollow)
{
	char name[XATTR_NAME_MAX + 1];
	long ret = xattr_name(t, UPTR(a->a[1]), name);

	if (ret)
		return ret;
	return xattr_read(t, a, fd, nofollow, name, a->a[2], a->a[3], XATTR_SIZE_MAX);
}

static long do_setxattr(struct task *t, const struct sysargs *a, bool fd,
			bool nofollow)
{
	char name[XATTR_NAME_MAX + 1];
	size_t size = a->a[3];
	int flags = (int)a->a[4];
	void *value = NULL;
	struct path p;
	long ret;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	ret = xattr_name(t, UPTR(a->a[1]), name);
	if (ret)
		return ret;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	if (size) {
		value = kmalloc(size);
		if (!value)
			return -ENOMEM;
		ret = copy_from_user(t, value, UPTR(a->a[2]), size);
		if (ret)
			goto out_value;
	}
	ret = xattr_file(t, a, fd, nofollow, &p);
	if (ret)
		goto out_value;
	ret = vfs_setxattr(t, &p, name, value, size, flags);
	path_put(&p);
out_value:
	kfree(value);
	return ret;
}

static long do_listxattr(struct task *t, const struct sysargs *a, bool fd,
			 bool nofollow)
{
	return xattr_read(t, a, fd, nofollow, NULL, a->a[1], a->a[2], XATTR_LIST_MAX);
}

static long do_removexattr(struct task *t, const struct sysargs *a, bool fd,
			   bool nofollow)
{
	char name[XATTR_NAME_MAX + 1];
	struct path p;
	long ret;

	ret = xattr_name(t, UPTR(a->a[1]), name);
	if (ret)
		return ret;
	ret = xattr_file(t, a, fd, nofollow, &p);
	if (ret)
		return ret;
	ret = vfs_removexattr(t, &p, name);
	path_put(&p);
	return ret;
}

long sys_getxattr(struct task *t, const struct sysargs *a)
{
	return do_getxattr(t, a, false, false);
}

long sys_lgetxattr(struct task *t, const struct sysargs *a)
{
	return do_getxattr(t, a, false, true);
}

long sys_fgetxattr(struct task *t, const struct sysargs *a)
{
	return do_getxattr(t, a, true, false);
}

long sys_setxattr(struct task *t, const struct sysargs *a)
{
	return do_setxattr(t, a, false, false);
}

long sys_lsetxattr(struct task *t, const struct sysargs *a)
{
	return do_setxattr(t, a, false, true);
}

long sys_fsetxattr(struct task *t, const struct sysargs *a)
{
	return do_setxattr(t, a, true, false);
}

long sys_listxattr(struct task *t, const struct sysargs *a)
{
	return do_listxattr(t, a, false, false);
}

long sys_llistxattr(struct task *t, const struct sysargs *a)
{
	return do_listxattr(t, a, false, true);
}

long sys_flistxattr(struct task *t, const struct sysargs *a)
{
	return do_listxattr(t, a, true, false);
}

long sys_removexattr(struct task *t, const struct sysargs *a)
{
	return do_removexattr(t, a, false, false);
}

long sys_lremovexattr(struct task *t, const struct sysargs *a)
{
	return do_removexattr(t, a, false, true);
}

long sys_fremovexattr(struct task *t, const struct sysargs *a)
{
	return do_removexattr(t, a, true, false);
}

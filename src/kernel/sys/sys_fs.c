// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A process's place in the tree and file sizes: getcwd, chdir, fchdir,
 * chroot, umask, truncate, ftruncate, fallocate.
 */
#include "sys/sys_vfs.h"

long sys_getcwd(struct task *t, const struct sysargs *a)
{
	struct fs_struct *fs = t->proc->fs;
	static const char unreachable[] = "(unreachable)";
	size_t size = a->a[1];
	size_t pre = 0;
	char *buf;
	long n;

	if (d_unhashed(fs->cwd.dentry))
		return -ENOENT;
	buf = kmalloc(PATH_MAX + sizeof(unreachable));
	if (!buf)
		return -ENOMEM;
	if (!path_is_under(&fs->cwd, &fs->root)) {
		pre = sizeof(unreachable) - 1;
		memcpy(buf, unreachable, pre);
		n = d_path(&fs->cwd, NULL, buf + pre, PATH_MAX);
	} else {
		n = d_path(&fs->cwd, &fs->root, buf, PATH_MAX);
	}
	if (n >= 0) {
		n += pre + 1;	/* with the NUL */
		if ((size_t)n > size)
			n = -ERANGE;
		else if (copy_to_user(t, UPTR(a->a[0]), buf, n))
			n = -EFAULT;
	}
	kfree(buf);
	return n;
}

/* Make p (a directory) the cwd, if t may search it. */
static long set_cwd(struct task *t, const struct path *p)
{
	long ret;

	if (!S_ISDIR(p->dentry->inode->mode))
		return -ENOTDIR;
	ret = inode_permission(t, p->dentry->inode, MAY_EXEC);
	if (ret)
		return ret;
	fs_set_cwd(t->proc->fs, p);
	return 0;
}

long sys_chdir(struct task *t, const struct sysargs *a)
{
	struct path p;
	long ret;

	ret = user_path_lookup(t, UPTR(a->a[0]), LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	if (ret)
		return ret;
	ret = set_cwd(t, &p);
	path_put(&p);
	return ret;
}

long sys_fchdir(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->path.dentry ? set_cwd(t, &f->path) : -ENOTDIR;
	file_put(f);
	return ret;
}

/*
 * chroot: the directory becomes the process's root, as on Linux: looked
 * up (ENOENT, ENOTDIR), searchable (EACCES), then only for guest root
 * (EPERM: umk has no CAP_SYS_CHROOT apart from it).  The working
 * directory stays where it is, outside the new root or not; umk's walk
 * stops ".." at the root it is given.
 */
long sys_chroot(struct task *t, const struct sysargs *a)
{
	struct path p;
	long ret;

	ret = user_path_lookup(t, UPTR(a->a[0]), LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	if (ret)
		return ret;
	ret = inode_permission(t, p.dentry->inode, MAY_EXEC);
	if (!ret && t->proc->cred.euid != 0)
		ret = -EPERM;
	if (!ret)
		fs_set_root(t->proc->fs, &p);
	path_put(&p);
	return ret;
}

long sys_umask(struct task *t, const struct sysargs *a)
{
	struct fs_struct *fs = t->proc->fs;
	u32 old = fs->umask;

	fs->umask = a->a[0] & 0777;
	return old;
}

long sys_truncate(struct task *t, const struct sysargs *a)
{
	s64 len = a->a[1];
	struct path p;
	long ret;

	if (len < 0)
		return -EINVAL;
	ret = user_path_lookup(t, UPTR(a->a[0]), LOOKUP_FOLLOW, &p);
	if (ret)
		return ret;
	ret = vfs_truncate(t, &p, len);
	path_put(&p);
	return ret;
}

long sys_ftruncate(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get_io(t, (int)a->a[0]);
	s64 len = a->a[1];
	long ret;

	if (!f)
		return -EBADF;
	if (len < 0 || !(f->fmode & FMODE_WRITE))
		ret = -EINVAL;
	else
		ret = vfs_ftruncate(f, len);
	file_put(f);
	return ret;
}

long sys_fallocate(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get_io(t, (int)a->a[0]);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_fallocate(f, (int)a->a[1], (s64)a->a[2], (s64)a->a[3]);
	file_put(f);
	return ret;
}

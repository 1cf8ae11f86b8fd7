// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mount(2) and umount2(2): a guest's root rearranging its own tree.
 *
 * What can be mounted: a new tmpfs (size=, mode=, uid=, gid=), proc or
 * sysfs, and bind mounts (MS_BIND, MS_REC) of places already in the
 * guest's tree -- never a host directory the tree does not show, so the
 * guest can reach nothing new.  MS_REMOUNT changes a mount's flags
 * (rdonly, nosuid, nodev, noexec, the atime ones, nosymfollow) and, for a
 * tmpfs, its size; a file system that is read-only underneath (a
 * read-only hostfs) cannot be made writable (-EACCES).  MS_PRIVATE and
 * MS_SLAVE succeed (every mount of umk is private: there is no
 * propagation), MS_UNBINDABLE is kept; MS_SHARED is not there (-EINVAL).
 * MS_MOVE moves a mount (and those below it) elsewhere in the tree.
 *
 * Only places in the tree take part: the internal mount of pipes (a
 * /proc/PID/fd link to one) and lazily detached mounts are -EINVAL, as
 * Linux's mounts of another namespace are.
 *
 * The mounts umk made at boot are locked (MNT_LOCKED), as Linux locks
 * the mounts a user namespace inherits: unmounting one is -EINVAL, and
 * so is a bind mount without MS_REC of a tree with one below, since
 * either would show the host's directory that the mount hides.
 *
 * The order of checks is Linux's: the strings are copied (-EFAULT), the
 * target is looked up (-ENOENT, -ENOTDIR, ...), then only root (euid 0,
 * umk has no capabilities apart) may go on (-EPERM), then the operation
 * checks its own arguments (-EINVAL, -ENODEV, -ENOTDIR, -EBUSY).
 */
#include "sys/sys_vfs.h"

#define MOUNT_STR_MAX	PAGE_SIZE	/* Linux copies one page of each */

/* Whether m is in the tree: not the internal mount of pipes and other
 * anonymous files (reached through /proc/PID/fd), not a detached one
 * (reached through a file or cwd still in it).  Linux: -EINVAL. */
static bool in_tree(const struct mount *m)
{
	return m->parent && !m->detached;
}

/* A string argument (NULL when addr is 0) in a new buffer. */
static long get_string(struct task *t, u64 addr, char **out)
{
	long n;

	*out = NULL;
	if (!addr)
		return 0;
	*out = kmalloc(MOUNT_STR_MAX);
	if (!*out)
		return -ENOMEM;
	n = strncpy_from_user(t, *out, UPTR(addr), MOUNT_STR_MAX);
	if (n >= 0)
		return 0;
	kfree(*out);
	*out = NULL;
	return n == -ENAMETOOLONG ? -EINVAL : n;
}

/* The per-mount flags of mount(2)'s flags. */
static unsigned mnt_flags_of(unsigned long flags)
{
	unsigned f = 0;

	if (flags & MS_RDONLY)
		f |= MNT_RDONLY;
	if (flags & MS_NOSUID)
		f |= MNT_NOSUID;
	if (flags & MS_NODEV)
		f |= MNT_NODEV;
	if (flags & MS_NOEXEC)
		f |= MNT_NOEXEC;
	if (flags & MS_NOATIME)
		f |= MNT_NOATIME;
	if (flags & MS_NODIRATIME)
		f |= MNT_NODIRATIME;
	if (flags & MS_STRICTATIME)
		f |= MNT_STRICTATIME;
	if (flags & MS_NOSYMFOLLOW)
		f |= MNT_NOSYMFOLLOW;
	return f;
}

/* The file systems a guest may make. */
static int make_fs(const char *type, const char *data, struct super_block **sb,
		   struct inode **root)
{
	if (!strcmp(type, "tmpfs"))
		return tmpfs_new_opts("tmpfs", 01777, data, sb, root);
	/* proc and sysfs take no options umk knows */
	if (data && *data)
		return -EINVAL;
	if (!strcmp(type, "proc"))
		return procfs_new(sb, root);
	if (!strcmp(type, "sysfs"))
		return sysfs_new(sb, root);
	return -ENODEV;
}

static int do_new_mount(const struct path *mp, const char *type,
			const char *source, unsigned long flags,
			const char *data)
{
	struct super_block *sb;
	struct inode *root;
	int err;

	if (!type)
		return -EINVAL;
	err = make_fs(type, data, &sb, &root);
	if (err)
		return err;
	return vfs_mount(mp, sb, root, mnt_flags_of(flags),
			 source ? source : "none", NULL);
}

static int do_bind(struct task *t, const struct path *mp, const char *source,
		   unsigned long flags)
{
	struct path src;
	int err;

	if (!source || !*source)
		return -EINVAL;
	err = vfs_lookup(t, AT_FDCWD, source, LOOKUP_FOLLOW, &src);
	if (err)
		return err;
	if (!in_tree(src.mnt)) {
		path_put(&src);
		return -EINVAL;
	}
	/* the new mount's flags are the source mount's, as on Linux */
	err = vfs_bind_mount(mp, &src,
			     src.mnt->flags & ~(MNT_UNBINDABLE | MNT_LOCKED),
			     flags & MS_REC, src.mnt->source);
	path_put(&src);
	return err;
}

static int do_remount(const struct path *mp, unsigned long flags,
		      const char *data)
{
	struct mount *m = mp->mnt;
	int err;

	if (mp->dentry != m->root)
		return -EINVAL;
	if (!(flags & MS_RDONLY) && m->sb->rdonly)
		return -EACCES;		/* read-only underneath */
	if ((m->flags & MNT_LOCKED) &&
	    (m->flags & MNT_LOCK_ATTRS & ~mnt_flags_of(flags)))
		return -EPERM;		/* umk's own mount keeps its flags */
	if (!(flags & MS_BIND) && m->sb->ops && m->sb->ops->reconfigure) {
		err = m->sb->ops->reconfigure(m->sb, data);
		if (err)
			return err;
	} else if (!(flags & MS_BIND) && data && *data) {
		return -EINVAL;
	}
	m->flags = (m->flags & (MNT_UNBINDABLE | MNT_LOCKED)) |
		   mnt_flags_of(flags);
	return 0;
}

/* MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE (with MS_REC: the mounts below) */
static int do_change_type(const struct path *mp, unsigned long flags)
{
	unsigned long type = flags & ~(MS_REC | MS_SILENT);
	struct mount *m;

	if (mp->dentry != mp->mnt->root)
		return -EINVAL;
	if (type != MS_PRIVATE && type != MS_SLAVE && type != MS_UNBINDABLE &&
	    type != MS_SHARED)
		return -EINVAL;
	if (type == MS_SHARED)
		return -EINVAL;		/* no propagation in umk */
	for (m = mount_first(); m; m = m->next) {
		struct path mp2 = { m->parent, m->mountpoint };

		if (m != mp->mnt && (!(flags & MS_REC) || m->parent == m ||
				     !path_is_under(&mp2, mp)))
			continue;
		if (type == MS_UNBINDABLE)
			m->flags |= MNT_UNBINDABLE;
		else
			m->flags &= ~MNT_UNBINDABLE;
	}
	return 0;
}

static int do_move(struct task *t, const struct path *mp, const char *source)
{
	struct path from;
	int err;

	if (!source || !*source)
		return -EINVAL;
	err = vfs_lookup(t, AT_FDCWD, source, LOOKUP_FOLLOW, &from);
	if (err)
		return err;
	if (from.dentry != from.mnt->root || !in_tree(from.mnt))
		err = -EINVAL;		/* not a mount point */
	else
		err = vfs_move_mount(from.mnt, mp);
	path_put(&from);
	return err;
}

long sys_mount(struct task *t, const struct sysargs *a)
{
	unsigned long flags = a->a[3];
	char *source, *dir = NULL, *type = NULL, *data = NULL;
	struct path mp;
	long ret;

	ret = get_string(t, a->a[0], &source);
	if (!ret)
		ret = get_string(t, a->a[2], &type);
	if (!ret)
		ret = get_string(t, a->a[4], &data);
	if (!ret)
		ret = getname(t, UPTR(a->a[1]), &dir);
	if (ret < 0)
		goto out_free;
	ret = vfs_lookup(t, AT_FDCWD, dir, LOOKUP_FOLLOW, &mp);
	if (ret)
		goto out_free;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_NOUSER)
		ret = -EINVAL;
	else if (t->proc->cred.euid != 0)
		ret = -EPERM;
	else if (!in_tree(mp.mnt))
		ret = -EINVAL;
	else if (flags & MS_REMOUNT)
		ret = do_remount(&mp, flags, data);
	else if (flags & MS_BIND)
		ret = do_bind(t, &mp, source, flags);
	else if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		ret = do_change_type(&mp, flags);
	else if (flags & MS_MOVE)
		ret = do_move(t, &mp, source);
	else
		ret = do_new_mount(&mp, type, source, flags, data);
	path_put(&mp);
out_free:
	kfree(source);
	kfree(dir);
	kfree(type);
	kfree(data);
	return ret;
}

long sys_umount2(struct task *t, const struct sysargs *a)
{
	int flags = (int)a->a[1];
	struct path p;
	char *name;
	long ret;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	ret = getname(t, UPTR(a->a[0]), &name);
	if (ret < 0)
		return ret;
	ret = vfs_lookup(t, AT_FDCWD, name,
			 flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW, &p);
	kfree(name);
	if (ret)
		return ret;
	if (t->proc->cred.euid != 0)
		ret = -EPERM;
	else if (p.dentry != p.mnt->root || !in_tree(p.mnt))
		ret = -EINVAL;		/* not a mount point */
	else if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		ret = -EINVAL;
	else if ((flags & MNT_EXPIRE) && p.mnt->refs <= 2 &&
		 !p.mnt->expiry_mark) {
		p.mnt->expiry_mark = true;	/* the first call marks it */
		ret = -EAGAIN;
	} else
		/* MNT_FORCE: no file system of umk can abort its users, so
		 * it is a plain umount, as on Linux for those */
		ret = vfs_umount(p.mnt, flags & MNT_DETACH);
	path_put(&p);
	return ret;
}

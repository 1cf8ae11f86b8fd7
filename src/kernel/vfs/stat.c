// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Attributes as a guest sees them: struct stat from an inode, statfs from
 * a super block and its mount, and the text of symlinks.
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"

#define ST_VALID	0x20	/* statfs f_flags: the flags are valid */
#define ST_NOATIME	0x400	/* and the atime ones, as Linux maps them */
#define ST_NODIRATIME	0x800
#define ST_RELATIME	0x1000
#define ST_NOSYMFOLLOW	0x2000

/* The invoking user does not change while umk runs: ask the host once. */
static u32 host_uid, host_gid;
static bool host_ids_known;

static void host_ids(void)
{
	if (!host_ids_known) {
		host_uid = host_getuid();
		host_gid = host_getgid();
		host_ids_known = true;
	}
}

/* When umk runs as the host's root, its mapping of the invoking user to
 * root is the identity already: then every id shows as it is, as in a
 * chroot, rather than hiding the host's other owners behind nobody. */
u32 host_uid_to_guest(u32 uid)
{
	host_ids();
	if (host_uid == 0)
		return uid;
	return uid == host_uid ? 0 : NOBODY_ID;
}

u32 host_gid_to_guest(u32 gid)
{
	host_ids();
	if (host_gid == 0)
		return gid;
	return gid == host_gid ? 0 : NOBODY_ID;
}

void vfs_fill_stat(struct inode *ino, struct linux_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = ino->sb->dev;
	st->st_ino = ino->ino;
	st->st_nlink = ino->nlink;
	st->st_mode = ino->mode;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_rdev = ino->rdev;
	st->st_size = ino->size;
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = ino->blocks;
	st->st_atim = ino->atime;
	st->st_mtim = ino->mtime;
	st->st_ctim = ino->ctime;
}

int vfs_getattr(const struct path *p, struct linux_stat *st)
{
	vfs_fill_stat(p->dentry->inode, st);
	return 0;
}

int vfs_statfs(const struct path *p, struct linux_statfs *st)
{
	struct super_block *sb = p->dentry->inode->sb;
	int err = 0;

	memset(st, 0, sizeof(*st));
	st->f_type = sb->magic;
	st->f_bsize = PAGE_SIZE;
	st->f_frsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	if (sb->ops && sb->ops->statfs)
		err = sb->ops->statfs(sb, st);
	st->f_fsid[0] = (s32)vfs_minor(sb->dev);
	st->f_fsid[1] = (s32)vfs_major(sb->dev);
	st->f_flags = ST_VALID | (p->mnt->flags & (MNT_RDONLY | MNT_NOSUID |
						    MNT_NODEV | MNT_NOEXEC));
	if (sb->rdonly)
		st->f_flags |= MNT_RDONLY;
	if (p->mnt->flags & MNT_NOATIME)
		st->f_flags |= ST_NOATIME;
	else if (!(p->mnt->flags & MNT_STRICTATIME))
		st->f_flags |= ST_RELATIME;	/* as /proc/mounts says */
	if (p->mnt->flags & MNT_NODIRATIME)
		st->f_flags |= ST_NODIRATIME;
	if (p->mnt->flags & MNT_NOSYMFOLLOW)
		st->f_flags |= ST_NOSYMFOLLOW;
	return err;
}

long vfs_readlink(struct task *t, const struct path *p, char *buf, size_t len)
{
	struct inode *ino = p->dentry->inode;

	if (!S_ISLNK(ino->mode) || !ino->iop || !ino->iop->readlink)
		return -EINVAL;
	return ino->iop->readlink(ino, buf, len);
}

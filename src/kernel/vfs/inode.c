// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Super blocks and inodes: the VFS's view of a file, shared by every name
 * and open file that reaches it.
 *
 * An inode is reference counted; the file system that made it frees its
 * private data in ->evict when the last reference goes.  Each super block
 * gets its own anonymous device number (major 0, as Linux gives tmpfs and
 * procfs), which is what a guest sees as st_dev.
 */
#include "kernel.h"
#include "vfs/vfs.h"
#include "vfs/internal.h"

static u32 next_anon_minor = 16;

struct super_block *sb_alloc(const char *fstype, u64 magic,
			     const struct super_ops *ops)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return NULL;
	sb->fstype = fstype;
	sb->magic = magic;
	sb->ops = ops;
	sb->dev = vfs_mkdev(0, next_anon_minor++);
	return sb;
}

struct linux_timespec vfs_now(void)
{
	struct linux_timespec ts = { 0, 0 };

	host_clock_gettime(CLOCK_REALTIME, &ts);
	return ts;
}

struct inode *inode_alloc(struct super_block *sb, u32 mode)
{
	struct inode *ino = kzalloc(sizeof(*ino));

	if (!ino)
		return NULL;
	ino->refs = 1;
	ino->sb = sb;
	ino->mode = mode;
	ino->nlink = 1;
	ino->atime = ino->mtime = ino->ctime = vfs_now();
	return ino;
}

struct inode *inode_get(struct inode *ino)
{
	if (ino)
		ino->refs++;
	return ino;
}

void inode_put(struct inode *ino)
{
	if (!ino)
		return;
	BUG_ON(ino->refs <= 0);
	if (--ino->refs)
		return;
	if (ino->locks)		/* left by a close racing a lock */
		locks_inode_gone(ino);
	if (ino->iop && ino->iop->evict)
		ino->iop->evict(ino);
	kfree(ino);
}

void inode_touch(struct inode *ino, unsigned which)
{
	struct linux_timespec now = vfs_now();

	if (which & INODE_ATIME)
		ino->atime = now;
	if (which & INODE_MTIME)
		ino->mtime = now;
	if (which & INODE_CTIME)
		ino->ctime = now;
}

void inode_name_gone(struct inode *ino)
{
	if (S_ISDIR(ino->mode))
		ino->nlink = 0;
	else if (ino->nlink)
		ino->nlink--;
}

unsigned vfs_dtype(u32 mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return DT_REG;
	case S_IFDIR:
		return DT_DIR;
	case S_IFLNK:
		return DT_LNK;
	case S_IFCHR:
		return DT_CHR;
	case S_IFBLK:
		return DT_BLK;
	case S_IFIFO:
		return DT_FIFO;
	case S_IFSOCK:
		return DT_SOCK;
	}
	return DT_UNKNOWN;
}

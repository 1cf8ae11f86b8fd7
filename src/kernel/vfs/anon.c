// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Anonymous files: open files with no name in any tree (pipes, the
 * console when umk's stdio is not a terminal).
 *
 * They live on one internal mount that is on no mountpoint and in no
 * mount list: its dentries are their own parents and d_path() gives their
 * name ("pipe:[5]").  Giving them a real (mount, dentry) place lets
 * /proc/PID/fd/N follow to them like to any other file, so opening
 * /dev/stdin reaches the same pipe.
 */
#include "kernel.h"
#include "vfs/vfs.h"
#include "vfs/internal.h"

static struct super_block *anon_sb;
static struct mount anon_mnt;
static u64 anon_next_ino = 1;

static int anon_init(void)
{
	struct inode *root;

	if (anon_sb)
		return 0;
	anon_sb = sb_alloc("anon_inodefs", ANON_INODE_FS_MAGIC, NULL);
	if (!anon_sb)
		return -ENOMEM;
	root = inode_alloc(anon_sb, S_IFDIR | 0700);
	if (!root)
		return -ENOMEM;
	root->ino = anon_next_ino++;
	anon_mnt.sb = anon_sb;
	anon_mnt.root = d_alloc_anon("anon_inode:", root);
	if (!anon_mnt.root)
		return -ENOMEM;
	anon_mnt.source = "none";
	anon_mnt.refs = 1;
	return 0;
}

bool anon_inode(const struct inode *ino)
{
	return anon_sb && ino->sb == anon_sb;
}

struct inode *anon_inode_alloc(u32 mode)
{
	struct inode *ino;

	if (anon_init())
		return NULL;
	ino = inode_alloc(anon_sb, mode);
	if (ino)
		ino->ino = anon_next_ino++;
	return ino;
}

int anon_file_open(struct inode *ino, const char *name,
		   const struct file_ops *fop, unsigned flags, struct file **out)
{
	struct dentry *d;
	struct file *f;
	int acc = flags & O_ACCMODE;

	d = d_alloc_anon(name, ino);
	if (!d)
		return -ENOMEM;
	f = file_alloc();
	if (!f) {
		dput(d);
		return -ENOMEM;
	}
	f->flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	if (acc == O_RDONLY || acc == O_RDWR)
		f->fmode |= FMODE_READ;
	if (acc == O_WRONLY || acc == O_RDWR)
		f->fmode |= FMODE_WRITE;
	f->path.mnt = mnt_get(&anon_mnt);
	f->path.dentry = d;
	f->inode = inode_get(d->inode);
	f->fop = fop;
	*out = f;
	return 0;
}

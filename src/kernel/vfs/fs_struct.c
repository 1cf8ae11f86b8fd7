// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A process's place in the tree: its root (chroot), its working directory
 * and its umask.  Threads share one (refs); fork() copies it.
 */
#include "kernel.h"
#include "vfs/vfs.h"

struct fs_struct *fs_alloc_root(void)
{
	struct fs_struct *fs;

	if (!vfs_root_mount)
		return NULL;
	fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	fs->refs = 1;
	fs->root.mnt = vfs_root_mount;
	fs->root.dentry = vfs_root_mount->root;
	path_get(&fs->root);
	fs->cwd = fs->root;
	path_get(&fs->cwd);
	fs->umask = 022;
	fs->root_id = linkcache_new_root();
	return fs;
}

struct fs_struct *fs_get(struct fs_struct *fs)
{
	if (fs)
		fs->refs++;
	return fs;
}

void fs_put(struct fs_struct *fs)
{
	if (!fs)
		return;
	BUG_ON(fs->refs <= 0);
	if (--fs->refs)
		return;
	path_put(&fs->root);
	path_put(&fs->cwd);
	kfree(fs);
}

struct fs_struct *fs_dup(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refs = 1;
	fs->root = old->root;
	path_get(&fs->root);
	fs->cwd = old->cwd;
	path_get(&fs->cwd);
	fs->umask = old->umask;
	fs->root_id = old->root_id;
	return fs;
}

void fs_set_cwd(struct fs_struct *fs, const struct path *p)
{
	struct path old = fs->cwd;

	fs->cwd = *p;
	path_get(&fs->cwd);
	path_put(&old);
}

void fs_set_root(struct fs_struct *fs, const struct path *p)
{
	struct path old = fs->root;

	fs->root = *p;
	path_get(&fs->root);
	path_put(&old);
	fs->root_id = linkcache_new_root();
	linkcache_roots_changed();
}

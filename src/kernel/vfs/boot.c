// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The tree at boot: the host root directory as "/" (hostfs, read-only if
 * asked), a private tmpfs on /tmp, devfs on /dev (with a tmpfs on
 * /dev/shm) and procfs on /proc.  Each of these is mounted only if its
 * directory exists in the root; a missing one is logged and skipped (a
 * minimal root still boots).
 *
 * The first process gets its fs context from fs_alloc_root() afterwards.
 */
#include "kernel.h"
#include "vfs/vfs.h"
#include "vfs/internal.h"

typedef int (*make_fs_fn)(struct super_block **sb, struct inode **root);

static int make_tmp(struct super_block **sb, struct inode **root)
{
	return tmpfs_new("tmpfs", 01777, sb, root);
}

/* Mount the file system make() builds on dir/name, if that directory
 * exists. */
static int mount_on(const struct path *dir, const char *name, make_fs_fn make,
		    unsigned flags, const char *source, struct path *out)
{
	struct super_block *sb;
	struct inode *root;
	struct mount *m;
	struct path mp;
	int err;

	err = namei_child(NULL, dir, name, &mp);
	if (!err && !S_ISDIR(mp.dentry->inode->mode)) {
		path_put(&mp);
		err = -ENOTDIR;
	}
	if (err) {
		pr_info("vfs: no directory %s for %s (%s), not mounted",
			name, source, errno_name(-err));
		return 0;
	}
	err = make(&sb, &root);
	if (!err)
		err = vfs_mount(&mp, sb, root, flags, source, &m);
	path_put(&mp);
	if (err) {
		pr_err("vfs: mounting %s on %s failed: %s", source, name,
		       errno_name(-err));
		return err;
	}
	if (out) {
		out->mnt = mnt_get(m);
		out->dentry = dget(m->root);
	}
	return 0;
}

int vfs_init(const struct umk_boot *b)
{
	struct super_block *sb;
	struct inode *root;
	struct path rootp, dev = { 0 };
	int err;

	err = hostfs_new(b->root_fd, b->root_rdonly, &sb, &root);
	if (err) {
		pr_err("vfs: the root directory cannot be used: %s",
		       errno_name(-err));
		return err;
	}
	err = vfs_mount_root(sb, root, b->root_rdonly ? MNT_RDONLY : 0,
			     "hostfs", NULL);
	if (err)
		return err;
	rootp.mnt = vfs_root_mount;
	rootp.dentry = vfs_root_mount->root;

	err = mount_on(&rootp, "tmp", make_tmp, MNT_NOSUID | MNT_NODEV,
		       "tmpfs", NULL);
	if (!err)
		err = mount_on(&rootp, "dev", devfs_new, MNT_NOSUID, "udev",
			       &dev);
	if (!err && dev.dentry) {
		err = mount_on(&dev, "shm", make_tmp, MNT_NOSUID | MNT_NODEV,
			       "tmpfs", NULL);
		path_put(&dev);
	}
	if (!err)
		err = mount_on(&rootp, "proc", procfs_new,
			       MNT_NOSUID | MNT_NODEV | MNT_NOEXEC, "proc", NULL);
	return err;
}

/*
 * Make the host directory host_fd visible at guest_path (an absolute path):
 * missing directories on the way are created (they can be only where the
 * guest tree is writable, e.g. in /tmp), then a hostfs rooted at host_fd
 * is mounted there.  Takes over host_fd on success.
 */
int vfs_bind_host_dir(struct task *t, int host_fd, const char *guest_path, bool rdonly)
{
	size_t len = strlen(guest_path);
	char *p = kstrdup(guest_path);
	struct super_block *sb;
	struct inode *root;
	struct mount *m;
	struct path mp;
	int err = 0;

	if (!p)
		return -ENOMEM;
	if (p[0] != '/') {
		kfree(p);
		return -EINVAL;
	}
	/* mkdir -p, one prefix at a time */
	for (size_t i = 1; i <= len && !err; i++) {
		if (p[i] != '/' && p[i])
			continue;
		char c = p[i];

		p[i] = 0;
		err = vfs_mkdir(t, AT_FDCWD, p, 0755);
		if (err == -EEXIST)
			err = 0;
		p[i] = c;
	}
	if (!err)
		err = vfs_lookup(t, AT_FDCWD, p, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &mp);
	kfree(p);
	if (err)
		return err;
	err = hostfs_new(host_fd, rdonly, &sb, &root);
	if (!err)
		err = vfs_mount(&mp, sb, root, rdonly ? MNT_RDONLY : 0, "hostfs", &m);
	path_put(&mp);
	return err;
}

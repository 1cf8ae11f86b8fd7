// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The tree at boot: the host root directory as "/" (hostfs, read-only if
 * asked, or under a copy-on-write overlay: fs/overlay.c), a private
 * tmpfs on /tmp, devfs on /dev (with a tmpfs on /dev/shm), procfs on
 * /proc and sysfs on /sys.  Each of these is mounted only if its
 * directory exists in the root; a missing one is logged and skipped (a
 * minimal root still boots).  Then the command line's mounts
 * (vfs_boot_mounts): hostfs binds and tmpfs, in the order given.
 *
 * Every one of these mounts is locked (MNT_LOCKED): a guest's root may
 * mount over them but not take them away (sys/sys_mount.c).
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
		err = vfs_mount(&mp, sb, root, flags | MNT_LOCKED, source, &m);
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

/*
 * --fake-owners on the hostfs sb: -EOPNOTSUPP when its host file system
 * keeps no user extended attributes.  That is an error for a read-write
 * mount (where the guest would change owners); a read-only one only shows
 * what is recorded already, so it goes on without (with a note).
 */
static int fake_owners(struct super_block *sb, struct inode *root, bool rdonly,
		       const char *what)
{
	int err = hostfs_fake_owners(sb, root);

	if (err && rdonly) {
		pr_info("--fake-owners: %s: no user extended attributes on the host: owners as the host's",
			what);
		return 0;
	}
	if (err)
		pr_err("--fake-owners: %s: the host file system keeps no user extended attributes (%s)",
		       what, errno_name(-err));
	return err;
}

/* The root file system: the host root directory, or with --overlay a
 * copy-on-write overlay over it (upper: the UPPERDIR's hostfs or a tmpfs;
 * the host root, read-only, below). */
static int make_root(const struct umk_boot *b, struct super_block **sb,
		     struct inode **root)
{
	struct super_block *lsb, *usb;
	struct inode *lroot, *uroot;
	int err;

	if (!b->overlay)
		return hostfs_new(b->root_fd, b->root_rdonly, sb, root);
	err = hostfs_new(b->root_fd, true, &lsb, &lroot);
	if (err)
		return err;
	if (b->overlay_fd >= 0)
		err = hostfs_new(b->overlay_fd, false, &usb, &uroot);
	else
		err = tmpfs_new("tmpfs", lroot->mode & 07777, &usb, &uroot);
	if (err) {
		inode_put(lroot);
		return err;
	}
	return overlay_new(uroot, lroot, sb, root);
}

int vfs_init(const struct umk_boot *b)
{
	struct super_block *sb;
	struct inode *root;
	struct path rootp, dev = { 0 };
	int err;

	err = make_root(b, &sb, &root);
	if (err) {
		pr_err("vfs: the root directory cannot be used: %s",
		       errno_name(-err));
		return err;
	}
	if (b->fake_owners && fake_owners(sb, root, b->root_rdonly, "the root"))
		return UMK_BOOT_BAD_MOUNT;
	err = vfs_mount_root(sb, root,
			     MNT_LOCKED |
			     (b->root_rdonly && !b->overlay ? MNT_RDONLY : 0),
			     b->overlay ? "overlay" : "hostfs", NULL);
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
	if (!err)
		err = mount_on(&rootp, "sys", sysfs_new,
			       MNT_NOSUID | MNT_NODEV | MNT_NOEXEC, "sysfs", NULL);
	return err;
}

/*
 * The directory guest_path (absolute), made first where it is missing
 * and make is set (mkdir -p: possible only where the guest tree is
 * writable, e.g. in /tmp or a tmpfs mounted before).
 */
static int mount_point(struct task *t, const char *guest_path, bool make,
		       struct path *mp)
{
	size_t len = strlen(guest_path);
	char *p = kstrdup(guest_path);
	int err = 0;

	if (!p)
		return -ENOMEM;
	if (p[0] != '/') {
		kfree(p);
		return -EINVAL;
	}
	for (size_t i = 1; i <= len && !err && make; i++) {
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
		err = vfs_lookup(t, AT_FDCWD, p, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, mp);
	kfree(p);
	return err;
}

/* A new file system at guest_path (made where missing, as above): a
 * hostfs of the host directory host_fd (taken over on success), or an
 * empty tmpfs when host_fd is -1; source names it in /proc/mounts; make:
 * make a missing mount point.  With fake (--fake-owners on a hostfs: how
 * the mount was asked for, to name it), a host file system without user
 * extended attributes sets *fake_failed (it said so). */
static int mount_at(struct task *t, const char *guest_path, bool make, int host_fd,
		    bool rdonly, unsigned flags, const char *source, const char *fake,
		    bool *fake_failed)
{
	struct super_block *sb;
	struct inode *root;
	struct mount *m;
	struct path mp;
	int err;

	err = mount_point(t, guest_path, make, &mp);
	if (err)
		return err;
	if (host_fd >= 0)
		err = hostfs_new(host_fd, rdonly, &sb, &root);
	else
		err = tmpfs_new("tmpfs", 0755, &sb, &root);
	if (!err && host_fd >= 0 && fake) {
		err = fake_owners(sb, root, rdonly, fake);
		if (err) {
			*fake_failed = true;
			inode_put(root);
		}
	}
	if (!err)
		err = vfs_mount(&mp, sb, root,
				flags | MNT_LOCKED | (rdonly ? MNT_RDONLY : 0), source, &m);
	path_put(&mp);
	return err;
}

static const char *mount_error(int err)
{
	switch (err) {
	case -ENOENT:
	case -EROFS:
	case -EACCES:
	case -EPERM:
		return "no such directory in the guest tree, and it cannot be made "
		       "there (read-only)";
	case -ENOTDIR:
		return "not a directory in the guest tree";
	case -ELOOP:
		return "too many symbolic links in the guest tree";
	default:
		return errno_name(-err);
	}
}

/*
 * The mounts of the command line, in order, each over what is there.  A
 * default one (optional) that cannot be made is skipped with a note in the
 * log; one the user asked for is an error.
 */
int vfs_boot_mounts(struct task *t, const struct umk_boot *b)
{
	for (int i = 0; i < b->nmounts; i++) {
		const struct umk_mount *um = &b->mounts[i];
		bool fake_failed = false;
		int err;

		/* A default mount never adds its mount point to an overlay's
		 * change set. */
		bool make = !(um->optional && b->overlay);

		if (um->kind == UMK_MOUNT_BIND) {
			err = mount_at(t, um->guest_path, make, um->host_fd, um->rdonly, 0,
				       um->source ? um->source : "hostfs",
				       b->fake_owners ? um->option : NULL, &fake_failed);
			if (err && !fake_failed)
				host_close(um->host_fd);
		} else {
			err = mount_at(t, um->guest_path, make, -1, um->rdonly,
				       MNT_NOSUID | MNT_NODEV, "tmpfs", NULL, NULL);
		}
		if (!err) {
			pr_info("mounted %s", um->option);
			continue;
		}
		/* (--fake-owners that cannot be kept said why, and is an
		 * error for a default mount too: the user asked for it) */
		if (um->optional && !fake_failed) {
			pr_info("%s: not mounted: %s", um->option, mount_error(err));
			continue;
		}
		if (!fake_failed)
			pr_err("%s: %s: %s", um->option, um->guest_path, mount_error(err));
		for (int j = i + 1; j < b->nmounts; j++)
			if (b->mounts[j].kind == UMK_MOUNT_BIND)
				host_close(b->mounts[j].host_fd);
		return UMK_BOOT_BAD_MOUNT;
	}
	return 0;
}

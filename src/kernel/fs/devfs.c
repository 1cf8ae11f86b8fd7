// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Character devices and /dev.
 *
 * The drivers: every character-device inode, wherever it lives (devfs, a
 * node made in tmpfs, a node in a host tree), is opened by chrdev_open()
 * by its device number, and reaches umk's own implementation — never a
 * host device.  Numbers are Linux's: null 1:3, zero 1:5, full 1:7,
 * random 1:8, urandom 1:9, tty 5:0, console 5:1, ptmx 5:2, the pty
 * slaves 136:N (tty/pty.c), tty1..8 4:1..8 and ttyS0..7 4:64..71 (umk
 * boot's lines, tty/line_tty.c: nodes only for the configured ones);
 * major 240 belongs to modules' devices (module.c); others are -ENXIO.  /dev/tty is the caller's controlling
 * terminal when it has one of umk's ttys, else the console as before.
 *
 * /dev itself is a tmpfs ("devtmpfs", as on Linux) filled at boot with
 * those nodes, the stdin/stdout/stderr/fd symlinks into /proc/self/fd,
 * and the shm and pts directories; modules add their nodes to it
 * (devfs_add_node).
 */
#include "kernel.h"
#include "module.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"
#include "tty/tty.h"

/* ---- /dev/null, /dev/zero, /dev/full ---- */

static long null_read(struct file *f, struct uio *u, s64 *pos)
{
	return 0;
}

static long null_write(struct file *f, struct uio *u, s64 *pos)
{
	return u->len;
}

static s64 null_llseek(struct file *f, s64 off, int whence)
{
	f->pos = 0;
	return 0;
}

static long zero_read(struct file *f, struct uio *u, s64 *pos)
{
	return uio_zero(u, 0, u->len);
}

static long full_write(struct file *f, struct uio *u, s64 *pos)
{
	return -ENOSPC;
}

static int zero_mmap(struct file *f)
{
	return MMAP_ANON;
}

static const struct file_ops null_fops = {
	.read = null_read,
	.write = null_write,
	.llseek = null_llseek,
};

static const struct file_ops zero_fops = {
	.read = zero_read,
	.write = null_write,
	.llseek = null_llseek,
	.mmap = zero_mmap,
};

static const struct file_ops full_fops = {
	.read = zero_read,
	.write = full_write,
	.llseek = null_llseek,
};

/* ---- /dev/random, /dev/urandom: the host's getrandom ---- */

static long random_read(struct file *f, struct uio *u, s64 *pos)
{
	u8 buf[1024];
	size_t done = 0;
	int err;

	while (done < u->len) {
		size_t n = MIN(sizeof(buf), u->len - done);

		err = host_getrandom(buf, n);
		if (err)
			return done ? (long)done : err;
		done += uio_copy_out(u, done, buf, n);
	}
	memset(buf, 0, sizeof(buf));
	return done;
}

static const struct file_ops random_fops = {
	.read = random_read,
	.write = null_write,
	.llseek = null_llseek,
};

/* ---- the registry ---- */

int chrdev_open(struct inode *ino, struct file *f)
{
	u32 major = vfs_major(ino->rdev), minor = vfs_minor(ino->rdev);

	switch (major) {
	case 1:
		switch (minor) {
		case 3:
			f->fop = &null_fops;
			return 0;
		case 5:
			f->fop = &zero_fops;
			return 0;
		case 7:
			f->fop = &full_fops;
			return 0;
		case 8:
		case 9:
			f->fop = &random_fops;
			return 0;
		}
		break;
	case 5:
		if (minor == 0 && tty_open_ctty(f) == 0)
			return 0;
		if (minor == 0 || minor == 1)
			return console_chrdev_open(f, minor == 0);
		if (minor == 2)
			return ptmx_open(f);
		break;
	case TTY_MAJOR:
		return line_tty_open(minor, f);
	case PTY_SLAVE_MAJOR:
		return pts_open(minor, f);
	case MODULE_CHRDEV_MAJOR:
		return module_chrdev_open(minor, f);
	}
	return -ENXIO;
}

/* ---- /dev ---- */

/* The root of /dev (a reference of its own), for modules' nodes. */
static struct inode *devfs_root;

static const struct {
	const char *name;
	u32 mode;
	u32 major, minor;
} dev_nodes[] = {
	{ "null", S_IFCHR | 0666, 1, 3 },
	{ "zero", S_IFCHR | 0666, 1, 5 },
	{ "full", S_IFCHR | 0666, 1, 7 },
	{ "random", S_IFCHR | 0666, 1, 8 },
	{ "urandom", S_IFCHR | 0666, 1, 9 },
	{ "tty", S_IFCHR | 0666, 5, 0 },
	{ "console", S_IFCHR | 0600, 5, 1 },
	{ "ptmx", S_IFCHR | 0666, 5, 2 },
	{ "shm", S_IFDIR | 01777, 0, 0 },
	{ "pts", S_IFDIR | 0755, 0, 0 },
};

static const struct {
	const char *name, *target;
} dev_links[] = {
	{ "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" },
	{ "fd", "/proc/self/fd" },
};

int devfs_new(struct super_block **sbp, struct inode **rootp)
{
	struct inode *root;
	unsigned i;
	int err;

	err = tmpfs_new("devtmpfs", 0755, sbp, &root);
	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(dev_nodes); i++) {
		if (S_ISDIR(dev_nodes[i].mode))
			err = root->iop->mkdir(root, dev_nodes[i].name,
					       dev_nodes[i].mode);
		else
			err = tmpfs_mknod(root, dev_nodes[i].name,
					  dev_nodes[i].mode,
					  vfs_mkdev(dev_nodes[i].major,
						    dev_nodes[i].minor));
		if (err)
			goto out_root;
	}
	{
		char name[16];
		u32 mode, minor;

		for (i = 0; line_tty_node(i, name, sizeof(name), &mode, &minor); i++) {
			err = tmpfs_mknod(root, name, mode, vfs_mkdev(TTY_MAJOR, minor));
			if (err)
				goto out_root;
		}
	}
	for (i = 0; i < ARRAY_SIZE(dev_links); i++) {
		err = root->iop->symlink(root, dev_links[i].name,
					 dev_links[i].target);
		if (err)
			goto out_root;
	}
	if (!devfs_root)
		devfs_root = inode_get(root);
	*rootp = root;
	return 0;

out_root:
	inode_put(root);
	return err;
}

/* umk keeps no negative dentries (dcache.c), so a node made here after
 * boot is found by the next walk. */
int devfs_add_node(const char *name, u32 mode, u64 rdev)
{
	int err;

	if (!devfs_root)
		return -ENODEV;	/* the root has no /dev */
	err = tmpfs_mknod(devfs_root, name, mode, rdev);
	if (!err)
		fsnotify_create(devfs_root, name, false);
	return err;
}

/* ---- /dev/pts: a node for each open pty (tty/pty.c) ---- */

static struct inode *devfs_pts_dir(void)
{
	struct inode *dir;

	if (!devfs_root || devfs_root->iop->lookup(devfs_root, "pts", &dir))
		return NULL;
	return dir;
}

int devfs_pts_add(int index, u32 uid, u32 gid)
{
	struct inode *dir = devfs_pts_dir(), *ino;
	char name[16];
	int err;

	if (!dir)
		return -ENODEV;
	snprintf(name, sizeof(name), "%d", index);
	err = tmpfs_mknod(dir, name, S_IFCHR | 0620,
			  vfs_mkdev(PTY_SLAVE_MAJOR, index));
	if (!err && !dir->iop->lookup(dir, name, &ino)) {
		ino->uid = uid;
		ino->gid = gid;
		inode_put(ino);
	}
	if (!err)
		fsnotify_create(dir, name, false);
	inode_put(dir);
	return err;
}

/* The node goes, and its cached dentry below devdir/pts (the /dev the
 * master was opened in), so a later pty N gets a fresh node. */
void devfs_pts_remove(int index, struct dentry *devdir)
{
	struct inode *dir = devfs_pts_dir();
	struct dentry *pts, *d;
	char name[16];

	snprintf(name, sizeof(name), "%d", index);
	if (devdir && (pts = d_lookup(devdir, "pts"))) {
		d = d_lookup(pts, name);
		if (d) {
			d_drop(d);
			dput(d);
		}
		dput(pts);
	}
	if (!dir)
		return;
	dir->iop->unlink(dir, name);
	inode_put(dir);
}

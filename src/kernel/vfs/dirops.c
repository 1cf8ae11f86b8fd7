// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Changing the tree: mkdir, mknod, unlink, rmdir, symlink, link, rename.
 *
 * Each resolves the parent directory and the last name (namei.c), checks
 * what Linux checks, in Linux's order (a read-only mount is -EROFS before
 * the name is even looked up, except that mkdir and symlink report an
 * existing name first), calls the file system with one name
 * in one directory, and brings the dentry cache up to date.
 *
 * Deleting from a directory needs write and search permission on it; in
 * a sticky directory (/tmp) only the owner of the file or of the
 * directory, or root, may delete or rename a file.  Mountpoints cannot be
 * removed or renamed (-EBUSY), renames do not cross mounts (-EXDEV).
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"
#include "vfs/internal.h"

/* May t create in the directory dir? */
static int may_create(struct task *t, const struct path *dir)
{
	return path_permission(t, dir, MAY_WRITE | MAY_EXEC);
}

/* May t remove (or rename away) victim from the directory dir? */
static int may_delete(struct task *t, const struct path *dir,
		      struct inode *victim)
{
	struct inode *d = dir->dentry->inode;
	u32 fsuid = t->proc->cred.fsuid;
	int err;

	err = path_permission(t, dir, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	if ((d->mode & S_ISVTX) && fsuid && fsuid != victim->uid &&
	    fsuid != d->uid)
		return -EPERM;
	return 0;
}

static bool is_mountpoint(const struct path *p)
{
	return p->dentry->mounted != NULL;
}

/*
 * The directory in which to make the last name of path, which must not
 * exist yet: -EEXIST when it does (or is "." or ".."), -ENOENT for a
 * trailing slash unless a directory is being made, then may_create's
 * answer.  On 0, *parent holds a reference and last the name.
 */
static int prepare_create(struct task *t, int dirfd, const char *path, bool dir,
			  struct path *parent, char *last)
{
	struct path child;
	bool slash;
	int type, err;

	err = vfs_lookup_parent(t, dirfd, path, 0, parent, last, &type, &slash);
	if (err)
		return err;
	if (type != LAST_NORM) {
		err = -EEXIST;
		goto out;
	}
	err = namei_child(t, parent, last, &child);
	if (!err) {
		path_put(&child);
		err = -EEXIST;
		goto out;
	}
	if (err != -ENOENT)
		goto out;
	if (slash && !dir)
		goto out;	/* -ENOENT: "name/" names a directory */
	err = may_create(t, parent);
	if (!err)
		return 0;
out:
	path_put(parent);
	return err;
}

int vfs_mkdir(struct task *t, int dirfd, const char *path, u32 mode)
{
	struct path parent;
	char last[NAME_MAX + 1];
	struct inode *dir;
	int err;

	err = prepare_create(t, dirfd, path, true, &parent, last);
	if (err)
		return err;
	dir = parent.dentry->inode;
	if (!dir->iop || !dir->iop->mkdir)
		err = -EPERM;
	else
		err = dir->iop->mkdir(dir, last, (mode & 01777 & ~t->proc->fs->umask) | S_IFDIR);
	if (!err)
		fsnotify_create(dir, last, true);
	path_put(&parent);
	return err;
}

int vfs_symlink(struct task *t, const char *target, int dirfd, const char *path)
{
	struct path parent;
	char last[NAME_MAX + 1];
	struct inode *dir;
	int err;

	if (!*target)
		return -ENOENT;
	err = prepare_create(t, dirfd, path, false, &parent, last);
	if (err)
		return err;
	dir = parent.dentry->inode;
	if (!dir->iop || !dir->iop->symlink)
		err = -EPERM;
	else
		err = dir->iop->symlink(dir, last, target);
	if (!err)
		fsnotify_create(dir, last, false);
	path_put(&parent);
	return err;
}

/*
 * mknod(2): a regular file, a fifo, a socket, or (for the guest's root:
 * CAP_MKNOD) a device node, where the file system can keep one.  A device
 * node in the tree reaches umk's own drivers when opened (chrdev_open).
 */
int vfs_mknod(struct task *t, int dirfd, const char *path, u32 mode, u64 rdev)
{
	struct path parent;
	char last[NAME_MAX + 1];
	struct inode *dir, *ino;
	u32 type = mode & S_IFMT;
	int err;

	switch (type) {
	case 0:
		type = S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (t->proc->cred.fsuid != 0)	/* no CAP_MKNOD */
			return -EPERM;
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	err = prepare_create(t, dirfd, path, false, &parent, last);
	if (err)
		return err;
	dir = parent.dentry->inode;
	mode = (mode & 07777 & ~t->proc->fs->umask) | type;
	if (type == S_IFREG && dir->iop && dir->iop->create) {
		err = dir->iop->create(dir, last, mode, &ino);
		if (!err)
			inode_put(ino);
	} else if (type != S_IFREG && dir->iop && dir->iop->mknod) {
		/* (on a nodev mount too: nodev forbids opening it) */
		err = dir->iop->mknod(dir, last, mode,
				      type == S_IFCHR || type == S_IFBLK ? rdev : 0);
	} else {
		err = -EPERM;
	}
	if (!err)
		fsnotify_create(dir, last, false);
	path_put(&parent);
	return err;
}

/*
 * unlink(2) (dir false) and rmdir(2) (dir true): the same walk and checks,
 * with the file type and the errors for ".", ".." and "/" told apart.
 */
static int do_remove(struct task *t, int dirfd, const char *path, bool dir_wanted)
{
	struct path parent, child;
	char last[NAME_MAX + 1];
	struct inode *dir, *victim;
	bool slash;
	u64 nlink;
	int type, err;

	err = vfs_lookup_parent(t, dirfd, path, 0, &parent, last, &type, &slash);
	if (err)
		return err;
	if (type != LAST_NORM) {
		if (!dir_wanted)
			err = -EISDIR;
		else if (type == LAST_DOT)
			err = -EINVAL;
		else if (type == LAST_DOTDOT)
			err = -ENOTEMPTY;
		else
			err = -EBUSY;	/* the root */
		goto out;
	}
	if (mnt_readonly(parent.mnt)) {
		err = -EROFS;
		goto out;
	}
	err = namei_child(t, &parent, last, &child);
	if (err)
		goto out;
	victim = child.dentry->inode;
	if (S_ISDIR(victim->mode) != dir_wanted) {
		err = dir_wanted ? -ENOTDIR : -EISDIR;
		goto out_child;
	}
	if (slash && !dir_wanted) {
		err = -ENOTDIR;
		goto out_child;
	}
	err = may_delete(t, &parent, victim);
	if (err)
		goto out_child;
	if (is_mountpoint(&child)) {
		err = -EBUSY;
		goto out_child;
	}
	dir = parent.dentry->inode;
	if (!dir->iop || !(dir_wanted ? dir->iop->rmdir : dir->iop->unlink)) {
		err = -EPERM;
		goto out_child;
	}
	nlink = victim->nlink;
	err = dir_wanted ? dir->iop->rmdir(dir, last) : dir->iop->unlink(dir, last);
	if (!err) {
		d_drop(child.dentry);
		/* (hostfs leaves nlink as it was: count on the one before) */
		fsnotify_remove(dir, child.dentry, last,
				dir_wanted || nlink <= 1);
	}
out_child:
	path_put(&child);
out:
	path_put(&parent);
	return err;
}

int vfs_unlink(struct task *t, int dirfd, const char *path)
{
	return do_remove(t, dirfd, path, false);
}

int vfs_rmdir(struct task *t, int dirfd, const char *path)
{
	return do_remove(t, dirfd, path, true);
}

int vfs_link(struct task *t, int odirfd, const char *oldpath, unsigned lookup,
	     int ndirfd, const char *newpath)
{
	struct path old, parent, child;
	char last[NAME_MAX + 1];
	struct inode *dir, *src;
	bool slash;
	int type, err;

	err = vfs_lookup(t, odirfd, oldpath, lookup, &old);
	if (err)
		return err;
	err = vfs_lookup_parent(t, ndirfd, newpath, 0, &parent, last, &type,
				&slash);
	if (err)
		goto out_old;
	src = old.dentry->inode;
	if (type != LAST_NORM) {
		err = -EEXIST;
		goto out;
	}
	err = namei_child(t, &parent, last, &child);
	if (!err) {
		path_put(&child);
		err = -EEXIST;
		goto out;
	}
	if (err != -ENOENT || slash)
		goto out;
	/* Linux's order: an existing name, then the new name's read-only
	 * mount, then crossing mounts. */
	if (mnt_readonly(parent.mnt)) {
		err = -EROFS;
		goto out;
	}
	if (old.mnt != parent.mnt) {
		err = -EXDEV;
		goto out;
	}
	if (S_ISDIR(src->mode)) {
		err = -EPERM;
		goto out;
	}
	err = may_create(t, &parent);
	if (err)
		goto out;
	dir = parent.dentry->inode;
	if (!dir->iop || !dir->iop->link) {
		err = -EPERM;
		goto out;
	}
	/* a file with no name (O_TMPFILE, memfd) gets one only if it was
	 * made linkable (O_TMPFILE without O_EXCL) */
	if (!src->nlink && !(src->iflags & I_LINKABLE)) {
		err = -ENOENT;
		goto out;
	}
	err = dir->iop->link(src, dir, last);
	if (!err) {
		src->iflags &= ~I_LINKABLE;
		fsnotify_link(dir, src, last);
	}
out:
	path_put(&parent);
out_old:
	path_put(&old);
	return err;
}

/* Is d the dentry anc or below it (within one file system)? */
static bool d_is_under(struct dentry *d, struct dentry *anc)
{
	for (;;) {
		if (d == anc)
			return true;
		if (d->parent == d)
			return false;
		d = d->parent;
	}
}

int vfs_rename(struct task *t, int odirfd, const char *oldpath, int ndirfd,
	       const char *newpath, unsigned flags)
{
	struct path opar, npar, oldp, newp = { 0 };
	char olast[NAME_MAX + 1], nlast[NAME_MAX + 1];
	bool oslash, nslash, exchange = flags & RENAME_EXCHANGE;
	struct inode *odir, *ndir, *src, *dst = NULL;
	u64 dst_nlink = 0;
	int otype, ntype, err;

	err = vfs_lookup_parent(t, odirfd, oldpath, 0, &opar, olast, &otype,
				&oslash);
	if (err)
		return err;
	err = vfs_lookup_parent(t, ndirfd, newpath, 0, &npar, nlast, &ntype,
				&nslash);
	if (err)
		goto out_opar;
	if (opar.mnt != npar.mnt) {
		err = -EXDEV;
		goto out_npar;
	}
	if (otype != LAST_NORM) {
		err = -EBUSY;
		goto out_npar;
	}
	if (ntype != LAST_NORM) {
		err = (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
		goto out_npar;
	}
	if (mnt_readonly(opar.mnt)) {
		err = -EROFS;
		goto out_npar;
	}
	err = namei_child(t, &opar, olast, &oldp);
	if (err)
		goto out_npar;
	src = oldp.dentry->inode;
	err = namei_child(t, &npar, nlast, &newp);
	if (err && err != -ENOENT)
		goto out_old;
	if (!err)
		dst = newp.dentry->inode;
	err = 0;
	if (!dst && exchange)
		err = -ENOENT;
	else if (dst && (flags & RENAME_NOREPLACE))
		err = -EEXIST;
	else if (!S_ISDIR(src->mode) && (oslash || (nslash && !exchange)))
		err = -ENOTDIR;
	else if (exchange && dst && nslash && !S_ISDIR(dst->mode))
		err = -ENOTDIR;
	if (err)
		goto out_new;

	err = may_delete(t, &opar, src);
	if (!err)
		err = dst ? may_delete(t, &npar, dst) : may_create(t, &npar);
	if (!err && S_ISDIR(src->mode) && opar.dentry != npar.dentry)
		err = inode_permission(t, src, MAY_WRITE);
	if (!err && exchange && S_ISDIR(dst->mode) && opar.dentry != npar.dentry)
		err = inode_permission(t, dst, MAY_WRITE);
	if (err)
		goto out_new;
	if (is_mountpoint(&oldp) || (dst && is_mountpoint(&newp))) {
		err = -EBUSY;
		goto out_new;
	}
	if (dst == src)
		goto out_new;	/* the same file: nothing to do */
	if (dst && !exchange) {
		if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode)) {
			err = -ENOTDIR;
			goto out_new;
		}
		if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode)) {
			err = -EISDIR;
			goto out_new;
		}
	}
	/* A directory cannot move below itself. */
	if ((S_ISDIR(src->mode) && d_is_under(npar.dentry, oldp.dentry)) ||
	    (exchange && S_ISDIR(dst->mode) &&
	     d_is_under(opar.dentry, newp.dentry))) {
		err = -EINVAL;
		goto out_new;
	}
	if (dst && !exchange && d_is_under(opar.dentry, newp.dentry)) {
		err = -ENOTEMPTY;
		goto out_new;
	}
	odir = opar.dentry->inode;
	ndir = npar.dentry->inode;
	if (!odir->iop || !odir->iop->rename) {
		err = -EPERM;
		goto out_new;
	}
	if (dst)
		dst_nlink = dst->nlink;
	err = odir->iop->rename(odir, olast, ndir, nlast, flags);
	if (err)
		goto out_new;
	fsnotify_move(odir, olast, ndir, nlast, src, exchange,
		      dst ? newp.dentry : NULL,
		      dst && (S_ISDIR(dst->mode) || dst_nlink <= 1));
	if (dst)
		d_drop(newp.dentry);
	d_move(oldp.dentry, npar.dentry, nlast);
	if (exchange)
		d_move(newp.dentry, opar.dentry, olast);
out_new:
	if (newp.dentry)
		path_put(&newp);
out_old:
	path_put(&oldp);
out_npar:
	path_put(&npar);
out_opar:
	path_put(&opar);
	return err;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opening files: open(2)'s flags and their errors, on top of the walk.
 *
 *   O_CREAT    a missing last component is created in its directory
 *              (which the task must be able to write and search); an
 *              existing symlink is followed, a dangling one creates its
 *              target.  With O_EXCL anything there (even a symlink) is
 *              -EEXIST.  A trailing slash is -EISDIR, even on an
 *              existing file.
 *   O_NOFOLLOW a symlink in the last component is -ELOOP.
 *   O_DIRECTORY the result must be a directory (-ENOTDIR); with O_CREAT
 *              it is -EINVAL, as since Linux 6.4.
 *   O_TRUNC    truncates a regular file (write permission needed).
 *   O_PATH     only a place in the tree: no permission check, no I/O.
 *   O_TMPFILE  a regular file with no name in the directory path names
 *              (the file system's ->tmpfile; -EOPNOTSUPP without one),
 *              opened for writing (else -EINVAL, as with O_CREAT); linkat
 *              may name it later unless O_EXCL.  Its dentry is "#INO",
 *              unhashed, so /proc/PID/fd shows "DIR/#INO (deleted)".
 * A directory opened for writing is -EISDIR.  Character devices reach
 * umk's own drivers (chrdev_open), whatever file system holds the node;
 * named FIFOs get umk's pipes (fifo_open: never the host's); block devices
 * and sockets found in a tree cannot be opened (-ENXIO).  Anonymous files (pipes, the console) reopened through
 * /proc/PID/fd are opened by their own ->open.
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"
#include "vfs/internal.h"

static const struct file_ops path_only_fops;

static int open_mask(int flags)
{
	int mask;

	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		mask = MAY_READ;
		break;
	case O_WRONLY:
		mask = MAY_WRITE;
		break;
	default:
		mask = MAY_READ | MAY_WRITE;
		break;
	}
	if (flags & O_TRUNC)
		mask |= MAY_WRITE;
	return mask;
}

static int open_o_path(const struct path *p, int flags, struct file **out)
{
	struct file *f = file_alloc();

	if (!f)
		return -ENOMEM;
	f->flags = flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_LARGEFILE);
	f->fmode = FMODE_PATH;
	f->path = *p;
	path_get(&f->path);
	f->inode = inode_get(p->dentry->inode);
	f->fop = &path_only_fops;
	*out = f;
	return 0;
}

/* The common end of every open: checks, then the file system's open. */
static int open_path(struct task *t, const struct path *p, int flags,
		     bool check_perm, struct file **out)
{
	struct inode *ino = p->dentry->inode;
	int acc = flags & O_ACCMODE;
	struct file *f;
	bool special;
	int err;

	if (flags & O_PATH)
		return open_o_path(p, flags, out);
	if (S_ISLNK(ino->mode))
		return -ELOOP;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	if (S_ISDIR(ino->mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if (check_perm) {
		err = path_permission(t, p, open_mask(flags));
		if (err)
			return err;
	}
	if ((flags & O_NOATIME) && !inode_owner_or_root(t, ino))
		return -EPERM;
	/* a program some process runs cannot be written (Linux's
	 * deny_write_access; not for anonymous files, as there) */
	if (S_ISREG(ino->mode) && ino->exec_denials &&
	    (acc != O_RDONLY || (flags & O_TRUNC)))
		return -ETXTBSY;
	special = !S_ISREG(ino->mode) && !S_ISDIR(ino->mode) &&
		  !anon_inode(ino);
	if ((S_ISCHR(ino->mode) || S_ISBLK(ino->mode)) &&
	    (p->mnt->flags & MNT_NODEV))
		return -EACCES;
	if (special && !S_ISCHR(ino->mode) && !S_ISFIFO(ino->mode))
		return -ENXIO;

	f = file_alloc();
	if (!f)
		return -ENOMEM;
	/* O_NOCTTY stays for chrdev_open (tty/pty.c), then goes */
	f->flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC);
	f->fmode = FMODE_LSEEK | FMODE_PREAD;
	if (acc == O_RDONLY || acc == O_RDWR)
		f->fmode |= FMODE_READ;
	if (acc == O_WRONLY || acc == O_RDWR)
		f->fmode |= FMODE_WRITE;
	f->path = *p;
	path_get(&f->path);
	f->inode = inode_get(ino);
	f->fop = ino->fop;
	if (S_ISREG(ino->mode) && (f->fmode & FMODE_WRITE)) {
		f->fmode |= FMODE_WRITER;
		ino->writers++;
	}

	if (special && S_ISFIFO(ino->mode))
		err = fifo_open(ino, f);
	else if (special)
		err = chrdev_open(ino, f);
	else if (ino->iop && ino->iop->open)
		err = ino->iop->open(ino, f);
	else
		err = 0;
	f->flags &= ~O_NOCTTY;
	if (err) {
		f->fop = NULL;		/* nothing to release */
		file_put(f);
		return err;
	}
	if (!f->fop)
		f->fop = &path_only_fops;
	fsnotify_open(f);
	if ((flags & O_TRUNC) && S_ISREG(ino->mode)) {
		err = vfs_ftruncate(f, 0);
		if (err) {
			file_put(f);
			return err;
		}
	}
	*out = f;
	return 0;
}

int vfs_open_path(struct task *t, const struct path *p, int flags,
		  struct file **out)
{
	return open_path(t, p, flags, true, out);
}

static int open_create(struct task *t, int dirfd, const char *path, int flags,
		       u32 mode, unsigned lookup, struct file **out)
{
	struct path found = { 0 }, parent = { 0 }, p;
	char last[NAME_MAX + 1];
	struct inode *dir, *ino;
	struct dentry *d;
	bool slash = false;
	size_t len = strlen(path);
	int type, err;

	/* A trailing slash is -EISDIR once the parent is found, whatever
	 * the last component is (Linux decides before looking at it). */
	if (len && path[len - 1] == '/') {
		err = vfs_lookup_parent(t, dirfd, path, lookup, &parent, last,
					&type, &slash);
		if (err)
			return err;
		path_put(&parent);
		return -EISDIR;
	}
	err = namei_create(t, dirfd, path, lookup,
			   !(flags & (O_NOFOLLOW | O_EXCL)), &found, &parent,
			   last, &slash);
	if (err < 0)
		return err;
	if (err == 0) {
		if (flags & O_EXCL)
			err = -EEXIST;
		else if (S_ISDIR(found.dentry->inode->mode))
			err = -EISDIR;
		else
			err = open_path(t, &found, flags, true, out);
		path_put(&found);
		return err;
	}

	dir = parent.dentry->inode;
	if (slash) {
		err = -EISDIR;
		goto out_parent;
	}
	if (mnt_readonly(parent.mnt)) {
		err = -EROFS;
		goto out_parent;
	}
	err = inode_permission(t, dir, MAY_WRITE | MAY_EXEC);
	if (err)
		goto out_parent;
	if (!dir->iop || !dir->iop->create) {
		err = -EACCES;
		goto out_parent;
	}
	mode = vfs_prepare_mode(t, dir, (mode & 07777 & ~t->proc->fs->umask) |
				       S_IFREG);
	err = dir->iop->create(dir, last, mode, &ino);
	if (err)
		goto out_parent;
	fsnotify_create(dir, last, false);
	d = d_add(parent.dentry, last, ino);
	if (!d) {
		err = -ENOMEM;
		goto out_parent;
	}
	p.mnt = parent.mnt;
	p.dentry = d;
	/* The creator may open what it made, whatever the mode says. */
	err = open_path(t, &p, flags & ~O_TRUNC, false, out);
	dput(d);
out_parent:
	path_put(&parent);
	return err;
}

static int open_tmpfile(struct task *t, int dirfd, const char *path, int flags,
			u32 mode, unsigned lookup, struct file **out)
{
	struct path dir, p;
	struct inode *ino;
	char name[24];
	int err;

	if (!(flags & O_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	err = vfs_lookup(t, dirfd, path, lookup | LOOKUP_DIRECTORY, &dir);
	if (err)
		return err;
	if (mnt_readonly(dir.mnt)) {
		err = -EROFS;
		goto out_dir;
	}
	err = inode_permission(t, dir.dentry->inode, MAY_WRITE | MAY_EXEC);
	if (err)
		goto out_dir;
	if (!dir.dentry->inode->iop || !dir.dentry->inode->iop->tmpfile) {
		err = -EOPNOTSUPP;
		goto out_dir;
	}
	mode = vfs_prepare_mode(t, dir.dentry->inode,
				(mode & 07777 & ~t->proc->fs->umask) | S_IFREG);
	err = dir.dentry->inode->iop->tmpfile(dir.dentry->inode, mode, &ino);
	if (err)
		goto out_dir;
	if (!(flags & O_EXCL))
		ino->iflags |= I_LINKABLE;
	snprintf(name, sizeof(name), "#%llu", (unsigned long long)ino->ino);
	p.mnt = dir.mnt;
	p.dentry = d_add(dir.dentry, name, ino);
	if (!p.dentry) {
		err = -ENOMEM;
		goto out_dir;
	}
	d_drop(p.dentry);	/* a name no lookup finds */
	/* The creator may open what it made, whatever the mode says. */
	err = open_path(t, &p, flags & ~(O_DIRECTORY | __O_TMPFILE | O_TRUNC),
			false, out);
	if (!err)
		(*out)->flags |= flags & (O_DIRECTORY | __O_TMPFILE);
	dput(p.dentry);
out_dir:
	path_put(&dir);
	return err;
}

int vfs_open_how(struct task *t, int dirfd, const char *path, int flags,
		 u32 mode, unsigned lookup, struct file **out)
{
	struct path p;
	int err;

	if (flags & __O_TMPFILE) {
		if ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE ||
		    (flags & O_ACCMODE) == O_RDONLY || (flags & O_PATH))
			return -EINVAL;
		return open_tmpfile(t, dirfd, path, flags, mode, lookup, out);
	}
	/* meaningless together: -EINVAL since Linux 6.4 */
	if (!(flags & O_PATH) && (flags & O_CREAT) && (flags & O_DIRECTORY))
		return -EINVAL;
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	else if (flags & O_CREAT)
		return open_create(t, dirfd, path, flags, mode, lookup, out);

	if (!(flags & O_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lookup |= LOOKUP_DIRECTORY;
	err = vfs_lookup(t, dirfd, path, lookup, &p);
	if (err)
		return err;
	err = open_path(t, &p, flags, true, out);
	path_put(&p);
	return err;
}

int vfs_open(struct task *t, int dirfd, const char *path, int flags, u32 mode,
	     struct file **out)
{
	return vfs_open_how(t, dirfd, path, flags, mode, 0, out);
}

void vfs_deny_write(struct file *f)
{
	if (f->inode && !(f->fmode & FMODE_DENY_WRITE)) {
		f->fmode |= FMODE_DENY_WRITE;
		f->inode->exec_denials++;
	}
}

int vfs_open_exec_at(struct task *t, int dirfd, const char *path, unsigned lookup,
		     struct file **out)
{
	struct path p;
	struct inode *ino;
	int err;

	err = vfs_lookup(t, dirfd, path, lookup, &p);
	if (err)
		return err;
	ino = p.dentry->inode;
	if (S_ISLNK(ino->mode)) {	/* AT_SYMLINK_NOFOLLOW on a symlink */
		err = -ELOOP;
		goto out;
	}
	if (!S_ISREG(ino->mode) || (p.mnt->flags & MNT_NOEXEC)) {
		err = -EACCES;
		goto out;
	}
	err = inode_permission(t, ino, MAY_EXEC);
	if (err)
		goto out;
	if (ino->writers) {		/* open for writing somewhere */
		err = -ETXTBSY;
		goto out;
	}
	err = open_path(t, &p, O_RDONLY, false, out);
out:
	path_put(&p);
	return err;
}

int vfs_open_exec(struct task *t, const char *path, struct file **out)
{
	return vfs_open_exec_at(t, AT_FDCWD, path, LOOKUP_FOLLOW, out);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The path walk: from a guest path to a place in umk's tree.
 *
 * umk resolves every guest path itself, one component at a time, so file
 * systems only ever see one name in one directory.  For each component the
 * walk checks that the current place is a directory the task may search
 * (x), then:
 *   "."   stays;
 *   ".."  goes to the parent, but never above the task's root, and from
 *         the root of a mount up to the mountpoint in the parent mount;
 *   name  looks in the dentry cache (revalidating what it finds) or asks
 *         the file system, then crosses any mounts on the result.
 * A symlink in the middle of a path, or at its end when following, is
 * read and its text walked from the directory that holds it (from the
 * task's root when absolute); 40 links in one walk are -ELOOP.  Magic
 * links (procfs's fd/N, exe, cwd) jump straight to the place they stand
 * for.  A trailing slash makes the last component a directory that must
 * exist (symlinks followed): -ENOTDIR otherwise.
 *
 * The walk is recursive for symlinks: walk() calls follow_link(), which
 * calls walk() on the link's text, at most MAXSYMLINKS deep, and the
 * text's last component inherits what the link's own position required
 * (being followed, being a directory).
 *
 * openat2's RESOLVE_* flags map to LOOKUP_NO_SYMLINKS, LOOKUP_NO_MAGICLINKS,
 * LOOKUP_NO_XDEV, LOOKUP_BENEATH (the walk may not leave dirfd: absolute
 * paths, ".." above it and absolute links are -EXDEV) and LOOKUP_IN_ROOT
 * (dirfd acts as the root).
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "vfs/internal.h"

enum walk_mode {
	WALK_FULL,	/* resolve every component */
	WALK_PARENT,	/* stop before the last component */
	WALK_CREATE,	/* like FULL, but a missing last component is fine */
};

struct nameidata {
	struct task *t;
	struct path root;	/* "/" and the limit of ".." */
	struct path path;	/* where the walk is */
	unsigned flags;		/* LOOKUP_* */
	int nlinks;
	/* WALK_PARENT and a missing WALK_CREATE result */
	char *last;
	int last_type;
	bool last_slash;
};

void path_get(struct path *p)
{
	mnt_get(p->mnt);
	dget(p->dentry);
}

void path_put(struct path *p)
{
	dput(p->dentry);
	mnt_put(p->mnt);
	p->dentry = NULL;
	p->mnt = NULL;
}

static bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/* Replace *p by *with, taking over with's references. */
static void path_replace(struct path *p, struct path *with)
{
	path_put(p);
	*p = *with;
	with->mnt = NULL;
	with->dentry = NULL;
}

int vfs_dirfd_path(struct task *t, int dirfd, bool allow_file, struct path *out)
{
	struct file *f;

	if (dirfd == AT_FDCWD) {
		*out = t->proc->fs->cwd;
		path_get(out);
		return 0;
	}
	f = fd_get(t, dirfd);
	if (!f)
		return -EBADF;
	if (!f->path.dentry ||
	    (!allow_file && !S_ISDIR(f->path.dentry->inode->mode))) {
		file_put(f);
		return -ENOTDIR;
	}
	*out = f->path;
	path_get(out);
	file_put(f);
	return 0;
}

/* Go down through whatever is mounted on *p. */
static int follow_down(struct path *p, unsigned flags)
{
	struct path top = *p;

	path_cross_mounts(&top);
	if (top.mnt == p->mnt)
		return 0;
	if (flags & LOOKUP_NO_XDEV)
		return -EXDEV;
	path_get(&top);
	path_put(p);
	*p = top;
	return 0;
}

/* The child name of dir, from the cache (revalidated) or the file system;
 * mounts on it crossed unless LOOKUP_NO_CROSS. */
#define LOOKUP_NO_CROSS 0x10000
static int lookup_child(const struct path *dir, const char *name,
			unsigned flags, struct path *out)
{
	struct inode *dino = dir->dentry->inode;
	struct dentry *d = d_lookup(dir->dentry, name);
	struct inode *ino;
	int err;

	if (d && !d->mounted && d->inode->iop && d->inode->iop->revalidate) {
		err = d->inode->iop->revalidate(d->inode);
		if (err) {
			d_drop(d);
			dput(d);
			d = NULL;
			if (err != -ESTALE)
				return err;
		}
	}
	if (!d) {
		if (!dino->iop || !dino->iop->lookup)
			return -ENOENT;
		err = dino->iop->lookup(dino, name, &ino);
		if (err)
			return err;
		d = d_add(dir->dentry, name, ino);
		if (!d)
			return -ENOMEM;
	}
	out->mnt = mnt_get(dir->mnt);
	out->dentry = d;
	if (flags & LOOKUP_NO_CROSS)
		return 0;
	err = follow_down(out, flags);
	if (err)
		path_put(out);
	return err;
}

int vfs_lookup_one(struct task *t, const struct path *parent, const char *name,
		   struct path *out)
{
	return lookup_child(parent, name, 0, out);
}

int namei_child(struct task *t, const struct path *dir, const char *name,
		struct path *out)
{
	return lookup_child(dir, name, LOOKUP_NO_CROSS, out);
}

static int follow_dotdot(struct nameidata *nd)
{
	struct path *p = &nd->path;
	struct path up;

	for (;;) {
		if (path_equal(p, &nd->root))
			return (nd->flags & LOOKUP_BENEATH) ? -EXDEV : 0;
		if (p->dentry != p->mnt->root)
			break;
		if (p->mnt->parent == p->mnt || !p->mnt->parent)
			return 0;	/* the top of everything */
		if (nd->flags & LOOKUP_NO_XDEV)
			return -EXDEV;
		up.mnt = mnt_get(p->mnt->parent);
		up.dentry = dget(p->mnt->mountpoint);
		path_replace(p, &up);
	}
	up.mnt = mnt_get(p->mnt);
	up.dentry = dget(p->dentry->parent);
	path_replace(p, &up);
	return follow_down(p, nd->flags);
}

static int walk(struct nameidata *nd, const char *s, enum walk_mode mode,
		bool follow_last, bool last_dir);

/* Follow the symlink at link, found in the directory nd->path. */
static int follow_link(struct nameidata *nd, struct path *link,
		       enum walk_mode mode, bool follow_last, bool last_dir)
{
	struct inode *ino = link->dentry->inode;
	struct path target;
	char *buf;
	long n;
	int err;

	if ((nd->flags & LOOKUP_NO_SYMLINKS) ||
	    (link->mnt->flags & MNT_NOSYMFOLLOW))	/* mount -o nosymfollow */
		return -ELOOP;
	if (++nd->nlinks > MAXSYMLINKS)
		return -ELOOP;
	if (ino->iop && ino->iop->get_link) {
		if (nd->flags & LOOKUP_NO_MAGICLINKS)
			return -ELOOP;
		if (nd->flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT))
			return -EXDEV;
		err = ino->iop->get_link(nd->t, ino, &target);
		if (err)
			return err;
		/* a jump to another mount crosses it */
		if ((nd->flags & LOOKUP_NO_XDEV) && target.mnt != nd->path.mnt) {
			path_put(&target);
			return -EXDEV;
		}
		path_replace(&nd->path, &target);
		if (last_dir && !S_ISDIR(nd->path.dentry->inode->mode))
			return -ENOTDIR;
		return 0;
	}
	if (!ino->iop || !ino->iop->readlink)
		return -EINVAL;
	buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	n = ino->iop->readlink(ino, buf, PATH_MAX - 1);
	if (n < 0) {
		err = n;
		goto out_free;
	}
	buf[n] = '\0';
	err = n ? walk(nd, buf, mode, follow_last, last_dir) : -ENOENT;
out_free:
	kfree(buf);
	return err;
}

/*
 * Walk s from nd->path (or from the root when s is absolute).  The last
 * component is followed if follow_last and must be a directory if
 * last_dir.  Returns 0 with the result in nd->path, 1 for a WALK_CREATE
 * whose last component is missing (nd->path is its directory), or -errno.
 */
static int walk(struct nameidata *nd, const char *s, enum walk_mode mode,
		bool follow_last, bool last_dir)
{
	struct path child;
	char name[NAME_MAX + 1];
	int err;

	if (*s == '/') {
		if (nd->flags & LOOKUP_BENEATH)
			return -EXDEV;
		/* an absolute symlink (not the path itself) jumps to the
		 * root: a crossing unless already on the root's mount */
		if ((nd->flags & LOOKUP_NO_XDEV) && nd->nlinks &&
		    nd->path.mnt != nd->root.mnt)
			return -EXDEV;
		child = nd->root;
		path_get(&child);
		path_replace(&nd->path, &child);
		while (*s == '/')
			s++;
		if (!*s) {
			if (mode == WALK_PARENT) {
				nd->last[0] = '\0';
				nd->last_type = LAST_ROOT;
				nd->last_slash = true;
			}
			return 0;
		}
	}
	for (;;) {
		struct inode *dir = nd->path.dentry->inode;
		const char *end = s;
		const char *next;
		bool slash, last, follow;
		size_t len;
		int type;

		while (*end && *end != '/')
			end++;
		len = end - s;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(name, s, len);
		name[len] = '\0';
		next = end;
		while (*next == '/')
			next++;
		slash = *end == '/';
		last = !*next;

		if (!S_ISDIR(dir->mode))
			return -ENOTDIR;
		err = inode_permission(nd->t, dir, MAY_EXEC);
		if (err)
			return err;

		type = LAST_NORM;
		if (name[0] == '.' && name[1] == '\0')
			type = LAST_DOT;
		else if (name[0] == '.' && name[1] == '.' && name[2] == '\0')
			type = LAST_DOTDOT;

		if (last && mode == WALK_PARENT) {
			memcpy(nd->last, name, len + 1);
			nd->last_type = type;
			nd->last_slash = slash || last_dir;
			return 0;
		}

		if (type == LAST_DOTDOT) {
			err = follow_dotdot(nd);
			if (err)
				return err;
		} else if (type == LAST_NORM) {
			err = lookup_child(&nd->path, name, nd->flags, &child);
			if (err == -ENOENT && last && mode == WALK_CREATE) {
				memcpy(nd->last, name, len + 1);
				nd->last_type = type;
				nd->last_slash = slash || last_dir;
				return 1;
			}
			if (err)
				return err;
			/* O_DIRECTORY alone does not follow a last link
			 * (it is then -ENOTDIR); a trailing slash does. */
			follow = !last || follow_last || slash;
			if (S_ISLNK(child.dentry->inode->mode) && follow) {
				/* A followed link resolves all the way: its
				 * own last component is followed too. */
				err = follow_link(nd, &child,
						  last ? mode : WALK_FULL, true,
						  last ? slash || last_dir : true);
				path_put(&child);
				if (err)
					return err;
			} else {
				path_replace(&nd->path, &child);
			}
		}

		if (last) {
			if ((slash || last_dir) &&
			    !S_ISDIR(nd->path.dentry->inode->mode))
				return -ENOTDIR;
			return 0;
		}
		s = next;
	}
}

static int nd_start(struct nameidata *nd, struct task *t, int dirfd,
		    const char *path, unsigned flags, char *last)
{
	size_t len = strnlen(path, PATH_MAX);
	int err;

	memset(nd, 0, sizeof(*nd));
	nd->t = t;
	nd->flags = flags;
	nd->last = last;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	if (!len && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	if (flags & (LOOKUP_BENEATH | LOOKUP_IN_ROOT)) {
		err = vfs_dirfd_path(t, dirfd, false, &nd->root);
		if (err)
			return err;
		nd->path = nd->root;
		path_get(&nd->path);
		return 0;
	}
	nd->root = t->proc->fs->root;
	path_get(&nd->root);
	if (*path == '/') {
		nd->path = nd->root;
		path_get(&nd->path);
		return 0;
	}
	return vfs_dirfd_path(t, dirfd, !len, &nd->path);
}

static void nd_done(struct nameidata *nd)
{
	if (nd->root.dentry)
		path_put(&nd->root);
	if (nd->path.dentry)
		path_put(&nd->path);
}

int vfs_lookup(struct task *t, int dirfd, const char *path, unsigned flags,
	       struct path *out)
{
	struct nameidata nd;
	int err;

	err = nd_start(&nd, t, dirfd, path, flags, NULL);
	if (err)
		goto out;
	if (*path) {
		err = walk(&nd, path, WALK_FULL, flags & LOOKUP_FOLLOW,
			   flags & LOOKUP_DIRECTORY);
		if (err)
			goto out;
	} else if ((flags & LOOKUP_DIRECTORY) &&
		   !S_ISDIR(nd.path.dentry->inode->mode)) {
		err = -ENOTDIR;
		goto out;
	}
	*out = nd.path;
	nd.path.mnt = NULL;
	nd.path.dentry = NULL;
out:
	nd_done(&nd);
	return err;
}

int vfs_lookup_parent(struct task *t, int dirfd, const char *path,
		      unsigned flags, struct path *parent, char *last,
		      int *type, bool *slash)
{
	struct nameidata nd;
	int err;

	err = nd_start(&nd, t, dirfd, path, flags & ~LOOKUP_EMPTY, last);
	if (err)
		goto out;
	err = walk(&nd, path, WALK_PARENT, false, false);
	if (err)
		goto out;
	*parent = nd.path;
	nd.path.mnt = NULL;
	nd.path.dentry = NULL;
	*type = nd.last_type;
	*slash = nd.last_slash;
out:
	nd_done(&nd);
	return err;
}

int namei_create(struct task *t, int dirfd, const char *path, unsigned flags,
		 bool follow, struct path *found, struct path *parent,
		 char *last, bool *slash)
{
	struct nameidata nd;
	int err;

	err = nd_start(&nd, t, dirfd, path, flags & ~LOOKUP_EMPTY, last);
	if (err)
		goto out;
	err = walk(&nd, path, WALK_CREATE, follow, flags & LOOKUP_DIRECTORY);
	if (err < 0)
		goto out;
	if (err == 1) {
		*parent = nd.path;
		*slash = nd.last_slash;
	} else {
		*found = nd.path;
	}
	nd.path.mnt = NULL;
	nd.path.dentry = NULL;
out:
	nd_done(&nd);
	return err;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mount table, and the names of places in the tree.
 *
 * A mount puts the root of a file system on a directory (the mountpoint)
 * of another mount.  The mountpoint dentry points to the topmost mount on
 * it (dentry->mounted) so the walk notices it cheaply; lookup_mnt() finds
 * the mount that belongs to a given (mount, dentry) pair, which is what
 * crossing downwards needs.  Crossing upwards is ->parent and ->mountpoint.
 *
 * All mounts are on one list in mount order (/proc/mounts prints it).
 * Nothing is unmounted yet, so mounts live as long as umk.
 *
 * d_path() turns a (mount, dentry) pair back into a name, as getcwd(2),
 * /proc/PID/fd and /proc/PID/exe show it.
 */
#include "kernel.h"
#include "vfs/vfs.h"

struct mount *vfs_root_mount;
static struct mount *mounts_first, *mounts_last;
static int next_mount_id = 20;

struct mount *mount_first(void)
{
	return mounts_first;
}

struct mount *mnt_get(struct mount *m)
{
	if (m)
		m->refs++;
	return m;
}

void mnt_put(struct mount *m)
{
	if (m) {
		BUG_ON(m->refs <= 0);
		m->refs--;
	}
}

static struct mount *mnt_alloc(struct super_block *sb, struct inode *root,
			       unsigned flags, const char *source)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		goto out_put;
	m->source = kstrdup(source ? source : "none");
	if (!m->source)
		goto out_free;
	m->root = d_alloc_root(root);
	root = NULL;
	if (!m->root)
		goto out_source;
	m->sb = sb;
	m->flags = flags;
	m->id = next_mount_id++;
	m->refs = 1;		/* the mount table's */
	return m;

out_source:
	kfree(m->source);
out_free:
	kfree(m);
out_put:
	inode_put(root);
	return NULL;
}

static void mnt_link(struct mount *m)
{
	if (mounts_last)
		mounts_last->next = m;
	else
		mounts_first = m;
	mounts_last = m;
}

int vfs_mount_root(struct super_block *sb, struct inode *root, unsigned flags,
		   const char *source, struct mount **out)
{
	struct mount *m;

	if (vfs_root_mount) {
		inode_put(root);
		return -EBUSY;
	}
	m = mnt_alloc(sb, root, flags, source);
	if (!m)
		return -ENOMEM;
	m->parent = m;
	m->mountpoint = dget(m->root);
	vfs_root_mount = m;
	mnt_link(m);
	if (out)
		*out = m;
	return 0;
}

int vfs_mount(const struct path *mp, struct super_block *sb, struct inode *root,
	      unsigned flags, const char *source, struct mount **out)
{
	struct mount *m;

	if (!S_ISDIR(mp->dentry->inode->mode)) {
		inode_put(root);
		return -ENOTDIR;
	}
	m = mnt_alloc(sb, root, flags, source);
	if (!m)
		return -ENOMEM;
	m->parent = mnt_get(mp->mnt);
	m->mountpoint = dget(mp->dentry);
	mp->dentry->mounted = m;
	mnt_link(m);
	if (out)
		*out = m;
	return 0;
}

struct mount *lookup_mnt(const struct path *p)
{
	struct mount *m, *found = NULL;

	if (!p->dentry->mounted)
		return NULL;
	if (p->dentry->mounted->parent == p->mnt)
		return p->dentry->mounted;
	/* The same dentry seen through another mount: search (rare). */
	for (m = mounts_first; m; m = m->next)
		if (m->parent == p->mnt && m->mountpoint == p->dentry &&
		    m != p->mnt)
			found = m;
	return found;
}

bool path_is_under(const struct path *p, const struct path *root)
{
	struct mount *mnt = p->mnt;
	struct dentry *d = p->dentry;

	for (;;) {
		if (mnt == root->mnt && d == root->dentry)
			return true;
		if (d == mnt->root) {
			if (!mnt->parent || mnt->parent == mnt)
				return false;
			d = mnt->mountpoint;
			mnt = mnt->parent;
			continue;
		}
		if (d->parent == d)
			return false;
		d = d->parent;
	}
}

/* Prepend s (n bytes) at *pos in buf; false if it does not fit. */
static bool prepend(char *buf, size_t *pos, const char *s, size_t n)
{
	if (n > *pos)
		return false;
	*pos -= n;
	memcpy(buf + *pos, s, n);
	return true;
}

long d_path(const struct path *p, const struct path *root, char *buf, size_t len)
{
	struct mount *mnt = p->mnt;
	struct dentry *d = p->dentry;
	bool deleted = d_unhashed(d);
	size_t pos;
	size_t n;

	if (!len)
		return -ENAMETOOLONG;
	if (mnt && !mnt->parent) {
		/* anonymous: the name is all there is */
		n = strlen(d->name);
		if (n + 1 > len)
			return -ENAMETOOLONG;
		memcpy(buf, d->name, n + 1);
		return n;
	}
	pos = len - 1;
	buf[pos] = '\0';
	if (deleted && !prepend(buf, &pos, " (deleted)", 10))
		return -ENAMETOOLONG;
	for (;;) {
		if (root && mnt == root->mnt && d == root->dentry)
			break;
		if (d == mnt->root) {
			if (mnt->parent == mnt)
				break;
			d = mnt->mountpoint;
			mnt = mnt->parent;
			continue;
		}
		if (d->parent == d)
			break;
		n = strlen(d->name);
		if (!prepend(buf, &pos, d->name, n) ||
		    !prepend(buf, &pos, "/", 1))
			return -ENAMETOOLONG;
		d = d->parent;
	}
	if (buf[pos] != '/' && !prepend(buf, &pos, "/", 1))
		return -ENAMETOOLONG;
	n = len - 1 - pos;
	memmove(buf, buf + pos, n + 1);
	return n;
}

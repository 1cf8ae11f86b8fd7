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
 * A bind mount is a second mount of a file system whose root is any of
 * its dentries.  umount2 takes a mount out of the tree when nothing uses
 * it (its references are the table's, one per child mount and one per
 * path held: open files, cwds, the caller's lookup); a lazy one leaves the
 * tree at once, becomes the root of a tree of its own (so names of files
 * still open in it read from its root, as on Linux) and is freed with its
 * last reference.  When the last mount of a file system goes, its unused
 * dentries go too, and with them its files (a tmpfs frees its memory).
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

static void mnt_free(struct mount *m);

void mnt_put(struct mount *m)
{
	if (m) {
		BUG_ON(m->refs <= 0);
		if (!--m->refs && m->detached)
			mnt_free(m);
	}
}

/* A new mount of sb whose root is the dentry root (reference taken over). */
static struct mount *mnt_alloc_at(struct super_block *sb, struct dentry *root,
				  unsigned flags, const char *source)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m)
		goto out_put;
	m->source = kstrdup(source ? source : "none");
	if (!m->source)
		goto out_free;
	m->root = root;
	m->sb = sb;
	m->flags = flags;
	m->id = next_mount_id++;
	m->refs = 1;		/* the mount table's */
	return m;

out_free:
	kfree(m);
out_put:
	dput(root);
	return NULL;
}

static struct mount *mnt_alloc(struct super_block *sb, struct inode *root,
			       unsigned flags, const char *source)
{
	struct dentry *d = d_alloc_root(root);

	return d ? mnt_alloc_at(sb, d, flags, source) : NULL;
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

/* Put m on the dentry mp (in the mount mp->mnt), on top of the tree. */
static void mnt_attach(struct mount *m, const struct path *mp)
{
	m->parent = mnt_get(mp->mnt);
	m->mountpoint = dget(mp->dentry);
	mp->dentry->mounted = m;
	mnt_link(m);
	linkcache_invalidate();	/* paths through mp lead elsewhere now */
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
	mnt_attach(m, mp);
	if (out)
		*out = m;
	return 0;
}

/* Whether m is below top (a mount on top's tree, at any depth). */
static bool mnt_below(const struct mount *m, const struct mount *top)
{
	while (m->parent != m && !m->detached) {
		if (m->parent == top)
			return true;
		m = m->parent;
	}
	return false;
}

/* The copy of orig among the n pairs of copies, or NULL. */
static struct mount *copy_of(struct mount **orig, struct mount **copy, int n,
			     const struct mount *m)
{
	for (int i = 0; i < n; i++)
		if (orig[i] == m)
			return copy[i];
	return NULL;
}

int vfs_bind_mount(const struct path *mp, const struct path *src,
		   unsigned flags, bool rec, const char *source)
{
	struct mount **orig, **copy, *m, *c;
	int n = 0, total = 0;
	struct path at;

	if (S_ISDIR(mp->dentry->inode->mode) !=
	    S_ISDIR(src->dentry->inode->mode))
		return -ENOTDIR;
	if (src->mnt->flags & MNT_UNBINDABLE)
		return -EINVAL;
	for (c = mounts_first; c; c = c->next) {
		struct path cp = { c->parent, c->mountpoint };

		total++;
		if (!rec && (c->flags & MNT_LOCKED) && c->parent == src->mnt &&
		    path_is_under(&cp, src))
			return -EINVAL;	/* it would bare what the lock hides */
	}
	orig = kmalloc(total * sizeof(*orig));
	copy = kmalloc(total * sizeof(*copy));
	m = orig && copy ? mnt_alloc_at(src->mnt->sb, dget(src->dentry),
					flags, source) : NULL;
	if (!m) {
		kfree(orig);
		kfree(copy);
		return -ENOMEM;
	}
	mnt_attach(m, mp);
	/* With rec, the mounts below src, each on its copied parent
	 * (parents come first in the list; m itself, last, is not seen). */
	for (c = mounts_first; rec && c != m; c = c->next) {
		struct mount *parent;
		struct path cp;

		if (c->flags & MNT_UNBINDABLE || c->parent == c)
			continue;
		if (c->parent == src->mnt) {
			cp.mnt = src->mnt;
			cp.dentry = c->mountpoint;
			if (!path_is_under(&cp, src))
				continue;
			parent = m;
		} else {
			parent = copy_of(orig, copy, n, c->parent);
			if (!parent)
				continue;
		}
		orig[n] = c;
		copy[n] = mnt_alloc_at(c->sb, dget(c->root), c->flags,
				       c->source);
		if (!copy[n])
			break;		/* out of memory: the rest stays out */
		at.mnt = parent;
		at.dentry = c->mountpoint;
		mnt_attach(copy[n], &at);
		n++;
	}
	kfree(orig);
	kfree(copy);
	return 0;
}

/* Take m off the list of mounts. */
static void mnt_list_del(struct mount *m)
{
	struct mount **pp, *prev = NULL;

	for (pp = &mounts_first; *pp; pp = &(*pp)->next) {
		if (*pp == m) {
			*pp = m->next;
			break;
		}
		prev = *pp;
	}
	if (mounts_last == m)
		mounts_last = prev;
	m->next = NULL;
}

/* Take m off the list and off its mountpoint; the mountpoint then shows
 * the next mount down on it, if any. */
static void mnt_unlink(struct mount *m)
{
	struct mount *c, *top = NULL;

	mnt_list_del(m);
	for (c = mounts_first; c; c = c->next)
		if (c->mountpoint == m->mountpoint && c->parent != c)
			top = c;
	if (m->mountpoint->mounted == m)
		m->mountpoint->mounted = top;
}

/* Detach m: out of the tree, a root of its own, freed with its last
 * reference (the table's goes now). */
static void mnt_detach(struct mount *m)
{
	struct mount *parent = m->parent;
	struct dentry *mp = m->mountpoint;

	mnt_unlink(m);
	linkcache_invalidate();
	m->parent = m;
	m->mountpoint = dget(m->root);
	m->detached = true;
	dput(mp);
	mnt_put(parent);
	mnt_put(m);
}

int vfs_move_mount(struct mount *m, const struct path *mp)
{
	struct mount *old_parent = m->parent, *c, *next, *stop;
	struct dentry *old_mp = m->mountpoint;

	if (m->parent == m || m->detached || (m->flags & MNT_LOCKED))
		return -EINVAL;
	if (S_ISDIR(mp->dentry->inode->mode) != S_ISDIR(m->root->inode->mode))
		return -ENOTDIR;
	for (c = mp->mnt;; c = c->parent) {
		if (c == m)
			return -ELOOP;		/* into its own tree */
		if (c->parent == c || c->detached)
			break;
	}
	mnt_unlink(m);
	mnt_attach(m, mp);
	dput(old_mp);
	mnt_put(old_parent);
	/* the mounts below it follow it to the end of the list, in their
	 * order, so that parents still come before their children */
	stop = m;
	for (c = mounts_first; c && c != stop; c = next) {
		next = c->next;
		if (!mnt_below(c, m))
			continue;
		mnt_list_del(c);
		mnt_link(c);
	}
	return 0;
}

static void mnt_free(struct mount *m)
{
	struct mount *c;

	for (c = mounts_first; c; c = c->next)
		if (c->sb == m->sb)
			break;
	if (!c)
		d_prune(m->root);	/* its last mount: let its files go */
	dput(m->mountpoint);
	dput(m->root);
	kfree(m->source);
	kfree(m);
}

int vfs_umount(struct mount *m, bool lazy)
{
	struct mount *c, *prev;

	if (m->parent == m)
		return lazy ? -EINVAL : -EBUSY;
	if (m->flags & MNT_LOCKED)
		return -EINVAL;
	if (!lazy) {
		for (c = mounts_first; c; c = c->next)
			if (c->parent == m && c != m)
				return -EBUSY;
		/* the table's reference and the caller's */
		if (m->refs > 2)
			return -EBUSY;
		mnt_detach(m);
		return 0;
	}
	/* The mounts below first, deepest (last mounted) first.  Locked
	 * ones (copies of umk's own, from MS_REC) stay on their parents, as
	 * on Linux: detached, they would bare what they cover to whoever
	 * still has a place in the tree.  That tree is then never freed. */
	do {
		prev = NULL;
		for (c = mounts_first; c; c = c->next)
			if (mnt_below(c, m) && !(c->flags & MNT_LOCKED))
				prev = c;
		if (prev)
			mnt_detach(prev);
	} while (prev);
	mnt_detach(m);
	return 0;
}

void path_cross_mounts(struct path *p)
{
	struct mount *m;

	while ((m = lookup_mnt(p))) {
		p->mnt = m;
		p->dentry = m->root;
	}
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

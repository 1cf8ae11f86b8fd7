// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * File-system notification: the VFS's hooks (vfs/fsnotify.h) turned into
 * inotify events, as Linux's fsnotify sends them.
 *
 *   - An event on a file (open, read, write, truncate, attributes, close)
 *     goes to the watches of the directory it was reached through, with
 *     its name, then to the file's own watches, without one; IN_ISDIR
 *     when it is a directory.  A watch with IN_EXCL_UNLINK does not hear
 *     of files reached through a name that was since unlinked.
 *   - Making or removing a name goes to the directory's watches; a link
 *     count that changes is IN_ATTRIB on the inode; a rename is
 *     IN_MOVED_FROM and IN_MOVED_TO with one cookie, then IN_MOVE_SELF on
 *     the inode moved.
 *   - When an inode's last name goes it gets IN_DELETE_SELF and all its
 *     watches go (IN_IGNORED) -- for a file still open, when its last
 *     open file closes, as Linux does.  (Linux waits for the last user of
 *     a removed directory too, a working directory say; umk does not.)
 *
 * Whether a file is still open is told by its inode's references: each
 * open file holds one, each live dentry of it one.  A watch holds a
 * dentry, so the inode is in use by others when it has more references
 * than the dentries known here (the event's and the watches').
 *
 * Only what happens through umk's VFS is seen: changes made by the host
 * to a hostfs tree behind umk's back make no event.
 */
#include "kernel.h"
#include "vfs/fsnotify.h"
#include "vfs/vfs.h"

static u32 last_cookie;

static u32 isdir(const struct inode *ino)
{
	return S_ISDIR(ino->mode) ? IN_ISDIR : 0;
}

/* Give the event to the watches of ino that want it.  unlinked: it
 * happened through a name since unlinked (IN_EXCL_UNLINK).  A watch may
 * go meanwhile (IN_ONESHOT), so ino is held. */
static void notify(struct inode *ino, u32 mask, const char *name, u32 cookie,
		   bool unlinked)
{
	struct inotify_watch *w, *next;

	if (!ino || !ino->watches)
		return;
	inode_get(ino);
	for (w = ino->watches; w; w = next) {
		next = w->inode_next;
		if (!(w->mask & mask & IN_ALL_EVENTS))
			continue;
		if (unlinked && (w->mask & IN_EXCL_UNLINK))
			continue;
		inotify_watch_event(w, mask, name, cookie);
	}
	inode_put(ino);
}

/* An event on the file at d: its directory's watches, then its own. */
static void notify_dentry(struct dentry *d, struct inode *ino, u32 mask)
{
	bool unlinked = d && d_unhashed(d);

	mask |= isdir(ino);
	if (d && d->parent != d && d->parent->inode)
		notify(d->parent->inode, mask, d->name, 0, unlinked);
	notify(ino, mask, NULL, 0, unlinked);
}

/* ino's last name went: IN_DELETE_SELF, then its watches go. */
static void inode_gone(struct inode *ino)
{
	if (!ino->watches)
		return;
	inode_get(ino);
	notify(ino, IN_DELETE_SELF, NULL, 0, false);
	while (ino->watches)
		inotify_watch_remove(ino->watches);
	inode_put(ino);
}

/* The distinct dentries among d (of ino, or NULL) and ino's watches'. */
static int dentries_known(struct inode *ino, struct dentry *d)
{
	struct inotify_watch *w, *v;
	int n = d && d->inode == ino;

	for (w = ino->watches; w; w = w->inode_next) {
		if (w->dentry == d)
			continue;
		for (v = ino->watches; v != w; v = v->inode_next)
			if (v->dentry == w->dentry)
				break;
		n += v == w;
	}
	return n;
}

/* The last name of d's inode went: it is gone now, or, while it is still
 * open, at its last close. */
static void last_name_gone(struct dentry *d)
{
	struct inode *ino = d->inode;
	struct inotify_watch *w;

	if (!ino->watches)
		return;
	if (S_ISDIR(ino->mode) || ino->refs <= dentries_known(ino, d)) {
		inode_gone(ino);
		return;
	}
	for (w = ino->watches; w; w = w->inode_next)
		w->unlinked = true;
}

void __fsnotify_file(struct file *f, u32 mask)
{
	if (!f->inode || (f->fmode & FMODE_PATH))
		return;
	notify_dentry(f->path.dentry, f->inode, mask);
}

void __fsnotify_close(struct file *f)
{
	struct inode *ino = f->inode;
	struct inotify_watch *w;

	__fsnotify_file(f, (f->fmode & FMODE_WRITE) ? IN_CLOSE_WRITE :
						      IN_CLOSE_NOWRITE);
	if (!ino || (f->fmode & FMODE_PATH))
		return;
	for (w = ino->watches; w; w = w->inode_next)
		if (w->unlinked)
			break;
	/* f's own reference goes after this: was it the last user? */
	if (w && ino->refs - 1 <= dentries_known(ino, f->path.dentry))
		inode_gone(ino);
}

void __fsnotify_dentry(struct dentry *d, u32 mask)
{
	if (d->inode)
		notify_dentry(d, d->inode, mask);
}

/* Linux's fsnotify_change: both times set is utimes (IN_ATTRIB), one
 * alone is an access or a change of the data. */
void __fsnotify_setattr(struct dentry *d, unsigned valid)
{
	unsigned times = valid & (ATTR_ATIME | ATTR_MTIME);
	u32 mask = 0;

	if (valid & (ATTR_MODE | ATTR_UID | ATTR_GID))
		mask |= IN_ATTRIB;
	if (times == (ATTR_ATIME | ATTR_MTIME))
		mask |= IN_ATTRIB;
	else if (times == ATTR_ATIME)
		mask |= IN_ACCESS;
	else if (times == ATTR_MTIME)
		mask |= IN_MODIFY;
	if (mask)
		__fsnotify_dentry(d, mask);
}

void __fsnotify_create(struct inode *dir, const char *name, bool dir_made)
{
	notify(dir, IN_CREATE | (dir_made ? IN_ISDIR : 0), name, 0, false);
}

void __fsnotify_link(struct inode *dir, struct inode *ino, const char *name)
{
	notify(ino, IN_ATTRIB | isdir(ino), NULL, 0, false);
	notify(dir, IN_CREATE | isdir(ino), name, 0, false);
}

void __fsnotify_remove(struct inode *dir, struct dentry *victim,
		       const char *name, bool gone)
{
	u32 d = isdir(victim->inode);

	if (!d)
		notify(victim->inode, IN_ATTRIB, NULL, 0, false);
	if (gone)
		last_name_gone(victim);
	notify(dir, IN_DELETE | d, name, 0, false);
}

static u32 new_cookie(void)
{
	if (!++last_cookie)
		++last_cookie;
	return last_cookie;
}

void __fsnotify_move(struct inode *odir, const char *oname, struct inode *ndir,
		     const char *nname, struct inode *src, bool exchange,
		     struct dentry *dst_d, bool dst_gone)
{
	struct inode *dst = dst_d ? dst_d->inode : NULL;
	u32 cookie = new_cookie();

	notify(odir, IN_MOVED_FROM | isdir(src), oname, cookie, false);
	notify(ndir, IN_MOVED_TO | isdir(src), nname, cookie, false);
	if (dst && !exchange)
		notify(dst, IN_ATTRIB | isdir(dst), NULL, 0, false);
	notify(src, IN_MOVE_SELF, NULL, 0, false);
	if (dst && exchange) {
		cookie = new_cookie();
		notify(ndir, IN_MOVED_FROM | isdir(dst), nname, cookie, false);
		notify(odir, IN_MOVED_TO | isdir(dst), oname, cookie, false);
		notify(dst, IN_MOVE_SELF, NULL, 0, false);
	}
	if (dst && !exchange && dst_gone)
		last_name_gone(dst_d);
}

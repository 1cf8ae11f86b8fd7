/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File-system notification: the hooks the VFS calls when it opens, reads,
 * writes, closes or changes a file or a directory, for inotify's watches
 * (fs/inotify.c).  vfs/fsnotify.c turns each hook into the events Linux's
 * fsnotify sends, in Linux's order, and hands them to the watches of the
 * inode itself and, for events on a file, to those of the directory it
 * was reached through (with its name).
 *
 * Only what happens through umk's VFS is seen: a change made by the host
 * to a hostfs tree behind umk's back sends no event.
 *
 * Cost: every hook is an inline test of one global counter (the number of
 * watches in the whole system); with no watch anywhere that is all a read
 * or write pays.  Otherwise the hook looks at the inode's (and parent's)
 * list of watches, a pointer each.
 *
 * Called with the kernel lock held, after the operation succeeded, with
 * references held on the inodes and dentries passed.  They tell the link
 * cache too (vfs/linkcache.c): a change of what its entries rest on ends
 * them.
 */
#ifndef UMK_VFS_FSNOTIFY_H
#define UMK_VFS_FSNOTIFY_H

#include "kernel.h"
#include "abi/inotify.h"
#include "vfs/vfs.h"

struct inotify;

/* One inotify watch: the events mask wants from inode, for the instance
 * in.  It holds a reference on the dentry it was added through, which
 * keeps the inode (and its place in the dentry cache, so that hostfs
 * walks find the same inode again). */
struct inotify_watch {
	struct inotify *in;
	struct inode *inode;
	struct dentry *dentry;		/* a reference */
	int wd;
	u32 mask;		/* IN_* events, IN_ONESHOT, IN_EXCL_UNLINK */
	/* The inode's last name went while it was open: IN_DELETE_SELF at
	 * its last close. */
	bool unlinked;
	struct inotify_watch *inode_next;	/* the inode's watches */
	struct inotify_watch *in_next;		/* the instance's watches */
};

/* The number of watches in the system (fs/inotify.c keeps it). */
extern unsigned long fsnotify_nwatches;

/* fs/inotify.c: queue one event for w (name NULL or the child's name);
 * IN_ONESHOT watches go after it. */
void inotify_watch_event(struct inotify_watch *w, u32 mask, const char *name,
			 u32 cookie);
/* fs/inotify.c: w goes (IN_IGNORED is queued). */
void inotify_watch_remove(struct inotify_watch *w);
/* fs/inotify.c: the limits, as /proc/sys/fs/inotify shows them. */
extern unsigned inotify_max_queued_events, inotify_max_user_instances;
unsigned inotify_limit_user_watches(void);

/* ---- the hooks (vfs/fsnotify.c) ---- */
void __fsnotify_file(struct file *f, u32 mask);
void __fsnotify_close(struct file *f);
void __fsnotify_dentry(struct dentry *d, u32 mask);
void __fsnotify_setattr(struct dentry *d, unsigned valid);
void __fsnotify_create(struct inode *dir, const char *name, bool isdir);
void __fsnotify_link(struct inode *dir, struct inode *ino, const char *name);
void __fsnotify_remove(struct inode *dir, struct dentry *victim,
		       const char *name, bool gone);
void __fsnotify_move(struct inode *odir, const char *oname, struct inode *ndir,
		     const char *nname, struct inode *src, bool exchange,
		     struct dentry *dst, bool dst_gone);

#define FSNOTIFY_ACTIVE() unlikely(fsnotify_nwatches != 0)

/* open(2) made f: IN_OPEN. */
static inline void fsnotify_open(struct file *f)
{
	if (FSNOTIFY_ACTIVE())
		__fsnotify_file(f, IN_OPEN);
}

/* f was read (or listed): IN_ACCESS. */
static inline void fsnotify_access(struct file *f)
{
	if (FSNOTIFY_ACTIVE())
		__fsnotify_file(f, IN_ACCESS);
}

/* f was written or truncated: IN_MODIFY. */
static inline void fsnotify_modify(struct file *f)
{
	if (FSNOTIFY_ACTIVE())
		__fsnotify_file(f, IN_MODIFY);
}

/* The last reference to f goes: IN_CLOSE_WRITE or IN_CLOSE_NOWRITE. */
static inline void fsnotify_close(struct file *f)
{
	if (FSNOTIFY_ACTIVE())
		__fsnotify_close(f);
}

/* truncate(2) of the file at d: IN_MODIFY. */
static inline void fsnotify_truncate(struct dentry *d)
{
	if (FSNOTIFY_ACTIVE())
		__fsnotify_dentry(d, IN_MODIFY);
}

/* The attributes of the file at d changed (ATTR_* in valid). */
static inline void fsnotify_setattr(struct dentry *d, unsigned valid)
{
	linkcache_inode_changed(d->inode);
	if (FSNOTIFY_ACTIVE())
		__fsnotify_setattr(d, valid);
}

/* An extended attribute of the file at d was set or removed: IN_ATTRIB. */
static inline void fsnotify_xattr(struct dentry *d)
{
	if (FSNOTIFY_ACTIVE())
		__fsnotify_dentry(d, IN_ATTRIB);
}

/* name was made in dir (a file, directory, node or symlink). */
static inline void fsnotify_create(struct inode *dir, const char *name,
				   bool isdir)
{
	linkcache_name_made(dir, name);
	if (FSNOTIFY_ACTIVE())
		__fsnotify_create(dir, name, isdir);
}

/* name in dir is a new link to ino. */
static inline void fsnotify_link(struct inode *dir, struct inode *ino,
				 const char *name)
{
	linkcache_name_made(dir, name);
	if (FSNOTIFY_ACTIVE())
		__fsnotify_link(dir, ino, name);
}

/* name (the dentry victim) was unlinked or removed from dir; gone: it
 * was its inode's last name (its watches end, at once or, for a file
 * still open, at its last close). */
static inline void fsnotify_remove(struct inode *dir, struct dentry *victim,
				   const char *name, bool gone)
{
	linkcache_inode_changed(victim->inode);
	if (FSNOTIFY_ACTIVE())
		__fsnotify_remove(dir, victim, name, gone);
}

/* odir/oname (src) is now ndir/nname; with exchange, what was there (the
 * dentry dst) is now odir/oname, else dst (or NULL) was replaced, and
 * dst_gone tells whether that was its inode's last name. */
static inline void fsnotify_move(struct inode *odir, const char *oname,
				 struct inode *ndir, const char *nname,
				 struct inode *src, bool exchange,
				 struct dentry *dst, bool dst_gone)
{
	linkcache_name_made(ndir, nname);
	if (exchange)
		linkcache_name_made(odir, oname);
	linkcache_inode_changed(src);
	if (dst)
		linkcache_inode_changed(dst->inode);
	if (FSNOTIFY_ACTIVE())
		__fsnotify_move(odir, oname, ndir, nname, src, exchange, dst,
				dst_gone);
}

#endif

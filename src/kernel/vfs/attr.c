// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Changing a file's attributes: mode (chmod), owner (chown) and times
 * (utimensat), with Linux's rules, checked on the guest's credentials:
 *   - a read-only mount refuses first (-EROFS);
 *   - chmod: the owner or root; a non-root caller outside the file's group
 *     loses S_ISGID;
 *   - chown: only root gives a file away; the owner may change its group
 *     to one of its own groups; a non-directory loses S_ISUID (and
 *     S_ISGID when group-executable), even when root changes it;
 *   - times: setting them to "now" needs ownership or write permission,
 *     setting given values needs ownership.
 * The file system applies the change (->setattr) and updates ctime.
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"

static bool owner_or_root(struct task *t, struct inode *ino)
{
	u32 fsuid = t->proc->cred.fsuid;

	return fsuid == 0 || fsuid == ino->uid;
}

static int do_setattr(const struct path *p, struct iattr *ia)
{
	struct inode *ino = p->dentry->inode;
	int err;

	if (!ino->iop || !ino->iop->setattr)
		return -EPERM;
	err = ino->iop->setattr(ino, ia);
	if (!err)
		fsnotify_setattr(p->dentry, ia->valid);
	return err;
}

int vfs_chmod(struct task *t, const struct path *p, u32 mode)
{
	struct inode *ino = p->dentry->inode;
	const struct cred *c = &t->proc->cred;
	struct iattr ia = { .valid = ATTR_MODE };

	if (mnt_readonly(p->mnt))
		return -EROFS;
	if (!owner_or_root(t, ino))
		return -EPERM;
	ia.mode = mode & 07777;
	if (c->fsuid && !cred_in_group(c, ino->gid, false))
		ia.mode &= ~S_ISGID;
	/* a memfd sealed with F_SEAL_EXEC keeps its execute bits */
	if ((ino->seals & F_SEAL_EXEC) && ((ia.mode ^ ino->mode) & 0111))
		return -EPERM;
	return do_setattr(p, &ia);
}

int vfs_chown(struct task *t, const struct path *p, u32 uid, u32 gid)
{
	struct inode *ino = p->dentry->inode;
	const struct cred *c = &t->proc->cred;
	struct iattr ia = { 0 };
	bool root = c->fsuid == 0;

	if (mnt_readonly(p->mnt))
		return -EROFS;
	if (uid != (u32)-1 && uid != ino->uid && !root)
		return -EPERM;
	if (gid != (u32)-1 && gid != ino->gid && !root &&
	    (c->fsuid != ino->uid || !cred_in_group(c, gid, false)))
		return -EPERM;
	if (uid != (u32)-1) {
		ia.valid |= ATTR_UID;
		ia.uid = uid;
	}
	if (gid != (u32)-1) {
		ia.valid |= ATTR_GID;
		ia.gid = gid;
	}
	if (ia.valid && !S_ISDIR(ino->mode) && (ino->mode & (S_ISUID | S_ISGID))) {
		ia.valid |= ATTR_MODE;
		ia.mode = ino->mode & 07777 & ~S_ISUID;
		if (ino->mode & 0010)
			ia.mode &= ~S_ISGID;
	}
	return do_setattr(p, &ia);
}

static bool ts_given(const struct linux_timespec *ts)
{
	return ts->tv_nsec != UTIME_NOW && ts->tv_nsec != UTIME_OMIT;
}

int vfs_utimes(struct task *t, const struct path *p,
	       const struct linux_timespec *times)
{
	struct inode *ino = p->dentry->inode;
	struct linux_timespec now = vfs_now();
	struct iattr ia = { .valid = ATTR_ATIME | ATTR_MTIME };
	int err;

	if (mnt_readonly(p->mnt))
		return -EROFS;
	if (times && (ts_given(&times[0]) || ts_given(&times[1]))) {
		if (!owner_or_root(t, ino))
			return -EPERM;
	} else if (!owner_or_root(t, ino)) {
		err = inode_permission(t, ino, MAY_WRITE);
		if (err)
			return err;
	}
	ia.atime = ia.mtime = now;
	if (times) {
		if (times[0].tv_nsec == UTIME_OMIT)
			ia.valid &= ~ATTR_ATIME;
		else if (times[0].tv_nsec != UTIME_NOW)
			ia.atime = times[0];
		if (times[1].tv_nsec == UTIME_OMIT)
			ia.valid &= ~ATTR_MTIME;
		else if (times[1].tv_nsec != UTIME_NOW)
			ia.mtime = times[1];
	}
	if (!ia.valid)
		return 0;
	return do_setattr(p, &ia);
}

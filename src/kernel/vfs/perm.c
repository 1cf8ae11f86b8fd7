// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Permission checks, by umk's own rules on the guest's credentials.
 *
 * The host never decides what a guest may do (it only limits what umk
 * itself can reach): the inode's mode and owner as the guest sees them are
 * checked against the process's struct cred, the classic way.  The owner
 * class applies if fsuid owns the file, else the group class if fsgid or a
 * supplementary group matches, else the other class.  fsuid 0 is root: it
 * may read and write anything and search any directory, but executes a
 * file only if some x bit is set (as Linux's CAP_DAC_OVERRIDE).
 *
 * Writes to files, directories and symlinks on a read-only mount are
 * -EROFS whoever asks; device nodes stay writable (/dev/null on a
 * read-only root).
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"

bool cred_in_group(const struct cred *c, u32 gid, bool real)
{
	int i;

	if (gid == (real ? c->gid : c->fsgid))
		return true;
	for (i = 0; i < c->ngroups && i < (int)ARRAY_SIZE(c->groups); i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

int inode_permission(struct task *t, struct inode *ino, int mask)
{
	const struct cred *c = &t->proc->cred;
	bool real = mask & MAY_REAL_IDS;
	u32 uid = real ? c->uid : c->fsuid;
	u32 mode = ino->mode;
	u32 bits;

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (!mask)
		return 0;
	if (uid == 0) {
		if (!(mask & MAY_EXEC) || S_ISDIR(mode))
			return 0;
		return (mode & 0111) ? 0 : -EACCES;
	}
	if (uid == ino->uid)
		bits = (mode >> 6) & 7;
	else if (cred_in_group(c, ino->gid, real))
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	return (bits & mask) == (u32)mask ? 0 : -EACCES;
}

int path_permission(struct task *t, const struct path *p, int mask)
{
	struct inode *ino = p->dentry->inode;

	if ((mask & MAY_WRITE) && mnt_readonly(p->mnt) &&
	    (S_ISREG(ino->mode) || S_ISDIR(ino->mode) || S_ISLNK(ino->mode)))
		return -EROFS;
	return inode_permission(t, ino, mask);
}

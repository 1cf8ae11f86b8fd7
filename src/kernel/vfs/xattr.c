// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Extended attributes: the VFS's part of getxattr(2), setxattr(2),
 * listxattr(2) and removexattr(2) -- Linux's rules, checked here once on
 * the guest's credentials, so that a file system's ->xattr only keeps
 * names and values (tmpfs in memory, hostfs on the host file).
 *
 * A name is "namespace.rest" (xattr(7)):
 *   user.*      regular files and directories only (else -EPERM to write,
 *               -ENODATA to read, as if absent); read or write permission
 *               on the file; writing in a sticky directory needs its owner;
 *   trusted.*   root only: others read -ENODATA and write -EPERM, and do
 *               not see them listed;
 *   security.*  anyone reads; root alone writes (Linux's capability
 *               module asks CAP_SYS_ADMIN);
 *   system.*    POSIX ACLs, which umk does not have: -EOPNOTSUPP;
 *   others      -EOPNOTSUPP; "user." with nothing after it is -EINVAL.
 * Writing on a read-only mount is -EROFS before anything else.  "Root"
 * is the effective uid 0 (umk has no capabilities apart from it).
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"

enum { NS_USER, NS_TRUSTED, NS_SECURITY, NS_SYSTEM, NS_UNKNOWN };

static const struct {
	const char *prefix;
	int ns;
} namespaces[] = {
	{ "user.", NS_USER },
	{ "trusted.", NS_TRUSTED },
	{ "security.", NS_SECURITY },
	{ "system.", NS_SYSTEM },
};

/* The namespace of name; *rest points past its prefix. */
static int xattr_ns(const char *name, const char **rest)
{
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(namespaces); i++) {
		n = strlen(namespaces[i].prefix);
		if (!strncmp(name, namespaces[i].prefix, n)) {
			*rest = name + n;
			return namespaces[i].ns;
		}
	}
	*rest = name;
	return NS_UNKNOWN;
}

static bool capable(struct task *t)
{
	return t->proc->cred.euid == 0;
}

/* Linux's xattr_permission(): may t read (mask MAY_READ) or write
 * (MAY_WRITE) the attribute name of ino? */
static int xattr_permission(struct task *t, struct inode *ino, const char *name,
			    int mask)
{
	const char *rest;
	int ns = xattr_ns(name, &rest);

	switch (ns) {
	case NS_SECURITY:
		if ((mask & MAY_WRITE) && !capable(t))
			return -EPERM;
		return 0;
	case NS_SYSTEM:
		return 0;
	case NS_TRUSTED:
		if (!capable(t))
			return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
		return 0;
	case NS_USER:
		if (!S_ISREG(ino->mode) && !S_ISDIR(ino->mode))
			return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
		if (S_ISDIR(ino->mode) && (ino->mode & S_ISVTX) &&
		    (mask & MAY_WRITE) && t->proc->cred.fsuid != ino->uid &&
		    t->proc->cred.fsuid != 0)
			return -EPERM;
		break;
	}
	return inode_permission(t, ino, mask);
}

/* The file system's part, after the checks common to all requests. */
static long xattr_call(struct task *t, struct inode *ino, struct xattr_req *req)
{
	const char *rest;
	int ns;

	if (req->op != XATTR_OP_LIST) {
		ns = xattr_ns(req->name, &rest);
		if (ns == NS_UNKNOWN || ns == NS_SYSTEM)
			return -EOPNOTSUPP;
		if (!*rest)
			return -EINVAL;
	}
	if (!ino->iop || !ino->iop->xattr)
		return -EOPNOTSUPP;
	return ino->iop->xattr(ino, req);
}

long vfs_getxattr(struct task *t, const struct path *p, const char *name,
		  void *buf, size_t size)
{
	struct inode *ino = p->dentry->inode;
	struct xattr_req req = {
		.op = XATTR_OP_GET, .name = name, .buf = buf, .size = size,
	};
	int err;

	err = xattr_permission(t, ino, name, MAY_READ);
	if (err)
		return err;
	return xattr_call(t, ino, &req);
}

/* SET and REMOVE: -EROFS first, then the rights to write. */
static int xattr_write(struct task *t, const struct path *p,
		       struct xattr_req *req)
{
	struct inode *ino = p->dentry->inode;
	long ret;

	if (mnt_readonly(p->mnt))
		return -EROFS;
	ret = xattr_permission(t, ino, req->name, MAY_WRITE);
	if (ret)
		return ret;
	ret = xattr_call(t, ino, req);
	if (!ret) {
		inode_touch(ino, INODE_CTIME);
		fsnotify_xattr(p->dentry);
	}
	return ret;
}

int vfs_setxattr(struct task *t, const struct path *p, const char *name,
		 const void *value, size_t size, int flags)
{
	struct xattr_req req = {
		.op = XATTR_OP_SET, .name = name, .buf = (void *)value,
		.size = size, .flags = flags,
	};

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	return xattr_write(t, p, &req);
}

int vfs_removexattr(struct task *t, const struct path *p, const char *name)
{
	struct xattr_req req = { .op = XATTR_OP_REMOVE, .name = name };

	return xattr_write(t, p, &req);
}

/* Listing needs no permission on the file (as Linux): only trusted.*
 * names are left out for all but root. */
long vfs_listxattr(struct task *t, const struct path *p, char *buf, size_t size)
{
	struct inode *ino = p->dentry->inode;
	struct xattr_req req = {
		.op = XATTR_OP_LIST, .buf = buf, .size = size,
		.trusted = capable(t),
	};

	if (!ino->iop || !ino->iop->xattr)
		return 0;
	return xattr_call(t, ino, &req);
}

int xattr_list_add(const struct xattr_req *req, size_t *len, const char *name)
{
	size_t n = strlen(name) + 1;

	if (!req->trusted && !strncmp(name, "trusted.", 8))
		return 0;
	if (req->size) {
		if (*len + n > req->size)
			return -ERANGE;
		memcpy((char *)req->buf + *len, name, n);
	}
	*len += n;
	return 0;
}

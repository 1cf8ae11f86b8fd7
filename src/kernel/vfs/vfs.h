/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virtual file system: mounts, dentries, inodes, open files and the
 * per-process fd tables and fs contexts.
 *
 * umk walks every guest path itself (namei.c), component by component,
 * against the guest's root and cwd: symlinks are read and followed by umk,
 * ".." is resolved in umk's dentry tree, and mount points are crossed by
 * umk.  File systems (hostfs, tmpfs, devfs, procfs, the console) only ever
 * see one name in one directory they own.
 *
 * Objects are reference counted; "get" takes a reference and "put" drops
 * one.  Everything here runs under the big kernel lock.
 */
#ifndef UMK_VFS_H
#define UMK_VFS_H

#include "kernel.h"
#include "mm.h"

struct task;
struct inode;
struct dentry;
struct file;
struct mount;
struct super_block;
struct dir_ctx;
struct path;
struct cred;
struct iattr;
struct file_lock;
struct poll_table;
struct epitem;
struct xattr_req;
struct inotify_watch;

/* ---- file systems ---- */

struct super_ops {
	int (*statfs)(struct super_block *sb, struct linux_statfs *st);
	/* The file system's own options in /proc/mounts (",size=1024k"). */
	void (*show_options)(struct super_block *sb, struct sbuf *out);
	/* mount(2) with MS_REMOUNT: the new options (data), or -EINVAL. */
	int (*reconfigure)(struct super_block *sb, const char *data);
	/* Whether every change of dir's names and attributes reaches umk
	 * (through the VFS, or as a host event hostfs reads): the link cache
	 * may rest on it (vfs/linkcache.c).  NULL: never. */
	bool (*stable_dir)(struct inode *dir);
};

struct super_block {
	const char *fstype;		/* as in /proc/mounts: "hostfs", "tmpfs" */
	u64 dev;			/* st_dev of its inodes */
	u64 magic;			/* statfs f_type */
	bool rdonly;			/* every write is -EROFS */
	const struct super_ops *ops;
	void *priv;
};

struct inode {
	int refs;
	struct super_block *sb;
	u64 ino;
	u32 mode;			/* S_IF* type and permission bits */
	u32 uid, gid;			/* as the guest sees them */
	u64 nlink;
	s64 size;
	u64 rdev;
	s64 blocks;			/* 512-byte units */
	struct linux_timespec atime, mtime, ctime;
	const struct inode_ops *iop;
	const struct file_ops *fop;
	void *priv;			/* the file system's own data */
	struct file_lock *locks;	/* fcntl and flock locks (locks.c) */
	struct pipe *pipe;		/* a named FIFO's pipe while open (pipe.c) */
	struct inotify_watch *watches;	/* inotify's watches on it (vfs/fsnotify.h) */
	unsigned seals;			/* F_SEAL_* (fs/memfd.c; tmpfs files) */
	unsigned iflags;		/* I_* */
	/* the link cache's gen when an entry came to rest on it: passed
	 * through (lc_gen), a name missing from it (lc_neg_gen); and the
	 * entries that name it last (vfs/linkcache.c) */
	u32 lc_gen, lc_neg_gen;
	struct linkcache_mark {
		u32 gen, count, slot;
	} lc_last;
	/* ETXTBSY: files open for writing by path (FMODE_WRITER), and
	 * processes running it as their program (FMODE_DENY_WRITE). */
	int writers, exec_denials;
};

#define I_LINKABLE	0x1	/* O_TMPFILE without O_EXCL: linkat may name it */
#define I_DEADDIR	0x2	/* a removed directory: getdents is -ENOENT */

/*
 * Operations on inodes.  Directory operations get the directory and one
 * name (never "." or "..", never containing '/').  Missing operations mean
 * the file system does not support them (the VFS returns -EPERM, -EROFS or
 * -ENOTDIR as Linux would).
 */
struct inode_ops {
	/* A new reference to the inode called name in dir, or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	/* Refresh the inode's attributes from its backing store. */
	int (*revalidate)(struct inode *ino);
	/* The symlink's target; returns its length (no NUL) or -errno. */
	long (*readlink)(struct inode *ino, char *buf, size_t len);
	int (*create)(struct inode *dir, const char *name, u32 mode,
		      struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, u32 mode);
	int (*unlink)(struct inode *dir, const char *name);
	int (*rmdir)(struct inode *dir, const char *name);
	int (*rename)(struct inode *odir, const char *oname, struct inode *ndir,
		      const char *nname, unsigned flags);
	int (*symlink)(struct inode *dir, const char *name, const char *target);
	int (*truncate)(struct inode *ino, s64 size);
	/* Prepare an open file (hostfs opens its host fd here). */
	int (*open)(struct inode *ino, struct file *f);
	/* The inode lost its last reference: free priv. */
	void (*evict)(struct inode *ino);
	/* A magic link (procfs's fd/N, exe, cwd): the path it stands for.
	 * The walk jumps there instead of reading ->readlink's text.  t is
	 * the walking task.  Returns 0 with a reference in *out, or -errno. */
	int (*get_link)(struct task *t, struct inode *ino, struct path *out);
	/* Change mode, owner or times (struct iattr); the VFS has checked
	 * the caller's rights. */
	int (*setattr)(struct inode *ino, const struct iattr *ia);
	/* A new name for the (non-directory) inode old in dir. */
	int (*link)(struct inode *old, struct inode *dir, const char *name);
	/* A fifo, socket or device node (mode has the type; rdev for
	 * devices); the VFS has checked who may make which. */
	int (*mknod)(struct inode *dir, const char *name, u32 mode, u64 rdev);
	/* Extended attributes: do req (struct xattr_req, vfs/xattr.c) on
	 * ino.  The VFS has checked the name, the sizes and the caller's
	 * rights; NULL means the file system keeps none (-EOPNOTSUPP). */
	long (*xattr)(struct inode *ino, const struct xattr_req *req);
	/* O_TMPFILE: a new regular file in dir's file system with no name
	 * (nlink 0); mode has S_IFREG.  A reference in *out. */
	int (*tmpfile)(struct inode *dir, u32 mode, struct inode **out);
};

/* What setattr changes. */
#define ATTR_MODE	0x1
#define ATTR_UID	0x2
#define ATTR_GID	0x4
#define ATTR_ATIME	0x8
#define ATTR_MTIME	0x10

struct iattr {
	unsigned valid;			/* ATTR_* */
	u32 mode;			/* permission bits and S_IS[UG]ID, S_ISVTX */
	u32 uid, gid;
	struct linux_timespec atime, mtime;
};

/* getdents64 and friends: emit() returns false when the buffer is full;
 * the file system then stops and resumes at ctx->pos next time.
 * ctx->pos is what d_off reports for the entry being emitted: the position
 * just past it.  File systems call dir_emit(), which sets it. */
struct dir_ctx {
	bool (*emit)(struct dir_ctx *ctx, const char *name, size_t len, u64 ino,
		     unsigned dtype);
	s64 pos;
};

/* Emit one entry whose successor is at position next; on a full buffer
 * ctx->pos stays where it was (the entry is emitted again next time). */
static inline bool dir_emit(struct dir_ctx *ctx, const char *name, size_t len,
			    u64 ino, unsigned dtype, s64 next)
{
	s64 here = ctx->pos;

	ctx->pos = next;
	if (ctx->emit(ctx, name, len, ino, dtype))
		return true;
	ctx->pos = here;
	return false;
}

#define MMAP_PAGES	0	/* file->mmap: fill pages with ->read */
#define MMAP_ANON	1	/* file->mmap: anonymous memory (/dev/zero) */

struct file_ops {
	/* Transfer to/from the uio at *pos (updated).  Returns bytes or
	 * -errno.  May drop the kernel lock while blocking. */
	long (*read)(struct file *f, struct uio *u, s64 *pos);
	long (*write)(struct file *f, struct uio *u, s64 *pos);
	s64 (*llseek)(struct file *f, s64 off, int whence);
	int (*readdir)(struct file *f, struct dir_ctx *ctx);
	long (*ioctl)(struct task *t, struct file *f, unsigned cmd, u64 arg);
	/* Whether and how the file can be mmapped: MMAP_PAGES, MMAP_ANON
	 * or -ENODEV.  NULL means -ENODEV. */
	int (*mmap)(struct file *f);
	/* Files whose data is a page cache (tmpfs): the frame of page index
	 * (referenced for the caller), so mappings share it; -EIO for a page
	 * wholly past the end of the file (SIGBUS).  NULL: see host_fd/read. */
	int (*get_page)(struct file *f, u64 index, bool write, pfn_t *pfn);
	/* A readable host fd with the file's contents (not taken over), so
	 * read-only mappings can map the host file itself; NULL or -ENODEV:
	 * pages are read through ->read. */
	int (*host_fd)(struct file *f);
	/* fstat for files whose attributes are not an inode's (console). */
	int (*getattr)(struct file *f, struct linux_stat *st);
	/* Readiness (vfs/poll.h): the POLL* events true now; with pt, also
	 * the wait queues (or host fds) whose wake-up means "look again"
	 * go to pt.  NULL: always ready to read and write (DEFAULT_POLLMASK). */
	unsigned (*poll)(struct file *f, struct poll_table *pt);
	void (*release)(struct file *f);
	/* fallocate(2) on a regular file: mode is 0, FALLOC_FL_KEEP_SIZE or
	 * FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE; the VFS has checked the
	 * arguments, the access mode and the seals.  NULL: -EOPNOTSUPP. */
	int (*fallocate)(struct file *f, int mode, s64 off, s64 len);
	/* copy_file_range(2) between two files of this kind on one super
	 * block, count bytes at most, all within the input; positions
	 * advanced.  NULL: the VFS copies through a buffer. */
	long (*copy_file_range)(struct file *in, s64 *ipos, struct file *out,
				s64 *opos, size_t count);
	/* sync_file_range(2) (flags SYNC_FILE_RANGE_*, nbytes 0: to the
	 * end) and fadvise (POSIX_FADV_*): hints to a backing store.  NULL:
	 * nothing to do. */
	int (*sync_range)(struct file *f, s64 off, s64 nbytes, unsigned flags);
	int (*fadvise)(struct file *f, s64 off, s64 len, int advice);
	/* ftruncate(2) through the open file (the VFS has checked); NULL:
	 * the inode's ->truncate.  For files that may have lost their name,
	 * or whose reopening needs permissions the open file has. */
	int (*ftruncate)(struct file *f, s64 size);
	/* True when a host mapping of host_fd with these PROT_* rights is
	 * sure to work (a file system that maps files, exec allowed), so
	 * that mmap may queue it rather than try it at once.  NULL: never. */
	bool (*host_map_sure)(struct file *f, unsigned prot);
};

struct dentry {
	int refs;
	char *name;			/* "/" for a file system's root */
	struct dentry *parent;		/* itself for a root */
	struct inode *inode;		/* NULL for a negative dentry */
	struct mount *mounted;		/* topmost mount on this dentry */
	struct dentry *children;	/* cached children */
	struct dentry *next_sibling;
	/* dcache.c's own bookkeeping */
	struct dentry *prev_sibling;
	struct dentry *hash_next;	/* chain of the (parent, name) hash */
	struct dentry *lru_prev, *lru_next;	/* unused dentries, oldest first */
	u32 hash;
	unsigned flags;			/* DCACHE_* */
};

#define DCACHE_HASHED	0x1	/* findable by name in its parent */
#define DCACHE_LRU	0x2	/* unused, on the LRU list */

#define MNT_RDONLY	0x1
#define MNT_NOSUID	0x2
#define MNT_NODEV	0x4
#define MNT_NOEXEC	0x8
#define MNT_NOATIME	0x10	/* shown in /proc/mounts */
#define MNT_NODIRATIME	0x20
#define MNT_STRICTATIME	0x40	/* not relatime */
#define MNT_NOSYMFOLLOW	0x80
#define MNT_UNBINDABLE	0x100	/* MS_UNBINDABLE: no bind mounts of it */
#define MNT_LOCKED	0x200	/* umk's own (boot) mount: a guest may not
				 * unmount it, bare what is beneath it
				 * (a bind without MS_REC), or clear its
				 * rdonly/nosuid/nodev/noexec -- as Linux
				 * locks a user namespace's inherited mounts */
#define MNT_LOCK_ATTRS	(MNT_RDONLY | MNT_NOSUID | MNT_NODEV | MNT_NOEXEC)

struct mount {
	struct super_block *sb;
	struct dentry *root;		/* the root of sb */
	struct mount *parent;		/* itself for the root mount */
	struct dentry *mountpoint;	/* in parent */
	unsigned flags;			/* MNT_* */
	char *source;			/* "none", a host path: /proc/mounts */
	struct mount *next;		/* all mounts, in mount order */
	int id;
	int refs;			/* paths and child mounts using it */
	bool detached;			/* umount2(MNT_DETACH): out of the tree,
					 * freed with its last reference */
	bool expiry_mark;		/* umount2(MNT_EXPIRE) marked it */
};

struct path {
	struct mount *mnt;
	struct dentry *dentry;
};

/* ---- open files ---- */

struct file {
	int refs;
	unsigned flags;			/* O_ACCMODE and status flags */
	unsigned fmode;			/* FMODE_*: what the file allows */
	s64 pos;
	struct path path;		/* where it was opened (refs held) */
	struct inode *inode;		/* reference held */
	const struct file_ops *fop;
	void *priv;
	struct epitem *f_ep;		/* epolls watching it (fs/epoll.c) */
	u64 serial;			/* no other file ever has it */
};

#define FMODE_READ	0x1	/* read(2) allowed */
#define FMODE_WRITE	0x2	/* write(2) allowed */
#define FMODE_LSEEK	0x4	/* lseek(2) has a meaning (else -ESPIPE) */
#define FMODE_PREAD	0x8	/* pread/pwrite allowed (else -ESPIPE) */
#define FMODE_PATH	0x10	/* O_PATH: only a place in the tree */
#define FMODE_WRITER	0x20	/* counted in inode->writers */
#define FMODE_DENY_WRITE 0x40	/* a process's program: counted in
				 * inode->exec_denials */

struct file *file_alloc(void);
struct file *file_get(struct file *f);
void file_put(struct file *f);
/* Read up to len bytes at off into a kernel buffer; bytes or -errno. */
long vfs_kernel_read(struct file *f, void *buf, size_t len, s64 off);
int vfs_fstat(struct file *f, struct linux_stat *st);
/* The file's path as the task sees it ("/usr/bin/ls"); length or -errno. */
long vfs_file_path(struct task *t, struct file *f, char *buf, size_t len);

/* ---- per-process state ---- */

struct fs_struct {
	int refs;
	struct path root;
	struct path cwd;
	u32 umask;
	u32 root_id;			/* the link cache's name for root */
};

#define FD_MAX_DEFAULT	1024		/* RLIMIT_NOFILE soft limit */

struct fdtable {
	int refs;
	int size;			/* slots in fd[] */
	struct file **fd;
	u8 *cloexec;			/* one flag per slot */
};

struct fs_struct *fs_alloc_root(void);		/* root and cwd: "/" */
void fs_put(struct fs_struct *fs);
struct fdtable *fdtable_alloc(void);
void fdtable_put(struct fdtable *ft);
/* Install f at the lowest free fd >= min; takes over the reference on
 * success.  Returns the fd, -EMFILE. */
int fd_install(struct task *t, struct file *f, int min, bool cloexec);
/* A new reference to the file at fd, or NULL. */
struct file *fd_get(struct task *t, int fd);
int fd_close(struct task *t, int fd);
void fd_close_on_exec(struct task *t);

/* ---- names ---- */

#define LOOKUP_FOLLOW	0x1	/* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 0x2	/* the result must be a directory */
#define LOOKUP_EMPTY	0x4	/* "" names dirfd itself (AT_EMPTY_PATH) */

/* Resolve path relative to dirfd (AT_FDCWD: the cwd) for task t. */
int vfs_lookup(struct task *t, int dirfd, const char *path, unsigned flags,
	       struct path *out);
void path_get(struct path *p);
void path_put(struct path *p);
/* open(2) semantics: flags are O_*, mode for O_CREAT (before umask). */
int vfs_open(struct task *t, int dirfd, const char *path, int flags, u32 mode,
	     struct file **out);
/* Open a file to execute it: a regular file with execute permission on a
 * mount without noexec.  -EACCES, -ENOENT, ... as execve(2). */
int vfs_open_exec(struct task *t, const char *path, struct file **out);
/* The same relative to dirfd, with the lookup flags of execveat
 * (LOOKUP_EMPTY for AT_EMPTY_PATH; no LOOKUP_FOLLOW: a symlink is ELOOP). */
int vfs_open_exec_at(struct task *t, int dirfd, const char *path, unsigned lookup,
		     struct file **out);
/* f (from vfs_open_exec) becomes a process's program: opening it for
 * writing or truncating it is -ETXTBSY until f's last reference goes. */
void vfs_deny_write(struct file *f);

/* ---- boot ---- */

/* Mount the hostfs root, tmpfs on /tmp, devfs on /dev, procfs on /proc,
 * and give the first process its fs context. */
int vfs_init(const struct umk_boot *b);
/* The command line's mounts (b->mounts), in order: 0, or
 * UMK_BOOT_BAD_MOUNT after saying why. */
int vfs_boot_mounts(struct task *t, const struct umk_boot *b);
/* Guest fds 0, 1, 2 of init: umk's console (its own stdin/out/err). */
int console_install_stdio(struct task *t);

/* ==== The rest of the VFS: for file systems, syscall handlers, exec ==== */

/* ---- device numbers, as glibc's makedev() puts them in st_dev/st_rdev ---- */
static inline u64 vfs_mkdev(u32 major, u32 minor)
{
	return ((u64)(major & 0xfffff000) << 32) | ((major & 0xfff) << 8) |
	       ((u64)(minor & 0xffffff00) << 12) | (minor & 0xff);
}

static inline u32 vfs_major(u64 dev)
{
	return ((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0xfff);
}

static inline u32 vfs_minor(u64 dev)
{
	return ((dev >> 12) & 0xffffff00) | (dev & 0xff);
}

/* statfs f_type values */
#define TMPFS_MAGIC		0x01021994
#define PROC_SUPER_MAGIC	0x9fa0
#define HOSTFS_SUPER_MAGIC	0x00c0ffee
#define ANON_INODE_FS_MAGIC	0x09041934
#define OVERLAYFS_SUPER_MAGIC	0x794c7630

/* ---- super blocks and inodes (inode.c) ---- */

/* A new super block with its own anonymous st_dev (major 0). */
struct super_block *sb_alloc(const char *fstype, u64 magic,
			     const struct super_ops *ops);
/* A new inode of sb (one reference), all times now; the file system sets
 * ino, iop, fop and the rest. */
struct inode *inode_alloc(struct super_block *sb, u32 mode);
struct inode *inode_get(struct inode *ino);
void inode_put(struct inode *ino);
/* CLOCK_REALTIME now. */
struct linux_timespec vfs_now(void);
#define INODE_ATIME	0x1
#define INODE_MTIME	0x2
#define INODE_CTIME	0x4
void inode_touch(struct inode *ino, unsigned which);
/* One name of ino is gone (removed or renamed over behind a file system's
 * back): its link count as fstat of an open file, or of a working
 * directory, then shows it. */
void inode_name_gone(struct inode *ino);
/* The DT_* type of a mode. */
unsigned vfs_dtype(u32 mode);

/* ---- dentries (dcache.c) ----
 * A cached dentry always has an inode (umk keeps no negative dentries).
 * Each child holds a reference on its parent; a dentry nobody uses goes on
 * an LRU list, bounded by DCACHE_MAX_UNUSED. */
#define DCACHE_MAX_UNUSED 8192
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
/* A root dentry ("/") for a file system; takes over the inode reference. */
struct dentry *d_alloc_root(struct inode *ino);
/* A dentry named name that is in no directory (anonymous files). */
struct dentry *d_alloc_anon(const char *name, struct inode *ino);
/* A cached child of parent, with a new reference, or NULL. */
struct dentry *d_lookup(struct dentry *parent, const char *name);
/* The same, without a reference (the caller keeps the lock and lets go). */
struct dentry *d_peek(struct dentry *parent, const char *name);
/* Cache ino as parent/name; takes over the inode reference (dropped on
 * failure).  A new reference, or NULL when out of memory. */
struct dentry *d_add(struct dentry *parent, const char *name, struct inode *ino);
/* Forget d's name: later lookups ask the file system again. */
void d_drop(struct dentry *d);
/* d was renamed to newparent/newname.  -ENOMEM leaves it dropped. */
int d_move(struct dentry *d, struct dentry *newparent, const char *newname);
static inline bool d_unhashed(const struct dentry *d)
{
	return !(d->flags & DCACHE_HASHED) && d->parent != d;
}
/* Evict unused dentries until at most keep are left. */
void d_shrink(unsigned keep);
unsigned d_unused_count(void);

/* ---- mounts (mount.c) ---- */
extern struct mount *vfs_root_mount;
/* All mounts in mount order: the first, then m->next. */
struct mount *mount_first(void);
struct mount *mnt_get(struct mount *m);
void mnt_put(struct mount *m);
/* Make (sb, root) the root of the tree.  Takes over the inode reference. */
int vfs_mount_root(struct super_block *sb, struct inode *root, unsigned flags,
		   const char *source, struct mount **out);
/* Mount (sb, root) on the directory mp.  Takes over the inode reference. */
int vfs_mount(const struct path *mp, struct super_block *sb, struct inode *root,
	      unsigned flags, const char *source, struct mount **out);
/* The mount on top of p, or NULL. */
struct mount *lookup_mnt(const struct path *p);
/* *p moved down through whatever is mounted on it; no references taken. */
void path_cross_mounts(struct path *p);
static inline bool mnt_readonly(const struct mount *m)
{
	return (m->flags & MNT_RDONLY) || m->sb->rdonly;
}
/* The name of p as seen from root ("/usr/bin"); files outside root get
 * what Linux gives ("/" prefixed path from the real root), anonymous
 * files their own name ("pipe:[3]").  Length (NUL written) or
 * -ENAMETOOLONG. */
long d_path(const struct path *p, const struct path *root, char *buf, size_t len);
/* Whether p is root or below it. */
bool path_is_under(const struct path *p, const struct path *root);
/* A bind mount of the place src on mp (a directory on a directory, or a
 * file on a file: -ENOTDIR otherwise); with rec, the mounts below src
 * come along (locked ones stay locked).  -EINVAL for an unbindable
 * mount, and without rec when a locked mount lies below src. */
int vfs_bind_mount(const struct path *mp, const struct path *src,
		   unsigned flags, bool rec, const char *source);
/* umount2: take m (a mount root, the caller holding one reference) out
 * of the tree.  -EBUSY while something else uses it or mounts sit on it,
 * unless lazy: then it and the mounts below leave the tree at once and
 * go with their last user. */
int vfs_umount(struct mount *m, bool lazy);
/* MS_MOVE: m (a mount root) and the mounts below it to mp.  -EINVAL for
 * the root mount and locked ones, -ELOOP into its own tree. */
int vfs_move_mount(struct mount *m, const struct path *mp);
/* Evict the unused dentries below root (dcache.c). */
void d_prune(struct dentry *root);

/* ---- permissions (perm.c) ---- */
#define MAY_EXEC	0x1
#define MAY_WRITE	0x2
#define MAY_READ	0x4
#define MAY_REAL_IDS	0x10	/* access(2): check with uid/gid, not fsuid/fsgid */
/* umk's own rules on the inode's mode: owner, group (with supplementary
 * groups), other; fsuid 0 passes read and write and searches, but needs an
 * x bit somewhere to execute.  0 or -EACCES. */
int inode_permission(struct task *t, struct inode *ino, int mask);
/* inode_permission plus -EROFS for writing a file, directory or symlink
 * on a read-only mount. */
int path_permission(struct task *t, const struct path *p, int mask);
bool cred_in_group(const struct cred *c, u32 gid, bool real);

/* ---- names (namei.c) ---- */
#define LOOKUP_NO_SYMLINKS	0x10	/* RESOLVE_NO_SYMLINKS: -ELOOP */
#define LOOKUP_NO_MAGICLINKS	0x20	/* RESOLVE_NO_MAGICLINKS: -ELOOP */
#define LOOKUP_NO_XDEV		0x40	/* RESOLVE_NO_XDEV: -EXDEV */
#define LOOKUP_BENEATH		0x80	/* RESOLVE_BENEATH: -EXDEV on escape */
#define LOOKUP_IN_ROOT		0x100	/* RESOLVE_IN_ROOT: dirfd is "/" */

enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };

/* Resolve all of path but its last component: the directory goes to
 * *parent (a reference), the last name to last (NAME_MAX + 1 bytes), its
 * kind (LAST_*) to *type, and whether a slash followed it to *slash. */
int vfs_lookup_parent(struct task *t, int dirfd, const char *path,
		      unsigned flags, struct path *parent, char *last,
		      int *type, bool *slash);
/* The child name of the directory parent (no "." or "..", no symlink
 * followed), with mounts on it crossed; -ENOENT if absent. */
int vfs_lookup_one(struct task *t, const struct path *parent, const char *name,
		   struct path *out);
/* The start of a walk for dirfd: the cwd for AT_FDCWD, else the fd's
 * path (-EBADF; -ENOTDIR unless allow_file). */
int vfs_dirfd_path(struct task *t, int dirfd, bool allow_file, struct path *out);
/* ---- opening (open.c) ---- */
/* vfs_open with LOOKUP_* resolve flags (openat2's RESOLVE_*). */
int vfs_open_how(struct task *t, int dirfd, const char *path, int flags,
		 u32 mode, unsigned lookup, struct file **out);
/* Open an already resolved path (permission checks included). */
int vfs_open_path(struct task *t, const struct path *p, int flags,
		  struct file **out);

/* ---- reading and writing (rw.c) ---- */
/* The checks of read(2)/write(2) (-EBADF, -EISDIR, -EINVAL), then the
 * file's operation; O_APPEND writes go to the end. */
long vfs_read(struct file *f, struct uio *u, s64 *pos);
long vfs_write(struct file *f, struct uio *u, s64 *pos);
long vfs_kernel_write(struct file *f, const void *buf, size_t len, s64 off);
s64 vfs_llseek(struct file *f, s64 off, int whence);
/* lseek for files whose end is size (regular files, directories). */
s64 generic_llseek(struct file *f, s64 off, int whence, s64 size);
int vfs_readdir(struct file *f, struct dir_ctx *ctx);
/* truncate(2) on a path, ftruncate(2) on a file. */
int vfs_truncate(struct task *t, const struct path *p, s64 size);
int vfs_ftruncate(struct file *f, s64 size);
/* fallocate(2) after its checks (-EBADF, -EINVAL, -ESPIPE, -ENODEV,
 * -EFBIG, -EPERM for seals, -EOPNOTSUPP for other modes). */
int vfs_fallocate(struct file *f, int mode, s64 off, s64 len);
/* ---- moving data between files (splice.c) ---- */
/* Copy up to count bytes from in at *ipos to out at *opos (positions
 * advanced by what moved) through a kernel buffer; a pipe on either side
 * limits the copy to what it holds or has room for, after waiting for
 * data or room unless nonblock.  What an input pipe holds leaves it only
 * when written.  Bytes, or -errno if nothing moved.  May sleep. */
long vfs_splice_copy(struct file *in, s64 *ipos, struct file *out, s64 *opos,
		     size_t count, bool nonblock);
/* splice(2): off_in, off_out NULL for the files' own positions (-ESPIPE
 * for a pipe's), flags SPLICE_F_*.  tee(2) between two pipes. */
long vfs_splice(struct file *in, s64 *off_in, struct file *out, s64 *off_out,
		size_t len, unsigned flags);
long vfs_tee(struct file *in, struct file *out, size_t len, unsigned flags);
/* copy_file_range(2) after its argument checks: -EISDIR, -EINVAL, -EBADF,
 * -EXDEV, overlap in one file; NULL positions are the files' own. */
long vfs_copy_file_range(struct file *in, s64 *ipos, struct file *out,
			 s64 *opos, size_t count);
/* sync_file_range(2) and readahead(2) after their checks (-EINVAL,
 * -ESPIPE, -EBADF as Linux gives them); then the file's hint. */
int vfs_sync_file_range(struct file *f, s64 off, s64 nbytes, unsigned flags);
int vfs_readahead(struct file *f, s64 off, u64 count);
#define POSIX_FADV_WILLNEED	3
/* Whether the seals of ino forbid changing its size to size (-EPERM). */
int vfs_seal_check_size(struct inode *ino, s64 size);

/* ---- attributes (stat.c) ---- */
/* Host ids as a guest sees them: the invoking host user and group are
 * root (0), every other id is nobody/nogroup (65534) -- unless umk runs as
 * the host's root, when ids show unchanged. */
#define NOBODY_ID	65534
u32 host_uid_to_guest(u32 uid);
u32 host_gid_to_guest(u32 gid);
void vfs_fill_stat(struct inode *ino, struct linux_stat *st);
/* stat of a path (the walk that found it revalidated it). */
int vfs_getattr(const struct path *p, struct linux_stat *st);
int vfs_statfs(const struct path *p, struct linux_statfs *st);
/* readlink(2) of a path: -EINVAL if it is not a symlink.  Bytes. */
long vfs_readlink(struct task *t, const struct path *p, char *buf, size_t len);

/* ---- changing attributes (attr.c) ----
 * With the checks of chmod(2), chown(2) and utimensat(2): -EPERM unless
 * the caller owns the file or is root, -EROFS on a read-only mount, ctime
 * updated.  times: NULL for "now"; a tv_nsec of UTIME_NOW or UTIME_OMIT
 * as utimensat(2). */
#define UTIME_NOW	((1L << 30) - 1)
#define UTIME_OMIT	((1L << 30) - 2)
int vfs_chmod(struct task *t, const struct path *p, u32 mode);
/* uid, gid: (u32)-1 leaves it as it is. */
int vfs_chown(struct task *t, const struct path *p, u32 uid, u32 gid);
int vfs_utimes(struct task *t, const struct path *p,
	       const struct linux_timespec *times);
/* The caller owns ino or is root (fsuid): O_NOATIME, chmod, times. */
bool inode_owner_or_root(struct task *t, struct inode *ino);
/* The mode (umask applied) of a new non-directory in dir, as Linux's
 * mode_strip_sgid: without S_ISGID (when group-executable) if dir is
 * setgid and the creator is neither root nor in dir's group. */
u32 vfs_prepare_mode(struct task *t, struct inode *dir, u32 mode);
/* A regular file written, truncated or allocated by t (NULL: the
 * current task) loses S_ISUID, and S_ISGID when group-executable,
 * unless t is root (Linux's file_remove_privs). */
int vfs_remove_privs(struct task *t, struct inode *ino);

/* ---- extended attributes (xattr.c) ----
 * Linux's rules (xattr(7)): names are "namespace.rest", user.* on regular
 * files and directories with read (write) permission, trusted.* and
 * writing security.* for root only; system.* (ACLs) is not supported. */
#define XATTR_CREATE	0x1	/* setxattr(2): fail with -EEXIST if it exists */
#define XATTR_REPLACE	0x2	/* setxattr(2): fail with -ENODATA if absent */
#define XATTR_NAME_MAX	255	/* bytes in a name */
#define XATTR_SIZE_MAX	65536	/* bytes in a value */
#define XATTR_LIST_MAX	65536	/* bytes of listxattr(2)'s result */

enum { XATTR_OP_GET, XATTR_OP_SET, XATTR_OP_REMOVE, XATTR_OP_LIST };

/*
 * One request to a file system's ->xattr:
 *   GET     the value of name into buf (size bytes); size 0 asks only for
 *           its length.  Length, -ENODATA, or -ERANGE if it does not fit.
 *   SET     name := buf[0..size) with flags (XATTR_CREATE: -EEXIST if it
 *           exists, XATTR_REPLACE: -ENODATA if not).  0 or -errno.
 *   REMOVE  0 or -ENODATA.
 *   LIST    the names, each NUL-terminated, into buf (size 0: the length
 *           only); trusted.* only when trusted.  Length or -ERANGE.
 */
struct xattr_req {
	int op;				/* XATTR_OP_* */
	const char *name;		/* GET, SET, REMOVE */
	void *buf;
	size_t size;
	int flags;			/* SET: XATTR_CREATE, XATTR_REPLACE */
	bool trusted;			/* LIST: the caller may see trusted.* */
};

long vfs_getxattr(struct task *t, const struct path *p, const char *name,
		  void *buf, size_t size);
int vfs_setxattr(struct task *t, const struct path *p, const char *name,
		 const void *value, size_t size, int flags);
long vfs_listxattr(struct task *t, const struct path *p, char *buf, size_t size);
int vfs_removexattr(struct task *t, const struct path *p, const char *name);
/* Helpers for file systems' LIST: add name (with its NUL) at *len of buf
 * (size 0: count only); -ERANGE when it does not fit. */
int xattr_list_add(const struct xattr_req *req, size_t *len, const char *name);

/* ---- changing the tree (dirops.c) ---- */
int vfs_mkdir(struct task *t, int dirfd, const char *path, u32 mode);
int vfs_mknod(struct task *t, int dirfd, const char *path, u32 mode, u64 rdev);
/* open(2) of a named FIFO (fs/pipe.c): may wait for the other end. */
int fifo_open(struct inode *ino, struct file *f);
int vfs_unlink(struct task *t, int dirfd, const char *path);
int vfs_rmdir(struct task *t, int dirfd, const char *path);
int vfs_symlink(struct task *t, const char *target, int dirfd, const char *path);
/* link(2): a new name newpath for the file at oldpath (lookup: LOOKUP_*
 * for oldpath, e.g. LOOKUP_FOLLOW for AT_SYMLINK_FOLLOW). */
int vfs_link(struct task *t, int odirfd, const char *oldpath, unsigned lookup,
	     int ndirfd, const char *newpath);
/* renameat2 with RENAME_NOREPLACE / RENAME_EXCHANGE. */
int vfs_rename(struct task *t, int odirfd, const char *oldpath, int ndirfd,
	       const char *newpath, unsigned flags);

/* ---- fd tables and fs contexts (fdtable.c, fs_struct.c) ---- */
/* RLIMIT_NOFILE of the task's process (FD_MAX_DEFAULT if unset). */
int fd_limit(struct task *t);
/* dup2: put f at fd, closing what was there; takes over the reference on
 * success.  Returns fd, or -EBADF when fd is beyond the limit. */
int fd_install_at(struct task *t, int fd, struct file *f, bool cloexec);
/* 1 or 0, or -EBADF. */
int fd_get_cloexec(struct task *t, int fd);
int fd_set_cloexec(struct task *t, int fd, bool on);
struct fdtable *fdtable_get(struct fdtable *ft);
/* A copy for fork(): same open files, same close-on-exec flags. */
struct fdtable *fdtable_dup(struct fdtable *ft);
struct fs_struct *fs_get(struct fs_struct *fs);
/* A copy for fork() without CLONE_FS. */
struct fs_struct *fs_dup(struct fs_struct *fs);
/* Replace cwd or root (references taken on p). */
void fs_set_cwd(struct fs_struct *fs, const struct path *p);
void fs_set_root(struct fs_struct *fs, const struct path *p);

/* ---- file locks (locks.c) ----
 * Advisory locks on byte ranges of an inode: fcntl's POSIX record locks
 * (owned by the fd table: any close of the file by their owner drops
 * them), fcntl's OFD locks (owned by the open file) and flock(2) locks
 * (whole file, owned by the open file, apart from the others).  end is
 * inclusive; LOCK_TO_EOF means "to the end, however far". */
#define LOCK_POSIX	0
#define LOCK_OFD	1
#define LOCK_FLOCK	2
#define LOCK_TO_EOF	((s64)0x7fffffffffffffffLL)
/* Linux ABI values (struct flock's l_type, flock(2)'s operation), not in
 * abi/fcntl.h yet. */
struct lock_desc {
	int type;			/* F_RDLCK, F_WRLCK, F_UNLCK */
	s64 start, end;
	int pid;			/* F_GETLK: the holder (-1: OFD) */
};
/* F_GETLK: the first lock in the way of ld (ld becomes it), or type
 * F_UNLCK when there is none. */
int locks_test(struct task *t, struct file *f, int kind, struct lock_desc *ld);
/* Take (or with F_UNLCK drop) a lock; -EAGAIN on a conflict unless wait,
 * which sleeps until it can be taken.  May sleep. */
int locks_set(struct task *t, struct file *f, int kind,
	      const struct lock_desc *ld, bool wait);
/* The fd table ft closes a file of ino: its POSIX locks on ino go. */
void locks_remove_posix(struct fdtable *ft, struct inode *ino);
/* The open file f is released: its OFD and flock locks go. */
void locks_remove_file(struct file *f);

/* ---- anonymous files (anon.c): pipes, the console off a terminal ----
 * They live on an internal mount that is in no tree; d_path gives their
 * name ("pipe:[7]").  Opening /proc/PID/fd/N reaches them too. */
struct inode *anon_inode_alloc(u32 mode);
/* A file on ino named name; takes over the inode reference. */
int anon_file_open(struct inode *ino, const char *name,
		   const struct file_ops *fop, unsigned flags, struct file **out);

/* ---- pipes (fs/pipe.c) ---- */
/* fcntl F_GETPIPE_SZ and F_SETPIPE_SZ; -EBADF when f is not a pipe. */
long pipe_fcntl(struct task *t, struct file *f, unsigned cmd, u64 arg);
/* For splice, tee and sendfile (vfs/splice.c): the pipe of a pipe or
 * FIFO file, or NULL. */
struct pipe *pipe_of(struct file *f);
/* Wait for data: the bytes in the pipe, 0 when it is empty and has no
 * writer, -EAGAIN (nonblock), -ERESTARTSYS.  May sleep. */
long pipe_wait_data(struct pipe *p, bool nonblock);
/* Wait for room: the free bytes, -EPIPE (and SIGPIPE) with no reader,
 * -EAGAIN (nonblock), -ERESTARTSYS.  May sleep. */
long pipe_wait_room(struct pipe *p, bool nonblock);
/* Copy up to n bytes from the front of p into buf, consuming nothing;
 * bytes copied.  pipe_consume drops n bytes from the front. */
long pipe_peek(struct pipe *p, void *buf, size_t n);
void pipe_consume(struct pipe *p, size_t n);
/* Copy up to n bytes from the front of in to the end of out, consuming
 * nothing (as much as is there and fits); bytes copied. */
long pipe_tee(struct pipe *in, struct pipe *out, size_t n);

/* ---- memfds and seals (fs/memfd.c) ---- */
/* memfd_create(2) after its checks: a new file named "memfd:name" (name
 * at most MFD_NAME_MAX bytes) with MFD_ALLOW_SEALING, MFD_NOEXEC_SEAL or
 * MFD_EXEC in flags. */
#define MFD_NAME_MAX	249
int memfd_new(struct task *t, const char *name, unsigned flags,
	      struct file **out);
/* The file behind a shared anonymous mapping of size bytes. */
int shmem_zero_file(u64 size, struct file **out);
/* fcntl F_ADD_SEALS and F_GET_SEALS; -EINVAL for a file without seals. */
long memfd_fcntl(struct task *t, struct file *f, unsigned cmd, u64 arg);

/* ---- epoll (fs/epoll.c) ---- */
/* The last reference to f goes: the epolls watching it forget it. */
void eventpoll_release(struct file *f);

/* ---- character devices (devfs.c) ----
 * Opening any character-device inode (devfs's, a hostfs or tmpfs node)
 * reaches umk's own driver for its rdev, never a host device. */
int chrdev_open(struct inode *ino, struct file *f);

/* ---- file systems (fs/, hostfs/) ---- */
/* A new, empty tmpfs: root mode (S_IFDIR added) and fstype for
 * /proc/mounts.  Returns the super block and a root inode reference. */
int tmpfs_new(const char *fstype, u32 root_mode, struct super_block **sb,
	      struct inode **root);
/* The same with mount(2)'s options (data: "size=1m,mode=755", or NULL);
 * -EINVAL for options tmpfs does not know. */
int tmpfs_new_opts(const char *fstype, u32 root_mode, const char *data,
		   struct super_block **sb, struct inode **root);
/* Make a device node, a fifo or a socket in a tmpfs directory. */
int tmpfs_mknod(struct inode *dir, const char *name, u32 mode, u64 rdev);
/* A regular file of the tmpfs sb that no directory names (nlink 0):
 * memfds and O_TMPFILE.  mode has S_IFREG; dir (may be NULL) gives the
 * set-group-ID inheritance.  A reference in *out. */
int tmpfs_new_file(struct super_block *sb, struct inode *dir, u32 mode,
		   struct inode **out);
int devfs_new(struct super_block **sb, struct inode **root);
/* A hostfs on the host directory root_fd (O_PATH; it becomes hostfs's). */
int hostfs_new(int root_fd, bool rdonly, struct super_block **sb,
	       struct inode **root);
/* Metadata mode (umk run --fake-owners) on the hostfs sb with its root
 * inode: owners, special modes and device nodes kept in user.umk.*
 * extended attributes of the host files.  -EOPNOTSUPP when the host file
 * system keeps no user extended attributes. */
int hostfs_fake_owners(struct super_block *sb, struct inode *root);
int procfs_new(struct super_block **sb, struct inode **root);
int sysfs_new(struct super_block **sb, struct inode **root);
/* A copy-on-write overlay (fs/overlay.c) of upper_root's file system over
 * lower_root's, which it never writes.  Takes over both references. */
int overlay_new(struct inode *upper_root, struct inode *lower_root,
		struct super_block **sb, struct inode **root);
/* A file on one of umk's own host fds (its stdin, stdout, stderr): named
 * /dev/console when it is a terminal (a file on the console's tty when
 * the console is one, tty/console_tty.c), else anonymous ("pipe:[N]").
 * The host fd stays umk's: closing the file does not close it. */
int console_open(struct task *t, int host_fd, unsigned flags, struct file **out);
/* devfs's /dev/tty without a controlling terminal (tty: -ENXIO unless
 * umk's stdio is a terminal and the console a pass-through) and
 * /dev/console. */
int console_chrdev_open(struct file *f, bool tty);

/* ---- the link cache (vfs/linkcache.c) ---- */
extern u32 linkcache_gen;		/* 0: off */
void linkcache_init(void);
/* Every entry ends. */
void linkcache_invalidate(void);
/* hostfs reads the host's events between these two. */
void linkcache_drain_begin(void);
void linkcache_drain_end(void);
/* Whether the stubs can ask the host for waiting events (hostfs's
 * stable_dir needs that). */
bool linkcache_host_events_seen(void);
/* A fresh root id (fs_struct.root_id); a process's root changed. */
u32 linkcache_new_root(void);
void linkcache_roots_changed(void);
/* t's readlink of path (as the guest gave it) answered result. */
struct task;
void linkcache_readlink(struct task *t, const char *path, long result);
/* t's process has a new address space (execve). */
void linkcache_exec(struct task *t);

/* ino (passed through or named by an entry) changed or goes. */
void linkcache_check_inode(struct inode *ino);
static inline void linkcache_inode_changed(struct inode *ino)
{
	if (ino && unlikely(ino->lc_gen == linkcache_gen || ino->lc_last.gen == linkcache_gen) &&
	    linkcache_gen)
		linkcache_check_inode(ino);
}

/* name was made in dir (NULL: any name may have been). */
void linkcache_check_name(const struct inode *dir, const char *name);
static inline void linkcache_name_made(const struct inode *dir, const char *name)
{
	if (dir && unlikely(dir->lc_neg_gen == linkcache_gen) && linkcache_gen)
		linkcache_check_name(dir, name);
}

#endif

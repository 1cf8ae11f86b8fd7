/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hostfs: a directory tree of the host, mounted in umk's VFS.
 *
 * Two halves, as in User Mode Linux: the kernel half (hostfs_kern.c) is
 * ordinary freestanding kernel code with inode and file operations; the
 * host half (hostfs_user.c) is the only code that touches host paths, and
 * it does so by one rule, which is umk's promise that no guest path can
 * reach a host file outside the mounted tree, whatever the races:
 *
 *   every access names ONE component relative to a directory fd:
 *   openat2(dirfd, name, {flags | O_NOFOLLOW | O_CLOEXEC, RESOLVE_BENEATH |
 *   RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV}) to open,
 *   fstatat(dirfd, name, AT_SYMLINK_NOFOLLOW) and readlinkat(dirfd, name)
 *   for metadata; never AT_FDCWD, never a name with '/', never "..".
 *
 * (The uses of "." name the directory fd itself: reopening it for reading
 * entries, and O_TMPFILE, which makes a file with no name in it.  A file
 * with no name gets one by linkat(fd, "", dirfd, name, AT_EMPTY_PATH).)
 * Symlinks are read with readlinkat and followed by umk's own walk, in the
 * guest's namespace; ".." is umk's dentry tree.  The host half refuses a
 * bad name or fd with -EINVAL, so a bug in the kernel half cannot widen it.
 *
 * Flags and modes are Linux's O_* and S_* values (umk runs on x86-64
 * Linux, so the guest's and the host's are the same numbers).
 */
#ifndef UMK_HOSTFS_H
#define UMK_HOSTFS_H

#include "umk/types.h"
#include "abi/types.h"

/* ---- the host half (hostfs_user.c): returns a value or -errno ---- */

/* Open name in dirfd (openat2 as above); mode is used with O_CREAT. */
int hostfs_user_open(int dirfd, const char *name, int flags, u32 mode);
/* A new O_RDONLY|O_DIRECTORY fd of the directory dirfd itself. */
int hostfs_user_open_dir_self(int dirfd);
/* lstat of name in dirfd; name "" means dirfd itself. */
int hostfs_user_fstatat(int dirfd, const char *name, struct linux_stat *st);
long hostfs_user_readlinkat(int dirfd, const char *name, char *buf, size_t len);
/* getdents64 records (struct linux_dirent64) of an open directory. */
long hostfs_user_getdents(int fd, void *buf, size_t len);
s64 hostfs_user_seek(int fd, s64 off);
int hostfs_user_fstatfs(int fd, struct linux_statfs *st);
int hostfs_user_mkdirat(int dirfd, const char *name, u32 mode);
/* A fifo or a socket node (the type in mode); nothing else. */
int hostfs_user_mknodat(int dirfd, const char *name, u32 mode);
/* unlinkat; dir: AT_REMOVEDIR */
int hostfs_user_unlinkat(int dirfd, const char *name, bool dir);
int hostfs_user_renameat2(int odirfd, const char *oname, int ndirfd,
			  const char *nname, unsigned flags);
int hostfs_user_symlinkat(const char *target, int dirfd, const char *name);
int hostfs_user_linkat(int odirfd, const char *oname, int ndirfd,
		       const char *nname);
/* O_TMPFILE in the directory dirfd: an O_RDWR fd of a new file with no
 * name (-EOPNOTSUPP where the host file system has none). */
int hostfs_user_open_tmpfile(int dirfd, u32 mode);
/* Give the open file fd (made by hostfs_user_open_tmpfile) the name name
 * in dirfd. */
int hostfs_user_link_fd(int fd, int dirfd, const char *name);
/* fchmod and futimens of such an fd (a file with no name). */
int hostfs_user_fchmod(int fd, u32 mode);
int hostfs_user_futimens(int fd, const struct linux_timespec times[2]);
/* chmod of name in dirfd (opened first: never follows a symlink). */
int hostfs_user_chmodat(int dirfd, const char *name, u32 mode);
/* utimensat(dirfd, name, times, AT_SYMLINK_NOFOLLOW) */
int hostfs_user_utimensat(int dirfd, const char *name,
			  const struct linux_timespec times[2]);
/* Extended attributes of the file of the O_PATH fd fd (opened by the rule
 * above), user.* names only (others: -EINVAL); as getxattr(2),
 * setxattr(2), listxattr(2) (all the host's names) and removexattr(2). */
long hostfs_user_getxattr(int fd, const char *xname, void *buf, size_t size);
int hostfs_user_setxattr(int fd, const char *xname, const void *value,
			 size_t size, int flags);
long hostfs_user_listxattr(int fd, char *buf, size_t size);
int hostfs_user_removexattr(int fd, const char *xname);

/* Host inotify for noticing changes (hostfs_kern.c, "watches"): umk's
 * non-blocking inotify fd (or -errno); a watch (mask: IN_* bits) on the
 * file or directory of the O_PATH fd fd, through its /proc/self/fd magic
 * link (-EOPNOTSUPP without /proc); its removal; events as read(2) gives
 * them (-EAGAIN: none). */
int hostfs_user_watch_init(void);
/* Made early (umk's start, before the zygote): the fd, or -1; closed
 * when the kernel has ended (see hostfs_user.c). */
int hostfs_user_watch_prepare(void);
void hostfs_user_watch_close(void);
int hostfs_user_watch(int ifd, int fd, u32 mask);
int hostfs_user_unwatch(int ifd, int wd);
long hostfs_user_watch_read(int ifd, void *buf, size_t len);
/* The bytes of events waiting (FIONREAD), or -errno. */
long hostfs_user_watch_pending(int ifd);

/* ---- the kernel half (hostfs_kern.c) ---- */

/* Directory fds cached at most (besides each mount's root). */
#define HOSTFS_MAX_DIRFDS 256

/* Host stats and lookups the watches saved so far (for tests). */
u64 hostfs_watch_hits(void);

#endif

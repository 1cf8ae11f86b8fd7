// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostfs, the host half: the only code that opens or inspects host files
 * for the VFS.  Every call names one component in one directory fd, with
 * openat2's RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
 * RESOLVE_NO_XDEV for opens and AT_SYMLINK_NOFOLLOW for metadata (see
 * hostfs.h).  Names are checked again here: empty (where not meaning the
 * fd itself), ".", ".." or containing '/' is -EINVAL.  chmod and utimes,
 * which act on a name, first check that it is no host mount point.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "umk/types.h"
#include "abi/types.h"
#include "umk/host.h"
#include "hostfs.h"
#include "../sandbox/sandbox.h"

#define RESOLVE_STRICT (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | \
			RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV)

/*
 * The mode bits a host file may get.  umk never makes a setuid file on the
 * host, nor a setgid one that is not a directory: a guest is root in its
 * own world only, and must not leave a privileged program behind on the
 * host (when umk runs as the host's root, it would be a real one).
 */
static u32 host_mode(u32 mode, bool dir)
{
	return mode & (dir ? 03777 : 01777);
}

static bool bad_name(const char *name)
{
	return !name[0] || strchr(name, '/') || !strcmp(name, ".") ||
	       !strcmp(name, "..");
}

/*
 * Host fds held for guest files leave umk some of its own: a guest that
 * raises its RLIMIT_NOFILE and opens host files until it fails must not
 * leave umk unable to start a stub (a pidfd and a socket each) or take a
 * thread's listener.  umk's fds are the lowest free numbers, so one at or
 * above the line (an eighth of umk's limit, 64 at least, below it) means
 * the table is nearly full: the open fails with ENFILE, the error of a
 * host whose file table is full.  A creating open looks first, so that
 * it never leaves a file behind that it then refuses.
 */
static int fd_line(void)
{
	static int line;
	struct rlimit rl;

	if (!line) {
		rlim_t max = getrlimit(RLIMIT_NOFILE, &rl) ? 1024 : rl.rlim_cur;

		if (max > 1 << 20)
			max = 1 << 20;
		line = max - (max / 8 > 64 ? max / 8 : 64);
	}
	return line;
}

static bool fds_short(int dirfd)
{
	int probe = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);

	if (probe < 0)
		return true;
	close(probe);
	return probe >= fd_line();
}

static int openat2_strict(int dirfd, const char *name, int flags, u32 mode)
{
	struct open_how how;
	long fd;

	if ((flags & O_CREAT) && fds_short(dirfd))
		return -ENFILE;

	memset(&how, 0, sizeof(how));
	how.flags = (u64)(unsigned)(flags | O_NOFOLLOW | O_CLOEXEC);
	if (flags & O_CREAT)
		how.mode = host_mode(mode, false);
	how.resolve = RESOLVE_STRICT;
	do
		fd = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return -errno;
	if (fd >= fd_line()) {
		close(fd);
		return -ENFILE;
	}
	return fd;
}

int hostfs_user_open(int dirfd, const char *name, int flags, u32 mode)
{
	if (dirfd < 0 || bad_name(name))
		return -EINVAL;
	return openat2_strict(dirfd, name, flags, mode);
}

int hostfs_user_open_dir_self(int dirfd)
{
	if (dirfd < 0)
		return -EINVAL;
	return openat2_strict(dirfd, ".", O_RDONLY | O_DIRECTORY, 0);
}

int hostfs_user_fstatat(int dirfd, const char *name, struct linux_stat *st)
{
	struct stat s;
	int flags = AT_SYMLINK_NOFOLLOW;

	if (dirfd < 0)
		return -EINVAL;
	if (!name[0])
		flags |= AT_EMPTY_PATH;
	else if (bad_name(name))
		return -EINVAL;
	if (fstatat(dirfd, name, &s, flags) < 0)
		return -errno;
	host_stat_to_linux(&s, st);
	return 0;
}

long hostfs_user_readlinkat(int dirfd, const char *name, char *buf, size_t len)
{
	ssize_t n;

	if (dirfd < 0 || bad_name(name))
		return -EINVAL;
	n = readlinkat(dirfd, name, buf, len);
	return n < 0 ? -errno : n;
}

long hostfs_user_getdents(int fd, void *buf, size_t len)
{
	long n;

	do
		n = syscall(SYS_getdents64, fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

s64 hostfs_user_seek(int fd, s64 off)
{
	off_t r = lseek(fd, off, SEEK_SET);

	return r < 0 ? -errno : r;
}

int hostfs_user_fstatfs(int fd, struct linux_statfs *st)
{
	struct statfs s;

	if (fstatfs(fd, &s) < 0)
		return -errno;
	memset(st, 0, sizeof(*st));
	st->f_type = s.f_type;
	st->f_bsize = s.f_bsize;
	st->f_blocks = s.f_blocks;
	st->f_bfree = s.f_bfree;
	st->f_bavail = s.f_bavail;
	st->f_files = s.f_files;
	st->f_ffree = s.f_ffree;
	st->f_namelen = s.f_namelen;
	st->f_frsize = s.f_frsize;
	st->f_flags = s.f_flags;
	return 0;
}

int hostfs_user_mkdirat(int dirfd, const char *name, u32 mode)
{
	if (dirfd < 0 || bad_name(name))
		return -EINVAL;
	return mkdirat(dirfd, name, host_mode(mode, true)) < 0 ? -errno : 0;
}

int hostfs_user_mknodat(int dirfd, const char *name, u32 mode)
{
	if (dirfd < 0 || bad_name(name) || (!S_ISFIFO(mode) && !S_ISSOCK(mode)))
		return -EINVAL;
	return mknodat(dirfd, name, (mode & S_IFMT) | host_mode(mode, false), 0) < 0 ?
		-errno : 0;
}

int hostfs_user_unlinkat(int dirfd, const char *name, bool dir)
{
	if (dirfd < 0 || bad_name(name))
		return -EINVAL;
	return unlinkat(dirfd, name, dir ? AT_REMOVEDIR : 0) < 0 ? -errno : 0;
}

int hostfs_user_renameat2(int odirfd, const char *oname, int ndirfd,
			  const char *nname, unsigned flags)
{
	if (odirfd < 0 || ndirfd < 0 || bad_name(oname) || bad_name(nname))
		return -EINVAL;
	if (syscall(SYS_renameat2, odirfd, oname, ndirfd, nname, flags) < 0)
		return -errno;
	return 0;
}

int hostfs_user_symlinkat(const char *target, int dirfd, const char *name)
{
	if (dirfd < 0 || bad_name(name))
		return -EINVAL;
	return symlinkat(target, dirfd, name) < 0 ? -errno : 0;
}

int hostfs_user_linkat(int odirfd, const char *oname, int ndirfd,
		       const char *nname)
{
	if (odirfd < 0 || ndirfd < 0 || bad_name(oname) || bad_name(nname))
		return -EINVAL;
	return linkat(odirfd, oname, ndirfd, nname, 0) < 0 ? -errno : 0;
}

int hostfs_user_open_tmpfile(int dirfd, u32 mode)
{
	struct open_how how;
	long fd;

	if (dirfd < 0)
		return -EINVAL;
	memset(&how, 0, sizeof(how));
	how.flags = O_TMPFILE | O_RDWR | O_CLOEXEC;
	how.mode = host_mode(mode, false);
	how.resolve = RESOLVE_STRICT;
	do
		fd = syscall(SYS_openat2, dirfd, ".", &how, sizeof(how));
	while (fd < 0 && errno == EINTR);
	return fd < 0 ? -errno : (int)fd;
}

int hostfs_user_link_fd(int fd, int dirfd, const char *name)
{
	if (fd < 0 || dirfd < 0 || bad_name(name))
		return -EINVAL;
	return linkat(fd, "", dirfd, name, AT_EMPTY_PATH) < 0 ? -errno : 0;
}

int hostfs_user_fchmod(int fd, u32 mode)
{
	if (fd < 0)
		return -EINVAL;
	return fchmod(fd, host_mode(mode, false)) < 0 ? -errno : 0;
}

int hostfs_user_futimens(int fd, const struct linux_timespec times[2])
{
	struct timespec ts[2];

	if (fd < 0)
		return -EINVAL;
	for (int i = 0; i < 2; i++) {
		ts[i].tv_sec = times[i].tv_sec;
		ts[i].tv_nsec = times[i].tv_nsec;
	}
	return futimens(fd, ts) < 0 ? -errno : 0;
}

/*
 * Is name in dirfd on dirfd's own mount?  Something the host mounted on
 * name (a host mount point in the tree) is not hostfs's to enter (opens
 * use RESOLVE_NO_XDEV: -EXDEV, which the kernel half reports as -EACCES),
 * but fchmodat2 and utimensat of the name would change the root of the
 * mounted file system.  So those check first and give -EACCES too.  Only
 * the host can mount, so a guest cannot race this check.  The mount id
 * tells also a bind mount of the same file system; without it (before
 * Linux 5.8), the device.
 */
static int same_mount(int dirfd, const char *name)
{
	struct statx a, b;

	if (statx(dirfd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &a) < 0 ||
	    statx(dirfd, name, AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &b) < 0)
		return -errno;
	if (a.stx_mask & b.stx_mask & STATX_MNT_ID)
		return a.stx_mnt_id == b.stx_mnt_id ? 0 : -EACCES;
	return a.stx_dev_major == b.stx_dev_major &&
	       a.stx_dev_minor == b.stx_dev_minor ? 0 : -EACCES;
}

int hostfs_user_chmodat(int dirfd, const char *name, u32 mode)
{
	struct stat st;
	int fd, ret;

	if (dirfd < 0 || bad_name(name))
		return -EINVAL;
	ret = same_mount(dirfd, name);
	if (ret)
		return ret;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	mode = host_mode(mode, S_ISDIR(st.st_mode));
	/* fchmodat2 (Linux 6.6) changes name itself, never a symlink's
	 * target; before it, the file is opened (strictly) and fchmod'ed. */
	ret = (int)syscall(452 /* fchmodat2 */, dirfd, name, mode, AT_SYMLINK_NOFOLLOW);
	if (ret == 0)
		return 0;
	if (errno != ENOSYS)
		return -errno;
	fd = openat2_strict(dirfd, name, O_RDONLY, 0);
	if (fd == -EACCES)
		fd = openat2_strict(dirfd, name, O_WRONLY, 0);
	if (fd < 0)
		return fd;
	ret = fchmod(fd, mode) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

int hostfs_user_utimensat(int dirfd, const char *name,
			  const struct linux_timespec times[2])
{
	struct timespec ts[2];
	int i, ret;

	if (dirfd < 0 || bad_name(name))
		return -EINVAL;
	ret = same_mount(dirfd, name);
	if (ret)
		return ret;
	for (i = 0; i < 2; i++) {
		ts[i].tv_sec = times[i].tv_sec;
		ts[i].tv_nsec = times[i].tv_nsec;
	}
	if (utimensat(dirfd, name, ts, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	return 0;
}

/*
 * Extended attributes, user.* only, of the file of an O_PATH fd that the
 * kernel half opened by the rule above (one name, O_NOFOLLOW, and checked
 * to be the file it expected).
 *
 * fgetxattr and friends refuse O_PATH fds (-EBADF), and opening the file
 * for real is not a way out: it needs read or write permission on the host
 * (a file of mode 0200 could not get an attribute its owner may set), it
 * could block on a fifo swapped in under the name, and a directory opened
 * O_RDONLY needs read permission.  So the path-based calls are given
 * "/proc/self/fd/N" of the O_PATH fd: the host follows that magic link to
 * exactly the file the fd holds, whatever happened to its name since, so
 * nothing outside the tree is reachable (and the kernel half asks only
 * about regular files and directories, never symlinks).  Without /proc
 * on the host, these are -EOPNOTSUPP.  Names are checked again here:
 * anything but "user.*" is -EINVAL, so umk never touches a host trusted.*
 * or security.* attribute, even when it runs as the host's root.
 */
static int fd_magic_path(int fd, char *buf, size_t len)
{
	if (fd < 0)
		return -EINVAL;
	snprintf(buf, len, "/proc/self/fd/%d", fd);
	return 0;
}

static bool bad_xattr_name(const char *xname)
{
	return strncmp(xname, "user.", 5) != 0 || !xname[5];
}

static long magic_link_errno(void)
{
	/* The magic link is missing: no /proc. */
	return errno == ENOENT ? -EOPNOTSUPP : -errno;
}

long hostfs_user_getxattr(int fd, const char *xname, void *buf, size_t size)
{
	char path[64];
	ssize_t n;

	if (fd_magic_path(fd, path, sizeof(path)) || bad_xattr_name(xname))
		return -EINVAL;
	n = getxattr(path, xname, buf, size);
	return n < 0 ? magic_link_errno() : n;
}

int hostfs_user_setxattr(int fd, const char *xname, const void *value,
			 size_t size, int flags)
{
	char path[64];

	if (fd_magic_path(fd, path, sizeof(path)) || bad_xattr_name(xname))
		return -EINVAL;
	return setxattr(path, xname, value, size, flags) < 0 ? (int)magic_link_errno() : 0;
}

long hostfs_user_listxattr(int fd, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	if (fd_magic_path(fd, path, sizeof(path)))
		return -EINVAL;
	n = listxattr(path, buf, size);
	return n < 0 ? magic_link_errno() : n;
}

int hostfs_user_removexattr(int fd, const char *xname)
{
	char path[64];

	if (fd_magic_path(fd, path, sizeof(path)) || bad_xattr_name(xname))
		return -EINVAL;
	return removexattr(path, xname) < 0 ? (int)magic_link_errno() : 0;
}

/* ---- watches (see hostfs.h) ---- */

static int watch_fd = -1;

/*
 * The last close of an inotify fd with watches waits for the host's
 * SRCU grace period (fsnotify_destroy_group: ~10 ms here), and a process's
 * exit makes that close.  So umk makes its fd before the zygote starts,
 * the zygote holds a copy (plat_zygote_hold), and umk closes its own when
 * the kernel is done (hostfs_user_watch_close), while the zygote surely
 * lives: the wait is the zygote's exit's, which no one waits for, not
 * umk's (its parent's wait4 would be ~10 ms late).
 */
static int watch_err;		/* prepare's failure */

int hostfs_user_watch_prepare(void)
{
	if (watch_fd < 0 && !watch_err) {
		watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (watch_fd < 0)
			watch_err = -errno;
	}
	return watch_fd;
}

/* Never a second try: the zygote, and so every stub, holds the fd
 * prepare made (the link cache's check for waiting events). */
int hostfs_user_watch_init(void)
{
	return hostfs_user_watch_prepare() < 0 ? watch_err : watch_fd;
}

void hostfs_user_watch_close(void)
{
	if (watch_fd >= 0)
		close(watch_fd);
	watch_fd = -1;
}

/* Through the fd's magic link, as the xattr calls above. */
int hostfs_user_watch(int ifd, int fd, u32 mask)
{
	char path[64];
	int wd;

	if (ifd < 0 || fd_magic_path(fd, path, sizeof(path)))
		return -EINVAL;
	wd = inotify_add_watch(ifd, path, mask);
	return wd < 0 ? magic_link_errno() : wd;
}

int hostfs_user_unwatch(int ifd, int wd)
{
	return inotify_rm_watch(ifd, wd) < 0 ? -errno : 0;
}

long hostfs_user_watch_pending(int ifd)
{
	int n;

	return ioctl(ifd, FIONREAD, &n) < 0 ? -errno : n;
}

long hostfs_user_watch_read(int ifd, void *buf, size_t len)
{
	ssize_t n = read(ifd, buf, len);

	return n < 0 ? -errno : n;
}

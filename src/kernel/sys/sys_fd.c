// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * File descriptors themselves: dup, dup2, dup3, close_range, fcntl, flock,
 * ioctl.
 *
 * fcntl knows F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL,
 * F_SETFL (which changes O_APPEND and O_NONBLOCK only), and the record
 * locks F_GETLK, F_SETLK, F_SETLKW and their F_OFD_ forms (vfs/locks.c),
 * a pipe's capacity, F_GETPIPE_SZ and F_SETPIPE_SZ (fs/pipe.c), and
 * the seals of memfds and tmpfs files, F_ADD_SEALS and F_GET_SEALS
 * (fs/memfd.c);
 * leases, owners and signals are not there yet (-EINVAL).  flock(2) is
 * here too.  ioctl handles
 * FIOCLEX, FIONCLEX, FIONBIO and FIONREAD on regular files itself, then
 * asks the file; -ENOTTY if it does not know the request.
 */
#include "sys/sys_vfs.h"
#include "abi/poll.h"

long sys_dup(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	int fd;

	if (!f)
		return -EBADF;
	fd = fd_install(t, f, 0, false);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long do_dup3(struct task *t, int oldfd, int newfd, bool cloexec)
{
	struct file *f;
	int ret;

	if (newfd < 0 || newfd >= fd_limit(t))
		return -EBADF;
	f = fd_get(t, oldfd);
	if (!f)
		return -EBADF;
	ret = fd_install_at(t, newfd, f, cloexec);
	if (ret < 0)
		file_put(f);
	return ret;
}

long sys_dup2(struct task *t, const struct sysargs *a)
{
	int oldfd = a->a[0], newfd = a->a[1];
	struct file *f;

	if (oldfd == newfd) {
		f = fd_get(t, oldfd);
		if (!f)
			return -EBADF;
		file_put(f);
		return newfd;
	}
	return do_dup3(t, oldfd, newfd, false);
}

long sys_dup3(struct task *t, const struct sysargs *a)
{
	int oldfd = a->a[0], newfd = a->a[1];

	if (a->a[2] & ~(u64)O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup3(t, oldfd, newfd, a->a[2] & O_CLOEXEC);
}

#define CLOSE_RANGE_UNSHARE	0x2
#define CLOSE_RANGE_CLOEXEC	0x4

long sys_close_range(struct task *t, const struct sysargs *a)
{
	u32 first = a->a[0], last = a->a[1];
	u64 flags = a->a[2];
	struct fdtable *ft = t->proc->files;
	u32 fd;

	if (flags & ~(u64)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	for (fd = first; fd <= last && fd < (u32)ft->size; fd++) {
		if (!ft->fd[fd])
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			fd_set_cloexec(t, fd, true);
		else
			fd_close(t, fd);
	}
	return 0;
}

#define LOCK_MAND	32	/* flock(2): removed from Linux; ignored */

/* struct flock of x86-64 (32 bytes). */
/* The guest's struct flock as a byte range of f; -EINVAL, -EOVERFLOW. */
static long flock_range(struct file *f, const struct linux_flock *fl,
			struct lock_desc *ld)
{
	struct linux_stat st;
	s64 base, start, end;

	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		if (vfs_fstat(f, &st))
			return -EINVAL;
		base = st.st_size;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, fl->l_start, &start))
		return -EOVERFLOW;
	if (fl->l_len > 0) {
		if (__builtin_add_overflow(start, fl->l_len - 1, &end))
			return -EOVERFLOW;
	} else if (fl->l_len == 0) {
		end = LOCK_TO_EOF;
	} else {
		end = start - 1;
		start += fl->l_len;
	}
	if (start < 0)
		return -EINVAL;
	ld->type = fl->l_type;
	ld->start = start;
	ld->end = end;
	return 0;
}

static long fcntl_lock(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK ||
		   cmd == F_OFD_SETLKW;
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	int kind = ofd ? LOCK_OFD : LOCK_POSIX;
	struct linux_flock fl;
	struct lock_desc ld;
	long ret;

	if (f->fmode & FMODE_PATH)
		return -EBADF;
	if (copy_from_user(t, &fl, UPTR(arg), sizeof(fl)))
		return -EFAULT;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK &&
	    (get || fl.l_type != F_UNLCK))
		return -EINVAL;
	if (ofd && fl.l_pid)
		return -EINVAL;
	ret = flock_range(f, &fl, &ld);
	if (ret)
		return ret;
	if (get) {
		locks_test(t, f, kind, &ld);
		fl.l_type = ld.type;
		if (ld.type != F_UNLCK) {
			fl.l_whence = SEEK_SET;
			fl.l_start = ld.start;
			fl.l_len = ld.end == LOCK_TO_EOF ? 0 :
				   ld.end - ld.start + 1;
			fl.l_pid = ld.pid;
		}
		return copy_to_user(t, UPTR(arg), &fl, sizeof(fl));
	}
	if ((fl.l_type == F_RDLCK && !(f->fmode & FMODE_READ)) ||
	    (fl.l_type == F_WRLCK && !(f->fmode & FMODE_WRITE)))
		return -EBADF;
	return locks_set(t, f, kind, &ld,
			 cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

long sys_flock(struct task *t, const struct sysargs *a)
{
	struct lock_desc ld = { .start = 0, .end = LOCK_TO_EOF };
	unsigned op = a->a[1];
	struct file *f;
	long ret;

	if (op & LOCK_MAND) {
		pr_once(LOG_INFO, "flock: LOCK_MAND is ignored, as on Linux");
		return 0;
	}
	switch (op & ~LOCK_NB) {
	case LOCK_SH:
		ld.type = F_RDLCK;
		break;
	case LOCK_EX:
		ld.type = F_WRLCK;
		break;
	case LOCK_UN:
		ld.type = F_UNLCK;
		break;
	default:
		return -EINVAL;
	}
	f = fd_get_io(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	ret = locks_set(t, f, LOCK_FLOCK, &ld, !(op & LOCK_NB));
	file_put(f);
	return ret;
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK)

long sys_fcntl(struct task *t, const struct sysargs *a)
{
	int fd = a->a[0];
	unsigned cmd = a->a[1];
	u64 arg = a->a[2];
	struct file *f = fd_get(t, fd);
	long ret;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= (u64)fd_limit(t)) {
			ret = -EINVAL;
			break;
		}
		ret = fd_install(t, f, (int)arg, cmd == F_DUPFD_CLOEXEC);
		if (ret >= 0)
			return ret;	/* the table took the reference */
		break;
	case F_GETFD:
		ret = fd_get_cloexec(t, fd);
		if (ret > 0)
			ret = FD_CLOEXEC;
		break;
	case F_SETFD:
		ret = fd_set_cloexec(t, fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = f->flags;
		break;
	case F_SETFL:
		if (f->fmode & FMODE_PATH) {
			ret = -EBADF;
			break;
		}
		f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		ret = 0;
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		ret = fcntl_lock(t, f, cmd, arg);
		break;
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		ret = pipe_fcntl(t, f, cmd, arg);
		break;
	case F_ADD_SEALS:
	case F_GET_SEALS:
		ret = (f->fmode & FMODE_PATH) ? -EBADF :
		      memfd_fcntl(t, f, cmd, arg);
		break;
	default:
		ret = (f->fmode & FMODE_PATH) ? -EBADF : -EINVAL;
		break;
	}
	file_put(f);
	return ret;
}

long sys_ioctl(struct task *t, const struct sysargs *a)
{
	int fd = a->a[0];
	unsigned cmd = a->a[1];
	u64 arg = a->a[2];
	struct file *f = fd_get_io(t, fd);
	int val;
	long ret;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		ret = fd_set_cloexec(t, fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		ret = -EFAULT;
		if (copy_from_user(t, &val, UPTR(arg), sizeof(val)))
			break;
		if (val)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		ret = 0;
		break;
	case FIONREAD:
		if (f->inode && S_ISREG(f->inode->mode)) {
			s64 left = f->inode->size - f->pos;

			val = left < 0 ? 0 : left > 0x7fffffff ? 0x7fffffff : left;
			ret = copy_to_user(t, UPTR(arg), &val, sizeof(val)) ?
			      -EFAULT : 0;
			break;
		}
		/* fall through */
	default:
		ret = f->fop && f->fop->ioctl ? f->fop->ioctl(t, f, cmd, arg) :
						-ENOTTY;
		break;
	}
	file_put(f);
	return ret;
}

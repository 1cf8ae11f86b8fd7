// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Moving data: read, write, readv, writev, pread64, pwrite64, preadv,
 * pwritev, preadv2, pwritev2, lseek; sendfile, splice, tee and
 * copy_file_range (their copying is vfs/splice.c's); and the calls that
 * check their file and pass a hint on (fsync, fdatasync, sync, syncfs,
 * fadvise64, sync_file_range, readahead): umk's own files are in memory,
 * and hostfs hands sync_file_range and fadvise to the host.
 *
 * Guest buffers are never copied through the kernel: they are turned into
 * a struct uio (guest pages, pinned) and handed to the file, which gives
 * them to a host readv/writev.  One uio covers at most UIO_MAXSEG pages,
 * so a long transfer takes several rounds; it stops at the first short
 * one.  A read from a stream (a terminal, a pipe) takes a single round,
 * since a second one would wait for more data.
 */
#include "sys/sys_vfs.h"

/*
 * Gather the guest ranges of iov[*i..cnt) (starting *off bytes into
 * iov[*i]) into one uio, as far as UIO_MAXSEG pages allow.  Advances
 * (*i, *off) past what it covered.  Returns the bytes covered, 0 at the
 * end, or -EFAULT if nothing could be covered.
 */
static long uio_gather(struct task *t, struct uio *u,
		       const struct linux_iovec *iov, int cnt, int *i,
		       u64 *off, bool to_user)
{
	struct uio tmp;
	long n;

	u->nseg = 0;
	u->npfn = 0;
	u->len = 0;
	while (*i < cnt) {
		u64 base = iov[*i].iov_base + *off;
		u64 left = iov[*i].iov_len - *off;
		u64 room = (u64)(UIO_MAXSEG - u->npfn) * PAGE_SIZE -
			   (base & (PAGE_SIZE - 1));

		if (!left) {
			(*i)++;
			*off = 0;
			continue;
		}
		if (u->npfn >= UIO_MAXSEG)
			break;
		n = uio_from_user(t, &tmp, UPTR(base), MIN(left, room), to_user);
		if (n < 0) {
			if (u->len)
				break;
			return n;
		}
		memcpy(u->seg + u->nseg, tmp.seg, tmp.nseg * sizeof(tmp.seg[0]));
		memcpy(u->pfn + u->npfn, tmp.pfn, tmp.npfn * sizeof(tmp.pfn[0]));
		u->nseg += tmp.nseg;
		u->npfn += tmp.npfn;
		u->len += n;
		*off += n;
		if ((u64)n < left)
			break;
	}
	return u->len;
}

/* read or write the guest ranges iov[0..cnt) at *pos. */
static long rw_iov(struct task *t, struct file *f, const struct linux_iovec *iov,
		   int cnt, s64 *pos, bool write)
{
	bool rounds = write || (f->fmode & FMODE_PREAD);
	size_t total = 0;
	struct uio u;
	u64 off = 0;
	int i = 0;
	long n, r;

	/* The checks of an empty transfer first: -EBADF, -EISDIR, ... */
	uio_from_kernel(&u, NULL, 0);
	r = write ? vfs_write(f, &u, pos) : vfs_read(f, &u, pos);
	if (r < 0)
		return r;
	for (;;) {
		n = uio_gather(t, &u, iov, cnt, &i, &off, !write);
		if (n <= 0) {
			uio_release(&u);
			if (n < 0 && !total)
				return n;
			break;
		}
		r = write ? vfs_write(f, &u, pos) : vfs_read(f, &u, pos);
		uio_release(&u);
		if (r < 0)
			return total ? (long)total : r;
		total += r;
		if (r < n || !rounds)
			break;
	}
	return total;
}

static long rw_buf(struct task *t, struct file *f, u64 buf, u64 count,
		   s64 *pos, bool write)
{
	struct linux_iovec iov = { buf, MIN(count, (u64)MAX_RW_COUNT) };

	return rw_iov(t, f, &iov, 1, pos, write);
}

static long do_rw(struct task *t, const struct sysargs *a, bool write)
{
	struct file *f = fd_get_io(t, (int)a->a[0]);
	long ret;

	if (!f)
		return -EBADF;
	ret = rw_buf(t, f, a->a[1], a->a[2], &f->pos, write);
	file_put(f);
	return ret;
}

long sys_read(struct task *t, const struct sysargs *a)
{
	return do_rw(t, a, false);
}

long sys_write(struct task *t, const struct sysargs *a)
{
	return do_rw(t, a, true);
}

static long do_prw(struct task *t, const struct sysargs *a, bool write)
{
	s64 pos = (s64)a->a[3];
	struct file *f;
	long ret;

	if (pos < 0)
		return -EINVAL;
	f = fd_get_io(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	ret = (f->fmode & FMODE_PREAD) ?
	      rw_buf(t, f, a->a[1], a->a[2], &pos, write) : -ESPIPE;
	file_put(f);
	return ret;
}

long sys_pread64(struct task *t, const struct sysargs *a)
{
	return do_prw(t, a, false);
}

long sys_pwrite64(struct task *t, const struct sysargs *a)
{
	return do_prw(t, a, true);
}

/* Copy in and check an iovec array: at most IOV_MAX entries, no negative
 * length; the total is cut at MAX_RW_COUNT.  *out is kfree'd by the
 * caller. */
static long iov_from_user(struct task *t, u64 uiov, u64 cnt,
			  struct linux_iovec **out, int *ncnt)
{
	struct linux_iovec *iov;
	u64 total = 0;
	u64 i;

	*out = NULL;
	*ncnt = 0;
	if (cnt > IOV_MAX)
		return -EINVAL;
	if (!cnt)
		return 0;
	iov = kmalloc(cnt * sizeof(*iov));
	if (!iov)
		return -ENOMEM;
	if (copy_from_user(t, iov, UPTR(uiov), cnt * sizeof(*iov))) {
		kfree(iov);
		return -EFAULT;
	}
	for (i = 0; i < cnt; i++) {
		if ((s64)iov[i].iov_len < 0) {
			kfree(iov);
			return -EINVAL;
		}
		if (iov[i].iov_len > (u64)MAX_RW_COUNT - total)
			iov[i].iov_len = MAX_RW_COUNT - total;
		total += iov[i].iov_len;
	}
	*out = iov;
	*ncnt = cnt;
	return 0;
}

static long do_rwv(struct task *t, const struct sysargs *a, bool write)
{
	struct linux_iovec *iov;
	struct file *f;
	long ret;
	int cnt;

	f = fd_get_io(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	ret = iov_from_user(t, a->a[1], a->a[2], &iov, &cnt);
	if (!ret)
		ret = rw_iov(t, f, iov, cnt, &f->pos, write);
	kfree(iov);
	file_put(f);
	return ret;
}

long sys_readv(struct task *t, const struct sysargs *a)
{
	return do_rwv(t, a, false);
}

#define SPLICE_F_ALL (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)

/*
 * vmsplice: umk has no pages to lend a pipe, so the guest's memory is
 * copied, into the pipe (an fd open for writing) or out of it (for
 * reading), as writev and readv do.  SPLICE_F_NONBLOCK makes this one
 * call non-blocking, whatever the file's O_NONBLOCK: it moves what fits
 * (or what is there) now, or fails with -EAGAIN.  MOVE, MORE and GIFT are
 * hints.
 */
long sys_vmsplice(struct task *t, const struct sysargs *a)
{
	unsigned flags = a->a[3];
	struct linux_iovec *iov = NULL;
	struct file *f;
	struct pipe *p;
	bool write;
	long ret;
	int cnt;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	f = fd_get_io(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	p = pipe_of(f);
	write = f->fmode & FMODE_WRITE;
	ret = -EBADF;
	if (!p || !(f->fmode & (FMODE_READ | FMODE_WRITE)))
		goto out;
	ret = iov_from_user(t, a->a[1], a->a[2], &iov, &cnt);
	if (ret)
		goto out;
	if (flags & SPLICE_F_NONBLOCK) {
		/* now or never: at most the room (or the data) there is */
		ret = write ? pipe_wait_room(p, true) : pipe_wait_data(p, true);
		if (ret <= 0)
			goto out;
		u64 left = ret;

		for (int i = 0; i < cnt; i++) {
			iov[i].iov_len = MIN(iov[i].iov_len, left);
			left -= iov[i].iov_len;
		}
	}
	ret = rw_iov(t, f, iov, cnt, &f->pos, write);
out:
	kfree(iov);
	file_put(f);
	return ret;
}

long sys_writev(struct task *t, const struct sysargs *a)
{
	return do_rwv(t, a, true);
}

#define RWF_HIPRI	0x1
#define RWF_DSYNC	0x2
#define RWF_SYNC	0x4

/* preadv, pwritev (flags 0) and their v2 (offset -1: the file position). */
static long do_prwv(struct task *t, const struct sysargs *a, u64 flags,
		    bool v2, bool write)
{
	struct linux_iovec *iov;
	s64 pos = (s64)a->a[3];
	s64 *ppos = &pos;
	struct file *f;
	long ret;
	int cnt;

	if (flags & ~(u64)(RWF_HIPRI | RWF_DSYNC | RWF_SYNC))
		return -EOPNOTSUPP;
	if (pos < 0 && !(v2 && pos == -1))
		return -EINVAL;
	f = fd_get_io(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	if (pos == -1) {
		ppos = &f->pos;
	} else if (!(f->fmode & FMODE_PREAD)) {
		ret = -ESPIPE;
		goto out;
	}
	ret = iov_from_user(t, a->a[1], a->a[2], &iov, &cnt);
	if (!ret)
		ret = rw_iov(t, f, iov, cnt, ppos, write);
	kfree(iov);
out:
	file_put(f);
	return ret;
}

long sys_preadv(struct task *t, const struct sysargs *a)
{
	return do_prwv(t, a, 0, false, false);
}

long sys_pwritev(struct task *t, const struct sysargs *a)
{
	return do_prwv(t, a, 0, false, true);
}

long sys_preadv2(struct task *t, const struct sysargs *a)
{
	return do_prwv(t, a, a->a[5], true, false);
}

long sys_pwritev2(struct task *t, const struct sysargs *a)
{
	return do_prwv(t, a, a->a[5], true, true);
}

long sys_lseek(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get_io(t, (int)a->a[0]);
	s64 ret;

	if (!f)
		return -EBADF;
	if (a->a[2] > SEEK_HOLE)
		ret = -EINVAL;
	else
		ret = vfs_llseek(f, (s64)a->a[1], (int)a->a[2]);
	file_put(f);
	return ret;
}

/* An optional guest loff_t: copied into *pos, with *ppos pointing at it,
 * or *ppos = dflt when the pointer is NULL. */
static int get_pos(struct task *t, struct uptr up, s64 *pos, s64 **ppos,
		   s64 *dflt)
{
	if (uptr_null(up)) {
		*ppos = dflt;
		return 0;
	}
	*ppos = pos;
	return copy_from_user(t, pos, up, sizeof(*pos)) ? -EFAULT : 0;
}

/* Store the position back where it came from; ret, or -EFAULT. */
static long put_pos(struct task *t, struct uptr up, s64 pos, long ret)
{
	if (!uptr_null(up) && copy_to_user(t, up, &pos, sizeof(pos)))
		return -EFAULT;
	return ret;
}

long sys_sendfile(struct task *t, const struct sysargs *a)
{
	struct file *out = NULL, *in = NULL;
	u64 count = MIN(a->a[3], (u64)MAX_RW_COUNT);
	struct uptr uoff = UPTR(a->a[2]);
	s64 off = 0, *pos;
	long ret;

	in = fd_get_io(t, (int)a->a[1]);
	ret = -EBADF;
	if (!in || !(in->fmode & FMODE_READ))
		goto out;
	ret = get_pos(t, uoff, &off, &pos, &in->pos);
	if (ret)
		goto out;
	ret = -ESPIPE;
	if (pos == &off && !(in->fmode & FMODE_PREAD))
		goto out;
	ret = -EINVAL;
	if (*pos < 0)
		goto out;
	out = fd_get_io(t, (int)a->a[0]);
	ret = -EBADF;
	if (!out || !(out->fmode & FMODE_WRITE))
		goto out;
	/* Linux splices from the input: not from a pipe, not to O_APPEND */
	ret = -EINVAL;
	if (pipe_of(in) || (!pipe_of(out) && (out->flags & O_APPEND)))
		goto out;
	ret = vfs_splice_copy(in, pos, out, &out->pos, count,
			      pipe_of(out) && (out->flags & O_NONBLOCK));
	ret = put_pos(t, uoff, off, ret);
out:
	file_put(in);
	file_put(out);
	return ret;
}

/* splice(2): one end a pipe (vfs_splice has the rules). */
long sys_splice(struct task *t, const struct sysargs *a)
{
	struct uptr uoin = UPTR(a->a[1]), uoout = UPTR(a->a[3]);
	struct file *in, *out = NULL;
	s64 oin = 0, oout = 0;
	long ret;

	if (!a->a[4])
		return 0;
	in = fd_get_io(t, (int)a->a[0]);
	if (!in)
		return -EBADF;
	out = fd_get_io(t, (int)a->a[2]);
	ret = -EBADF;
	if (!out)
		goto out;
	ret = -EFAULT;
	if ((!uptr_null(uoin) && copy_from_user(t, &oin, uoin, sizeof(oin))) ||
	    (!uptr_null(uoout) && copy_from_user(t, &oout, uoout, sizeof(oout))))
		goto out;
	ret = vfs_splice(in, uptr_null(uoin) ? NULL : &oin, out,
			 uptr_null(uoout) ? NULL : &oout,
			 MIN(a->a[4], (u64)MAX_RW_COUNT), (unsigned)a->a[5]);
	ret = put_pos(t, uoin, oin, ret);
	ret = put_pos(t, uoout, oout, ret);
out:
	file_put(in);
	file_put(out);
	return ret;
}

long sys_tee(struct task *t, const struct sysargs *a)
{
	struct file *in, *out;
	long ret;

	if (!a->a[2])
		return 0;
	in = fd_get_io(t, (int)a->a[0]);
	if (!in)
		return -EBADF;
	out = fd_get_io(t, (int)a->a[1]);
	ret = out ? vfs_tee(in, out, MIN(a->a[2], (u64)MAX_RW_COUNT),
			    (unsigned)a->a[3]) : -EBADF;
	file_put(in);
	file_put(out);
	return ret;
}

long sys_copy_file_range(struct task *t, const struct sysargs *a)
{
	struct uptr uoin = UPTR(a->a[1]), uoout = UPTR(a->a[3]);
	struct file *in, *out = NULL;
	s64 oin = 0, oout = 0, *pin, *pout;
	long ret;

	if (a->a[5])
		return -EINVAL;
	in = fd_get_io(t, (int)a->a[0]);
	if (!in)
		return -EBADF;
	out = fd_get_io(t, (int)a->a[2]);
	ret = -EBADF;
	if (!out)
		goto out;
	ret = get_pos(t, uoin, &oin, &pin, &in->pos);
	if (!ret)
		ret = get_pos(t, uoout, &oout, &pout, &out->pos);
	if (ret)
		goto out;
	ret = vfs_copy_file_range(in, pin, out, pout, a->a[4]);
	ret = put_pos(t, uoin, oin, ret);
	ret = put_pos(t, uoout, oout, ret);
out:
	file_put(in);
	file_put(out);
	return ret;
}

static long do_fsync(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get_io(t, (int)a->a[0]);
	long ret = 0;

	if (!f)
		return -EBADF;
	/* umk's files have nothing to flush; the host keeps its own. */
	if (!f->inode || (!S_ISREG(f->inode->mode) && !S_ISDIR(f->inode->mode)))
		ret = -EINVAL;
	file_put(f);
	return ret;
}

long sys_sync(struct task *t, const struct sysargs *a)
{
	return 0;
}

long sys_syncfs(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get(t, (int)a->a[0]);

	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

long sys_fsync(struct task *t, const struct sysargs *a)
{
	return do_fsync(t, a);
}

long sys_fdatasync(struct task *t, const struct sysargs *a)
{
	return do_fsync(t, a);
}

#define POSIX_FADV_NOREUSE 5

long sys_fadvise64(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get_io(t, (int)a->a[0]);
	long ret = 0;

	if (!f)
		return -EBADF;
	if (f->inode && S_ISFIFO(f->inode->mode))
		ret = -ESPIPE;
	else if ((s64)a->a[2] < 0 || (int)a->a[3] < 0 ||
		 (int)a->a[3] > POSIX_FADV_NOREUSE)
		ret = -EINVAL;
	else if (f->fop && f->fop->fadvise)	/* a hint: errors do not matter */
		f->fop->fadvise(f, a->a[1], a->a[2], (int)a->a[3]);
	file_put(f);
	return ret;
}

long sys_sync_file_range(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get_io(t, (int)a->a[0]);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_sync_file_range(f, (s64)a->a[1], (s64)a->a[2], (unsigned)a->a[3]);
	file_put(f);
	return ret;
}

long sys_readahead(struct task *t, const struct sysargs *a)
{
	struct file *f = fd_get_io(t, (int)a->a[0]);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_readahead(f, (s64)a->a[1], a->a[2]);
	file_put(f);
	return ret;
}

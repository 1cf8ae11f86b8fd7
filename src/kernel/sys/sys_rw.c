// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Moving data: read, write, readv, writev, pread64, pwrite64, preadv,
 * pwritev, preadv2, pwritev2, lseek, sendfile, and the calls that only
 * check their file (fsync, fdatasync, sync, syncfs, fadvise64).
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

#define SENDFILE_CHUNK	(64 << 10)

long sys_sendfile(struct task *t, const struct sysargs *a)
{
	struct file *out = NULL, *in = NULL;
	u64 count = MIN(a->a[3], (u64)MAX_RW_COUNT);
	struct uptr uoff = UPTR(a->a[2]);
	s64 off = 0, *pos, opos;
	size_t total = 0;
	char *buf = NULL;
	struct uio u;
	long ret, n, w;

	out = fd_get_io(t, (int)a->a[0]);
	in = fd_get_io(t, (int)a->a[1]);
	ret = -EBADF;
	if (!out || !in || !(in->fmode & FMODE_READ) ||
	    !(out->fmode & FMODE_WRITE))
		goto out;
	ret = -EINVAL;
	if (out->flags & O_APPEND)
		goto out;
	if (!uptr_null(uoff)) {
		ret = -EFAULT;
		if (copy_from_user(t, &off, uoff, sizeof(off)))
			goto out;
		ret = -EINVAL;
		if (off < 0)
			goto out;
		ret = -ESPIPE;
		if (!(in->fmode & FMODE_PREAD))
			goto out;
		pos = &off;
	} else {
		pos = &in->pos;
	}
	ret = -ENOMEM;
	buf = kmalloc(SENDFILE_CHUNK);
	if (!buf)
		goto out;
	ret = 0;
	while (total < count) {
		size_t want = MIN(count - total, (u64)SENDFILE_CHUNK);

		opos = *pos;
		uio_from_kernel(&u, buf, want);
		n = vfs_read(in, &u, pos);
		uio_release(&u);
		if (n <= 0) {
			ret = n;
			break;
		}
		uio_from_kernel(&u, buf, n);
		w = vfs_write(out, &u, &out->pos);
		uio_release(&u);
		if (w < 0) {
			*pos = opos;
			ret = w;
			break;
		}
		total += w;
		if (w < n) {
			*pos = opos + w;
			break;
		}
		if ((size_t)n < want)
			break;
	}
	if (total)
		ret = total;
	if (!uptr_null(uoff) && copy_to_user(t, uoff, &off, sizeof(off)))
		ret = -EFAULT;
out:
	kfree(buf);
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
	file_put(f);
	return ret;	/* advice taken: a hint only */
}

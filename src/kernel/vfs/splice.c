// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Moving data from file to file inside the kernel: splice(2), tee(2) and
 * copy_file_range(2) after their handlers' argument copying, and the
 * copy sendfile(2) shares with them.
 *
 * umk has no page references to hand from one file to another, so the
 * data goes through a kernel buffer, SPLICE_CHUNK at a time: read from
 * one file, written to the other (an input pipe's data leaves it only once
 * written, so a failed write loses nothing).  A pipe on either side bounds one call
 * as Linux's splice does: at most what the input pipe holds, at most what
 * the output pipe has room for, after waiting (unless nonblock) for some
 * data and some room.  Then neither the read nor the write can block, and
 * a program that splices into a pipe it reads itself afterwards does not
 * hang.
 *
 * copy_file_range copies between regular files of one super block (Linux
 * 5.19 and later refuse other pairs with -EXDEV unless the file system
 * copies across, and umk's do not); hostfs hands the copy to the host
 * (->copy_file_range), which may share blocks instead of copying them.
 */
#include "kernel.h"
#include "vfs/vfs.h"

#define SPLICE_CHUNK	(64 << 10)
#define MAX_RW_COUNT	0x7ffff000L

/* Wait until the pipes on either side can take part: the bytes one call
 * may move (at most count), 0 at the end of an input pipe, -errno. */
static long splice_wait(struct pipe *ip, struct pipe *op, size_t count,
			bool nonblock)
{
	long room = 0, avail = 0;

	for (;;) {
		if (op) {
			room = pipe_wait_room(op, nonblock);
			if (room < 0)
				return room;
		}
		if (ip) {
			avail = pipe_wait_data(ip, nonblock);
			if (avail <= 0)
				return avail;
		}
		/* waiting for data may have let the output fill up */
		if (op && ip) {
			room = pipe_wait_room(op, true);
			if (room == -EAGAIN && !nonblock)
				continue;
			if (room < 0)
				return room;
		}
		break;
	}
	if (op)
		count = MIN(count, (size_t)room);
	if (ip)
		count = MIN(count, (size_t)avail);
	return count;
}

/* Read up to len bytes of in into buf: from an input pipe without taking
 * them out of it (they go when written). */
static long splice_read(struct file *in, struct pipe *ip, s64 *ipos, char *buf,
			size_t len)
{
	struct uio u;
	long n;

	if (ip)
		return pipe_peek(ip, buf, len);
	uio_from_kernel(&u, buf, len);
	n = vfs_read(in, &u, ipos);
	uio_release(&u);
	return n;
}

long vfs_splice_copy(struct file *in, s64 *ipos, struct file *out, s64 *opos,
		     size_t count, bool nonblock)
{
	struct pipe *ip = pipe_of(in);
	size_t total = 0;
	long ret, n, w;
	struct uio u;
	char *buf;
	s64 before;

	if (!count)
		return 0;
	ret = splice_wait(ip, pipe_of(out), count, nonblock);
	if (ret <= 0)
		return ret;
	count = ret;
	buf = kmalloc(MIN(count, (size_t)SPLICE_CHUNK));
	if (!buf)
		return -ENOMEM;
	ret = 0;
	while (total < count) {
		size_t want = MIN(count - total, (size_t)SPLICE_CHUNK);

		before = *ipos;
		n = splice_read(in, ip, ipos, buf, want);
		if (n <= 0) {
			ret = n;
			break;
		}
		uio_from_kernel(&u, buf, n);
		w = vfs_write(out, &u, opos);
		uio_release(&u);
		if (w < 0) {
			*ipos = before;
			ret = w;
			break;
		}
		if (ip)
			pipe_consume(ip, w);
		total += w;
		if (w < n) {
			*ipos = before + w;
			break;
		}
		if (n < (long)want)
			break;
	}
	kfree(buf);
	return total ? (long)total : ret;
}

#define SPLICE_F_ALL (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | \
		      SPLICE_F_GIFT)

/* do_splice's rules, in its order.  SPLICE_F_MOVE, SPLICE_F_MORE and
 * SPLICE_F_GIFT are hints (umk copies); a pipe end's O_NONBLOCK is as
 * good as SPLICE_F_NONBLOCK, a regular file's is not. */
long vfs_splice(struct file *in, s64 *off_in, struct file *out, s64 *off_out,
		size_t len, unsigned flags)
{
	struct pipe *ip = pipe_of(in), *op = pipe_of(out);
	bool nonblock;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if ((ip && off_in) || (op && off_out))
		return -ESPIPE;
	if (!(in->fmode & FMODE_READ) || !(out->fmode & FMODE_WRITE))
		return -EBADF;
	if ((!ip && !op) || ip == op)
		return -EINVAL;
	if ((off_in && !(in->fmode & FMODE_PREAD)) ||
	    (off_out && !(out->fmode & FMODE_PREAD)))
		return -EINVAL;
	if (!op && (out->flags & O_APPEND))
		return -EINVAL;
	if (!off_in)
		off_in = &in->pos;
	if (!off_out)
		off_out = &out->pos;
	if (*off_in < 0 || *off_out < 0)
		return -EINVAL;
	nonblock = (flags & SPLICE_F_NONBLOCK) ||
		   (ip && (in->flags & O_NONBLOCK)) ||
		   (op && (out->flags & O_NONBLOCK));
	return vfs_splice_copy(in, off_in, out, off_out, len, nonblock);
}

long vfs_tee(struct file *in, struct file *out, size_t len, unsigned flags)
{
	struct pipe *ip = pipe_of(in), *op = pipe_of(out);
	bool nonblock;
	long ret;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!ip || !op || ip == op)
		return -EINVAL;
	if (!(in->fmode & FMODE_READ) || !(out->fmode & FMODE_WRITE))
		return -EBADF;
	nonblock = (flags & SPLICE_F_NONBLOCK) ||
		   ((in->flags | out->flags) & O_NONBLOCK);
	for (;;) {
		ret = pipe_wait_data(ip, nonblock);
		if (ret <= 0)
			return ret;
		ret = pipe_wait_room(op, nonblock);
		if (ret < 0)
			return ret;
		ret = pipe_tee(ip, op, len);
		if (ret)	/* 0: the data went while waiting for room */
			return ret;
	}
}

long vfs_copy_file_range(struct file *in, s64 *ipos, struct file *out,
			 s64 *opos, size_t count)
{
	struct inode *ii = in->inode, *oi = out->inode;
	struct linux_stat st;
	int err;

	if (!ii || !oi)
		return -EINVAL;
	if (S_ISDIR(ii->mode) || S_ISDIR(oi->mode))
		return -EISDIR;
	if (!S_ISREG(ii->mode) || !S_ISREG(oi->mode))
		return -EINVAL;
	if (!(in->fmode & FMODE_READ) || !(out->fmode & FMODE_WRITE) ||
	    (out->flags & O_APPEND))
		return -EBADF;
	if (ii->sb != oi->sb)
		return -EXDEV;
	/* as Linux, in unsigned arithmetic: a negative offset overflows */
	if ((u64)*ipos + count < (u64)*ipos || (u64)*opos + count < (u64)*opos)
		return -EOVERFLOW;
	if (*ipos < 0 || *opos < 0)
		return -EINVAL;
	count = MIN(count, (size_t)MAX_RW_COUNT);
	/* nothing past the end of the input (its size fresh from the host) */
	err = vfs_fstat(in, &st);
	if (err)
		return err;
	count = *ipos >= st.st_size ? 0 : MIN(count, (u64)(st.st_size - *ipos));
	if (ii == oi && *opos + (s64)count > *ipos && *opos < *ipos + (s64)count)
		return -EINVAL;
	if (!count)
		return 0;
	if (in->fop == out->fop && in->fop->copy_file_range)
		return in->fop->copy_file_range(in, ipos, out, opos, count);
	return vfs_splice_copy(in, ipos, out, opos, count, false);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pipes: pipe(2) and pipe2(2).
 *
 * A pipe is a ring of bytes in umk's memory (64 KiB unless F_SETPIPE_SZ
 * changes it), on an anonymous inode (S_IFIFO) with one open file for each
 * end ("pipe:[ino]").  The pipe counts the open files of each end: a read
 * of an empty pipe with no writer left is the end of the file (0), a write
 * with no reader left is -EPIPE and SIGPIPE for the writing thread, as
 * Linux's pipe_write sends it.  Writes of at most PIPE_BUF bytes are
 * atomic: they wait for room for all of it.  Data moves between the ring
 * and the guest's pages with uio_copy_in/uio_copy_out.
 *
 * A task that must wait sleeps (kernel lock dropped) on the pipe's wait
 * queue; any read, write or close wakes it and it looks again.  The same
 * queue serves poll, select and epoll (pipe_poll): a write wakes it with
 * POLLIN, a read with POLLOUT, a close with everything.  O_NONBLOCK gives
 * -EAGAIN instead of waiting.
 *
 * A named FIFO (mknod in any file system) gets its pipe at its first open
 * (fifo_open, the inode's ->pipe) and loses it, data and all, when the
 * last open file of it is closed.  Opening one end waits for the other as
 * Linux does: a reader until some writer has opened, a writer until some
 * reader has (O_NONBLOCK: a reader does not wait, a writer gets -ENXIO);
 * O_RDWR never waits.
 */
#include "kernel.h"
#include "task.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "vfs/vfs.h"
#include "vfs/poll.h"

#define PIPE_DEF_SIZE	65536
#define PIPE_BUF	4096
#define PIPE_MAX_SIZE	1048576		/* /proc/sys/fs/pipe-max-size */

struct pipe {
	char *buf;
	size_t size;		/* capacity: a power-of-two number of pages */
	size_t head;		/* first unread byte */
	size_t len;		/* unread bytes */
	int readers, writers;	/* open files of each end */
	unsigned r_counter, w_counter;	/* opens of each end so far (FIFOs) */
	struct inode *fifo;	/* the FIFO's inode, or NULL for pipe(2) */
	struct waitqueue wq;	/* readers, writers and pollers that wait */
};

static const struct file_ops pipe_fops;

static struct pipe *P(struct file *f)
{
	return f->priv;
}

static void pipe_wake(struct pipe *p, unsigned key)
{
	wake_up_poll(&p->wq, key);
}

static long pipe_read(struct file *f, struct uio *u, s64 *pos)
{
	struct pipe *p = P(f);
	size_t n, first;

	while (!p->len) {
		if (!p->writers)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_once(&p->wq))
			return -ERESTARTSYS;
	}
	n = MIN(p->len, u->len);
	first = MIN(n, p->size - p->head);
	uio_copy_out(u, 0, p->buf + p->head, first);
	uio_copy_out(u, first, p->buf, n - first);
	p->head = (p->head + n) % p->size;
	p->len -= n;
	pipe_wake(p, POLLOUT | POLLWRNORM);
	return n;
}


static long pipe_write(struct file *f, struct uio *u, s64 *pos)
{
	struct pipe *p = P(f);
	size_t done = 0, total = u->len;

	for (;;) {
		size_t room = p->size - p->len;
		size_t left = total - done;

		if (!p->readers) {
			sigpipe_current();
			return done ? (long)done : -EPIPE;
		}
		if (room >= left || (total > PIPE_BUF && room)) {
			size_t n = MIN(room, left);
			size_t tail = (p->head + p->len) % p->size;
			size_t first = MIN(n, p->size - tail);

			uio_copy_in(u, done, p->buf + tail, first);
			uio_copy_in(u, done + first, p->buf, n - first);
			p->len += n;
			done += n;
			pipe_wake(p, POLLIN | POLLRDNORM);
			if (done == total)
				return done;
			continue;
		}
		if (f->flags & O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		if (wait_once(&p->wq))
			return done ? (long)done : -ERESTARTSYS;
	}
}

/* ---- for splice, tee and sendfile (vfs/splice.c) ---- */

struct pipe *pipe_of(struct file *f)
{
	return f->fop == &pipe_fops ? P(f) : NULL;
}

long pipe_wait_data(struct pipe *p, bool nonblock)
{
	while (!p->len) {
		if (!p->writers)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (wait_once(&p->wq))
			return -ERESTARTSYS;
	}
	return p->len;
}

long pipe_wait_room(struct pipe *p, bool nonblock)
{
	for (;;) {
		if (!p->readers) {
			sigpipe_current();
			return -EPIPE;
		}
		if (p->len < p->size)
			return p->size - p->len;
		if (nonblock)
			return -EAGAIN;
		if (wait_once(&p->wq))
			return -ERESTARTSYS;
	}
}

long pipe_peek(struct pipe *p, void *buf, size_t n)
{
	size_t first;

	n = MIN(n, p->len);
	first = MIN(n, p->size - p->head);
	memcpy(buf, p->buf + p->head, first);
	memcpy((char *)buf + first, p->buf, n - first);
	return n;
}

void pipe_consume(struct pipe *p, size_t n)
{
	n = MIN(n, p->len);
	p->head = (p->head + n) % p->size;
	p->len -= n;
	if (n)
		pipe_wake(p, POLLOUT | POLLWRNORM);
}

long pipe_tee(struct pipe *in, struct pipe *out, size_t n)
{
	n = MIN(n, MIN(in->len, out->size - out->len));
	for (size_t done = 0; done < n;) {
		size_t from = (in->head + done) % in->size;
		size_t to = (out->head + out->len) % out->size;
		size_t k = MIN(n - done, MIN(in->size - from, out->size - to));

		memcpy(out->buf + to, in->buf + from, k);
		out->len += k;
		done += k;
	}
	if (n)
		pipe_wake(out, POLLIN | POLLRDNORM);
	return n;
}

static long pipe_ioctl(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	int n = P(f)->len;

	if (cmd != FIONREAD)
		return -ENOTTY;
	return copy_to_user(t, UPTR(arg), &n, sizeof(n));
}

/* Readable: data, or no writer (POLLHUP).  Writable: room for an atomic
 * write (PIPE_BUF), as Linux's "not full"; no reader is POLLERR. */
static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = P(f);
	unsigned mask = 0;

	poll_wait(f, &p->wq, pt);
	if (f->fmode & FMODE_READ) {
		if (p->len)
			mask |= POLLIN | POLLRDNORM;
		/* A FIFO reader that has seen no writer yet is not hung up:
		 * f->pos holds w_counter as it was at its open. */
		if (!p->writers && (!p->fifo || (u64)f->pos != p->w_counter))
			mask |= POLLHUP;
	}
	if (f->fmode & FMODE_WRITE) {
		if (p->size - p->len >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

static void pipe_free(struct pipe *p)
{
	kfree(p->buf);
	kfree(p);
}

static void pipe_release(struct file *f)
{
	struct pipe *p = P(f);

	if (f->fmode & FMODE_READ)
		p->readers--;
	if (f->fmode & FMODE_WRITE)
		p->writers--;
	pipe_wake(p, 0);
	if (p->fifo && !p->readers && !p->writers) {
		p->fifo->pipe = NULL;	/* the last one out: the data goes */
		pipe_free(p);
	}
}

static const struct file_ops pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
};

/* F_SETPIPE_SZ: the capacity becomes the next power-of-two number of
 * pages at or above size; the data in it moves to the new ring. */
static long pipe_resize(struct task *t, struct pipe *p, u64 size)
{
	size_t n = PAGE_SIZE;
	char *buf;
	size_t first;

	if (size > (1ULL << 31))
		return -EINVAL;
	while (n < size)
		n <<= 1;
	if (n > PIPE_MAX_SIZE && t->proc->cred.euid != 0)
		return -EPERM;
	if (n == p->size)
		return n;
	if (n < p->len)
		return -EBUSY;
	buf = kmalloc(n);
	if (!buf)
		return -ENOMEM;
	first = MIN(p->len, p->size - p->head);
	memcpy(buf, p->buf + p->head, first);
	memcpy(buf + first, p->buf, p->len - first);
	kfree(p->buf);
	p->buf = buf;
	p->size = n;
	p->head = 0;
	pipe_wake(p, POLLOUT | POLLWRNORM);
	return n;
}

long pipe_fcntl(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	if (f->fop != &pipe_fops)
		return -EBADF;
	if (cmd == F_GETPIPE_SZ)
		return P(f)->size;
	return pipe_resize(t, P(f), arg);
}

/* An end of the pipe opened again (/proc/PID/fd/N). */
static int pipe_open(struct inode *ino, struct file *f)
{
	struct pipe *p = ino->priv;

	f->priv = p;
	f->fop = &pipe_fops;
	f->fmode &= ~(FMODE_LSEEK | FMODE_PREAD);
	if (f->fmode & FMODE_READ)
		p->readers++;
	if (f->fmode & FMODE_WRITE)
		p->writers++;
	pipe_wake(p, 0);
	return 0;
}

static void pipe_evict(struct inode *ino)
{
	if (ino->priv)
		pipe_free(ino->priv);
}

static const struct inode_ops pipe_iops = {
	.open = pipe_open,
	.evict = pipe_evict,
};

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->size = PIPE_DEF_SIZE;
	p->buf = kmalloc(p->size);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	return p;
}

/* Wait until the other end's counter moves from seen: 0 or -ERESTARTSYS. */
static int fifo_wait_for(struct pipe *p, const unsigned *counter, unsigned seen)
{
	while (*counter == seen) {
		if (wait_once(&p->wq))
			return -ERESTARTSYS;
	}
	return 0;
}

/* open(2) of a named FIFO: f is set up by the VFS, with its access mode. */
int fifo_open(struct inode *ino, struct file *f)
{
	struct pipe *p = ino->pipe;
	bool rd = f->fmode & FMODE_READ, wr = f->fmode & FMODE_WRITE;
	int err = 0;

	if (!p) {
		p = pipe_alloc();
		if (!p)
			return -ENOMEM;
		p->fifo = ino;
		ino->pipe = p;
	}
	f->priv = p;
	f->fop = &pipe_fops;
	f->fmode &= ~(FMODE_LSEEK | FMODE_PREAD);
	if (rd && wr) {
		p->readers++;
		p->writers++;
		p->r_counter++;
		p->w_counter++;
	} else if (rd) {
		p->readers++;
		p->r_counter++;
		f->pos = p->w_counter;
		if (!p->writers && !(f->flags & O_NONBLOCK))
			err = fifo_wait_for(p, &p->w_counter, p->w_counter);
	} else {
		if (!p->readers && (f->flags & O_NONBLOCK)) {
			err = -ENXIO;
			goto out;
		}
		p->writers++;
		p->w_counter++;
		if (!p->readers)
			err = fifo_wait_for(p, &p->r_counter, p->r_counter);
	}
	pipe_wake(p, 0);
	if (err) {
		pipe_release(f);	/* undo; may free the pipe */
		return err;
	}
	return 0;
out:
	if (!p->readers && !p->writers) {
		ino->pipe = NULL;
		pipe_free(p);
	}
	return err;
}

/* A new pipe: its read end in *rd, its write end in *wr. */
static int pipe_create(unsigned flags, struct file **rd, struct file **wr)
{
	struct inode *ino;
	struct pipe *p;
	char name[32];
	int err;

	p = pipe_alloc();
	ino = p ? anon_inode_alloc(S_IFIFO | 0600) : NULL;
	if (!ino) {
		if (p)
			pipe_free(p);
		return -ENOMEM;
	}
	ino->priv = p;
	ino->iop = &pipe_iops;
	ino->fop = &pipe_fops;
	snprintf(name, sizeof(name), "pipe:[%llu]", (unsigned long long)ino->ino);
	err = anon_file_open(inode_get(ino), name, &pipe_fops, O_RDONLY | flags,
			     rd);
	if (err)
		goto out_ino;
	(*rd)->priv = p;
	p->readers = 1;
	err = anon_file_open(inode_get(ino), name, &pipe_fops, O_WRONLY | flags,
			     wr);
	if (err) {
		file_put(*rd);
		goto out_ino;
	}
	(*wr)->priv = p;
	p->writers = 1;
	inode_put(ino);
	return 0;

out_ino:
	inode_put(ino);
	return err;
}

long sys_pipe2(struct task *t, const struct sysargs *a)
{
	unsigned flags = a->a[1];
	struct file *rd, *wr;
	int fds[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = pipe_create(flags & O_NONBLOCK, &rd, &wr);
	if (err)
		return err;
	fds[0] = fd_install(t, rd, 0, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(t, wr, 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		fd_close(t, fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user(t, UPTR(a->a[0]), fds, sizeof(fds))) {
		fd_close(t, fds[0]);
		fd_close(t, fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(struct task *t, const struct sysargs *a)
{
	struct sysargs b = *a;

	b.a[1] = 0;
	return sys_pipe2(t, &b);
}

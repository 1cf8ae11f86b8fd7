// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pipes: pipe(2) and pipe2(2).
 *
 * A pipe is a ring of PIPE_SIZE bytes in umk's memory, on an anonymous
 * inode (S_IFIFO) with one open file for each end ("pipe:[ino]").  The
 * pipe counts the open files of each end: a read of an empty pipe with no
 * writer left is the end of the file (0), a write with no reader left is
 * -EPIPE.  Writes of at most PIPE_BUF bytes are atomic: they wait for room
 * for all of it.  Data moves between the ring and the guest's pages with
 * uio_copy_in/uio_copy_out.
 *
 * A task that must wait sleeps (kernel lock dropped) on a word of its own
 * in the pipe's list of sleepers; any read, write or close wakes them all
 * and they look again.  O_NONBLOCK gives -EAGAIN instead.
 *
 * Not yet: SIGPIPE with -EPIPE (signals come later), poll/select, named
 * FIFOs (mknod), F_SETPIPE_SZ.
 */
#include "kernel.h"
#include "task.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "vfs/vfs.h"

#define PIPE_SIZE	65536
#define PIPE_BUF	4096

struct pipe {
	char *buf;
	size_t head;		/* first unread byte */
	size_t len;		/* unread bytes */
	int readers, writers;	/* open files of each end */
	struct waitqueue wq;	/* readers and writers that wait */
};

static const struct file_ops pipe_fops;

static struct pipe *P(struct file *f)
{
	return f->inode->priv;
}

static void pipe_wake(struct pipe *p)
{
	wake_up(&p->wq);
}

/* Sleep until something happens to the pipe (or a signal comes): 0 or
 * -ERESTARTSYS.  Caller holds a reference on the file. */
static int pipe_wait(struct pipe *p)
{
	struct wait_entry we;
	int ret;

	wait_add(&p->wq, &we);
	ret = kernel_sleep(CLOCK_MONOTONIC, -1, SLEEP_INTR);
	wait_del(&we);
	return ret;
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
		if (pipe_wait(p))
			return -ERESTARTSYS;
	}
	n = MIN(p->len, u->len);
	first = MIN(n, PIPE_SIZE - p->head);
	uio_copy_out(u, 0, p->buf + p->head, first);
	uio_copy_out(u, first, p->buf, n - first);
	p->head = (p->head + n) % PIPE_SIZE;
	p->len -= n;
	pipe_wake(p);
	return n;
}

static long pipe_write(struct file *f, struct uio *u, s64 *pos)
{
	struct pipe *p = P(f);
	size_t done = 0, total = u->len;

	for (;;) {
		size_t room = PIPE_SIZE - p->len;
		size_t left = total - done;

		if (!p->readers)
			return done ? (long)done : -EPIPE;
		if (room >= left || (total > PIPE_BUF && room)) {
			size_t n = MIN(room, left);
			size_t tail = (p->head + p->len) % PIPE_SIZE;
			size_t first = MIN(n, PIPE_SIZE - tail);

			uio_copy_in(u, done, p->buf + tail, first);
			uio_copy_in(u, done + first, p->buf, n - first);
			p->len += n;
			done += n;
			pipe_wake(p);
			if (done == total)
				return done;
			continue;
		}
		if (f->flags & O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		if (pipe_wait(p))
			return done ? (long)done : -ERESTARTSYS;
	}
}

static long pipe_ioctl(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	int n = P(f)->len;

	if (cmd != FIONREAD)
		return -ENOTTY;
	return copy_to_user(t, UPTR(arg), &n, sizeof(n));
}

static void pipe_release(struct file *f)
{
	struct pipe *p = P(f);

	if (f->fmode & FMODE_READ)
		p->readers--;
	if (f->fmode & FMODE_WRITE)
		p->writers--;
	pipe_wake(p);
}

static const struct file_ops pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

/* An end of the pipe opened again (/proc/PID/fd/N). */
static int pipe_open(struct inode *ino, struct file *f)
{
	struct pipe *p = ino->priv;

	f->fop = &pipe_fops;
	f->fmode &= ~(FMODE_LSEEK | FMODE_PREAD);
	if (f->fmode & FMODE_READ)
		p->readers++;
	if (f->fmode & FMODE_WRITE)
		p->writers++;
	pipe_wake(p);
	return 0;
}

static void pipe_evict(struct inode *ino)
{
	struct pipe *p = ino->priv;

	if (p) {
		kfree(p->buf);
		kfree(p);
	}
}

static const struct inode_ops pipe_iops = {
	.open = pipe_open,
	.evict = pipe_evict,
};

/* A new pipe: its read end in *rd, its write end in *wr. */
static int pipe_create(unsigned flags, struct file **rd, struct file **wr)
{
	struct inode *ino;
	struct pipe *p;
	char name[32];
	int err;

	p = kzalloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->buf = kmalloc(PIPE_SIZE);
	ino = p->buf ? anon_inode_alloc(S_IFIFO | 0600) : NULL;
	if (!ino) {
		kfree(p->buf);
		kfree(p);
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
	p->readers = 1;
	err = anon_file_open(inode_get(ino), name, &pipe_fops, O_WRONLY | flags,
			     wr);
	if (err) {
		file_put(*rd);
		goto out_ino;
	}
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

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * eventfd(2) and eventfd2(2): a 64-bit counter behind an fd.
 *
 * A write adds its 8-byte value to the counter (waiting while the sum
 * would pass 0xfffffffffffffffe); a read returns the counter and zeroes
 * it, or with EFD_SEMAPHORE returns 1 and takes 1 off, waiting while it
 * is zero.  Readable when the counter is not zero, writable while 1 more
 * fits.  Reads and writes that wait are restarted after a handler with
 * SA_RESTART (-ERESTARTSYS), as Linux's.
 */
#include "kernel.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "abi/poll.h"
#include "fs/anon_fd.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

#define EVENTFD_MAX	0xfffffffffffffffeULL

struct eventfd {
	u64 count;
	bool semaphore;
	struct waitqueue wq;
};

static const struct file_ops eventfd_fops;

static long eventfd_read(struct file *f, struct uio *u, s64 *pos)
{
	struct eventfd *e = f->priv;
	u64 val;
	int ret;

	if (u->len < sizeof(val))
		return -EINVAL;
	while (!e->count) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_once(&e->wq);
		if (ret)
			return ret;
	}
	val = e->semaphore ? 1 : e->count;
	if (uio_copy_out(u, 0, &val, sizeof(val)) != sizeof(val))
		return -EFAULT;
	e->count -= val;
	wake_up_poll(&e->wq, POLLOUT | POLLWRNORM);
	return sizeof(val);
}

static long eventfd_write(struct file *f, struct uio *u, s64 *pos)
{
	struct eventfd *e = f->priv;
	u64 val;
	int ret;

	if (u->len < sizeof(val))
		return -EINVAL;
	if (uio_copy_in(u, 0, &val, sizeof(val)) != sizeof(val))
		return -EFAULT;
	if (val == ~0ULL)
		return -EINVAL;
	while (EVENTFD_MAX - e->count < val) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_once(&e->wq);
		if (ret)
			return ret;
	}
	e->count += val;
	if (e->count)
		wake_up_poll(&e->wq, POLLIN | POLLRDNORM);
	return sizeof(val);
}

static unsigned eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd *e = f->priv;
	unsigned mask = 0;

	poll_wait(f, &e->wq, pt);
	if (e->count)
		mask |= POLLIN | POLLRDNORM;
	if (e->count == ~0ULL)
		mask |= POLLERR;
	if (e->count < EVENTFD_MAX)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static void eventfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

long sys_eventfd2(struct task *t, const struct sysargs *a)
{
	unsigned initval = (unsigned)a->a[0], flags = (unsigned)a->a[1];
	struct eventfd *e;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = initval;
	e->semaphore = flags & EFD_SEMAPHORE;
	waitqueue_init(&e->wq);
	fd = anon_fd_install(t, "anon_inode:[eventfd]", &eventfd_fops, e, flags);
	if (fd < 0)
		kfree(e);
	return fd;
}

long sys_eventfd(struct task *t, const struct sysargs *a)
{
	struct sysargs b = *a;

	b.a[1] = 0;
	return sys_eventfd2(t, &b);
}

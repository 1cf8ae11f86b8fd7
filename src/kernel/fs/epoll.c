// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * epoll: epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait,
 * epoll_pwait2.
 *
 * An epoll file holds one *item* per watched (file, fd) pair.  Adding an
 * item polls its file with a poll_table (vfs/poll.h) that puts a callback
 * on each wait queue the file names; a wake-up of such a queue puts the
 * item on the epoll's ready list (unless the wake-up is about events the
 * item does not watch) and wakes the epoll's own queue, where epoll_wait
 * sleeps and where an outer poll or epoll of this epoll file waits.
 * epoll_wait polls the items of the ready list again and reports those
 * that are ready: level-triggered items stay on the list (the next call
 * looks again), edge-triggered ones leave it until their next wake-up,
 * and EPOLLONESHOT items are disabled until EPOLL_CTL_MOD.
 *
 * Files whose readiness is a host fd's (the console) cannot wake a queue:
 * their items stay on the ready list for good, and epoll_wait sleeps in a
 * host poll of their fds (and its wake eventfd), as poll(2) does.  For
 * them EPOLLET behaves as level-triggered.
 *
 * An item does not hold its file: as on Linux, it goes when the last
 * reference to the file goes (eventpoll_release, from file_put), not when
 * an fd is closed while a dup of it lives.  Nesting is allowed four
 * levels deep, without loops (ELOOP).  EPOLLEXCLUSIVE is accepted; every
 * waiter is woken.  EPOLLWAKEUP is kept for the guest's root, dropped for
 * others, and means nothing (nothing suspends).
 */
#include "kernel.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "task.h"
#include "abi/poll.h"
#include "fs/anon_fd.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

#define EP_PRIVATE_BITS	(EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EP_EXCLUSIVE_OK	(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | \
			 EPOLLET | EPOLLEXCLUSIVE)
#define EP_MAX_NESTS	4
#define EP_MAX_EVENTS	(0x7fffffff / (int)sizeof(struct linux_epoll_event))
#define EP_HASH		64
#define EP_BATCH	1024	/* events one epoll_wait reports at most */

struct epitem;

/* One wait queue an item's file wakes it through. */
struct ep_wait {
	struct wait_entry we;
	struct epitem *epi;
	struct ep_wait *next;
};

struct epitem {
	struct eventpoll *ep;
	struct file *file;		/* not a reference (see above) */
	int fd;
	struct linux_epoll_event event;	/* what to watch, data to report */
	struct epitem *hnext;		/* in ep->hash */
	struct epitem *rdnext, *rdprev;	/* in ep's ready list */
	bool ready;			/* on the ready list */
	bool host;			/* readiness from a host fd */
	struct epitem *fnext;		/* in file->f_ep */
	struct ep_wait *waits;
};

struct eventpoll {
	struct epitem *hash[EP_HASH];	/* items by fd */
	int nitems;
	struct epitem *rdhead, *rdtail;	/* the ready list */
	struct waitqueue wq;		/* epoll_wait, and pollers of this file */
};

static const struct file_ops eventpoll_fops;

static bool is_file_epoll(const struct file *f)
{
	return f->fop == &eventpoll_fops;
}

static struct eventpoll *EP(struct file *f)
{
	return f->priv;
}

/* ---- the ready list ---- */

static void rd_add(struct eventpoll *ep, struct epitem *epi)
{
	if (epi->ready)
		return;
	epi->ready = true;
	epi->rdnext = NULL;
	epi->rdprev = ep->rdtail;
	if (ep->rdtail)
		ep->rdtail->rdnext = epi;
	else
		ep->rdhead = epi;
	ep->rdtail = epi;
}

static void rd_del(struct eventpoll *ep, struct epitem *epi)
{
	if (!epi->ready)
		return;
	if (epi->rdprev)
		epi->rdprev->rdnext = epi->rdnext;
	else
		ep->rdhead = epi->rdnext;
	if (epi->rdnext)
		epi->rdnext->rdprev = epi->rdprev;
	else
		ep->rdtail = epi->rdprev;
	epi->ready = false;
	epi->rdnext = epi->rdprev = NULL;
}

/* A queue of the item's file was woken. */
static void ep_wake(struct wait_entry *we, unsigned key)
{
	struct epitem *epi = container_of(we, struct ep_wait, we)->epi;
	struct eventpoll *ep = epi->ep;

	if (!(epi->event.events & ~EP_PRIVATE_BITS))
		return;		/* a fired EPOLLONESHOT item */
	if (key && !(key & epi->event.events))
		return;		/* not what it waits for */
	rd_add(ep, epi);
	wake_up_poll(&ep->wq, POLLIN | POLLRDNORM);
}

/* ---- items ---- */

struct ep_pqueue {
	struct poll_table pt;
	struct epitem *epi;
	int error;
};

static void ep_queue(struct poll_table *pt, struct file *f, struct waitqueue *wq)
{
	struct ep_pqueue *q = container_of(pt, struct ep_pqueue, pt);
	struct ep_wait *w = kzalloc(sizeof(*w));

	if (!w) {
		q->error = -ENOMEM;
		return;
	}
	w->epi = q->epi;
	w->next = q->epi->waits;
	q->epi->waits = w;
	wait_add_func(wq, &w->we, ep_wake);
}

static void ep_host(struct poll_table *pt, struct file *f, int fd, unsigned events)
{
	container_of(pt, struct ep_pqueue, pt)->epi->host = true;
}

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	for (struct epitem *epi = ep->hash[(unsigned)fd % EP_HASH]; epi; epi = epi->hnext)
		if (epi->file == f && epi->fd == fd)
			return epi;
	return NULL;
}

static void ep_remove(struct eventpoll *ep, struct epitem *epi)
{
	struct epitem **pp;

	while (epi->waits) {
		struct ep_wait *w = epi->waits;

		epi->waits = w->next;
		wait_del(&w->we);
		kfree(w);
	}
	for (pp = &epi->file->f_ep; *pp; pp = &(*pp)->fnext) {
		if (*pp == epi) {
			*pp = epi->fnext;
			break;
		}
	}
	for (pp = &ep->hash[(unsigned)epi->fd % EP_HASH]; *pp; pp = &(*pp)->hnext) {
		if (*pp == epi) {
			*pp = epi->hnext;
			break;
		}
	}
	rd_del(ep, epi);
	ep->nitems--;
	kfree(epi);
}

/* The events of epi that are true now. */
static unsigned ep_item_poll(struct epitem *epi, struct poll_table *pt)
{
	return vfs_poll(epi->file, pt) & epi->event.events;
}

static int ep_insert(struct eventpoll *ep, const struct linux_epoll_event *ev,
		     struct file *tf, int fd)
{
	struct epitem *epi = kzalloc(sizeof(*epi));
	struct ep_pqueue q = { { ep_queue, ep_host }, epi, 0 };
	unsigned revents;

	if (!epi)
		return -ENOMEM;
	epi->ep = ep;
	epi->file = tf;
	epi->fd = fd;
	epi->event = *ev;
	epi->hnext = ep->hash[(unsigned)fd % EP_HASH];
	ep->hash[(unsigned)fd % EP_HASH] = epi;
	epi->fnext = tf->f_ep;
	tf->f_ep = epi;
	ep->nitems++;
	revents = ep_item_poll(epi, &q.pt);
	if (q.error) {
		ep_remove(ep, epi);
		return q.error;
	}
	if (revents || epi->host) {
		rd_add(ep, epi);
		wake_up_poll(&ep->wq, POLLIN | POLLRDNORM);
	}
	return 0;
}

static int ep_modify(struct eventpoll *ep, struct epitem *epi,
		     const struct linux_epoll_event *ev)
{
	epi->event = *ev;
	if (ep_item_poll(epi, NULL) || epi->host) {
		rd_add(ep, epi);
		wake_up_poll(&ep->wq, POLLIN | POLLRDNORM);
	}
	return 0;
}

/* Would watching the epoll file tf from ep make a loop, or nest deeper
 * than EP_MAX_NESTS? */
static bool ep_loop(struct eventpoll *ep, struct eventpoll *to, int depth)
{
	if (to == ep || depth > EP_MAX_NESTS)
		return true;
	for (int i = 0; i < EP_HASH; i++)
		for (struct epitem *epi = to->hash[i]; epi; epi = epi->hnext)
			if (is_file_epoll(epi->file) &&
			    ep_loop(ep, EP(epi->file), depth + 1))
				return true;
	return false;
}

void eventpoll_release(struct file *f)
{
	while (f->f_ep)
		ep_remove(f->f_ep->ep, f->f_ep);
}

/* ---- the epoll file ---- */

/* Readable when an item is ready.  Host-fd items are passed pt, so an
 * outer poll waits on their host fds too. */
static unsigned ep_eventpoll_poll(struct file *f, struct poll_table *pt)
{
	struct eventpoll *ep = EP(f);
	unsigned mask = 0;

	poll_wait(f, &ep->wq, pt);
	for (struct epitem *epi = ep->rdhead; epi; epi = epi->rdnext) {
		if (ep_item_poll(epi, epi->host ? pt : NULL))
			mask = POLLIN | POLLRDNORM;
	}
	return mask;
}

static void ep_release(struct file *f)
{
	struct eventpoll *ep = EP(f);

	if (!ep)
		return;
	for (int i = 0; i < EP_HASH; i++)
		while (ep->hash[i])
			ep_remove(ep, ep->hash[i]);
	kfree(ep);
}

static const struct file_ops eventpoll_fops = {
	.poll = ep_eventpoll_poll,
	.release = ep_release,
};

/* ---- epoll_wait ---- */

/* Report up to max ready items into ev; the number reported. */
static int ep_collect(struct eventpoll *ep, struct linux_epoll_event *ev, int max)
{
	struct epitem *keep = NULL, **keep_tail = &keep;
	int n = 0;

	while (ep->rdhead && n < max) {
		struct epitem *epi = ep->rdhead;
		unsigned revents;

		rd_del(ep, epi);
		revents = ep_item_poll(epi, NULL);
		if (revents) {
			ev[n].events = revents;
			ev[n].data = epi->event.data;
			n++;
			if (epi->event.events & EPOLLONESHOT) {
				epi->event.events &= EP_PRIVATE_BITS;
				continue;
			}
			if ((epi->event.events & EPOLLET) && !epi->host)
				continue;
		} else if (!epi->host) {
			continue;
		}
		/* level-triggered (or host): look again next time */
		epi->rdnext = NULL;
		*keep_tail = epi;
		keep_tail = &epi->rdnext;
	}
	while (keep) {
		struct epitem *epi = keep;

		keep = epi->rdnext;
		rd_add(ep, epi);
	}
	return n;
}

/* Sleep until the epoll's queue or one of its host-fd items wakes us. */
static int ep_sleep(struct file *epf, s64 deadline)
{
	struct eventpoll *ep = EP(epf);
	struct poll_wqueues pw;
	int ret;

	poll_wqueues_init(&pw);
	poll_wait(epf, &ep->wq, &pw.pt);
	for (struct epitem *epi = ep->rdhead; epi; epi = epi->rdnext)
		if (epi->host)
			vfs_poll(epi->file, &pw.pt);
	ret = pw.error ? pw.error : poll_schedule(&pw, deadline);
	poll_wqueues_free(&pw);
	return ret;
}

static long ep_wait(struct task *t, int epfd, struct uptr uev, int max, s64 deadline)
{
	struct linux_epoll_event *ev;
	struct file *f;
	long ret;

	if (max <= 0 || max > EP_MAX_EVENTS)
		return -EINVAL;
	f = fd_get(t, epfd);
	if (!f)
		return -EBADF;
	if (!is_file_epoll(f)) {
		file_put(f);
		return -EINVAL;
	}
	max = MIN(max, EP_BATCH);
	ev = kmalloc(max * sizeof(*ev));
	if (!ev) {
		file_put(f);
		return -ENOMEM;
	}
	for (;;) {
		int n = ep_collect(EP(f), ev, max);

		if (n) {
			ret = copy_to_user(t, uev, ev, n * sizeof(*ev)) ? -EFAULT : n;
			break;
		}
		if (!deadline) {
			ret = 0;
			break;
		}
		ret = ep_sleep(f, deadline);
		if (ret == -ETIMEDOUT) {
			deadline = 0;	/* one last look */
			continue;
		}
		if (ret) {
			ret = ret == -ERESTARTSYS ? -EINTR : ret;
			break;
		}
	}
	kfree(ev);
	file_put(f);
	return ret;
}

/* epoll_wait's timeout in ms: the CLOCK_MONOTONIC deadline (-1, 0). */
static s64 ms_deadline(int ms)
{
	if (ms < 0)
		return -1;
	if (!ms)
		return 0;
	return clock_ns(CLOCK_MONOTONIC) + ms * 1000000LL;
}

long sys_epoll_wait(struct task *t, const struct sysargs *a)
{
	return ep_wait(t, (int)a->a[0], UPTR(a->a[1]), (int)a->a[2],
		       ms_deadline((int)a->a[3]));
}

static long ep_pwait(struct task *t, const struct sysargs *a, s64 deadline)
{
	long ret = poll_set_sigmask(t, UPTR(a->a[4]), a->a[5]);

	if (ret)
		return ret;
	ret = ep_wait(t, (int)a->a[0], UPTR(a->a[1]), (int)a->a[2], deadline);
	poll_restore_sigmask(t, ret == -EINTR);
	return ret;
}

long sys_epoll_pwait(struct task *t, const struct sysargs *a)
{
	return ep_pwait(t, a, ms_deadline((int)a->a[3]));
}

long sys_epoll_pwait2(struct task *t, const struct sysargs *a)
{
	struct uptr uts = UPTR(a->a[3]);
	struct linux_timespec ts;
	s64 deadline = -1;

	if (!uptr_null(uts)) {
		if (copy_from_user(t, &ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		/* too far to add to the clock: none (no overflow) */
		if (ts.tv_sec >= INT64_MAX / NSEC_PER_SEC / 2)
			deadline = -1;
		else if (ts.tv_sec || ts.tv_nsec)
			deadline = clock_ns(CLOCK_MONOTONIC) + ts.tv_sec * NSEC_PER_SEC +
				   ts.tv_nsec;
		else
			deadline = 0;
	}
	return ep_pwait(t, a, deadline);
}

/* ---- epoll_create, epoll_ctl ---- */

static long ep_create(struct task *t, unsigned flags)
{
	struct eventpoll *ep = kzalloc(sizeof(*ep));
	int fd;

	if (!ep)
		return -ENOMEM;
	waitqueue_init(&ep->wq);
	fd = anon_fd_install(t, "anon_inode:[eventpoll]", &eventpoll_fops, ep,
			     flags & EPOLL_CLOEXEC);
	if (fd < 0)
		kfree(ep);
	return fd;
}

long sys_epoll_create1(struct task *t, const struct sysargs *a)
{
	unsigned flags = (unsigned)a->a[0];

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	return ep_create(t, flags);
}

long sys_epoll_create(struct task *t, const struct sysargs *a)
{
	if ((int)a->a[0] <= 0)
		return -EINVAL;
	return ep_create(t, 0);
}

static long ep_ctl(struct task *t, struct file *epf, int op, struct file *tf, int fd,
		   struct linux_epoll_event *ev)
{
	struct eventpoll *ep;
	struct epitem *epi;

	if (!tf->fop || !tf->fop->poll)
		return -EPERM;	/* regular files, directories, devices */
	if (!is_file_epoll(epf) || epf == tf)
		return -EINVAL;
	ep = EP(epf);
	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD &&
		    (is_file_epoll(tf) || (ev->events & ~EP_EXCLUSIVE_OK)))
			return -EINVAL;
	}
	if (op != EPOLL_CTL_DEL) {
		if (t->proc->cred.euid != 0)
			ev->events &= ~EPOLLWAKEUP;
		ev->events |= EPOLLERR | EPOLLHUP;
	}
	epi = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (epi)
			return -EEXIST;
		if (is_file_epoll(tf) && ep_loop(ep, EP(tf), 1))
			return -ELOOP;
		return ep_insert(ep, ev, tf, fd);
	case EPOLL_CTL_DEL:
		if (!epi)
			return -ENOENT;
		ep_remove(ep, epi);
		return 0;
	case EPOLL_CTL_MOD:
		if (!epi)
			return -ENOENT;
		if (epi->event.events & EPOLLEXCLUSIVE)
			return -EINVAL;
		return ep_modify(ep, epi, ev);
	}
	return -EINVAL;
}

long sys_epoll_ctl(struct task *t, const struct sysargs *a)
{
	int epfd = (int)a->a[0], op = (int)a->a[1], fd = (int)a->a[2];
	struct linux_epoll_event ev = { 0, 0 };
	struct file *epf, *tf;
	long ret;

	if (op != EPOLL_CTL_ADD && op != EPOLL_CTL_DEL && op != EPOLL_CTL_MOD)
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && copy_from_user(t, &ev, UPTR(a->a[3]), sizeof(ev)))
		return -EFAULT;
	epf = fd_get(t, epfd);
	if (!epf)
		return -EBADF;
	tf = fd_get(t, fd);
	if (!tf || (tf->fmode & FMODE_PATH)) {
		file_put(tf);
		file_put(epf);
		return -EBADF;
	}
	ret = ep_ctl(t, epf, op, tf, fd, &ev);
	file_put(tf);
	file_put(epf);
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Readiness: how a file says what it is ready for, and whom to wake when
 * that changes.  The design is Linux's poll_table.
 *
 * A file's ->poll(f, pt) returns the POLL* events true now.  When pt is
 * not NULL, it also calls poll_wait(f, wq, pt) for each wait queue whose
 * wake-up means "look again" (a pipe's queue, an eventfd's), or
 * poll_wait_host(f, fd, events, pt) when its readiness is that of one of
 * umk's host fds (the console).  What pt does with them is its owner's
 * business:
 *
 *  - poll(2) and select(2) (struct poll_wqueues, below) queue the calling
 *    task on every queue and remember the host fds, then sleep: on the
 *    task's wake word alone, or, when host fds are involved, in a host
 *    poll of those fds plus the task's wake eventfd (sched.c's
 *    kernel_wait_host_fds), so a wake-up from either side ends the sleep;
 *  - epoll (fs/epoll.c) puts a callback on each queue, which marks its
 *    item ready; host-fd items are looked at on every epoll_wait.
 *
 * Wakers use wake_up_poll(wq, POLLIN) and friends (sched.h), so epoll's
 * edge-triggered items only fire for the events they wait for.
 */
#ifndef UMK_VFS_POLL_H
#define UMK_VFS_POLL_H

#include "kernel.h"
#include "abi/poll.h"
#include "sched.h"
#include "mm.h"

struct file;
struct task;

/* What a file without ->poll is ready for (always: regular files, devices). */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct poll_table {
	/* f's readiness changes come with a wake-up of wq */
	void (*queue)(struct poll_table *pt, struct file *f, struct waitqueue *wq);
	/* f is ready when the host fd is (for events) */
	void (*host)(struct poll_table *pt, struct file *f, int fd, unsigned events);
};

static inline void poll_wait(struct file *f, struct waitqueue *wq,
			     struct poll_table *pt)
{
	if (pt && pt->queue)
		pt->queue(pt, f, wq);
}

static inline void poll_wait_host(struct file *f, int fd, unsigned events,
				  struct poll_table *pt)
{
	if (pt && pt->host)
		pt->host(pt, f, fd, events);
}

/* The events f is ready for now (registering with pt, which may be NULL). */
unsigned vfs_poll(struct file *f, struct poll_table *pt);
/* The events a host fd is ready for now (POLLIN, POLLOUT, POLLHUP, ...). */
unsigned poll_host_fd(int fd, unsigned events);

/* ---- the wait of poll(2) and select(2) ---- */

#define POLL_INLINE_ENTRIES	16
#define POLL_MAX_HOST_FDS	32

struct poll_entry {
	struct wait_entry we;
	struct file *f;			/* a reference: the queue stays */
};

struct poll_chunk;

struct poll_wqueues {
	struct poll_table pt;
	struct poll_chunk *chunks;	/* entries beyond the inline ones */
	int ninline;
	int error;			/* -ENOMEM: an entry could not be made */
	int nhost;
	struct host_pollfd host[POLL_MAX_HOST_FDS];
	struct poll_entry inline_entries[POLL_INLINE_ENTRIES];
};

void poll_wqueues_init(struct poll_wqueues *pw);
/* Leave every queue, drop the file references. */
void poll_wqueues_free(struct poll_wqueues *pw);
/* Sleep until something registered in pw wakes the task, a signal comes
 * (-ERESTARTSYS) or the CLOCK_MONOTONIC deadline (< 0: none) passes
 * (-ETIMEDOUT).  0: look again.  May sleep. */
int poll_schedule(struct poll_wqueues *pw, s64 deadline);

/* ---- the signal mask of ppoll, pselect6 and epoll_pwait (sys_poll.c) ----
 * Set the guest's mask (NULL: leave it) for the call, then restore it:
 * at once, or, when the call was interrupted, after the handler of the
 * signal has run (its frame keeps the old mask). */
int poll_set_sigmask(struct task *t, struct uptr umask, size_t size);
void poll_restore_sigmask(struct task *t, bool interrupted);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sleeping and waking.
 *
 * A task that must wait (a pipe, a child, a futex, a timer) puts a
 * wait_entry on the object's waitqueue, checks its condition, and calls
 * kernel_sleep(), which drops the big kernel lock and sleeps on the task's
 * own wake word.  Anyone may wake a task: the object's wake_up(), a signal
 * sent to it, the end of its process.  kernel_sleep() returns after any of
 * them; the caller looks at its condition again.  Because the condition is
 * checked and the sleep begun under the kernel lock, and waking takes the
 * lock too, no wake-up is lost.
 *
 * The usual shape:
 *
 *	wait_add(&obj->wq, &we);
 *	while (!condition) {
 *		ret = kernel_sleep(CLOCK_MONOTONIC, deadline, SLEEP_INTR);
 *		if (ret)
 *			break;		// -ERESTARTSYS (a signal), -ETIMEDOUT
 *	}
 *	wait_del(&we);
 */
#ifndef UMK_SCHED_H
#define UMK_SCHED_H

#include "kernel.h"

struct task;

/* The task this umk thread serves (each task has its own umk thread). */
extern __thread struct task *current;

#define NSEC_PER_SEC 1000000000LL

struct wait_entry {
	struct wait_entry *next, *prev;
	struct task *t;
	u32 woken;		/* set by wake_up */
	/* If set, wake_up calls it instead of waking t (epoll's items);
	 * key is what the wake-up is about (POLL* bits, 0: anything). */
	void (*func)(struct wait_entry *we, unsigned key);
};

struct waitqueue {
	struct wait_entry head;
};

void waitqueue_init(struct waitqueue *wq);
/* Queue the current task on wq (we lives on the caller's stack). */
void wait_add(struct waitqueue *wq, struct wait_entry *we);
/* Queue a callback on wq instead of a task. */
void wait_add_func(struct waitqueue *wq, struct wait_entry *we,
		   void (*func)(struct wait_entry *we, unsigned key));
void wait_del(struct wait_entry *we);
/* One interruptible sleep on wq, for loops that look at their condition
 * before each call: 0 when woken (look again) or -ERESTARTSYS. */
int wait_once(struct waitqueue *wq);
/* Wake every task on wq; wake_up_one only the first.  The entries stay
 * queued (their owners remove them); woken is set. */
void wake_up(struct waitqueue *wq);
bool wake_up_one(struct waitqueue *wq);
/* wake_up for a change of readiness: key is the POLL* events it is about
 * (POLLIN: data came, POLLOUT: room came); callbacks may ignore what
 * they do not wait for, tasks are woken anyway. */
void wake_up_poll(struct waitqueue *wq, unsigned key);
bool waitqueue_active(struct waitqueue *wq);

#define SLEEP_INTR	0x1	/* a pending signal ends the sleep */

/*
 * Sleep until woken, until deadline (ns on clock; < 0: none), or, with
 * SLEEP_INTR, until a signal is pending.  Returns 0 when woken (look
 * again), -ETIMEDOUT, or -ERESTARTSYS.  Whatever the flags, the end of the
 * process (exit_group, a fatal signal) ends the sleep with -ERESTARTSYS.
 * Caller holds the kernel lock; it is dropped while asleep.
 */
int kernel_sleep(int clock, s64 deadline, unsigned flags);
/* The same, also waking when the host fd is ready (POLLIN, or POLLOUT when
 * write): for files that are host fds (the console).  0 when ready. */
int kernel_wait_host_fd(int fd, bool write, s64 deadline, unsigned flags);
/* The same for several host fds (their revents are filled in): 0 when one
 * is ready or the task was woken (look again), -ETIMEDOUT, -ERESTARTSYS.
 * deadline is CLOCK_MONOTONIC.  For poll, select and epoll. */
int kernel_wait_host_fds(struct host_pollfd *fds, int n, s64 deadline,
			 unsigned flags);
/* Sleep ns with the kernel lock dropped, woken by nothing: for threads
 * that are no task (the boot thread, the management console's) waiting
 * for tasks to end. */
void kernel_nap(s64 ns);
/* Wake a task from kernel_sleep (or make its next one return at once). */
void task_wake(struct task *t);

/* The clock's time in ns. */
s64 clock_ns(int clock);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/* Sleeping and waking: see sched.h. */
#include "kernel.h"
#include "abi/poll.h"
#include "sched.h"
#include "signal.h"
#include "task.h"

__thread struct task *current;

s64 clock_ns(int clock)
{
	struct linux_timespec ts;

	host_clock_gettime(clock, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

void waitqueue_init(struct waitqueue *wq)
{
	wq->head.next = wq->head.prev = &wq->head;
}

void wait_add(struct waitqueue *wq, struct wait_entry *we)
{
	if (!wq->head.next)
		waitqueue_init(wq);
	we->t = current;
	we->woken = 0;
	we->func = NULL;
	we->prev = wq->head.prev;
	we->next = &wq->head;
	wq->head.prev->next = we;
	wq->head.prev = we;
}

void wait_add_func(struct waitqueue *wq, struct wait_entry *we,
		   void (*func)(struct wait_entry *we, unsigned key))
{
	wait_add(wq, we);
	we->t = NULL;
	we->func = func;
}

void wait_del(struct wait_entry *we)
{
	if (!we->next)
		return;
	we->prev->next = we->next;
	we->next->prev = we->prev;
	we->next = we->prev = NULL;
}

int wait_once(struct waitqueue *wq)
{
	struct wait_entry we;
	int ret;

	wait_add(wq, &we);
	ret = kernel_sleep(CLOCK_MONOTONIC, -1, SLEEP_INTR);
	wait_del(&we);
	return ret ? -ERESTARTSYS : 0;
}

bool waitqueue_active(struct waitqueue *wq)
{
	return wq->head.next && wq->head.next != &wq->head;
}

void wake_up_poll(struct waitqueue *wq, unsigned key)
{
	struct wait_entry *we, *next;

	if (!wq->head.next)
		return;
	for (we = wq->head.next; we != &wq->head; we = next) {
		next = we->next;
		we->woken = 1;
		if (we->func)
			we->func(we, key);
		else
			task_wake(we->t);
	}
}

void wake_up(struct waitqueue *wq)
{
	wake_up_poll(wq, 0);
}

bool wake_up_one(struct waitqueue *wq)
{
	if (!waitqueue_active(wq))
		return false;
	for (struct wait_entry *we = wq->head.next; we != &wq->head; we = we->next) {
		if (!we->woken) {
			we->woken = 1;
			if (we->func)
				we->func(we, 0);
			else
				task_wake(we->t);
			return true;
		}
	}
	return false;
}

void task_wake(struct task *t)
{
	__atomic_add_fetch(&t->wake_seq, 1, __ATOMIC_RELEASE);
	host_futex_wake(&t->wake_seq, 1);
	if (t->in_host_wait && t->wake_fd >= 0)
		host_eventfd_signal(t->wake_fd);
}

/* Why the current task must stop sleeping now, or 0. */
static int interrupted(struct task *t, unsigned flags)
{
	if (t->proc->exiting || t->exiting)
		return -ERESTARTSYS;
	if ((flags & SLEEP_INTR) && signal_pending(t))
		return -ERESTARTSYS;
	return 0;
}

static s64 time_left(int clock, s64 deadline)
{
	return deadline < 0 ? -1 : deadline - clock_ns(clock);
}

int kernel_sleep(int clock, s64 deadline, unsigned flags)
{
	struct task *t = current;
	u32 seq = __atomic_load_n(&t->wake_seq, __ATOMIC_ACQUIRE);
	int ret = interrupted(t, flags);
	s64 left;

	if (ret)
		return ret;
	left = time_left(clock, deadline);
	if (deadline >= 0 && left <= 0)
		return -ETIMEDOUT;
	host_kernel_unlock();
	host_futex_wait(&t->wake_seq, seq, left);
	host_kernel_lock();
	return interrupted(t, flags);
}

void kernel_nap(s64 ns)
{
	u32 never = 0;

	host_kernel_unlock();
	host_futex_wait(&never, 0, ns);
	host_kernel_lock();
}

int kernel_wait_host_fds(struct host_pollfd *fds, int n, s64 deadline,
			 unsigned flags)
{
	struct task *t = current;
	int ret = interrupted(t, flags);
	s64 left;

	if (ret)
		return ret;
	if (t->wake_fd < 0) {
		t->wake_fd = host_eventfd_create();
		if (t->wake_fd < 0)
			return t->wake_fd;
	}
	left = time_left(CLOCK_MONOTONIC, deadline);
	if (deadline >= 0 && left <= 0)
		return -ETIMEDOUT;
	t->in_host_wait = true;
	host_kernel_unlock();
	ret = host_poll(fds, n, t->wake_fd, left);
	host_kernel_lock();
	t->in_host_wait = false;
	if (ret > 0)
		return 0;
	if (ret == -ETIMEDOUT)
		return ret;
	return interrupted(t, flags);	/* woken: by a signal, or spuriously */
}

int kernel_wait_host_fd(int fd, bool write, s64 deadline, unsigned flags)
{
	struct host_pollfd p = { fd, write ? POLLOUT : POLLIN, 0 };

	return kernel_wait_host_fds(&p, 1, deadline, flags);
}

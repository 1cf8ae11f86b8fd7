// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timerfd_create(2), timerfd_settime(2), timerfd_gettime(2): a timer
 * whose expirations are read from an fd.
 *
 * Each timerfd is a kernel timer (timer.h), which runs on CLOCK_MONOTONIC:
 * the expiry on the timer's own clock (CLOCK_REALTIME, CLOCK_BOOTTIME) is
 * turned into a monotonic one when the timer is armed and at each period.
 * So a CLOCK_REALTIME timer does not follow a change of the host's clock
 * made meanwhile, and TFD_TIMER_CANCEL_ON_SET is accepted but never
 * cancels.  The *_ALARM clocks are their plain counterparts (nothing
 * suspends), for the guest's root only as on Linux.
 *
 * The timer counts expirations (a period missed while nobody read counts
 * too); a read returns the count as 8 bytes and zeroes it, waiting while
 * it is zero.  Readable when the count is not zero.
 */
#include "kernel.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "timer.h"
#include "abi/poll.h"
#include "fs/anon_fd.h"
#include "vfs/poll.h"
#include "vfs/vfs.h"

struct timerfd {
	struct ktimer kt;
	int clock;
	s64 expires;		/* on clock, ns; 0: disarmed */
	s64 interval;		/* ns; 0: one shot */
	u64 ticks;		/* expirations not read yet */
	struct waitqueue wq;
};

static const struct file_ops timerfd_fops;

/* Arm the kernel timer for the expiry tf->expires on tf->clock. */
static void timerfd_arm(struct timerfd *tf)
{
	s64 mono = tf->expires;

	if (tf->clock != CLOCK_MONOTONIC) {
		s64 now = clock_ns(tf->clock);

		mono = clock_ns(CLOCK_MONOTONIC) + (tf->expires - now);
	}
	ktimer_arm(&tf->kt, mono);
}

static void timerfd_fire(struct ktimer *kt)
{
	struct timerfd *tf = container_of(kt, struct timerfd, kt);
	s64 now = clock_ns(tf->clock);

	if (!tf->expires)
		return;
	if (now < tf->expires) {
		timerfd_arm(tf);	/* the clock moved: not yet */
		return;
	}
	tf->ticks++;
	if (tf->interval) {
		/* periods that passed unseen count as expirations too */
		s64 missed = (now - tf->expires) / tf->interval;

		tf->ticks += missed;
		tf->expires += (missed + 1) * tf->interval;
		timerfd_arm(tf);
	} else {
		tf->expires = 0;
	}
	wake_up_poll(&tf->wq, POLLIN | POLLRDNORM);
}

static long timerfd_read(struct file *f, struct uio *u, s64 *pos)
{
	struct timerfd *tf = f->priv;
	u64 ticks;

	if (u->len < sizeof(ticks))
		return -EINVAL;
	while (!tf->ticks) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_once(&tf->wq))
			return -ERESTARTSYS;
	}
	ticks = tf->ticks;
	if (uio_copy_out(u, 0, &ticks, sizeof(ticks)) != sizeof(ticks))
		return -EFAULT;
	tf->ticks = 0;
	return sizeof(ticks);
}

static unsigned timerfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd *tf = f->priv;

	poll_wait(f, &tf->wq, pt);
	return tf->ticks ? POLLIN | POLLRDNORM : 0;
}

static void timerfd_release(struct file *f)
{
	struct timerfd *tf = f->priv;

	if (!tf)
		return;
	ktimer_cancel(&tf->kt);
	kfree(tf);
}

static const struct file_ops timerfd_fops = {
	.read = timerfd_read,
	.poll = timerfd_poll,
	.release = timerfd_release,
};

/* The timerfd at fd (a reference in *fp), or -EBADF / -EINVAL. */
static int timerfd_get(struct task *t, int fd, struct file **fp)
{
	struct file *f = fd_get(t, fd);

	if (!f)
		return -EBADF;
	if (f->fop != &timerfd_fops) {
		file_put(f);
		return -EINVAL;
	}
	*fp = f;
	return 0;
}

static bool valid_ts(const struct linux_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

static s64 ts_ns(const struct linux_timespec *ts)
{
	if (ts->tv_sec > INT64_MAX / NSEC_PER_SEC - 1)
		return INT64_MAX / 2;
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static struct linux_timespec ns_ts(s64 ns)
{
	return (struct linux_timespec){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

/* What timerfd_gettime reports: time to the next expiry, and the period. */
static void timerfd_value(struct timerfd *tf, struct linux_itimerspec *its)
{
	s64 left = 0;

	if (tf->expires) {
		left = tf->expires - clock_ns(tf->clock);
		if (left < 0)
			left = 0;	/* due: about to fire */
	}
	its->it_value = ns_ts(left);
	its->it_interval = ns_ts(tf->interval);
}

long sys_timerfd_create(struct task *t, const struct sysargs *a)
{
	int clock = (int)a->a[0];
	unsigned flags = (unsigned)a->a[1];
	struct timerfd *tf;
	int fd;

	switch (clock) {
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		if (t->proc->cred.euid != 0)
			return -EPERM;
		clock = clock == CLOCK_REALTIME_ALARM ? CLOCK_REALTIME : CLOCK_BOOTTIME;
		break;
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		break;
	default:
		return -EINVAL;
	}
	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	tf = kzalloc(sizeof(*tf));
	if (!tf)
		return -ENOMEM;
	tf->clock = clock;
	tf->kt.fn = timerfd_fire;
	waitqueue_init(&tf->wq);
	fd = anon_fd_install(t, "anon_inode:[timerfd]", &timerfd_fops, tf, flags);
	if (fd < 0)
		kfree(tf);
	return fd;
}

long sys_timerfd_settime(struct task *t, const struct sysargs *a)
{
	int flags = (int)a->a[1];
	struct uptr unew = UPTR(a->a[2]), uold = UPTR(a->a[3]);
	struct linux_itimerspec its, old;
	struct timerfd *tf;
	struct file *f;
	int ret;

	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	if (copy_from_user(t, &its, unew, sizeof(its)))
		return -EFAULT;
	if (!valid_ts(&its.it_value) || !valid_ts(&its.it_interval))
		return -EINVAL;
	ret = timerfd_get(t, (int)a->a[0], &f);
	if (ret)
		return ret;
	tf = f->priv;
	timerfd_value(tf, &old);
	ktimer_cancel(&tf->kt);
	tf->ticks = 0;
	tf->expires = ts_ns(&its.it_value);
	tf->interval = ts_ns(&its.it_interval);
	if (tf->expires) {
		if (!(flags & TFD_TIMER_ABSTIME))
			tf->expires += clock_ns(tf->clock);
		if (tf->expires <= 0)
			tf->expires = 1;
		timerfd_arm(tf);
	}
	file_put(f);
	if (!uptr_null(uold) && copy_to_user(t, uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_timerfd_gettime(struct task *t, const struct sysargs *a)
{
	struct linux_itimerspec its;
	struct file *f;
	int ret;

	ret = timerfd_get(t, (int)a->a[0], &f);
	if (ret)
		return ret;
	timerfd_value(f->priv, &its);
	file_put(f);
	return copy_to_user(t, UPTR(a->a[1]), &its, sizeof(its)) ? -EFAULT : 0;
}

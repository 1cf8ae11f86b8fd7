// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Clocks and sleeping: clock_gettime and friends, nanosleep and
 * clock_nanosleep.  Sleeps are kernel_sleep()s that a signal ends; how
 * they end and restart is nanosleep_until()'s.
 */
#include "kernel.h"
#include "mm.h"
#include "syscall.h"
#include "sched.h"


static bool valid_ts(const struct linux_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

static s64 ts_to_ns(const struct linux_timespec *ts)
{
	if (ts->tv_sec > INT64_MAX / NSEC_PER_SEC - 1)
		return INT64_MAX;
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static struct linux_timespec ns_to_ts(s64 ns)
{
	return (struct linux_timespec){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

/* A guest clock: the host's for wall and monotonic clocks, the stub's CPU
 * time for the CPU clocks.  -EINVAL for clocks umk does not know. */
static int clock_read(struct task *t, int clock, struct linux_timespec *ts)
{
	switch (clock) {
	case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE: case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME: case CLOCK_TAI:
		return host_clock_gettime(clock, ts);
	case CLOCK_PROCESS_CPUTIME_ID:
		*ts = ns_to_ts(plat_as_cpu_ns(t->proc->mm->as));
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ts = ns_to_ts(plat_ctx_cpu_ns(t->ctx));
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_clock_gettime(struct task *t, const struct sysargs *a)
{
	struct linux_timespec ts;
	int ret = clock_read(t, (int)a->a[0], &ts);

	if (ret)
		return ret;
	return copy_to_user(t, UPTR(a->a[1]), &ts, sizeof(ts)) ? -EFAULT : 0;
}

long sys_clock_getres(struct task *t, const struct sysargs *a)
{
	struct linux_timespec ts;
	int clock = (int)a->a[0];
	int ret = clock_read(t, clock, &ts);

	if (ret)
		return ret;
	if (clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID)
		ts = ns_to_ts(1);
	else
		host_clock_getres(clock, &ts);
	if (a->a[1] && copy_to_user(t, UPTR(a->a[1]), &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

long sys_gettimeofday(struct task *t, const struct sysargs *a)
{
	struct linux_timespec ts;
	struct linux_timeval tv;
	int tz[2] = { 0, 0 };

	host_clock_gettime(CLOCK_REALTIME, &ts);
	tv.tv_sec = ts.tv_sec;
	tv.tv_usec = ts.tv_nsec / 1000;
	if (a->a[0] && copy_to_user(t, UPTR(a->a[0]), &tv, sizeof(tv)))
		return -EFAULT;
	if (a->a[1] && copy_to_user(t, UPTR(a->a[1]), tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}

long sys_time(struct task *t, const struct sysargs *a)
{
	struct linux_timespec ts;

	host_clock_gettime(CLOCK_REALTIME, &ts);
	if (a->a[0] && copy_to_user(t, UPTR(a->a[0]), &ts.tv_sec, 8))
		return -EFAULT;
	return ts.tv_sec;
}

/*
 * Sleep until clock reads deadline (ns): 0, or -ERESTARTSYS when a
 * signal (or the end of the process) comes first.  The process CPU clock
 * is sampled: CPU time runs at most nthreads times faster than the wall
 * clock, so the wait is cut into wall-clock naps of 1 to 50 ms.
 */
static int sleep_until(struct task *t, int clock, s64 deadline)
{
	int ret;

	if (clock == CLOCK_PROCESS_CPUTIME_ID) {
		for (;;) {
			s64 left = deadline - plat_as_cpu_ns(t->proc->mm->as);

			if (left <= 0)
				return 0;
			left /= MAX(t->proc->nthreads, 1);
			left = MIN(MAX(left, 1000000LL), 50000000LL);
			ret = kernel_sleep(CLOCK_MONOTONIC, clock_ns(CLOCK_MONOTONIC) + left,
					   SLEEP_INTR);
			if (ret && ret != -ETIMEDOUT)
				return ret;
		}
	}
	do
		ret = kernel_sleep(clock, deadline, SLEEP_INTR);
	while (!ret);
	return ret == -ETIMEDOUT ? 0 : ret;
}

static s64 sleep_clock_ns(struct task *t, int clock)
{
	if (clock == CLOCK_PROCESS_CPUTIME_ID)
		return plat_as_cpu_ns(t->proc->mm->as);
	return clock_ns(clock);
}

static long nanosleep_restart(struct task *t, struct restart_block *rb);

/*
 * The sleep of nanosleep and clock_nanosleep, to deadline on clock.  As
 * on Linux, a relative sleep that a signal interrupts writes the time left
 * to rem and returns -ERESTART_RESTARTBLOCK: EINTR if a handler runs, else
 * (a stop and SIGCONT, an ignored signal) restart_syscall sleeps on to the
 * same deadline.  An absolute sleep just restarts (-ERESTARTNOHAND).
 */
static long nanosleep_until(struct task *t, int clock, s64 deadline, bool abs,
			    struct uptr rem)
{
	s64 left;

	if (!sleep_until(t, clock, deadline))
		return 0;
	if (abs)
		return -ERESTARTNOHAND;
	left = deadline - sleep_clock_ns(t, clock);
	if (left <= 0)
		return 0;
	if (!uptr_null(rem)) {
		struct linux_timespec ts = ns_to_ts(left);

		if (copy_to_user(t, rem, &ts, sizeof(ts)))
			return -EFAULT;
	}
	t->restart = (struct restart_block){ nanosleep_restart,
					     { (u64)clock, (u64)deadline, rem.addr } };
	return -ERESTART_RESTARTBLOCK;
}

static long nanosleep_restart(struct task *t, struct restart_block *rb)
{
	return nanosleep_until(t, (int)rb->arg[0], (s64)rb->arg[1], false,
			       UPTR(rb->arg[2]));
}

static long do_nanosleep(struct task *t, int clock, int flags, struct uptr req,
			 struct uptr rem)
{
	struct linux_timespec ts;
	s64 deadline, now;

	if (copy_from_user(t, &ts, req, sizeof(ts)))
		return -EFAULT;
	if (!valid_ts(&ts))
		return -EINVAL;
	deadline = ts_to_ns(&ts);
	if (!(flags & TIMER_ABSTIME)) {
		now = sleep_clock_ns(t, clock);
		deadline = deadline > INT64_MAX - now ? INT64_MAX : deadline + now;
	}
	return nanosleep_until(t, clock, deadline, flags & TIMER_ABSTIME, rem);
}

long sys_nanosleep(struct task *t, const struct sysargs *a)
{
	return do_nanosleep(t, CLOCK_MONOTONIC, 0, UPTR(a->a[0]), UPTR(a->a[1]));
}

long sys_clock_nanosleep(struct task *t, const struct sysargs *a)
{
	int clock = (int)a->a[0], flags = (int)a->a[1];

	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	switch (clock) {
	case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
		return do_nanosleep(t, clock, flags, UPTR(a->a[2]), UPTR(a->a[3]));
	case CLOCK_PROCESS_CPUTIME_ID:
		return do_nanosleep(t, clock, flags, UPTR(a->a[2]), UPTR(a->a[3]));
	case CLOCK_THREAD_CPUTIME_ID:
		return -EINVAL;
	default:
		return -EINVAL;
	}
}

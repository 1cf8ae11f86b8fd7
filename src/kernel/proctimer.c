// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Process timers: alarm, setitimer/getitimer, and the POSIX timers
 * (timer_create, timer_settime, timer_gettime, timer_getoverrun,
 * timer_delete), on kernel timers (timer.h).  A process holds them in
 * p->timers, made on first use.
 *
 * Wall-clock timers (ITIMER_REAL, POSIX timers on CLOCK_REALTIME,
 * MONOTONIC, BOOTTIME, TAI) are kernel timers, which run on
 * CLOCK_MONOTONIC: an expiry on another clock is turned into a monotonic
 * one when the timer is armed and at each period (a later change of the
 * host's clock is not followed).
 *
 * CPU-time timers (ITIMER_VIRTUAL, ITIMER_PROF, POSIX timers on the CPU
 * clocks) are *sampled*: while one is armed, a kernel timer of the process
 * reads its CPU time (plat_as_cpu_ns: the stub's host CPU time, user and
 * system together, so VIRTUAL and PROF count the same) every 1 to 50 ms,
 * sooner as an expiry nears, and fires what is due.  They are late by up
 * to a sampling period.
 *
 * A POSIX timer queues one signal (SI_TIMER, with si_timerid, si_value
 * and si_overrun); expirations while it is still pending only count as
 * overruns, reported by timer_getoverrun and in the signal's si_overrun,
 * as on Linux.
 *
 * fork: the child has none (its p->timers is NULL).  execve keeps alarm
 * and the interval timers and deletes the POSIX timers (timers_exec).
 */
#include "kernel.h"
#include "mm.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "task.h"
#include "timer.h"
#include "abi/poll.h"

#define TIMER_MAX	32768		/* POSIX timers per process */
#define SAMPLE_MIN	1000000LL	/* CPU sampling period bounds, ns */
#define SAMPLE_MAX	50000000LL
#define OVERRUN_MAX	0x7fffffff	/* DELAYTIMER_MAX */

/* CPU clock ids of other processes and threads (clock_getcpuclockid). */
#define CPUCLOCK_PERTHREAD	4

struct ptimer {
	struct ptimer *next;
	struct proc_timers *pt;
	int id;
	int clock;		/* CLOCK_*; the CPU ones are sampled */
	int tid;		/* CLOCK_THREAD_CPUTIME_ID's thread */
	int notify;		/* SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID */
	int signo;
	int target;		/* SIGEV_THREAD_ID's thread */
	u64 value;		/* sigev_value */
	struct ktimer kt;
	s64 expires;		/* on clock, ns; 0: disarmed */
	s64 interval;
	int overrun;		/* since the pending signal was queued */
	int overrun_last;	/* what the signal before it carried */
};

/* ITIMER_VIRTUAL and ITIMER_PROF: CPU time left until they fire. */
struct cpu_itimer {
	s64 left;		/* 0: disarmed */
	s64 interval;
};

struct proc_timers {
	struct process *p;
	struct ktimer real;		/* ITIMER_REAL and alarm */
	s64 real_expires;		/* CLOCK_MONOTONIC ns; 0: disarmed */
	s64 real_interval;
	struct cpu_itimer cpu[2];	/* [0] VIRTUAL, [1] PROF */
	struct ktimer sampler;		/* while a CPU timer is armed */
	s64 last_cpu;			/* the CPU time at the last sample */
	struct plat_as *last_as;	/* ... of this address space */
	struct ptimer *posix;
	int nposix;
	int next_id;
};

static bool is_cpu_clock(int clock)
{
	return clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID;
}

static s64 tv_ns(const struct linux_timeval *tv)
{
	if (tv->tv_sec > INT64_MAX / NSEC_PER_SEC / 4)
		return INT64_MAX / 4;
	return tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * 1000;
}

static s64 ts_ns(const struct linux_timespec *ts)
{
	if (ts->tv_sec > INT64_MAX / NSEC_PER_SEC / 4)
		return INT64_MAX / 4;	/* far enough, and sums do not overflow */
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static struct linux_timespec ns_ts(s64 ns)
{
	return (struct linux_timespec){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

static struct linux_timeval ns_tv(s64 ns)
{
	return (struct linux_timeval){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000 };
}

static bool valid_ts(const struct linux_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

static void real_fire(struct ktimer *kt);
static void sample(struct ktimer *kt);

static struct proc_timers *timers_of(struct process *p)
{
	struct proc_timers *pt = p->timers;

	if (pt)
		return pt;
	pt = kzalloc(sizeof(*pt));
	if (!pt)
		return NULL;
	pt->p = p;
	pt->real.fn = real_fire;
	pt->sampler.fn = sample;
	p->timers = pt;
	return pt;
}

/* ---- clocks ---- */

/* The CPU time of the process (its current address space). */
static s64 proc_cpu_ns(struct process *p)
{
	return p->mm && p->mm->as ? plat_as_cpu_ns(p->mm->as) : 0;
}

/* The reading of a POSIX timer's clock. */
static s64 ptimer_now(struct ptimer *t)
{
	if (t->clock == CLOCK_PROCESS_CPUTIME_ID)
		return proc_cpu_ns(t->pt->p);
	if (t->clock == CLOCK_THREAD_CPUTIME_ID) {
		struct task *task = task_find(t->tid);

		if (!task || task->proc != t->pt->p || !task->ctx)
			return 0;
		return plat_ctx_cpu_ns(task->ctx);
	}
	return clock_ns(t->clock);
}

/* Arm the kernel timer of a wall-clock timer for expires on clock. */
static void arm_wall(struct ktimer *kt, int clock, s64 expires)
{
	if (clock != CLOCK_MONOTONIC)
		expires = clock_ns(CLOCK_MONOTONIC) + (expires - clock_ns(clock));
	ktimer_arm(kt, expires);
}

/* ---- ITIMER_REAL and alarm ---- */

static void real_fire(struct ktimer *kt)
{
	struct proc_timers *pt = container_of(kt, struct proc_timers, real);
	s64 now = clock_ns(CLOCK_MONOTONIC);

	if (!pt->real_expires)
		return;
	send_signal(pt->p, NULL, SIGALRM, NULL);
	if (pt->real_interval) {
		pt->real_expires += ((now - pt->real_expires) / pt->real_interval + 1) *
				    pt->real_interval;
		ktimer_arm(&pt->real, pt->real_expires);
	} else {
		pt->real_expires = 0;
	}
}

/* ---- CPU-time timers, sampled ---- */

static void ptimer_fire(struct ptimer *t, s64 now);

/* When to sample next: soon enough for the nearest expiry (CPU time runs
 * at most nthreads times faster than the wall clock), or never (-1). */
static s64 sample_delay(struct proc_timers *pt, s64 cpu_now)
{
	s64 near = -1;

	for (int i = 0; i < 2; i++)
		if (pt->cpu[i].left && (near < 0 || pt->cpu[i].left < near))
			near = pt->cpu[i].left;
	for (struct ptimer *t = pt->posix; t; t = t->next) {
		if (!t->expires || !is_cpu_clock(t->clock))
			continue;
		s64 left = t->expires - (t->clock == CLOCK_PROCESS_CPUTIME_ID ?
					 cpu_now : ptimer_now(t));

		if (near < 0 || left < near)
			near = left;
	}
	if (near < 0)
		return -1;
	near /= MAX(pt->p->nthreads, 1);
	return MIN(MAX(near, SAMPLE_MIN), SAMPLE_MAX);
}

static void sampler_update(struct proc_timers *pt)
{
	s64 delay = sample_delay(pt, proc_cpu_ns(pt->p));

	if (delay < 0)
		ktimer_cancel(&pt->sampler);
	else
		ktimer_arm(&pt->sampler, clock_ns(CLOCK_MONOTONIC) + delay);
}

/* Bring the CPU interval timers up to date (their time left). */
static void cpu_account(struct proc_timers *pt, s64 *cpu_now)
{
	struct process *p = pt->p;
	struct plat_as *as = p->mm ? p->mm->as : NULL;
	s64 now = proc_cpu_ns(p), delta;

	/* a new address space (execve) starts its CPU time at zero */
	delta = as == pt->last_as ? now - pt->last_cpu : now;
	if (delta < 0)
		delta = 0;
	pt->last_cpu = now;
	pt->last_as = as;
	*cpu_now = now;
	for (int i = 0; i < 2; i++) {
		struct cpu_itimer *it = &pt->cpu[i];

		if (!it->left)
			continue;
		it->left -= delta;
		if (it->left > 0)
			continue;
		send_signal(p, NULL, i ? SIGPROF : SIGVTALRM, NULL);
		if (it->interval) {
			it->left += it->interval;
			if (it->left <= 0)
				it->left = it->interval;
		} else {
			it->left = 0;
		}
	}
}

static void sample(struct ktimer *kt)
{
	struct proc_timers *pt = container_of(kt, struct proc_timers, sampler);
	s64 cpu_now;

	cpu_account(pt, &cpu_now);
	for (struct ptimer *t = pt->posix, *next; t; t = next) {
		next = t->next;
		if (!t->expires || !is_cpu_clock(t->clock))
			continue;
		s64 now = t->clock == CLOCK_PROCESS_CPUTIME_ID ? cpu_now : ptimer_now(t);

		if (now >= t->expires)
			ptimer_fire(t, now);
	}
	sampler_update(pt);
}

/* ---- setitimer, getitimer, alarm ---- */

static int itimer_get(struct process *p, int which, struct linux_itimerval *v)
{
	struct proc_timers *pt = p->timers;
	s64 value = 0, interval = 0, cpu_now;

	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	if (pt && which == ITIMER_REAL && pt->real_expires) {
		value = pt->real_expires - clock_ns(CLOCK_MONOTONIC);
		if (value <= 0)
			value = 1000;	/* due: about to fire */
		interval = pt->real_interval;
	} else if (pt && which != ITIMER_REAL) {
		cpu_account(pt, &cpu_now);
		value = pt->cpu[which - 1].left;
		interval = pt->cpu[which - 1].interval;
	}
	v->it_value = ns_tv(value);
	v->it_interval = ns_tv(interval);
	return 0;
}

static int itimer_set(struct process *p, int which, const struct linux_itimerval *v,
		      struct linux_itimerval *old)
{
	struct proc_timers *pt;
	s64 value = tv_ns(&v->it_value), interval = tv_ns(&v->it_interval);
	s64 cpu_now;
	int ret;

	ret = itimer_get(p, which, old);
	if (ret)
		return ret;
	if (!value && !p->timers)
		return 0;
	pt = timers_of(p);
	if (!pt)
		return -ENOMEM;
	if (which == ITIMER_REAL) {
		ktimer_cancel(&pt->real);
		pt->real_interval = interval;
		pt->real_expires = 0;
		if (value) {
			pt->real_expires = clock_ns(CLOCK_MONOTONIC) + value;
			ktimer_arm(&pt->real, pt->real_expires);
		}
		return 0;
	}
	cpu_account(pt, &cpu_now);
	pt->cpu[which - 1].left = value;
	pt->cpu[which - 1].interval = value ? interval : 0;
	sampler_update(pt);
	return 0;
}

static bool valid_tv(const struct linux_timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

long sys_setitimer(struct task *t, const struct sysargs *a)
{
	struct uptr unew = UPTR(a->a[1]), uold = UPTR(a->a[2]);
	struct linux_itimerval v = { { 0, 0 }, { 0, 0 } }, old;
	int ret;

	/* A NULL new value disarms, as Linux has it (with a warning). */
	if (!uptr_null(unew)) {
		if (copy_from_user(t, &v, unew, sizeof(v)))
			return -EFAULT;
		if (!valid_tv(&v.it_value) || !valid_tv(&v.it_interval))
			return -EINVAL;
	}
	ret = itimer_set(t->proc, (int)a->a[0], &v, &old);
	if (ret)
		return ret;
	if (!uptr_null(uold) && copy_to_user(t, uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_getitimer(struct task *t, const struct sysargs *a)
{
	struct linux_itimerval v;
	int ret = itimer_get(t->proc, (int)a->a[0], &v);

	if (ret)
		return ret;
	return copy_to_user(t, UPTR(a->a[1]), &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_alarm(struct task *t, const struct sysargs *a)
{
	unsigned secs = (unsigned)a->a[0];
	struct linux_itimerval v = { { 0, 0 }, { secs > 0x7fffffff ? 0x7fffffff : secs, 0 } };
	struct linux_itimerval old;

	if (itimer_set(t->proc, ITIMER_REAL, &v, &old))
		return 0;
	/* whole seconds, rounded; a pending alarm never reads as none */
	if ((!old.it_value.tv_sec && old.it_value.tv_usec) ||
	    old.it_value.tv_usec >= 500000)
		old.it_value.tv_sec++;
	return old.it_value.tv_sec;
}

/* ---- POSIX timers ---- */

/* The signal this timer queued, if it is still pending. */
static struct sigqueue *ptimer_pending(struct ptimer *t)
{
	struct process *p = t->pt->p;
	struct sigpending *sps[2] = { &p->shared_pending, NULL };
	struct task *task = t->notify == SIGEV_THREAD_ID ? task_find(t->target) : NULL;

	if (task && task->proc == p)
		sps[1] = &task->pending;
	for (int i = 0; i < 2; i++) {
		if (!sps[i])
			continue;
		for (struct sigqueue *q = sps[i]->head; q; q = q->next)
			if (q->info.si_signo == t->signo && q->info.si_code == SI_TIMER &&
			    q->info.timer.tid == t->id)
				return q;
	}
	return NULL;
}

static int add_overrun(int a, s64 b)
{
	s64 sum = (s64)a + b;

	return sum > OVERRUN_MAX ? OVERRUN_MAX : (int)sum;
}

/* The timer expired (missed more periods went by unseen): signal it. */
static void ptimer_signal(struct ptimer *t, s64 missed)
{
	struct process *p = t->pt->p;
	struct linux_siginfo si = { .si_signo = t->signo, .si_code = SI_TIMER };
	struct sigqueue *q;
	struct task *task = NULL;

	if (t->notify == SIGEV_NONE)
		return;
	q = ptimer_pending(t);
	if (q) {
		t->overrun = add_overrun(t->overrun, missed + 1);
		q->info.timer.overrun = t->overrun;
		return;
	}
	t->overrun_last = t->overrun;
	t->overrun = add_overrun(0, missed);
	si.timer.tid = t->id;
	si.timer.overrun = t->overrun;
	si.timer.value = t->value;
	if (t->notify == SIGEV_THREAD_ID) {
		task = task_find(t->target);
		if (task && (task->proc != p || task->exiting))
			task = NULL;	/* gone: the process takes it */
	}
	send_signal(p, task, t->signo, &si);
}

static void ptimer_fire(struct ptimer *t, s64 now)
{
	s64 missed = 0;

	if (t->interval) {
		missed = (now - t->expires) / t->interval;
		t->expires += (missed + 1) * t->interval;
		if (!is_cpu_clock(t->clock))
			arm_wall(&t->kt, t->clock, t->expires);
	} else {
		t->expires = 0;
	}
	ptimer_signal(t, missed);
}

static void ptimer_wall_fire(struct ktimer *kt)
{
	struct ptimer *t = container_of(kt, struct ptimer, kt);
	s64 now = ptimer_now(t);

	if (!t->expires)
		return;
	if (now < t->expires) {
		arm_wall(kt, t->clock, t->expires);	/* the clock moved */
		return;
	}
	ptimer_fire(t, now);
}

static struct ptimer *ptimer_find(struct process *p, int id)
{
	struct proc_timers *pt = p->timers;

	for (struct ptimer *t = pt ? pt->posix : NULL; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

static void ptimer_free(struct proc_timers *pt, struct ptimer *t)
{
	for (struct ptimer **pp = &pt->posix; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	ktimer_cancel(&t->kt);
	pt->nposix--;
	kfree(t);
}

/* The clock of timer_create: a known clock, or a CPU clock of the
 * caller's process or of one of its threads (*tid). */
static int ptimer_clock(struct task *t, int clock, int *tid)
{
	*tid = t->tid;
	switch (clock) {
	case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
	case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
		return clock;
	case CLOCK_REALTIME_ALARM: case CLOCK_BOOTTIME_ALARM:
		if (t->proc->cred.euid != 0)
			return -EPERM;
		return clock == CLOCK_REALTIME_ALARM ? CLOCK_REALTIME : CLOCK_BOOTTIME;
	case CLOCK_MONOTONIC_RAW: case CLOCK_REALTIME_COARSE: case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP;
	}
	if (clock < 0 && (clock & 3) != 3) {
		int id = ~(clock >> 3);

		if (clock & CPUCLOCK_PERTHREAD) {
			struct task *task = task_find(id);

			if (!task || task->proc != t->proc)
				return -EINVAL;
			*tid = id;
			return CLOCK_THREAD_CPUTIME_ID;
		}
		if (id == 0 || id == t->proc->pid)
			return CLOCK_PROCESS_CPUTIME_ID;
	}
	return -EINVAL;
}

long sys_timer_create(struct task *t, const struct sysargs *a)
{
	struct uptr uev = UPTR(a->a[1]), uid = UPTR(a->a[2]);
	struct linux_sigevent ev;
	struct proc_timers *pt;
	struct ptimer *pm;
	int clock, tid, id;

	clock = ptimer_clock(t, (int)a->a[0], &tid);
	if (clock < 0)
		return clock;
	if (!uptr_null(uev)) {
		if (copy_from_user(t, &ev, uev, sizeof(ev)))
			return -EFAULT;
		switch (ev.sigev_notify) {
		case SIGEV_THREAD_ID: {
			struct task *target = task_find(ev.tid);

			if (!target || target->proc != t->proc)
				return -EINVAL;
		}
			/* fall through */
		case SIGEV_SIGNAL:
		case SIGEV_THREAD:
			if (ev.sigev_signo <= 0 || ev.sigev_signo > NSIG)
				return -EINVAL;
			break;
		case SIGEV_NONE:
			break;
		default:
			return -EINVAL;
		}
	}
	pt = timers_of(t->proc);
	if (!pt)
		return -ENOMEM;
	if (pt->nposix >= TIMER_MAX)
		return -EAGAIN;
	pm = kzalloc(sizeof(*pm));
	if (!pm)
		return -ENOMEM;
	do {
		id = pt->next_id;
		pt->next_id = pt->next_id == 0x7fffffff ? 0 : pt->next_id + 1;
	} while (ptimer_find(t->proc, id));
	pm->pt = pt;
	pm->id = id;
	pm->clock = clock;
	pm->tid = tid;
	pm->kt.fn = ptimer_wall_fire;
	if (uptr_null(uev)) {
		pm->notify = SIGEV_SIGNAL;
		pm->signo = SIGALRM;
		pm->value = id;
	} else {
		pm->notify = ev.sigev_notify == SIGEV_THREAD ? SIGEV_SIGNAL : ev.sigev_notify;
		pm->signo = ev.sigev_signo;
		pm->target = ev.tid;
		pm->value = ev.sigev_value;
	}
	pm->next = pt->posix;
	pt->posix = pm;
	pt->nposix++;
	if (copy_to_user(t, uid, &id, sizeof(id))) {
		ptimer_free(pt, pm);
		return -EFAULT;
	}
	return 0;
}

static void ptimer_get(struct ptimer *t, struct linux_itimerspec *its)
{
	s64 left = 0;

	if (t->expires) {
		s64 now = ptimer_now(t);

		if (t->notify == SIGEV_NONE && t->interval && now >= t->expires)
			t->expires += ((now - t->expires) / t->interval + 1) * t->interval;
		left = t->expires - now;
		if (left <= 0)
			left = t->notify == SIGEV_NONE ? 0 : 1;
	}
	its->it_value = ns_ts(left);
	its->it_interval = ns_ts(t->interval);
}

long sys_timer_settime(struct task *t, const struct sysargs *a)
{
	int flags = (int)a->a[1];
	struct uptr unew = UPTR(a->a[2]), uold = UPTR(a->a[3]);
	struct linux_itimerspec its, old;
	struct ptimer *pm;

	if (uptr_null(unew))
		return -EINVAL;
	if (copy_from_user(t, &its, unew, sizeof(its)))
		return -EFAULT;
	if (!valid_ts(&its.it_value) || !valid_ts(&its.it_interval))
		return -EINVAL;
	pm = ptimer_find(t->proc, (int)a->a[0]);
	if (!pm)
		return -EINVAL;
	ptimer_get(pm, &old);
	ktimer_cancel(&pm->kt);
	pm->overrun = pm->overrun_last = 0;
	pm->expires = ts_ns(&its.it_value);
	pm->interval = pm->expires ? ts_ns(&its.it_interval) : 0;
	if (pm->expires) {
		if (!(flags & TIMER_ABSTIME))
			pm->expires += ptimer_now(pm);
		if (pm->expires <= 0)
			pm->expires = 1;
		if (is_cpu_clock(pm->clock))
			sampler_update(pm->pt);
		else if (pm->notify != SIGEV_NONE)
			arm_wall(&pm->kt, pm->clock, pm->expires);
	}
	if (!uptr_null(uold) && copy_to_user(t, uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_timer_gettime(struct task *t, const struct sysargs *a)
{
	struct ptimer *pm = ptimer_find(t->proc, (int)a->a[0]);
	struct linux_itimerspec its;

	if (!pm)
		return -EINVAL;
	ptimer_get(pm, &its);
	return copy_to_user(t, UPTR(a->a[1]), &its, sizeof(its)) ? -EFAULT : 0;
}

long sys_timer_getoverrun(struct task *t, const struct sysargs *a)
{
	struct ptimer *pm = ptimer_find(t->proc, (int)a->a[0]);

	if (!pm)
		return -EINVAL;
	return ptimer_pending(pm) ? pm->overrun_last : pm->overrun;
}

long sys_timer_delete(struct task *t, const struct sysargs *a)
{
	struct ptimer *pm = ptimer_find(t->proc, (int)a->a[0]);

	if (!pm)
		return -EINVAL;
	ptimer_free(pm->pt, pm);
	sampler_update(t->proc->timers);
	return 0;
}

/* ---- the life of a process ---- */

void timers_exec(struct process *p)
{
	struct proc_timers *pt = p->timers;

	if (!pt)
		return;
	while (pt->posix)
		ptimer_free(pt, pt->posix);
	sampler_update(pt);
}

void timers_exit(struct process *p)
{
	struct proc_timers *pt = p->timers;

	if (!pt)
		return;
	while (pt->posix)
		ptimer_free(pt, pt->posix);
	ktimer_cancel(&pt->real);
	ktimer_cancel(&pt->sampler);
	kfree(pt);
	p->timers = NULL;
}

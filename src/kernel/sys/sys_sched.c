// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Priorities: getpriority(2) and setpriority(2).
 *
 * umk keeps a nice value per process (p->nice, -20..19, inherited by
 * fork), with Linux's rules for who may change it: the caller's effective
 * uid must be the target's real or effective uid (or the caller is the
 * guest's root), and lowering it below the target's RLIMIT_NICE allows
 * (20 - nice) needs root.  The value is kept and reported; the host does
 * not schedule umk's threads by it.
 */
#include "kernel.h"
#include "syscall.h"
#include "task.h"
#include "abi/poll.h"

#define MIN_NICE	-20
#define MAX_NICE	19

static bool nice_target(struct task *t, struct process *p, int which, int who)
{
	if (p->exit_done)
		return false;
	switch (which) {
	case PRIO_PGRP:
		return p->pgid == (who ? who : t->proc->pgid);
	case PRIO_USER:
		return p->cred.uid == (who ? (u32)who : t->proc->cred.uid);
	}
	return false;
}

/* The process that PRIO_PROCESS's who names (a pid or a tid; 0: the
 * caller's), or NULL. */
static struct process *prio_process(struct task *t, int who)
{
	struct task *o;

	if (!who)
		return t->proc;
	o = task_find(who);
	if (o)
		return o->proc;
	return process_find(who);
}

long sys_getpriority(struct task *t, const struct sysargs *a)
{
	int which = (int)a->a[0], who = (int)a->a[1];
	long ret = -ESRCH;
	struct process *p;

	switch (which) {
	case PRIO_PROCESS:
		p = prio_process(t, who);
		if (p && !p->exit_done)
			ret = 20 - p->nice;
		return ret;
	case PRIO_PGRP:
	case PRIO_USER:
		for (p = process_next(NULL); p; p = process_next(p))
			if (nice_target(t, p, which, who))
				ret = MAX(ret, 20 - p->nice);
		return ret;
	}
	return -EINVAL;
}

/* Linux's set_one_prio: err is the result so far (-ESRCH: none yet). */
static long set_one_prio(struct task *t, struct process *p, int nice, long err)
{
	const struct cred *c = &t->proc->cred;
	bool root = c->euid == 0;

	if (c->euid != p->cred.uid && c->euid != p->cred.euid && !root)
		return -EPERM;
	if (nice < p->nice && !root &&
	    (u64)(20 - nice) > p->rlim[RLIMIT_NICE].rlim_cur)
		return -EACCES;
	p->nice = nice;
	return err == -ESRCH ? 0 : err;
}

long sys_setpriority(struct task *t, const struct sysargs *a)
{
	int which = (int)a->a[0], who = (int)a->a[1], nice = (int)a->a[2];
	long ret = -ESRCH;
	struct process *p;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	nice = MIN(MAX(nice, MIN_NICE), MAX_NICE);
	if (which == PRIO_PROCESS) {
		p = prio_process(t, who);
		return p && !p->exit_done ? set_one_prio(t, p, nice, ret) : ret;
	}
	for (p = process_next(NULL); p; p = process_next(p))
		if (nice_target(t, p, which, who))
			ret = set_one_prio(t, p, nice, ret);
	return ret;
}

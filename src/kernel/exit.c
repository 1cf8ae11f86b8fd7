// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The end of a process, and waiting for it.
 *
 * When its last thread is gone, a process lets go of its memory, files
 * and timers, hands its children to a reaper (the nearest subreaper among
 * its ancestors, or init), and becomes a zombie: its pid and wait status
 * stay until its parent collects them with wait4 or waitid.  A parent that
 * ignores SIGCHLD (or sets SA_NOCLDWAIT) has its children reaped at once.
 * When init ends, boot.c ends everything else.
 */
#include "kernel.h"
#include "mm.h"
#include "signal.h"
#include "syscall.h"
#include "task.h"
#include "timer.h"
#include "vfs/vfs.h"
#include "tty/tty.h"

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WSTOPPED	WUNTRACED
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define P_PIDFD		3

static void children_add(struct process *parent, struct process *c)
{
	c->parent = parent;
	c->sibling = parent->children;
	parent->children = c;
}

void process_disown(struct process *c)
{
	if (!c->parent)
		return;
	for (struct process **pp = &c->parent->children; *pp; pp = &(*pp)->sibling) {
		if (*pp == c) {
			*pp = c->sibling;
			break;
		}
	}
	c->sibling = NULL;
}

void process_adopt(struct process *parent, struct process *c)
{
	children_add(parent, c);
}

struct process *find_reaper(struct process *p)
{
	for (struct process *a = p->parent; a; a = a->parent)
		if (a->subreaper && !a->exiting && !a->exit_done)
			return a;
	struct process *init = process_find(1);

	return init && init != p && !init->exit_done ? init : NULL;
}

/* The parent does not want zombies (SIGCHLD ignored or SA_NOCLDWAIT). */
static bool parent_autoreaps(struct process *p)
{
	struct process *parent = p->parent;
	struct linux_sigaction *sa;

	if (!parent || p->exit_signal != SIGCHLD || !parent->sighand)
		return false;
	sa = &parent->sighand->action[SIGCHLD - 1];
	return sa->handler == SIG_IGN || (sa->flags & SA_NOCLDWAIT);
}

static void reap(struct process *c)
{
	if (c->parent)
		c->parent->cutime_ns += c->cutime_ns;
	process_disown(c);
	process_reap(c);
}

/* c became a zombie: tell its parent, or go at once. */
static void zombie_notify(struct process *c)
{
	int st = c->wait_status;
	int why = (st & 0x7f) == 0 ? CLD_EXITED : (st & 0x80) ? CLD_DUMPED : CLD_KILLED;

	if (parent_autoreaps(c)) {
		reap(c);
		return;
	}
	notify_parent(c, why, why == CLD_EXITED ? (st >> 8) & 0xff : st & 0x7f);
}

/* Hand p's children to a reaper; zombies among them are reported to it. */
static void reparent_children(struct process *p)
{
	struct process *reaper = find_reaper(p);

	while (p->children) {
		struct process *c = p->children;

		p->children = c->sibling;
		c->sibling = NULL;
		c->parent = NULL;
		if (c->pdeath_signal && !c->exit_done)
			send_signal(c, NULL, c->pdeath_signal, NULL);
		if (!reaper) {
			if (c->exit_done)
				process_reap(c);	/* nobody will ask */
			continue;
		}
		children_add(reaper, c);
		if (c->exit_done)
			zombie_notify(c);
	}
}

void process_drop_files(struct process *p)
{
	if (p->files)
		fdtable_put(p->files);
	if (p->fs)
		fs_put(p->fs);
	if (p->exe)
		file_put(p->exe);
	p->files = NULL;
	p->fs = NULL;
	p->exe = NULL;
}

void process_end(struct process *p)
{
	process_drop_files(p);
	timers_exit(p);
	signalfd_exit(p);
	if (p->mm) {
		p->cutime_ns += plat_as_cpu_ns(p->mm->as);
		mm_put(p->mm);
		p->mm = NULL;
	}
	sigpending_flush(&p->shared_pending);
	p->exiting = true;
	/* a session leader's end frees its controlling terminal (tty/) */
	tty_session_exit(p);
	p->stop = RUNNING;
	reparent_children(p);
	__atomic_store_n(&p->exit_done, 1, __ATOMIC_RELEASE);
	if (p->parent)
		zombie_notify(p);
	else
		host_futex_wake(&p->exit_done, 1 << 30);	/* boot.c waits for init */
	sighand_put(p->sighand);
	p->sighand = NULL;
}

bool pgrp_is_orphaned(int pgid)
{
	for (struct process *p = process_next(NULL); p; p = process_next(p)) {
		struct process *q = p->parent;

		if (p->pgid != pgid || p->exit_done)
			continue;
		if (q && q->pgid != pgid && q->sid == p->sid)
			return false;
	}
	return true;
}

/* ---- exit and exit_group ---- */

long sys_exit(struct task *t, const struct sysargs *a)
{
	task_exit(t, ((int)a->a[0] & 0xff) << 8);
	return 0;
}

long sys_exit_group(struct task *t, const struct sysargs *a)
{
	process_exit(t->proc, ((int)a->a[0] & 0xff) << 8);
	return 0;
}

/* ---- wait4 and waitid ---- */

struct wait_result {
	int pid;
	int status;		/* as wait4 reports it */
	int code;		/* CLD_* for waitid */
	int ststat;		/* si_status for waitid */
	u32 uid;
};

static bool wait_match(struct process *c, int idtype, int id, unsigned options)
{
	bool clone = c->exit_signal != SIGCHLD;

	if (!(options & __WALL) && clone != !!(options & __WCLONE))
		return false;
	switch (idtype) {
	case P_PID:
		return c->pid == id;
	case P_PGID:
		return c->pgid == id;
	default:
		return true;
	}
}

/* One look at the children: a pid (> 0), 0 if none is ready, -ECHILD. */
static long wait_scan(struct process *p, int idtype, int id, unsigned options,
		      struct wait_result *r)
{
	bool any = false;

	for (struct process *c = p->children; c; c = c->sibling) {
		if (!wait_match(c, idtype, id, options))
			continue;
		any = true;
		r->pid = c->pid;
		r->uid = c->cred.uid;
		if (c->exit_done && (options & WEXITED)) {
			int st = c->wait_status;

			r->status = st;
			if ((st & 0x7f) == 0) {
				r->code = CLD_EXITED;
				r->ststat = (st >> 8) & 0xff;
			} else {
				r->code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
				r->ststat = st & 0x7f;
			}
			if (!(options & WNOWAIT))
				reap(c);
			return r->pid;
		}
		if (!c->exit_done && c->stop == STOPPED && c->report_stop &&
		    (options & WSTOPPED)) {
			r->status = (c->stop_sig << 8) | 0x7f;
			r->code = CLD_STOPPED;
			r->ststat = c->stop_sig;
			if (!(options & WNOWAIT))
				c->report_stop = false;
			return r->pid;
		}
		if (!c->exit_done && c->report_cont && (options & WCONTINUED)) {
			r->status = 0xffff;
			r->code = CLD_CONTINUED;
			r->ststat = SIGCONT;
			if (!(options & WNOWAIT))
				c->report_cont = false;
			return r->pid;
		}
	}
	return any ? 0 : -ECHILD;
}

static long do_wait(struct task *t, int idtype, int id, unsigned options,
		    struct wait_result *r)
{
	struct process *p = t->proc;
	struct wait_entry we;
	long ret;

	wait_add(&p->child_wq, &we);
	for (;;) {
		/* look first: a signal (SIGCHLD itself) must not hide a child
		 * that is ready */
		ret = wait_scan(p, idtype, id, options, r);
		if (ret || (options & WNOHANG))
			break;
		if (signal_pending(t)) {
			ret = -ERESTARTSYS;
			break;
		}
		kernel_sleep(CLOCK_MONOTONIC, -1, SLEEP_INTR);
	}
	wait_del(&we);
	return ret;
}

long sys_wait4(struct task *t, const struct sysargs *a)
{
	int pid = (int)a->a[0];
	unsigned options = a->a[2];
	struct wait_result r = { 0 };
	int idtype = P_ALL, id = 0;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH;
	if (pid > 0) {
		idtype = P_PID;
		id = pid;
	} else if (pid == 0) {
		idtype = P_PGID;
		id = t->proc->pgid;
	} else if (pid < -1) {
		idtype = P_PGID;
		id = -pid;
	}
	ret = do_wait(t, idtype, id, options | WEXITED, &r);
	if (ret <= 0)
		return ret;
	if (a->a[1] && copy_to_user(t, UPTR(a->a[1]), &r.status, sizeof(int)))
		return -EFAULT;
	if (a->a[3]) {
		struct linux_rusage ru = { 0 };

		if (copy_to_user(t, UPTR(a->a[3]), &ru, sizeof(ru)))
			return -EFAULT;
	}
	return ret;
}

long sys_waitid(struct task *t, const struct sysargs *a)
{
	int idtype = (int)a->a[0], id = (int)a->a[1];
	unsigned options = a->a[3];
	struct uptr infop = UPTR(a->a[2]);
	struct wait_result r = { 0 };
	struct linux_siginfo si = { 0 };
	long ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (idtype) {
	case P_ALL:
		break;
	case P_PID:
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		if (idtype == P_PGID && id == 0)
			id = t->proc->pgid;
		break;
	case P_PIDFD:
		pr_once(LOG_INFO, "waitid: P_PIDFD needs pidfds, which umk has not yet");
		return -EINVAL;
	default:
		return -EINVAL;
	}
	ret = do_wait(t, idtype, id, options, &r);
	if (ret < 0)
		return ret;
	if (ret > 0) {
		si.si_signo = SIGCHLD;
		si.si_code = r.code;
		si.chld.pid = r.pid;
		si.chld.uid = r.uid;
		si.chld.status = r.ststat;
	}
	if (!uptr_null(infop) && copy_to_user(t, infop, &si, sizeof(si)))
		return -EFAULT;
	if (a->a[4]) {
		struct linux_rusage ru = { 0 };

		if (copy_to_user(t, UPTR(a->a[4]), &ru, sizeof(ru)))
			return -EFAULT;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signals: queues, sending, delivery, default actions, stop and continue,
 * and the signal syscalls.  The frame a handler runs on is sigframe.c's.
 *
 * A signal is pending on a thread (tkill, tgkill, faults) or on its
 * process (kill, timers, SIGCHLD); any thread that does not block it may
 * take a process signal.  Standard signals are pending once at most;
 * real-time signals queue with their siginfo.  Ignored signals are dropped
 * when sent (unless blocked, since the action may change before they are
 * unblocked).
 */
#include "kernel.h"
#include "signal.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "mm.h"

#define SYNCHRONOUS_MASK (sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | \
			  sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS))
#define MAX_QUEUED 4096		/* real-time signals queued per process */
#define NR_restart_syscall 219

static const char *const names[] = {
	[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE", [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ", [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

const char *signal_name(int sig)
{
	if (sig > 0 && sig < (int)ARRAY_SIZE(names) && names[sig])
		return names[sig];
	return NULL;
}

enum sig_action sig_default_action(int sig)
{
	switch (sig) {
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
	case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return SIGACT_CORE;
	case SIGCHLD: case SIGURG: case SIGWINCH:
		return SIGACT_IGNORE;
	case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
		return SIGACT_STOP;
	case SIGCONT:
		return SIGACT_CONT;
	default:
		return SIGACT_TERM;
	}
}

/* ---- actions ---- */

struct sighand *sighand_alloc(void)
{
	struct sighand *sh = kzalloc(sizeof(*sh));

	if (sh)
		sh->refs = 1;
	return sh;
}

struct sighand *sighand_copy(const struct sighand *old)
{
	struct sighand *sh = sighand_alloc();

	if (sh)
		memcpy(sh->action, old->action, sizeof(sh->action));
	return sh;
}

void sighand_put(struct sighand *sh)
{
	if (sh && !--sh->refs)
		kfree(sh);
}

static struct linux_sigaction *action(struct process *p, int sig)
{
	return &p->sighand->action[sig - 1];
}

/* The signal would be thrown away on delivery. */
static bool ignored_action(struct process *p, int sig)
{
	struct linux_sigaction *sa = action(p, sig);

	if (sa->handler == SIG_IGN)
		return true;
	return sa->handler == SIG_DFL && sig_default_action(sig) == SIGACT_IGNORE;
}

/* ---- pending sets ---- */

static void sigpending_remove(struct sigpending *sp, linux_sigset_t mask)
{
	sp->set &= ~mask;
	for (struct sigqueue **q = &sp->head; *q;) {
		if (mask & sigmask((*q)->info.si_signo)) {
			struct sigqueue *dead = *q;

			*q = dead->next;
			kfree(dead);
		} else {
			q = &(*q)->next;
		}
	}
}

void sigpending_flush(struct sigpending *sp)
{
	sigpending_remove(sp, ~0ULL);
}

static int count_queued(struct process *p)
{
	int n = 0;

	for (struct sigqueue *q = p->shared_pending.head; q; q = q->next)
		n++;
	for (struct task *t = p->threads; t; t = t->next_thread)
		for (struct sigqueue *q = t->pending.head; q; q = q->next)
			n++;
	return n;
}

/* Take sig off sp: its siginfo (the first queued), the bit cleared unless
 * more are queued. */
static void sigpending_take(struct sigpending *sp, int sig, struct linux_siginfo *info)
{
	struct sigqueue **q, *found = NULL;
	bool more = false;

	for (q = &sp->head; *q; q = &(*q)->next) {
		if ((*q)->info.si_signo == sig) {
			found = *q;
			*q = found->next;
			break;
		}
	}
	if (found) {
		for (struct sigqueue *r = *q; r; r = r->next)
			if (r->info.si_signo == sig)
				more = true;
		*info = found->info;
		kfree(found);
	} else {
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_KERNEL;
	}
	if (!more)
		sp->set &= ~sigmask(sig);
}

linux_sigset_t signal_pending_set(struct task *t)
{
	return t->pending.set | t->proc->shared_pending.set;
}

bool signal_pending(struct task *t)
{
	struct process *p = t->proc;

	return p->exiting || t->exiting || p->stop == STOPPED ||
	       (signal_pending_set(t) & ~t->sigmask);
}

/* The next signal t should take in mask: synchronous ones first, then by
 * number; its own before its process's. */
static int next_signal(struct task *t, linux_sigset_t mask, struct sigpending **from)
{
	struct sigpending *sps[2] = { &t->pending, &t->proc->shared_pending };

	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < 2; i++) {
			linux_sigset_t set = sps[i]->set & mask;

			if (pass == 0)
				set &= SYNCHRONOUS_MASK;
			if (set) {
				*from = sps[i];
				return __builtin_ctzll(set) + 1;
			}
		}
	}
	return 0;
}

int signal_dequeue(struct task *t, linux_sigset_t mask, struct linux_siginfo *info)
{
	struct sigpending *from;
	int sig = next_signal(t, mask, &from);

	if (sig)
		sigpending_take(from, sig, info);
	return sig;
}

/* ---- sending ---- */

void task_interrupt(struct task *t)
{
	if (t->in_guest && t->ctx)
		plat_ctx_kick(t->ctx);
	task_wake(t);
}

void siginfo_user(struct linux_siginfo *si, int sig, int code, struct task *sender)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = code;
	if (sender) {
		si->kill.pid = task_pid(sender);
		si->kill.uid = sender->proc->cred.uid;
	}
}

/* Find a thread of p to take a process signal and make it notice. */
static void signal_wake(struct process *p, struct task *t, int sig)
{
	if (t) {
		if (!(t->sigmask & sigmask(sig)))
			task_interrupt(t);
		return;
	}
	for (struct task *o = p->threads; o; o = o->next_thread) {
		if (!(o->sigmask & sigmask(sig))) {
			task_interrupt(o);
			return;
		}
	}
}

/* SIGCONT and the stop signals act when sent, as on Linux. */
static void prepare_signal(struct process *p, int sig)
{
	if (sigmask(sig) & SIG_STOPS) {
		sigpending_remove(&p->shared_pending, sigmask(SIGCONT));
		for (struct task *t = p->threads; t; t = t->next_thread)
			sigpending_remove(&t->pending, sigmask(SIGCONT));
	} else if (sig == SIGCONT) {
		sigpending_remove(&p->shared_pending, SIG_STOPS);
		for (struct task *t = p->threads; t; t = t->next_thread)
			sigpending_remove(&t->pending, SIG_STOPS);
		if (p->stop == STOPPED) {
			p->stop = RUNNING;
			p->report_cont = true;
			p->report_stop = false;
			for (struct task *t = p->threads; t; t = t->next_thread)
				task_wake(t);
			notify_parent(p, CLD_CONTINUED, SIGCONT);
		}
	}
}

/*
 * umk boot's init is Linux's (SIGNAL_UNKILLABLE): a signal it has no
 * handler for is dropped, SIGKILL and SIGSTOP too, unless it is a fault
 * of its own (si_code > 0: SIGSEGV & co.), which kills it as on Linux.
 * A blocked one is queued (init may sigwait for it, as busybox init
 * does) and dropped at delivery if it still has the default action.
 */
static bool init_unkillable(struct process *p, int sig, const struct linux_siginfo *info)
{
	bool fault = info && info->si_code > 0 &&
		     (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
		      sig == SIGFPE || sig == SIGTRAP || sig == SIGSYS);

	return boot_params && boot_params->boot && p->pid == 1 && !fault &&
	       (sig == SIGKILL || sig == SIGSTOP || action(p, sig)->handler == SIG_DFL);
}

int send_signal(struct process *p, struct task *t, int sig, const struct linux_siginfo *info)
{
	struct sigpending *sp = t ? &t->pending : &p->shared_pending;
	struct task *bt = t ? t : p->threads;
	/* as Linux: what a sigtimedwait unblocked still counts as blocked */
	linux_sigset_t blocked = bt ? bt->sigmask | bt->real_blocked : 0;
	struct sigqueue *q;

	if (!sig || p->exit_done)
		return 0;
	if (p->exiting)
		return 0;
	if (!(blocked & sigmask(sig)) && init_unkillable(p, sig, info))
		return 0;
	prepare_signal(p, sig);
	if (sig == SIGKILL) {
		process_exit(p, SIGKILL);
		return 0;
	}
	if (ignored_action(p, sig) && !(blocked & sigmask(sig)))
		return 0;
	if (sig < SIGRTMIN && (sp->set & sigmask(sig)))
		return 0;	/* a standard signal is pending once */
	if (sig >= SIGRTMIN && count_queued(p) >= MAX_QUEUED)
		return -EAGAIN;
	q = kzalloc(sizeof(*q));
	if (q) {
		if (info)
			q->info = *info;
		else
			q->info.si_code = SI_KERNEL;
		q->info.si_signo = sig;
		struct sigqueue **tail = &sp->head;

		while (*tail)
			tail = &(*tail)->next;
		*tail = q;
	} else if (sig >= SIGRTMIN) {
		return -EAGAIN;
	}
	sp->set |= sigmask(sig);
	signal_wake(p, t, sig);
	signalfd_notify(p);
	return 0;
}

void force_signal(struct task *t, int sig, int code, u64 addr)
{
	struct linux_siginfo si = { .si_signo = sig, .si_code = code };
	struct linux_sigaction *sa = action(t->proc, sig);

	si.fault.addr = addr;
	/* A fault cannot be blocked or ignored: that would loop forever. */
	if (sa->handler == SIG_IGN || (t->sigmask & sigmask(sig))) {
		sa->handler = SIG_DFL;
		t->sigmask &= ~sigmask(sig);
	}
	pr_debug("pid %d (%s): %s at %#llx (code %d)", task_pid(t), t->proc->comm,
		 signal_name(sig) ?: "a signal", (unsigned long long)addr, code);
	sigpending_remove(&t->pending, sigmask(sig));	/* this one, now */
	send_signal(t->proc, t, sig, &si);
}

/* ---- stop, continue, the parent ---- */

void notify_parent(struct process *p, int why, int status)
{
	struct process *parent = p->parent;
	struct linux_siginfo si = { .si_signo = SIGCHLD, .si_code = why };
	int sig = SIGCHLD;

	if (!parent)
		return;
	si.chld.pid = p->pid;
	si.chld.uid = p->cred.uid;
	si.chld.status = status;
	if (why == CLD_STOPPED || why == CLD_CONTINUED) {
		if (!(action(parent, SIGCHLD)->flags & SA_NOCLDSTOP))
			send_signal(parent, NULL, SIGCHLD, &si);
	} else {
		sig = p->exit_signal;
		if (sig > 0 && sig <= NSIG) {
			si.si_signo = sig;
			send_signal(parent, NULL, sig, &si);
		}
	}
	wake_up(&parent->child_wq);
}

static void group_stop(struct process *p, int sig)
{
	if (p->stop == STOPPED)
		return;
	p->stop = STOPPED;
	p->stop_sig = sig;
	p->report_stop = true;
	p->report_cont = false;
	for (struct task *t = p->threads; t; t = t->next_thread)
		task_interrupt(t);
	notify_parent(p, CLD_STOPPED, sig);
}

/* Sleep while the process is stopped (until SIGCONT or its end). */
static void do_stop(struct task *t)
{
	while (t->proc->stop == STOPPED && !t->proc->exiting && !t->exiting)
		kernel_sleep(CLOCK_MONOTONIC, -1, 0);
}

/* ---- delivery ---- */

/* A syscall interrupted to run a handler: EINTR, or run it again. */
static void restart_with_handler(struct task *t, const struct linux_sigaction *sa)
{
	switch ((long)t->regs.rax) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		t->regs.rax = -EINTR;
		break;
	case -ERESTARTSYS:
		if (!(sa->flags & SA_RESTART)) {
			t->regs.rax = -EINTR;
			break;
		}
		/* fall through */
	case -ERESTARTNOINTR:
		t->regs.rax = t->regs.orig_rax;
		t->regs.rip -= 2;	/* the syscall instruction again */
		break;
	}
}

/* No handler ran: every restart code restarts. */
static void restart_without_handler(struct task *t)
{
	switch ((long)t->regs.rax) {
	case -ERESTARTNOHAND:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
		t->regs.rax = t->regs.orig_rax;
		t->regs.rip -= 2;
		break;
	case -ERESTART_RESTARTBLOCK:
		t->regs.rax = NR_restart_syscall;
		t->regs.rip -= 2;
		break;
	}
}

void signal_deliver(struct task *t)
{
	struct process *p = t->proc;
	struct linux_siginfo info;
	bool handled = false;

	for (;;) {
		if (p->exiting || t->exiting)
			return;
		if (p->stop == STOPPED) {
			do_stop(t);
			continue;
		}

		struct sigpending *from;
		int sig = next_signal(t, ~t->sigmask, &from);

		if (!sig)
			break;
		sigpending_take(from, sig, &info);

		struct linux_sigaction *sa = action(p, sig);

		if (sa->handler == SIG_IGN)
			continue;
		if (sa->handler == SIG_DFL) {
			if (init_unkillable(p, sig, &info))
				continue;
			switch (sig_default_action(sig)) {
			case SIGACT_IGNORE:
			case SIGACT_CONT:
				continue;
			case SIGACT_STOP:
				/* an orphaned group does not stop for job
				 * control, as on Linux (nobody would resume it) */
				if (sig != SIGSTOP && pgrp_is_orphaned(p->pgid))
					continue;
				group_stop(p, sig);
				continue;
			case SIGACT_TERM:
				process_exit(p, sig);
				return;
			case SIGACT_CORE:
				/* WCOREDUMP only when a core file was written */
				process_exit(p, do_coredump(t, sig, info.si_code) ? sig | 0x80 : sig);
				return;
			}
		}
		if (t->in_syscall) {
			restart_with_handler(t, sa);
			t->in_syscall = false;
		}
		struct linux_sigaction copy = *sa;

		if (sa->flags & SA_RESETHAND)
			*sa = (struct linux_sigaction){ 0 };
		if (!sigframe_setup(t, sig, &info, &copy)) {
			/* No room for the frame: the guest dies of SIGSEGV. */
			pr_info("pid %d: cannot run the %s handler: killed", task_pid(t),
				signal_name(sig) ?: "signal");
			process_exit(p, SIGSEGV);
			return;
		}
		handled = true;
	}
	if (t->in_syscall) {
		restart_without_handler(t);
		t->in_syscall = false;
	}
	if (!handled && t->restore_sigmask) {
		t->sigmask = t->saved_sigmask;
		t->restore_sigmask = false;
	}
}

void signals_exec_reset(struct task *t)
{
	struct process *p = t->proc;

	if (p->sighand->refs > 1) {
		/* shared with another process (CLONE_SIGHAND): unshare */
		struct sighand *sh = sighand_copy(p->sighand);

		if (sh) {
			sighand_put(p->sighand);
			p->sighand = sh;
		}
	}
	for (int i = 0; i < NSIG; i++) {
		struct linux_sigaction *sa = &p->sighand->action[i];

		if (sa->handler != SIG_IGN)
			*sa = (struct linux_sigaction){ 0 };
		else
			sa->flags = 0, sa->mask = 0, sa->restorer = 0;
	}
	t->altstack = (struct linux_stack){ 0 };
}

/* ---- syscalls ---- */

static bool valid_sig(int sig)
{
	return sig >= 0 && sig <= NSIG;
}

/* May sender signal p?  Guest root may; others need a matching uid. */
static bool may_signal(struct task *sender, struct process *p, int sig)
{
	struct cred *a = &sender->proc->cred, *b = &p->cred;

	if (!a->euid)
		return true;
	if (sig == SIGCONT && p->sid == sender->proc->sid)
		return true;
	return a->euid == b->uid || a->euid == b->suid || a->uid == b->uid || a->uid == b->suid;
}

static long kill_one(struct task *t, struct process *p, int sig, const struct linux_siginfo *si)
{
	if (!may_signal(t, p, sig))
		return -EPERM;
	return send_signal(p, NULL, sig, si);
}

static long kill_group(struct task *t, int pgid, int sig, const struct linux_siginfo *si)
{
	long ret = -ESRCH;
	bool any_ok = false;

	for (struct process *p = process_next(NULL); p; p = process_next(p)) {
		if (p->pgid != pgid)
			continue;
		long r = kill_one(t, p, sig, si);

		if (!r)
			any_ok = true;
		else if (ret == -ESRCH)
			ret = r;
	}
	return any_ok ? 0 : ret;
}

long sys_kill(struct task *t, const struct sysargs *a)
{
	int pid = (int)a->a[0], sig = (int)a->a[1];
	struct linux_siginfo si;
	struct process *p;

	if (!valid_sig(sig))
		return -EINVAL;
	siginfo_user(&si, sig, SI_USER, t);
	if (pid > 0) {
		p = process_find(pid);
		if (!p)
			return -ESRCH;
		return kill_one(t, p, sig, &si);	/* a zombie takes it, silently */
	}
	if (pid == 0)
		return kill_group(t, t->proc->pgid, sig, &si);
	if (pid < -1)
		return kill_group(t, -pid, sig, &si);
	/* -1: everyone we may signal, but init and ourselves */
	bool any = false;

	for (p = process_next(NULL); p; p = process_next(p)) {
		if (p->pid == 1 || p == t->proc || p->exit_done)
			continue;
		if (!kill_one(t, p, sig, &si))
			any = true;
	}
	return any ? 0 : -ESRCH;
}

static long kill_thread(struct task *t, int tgid, int tid, int sig)
{
	struct task *target = task_find(tid);
	struct linux_siginfo si;

	if (!valid_sig(sig) || tid <= 0)
		return -EINVAL;
	if (!target || (tgid > 0 && target->proc->pid != tgid) || target->exiting)
		return -ESRCH;
	if (!may_signal(t, target->proc, sig))
		return -EPERM;
	siginfo_user(&si, sig, SI_TKILL, t);
	return send_signal(target->proc, target, sig, &si);
}

long sys_tgkill(struct task *t, const struct sysargs *a)
{
	if ((int)a->a[0] <= 0)
		return -EINVAL;
	return kill_thread(t, (int)a->a[0], (int)a->a[1], (int)a->a[2]);
}

long sys_tkill(struct task *t, const struct sysargs *a)
{
	return kill_thread(t, 0, (int)a->a[0], (int)a->a[1]);
}

/* rt_sigqueueinfo and rt_tgsigqueueinfo: the caller's siginfo, but it
 * may not pretend to be the kernel (or kill/tkill) toward others. */
static long queue_info(struct task *t, struct process *p, struct task *target, int sig,
		       struct uptr uinfo)
{
	struct linux_siginfo si;

	if (copy_from_user(t, &si, uinfo, sizeof(si)))
		return -EFAULT;
	if ((si.si_code >= 0 || si.si_code == SI_TKILL) && p != t->proc)
		return -EPERM;
	if (!may_signal(t, p, sig))
		return -EPERM;
	si.si_signo = sig;
	return send_signal(p, target, sig, &si);
}

long sys_rt_sigqueueinfo(struct task *t, const struct sysargs *a)
{
	int sig = (int)a->a[1];
	struct process *p = process_find((int)a->a[0]);

	if (!valid_sig(sig))
		return -EINVAL;
	if (!p || p->exit_done)
		return -ESRCH;
	return queue_info(t, p, NULL, sig, UPTR(a->a[2]));
}

long sys_rt_tgsigqueueinfo(struct task *t, const struct sysargs *a)
{
	int sig = (int)a->a[2];
	struct task *target = task_find((int)a->a[1]);

	if (!valid_sig(sig) || (int)a->a[0] <= 0 || (int)a->a[1] <= 0)
		return -EINVAL;
	if (!target || target->proc->pid != (int)a->a[0])
		return -ESRCH;
	return queue_info(t, target->proc, target, sig, UPTR(a->a[3]));
}

long sys_rt_sigaction(struct task *t, const struct sysargs *a)
{
	int sig = (int)a->a[0];
	struct uptr act = UPTR(a->a[1]), oact = UPTR(a->a[2]);
	struct linux_sigaction new, *cur;
	struct process *p = t->proc;

	if (a->a[3] != sizeof(linux_sigset_t))
		return -EINVAL;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	cur = action(p, sig);
	if (!uptr_null(act)) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (copy_from_user(t, &new, act, sizeof(new)))
			return -EFAULT;
	}
	if (!uptr_null(oact) && copy_to_user(t, oact, cur, sizeof(*cur)))
		return -EFAULT;
	if (!uptr_null(act)) {
		new.mask &= ~SIG_KERNEL_ONLY;
		new.flags &= ~(u64)SA_UNSUPPORTED;
		*cur = new;
		/* Now ignored: pending instances go (POSIX). */
		if (ignored_action(p, sig)) {
			sigpending_remove(&p->shared_pending, sigmask(sig));
			for (struct task *o = p->threads; o; o = o->next_thread)
				sigpending_remove(&o->pending, sigmask(sig));
		}
	}
	return 0;
}

long sys_rt_sigprocmask(struct task *t, const struct sysargs *a)
{
	int how = (int)a->a[0];
	struct uptr set = UPTR(a->a[1]), oset = UPTR(a->a[2]);
	linux_sigset_t new, old = t->sigmask;

	if (a->a[3] != sizeof(linux_sigset_t))
		return -EINVAL;
	if (!uptr_null(set)) {
		if (copy_from_user(t, &new, set, sizeof(new)))
			return -EFAULT;
		new &= ~SIG_KERNEL_ONLY;
		switch (how) {
		case SIG_BLOCK:
			new = old | new;
			break;
		case SIG_UNBLOCK:
			new = old & ~new;
			break;
		case SIG_SETMASK:
			break;
		default:
			return -EINVAL;
		}
	}
	if (!uptr_null(oset) && copy_to_user(t, oset, &old, sizeof(old)))
		return -EFAULT;
	if (!uptr_null(set))
		t->sigmask = new;
	return 0;
}

long sys_rt_sigpending(struct task *t, const struct sysargs *a)
{
	linux_sigset_t set = signal_pending_set(t) & t->sigmask;

	if (a->a[1] > sizeof(linux_sigset_t))
		return -EINVAL;
	return copy_to_user(t, UPTR(a->a[0]), &set, a->a[1]) ? -EFAULT : 0;
}

long sys_rt_sigsuspend(struct task *t, const struct sysargs *a)
{
	linux_sigset_t mask;

	if (a->a[1] != sizeof(linux_sigset_t))
		return -EINVAL;
	if (copy_from_user(t, &mask, UPTR(a->a[0]), sizeof(mask)))
		return -EFAULT;
	t->saved_sigmask = t->sigmask;
	t->restore_sigmask = true;
	t->sigmask = mask & ~SIG_KERNEL_ONLY;
	while (!signal_pending(t))
		kernel_sleep(CLOCK_MONOTONIC, -1, SLEEP_INTR);
	return -ERESTARTNOHAND;
}

long sys_pause(struct task *t, const struct sysargs *a)
{
	while (!signal_pending(t))
		kernel_sleep(CLOCK_MONOTONIC, -1, SLEEP_INTR);
	return -ERESTARTNOHAND;
}

long sys_rt_sigtimedwait(struct task *t, const struct sysargs *a)
{
	struct uptr uinfo = UPTR(a->a[1]), uts = UPTR(a->a[2]);
	struct linux_siginfo info;
	struct linux_timespec ts;
	linux_sigset_t set;
	s64 deadline = -1;
	int sig;

	if (a->a[3] != sizeof(linux_sigset_t))
		return -EINVAL;
	if (copy_from_user(t, &set, UPTR(a->a[0]), sizeof(set)))
		return -EFAULT;
	set &= ~SIG_KERNEL_ONLY;
	if (!uptr_null(uts)) {
		if (copy_from_user(t, &ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		/* a timeout too far to add up is none (no overflow) */
		if (ts.tv_sec < INT64_MAX / NSEC_PER_SEC / 2)
			deadline = clock_ns(CLOCK_MONOTONIC) + ts.tv_sec * NSEC_PER_SEC +
				   ts.tv_nsec;
	}
	sig = signal_dequeue(t, set, &info);
	if (!sig) {
		/* Wait with the wanted signals unblocked, so they wake us. */
		linux_sigset_t saved = t->sigmask;

		t->real_blocked = saved;
		t->sigmask &= ~set;
		while (!signal_pending(t)) {
			if (kernel_sleep(CLOCK_MONOTONIC, deadline, SLEEP_INTR) == -ETIMEDOUT)
				break;
		}
		t->sigmask = saved;
		t->real_blocked = 0;
		sig = signal_dequeue(t, set, &info);
		if (!sig)
			return signal_pending(t) ? -EINTR : -EAGAIN;
	}
	if (!uptr_null(uinfo) && copy_to_user(t, uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

long sys_restart_syscall(struct task *t, const struct sysargs *a)
{
	struct restart_block rb = t->restart;

	t->restart.fn = NULL;
	return rb.fn ? rb.fn(t, &rb) : -EINTR;
}

long sys_sigaltstack(struct task *t, const struct sysargs *a)
{
	struct uptr uss = UPTR(a->a[0]), uoss = UPTR(a->a[1]);
	struct linux_stack ss, old = t->altstack;
	u64 sp = t->regs.rsp;
	bool on = old.ss_size && sp > old.ss_sp && sp - old.ss_sp <= old.ss_size;

	if (!old.ss_size)
		old.ss_flags = SS_DISABLE;
	else
		old.ss_flags = (old.ss_flags & (int)0x80000000) | (on ? SS_ONSTACK : 0);
	if (!uptr_null(uss)) {
		if (copy_from_user(t, &ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on)
			return -EPERM;	/* no change while running on it */
		int mode = ss.ss_flags & ~(int)0x80000000;	/* SS_AUTODISARM */

		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			ss.ss_sp = 0;
			ss.ss_size = 0;
		} else if (ss.ss_size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		ss.ss_flags &= (int)0x80000000;
	}
	if (!uptr_null(uoss) && copy_to_user(t, uoss, &old, sizeof(old)))
		return -EFAULT;
	if (!uptr_null(uss))
		t->altstack = ss;
	return 0;
}

void sigpipe_current(void)
{
	struct linux_siginfo si;
	struct task *t = current;

	if (!t)
		return;
	siginfo_user(&si, SIGPIPE, SI_USER, t);
	send_signal(t->proc, t, SIGPIPE, &si);
}

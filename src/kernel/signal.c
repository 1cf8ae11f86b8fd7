// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signal state and default actions: rt_sigaction, rt_sigprocmask,
 * sigaltstack, kill, tkill, tgkill.
 */
#include "kernel.h"
#include "signal.h"
#include "syscall.h"

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

void force_signal(struct task *t, int sig, int code, u64 addr)
{
	struct linux_sigaction *sa = &t->proc->sigaction[sig - 1];

	if (sa->handler != SIG_DFL && sa->handler != SIG_IGN)
		pr_once(LOG_NOTICE, "pid %d has a handler for %s; handlers do not run yet",
			task_pid(t), signal_name(sig) ?: "a signal");
	pr_info("pid %d (%s): %s at %#llx (code %d), killed", task_pid(t),
		t->proc->comm, signal_name(sig) ?: "a signal", (unsigned long long)addr, code);
	process_exit(t, sig);
}

/* A signal sent to process p by kill/tkill/tgkill: carry out the default
 * action, or ignore it.  Handlers cannot run yet. */
static long send_to(struct task *t, struct process *p, int sig)
{
	struct linux_sigaction *sa;

	if (!sig)
		return 0;
	sa = &p->sigaction[sig - 1];
	if (sig != SIGKILL && sig != SIGSTOP) {
		if (sa->handler == SIG_IGN)
			return 0;
		if (sa->handler != SIG_DFL) {
			pr_once(LOG_NOTICE, "kill: %s has a handler in pid %d; handlers do not run yet",
				signal_name(sig) ?: "a signal", p->pid);
			return -ENOSYS;
		}
	}
	switch (sig_default_action(sig)) {
	case SIGACT_IGNORE:
	case SIGACT_CONT:
		return 0;
	case SIGACT_STOP:
		pr_once(LOG_NOTICE, "kill: stopping processes is not implemented yet");
		return -ENOSYS;
	default:
		if (!p->threads)
			return 0;	/* already gone */
		process_exit(p->threads, sig);
		return 0;
	}
}

static bool valid_sig(int sig)
{
	return sig >= 0 && sig <= NSIG;
}

long sys_kill(struct task *t, const struct sysargs *a)
{
	int pid = (int)a->a[0], sig = (int)a->a[1];
	struct process *p;

	if (!valid_sig(sig))
		return -EINVAL;
	if (pid == 0 || pid == -1 || pid == -t->proc->pgid)
		p = t->proc;	/* the only process, for now */
	else
		p = process_find(pid < 0 ? -pid : pid);
	if (!p || p->exit_done)
		return -ESRCH;
	return send_to(t, p, sig);
}

long sys_tgkill(struct task *t, const struct sysargs *a)
{
	int tgid = (int)a->a[0], tid = (int)a->a[1], sig = (int)a->a[2];
	struct task *target = task_find(tid);

	if (!valid_sig(sig) || tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (!target || target->proc->pid != tgid)
		return -ESRCH;
	return send_to(t, target->proc, sig);
}

long sys_tkill(struct task *t, const struct sysargs *a)
{
	int tid = (int)a->a[0], sig = (int)a->a[1];
	struct task *target = task_find(tid);

	if (!valid_sig(sig) || tid <= 0)
		return -EINVAL;
	if (!target)
		return -ESRCH;
	return send_to(t, target->proc, sig);
}

long sys_rt_sigaction(struct task *t, const struct sysargs *a)
{
	int sig = (int)a->a[0];
	struct uptr act = UPTR(a->a[1]), oact = UPTR(a->a[2]);
	struct linux_sigaction new, *cur;

	if (a->a[3] != sizeof(linux_sigset_t))
		return -EINVAL;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	cur = &t->proc->sigaction[sig - 1];
	if (!uptr_null(act)) {
		if (sig == SIGKILL || sig == SIGSTOP)
			return -EINVAL;
		if (copy_from_user(t, &new, act, sizeof(new)))
			return -EFAULT;
	}
	if (!uptr_null(oact) && copy_to_user(t, oact, cur, sizeof(*cur)))
		return -EFAULT;
	if (!uptr_null(act)) {
		new.mask &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
		*cur = new;
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
		new &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
		switch (how) {
		case SIG_BLOCK:
			t->sigmask |= new;
			break;
		case SIG_UNBLOCK:
			t->sigmask &= ~new;
			break;
		case SIG_SETMASK:
			t->sigmask = new;
			break;
		default:
			return -EINVAL;
		}
	}
	if (!uptr_null(oset) && copy_to_user(t, oset, &old, sizeof(old))) {
		t->sigmask = old;
		return -EFAULT;
	}
	return 0;
}

long sys_sigaltstack(struct task *t, const struct sysargs *a)
{
	struct uptr uss = UPTR(a->a[0]), uoss = UPTR(a->a[1]);
	struct linux_stack ss, old = t->altstack;

	if (!old.ss_size)
		old.ss_flags = SS_DISABLE;
	if (!uptr_null(uss)) {
		if (copy_from_user(t, &ss, uss, sizeof(ss)))
			return -EFAULT;
		if (ss.ss_flags & ~(SS_DISABLE | SS_ONSTACK | (int)0x80000000))
			return -EINVAL;
		if (ss.ss_flags & SS_DISABLE) {
			ss.ss_sp = 0;
			ss.ss_size = 0;
		} else if (ss.ss_size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		ss.ss_flags &= (int)0x80000000;	/* SS_AUTODISARM */
	}
	if (!uptr_null(uoss) && copy_to_user(t, uoss, &old, sizeof(old)))
		return -EFAULT;
	if (!uptr_null(uss))
		t->altstack = ss;
	return 0;
}

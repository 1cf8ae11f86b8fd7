// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * New tasks: clone, clone3, fork, vfork.
 *
 * A new thread (CLONE_THREAD) joins the caller's process: a new host
 * thread in the same stub.  A new process shares or copies each part of
 * the caller as the flags say: memory (CLONE_VM shares the stub; else a
 * copy-on-write copy in a new stub), files, fs context, signal actions.
 * The child starts with the caller's registers, rax 0, and its own stack
 * and TLS if given.  CLONE_VFORK keeps the caller asleep until the child
 * calls execve or ends.
 */
#include "kernel.h"
#include "mm.h"
#include "signal.h"
#include "syscall.h"
#include "task.h"
#include "timer.h"
#include "vfs/vfs.h"

#define CSIGNAL			0x000000ff
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWUTS		0x04000000
#define CLONE_NEWIPC		0x08000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_NEWNET		0x40000000
#define CLONE_IO		0x80000000ULL
#define CLONE_CLEAR_SIGHAND	0x100000000ULL
#define CLONE_INTO_CGROUP	0x200000000ULL
#define CLONE_NEWNS_ALL		(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
				 CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

struct clone_args {
	u64 flags;
	u64 pidfd;
	u64 child_tid;
	u64 parent_tid;
	u64 exit_signal;
	u64 stack;
	u64 stack_size;
	u64 tls;
	u64 set_tid;
	u64 set_tid_size;
	u64 cgroup;
};

#define CLONE_ARGS_SIZE_VER0	64
#define CLONE_ARGS_SIZE_VER2	88


/* A new process for t's clone: everything but memory and threads. */
static struct process *new_process(struct task *t, u64 flags, int pid, int exit_signal)
{
	struct process *parent = (flags & CLONE_PARENT) ? t->proc->parent : t->proc;
	struct process *old = t->proc, *p = process_alloc(pid);

	if (!p)
		return NULL;
	p->pgid = old->pgid;
	p->sid = old->sid;
	p->cred = old->cred;
	memcpy(p->rlim, old->rlim, sizeof(p->rlim));
	memcpy(p->comm, old->comm, sizeof(p->comm));
	p->dumpable = old->dumpable;
	p->no_new_privs = old->no_new_privs;
	p->nice = old->nice;
	p->exit_signal = exit_signal;
	p->exe = old->exe ? file_get(old->exe) : NULL;
	p->sighand = (flags & CLONE_SIGHAND) ? old->sighand : sighand_copy(old->sighand);
	if (flags & CLONE_SIGHAND)
		old->sighand->refs++;
	p->fs = (flags & CLONE_FS) ? fs_get(old->fs) : fs_dup(old->fs);
	p->files = (flags & CLONE_FILES) ? fdtable_get(old->files) : fdtable_dup(old->files);
	if (flags & CLONE_CLEAR_SIGHAND && p->sighand) {
		for (int i = 0; i < NSIG; i++)
			if (p->sighand->action[i].handler != SIG_IGN)
				p->sighand->action[i] = (struct linux_sigaction){ 0 };
	}
	timers_fork(p);
	if (parent)
		process_adopt(parent, p);
	return p;
}

/* Undo new_process for a child that never ran: nobody hears of it. */
static void drop_process(struct process *p)
{
	process_drop_files(p);
	if (p->mm)
		mm_put(p->mm);
	sighand_put(p->sighand);
	process_disown(p);
	process_reap(p);
}

static long do_clone(struct task *t, const struct clone_args *ca)
{
	u64 flags = ca->flags;
	struct process *p = t->proc;
	struct mm *mm = NULL;
	struct plat_ctx *ctx = NULL;
	struct task *child;
	int tid, ret;

	/* the flag combinations Linux refuses */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_FS) && (flags & CLONE_NEWNS))
		return -EINVAL;
	if ((flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_PARENT) && p->pid == 1)
		return -EINVAL;
	if (flags & (CLONE_NEWNS_ALL | CLONE_INTO_CGROUP)) {
		pr_once(LOG_INFO, "clone: namespaces and cgroups are not implemented");
		return -EINVAL;
	}
	if (flags & CLONE_PIDFD) {
		pr_once(LOG_INFO, "clone: CLONE_PIDFD needs pidfds, which umk has not yet");
		return -EINVAL;
	}
	if (ca->exit_signal > NSIG)
		return -EINVAL;

	ret = task_may_clone(t);
	if (ret)
		return ret;
	tid = pid_alloc();
	if (tid < 0)
		return tid;

	if (flags & CLONE_THREAD) {
		child = task_alloc(p, tid);
		if (!child)
			return -ENOMEM;
		ret = plat_ctx_new(p->mm->as, &ctx);
		if (ret)
			goto out_task;
	} else {
		struct process *np = new_process(t, flags, tid, (int)ca->exit_signal);

		if (!np)
			return -ENOMEM;
		if (!np->sighand || !np->fs || !np->files) {
			drop_process(np);
			return -ENOMEM;
		}
		if (flags & CLONE_VM) {
			mm = p->mm;
			mm_get(mm);
		} else {
			ret = mm_fork(p->mm, &mm);
			if (ret) {
				drop_process(np);
				return ret;
			}
		}
		np->mm = mm;
		child = task_alloc(np, tid);
		if (!child) {
			drop_process(np);
			return -ENOMEM;
		}
		if ((flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK))
			ret = ctx_lend(t, child);	/* sets child->ctx */
		else
			ret = plat_ctx_new(mm->as, &ctx);
		if (ret)
			goto out_task;
	}

	if (!child->ctx_lender)
		child->ctx = ctx;
	child->regs = t->regs;
	child->regs.rax = 0;
	child->regs.rcx = t->regs.rip;	/* as sysret leaves them */
	child->regs.r11 = t->regs.eflags;
	if (ca->stack)
		child->regs.rsp = ca->stack + ca->stack_size;
	if (flags & CLONE_SETTLS)
		child->regs.fs_base = ca->tls;
	child->sigmask = t->sigmask;
	if (!(flags & CLONE_VM) || (flags & CLONE_VFORK))
		child->altstack = t->altstack;
	if (flags & CLONE_CHILD_CLEARTID)
		child->clear_child_tid = ca->child_tid;
	if ((flags & CLONE_PARENT_SETTID) &&
	    copy_to_user(t, UPTR(ca->parent_tid), &tid, sizeof(tid))) {
		ret = -EFAULT;
		goto out_ctx;
	}
	if ((flags & CLONE_CHILD_SETTID) &&
	    mm_copy_to(child->proc->mm, UPTR(ca->child_tid), &tid, sizeof(tid))) {
		ret = -EFAULT;
		goto out_ctx;
	}
	if (flags & CLONE_VFORK) {
		child->vfork_parent = t;
		t->vfork_done = 0;
	}
	trace_event(t, "clone: %s %d", (flags & CLONE_THREAD) ? "thread" : "process", tid);
	task_start(child);

	if (flags & CLONE_VFORK) {
		/* until the child execs or ends (a fatal signal ends it too) */
		while (!t->vfork_done && !p->exiting)
			kernel_sleep(CLOCK_MONOTONIC, -1, 0);
		if (!t->vfork_done)
			child->vfork_parent = NULL;
	}
	return tid;

out_ctx:
	if (child->ctx_lender)
		ctx_return(child);
	else
		plat_ctx_destroy(ctx);
	child->ctx = NULL;
out_task:
	{
		struct process *cp = child->proc;

		task_discard(child);
		if (cp != p)
			drop_process(cp);
	}
	return ret;
}

long sys_clone(struct task *t, const struct sysargs *a)
{
	/* x86-64: flags, stack, parent_tid, child_tid, tls */
	struct clone_args ca = {
		.flags = a->a[0] & ~(u64)CSIGNAL & 0xffffffffULL,
		.exit_signal = a->a[0] & CSIGNAL,
		.stack = a->a[1],
		.parent_tid = a->a[2],
		.child_tid = a->a[3],
		.tls = a->a[4],
	};

	return do_clone(t, &ca);
}

long sys_fork(struct task *t, const struct sysargs *a)
{
	struct clone_args ca = { .exit_signal = SIGCHLD };

	return do_clone(t, &ca);
}

long sys_vfork(struct task *t, const struct sysargs *a)
{
	struct clone_args ca = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };

	return do_clone(t, &ca);
}

long sys_clone3(struct task *t, const struct sysargs *a)
{
	struct clone_args ca = { 0 };
	u64 size = a->a[1];
	u8 tail[64];

	if (size < CLONE_ARGS_SIZE_VER0 || size > PAGE_SIZE)
		return -EINVAL;
	if (copy_from_user(t, &ca, UPTR(a->a[0]), MIN(size, sizeof(ca))))
		return -EFAULT;
	/* a bigger struct from a newer libc: its extra fields must be 0 */
	for (u64 off = sizeof(ca); off < size; off += sizeof(tail)) {
		size_t n = MIN(sizeof(tail), size - off);

		if (copy_from_user(t, tail, UPTR(a->a[0] + off), n))
			return -EFAULT;
		for (size_t i = 0; i < n; i++)
			if (tail[i])
				return -E2BIG;
	}
	if (ca.flags & CSIGNAL)
		return -EINVAL;	/* the signal goes in exit_signal */
	if (!!ca.stack != !!ca.stack_size)
		return -EINVAL;
	if (ca.set_tid || ca.set_tid_size) {
		pr_once(LOG_INFO, "clone3: set_tid is not implemented");
		return -EINVAL;
	}
	return do_clone(t, &ca);
}

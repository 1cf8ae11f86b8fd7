// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tasks: the pid table, the task loop and the end of tasks and processes.
 *
 * Each guest thread has a umk task thread running task_main(): it resumes
 * the guest through the platform, and handles the event the guest comes
 * back with (a syscall, a page fault, a fault signal, a kick) under the big
 * kernel lock, which it drops only while the guest runs.
 */
#include "kernel.h"
#include "task.h"
#include "mm.h"
#include "signal.h"
#include "vfs/vfs.h"

#define PID_MAX 32768

static struct process *procs[PID_MAX];
static struct task *tasks[PID_MAX];
static int last_pid;
static int nprocs;

int pid_alloc(void)
{
	for (int i = 1; i < PID_MAX; i++) {
		int pid = (last_pid + i) % PID_MAX;

		if (pid && !procs[pid] && !tasks[pid]) {
			last_pid = pid;
			return pid;
		}
	}
	return -EAGAIN;
}

struct process *process_find(int pid)
{
	return pid > 0 && pid < PID_MAX ? procs[pid] : NULL;
}

struct task *task_find(int tid)
{
	return tid > 0 && tid < PID_MAX ? tasks[tid] : NULL;
}

struct process *process_next(struct process *prev)
{
	for (int pid = prev ? prev->pid + 1 : 1; pid < PID_MAX; pid++)
		if (procs[pid])
			return procs[pid];
	return NULL;
}

int process_count(void)
{
	return nprocs;
}

/* Default resource limits of the first process (like a Linux login). */
static const struct linux_rlimit default_rlim[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_FSIZE] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_DATA] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_STACK] = { 8UL << 20, RLIM_INFINITY },
	[RLIMIT_CORE] = { 0, RLIM_INFINITY },
	[RLIMIT_RSS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_NPROC] = { 4096, 4096 },
	[RLIMIT_NOFILE] = { FD_MAX_DEFAULT, 1048576 },
	[RLIMIT_MEMLOCK] = { 8UL << 20, 8UL << 20 },
	[RLIMIT_AS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_LOCKS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_SIGPENDING] = { 4096, 4096 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { RLIM_INFINITY, RLIM_INFINITY },
};

struct process *process_alloc_init(void)
{
	struct process *p = kzalloc(sizeof(*p));
	int pid = pid_alloc();

	if (!p || pid < 0) {
		kfree(p);
		return NULL;
	}
	p->pid = p->pgid = p->sid = pid;
	p->dumpable = true;
	memcpy(p->rlim, default_rlim, sizeof(p->rlim));
	p->start_ns = host_monotonic_ns();
	procs[pid] = p;
	nprocs++;
	return p;
}

struct task *task_alloc(struct process *p, int tid)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->tid = tid;
	t->proc = p;
	t->next_thread = p->threads;
	p->threads = t;
	p->nthreads++;
	tasks[tid] = t;
	sbuf_init(&t->trace);
	return t;
}

/* ---- the task loop ---- */

static void handle_fault(struct task *t, const struct plat_event *ev)
{
	int ret;

	if (ev->signo == SIGBUS) {
		/* the host's verdict: a directly mapped file page past its end */
		force_signal(t, SIGBUS, ev->code, ev->addr);
		return;
	}
	if (ev->trapno != 14) {
		/* A general protection fault and the like: no page to map. */
		force_signal(t, SIGSEGV, SI_KERNEL, 0);
		return;
	}
	ret = mm_fault(t->proc->mm, ev->addr, ev->err);
	pr_debug("pid %d: fault at %#llx err %#llx rip %#llx: %d", task_pid(t),
		 (unsigned long long)ev->addr, (unsigned long long)ev->err,
		 (unsigned long long)t->regs.rip, ret);
	if (ret == 0) {
		/* The same fault again and again, with nothing in between,
		 * means umk cannot resolve it. */
		if (ev->addr != t->last_fault)
			t->fault_repeats = 0;
		if (++t->fault_repeats > 16) {
			pr_warn("pid %d: fault at %#llx does not resolve", task_pid(t),
				(unsigned long long)ev->addr);
			force_signal(t, SIGSEGV, SEGV_MAPERR, ev->addr);
		}
		t->last_fault = ev->addr;
		return;
	}
	t->fault_repeats = 0;
	if (ret == -EIO)
		force_signal(t, SIGBUS, BUS_ADRERR, ev->addr);
	else if (ret == -ENOMEM)
		force_signal(t, SIGKILL, SI_KERNEL, 0);	/* out of memory */
	else
		force_signal(t, SIGSEGV, ret == -EACCES ? SEGV_ACCERR : SEGV_MAPERR,
			     ev->addr);
}

static void task_main(void *arg)
{
	struct task *t = arg;
	struct plat_event ev;

	host_kernel_lock();
	while (!t->exiting) {
		unsigned flags = t->run_flags;

		t->run_flags = 0;
		host_kernel_unlock();
		plat_ctx_run(t->ctx, &t->regs, flags, &ev);
		host_kernel_lock();
		if (t->exiting)
			break;
		switch (ev.kind) {
		case PLAT_EV_SYSCALL:
			t->fault_repeats = 0;
			if (ev.arch != 0xc000003e) {
				/* int 0x80 from 64-bit code: the i386 table */
				t->regs.rax = -ENOSYS;
				break;
			}
			syscall_enter(t);
			break;
		case PLAT_EV_FAULT:
			handle_fault(t, &ev);
			break;
		case PLAT_EV_SIGNAL:
			force_signal(t, ev.signo, ev.code, ev.addr);
			break;
		case PLAT_EV_KICK:
			break;
		case PLAT_EV_DEAD:
			/* The host process is gone (killed from outside, or
			 * its stub failed): the guest dies with SIGKILL. */
			process_exit(t, SIGKILL);
			break;
		}
	}
	task_release(t);
	host_kernel_unlock();
}

void task_start(struct task *t)
{
	if (host_thread_start(task_main, t) < 0)
		kpanic("cannot start a task thread");
}

/* ---- the end ---- */

/* The process's last thread is gone: release what it held. */
static void process_release(struct process *p)
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
	if (p->mm) {
		mm_put(p->mm);
		p->mm = NULL;
	}
	/* A zombie until reaped: the pid stays taken. */
	__atomic_store_n(&p->exit_done, 1, __ATOMIC_RELEASE);
	host_futex_wake(&p->exit_done, 1 << 30);
}

void task_release(struct task *t)
{
	struct process *p = t->proc;

	if (t->ctx) {
		plat_ctx_destroy(t->ctx);
		t->ctx = NULL;
	}
	for (struct task **pp = &p->threads; *pp; pp = &(*pp)->next_thread) {
		if (*pp == t) {
			*pp = t->next_thread;
			break;
		}
	}
	p->nthreads--;
	tasks[t->tid] = NULL;
	sbuf_free(&t->trace);
	if (!p->nthreads)
		process_release(p);
	kfree(t);
}

void task_exit(struct task *t, int code)
{
	t->exiting = true;
	t->exit_code = code;
}

void process_exit(struct task *t, int status)
{
	struct process *p = t->proc;

	if (!p->exiting) {
		p->exiting = true;
		p->wait_status = status;
	}
	for (struct task *o = p->threads; o; o = o->next_thread) {
		o->exiting = true;
		if (o != t && o->ctx)
			plat_ctx_kick(o->ctx);
	}
}

void process_reap(struct process *p)
{
	procs[p->pid] = NULL;
	nprocs--;
	kfree(p);
}
